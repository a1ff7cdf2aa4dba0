"""Per-channel send rates, shared by every worker, and the retry policy of the delivery worker.

Rates are messages per second per channel for the whole installation: all worker processes on
all machines together stay under them. They come from settings.NOTIFY_RATE_LIMITS (environment
variable, e.g. `sms=50;email=0`; default SMS 50/s, the rest unlimited); 0 means no limit of
ours. Set them from the provider contract: an SMS gateway caps throughput; an e-mail relay
answers 4xx "try later", which is retried.

The count lives where every worker sees it, in notify.ratelimit's counters: in Redis when
REDIS_URL is set (one INCR per send on a key per channel and window), otherwise in the database
(one `RateCounter` row per channel and window, taken by a single conditional upsert). Time is
cut into fixed windows of one second (longer for rates below one a second, so each window
allows at least one send); a send takes a place in the current window or waits for the next
one. So in any window at most `rate × window` sends start, whichever worker makes them. Windows
are numbered from the epoch, so the workers' clocks must agree (NTP), as for the leases.
"""

import math
import random
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings

from . import ratelimit


def configured_rates() -> dict[str, float | None]:
    """{channel: sends per second or None} from settings.NOTIFY_RATE_LIMITS."""
    rates: dict[str, float | None] = {"email": None, "sms": None, "push": None}
    for channel, rate in settings.NOTIFY_RATE_LIMITS.items():
        rates[channel] = float(rate) or None
    return rates


class SharedRateLimit:
    """At most `rate` sends per second for one channel across all workers.

    `take()` waits until the send may start. The backend (Redis or the database) is chosen
    from the settings when the limit is created.
    """

    def __init__(self, channel: str, rate: float | None, *, clock=time.time, sleep=None):
        self.channel = channel
        self.rate = rate or None
        self.window = max(1.0, 1.0 / rate) if rate else 1.0
        self.per_window = max(1, math.floor((rate or 0) * self.window))
        self.clock = clock
        self._sleep = sleep or time.sleep
        self.backend = None
        if self.rate is not None:
            self.backend = _SharedWindows()

    def take(self, stop: threading.Event | None = None) -> bool:
        """Wait for a place in a window; False if `stop` was set while waiting."""
        if self.rate is None:
            return True
        while True:
            now = self.clock()
            slot = int(now // self.window)
            if self.backend.acquire(self.channel, slot, self.per_window, self.window):
                return True
            # Full: wait for the next window (a little jitter, so the workers waiting for
            # it do not all ask at the same instant).
            wait = (slot + 1) * self.window - now + random.random() * 0.01
            if stop is not None:
                if stop.wait(wait):
                    return False
            else:
                self._sleep(wait)


class _SharedWindows:
    """The places of one channel's windows, in notify.ratelimit's counters (Redis or the
    database), so the workers on every machine count together."""

    def acquire(self, channel: str, slot: int, limit: int, window: float) -> bool:
        start = datetime.fromtimestamp(slot * window, tz=UTC)
        return ratelimit.take(f"send:{channel}", start, start + timedelta(seconds=window), limit)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off with jitter, a bounded number of attempts.

    With the defaults the waits are about 10 s, 20 s, 40 s … capped at 10 minutes; the eighth
    failed attempt (about 20 minutes after the first) fails the delivery.
    """

    max_attempts: int = 8
    base: timedelta = timedelta(seconds=10)
    cap: timedelta = timedelta(minutes=10)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed attempt: half fixed, half random."""
        full = min(self.cap, self.base * (2 ** max(0, attempts - 1)))
        return full / 2 + full / 2 * random.random()

"""Per-channel send rates and the retry policy of the delivery worker.

Rates are messages per second per worker process and channel (a token bucket in each worker);
None means no limit of ours. Set them from the provider contract: an SMS gateway caps
throughput, an e-mail relay answers 4xx "try later", which is retried. With several worker
processes the total rate is the sum of theirs.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta

RATE_LIMITS: dict[str, float | None] = {
    "email": None,
    "sms": 50.0,
    "push": None,
}


class TokenBucket:
    """At most `rate` sends per second on average, in bursts of at most `burst`."""

    def __init__(self, rate: float | None, burst: float | None = None):
        self.rate = rate or None
        self.burst = burst if burst is not None else max(1.0, (rate or 0) / 10)
        self.tokens = self.burst
        self.last = time.monotonic()

    def take(self) -> None:
        """Wait until a send is allowed, then use it up."""
        if self.rate is None:
            return
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            time.sleep((1 - self.tokens) / self.rate)
            self.last = time.monotonic()
            self.tokens = 1.0
        self.tokens -= 1


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

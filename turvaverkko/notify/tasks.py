"""Background tasks of notify. Alerting runs on its own queue, "alerts", so that long
analysis jobs on "default" never delay an alert."""

import time

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .limits import configured_rates
from .models import Channel
from .worker import ChannelWorker

# A follow-up due within this many seconds beyond the lease (another worker's lease running
# out) is not scheduled with run_after but passed along the queue: the task waits at most
# this long, then enqueues itself to run at once. So the follow-up never depends on one
# worker process (RQ runs delayed jobs only in the worker holding its scheduler lock, and
# another takes that role only at its maintenance run, 10 minutes later).
FOLLOW_UP_POLL_SECONDS = 1.0


@task(queue_name="alerts")
def deliver_pending(
    channel: str | None = None, batch_size: int = 100, rate_limits: dict | None = None
) -> dict:
    """Send the due deliveries of a channel (or of all channels) until none is left to
    claim, then schedule a follow-up for the next retry that is due. Returns counts.

    Safe to run any number of times side by side: each delivery is claimed by one worker,
    so an activation is split into several of these tasks (actions.queue_deliveries).
    `rate_limits` overrides settings.NOTIFY_RATE_LIMITS ({"sms": 0} for no limit).
    """
    rates = {**configured_rates(), **{k: v or None for k, v in (rate_limits or {}).items()}}
    lease = settings.NOTIFY_LEASE_SECONDS
    totals: dict[str, int] = {}
    for ch in [channel] if channel else list(Channel.values):
        worker = ChannelWorker(ch, batch_size=batch_size, rate=rates.get(ch), lease=lease)
        for name, n in worker.run(until="idle").items():
            totals[name] = totals.get(name, 0) + n
        follow_up_at = worker.next_due_at()
        if follow_up_at is not None:
            _follow_up(follow_up_at, lease, channel=ch, batch_size=batch_size, rates=rate_limits)
    return totals


def _follow_up(at, lease: float, *, channel: str, batch_size: int, rates: dict | None) -> None:
    """Run deliver_pending again at `at`.

    A retry far ahead waits in the backend (run_after; the scheduler's once-a-minute
    deliver_pending is the safety net). A follow-up due within the lease (another worker's
    claims running out: if it died, its rows are taken over then) goes along the queue in
    hops of at most FOLLOW_UP_POLL_SECONDS, so any worker of the alerts queue runs it on time
    and other alert tasks (escalation) are never held up longer than one hop. The database
    backend needs no hops: every db_worker runs the tasks whose run_after has come."""
    kwargs = {"channel": channel, "batch_size": batch_size, "rate_limits": rates}
    wait = (at - timezone.now()).total_seconds()
    if not _delayed_tasks_need_one_worker() or wait > lease + 2 * FOLLOW_UP_POLL_SECONDS:
        deliver_pending.using(run_after=at).enqueue(**kwargs)
        return
    time.sleep(min(max(wait, 0.0), FOLLOW_UP_POLL_SECONDS))
    deliver_pending.enqueue(**kwargs)


def _delayed_tasks_need_one_worker() -> bool:
    """True on RQ, where only the worker holding RQ's scheduler lock starts delayed jobs."""
    return type(deliver_pending.get_backend()).__module__.startswith("django_tasks_rq")

"""Background tasks of notify. Alerting runs on its own queue, "alerts", so that long
analysis jobs on "default" never delay an alert."""

from django_tasks import task

from .limits import configured_rates
from .models import Channel
from .worker import ChannelWorker


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
    totals: dict[str, int] = {}
    for ch in [channel] if channel else list(Channel.values):
        worker = ChannelWorker(ch, batch_size=batch_size, rate=rates.get(ch))
        for name, n in worker.run(until="idle").items():
            totals[name] = totals.get(name, 0) + n
        follow_up_at = worker.next_due_at()
        if follow_up_at is not None:
            deliver_pending.using(run_after=follow_up_at).enqueue(
                channel=ch, batch_size=batch_size, rate_limits=rate_limits
            )
    return totals

"""Is the alert path working? What the coordinator's dashboard warns about (issue 10 §7).

- the alert worker (the `alerts` queue: alerts, escalations, delivery retries) has not
  reported for ALERT_WORKER_STALE (its heartbeat task runs every minute, web/scheduler.py);
- a delivery has waited longer than DELIVERY_WAIT_LIMIT past its due time without a worker
  taking it (queued and due, or claimed by a worker whose lease ran out);
- a notify channel worker that has reported before (notify:sms, notify:email, notify:push)
  has been silent for ALERT_WORKER_STALE.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Min, Q
from django.utils import timezone

from turvaverkko.notify.models import Delivery

from .models import WorkerHeartbeat

ALERT_WORKER_STALE = timedelta(minutes=2)
DELIVERY_WAIT_LIMIT = timedelta(minutes=1)
ALERTS_QUEUE = "alerts"


@dataclass
class AlertPathStatus:
    now: datetime
    alert_worker_seen: datetime | None = None
    alert_worker_stale: bool = False
    waiting: int = 0
    oldest_due: datetime | None = None
    silent_channels: list[WorkerHeartbeat] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.alert_worker_stale or self.waiting or self.silent_channels)

    @property
    def alert_worker_minutes(self) -> int | None:
        if self.alert_worker_seen is None:
            return None
        return int((self.now - self.alert_worker_seen).total_seconds() // 60)

    @property
    def oldest_wait_minutes(self) -> int:
        if self.oldest_due is None:
            return 0
        return max(1, int((self.now - self.oldest_due).total_seconds() // 60))


def waiting_deliveries(now: datetime):
    """Deliveries due for longer than DELIVERY_WAIT_LIMIT that no live worker holds."""
    limit = now - DELIVERY_WAIT_LIMIT
    return Delivery.objects.filter(
        Q(state=Delivery.State.QUEUED, next_attempt_at__lt=limit)
        | Q(state=Delivery.State.SENDING, claimed_until__lt=limit)
    )


def status(now: datetime | None = None) -> AlertPathStatus:
    now = now or timezone.now()
    result = AlertPathStatus(now=now)
    beats = {b.queue: b for b in WorkerHeartbeat.objects.all()}
    alerts = beats.get(ALERTS_QUEUE)
    result.alert_worker_seen = alerts.last_seen if alerts else None
    result.alert_worker_stale = alerts is None or alerts.last_seen < now - ALERT_WORKER_STALE
    result.silent_channels = [
        b
        for q, b in sorted(beats.items())
        if q.startswith("notify:") and b.last_seen < now - ALERT_WORKER_STALE
    ]
    waiting = waiting_deliveries(now)
    result.waiting = waiting.count()
    if result.waiting:
        oldest = waiting.aggregate(
            queued=Min("next_attempt_at", filter=Q(state=Delivery.State.QUEUED)),
            sending=Min("claimed_until", filter=Q(state=Delivery.State.SENDING)),
        )
        result.oldest_due = min(t for t in oldest.values() if t is not None)
    return result

from django.utils import timezone
from django_tasks import task

from .models import WorkerHeartbeat


def record_heartbeat(queue: str, backend: str = "") -> str:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        queue=queue, defaults={"last_seen": now, "backend": backend}
    )
    return now.isoformat()


@task(queue_name="default")
def heartbeat(queue: str = "default", backend: str = "") -> str:
    """Record that a worker serving `queue` is alive; returns the time recorded."""
    return record_heartbeat(queue, backend)


@task(queue_name="alerts")
def heartbeat_alerts() -> str:
    """The same for the alerts queue (alerts, escalations, delivery retries): run by the
    worker of that queue, so a stopped alert worker shows on the coordinator's dashboard."""
    return record_heartbeat("alerts")

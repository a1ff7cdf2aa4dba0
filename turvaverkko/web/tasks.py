from django.utils import timezone
from django_tasks import task

from .models import WorkerHeartbeat


@task(queue_name="default")
def heartbeat(queue: str = "default", backend: str = "") -> str:
    """Record that a worker serving `queue` is alive; returns the time recorded."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        queue=queue, defaults={"last_seen": now, "backend": backend}
    )
    return now.isoformat()

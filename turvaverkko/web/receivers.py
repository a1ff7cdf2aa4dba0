"""web records the notify workers' signs of life as heartbeats (notify knows no web)."""

from django.dispatch import receiver

from turvaverkko.notify.signals import worker_alive


@receiver(worker_alive, dispatch_uid="web.worker_alive")
def on_worker_alive(sender, queue, **kwargs):
    from .tasks import record_heartbeat

    record_heartbeat(queue, backend="notify_worker")

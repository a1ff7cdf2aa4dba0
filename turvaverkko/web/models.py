from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Last sign of life of the task workers, per queue, so admins see a stopped worker.

    Alerting depends on the workers; the admin dashboard warns when a queue has not
    answered within a few minutes.
    """

    queue = models.CharField(_("queue"), max_length=50, primary_key=True)
    last_seen = models.DateTimeField(_("last seen"))
    backend = models.CharField(_("task backend"), max_length=100)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.queue} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class PeriodicRun(models.Model):
    """When the scheduler last enqueued a periodic task, so a restart does not repeat it."""

    task_path = models.CharField(max_length=200, primary_key=True)
    last_enqueued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self):
        return self.task_path


class SchedulerLock(models.Model):
    """The lease that lets exactly one of the schedulers (one per machine) enqueue periodic
    tasks. Its holder renews it while it runs; when the holder dies, the lease runs out
    and another machine's scheduler takes it (web/scheduler.py, hold_lock)."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("scheduler lock")
        verbose_name_plural = _("scheduler locks")

    def __str__(self):
        return f"{self.name}: {self.holder}"

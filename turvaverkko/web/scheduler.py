"""Enqueue periodic tasks at their intervals.

django-tasks has no scheduler of its own. `manage.py scheduler` runs `tick()` in a loop;
run it on every machine: only the holder of the lease in the database (`hold_lock`, the
SchedulerLock row) ticks, and when it dies another takes over once its lease runs out.
Cron may call `manage.py scheduler --once` instead. Every task here is idempotent, so an
extra run is harmless, and the last run is stored so a restart does not repeat the work.
"""

import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicRun, SchedulerLock

LOCK_NAME = "scheduler"

# (task import path, interval)
SCHEDULE: list[tuple[str, timedelta]] = [
    ("turvaverkko.web.tasks.heartbeat", timedelta(minutes=1)),
    # The alert worker's sign of life: the dashboard warns after 2 minutes without (alertpath).
    ("turvaverkko.web.tasks.heartbeat_alerts", timedelta(minutes=1)),
    ("turvaverkko.volunteers.housekeeping.volunteer_housekeeping", timedelta(days=1)),
    ("turvaverkko.registry.tasks.send_confirmation_reminders", timedelta(days=1)),
    ("turvaverkko.preparedness.tasks.send_agreement_reminders", timedelta(days=1)),
    # Partnership tables: term ends (60 days), overdue actions, nominees' report-back.
    ("turvaverkko.partnership.tasks.send_partnership_reminders", timedelta(days=1)),
    ("turvaverkko.knowledge.tasks.send_review_reminders", timedelta(days=1)),
    # A safety net: deliveries are normally enqueued on commit; this picks up retries and
    # anything a dead worker left behind.
    ("turvaverkko.notify.tasks.deliver_pending", timedelta(minutes=1)),
    # Alerts the next deputy when a contact has not replied within the activation's time.
    ("turvaverkko.incidents.tasks.escalate_due", timedelta(minutes=1)),
    # FMI's CAP weather warnings (standards.md §3.3: every 5-10 minutes); off without
    # FMI_CAP_FEED_URL.
    ("turvaverkko.cap.tasks.fetch_cap_feed", timedelta(minutes=5)),
    # PTV (docs/directory.md, DVV's advice): changed records daily, a full read weekly; off
    # without PTV_READ_URL.
    ("turvaverkko.directory.ptv.tasks.read_ptv_changes", timedelta(days=1)),
    ("turvaverkko.directory.ptv.tasks.read_ptv_full", timedelta(days=7)),
    # Pseudonymises SMS replies and delivery records INCIDENT_PERSONAL_DATA_DAYS after an
    # incident closed (docs/volunteers.md).
    ("turvaverkko.incidents.privacy.expire_incident_personal_data", timedelta(days=1)),
    # Outreach: appointment reminders 24 h ahead; bookings deleted 30 days after the visit.
    ("turvaverkko.outreach.tasks.send_booking_reminders", timedelta(minutes=15)),
    ("turvaverkko.outreach.tasks.outreach_housekeeping", timedelta(days=1)),
]


def due(now=None) -> list[str]:
    now = now or timezone.now()
    last = dict(PeriodicRun.objects.values_list("task_path", "last_enqueued_at"))
    return [path for path, every in SCHEDULE if path not in last or now - last[path] >= every]


def tick(now=None) -> list[str]:
    """Enqueue every task that is due; returns their paths (none on a staging copy)."""
    if getattr(settings, "STAGING_COPY", False):
        # A restored copy must not remind, escalate or send anything to real people.
        return []
    now = now or timezone.now()
    enqueued = []
    for path in due(now):
        task = import_string(path)
        with transaction.atomic():
            PeriodicRun.objects.update_or_create(task_path=path, defaults={"last_enqueued_at": now})
            transaction.on_commit(task.enqueue)
        enqueued.append(path)
    return enqueued


def new_holder_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def hold_lock(holder: str, lease: timedelta, now=None) -> bool:
    """Take or renew the scheduler's lease; True while `holder` holds it.

    One conditional UPDATE (the holder renews, anyone takes an expired lease), so two
    schedulers never both succeed; the first ever takes it by creating the row."""
    now = now or timezone.now()
    taken = (
        SchedulerLock.objects.filter(name=LOCK_NAME)
        .filter(models.Q(holder=holder) | models.Q(expires_at__lt=now))
        .update(holder=holder, expires_at=now + lease)
    )
    if taken:
        return True
    try:
        with transaction.atomic():
            SchedulerLock.objects.create(name=LOCK_NAME, holder=holder, expires_at=now + lease)
    except IntegrityError:
        return False
    return True


def release_lock(holder: str) -> None:
    SchedulerLock.objects.filter(name=LOCK_NAME, holder=holder).delete()

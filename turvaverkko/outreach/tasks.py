"""Periodic tasks of outreach (enqueued by web/scheduler.py at their intervals)."""

from django_tasks import task


@task()
def send_booking_reminders() -> int:
    """Remind booked residents of appointments in the next 24 hours (once each)."""
    from .actions import send_reminders

    return send_reminders()


@task()
def outreach_housekeeping() -> dict[str, int]:
    """Delete bookings 30 days after their visit; keep visits materialised 12 months ahead."""
    from .actions import materialise, purge_bookings
    from .models import VisitSeries

    created = sum(materialise(s).created for s in VisitSeries.objects.all())
    return {"deleted_bookings": purge_bookings(), "created_visits": created}

"""Periodic tasks of cap (enqueued by web/scheduler.py at their intervals)."""

from dataclasses import asdict

from django_tasks import task


@task()
def fetch_cap_feed() -> dict:
    """Read FMI's CAP warnings feed (FMI_CAP_FEED_URL) once; nothing when that is empty.

    A failed read is not a failed task: feed.py has logged it and recorded it on
    CapFeedState, where coordinators see it, and the next run in 5 minutes tries again.
    """
    from django.conf import settings

    from . import feed
    from .parsing import CapError

    if not settings.FMI_CAP_FEED_URL:
        return {"status": "off"}
    try:
        result = feed.read_feed()
    except CapError as exc:
        return {"status": "error", "error": str(exc)}
    if result.unchanged:
        return {"status": "unchanged"}
    return {"status": "read", "linked": result.linked, **asdict(result.imported)}

"""Periodic tasks of cap (enqueued by web/scheduler.py at their intervals)."""

from typing import Literal, Required, TypedDict

from django_tasks import task


class FetchOutcome(TypedDict, total=False):
    """The return value of fetch_cap_feed, kept with the task result."""

    status: Required[Literal["off", "error", "unchanged", "read"]]
    error: str  # "error": what failed
    # "read": linked alert documents fetched, and the counts of actions.ImportResult
    linked: int
    created: int
    skipped: int
    superseded: int
    cancelled: int


@task()
def fetch_cap_feed() -> FetchOutcome:
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
    imported = result.imported
    return {
        "status": "read",
        "linked": result.linked,
        "created": imported.created,
        "skipped": imported.skipped,
        "superseded": imported.superseded,
        "cancelled": imported.cancelled,
    }

"""Dashboard section: the outreach programmes this user runs, with their reach and run sheet."""

from typing import Any

from django.http import HttpRequest

from .models import Programme
from .rules import may_add_programmes


def section(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    user = request.user
    if not may_add_programmes(user):
        return None
    runs = [p for p in Programme.objects.prefetch_related("municipalities")
            if user.has_perm("outreach.change_programme", p)]  # fmt: skip
    return ("outreach/dashboard_section.html", {"programmes": runs})


# Visits held this long ago or less, still without a tally, make the card.
TALLY_DAYS = 14


def cards(request: HttpRequest) -> list[dict[str, Any]]:
    """Visits held in the last two weeks with no contact tally yet, in the programmes this
    user runs: reach per stop is only as good as the tallies (the link opens the oldest)."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Tally, Visit

    user = request.user
    if not may_add_programmes(user):
        return []
    runs = [p.pk for p in Programme.objects.all() if user.has_perm("outreach.change_programme", p)]
    if not runs:
        return []
    now = timezone.now()
    missing = (
        Visit.objects.filter(
            series__programme__in=runs,
            status=Visit.Status.SCHEDULED,
            ends_at__lt=now,
            ends_at__gte=now - timedelta(days=TALLY_DAYS),
        )
        .exclude(Exists(Tally.objects.filter(visit=OuterRef("pk"))))
        .order_by("starts_at")
    )
    count = missing.count()
    if not count:
        return []
    first = missing.first()
    assert first is not None
    return [
        {
            "key": "visits-without-tallies",
            "title": _("Visits without a tally"),
            "count": count,
            "detail": _("held in the last two weeks"),
            "url": reverse("outreach:visit_tally", args=[first.pk]),
            "link": _("Record the contacts"),
            "tone": "",
            "order": 80,
        }
    ]

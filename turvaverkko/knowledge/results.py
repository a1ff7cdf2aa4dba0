"""Results from the indicator registry, and the pre-filled STEA annual results report."""

import contextlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from turvaverkko.core import indicators

from .models import Project


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def indicator_rows(codes: list[str], year: int) -> list[dict[str, Any]]:
    """Every registered indicator for these municipalities and year, where it has a value."""
    start, end = _year_bounds(year)
    rows: list[dict[str, Any]] = []
    for definition in indicators.registered():
        value = definition.compute(codes or None, start, end)
        if value is None:
            continue
        rows.append({"id": definition.id, "label": definition.label,
                     "source": definition.source, "value": value})  # fmt: skip
    return rows


# STEA's results report asks per grant for participants, volunteers and essential partners.
# Participants: people met, counted where Turvaverkko counts them (outreach contact tallies),
# and only where that work happened (visits held); otherwise "not recorded", never a zero.
PARTICIPANTS = (("outreach.visits", "outreach.contacts"),)


def stea_report(project: Project, year: int) -> dict[str, Any]:
    """The figures Turvaverkko holds for one grant's year, for the March report; None where
    Turvaverkko holds no data (the form then says so, never a made-up zero)."""
    codes = list(project.municipalities.values_list("code", flat=True))
    start, end = _year_bounds(year)
    participants: int | float | None = None
    for activity, people in PARTICIPANTS:
        if not codes:
            break
        with contextlib.suppress(LookupError):  # the app that counts them may not be installed
            if indicators.value(activity, codes, start, end):
                participants = (participants or 0) + (
                    indicators.value(people, codes, start, end) or 0
                )
    volunteers: int | float | None = None
    if codes:
        with contextlib.suppress(LookupError):  # the volunteers app registers it
            volunteers = indicators.value("network.volunteers", codes, start, end)
    parties = list(project.parties.select_related("organization"))
    return {
        "project": project,
        "year": year,
        "participants": participants,
        "volunteers": volunteers,
        "partners": parties,
        "partners_count": len(parties),
        "indicators": indicator_rows(codes, year) if codes else [],
    }

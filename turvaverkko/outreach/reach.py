"""Reach per stop and per programme: contacts per visit-hour, booking fill rate, no-shows,
a 12-month trend, and the stops to flag "change mode" (domain-needs §(c): after 18 months the
bus's pop-up advice was not how families wanted help; the figures must show it early)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count

from . import timetable
from .models import HELSINKI, Booking, Programme, Tally, Visit, VisitSeries

SUPPRESS_BELOW = 5  # public figures: a count under 5 is shown as "under 5"


@dataclass
class StopReach:
    series: VisitSeries
    visits: int = 0
    hours: float = 0.0
    contacts: int = 0
    slots: int = 0
    booked: int = 0
    no_shows: int = 0
    by_month: dict[str, int] = field(default_factory=dict)
    flagged: bool = False

    @property
    def per_hour(self) -> float | None:
        return self.contacts / self.hours if self.hours else None

    @property
    def fill_rate(self) -> float | None:
        return self.booked / self.slots if self.slots else None


def public_count(n: int) -> str:
    """A count for public pages: small counts could identify a family at a village stop."""
    return str(n) if n >= SUPPRESS_BELOW else f"<{SUPPRESS_BELOW}"


def months(end: datetime) -> list[str]:
    local = end.astimezone(HELSINKI)
    y, m = local.year, local.month
    out = []
    for _ in range(12):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def programme_reach(programme: Programme, now: datetime) -> list[StopReach]:
    """Reach of each series over the 12 months before `now` (held visits only)."""
    start = now - timedelta(days=365)
    result = []
    keys = months(now)
    for series in programme.series.select_related("site").order_by("site__name"):
        held = series.visits.filter(
            status=Visit.Status.SCHEDULED, ends_at__lte=now, starts_at__gte=start
        )
        r = StopReach(series, by_month=dict.fromkeys(keys, 0))
        for visit in held:
            r.visits += 1
            r.hours += visit.hours
            local_day = visit.starts_at.astimezone(HELSINKI).date()
            r.slots += len(timetable.slots(series, local_day))
        tallies = Tally.objects.filter(visit__in=held)
        r.contacts = tallies.count()
        per_month = Counter(
            t.visit.starts_at.astimezone(HELSINKI).strftime("%Y-%m")
            for t in tallies.select_related("visit")
        )
        for k, v in per_month.items():
            if k in r.by_month:
                r.by_month[k] = v
        status = dict(
            Booking.objects.filter(visit__in=held)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        r.booked = sum(v for k, v in status.items() if k != Booking.Status.CANCELLED)
        r.no_shows = status.get(Booking.Status.NO_SHOW, 0)
        per_hour = r.per_hour
        r.flagged = per_hour is not None and per_hour < programme.reach_threshold
        result.append(r)
    return result

"""Reach per stop and per programme: contacts per visit-hour, booking fill rate, no-shows,
a 12-month trend, and the stops to flag "change mode" (domain-needs §(c): after 18 months the
bus's pop-up advice was not how families wanted help; the figures must show it early)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet, Sum

from . import timetable
from .models import HELSINKI, Programme, Tally, Visit, VisitSeries

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

    @property
    def trend(self) -> list[tuple[date, int]]:
        """The contacts of each of the 12 months, oldest first, with the month's first day
        (the page names the month in the reader's language)."""
        return [(date(int(k[:4]), int(k[5:]), 1), n) for k, n in self.by_month.items()]


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
        # The visits' own counts: the bookings are deleted 30 days after the visit.
        counts = held.aggregate(booked=Sum("booked_count"), no_shows=Sum("no_show_count"))
        r.booked = counts["booked"] or 0
        r.no_shows = counts["no_shows"] or 0
        per_hour = r.per_hour
        r.flagged = per_hour is not None and per_hour < programme.reach_threshold
        result.append(r)
    return result


@dataclass
class PublicRow:
    """Public reach of one stop over 12 months: visits held, and contacts as a number or
    None ("fewer than 5")."""

    site_id: object
    name: str
    visits: int
    contacts: int | None


def public_reach(
    series: QuerySet[VisitSeries], now: datetime
) -> tuple[list[PublicRow], int | None]:
    """Visits held and contacts per stop over the 12 months before `now`, and the total of
    contacts. Counts of people under 5 are hidden; when only one stop is hidden and the total
    is shown, the next smallest is hidden too, so the total cannot give it away."""
    held = Visit.objects.filter(
        series__in=series, status=Visit.Status.SCHEDULED, ends_at__lte=now,
        starts_at__gte=now - timedelta(days=365),
    )  # fmt: skip
    visits = dict(
        held.values_list("series__site").annotate(n=Count("id")).values_list("series__site", "n")
    )
    contacts = dict(
        Tally.objects.filter(visit__in=held)
        .values_list("visit__series__site").annotate(n=Count("id"))
        .values_list("visit__series__site", "n")
    )  # fmt: skip
    names = dict(series.values_list("site", "site__name").distinct())
    counts = {site: contacts.get(site, 0) for site in names}
    total = sum(counts.values())
    hidden = {site for site, n in counts.items() if n < SUPPRESS_BELOW}
    shown_total = total if total >= SUPPRESS_BELOW else None
    if len(hidden) == 1 and shown_total is not None and len(counts) > 1:
        hidden.add(min(counts.keys() - hidden, key=lambda site: (counts[site], str(site))))
    rows = [
        PublicRow(site, names[site], visits.get(site, 0),
                  None if site in hidden else counts[site])
        for site in sorted(names, key=lambda k: names[k])
    ]  # fmt: skip
    return rows, shown_total

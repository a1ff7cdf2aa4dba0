"""Network statistics: growth over time, comparison across municipalities, funder indicators.

Scope: a set of municipality codes (None: all of Finland). Organisations count in every
municipality they operate in; volunteers in their home municipality. Aggregates only.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from turvaverkko.core import indicators
from turvaverkko.core.constants import HELSINKI

GROWTH_MONTHS = 24


def _organisations(codes):
    from turvaverkko.registry.models import Organization

    qs = Organization.objects.filter(is_active=True)
    if codes is not None:
        qs = qs.filter(municipalities__code__in=codes).distinct()
    return qs


def _volunteers(codes):
    from turvaverkko.volunteers.models import Volunteer

    qs = Volunteer.objects.filter(anonymised_at__isnull=True)
    if codes is not None:
        qs = qs.filter(home_municipality__code__in=codes)
    return qs


def _months(end: date, count: int) -> list[date]:
    months, year, month = [], end.year, end.month
    for _i in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


@dataclass
class MonthRow:
    month: date
    organisations_new: int
    organisations_total: int
    volunteers_new: int
    volunteers_total: int


def growth(codes, months: int = GROWTH_MONTHS, today: date | None = None) -> list[MonthRow]:
    """New and cumulative organisations and volunteers per calendar month (Helsinki time)."""
    today = today or timezone.localdate()
    buckets = _months(today, months)
    first = datetime(buckets[0].year, buckets[0].month, 1, tzinfo=HELSINKI)

    def per_month(qs):
        before = qs.filter(created_at__lt=first).count()
        counts: dict[date, int] = {}
        for created in qs.filter(created_at__gte=first).values_list("created_at", flat=True):
            local = created.astimezone(HELSINKI)
            key = date(local.year, local.month, 1)
            counts[key] = counts.get(key, 0) + 1
        return before, counts

    org_before, org_counts = per_month(_organisations(codes))
    vol_before, vol_counts = per_month(_volunteers(codes))
    rows, org_total, vol_total = [], org_before, vol_before
    for month in buckets:
        org_total += org_counts.get(month, 0)
        vol_total += vol_counts.get(month, 0)
        rows.append(MonthRow(month, org_counts.get(month, 0), org_total,
                             vol_counts.get(month, 0), vol_total))  # fmt: skip
    return rows


def residents_by_municipality() -> tuple[dict[str, int], str, bool]:
    """Residents per municipality code from the current population grid, else the register.

    Returns (residents, source, is_synthetic)."""
    from turvaverkko.areas.models import Municipality

    from .models import PopulationGrid
    from .population import municipality_code

    dataset = PopulationGrid.objects.current()
    if dataset is not None:
        grid = dataset.load()
        sums = np.bincount(grid.municipality, weights=grid.population, minlength=1000)
        residents = {municipality_code(c): int(sums[c]) for c in np.flatnonzero(sums)}
        return residents, f"{dataset.name} ({dataset.year})", dataset.is_synthetic
    residents = {
        code: population
        for code, population in Municipality.objects.values_list("code", "population")
        if population
    }
    return residents, _("municipality register"), False


def _count_by(qs, field: str) -> dict[str, int]:
    return {
        code: n
        for code, n in qs.values_list(field).annotate(n=Count("pk", distinct=True)).order_by()
        if code
    }


def comparison(codes) -> dict:
    """One row per municipality in scope that has anything registered or any residents.

    One grouped query per figure: joining organisations, places and volunteers in one query
    would multiply the rows of a large municipality."""
    from turvaverkko.areas.models import Municipality
    from turvaverkko.directory.models import Site
    from turvaverkko.registry.models import Organization

    year_ago = timezone.now() - timedelta(days=365)
    municipalities = Municipality.objects.order_by("name_fi")
    if codes is not None:
        municipalities = municipalities.filter(code__in=codes)
    organisations = _count_by(Organization.objects.filter(is_active=True), "municipalities__code")
    places = _count_by(
        Site.objects.filter(low_threshold=True, is_published=True).exclude(kind=Site.Kind.ONLINE),
        "municipality_id",
    )
    volunteers = _volunteers(None)
    registered = _count_by(volunteers, "home_municipality_id")
    active = _count_by(volunteers.filter(last_active_at__gte=year_ago), "home_municipality_id")
    residents, source, synthetic = residents_by_municipality()
    rows = []
    for m in municipalities:
        people = residents.get(m.code)
        row = {
            "code": m.code,
            "name": m.name,
            "residents": people,
            "organisations": organisations.get(m.code, 0),
            "meeting_places": places.get(m.code, 0),
            "volunteers": registered.get(m.code, 0),
            "active_volunteers": active.get(m.code, 0),
        }
        if not (row["organisations"] or row["volunteers"] or row["meeting_places"] or people):
            continue
        row["volunteers_per_1000"] = row["volunteers"] / people * 1000 if people else None
        row["organisations_per_1000"] = row["organisations"] / people * 1000 if people else None
        rows.append(row)
    return {"rows": rows, "population_source": source, "is_synthetic": synthetic}


def stea_indicators(codes, year: int | None = None) -> list[dict]:
    """What a STEA-funded project reports for a year (default: this one, so far): every figure
    registered in core.indicators, network ones as of the end of the period, and the
    municipalities the network reaches."""
    from turvaverkko.registry.models import Organization

    year = year or timezone.localdate().year
    start = datetime(year, 1, 1, tzinfo=HELSINKI)
    end = min(datetime(year + 1, 1, 1, tzinfo=HELSINKI), timezone.now())
    scope = None if codes is None else sorted(codes)
    rows = [
        {"id": d.id, "label": str(d.label), "value": d.compute(scope, start, end),
         "source": str(d.source)}
        for d in indicators.registered()
        if d.kind != "report"  # per-resident shares of one municipality (the welfare report)
    ]  # fmt: skip
    reached = Organization.municipalities.through.objects.filter(
        organization__in=_organisations(codes).filter(created_at__lt=end)
    )
    if codes is not None:
        reached = reached.filter(municipality__code__in=codes)
    rows.append({
        "id": "network.municipalities", "label": _("Municipalities with organisations"),
        "value": reached.values("municipality").distinct().count(),
        "source": _("Turvaverkko registry"),
    })  # fmt: skip
    return rows

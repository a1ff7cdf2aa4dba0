"""A visit series as HSDS 3.0 `service_at_location` documents with schedules.

The schedule rows come from the directory's one writer (directory/served_schedules.py, which
serves sites' opening hours too): one row per stretch between clock changes with the offset
in force in it, so a visit at 10.00 Helsinki time is right all year, with the recurrence's
RFC 5545 fields (freq, interval, byday). The dates the recurrence gives but no visit is held
(holidays, breaks, cancellations) are named in `notes`.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from turvaverkko.directory import recurrence as rec
from turvaverkko.directory import served_schedules as served

from .models import Visit, VisitSeries
from .timetable import MATERIALISE_DAYS, excluded_dates

NAMESPACE = uuid.UUID("9b7d3c2e-3a7e-4d55-9a53-0c8f0e8a6f21")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def schedules(series: VisitSeries, today: date, sal_id: str) -> list[dict[str, Any]]:
    recurrence = series.recurrence
    start = max(today, recurrence.starts_on)
    end = min(today + timedelta(days=MATERIALISE_DAYS), recurrence.ends_on or date.max)
    skipped = excluded_dates(series, start, end)
    cancelled = set(
        series.visits.filter(status=Visit.Status.CANCELLED, date__gte=start).values_list(
            "date", flat=True
        )
    )
    notes = ", ".join(
        f"{d:%d.%m.%Y}" + (f" ({skipped[d]})" if d in skipped else "")
        for d in sorted(set(skipped) | cancelled)
    )
    when = rec.describe(recurrence)  # in the request's language
    fields: dict[str, Any] = {
        "service_at_location_id": sal_id,
        "description": f"{series.programme.name}: {when}",
        "attending_type": "online" if series.remote_url else "in_person",
    }
    if notes:
        fields["notes"] = f"No visit on {notes}"
    return served.schedule_rows(
        recurrence,
        series.arrives_at,
        series.departs_at,
        start=start,
        end=end,
        row_id=lambda first: _id(series.pk, first),
        **fields,
    )


def service_at_locations(series: VisitSeries, today: date) -> list[dict[str, Any]]:
    site = series.site
    location = {
        "id": str(site.pk),
        "location_type": "physical",
        "name": site.name,
        "latitude": site.latitude,
        "longitude": site.longitude,
    }
    docs = []
    for service in series.services.select_related("organization"):
        sal_id = _id(series.pk, service.pk)
        docs.append({
            "id": sal_id,
            "service_id": str(service.pk),
            "location_id": str(site.pk),
            "description": series.programme.name,
            "service": {"id": str(service.pk), "name": service.name,
                        "status": service.status},
            "location": {k: v for k, v in location.items() if v is not None},
            "schedules": schedules(series, today, sal_id),
        })  # fmt: skip
    return docs

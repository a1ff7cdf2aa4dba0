"""A visit series as HSDS 3.0 `service_at_location` documents with schedules.

HSDS gives a schedule one UTC offset, and a visit is at 10.00 Helsinki time all year, so a
series is served as one schedule per stretch between clock changes (as the directory's
served opening hours are, api/hsds/served_hours.py), each with the recurrence's RFC 5545
fields (freq, interval, byday, byweekno) from the shared `directory.recurrence`. The dates the
recurrence gives but no visit is held (holidays, breaks) are named in `notes`.
"""

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from .models import HELSINKI, Visit, VisitSeries
from .timetable import MATERIALISE_DAYS, excluded_dates

NAMESPACE = uuid.UUID("9b7d3c2e-3a7e-4d55-9a53-0c8f0e8a6f21")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def _offset(day: date) -> timedelta:
    offset = datetime.combine(day, time(12), HELSINKI).utcoffset()
    assert offset is not None
    return offset


def stretches(start: date, end: date) -> list[tuple[date, date]]:
    """[first, last] day ranges between clock changes covering start..end."""
    out, first, day = [], start, start
    while day < end:
        nxt = day + timedelta(days=1)
        if _offset(nxt) != _offset(day):
            out.append((first, day))
            first = nxt
        day = nxt
    out.append((first, end))
    return out


def _clock(at: time, offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    return f"{at:%H:%M}:00+{minutes // 60:02d}:{minutes % 60:02d}"


def schedules(series: VisitSeries, today: date, sal_id: str) -> list[dict[str, Any]]:
    rec = series.recurrence
    start = max(today, rec.starts_on)
    end = min(today + timedelta(days=MATERIALISE_DAYS), rec.ends_on or date.max)
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
    rows = []
    for first, last in stretches(start, end):
        if not rec.dates(first, last):
            continue
        offset = _offset(first)
        row: dict[str, Any] = {
            "id": _id(series.pk, first),
            "service_at_location_id": sal_id,
            "valid_from": first.isoformat(),
            "valid_to": last.isoformat(),
            "timezone": offset.total_seconds() / 3600,
            "opens_at": _clock(series.arrives_at, offset),
            "closes_at": _clock(series.departs_at, offset),
            "description": f"{series.programme.name}: {series.get_pattern_display()}",
            "attending_type": "online" if series.remote_url else "in_person",
            **rec.hsds_fields(),
        }
        row["dtstart"] = (rec.first_date() or rec.starts_on).isoformat()
        if notes:
            row["notes"] = f"No visit on {notes}"
        rows.append(row)
    return rows


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

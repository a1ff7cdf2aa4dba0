"""iCalendar feeds and Schema.org eventSchedule of visit series (the writer is directory's)."""

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse

from turvaverkko.directory.calendar import HELSINKI, CalendarEvent, write_calendar

from . import timetable
from .models import Visit, VisitSeries

HORIZON_DAYS = timetable.MATERIALISE_DAYS


def _location(series: VisitSeries) -> str:
    site = series.site
    parts = [site.name, site.street_address, f"{site.postal_code} {site.city}".strip()]
    return ", ".join(p for p in parts if p)


def series_events(series: VisitSeries, start: datetime) -> list[CalendarEvent]:
    """One master event (RRULE + EXDATE of holidays and breaks) and one override per moved or
    cancelled visit. Even/odd-week series are one master per ISO year, every other week
    (`Recurrence.pieces`: dateutil-based clients misread BYWEEKNO early in January), each
    override under the master its date belongs to."""
    rec = series.recurrence
    first = rec.first_date()
    if first is None:
        return []
    base = f"outreach-series-{series.pk}"
    url = settings.SITE_URL + reverse("outreach:site", kwargs={"pk": series.site_id})
    horizon = start.date() + timedelta(days=HORIZON_DAYS)
    skip = sorted(timetable.excluded_dates(series, first, horizon))
    summary = series.programme.name
    common = {
        "location": series.remote_url or _location(series),
        "url": url,
        "geo": (series.site.latitude, series.site.longitude)
        if series.site.latitude is not None and series.site.longitude is not None
        else None,
    }
    events: list[CalendarEvent] = []
    masters = []  # (piece, its first date, its UID)
    pieces = rec.pieces(first, horizon)
    for piece in pieces:
        piece_first = piece.first_date()
        if piece_first is None:
            continue
        uid = base
        if len(pieces) > 1 or piece.pattern != rec.pattern:
            uid += f"-{piece_first.isocalendar().year}"
        uid += "@turvaverkko"
        until = None
        if piece.ends_on is not None:
            until = datetime.combine(piece.ends_on, time(23, 59, 59), HELSINKI).astimezone(UTC)
        starts, ends = timetable.visit_times(series, piece_first)
        events.append(
            CalendarEvent(
                uid=uid, summary=summary, starts_at=starts, ends_at=ends,
                sequence=series.sequence, rrule=piece.rrule(until=until),
                exdates=[timetable.visit_times(series, d)[0] for d in skip
                         if d >= piece_first and piece.falls_on(d)],
                last_modified=series.modified_at, **common,
            )
        )  # fmt: skip
        masters.append((piece, piece_first, uid))
    changed = series.visits.filter(starts_at__gte=start - timedelta(days=31)).exclude(
        moved=False, status=Visit.Status.SCHEDULED
    )
    for visit in changed:
        owner = next(
            (uid for piece, piece_first, uid in masters
             if visit.date >= piece_first and piece.falls_on(visit.date)),
            None,
        )  # fmt: skip
        if owner is None:
            continue
        events.append(
            CalendarEvent(
                uid=owner, summary=summary, starts_at=visit.starts_at, ends_at=visit.ends_at,
                sequence=series.sequence + visit.sequence,
                recurrence_id=timetable.visit_times(series, visit.date)[0],
                cancelled=visit.status == Visit.Status.CANCELLED,
                description=visit.note, last_modified=visit.modified_at, **common,
            )
        )  # fmt: skip
    return events


def calendar_bytes(name: str, url: str, series: Iterable[VisitSeries], start: datetime) -> bytes:
    events: list[CalendarEvent] = []
    for s in series:
        events += series_events(s, start)
    return write_calendar(name, url, events)


def schema_org(series: Iterable[VisitSeries], page_url: str) -> list[dict[str, object]]:
    """Schema.org Event with eventSchedule (a Schedule with byDay / repeatFrequency)."""
    out: list[dict[str, object]] = []
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for s in series:
        rec = s.recurrence
        schedule: dict[str, object] = {
            "@type": "Schedule",
            "byDay": f"https://schema.org/{days[s.weekday]}",
            "startTime": f"{s.arrives_at:%H:%M}",
            "endTime": f"{s.departs_at:%H:%M}",
            "startDate": rec.starts_on.isoformat(),
            "repeatFrequency": "P2W"
            if rec.interval == 2
            else "P1M"
            if rec.freq == "MONTHLY"
            else "P1W",
            "scheduleTimezone": "Europe/Helsinki",
        }
        if rec.freq == "MONTHLY":
            schedule["byMonthWeek"] = rec.nth
        if rec.ends_on:
            schedule["endDate"] = rec.ends_on.isoformat()
        out.append({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": s.programme.name,
            "url": page_url,
            "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode"
            if s.remote_url else "https://schema.org/OfflineEventAttendanceMode",
            "location": {"@type": "Place", "name": s.site.name, "address": _location(s)},
            "organizer": {"@type": "Organization", "name": s.programme.organization.name},
            "eventSchedule": schedule,
        })  # fmt: skip
    return out

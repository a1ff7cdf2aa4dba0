"""The table's calendar (iCalendar), OParl-shaped JSON and Schema.org Event JSON-LD.

No personal data: organisations and roles, never the names of the people in the seats."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from .actions import HELSINKI
from .models import AgendaItem, Meeting, MeetingSeries, Membership, Mode, PartnershipTable

PRODID = "-//Turvaverkko//Partnership tables//FI"

Url = Callable[[str], str]  # a path -> an absolute URL


def _location(meeting: Meeting | MeetingSeries, with_link: bool) -> str:
    online = with_link and meeting.mode != Mode.IN_PERSON and meeting.online_url
    parts = [meeting.location if meeting.mode != Mode.ONLINE else "", online or ""]
    return " / ".join(p for p in parts if p) or str(Mode(meeting.mode).label)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(HELSINKI)


def calendar(table: PartnershipTable, url: Url, *, with_link: bool = False) -> bytes:
    """One VEVENT per series (RRULE) and, with the same UID, one per moved, changed or
    cancelled occurrence (RECURRENCE-ID = the start the series gave it); meetings outside a
    series are their own events. Times in Europe/Helsinki with its VTIMEZONE."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(table))
    page = url(f"/partnership/{table.pk}/")
    stamp = timezone.now()
    meetings = list(table.meetings.all())
    for series in table.series.all():
        event = Event()
        event.add("uid", f"series-{series.pk}@turvaverkko")
        event.add("summary", str(table))
        event.add("dtstart", _local(series.first_start))
        event.add("duration", _duration(series.duration_minutes))
        event.add("rrule", vRecur.from_ical(series.rrule.removeprefix("RRULE:")))
        event.add("location", _location(series, with_link))
        event.add("url", page)
        event.add("dtstamp", stamp)
        event.add("sequence", 0)
        cal.add_component(event)
    for meeting in meetings:
        in_series = meeting.series_id is not None and meeting.original_start is not None
        if in_series and not _differs(meeting):
            continue
        event = Event()
        if in_series:
            assert meeting.original_start is not None
            event.add("uid", f"series-{meeting.series_id}@turvaverkko")
            event.add("recurrence-id", _local(meeting.original_start))
        else:
            event.add("uid", f"{meeting.uid}@turvaverkko")
        event.add("summary", str(table))
        event.add("dtstart", _local(meeting.starts_at))
        event.add("duration", _duration(meeting.duration_minutes))
        event.add("location", _location(meeting, with_link))
        event.add("url", url(f"/partnership/meetings/{meeting.pk}/public/"))
        event.add("dtstamp", stamp)
        event.add("sequence", meeting.sequence)
        if meeting.status == Meeting.Status.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _duration(minutes: int) -> Any:
    from datetime import timedelta

    return timedelta(minutes=minutes)


def _differs(meeting: Meeting) -> bool:
    series = meeting.series
    assert series is not None
    return bool(
        meeting.sequence
        or meeting.starts_at != meeting.original_start
        or meeting.status == Meeting.Status.CANCELLED
        or meeting.location != series.location
        or meeting.mode != series.mode
        or meeting.duration_minutes != series.duration_minutes
    )


# --- OParl 1.1 shaped JSON -------------------------------------------------------------------

OPARL = "https://schema.oparl.org/1.1/"


def oparl(table: PartnershipTable, url: Url) -> dict[str, Any]:
    base = url(f"/partnership/{table.pk}/oparl.json")
    memberships = [
        {
            "id": f"{base}#membership-{m.pk}",
            "type": OPARL + "Membership",
            "organization": base,
            "onBehalfOf": {"type": OPARL + "Organization", "name": m.organization.name},
            "role": m.get_role_display(),
            "votingRight": m.voting,
            "startDate": m.start.isoformat(),
            "endDate": m.end.isoformat() if m.end else None,
        }
        for m in Membership.objects.filter(table=table).select_related("organization")
    ]
    meetings = []
    for meeting in table.meetings.all():
        public_memo = meeting.memo_status == Meeting.MemoStatus.PUBLIC
        items = [
            {
                "id": f"{base}#agendaitem-{item.pk}",
                "type": OPARL + "AgendaItem",
                "number": str(item.position),
                "name": item.title_fi,
                "public": True,
                "result": item.get_outcome_kind_display() if public_memo else None,
                "resolutionText": item.outcome_fi if public_memo else None,
            }
            for item in meeting.items.filter(confidential=False)
        ]
        meetings.append(
            {
                "id": f"{base}#meeting-{meeting.pk}",
                "type": OPARL + "Meeting",
                "name": f"{table.name_fi} {_local(meeting.starts_at):%d.%m.%Y}",
                "start": _local(meeting.starts_at).isoformat(),
                "end": _local(meeting.ends_at).isoformat(),
                "cancelled": meeting.status == Meeting.Status.CANCELLED,
                "location": {"type": OPARL + "Location", "description": _location(meeting, False)},
                "web": url(f"/partnership/meetings/{meeting.pk}/public/"),
                "agendaItem": items,
            }
        )
    return {
        "id": base,
        "type": OPARL + "Organization",
        "name": table.name_fi,
        "shortName": table.name_sv or None,
        "organizationType": table.get_kind_display(),
        "classification": [str(t) for t in table.themes.all()],
        "membership": memberships,
        "meeting": meetings,
        "web": url(f"/partnership/{table.pk}/"),
    }


def schema_events(
    table: PartnershipTable, meetings: list[Meeting], url: Url
) -> list[dict[str, Any]]:
    """Schema.org Event objects of the upcoming meetings, for JSON-LD on the public page."""
    events = []
    for meeting in meetings:
        place: dict[str, Any]
        if meeting.mode == Mode.ONLINE:
            place = {"@type": "VirtualLocation", "url": url(f"/partnership/{table.pk}/")}
        else:
            place = {"@type": "Place", "name": meeting.location or str(table)}
        attendance = {
            Mode.IN_PERSON: "OfflineEventAttendanceMode",
            Mode.ONLINE: "OnlineEventAttendanceMode",
            Mode.HYBRID: "MixedEventAttendanceMode",
        }[Mode(meeting.mode)]
        status = (
            "EventCancelled"
            if meeting.status == Meeting.Status.CANCELLED
            else "EventRescheduled"
            if meeting.sequence and meeting.starts_at != meeting.original_start
            else "EventScheduled"
        )
        events.append(
            {
                "@context": "https://schema.org",
                "@type": "Event",
                "name": str(table),
                "startDate": _local(meeting.starts_at).isoformat(),
                "endDate": _local(meeting.ends_at).isoformat(),
                "eventAttendanceMode": f"https://schema.org/{attendance}",
                "eventStatus": f"https://schema.org/{status}",
                "location": place,
                "url": url(f"/partnership/meetings/{meeting.pk}/public/"),
            }
        )
    return events


__all__ = ["AgendaItem", "calendar", "oparl", "schema_events"]

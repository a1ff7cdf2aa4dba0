"""The one iCalendar writer (RFC 5545 + RFC 7986) for recurring openings and visits.

Times are Europe/Helsinki wall-clock times with a VTIMEZONE, so a calendar keeps "10.00"
across the clock changes. A series is one VEVENT with RRULE and EXDATE; one changed or
cancelled date is an override VEVENT with the same UID and a RECURRENCE-ID (STATUS:CANCELLED
for a cancellation), as calendar clients expect.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vRecur

HELSINKI = ZoneInfo("Europe/Helsinki")
REFRESH = timedelta(hours=12)


@dataclass
class CalendarEvent:
    uid: str
    summary: str
    starts_at: datetime  # aware
    ends_at: datetime
    sequence: int = 0
    rrule: str = ""  # "FREQ=WEEKLY;BYDAY=TH" without "RRULE:"
    exdates: list[datetime] = field(default_factory=list)
    recurrence_id: datetime | None = None
    cancelled: bool = False
    location: str = ""
    url: str = ""
    description: str = ""
    geo: tuple[float, float] | None = None
    last_modified: datetime | None = None


def write_calendar(name: str, url: str, events: list[CalendarEvent]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Turvaverkko//outreach//FI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("url", url)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    cal.add_component(Timezone.from_tzid("Europe/Helsinki"))
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("summary", e.summary)
        ev.add("dtstamp", e.last_modified or e.starts_at)
        ev.add("dtstart", e.starts_at.astimezone(HELSINKI))
        ev.add("dtend", e.ends_at.astimezone(HELSINKI))
        ev.add("sequence", e.sequence)
        if e.rrule:
            ev.add("rrule", vRecur.from_ical(e.rrule))
        for ex in e.exdates:
            ev.add("exdate", ex.astimezone(HELSINKI))
        if e.recurrence_id is not None:
            ev.add("recurrence-id", e.recurrence_id.astimezone(HELSINKI))
        ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
        if e.location:
            ev.add("location", e.location)
        if e.geo:
            ev.add("geo", e.geo)
        if e.url:
            ev.add("url", e.url)
        if e.description:
            ev.add("description", e.description)
        cal.add_component(ev)
    return bytes(cal.to_ical())

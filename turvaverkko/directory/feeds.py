"""The iCalendar feed of a site's opening hours (written by directory/calendar.py, as the
outreach visit feeds are).

Each opening rule is one VEVENT with the rule's RRULE (directory/recurrence.py: weekly, every
N weeks, the nth weekday of the month, even or odd ISO weeks) in Europe/Helsinki wall-clock
time, so a calendar keeps "10.00" across the clock changes (even/odd ISO weeks: one VEVENT per
ISO year, every other week, see Recurrence.pieces). A dated exception removes the rule's
openings of that date (EXDATE); one with other hours is an event of its own.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from . import hours
from .calendar import HELSINKI, CalendarEvent, write_calendar

# Openings from this many days back are in the feed (a calendar shows the recent past too).
HISTORY_DAYS = 31
# Even/odd-week rules are written one ISO year at a time (Recurrence.pieces) this far ahead.
PIECES_DAYS = 2 * 366


def _span(day: date, opens_at: time, closes_at: time) -> tuple[datetime, datetime]:
    """Start and end in Helsinki; closing at or before opening is the next day."""
    end_day = day + timedelta(days=1) if closes_at <= opens_at else day
    return (
        datetime.combine(day, opens_at, HELSINKI),
        datetime.combine(end_day, closes_at, HELSINKI),
    )


def _address(site) -> str:
    parts = [site.name, site.street_address, f"{site.postal_code} {site.city}".strip()]
    return ", ".join(p for p in parts if p)


def site_events(site, rules: Iterable, exceptions: Iterable, today: date) -> list[CalendarEvent]:
    """One event per rule (RRULE, EXDATE of the exception dates) and per exception with
    other hours, from HISTORY_DAYS before `today`."""
    since = today - timedelta(days=HISTORY_DAYS)
    exceptions = [e for e in exceptions if e.date >= since]
    url = settings.SITE_URL + reverse("directory:site_detail", kwargs={"pk": site.pk})
    common = {
        "summary": site.name,
        "location": _address(site),
        "url": url,
        "geo": (site.latitude, site.longitude)
        if site.latitude is not None and site.longitude is not None
        else None,
        "last_modified": site.modified_at,
    }
    events = []
    for rule in rules:
        recurrence = hours.recurrence_of(rule)
        if recurrence is None or (rule.valid_to and rule.valid_to < since):
            continue
        text = hours.describe_rule(rule)
        pieces = recurrence.pieces(since, today + timedelta(days=PIECES_DAYS))
        for piece in pieces:
            first = piece.first_date(since)
            if first is None:
                continue
            starts, ends = _span(first, rule.opens_at, rule.closes_at)
            until = None
            if piece.ends_on:
                until = datetime.combine(piece.ends_on, time(23, 59, 59), HELSINKI)
            uid = f"site-hours-{rule.pk}"
            if len(pieces) > 1 or piece.pattern != recurrence.pattern:
                uid += f"-{first.isocalendar().year}"  # even/odd weeks: one per ISO year
            events.append(
                CalendarEvent(
                    uid=f"{uid}@turvaverkko",
                    starts_at=starts,
                    ends_at=ends,
                    rrule=piece.rrule(until=until.astimezone(UTC) if until else None),
                    exdates=[
                        _span(e.date, rule.opens_at, rule.closes_at)[0]
                        for e in exceptions
                        if piece.falls_on(e.date)
                    ],
                    description=f"{text}\n{rule.description}" if rule.description else text,
                    **common,
                )
            )
    for exception in exceptions:
        if exception.closed or exception.opens_at is None or exception.closes_at is None:
            continue
        starts, ends = _span(exception.date, exception.opens_at, exception.closes_at)
        events.append(
            CalendarEvent(
                uid=f"site-exception-{exception.pk}@turvaverkko",
                starts_at=starts,
                ends_at=ends,
                description=exception.description or _("exceptional hours"),
                **common,
            )
        )
    return events


def site_calendar(site, rules: Iterable, exceptions: Iterable, today: date) -> bytes:
    url = settings.SITE_URL + reverse("directory:site_detail", kwargs={"pk": site.pk})
    name = _("Opening hours: %(place)s") % {"place": site.name}
    return write_calendar(name, url, site_events(site, rules, exceptions, today))

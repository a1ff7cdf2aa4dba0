"""Weekly opening rules as HSDS schedule rows that are right on every date in Helsinki.

HSDS gives a schedule one fixed UTC offset (`timezone` is a number, `opens_at` carries an
offset such as `10:00:00+02:00`), while our rules are Helsinki wall-clock times all year.
A rule is therefore served as date-bounded segments, one per stretch between two clock
changes, each with the offset in force in that stretch. Dated exceptions are served the way
the HSDS schedule guidance describes a change of hours: the regular segments end the day
before and resume the day after, and an exception with other hours is a row of its own.

Segments start in the clock period that contains `today` (earlier occurrences are history)
and reach four clock changes past the later of that and the rule's `valid_from`, i.e. about
two years ahead; a rule's own `valid_to` ends them sooner. Between two clock changes the
served rows do not change unless the data does.

Each segment carries the extensions `opening_rule_id` (the same for every segment of one
rule) and `rule_valid_from`/`rule_valid_to` (the rule's own dates), so that our importer
joins the segments back into the one rule (docs/api.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from turvaverkko.core.constants import HELSINKI
from turvaverkko.directory.hours import WEEKDAYS, rule_applies_on

from . import spec

# Segments reach this many clock changes past their start (two years).
CLOCK_CHANGES_AHEAD = 4


def offset_on(day: date) -> timedelta:
    """The Helsinki UTC offset of `day` (at noon: clocks change at 03:00/04:00)."""
    offset = datetime.combine(day, time(12), HELSINKI).utcoffset()
    assert offset is not None
    return offset


def offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@cache
def _changes_in(year: int) -> tuple[date, ...]:
    """The first days of `year` with a new offset (the days the clocks change)."""
    found, day = [], date(year, 1, 1)
    previous = offset_on(day - timedelta(days=1))
    while day.year == year:
        current = offset_on(day)
        if current != previous:
            found.append(day)
        previous, day = current, day + timedelta(days=1)
    return tuple(found)


def clock_changes_after(day: date, count: int) -> list[date]:
    """The next `count` clock-change days after `day`."""
    found: list[date] = []
    year = day.year
    while len(found) < count and year < day.year + 10:
        found += [d for d in _changes_in(year) if d > day][: count - len(found)]
        year += 1
    return found


def period_start(day: date) -> date:
    """The first day of the clock period (standard or summer time) that contains `day`."""
    for year in (day.year, day.year - 1):
        earlier = [d for d in _changes_in(year) if d <= day]
        if earlier:
            return earlier[-1]
    return date(day.year, 1, 1)  # a zone without clock changes


@dataclass(frozen=True)
class Segment:
    first: date  # the first opening day (valid_from and dtstart)
    last: date  # the last day the segment is valid (valid_to and until)
    offset: timedelta


def _first_opening(rule, start: date, end: date) -> date | None:
    step = max(int(getattr(rule, "interval", 1) or 1), 1)
    day = start
    while day <= end and day < start + timedelta(days=7 * step):
        if rule_applies_on(rule, day):
            return day
        day += timedelta(days=1)
    return None


def segments(rule, today: date, exception_dates: Iterable[date] = ()) -> list[Segment]:
    """The date ranges in which `rule` is served, each within one clock period."""
    window = period_start(today)
    start = max(rule.valid_from or window, window)
    end = clock_changes_after(start, CLOCK_CHANGES_AHEAD)[-1] - timedelta(days=1)
    if rule.valid_to:
        end = min(end, rule.valid_to)
    if end < start:
        return []
    cuts = {d for d in exception_dates if start <= d <= end and rule_applies_on(rule, d)}
    changes = [d for d in clock_changes_after(start - timedelta(days=1), 8) if d <= end]
    out, begin = [], start
    for boundary in sorted({*changes, *cuts, end + timedelta(days=1)}):
        # [begin, boundary - 1] is one stretch; an exception day itself is skipped.
        stretch_end = boundary - timedelta(days=1)
        first = _first_opening(rule, begin, stretch_end) if begin <= stretch_end else None
        if first is not None:
            out.append(Segment(first, stretch_end, offset_on(first)))
        begin = boundary + timedelta(days=1) if boundary in cuts else boundary
    return out


def _hours(offset: timedelta) -> float:
    return offset.total_seconds() / 3600


def rule_rows(rule, owners: dict, today: date, exception_dates=()) -> list[dict]:
    """HSDS schedule rows of one weekly rule (see the module docstring)."""
    rows = []
    rule_id = spec.derived_id("schedule", rule.pk)
    for segment in segments(rule, today, exception_dates):
        suffix = offset_text(segment.offset)
        row = {
            "id": spec.derived_id("schedule", rule.pk, segment.first.isoformat()),
            **owners,
            "valid_from": segment.first.isoformat(),
            "valid_to": segment.last.isoformat(),
            "dtstart": segment.first.isoformat(),
            "until": segment.last.isoformat(),
            "timezone": _hours(segment.offset),
            "freq": "WEEKLY",
            "interval": rule.interval,
            "byday": rule.byday,
            "wkst": "MO",
            "opens_at": rule.opens_at.strftime("%H:%M:%S") + suffix,
            "closes_at": rule.closes_at.strftime("%H:%M:%S") + suffix,
            # Extensions: the weekly rule this segment belongs to.
            "opening_rule_id": rule_id,
        }
        if rule.valid_from:
            row["rule_valid_from"] = rule.valid_from.isoformat()
        if rule.valid_to:
            row["rule_valid_to"] = rule.valid_to.isoformat()
        if rule.description:
            row["description"] = rule.description
        rows.append(row)
    return rows


def exception_row(exception, location_id) -> dict:
    """A dated exception: closed (no times) or that day's own hours."""
    day = exception.date
    offset = offset_on(day)
    row = {
        "id": spec.derived_id("exception", exception.pk),
        "location_id": str(location_id),
        "valid_from": day.isoformat(),
        "valid_to": day.isoformat(),
        "dtstart": day.isoformat(),
        "until": day.isoformat(),
        "freq": "WEEKLY",
        "byday": WEEKDAYS[day.weekday()],
        "wkst": "MO",
        "timezone": _hours(offset),
        # Extensions: this row is a dated exception to the weekly rules.
        "opening_exception": True,
        "closed": exception.closed,
    }
    if not exception.closed and exception.opens_at and exception.closes_at:
        row["opens_at"] = exception.opens_at.strftime("%H:%M:%S") + offset_text(offset)
        row["closes_at"] = exception.closes_at.strftime("%H:%M:%S") + offset_text(offset)
    if exception.description:
        row["description"] = exception.description
    return row

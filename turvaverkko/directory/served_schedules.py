"""The one writer of HSDS 3.0 schedule rows, for site and service opening hours
(api/hsds/served_hours.py) and outreach visit series (outreach/hsds.py).

HSDS gives a schedule one fixed UTC offset (`timezone` is a number, `opens_at` carries an
offset such as `10:00:00+02:00`), while our openings and visits are Helsinki wall-clock times
all year. A recurrence is therefore served as date-bounded segments, one per stretch between
two clock changes, each with the offset in force in that stretch. Dates cut out of a
recurrence (a site's dated exceptions) end a segment the day before and resume it the day
after, the way the HSDS schedule guidance describes a change of hours.

HSDS knows only `freq` WEEKLY and MONTHLY. Even and odd ISO weeks (iCalendar: YEARLY with
BYWEEKNO) are served as WEEKLY with interval 2 from the segment's first date, and their
segments are also cut where an ISO year begins (a year with 53 weeks is followed by two odd
weeks in a row). "The first Thursday of the month" is MONTHLY with byday `1TH`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from turvaverkko.core.constants import HELSINKI

from . import recurrence as rec

# A served window reaches this many clock changes past its start (two years).
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


def clock(at: time, offset: timedelta) -> str:
    """An HSDS `opens_at`/`closes_at`: "10:00:00+02:00"."""
    return at.strftime("%H:%M:%S") + offset_text(offset)


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


def window(today: date, valid_from: date | None, valid_to: date | None) -> tuple[date, date]:
    """The dates served of opening hours: from the clock period containing `today` (earlier
    openings are history) to four clock changes past the later of that and `valid_from`, so
    between two clock changes the served rows do not change unless the data does."""
    start = max(valid_from or period_start(today), period_start(today))
    end = clock_changes_after(start, CLOCK_CHANGES_AHEAD)[-1] - timedelta(days=1)
    return start, min(end, valid_to) if valid_to else end


@dataclass(frozen=True)
class Segment:
    first: date  # the first occurrence (valid_from and dtstart)
    last: date  # the last day the segment is valid (valid_to and until)
    offset: timedelta


def _iso_year_starts(start: date, end: date) -> set[date]:
    return {
        date.fromisocalendar(year, 1, 1)
        for year in range(start.year, end.year + 2)
        if start < date.fromisocalendar(year, 1, 1) <= end
    }


def segments(
    recurrence: rec.Recurrence, start: date, end: date, cuts: Iterable[date] = ()
) -> list[Segment]:
    """The stretches of [start, end] in which `recurrence` is served, each within one clock
    period (and one ISO year for even/odd weeks); a date in `cuts` is left out."""
    if end < start:
        return []
    skipped = {d for d in cuts if start <= d <= end and recurrence.falls_on(d)}
    boundaries = {d for d in clock_changes_after(start, 2 * CLOCK_CHANGES_AHEAD) if d <= end}
    if recurrence.pattern in (rec.EVEN_WEEKS, rec.ODD_WEEKS):
        boundaries |= _iso_year_starts(start, end)
    out, begin = [], start
    for boundary in sorted({*boundaries, *skipped, end + timedelta(days=1)}):
        # [begin, boundary - 1] is one stretch; a skipped day itself is left out.
        stretch_end = boundary - timedelta(days=1)
        first = recurrence.first_date(begin) if begin <= stretch_end else None
        if first is not None and first <= stretch_end:
            out.append(Segment(first, stretch_end, offset_on(first)))
        begin = boundary + timedelta(days=1) if boundary in skipped else boundary
    return out


def recurrence_fields(recurrence: rec.Recurrence) -> dict[str, Any]:
    """freq, interval, byday and wkst of one segment (dtstart is the segment's first date)."""
    weekly_pairs = recurrence.pattern in (rec.EVEN_WEEKS, rec.ODD_WEEKS)
    return {
        "freq": "MONTHLY" if recurrence.pattern == rec.MONTHLY_NTH else "WEEKLY",
        "interval": 2 if weekly_pairs else recurrence.interval,
        "byday": recurrence.byday,
        "wkst": "MO",
    }


def schedule_rows(
    recurrence: rec.Recurrence,
    opens_at: time,
    closes_at: time,
    *,
    start: date,
    end: date,
    row_id: Callable[[date], str],
    cuts: Iterable[date] = (),
    **fields: Any,
) -> list[dict[str, Any]]:
    """HSDS schedule rows of `recurrence` from `start` to `end` (both inclusive), one per
    segment; `fields` (the owner's id, a description, extensions) are added to each row."""
    rows = []
    for segment in segments(recurrence, start, end, cuts):
        rows.append({
            "id": row_id(segment.first),
            **fields,
            "valid_from": segment.first.isoformat(),
            "valid_to": segment.last.isoformat(),
            "dtstart": segment.first.isoformat(),
            "until": segment.last.isoformat(),
            "timezone": segment.offset.total_seconds() / 3600,
            **recurrence_fields(recurrence),
            "opens_at": clock(opens_at, segment.offset),
            "closes_at": clock(closes_at, segment.offset),
        })  # fmt: skip
    return rows


def day_row(
    day: date, opens_at: time | None, closes_at: time | None, *, row_id: str, **fields: Any
) -> dict[str, Any]:
    """A row for one date: closed (no times) or that day's own hours."""
    offset = offset_on(day)
    row: dict[str, Any] = {
        "id": row_id,
        **fields,
        "valid_from": day.isoformat(),
        "valid_to": day.isoformat(),
        "dtstart": day.isoformat(),
        "until": day.isoformat(),
        "freq": "WEEKLY",
        "byday": rec.WEEKDAYS[day.weekday()],
        "wkst": "MO",
        "timezone": offset.total_seconds() / 3600,
    }
    if opens_at is not None and closes_at is not None:
        row["opens_at"] = clock(opens_at, offset)
        row["closes_at"] = clock(closes_at, offset)
    return row

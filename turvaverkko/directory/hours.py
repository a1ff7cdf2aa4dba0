"""Opening hours: weekly rules plus dated exceptions, in Europe/Helsinki wall-clock time.

Pure functions, no database: `rules` are OpeningRule rows or anything with the same attributes
(`byday`, `opens_at`, `closes_at`, `interval`, `valid_from`, `valid_to`, optional `pattern`,
`nth` and `description`), `exceptions` are OpeningException rows or alike (`date`, `closed`,
`opens_at`, `closes_at`, optional `description`). `Rule` and `Exception_` below are such light
stand-ins. Which dates a rule opens on is its `Recurrence` (directory/recurrence.py, the
vocabulary outreach visits share): `recurrence_of(rule)`.

Semantics (HSDS schedule rows with the iCal vocabulary):

- A rule opens on each weekday in `byday` ("MO,TU") at `opens_at` and closes at `closes_at`,
  both local wall-clock times in Europe/Helsinki. When `closes_at` is not after `opens_at` the
  opening runs past midnight and closes on the next day; 00:00–00:00 is open around the clock.
- An opening belongs to the date it starts on: `valid_from`/`valid_to` (inclusive), the weekday,
  the every-N-weeks `interval` and exceptions are all judged on that date.
- `pattern` says how the weekdays repeat: every week, every `interval` weeks, the `nth`
  weekday of the month ("torstai 1": the first Thursday; -1 the last), or the weekdays of
  even or odd ISO weeks. `interval` counts weeks from the ISO week of `valid_from` (the
  anchor): interval 2 opens in the anchor's week, skips the next, and so on. A rule without
  `valid_from` counts from the week of `DEFAULT_ANCHOR`, a Monday; the site form requires
  `valid_from` for intervals over 1.
- An exception on a date replaces all weekly openings that start on that date: "closed" leaves
  nothing, other exceptions (not closed, both times given) are that date's openings. An opening
  that started the evening before still runs into the date.
- Instants are compared in UTC, so a 22:00–02:00 opening on the night the clocks change lasts
  three or five real hours. `weekly_open_hours` counts wall-clock hours (09–17 is eight hours
  every day) because that is what a reader of the opening hours expects.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import get_language

from turvaverkko.core.constants import HELSINKI

from . import recurrence as rec

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DEFAULT_ANCHOR = date(2024, 1, 1)  # a Monday
# A rule without valid_from has no first day: it starts this many whole 12-week cycles before
# DEFAULT_ANCHOR (so every 2, 3 or 4 weeks still counts from the anchor's week).
UNBOUNDED_START = DEFAULT_ANCHOR - timedelta(weeks=12 * 200)
_DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Rule:
    byday: str
    opens_at: time
    closes_at: time
    interval: int = 1
    valid_from: date | None = None
    valid_to: date | None = None
    description: str = ""
    pattern: str = rec.WEEKLY
    nth: int = 1


@dataclass(frozen=True)
class Exception_:  # noqa: N801 (trailing underscore: not the builtin)
    date: date
    closed: bool = True
    opens_at: time | None = None
    closes_at: time | None = None
    description: str = ""


@dataclass(frozen=True)
class Opening:
    """One opening that starts on `day`; it may close on the next day (`overnight`)."""

    day: date
    opens_at: time
    closes_at: time
    note: str = ""
    from_exception: bool = False
    # The rule or exception the opening comes from: the page shows its note in the page's
    # language, or marks the fallback's language (directory_tags.text_of).
    source: object = field(default=None, compare=False, repr=False)

    @property
    def overnight(self) -> bool:
        return self.closes_at <= self.opens_at

    @property
    def minutes(self) -> int:
        """Wall-clock length in minutes."""
        start = self.opens_at.hour * 60 + self.opens_at.minute
        end = self.closes_at.hour * 60 + self.closes_at.minute
        return end - start if end > start else end - start + _DAY_MINUTES

    def instants(self) -> tuple[datetime, datetime]:
        """Start and end as aware UTC datetimes."""
        end_day = self.day + timedelta(days=1) if self.overnight else self.day
        start = datetime.combine(self.day, self.opens_at, tzinfo=HELSINKI)
        end = datetime.combine(end_day, self.closes_at, tzinfo=HELSINKI)
        return start.astimezone(UTC), end.astimezone(UTC)


@dataclass
class DaySchedule:
    day: date
    weekday: str  # "MO".."SU"
    openings: list[Opening] = field(default_factory=list)
    # True when an exception replaced the weekly rules on this date.
    exceptional: bool = False
    notes: list[str] = field(default_factory=list)
    # The exceptions of the day that have a note (for the notes in their own language).
    noted: list = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return not self.openings


def weekdays_of(byday: str) -> set[str]:
    """{"MO", "TU"} from "MO,TU" (case and spaces forgiven; unknown codes dropped)."""
    return {part.strip().upper() for part in (byday or "").split(",")} & set(WEEKDAYS)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def recurrence_of(rule) -> rec.Recurrence | None:
    """The rule's dates as a Recurrence (None for a rule without a known weekday)."""
    days = tuple(WEEKDAYS.index(d) for d in sorted(weekdays_of(rule.byday), key=WEEKDAYS.index))
    if not days:
        return None
    pattern = getattr(rule, "pattern", "") or rec.WEEKLY
    interval = max(int(getattr(rule, "interval", 1) or 1), 1)
    nth = int(getattr(rule, "nth", 1) or 1)
    if pattern not in rec.PATTERNS or (pattern == rec.MONTHLY_NTH and nth not in rec.NTHS):
        return None
    return rec.Recurrence(
        pattern,
        days,
        rule.valid_from or UNBOUNDED_START,
        nth=nth,
        ends_on=rule.valid_to,
        weeks=interval if pattern == rec.WEEKLY else 1,
    )


def rule_applies_on(rule, day: date) -> bool:
    found = recurrence_of(rule)
    return found is not None and found.falls_on(day)


def _exceptions_on(exceptions: Iterable, day: date) -> list:
    return [exc for exc in exceptions if exc.date == day]


def _note(rule_or_exception) -> str:
    return getattr(rule_or_exception, "description", "") or ""


def openings_on(rules: Iterable, exceptions: Iterable, day: date) -> list[Opening]:
    """The openings that start on `day`, sorted by opening time."""
    todays = _exceptions_on(exceptions, day)
    if todays:
        found = [
            Opening(day, exc.opens_at, exc.closes_at, _note(exc), True, exc)
            for exc in todays
            if not exc.closed and exc.opens_at is not None and exc.closes_at is not None
        ]
    else:
        found = [
            Opening(day, rule.opens_at, rule.closes_at, _note(rule), False, rule)
            for rule in rules
            if rule_applies_on(rule, day)
        ]
    return sorted(found, key=lambda o: (o.opens_at, o.closes_at))


def _as_utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        at = at.replace(tzinfo=HELSINKI)
    return at.astimezone(UTC)


def open_interval_at(rules, exceptions, at: datetime) -> tuple[datetime, datetime] | None:
    """The (start, end) in Helsinki time of the opening that covers `at`, or None if closed.

    Openings that touch or overlap are joined, so 9–12 and 12–17 give "open until 17".
    A naive `at` is taken as Helsinki time.
    """
    rules, exceptions = list(rules), list(exceptions)
    now = _as_utc(at)
    local_day = now.astimezone(HELSINKI).date()
    spans = sorted(
        opening.instants()
        for day in (local_day - timedelta(days=1), local_day)
        for opening in openings_on(rules, exceptions, day)
    )
    current = None
    for start, end in spans:
        if current is None:
            if start <= now < end:
                current = [start, end]
        elif start <= current[1]:
            current[1] = max(current[1], end)
    if current is None:
        return None
    # An opening that covers `at` may continue into openings of the following days.
    day = local_day + timedelta(days=1)
    while current[1].astimezone(HELSINKI).date() >= day and day <= local_day + timedelta(days=8):
        for start, end in (o.instants() for o in openings_on(rules, exceptions, day)):
            if start <= current[1]:
                current[1] = max(current[1], end)
        day += timedelta(days=1)
    return current[0].astimezone(HELSINKI), current[1].astimezone(HELSINKI)


def is_open_at(rules, exceptions, at: datetime) -> bool:
    return open_interval_at(rules, exceptions, at) is not None


def week_schedule(rules, exceptions, week_start: date) -> list[DaySchedule]:
    """Seven days from the Monday of `week_start`'s week, for display."""
    rules, exceptions = list(rules), list(exceptions)
    monday = monday_of(week_start)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        todays = _exceptions_on(exceptions, day)
        days.append(
            DaySchedule(
                day=day,
                weekday=WEEKDAYS[offset],
                openings=openings_on(rules, todays, day),
                exceptional=bool(todays),
                notes=[exc.description for exc in todays if getattr(exc, "description", "")],
                noted=[exc for exc in todays if getattr(exc, "description", "")],
            )
        )
    return days


def _merged_minutes(spans: list[tuple[int, int]]) -> int:
    total, current = 0, None
    for start, end in sorted(spans):
        if current is None or start > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = [start, end]
        else:
            current[1] = max(current[1], end)
    if current is not None:
        total += current[1] - current[0]
    return total


def clock_text(at: time) -> str:
    """9.00 in Finnish and Swedish, 9:00 in English (as the `clock` template filter)."""
    separator = ":" if (get_language() or "fi").startswith("en") else "."
    return f"{at.hour}{separator}{at.minute:02d}"


def describe_rule(rule) -> str:
    """ "1. torstai kuukaudessa 10.00–12.00" in the active language."""
    found = recurrence_of(rule)
    days = rec.describe(found) if found else rule.byday
    return f"{days[:1].upper()}{days[1:]} {clock_text(rule.opens_at)}–{clock_text(rule.closes_at)}"


def cycle_weeks(rule) -> int:
    """Weeks after which the rule's openings repeat: a monthly rule is averaged over a year."""
    found = recurrence_of(rule)
    if found is None:
        return 1
    if found.pattern == rec.MONTHLY_NTH:
        return 52
    return 2 if found.pattern in (rec.EVEN_WEEKS, rec.ODD_WEEKS) else found.interval


def weekly_open_hours(
    rules, exceptions=(), *, week_start: date | None = None, weeks: int | None = None
) -> float:
    """Open wall-clock hours per week, averaged over `weeks` weeks from `week_start`'s week.

    Defaults: this week in Helsinki, and as many weeks as one full cycle of the rules'
    intervals (two for an every-other-week rule, so it counts half; 52 for a rule on the nth
    weekday of the month). Overlapping openings
    count once; an opening counts in the week it starts in. Pass no exceptions for the
    typical week.
    """
    rules, exceptions = list(rules), list(exceptions)
    if week_start is None:
        week_start = datetime.now(HELSINKI).date()
    if weeks is None:
        weeks = 1
        for rule in rules:
            weeks = math.lcm(weeks, cycle_weeks(rule))
    monday = monday_of(week_start)
    total = 0
    for week in range(weeks):
        spans = []
        for offset in range(7):
            day = monday + timedelta(days=7 * week + offset)
            for opening in openings_on(rules, exceptions, day):
                start = offset * _DAY_MINUTES + opening.opens_at.hour * 60 + opening.opens_at.minute
                spans.append((start, start + opening.minutes))
        total += _merged_minutes(spans)
    return total / 60 / weeks

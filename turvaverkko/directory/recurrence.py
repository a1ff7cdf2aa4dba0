"""Recurrence in iCalendar terms: the one schedule vocabulary of sites and outreach visits.

A site's opening rule ("Mondays and Thursdays", "every other Tuesday", "the first Thursday
of the month" = "torstai 1") and an outreach visit series are both a `Recurrence`, written
as an RFC 5545 RRULE (which HSDS schedules copy field by field: freq, interval, byday), so the
iCalendar feed, the HSDS schedule rows (directory/served_schedules.py), the page's opening
hours (directory/hours.py) and the expansion into dates all read the same few fields.
Even/odd ISO weeks are BYWEEKNO lists in iCalendar, not INTERVAL=2: a year with 53 ISO weeks
would otherwise flip the parity (HSDS has no YEARLY: served_schedules.py cuts those rows at
the ISO year instead).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKLY = "weekly"
EVERY_2_WEEKS = "every_2_weeks"
MONTHLY_NTH = "monthly_nth"
EVEN_WEEKS = "even_weeks"
ODD_WEEKS = "odd_weeks"
PATTERNS = (WEEKLY, EVERY_2_WEEKS, MONTHLY_NTH, EVEN_WEEKS, ODD_WEEKS)
NTHS = (1, 2, 3, 4, -1)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Recurrence:
    pattern: str
    # 0 = Monday; an opening rule may have several ("MO,TH"), a visit series has one.
    weekday: int | tuple[int, ...]
    starts_on: date  # also the anchor that weeks are counted from (every 2 or N weeks)
    nth: int = 1  # MONTHLY_NTH: 1..4, or -1 for the last
    ends_on: date | None = None
    weeks: int = 1  # WEEKLY: every this many weeks (an opening rule's "every third week")

    def __post_init__(self) -> None:
        if self.pattern not in PATTERNS:
            raise ValueError(f"unknown pattern {self.pattern!r}")
        if not self.weekdays or not all(0 <= d <= 6 for d in self.weekdays):
            raise ValueError("weekday must be 0..6")
        if self.pattern == MONTHLY_NTH and self.nth not in NTHS:
            raise ValueError("nth must be 1..4 or -1")
        if self.weeks < 1:
            raise ValueError("weeks must be 1 or more")

    @property
    def weekdays(self) -> tuple[int, ...]:
        days = (self.weekday,) if isinstance(self.weekday, int) else self.weekday
        return tuple(sorted(set(days)))

    @property
    def byday(self) -> str:
        prefix = str(self.nth) if self.pattern == MONTHLY_NTH else ""
        return ",".join(prefix + WEEKDAYS[d] for d in self.weekdays)

    @property
    def byweekno(self) -> list[int]:
        if self.pattern == EVEN_WEEKS:
            return list(range(2, 54, 2))
        if self.pattern == ODD_WEEKS:
            return list(range(1, 54, 2))
        return []

    @property
    def freq(self) -> str:
        return {MONTHLY_NTH: "MONTHLY", EVEN_WEEKS: "YEARLY", ODD_WEEKS: "YEARLY"}.get(
            self.pattern, "WEEKLY"
        )

    @property
    def interval(self) -> int:
        if self.pattern == EVERY_2_WEEKS:
            return 2
        return self.weeks if self.pattern == WEEKLY else 1

    def falls_on(self, day: date) -> bool:
        """Whether `day` is one of the dates (the same as `dates`, without expanding)."""
        if day.weekday() not in self.weekdays or day < self.starts_on:
            return False
        if self.ends_on is not None and day > self.ends_on:
            return False
        if self.pattern == MONTHLY_NTH:
            if self.nth == -1:
                return (day + timedelta(days=7)).month != day.month
            return (day.day - 1) // 7 + 1 == self.nth
        if self.pattern in (EVEN_WEEKS, ODD_WEEKS):
            return day.isocalendar().week % 2 == (0 if self.pattern == EVEN_WEEKS else 1)
        weeks = (monday_of(day) - monday_of(self.starts_on)).days // 7
        return weeks % self.interval == 0

    def starting(self, day: date) -> "Recurrence":
        """The same dates from `day` on, anchored as near `day` as the pattern allows (so an
        every-other-week rule keeps its weeks while its DTSTART moves forward)."""
        if day <= self.starts_on:
            return self
        step = 7 * self.interval
        shift = (monday_of(day) - monday_of(self.starts_on)).days // step * step
        if shift == 0:
            return self
        return replace(self, starts_on=monday_of(self.starts_on) + timedelta(days=shift))

    def rrule(self, until: datetime | None = None) -> str:
        """The RRULE value (without "RRULE:"); `until` in UTC for a feed, else the date."""
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.byweekno:
            parts.append("BYWEEKNO=" + ",".join(map(str, self.byweekno)))
        parts.append(f"BYDAY={self.byday}")
        if until is not None:
            parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
        elif self.ends_on is not None:
            parts.append(f"UNTIL={self.ends_on:%Y%m%d}")
        parts.append("WKST=MO")
        return ";".join(parts)

    def dates(self, start: date, end: date) -> list[date]:
        """The dates in [start, end] (both inclusive) on which the recurrence falls."""
        first = max(start, self.starts_on)
        last = min(end, self.ends_on) if self.ends_on else end
        days = (first + timedelta(days=n) for n in range((last - first).days + 1))
        return [day for day in days if self.falls_on(day)]

    def pieces(self, start: date, end: date) -> list["Recurrence"]:
        """The dates from `start` to `end` as recurrences every calendar expands alike.

        Even and odd weeks become every-other-week pieces, one per ISO year: BYWEEKNO is
        read wrongly for the first days of January by dateutil (and so by the clients built
        on it) in some years. Other patterns are one piece anchored near `start`.
        """
        if self.pattern not in (EVEN_WEEKS, ODD_WEEKS):
            return [self.starting(start)]
        out = []
        year = max(start, self.starts_on).isocalendar().year
        while date.fromisocalendar(year, 1, 1) <= end:
            last = date.fromisocalendar(year + 1, 1, 1) - timedelta(days=1)
            last = min(last, self.ends_on) if self.ends_on else last
            first = self.first_date(max(date.fromisocalendar(year, 1, 1), start))
            if first is not None and first <= last:
                out.append(Recurrence(EVERY_2_WEEKS, self.weekdays, first, ends_on=last))
            year += 1
        return out

    def first_date(self, on_or_after: date | None = None) -> date | None:
        """The first date on or after starts_on (an iCalendar DTSTART must be an occurrence)."""
        day = max(on_or_after or self.starts_on, self.starts_on)
        # Every pattern repeats within 53 weeks (an odd week at the latest after week 53).
        for offset in range(7 * 54):
            candidate = day + timedelta(days=offset)
            if self.ends_on is not None and candidate > self.ends_on:
                return None
            if self.falls_on(candidate):
                return candidate
        return None


def _weekday_list(days: tuple[int, ...], names: list[str]) -> str:
    """ "Monday–Friday", "Monday, Wednesday and Friday" (runs of three or more joined)."""
    runs: list[list[int]] = []
    for d in days:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts += [names[d] for d in run]
    if len(parts) == 1:
        return parts[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def _definite_weekday(day: int) -> str:
    """The weekday as in "the first Thursday of the month" (Swedish: "torsdagen")."""
    return [
        pgettext("the nth ... of the month", "Monday"),
        pgettext("the nth ... of the month", "Tuesday"),
        pgettext("the nth ... of the month", "Wednesday"),
        pgettext("the nth ... of the month", "Thursday"),
        pgettext("the nth ... of the month", "Friday"),
        pgettext("the nth ... of the month", "Saturday"),
        pgettext("the nth ... of the month", "Sunday"),
    ][day]


def describe(recurrence: Recurrence) -> str:
    """The recurrence in the active language: "1. torstai kuukaudessa", "varannan måndag"."""
    names = [str(WEEKDAY_NAMES[d]) for d in range(7)]
    r = recurrence
    if r.pattern == MONTHLY_NTH:
        days = _weekday_list(r.weekdays, [_definite_weekday(d) for d in range(7)])
        texts = {
            1: _("first %(weekdays)s of the month"),
            2: _("second %(weekdays)s of the month"),
            3: _("third %(weekdays)s of the month"),
            4: _("fourth %(weekdays)s of the month"),
            -1: _("last %(weekdays)s of the month"),
        }
        return texts[r.nth] % {"weekdays": days}
    days = _weekday_list(r.weekdays, names)
    if r.pattern == EVEN_WEEKS:
        return _("%(weekdays)s of even weeks") % {"weekdays": days}
    if r.pattern == ODD_WEEKS:
        return _("%(weekdays)s of odd weeks") % {"weekdays": days}
    every = {
        2: _("every other %(weekdays)s"),
        3: _("every third %(weekdays)s"),
        4: _("every fourth %(weekdays)s"),
    }
    if r.interval in every:
        return every[r.interval] % {"weekdays": days}
    if r.interval > 1:
        return _("%(weekdays)s every %(weeks)s weeks") % {"weekdays": days, "weeks": r.interval}
    return days

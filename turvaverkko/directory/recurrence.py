"""Recurrence in iCalendar terms: the one schedule vocabulary of sites and outreach visits.

`OpeningRule` says "every N weeks on these weekdays"; a visit also needs "the first Thursday
of the month" ("torstai 1") and "Thursdays of even ISO weeks". A `Recurrence` is that, written
as an RFC 5545 RRULE (which HSDS schedules copy field by field: freq, interval, byday,
byweekno), so the iCalendar feed, the HSDS schedule row and the expansion into dates all read
the same few fields. Even/odd ISO weeks are BYWEEKNO lists, not INTERVAL=2: a year with
53 ISO weeks would otherwise flip the parity.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.rrule import rrulestr

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKLY = "weekly"
EVERY_2_WEEKS = "every_2_weeks"
MONTHLY_NTH = "monthly_nth"
EVEN_WEEKS = "even_weeks"
ODD_WEEKS = "odd_weeks"
PATTERNS = (WEEKLY, EVERY_2_WEEKS, MONTHLY_NTH, EVEN_WEEKS, ODD_WEEKS)


@dataclass(frozen=True)
class Recurrence:
    pattern: str
    weekday: int  # 0 = Monday
    starts_on: date
    nth: int = 1  # MONTHLY_NTH: 1..4, or -1 for the last
    ends_on: date | None = None

    def __post_init__(self) -> None:
        if self.pattern not in PATTERNS:
            raise ValueError(f"unknown pattern {self.pattern!r}")
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0..6")
        if self.pattern == MONTHLY_NTH and self.nth not in (1, 2, 3, 4, -1):
            raise ValueError("nth must be 1..4 or -1")

    @property
    def byday(self) -> str:
        day = WEEKDAYS[self.weekday]
        return f"{self.nth}{day}" if self.pattern == MONTHLY_NTH else day

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
        return 2 if self.pattern == EVERY_2_WEEKS else 1

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
        first = datetime.combine(self.starts_on, time())
        rule = rrulestr(self.rrule(), dtstart=first)
        last = min(end, self.ends_on) if self.ends_on else end
        found = rule.between(
            datetime.combine(max(start, self.starts_on), time()),
            datetime.combine(last, time()),
            inc=True,
        )
        return [d.date() for d in found]

    def first_date(self) -> date | None:
        """The first date on or after starts_on (an iCalendar DTSTART must be an occurrence)."""
        rule = rrulestr(self.rrule(), dtstart=datetime.combine(self.starts_on, time()))
        found = rule.after(datetime.combine(self.starts_on, time()), inc=True)
        return found.date() if found else None

    def hsds_fields(self) -> dict[str, object]:
        """The recurrence as HSDS 3.0 schedule fields."""
        fields: dict[str, object] = {
            "freq": self.freq,
            "interval": self.interval,
            "byday": self.byday,
            "wkst": "MO",
            "dtstart": (self.first_date() or self.starts_on).isoformat(),
        }
        if self.byweekno:
            fields["byweekno"] = ",".join(map(str, self.byweekno))
        if self.ends_on:
            fields["until"] = self.ends_on.isoformat()
        return fields

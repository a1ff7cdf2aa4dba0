"""Which dates a series is held on: its recurrence minus public holidays and breaks."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from .holidays import finnish_public_holidays
from .models import HELSINKI, BreakPeriod, VisitSeries

MATERIALISE_DAYS = 366  # a year ahead


def excluded_dates(series: VisitSeries, start: date, end: date,
                   breaks: Iterable[BreakPeriod] | None = None) -> dict[date, str]:  # fmt: skip
    """Dates in [start, end] the recurrence gives but no visit is held, with the reason."""
    programme = series.programme
    found: dict[date, str] = {}
    periods = list(programme.breaks.all() if breaks is None else breaks)
    for day in series.recurrence.dates(start, end):
        if programme.skip_public_holidays:
            holiday = finnish_public_holidays(day.year).get(day)
            if holiday:
                found[day] = holiday
                continue
        for period in periods:
            if period.starts_on <= day <= period.ends_on:
                found[day] = period.name
                break
    return found


def held_dates(series: VisitSeries, start: date, end: date) -> list[date]:
    skip = excluded_dates(series, start, end)
    return [d for d in series.recurrence.dates(start, end) if d not in skip]


def visit_times(series: VisitSeries, day: date) -> tuple[datetime, datetime]:
    """Arrival and departure in Europe/Helsinki on `day` (aware, so right across DST)."""
    starts = datetime.combine(day, series.arrives_at, tzinfo=HELSINKI)
    ends = datetime.combine(day, series.departs_at, tzinfo=HELSINKI)
    if ends <= starts:
        ends += timedelta(days=1)
    return starts, ends


def slots(series: VisitSeries, day: date) -> list[datetime]:
    """Appointment start times of a visit: length plus buffer, within arrival–departure."""
    if not series.appointment_minutes:
        return []
    starts, ends = visit_times(series, day)
    step = timedelta(minutes=series.appointment_minutes + series.buffer_minutes)
    length = timedelta(minutes=series.appointment_minutes)
    found, at = [], starts
    while at + length <= ends:
        found.append(at)
        at += step
    return found


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=HELSINKI)

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from turvaverkko.directory import recurrence as rec
from turvaverkko.outreach import actions
from turvaverkko.outreach.holidays import finnish_public_holidays
from turvaverkko.outreach.models import BreakPeriod, Visit

from .factories import make_series

JAN_2026 = datetime(2026, 1, 2, 8, tzinfo=UTC)


def test_torstai_1_is_the_first_thursday_of_each_month():
    r = rec.Recurrence(rec.MONTHLY_NTH, 3, date(2026, 1, 1), nth=1)
    assert r.rrule() == "FREQ=MONTHLY;BYDAY=1TH;WKST=MO"
    assert r.dates(date(2026, 1, 1), date(2026, 4, 30)) == [
        date(2026, 1, 1), date(2026, 2, 5), date(2026, 3, 5), date(2026, 4, 2)
    ]  # fmt: skip


def test_even_weeks_keep_their_parity_across_a_53_week_year():
    # 2026 has ISO week 53 (Thursday 31 December): INTERVAL=2 would flip to odd weeks in 2027.
    r = rec.Recurrence(rec.EVEN_WEEKS, 3, date(2026, 11, 1))
    days = r.dates(date(2026, 11, 1), date(2027, 2, 1))
    assert [d.isocalendar().week for d in days] == [46, 48, 50, 52, 2, 4]
    odd = rec.Recurrence(rec.ODD_WEEKS, 3, date(2026, 12, 20)).dates(
        date(2026, 12, 20), date(2027, 1, 20)
    )
    assert odd == [date(2026, 12, 31), date(2027, 1, 7)]  # weeks 53 and 1


def test_finnish_public_holidays_2026():
    h = finnish_public_holidays(2026)
    assert h[date(2026, 4, 3)] == "Pitkäperjantai"
    assert h[date(2026, 5, 14)] == "Helatorstai"
    assert h[date(2026, 6, 19)] == "Juhannusaatto"
    assert h[date(2026, 10, 31)] == "Pyhäinpäivä"
    assert date(2026, 5, 7) not in h


@pytest.mark.django_db
@time_machine.travel(JAN_2026, tick=False)
def test_visits_a_year_ahead_without_holidays_and_breaks():
    series = make_series()
    BreakPeriod.objects.create(
        programme=series.programme, name="Kesätauko",
        starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 31),
    )  # fmt: skip
    actions.save_series(series)
    dates = set(series.visits.values_list("date", flat=True))
    assert date(2026, 1, 8) in dates and date(2026, 12, 17) in dates
    assert date(2026, 5, 14) not in dates  # Helatorstai
    assert date(2026, 12, 24) not in dates  # Jouluaatto
    assert not any(d.month == 7 for d in dates)  # summer break
    assert max(dates) <= date(2027, 1, 3)
    # 10.00 local time on both sides of the spring clock change
    march = series.visits.get(date=date(2026, 3, 26)).starts_at
    april = series.visits.get(date=date(2026, 4, 2)).starts_at
    assert (march.hour, april.hour) == (8, 7)  # UTC: +02:00, then +03:00


@pytest.mark.django_db
@time_machine.travel(JAN_2026, tick=False)
def test_one_visit_moved_or_cancelled_survives_a_change_of_the_series():
    series = make_series()
    actions.save_series(series)
    moved = series.visits.get(date=date(2026, 2, 5))
    actions.move_visit(
        moved, moved.starts_at.replace(hour=11), moved.ends_at.replace(hour=15), "Torilla"
    )
    cancelled = series.visits.get(date=date(2026, 2, 12))
    actions.cancel_visit(cancelled, "Myrsky")
    before = series.sequence
    series.arrives_at, series.departs_at = time(9), time(12)
    actions.save_series(series)
    assert series.sequence == before + 1
    moved.refresh_from_db()
    cancelled.refresh_from_db()
    assert moved.starts_at.hour == 11 and moved.moved
    assert cancelled.status == Visit.Status.CANCELLED
    other = series.visits.get(date=date(2026, 2, 19))
    assert other.starts_at.astimezone(rec_tz()).time() == time(9)


def rec_tz():
    from turvaverkko.outreach.models import HELSINKI

    return HELSINKI

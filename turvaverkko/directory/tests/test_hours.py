"""Opening hours logic: weekly rules, exceptions, midnight, DST, every other week."""

from datetime import UTC, date, datetime, time

import pytest

from turvaverkko.directory.hours import (
    HELSINKI,
    Exception_,
    Rule,
    is_open_at,
    open_interval_at,
    week_schedule,
    weekly_open_hours,
)


def hki(*args):
    return datetime(*args, tzinfo=HELSINKI)


def t(hh, mm=0):
    return time(hh, mm)


OFFICE = [Rule("MO,TU,WE,TH,FR", t(9), t(17))]


# 2025-06-02 is a Monday.
@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (hki(2025, 6, 2, 8, 59), False),
        (hki(2025, 6, 2, 9, 0), True),  # opening time is inclusive
        (hki(2025, 6, 4, 12, 0), True),
        (hki(2025, 6, 6, 16, 59), True),
        (hki(2025, 6, 6, 17, 0), False),  # closing time is exclusive
        (hki(2025, 6, 7, 12, 0), False),  # Saturday
        (hki(2025, 6, 8, 12, 0), False),  # Sunday
    ],
)
def test_weekday_rule(at, expected):
    assert is_open_at(OFFICE, [], at) is expected


def test_byday_forgives_case_and_spaces():
    assert is_open_at([Rule("mo, we", t(9), t(10))], [], hki(2025, 6, 4, 9, 30))


def test_naive_datetime_is_helsinki_and_utc_is_converted():
    assert is_open_at(OFFICE, [], datetime(2025, 6, 2, 9, 30))
    # 06:30 UTC is 09:30 in Helsinki in summer (UTC+3).
    assert is_open_at(OFFICE, [], datetime(2025, 6, 2, 6, 30, tzinfo=UTC))
    assert not is_open_at(OFFICE, [], datetime(2025, 6, 2, 5, 30, tzinfo=UTC))


def test_opening_past_midnight_belongs_to_its_start_day():
    night_cafe = [Rule("FR", t(20), t(2))]
    assert not is_open_at(night_cafe, [], hki(2025, 6, 6, 19, 59))
    assert is_open_at(night_cafe, [], hki(2025, 6, 6, 23, 30))
    assert is_open_at(night_cafe, [], hki(2025, 6, 7, 1, 59))  # Saturday night, Friday's rule
    assert not is_open_at(night_cafe, [], hki(2025, 6, 7, 2, 0))
    assert not is_open_at(night_cafe, [], hki(2025, 6, 8, 1, 0))  # no Saturday opening


def test_closing_at_midnight():
    evening = [Rule("MO", t(18), t(0))]
    assert is_open_at(evening, [], hki(2025, 6, 2, 23, 59))
    assert not is_open_at(evening, [], hki(2025, 6, 3, 0, 0))
    start, end = open_interval_at(evening, [], hki(2025, 6, 2, 20, 0))
    assert end == hki(2025, 6, 3, 0, 0)


def test_around_the_clock():
    always = [Rule("MO,TU,WE,TH,FR,SA,SU", t(0), t(0))]
    assert is_open_at(always, [], hki(2025, 6, 4, 3, 0))
    assert is_open_at(always, [], hki(2025, 6, 8, 23, 59))


def test_touching_openings_join_into_one():
    split = [Rule("MO", t(9), t(12)), Rule("MO", t(12), t(17))]
    start, end = open_interval_at(split, [], hki(2025, 6, 2, 10, 0))
    assert (start, end) == (hki(2025, 6, 2, 9, 0), hki(2025, 6, 2, 17, 0))
    lunch_break = [Rule("MO", t(9), t(11)), Rule("MO", t(12), t(17))]
    assert open_interval_at(lunch_break, [], hki(2025, 6, 2, 10, 0))[1] == hki(2025, 6, 2, 11)
    assert not is_open_at(lunch_break, [], hki(2025, 6, 2, 11, 30))


def test_closed_exception_closes_the_whole_day():
    midsummer = [Exception_(date(2025, 6, 20), closed=True, description="Juhannus")]
    assert not is_open_at(OFFICE, midsummer, hki(2025, 6, 20, 12, 0))
    assert is_open_at(OFFICE, midsummer, hki(2025, 6, 19, 12, 0))


def test_exception_with_other_hours_replaces_the_rules():
    short_day = [Exception_(date(2025, 6, 19), closed=False, opens_at=t(10), closes_at=t(13))]
    assert not is_open_at(OFFICE, short_day, hki(2025, 6, 19, 9, 30))
    assert is_open_at(OFFICE, short_day, hki(2025, 6, 19, 12, 0))
    assert not is_open_at(OFFICE, short_day, hki(2025, 6, 19, 14, 0))


def test_exception_opens_a_day_without_rules():
    saturday = [Exception_(date(2025, 6, 7), closed=False, opens_at=t(11), closes_at=t(15))]
    assert is_open_at(OFFICE, saturday, hki(2025, 6, 7, 12, 0))


def test_exception_on_the_next_day_does_not_cut_an_overnight_opening():
    night_cafe = [Rule("FR", t(20), t(2))]
    closed_saturday = [Exception_(date(2025, 6, 7), closed=True)]
    assert is_open_at(night_cafe, closed_saturday, hki(2025, 6, 7, 1, 0))
    closed_friday = [Exception_(date(2025, 6, 6), closed=True)]
    assert not is_open_at(night_cafe, closed_friday, hki(2025, 6, 7, 1, 0))


def test_every_other_week_counts_from_valid_from():
    # Anchor on a Wednesday: the anchor week is the ISO week of that day (Monday 2025-06-02).
    biweekly = [Rule("TU", t(10), t(12), interval=2, valid_from=date(2025, 6, 4))]
    assert not is_open_at(biweekly, [], hki(2025, 6, 3, 11, 0))  # before valid_from
    assert not is_open_at(biweekly, [], hki(2025, 6, 10, 11, 0))  # odd week
    assert is_open_at(biweekly, [], hki(2025, 6, 17, 11, 0))
    assert not is_open_at(biweekly, [], hki(2025, 6, 24, 11, 0))
    assert is_open_at(biweekly, [], hki(2025, 7, 1, 11, 0))


def test_every_other_week_across_a_year_with_53_iso_weeks():
    # 2026 has 53 ISO weeks; parity must follow the calendar weeks, not the ISO week number.
    biweekly = [Rule("TH", t(10), t(12), interval=2, valid_from=date(2026, 12, 24))]
    assert is_open_at(biweekly, [], hki(2026, 12, 24, 11, 0))
    assert not is_open_at(biweekly, [], hki(2026, 12, 31, 11, 0))
    assert is_open_at(biweekly, [], hki(2027, 1, 7, 11, 0))


def test_validity_range_is_inclusive():
    summer = [
        Rule("MO,TU,WE,TH,FR", t(9), t(15), valid_from=date(2025, 6, 2), valid_to=date(2025, 6, 6))
    ]
    assert is_open_at(summer, [], hki(2025, 6, 2, 10, 0))
    assert is_open_at(summer, [], hki(2025, 6, 6, 10, 0))
    assert not is_open_at(summer, [], hki(2025, 6, 9, 10, 0))
    assert not is_open_at(summer, [], hki(2025, 5, 30, 10, 0))


def test_overnight_opening_on_valid_to_runs_past_it():
    last_night = [Rule("FR", t(20), t(2), valid_to=date(2025, 6, 6))]
    assert is_open_at(last_night, [], hki(2025, 6, 7, 1, 0))


def test_spring_dst_change_night():
    # 2025-03-30: clocks jump from 03:00 EET to 04:00 EEST. 02:00–05:00 is two real hours.
    sunday_night = [Rule("SU", t(2), t(5))]
    assert is_open_at(sunday_night, [], datetime(2025, 3, 30, 0, 0, tzinfo=UTC))  # 02:00 EET
    assert is_open_at(sunday_night, [], datetime(2025, 3, 30, 1, 59, tzinfo=UTC))  # 04:59 EEST
    assert not is_open_at(sunday_night, [], datetime(2025, 3, 30, 2, 0, tzinfo=UTC))
    start, end = open_interval_at(sunday_night, [], datetime(2025, 3, 30, 1, 0, tzinfo=UTC))
    # Subtract in UTC: aware datetimes with the same tzinfo subtract as wall-clock times.
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 2 * 3600


def test_autumn_dst_change_night():
    # 2025-10-26: clocks fall back from 04:00 EEST to 03:00 EET. 02:00–05:00 is four real hours.
    sunday_night = [Rule("SU", t(2), t(5))]
    assert not is_open_at(sunday_night, [], datetime(2025, 10, 25, 22, 59, tzinfo=UTC))
    assert is_open_at(sunday_night, [], datetime(2025, 10, 25, 23, 0, tzinfo=UTC))  # 02:00 EEST
    assert is_open_at(sunday_night, [], datetime(2025, 10, 26, 2, 59, tzinfo=UTC))  # 04:59 EET
    assert not is_open_at(sunday_night, [], datetime(2025, 10, 26, 3, 0, tzinfo=UTC))


def test_office_hours_on_a_dst_weekend_are_wall_clock():
    weekend = [Rule("SA,SU", t(9), t(17))]
    assert is_open_at(weekend, [], hki(2025, 3, 30, 9, 0))
    assert not is_open_at(weekend, [], hki(2025, 3, 30, 8, 59))
    assert not is_open_at(weekend, [], hki(2025, 10, 26, 17, 0))
    assert weekly_open_hours(weekend, week_start=date(2025, 3, 24)) == 16


def test_week_schedule_lists_seven_days_with_exceptions():
    rules = OFFICE + [Rule("FR", t(20), t(2), description="Yökahvila")]
    exceptions = [Exception_(date(2025, 6, 20), closed=True, description="Juhannusaatto")]
    days = week_schedule(rules, exceptions, date(2025, 6, 18))  # a Wednesday
    assert [d.day for d in days][0] == date(2025, 6, 16)
    assert [d.weekday for d in days] == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    assert [(o.opens_at, o.closes_at) for o in days[0].openings] == [(t(9), t(17))]
    friday = days[4]
    assert friday.closed and friday.exceptional and friday.notes == ["Juhannusaatto"]
    assert days[5].closed and not days[5].exceptional
    normal_friday = week_schedule(rules, [], date(2025, 6, 9))[4]
    assert [o.overnight for o in normal_friday.openings] == [False, True]
    assert normal_friday.openings[1].note == "Yökahvila"


def test_weekly_open_hours():
    assert weekly_open_hours(OFFICE, week_start=date(2025, 6, 2)) == 40
    overlapping = OFFICE + [Rule("MO", t(16), t(19))]
    assert weekly_open_hours(overlapping, week_start=date(2025, 6, 2)) == 42
    overnight = [Rule("FR", t(20), t(2))]
    assert weekly_open_hours(overnight, week_start=date(2025, 6, 2)) == 6
    always = [Rule("MO,TU,WE,TH,FR,SA,SU", t(0), t(0))]
    assert weekly_open_hours(always, week_start=date(2025, 6, 2)) == 168


def test_weekly_open_hours_every_other_week_counts_half_on_average():
    biweekly = [Rule("TU", t(10), t(20), interval=2, valid_from=date(2025, 6, 2))]
    assert weekly_open_hours(biweekly, week_start=date(2025, 6, 2)) == 5
    assert weekly_open_hours(biweekly, week_start=date(2025, 6, 2), weeks=1) == 10
    assert weekly_open_hours(biweekly, week_start=date(2025, 6, 9), weeks=1) == 0


def test_weekly_open_hours_applies_exceptions_and_validity():
    closed_monday = [Exception_(date(2025, 6, 2), closed=True)]
    assert weekly_open_hours(OFFICE, closed_monday, week_start=date(2025, 6, 2)) == 32
    ending = [Rule("MO,TU,WE,TH,FR", t(9), t(17), valid_to=date(2025, 6, 3))]
    assert weekly_open_hours(ending, week_start=date(2025, 6, 2)) == 16

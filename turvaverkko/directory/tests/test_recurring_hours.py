"""Opening rules with a recurrence: "torstai 1" (the first Thursday of the month), every N
weeks, even and odd ISO weeks — on the page, in `is_open_at` and in the site's iCalendar feed
as a calendar client reads it, across the clock changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import recurring_ical_events
import time_machine
from dateutil.rrule import rrulestr
from icalendar import Calendar

from turvaverkko.directory import hours
from turvaverkko.directory import recurrence as rec
from turvaverkko.directory.hours import HELSINKI, Rule, is_open_at, openings_on
from turvaverkko.directory.models import OpeningRule

from .factories import OpeningExceptionFactory, OpeningRuleFactory, SiteFactory

TODAY = datetime(2027, 1, 5, 9, tzinfo=UTC)  # a Tuesday in standard time
YEAR = (date(2027, 1, 1), date(2027, 12, 31))  # clocks change on 28 Mar and 31 Oct 2027


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), HELSINKI)


TORSTAI_1 = Rule("TH", time(10), time(12), pattern=rec.MONTHLY_NTH, nth=1)


@pytest.mark.parametrize(
    "recurrence",
    [
        rec.Recurrence(rec.WEEKLY, (0, 3), date(2019, 12, 31)),
        rec.Recurrence(rec.EVERY_2_WEEKS, 1, date(2020, 1, 8)),  # anchored mid-week
        rec.Recurrence(rec.WEEKLY, (2, 5), date(2019, 11, 7), weeks=3),
        rec.Recurrence(rec.MONTHLY_NTH, 3, date(2019, 12, 1), nth=1),
        rec.Recurrence(rec.MONTHLY_NTH, (0, 4), date(2019, 12, 1), nth=4),
        rec.Recurrence(rec.MONTHLY_NTH, 4, date(2019, 12, 1), nth=-1),
        rec.Recurrence(rec.EVEN_WEEKS, (1, 6), date(2019, 12, 1)),
        rec.Recurrence(rec.ODD_WEEKS, 3, date(2019, 12, 1), ends_on=date(2026, 6, 30)),
    ],
    ids=lambda r: f"{r.pattern}-{r.byday}-{r.interval}",
)
def test_falls_on_is_the_rrule_expansion(recurrence):
    """The page's per-day test and the RRULEs a calendar expands give the same dates over
    years that include 2020 and 2026 with their ISO week 53."""
    start, end = date(2019, 12, 1), date(2027, 12, 31)
    by_day = {start + timedelta(days=n) for n in range((end - start).days + 1)}
    falls = {d for d in by_day if recurrence.falls_on(d)}
    assert set(recurrence.dates(start, end)) == falls
    expanded = set()
    for piece in recurrence.pieces(start, end):
        rule = rrulestr(piece.rrule(), dtstart=datetime.combine(piece.starts_on, time()))
        found = rule.between(datetime(2019, 12, 1), datetime(2028, 1, 1), inc=True)
        expanded |= {d.date() for d in found}
    assert expanded == falls
    if recurrence.pattern not in (rec.EVEN_WEEKS, rec.ODD_WEEKS):
        whole = rrulestr(recurrence.rrule(), dtstart=datetime.combine(recurrence.starts_on, time()))
        found = whole.between(datetime(2019, 12, 1), datetime(2028, 1, 1), inc=True)
        assert {d.date() for d in found} == falls


def test_torstai_1_is_open_on_the_first_thursday_only():
    rules = [TORSTAI_1]
    assert is_open_at(rules, [], at(date(2027, 1, 7), 11))  # the first Thursday
    assert not is_open_at(rules, [], at(date(2027, 1, 14), 11))  # the second Thursday
    assert not is_open_at(rules, [], at(date(2027, 1, 7), 12))  # closed at 12
    assert is_open_at(rules, [], at(date(2027, 4, 1), 10))  # after the clock change
    first_thursdays = [
        d for d in (YEAR[0] + timedelta(days=n) for n in range(365)) if openings_on(rules, [], d)
    ]
    assert first_thursdays == [date(2027, m, d) for m, d in [
        (1, 7), (2, 4), (3, 4), (4, 1), (5, 6), (6, 3), (7, 1), (8, 5), (9, 2), (10, 7),
        (11, 4), (12, 2)]]  # fmt: skip


def test_last_friday_and_even_weeks():
    last_friday = Rule("FR", time(18), time(20), pattern=rec.MONTHLY_NTH, nth=-1)
    assert is_open_at([last_friday], [], at(date(2027, 1, 29), 19))
    assert not is_open_at([last_friday], [], at(date(2027, 1, 22), 19))
    even = Rule("MO", time(16), time(19), pattern=rec.EVEN_WEEKS)
    assert is_open_at([even], [], at(date(2027, 1, 11), 17))  # ISO week 2
    assert not is_open_at([even], [], at(date(2027, 1, 4), 17))  # ISO week 1
    # 2026 has 53 ISO weeks: week 53 and week 1 of 2027 are both odd.
    odd = Rule("MO", time(16), time(19), pattern=rec.ODD_WEEKS)
    assert is_open_at([odd], [], at(date(2026, 12, 28), 17))
    assert is_open_at([odd], [], at(date(2027, 1, 4), 17))


def test_weekly_open_hours_of_a_monthly_rule_are_averaged_over_a_year():
    # Twelve two-hour openings a year (of 52 weeks from this Monday: 12 first Thursdays).
    assert hours.weekly_open_hours([TORSTAI_1], week_start=date(2027, 1, 4)) == pytest.approx(
        24 / 52
    )


@pytest.fixture
def torstai_site(db):
    site = SiteFactory(name_fi="Kylätalo", name_sv="Byhuset")
    OpeningRuleFactory(
        site=site, byday="TH", opens_at=time(10), closes_at=time(12),
        pattern=rec.MONTHLY_NTH, nth=1, description="Kahvila",
    )  # fmt: skip
    OpeningRuleFactory(
        site=site, byday="MO,WE", opens_at=time(16), closes_at=time(19),
        pattern=rec.EVEN_WEEKS, valid_to=date(2027, 11, 30),
    )  # fmt: skip
    OpeningRuleFactory(
        site=site, byday="TU", opens_at=time(22), closes_at=time(1), interval=2,
        valid_from=date(2027, 1, 5),
    )  # fmt: skip
    OpeningExceptionFactory(site=site, date=date(2027, 5, 6), description="Helatorstai")
    OpeningExceptionFactory(
        site=site, date=date(2027, 6, 3), closed=False, opens_at=time(9), closes_at=time(11)
    )
    return site


def test_site_page_says_the_rule_in_words_and_shows_it_in_its_week(client, torstai_site):
    url = f"/fi/sites/{torstai_site.pk}/"
    with time_machine.travel(TODAY, tick=False):
        page = client.get(url).content.decode()
        first_week = client.get(url, {"week": "2027-01-04"}).content.decode()
        second_week = client.get(url, {"week": "2027-01-11"}).content.decode()
        swedish = client.get(f"/sv/sites/{torstai_site.pk}/").content.decode()
    assert "1. torstai kuukaudessa 10.00–12.00" in page
    assert "Maanantai ja keskiviikko parillisilla viikoilla 16.00–19.00" in page
    assert "Joka toinen tiistai 22.00–1.00" in page
    assert "Första torsdagen i månaden 10.00–12.00" in swedish
    table = '<table class="hours">'
    assert "10.00–12.00" in first_week.split(table)[1]  # Thursday 7 January
    assert "10.00–12.00" not in second_week.split(table)[1]
    assert f'href="/fi/sites/{torstai_site.pk}/hours.ics"' in page


def _feed(client, site) -> Calendar:
    with time_machine.travel(TODAY, tick=False):
        response = client.get(f"/fi/sites/{site.pk}/hours.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_site_feed_is_the_page_hours_on_every_day_of_a_year_with_two_clock_changes(
    client, torstai_site
):
    cal = _feed(client, torstai_site)
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    low, high = datetime(2027, 1, 1, tzinfo=HELSINKI), datetime(2028, 1, 1, tzinfo=HELSINKI)
    served = {
        (e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC))
        for e in recurring_ical_events.of(cal).between(low, high)
        if str(e.get("STATUS")) != "CANCELLED"
    }
    rules = list(OpeningRule.objects.filter(site=torstai_site))
    exceptions = list(torstai_site.opening_exceptions.all())
    expected = {
        opening.instants()
        for day in (YEAR[0] + timedelta(days=n) for n in range(365))
        for opening in openings_on(rules, exceptions, day)
    }
    assert served == expected
    # 10.00 Helsinki time is 08 UTC in winter and 07 UTC in summer.
    assert (datetime(2027, 2, 4, 8, tzinfo=UTC), datetime(2027, 2, 4, 10, tzinfo=UTC)) in served
    assert (datetime(2027, 4, 1, 7, tzinfo=UTC), datetime(2027, 4, 1, 9, tzinfo=UTC)) in served
    assert not [s for s in served if s[0].date() == date(2027, 5, 6)]  # Helatorstai
    assert [s for s in served if s[0].date() == date(2027, 6, 3)] == [
        (datetime(2027, 6, 3, 6, tzinfo=UTC), datetime(2027, 6, 3, 8, tzinfo=UTC))
    ]
    master = next(e for e in cal.walk("VEVENT") if "1TH" in e["RRULE"].to_ical().decode())
    assert "1. torstai kuukaudessa" in str(master["DESCRIPTION"])
    assert str(master["URL"]).endswith(f"/sites/{torstai_site.pk}/")


def test_unpublished_site_has_no_public_feed(client, torstai_site):
    torstai_site.is_published = False
    torstai_site.save()
    assert client.get(f"/fi/sites/{torstai_site.pk}/hours.ics").status_code == 404

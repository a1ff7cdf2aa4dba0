"""Served HSDS schedules are right on every day of a year with both clock changes.

Every schedule row of a service is turned into an iCalendar event with `icalendar` (fixed
UTC offset from `opens_at`, RRULE from freq/interval/byday/wkst/until), written out and read
back, its recurrence expanded with dateutil, and each occurrence compared, as an instant,
with what the site page's own opening-hours logic (directory.hours) says for that day.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone

import icalendar
import pytest
from dateutil.rrule import rrulestr

from turvaverkko.api.hsds import queries
from turvaverkko.api.hsds.serializers import Builder
from turvaverkko.directory import actions, hours
from turvaverkko.directory.models import OpeningException, OpeningRule
from turvaverkko.directory.tests.factories import OpeningExceptionFactory, OpeningRuleFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)  # standard time; spring and autumn changes ahead
YEAR = (date(2027, 1, 1), date(2027, 12, 31))


def _offset(text: str) -> timezone:
    sign = -1 if text[8] == "-" else 1
    return timezone(sign * timedelta(hours=int(text[9:11]), minutes=int(text[12:14])))


def _event(row: dict) -> icalendar.Calendar:
    tz = _offset(row["opens_at"])
    start_day = date.fromisoformat(row["dtstart"])
    opens = time.fromisoformat(row["opens_at"][:8])
    closes = time.fromisoformat(row["closes_at"][:8])
    end_day = start_day + timedelta(days=1) if closes <= opens else start_day
    event = icalendar.Event()
    event.add("uid", row["id"])
    # In UTC: a fixed offset has no TZID a reader knows (the times here are daytime, so
    # the weekday is the same in UTC).
    event.add("dtstart", datetime.combine(start_day, opens, tz).astimezone(UTC))
    end = datetime.combine(end_day, closes, _offset(row["closes_at"]))
    event.add("dtend", end.astimezone(UTC))
    rule = {"FREQ": row["freq"], "INTERVAL": row.get("interval", 1), "WKST": row["wkst"]}
    rule["BYDAY"] = row["byday"].split(",")
    if row.get("until"):
        last = datetime.combine(date.fromisoformat(row["until"]), time(23, 59, 59), tz)
        rule["UNTIL"] = last.astimezone(UTC)
    event.add("rrule", rule)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//turvaverkko test//")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return icalendar.Calendar.from_ical(calendar.to_ical())


def occurrences(rows: list[dict]) -> set[tuple[datetime, datetime]]:
    """(start, end) in UTC of every occurrence in YEAR of the rows that have times."""
    low = datetime.combine(YEAR[0], time.min, UTC)
    high = datetime.combine(YEAR[1] + timedelta(days=1), time.min, UTC)
    found = set()
    for row in rows:
        if "opens_at" not in row:
            continue
        assert hours.WEEKDAYS[date.fromisoformat(row["dtstart"]).weekday()] in row["byday"]
        assert row["valid_from"] == row["dtstart"]
        [event] = _event(row).walk("VEVENT")
        start = event.decoded("dtstart")
        length = event.decoded("dtend") - start
        recurrence = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
        for moment in recurrence.between(low - timedelta(days=1), high, inc=True):
            if low <= moment < high:
                found.add((moment.astimezone(UTC), (moment + length).astimezone(UTC)))
    return found


def expected(rules, exceptions, *, site_hours=True) -> set[tuple[datetime, datetime]]:
    """Every opening in YEAR by the directory's own hours logic. Without `site_hours`
    (a service at the site), an exception's other hours are the site's, not the service's."""
    found = set()
    day = YEAR[0]
    while day <= YEAR[1]:
        for opening in hours.openings_on(rules, exceptions, day):
            if site_hours or not opening.from_exception:
                found.add(opening.instants())
        day += timedelta(days=1)
    return found


@pytest.fixture
def hours_everywhere(directory):
    site = directory.site
    OpeningRuleFactory(
        site=site,
        byday="WE,SA",
        opens_at=time(18),
        closes_at=time(21, 30),
        valid_from=date(2027, 2, 1),  # a Monday: the first opening is on Wednesday
        valid_to=date(2027, 9, 30),
    )
    OpeningExceptionFactory(site=site, date=date(2027, 6, 25), description="Juhannusaatto")
    OpeningExceptionFactory(site=site, date=date(2027, 6, 26), description="Juhannuspäivä")
    OpeningExceptionFactory(
        site=site, date=date(2027, 4, 1), closed=False, opens_at=time(8), closes_at=time(12)
    )
    OpeningExceptionFactory(site=site, date=date(2027, 3, 30))  # a Tuesday after the change
    return directory


def served_service(service_id) -> dict:
    """/hsds/services/{id} as the view builds it, on TODAY."""
    qs = queries.full_services(queries.public_services().filter(pk=service_id))
    return Builder("fi", today=TODAY).service(qs.get())


def test_every_served_occurrence_matches_the_site_page_hours(hours_everywhere):
    d = hours_everywhere
    service = served_service(d.service.id)
    site_exceptions = list(OpeningException.objects.filter(site=d.site))

    own = OpeningRule.objects.filter(service=d.service, site=None)
    assert occurrences(service["schedules"]) == expected(own, [])

    [sal] = service["service_at_locations"]
    at_site = OpeningRule.objects.filter(service=d.service, site=d.site)
    assert occurrences(sal["schedules"]) == expected(at_site, site_exceptions, site_hours=False)

    location = sal["location"]
    site_rules = OpeningRule.objects.filter(site=d.site, service=None)
    served = occurrences(location["schedules"])
    assert served == expected(site_rules, site_exceptions)
    # Monday 9–17 Helsinki time is 07–15 UTC in winter and 06–14 UTC in summer.
    winter = datetime(2027, 1, 4, 7, tzinfo=UTC), datetime(2027, 1, 4, 15, tzinfo=UTC)
    summer = datetime(2027, 6, 7, 6, tzinfo=UTC), datetime(2027, 6, 7, 14, tzinfo=UTC)
    assert {winter, summer} <= served
    # Midsummer Eve is closed; 1 April has only its own hours.
    assert not [s for s in served if s[0].date() == date(2027, 6, 25)]
    assert [s for s in served if s[0].date() == date(2027, 4, 1)] == [
        (datetime(2027, 4, 1, 5, tzinfo=UTC), datetime(2027, 4, 1, 9, tzinfo=UTC))
    ]


def test_segments_keep_the_rule_for_the_importer(hours_everywhere):
    location = served_service(hours_everywhere.service.id)["service_at_locations"][0]["location"]
    rows = [r for r in location["schedules"] if not r.get("opening_exception")]
    by_rule: dict[str, list[dict]] = {}
    for row in rows:
        by_rule.setdefault(row["opening_rule_id"], []).append(row)
    assert len(by_rule) == 2
    weekdays = next(v for v in by_rule.values() if v[0]["byday"] == "MO,TU,WE,TH,FR")
    # Served from the start of this winter (25 Oct 2026) for four clock changes.
    assert weekdays[0]["valid_from"] == "2026-10-26"
    assert {r["opens_at"][8:] for r in weekdays} == {"+02:00", "+03:00"}
    assert {r["timezone"] for r in weekdays} == {2, 3}
    assert all("rule_valid_from" not in r for r in weekdays)
    evenings = next(v for v in by_rule.values() if v[0]["byday"] == "WE,SA")
    assert [(r["valid_from"], r["valid_to"]) for r in evenings] == [
        ("2027-02-03", "2027-03-27"),
        ("2027-03-31", "2027-06-25"),  # 28 Mar: clocks change; Sat 26 Jun: closed
        ("2027-06-30", "2027-09-30"),
    ]
    assert {r["rule_valid_from"] for r in evenings} == {"2027-02-01"}


def test_last_modified_moves_when_the_site_hours_change(client, directory, personas):
    from turvaverkko.directory.models import Service

    old = datetime(2026, 1, 1, tzinfo=UTC)
    Service.objects.filter(pk=directory.service.pk).update(modified_at=old)
    before = client.get(f"/hsds/services/{directory.service.id}").json()["last_modified"]
    assert before == "2026-01-01T00:00:00Z"
    rule = OpeningRule.objects.get(site=directory.site, service=None)
    changes = actions.ChildChanges(rows=[{"id": rule.pk, "opens_at": time(8)}])
    actions.update_site(directory.site, by=personas.olli, data={}, rules=changes)
    after = client.get(f"/hsds/services/{directory.service.id}").json()["last_modified"]
    assert after > before
    listed = client.get("/hsds/services").json()["contents"]
    assert {s["last_modified"] for s in listed if s["id"] == str(directory.service.id)} == {after}


@pytest.fixture
def recurring_hours(directory):
    """Site rules that are not simply weekly: "torstai 1", the last Friday, even ISO weeks."""
    site = directory.site
    OpeningRuleFactory(site=site, byday="TH", opens_at=time(10), closes_at=time(12),
                       pattern="monthly_nth", nth=1)  # fmt: skip
    OpeningRuleFactory(site=site, byday="FR", opens_at=time(18), closes_at=time(20),
                       pattern="monthly_nth", nth=-1, valid_to=date(2027, 10, 31))  # fmt: skip
    OpeningRuleFactory(site=site, byday="MO,SA", opens_at=time(16), closes_at=time(19),
                       pattern="odd_weeks", description="Nuorten ilta")  # fmt: skip
    OpeningExceptionFactory(site=site, date=date(2027, 5, 6), description="Helatorstai")
    return directory


def test_recurring_rules_are_served_valid_and_right_on_every_day(recurring_hours):
    from turvaverkko.api.hsds import spec

    d = recurring_hours
    service = served_service(d.service.id)
    location = service["service_at_locations"][0]["location"]
    rows = location["schedules"]
    # The compiled official schemas (HSDS has no YEARLY: even/odd weeks are WEEKLY rows).
    assert spec.errors("service", service) == []
    assert spec.errors("location", location) == []
    yearly = {**location, "schedules": [{**rows[0], "freq": "YEARLY"}]}
    assert spec.errors("location", yearly) != []
    site_rules = OpeningRule.objects.filter(site=d.site, service=None)
    exceptions = list(OpeningException.objects.filter(site=d.site))
    assert occurrences(rows) == expected(site_rules, exceptions)
    monthly = [r for r in rows if r.get("byday") == "1TH"]
    assert {r["freq"] for r in monthly} == {"MONTHLY"}
    assert monthly[0]["description"] == "1. torstai kuukaudessa 10.00–12.00"
    # Odd ISO weeks: every other week within one ISO year; 2026 has a week 53, so the
    # weeks 53 and 1 (28 Dec 2026 and 4 Jan 2027) are both open: a new row at week 1.
    odd = [r for r in rows if r.get("rule_pattern") == "odd_weeks"]
    assert {(r["freq"], r["interval"]) for r in odd} == {("WEEKLY", 2)}
    assert ("2027-01-03", "2027-01-04") in {
        (a["valid_to"], b["dtstart"]) for a, b in zip(odd, odd[1:], strict=False)
    }
    assert odd[0]["description"] == (
        "Maanantai ja lauantai parittomilla viikoilla 16.00–19.00 – Nuorten ilta"
    )
    swedish = Builder("sv", today=TODAY).location(d.site)
    assert "Första torsdagen i månaden 10.00–12.00" in {
        r.get("description") for r in swedish["schedules"]
    }


def test_a_rules_note_is_served_in_the_asked_language_or_finnish(directory):
    OpeningRuleFactory(site=directory.site, byday="TH", opens_at=time(18), closes_at=time(20),
                       description_fi="kyläilta", description_sv="byakväll")  # fmt: skip

    def notes(lang):
        rows = Builder(lang, today=TODAY).location(directory.site)["schedules"]
        return {r["description"] for r in rows if r.get("byday") == "TH" and "opening_rule_id" in r}

    assert notes("sv") == {"Torsdag 18.00–20.00 – byakväll"}
    assert notes("fi") == {"Torstai 18.00–20.00 – kyläilta"}
    assert notes("en") == {"Thursday 18:00–20:00 – kyläilta"}  # no English note: Finnish

"""The iCalendar feeds as a calendar client reads them, and the HSDS output."""

from datetime import UTC, date, datetime, time
from typing import cast

import pytest
import recurring_ical_events
import time_machine
from django.urls import reverse
from icalendar import Calendar

from turvaverkko.api.hsds import spec
from turvaverkko.directory.models import Service
from turvaverkko.directory.tests.factories import ServiceFactory
from turvaverkko.outreach import actions, hsds
from turvaverkko.outreach.models import HELSINKI, VisitSeries

from .factories import make_series

JAN_2026 = datetime(2026, 1, 2, 8, tzinfo=UTC)


@pytest.fixture
def series(db):
    with time_machine.travel(JAN_2026, tick=False):
        s = make_series(pattern=VisitSeries.Pattern.WEEKLY, weekday=3)
        actions.save_series(s)
        moved = s.visits.get(date=date(2026, 4, 9))
        actions.move_visit(
            moved,
            datetime.combine(moved.date, time(12), HELSINKI),
            datetime.combine(moved.date, time(15), HELSINKI),
        )
        actions.cancel_visit(s.visits.get(date=date(2026, 3, 19)), "Myrsky")
    return s


def _feed(client, url):
    with time_machine.travel(JAN_2026, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_programme_feed_keeps_local_times_across_dst_and_honours_exceptions(client, series):
    cal = _feed(client, reverse("outreach:programme_ics", kwargs={"pk": series.programme_id}))
    assert str(cal["NAME"]) == "Järjestöt on the Road"
    assert "REFRESH-INTERVAL" in cal
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    occurrences = recurring_ical_events.of(cal).between(date(2026, 3, 1), date(2026, 6, 1))
    by_day = {e["DTSTART"].dt.date(): e for e in occurrences}
    # 10.00 Helsinki time before and after the clock change of 29 March
    for day in (date(2026, 3, 26), date(2026, 4, 2), date(2026, 5, 21)):
        start = by_day[day]["DTSTART"].dt.astimezone(HELSINKI)
        assert (start.hour, start.minute) == (10, 0), day
    assert date(2026, 4, 2) in by_day
    assert date(2026, 5, 14) not in by_day  # Helatorstai: EXDATE
    assert str(by_day[date(2026, 3, 19)]["STATUS"]) == "CANCELLED"
    assert by_day[date(2026, 4, 9)]["DTSTART"].dt.astimezone(HELSINKI).hour == 12
    master = [e for e in cal.walk("VEVENT") if "RRULE" in e][0]
    assert master["UID"] == f"outreach-series-{series.pk}@turvaverkko"
    assert "Huittinen" in str(master["LOCATION"])
    assert str(master["URL"]).endswith(f"/outreach/sites/{series.site_id}/")


def test_series_change_bumps_sequence_with_a_stable_uid(client, series):
    url = reverse("outreach:site_ics", kwargs={"pk": series.site_id})
    first = [e for e in _feed(client, url).walk("VEVENT") if "RRULE" in e][0]
    with time_machine.travel(JAN_2026, tick=False):
        series.arrives_at = time(9)
        actions.save_series(series)
    second = [e for e in _feed(client, url).walk("VEVENT") if "RRULE" in e][0]
    assert second["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1


def test_torstai_1_feed(client, db):
    with time_machine.travel(JAN_2026, tick=False):
        s = make_series(pattern=VisitSeries.Pattern.MONTHLY_NTH, weekday=3, nth=1)
        actions.save_series(s)
    cal = _feed(client, reverse("outreach:site_ics", kwargs={"pk": s.site_id}))
    days = [e["DTSTART"].dt.date() for e in
            recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2026, 7, 1))]  # fmt: skip
    # Uudenvuodenpäivä is the first Thursday of January 2026: an EXDATE, and no visit
    assert days == [date(2026, 2, 5), date(2026, 3, 5), date(2026, 4, 2), date(2026, 5, 7),
                    date(2026, 6, 4)]  # fmt: skip
    assert not s.visits.filter(date=date(2026, 1, 1)).exists()


def test_hsds_service_at_location_validates(series):
    series.services.add(ServiceFactory(name_fi="Palveluohjaus"))
    docs = hsds.service_at_locations(series, date(2026, 1, 2))
    assert len(docs) == 1
    assert spec.errors("service_at_location", docs[0]) == []
    rows = docs[0]["schedules"]
    # one row per stretch between clock changes: winter, summer, winter
    assert [r["opens_at"] for r in rows] == ["10:00:00+02:00", "10:00:00+03:00", "10:00:00+02:00"]
    assert all(r["freq"] == "WEEKLY" and r["byday"] == "TH" for r in rows)
    assert "14.05.2026 (Helatorstai)" in rows[0]["notes"]


def test_programme_hsds_endpoint_serves_valid_documents(client, series):
    series.services.add(ServiceFactory(name_fi="Vertaisryhmä"))
    with time_machine.travel(JAN_2026, tick=False):
        response = client.get(
            reverse("outreach:programme_hsds", kwargs={"pk": series.programme_id})
        )
    [doc] = response.json()["contents"]
    assert spec.errors("service_at_location", doc) == []
    assert doc["location_id"] == str(series.site_id)


def test_hsds_even_weeks_series_is_valid_hsds(db):
    """HSDS has no YEARLY: even ISO weeks are served as every other week in each ISO year."""
    with time_machine.travel(JAN_2026, tick=False):
        s = make_series(pattern=VisitSeries.Pattern.EVEN_WEEKS, weekday=3)
        actions.save_series(s)
    s.services.add(cast(Service, ServiceFactory(name_fi="Palveluohjaus")))
    [doc] = hsds.service_at_locations(s, date(2026, 1, 2))
    assert spec.errors("service_at_location", doc) == []
    rows = doc["schedules"]
    assert {(r["freq"], r["interval"], r["byday"]) for r in rows} == {("WEEKLY", 2, "TH")}
    assert all(date.fromisoformat(r["dtstart"]).isocalendar().week % 2 == 0 for r in rows)
    assert [r["opens_at"][8:] for r in rows] == ["+02:00", "+03:00", "+02:00"]

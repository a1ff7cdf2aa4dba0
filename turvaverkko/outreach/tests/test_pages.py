"""Public pages: the next visit in the directory search, timetables with Schema.org, the
printable timetable, and subscribing to cancellations."""

import json
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.outreach import actions
from turvaverkko.outreach.models import Subscriber, VisitSeries

from .factories import make_series, make_stop

JAN_2026 = datetime(2026, 1, 2, 8, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def laitila(db):
    municipality = MunicipalityFactory(code="400", name_fi="Laitila", name_sv="Letala")
    stop = make_stop(name_fi="Laitilan tori", municipality=municipality, latitude=60.878,
                     longitude=21.693, postal_code="", city="Laitila")  # fmt: skip
    with time_machine.travel(JAN_2026, tick=False):
        series = make_series(site=stop, pattern=VisitSeries.Pattern.MONTHLY_NTH, nth=1)
        actions.save_series(series)
    return series


def test_next_visit_near_laitila_in_the_directory_search(client, laitila):
    with time_machine.travel(JAN_2026, tick=False):
        page = client.get(reverse("directory:search"), {"q": "Laitila"})
    html = page.content.decode()
    assert "Laitilan tori" in html
    # the first Thursday of January 2026 is a public holiday: the next visit is 5 February
    assert re.search(
        r"Next visit: <a href=\"/en/outreach/sites/[0-9a-f-]+/\">Thu 5\.2\. 10\.00", html
    )


def test_programme_page_has_timetable_schema_org_and_feed_links(client, laitila):
    url = reverse("outreach:programme", kwargs={"pk": laitila.programme_id})
    with time_machine.travel(JAN_2026, tick=False):
        html = client.get(url).content.decode()
    assert "Laitilan tori" in html and "webcal://" in html
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    schedule = data[0]["eventSchedule"]
    assert schedule["byDay"] == "https://schema.org/Thursday"
    assert schedule["byMonthWeek"] == 1 and schedule["repeatFrequency"] == "P1M"
    assert schedule["startTime"] == "10:00" and schedule["scheduleTimezone"] == "Europe/Helsinki"
    # the holiday is not on the timetable, the next visits are
    assert "Thu 1.1.2026" not in html and "Thu 5.2.2026" in html


def test_subscribe_to_cancellations_and_get_told(client, laitila):
    url = reverse("outreach:subscribe", kwargs={"pk": laitila.programme_id})
    assert client.post(url, {"phone": "not a number"}).status_code == 302
    assert not Subscriber.objects.exists()
    client.post(url, {"phone": "044 535 0000"})
    sub = Subscriber.objects.get()
    assert sub.phone == "+358445350000"
    visit = laitila.visits.get(date=date(2026, 2, 5))
    with time_machine.travel(JAN_2026, tick=False):
        assert actions.cancel_visit(visit, "Bussi huollossa") == 1


def test_dashboard_lists_the_programmes_a_coordinator_runs(client_as, personas, laitila):
    laitila.programme.municipalities.set([personas.huittinen])
    with translation.override("fi"):
        html = client_as("kaisa").get(reverse("web:dashboard")).content.decode()
        assert "Järjestöt on the Road" in html
        assert reverse("outreach:reach", kwargs={"pk": laitila.programme_id}) in html
        other = client_as("mikko").get(reverse("web:dashboard")).content.decode()
    assert "Järjestöt on the Road" not in other  # Muonio's coordinator does not run it


def test_coordinator_moves_one_visit_and_the_series_stays(client_as, personas, laitila):
    laitila.programme.municipalities.set([personas.huittinen])
    visit = laitila.visits.get(date=date(2026, 3, 5))
    url = reverse("outreach:visit_move", kwargs={"pk": visit.pk})
    kaisa = client_as("kaisa")
    bad = kaisa.post(url, {"day": "2026-03-06", "arrives_at": "12:00", "departs_at": "11:00"})
    assert "departs_at" in bad.context["form"].errors
    with time_machine.travel(JAN_2026, tick=False):
        kaisa.post(url, {"day": "2026-03-06", "arrives_at": "12:00", "departs_at": "15:00",
                         "note": "Torilla markkinat"})  # fmt: skip
    visit.refresh_from_db()
    assert visit.moved and visit.date == date(2026, 3, 5)  # still the series' date
    assert visit.starts_at == datetime(2026, 3, 6, 10, tzinfo=UTC)  # 12.00 in Helsinki
    assert laitila.visits.get(date=date(2026, 4, 2)).starts_at.hour == 7  # 10.00 summer time
    assert client_as("mikko").get(url).status_code in (403, 404)

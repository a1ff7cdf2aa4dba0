"""SMS keywords for volunteers (STOP / START / INFO), an organisation reached through its
primary and deputy counting once, and help requests choosing volunteers by availability in
the request's own time window (issue 10 §2, issue 16 §4)."""

import json
from datetime import date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.alerting.escalation import escalate
from turvaverkko.incidents.helprequests import actions as help_actions
from turvaverkko.incidents.models import HelpAssignment, HelpRequest
from turvaverkko.incidents.tests.conftest import sms_text
from turvaverkko.incidents.views.headcount import headcount
from turvaverkko.incidents.views.report import figures
from turvaverkko.volunteers.models import AvailabilitySlot
from turvaverkko.volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

HOOK = "/hooks/sms/inbound"
NOW = "2026-12-05T08:00:00+02:00"  # a Saturday morning in Finland


def post_sms(sender, text, message_id):
    body = json.dumps({"from": sender, "text": text, "id": message_id})
    return Client().post(HOOK, body, content_type="application/json")


@pytest.mark.time_machine(NOW, tick=False)
def test_stop_pauses_and_start_resumes_alerts(personas, incident, sms_stub, deliver):
    sven = VolunteerFactory(name="Sven", home_municipality=personas.huittinen, language="sv")
    assert post_sms(sven.phone, "stopp", "k1").json() == {"status": "stop"}
    sven.refresh_from_db()
    assert sven.do_not_alert_until == date(2027, 12, 5)
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", volunteer_count=10
    )
    assert not activation.recipients.filter(volunteer=sven).exists()  # paused: not alerted
    assert post_sms(sven.phone, "START", "k2").json() == {"status": "start"}
    sven.refresh_from_db()
    assert sven.do_not_alert_until is None
    deliver(["sms"])
    stop, start = sms_text(sms_stub, sven.phone)
    assert stop.startswith("Dina larm är pausade till 5.12.2027") and "START" in stop
    assert start.startswith("Du får larm igen")
    # SEIS in Finnish, from someone who is nobody's number: not answered, not a volunteer's
    assert post_sms("+358409990000", "SEIS", "k3").json() == {"status": "unclear"}
    deliver(["sms"])
    assert sms_text(sms_stub, "+358409990000") == []


@pytest.mark.time_machine(NOW, tick=False)
def test_info_tells_the_current_task(personas, incident, sms_stub, deliver):
    ville = personas.ville_profile
    assert post_sms(ville.phone, "info", "i1").json() == {"status": "info"}
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Kokoontuminen VPK:lla klo 9", volunteer_count=5
    )
    post_sms(ville.phone, "K", "i2")
    post_sms(ville.phone, "INFO", "i3")
    deliver(["sms"])
    texts = sms_text(sms_stub, ville.phone)
    assert texts[0].startswith("Sinulla ei ole nyt avointa tehtävää")
    assert texts[-1].startswith("Tehtäväsi: Myrsky Huittisissa, olet ilmoittanut tulevasi.")
    assert "Kokoontuminen VPK:lla klo 9" in texts[-1]
    assert activation.recipients.get(volunteer=ville).answer == "yes"


def test_primary_and_deputy_count_as_one_organisation(personas, incident, sms_stub, deliver):
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    primary = activation.recipients.get()
    deputy = escalate(primary)
    assert deputy.contact == personas.deputy_contact
    hc = headcount(incident)
    assert hc["counts"]["total"] == 1 and hc["counts"]["none"] == 1
    assert post_sms(deputy.phone, "K", "o1").json() == {"status": "recorded"}
    hc = headcount(incident)
    assert hc["counts"] == {"yes": 1, "late": 0, "no": 0, "none": 0, "failed": 0, "total": 1}
    assert [p["name"] for p in hc["coming"]] == ["Outi Varahenkilö"]  # listed per person
    # the primary answers later that they cannot: the organisation's latest answer counts
    post_sms(primary.phone, "E", "o2")
    assert headcount(incident)["counts"]["no"] == 1
    assert headcount(incident)["counts"]["total"] == 1
    report = figures(incident)
    assert report["organizations"] == 1 and (report["yes"], report["no"]) == (0, 1)
    assert report["total"] == 2  # both people were alerted


@pytest.mark.time_machine(NOW, tick=False)
def test_help_request_chooses_volunteers_available_in_its_own_window(personas, incident, client_as):
    evening = VolunteerFactory(name="Iltavuoro", home_municipality=personas.huittinen)
    morning = VolunteerFactory(name="Aamuvuoro", home_municipality=personas.huittinen)
    saturday = 5
    AvailabilitySlot.objects.create(
        volunteer=evening, weekday=saturday, start=time(17), end=time(22)
    )
    AvailabilitySlot.objects.create(
        volunteer=morning, weekday=saturday, start=time(7), end=time(10)
    )
    tz = timezone.get_current_timezone()
    hr = HelpRequest.objects.create(
        incident=incident,
        place="Koulu",
        starts_at=datetime(2026, 12, 5, 18, 0, tzinfo=tz),
        ends_at=datetime(2026, 12, 5, 21, 0, tzinfo=tz),
        text="Kantajia",
        created_by=personas.kaisa,
    )
    names = [c.volunteer.name for c in help_actions.candidates(hr)]
    assert "Iltavuoro" in names and "Aamuvuoro" not in names  # at 8.00 it would be reversed
    page = client_as("kaisa").get(reverse("incidents:help_detail", args=[incident.pk, hr.pk]))
    assert "Iltavuoro" in page.content.decode() and "Aamuvuoro" not in page.content.decode()
    # a request without an end is read as its first hour
    hr.starts_at, hr.ends_at = datetime(2026, 12, 5, 9, 30, tzinfo=tz), None
    hr.save()
    names = [c.volunteer.name for c in help_actions.candidates(hr)]
    assert "Aamuvuoro" in names and "Iltavuoro" not in names
    assert HelpAssignment.objects.count() == 0


@pytest.mark.time_machine(NOW, tick=False)
def test_info_tells_the_help_request_a_volunteer_is_asked_to(personas, incident, sms_stub, deliver):
    ville = personas.ville_profile
    tz = timezone.get_current_timezone()
    hr = help_actions.create(
        incident,
        user=personas.kaisa,
        people_needed=1,
        place="Koulu",
        starts_at=datetime(2026, 12, 5, 18, 0, tzinfo=tz),
        ends_at=datetime(2026, 12, 5, 21, 0, tzinfo=tz),
        text="Kantoapua",
    )
    help_actions.invite(hr, [ville], user=personas.kaisa)
    assert post_sms(ville.phone, "Info", "h1").json() == {"status": "info"}
    deliver(["sms"])
    answer = sms_text(sms_stub, ville.phone)[-1]
    # (GSM-7: the en dash is sent as a hyphen)
    assert answer.startswith("Tehtäväsi (pyydetty): Koulu, 5.12. 18:00-21:00: Kantoapua")

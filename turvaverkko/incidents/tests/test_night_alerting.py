"""Issue 10 §2–§4: the shortfall before sending, messages that say what to do, standing down
and closing with confirmation, and a drill's figures on its exercise record.

Explicit instants throughout (time-machine); the real SMS gateway stub and SMTP sink."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.alerting import escalation, standdown
from turvaverkko.incidents.alerting.messages import recipient_id_from_alert_token
from turvaverkko.incidents.alerting.selection import Shortfall, shortfall
from turvaverkko.incidents.models import Incident
from turvaverkko.incidents.replies import recording
from turvaverkko.incidents.views.report import report_html
from turvaverkko.notify.models import Delivery
from turvaverkko.notify.sms.text import info
from turvaverkko.preparedness.models import Exercise, PlanScenario, ReadinessPlan, Role
from turvaverkko.volunteers.tests.factories import AvailabilitySlotFactory, VolunteerFactory

from .conftest import sms_text

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
# Monday 23.11.2026 at 21:00 in Huittinen: most volunteers are only available by day.
NIGHT = datetime(2026, 11, 23, 21, 0, tzinfo=HELSINKI)
TASK = "muonitus valmiuskeskuksessa (lämmin ateria 80 hengelle)"


def _day_people(personas, n):
    """Volunteers whose only availability is weekdays 8–16."""
    out = []
    for i in range(n):
        v = VolunteerFactory(name=f"Päivä {i}", home_municipality=personas.huittinen)
        AvailabilitySlotFactory(volunteer=v, weekday=0, start=time(8), end=time(16))
        out.append(v)
    return out


@pytest.fixture
def night(time_machine):
    time_machine.move_to(NIGHT, tick=False)
    return NIGHT


# --- 1. the shortfall before sending -------------------------------------------------------


def test_shortfall_counts_and_alert_anyway_never_reaches_do_not_alert(
    personas, incident, night, client_as
):
    day = _day_people(personas, 3)
    resting = VolunteerFactory(
        home_municipality=personas.huittinen, do_not_alert_until=date(2026, 12, 31)
    )
    gap = shortfall(incident, asked=6, when=night)
    # Ville (no slots) is available; three are outside their slots; one rests
    assert gap == Shortfall(asked=6, available=1, outside_slots=3, do_not_alert=1, without_skill=0)
    assert gap.is_short and gap.can_alert_anyway == 3

    c = client_as("kaisa")
    url = reverse("incidents:activate", args=[incident.pk])
    choices = {"message": "Tule", "volunteer_count": 6, "reply_timeout_minutes": 10}
    page = c.post(url, choices)
    html = page.content.decode()
    assert (
        page.status_code == 200 and "data-shortfall" in html and not incident.activations.exists()
    )
    shown = re.search(r"data-shortfall.*?</section>", html, re.S).group(0)
    assert re.findall(r"\b\d+\b", re.sub(r"<[^>]+>", " ", shown))[:5] == ["6", "1", "3", "1", "0"]

    # ticking "alert anyway" changes the choices: the shortfall is shown again for them
    anyway = {**choices, "alert_anyway": "on"}
    again = c.post(url, anyway)
    assert again.status_code == 200 and not incident.activations.exists()
    seen = re.search(r'name="reviewed" value="(\w+)"', again.content.decode()).group(1)
    assert c.post(url, {**anyway, "reviewed": seen}).status_code == 302

    activation = incident.activations.get()
    alerted = {r.volunteer for r in activation.recipients.all()}
    assert alerted == {personas.ville_profile, *day} and resting not in alerted
    assert activation.outside_slots_alerted == 3
    assert incident.log_entries.filter(event="alerted_anyway", params__n=3).exists()


def test_without_alert_anyway_only_the_available_are_alerted(personas, incident, night):
    _day_people(personas, 2)
    activation = alerting.activate(incident, user=personas.kaisa, message="Tule", volunteer_count=5)
    assert [r.volunteer for r in activation.recipients.all()] == [personas.ville_profile]
    assert activation.outside_slots_alerted == 0


# --- 2. messages that say what to do -------------------------------------------------------


@pytest.fixture
def scenario_incident(personas):
    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([personas.huittinen])
    scenario = PlanScenario.objects.create(plan=plan, kind="power_outage")
    Role.objects.create(scenario=scenario, task=TASK, organization=personas.olli_org)
    return actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Pitkä sähkökatko",
        type=Incident.Type.POWER_OUTAGE,
        plan_scenario=scenario,
    )


def test_each_message_carries_task_place_time_sender_and_question(
    personas, scenario_incident, night, sms_stub, smtp_server, deliver
):
    sv = VolunteerFactory(home_municipality=personas.huittinen, language="sv", channels=["sms"])
    en = VolunteerFactory(home_municipality=personas.huittinen, language="en", channels=["sms"])
    activation = alerting.activate(
        scenario_incident,
        user=personas.kaisa,
        message="Sähkökatko jatkuu.",
        message_sv="Elavbrottet fortsätter.",
        message_en="The power cut goes on.",
        organizations=[personas.olli_org],
        tasks={personas.olli_org.pk: TASK},
        volunteer_count=5,
        place="Sammun kylätalo",
        meet_at=datetime(2026, 11, 23, 22, 30, tzinfo=HELSINKI),
        bring="otsalamppu",
    )
    deliver()
    code = str(activation.code)
    [contact] = sms_text(sms_stub, personas.primary_contact.phone)
    assert contact.startswith("Sähkökatko jatkuu.") and TASK in contact
    assert "Sammun kylätalo" in contact and "23.11." in contact and "otsalamppu" in contact
    assert "Huittinen / Kaisa" in contact and f"K {code}" in contact
    # the volunteers get the same facts in their language, without the organisation's task
    for person, text in ((sv, "Elavbrottet"), (en, "The power cut")):
        [sms] = sms_text(sms_stub, person.phone)
        assert sms.startswith(text) and TASK not in sms
        for fact in ("Sammun kylätalo", "23.11.", "otsalamppu", "Huittinen / Kaisa", code):
            assert fact in sms, (fact, sms)
        assert info(sms)[2] <= 2
    [mail] = smtp_server.to(personas.primary_contact.email)
    assert "Pitkä sähkökatko, Huittinen" in mail["Subject"].strip()
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert TASK in body and "Sammun kylätalo" in body

    # after tapping "I am coming": where and when to come and what to bring
    contact_r = activation.recipients.get(contact=personas.primary_contact)
    link = re.search(r"/hooks/r/\S+/yes", body).group(0)
    done = recording_page(link)
    assert "Sammun kylätalo" in done and "otsalamppu" in done and "23.11.2026 22:30" in done
    contact_r.refresh_from_db()
    assert contact_r.answer == "yes"


def recording_page(path: str) -> str:
    from django.test import Client

    return Client().post(path).content.decode()


def test_a_text_too_long_is_shortened_with_a_link_to_the_whole_alert(
    personas, scenario_incident, night, client_as
):
    long = "Sähkökatko jatkuu koko yön. " * 12 + "LOPPU"
    activation = alerting.activate(
        scenario_incident,
        user=personas.kaisa,
        message=long,
        organizations=[personas.olli_org],
        tasks={personas.olli_org.pk: TASK},
        place="Sammun kylätalo",
    )
    [sms] = Delivery.objects.filter(dispatch__key=activation.dispatch_key, channel="sms")
    assert "LOPPU" not in sms.body and f"K {activation.code}" in sms.body
    assert info(sms.body)[2] == 2
    link = re.search(r"https?://\S+/hooks/a/(\S+)", sms.body)
    recipient = activation.recipients.get()
    assert recipient_id_from_alert_token(link.group(1)) == recipient.pk
    page = client_as("anonymous").get(reverse("incident_hooks:alert_page", args=[link.group(1)]))
    html = page.content.decode()
    assert page.status_code == 200 and "LOPPU" in html and TASK in html
    assert "/hooks/r/" in html  # the answer buttons

    # the activation form warns before sending, with the counter, for each language and kind
    c = client_as("kaisa")
    form = c.post(
        reverse("incidents:activate", args=[scenario_incident.pk]),
        {
            "message": long,
            "organizations": [personas.olli_org.pk],
            "volunteer_count": 0,
            "reply_timeout_minutes": 10,
        },
    )
    html = form.content.decode()
    assert form.status_code == 200 and scenario_incident.activations.count() == 1
    for key in ("fi-contact", "fi-volunteer", "sv-contact", "sv-volunteer", "en-volunteer"):
        assert f'data-sms-preview="{key}"' in html
    assert html.count("data-sms-cut") == 6 and html.count("data-sms-counter") == 6
    assert TASK in html


# --- 3. standing down and closing ----------------------------------------------------------


def test_stand_down_releases_those_coming_and_pending_contacts_and_stops_the_rest(
    personas, incident, night, sms_stub, smtp_server, deliver, client_as, time_machine
):
    silent = VolunteerFactory(name="Hiljainen", home_municipality=personas.huittinen)
    first = alerting.activate(
        incident,
        user=personas.kaisa,
        message="Tule",
        organizations=[personas.olli_org],
        volunteer_count=2,
    )
    deliver()
    ville = first.recipients.get(volunteer=personas.ville_profile)
    recording.record_sms_reply(ville.phone, f"K {first.code}")
    deliver()  # his receipt goes out now: what follows the stand-down is the release only
    late = VolunteerFactory(name="Myöhäinen", home_municipality=personas.huittinen)
    second = alerting.activate(
        incident, user=personas.kaisa, message="Lisää väkeä", volunteer_count=5
    )  # not delivered yet
    queued = Delivery.objects.filter(dispatch__key=second.dispatch_key, state="queued").count()
    assert queued > 0

    c = client_as("kaisa")
    confirm = c.get(reverse("incidents:stand_down", args=[incident.pk]))
    plan = standdown.plan(incident)
    # Ville (coming) and Olli (a contact without an answer); not the silent volunteers
    assert (plan["release"], plan["coming"], plan["pending_contacts"]) == (2, 1, 1)
    assert plan["escalations"] == 1 and plan["deliveries"] == queued
    assert confirm.status_code == 200 and "data-confirm-plan" in confirm.content.decode()
    incident.refresh_from_db()
    assert incident.status == "active"  # looking is not doing

    sms_before, mails_before = len(sms_stub.accepted()), len(smtp_server.messages)
    assert c.post(reverse("incidents:stand_down", args=[incident.pk])).status_code == 302
    incident.refresh_from_db()
    assert incident.status == "standing_down"
    assert Delivery.objects.filter(
        dispatch__key=second.dispatch_key, state="cancelled"
    ).count() == (queued)
    deliver()
    released = sms_stub.accepted()[sms_before:]
    assert sorted(m["to"] for m in released) == sorted(
        [personas.ville_profile.phone, personas.primary_contact.phone]
    )
    assert all(incident.title in m["text"] for m in released)
    mails = smtp_server.messages[mails_before:]
    assert sorted(m["To"] for m in mails) == sorted(
        [personas.ville_profile.email, personas.primary_contact.email]
    )
    assert not sms_text(sms_stub, silent.phone)[1:] and not sms_text(sms_stub, late.phone)
    # the deputy is not alerted any more
    time_machine.move_to(NIGHT + timedelta(minutes=30), tick=False)
    assert escalation.escalate_due() == 0
    entry = incident.log_entries.get(event="stood_down")
    assert entry.params == {"n": 2, "escalations": 1, "deliveries": queued}

    # closing asks first, and says it sends nothing more now
    page = c.get(reverse("incidents:close", args=[incident.pk])).content.decode()
    assert "data-confirm-plan" in page and standdown.plan(incident)["release"] == 0
    c.post(reverse("incidents:close", args=[incident.pk]))
    incident.refresh_from_db()
    assert incident.status == "closed"
    assert len(sms_stub.accepted()) == sms_before + 2


def test_closing_an_active_incident_stands_it_down_first(personas, incident, night, client_as):
    alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    c = client_as("kaisa")
    assert standdown.plan(incident)["release"] == 1
    c.post(reverse("incidents:close", args=[incident.pk]))
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.stood_down_at
    release = Delivery.objects.filter(dispatch__key__startswith=f"incident-release:{incident.pk}:")
    assert {d.channel for d in release} == {"sms", "email"}
    # Olli cannot close it (he only reads)
    assert client_as("olli").post(reverse("incidents:close", args=[incident.pk])).status_code == 403


# --- 4. drill figures ----------------------------------------------------------------------


def test_drill_figures_go_to_the_exercise_record_and_the_report(
    personas, night, time_machine, client_as
):
    exercise = Exercise.objects.create(
        municipality=personas.huittinen, title="Sähkökatkoharjoitus", planned_for=NIGHT.date()
    )
    drill = actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="HARJOITUS sähkökatko",
        type=Incident.Type.POWER_OUTAGE,
        is_exercise=True,
        exercise=exercise,
    )
    quick = VolunteerFactory(name="Nopea", home_municipality=personas.huittinen)
    VolunteerFactory(name="Vaiti", home_municipality=personas.huittinen)
    activation = alerting.activate(
        drill,
        user=personas.kaisa,
        message="Harjoitus",
        organizations=[personas.olli_org],
        volunteer_count=3,
    )
    assert activation.recipients.count() == 4
    time_machine.move_to(NIGHT + timedelta(minutes=2), tick=False)
    recording.record_sms_reply(quick.phone, f"K {activation.code}")
    time_machine.move_to(NIGHT + timedelta(minutes=6), tick=False)
    recording.record_sms_reply(personas.ville_profile.phone, f"E {activation.code}")
    time_machine.move_to(NIGHT + timedelta(minutes=40), tick=False)
    actions.close_incident(drill, user=personas.kaisa)

    exercise.refresh_from_db()
    assert exercise.reply_rate == 0.5
    assert (exercise.minutes_to_half_replied, exercise.minutes_to_90_replied) == (6, None)
    assert exercise.failed_contacts == 0 and exercise.held_on == NIGHT.date()
    assert sorted(exercise.non_responders) == ["Olli Yhteys (Huittisten Martat ry)", "Vaiti"]

    page = client_as("kaisa").get(reverse("preparedness:exercise", args=[exercise.pk]))
    html = page.content.decode()
    assert "6 min" in html and "50 %" in html
    assert "Olli Yhteys (Huittisten Martat ry)" in html and "Vaiti" in html
    # the regional coordinator reads the figures, not the names (she did not run the drill)
    regional = client_as("reetta").get(reverse("preparedness:exercise", args=[exercise.pk]))
    assert regional.status_code == 200 and "6 min" in regional.content.decode()
    assert "Vaiti" not in regional.content.decode()

    report = report_html(Incident.objects.get(pk=drill.pk))
    people = re.search(r"<table data-people>.*?</table>", report, re.S).group(0)
    assert (
        "Nopea" in people and re.search(r"2[.,]0 min", people) and re.search(r"6[.,]0 min", people)
    )
    missing = re.search(r"<p data-non-responders>(.*?)</p>", report, re.S).group(1)
    assert "Olli Yhteys" in missing and "Vaiti" in missing and "Nopea" not in missing


def test_an_exercise_record_link_needs_an_exercise(personas, client_as):
    exercise = Exercise.objects.create(
        municipality=personas.huittinen, title="Harjoitus", planned_for=date(2026, 11, 23)
    )
    r = client_as("kaisa").post(
        reverse("incidents:create"),
        {
            "title": "Oikea katko",
            "type": "power_outage",
            "severity": "moderate",
            "municipalities": [personas.huittinen.code],
            "exercise": exercise.pk,
        },
    )
    assert r.status_code == 200 and not Incident.objects.filter(title="Oikea katko").exists()

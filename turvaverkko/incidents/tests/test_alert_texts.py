"""The alert message in each recipient's language: ready-made texts per incident type, a
readiness plan scenario's own texts, and a guard against a stale translation."""

import pytest
from django.urls import reverse

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import Incident
from turvaverkko.preparedness.models import PlanScenario, ReadinessPlan, Role
from turvaverkko.volunteers.tests.factories import VolunteerFactory

from .confirming import post_confirmed
from .conftest import sms_text

pytestmark = pytest.mark.django_db


def test_each_volunteer_reads_the_alert_in_their_language(personas, incident, sms_stub, deliver):
    fi = VolunteerFactory(home_municipality=personas.huittinen, language="fi", channels=["sms"])
    sv = VolunteerFactory(home_municipality=personas.huittinen, language="sv", channels=["sms"])
    en = VolunteerFactory(home_municipality=personas.huittinen, language="en", channels=["sms"])
    alerting.activate(
        incident,
        user=personas.kaisa,
        message="Kokoontuminen koululla klo 18.",
        message_sv="Samling vid skolan kl. 18.",
        volunteer_count=10,
    )
    deliver(["sms"])
    assert "Kokoontuminen koululla" in sms_text(sms_stub, fi.phone)[0]
    assert "Samling vid skolan" in sms_text(sms_stub, sv.phone)[0]
    # no English text was written: the Finnish one, with English reply instructions
    english = sms_text(sms_stub, en.phone)[0]
    assert "Kokoontuminen koululla" in english and "Reply Y" in english


def test_form_proposes_a_ready_made_text_for_the_incident_type(client_as, personas, incident):
    page = client_as("kaisa").get(reverse("incidents:activate", args=[incident.pk]))
    html = page.content.decode()
    assert "Myrskytuhoja: Huittinen" in html
    assert "Stormskador: Huittinen" in html
    assert "Storm damage: Huittinen" in html


def test_a_proposed_translation_is_not_sent_when_the_finnish_text_was_rewritten(
    client_as, personas, incident
):
    c = client_as("kaisa")
    url = reverse("incidents:activate", args=[incident.pk])
    data = {
        "message": "Kokoontuminen VPK:n talolla klo 18.",
        "message_sv": "Stormskador: Huittinen. Hjälp behövs. Kan du komma?",  # as proposed
        "message_en": "Meet at the fire station at 6 pm.",  # rewritten too
        "organizations": [personas.olli_org.pk],
        "volunteer_count": 0,
        "reply_timeout_minutes": 10,
    }
    r = post_confirmed(c, url, data, follow=True)
    activation = incident.activations.get()
    assert activation.text_for("sv") == "Kokoontuminen VPK:n talolla klo 18."
    assert activation.text_for("en") == "Meet at the fire station at 6 pm."
    notes = [str(m) for m in r.context["messages"]]
    assert len(notes) == 2  # sent, and the Swedish proposal was dropped


def test_proposed_translations_go_out_with_the_proposed_finnish_text(client_as, personas, incident):
    c = client_as("kaisa")
    url = reverse("incidents:activate", args=[incident.pk])
    form = c.get(url).context["form"]
    data = {
        "message": form.initial["message"],
        "message_sv": form.initial["message_sv"],
        "message_en": "",
        "organizations": [personas.olli_org.pk],
        "volunteer_count": 0,
        "reply_timeout_minutes": 10,
    }
    post_confirmed(c, url, data)
    activation = incident.activations.get()
    assert activation.text_for("sv").startswith("Stormskador: Huittinen")
    assert activation.text_for("en").startswith("Myrskytuhoja: Huittinen")


def test_scenario_texts_written_in_the_plan_are_proposed(client_as, personas):
    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([personas.huittinen])
    scenario = PlanScenario.objects.create(plan=plan, kind="power_outage")
    Role.objects.create(scenario=scenario, task="Lämmin ateria", organization=personas.olli_org)
    c = client_as("kaisa")
    r = c.post(
        reverse("preparedness:scenario_edit", args=[scenario.pk]),
        {
            "kind": "power_outage",
            "description": "",
            "alert_text_fi": "Sähkökatko. Valmiuskeskus Lauttakylän koululla auki.",
            "alert_text_sv": "Elavbrott. Beredskapscentret i Lauttakylä skola är öppet.",
            "alert_text_en": "",
        },
    )
    assert r.status_code == 302
    assert "Valmiuskeskus Lauttakylän koululla" in c.get(r.url).content.decode()
    incident = actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Sähkökatko",
        type=Incident.Type.POWER_OUTAGE,
        plan_scenario_id=scenario.pk,
    )
    html = c.get(reverse("incidents:activate", args=[incident.pk])).content.decode()
    assert "Valmiuskeskus Lauttakylän koululla auki." in html
    assert "Beredskapscentret i Lauttakylä skola" in html
    assert "Long power outage: Huittinen" in html  # no English text in the plan: ready-made
    # another coordinator's municipality: mikko may not edit Huittinen's scenario
    assert client_as("mikko").get(
        reverse("preparedness:scenario_edit", args=[scenario.pk])
    ).status_code in (403, 404)

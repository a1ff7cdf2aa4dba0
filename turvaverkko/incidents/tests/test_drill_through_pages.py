"""A drill run through the pages and the SMS webhook, at explicit instants: Kaisa opens an
exercise incident linked to its exercise record, alerts, two of four answer, she closes it
after the confirmation page, and the figures are on the exercise record (issue 10 §4)."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from turvaverkko.incidents.models import Incident
from turvaverkko.preparedness.models import Exercise
from turvaverkko.volunteers.tests.factories import VolunteerFactory

from .confirming import post_confirmed

pytestmark = pytest.mark.django_db

NIGHT = datetime(2026, 11, 23, 21, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


def sms(sender, text, message_id):
    body = json.dumps({"from": sender, "text": text, "id": message_id})
    return Client().post("/hooks/sms/inbound", body, content_type="application/json").json()


def test_drill_figures_reach_the_exercise_record_through_the_pages(
    personas, client_as, time_machine
):
    time_machine.move_to(NIGHT, tick=False)
    exercise = Exercise.objects.create(
        municipality=personas.huittinen, title="Sähkökatkoharjoitus", planned_for=NIGHT.date()
    )
    quick = VolunteerFactory(name="Nopea Nieminen", home_municipality=personas.huittinen)
    VolunteerFactory(name="Vaiti Virtanen", home_municipality=personas.huittinen)
    kaisa = client_as("kaisa")

    response = kaisa.post(
        reverse("incidents:create"),
        {
            "title": "HARJOITUS sähkökatko",
            "type": "power_outage",
            "severity": "moderate",
            "municipalities": [personas.huittinen.code],
            "is_exercise": "on",
            "exercise": exercise.pk,
        },
    )
    drill = Incident.objects.get(title="HARJOITUS sähkökatko")
    assert response.status_code == 302 and drill.is_exercise and drill.exercise == exercise

    activate = reverse("incidents:activate", args=[drill.pk])
    initial = kaisa.get(activate).context["form"].initial
    response = post_confirmed(
        kaisa,
        activate,
        {
            "message": initial["message"],
            "message_sv": initial["message_sv"],
            "message_en": initial["message_en"],
            "organizations": [personas.olli_org.pk],
            "volunteer_count": 3,
            "send_receipts": "on",
            "reply_timeout_minutes": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activation = drill.activations.get()
    assert activation.recipients.count() == 4  # Olli's association and three volunteers

    time_machine.move_to(NIGHT + timedelta(minutes=2), tick=False)
    assert sms(quick.phone, f"K {activation.code}", "d1") == {"status": "recorded"}
    time_machine.move_to(NIGHT + timedelta(minutes=6), tick=False)
    assert sms(personas.ville_profile.phone, f"E {activation.code}", "d2") == {"status": "recorded"}

    time_machine.move_to(NIGHT + timedelta(minutes=40), tick=False)
    close = reverse("incidents:close", args=[drill.pk])
    assert kaisa.get(close).status_code == 200  # the confirmation page first
    drill.refresh_from_db()
    assert drill.status != "closed"
    assert kaisa.post(close).status_code == 302
    drill.refresh_from_db()
    assert drill.status == "closed"

    page = kaisa.get(reverse("preparedness:exercise", args=[exercise.pk])).content.decode()
    assert "50 %" in page  # two of four answered
    assert "6 min" in page  # half of them had answered six minutes after the alert
    assert "Olli Yhteys (Huittisten Martat ry)" in page and "Vaiti Virtanen" in page
    assert "Nopea Nieminen" not in page  # he answered: not among the non-responders

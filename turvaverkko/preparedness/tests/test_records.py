import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from turvaverkko.preparedness.models import Agreement, Exercise, Risk

pytestmark = pytest.mark.django_db

ALL = ["anonymous", "ville", "olli", "ulla", "kaisa", "mikko", "reetta", "admin"]


def test_agreement_reminder_is_sent_once_to_the_coordinators(smtp_server, plans, personas):
    today = timezone.localdate()
    plans.agreement.valid_to = today + timedelta(days=30)
    plans.agreement.save()
    far = Agreement.objects.create(
        title="Tilojen käyttö 2030",
        kind="premises",
        municipality=personas.huittinen,
        valid_from=date(2025, 1, 1),
        valid_to=today + timedelta(days=400),
    )
    call_command("agreement_reminders")
    call_command("agreement_reminders")  # idempotent: nothing new the second time

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "kaisa@example.fi"
    assert "Ensihuoltosopimus Martat" in message["Subject"]
    assert (
        reverse("preparedness:agreement_edit", args=[plans.agreement.pk])
        in (smtp_server.bodies()[0])
    )
    plans.agreement.refresh_from_db()
    far.refresh_from_db()
    assert plans.agreement.reminder_sent_at is not None
    assert far.reminder_sent_at is None


def test_renewed_agreement_is_reminded_again(smtp_server, plans, client_as):
    today = timezone.localdate()
    plans.agreement.valid_to = today + timedelta(days=10)
    plans.agreement.save()
    call_command("agreement_reminders")
    # Kaisa extends it by a few weeks: still within 60 days, so a new reminder is due.
    response = client_as("kaisa").post(
        reverse("preparedness:agreement_edit", args=[plans.agreement.pk]),
        {
            "title": plans.agreement.title,
            "kind": "emergency_relief",
            "municipality": "102",
            "organizations": [plans.agreement.organizations.get().pk],
            "valid_from": "2025-01-01",
            "valid_to": (today + timedelta(days=50)).isoformat(),
        },
    )
    assert response.status_code == 302
    call_command("agreement_reminders")
    assert len(smtp_server.messages) == 2


@pytest.mark.parametrize("name", ALL)
def test_agreement_document_is_private(client_as, plans, name, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    plans.agreement.document.save("sopimus.pdf", ContentFile(b"%PDF-1.4 signed"))
    response = client_as(name).get(
        reverse("preparedness:agreement_document", args=[plans.agreement.pk])
    )
    if name in {"kaisa", "reetta", "admin"}:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    elif name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_agreement_upload(client_as, plans, personas, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    response = client_as("kaisa").post(
        reverse("preparedness:agreement_create"),
        {
            "title": "Kylätalon käyttösopimus",
            "kind": "premises",
            "municipality": "102",
            "organizations": [personas.olli_org.pk],
            "valid_from": "2026-01-01",
            "valid_to": "2027-12-31",
            "document": SimpleUploadedFile("kaytto.pdf", b"%PDF-1.4 x", "application/pdf"),
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Kylätalon käyttösopimus")
    assert agreement.document.read() == b"%PDF-1.4 x"
    # The end before the start is refused, with an announced error.
    response = client_as("kaisa").post(
        reverse("preparedness:agreement_create"),
        {
            "title": "Väärin päin",
            "kind": "other",
            "municipality": "102",
            "valid_from": "2026-01-01",
            "valid_to": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_risk_matrix_counts(client_as, plans, personas):
    for title, likelihood, impact in [
        ("Myrsky", 3, 4),
        ("Tulva", 1, 5),
        ("Vesiepidemia", 1, 5),
        ("Hellejakso", 5, 1),
    ]:
        Risk.objects.create(
            municipality=personas.huittinen,
            title=title,
            likelihood=likelihood,
            impact=impact,
            owner="Kunta",
        )
    Risk.objects.create(
        municipality=personas.other_municipality,
        title="Pakkanen",
        likelihood=3,
        impact=4,
        owner="Muonio",
    )
    body = client_as("kaisa").get(reverse("preparedness:risks")).content.decode()
    cells = dict(re.findall(r'data-cell="(\d-\d)">(?:<a [^>]*>)?(\d+)', body))
    assert len(cells) == 25
    assert cells["3-4"] == "2"  # the fixture's winter outage and the storm; not Muonio's
    assert cells["1-5"] == "2"
    assert cells["5-1"] == "1"
    assert sum(int(v) for v in cells.values()) == 5
    assert '<th scope="row">' in body and "<caption>" in body
    assert 'href="#risk-cell-3-4"' in body and 'id="risk-cell-3-4"' in body


def test_exercise_with_lessons_and_action_items(client_as, personas):
    kaisa = client_as("kaisa")
    response = kaisa.post(
        reverse("preparedness:exercise_create"),
        {
            "municipality": "102",
            "title": "Sähkökatkoharjoitus",
            "scenario": "power_outage",
            "planned_for": "2026-12-01",
            "organizations": [personas.olli_org.pk],
            "lessons_learned": "Varahenkilöiden numerot vanhoja.",
        },
    )
    assert response.status_code == 302
    exercise = Exercise.objects.get(title="Sähkökatkoharjoitus")
    assert exercise.reply_rate is None and exercise.failed_contacts is None
    url = reverse("preparedness:exercise", args=[exercise.pk])
    kaisa.post(url, {"description": "Päivitä yhteystiedot", "responsible": "Olli"})
    assert exercise.action_items.get().description == "Päivitä yhteystiedot"
    assert client_as("mikko").post(url, {"description": "Ei saa"}).status_code == 403
    assert exercise.action_items.count() == 1
    assert client_as("reetta").get(url).status_code == 200

"""The after-action report: reply figures, failed contacts, timeline, lessons, as PDF."""

from datetime import timedelta

import pytest
from django.urls import reverse

from turvaverkko.incidents import actions
from turvaverkko.incidents.models import Activation, Recipient
from turvaverkko.incidents.views.report import figures, report_html

pytestmark = pytest.mark.django_db


def test_reply_figures_and_report(personas, incident, client_as):
    activation = Activation.objects.create(incident=incident, code=555, message="Tule")
    start = activation.created_at
    for i in range(10):
        r = Recipient.objects.create(
            activation=activation, kind="volunteer", name=f"V{i}", alerted_at=start
        )
        if i < 9:  # nine answer, after 1, 2, ... 9 minutes
            r.answer = "no" if i == 0 else "yes"
            r.answered_at = start + timedelta(minutes=i + 1)
            r.save()
        else:
            r.failed_at = start
            r.save()
    f = figures(incident)
    assert (f["total"], f["answered"], f["reply_rate"]) == (10, 9, 90)
    assert f["to_50"] == 5 and f["to_90"] == 9
    assert [r.name for r in f["failed"]] == ["V9"]
    c = client_as("kaisa")
    actions.change_status(incident, "closed", user=personas.kaisa)
    c.post(
        reverse("incidents:lessons", args=[incident.pk]), {"lessons": "Varahenkilöt ajan tasalle"}
    )
    incident.refresh_from_db()
    html = report_html(incident)
    assert "Varahenkilöt ajan tasalle" in html and "90 %" in html and "V9" in html
    response = c.get(reverse("incidents:report", args=[incident.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        client_as("mikko").get(reverse("incidents:report", args=[incident.pk])).status_code == 403
    )
    assert client_as("olli").get(reverse("incidents:report", args=[incident.pk])).status_code == 403

"""A volunteer's own home: open alerts with answer buttons, help requests, tasks, history,
"do not alert until" in one tap; an answer queued offline is counted once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from turvaverkko.incidents import actions
from turvaverkko.incidents.helprequests import actions as helprequests
from turvaverkko.incidents.models import (
    Activation,
    HelpAssignment,
    Incident,
    Recipient,
    Reply,
)
from turvaverkko.volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

HOME = "/fi/volunteer/home/"


@pytest.fixture
def volunteer(personas):
    return VolunteerFactory(
        user__email="vilja@example.fi", user__password=None, name="Vilja Vapaaehtoinen"
    )


@pytest.fixture
def alerted(personas, incident, volunteer):
    activation = Activation.objects.create(
        incident=incident, code=4321, message="Kokoontuminen paloasemalla klo 18."
    )
    return Recipient.objects.create(
        activation=activation,
        kind=Recipient.Kind.VOLUNTEER,
        volunteer=volunteer,
        name=volunteer.name,
        phone=volunteer.phone,
    )


@pytest.fixture
def signed_in(client, volunteer):
    client.force_login(volunteer.user)
    return client


def test_home_lists_open_alerts_with_answer_buttons(signed_in, alerted):
    page = signed_in.get(HOME).content.decode()
    assert "Myrsky Huittisissa" in page
    assert "Kokoontuminen paloasemalla klo 18." in page
    assert f'action="/fi/volunteer/alerts/{alerted.pk}/answer/"' in page
    for value in ("yes", "no", "late"):
        assert f'name="answer" value="{value}"' in page


def test_a_closed_incident_moves_to_the_history(signed_in, alerted, incident):
    signed_in.post(reverse("incidents:volunteer_answer", args=[alerted.pk]), {"answer": "yes"})
    actions.change_status(incident, Incident.Status.CLOSED, user=incident.created_by)
    page = signed_in.get(HOME).content.decode()
    assert f"/fi/volunteer/alerts/{alerted.pk}/answer/" not in page
    history = page.split('id="history-h"')[1]
    assert "Myrsky Huittisissa" in history


def test_answer_without_javascript_redirects_home_with_the_answer(signed_in, alerted):
    response = signed_in.post(
        reverse("incidents:volunteer_answer", args=[alerted.pk]),
        {"answer": "late", "minutes": "20"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == HOME
    alerted.refresh_from_db()
    assert (alerted.answer, alerted.eta_minutes) == ("late", 20)
    assert alerted.person_status == Recipient.PersonStatus.ACCEPTED


def test_a_replayed_client_id_is_counted_once(signed_in, alerted):
    url = reverse("incidents:volunteer_answer", args=[alerted.pk])
    data = {"answer": "yes", "client_id": "3f0c5c1e-queued-on-the-phone"}
    first = signed_in.post(url, data, HTTP_ACCEPT="application/json")
    again = signed_in.post(url, data, HTTP_ACCEPT="application/json")
    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "recorded"
    assert Reply.objects.filter(recipient=alerted).count() == 1
    # A new answer (a new id) still counts, and replaces the first.
    signed_in.post(url, {"answer": "no", "client_id": "another"}, HTTP_ACCEPT="application/json")
    alerted.refresh_from_db()
    assert alerted.answer == "no"
    assert Reply.objects.filter(recipient=alerted).count() == 2


def test_someone_elses_alert_is_not_found(client, alerted, personas):
    other = VolunteerFactory(user__email="toinen@example.fi")
    client.force_login(other.user)
    assert client.get(reverse("incidents:volunteer_alert", args=[alerted.pk])).status_code == 404
    response = client.post(
        reverse("incidents:volunteer_answer", args=[alerted.pk]), {"answer": "yes"}
    )
    assert response.status_code == 404
    assert not Reply.objects.exists()


def test_answer_to_a_cancelled_alert_is_refused_with_a_reason(signed_in, alerted):
    Activation.objects.filter(pk=alerted.activation_id).update(is_cancelled=True)
    response = signed_in.post(
        reverse("incidents:volunteer_answer", args=[alerted.pk]),
        {"answer": "yes", "client_id": "x1"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 410
    assert response.json()["status"] == "closed"
    assert not Reply.objects.exists()


def test_help_requests_and_tasks_show_where_and_when(signed_in, personas, incident, volunteer):
    start = timezone.now() + timedelta(hours=2)
    invited = helprequests.create(
        incident, user=personas.kaisa, text="Kantajia", people_needed=2,
        place="Huittisten koulu", starts_at=start,
    )  # fmt: skip
    assigned = helprequests.create(
        incident, user=personas.kaisa, text="Evakuointikeskuksen vuoro", people_needed=1,
        place="Seurakuntatalo, Lauttakylänkatu 1", starts_at=start,
        ends_at=start + timedelta(hours=4),
    )  # fmt: skip
    helprequests.invite(invited, [volunteer], user=personas.kaisa)
    helprequests.invite(assigned, [volunteer], user=personas.kaisa)
    assignment = HelpAssignment.objects.get(help_request=assigned)
    helprequests.set_status(assignment, HelpAssignment.Status.ASSIGNED, user=personas.kaisa)

    page = signed_in.get(HOME).content.decode()
    help_section = page.split('id="help-h"')[1].split('id="tasks-h"')[0]
    tasks_section = page.split('id="tasks-h"')[1].split('id="pause-h"')[0]
    assert "Huittisten koulu" in help_section and "Seurakuntatalo" not in help_section
    assert "Seurakuntatalo, Lauttakylänkatu 1" in tasks_section
    assert timezone.localtime(start).strftime("%H:%M") in tasks_section

    mine = HelpAssignment.objects.get(help_request=invited)
    signed_in.post(reverse("incidents:volunteer_help_answer", args=[mine.pk]), {"answer": "accept"})
    mine.refresh_from_db()
    assert mine.status == HelpAssignment.Status.ACCEPTED


def test_do_not_alert_in_one_tap(signed_in, volunteer):
    today = timezone.localdate()
    response = signed_in.post(
        reverse("volunteers:pause_alerts"), {"pause": "week", "next": HOME}, follow=True
    )
    assert response.redirect_chain[-1][0] == HOME
    volunteer.refresh_from_db()
    assert volunteer.do_not_alert_until == today + timedelta(days=6)
    assert 'name="pause" value="resume"' in response.content.decode()

    signed_in.post(reverse("volunteers:pause_alerts"), {"pause": "resume", "next": HOME})
    volunteer.refresh_from_db()
    assert volunteer.do_not_alert_until is None


def test_a_pause_date_in_the_past_is_refused_and_changes_nothing(signed_in, volunteer):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = signed_in.post(
        reverse("volunteers:pause_alerts"),
        {"pause": "until", "until": yesterday.isoformat(), "next": HOME},
        follow=True,
    )
    volunteer.refresh_from_db()
    assert volunteer.do_not_alert_until is None
    assert response.context["messages"]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]

"""The record of who opened an incident's contact list, shown to its coordinators and admins."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import AccessLog

pytestmark = pytest.mark.django_db

# persona -> status of the access log page (Olli's association was alerted: he reads the
# incident but never sees its contact list, so not who saw it either).
EXPECTED = {
    "anonymous": 302,
    "ville": 403,
    "olli": 403,
    "ulla": 403,
    "kaisa": 200,
    "mikko": 403,
    "reetta": 200,
    "admin": 200,
}


@pytest.fixture
def activated(personas, incident):
    alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    return incident


@pytest.mark.parametrize("name", list(EXPECTED))
def test_access_log_page_is_for_the_incidents_coordinators_and_admins(
    name, client_as, personas, activated
):
    AccessLog.objects.create(
        user=personas.reetta,
        incident=activated,
        what="contact list",
        at=datetime(2026, 12, 5, 21, 14, 33, tzinfo=UTC),
    )
    response = client_as(name).get(reverse("incidents:access_log", args=[activated.pk]))
    assert response.status_code == EXPECTED[name]
    if response.status_code == 200:
        html = response.content.decode()
        assert "reetta@example.fi" in html
        assert "5.12.2026 23.14.33" in html  # Helsinki time
    # Looking at the log is not itself a look at the contact list.
    assert AccessLog.objects.filter(incident=activated).count() == 1


def test_opening_the_incident_page_shows_up_in_the_log_and_the_page_links_to_it(
    client_as, personas, activated
):
    kaisa = client_as("kaisa")
    detail = kaisa.get(reverse("incidents:detail", args=[activated.pk])).content.decode()
    url = reverse("incidents:access_log", args=[activated.pk])
    assert f'href="{url}"' in detail
    client_as("admin").get(reverse("incidents:detail", args=[activated.pk]))

    html = kaisa.get(url).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    assert "admin@example.fi" in rows[0]  # newest first
    assert "kaisa@example.fi" in rows[1]


def test_an_incident_nobody_has_opened_says_so(client_as, activated):
    html = client_as("kaisa").get(reverse("incidents:access_log", args=[activated.pk]))
    assert "data-access-log" not in html.content.decode()


def test_the_outsider_does_not_learn_whether_an_incident_exists(client_as):
    assert client_as("mikko").get(reverse("incidents:access_log", args=[999999])).status_code == 404

"""Pages and API responses that depend on who asks send Cache-Control: no-store; public
pages for anonymous visitors stay cacheable."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.alerting.messages import reply_links
from turvaverkko.incidents.models import Incident

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("ville", "/fi/volunteer/profile/"),
        ("ville", "/fi/volunteer/profile/export/"),
        ("kaisa", "/fi/volunteers/"),
        ("kaisa", "/fi/volunteers/offers/"),
        ("kaisa", "/api/volunteers/"),
        ("kaisa", "/api/contacts/"),
        ("olli", "/fi/"),  # a public page, but shown to a signed-in user (their menu)
    ],
)
def test_signed_in_responses_are_not_stored(client_as, name, url):
    response = client_as(name).get(url)
    assert response.status_code == 200, url
    assert no_store(response), url


def test_api_token_responses_are_not_stored(personas):
    token = Token.objects.create(user=personas.kaisa)
    response = Client().get("/api/volunteers/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200
    assert no_store(response)
    # Even a refused one: it says the token is known.
    refused = Client().get("/api/volunteers/", headers={"Authorization": "Token nonsense"})
    assert no_store(refused)


def test_signed_links_are_not_stored(personas):
    incident = actions.open_incident(
        user=personas.kaisa, municipalities=[personas.huittinen], title="Myrsky",
        type=Incident.Type.STORM,
    )  # fmt: skip
    activation = alerting.activate(incident, user=personas.kaisa, message="Tule", volunteer_count=5)
    recipient = activation.recipients.get(volunteer=personas.ville_profile)
    link = reply_links(recipient)["yes"].split("://", 1)[1].split("/", 1)[1]
    response = Client().get("/" + link)
    assert response.status_code == 200 and no_store(response)


def test_public_pages_for_anonymous_visitors_stay_cacheable(personas):
    response = Client().get("/fi/")
    assert response.status_code == 200 and not no_store(response)
    hsds = Client().get("/hsds/services")
    assert hsds["Cache-Control"].startswith("public")

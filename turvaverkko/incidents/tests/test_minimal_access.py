"""Who sees a volunteer's name and contact details, as the sign-up page says: contact details
only for the home municipality's coordinators, admins and the incident's coordinators; an
alerted association's admin does not read other people's names in the incident."""

import pytest
from django.test import Client

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import Recipient
from turvaverkko.incidents.replies.recording import record_link_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerted(personas, incident):
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org],
        volunteer_count=5,
    )  # fmt: skip
    ville = activation.recipients.get(volunteer=personas.ville_profile)
    record_link_reply(ville, "yes")
    actions.set_person_status(ville, Recipient.PersonStatus.ON_SITE, user=personas.kaisa)
    primary = activation.recipients.get(contact=personas.primary_contact)
    record_link_reply(primary, "yes")
    return activation


def test_an_alerted_associations_admin_does_not_see_volunteers_names(
    personas, incident, alerted, client_as
):
    ville = personas.ville_profile
    page = client_as("olli").get(f"/en/incidents/{incident.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert ville.name not in text and ville.phone not in text
    assert f"Alert {alerted.code} sent to" in text  # the rest of the log is there
    coordinator = client_as("kaisa").get(f"/en/incidents/{incident.pk}/").content.decode()
    assert f"{ville.name}: on site" in coordinator and ville.phone in coordinator


def test_regional_coordinator_sees_names_but_not_contact_details(personas, client_as):
    ville = personas.ville_profile
    for name, sees_phone in [("kaisa", True), ("admin", True), ("reetta", False)]:
        client = client_as(name)
        page = client.get("/en/volunteers/").content.decode()
        assert ville.name in page, name
        assert (ville.phone in page) == sees_phone, name
        api = client.get("/api/volunteers/").content.decode()
        assert (ville.phone in api) == sees_phone, name


def test_the_sign_up_page_says_who_sees_what(personas):
    page = Client().get("/en/volunteer/sign-up/").content.decode()
    assert "Regional coordinators and the associations you join as a member see only your" in (
        " ".join(page.split())
    )
    assert "Your details are seen only by the coordinators" not in page

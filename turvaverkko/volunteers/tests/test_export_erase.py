"""The volunteer's rights of access, portability and erasure."""

import json

import pytest
from django.contrib.auth import get_user_model

from turvaverkko.registry.models import RoleAssignment
from turvaverkko.volunteers.models import AvailabilitySlot, Volunteer
from turvaverkko.volunteers.tests.factories import AvailabilitySlotFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def membership_snapshots():
    from simple_history.models import HistoricalRecords

    return HistoricalRecords.m2m_models[Volunteer._meta.get_field("organizations")].objects


@pytest.fixture
def ville(personas, skills):
    volunteer = personas.ville_profile
    volunteer.skills.add(skills["first_aid"])
    volunteer.organizations.add(personas.olli_org)
    AvailabilitySlotFactory(volunteer=volunteer, weekday=5)
    volunteer.name = "Ville Vapaaehtoinen Jr."
    volunteer.save()  # a second history row
    return volunteer


def test_export_contains_everything_stored(client_as, ville):
    response = client_as("ville").get("/fi/volunteer/profile/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.content)
    assert data["volunteer"]["name"] == "Ville Vapaaehtoinen Jr."
    assert data["volunteer"]["phone"] == ville.phone
    assert data["volunteer"]["email"] == "ville@example.fi"
    assert data["volunteer"]["home_municipality"]["code"] == "102"
    assert [s["code"] for s in data["skills"]] == ["first-aid"]
    assert data["availability"][0]["weekday"] == 5
    assert data["memberships"][0]["name"] == "Huittisten Martat ry"
    assert data["consent"]["text"] == ville.consent_text
    assert data["consent"]["given_at"]
    assert data["account"]["email"] == "ville@example.fi"
    names = [row["values"]["name"] for row in data["history"]]
    # created, joined Huittisten Martat (memberships are in the history too), renamed
    assert names == ["Ville Vapaaehtoinen", "Ville Vapaaehtoinen", "Ville Vapaaehtoinen Jr."]
    assert [row["change"] for row in data["history"]] == ["created", "changed", "changed"]


@pytest.mark.parametrize("persona", ["olli", "ulla", "kaisa", "mikko", "reetta", "admin"])
def test_export_is_only_for_oneself(client_as, ville, persona):
    response = client_as(persona).get("/fi/volunteer/profile/export/")
    assert response.status_code == 404
    assert ville.phone.encode() not in response.content


def test_export_needs_signing_in(client, ville):
    response = client.get("/fi/volunteer/profile/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/volunteer/sign-in/")


def test_erase_removes_profile_history_and_account_and_signs_out(client_as, ville):
    client = client_as("ville")
    assert ville.history.count() == 3  # created, joined an association, renamed
    assert membership_snapshots().exists()
    page = client.get("/fi/volunteer/profile/erase/")
    assert page.status_code == 200
    assert Volunteer.objects.filter(pk=ville.pk).exists()  # asking is not erasing

    response = client.post("/fi/volunteer/profile/erase/")
    assert response["Location"] == "/fi/volunteer/erased/"
    assert not Volunteer.objects.filter(pk=ville.pk).exists()
    assert Volunteer.history.filter(id=ville.pk).count() == 0
    # ...and the membership snapshots of that history (they have no database constraint).
    assert not membership_snapshots().exists()
    assert AvailabilitySlot.objects.filter(volunteer_id=ville.pk).count() == 0
    assert not User.objects.filter(email="ville@example.fi").exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/fi/volunteer/profile/").status_code == 302
    # The others' data is untouched.
    assert User.objects.filter(email="kaisa@example.fi").exists()


def test_erase_keeps_an_account_that_has_other_duties(client_as, personas):
    olli_volunteer = VolunteerFactory(user=personas.olli, home_municipality=personas.huittinen)
    client = client_as("olli")
    client.post("/fi/volunteer/profile/erase/")
    assert not Volunteer.objects.filter(pk=olli_volunteer.pk).exists()
    assert Volunteer.history.filter(id=olli_volunteer.pk).count() == 0
    assert RoleAssignment.objects.filter(user=personas.olli).exists()
    assert User.objects.filter(pk=personas.olli.pk).exists()
    assert "_auth_user_id" not in client.session


def test_nobody_else_can_erase_a_volunteer(client_as, ville):
    for persona in ["olli", "ulla", "kaisa", "mikko", "reetta", "admin"]:
        response = client_as(persona).post("/fi/volunteer/profile/erase/")
        assert response.status_code == 404
    assert Volunteer.objects.filter(pk=ville.pk).exists()

"""The volunteer's own profile: validation, normalisation, availability, memberships."""

from datetime import timedelta

import pytest
from django.utils import timezone

from turvaverkko.registry.tests.factories import LanguageFactory, OrganizationFactory
from turvaverkko.volunteers.models import AvailabilitySlot, Volunteer
from turvaverkko.volunteers.tests.factories import AvailabilitySlotFactory
from turvaverkko.volunteers.tests.helpers import link_in

pytestmark = pytest.mark.django_db


def profile_data(volunteer, **overrides):
    data = {
        "name": volunteer.name,
        "phone": "040 123 4567",
        "email": volunteer.email,
        "language": "fi",
        "home_municipality": volunteer.home_municipality.name_fi,
        "latitude": "",
        "longitude": "",
        "driving_licence_classes": "",
        "channels": ["sms", "email"],
        "do_not_alert_until": "",
        "availability-TOTAL_FORMS": "1",
        "availability-INITIAL_FORMS": "0",
        "availability-MIN_NUM_FORMS": "0",
        "availability-MAX_NUM_FORMS": "1000",
        "availability-0-id": "",
        "availability-0-weekday": "",
        "availability-0-start": "",
        "availability-0-end": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def ville(personas):
    return personas.ville_profile


def test_phone_is_stored_in_e164(client_as, ville):
    client = client_as("ville")
    response = client.post("/fi/volunteer/profile/", profile_data(ville, phone="040 123 4567"))
    assert response.status_code == 302
    ville.refresh_from_db()
    assert ville.phone == "+358401234567"
    # Shown back the way Finns write it.
    assert 'value="040 1234567"' in client.get("/fi/volunteer/profile/").content.decode()


def test_invalid_phone_gets_a_clear_error_and_nothing_changes(client_as, ville):
    before = ville.phone
    response = client_as("ville").post("/fi/volunteer/profile/", profile_data(ville, phone="123"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'id="id_phone_error"' in html
    assert 'aria-invalid="true"' in html
    assert "040 123 4567" in html  # the error says what a valid number looks like
    ville.refresh_from_db()
    assert ville.phone == before


def test_skills_languages_and_availability_are_saved(client_as, ville, skills):
    sv = LanguageFactory(code="sv", name_fi="ruotsi", name_sv="svenska", name_en="Swedish")
    data = profile_data(
        ville,
        skills=[str(skills["first_aid"].pk)],
        languages=["sv"],
        driving_licence_classes="be, b c",
        **{
            "availability-0-weekday": "2",
            "availability-0-start": "17:00",
            "availability-0-end": "21:00",
        },
    )
    response = client_as("ville").post("/fi/volunteer/profile/", data)
    assert response.status_code == 302
    ville.refresh_from_db()
    assert list(ville.skills.all()) == [skills["first_aid"]]
    assert list(ville.languages.all()) == [sv]
    assert ville.driving_licence_classes == "B, BE, C"
    [slot] = ville.availability.all()
    assert (slot.weekday, slot.start.hour, slot.end.hour) == (2, 17, 21)


def test_availability_must_end_after_it_starts(client_as, ville):
    data = profile_data(
        ville,
        **{
            "availability-0-weekday": "2",
            "availability-0-start": "21:00",
            "availability-0-end": "17:00",
        },
    )
    response = client_as("ville").post("/fi/volunteer/profile/", data)
    assert response.status_code == 200
    assert 'id="id_availability-0-end_error"' in response.content.decode()
    assert not AvailabilitySlot.objects.exists()


def test_a_slot_can_be_removed(client_as, ville):
    slot = AvailabilitySlotFactory(volunteer=ville)
    data = profile_data(
        ville,
        **{
            "availability-TOTAL_FORMS": "2",
            "availability-INITIAL_FORMS": "1",
            "availability-0-id": str(slot.pk),
            "availability-0-volunteer": str(ville.pk),
            "availability-0-weekday": "0",
            "availability-0-start": "17:00",
            "availability-0-end": "21:00",
            "availability-0-DELETE": "on",
            "availability-1-id": "",
            "availability-1-weekday": "",
            "availability-1-start": "",
            "availability-1-end": "",
        },
    )
    assert client_as("ville").post("/fi/volunteer/profile/", data).status_code == 302
    assert not AvailabilitySlot.objects.exists()


def test_location_is_rounded_to_about_a_kilometre(client_as, ville):
    data = profile_data(ville, latitude="61.176634", longitude="22.699512")
    assert client_as("ville").post("/fi/volunteer/profile/", data).status_code == 302
    ville.refresh_from_db()
    assert (ville.latitude, ville.longitude) == (61.18, 22.70)
    assert ville.easting and ville.northing

    half = profile_data(ville, latitude="61.18", longitude="")
    response = client_as("ville").post("/fi/volunteer/profile/", half)
    assert 'id="id_longitude_error"' in response.content.decode()


def test_text_messages_need_a_phone_number(client_as, ville):
    response = client_as("ville").post(
        "/fi/volunteer/profile/", profile_data(ville, phone="", channels=["sms"])
    )
    assert 'id="id_phone_error"' in response.content.decode()


def test_editing_counts_as_activity_and_is_in_the_history(client_as, ville):
    long_ago = timezone.now() - timedelta(days=500)
    Volunteer.objects.filter(pk=ville.pk).update(
        last_active_at=long_ago, inactivity_reminder_sent_at=long_ago
    )
    client = client_as("ville")  # signing in already counts
    Volunteer.objects.filter(pk=ville.pk).update(
        last_active_at=long_ago, inactivity_reminder_sent_at=long_ago
    )
    history_before = ville.history.count()
    client.post("/fi/volunteer/profile/", profile_data(ville, name="Ville V."))
    ville.refresh_from_db()
    assert ville.last_active_at > long_ago
    assert ville.inactivity_reminder_sent_at is None
    assert ville.history.count() == history_before + 1
    assert ville.history.first().name == "Ville V."


NEUTRAL = "If the new e-mail address can be used, we sent a link to it."


def test_new_address_takes_effect_only_when_its_link_is_opened(
    client_as, ville, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    client = client_as("ville")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/volunteer/profile/", profile_data(ville, email="ville.new@example.fi"),
            follow=True,
        )  # fmt: skip
    assert NEUTRAL in response.content.decode()
    ville.refresh_from_db()
    ville.user.refresh_from_db()
    # Nothing changes yet: sign-in and alerts keep using the confirmed old address.
    assert ville.email == ville.user.email == "ville@example.fi"
    assert ville.email_confirmed_at is not None
    run_tasks()
    [message] = smtp_server.to("ville.new@example.fi")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert ville.name not in body  # nothing anyone typed goes to an unconfirmed address
    path = link_in(body, "/volunteer/email/")
    assert client.get(path).status_code == 200  # a mail scanner's GET changes nothing
    ville.refresh_from_db()
    assert ville.email == "ville@example.fi"
    client.post(path)
    ville.refresh_from_db()
    ville.user.refresh_from_db()
    assert ville.email == ville.user.email == "ville.new@example.fi"
    assert ville.email_confirmed_at is not None
    assert client.post(path).status_code == 400  # the link works once


def test_address_of_another_account_gets_the_same_answer_and_no_mail(
    client_as, ville, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("ville").post(
            "/en/volunteer/profile/", profile_data(ville, email="kaisa@example.fi"), follow=True
        )
    page = response.content.decode()
    assert NEUTRAL in page and 'id="id_email_error"' not in page
    run_tasks()
    assert smtp_server.to("kaisa@example.fi") == []
    ville.refresh_from_db()
    assert ville.email == "ville@example.fi"


def test_memberships_from_home_municipality_and_by_search(client_as, personas, ville):
    client = client_as("ville")
    html = client.get("/fi/volunteer/profile/").content.decode()
    assert "Huittisten Martat ry" in html
    assert "Muonion Kyläyhdistys ry" not in html  # another municipality's organisation

    found = client.get("/fi/volunteer/profile/memberships/", {"q": "muonion"})
    assert "Muonion Kyläyhdistys ry" in found.content.decode()
    client.post("/fi/volunteer/profile/memberships/", {"organization": str(personas.other_org.pk)})
    assert list(ville.organizations.all()) == [personas.other_org]
    # A current membership stays on the profile page, so it can be removed there.
    assert "Muonion Kyläyhdistys ry" in client.get("/fi/volunteer/profile/").content.decode()
    inactive = OrganizationFactory(name_fi="Lakannut ry", is_active=False)
    response = client.post("/fi/volunteer/profile/memberships/", {"organization": str(inactive.pk)})
    assert response.status_code == 404


def test_profile_shows_the_consent_given(client_as, ville):
    html = client_as("ville").get("/fi/volunteer/profile/").content.decode()
    assert ville.consent_text in html


def test_adding_an_unknown_organisation_is_not_found(client_as, ville):
    response = client_as("ville").post("/fi/volunteer/profile/memberships/", {"organization": "1"})
    assert response.status_code == 404

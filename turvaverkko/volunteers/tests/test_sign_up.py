"""Sign-up, e-mail confirmation and the password-less sign-in link."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from turvaverkko.volunteers import links
from turvaverkko.volunteers.forms import CONSENT_TEXT
from turvaverkko.volunteers.models import Volunteer
from turvaverkko.volunteers.tests.helpers import link_in, token_made_ago

pytestmark = pytest.mark.django_db

User = get_user_model()


def sign_up_data(**overrides):
    data = {
        "name": "Vilma Vapaaehtoinen",
        "email": "Vilma@Example.fi",
        "phone": "040 123 4567",
        "home_municipality": "Huittinen",
        "language": "fi",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def huittinen():
    from turvaverkko.areas.tests.factories import MunicipalityFactory

    return MunicipalityFactory()


def test_sign_up_sends_a_confirmation_link_that_confirms_and_signs_in(
    client, huittinen, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fi/volunteer/sign-up/", sign_up_data())
    assert response.status_code == 302
    assert response["Location"] == "/fi/volunteer/sign-up/sent/"

    volunteer = Volunteer.objects.get(email="vilma@example.fi")
    assert volunteer.phone == "+358401234567"
    assert volunteer.home_municipality == huittinen
    assert volunteer.email_confirmed_at is None  # not alertable yet
    with translation.override("fi"):
        assert volunteer.consent_text == str(CONSENT_TEXT)  # the words the person agreed to
    assert volunteer.consent_given_at is not None
    assert not volunteer.user.has_usable_password()

    run_tasks()
    [message] = smtp_server.to("vilma@example.fi")
    path = link_in(smtp_server.bodies()[0], "/volunteer/confirm/")
    assert path.startswith("/fi/")

    page = client.get(path)
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session  # opening the link alone does nothing
    response = client.post(path)
    assert response["Location"] == "/fi/volunteer/profile/"
    assert client.session["_auth_user_id"] == str(volunteer.user.pk)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is not None
    assert "Vilma Vapaaehtoinen" in client.get("/fi/volunteer/profile/").content.decode()

    # The link worked once.
    client.logout()
    assert client.post(path).status_code == 400
    assert "_auth_user_id" not in client.session


def test_sign_up_requires_consent_and_a_known_municipality(client, huittinen):
    response = client.post(
        "/fi/volunteer/sign-up/", sign_up_data(consent="", home_municipality="Atlantis")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'id="id_consent_error"' in html
    assert 'id="id_home_municipality_error"' in html
    assert not Volunteer.objects.exists()
    assert not User.objects.filter(email="vilma@example.fi").exists()


def test_municipality_can_be_given_by_code(client, huittinen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fi/volunteer/sign-up/", sign_up_data(home_municipality="102", phone=""))
    volunteer = Volunteer.objects.get()
    assert volunteer.home_municipality == huittinen
    assert volunteer.channels == ["email"]


def test_sign_up_with_a_registered_address_reveals_nothing(
    client, personas, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/fi/volunteer/sign-up/", sign_up_data(email="ville@example.fi"))
        unknown = client.post("/fi/volunteer/sign-up/", sign_up_data(email="new@example.fi"))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert Volunteer.objects.filter(email="ville@example.fi").count() == 1
    personas.ville_profile.refresh_from_db()
    assert personas.ville_profile.phone != "+358401234567"  # nothing was overwritten

    run_tasks()
    [to_ville] = smtp_server.to("ville@example.fi")
    body = to_ville.get_body(preferencelist=("plain",)).get_content()
    assert "/volunteer/sign-in/" in body  # the owner gets a sign-in link, nobody else
    assert len(smtp_server.to("new@example.fi")) == 1


def test_account_holder_becomes_a_volunteer_without_a_new_account(client_as, personas):
    client = client_as("olli")
    page = client.get("/fi/volunteer/sign-up/")
    assert 'name="email"' not in page.content.decode()
    response = client.post("/fi/volunteer/sign-up/", sign_up_data(email=""))
    assert response["Location"] == "/fi/volunteer/profile/"
    volunteer = Volunteer.objects.get(user=personas.olli)
    assert volunteer.email == "olli@example.fi"
    assert volunteer.email_confirmed_at is not None


def request_link(client, email, capture):
    with capture(execute=True):
        return client.post("/fi/volunteer/sign-in/", {"email": email})


def test_sign_in_link_works_once(
    client, personas, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    request_link(client, "Ville@example.fi", django_capture_on_commit_callbacks)
    run_tasks()
    [message] = smtp_server.to("ville@example.fi")
    path = link_in(message.get_body(preferencelist=("plain",)).get_content(), "/sign-in/")

    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response["Location"] == "/fi/volunteer/home/"  # their alerts and tasks
    assert client.session["_auth_user_id"] == str(personas.ville.pk)

    client.logout()
    again = client.post(path)
    assert again.status_code == 400
    assert "_auth_user_id" not in client.session
    assert 'href="/fi/volunteer/sign-in/"' in again.content.decode()  # how to get a new one


def test_sign_in_link_expires_after_thirty_minutes(client, personas):
    payload = {"u": personas.ville.pk, "l": ""}
    personas.ville.last_login = None
    personas.ville.save()
    fresh = token_made_ago(payload, links.SIGN_IN_SALT, 29 * 60)
    stale = token_made_ago(payload, links.SIGN_IN_SALT, 31 * 60)
    assert client.post(f"/fi/volunteer/sign-in/{stale}/").status_code == 400
    assert "_auth_user_id" not in client.session
    assert client.post(f"/fi/volunteer/sign-in/{fresh}/").status_code == 302
    assert client.session["_auth_user_id"] == str(personas.ville.pk)


def test_a_link_of_one_kind_cannot_stand_in_for_another(client, personas):
    confirm = links.confirm_token(personas.ville)
    assert client.post(f"/fi/volunteer/sign-in/{confirm}/").status_code == 400
    assert client.post(f"/fi/volunteer/sign-in/{confirm[:-2]}xx/").status_code == 400
    assert "_auth_user_id" not in client.session


def test_sign_in_page_answers_the_same_for_unknown_addresses(
    client, personas, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    known = request_link(client, "ville@example.fi", django_capture_on_commit_callbacks)
    unknown = request_link(client, "nobody@example.fi", django_capture_on_commit_callbacks)
    # A coordinator's account is not a volunteer: no password-less link for it either.
    staff = request_link(client, "kaisa@example.fi", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == staff.status_code == 302
    assert known["Location"] == unknown["Location"] == staff["Location"]
    sent_page = client.get(known["Location"]).content.decode()
    assert "ville@example.fi" not in sent_page

    run_tasks()
    assert [m["To"] for m in smtp_server.messages] == ["ville@example.fi"]


def test_signing_in_counts_as_activity(client, personas, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    long_ago = timezone.now() - timedelta(days=400)
    Volunteer.objects.filter(pk=personas.ville_profile.pk).update(
        last_active_at=long_ago, inactivity_reminder_sent_at=long_ago
    )
    token = links.sign_in_token(personas.ville)
    client.post(f"/fi/volunteer/sign-in/{token}/")
    personas.ville_profile.refresh_from_db()
    assert personas.ville_profile.last_active_at > long_ago
    assert personas.ville_profile.inactivity_reminder_sent_at is None


def test_sign_in_links_to_one_address_are_limited(
    client, personas, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    for _ in range(8):
        response = request_link(client, "ville@example.fi", django_capture_on_commit_callbacks)
        assert response["Location"] == "/fi/volunteer/sign-in/sent/"  # the answer never changes
    run_tasks()
    assert len(smtp_server.to("ville@example.fi")) == 5


def test_the_sign_up_name_is_not_echoed_to_the_unconfirmed_address(
    client, huittinen, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    """Anyone can type anyone's address: the mail must not carry the sender's words."""
    phishing = "Your bank account is locked, call 0700 123 456"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fi/volunteer/sign-up/", sign_up_data(name=phishing))
    run_tasks()
    [message] = smtp_server.to("vilma@example.fi")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "/volunteer/confirm/" in body
    assert "0700 123 456" not in body + str(message["Subject"])

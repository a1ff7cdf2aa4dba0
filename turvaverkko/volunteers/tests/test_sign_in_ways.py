"""Ways in for a volunteer: the sign-in page offers the e-mailed link beside the password, and
"forgot your password?" sends the link to an account that has no password."""

import pytest

from turvaverkko.volunteers.tests.factories import VolunteerFactory
from turvaverkko.volunteers.tests.helpers import link_in

pytestmark = pytest.mark.django_db


def test_login_page_offers_a_sign_in_link_form(client):
    page = client.get("/fi/accounts/login/").content.decode()
    link_form = page.split('id="link-sign-in"')[1]
    assert 'action="/fi/volunteer/sign-in/"' in link_form
    assert 'name="email"' in link_form


def reset(client, email, capture):
    with capture(execute=True):
        return client.post("/fi/accounts/password/reset/", {"email": email})


def test_forgot_password_without_a_password_sends_the_sign_in_link(
    client, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(user__email="vilja@example.fi", user__password=None)
    assert not volunteer.user.has_usable_password()
    response = reset(client, "vilja@example.fi", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    run_tasks()
    [message] = smtp_server.to("vilja@example.fi")
    path = link_in(message.get_body(preferencelist=("plain",)).get_content(), "/sign-in/")
    client.get(path)
    response = client.post(path)
    assert response["Location"] == "/fi/volunteer/home/"
    assert client.get("/fi/volunteer/home/").status_code == 200


def test_forgot_password_with_a_password_sends_only_the_reset(
    client, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    VolunteerFactory(user__email="salasana@example.fi")  # this account has a password
    reset(client, "salasana@example.fi", django_capture_on_commit_callbacks)
    assert run_tasks() == 1  # the sign-in task ran, and sent nothing
    [message] = smtp_server.to("salasana@example.fi")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "/password/reset/" in body and "/sign-in/" not in body


def test_forgot_password_for_an_unknown_address_sends_nothing(
    client, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    response = reset(client, "ei.ole@example.fi", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert run_tasks() == 1
    assert smtp_server.to("ei.ole@example.fi") == []

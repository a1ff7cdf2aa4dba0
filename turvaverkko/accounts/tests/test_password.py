"""Changing a password, and setting a new one through an e-mailed link."""

import re

from django.contrib.auth import get_user_model

NEW = "sateinen syyskuun ilta"


def main(response):
    html = response.content.decode()
    return html[html.index("<main") :]


def test_password_change(client_as, personas):
    client = client_as("olli")
    page = client.get("/en/accounts/password/change/")
    assert '<label for="id_old_password">' in main(page)
    response = client.post(
        "/en/accounts/password/change/",
        {"old_password": "correct horse battery", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Password changed" in main(response)
    personas.olli.refresh_from_db()
    assert personas.olli.check_password(NEW)
    # Still signed in on this device.
    assert client.get("/en/dashboard/").status_code == 200


def test_password_change_rejects_a_weak_password_with_an_announced_error(client_as, personas):
    response = client_as("olli").post(
        "/en/accounts/password/change/",
        {
            "old_password": "correct horse battery",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    html = main(response)
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    personas.olli.refresh_from_db()
    assert personas.olli.check_password("correct horse battery")


def test_password_reset_by_email(client, personas, smtp_server):
    response = client.post("/en/accounts/password/reset/", {"email": "Olli@example.fi"})
    assert response["Location"] == "/en/accounts/password/reset/sent/"
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "olli@example.fi"
    body = smtp_server.bodies()[0]
    link = re.search(r"http://127\.0\.0\.1:8000(/en/accounts/password/reset/\S+/)", body).group(1)

    page = client.get(link, follow=True)
    assert '<label for="id_new_password1">' in main(page)
    form_url = page.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Your new password is saved" in main(response)

    response = client.post("/en/accounts/login/", {"username": "olli@example.fi", "password": NEW})
    assert response.status_code == 302
    # The link worked once.
    assert "already been used" in main(client.get(link, follow=True))


def test_password_reset_link_uses_site_url_not_the_host_header(client, personas, smtp_server):
    client.post("/en/accounts/password/reset/", {"email": "olli@example.fi"}, HTTP_HOST="localhost")
    body = smtp_server.bodies()[0]
    assert "http://127.0.0.1:8000/en/accounts/password/reset/" in body
    assert "localhost" not in body


def test_password_reset_does_not_tell_whether_an_address_exists(client, personas, smtp_server):
    known = client.post("/en/accounts/password/reset/", {"email": "olli@example.fi"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.fi"})
    assert known["Location"] == unknown["Location"]
    assert len(smtp_server.messages) == 1


def test_password_reset_keeps_the_second_factor(client, personas, smtp_server):
    """A new password alone does not get a coordinator past two-factor authentication."""
    client.post("/en/accounts/password/reset/", {"email": "kaisa@example.fi"})
    body = smtp_server.bodies()[0]
    link = re.search(r"(/en/accounts/password/reset/\S+/)", body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    kaisa = get_user_model().objects.get(email="kaisa@example.fi")
    assert kaisa.check_password(NEW)
    response = client.post("/en/accounts/login/", {"username": "kaisa@example.fi", "password": NEW})
    assert response["Location"].startswith("/en/accounts/two-factor/")

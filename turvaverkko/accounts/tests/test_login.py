"""Signing in with a password: Argon2 hashes, a non-revealing error and the lockout."""

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

LOGIN = "/en/accounts/login/"
PASSWORD = "correct horse battery"
WRONG_LOGIN = "The e-mail address or the password is not correct."


def post_login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_new_passwords_are_hashed_with_argon2(db, project_hashers):
    assert project_hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    user = get_user_model().objects.create_user("uusi@example.fi", "a long new passphrase")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long new passphrase")


def test_a_password_change_stores_an_argon2_hash(client_as, personas, project_hashers):
    personas.olli.set_password(PASSWORD)
    personas.olli.save()
    client = client_as("olli")
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "sateinen syyskuun ilta",
            "new_password2": "sateinen syyskuun ilta",
        },
    )
    assert response.status_code == 302
    personas.olli.refresh_from_db()
    assert personas.olli.password.startswith("argon2")


def test_login_page_has_labelled_fields_and_a_reset_link(client, db):
    html = client.get(LOGIN).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'autocomplete="current-password"' in html
    assert "/en/accounts/password/reset/" in html


def test_association_admin_signs_in_without_a_second_factor(client, personas):
    response = post_login(client, "olli@example.fi")
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200


def test_email_letter_case_does_not_matter(client, personas):
    response = post_login(client, "  Olli@Example.FI ")
    assert response.status_code == 302


def test_wrong_password_and_unknown_address_get_the_same_message(client, personas):
    wrong_password = post_login(client, "olli@example.fi", "not the password")
    unknown_user = post_login(client, "nobody@example.fi", "not the password")
    for response in (wrong_password, unknown_user):
        html = response.content.decode()
        assert response.status_code == 200
        assert WRONG_LOGIN in html
        assert 'role="alert"' in html
        assert 'aria-invalid="true"' in html
    assert (
        "nobody@example.fi"
        not in unknown_user.content.decode().split("<main")[1].split('value="')[0]
    )


def test_login_ignores_a_next_url_on_another_site(client, personas):
    response = post_login(client, "olli@example.fi", next="https://evil.example.com/")
    assert response["Location"] == "/en/dashboard/"


def test_five_wrong_passwords_lock_the_account_with_a_friendly_page(client, personas):
    for _ in range(4):
        assert post_login(client, "olli@example.fi", "guess").status_code == 200
    response = post_login(client, "olli@example.fi", "guess")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert "Try again in 15 minutes." in html
    assert 'role="alert"' in html
    assert response["Retry-After"] == "900"
    assert "Content-Security-Policy" in response

    # Even the right password is refused until the cool-off has passed.
    response = post_login(client, "olli@example.fi")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/en/dashboard/").status_code == 302


def test_lockout_counts_the_address_whatever_its_letter_case(client, personas):
    for email in ["olli@example.fi", "OLLI@example.fi", "Olli@Example.fi", "olli@EXAMPLE.fi"]:
        post_login(client, email, "guess")
    assert post_login(client, "OLLI@EXAMPLE.FI", "guess").status_code == 429
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "olli@example.fi"
    assert attempt.failures_since_start == 5


def test_lockout_stops_that_user_name_from_that_address_only(client, personas):
    """One person behind a shared address (a library, a municipality's network) cannot lock
    out everyone there, nor lock a known coordinator out from the coordinator's own address."""
    for _ in range(5):
        post_login(client, "olli@example.fi", "guess")
    assert post_login(client, "olli@example.fi").status_code == 429
    assert post_login(client, "ville@example.fi").status_code == 302  # a colleague, same address
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert post_login(elsewhere, "olli@example.fi").status_code == 302  # Olli, at his own desk


def test_sign_in_works_again_after_the_cool_off(client, personas):
    for _ in range(5):
        post_login(client, "olli@example.fi", "guess")
    assert post_login(client, "olli@example.fi").status_code == 429
    # 16 minutes pass.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = post_login(client, "olli@example.fi")
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"


def test_fewer_failures_are_forgotten_after_a_successful_login(client, personas):
    for _ in range(4):
        post_login(client, "olli@example.fi", "guess")
    assert post_login(client, "olli@example.fi").status_code == 302
    client.post("/en/accounts/logout/")
    for _ in range(4):
        assert post_login(client, "olli@example.fi", "guess").status_code == 200


def test_behind_the_proxy_one_lockout_does_not_stop_everyone(settings, personas):
    """Production reads the client's address from the proxy's X-Forwarded-For."""
    settings.AXES_CLIENT_IP_CALLABLE = "turvaverkko.accounts.lockout.client_ip_behind_proxy"
    attacker = Client(HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    for _ in range(5):
        post_login(attacker, "olli@example.fi", "guess")
    assert post_login(attacker, "olli@example.fi").status_code == 429
    # Olli from his own address signs in normally.
    olli = Client(HTTP_X_FORWARDED_FOR="198.51.100.21")
    assert post_login(olli, "olli@example.fi").status_code == 302
    # A forged left-hand entry does not get the attacker a fresh address.
    forged = Client(HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7")
    assert post_login(forged, "olli@example.fi").status_code == 429


def test_a_locked_out_coordinator_recovers_with_the_emailed_reset(client, personas, smtp_server):
    for _ in range(5):
        post_login(client, "kaisa@example.fi", "guess")
    assert post_login(client, "kaisa@example.fi").status_code == 429
    # The lockout page offers the reset; the link arrives by e-mail.
    client.post("/en/accounts/password/reset/", {"email": "kaisa@example.fi"})
    link = re.search(r"(/en/accounts/password/reset/\S+/)", smtp_server.bodies()[0]).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a brand new passphrase 42"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    assert not AccessAttempt.objects.filter(username="kaisa@example.fi").exists()
    response = post_login(client, "kaisa@example.fi", new)
    assert response.status_code == 302  # on to the second factor, no longer locked
    assert response["Location"].startswith("/en/accounts/two-factor/")

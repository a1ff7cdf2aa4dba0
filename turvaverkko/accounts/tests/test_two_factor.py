"""TOTP two-factor authentication: who must use it, enrolment, verification, backup codes."""

import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from turvaverkko.accounts.testing import code_from_secret, current_code, wrong_code

TWO_FACTOR = "/en/accounts/two-factor/"
SETUP = "/en/accounts/two-factor/setup/"
PRIVATE_PAGES = ["/en/dashboard/", "/en/accounts/", "/en/accounts/password/change/"]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def main(response):
    html = response.content.decode()
    return html[html.index("<main") :]


@pytest.mark.parametrize("name", ["kaisa", "mikko", "reetta", "admin"])
def test_unverified_coordinators_and_admins_are_sent_to_two_factor(personas, name):
    client = signed_in(getattr(personas, name))
    for path in PRIVATE_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(TWO_FACTOR), path
        assert f"next={path.replace('/', '%2F')}" in response["Location"]


@pytest.mark.parametrize("name", ["olli", "ville"])
def test_association_admins_and_volunteers_need_no_second_factor(personas, name):
    client = signed_in(getattr(personas, name))
    assert client.get("/en/dashboard/").status_code == 200
    assert client.get("/en/accounts/").status_code == 200


def test_someone_who_enrolled_voluntarily_is_asked_for_the_code(personas):
    enrolled(personas.olli)
    response = signed_in(personas.olli).get("/en/dashboard/")
    assert response["Location"].startswith(TWO_FACTOR)


def test_password_login_of_a_coordinator_goes_straight_to_two_factor(client, personas):
    response = client.post(
        "/en/accounts/login/",
        {"username": "kaisa@example.fi", "password": "correct horse battery"},
    )
    assert response["Location"] == f"{TWO_FACTOR}?next=%2Fen%2Fdashboard%2F"
    # No device yet: on to enrolment, keeping the destination.
    response = client.get(response["Location"])
    assert response["Location"] == f"{SETUP}?next=%2Fen%2Fdashboard%2F"


def test_enrolment_end_to_end(personas):
    client = signed_in(personas.kaisa)
    page = client.get(f"{SETUP}?next=/en/dashboard/")
    html = main(page)
    assert page.status_code == 200
    assert '<img src="data:image/svg+xml' in html
    assert 'alt="' in html
    secret = re.search(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>', html).group(1)
    # Reloading shows the same secret, so a half-finished set-up can be resumed.
    assert secret in main(client.get(SETUP))

    pending = TOTPDevice.objects.get(user=personas.kaisa)
    wrong = client.post(SETUP, {"code": wrong_code(pending), "next": "/en/dashboard/"})
    assert wrong.status_code == 200
    assert "The code is not correct" in main(wrong)
    assert not TOTPDevice.objects.filter(user=personas.kaisa, confirmed=True).exists()

    device = TOTPDevice.objects.get(user=personas.kaisa)
    device.throttle_reset()  # the wrong code above asks for a 1 s pause before the next one
    response = client.post(SETUP, {"code": code_from_secret(secret), "next": "/en/dashboard/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/backup-codes/")

    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", main(codes_page))
    assert len(set(codes)) == 10
    assert 'href="/en/dashboard/"' in main(codes_page)
    # Shown once only.
    assert client.get(response["Location"])["Location"] == "/en/accounts/"

    assert client.get("/en/dashboard/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=personas.kaisa).token_set.count() == 10


def test_verification_with_the_app_code(personas):
    device = enrolled(personas.kaisa)
    client = signed_in(personas.kaisa)
    page = client.get(f"{TWO_FACTOR}?next=/en/accounts/")
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in main(page)
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/en/accounts/"})
    assert response["Location"] == "/en/accounts/"
    assert client.get("/en/dashboard/").status_code == 200


def test_the_same_app_code_cannot_be_used_twice(personas):
    device = enrolled(personas.kaisa)
    code = current_code(device)
    first, second = signed_in(personas.kaisa), signed_in(personas.kaisa)
    assert first.post(TWO_FACTOR, {"code": code})["Location"] == "/en/dashboard/"
    device.refresh_from_db()
    device.throttle_reset()
    assert second.post(TWO_FACTOR, {"code": code}).status_code == 200
    assert second.get("/en/dashboard/").status_code == 302


def test_a_backup_code_works_once(personas):
    enrolled(personas.kaisa)
    backup = StaticDevice.objects.create(user=personas.kaisa, name="backup")
    backup.token_set.create(token="abcd2345")
    backup.token_set.create(token="efgh6723")

    first = signed_in(personas.kaisa)
    response = first.post(TWO_FACTOR, {"code": "ABCD 2345", "next": "/en/dashboard/"})
    assert response["Location"] == "/en/dashboard/"
    assert first.get("/en/dashboard/").status_code == 200

    second = signed_in(personas.kaisa)
    response = second.post(TWO_FACTOR, {"code": "abcd2345"})
    assert response.status_code == 200
    assert "The code is not correct" in main(response)
    assert second.get("/en/dashboard/").status_code == 302
    assert list(backup.token_set.values_list("token", flat=True)) == ["efgh6723"]


def test_wrong_codes_are_rejected_and_throttled(personas, settings):
    # Pauses of 10, 20, 40 s instead of 1, 2, 4 s: a busy test machine must not outwait them.
    settings.OTP_TOTP_THROTTLE_FACTOR = 10
    device = enrolled(personas.kaisa)
    client = signed_in(personas.kaisa)

    response = client.post(TWO_FACTOR, {"code": wrong_code(device)})
    assert "The code is not correct" in main(response)
    assert 'role="alert"' in main(response)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    # Right away, even the right code is refused: each failure doubles the pause.
    response = client.post(TWO_FACTOR, {"code": current_code(device)})
    assert response.status_code == 200
    assert "Too many wrong codes" in main(response)
    assert client.get("/en/dashboard/").status_code == 302


@pytest.mark.time_machine("2026-12-05T23:30:00Z", tick=False)  # the pause counts from now
def test_throttling_grows_with_each_failure(personas):
    device = enrolled(personas.kaisa)
    device.throttling_failure_count = 9
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    client = signed_in(personas.kaisa)
    for _ in range(3):
        response = client.post(TWO_FACTOR, {"code": current_code(device)})
        assert re.search(r"Wait (\d+) seconds", main(response))
    seconds = int(re.search(r"Wait (\d+) seconds", main(response)).group(1))
    assert seconds == 256  # 2 ** (9 - 1) seconds after the 9th failure
    device.refresh_from_db()
    assert device.throttling_failure_count == 9  # refused attempts do not count


def test_a_stolen_password_cannot_replace_the_authenticator(personas):
    enrolled(personas.kaisa)
    client = signed_in(personas.kaisa)
    response = client.get(SETUP)
    assert response["Location"].startswith(TWO_FACTOR)
    response = client.post(SETUP, {"code": "123456"})
    assert response["Location"].startswith(TWO_FACTOR)
    assert TOTPDevice.objects.filter(user=personas.kaisa).count() == 1


def test_a_verified_user_can_move_to_a_new_phone(client_as, personas):
    client = client_as("kaisa")
    old = TOTPDevice.objects.get(user=personas.kaisa)
    html = main(client.get(SETUP))
    assert "You are replacing your authenticator app" in html
    secret = re.search(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>', html).group(1)
    response = client.post(SETUP, {"code": code_from_secret(secret), "next": "/en/accounts/"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    new = TOTPDevice.objects.get(user=personas.kaisa)
    assert new.confirmed
    # Still verified, now by the new device.
    assert client.get("/en/dashboard/").status_code == 200


def test_next_pointing_elsewhere_is_ignored(personas):
    device = enrolled(personas.kaisa)
    client = signed_in(personas.kaisa)
    response = client.post(
        TWO_FACTOR, {"code": current_code(device), "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/en/dashboard/"


def test_two_factor_page_needs_a_signed_in_user(client, db):
    response = client.get(TWO_FACTOR)
    assert response["Location"].startswith("/en/accounts/login/")


def test_requirement_can_be_switched_off_for_a_demo(settings, personas):
    settings.REQUIRE_2FA = False
    assert signed_in(personas.kaisa).get("/en/dashboard/").status_code == 200


def test_public_pages_and_logout_stay_reachable_before_verification(personas):
    client = signed_in(personas.kaisa)
    assert client.get("/healthz").status_code == 200
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_in_and_password_reset_pages_stay_reachable_before_verification(personas):
    client = signed_in(personas.kaisa)
    for path in ["/en/accounts/login/", "/sv/accounts/password/reset/"]:
        assert client.get(path).status_code == 200, path
    response = client.get("/en/accounts/password/reset/MQ/set-password/")
    assert response.status_code == 200
    assert "already been used or it has expired" in main(response)
    # A path that does not exist is not a way around the gate.
    assert client.get("/en/no-such-page/")["Location"].startswith(TWO_FACTOR)

"""A coordinator's first sign-in in a real browser: password, enrolment, backup codes."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from turvaverkko.accounts.testing import code_from_secret, complete_two_factor, wrong_code
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Hashing is not the subject here (accounts/tests/test_login.py checks Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_coordinator_enrols_an_authenticator_at_first_sign_in(page, login_page, personas):
    page.goto(f"{page.base}/en/accounts/login/")
    assert_no_axe_violations(page)

    login_page(personas.kaisa, lang="en", two_factor=False)
    page.wait_for_url(re.compile(r"/en/accounts/two-factor/setup/"))
    assert page.locator("h1").inner_text() == "Set up two-factor authentication"
    qr = page.locator("main img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.naturalWidth") > 0  # the CSP let the QR code load
    assert_no_axe_violations(page)

    secret = page.locator("#totp-secret").inner_text()
    page.fill("#id_code", code_from_secret(secret))
    page.click("main button[type=submit]")

    page.wait_for_url(re.compile(r"/en/accounts/two-factor/backup-codes/"))
    codes = page.locator("ol.backup-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page)

    page.click("text=I have saved the codes, continue")
    page.wait_for_url(re.compile(r"/en/dashboard/$"))
    assert page.locator("h1").inner_text() == "Dashboard"


def test_wrong_password_is_announced_and_the_verify_page_is_accessible(page, login_page, personas):
    login_page(personas.kaisa, password="not my password", lang="en", two_factor=False)
    alert = page.locator("main [role=alert]")
    assert "not correct" in alert.inner_text()
    assert_no_axe_violations(page)

    device = TOTPDevice.objects.create(user=personas.kaisa, name="authenticator")
    login_page(personas.kaisa, lang="en", two_factor=False)
    page.wait_for_url(re.compile(r"/en/accounts/two-factor/\?next="))
    assert_no_axe_violations(page)
    page.fill("#id_code", wrong_code(device))
    page.click("main button[type=submit]")
    assert "not correct" in page.locator("main [role=alert]").inner_text()
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(page)


def test_lockout_page_after_five_wrong_passwords(page, login_page, personas):
    for _ in range(5):
        login_page(personas.olli, password="wrong guess", lang="en", two_factor=False)
    assert page.locator("h1").inner_text() == "Too many attempts"
    assert "Try again in 15 minutes." in page.locator("main [role=alert]").inner_text()
    assert_no_axe_violations(page)
    login_page(personas.olli, lang="en", two_factor=False)
    assert page.locator("h1").inner_text() == "Too many attempts"


def test_complete_two_factor_helper_for_other_browser_tests(page, login_page, personas):
    """accounts.testing.complete_two_factor gets a coordinator in, enrolled or not."""
    TOTPDevice.objects.create(user=personas.reetta, name="authenticator")
    for user in (personas.reetta, personas.reetta, personas.reetta, personas.mikko):
        page.context.clear_cookies()
        login_page(user, lang="en", two_factor=False)
        complete_two_factor(page, user)
        assert page.url.endswith("/en/dashboard/"), page.url

"""Test helpers for signing in, including a verified second factor."""

import time
from base64 import b32decode

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def login_verified(client, user):
    """Log `client` in as `user` with a confirmed TOTP device already verified."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def current_code(device: TOTPDevice) -> str:
    """The six digits an authenticator app with this device's key shows right now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def code_from_secret(secret: str) -> str:
    """The current code for a base32 secret as shown to the user (spaces allowed)."""
    raw = secret.replace(" ", "").upper()
    raw += "=" * (-len(raw) % 8)
    return f"{totp(b32decode(raw)):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code that is valid in neither this, the previous nor the next 30-second step."""
    valid = {f"{totp(device.bin_key, t0=offset):06d}" for offset in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def complete_two_factor(page, user):
    """In a browser test, after the password step: pass the second factor, enrolling if asked.

    Uses the user's confirmed TOTP device when there is one, else enrols through the page.
    """
    page.wait_for_load_state()
    if "/accounts/two-factor/setup/" in page.url:
        page.fill("#id_code", code_from_secret(page.locator("#totp-secret").inner_text()))
        page.click("main button[type=submit]")
        page.wait_for_url("**/accounts/two-factor/backup-codes/**")
        page.click("main a.btn")
    elif "/accounts/two-factor/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        # A code is accepted once: if this step's code was used already, take the next one.
        now = (int(time.time()) - device.t0) // device.step + device.drift
        counter = max(now, device.last_t + 1)
        page.fill("#id_code", f"{hotp(device.bin_key, counter, device.digits):06d}")
        page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page

"""The second factor: an authenticator app (TOTP) plus ten one-time backup codes.

Both device kinds come from django-otp and throttle wrong codes on their own (exponential
back-off per device: 1, 2, 4, 8... seconds after successive failures).
"""

import re
from base64 import b32encode
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

ISSUER = "Turvaverkko"
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 10


# Checks "does this user hold a role that needs a second factor?". accounts knows no roles:
# the app that owns them (registry, RoleAssignment) registers its check when Django starts.
_role_checks: list[Callable[[Any], bool]] = []


def require_two_factor_for_roles(check: Callable[[Any], bool]) -> None:
    """Register `check(user) -> bool`: True means the user's roles require a second factor."""
    if check not in _role_checks:
        _role_checks.append(check)


def requires_two_factor(user) -> bool:
    """Staff, coordinators and admins must use a second factor; so must anyone who enrolled."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    if any(check(user) for check in _role_checks):
        return True
    return has_second_factor(user)


def is_verified(user) -> bool:
    # A user object fresh from auth.login() has not passed OTPMiddleware yet.
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_verification(user) -> bool:
    """The user must pass the second factor before seeing anything private."""
    if not settings.REQUIRE_2FA or not user.is_authenticated or is_verified(user):
        return False
    return requires_two_factor(user)


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def backup_codes_left(user) -> int:
    device = backup_device(user)
    return device.token_set.count() if device else 0


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; reloading the page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The key as authenticator apps want it typed: base32 in groups of four."""
    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    url = device.config_url
    if "issuer=" not in url:
        # OTP_TOTP_ISSUER is not set: name the service ourselves so the app shows it.
        url = url.replace("otpauth://totp/", f"otpauth://totp/{ISSUER}:", 1)
        url += f"&issuer={ISSUER}"
    return url


def qr_data_uri(device: TOTPDevice) -> str:
    """An SVG QR code as a data: URI (the CSP allows data: images, not inline markup)."""
    qr = segno.make(provisioning_uri(device), error="m")
    return qr.svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@dataclass
class Verification:
    device: TOTPDevice | StaticDevice | None = None
    throttled_until: datetime | None = None


def _check(device, code: str) -> Verification:
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        if not allowed:
            return Verification(throttled_until=(info or {}).get("locked_until"))
        if locked.verify_token(code):
            return Verification(device=locked)
    return Verification()


def verify_code(user, code: str) -> Verification:
    """Check a code from the authenticator app (6 digits) or a backup code (8 characters)."""
    code = normalise_code(code)
    is_app_code = len(code) == 6 and code.isdigit()
    device = totp_device(user) if is_app_code else backup_device(user)
    if device is None:
        return Verification()
    return _check(device, code)


def confirm_pending(device: TOTPDevice, code: str) -> Verification:
    """Check the first code from a device being enrolled."""
    return _check(device, normalise_code(code))

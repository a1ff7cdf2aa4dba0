"""Named write operations on a user's second factor and API token, each in one transaction."""

import logging

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from .devices import BACKUP_CODE_COUNT, BACKUP_DEVICE_NAME, TOTP_DEVICE_NAME

log = logging.getLogger("turvaverkko.security")


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with ten fresh ones; returned once, to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    log.info("backup codes issued user=%s", user.pk)
    return codes


@transaction.atomic
def confirm_authenticator(user, device: TOTPDevice) -> list[str]:
    """Make `device` the user's only authenticator and issue new backup codes."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = TOTP_DEVICE_NAME
    device.save(update_fields=["confirmed", "name"])
    log.info("authenticator enrolled user=%s device=%s", user.pk, device.pk)
    return new_backup_codes(user)


@transaction.atomic
def reset_two_factor(user, by=None) -> None:
    """An admin's reset for a user who lost their phone: the next sign-in enrols anew."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log.warning(
        "two-factor reset user=%s by=%s", user.pk, getattr(by, "pk", None) or "command line"
    )


@transaction.atomic
def create_api_token(user) -> Token:
    """A new token replaces the old one, which stops working at once."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    log.info("API token created user=%s", user.pk)
    return token


@transaction.atomic
def revoke_api_token(user) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        log.info("API token revoked user=%s", user.pk)
    return bool(deleted)

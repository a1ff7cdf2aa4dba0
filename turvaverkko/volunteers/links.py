"""Signed links e-mailed to volunteers: confirm the address, sign in, keep the profile.

Links are signed with django.core.signing (a TimestampSigner underneath), so they need no
table. The sign-in and confirmation links carry the user's last_login: signing in changes
it, so a link works once. Each kind of link has its own salt, so one cannot stand in for
another.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import translation

SIGN_IN_SALT = "turvaverkko.volunteers.sign-in"
CONFIRM_SALT = "turvaverkko.volunteers.confirm"
KEEP_SALT = "turvaverkko.volunteers.keep"
EMAIL_CHANGE_SALT = "turvaverkko.volunteers.email-change"

SIGN_IN_MAX_AGE = 30 * 60  # seconds
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _login_stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def absolute_url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        path = reverse(name, kwargs=kwargs or None)
    return urljoin(settings.SITE_URL + "/", path.lstrip("/"))


def sign_in_token(user) -> str:
    return signing.dumps({"u": user.pk, "l": _login_stamp(user)}, salt=SIGN_IN_SALT)


def confirm_token(user) -> str:
    return signing.dumps(
        {"u": user.pk, "e": user.email, "l": _login_stamp(user)}, salt=CONFIRM_SALT
    )


def email_change_token(user, new_email: str) -> str:
    """A link to the new address; it works while the account still has the old address."""
    return signing.dumps({"u": user.pk, "o": user.email, "n": new_email}, salt=EMAIL_CHANGE_SALT)


def keep_token(volunteer) -> str:
    return signing.dumps({"v": volunteer.pk}, salt=KEEP_SALT)


def _load(token: str, salt: str, max_age: int) -> dict | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return data if isinstance(data, dict) else None


def user_from_sign_in_token(token: str):
    """The active user the link was made for, or None if it is forged, expired or used."""
    data = _load(token, SIGN_IN_SALT, SIGN_IN_MAX_AGE)
    if data is None:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or _login_stamp(user) != data.get("l"):
        return None
    return user


def user_from_confirm_token(token: str):
    data = _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if data is None:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("e") or _login_stamp(user) != data.get("l"):
        return None
    return user


def email_change_from_token(token: str):
    """(user, new address) of a change link, or None if it is forged, expired or used."""
    data = _load(token, EMAIL_CHANGE_SALT, CONFIRM_MAX_AGE)
    if data is None or not isinstance(data.get("n"), str):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("o"):
        return None
    return user, data["n"]


def volunteer_id_from_keep_token(token: str) -> int | None:
    max_age = (settings.VOLUNTEER_ANONYMISE_GRACE_DAYS + 30) * 24 * 3600
    data = _load(token, KEEP_SALT, max_age)
    return data.get("v") if data else None

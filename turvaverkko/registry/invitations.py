"""Signed invitation links: the token names the invitation and expires after a while.

A link works once: accepting stamps Invitation.accepted_at, and a stamped invitation is
refused however fresh its signature.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Invitation

SALT = "turvaverkko.registry.invitation"
DEFAULT_MAX_AGE_DAYS = 14


class InvitationError(Exception):
    """Why an invitation link cannot be used; `reason` is 'invalid', 'expired' or 'used'."""

    def __init__(self, reason, invitation=None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def max_age_seconds() -> int:
    return getattr(settings, "INVITATION_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS) * 86400


def make_token(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"invitation": invitation.pk, "email": invitation.email}
    )


def accept_url(invitation: Invitation, language: str) -> str:
    with translation.override(language):
        path = reverse("registry:accept_invitation", args=[make_token(invitation)])
    return f"{settings.SITE_URL}{path}"


def invitation_from_token(token: str) -> Invitation:
    """The invitation a token names; raises InvitationError when it cannot be used."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        payload = signer.unsign_object(token, max_age=max_age_seconds())
    except signing.SignatureExpired:
        raise InvitationError("expired") from None
    except signing.BadSignature:
        raise InvitationError("invalid") from None
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(pk=payload.get("invitation"), email=payload.get("email"))
        .first()
    )
    if invitation is None:
        raise InvitationError("invalid")
    if invitation.accepted_at is not None:
        raise InvitationError("used", invitation)
    return invitation

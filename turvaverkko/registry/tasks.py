"""Background work of the registry: invitation e-mails and the yearly re-confirmation.

Both are idempotent: a timestamp (sent_at, confirmation_reminder_sent_at) is written only
after the message was handed to the mail server, and a stamped row is not sent again.
"""

import logging
import smtplib
from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .freshness import data_age_days, due_for_reminder
from .invitations import accept_url, max_age_seconds
from .models import Invitation, Organization, RoleAssignment

logger = logging.getLogger(__name__)


def _render_mail(name: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"registry/email/{name}_subject.txt", context)
        body = render_to_string(f"registry/email/{name}.txt", context)
    return " ".join(subject.split()), body


def _absolute(name: str, language: str, *args) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=args)


@task()
def send_invitation(invitation_id: int, language: str = "fi") -> bool:
    """E-mail the signed link of an invitation; False when there was nothing to send."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "inviter": invitation.invited_by,
        "url": accept_url(invitation, language),
        "days": max_age_seconds() // 86400,
    }
    subject, body = _render_mail("invitation", context, language)
    send_mail(subject, body, None, [invitation.email])
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True


def reminder_recipients(organization) -> list[tuple[str, str]]:
    """(address, language) of the association admins, else of the primary contact."""
    admins = get_user_model().objects.filter(
        is_active=True,
        role_assignments__role=RoleAssignment.Role.ASSOCIATION_ADMIN,
        role_assignments__organization=organization,
    )
    recipients = sorted({(u.email, u.preferred_language or "fi") for u in admins})
    if recipients:
        return recipients
    primary = organization.contacts.exclude(email="").order_by("position").first()
    return [(primary.email, "fi")] if primary else []


def _remind(organization_id, now) -> bool:
    queryset = due_for_reminder(now).filter(pk=organization_id)
    # On PostgreSQL two workers never remind the same organisation at once. SQLite has one
    # writer anyway, and holding its lock during an SMTP call would block the web server.
    locking = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if locking else nullcontext():
        if locking:
            queryset = queryset.select_for_update(skip_locked=True)
        organization = queryset.first()
        if organization is None:
            return False
        recipients = reminder_recipients(organization)
        if not recipients:
            logger.warning("No address for the confirmation reminder of %s", organization.pk)
            return False
        for address, language in recipients:
            context = {
                "organization": organization,
                "days": data_age_days(organization, now),
                "confirm_url": _absolute("registry:confirm", language, organization.pk),
                "edit_url": _absolute("registry:edit", language, organization.pk),
            }
            subject, body = _render_mail("reminder", context, language)
            send_mail(subject, body, None, [address])
        # Stamped only now that every message was accepted by the mail server.
        Organization.objects.filter(pk=organization.pk).update(
            confirmation_reminder_sent_at=timezone.now()
        )
    return True


def remind_stale_organizations(now=None) -> int:
    """Remind every organisation due for it; returns how many were reminded."""
    now = now or timezone.now()
    ids = list(due_for_reminder(now).values_list("pk", flat=True))
    reminded = 0
    for pk in ids:
        try:
            reminded += _remind(pk, now)
        except (smtplib.SMTPException, OSError):
            # Not stamped, so the next run tries again; the others still get theirs.
            logger.exception("Confirmation reminder for %s failed", pk)
    return reminded


@task()
def send_confirmation_reminders() -> int:
    """Daily: ask the admins of organisations with stale data to confirm or correct it."""
    return remind_stale_organizations()

"""Reminders before agreements expire: once per agreement, to the municipality's coordinators.

Idempotent: reminder_sent_at is stamped only after the mail server accepted every message,
and a stamped agreement is never reminded again (until its end date changes, see forms).
"""

import logging
import smtplib
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from turvaverkko.registry.models import RoleAssignment

from .models import Agreement

logger = logging.getLogger(__name__)

REMINDER_DAYS = 60


def due_agreements(today=None):
    today = today or timezone.localdate()
    return Agreement.objects.filter(
        reminder_sent_at__isnull=True,
        valid_to__isnull=False,
        valid_to__gte=today,
        valid_to__lte=today + timedelta(days=REMINDER_DAYS),
    )


def coordinators_of(municipality) -> list[tuple[str, str]]:
    users = get_user_model().objects.filter(
        is_active=True,
        role_assignments__role=RoleAssignment.Role.MUNICIPAL_COORDINATOR,
        role_assignments__municipality=municipality,
    )
    return sorted({(u.email, u.preferred_language or "fi") for u in users})


def _remind(agreement_id, today) -> bool:
    queryset = due_agreements(today).filter(pk=agreement_id).select_related("municipality")
    locking = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if locking else nullcontext():
        if locking:
            queryset = queryset.select_for_update(skip_locked=True, of=("self",))
        agreement = queryset.first()
        if agreement is None:
            return False
        recipients = coordinators_of(agreement.municipality)
        if not recipients:
            logger.warning("No coordinator to remind of agreement %s", agreement.pk)
            return False
        for address, language in recipients:
            with translation.override(language):
                context = {
                    "agreement": agreement,
                    "days": (agreement.valid_to - today).days,
                    "url": settings.SITE_URL
                    + reverse("preparedness:agreement_edit", args=[agreement.pk]),
                }
                subject = render_to_string("preparedness/email/reminder_subject.txt", context)
                body = render_to_string("preparedness/email/reminder.txt", context)
            send_mail(" ".join(subject.split()), body, None, [address])
        Agreement.objects.filter(pk=agreement.pk).update(reminder_sent_at=timezone.now())
    return True


def remind_expiring_agreements(today=None) -> int:
    today = today or timezone.localdate()
    reminded = 0
    for pk in list(due_agreements(today).values_list("pk", flat=True)):
        try:
            reminded += _remind(pk, today)
        except (smtplib.SMTPException, OSError):
            logger.exception("Agreement reminder for %s failed", pk)
    return reminded


@task()
def send_agreement_reminders() -> int:
    """Daily: tell coordinators about agreements ending within REMINDER_DAYS."""
    return remind_expiring_agreements()

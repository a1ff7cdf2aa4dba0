"""Retention of volunteers' data: remind the inactive, anonymise the silent, tidy leftovers.

Run daily (management command `volunteer_housekeeping` or the task of the same name, defined
here rather than in tasks.py: the run calls actions, and actions enqueue tasks.py's e-mails).
Every step selects by timestamps, so running it twice in a row does nothing the second time.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from . import actions, emails, links
from .models import HelpOffer, Volunteer

logger = logging.getLogger(__name__)


def run(now=None) -> dict:
    now = now or timezone.now()
    inactive_before = now - timedelta(days=settings.VOLUNTEER_INACTIVE_DAYS)
    grace = timedelta(days=settings.VOLUNTEER_ANONYMISE_GRACE_DAYS)
    live = Volunteer.objects.filter(anonymised_at__isnull=True)
    stats = {"reminded": 0, "reminder_failed": 0, "anonymised": 0, "unconfirmed_erased": 0}

    # Activity since the reminder answers it: the count starts again.
    live.filter(
        inactivity_reminder_sent_at__isnull=False,
        last_active_at__gt=F("inactivity_reminder_sent_at"),
    ).update(inactivity_reminder_sent_at=None)

    to_remind = live.filter(
        inactivity_reminder_sent_at__isnull=True, last_active_at__lt=inactive_before
    ).exclude(email="")
    for volunteer in list(to_remind):
        try:
            emails.send_inactivity_reminder(volunteer)
        except Exception:
            # Not stamped, so the next run tries again.
            logger.exception("Inactivity reminder to volunteer %s failed", volunteer.pk)
            stats["reminder_failed"] += 1
            continue
        # Stamped only now that the mail server has the message.
        Volunteer.objects.filter(pk=volunteer.pk).update(inactivity_reminder_sent_at=now)
        stats["reminded"] += 1

    silent = live.filter(
        inactivity_reminder_sent_at__lte=now - grace,
        last_active_at__lte=F("inactivity_reminder_sent_at"),
    )
    # Without an address there is no one to remind: anonymise after the same total time.
    unreachable = live.filter(email="", last_active_at__lt=inactive_before - grace)
    for volunteer in list((silent | unreachable).distinct()):
        actions.anonymise_volunteer(volunteer, now=now)
        stats["anonymised"] += 1

    # Sign-ups whose confirmation link expired unused: nobody proved the address is theirs.
    never_confirmed = live.filter(
        email_confirmed_at__isnull=True,
        user__isnull=False,
        user__last_login__isnull=True,
        created_at__lt=now - timedelta(seconds=links.CONFIRM_MAX_AGE + 86400),
    )
    for volunteer in list(never_confirmed):
        actions.erase_volunteer(volunteer)
        stats["unconfirmed_erased"] += 1

    # Offers of help carry contact details given without an account; keep them no longer
    # than an inactive volunteer's profile.
    old_offers = HelpOffer.objects.filter(created_at__lt=inactive_before)
    stats["offers_deleted"] = old_offers.count()
    old_offers.delete()
    return stats


@task()
def volunteer_housekeeping() -> dict:
    return run()

"""The yearly review reminder of operating models, like the registry's re-confirmation.

Once a year without a review, the person who recorded the model gets one e-mail asking to
check it; `review_reminder_sent_at` is stamped only after the mail server accepted it, and a
review (saving, or "The content is current") clears it.
"""

import logging
import smtplib
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .actions import models_due_for_review
from .models import OperatingModel

logger = logging.getLogger(__name__)


def _remind(model: OperatingModel) -> bool:
    user = model.created_by
    if user is None or not user.is_active or not user.email:
        logger.warning("No one to remind of operating model %s", model.pk)
        return False
    with translation.override(getattr(user, "preferred_language", "") or "fi"):
        context = {
            "model": model,
            "url": settings.SITE_URL + reverse("knowledge:model_detail", args=[model.pk]),
        }
        subject = render_to_string("knowledge/email/review_subject.txt", context)
        body = render_to_string("knowledge/email/review.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
    OperatingModel.objects.filter(pk=model.pk).update(review_reminder_sent_at=timezone.now())
    return True


def remind_reviews(now: datetime | None = None) -> int:
    now = now or timezone.now()
    reminded = 0
    due = models_due_for_review(now, settings.CONFIRMATION_MAX_AGE_DAYS).select_related(
        "created_by"
    )
    for model in due:
        try:
            reminded += _remind(model)
        except (smtplib.SMTPException, OSError):
            logger.exception("Review reminder for operating model %s failed", model.pk)
    return reminded


@task()
def send_review_reminders() -> int:
    """Daily: ask for a review of the operating models nobody has reviewed for a year."""
    return remind_reviews()

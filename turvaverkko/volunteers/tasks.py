"""Background work of the volunteers app (django-tasks); enqueue these on commit."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from . import emails
from .models import Volunteer

logger = logging.getLogger(__name__)


@task()
def send_confirmation_email(user_id: int) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    volunteer = Volunteer.objects.filter(user=user).first()
    emails.send_confirmation(user, volunteer)
    return True


@task()
def send_email_change_link(user_id: int, new_email: str) -> bool:
    """Mail the change link to the new address, unless another account has that address:
    then nothing is sent, and the profile page said the same either way."""
    User = get_user_model()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or User.objects.filter(email__iexact=new_email).exclude(pk=user_id).exists():
        return False
    volunteer = Volunteer.objects.filter(user=user).first()
    emails.send_email_change(user, volunteer.language if volunteer else "fi", new_email)
    return True


@task()
def send_sign_in_email(email: str, language: str, reason: str) -> bool:
    """Send a sign-in link if the address belongs to a volunteer; otherwise stay silent.

    Doing the look-up here, not in the request, keeps the sign-in page's answer and timing
    the same for addresses that exist and those that do not.
    """
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return False
    if reason == "forgot_password" and user.has_usable_password():
        return False  # Django's own reset mail went to an account with a password
    volunteer = Volunteer.objects.filter(user=user, anonymised_at__isnull=True).first()
    if volunteer is None:
        if reason == "already_registered":
            emails.send_account_exists(user, language)
            return True
        return False
    emails.send_sign_in(user, volunteer.language, already_registered=reason == "already_registered")
    return True

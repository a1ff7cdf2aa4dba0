"""The e-mails volunteers receive, each in the volunteer's own language.

Each function returns only after Django's mail backend accepted the message (for SMTP:
the server took it), and raises otherwise, so callers can stamp *_sent_at afterwards.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from . import links


def _send(to: str, language: str, subject: str, template: str, context: dict) -> None:
    with translation.override(language):
        body = render_to_string(template, {**context, "SITE_URL": settings.SITE_URL})
        send_mail(str(subject), body, None, [to], fail_silently=False)


def send_confirmation(user, volunteer) -> None:
    """The address is not confirmed yet, so the message carries nothing anyone typed (the
    sign-up name): the sign-up form must not send a stranger's words from our address."""
    language = volunteer.language if volunteer else user.preferred_language
    with translation.override(language):
        subject = _("Confirm your e-mail address – Turvaverkko")
        url = links.absolute_url("volunteers:confirm", language, token=links.confirm_token(user))
        days = links.CONFIRM_MAX_AGE // 86400
    _send(user.email, language, subject, "volunteers/email/confirm.txt", {"url": url, "days": days})


def send_email_change(user, language: str, new_email: str) -> None:
    """The link that makes new_email the account's address; nothing typed by anyone in it."""
    with translation.override(language):
        subject = _("Confirm your new e-mail address – Turvaverkko")
        token = links.email_change_token(user, new_email)
        url = links.absolute_url("volunteers:confirm_email_change", language, token=token)
        days = links.CONFIRM_MAX_AGE // 86400
    _send(
        new_email,
        language,
        subject,
        "volunteers/email/change_email.txt",
        {"url": url, "days": days},
    )


def send_sign_in(user, language: str, already_registered: bool) -> None:
    with translation.override(language):
        subject = _("Your sign-in link – Turvaverkko")
        url = links.absolute_url(
            "volunteers:sign_in_link", language, token=links.sign_in_token(user)
        )
    _send(
        user.email,
        language,
        subject,
        "volunteers/email/sign_in.txt",
        {
            "url": url,
            "minutes": links.SIGN_IN_MAX_AGE // 60,
            "already_registered": already_registered,
        },
    )


def send_account_exists(user, language: str) -> None:
    """Someone tried to sign up with the address of an account that is not a volunteer."""
    with translation.override(language):
        subject = _("You already have an account – Turvaverkko")
        login_url = links.absolute_url("accounts:login", language)
        signup_url = links.absolute_url("volunteers:sign_up", language)
    _send(
        user.email,
        language,
        subject,
        "volunteers/email/account_exists.txt",
        {"login_url": login_url, "signup_url": signup_url},
    )


def send_inactivity_reminder(volunteer) -> None:
    language = volunteer.language
    with translation.override(language):
        subject = _("Are you still with us? – Turvaverkko")
        url = links.absolute_url("volunteers:keep", language, token=links.keep_token(volunteer))
    _send(
        volunteer.email,
        language,
        subject,
        "volunteers/email/reminder.txt",
        {
            "name": volunteer.name,
            "url": url,
            "days": settings.VOLUNTEER_ANONYMISE_GRACE_DAYS,
        },
    )

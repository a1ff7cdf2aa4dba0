"""Texts sent to recipients, in the recipient's language (fi/sv/en).

Written with gettext and rendered under `translation.override(<recipient's language>)`: a
message goes out in the recipient's language, whatever language the coordinator is using.
The context "alert message" keeps these apart from the same English words in the UI.
"""

from django.conf import settings
from django.core import signing
from django.utils import translation
from django.utils.translation import pgettext

from turvaverkko.notify.actions import Message
from turvaverkko.notify.sms.text import compose_sms

LANGUAGES = ("fi", "sv", "en")
LINK_SALT = "incidents.reply-link"


def lang(code: str) -> str:
    return code if code in LANGUAGES else "fi"


def prefix(is_exercise: bool, language: str) -> str:
    """HARJOITUS / ÖVNING / EXERCISE before an exercise's texts, in the recipient's language."""
    if not is_exercise:
        return ""
    with translation.override(lang(language)):
        return pgettext("alert message", "EXERCISE")


def _subject(kind: str) -> str:
    """In the active language (the caller overrides it with the recipient's)."""
    if kind == "update":
        return pgettext("alert message", "Update")
    if kind == "cancel":
        return pgettext("alert message", "Alert cancelled")
    return pgettext("alert message", "Alert")


def sms_reply_instructions(code: int) -> str:
    """The SMS reply grammar with the activation's code, in the active language."""
    return pgettext(
        "alert message", "Reply Y %(code)s / N %(code)s / L %(code)s 30 (late 30 min)"
    ) % {"code": code}


def _answer_labels() -> dict[str, str]:
    return {
        "yes": pgettext("alert message", "I am coming"),
        "no": pgettext("alert message", "I am not coming"),
        "late": pgettext("alert message", "I will be late"),
    }


def _answered(answer: str) -> str:
    """What a push notification's answer button says once the answer is recorded."""
    if answer == "yes":
        return pgettext("alert message", "Answer saved: you are coming.")
    return pgettext("alert message", "Answer saved: you are not coming.")


def reply_token(recipient) -> str:
    return signing.dumps({"r": recipient.pk}, salt=LINK_SALT, compress=True)


def recipient_id_from_token(token: str, max_age_days: int = 14) -> int | None:
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None
    return data.get("r") if isinstance(data, dict) else None


def reply_links(recipient) -> dict[str, str]:
    from django.urls import reverse

    token = reply_token(recipient)
    return {
        answer: settings.SITE_URL
        + reverse("incident_hooks:reply_link", kwargs={"token": token, "answer": answer})
        for answer in ("yes", "no", "late")
    }


def push_subscription(recipient):
    """The browser a volunteer recipient gets push on, or None.

    One per recipient, because notify keeps one delivery per (alert, recipient, channel):
    the volunteer's live subscription that worked last, or was made last (docs/push.md)."""
    if not recipient.volunteer_id or "push" not in (recipient.volunteer.channels or []):
        return None
    from turvaverkko.volunteers.models import PushSubscription

    return PushSubscription.objects.for_alerts(recipient.volunteer_id)


def _channels(recipient, subscription=None) -> list[str]:
    """The channels to use; "push" only with the volunteer's `subscription` (see above)."""
    if recipient.volunteer_id:
        wanted = list(recipient.volunteer.channels or [])
    else:
        wanted = ["sms", "email"]
    out = []
    if "sms" in wanted and recipient.phone:
        out.append("sms")
    if "email" in wanted and recipient.email:
        out.append("email")
    if "push" in wanted and subscription is not None:
        out.append("push")
    if not out and recipient.phone:
        out.append("sms")
    elif not out and recipient.email:
        out.append("email")
    return out


def alert_messages(recipient, text: str, *, ask_reply: bool = True, kind: str = "alert"):
    """notify Messages for one recipient: SMS with the reply code, e-mail with one-tap links,
    push with answer buttons that use the same links."""
    language = lang(recipient.language)
    with translation.override(language):
        return _alert_messages(recipient, language, text, ask_reply=ask_reply, kind=kind)


def _alert_messages(recipient, language, text, *, ask_reply, kind):
    activation = recipient.activation
    pre = prefix(activation.is_exercise, language)
    subject = _subject(kind)
    if pre:
        subject = f"{pre}: {subject}"
    out = []
    subscription = push_subscription(recipient)
    for channel in _channels(recipient, subscription):
        if channel == "push":
            out.append(_push_message(recipient, subscription, text, pre, subject, ask_reply))
        elif channel == "sms":
            suffix = sms_reply_instructions(activation.code) if ask_reply else ""
            body = compose_sms(pre, text, suffix)
            out.append(
                Message(recipient.recipient_key, "sms", recipient.phone, body, language=language)
            )
        else:
            lines = [pre, text] if pre else [text]
            if ask_reply:
                links = reply_links(recipient)
                labels = _answer_labels()
                lines += ["", pgettext("alert message", "Are you coming? Reply:")]
                lines += [f"{labels[a]}: {links[a]}" for a in ("yes", "no", "late")]
                lines += ["", sms_reply_instructions(activation.code)]
            if pre:
                lines += ["", pre]
            out.append(
                Message(
                    recipient.recipient_key,
                    "email",
                    recipient.email,
                    "\n".join(lines),
                    subject=subject,
                    language=language,
                )
            )
    return out


def _push_message(recipient, subscription, text, pre, subject, ask_reply) -> Message:
    """Short, like the SMS; its buttons answer yes/no through the one-tap reply links, and a
    tap on the notification itself opens the "yes" link's page (nothing is recorded until
    its button is pressed). Called under the recipient's language."""
    language = lang(recipient.language)
    data = {}
    if ask_reply:
        links = reply_links(recipient)
        labels = _answer_labels()
        data = {
            "url": links["yes"],
            "actions": [
                {"action": a, "title": labels[a], "url": links[a], "done": _answered(a)}
                for a in ("yes", "no")
            ],
        }
    return Message(
        recipient.recipient_key,
        "push",
        subscription.as_address(),
        # As long as one SMS, but a push has no reason to fall to 70 characters for UCS-2.
        compose_sms(pre, text, "", ucs2_limit=160),
        subject=subject,
        language=language,
        data=data,
    )

"""Texts sent to recipients, in the recipient's language (fi/sv/en).

These are written out per language (not gettext) because a message goes out in the
recipient's language, whatever language the coordinator is using.
"""

from django.conf import settings
from django.core import signing

from turvaverkko.notify.actions import Message
from turvaverkko.notify.sms.text import compose_sms

EXERCISE = {"fi": "HARJOITUS", "sv": "ÖVNING", "en": "EXERCISE"}
ALERT_SUBJECT = {"fi": "Hälytys", "sv": "Larm", "en": "Alert"}
UPDATE_SUBJECT = {"fi": "Tilannetieto", "sv": "Lägesinformation", "en": "Update"}
CANCEL_SUBJECT = {"fi": "Hälytys peruttu", "sv": "Larmet återkallat", "en": "Alert cancelled"}
SMS_REPLY = {
    "fi": "Vastaa K {c} / E {c} / M {c} 30 (myöhässä 30 min)",
    "sv": "Svara J {c} / N {c} / S {c} 30 (sen 30 min)",
    "en": "Reply Y {c} / N {c} / L {c} 30 (late 30 min)",
}
EMAIL_REPLY = {
    "fi": ("Tuletko? Vastaa:", "Tulen", "En tule", "Tulen myöhässä"),
    "sv": ("Kommer du? Svara:", "Jag kommer", "Jag kommer inte", "Jag kommer sent"),
    "en": ("Are you coming? Reply:", "I am coming", "I am not coming", "I will be late"),
}
# What a push notification's answer button says once the answer is recorded.
PUSH_ANSWERED = {
    "fi": {"yes": "Vastaus tallennettu: tulet.", "no": "Vastaus tallennettu: et tule."},
    "sv": {"yes": "Svaret har sparats: du kommer.", "no": "Svaret har sparats: du kommer inte."},
    "en": {"yes": "Answer saved: you are coming.", "no": "Answer saved: you are not coming."},
}
LINK_SALT = "incidents.reply-link"


def lang(code: str) -> str:
    return code if code in EXERCISE else "fi"


def prefix(is_exercise: bool, language: str) -> str:
    return EXERCISE[lang(language)] if is_exercise else ""


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
    activation = recipient.activation
    language = lang(recipient.language)
    pre = prefix(activation.is_exercise, language)
    subject_map = {"alert": ALERT_SUBJECT, "update": UPDATE_SUBJECT, "cancel": CANCEL_SUBJECT}
    subject = subject_map[kind][language]
    if pre:
        subject = f"{pre}: {subject}"
    out = []
    subscription = push_subscription(recipient)
    for channel in _channels(recipient, subscription):
        if channel == "push":
            out.append(_push_message(recipient, subscription, text, pre, subject, ask_reply))
        elif channel == "sms":
            suffix = SMS_REPLY[language].format(c=activation.code) if ask_reply else ""
            body = compose_sms(pre, text, suffix)
            out.append(
                Message(recipient.recipient_key, "sms", recipient.phone, body, language=language)
            )
        else:
            lines = [pre, text] if pre else [text]
            if ask_reply:
                links = reply_links(recipient)
                question, yes, no, late = EMAIL_REPLY[language]
                lines += ["", question, f"{yes}: {links['yes']}", f"{no}: {links['no']}"]
                lines += [f"{late}: {links['late']}"]
                lines += ["", SMS_REPLY[language].format(c=activation.code)]
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
    its button is pressed)."""
    language = lang(recipient.language)
    data = {}
    if ask_reply:
        links = reply_links(recipient)
        _question, yes, no, _late = EMAIL_REPLY[language]
        data = {
            "url": links["yes"],
            "actions": [
                {"action": a, "title": t, "url": links[a], "done": PUSH_ANSWERED[language][a]}
                for a, t in (("yes", yes), ("no", no))
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

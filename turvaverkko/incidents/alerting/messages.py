"""Texts sent to recipients, in the recipient's language (fi/sv/en).

Written with gettext and rendered under `translation.override(<recipient's language>)`: a
message goes out in the recipient's language, whatever language the coordinator is using.
The context "alert message" keeps these apart from the same English words in the UI.
"""

from django.conf import settings
from django.core import signing
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import pgettext

from turvaverkko.notify.actions import Message
from turvaverkko.notify.sms.text import compose_sms

LANGUAGES = ("fi", "sv", "en")
LINK_SALT = "incidents.reply-link"
ALERT_LINK_SALT = "incidents.alert-link"
# An alert SMS may take two parts: the text, the organisation's task, place and time, the
# sender and the plain question do not fit one (docs/incidents.md, "Messages").
ALERT_SMS_LIMIT = 306  # GSM-7 septets: two concatenated parts of 153
ALERT_SMS_UCS2_LIMIT = 134  # UTF-16 units: two parts of 67


def lang(code: str) -> str:
    return code if code in LANGUAGES else "fi"


def prefix(is_exercise: bool, language: str) -> str:
    """HARJOITUS / ÖVNING / EXERCISE before an exercise's texts, in the recipient's language."""
    if not is_exercise:
        return ""
    with translation.override(lang(language)):
        return pgettext("alert message", "EXERCISE")


def area_names(incident, language: str) -> str:
    """The incident's municipalities in the language (Finnish where no other name)."""
    return ", ".join(
        getattr(m, f"name_{language}", "") or m.name_fi for m in incident.municipalities.all()[:3]
    )


def _subject(kind: str, incident=None, language: str = "fi") -> str:
    """In the active language (the caller overrides it with the recipient's). An alert's
    subject names the incident and the municipality and the answer expected."""
    if kind == "update":
        return pgettext("alert message", "Update")
    if kind == "cancel":
        return pgettext("alert message", "Alert cancelled")
    if kind == "release":
        return pgettext("alert message", "Stand down")
    if incident is not None:
        return pgettext("alert message", "ALERT: %(title)s, %(area)s — reply Y/N") % {
            "title": incident.title,
            "area": area_names(incident, language),
        }
    return pgettext("alert message", "Alert")


def sms_question(code) -> str:
    """The plain question with the reply grammar, in the active language."""
    question = pgettext("alert message", "Can you come?")
    return f"{question} {sms_reply_instructions(code)}"


def format_when(value) -> str:
    """Local date and time as a reader of the active language writes it: "6.12. klo 18.30"."""
    local = timezone.localtime(value)
    return pgettext("alert message", "%(date)s at %(time)s") % {
        "date": f"{local.day}.{local.month}.",
        "time": local.strftime(pgettext("alert message time format", "%H:%M")),
    }


def details(activation, task: str = "", language: str = "fi") -> list[str]:
    """What to do, where and when, what to bring and who asks, in the active language; the
    same facts in every language (only the labels are translated)."""
    out = []
    if task:
        out.append(pgettext("alert message", "Your task: %(task)s.") % {"task": task.rstrip(".")})
    if activation.place and activation.meet_at:
        out.append(
            pgettext("alert message", "Place: %(place)s, %(when)s.")
            % {"place": activation.place, "when": format_when(activation.meet_at)}
        )
    elif activation.place:
        out.append(pgettext("alert message", "Place: %(place)s.") % {"place": activation.place})
    elif activation.meet_at:
        out.append(
            pgettext("alert message", "Time: %(when)s.") % {"when": format_when(activation.meet_at)}
        )
    if activation.bring:
        out.append(
            pgettext("alert message", "Bring: %(bring)s.") % {"bring": activation.bring.rstrip(".")}
        )
    if activation.sender:
        out.append(
            pgettext("alert message", "From: %(area)s / %(sender)s.")
            % {"area": area_names(activation.incident, language), "sender": activation.sender}
        )
    return out


class _ShortSigner(signing.TimestampSigner):
    """96-bit base62 signatures, as help requests' links (helprequests/messages.py): short
    enough for an SMS, letters and digits only."""

    def signature(self, value, key=None):
        mac = salted_hmac(self.salt + "signer", value, key or self.key, algorithm=self.algorithm)
        return signing.b62_encode(int.from_bytes(mac.digest()[:12], "big"))


def alert_token(recipient) -> str:
    return _ShortSigner(salt=ALERT_LINK_SALT, sep=".").sign(signing.b62_encode(recipient.pk))


def recipient_id_from_alert_token(token: str, max_age_days: int = 14) -> int | None:
    signer = _ShortSigner(salt=ALERT_LINK_SALT, sep=".")
    try:
        return signing.b62_decode(signer.unsign(token, max_age=max_age_days * 86400))
    except (signing.BadSignature, ValueError):
        return None


def alert_link(recipient) -> str:
    """The short link to the whole alert (text, task, place, time, answer buttons)."""
    from django.urls import reverse

    return settings.SITE_URL + reverse(
        "incident_hooks:alert_page", kwargs={"token": alert_token(recipient)}
    )


def alert_sms(recipient, text: str, pre: str, *, ask_reply: bool = True) -> tuple[str, bool]:
    """(the SMS, whether the text had to be shortened) in the active language. An alert's
    SMS carries the task, place, time and sender after the text and ends with the plain
    question; when all of it does not fit two parts, the SMS is shortened and carries a
    short link to the whole alert."""
    activation = recipient.activation
    if not ask_reply:
        body = compose_sms(pre, text, "")
        return body, body != compose_sms(pre, text, "", limit=10**6, ucs2_limit=10**6)
    language = lang(recipient.language)
    full = " ".join([text.strip(), *details(activation, recipient.task, language)])
    # A text that already asks (the ready-made ones end "Can you come?") is not asked twice.
    asks = text.strip().endswith("?")
    question = sms_reply_instructions(activation.code) if asks else sms_question(activation.code)
    kw = {"limit": ALERT_SMS_LIMIT, "ucs2_limit": ALERT_SMS_UCS2_LIMIT}
    whole = compose_sms(pre, full, question, limit=10**6, ucs2_limit=10**6)
    sms = compose_sms(pre, full, question, **kw)
    if sms == whole:
        return sms, False
    return compose_sms(pre, full, f"{alert_link(recipient)} {question}", **kw), True


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


def channels(recipient) -> list[str]:
    """The channels an alert to this recipient goes out on (the activation form's summary
    counts them): its preferences, less what it has no number, address or browser for."""
    return _channels(recipient, push_subscription(recipient))


def alert_messages(recipient, text: str, *, ask_reply: bool = True, kind: str = "alert"):
    """notify Messages for one recipient: SMS with the reply code, e-mail with one-tap links,
    push with answer buttons that use the same links."""
    language = lang(recipient.language)
    with translation.override(language):
        return _alert_messages(recipient, language, text, ask_reply=ask_reply, kind=kind)


def _alert_messages(recipient, language, text, *, ask_reply, kind):
    activation = recipient.activation
    pre = prefix(activation.is_exercise, language)
    subject = _subject(kind)  # a push notification's title: short
    # an e-mail's subject names the incident and the municipality
    mail_subject = _subject(kind, activation.incident if kind == "alert" else None, language)
    if pre:
        mail_subject = f"{pre}: {mail_subject}"
    if pre:
        subject = f"{pre}: {subject}"
    out = []
    subscription = push_subscription(recipient)
    for channel in _channels(recipient, subscription):
        if channel == "push":
            out.append(_push_message(recipient, subscription, text, pre, subject, ask_reply))
        elif channel == "sms":
            if kind == "alert":
                body, _cut = alert_sms(recipient, text, pre, ask_reply=ask_reply)
            else:
                body = compose_sms(pre, text, "")
            out.append(
                Message(recipient.recipient_key, "sms", recipient.phone, body, language=language)
            )
        else:
            lines = [pre, text] if pre else [text]
            facts = details(activation, recipient.task, language) if kind == "alert" else []
            if facts:
                lines += ["", *facts]
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
                    subject=mail_subject,
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

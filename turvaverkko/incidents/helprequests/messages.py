"""Invitations to help requests, in the volunteer's language, with signed answer links.

Texts are gettext messages rendered under `translation.override(<volunteer's language>)`, as
in alerting/messages.py: a message goes out in the volunteer's language, whatever language
the coordinator is using.

A link token is short enough for an SMS: "<pk>.<timestamp>.<96-bit HMAC>", all base62, about
26 characters instead of the ~55 of signing.dumps(). 96 bits cannot be guessed over HTTP;
the timestamp lets links expire.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import pgettext

from turvaverkko.notify.actions import Message
from turvaverkko.notify.sms.text import compose_sms, is_gsm7

from ..alerting.messages import lang, prefix

LINK_SALT = "incidents.help-link"
LINK_MAX_AGE_DAYS = 30
ANSWERS = ("accept", "decline")


class _ShortSigner(signing.TimestampSigner):
    """A TimestampSigner whose signature is 96 bits in base62: letters and digits only, so
    that phones' link detection never stops at a "-" or "_" at the end of an SMS."""

    def signature(self, value, key=None):
        mac = salted_hmac(self.salt + "signer", value, key or self.key, algorithm=self.algorithm)
        return signing.b62_encode(int.from_bytes(mac.digest()[:12], "big"))


def _signer() -> signing.TimestampSigner:
    return _ShortSigner(salt=LINK_SALT, sep=".")


def help_token(assignment) -> str:
    return _signer().sign(signing.b62_encode(assignment.pk))


def assignment_id_from_token(token: str) -> tuple[int | None, bool]:
    """(assignment pk, expired) of a link token; (None, False) when the token is not valid.

    An expired token still names its assignment, so the page can say so in the volunteer's
    language."""
    signer = _signer()
    try:
        value = signer.unsign(token, max_age=LINK_MAX_AGE_DAYS * 86400)
        expired = False
    except signing.SignatureExpired:
        value = signer.unsign(token)
        expired = True
    except (signing.BadSignature, ValueError):
        return None, False
    try:
        return signing.b62_decode(value), expired
    except ValueError:
        return None, False


def help_link(assignment, answer: str = "") -> str:
    """The answer page: with an answer ("accept"/"decline") it asks to confirm that one;
    without, it offers both (the SMS, where only one short link fits)."""
    token = help_token(assignment)
    if answer:
        path = reverse("incident_hooks:help_link_answer", kwargs={"token": token, "answer": answer})
    else:
        path = reverse("incident_hooks:help_link", kwargs={"token": token})
    return settings.SITE_URL + path


def time_window(help_request) -> str:
    """Local time, e.g. "23.11. 18:00–21:00" or "23.11. 18:00–24.11. 06:00"."""
    start = timezone.localtime(help_request.starts_at)
    out = f"{start.day}.{start.month}. {start:%H:%M}"
    if help_request.ends_at:
        end = timezone.localtime(help_request.ends_at)
        if end.date() == start.date():
            out += f"–{end:%H:%M}"
        else:
            out += f"–{end.day}.{end.month}. {end:%H:%M}"
    return out


def invitation(assignment, channel: str) -> Message:
    """The invitation to one volunteer on one channel ("sms" or "email")."""
    language = lang(assignment.volunteer.language)
    with translation.override(language):
        return _invitation(assignment, channel, language)


def _invitation(assignment, channel: str, language: str) -> Message:
    volunteer = assignment.volunteer
    hr = assignment.help_request
    pre = prefix(hr.incident.is_exercise, language)
    key = f"help-assignment:{assignment.pk}"
    if channel == "sms":
        suffix = pgettext("help request message", "Reply: %(link)s") % {
            "link": help_link(assignment)
        }
        return Message(key, "sms", volunteer.phone, _sms(pre, hr, suffix), language=language)
    answers = {
        "accept": pgettext("help request message", "I can help"),
        "decline": pgettext("help request message", "I cannot help"),
    }
    lines = [pre, ""] if pre else []
    lines += [pgettext("help request message", "You are asked to help:"), "", hr.text, ""]
    lines += [
        pgettext("help request message", "Place: %(place)s") % {"place": hr.place},
        pgettext("help request message", "Time: %(time)s") % {"time": time_window(hr)},
    ]
    lines += ["", pgettext("help request message", "Can you help? Reply:")]
    lines += [f"{answers[a]}: {help_link(assignment, a)}" for a in ANSWERS]
    lines += ["", pgettext("help request message", "The coordinator confirms who goes.")]
    if pre:
        lines += ["", pre]
    subject = pgettext("help request message", "Request for help")
    if pre:
        subject = f"{pre}: {subject}"
    return Message(
        key, "email", volunteer.email, "\n".join(lines), subject=subject, language=language
    )


def _sms(pre: str, hr, suffix: str) -> str:
    """One GSM-7 SMS with the link whole. A place or text GSM-7 cannot spell (Cyrillic,
    emoji) would make it UCS-2, 70 characters, too few beside the link: then the SMS leaves
    them out (first the text, then the place); the answer page shows them. The place and the
    time come before the free text, which compose_sms shortens from the end."""
    when = time_window(hr)
    for place, text in ((hr.place, hr.text), (hr.place, ""), ("", "")):
        body = pgettext(
            "help request message", "Request for help %(when)s, %(place)s: %(text)s"
        ) % {"when": when, "place": place, "text": text}
        if not text:
            body = body.replace(", :", ":").rstrip(": ")
        try:
            sms = compose_sms(pre, body, suffix)
        except ValueError:
            continue
        if is_gsm7(sms):
            return sms
    raise ValueError("SITE_URL is too long for a link in an SMS")

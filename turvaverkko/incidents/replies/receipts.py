"""SMS receipts: every stored SMS reply from a recipient is answered, once, in the recipient's
language: what was recorded and how to change it, or, for an unclear one, the grammar.

Through notify like every message, under the key "incident-receipt:<reply pk>" (one reply is
one inbound message, so a gateway retry never sends a second receipt). Never to a number
that was not alerted (no spam relay), and not for activations whose receipts are off.
"""

from datetime import timedelta

from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.sms.text import compose_sms

from ..alerting.messages import lang, prefix, sms_reply_instructions


def _arrival(reply, minutes: int) -> str:
    at = timezone.localtime(reply.received_at + timedelta(minutes=minutes))
    return formats.time_format(at, "H.i")


def receipt_text(reply, answer: str, eta_minutes: int | None, incident) -> tuple[str, str]:
    """The receipt of a counted answer, in the active language: what was recorded, and how
    to change it (never shortened)."""
    code = reply.activation.code if reply.activation_id else ""
    if answer == "yes":
        text = pgettext("receipt", "Thank you, recorded: you are coming (%(incident)s).")
        change = pgettext("receipt", "To cancel, reply N %(code)s.")
    elif answer == "late":
        text = pgettext(
            "receipt",
            "Thank you, recorded: you are coming at about %(time)s, %(minutes)s min late "
            "(%(incident)s).",
        )
        change = pgettext("receipt", "To cancel, reply N %(code)s.")
    else:
        text = pgettext("receipt", "Thank you, recorded: you are not coming (%(incident)s).")
        change = pgettext("receipt", "If you can come after all, reply Y %(code)s.")
    values = {
        "incident": incident.title[:60],
        "time": _arrival(reply, eta_minutes or 0),
        "minutes": eta_minutes or 0,
        "code": code,
    }
    return text % values, change % values


def unclear_text(candidates) -> tuple[str, str]:
    """The "not understood" answer with the grammar, in the active language."""
    if len(candidates) == 1:
        return (
            pgettext("receipt", "Your reply was not understood."),
            sms_reply_instructions(candidates[0].code),
        )
    codes = ", ".join(str(a.code) for a in candidates)
    return pgettext(
        "receipt",
        "Your reply was not understood: you have several alerts open (codes %(codes)s). "
        "Reply with the code, e.g. Y %(code)s / N %(code)s / L %(code)s 30.",
    ) % {"codes": codes, "code": candidates[0].code}, ""


def send_receipt(reply, candidates=(), *, key_suffix: str = "") -> bool:
    """Queue the receipt of a stored reply; False when none is due (not a recipient, receipts
    off, or a repeat)."""
    if reply.pk is None:
        return False
    if reply.recipient_id:
        recipient = reply.recipient
        activations = [recipient.activation]
    else:
        # an unclear reply from a number alerted in several live activations
        recipient = None
        activations = list(candidates)
        if not activations:
            return False  # a number that was not alerted: never answered
    if not any(a.send_receipts for a in activations):
        return False
    language = lang(recipient.language if recipient else _language_of(reply.sender, activations))
    is_exercise = all(a.is_exercise for a in activations)
    with translation.override(language):
        pre = prefix(is_exercise, language)
        if reply.is_unclear and not reply.resolution:
            body, suffix = unclear_text(activations)
        else:
            incident = activations[0].incident
            body, suffix = receipt_text(reply, reply.answer, reply.eta_minutes, incident)
    recipient_key = recipient.recipient_key if recipient else f"incident-sender:{reply.sender}"
    queued = queue_deliveries(
        f"incident-receipt:{reply.pk}{key_suffix}",
        [
            Message(
                recipient_key,
                "sms",
                reply.sender,
                compose_sms(pre, body, suffix),
                language=language,
            )
        ],
    )
    return queued.new > 0


def _language_of(number: str, activations) -> str:
    for a in activations:
        r = a.recipients.filter(phone=number).only("language").first()
        if r is not None:
            return r.language
    return "fi"

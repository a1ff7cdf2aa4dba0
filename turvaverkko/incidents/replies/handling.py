"""A coordinator acts on an incoming message (the incident's incoming messages panel): counts
it as yes / no / late N for a recipient, links it to a person, or dismisses it with a note.
The message stays in the record with who did what and when."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..log import log_event
from ..models import Recipient, Reply
from . import receipts
from .recording import _apply

ANSWERS = ("yes", "no", "late")


class HandlingError(ValueError):
    """The message cannot be handled so (already handled, or a recipient of another
    incident)."""


def _locked(reply, incident) -> Reply:
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if reply.handled_at is not None or not reply.is_unclear:
        raise HandlingError(_("The message was already handled."))
    return reply


def _recipient_of(incident, recipient_pk) -> Recipient:
    recipient = (
        Recipient.objects.select_related("activation__incident")
        .filter(pk=recipient_pk, activation__incident=incident)
        .first()
    )
    if recipient is None:
        raise HandlingError(_("That person was not alerted in this incident."))
    return recipient


def _close(reply, resolution, user, **fields) -> None:
    reply.resolution, reply.handled_by, reply.handled_at = resolution, user, timezone.now()
    for name, value in fields.items():
        setattr(reply, name, value)
    reply.save(update_fields=["resolution", "handled_by", "handled_at", *fields])


@transaction.atomic
def count_reply(reply, incident, *, recipient_pk, answer, eta_minutes=None, user) -> Recipient:
    """Count an unclear message as the recipient's answer (as of when it arrived: a later
    answer of theirs still counts over it). The recipient gets a receipt, like for a clear
    reply, if the message came from their number."""
    if answer not in ANSWERS:
        raise HandlingError(_("Unknown action."))
    if answer == "late" and eta_minutes is None:
        raise HandlingError(_("Give the minutes late as a number (0–999)."))
    reply = _locked(reply, incident)
    recipient = _recipient_of(incident, recipient_pk)
    eta = eta_minutes if answer == "late" else None
    _close(
        reply,
        Reply.Resolution.COUNTED,
        user,
        recipient=recipient,
        activation=recipient.activation,
        answer=answer,
        eta_minutes=eta,
    )
    _apply(recipient.pk, answer, eta, reply.received_at)
    log_event(
        incident,
        "reply_counted",
        author=user,
        name=recipient.name,
        text=reply.text[:200],
        answer=answer,
        minutes=eta or "",
    )
    if recipient.phone and recipient.phone == reply.sender:
        receipts.send_receipt(reply, key_suffix=":counted")
    return recipient


@transaction.atomic
def link_reply(reply, incident, *, recipient_pk, user) -> Recipient:
    """Attach the message to a person without counting an answer."""
    reply = _locked(reply, incident)
    recipient = _recipient_of(incident, recipient_pk)
    _close(
        reply,
        Reply.Resolution.LINKED,
        user,
        recipient=recipient,
        activation=recipient.activation,
    )
    log_event(incident, "reply_linked", author=user, name=recipient.name, text=reply.text[:200])
    return recipient


@transaction.atomic
def dismiss_reply(reply, incident, *, note: str, user) -> None:
    reply = _locked(reply, incident)
    _close(reply, Reply.Resolution.DISMISSED, user, note=note[:1000])
    log_event(incident, "reply_dismissed", author=user, text=reply.text[:200], note=note[:200])

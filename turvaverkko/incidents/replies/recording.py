"""Recording replies to an alert: an SMS ("K 123") or a one-tap link updates the recipient's
answer; every raw reply is kept, and a later reply replaces an earlier one."""

from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Activation, Incident, Recipient, Reply
from . import receipts
from .grammar import Parsed, parse, parse_bare

Status = Incident.Status
LIVE = [Status.OPEN, Status.ACTIVE, Status.STANDING_DOWN]


def normalise_number(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "FI")
    except phonenumbers.NumberParseException:
        return raw.strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _apply(recipient_pk: int, answer: str, eta: int | None, at) -> None:
    recipient = Recipient.objects.select_for_update().get(pk=recipient_pk)
    if recipient.answered_at and recipient.answered_at > at:
        return  # a later reply already counts
    recipient.answer, recipient.eta_minutes, recipient.answered_at = answer, eta, at
    fields = ["answer", "eta_minutes", "answered_at"]
    if recipient.kind == Recipient.Kind.CONTACT:
        recipient.org_status = (
            Recipient.OrgStatus.UNABLE if answer == "no" else Recipient.OrgStatus.STANDING_BY
        )
        fields.append("org_status")
    if answer in ("yes", "late") and recipient.person_status == Recipient.PersonStatus.REQUESTED:
        recipient.person_status = Recipient.PersonStatus.ACCEPTED
        fields.append("person_status")
    elif answer == "no":
        recipient.person_status = Recipient.PersonStatus.REQUESTED
        fields.append("person_status")
    recipient.save(update_fields=fields)


def live_recipients(number: str):
    """The recipients alerted from this number in live, not cancelled activations."""
    return (
        Recipient.objects.filter(
            phone=number, activation__incident__status__in=LIVE, activation__is_cancelled=False
        )
        .select_related("activation__incident")
        .order_by("-activation__created_at", "pk")
    )


def _match(number: str, text: str):
    """(parsed, activation, recipient, candidates) of an SMS.

    With the code: the live activation of that code, and the recipient alerted from the
    number in it. Without a code (or with one that matches nothing live): when the number
    was alerted in exactly one live activation, the reply belongs to that recipient and a
    bare "K" / "E" / "M 30" counts; with several it stays unclear and `candidates` says
    which activations it could belong to."""
    bare = parse_bare(text)
    parsed = bare or parse(text)
    activation = recipient = None
    if bare is None and parsed.code is not None:
        activation = (
            Activation.objects.filter(code=parsed.code, incident__status__in=LIVE)
            .select_related("incident")
            .first()
        )
        if activation is not None:
            recipient = activation.recipients.filter(phone=number).order_by("pk").first()
            return parsed, activation, recipient, []
    if bare is None and parsed.code is not None:
        parsed = Parsed("", parsed.code)  # a code of no live alert: never counted as such
    mine = list(live_recipients(number))
    activations = {r.activation_id: r.activation for r in mine}
    if len(activations) == 1:
        recipient = mine[0]
        return parsed, recipient.activation, recipient, []
    return parsed, None, None, list(activations.values())


def record_sms_reply(
    sender: str, text: str, message_id: str | None = None, inbound_id: int | None = None
) -> Reply:
    """An inbound text message. Idempotent per message id; an unclear or unmatched reply is
    kept and flagged for the coordinator. Every stored reply from a recipient is answered
    with a receipt (replies/receipts.py), once."""
    number = normalise_number(sender)
    now = timezone.now()
    with transaction.atomic():
        if message_id:
            existing = Reply.objects.filter(message_id=message_id).first()
            if existing:
                return existing
        parsed, activation, recipient, candidates = _match(number, text)
        unclear = parsed.is_unclear or recipient is None
        if unclear and _unclear_cap_reached(number, activation, now):
            # Answered like any unclear reply, but not stored: a sender cannot flood the
            # coordinator's page (or the database) with guesses or junk.
            return Reply(activation=activation, sender=number, text=text[:1000], is_unclear=True)
        try:
            with transaction.atomic():
                reply = Reply.objects.create(
                    activation=activation,
                    recipient=recipient,
                    source=Reply.Source.SMS,
                    message_id=message_id or None,
                    inbound_id=inbound_id,
                    sender=number,
                    text=text[:1000],
                    answer=parsed.answer,
                    eta_minutes=parsed.eta_minutes,
                    is_unclear=unclear,
                    received_at=now,
                )
        except IntegrityError:
            return Reply.objects.get(message_id=message_id)
        if candidates:
            reply.candidate_activations.set(candidates)
        if not unclear:
            _apply(recipient.pk, parsed.answer, parsed.eta_minutes, now)
        receipts.send_receipt(reply, candidates)
    return reply


def _unclear_cap_reached(number: str, activation, now) -> bool:
    """SMS_UNCLEAR_REPLIES_PER_INCIDENT unclear replies per sender are kept per incident;
    replies that match no live activation count per sender over the last day."""
    limit = settings.SMS_UNCLEAR_REPLIES_PER_INCIDENT
    kept = Reply.objects.filter(source=Reply.Source.SMS, sender=number, is_unclear=True)
    if activation is not None:
        kept = kept.filter(activation__incident_id=activation.incident_id)
    else:
        kept = kept.filter(activation__isnull=True, received_at__gte=now - timedelta(days=1))
    return kept.count() >= limit


@transaction.atomic
def record_link_reply(recipient: Recipient, answer: str, eta_minutes: int | None = None) -> Reply:
    now = timezone.now()
    reply = Reply.objects.create(
        activation=recipient.activation,
        recipient=recipient,
        source=Reply.Source.LINK,
        answer=answer,
        eta_minutes=eta_minutes,
        received_at=now,
    )
    _apply(recipient.pk, answer, eta_minutes, now)
    return reply

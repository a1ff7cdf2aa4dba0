"""Named write operations of incidents: open, activate, alert, escalate, reply, stand down."""

import secrets
from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from turvaverkko.notify.actions import queue_deliveries
from turvaverkko.notify.models import Delivery
from turvaverkko.registry.models import ContactPerson

from . import messages
from .grammar import parse
from .log import log_event
from .models import AccessLog, Activation, Incident, Recipient, Reply
from .selection import candidate_volunteers

Status = Incident.Status
LIVE = [Status.OPEN, Status.ACTIVE, Status.STANDING_DOWN]


class TransitionError(Exception):
    pass


# --- Incident life cycle -------------------------------------------------------------


@transaction.atomic
def open_incident(*, user, municipalities, **fields) -> Incident:
    incident = Incident.objects.create(
        created_by=user, lead=fields.pop("lead", None) or user, **fields
    )
    incident.municipalities.set(municipalities)
    log_event(incident, "opened", author=user)
    return incident


_ALLOWED = {
    Status.ACTIVE: ([Status.OPEN], "activated_at"),
    Status.STANDING_DOWN: ([Status.ACTIVE], "stood_down_at"),
    Status.CLOSED: ([Status.OPEN, Status.ACTIVE, Status.STANDING_DOWN], "closed_at"),
}


@transaction.atomic
def change_status(incident: Incident, status: str, *, user) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    allowed, stamp = _ALLOWED[status]
    if incident.status not in allowed:
        raise TransitionError(f"{incident.status} -> {status}")
    incident.status = status
    setattr(incident, stamp, timezone.now())
    incident.save(update_fields=["status", stamp])
    log_event(incident, "status", author=user, status=status)
    if status == Status.STANDING_DOWN:
        for recipient in Recipient.objects.filter(activation__incident=incident):
            if recipient.kind == Recipient.Kind.CONTACT and recipient.org_status not in (
                Recipient.OrgStatus.UNABLE,
            ):
                recipient.org_status = Recipient.OrgStatus.DEACTIVATED
            if recipient.person_status != Recipient.PersonStatus.REQUESTED:
                recipient.person_status = Recipient.PersonStatus.RELEASED
            recipient.save(update_fields=["org_status", "person_status"])
    return incident


# --- Activation and alerting ---------------------------------------------------------


# Seven digits: 9,000,000 codes, so a forger limited to SMS_INBOUND_LIMIT_PER_SENDER guesses
# an hour has about 1 chance in 12,500 over three days (docs/security.md), while the reply
# line still leaves 88+ characters of an exercise SMS for the message itself.
REPLY_CODE_DIGITS = 7


def _new_code() -> int:
    low = 10 ** (REPLY_CODE_DIGITS - 1)
    while True:
        code = low + secrets.randbelow(9 * low)  # unpredictable, unlike random
        if not Activation.objects.filter(code=code).exists():
            return code


def _contact_recipient(activation, contact: ContactPerson, chain=()) -> Recipient:
    return Recipient(
        activation=activation,
        kind=Recipient.Kind.CONTACT,
        contact=contact,
        organization=contact.organization,
        chain=list(chain),
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        language="fi",
        org_status=Recipient.OrgStatus.ALERTED,
    )


def _volunteer_recipient(activation, volunteer, distance) -> Recipient:
    return Recipient(
        activation=activation,
        kind=Recipient.Kind.VOLUNTEER,
        volunteer=volunteer,
        name=volunteer.name,
        phone=volunteer.phone,
        email=volunteer.email,
        language=volunteer.language,
        distance_km=distance,
    )


def _send(activation, recipients, text, *, key, ask_reply=True, kind="alert"):
    """Queue the messages; `text` is one text for all, or a callable giving the text in a
    recipient's language."""
    out = []
    for r in recipients:
        body = text(messages.lang(r.language)) if callable(text) else text
        out += messages.alert_messages(r, body, ask_reply=ask_reply, kind=kind)
    if out:
        queue_deliveries(key, out)


@transaction.atomic
def activate(
    incident: Incident,
    *,
    user,
    message: str,
    organizations=(),
    alert_groups=(),
    skills=(),
    volunteer_count: int = 0,
    max_km: float | None = None,
    reply_timeout_minutes: int = 10,
    chains=None,
    message_sv: str = "",
    message_en: str = "",
) -> Activation:
    """Alert organisations (primary contacts first), alert groups and the nearest fitting
    volunteers; deliveries are queued through notify in this transaction.

    `chains` maps an organisation's pk to the ordered contacts of a plan role; that
    organisation is then reached through the role's chain (first contact now, the next
    one on escalation) instead of its own. Recipients who read Swedish or English get
    `message_sv` / `message_en` when given, the Finnish `message` otherwise."""
    chains = chains or {}
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_live or incident.status == Status.STANDING_DOWN:
        raise TransitionError("incident is not open")
    if incident.status == Status.OPEN:
        incident.status, incident.activated_at = Status.ACTIVE, timezone.now()
        incident.save(update_fields=["status", "activated_at"])
    activation = Activation.objects.create(
        incident=incident,
        code=_new_code(),
        message=message,
        message_sv=message_sv,
        message_en=message_en,
        reply_timeout_minutes=reply_timeout_minutes,
        is_exercise=incident.is_exercise,
        created_by=user,
    )
    recipients = []
    for org in organizations:
        chain = [c for c in chains.get(org.pk, ()) if c.organization_id == org.pk]
        if chain:
            recipients.append(_contact_recipient(activation, chain[0], [c.pk for c in chain]))
            continue
        contact = org.contacts.order_by("position", "pk").first()
        if contact:
            recipients.append(_contact_recipient(activation, contact))
    chosen = {}
    if volunteer_count:
        for c in candidate_volunteers(
            incident, skills=skills, max_km=max_km, limit=volunteer_count
        ):
            chosen[c.volunteer.pk] = (c.volunteer, c.distance_km)
    for group in alert_groups:
        for c in candidate_volunteers(incident):
            if group.members.filter(pk=c.volunteer.pk).exists():
                chosen.setdefault(c.volunteer.pk, (c.volunteer, c.distance_km))
    recipients += [_volunteer_recipient(activation, v, d) for v, d in chosen.values()]
    for r in recipients:
        r.save()
    _send(activation, recipients, activation.text_for, key=activation.dispatch_key)
    log_event(incident, "activation", author=user, code=activation.code, n=len(recipients))
    return activation


def _next_contact(recipient: Recipient) -> ContactPerson | None:
    if not recipient.contact_id:
        return None
    taken = set(
        Recipient.objects.filter(
            activation=recipient.activation, contact__isnull=False
        ).values_list("contact_id", flat=True)
    )
    if recipient.chain:
        chain = list(recipient.chain)
        later = (
            chain[chain.index(recipient.contact_id) + 1 :] if recipient.contact_id in chain else []
        )
        contacts = ContactPerson.objects.in_bulk([pk for pk in later if pk not in taken])
        return next((contacts[pk] for pk in later if pk in contacts), None)
    return (
        ContactPerson.objects.filter(
            organization_id=recipient.organization_id,
            position__gt=recipient.contact.position,
        )
        .exclude(pk__in=list(taken))
        .order_by("position", "pk")
        .first()
    )


@transaction.atomic
def escalate(recipient: Recipient) -> Recipient | None:
    """Alert the next deputy of the recipient's organisation (once per recipient)."""
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.escalated_at or recipient.kind != Recipient.Kind.CONTACT:
        return None
    recipient.escalated_at = timezone.now()
    recipient.save(update_fields=["escalated_at"])
    contact = _next_contact(recipient)
    if contact is None:
        return None
    deputy = _contact_recipient(recipient.activation, contact, recipient.chain)
    deputy.save()
    activation = recipient.activation
    _send(activation, [deputy], activation.text_for, key=activation.dispatch_key)
    log_event(activation.incident, "escalated", **{"from": recipient.name, "to": deputy.name})
    return deputy


def escalate_due(now=None) -> int:
    """Periodic: alert the deputy of every unanswered contact whose reply time has passed."""
    now = now or timezone.now()
    due = Recipient.objects.filter(
        kind=Recipient.Kind.CONTACT,
        answer="",
        escalated_at__isnull=True,
        activation__is_cancelled=False,
        activation__incident__status=Status.ACTIVE,
    ).select_related("activation", "contact")
    count = 0
    for r in due:
        due_at = r.alerted_at + timedelta(minutes=r.activation.reply_timeout_minutes)
        if due_at <= now and escalate(r) is not None:
            count += 1
    return count


def delivery_failed(delivery) -> None:
    """notify gave up on a delivery: mark the contact failing and alert the deputy now.

    A volunteer counts as failed only when every channel they were alerted on failed; a
    push notification alone says nothing about a person (a browser that is gone is dropped
    by volunteers.receivers)."""
    if not delivery.recipient_key.startswith("incident-recipient:"):
        return
    pk = int(delivery.recipient_key.split(":", 1)[1])
    recipient = Recipient.objects.filter(pk=pk).select_related("contact").first()
    if recipient is None:
        return
    if recipient.kind == Recipient.Kind.VOLUNTEER:
        pending = Delivery.objects.filter(
            dispatch_id=delivery.dispatch_id, recipient_key=delivery.recipient_key
        ).exclude(state=Delivery.State.FAILED)
        if not pending.exclude(pk=delivery.pk).exists():
            Recipient.objects.filter(pk=pk, failed_at__isnull=True).update(failed_at=timezone.now())
        return
    if delivery.channel == "push":
        return
    with transaction.atomic():
        Recipient.objects.filter(pk=pk, failed_at__isnull=True).update(failed_at=timezone.now())
        if recipient.contact_id:
            ContactPerson.objects.filter(
                pk=recipient.contact_id, failing_since__isnull=True
            ).update(failing_since=timezone.now())
    if recipient.kind == Recipient.Kind.CONTACT and not recipient.answer:
        escalate(recipient)


# --- Replies ---------------------------------------------------------------------------


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


def record_sms_reply(sender: str, text: str, message_id: str | None = None) -> Reply:
    """An inbound text message. Idempotent per message id; an unclear or unmatched reply is
    kept and flagged for the coordinator."""
    parsed = parse(text)
    number = normalise_number(sender)
    now = timezone.now()
    with transaction.atomic():
        if message_id:
            existing = Reply.objects.filter(message_id=message_id).first()
            if existing:
                return existing
        activation = recipient = None
        if parsed.code is not None:
            activation = Activation.objects.filter(
                code=parsed.code, incident__status__in=LIVE
            ).first()
        if activation is not None:
            recipient = activation.recipients.filter(phone=number).order_by("pk").first()
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
                    sender=number,
                    text=text[:1000],
                    answer=parsed.answer,
                    eta_minutes=parsed.eta_minutes,
                    is_unclear=unclear,
                    received_at=now,
                )
        except IntegrityError:
            return Reply.objects.get(message_id=message_id)
        if not unclear:
            _apply(recipient.pk, parsed.answer, parsed.eta_minutes, now)
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


@transaction.atomic
def set_person_status(recipient: Recipient, status: str, *, user) -> None:
    Recipient.objects.filter(pk=recipient.pk).update(person_status=status)
    log_event(
        recipient.activation.incident,
        "person_status",
        author=user,
        name=recipient.name,
        status=status,
    )


@transaction.atomic
def set_org_status(recipient: Recipient, status: str, *, user) -> None:
    Recipient.objects.filter(pk=recipient.pk).update(org_status=status)
    log_event(
        recipient.activation.incident, "org_status", author=user, name=recipient.name, status=status
    )


# --- Updates and cancellation ----------------------------------------------------------


@transaction.atomic
def send_update(incident: Incident, text: str, *, user) -> int:
    """An update to everyone who said yes (or late) in the incident's activations."""
    recipients = list(
        Recipient.objects.filter(
            activation__incident=incident, answer__in=["yes", "late"]
        ).select_related("activation", "volunteer")
    )
    n = incident.log_entries.count()
    for activation_id in {r.activation_id for r in recipients}:
        group = [r for r in recipients if r.activation_id == activation_id]
        _send(
            group[0].activation,
            group,
            text,
            key=f"incident-update:{incident.pk}:{activation_id}:{n}",
            ask_reply=False,
            kind="update",
        )
    log_event(incident, "update", author=user, text=text)
    return len(recipients)


@transaction.atomic
def cancel_activation(activation: Activation, text: str, *, user) -> int:
    """Cancel an activation: a cancel message to everyone alerted."""
    activation = Activation.objects.select_for_update().get(pk=activation.pk)
    if activation.is_cancelled:
        return 0
    activation.is_cancelled = True
    activation.save(update_fields=["is_cancelled"])
    recipients = list(activation.recipients.select_related("activation", "volunteer"))
    _send(
        activation,
        recipients,
        text,
        key=f"incident-cancel:{activation.pk}",
        ask_reply=False,
        kind="cancel",
    )
    log_event(activation.incident, "cancelled", author=user, code=activation.code)
    return len(recipients)


def log_access(user, incident, what: str) -> None:
    AccessLog.objects.create(user=user, incident=incident, what=what)

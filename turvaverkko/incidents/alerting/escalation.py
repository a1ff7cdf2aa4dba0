"""Escalation: a contact who does not answer in time, or whose delivery failed for good, is
followed by the next deputy of the organisation (or of the plan role's chain)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from turvaverkko.notify.models import Delivery
from turvaverkko.registry.models import ContactPerson

from ..log import log_event
from ..models import Incident, Recipient
from .activation import contact_recipient, send_messages

Status = Incident.Status


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
    deputy = contact_recipient(recipient.activation, contact, recipient.chain, recipient.task)
    deputy.save()
    activation = recipient.activation
    send_messages(activation, [deputy], activation.text_for, key=activation.dispatch_key)
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

"""Named write operations on an incident's life cycle: open, change status, set recipients'
statuses, send an update, cancel an activation, log access to contact lists.

Alerting itself lives in `alerting/` (activation, escalation), replies in `replies/`,
help requests in `helprequests/`.
"""

from django.db import transaction
from django.utils import timezone

from .alerting.activation import TransitionError, send_messages
from .log import log_event
from .models import AccessLog, Activation, Incident, Recipient

Status = Incident.Status


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
        send_messages(
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
    send_messages(
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


@transaction.atomic
def resend_to_silent(incident: Incident, *, user) -> int:
    """Send each live activation's alert again to its recipients who have not answered (not
    to those who did, nor to those released or stood down), on the same channels; logged."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_live:
        raise TransitionError("incident is closed")
    total = 0
    n = incident.log_entries.filter(event="resent").count() + 1
    for activation in incident.activations.filter(is_cancelled=False).order_by("created_at"):
        silent = list(
            activation.recipients.filter(answer="")
            .exclude(person_status=Recipient.PersonStatus.RELEASED)
            .exclude(org_status=Recipient.OrgStatus.DEACTIVATED)
            .select_related("activation", "volunteer")
        )
        if not silent:
            continue
        send_messages(
            activation,
            silent,
            activation.text_for,
            key=f"incident-resend:{activation.pk}:{n}",
        )
        log_event(incident, "resent", author=user, code=activation.code, n=len(silent))
        total += len(silent)
    return total

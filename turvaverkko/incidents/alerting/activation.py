"""Alerting an incident: choose the recipients, give the activation its reply code and queue
the messages through notify, all in one transaction."""

import secrets

from django.db import transaction
from django.utils import timezone

from turvaverkko.notify.actions import queue_deliveries
from turvaverkko.registry.models import ContactPerson

from ..log import log_event
from ..models import Activation, Incident, Recipient
from . import messages
from .selection import candidate_volunteers

Status = Incident.Status


class TransitionError(Exception):
    """The incident's state does not allow the operation (closed, standing down...)."""


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


def contact_recipient(activation, contact: ContactPerson, chain=(), task="") -> Recipient:
    return Recipient(
        task=task[:300],
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


def volunteer_recipient(activation, volunteer, distance=None) -> Recipient:
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


def send_messages(activation, recipients, text, *, key, ask_reply=True, kind="alert"):
    """Queue the messages; `text` is one text for all, or a callable giving the text in a
    recipient's language."""
    out = []
    for r in recipients:
        body = text(messages.lang(r.language)) if callable(text) else text
        out += messages.alert_messages(r, body, ask_reply=ask_reply, kind=kind)
    if out:
        queue_deliveries(key, out)


def choose_recipients(
    incident: Incident,
    activation: Activation,
    *,
    organizations=(),
    alert_groups=(),
    skills=(),
    volunteer_count: int = 0,
    max_km: float | None = None,
    chains=None,
    tasks=None,
    include_unavailable: bool = False,
) -> tuple[list[Recipient], int]:
    """The recipients of an activation, unsaved, and how many volunteers of them are outside
    their availability: each organisation's first contact (of its plan role's chain, or
    its own), the nearest fitting volunteers and the members of the alert groups. The
    activation form's summary counts its messages from the same list (alerting/summary.py)."""
    chains = chains or {}
    tasks = tasks or {}
    recipients = []
    for org in organizations:
        chain = [c for c in chains.get(org.pk, ()) if c.organization_id == org.pk]
        task = tasks.get(org.pk, "")
        if chain:
            recipients.append(
                contact_recipient(activation, chain[0], [c.pk for c in chain], task=task)
            )
            continue
        contact = org.contacts.order_by("position", "pk").first()
        if contact:
            recipients.append(contact_recipient(activation, contact, task=task))
    chosen = {}
    outside = 0
    if volunteer_count:
        for c in candidate_volunteers(
            incident,
            skills=skills,
            max_km=max_km,
            limit=volunteer_count,
            include_unavailable=include_unavailable,
        ):
            chosen[c.volunteer.pk] = (c.volunteer, c.distance_km)
            outside += not c.available
    groups = list(alert_groups)
    if groups:
        members = set()
        for group in groups:
            members.update(group.members.values_list("pk", flat=True))
        for c in candidate_volunteers(incident):
            if c.volunteer.pk in members:
                chosen.setdefault(c.volunteer.pk, (c.volunteer, c.distance_km))
    recipients += [volunteer_recipient(activation, v, d) for v, d in chosen.values()]
    return recipients, outside


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
    send_receipts: bool = True,
    tasks=None,
    place: str = "",
    meet_at=None,
    bring: str = "",
    include_unavailable: bool = False,
) -> Activation:
    """Alert organisations (primary contacts first), alert groups and the nearest fitting
    volunteers; deliveries are queued through notify in this transaction.

    `chains` maps an organisation's pk to the ordered contacts of a plan role; that
    organisation is then reached through the role's chain (first contact now, the next
    one on escalation) instead of its own. Recipients who read Swedish or English get
    `message_sv` / `message_en` when given, the Finnish `message` otherwise.

    `tasks` maps an organisation's pk to its task in the plan scenario, which its messages
    carry, as they carry `place`, `meet_at`, `bring` and the sender (the coordinator).
    `include_unavailable` ("alert anyway") also alerts volunteers outside their availability
    slots when too few are available; how many is recorded on the activation and logged."""
    chains = chains or {}
    tasks = tasks or {}
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
        send_receipts=send_receipts,
        created_by=user,
        place=place,
        meet_at=meet_at,
        bring=bring,
        sender=(user.get_full_name() or user.email)[:200] if user else "",
    )
    recipients, outside = choose_recipients(
        incident,
        activation,
        organizations=organizations,
        alert_groups=alert_groups,
        skills=skills,
        volunteer_count=volunteer_count,
        max_km=max_km,
        chains=chains,
        tasks=tasks,
        include_unavailable=include_unavailable,
    )
    for r in recipients:
        r.save()
    send_messages(activation, recipients, activation.text_for, key=activation.dispatch_key)
    log_event(incident, "activation", author=user, code=activation.code, n=len(recipients))
    if outside:
        activation.outside_slots_alerted = outside
        activation.save(update_fields=["outside_slots_alerted"])
        log_event(incident, "alerted_anyway", author=user, code=activation.code, n=outside)
    return activation

"""A volunteer's personal data in incidents: pseudonymised on erasure and after a retention
period, and read out for the volunteer's own export.

Incidents copy the name, phone and e-mail of every person alerted (Recipient), keep every
SMS reply as received (Reply: the sender's number and the text) and name people in the
situation log. Reports need the counts and the times (who answered what, when, how far
away), not who the person was, so pseudonymising keeps the rows and replaces the names
with one tag per person (volunteers.privacy.pseudonym).

Retention: docs/volunteers.md. INCIDENT_PERSONAL_DATA_DAYS after an incident closes, the
SMS replies (sender and text) and notify's delivery records of its alerts are pseudonymised
(a reply that matched no alert: that long after it came);
the list of who was alerted, with names, stays with the incident for its report.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from turvaverkko.notify.privacy import (
    deliveries_for,
    expire_inbound,
    forget_recipients,
    forget_senders,
)

from .log import render
from .models import HelpAssignment, Incident, Recipient, Reply, SituationEntry

# Log events that name a volunteer in params["name"] (incidents/log.py).
PERSON_EVENTS = ("person_status", "help_accepted", "help_declined", "help_declined_assigned")


# Events that name a person: a volunteer, or a contact person of some organisation.
NAMING_EVENTS = (*PERSON_EVENTS, "org_status", "escalated")


def log_entries_for(user, incident, entries):
    """The situation log as this user may read it. Who may see the contact list sees it
    all; an alerted association's admin reads the log without the system's entries that
    name people outside their organisation (who is on site, who can help, whose alert went
    to a deputy)."""
    if user.has_perm("incidents.view_contacts", incident):
        return entries
    return entries.exclude(event__in=NAMING_EVENTS)


def _help_key(assignment) -> str:
    # The recipient key of a help-request invitation (helpmessages.invitation).
    return f"help-assignment:{assignment.pk}"


def _rename_in_log(incident_ids, names: set[str], new_name: str) -> None:
    """Entries of the system's own get the pseudonym; a coordinator's free text that names
    the person gets it in place of the name."""
    names = {n for n in names if n and n != new_name}
    if not names or not incident_ids:
        return
    entries = SituationEntry.objects.filter(incident_id__in=incident_ids)
    for entry in entries.filter(event__in=PERSON_EVENTS):
        if entry.params.get("name") in names:
            entry.params["name"] = new_name
            with translation.override("en"):
                entry.text = render(entry.event, entry.params)
            entry.save(update_fields=["params", "text"])
    for entry in entries.filter(event=""):
        text = entry.text
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, new_name)
        if text != entry.text:
            entry.text = text
            entry.save(update_fields=["text"])


@transaction.atomic
def pseudonymise_volunteer(volunteer, new_name: str) -> None:
    recipients = list(Recipient.objects.filter(volunteer=volunteer).select_related("activation"))
    assignments = list(
        HelpAssignment.objects.filter(volunteer=volunteer).select_related("help_request")
    )
    names = {volunteer.name} | {r.name for r in recipients}
    phones = {p for p in {volunteer.phone} | {r.phone for r in recipients} if p}
    incident_ids = {r.activation.incident_id for r in recipients}
    incident_ids |= {a.help_request.incident_id for a in assignments}
    # Replies from the volunteer, and unmatched ones from their numbers (wrong code, typo).
    Reply.objects.filter(
        Q(recipient__in=recipients) | Q(recipient__isnull=True, sender__in=phones)
    ).update(sender="", text="")
    Recipient.objects.filter(pk__in=[r.pk for r in recipients]).update(
        name=new_name, phone="", email=""
    )
    _rename_in_log(incident_ids, names, new_name)
    forget_senders(phones)  # the messages as the gateway handed them to notify
    forget_recipients([r.recipient_key for r in recipients] + [_help_key(a) for a in assignments])


def export_volunteer(volunteer) -> dict:
    recipients = list(
        Recipient.objects.filter(volunteer=volunteer)
        .select_related("activation__incident")
        .order_by("alerted_at", "pk")
    )
    assignments = list(
        HelpAssignment.objects.filter(volunteer=volunteer)
        .select_related("help_request__incident")
        .order_by("created_at", "pk")
    )
    names = {volunteer.name} | {r.name for r in recipients}
    incident_ids = {r.activation.incident_id for r in recipients}
    incident_ids |= {a.help_request.incident_id for a in assignments}
    log = SituationEntry.objects.filter(incident_id__in=incident_ids, event__in=PERSON_EVENTS)
    keys = [r.recipient_key for r in recipients] + [_help_key(a) for a in assignments]
    return {
        "alerts": [
            {
                "incident": r.activation.incident.title,
                "exercise": r.activation.is_exercise,
                "reply_code": r.activation.code,
                "message": r.activation.text_for(r.language),
                "name": r.name,
                "phone": r.phone,
                "email": r.email,
                "distance_km": r.distance_km,
                "alerted_at": r.alerted_at,
                "answer": r.answer,
                "eta_minutes": r.eta_minutes,
                "answered_at": r.answered_at,
                "status": r.person_status,
                "replies": [
                    {
                        "received_at": reply.received_at,
                        "source": reply.source,
                        "sender": reply.sender,
                        "text": reply.text,
                        "answer": reply.answer,
                        "eta_minutes": reply.eta_minutes,
                        "unclear": reply.is_unclear,
                    }
                    for reply in r.replies.order_by("received_at", "pk")
                ],
            }
            for r in recipients
        ],
        "help_requests": [
            {
                "incident": a.help_request.incident.title,
                "what": a.help_request.text,
                "place": a.help_request.place,
                "starts_at": a.help_request.starts_at,
                "status": a.status,
                "responded_at": a.responded_at,
            }
            for a in assignments
        ],
        "situation_log": [
            {"incident_id": e.incident_id, "at": e.created_at, "text": e.text}
            for e in log.order_by("created_at", "pk")
            if e.params.get("name") in names
        ],
        "messages": deliveries_for(keys),
    }


def closed_incidents_due(now=None):
    cutoff = (now or timezone.now()) - timedelta(days=settings.INCIDENT_PERSONAL_DATA_DAYS)
    return Incident.objects.filter(status=Incident.Status.CLOSED, closed_at__lte=cutoff)


def expire_personal_data(now=None) -> dict:
    """Pseudonymise SMS replies and delivery records of incidents closed long enough ago.

    Idempotent: what is pseudonymised already is skipped, so a run that stopped half-way
    finishes on the next one."""
    replies = deliveries = 0
    for incident in closed_incidents_due(now).only("pk"):
        with transaction.atomic():
            replies += (
                Reply.objects.filter(
                    Q(activation__incident=incident) | Q(recipient__activation__incident=incident)
                )
                .exclude(sender="", text="")
                .update(sender="", text="")
            )
            keys = [
                f"incident-recipient:{pk}"
                for pk in Recipient.objects.filter(activation__incident=incident).values_list(
                    "pk", flat=True
                )
            ]
            keys += [
                f"help-assignment:{pk}"
                for pk in HelpAssignment.objects.filter(
                    help_request__incident=incident
                ).values_list("pk", flat=True)
            ]
            deliveries += forget_recipients(keys)
    # Replies that matched no alert (a wrong code, an unknown number) belong to no incident:
    # they are kept as long after they came.
    cutoff = (now or timezone.now()) - timedelta(days=settings.INCIDENT_PERSONAL_DATA_DAYS)
    replies += (
        Reply.objects.filter(
            activation__isnull=True, recipient__isnull=True, received_at__lte=cutoff
        )
        .exclude(sender="", text="")
        .update(sender="", text="")
    )
    inbound = expire_inbound(cutoff)  # the raw messages as notify stored them
    return {"replies": replies, "deliveries": deliveries, "inbound": inbound}


@task()
def expire_incident_personal_data() -> dict:
    """Enqueued daily by web/scheduler.py."""
    return expire_personal_data()

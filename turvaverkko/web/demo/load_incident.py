"""A closed past incident of the demo (demo/incident.json): opened through the incidents app's
action, with its activation, recipients, replies, an escalation to a deputy, the situation log
and the lessons its after-action report shows. And an open one (demo/alert.json) whose alert
has reached the volunteer Ville, so his home page has an open alert to answer.

The life cycle actions stamp the current time and send messages; a past incident is history,
so its activation, recipients and replies are written as the alerting code writes them
(`contact_recipient`, `log_event`) and then dated to when they happened. Nothing is sent.
The incident is found again by its title and then left as it is.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.incidents.actions import change_status, open_incident
from turvaverkko.incidents.alerting.activation import contact_recipient, volunteer_recipient
from turvaverkko.incidents.log import log_event
from turvaverkko.incidents.models import Activation, Incident, Reply, SituationEntry
from turvaverkko.preparedness.models import PlanScenario
from turvaverkko.registry.models import ContactPerson
from turvaverkko.volunteers.models import Volunteer

from .files import DemoDataError, read_json


def load_incident(users: dict, orgs: dict, now: datetime | None = None) -> Incident:
    spec = read_json("incident.json")
    existing = Incident.objects.filter(title=spec["title"]).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    day = timezone.localdate(now) - timedelta(days=spec["opened_days_ago"])
    opened = timezone.make_aware(datetime.combine(day, time.fromisoformat(spec["opened_at"])))

    def at(minutes):
        return opened + timedelta(minutes=minutes)

    municipality = Municipality.objects.get(code=spec["municipality"])
    lead = users[spec["lead"]]
    scenario = PlanScenario.objects.filter(
        plan__municipalities=municipality, kind=spec["plan_scenario"]
    ).first()
    incident = open_incident(
        user=lead,
        municipalities=[municipality],
        title=spec["title"],
        type=spec["type"],
        severity=spec["severity"],
        description=spec["description"],
        plan_scenario=scenario,
        opened_at=opened,
    )
    entries = [(incident.log_entries.get(event="opened"), opened)]

    a = spec["activation"]
    activation = Activation.objects.create(
        incident=incident,
        code=a["code"],
        message=a["message"],
        reply_timeout_minutes=a["reply_timeout_minutes"],
        created_by=lead,
        created_at=at(a["after"]),
    )
    for r in spec["recipients"]:
        try:
            contact = orgs[r["organization"]].contacts.get(position=r["position"])
        except (KeyError, ContactPerson.DoesNotExist) as exc:
            raise DemoDataError(f"incident.json: recipient {r}: {exc}") from exc
        recipient = contact_recipient(activation, contact)
        recipient.alerted_at = at(r.get("alerted_after", a["after"]))
        recipient.answer = r.get("answer", "")
        recipient.eta_minutes = r.get("eta_minutes")
        recipient.org_status = r["org_status"]
        recipient.person_status = r["person_status"]
        if "answered_after" in r:
            recipient.answered_at = at(r["answered_after"])
        if "escalated_after" in r:
            recipient.escalated_at = at(r["escalated_after"])
        recipient.save()
        if "escalated_after" in r:
            deputy = orgs[r["organization"]].contacts.get(position=r["position"] + 1)
            entry = log_event(incident, "escalated", **{"from": contact.name, "to": deputy.name})
            entries.append((entry, at(r["escalated_after"])))
        if r.get("reply"):
            Reply.objects.create(
                activation=activation,
                recipient=recipient,
                source=Reply.Source.SMS,
                message_id=f"demo-{activation.code}-{recipient.pk}",
                sender=recipient.phone,
                text=r["reply"],
                answer=recipient.answer,
                eta_minutes=recipient.eta_minutes,
                received_at=recipient.answered_at,
                handled_at=recipient.answered_at,
            )
    n = activation.recipients.count()
    entry = log_event(incident, "activation", author=lead, code=activation.code, n=n)
    entries.append((entry, at(a["after"])))

    stamps = {
        Incident.Status.ACTIVE: ("activated_at", spec["activated_after"]),
        Incident.Status.STANDING_DOWN: ("stood_down_at", spec["standing_down_after"]),
        Incident.Status.CLOSED: ("closed_at", spec["closed_after"]),
    }
    for status, (field, minutes) in stamps.items():
        setattr(incident, field, at(minutes))
        entries.append((log_event(incident, "status", author=lead, status=status), at(minutes)))
    incident.status = Incident.Status.CLOSED
    incident.lessons = spec["lessons"]
    incident.save(update_fields=["status", "activated_at", "stood_down_at", "closed_at", "lessons"])

    for item in spec["log"]:
        org = orgs[item["organization"]] if item.get("organization") else None
        SituationEntry.objects.create(
            incident=incident,
            author=users[item["author"]],
            organization=org,
            place=item.get("place", ""),
            severity=item.get("severity", "info"),
            text=item["text"],
            created_at=at(item["after"]),
        )
    for entry, when in entries:
        SituationEntry.objects.filter(pk=entry.pk).update(created_at=when)
    return incident


def load_open_alert(users: dict, now: datetime | None = None) -> Incident:
    """The live incident of demo/alert.json: opened and activated through the incidents app's
    actions as its lead; the activation and its volunteer recipients are written as
    `alerting.activation.activate` writes them (`volunteer_recipient`, `log_event`), without
    choosing by availability (which depends on the hour) and without sending anything. Found
    again by its title and then left as it is."""
    spec = read_json("alert.json")
    existing = Incident.objects.filter(title=spec["title"]).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    opened = now - timedelta(minutes=spec["opened_minutes_ago"])
    lead = users[spec["lead"]]
    incident = open_incident(
        user=lead,
        municipalities=[Municipality.objects.get(code=spec["municipality"])],
        title=spec["title"],
        type=spec["type"],
        severity=spec["severity"],
        description=spec["description"],
        opened_at=opened,
    )
    a = spec["activation"]
    alerted = opened + timedelta(minutes=a["after"])
    change_status(incident, Incident.Status.ACTIVE, user=lead)  # as activate() does first
    Incident.objects.filter(pk=incident.pk).update(activated_at=alerted)
    activation = Activation.objects.create(
        incident=incident,
        code=a["code"],
        message=a["message"],
        message_sv=a.get("message_sv", ""),
        message_en=a.get("message_en", ""),
        reply_timeout_minutes=a["reply_timeout_minutes"],
        place=a.get("place", ""),
        meet_at=opened + timedelta(minutes=a["meet_after"]) if "meet_after" in a else None,
        bring=a.get("bring", ""),
        sender=(lead.get_full_name() or lead.email)[:200],
        created_by=lead,
        created_at=alerted,
    )
    for key in a["volunteers"]:
        volunteer = Volunteer.objects.filter(user=users[key]).first()
        if volunteer is None:
            raise DemoDataError(f"alert.json: no volunteer profile for {key!r}")
        recipient = volunteer_recipient(activation, volunteer)
        recipient.alerted_at = alerted
        recipient.save()
    log_event(incident, "activation", author=lead, code=activation.code, n=len(a["volunteers"]))
    entries = SituationEntry.objects.filter(incident=incident)
    entries.filter(event="opened").update(created_at=opened)
    entries.exclude(event="opened").update(created_at=alerted)
    return incident

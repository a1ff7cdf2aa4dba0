"""What an activation will send, counted before sending: "4 organisations (9 people) and
6 volunteers: 15 SMS, 15 e-mails, 3 push".

Counted from the same recipient choice (activation.choose_recipients) and the same channel
rule (messages.channels: preferences, missing numbers and addresses, the live browser for
push) the send uses, on an unsaved activation, so the numbers are those that go out."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..models import Incident, Recipient
from .activation import choose_recipients
from .messages import channels
from .preview import _activation


@dataclass
class Summary:
    organizations: int  # organisations whose contact is alerted now
    chain_people: int  # people in those organisations' contact chains (escalation)
    without_contact: int  # chosen organisations that have nobody to alert
    volunteers: int
    sms: int
    email: int
    push: int
    unreachable: int  # recipients without any number or address
    outside_slots: int  # volunteers alerted outside their availability ("alert anyway")

    @property
    def messages(self) -> int:
        return self.sms + self.email + self.push


def summarise(
    incident: Incident,
    data: dict[str, Any],
    user: Any,
    *,
    chains: dict[Any, list[Any]] | None = None,
    tasks: dict[Any, str] | None = None,
) -> Summary:
    activation = _activation(incident, data, user)
    organizations = list(data.get("organizations") or ())
    recipients, outside = choose_recipients(
        incident,
        activation,
        organizations=organizations,
        alert_groups=data.get("alert_groups") or (),
        skills=data.get("skills") or (),
        volunteer_count=data.get("volunteer_count") or 0,
        max_km=data.get("max_km"),
        chains=chains,
        tasks=tasks,
        include_unavailable=bool(data.get("alert_anyway")),
    )
    contacts = [r for r in recipients if r.kind == Recipient.Kind.CONTACT]
    own_chain = {
        org.pk: org.contacts.count() for org in organizations if org.pk not in (chains or {})
    }
    chain_people = sum(len(r.chain) or own_chain.get(r.organization_id, 1) for r in contacts)
    counted: Counter[str] = Counter()
    unreachable = 0
    for r in recipients:
        used = channels(r)
        counted.update(used)
        unreachable += not used
    return Summary(
        organizations=len(contacts),
        chain_people=chain_people,
        without_contact=len(organizations) - len(contacts),
        volunteers=len(recipients) - len(contacts),
        sms=counted["sms"],
        email=counted["email"],
        push=counted["push"],
        unreachable=unreachable,
        outside_slots=outside,
    )

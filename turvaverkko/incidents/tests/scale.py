"""A generated alert at the size of a real network, for the workspace tests: `orgs`
organisations (one contact each) and `volunteers` volunteers in one activation of an
incident, with answers, failed deliveries and one unclear SMS spread over them.

Rows are written in bulk (a real activation of 550 would spend the test's time in the
alerting code, which its own tests cover); what the pages read is the same."""

from datetime import timedelta

from turvaverkko.incidents.models import Activation, Recipient, Reply
from turvaverkko.notify.models import Delivery, Dispatch
from turvaverkko.registry.models import Organization
from turvaverkko.registry.tests.factories import TaxonomyTermFactory
from turvaverkko.volunteers.models import Volunteer

# Of every six recipients: yes, late, no, silent, silent, delivery failed.
PATTERN = ["yes", "late", "no", "", "", "failed"]


def generate_alert(incident, *, orgs=50, volunteers=500, code=4242, user=None):
    """One activation with orgs + volunteers recipients; returns the activation."""
    at = incident.opened_at + timedelta(minutes=5)
    activation = Activation.objects.create(
        incident=incident, code=code, message="Tulkaa", created_by=user
    )
    organizations = Organization.objects.bulk_create(
        Organization(
            name_fi=f"Yhdistys {i:03d} ry", name=f"Yhdistys {i:03d} ry", kind="association"
        )
        for i in range(orgs)
    )
    skill = TaxonomyTermFactory(taxonomy="skill", code="first-aid", name_fi="Ensiapu")
    people = Volunteer.objects.bulk_create(
        Volunteer(name=f"Vapaaehtoinen {i:03d}", phone=f"+35840{i:07d}") for i in range(volunteers)
    )
    Volunteer.skills.through.objects.bulk_create(
        Volunteer.skills.through(volunteer_id=v.pk, taxonomyterm_id=skill.pk) for v in people[::2]
    )
    rows = [
        Recipient(
            activation=activation,
            kind=Recipient.Kind.CONTACT,
            organization=o,
            name=f"Yhteyshenkilö {i:03d}",
            phone=f"+35850{i:07d}",
            org_status=Recipient.OrgStatus.ALERTED,
            alerted_at=at,
            distance_km=i % 40,
        )
        for i, o in enumerate(organizations)
    ] + [
        Recipient(
            activation=activation,
            kind=Recipient.Kind.VOLUNTEER,
            volunteer=v,
            name=v.name,
            phone=v.phone,
            alerted_at=at,
            distance_km=i % 40,
        )
        for i, v in enumerate(people)
    ]
    for i, r in enumerate(rows):
        state = PATTERN[i % len(PATTERN)]
        if state == "failed":
            r.failed_at = at
        elif state:
            r.answer, r.answered_at = state, at + timedelta(minutes=1 + i % 20)
            r.eta_minutes = 30 if state == "late" else None
    rows = Recipient.objects.bulk_create(rows)
    dispatch = Dispatch.objects.create(key=activation.dispatch_key)
    Delivery.objects.bulk_create(
        Delivery(
            dispatch=dispatch,
            recipient_key=r.recipient_key,
            channel="sms",
            address=r.phone,
            body="Tulkaa",
            state="failed" if r.failed_at else "sent",
        )
        for r in rows
    )
    silent = next(r for r in rows if r.kind == "volunteer" and not r.answer and not r.failed_at)
    Reply.objects.create(
        activation=activation,
        recipient=silent,
        source=Reply.Source.SMS,
        sender=silent.phone,
        text="mihin pitää tulla?",
        is_unclear=True,
        received_at=at + timedelta(minutes=3),
    )
    return activation

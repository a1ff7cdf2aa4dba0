"""A volunteer's data in incidents and deliveries: in their export, pseudonymised when they
erase their account, and pseudonymised INCIDENT_PERSONAL_DATA_DAYS after the incident closes."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.helprequests import actions as helprequests
from turvaverkko.incidents.models import (
    HelpAssignment,
    Incident,
    Recipient,
    Reply,
    SituationEntry,
)
from turvaverkko.incidents.privacy import expire_personal_data
from turvaverkko.notify.actions import receive_message
from turvaverkko.notify.models import Delivery, InboundMessage
from turvaverkko.volunteers.models import HelpOffer

pytestmark = pytest.mark.django_db

VILLE_EMAIL = "ville@example.fi"


@pytest.fixture
def alerted(personas, incident):
    """Ville alerted, answering by SMS (and once unclearly), on site, asked to help."""
    ville = personas.ville_profile
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org],
        volunteer_count=5,
    )  # fmt: skip
    recipient = activation.recipients.get(volunteer=ville)
    # As the gateway hands them over: notify stores each message, incidents records the reply.
    receive_message("sms", ville.phone, f"K {activation.code}", "m1")
    receive_message("sms", ville.phone, "missä kokoonnutaan? t. Ville", "m2")
    actions.set_person_status(recipient, Recipient.PersonStatus.ON_SITE, user=personas.kaisa)
    SituationEntry.objects.create(
        incident=incident, author=personas.kaisa, text=f"{ville.name} vie hiekkasäkit kouluun"
    )
    hr = helprequests.create(
        incident, user=personas.kaisa, people_needed=1, place="Koulu",
        starts_at=timezone.now(), text="Kantoapua",
    )  # fmt: skip
    helprequests.invite(hr, [ville], user=personas.kaisa)
    assignment = HelpAssignment.objects.get(volunteer=ville)
    helprequests.record_answer(assignment, "accept")
    HelpOffer.objects.create(name="Ville V", email=VILLE_EMAIL.upper(), message="Sahaan puita")
    HelpOffer.objects.create(name="Toinen", email="toinen@example.fi", message="Kuljetan")
    return activation


def personal_traces(ville) -> list[str]:
    """Where Ville's name, number or address still appears in incidents or notify."""
    found = []
    secrets = [ville.name, ville.phone, VILLE_EMAIL]
    for model, fields in [
        (Recipient, ["name", "phone", "email"]),
        (Reply, ["sender", "text"]),
        (InboundMessage, ["sender", "text"]),
        (SituationEntry, ["text", "params"]),
        (Delivery, ["address", "subject", "body", "html"]),
        (HelpOffer, ["name", "email"]),
    ]:
        for row in model.objects.values(*fields):
            text = json.dumps(row, ensure_ascii=False, default=str)
            found += [f"{model.__name__}: {s}" for s in secrets if s and s in text]
    return found


def test_export_contains_the_incident_data(personas, alerted, client_as):
    ville = personas.ville_profile
    data = json.loads(client_as("ville").get("/fi/volunteer/profile/export/").content)
    [alert] = data["incidents"]["alerts"]
    assert (alert["incident"], alert["reply_code"], alert["message"]) == (
        "Myrsky Huittisissa", alerted.code, "Tule",
    )  # fmt: skip
    assert (alert["answer"], alert["status"], alert["phone"]) == ("yes", "on_site", ville.phone)
    # the unclear one is his too: attached to him, as the only alert his number had
    assert [r["text"] for r in alert["replies"]] == [
        f"K {alerted.code}",
        "missä kokoonnutaan? t. Ville",
    ]
    assert [h["what"] for h in data["incidents"]["help_requests"]] == ["Kantoapua"]
    log = " ".join(e["text"] for e in data["incidents"]["situation_log"])
    assert f"{ville.name}: on site" in log and f"{ville.name} can help" in log
    messages = data["incidents"]["messages"]
    assert {m["address"] for m in messages} >= {ville.phone, VILLE_EMAIL}
    assert any("Tule" in m["text"] for m in messages)
    assert [o["message"] for o in data["offers_of_help"]] == ["Sahaan puita"]
    # Nobody else's offer, and nothing about the other people alerted.
    body = json.dumps(data, ensure_ascii=False)
    assert "Kuljetan" not in body and personas.primary_contact.phone not in body


def test_erasure_pseudonymises_everything_and_keeps_counts_and_times(personas, alerted, client_as):
    ville = personas.ville_profile
    recipient = alerted.recipients.get(volunteer=ville)
    answered_at = recipient.answered_at
    counts = (Reply.objects.count(), Delivery.objects.count(), SituationEntry.objects.count())
    assert personal_traces(ville)  # the test can see them before

    response = client_as("ville").post("/fi/volunteer/profile/erase/")
    assert response.status_code == 302

    assert personal_traces(ville) == []
    assert (Reply.objects.count(), Delivery.objects.count(), SituationEntry.objects.count()) == (
        counts
    )
    recipient.refresh_from_db()
    assert recipient.name.startswith("Anonymised volunteer ")
    assert (recipient.answer, recipient.answered_at) == ("yes", answered_at)
    assert recipient.person_status == Recipient.PersonStatus.ON_SITE
    assert Reply.objects.filter(answer="yes", is_unclear=False).count() == 1
    entry = SituationEntry.objects.get(event="person_status")
    assert entry.params["name"] == recipient.name  # one tag for the person in every copy
    assert all(d.sent_at or d.state == Delivery.State.FAILED for d in Delivery.objects.all()
               if d.recipient_key == recipient.recipient_key)  # fmt: skip
    # Other people's data stays.
    assert HelpOffer.objects.filter(email="toinen@example.fi").exists()
    primary = alerted.recipients.get(contact=personas.primary_contact)
    assert primary.phone == personas.primary_contact.phone


def test_erasure_stops_messages_not_yet_sent(personas, alerted):
    from turvaverkko.volunteers import actions as volunteer_actions

    recipient = alerted.recipients.get(volunteer=personas.ville_profile)
    queued = Delivery.objects.filter(recipient_key=recipient.recipient_key)
    assert queued.filter(state=Delivery.State.QUEUED).exists()
    volunteer_actions.erase_volunteer(personas.ville_profile)
    assert not queued.filter(state__in=Delivery.UNFINISHED).exists()


def test_retention_pseudonymises_replies_and_deliveries_after_the_period(
    personas, incident, alerted, settings
):
    settings.INCIDENT_PERSONAL_DATA_DAYS = 30
    closed = timezone.now()
    Incident.objects.filter(pk=incident.pk).update(status="closed", closed_at=closed)
    ville = personas.ville_profile
    assert expire_personal_data(now=closed + timedelta(days=29)) == {
        "replies": 0,
        "deliveries": 0,
        "inbound": 0,
    }
    assert Reply.objects.filter(sender=ville.phone).count() == 2

    result = expire_personal_data(now=closed + timedelta(days=31))
    assert result["replies"] == 2 and result["deliveries"] > 0
    assert not Reply.objects.exclude(sender="").exists()
    assert not InboundMessage.objects.exclude(sender="").exists()
    assert not Delivery.objects.exclude(address="").exists()
    assert Reply.objects.filter(answer="yes").count() == 1  # the answer stays for the report
    # The list of who was alerted stays with the incident for its report.
    assert alerted.recipients.get(volunteer=ville).phone == ville.phone
    assert expire_personal_data(now=closed + timedelta(days=32)) == {
        "replies": 0,
        "deliveries": 0,
        "inbound": 0,
    }


def test_retention_leaves_live_incidents_alone(personas, incident, alerted, settings):
    settings.INCIDENT_PERSONAL_DATA_DAYS = 0
    assert expire_personal_data(now=timezone.now() + timedelta(days=365))["deliveries"] == 0
    assert Reply.objects.filter(sender=personas.ville_profile.phone).exists()


def test_retention_is_scheduled_daily():
    from turvaverkko.web.scheduler import SCHEDULE

    assert ("turvaverkko.incidents.privacy.expire_incident_personal_data", timedelta(days=1)) in (
        SCHEDULE
    )


def test_erasure_leaves_messages_to_the_person_as_an_organisations_contact(
    personas, incident, client_as
):
    """Ville is also his association's contact person, with the same address: the alerts
    to the contact person are the organisation's record and stay."""
    from turvaverkko.registry.models import ContactPerson

    ContactPerson.objects.filter(pk=personas.primary_contact.pk).update(email=VILLE_EMAIL)
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org],
        volunteer_count=5,
    )  # fmt: skip
    contact = activation.recipients.get(contact=personas.primary_contact)
    client_as("ville").post("/fi/volunteer/profile/erase/")
    kept = Delivery.objects.filter(recipient_key=contact.recipient_key, channel="email")
    assert [d.address for d in kept] == [VILLE_EMAIL]
    volunteer = activation.recipients.get(kind=Recipient.Kind.VOLUNTEER)
    gone = Delivery.objects.filter(recipient_key=volunteer.recipient_key)
    assert gone.exists() and not gone.exclude(address="").exists()

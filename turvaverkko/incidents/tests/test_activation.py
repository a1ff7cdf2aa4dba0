"""Activation: who is alerted, with which messages, through notify; escalation."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.alerting import escalation
from turvaverkko.incidents.models import Recipient
from turvaverkko.incidents.replies import recording
from turvaverkko.notify.models import Delivery
from turvaverkko.notify.sms.text import info
from turvaverkko.volunteers.tests.factories import VolunteerFactory

from .conftest import sms_text

pytestmark = pytest.mark.django_db

LONG = (
    "Myrsky kaatoi puita Huittisten keskustassa. Kokoontuminen VPK:n talolla klo 18, "
    "ota mukaan lämmintä vaatetta, otsalamppu ja eväät. Tarvitaan raivaajia ja kuljettajia."
)


def test_activation_alerts_primary_contact_and_volunteers_once_per_channel(personas, incident):
    activation = alerting.activate(
        incident,
        user=personas.kaisa,
        message=LONG,
        organizations=[personas.olli_org],
        volunteer_count=5,
    )
    recipients = {r.name: r for r in activation.recipients.all()}
    # the primary contact only (the deputy waits), and Ville (confirmed, in Huittinen)
    assert set(recipients) == {"Olli Yhteys", personas.ville_profile.name}
    deliveries = Delivery.objects.filter(dispatch__key=activation.dispatch_key)
    per_pair = Counter((d.recipient_key, d.channel) for d in deliveries)
    assert set(per_pair.values()) == {1}
    assert set(per_pair) == {
        (recipients["Olli Yhteys"].recipient_key, "sms"),
        (recipients["Olli Yhteys"].recipient_key, "email"),
        (recipients[personas.ville_profile.name].recipient_key, "sms"),
        (recipients[personas.ville_profile.name].recipient_key, "email"),
    }
    for sms in deliveries.filter(channel="sms"):
        encoding, units, parts = info(sms.body)
        # text, sender and question take two parts at most (docs/incidents.md, "Messages")
        assert encoding == "gsm7" and parts <= 2 and units <= 306
        assert f"K {activation.code}" in sms.body
    incident.refresh_from_db()
    assert incident.status == "active" and incident.activated_at


def test_alerts_go_out_through_the_real_worker(personas, incident, sms_stub, smtp_server, deliver):
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule VPK:lle", organizations=[personas.olli_org]
    )
    deliver()
    [text] = sms_text(sms_stub, personas.primary_contact.phone)
    assert text.startswith("Tule VPK:lle") and f"K {activation.code}" in text
    [mail] = smtp_server.to(personas.primary_contact.email)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "/hooks/r/" in body and body.count("/hooks/r/") == 3


def test_volunteer_in_swedish_gets_swedish_sms(personas, incident):
    sv = VolunteerFactory(home_municipality=personas.huittinen, language="sv", channels=["sms"])
    activation = alerting.activate(incident, user=personas.kaisa, message="Kom", volunteer_count=5)
    recipient = activation.recipients.get(volunteer=sv)
    [sms] = Delivery.objects.filter(recipient_key=recipient.recipient_key)
    assert sms.channel == "sms"
    assert f"J {activation.code}" in sms.body and "Svara" in sms.body


def test_exercise_prefix_on_every_message_and_record(
    personas, incident, sms_stub, smtp_server, deliver
):
    incident.is_exercise = True
    incident.save()
    VolunteerFactory(home_municipality=personas.huittinen, language="sv", channels=["sms", "email"])
    VolunteerFactory(home_municipality=personas.huittinen, language="en", channels=["sms"])
    activation = alerting.activate(
        incident,
        user=personas.kaisa,
        message=LONG,
        organizations=[personas.olli_org],
        volunteer_count=5,
    )
    assert activation.is_exercise
    prefix = {"fi": "HARJOITUS", "sv": "ÖVNING", "en": "EXERCISE"}
    deliveries = list(Delivery.objects.filter(dispatch__key=activation.dispatch_key))
    assert len(deliveries) == 7
    for d in deliveries:
        assert d.body.startswith(prefix[d.language]), d.body
        if d.channel == "email":
            assert d.subject.startswith(prefix[d.language])
        else:
            assert info(d.body)[2] <= (2 if d.channel == "sms" else 1)
    deliver()
    assert all(
        t.startswith(("HARJOITUS", "ÖVNING", "EXERCISE"))
        for t in [m["text"] for m in sms_stub.accepted()]
    )
    # (a long subject is folded: the sink's header keeps the folding space)
    subjects = [m["Subject"].strip() for m in smtp_server.messages]
    assert all(s.startswith(("HARJOITUS", "ÖVNING")) for s in subjects), subjects
    assert all("Myrsky Huittisissa, Huittinen" in s for s in subjects)


def test_unanswered_primary_escalates_to_deputy_after_timeout(personas, incident):
    activation = alerting.activate(
        incident,
        user=personas.kaisa,
        message="Tule",
        organizations=[personas.olli_org],
        reply_timeout_minutes=10,
    )
    assert escalation.escalate_due() == 0  # not yet
    later = timezone.now() + timedelta(minutes=11)
    assert escalation.escalate_due(now=later) == 1
    deputy = activation.recipients.get(contact=personas.deputy_contact)
    assert Delivery.objects.filter(recipient_key=deputy.recipient_key).count() == 2
    assert escalation.escalate_due(now=later) == 0  # once only
    # a primary who answered is not escalated
    other = alerting.activate(
        incident, user=personas.kaisa, message="Taas", organizations=[personas.olli_org]
    )
    recording.record_sms_reply(personas.primary_contact.phone, f"K {other.code}")
    assert escalation.escalate_due(now=later) == 0


def test_permanent_failure_marks_contact_failing_and_alerts_deputy_at_once(
    personas, incident, sms_stub, smtp_server, deliver
):
    sms_stub.invalid_numbers.add(personas.primary_contact.phone)
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )
    deliver()
    personas.primary_contact.refresh_from_db()
    assert personas.primary_contact.failing_since is not None
    deputy = activation.recipients.get(contact=personas.deputy_contact)
    deliver()
    assert sms_text(sms_stub, personas.deputy_contact.phone)
    primary = activation.recipients.get(contact=personas.primary_contact)
    assert primary.failed_at is not None
    assert deputy.kind == Recipient.Kind.CONTACT


def test_a_volunteer_counts_as_failed_only_when_every_channel_failed(
    personas, incident, sms_stub, smtp_server, deliver
):
    both = VolunteerFactory(home_municipality=personas.huittinen, channels=["sms", "email"])
    sms_only = VolunteerFactory(home_municipality=personas.huittinen, channels=["sms"])
    sms_stub.invalid_numbers.update({both.phone, sms_only.phone})
    activation = alerting.activate(
        incident, user=personas.kaisa, message="Tule", volunteer_count=10
    )
    deliver()
    # the e-mail reached her: she is not a failed recipient, whatever her phone number
    assert activation.recipients.get(volunteer=both).failed_at is None
    assert activation.recipients.get(volunteer=sms_only).failed_at is not None

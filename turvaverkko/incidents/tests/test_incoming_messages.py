"""Every incoming SMS is attached, answered and shown: replies without the code, receipts in
the recipient's language, the incoming messages panel and its actions, re-sending to the
silent (issue 10 §1)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import Incident, Reply, SituationEntry
from turvaverkko.incidents.tests.conftest import sms_text
from turvaverkko.incidents.views.headcount import headcount
from turvaverkko.notify.models import Delivery
from turvaverkko.volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

HOOK = "/hooks/sms/inbound"


def post_sms(sender, text, message_id=None):
    data = {"from": sender, "text": text}
    if message_id:
        data["id"] = message_id
    return Client().post(HOOK, json.dumps(data), content_type="application/json")


@pytest.fixture
def swede(personas):
    return VolunteerFactory(
        name="Sven Svensson", home_municipality=personas.huittinen, language="sv"
    )


@pytest.fixture
def activation(personas, incident, swede):
    return alerting.activate(
        incident,
        user=personas.kaisa,
        message="Tule",
        organizations=[personas.olli_org],
        volunteer_count=5,
    )


def second_incident(personas, title="Tulva"):
    other = actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title=title,
        type=Incident.Type.FLOOD,
    )
    return alerting.activate(
        other, user=personas.kaisa, message="Tule", organizations=[personas.olli_org]
    )


def test_bare_answers_count_for_the_only_live_alert_and_get_a_receipt(
    personas, activation, swede, sms_stub, deliver
):
    olli = personas.primary_contact.phone
    assert post_sms(olli, "K", "m1").json() == {"status": "recorded"}
    assert post_sms(swede.phone, "sen 30 min", "m2").json() == {"status": "recorded"}
    counts = headcount(activation.incident)["counts"]
    assert counts["yes"] == 1 and counts["late"] == 1
    sven = activation.recipients.get(volunteer=swede)
    assert (sven.answer, sven.eta_minutes) == ("late", 30)
    deliver(["sms"])
    (fi,) = sms_text(sms_stub, olli)[1:]  # the alert, then the receipt
    assert fi.startswith("Kiitos, kirjattu: tulet") and f"E {activation.code}" in fi
    (sv,) = sms_text(sms_stub, swede.phone)[1:]
    assert sv.startswith("Tack, registrerat") and "30 min" in sv
    assert f"N {activation.code}" in sv
    # the gateway retries the same message: no second answer, no second receipt
    post_sms(olli, "K", "m1")
    deliver(["sms"])
    assert len(sms_text(sms_stub, olli)) == 2


def test_unclear_reply_is_attached_and_answered_with_the_grammar(
    personas, activation, sms_stub, deliver
):
    olli = personas.primary_contact.phone
    assert post_sms(olli, "Tulen ehkä, riippuu autosta", "u1").json() == {"status": "unclear"}
    reply = Reply.objects.get(message_id="u1")
    assert reply.recipient.contact == personas.primary_contact
    assert reply.activation == activation and reply.inbound is not None
    deliver(["sms"])
    answer = sms_text(sms_stub, olli)[-1]
    assert answer.startswith("Viestiäsi ei ymmärretty.")
    assert f"K {activation.code}" in answer and f"E {activation.code}" in answer


def test_with_several_live_alerts_a_bare_answer_stays_unclear(
    personas, activation, sms_stub, deliver
):
    other = second_incident(personas)
    olli = personas.primary_contact.phone
    assert post_sms(olli, "M 30", "s1").json() == {"status": "unclear"}
    reply = Reply.objects.get(message_id="s1")
    assert reply.recipient is None
    assert set(reply.candidate_activations.all()) == {activation, other}
    assert activation.recipients.get(contact=personas.primary_contact).answer == ""
    deliver(["sms"])
    answer = sms_text(sms_stub, olli)[-1]
    assert str(activation.code) in answer and str(other.code) in answer
    # both incidents' panels show it
    for incident in (activation.incident, other.incident):
        assert reply in incident_panel(incident)["incoming"]


def incident_panel(incident):
    from turvaverkko.incidents.views.incoming import incoming_messages

    return incoming_messages(incident)


def test_unknown_number_is_shown_but_never_answered(personas, activation, sms_stub, deliver):
    stranger = "+358409998877"
    assert post_sms(stranger, f"K {activation.code}", "x1").json() == {"status": "unclear"}
    post_sms(stranger, "K", "x2")  # no code, no alert: kept for a day, not in the panel
    assert [r.text for r in incident_panel(activation.incident)["incoming"]] == [
        f"K {activation.code}"
    ]
    deliver(["sms"])
    assert sms_text(sms_stub, stranger) == []
    assert not Delivery.objects.filter(address=stranger).exists()


def test_receipts_can_be_turned_off_per_activation(personas, incident, sms_stub, deliver):
    activation = alerting.activate(
        incident,
        user=personas.kaisa,
        message="Tule",
        organizations=[personas.olli_org],
        send_receipts=False,
    )
    olli = personas.primary_contact.phone
    post_sms(olli, f"K {activation.code}", "r1")
    post_sms(olli, "mitä?", "r2")
    deliver(["sms"])
    assert len(sms_text(sms_stub, olli)) == 1  # the alert only


def test_activation_form_has_the_receipt_checkbox_on_by_default(client_as, incident):
    page = client_as("kaisa").get(reverse("incidents:activate", args=[incident.pk]))
    html = page.content.decode()
    (checkbox,) = [t for t in html.split("<input")[1:] if 'name="send_receipts"' in t]
    assert 'type="checkbox"' in checkbox and "checked" in checkbox.split(">")[0]


def test_coordinator_counts_an_unclear_message_as_late_for_a_recipient(
    personas, activation, client_as, sms_stub, deliver
):
    olli = personas.primary_contact.phone
    post_sms(olli, "myöhästyn puoli tuntia", "p1")
    reply = Reply.objects.get(message_id="p1")
    c = client_as("kaisa")
    detail = reverse("incidents:detail", args=[activation.incident.pk])
    page = c.get(detail).content.decode()
    assert "myöhästyn puoli tuntia" in page and "1 epäselvä viesti odottaa" in page
    primary = activation.recipients.get(contact=personas.primary_contact)
    handle = reverse("incidents:message_handle", args=[activation.incident.pk])
    # "late" without minutes is refused with a clear error, nothing is lost
    r = c.post(handle, {"reply": reply.pk, "recipient": primary.pk, "action": "late"}, follow=True)
    assert "Anna myöhästymisen minuutit numerona" in r.content.decode()
    r = c.post(
        handle, {"reply": reply.pk, "recipient": primary.pk, "action": "late", "minutes": "30"}
    )
    assert r.status_code == 302 and r.url.endswith("#messages")
    hc = headcount(activation.incident)
    assert hc["counts"]["late"] == 1
    assert [(p["name"], p["eta_minutes"]) for p in hc["coming"]] == [("Olli Yhteys", 30)]
    reply.refresh_from_db()
    assert reply.resolution == "counted" and reply.handled_by == personas.kaisa
    assert reply.handled_at is not None
    page = c.get(detail).content.decode()
    assert "Epäselviä viestejä ei odota." in page and "myöhästyn puoli tuntia" in page
    assert SituationEntry.objects.filter(event="reply_counted").exists()
    # handled once: a second click changes nothing
    r = c.post(handle, {"reply": reply.pk, "recipient": primary.pk, "action": "no"}, follow=True)
    assert "Viesti on jo käsitelty." in r.content.decode()
    assert headcount(activation.incident)["counts"]["late"] == 1
    deliver(["sms"])
    texts = sms_text(sms_stub, olli)
    assert texts[-1].startswith("Kiitos, kirjattu: tulet noin")  # receipt of the counted one


def test_link_and_dismiss_stay_in_the_record(personas, activation, client_as):
    post_sms("+358409998877", f"kuka soitti {activation.code}", "d1")
    post_sms(personas.primary_contact.phone, "soitan kohta", "d2")
    stranger, olli = Reply.objects.get(message_id="d1"), Reply.objects.get(message_id="d2")
    c = client_as("kaisa")
    handle = reverse("incidents:message_handle", args=[activation.incident.pk])
    r = c.post(handle, {"reply": stranger.pk, "action": "dismiss", "note": ""}, follow=True)
    assert "Kirjoita huomautus" in r.content.decode()
    c.post(handle, {"reply": stranger.pk, "action": "dismiss", "note": "väärä numero"})
    primary = activation.recipients.get(contact=personas.primary_contact)
    c.post(handle, {"reply": olli.pk, "action": "link", "recipient": primary.pk})
    stranger.refresh_from_db()
    olli.refresh_from_db()
    assert (stranger.resolution, stranger.note) == ("dismissed", "väärä numero")
    assert olli.resolution == "linked" and olli.recipient == primary
    assert primary.answer == ""  # linking counts nothing
    page = c.get(reverse("incidents:detail", args=[activation.incident.pk])).content.decode()
    assert "väärä numero" in page and "soitan kohta" in page and "Kaisa" in page
    # another incident's coordinator cannot touch them
    assert client_as("mikko").post(handle, {"reply": olli.pk, "action": "link"}).status_code in (
        403,
        404,
    )


def test_panel_queries_do_not_grow_with_messages(personas, activation, client_as):
    c = client_as("kaisa")
    url = reverse("incidents:messages", args=[activation.incident.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    post_sms(personas.primary_contact.phone, "hmm 1", "q0")
    post_sms(personas.primary_contact.phone, f"K {activation.code}", "q1")
    few = queries()
    for n in range(12):
        post_sms(f"+35840100{n:04d}", f"kuka {n} {activation.code}", f"q{n + 2}")
    post_sms(personas.primary_contact.phone, "hmm 2", "q99")
    many = queries()
    assert many == few
    assert c.get(url).content.decode().count("data-message=") == 15


def test_dashboard_shows_how_many_unclear_messages_wait(personas, activation, client_as):
    post_sms(personas.primary_contact.phone, "mitä?", "w1")
    post_sms(personas.primary_contact.phone, "häh?", "w2")
    page = client_as("kaisa").get(reverse("web:dashboard")).content.decode()
    assert "2 epäselvää viestiä odottaa" in page
    assert reverse("incidents:detail", args=[activation.incident.pk]) + "#messages" in page
    assert (
        "unclear message" not in client_as("mikko").get(reverse("web:dashboard")).content.decode()
    )


def test_resend_goes_to_the_silent_only_and_is_logged(
    personas, activation, swede, client_as, sms_stub, deliver
):
    post_sms(personas.primary_contact.phone, f"K {activation.code}", "a1")
    deliver(["sms"])
    before = len(sms_stub.accepted())
    r = client_as("kaisa").post(reverse("incidents:resend", args=[activation.incident.pk]))
    assert r.status_code == 302
    deliver(["sms"])
    new = sms_stub.accepted()[before:]
    silent = {r.phone for r in activation.recipients.filter(answer="")}
    assert {m["to"] for m in new} == silent and personas.primary_contact.phone not in silent
    assert all(str(activation.code) in m["text"] for m in new)
    entry = SituationEntry.objects.get(event="resent")
    assert entry.params["n"] == len(silent)
    assert client_as("mikko").post(
        reverse("incidents:resend", args=[activation.incident.pk])
    ).status_code in (403, 404)

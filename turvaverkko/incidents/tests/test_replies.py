"""Replies by SMS webhook and one-tap links update the head-count."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from turvaverkko.incidents import actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.alerting.messages import reply_links
from turvaverkko.incidents.models import Recipient, Reply
from turvaverkko.incidents.views.headcount import headcount

pytestmark = pytest.mark.django_db

HOOK = "/hooks/sms/inbound"


def post_sms(client, sender, text, message_id=None, token="", form=False):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = {"from": sender, "text": text}
    if message_id:
        data["id"] = message_id
    if form:
        return client.post(HOOK, data, headers=headers)
    return client.post(HOOK, json.dumps(data), content_type="application/json", headers=headers)


@pytest.fixture
def activation(personas, incident):
    return alerting.activate(
        incident,
        user=personas.kaisa,
        message="Tule",
        organizations=[personas.olli_org],
        volunteer_count=5,
    )


def test_sms_and_link_replies_update_the_headcount(personas, incident, activation, client_as):
    c = Client()
    assert headcount(incident)["counts"]["none"] == 2
    r = post_sms(c, personas.primary_contact.phone, f"K {activation.code}", "m1")
    assert r.status_code == 200 and r.json() == {"status": "recorded"}
    ville = activation.recipients.get(volunteer=personas.ville_profile)
    link = reply_links(ville)["late"].split("://", 1)[1].split("/", 1)[1]
    page = c.get("/" + link)
    assert page.status_code == 200 and b"<form" in page.content
    assert headcount(incident)["counts"]["late"] == 0  # a GET (mail scanner) records nothing
    c.post("/" + link, {"minutes": "25"})
    hc = headcount(incident)
    assert hc["counts"] == {"yes": 1, "late": 1, "no": 0, "none": 0, "failed": 0, "total": 2}
    assert {p["name"]: (p["answer"], p["eta_minutes"]) for p in hc["coming"]} == {
        "Olli Yhteys": ("yes", None),
        personas.ville_profile.name: ("late", 25),
    }
    # the coordinator's JSON endpoint says the same
    data = client_as("kaisa").get(reverse("incidents:headcount_json", args=[incident.pk])).json()
    assert data["counts"]["yes"] == 1 and data["counts"]["late"] == 1
    primary = activation.recipients.get(contact=personas.primary_contact)
    assert primary.org_status == Recipient.OrgStatus.STANDING_BY


def test_later_reply_replaces_earlier_and_all_raw_replies_are_kept(personas, activation):
    c = Client()
    phone = personas.primary_contact.phone
    post_sms(c, phone, f"K {activation.code}", "a")
    post_sms(c, phone, f"EI {activation.code}", "b", form=True)
    primary = activation.recipients.get(contact=personas.primary_contact)
    assert primary.answer == "no" and primary.org_status == Recipient.OrgStatus.UNABLE
    assert list(Reply.objects.filter(recipient=primary).values_list("text", flat=True)) == [
        f"EI {activation.code}",
        f"K {activation.code}",
    ]


def test_same_message_id_twice_counts_once(personas, activation):
    c = Client()
    for _ in range(3):
        assert (
            post_sms(c, personas.primary_contact.phone, f"K {activation.code}", "dup").status_code
            == 200
        )
    assert Reply.objects.filter(message_id="dup").count() == 1


def test_unclear_reply_is_kept_and_flagged_for_the_coordinator(
    personas, incident, activation, client_as
):
    c = Client()
    r = post_sms(c, personas.primary_contact.phone, f"tulen kohta {activation.code}", "u1")
    assert r.json() == {"status": "unclear"}
    post_sms(c, "+358401112223", f"K {activation.code}", "u2")  # a number not alerted
    assert Reply.objects.filter(is_unclear=True).count() == 2
    assert headcount(incident)["counts"]["none"] == 2
    page = client_as("kaisa").get(reverse("incidents:detail", args=[incident.pk]))
    assert "tulen kohta" in page.content.decode()


def test_gateway_token_is_checked(personas, activation, settings):
    settings.SMS_INBOUND_TOKEN = "s3cret"
    c = Client()
    assert post_sms(c, personas.primary_contact.phone, f"K {activation.code}").status_code == 401
    assert (
        post_sms(
            c, personas.primary_contact.phone, f"K {activation.code}", token="wrong"
        ).status_code
        == 401
    )
    assert not Reply.objects.exists()
    assert (
        post_sms(
            c, personas.primary_contact.phone, f"K {activation.code}", token="s3cret"
        ).status_code
        == 200
    )
    assert (
        c.post(
            HOOK, "[1]", content_type="application/json", headers={"Authorization": "Bearer s3cret"}
        ).status_code
        == 400
    )
    assert c.get(HOOK).status_code == 405


def test_bad_or_tampered_link_is_not_found(activation):
    c = Client()
    recipient = activation.recipients.first()
    link = reply_links(recipient)["yes"]
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert c.post(path.replace("/r/", "/r/x")).status_code == 404
    assert c.post(path.replace("/yes", "/maybe")).status_code == 404
    assert not Reply.objects.exists()


def test_closed_incident_takes_no_more_link_replies(personas, incident, activation):
    actions.change_status(incident, "closed", user=personas.kaisa)
    recipient = activation.recipients.first()
    path = "/" + reply_links(recipient)["yes"].split("://", 1)[1].split("/", 1)[1]
    assert Client().post(path).status_code == 410
    recipient.refresh_from_db()
    assert recipient.answer == ""

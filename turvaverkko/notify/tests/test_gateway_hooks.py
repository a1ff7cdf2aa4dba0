"""The SMS gateway's two webhooks (docs/notify.md): inbound messages and delivery reports."""

import json
import uuid

import pytest
from django.test import Client

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.models import Delivery, InboundMessage
from turvaverkko.notify.signals import delivery_failed_permanently, message_received

pytestmark = pytest.mark.django_db

INBOUND = "/hooks/sms/inbound"
DELIVERY = "/hooks/sms/delivery"


def post(path, data, token="", form=False):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if form:
        return Client().post(path, data, **headers)
    return Client().post(path, json.dumps(data), content_type="application/json", **headers)


@pytest.fixture
def heard():
    """What the apps are told: every message_received, in order."""
    messages = []

    def receiver(sender, message, **kwargs):
        messages.append((message.sender, message.text, message.provider_id))

    message_received.connect(receiver, weak=False, dispatch_uid="test-heard")
    yield messages
    message_received.disconnect(dispatch_uid="test-heard")


@pytest.fixture
def sent_sms():
    queue_deliveries(
        "alert:9",
        [Message(f"volunteer:{i}", "sms", f"+35840000000{i}", "Tule") for i in range(2)],
        enqueue=False,
    )
    Delivery.objects.update(state="sent")
    return list(Delivery.objects.order_by("recipient_key"))


def test_an_inbound_sms_is_stored_and_told_once_per_gateway_id(heard):
    body = {"from": "+358401234567", "text": "K 123", "id": "gw-1"}
    first = post(INBOUND, body)
    again = post(INBOUND, body)  # the gateway retries
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and "status" in first.json()
    assert heard == [("+358401234567", "K 123", "gw-1")]
    stored = InboundMessage.objects.get()
    assert (stored.channel, stored.sender, stored.text) == ("sms", "+358401234567", "K 123")
    # form-encoded works the same; without an id every request is a message of its own
    post(INBOUND, {"from": "+358401234567", "text": "E 123"}, form=True)
    post(INBOUND, {"from": "+358401234567", "text": "E 123"}, form=True)
    assert [h[1] for h in heard] == ["K 123", "E 123", "E 123"]
    assert InboundMessage.objects.count() == 3


def test_what_the_apps_make_of_a_message_is_answered_and_kept(heard):
    message_received.connect(
        lambda sender, message, **kw: "understood",
        weak=False,
        dispatch_uid="test-answer",
    )
    try:
        # the first receiver that answers is the one the gateway hears
        answer = post(INBOUND, {"from": "+358401234567", "text": "hello", "id": "gw-2"}).json()
    finally:
        message_received.disconnect(dispatch_uid="test-answer")
    assert answer == {"status": InboundMessage.objects.get().outcome}
    assert answer["status"]


@pytest.mark.parametrize(
    "body, status, error",
    [
        (b"{not json", 400, "invalid JSON"),
        (b"[1, 2]", 400, "expected an object"),
        (json.dumps({"text": "K 123"}).encode(), 400, "'from' is required"),
        (json.dumps({"from": "+358401234567", "text": "x" * 17000}).encode(), 413, "too large"),
    ],
)
def test_a_bad_inbound_request_is_refused_and_nothing_stored(heard, body, status, error):
    r = Client().post(INBOUND, body, content_type="application/json")
    assert (r.status_code, r.json()) == (status, {"error": error})
    assert not InboundMessage.objects.exists() and heard == []


def test_both_hooks_want_the_gateway_token_when_one_is_set(settings, heard, sent_sms):
    settings.SMS_INBOUND_TOKEN = "s3cret"
    inbound = {"from": "+358401234567", "text": "K 123"}
    report = {"id": str(sent_sms[0].key), "status": "delivered"}
    assert post(INBOUND, inbound).status_code == 401
    assert post(DELIVERY, report, token="wrong").status_code == 401
    assert not InboundMessage.objects.exists()
    assert Delivery.objects.get(pk=sent_sms[0].pk).state == "sent"
    assert post(INBOUND, inbound, token="s3cret").status_code == 200
    assert post(DELIVERY, report, token="s3cret").json() == {"status": "delivered"}
    assert Client().get(INBOUND).status_code == Client().get(DELIVERY).status_code == 405


def test_delivery_reports_move_sent_messages_on(sent_sms, django_capture_on_commit_callbacks):
    ok, bad = sent_sms
    told = []
    delivery_failed_permanently.connect(
        lambda sender, delivery, permanent, **kw: told.append((delivery.pk, permanent)),
        weak=False,
        dispatch_uid="test-hook-report",
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            r1 = post(DELIVERY, {"id": str(ok.key), "status": "delivered"})
            r2 = post(
                DELIVERY, {"id": str(bad.key), "status": "failed", "error": "absent"}, form=True
            )
    finally:
        delivery_failed_permanently.disconnect(dispatch_uid="test-hook-report")
    assert r1.json() == {"status": "delivered"} and r2.json() == {"status": "failed"}
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert ok.state == "delivered" and ok.delivered_at
    assert (bad.state, bad.last_error, bad.permanent_failure) == ("failed", "absent", True)
    assert told == [(bad.pk, True)]
    # a late duplicate report changes nothing
    assert post(DELIVERY, {"id": str(ok.key), "status": "failed"}).json() == {"status": "delivered"}


@pytest.mark.parametrize(
    "body, status, error",
    [
        ({"id": "not-a-uuid", "status": "delivered"}, 400, "'id' must be the id of a message"),
        ({"status": "delivered"}, 400, "'id' must be the id of a message"),
        ({"id": "KEY", "status": "read"}, 400, "'status' must be 'delivered' or 'failed'"),
        ({"id": str(uuid.UUID(int=1)), "status": "delivered"}, 404, "unknown id"),
    ],
)
def test_a_bad_delivery_report_is_refused_and_changes_nothing(sent_sms, body, status, error):
    body = {k: str(sent_sms[0].key) if v == "KEY" else v for k, v in body.items()}
    r = post(DELIVERY, body)
    assert r.status_code == status and r.json()["error"].startswith(error)
    assert {d.state for d in Delivery.objects.all()} == {"sent"}

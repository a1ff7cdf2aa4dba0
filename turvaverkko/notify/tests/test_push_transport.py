"""The push transport against a real local push service: encryption, VAPID, answers."""

import pytest

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.management.commands.generate_vapid_keys import new_key_pair
from turvaverkko.notify.models import Delivery
from turvaverkko.notify.push.testing import PushServiceStub, Subscriber, verify_vapid
from turvaverkko.notify.signals import push_accepted, push_subscription_gone
from turvaverkko.notify.worker import ChannelWorker

pytestmark = pytest.mark.django_db


@pytest.fixture
def vapid(settings):
    public, private = new_key_pair()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.VAPID_CLAIM_EMAIL = "mailto:ops@turvaverkko.example"
    return public


@pytest.fixture
def push_service():
    with PushServiceStub() as stub:
        yield stub


def queue_push(subscriber, key="alert:1", recipient="volunteer:1", **fields):
    import json

    address = json.dumps(subscriber.subscription())
    message = Message(recipient, "push", address, "Kokoontuminen klo 18.", **fields)
    return queue_deliveries(key, [message], enqueue=False).dispatch


def send_all():
    return ChannelWorker("push").run(until="idle")


def signals_received():
    got = []

    def on_accepted(sender, delivery, **kwargs):
        got.append(("accepted", delivery.pk))

    def on_gone(sender, delivery, **kwargs):
        got.append(("gone", delivery.pk))

    push_accepted.connect(on_accepted, weak=False, dispatch_uid="test-accepted")
    push_subscription_gone.connect(on_gone, weak=False, dispatch_uid="test-gone")
    return got


@pytest.fixture
def signals():
    got = signals_received()
    yield got
    push_accepted.disconnect(dispatch_uid="test-accepted")
    push_subscription_gone.disconnect(dispatch_uid="test-gone")


def test_the_browser_decrypts_the_payload_and_the_vapid_signature_verifies(
    vapid, push_service, signals
):
    browser = Subscriber(push_service.endpoint("abc"))
    queue_push(browser, subject="Hälytys", language="fi")
    assert send_all()["sent"] == 1

    [request] = push_service.received("abc")
    delivery = Delivery.objects.get()
    # Without channel data the payload is what it always was.
    assert browser.decrypt(request) == {
        "title": "Hälytys",
        "body": "Kokoontuminen klo 18.",
        "tag": str(delivery.key),
        "lang": "fi",
    }
    assert request.headers["content-encoding"] == "aes128gcm"
    assert request.headers["ttl"] == str(12 * 3600)
    assert request.headers["urgency"] == "high"
    assert request.headers["topic"] == delivery.key.hex[:32]
    valid, key, claims = verify_vapid(request.headers["authorization"])
    assert valid and key == vapid
    assert claims["aud"] == f"http://127.0.0.1:{push_service.port}"
    assert claims["sub"] == "mailto:ops@turvaverkko.example"
    assert delivery.state == Delivery.State.SENT and delivery.provider_id.startswith("/message/")
    assert signals == [("accepted", delivery.pk)]


def test_channel_data_puts_the_link_and_answer_buttons_in_the_payload(vapid, push_service):
    browser = Subscriber(push_service.endpoint("abc"))
    actions = [{"action": "yes", "title": "Tulen", "url": "https://example.fi/hooks/r/t/yes"}]
    queue_push(
        browser,
        subject="Hälytys",
        data={"url": "https://example.fi/hooks/r/t/yes", "actions": actions, "other": 1},
    )
    send_all()
    [request] = push_service.received("abc")
    payload = browser.decrypt(request)
    assert payload["url"] == "https://example.fi/hooks/r/t/yes"
    assert payload["actions"] == actions
    assert "other" not in payload  # only the keys the service worker reads


def test_a_gone_subscription_is_a_permanent_failure_and_says_so(vapid, push_service, signals):
    browser = Subscriber(push_service.endpoint("gone"))
    push_service.answers["gone"] = 410
    queue_push(browser)
    stats = send_all()
    delivery = Delivery.objects.get()
    assert stats["failed"] == 1 and len(push_service.received("gone")) == 1
    assert delivery.state == Delivery.State.FAILED and delivery.permanent_failure
    assert "410" in delivery.last_error
    assert signals == [("gone", delivery.pk)]


def test_a_push_service_error_is_retried_not_reported_gone(vapid, push_service, signals):
    browser = Subscriber(push_service.endpoint("busy"))
    push_service.answers["busy"] = 503
    queue_push(browser)
    send_all()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.SENDING  # maybe taken: the retry may repeat it
    assert not delivery.permanent_failure and "503" in delivery.last_error
    assert signals == []


def test_without_vapid_keys_nothing_is_sent_and_no_subscription_is_blamed(
    settings, push_service, signals
):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    queue_push(Subscriber(push_service.endpoint("abc")))
    send_all()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED and delivery.permanent_failure
    assert "not configured" in delivery.last_error
    assert push_service.received() == [] and signals == []

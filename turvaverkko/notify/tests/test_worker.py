"""The worker sends into a real SMTP server and a real HTTP SMS gateway stub, synchronously."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from turvaverkko.notify.limits import RetryPolicy
from turvaverkko.notify.models import Delivery
from turvaverkko.notify.signals import delivery_failed_permanently
from turvaverkko.notify.worker import ChannelWorker, run_channels

from .factories import queue

pytestmark = pytest.mark.django_db

FAST_RETRY = RetryPolicy(max_attempts=3, base=timedelta(milliseconds=200))


@pytest.fixture
def failures():
    """Records delivery_failed_permanently as a caller (incidents) would receive it."""
    received = []

    def receiver(sender, delivery, permanent, **kwargs):
        received.append((delivery.recipient_key, delivery.channel, permanent, delivery.last_error))

    delivery_failed_permanently.connect(receiver)
    yield received
    delivery_failed_permanently.disconnect(receiver)


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run the worker until it finds nothing to claim; on-commit hooks (signals) run."""

    def _deliver(channels=("email", "sms"), **options):
        options.setdefault("retry", FAST_RETRY)
        with django_capture_on_commit_callbacks(execute=True):
            return run_channels(list(channels), until="idle", **options)

    return _deliver


def wait_until_due(channel):
    due = Delivery.objects.filter(channel=channel, state__in=Delivery.UNFINISHED)
    latest = max(d.next_attempt_at for d in due)
    time.sleep(max(0.0, (latest - timezone.now()).total_seconds()) + 0.05)


def test_email_and_sms_arrive_once_with_their_idempotency_keys(smtp_server, sms_stub, deliver):
    dispatch = queue(people=3, body="Kokoontuminen klo 18 – ota “lämmintä” mukaan.")

    stats = deliver()

    assert stats["sent"] == 6
    assert len(smtp_server.messages) == 3
    email = Delivery.objects.get(dispatch=dispatch, recipient_key="volunteer:1", channel="email")
    received = smtp_server.to("v1@example.fi")[0]
    assert received["Subject"] == "Hälytys"
    assert received["Message-ID"] == f"<{email.key}@turvaverkko.localhost>"
    assert "ota “lämmintä” mukaan" in received.get_body().get_content()

    sms = Delivery.objects.get(dispatch=dispatch, recipient_key="volunteer:1", channel="sms")
    [arrived] = [m for m in sms_stub.accepted() if m["id"] == str(sms.key)]
    # Typographic dash and quotes become GSM-7 look-alikes; ä stays.
    assert arrived["text"] == 'Kokoontuminen klo 18 - ota "lämmintä" mukaan.'
    assert arrived["to"] == "+358400000001"
    assert arrived["from"] == "Turvaverkko"
    assert len(sms_stub.requests) == 3
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    sms.refresh_from_db()
    assert sms.provider_id == arrived["provider_id"]
    assert sms.attempts == 1 and sms.sent_at is not None


def test_a_retryable_error_is_retried_with_back_off_and_succeeds(sms_stub, deliver):
    queue(channels=("sms",))
    sms_stub.fail_next = 1
    before = timezone.now()

    deliver(channels=["sms"])

    d = Delivery.objects.get()
    assert d.state == "sending"  # a 500 may hide an accepted message: ask before resending
    assert d.attempts == 1
    assert "500" in d.last_error
    assert d.next_attempt_at > before
    assert list(Delivery.objects.problems("alert:1")) == [d]

    wait_until_due("sms")
    deliver(channels=["sms"])

    d.refresh_from_db()
    assert d.state == "sent" and d.attempts == 2 and d.last_error == ""
    assert sms_stub.lookups == [str(d.key)]  # asked the gateway first
    assert [r["status"] for r in sms_stub.requests] == [500, 202]
    assert len(sms_stub.accepted()) == 1
    assert not Delivery.objects.problems("alert:1").exists()


def test_a_timed_out_send_is_checked_at_the_gateway_and_not_sent_again(sms_stub, deliver):
    queue(channels=("sms",))
    sms_stub.mode, sms_stub.delay = "slow", 1.0  # takes the message, answers too late

    deliver(channels=["sms"], lease=0.9)  # provider calls time out after 0.3 s

    d = Delivery.objects.get()
    assert d.state == "sending" and "timed out" in d.last_error
    sms_stub.mode = "ok"
    wait_until_due("sms")
    deliver(channels=["sms"])

    d.refresh_from_db()
    assert d.state == "sent" and d.provider_id == "gw-1"
    assert sms_stub.lookups == [str(d.key)]
    assert len(sms_stub.requests) == 1


def test_an_invalid_number_fails_at_once_and_tells_the_caller(sms_stub, failures, deliver):
    queue(people=2, channels=("sms",))
    sms_stub.invalid_numbers.add("+358400000001")

    deliver(channels=["sms"])

    bad = Delivery.objects.get(recipient_key="volunteer:1")
    assert bad.state == "failed" and bad.permanent_failure and bad.attempts == 1
    assert "invalid number" in bad.last_error
    assert failures == [("volunteer:1", "sms", True, bad.last_error)]
    assert Delivery.objects.get(recipient_key="volunteer:0").state == "sent"
    assert list(Delivery.objects.problems("alert:1")) == [bad]


def test_a_malformed_number_never_reaches_the_gateway(sms_stub, failures, deliver):
    dispatch = queue(channels=("sms",))
    dispatch.deliveries.update(address="040 123")

    deliver(channels=["sms"])

    assert sms_stub.requests == []
    assert Delivery.objects.get().state == "failed"
    assert failures[0][2] is True


def test_with_the_gateway_down_email_goes_out_and_sms_waits_for_it(smtp_server, sms_stub, deliver):
    queue(people=5)
    sms_stub.down()

    deliver()

    assert len(smtp_server.messages) == 5
    waiting = Delivery.objects.filter(channel="sms")
    assert all(d.state == "queued" and d.next_attempt_at > timezone.now() for d in waiting)
    # The first failures counted as attempts; after three in a row the rest were deferred.
    assert sorted(d.attempts for d in waiting) == [0, 0, 1, 1, 1]
    problems = Delivery.objects.problems("alert:1")
    assert {d.channel for d in problems} == {"sms"} and problems.count() == 5
    assert all(d.last_error for d in problems)

    sms_stub.up()
    wait_until_due("sms")
    deliver(channels=["sms"])

    assert Delivery.objects.filter(state="sent").count() == 10
    assert len(sms_stub.accepted()) == len(sms_stub.requests) == 5


def test_retries_are_bounded_and_then_the_caller_is_told(sms_stub, failures, deliver):
    queue(channels=("sms",))
    sms_stub.mode = "http_500"

    for _ in range(FAST_RETRY.max_attempts):
        deliver(channels=["sms"])
        if Delivery.objects.get().state == "failed":
            break
        wait_until_due("sms")

    d = Delivery.objects.get()
    assert d.state == "failed" and not d.permanent_failure
    assert d.attempts == FAST_RETRY.max_attempts
    assert len(sms_stub.requests) == FAST_RETRY.max_attempts
    assert failures == [("volunteer:0", "sms", False, d.last_error)]


def test_the_sms_rate_limit_is_honoured(sms_stub, deliver):
    queue(people=30, channels=("sms",))

    deliver(channels=["sms"], rates={"sms": 20})

    assert len(sms_stub.requests) == 30
    # 20 a second (shared windows of a second, notify/limits.py): counted where the
    # messages arrive, a second holds its 20 places plus at most the one request in flight.
    per_second = Counter(int(r["wall"]) for r in sms_stub.requests)
    assert max(per_second.values()) <= 20 + 1
    assert len(per_second) >= 2  # 30 did not fit in one second's places


def test_a_message_left_half_sent_by_a_dead_worker_is_not_sent_again(sms_stub, deliver):
    """The gateway already has it (the worker died before writing "sent"): ask, don't send."""
    queue(people=2, channels=("sms",))
    taken, untaken = Delivery.objects.order_by("recipient_key")
    # What a killed worker leaves behind: "sending", claimed, lease run out.
    Delivery.objects.update(
        state="sending",
        attempts=1,
        claimed_by="dead-worker",
        claimed_until=timezone.now() - timedelta(seconds=1),
    )
    sms_stub.handle_post(
        {"id": str(taken.key), "to": taken.address, "from": "x", "text": taken.body},
        "Bearer test-token",
    )

    deliver(channels=["sms"])

    taken.refresh_from_db()
    untaken.refresh_from_db()
    assert taken.state == untaken.state == "sent"
    assert taken.provider_id == "gw-1"
    assert taken.attempts == untaken.attempts == 2  # the status check counts as an attempt
    # One POST each: the one that arrived before the "kill", and the untaken one's.
    assert sms_stub.posts_by_id() == {str(taken.key): 1, str(untaken.key): 1}
    assert sorted(sms_stub.lookups) == sorted([str(taken.key), str(untaken.key)])


def test_a_live_workers_claim_is_respected(sms_stub, deliver):
    queue(people=2, channels=("sms",))
    held = Delivery.objects.order_by("recipient_key").first()
    Delivery.objects.filter(pk=held.pk).update(
        claimed_by="busy-worker", claimed_until=timezone.now() + timedelta(seconds=30)
    )

    deliver(channels=["sms"])

    held.refresh_from_db()
    assert held.state == "queued" and held.claimed_by == "busy-worker"
    assert len(sms_stub.requests) == 1


def test_email_with_an_unknown_outcome_is_sent_again_with_the_same_message_id(smtp_server, deliver):
    """SMTP cannot be asked; the repeat carries the same Message-ID (docs/notify.md)."""
    queue(channels=("email",))
    Delivery.objects.update(  # the row in the dead worker's hand
        state="sending",
        attempts=1,
        claimed_by="dead",
        claimed_until=timezone.now(),
        attempt_started_at=timezone.now(),
    )

    stats = deliver(channels=["email"])

    d = Delivery.objects.get()
    assert d.state == "sent" and d.attempts == 2
    assert stats["resent_unknown_outcome"] == 1
    assert smtp_server.messages[0]["Message-ID"] == f"<{d.key}@turvaverkko.localhost>"


def test_a_refused_email_recipient_fails_permanently(smtp_sink, failures, deliver):
    queue(people=2, channels=("email",))
    smtp_sink.rejected.add("v0@example.fi")

    deliver(channels=["email"])

    refused = Delivery.objects.get(recipient_key="volunteer:0")
    assert refused.state == "failed" and refused.permanent_failure
    assert "550" in refused.last_error
    assert failures == [("volunteer:0", "email", True, refused.last_error)]
    # The connection is opened again for the next message of the batch.
    assert Delivery.objects.get(recipient_key="volunteer:1").state == "sent"
    assert smtp_sink.mailbox() == {"v1@example.fi": {smtp_sink_message_id("volunteer:1")}}


def smtp_sink_message_id(recipient_key):
    d = Delivery.objects.get(recipient_key=recipient_key, channel="email")
    return f"<{d.key}@turvaverkko.localhost>"


def test_push_without_vapid_keys_fails_with_a_clear_reason(settings, failures, deliver):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    dispatch = queue(channels=("push",))
    dispatch.deliveries.update(address='{"endpoint": "https://push.example/1", "keys": {}}')

    deliver(channels=["push"])

    d = Delivery.objects.get()
    assert d.state == "failed" and d.permanent_failure
    assert d.last_error == "push not configured (VAPID keys are empty)"
    assert failures == [("volunteer:0", "push", True, d.last_error)]


def test_a_stopped_worker_releases_what_it_claimed(sms_stub):
    queue(people=3, channels=("sms",))
    worker = ChannelWorker("sms", batch_size=10)
    worker.stop.set()  # as SIGTERM does

    worker.process_batch()

    assert sms_stub.requests == []
    assert set(Delivery.objects.values_list("state", "claimed_by", "attempts")) == {
        ("queued", "", 0)
    }

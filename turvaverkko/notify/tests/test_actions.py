"""Delivery rows exist before anything is sent, one per (message, recipient, channel)."""

import pytest
from django.db import IntegrityError, transaction
from django_tasks_db.models import DBTaskResult

from turvaverkko.notify.actions import Message, queue_deliveries, record_delivery_report
from turvaverkko.notify.models import Delivery
from turvaverkko.notify.signals import delivery_failed_permanently

pytestmark = pytest.mark.django_db


def messages(people):
    return [
        Message(
            f"volunteer:{i}",
            channel,
            f"v{i}@example.fi" if channel == "email" else f"+35840{i:07d}",
            "Tule heti",
            subject="Hälytys",
        )
        for i in range(people)
        for channel in ("email", "sms")
    ]


def test_queueing_twice_creates_each_delivery_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_deliveries("alert:7", messages(3))
    with django_capture_on_commit_callbacks(execute=True) as second_hooks:
        second = queue_deliveries("alert:7", messages(3))

    assert (first.new, second.new) == (6, 0)
    assert Delivery.objects.count() == 6
    assert first.dispatch == second.dispatch
    assert set(Delivery.objects.values_list("state", flat=True)) == {"queued"}
    # Sending was enqueued once per channel, on the alerts queue, and not again.
    tasks = DBTaskResult.objects.all()
    assert sorted(t.args_kwargs["kwargs"]["channel"] for t in tasks) == ["email", "sms"]
    assert {t.queue_name for t in tasks} == {"alerts"}
    assert second_hooks == []


def test_a_big_activation_is_split_for_several_workers_sms_first(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_TASKS_PER_CHANNEL = 3
    with django_capture_on_commit_callbacks(execute=True):
        queue_deliveries("alert:8", messages(1000))

    tasks = DBTaskResult.objects.order_by("enqueued_at", "id")
    # Three workers can share each channel; the first free one takes an SMS task.
    assert [t.args_kwargs["kwargs"]["channel"] for t in tasks] == ["sms", "email"] * 3


def test_a_deputy_added_later_gets_only_their_own_deliveries():
    queue_deliveries("alert:7", messages(2), enqueue=False)
    result = queue_deliveries("alert:7", messages(3), enqueue=False)
    assert result.new == 2
    assert Delivery.objects.filter(recipient_key="volunteer:2").count() == 2


def test_the_database_refuses_a_second_row_for_the_same_recipient_and_channel():
    dispatch = queue_deliveries("alert:7", messages(1), enqueue=False).dispatch
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            dispatch=dispatch, recipient_key="volunteer:0", channel="sms", address="+358", body="x"
        )


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError):
        queue_deliveries("alert:7", [Message("volunteer:1", "fax", "123", "x")])
    assert not Delivery.objects.exists()


def test_delivery_reports_move_sent_messages_on(django_capture_on_commit_callbacks):
    queue_deliveries("alert:7", messages(2), enqueue=False)
    Delivery.objects.update(state="sent")
    ok, bad = Delivery.objects.filter(channel="sms").order_by("recipient_key")
    told = []
    delivery_failed_permanently.connect(
        lambda sender, delivery, permanent, **kw: told.append(delivery.pk),
        weak=False,
        dispatch_uid="test-report",
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record_delivery_report(str(ok.key), delivered=True)
            record_delivery_report(str(bad.key), delivered=False, error="absent subscriber")
    finally:
        delivery_failed_permanently.disconnect(dispatch_uid="test-report")
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert ok.state == "delivered" and ok.delivered_at
    assert bad.state == "failed" and bad.last_error == "absent subscriber"
    assert told == [bad.pk]
    assert ok.dispatch.summary()["sms"] == {"delivered": 1, "failed": 1}


def test_cancel_pending_withdraws_only_rows_no_worker_holds():
    from datetime import timedelta

    from django.utils import timezone

    from turvaverkko.notify.actions import cancel_pending

    queue_deliveries("alert:9", messages(3), enqueue=False)
    queue_deliveries("alert:10", messages(1), enqueue=False)
    now = timezone.now()
    held, lapsed, *_ = Delivery.objects.filter(dispatch__key="alert:9").order_by("pk")
    Delivery.objects.filter(pk=held.pk).update(
        claimed_by="worker-1", claimed_until=now + timedelta(seconds=60)
    )
    Delivery.objects.filter(pk=lapsed.pk).update(
        claimed_by="worker-0", claimed_until=now - timedelta(seconds=1)
    )
    sent = Delivery.objects.filter(dispatch__key="alert:9").order_by("pk").last()
    Delivery.objects.filter(pk=sent.pk).update(state=Delivery.State.SENT)

    assert cancel_pending("alert:9") == 4  # six rows: one held, one sent
    states = dict(Delivery.objects.filter(dispatch__key="alert:9").values_list("pk", "state"))
    assert states[held.pk] == "queued" and states[sent.pk] == "sent"
    assert states[lapsed.pk] == "cancelled"
    assert not Delivery.objects.filter(dispatch__key="alert:10", state="cancelled").exists()
    # only some recipients
    queue_deliveries("alert:11", messages(2), enqueue=False)
    assert cancel_pending("alert:11", ["volunteer:1"]) == 2

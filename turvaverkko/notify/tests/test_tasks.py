"""Sending runs as a django-tasks task on the "alerts" queue, enqueued when rows are created."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from turvaverkko.notify.actions import Message, queue_deliveries
from turvaverkko.notify.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_deliveries_are_sent_by_the_alerts_worker(smtp_server, sms_stub):
    sms_stub.fail_next = 1  # the first SMS fails: a follow-up task is scheduled for it
    queue_deliveries(
        "alert:9",
        [
            Message("volunteer:1", "email", "ville@example.fi", "Tule heti", subject="Hälytys"),
            Message("volunteer:1", "sms", "+358401234567", "Tule heti"),
            Message("volunteer:2", "sms", "+358401234568", "Tule heti"),
        ],
    )
    assert not smtp_server.messages  # nothing is sent before a worker runs

    call_command("db_worker", "--batch", "--queue-name", "alerts", "--no-startup-delay")

    assert [m["To"] for m in smtp_server.messages] == ["ville@example.fi"]
    assert len(sms_stub.accepted()) == 1
    retrying = Delivery.objects.get(state="sending")
    follow_up = DBTaskResult.objects.filter(status="READY").get()
    assert follow_up.queue_name == "alerts"
    assert follow_up.run_after >= retrying.next_attempt_at

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


def test_a_dead_workers_rows_are_taken_over_when_its_lease_ends(smtp_server):
    """Issue 17: a worker killed mid-batch leaves rows in `sending` under its lease. The
    follow-up task of any other worker comes back when that lease ends (not half a lease
    later, and without the periodic scheduler) and sends them."""
    from datetime import UTC, datetime, timedelta

    from freezegun import freeze_time

    from turvaverkko.notify.tasks import deliver_pending
    from turvaverkko.notify.worker import claim

    start = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    with freeze_time(start) as clock:
        queue_deliveries(
            "alert:17",
            [
                Message(f"volunteer:{i}", "email", f"v{i}@example.fi", "Tule", subject="H")
                for i in range(3)
            ],
        )
        DBTaskResult.objects.all().delete()  # the tasks the dead worker had taken
        # The dead worker claimed them with a 60 s lease, marked them sending and was killed.
        assert len(claim("dead-host:1:email", "email", 10, timedelta(seconds=60))) == 3
        Delivery.objects.update(state="sending")

        deliver_pending.enqueue(channel="email")
        call_command("db_worker", "--batch", "--queue-name", "alerts", "--no-startup-delay")
        assert not smtp_server.messages  # the lease still holds
        follow_up = DBTaskResult.objects.filter(status="READY").get()
        assert follow_up.run_after == start + timedelta(seconds=61)

        clock.move_to(start + timedelta(seconds=61))
        call_command("db_worker", "--batch", "--queue-name", "alerts", "--no-startup-delay")
        assert sorted(m["To"] for m in smtp_server.messages) == [
            "v0@example.fi",
            "v1@example.fi",
            "v2@example.fi",
        ]
        assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}

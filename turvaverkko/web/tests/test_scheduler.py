from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from turvaverkko.web.models import WorkerHeartbeat
from turvaverkko.web.scheduler import tick


@pytest.mark.django_db(transaction=True)
def test_periodic_task_is_enqueued_once_per_interval_and_run_by_the_worker():
    now = timezone.now()
    assert "turvaverkko.web.tasks.heartbeat" in tick(now)
    # A restart a few seconds later does not enqueue it again...
    assert "turvaverkko.web.tasks.heartbeat" not in tick(now + timedelta(seconds=5))
    # ...but a minute later it is due again.
    assert "turvaverkko.web.tasks.heartbeat" in tick(now + timedelta(minutes=1))

    call_command("db_worker", "--batch", "--queue-name", "default", "--no-startup-delay")
    assert WorkerHeartbeat.objects.filter(queue="default").exists()


def test_admin_dashboard_warns_when_no_worker_has_answered(client_as):
    body = client_as("admin").get("/en/dashboard/").content.decode()
    assert "No task worker has answered" in body


def test_admin_dashboard_shows_running_workers(client_as):
    WorkerHeartbeat.objects.create(queue="default", last_seen=timezone.now(), backend="db")
    body = client_as("admin").get("/en/dashboard/").content.decode()
    assert "The task workers are running." in body
    assert "No task worker" not in client_as("kaisa").get("/en/dashboard/").content.decode()


def test_everything_on_the_alert_path_runs_on_the_alert_queue():
    """Issue 17: escalation to deputies and sending never wait behind analysis jobs."""
    from turvaverkko.incidents.tasks import escalate_due
    from turvaverkko.notify.tasks import deliver_pending

    assert escalate_due.queue_name == "alerts"
    assert deliver_pending.queue_name == "alerts"

"""Fault test (issue 10 §7): a real alert worker process (`manage.py db_worker` on the
`alerts` queue) records its heartbeat, is killed with SIGKILL, and the heartbeat the scheduler
enqueues next is never run. The coordinator's dashboard, shown at explicit instants measured
from the beat the killed worker wrote, is quiet up to 2 minutes and warns after them."""

import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from turvaverkko.core.testing import MANAGE, ProcessDatabase
from turvaverkko.web.models import WorkerHeartbeat

WARNING = "Alerting is delayed"

ENQUEUE = "from turvaverkko.web.tasks import heartbeat_alerts; heartbeat_alerts.enqueue()"
LAST_SEEN = (
    "from turvaverkko.web.models import WorkerHeartbeat as H;"
    "hb = H.objects.filter(queue='alerts').first();"
    "print('SEEN', hb.last_seen.isoformat() if hb else '')"
)
WAITING = (
    "from django_tasks_db.models import DBTaskResult as R;"
    "print('READY', R.objects.filter(status='READY', queue_name='alerts').count())"
)


def _value(db: ProcessDatabase, code: str, tag: str) -> str:
    lines = [ln for ln in db.shell(code).splitlines() if ln.startswith(tag)]
    return lines[-1].removeprefix(tag).strip()


@pytest.fixture
def alerts_db(tmp_path):
    db = ProcessDatabase(tmp_path)
    yield db
    db.drop()


def dashboard(client, now: datetime) -> str:
    with freeze_time(now), translation.override("en"):
        return client.get(reverse("web:dashboard")).content.decode()


@pytest.mark.django_db
def test_killed_alert_worker_is_on_the_dashboard_within_two_minutes(
    alerts_db, tmp_path, personas, client_as
):
    alerts_db.shell(ENQUEUE)  # what the scheduler does every minute
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, MANAGE, "db_worker", "--queue-name", "alerts", "--interval", "0.2"],
            env=alerts_db.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        seen = ""
        while not seen and time.monotonic() < deadline:
            seen = _value(alerts_db, LAST_SEEN, "SEEN")
            assert worker.poll() is None, log.read_text()
        assert seen, log.read_text()
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    # the next minute's heartbeat is enqueued and nobody runs it
    alerts_db.shell(ENQUEUE)
    time.sleep(1)
    assert _value(alerts_db, WAITING, "READY") == "1"
    assert _value(alerts_db, LAST_SEEN, "SEEN") == seen

    # the dashboard reads the same heartbeat the killed worker wrote
    last_beat = datetime.fromisoformat(seen)
    WorkerHeartbeat.objects.create(queue="alerts", last_seen=last_beat)
    kaisa = client_as("kaisa")
    assert WARNING not in dashboard(kaisa, last_beat + timedelta(seconds=30))
    assert WARNING not in dashboard(kaisa, last_beat + timedelta(seconds=119))
    page = dashboard(kaisa, last_beat + timedelta(seconds=121))
    assert WARNING in page and "The alert worker last reported at" in page

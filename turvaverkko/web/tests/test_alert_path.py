"""The alert path is watched: the coordinator's dashboard warns within 2 minutes of the alert
worker stopping, and when deliveries wait longer than a minute (explicit instants)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from turvaverkko.notify.models import Delivery, Dispatch
from turvaverkko.notify.worker import ChannelWorker
from turvaverkko.web.models import WorkerHeartbeat
from turvaverkko.web.tasks import heartbeat_alerts

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 5, 22, 0, tzinfo=UTC)
WARNING = "Alerting is delayed"


def dashboard(client_as, name="kaisa"):
    with translation.override("en"):
        return client_as(name).get(reverse("web:dashboard")).content.decode()


def test_dashboard_warns_within_two_minutes_of_the_alert_worker_stopping(personas, client_as):
    with freeze_time(T0):
        heartbeat_alerts.call()  # what the alert worker runs every minute
    with freeze_time(T0 + timedelta(seconds=60)):
        heartbeat_alerts.call()  # its last beat: then it is killed
    with freeze_time(T0 + timedelta(seconds=60 + 119)):
        assert WARNING not in dashboard(client_as)
    with freeze_time(T0 + timedelta(seconds=60 + 121)):
        page = dashboard(client_as)
        assert WARNING in page
        assert "The alert worker last reported at" in page and "2 minutes ago" in page
        assert WARNING not in dashboard(client_as, "ville")  # coordinators and admins only
        assert WARNING not in dashboard(client_as, "olli")


def test_a_dashboard_warns_when_no_alert_worker_ever_reported(personas, client_as):
    assert not WorkerHeartbeat.objects.exists()
    page = dashboard(client_as)
    assert "No alert worker has reported" in page


def test_dashboard_warns_when_deliveries_wait_longer_than_a_minute(personas, client_as):
    dispatch = Dispatch.objects.create(key="test:1")
    with freeze_time(T0):
        Delivery.objects.create(
            dispatch=dispatch,
            recipient_key="contact:1",
            channel="sms",
            address="+358505551100",
            body="Hälytys",
            next_attempt_at=T0,
        )
    for at in (T0 + timedelta(seconds=50), T0 + timedelta(seconds=59)):
        with freeze_time(at):
            heartbeat_alerts.call()
            assert WARNING not in dashboard(client_as)
    with freeze_time(T0 + timedelta(seconds=61)):
        heartbeat_alerts.call()
        page = dashboard(client_as)
        assert "1 message has waited over a minute to be sent" in page
        status = client_as("anonymous").get("/healthz/workers").json()
        assert status["deliveries"] == {"waiting_over_a_minute": 1, "oldest_wait_seconds": 61}


def test_notify_channel_workers_report_and_a_silent_one_is_shown(personas, client_as):
    with freeze_time(T0):
        ChannelWorker("sms").run(until="idle")  # a real channel loop: reports once
        heartbeat_alerts.call()
    assert WorkerHeartbeat.objects.get(queue="notify:sms").last_seen == T0
    with freeze_time(T0 + timedelta(seconds=100)):
        heartbeat_alerts.call()
    with freeze_time(T0 + timedelta(seconds=121)):
        page = dashboard(client_as)
        assert "The delivery worker notify:sms last reported at" in page
        assert "The alert worker" not in page
        status = client_as("anonymous").get("/healthz/workers").json()
        assert status["queues"]["notify:sms"] == {"seconds_since_heartbeat": 121}

"""Liveness and readiness for a load balancer (web/health.py)."""

import json

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from turvaverkko.web import health
from turvaverkko.web.tests.test_security import production_env, run


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_liveness_answers_without_language_prefix(client):
    for path in ("/healthz", "/healthz/live"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_ready_when_database_answers_and_migrations_are_applied(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_not_ready_while_a_migration_is_unapplied(client):
    recorder = MigrationRecorder(connection)
    last = recorder.migration_qs.filter(app="web").order_by("-id").first()
    recorder.record_unapplied(last.app, last.name)
    try:
        response = client.get("/healthz/ready")
    finally:
        recorder.record_applied(last.app, last.name)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "migrations"}


@pytest.mark.django_db
def test_not_ready_when_redis_is_configured_but_down(client, settings):
    from turvaverkko.notify.testing import free_port

    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "redis"}


def test_not_ready_when_the_database_is_down(client, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "database"}


PROBE = """
import django, json
django.setup()
from django.test import Client
c = Client()
for path in ["/healthz", "/healthz/live", "/healthz/ready", "/fi/"]:
    r = c.get(path, headers={"host": "turvaverkko.example.fi"})
    print(json.dumps([path, r.status_code, r.get("Location")]))
"""


def test_health_checks_answer_on_plain_http_in_production(tmp_path):
    """The load balancer probes over plain HTTP; everything else still goes to HTTPS."""
    env = production_env(
        DJANGO_SETTINGS_MODULE="turvaverkko.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=None,
    )
    migrate = run(["manage.py", "migrate", "-v0"], env)
    assert migrate.returncode == 0, migrate.stderr
    result = run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    answers = {path: (code, loc) for path, code, loc in map(json.loads, result.stdout.splitlines())}
    assert answers["/healthz"] == (200, None)
    assert answers["/healthz/live"] == (200, None)
    assert answers["/healthz/ready"] == (200, None)
    assert answers["/fi/"] == (301, "https://turvaverkko.example.fi/fi/")


@pytest.mark.django_db
def test_worker_status_shows_ages_and_hides_the_lock_holder_without_token(client, settings):
    from datetime import timedelta

    from django.utils import timezone
    from freezegun import freeze_time

    from turvaverkko.web.models import SchedulerLock, WorkerHeartbeat

    now = timezone.now()
    with freeze_time(now):
        WorkerHeartbeat.objects.create(
            queue="alerts", last_seen=now - timedelta(seconds=90), backend="rq"
        )
        SchedulerLock.objects.create(
            name="scheduler",
            holder="web-2.county.example:4711:ab12",
            expires_at=now + timedelta(seconds=45),
        )
        settings.HEALTH_STATUS_TOKEN = "monitoring-secret-token"

        anonymous = client.get("/healthz/workers").json()
        assert anonymous["queues"]["alerts"] == {"seconds_since_heartbeat": 90}
        assert anonymous["scheduler"]["expires_in_seconds"] == 45
        assert anonymous["scheduler"]["held"] is True
        assert "web-2" not in json.dumps(anonymous)

        wrong = client.get("/healthz/workers", headers={"authorization": "Bearer guess"}).json()
        assert "holder" not in wrong["scheduler"]
        trusted = client.get(
            "/healthz/workers", headers={"authorization": "Bearer monitoring-secret-token"}
        ).json()
        assert trusted["scheduler"]["holder"] == "web-2.county.example:4711:ab12"

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from turvaverkko.notify.testing import CountingSmtpSink, SmsGatewayStub


@pytest.fixture
def sms_stub(settings):
    """A real HTTP SMS gateway stub on 127.0.0.1; the SMS transport sends into it."""
    stub = SmsGatewayStub(token="test-token").start()
    settings.SMS_GATEWAY_URL = stub.url
    settings.SMS_GATEWAY_TOKEN = "test-token"
    settings.SMS_SENDER = "Turvaverkko"
    yield stub
    stub.stop()


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server that counts arrivals by Message-ID and can refuse recipients."""
    sink = CountingSmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


# --- Real worker processes (test_worker_processes.py, test_limits.py) ---

MANAGE = str(Path(django_settings.BASE_DIR) / "manage.py")


class WorkerDatabase:
    """A migrated database that subprocesses reach through DATABASE_URL."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        db = django_settings.DATABASES["default"]
        self.postgres = db["ENGINE"] == "django.db.backends.postgresql"
        if self.postgres:
            self.name = f"notify_workers_{uuid.uuid4().hex[:10]}"
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            self.server = f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            self.url = f"{self.server}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{tmp / 'workers.sqlite3'}"
        self.manage("migrate", "notify", "--noinput", "-v0")

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def drop(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update(DATABASE_URL=self.url, LOG_LEVEL="WARNING", **extra)
        return env

    def manage(self, *args, **env):
        return subprocess.run(
            [sys.executable, MANAGE, *args],
            env=self.env(**env),
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout

    def query(self, sql: str) -> list[tuple]:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url) as conn:
                cursor = conn.execute(sql)
                return cursor.fetchall() if cursor.description else []
        with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()

    def create_dispatch(self, key: str, recipients: int) -> None:
        self.query("DELETE FROM notify_delivery")
        self.query("DELETE FROM notify_dispatch")
        code = (
            "from turvaverkko.notify.testing import create_fake_dispatch;"
            f"print(create_fake_dispatch({key!r}, {recipients}))"
        )
        assert self.manage("shell", "--no-imports", "-c", code).strip() == str(2 * recipients)


@pytest.fixture(scope="module")
def worker_db(tmp_path_factory):
    db = WorkerDatabase(tmp_path_factory.mktemp("notify-workers"))
    yield db
    db.drop()


@pytest.fixture
def receivers():
    with CountingSmtpSink() as sink, SmsGatewayStub() as stub:
        yield sink, stub

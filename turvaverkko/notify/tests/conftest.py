import pytest

from turvaverkko.core.testing import ProcessDatabase
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


class WorkerDatabase(ProcessDatabase):
    """The notify tables in a database of their own that worker processes reach."""

    name_prefix = "notify_workers"
    migrate_apps = ("notify",)

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

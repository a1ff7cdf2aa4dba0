import pytest

from turvaverkko.incidents import actions
from turvaverkko.incidents.models import Incident
from turvaverkko.notify.testing import SmsGatewayStub
from turvaverkko.notify.worker import run_channels

GATEWAY_TOKEN = "test-token"


@pytest.fixture
def sms_stub(settings):
    """A real HTTP SMS gateway stub; notify's SMS transport sends into it."""
    stub = SmsGatewayStub(token=GATEWAY_TOKEN).start()
    settings.SMS_GATEWAY_URL = stub.url
    settings.SMS_GATEWAY_TOKEN = GATEWAY_TOKEN
    settings.SMS_SENDER = "Turvaverkko"
    yield stub
    stub.stop()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run notify's real worker until nothing is left; on-commit hooks (signals) run."""
    from datetime import timedelta

    from turvaverkko.notify.limits import RetryPolicy

    def _deliver(channels=("email", "sms")):
        with django_capture_on_commit_callbacks(execute=True):
            return run_channels(
                list(channels),
                until="idle",
                retry=RetryPolicy(max_attempts=2, base=timedelta(milliseconds=50)),
            )

    return _deliver


@pytest.fixture
def incident(personas):
    return actions.open_incident(
        user=personas.kaisa,
        municipalities=[personas.huittinen],
        title="Myrsky Huittisissa",
        type=Incident.Type.STORM,
        severity=Incident.Severity.SEVERE,
    )


def sms_text(stub, number):
    return [m["text"] for m in stub.accepted() if m["to"] == number]

import pytest

from turvaverkko.notify.testing import SmsGatewayStub

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

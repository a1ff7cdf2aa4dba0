import pytest

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

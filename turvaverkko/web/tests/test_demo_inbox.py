"""The demo's inbox (notify.testing: the SMS gateway stub and SMTP sink that the tests and the
benchmark use too), spoken to over real SMTP and HTTP."""

import smtplib
import subprocess
import sys
from email.message import EmailMessage

import pytest
import requests
from django.core.mail import send_mail

from turvaverkko.notify.testing import CountingSmtpSink, SmsGatewayStub, free_port


@pytest.fixture
def services():
    with CountingSmtpSink(keep=50) as sink, SmsGatewayStub(sink=sink) as stub:
        stub.base_url = stub.url.removesuffix("/sms")
        yield stub


def post_sms(stub, payload, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.post(stub.url, json=payload, headers=headers, timeout=5)
    return response.status_code, response.json()


def get(url):
    response = requests.get(url, timeout=5)
    assert response.status_code == 200
    return response.text


def messages(stub):
    return requests.get(f"{stub.base_url}/api/messages", timeout=5).json()


def test_sms_is_accepted_listed_and_looked_up_by_id(services):
    first = {"to": "+358505551234", "text": "Hälytys: kylätalo klo 18. Vastaa K 123", "id": "a1"}
    second = {"to": "+358505555678", "text": "Toinen viesti", "id": "a2"}
    assert post_sms(services, first)[0] == 202
    assert post_sms(services, second)[0] == 202
    # The same delivery id again (a retry after a time-out): the first answer, stored once.
    assert post_sms(services, first) == (
        200,
        {"id": "a1", "provider_id": "gw-1", "status": "accepted"},
    )
    # The lookup the exactly-once guarantee relies on (docs/notify.md).
    assert requests.get(f"{services.url}/a1", timeout=5).json()["status"] == "accepted"
    assert requests.get(f"{services.url}/unknown", timeout=5).status_code == 404
    listed = messages(services)["sms"]
    assert [m["id"] for m in listed] == ["a2", "a1"]  # newest first
    assert listed[1]["text"] == first["text"]
    page = get(f"{services.base_url}/")
    assert "Hälytys: kylätalo klo 18. Vastaa K 123" in page
    assert page.index("Toinen viesti") < page.index("Hälytys")


@pytest.mark.parametrize(
    "payload",
    [
        {"to": "0505551234", "text": "x", "id": "b1"},  # not E.164
        {"to": "+358505551234", "text": "", "id": "b2"},
        {"to": "+358505551234", "text": "x"},
        ["not", "an", "object"],
    ],
)
def test_invalid_sms_is_rejected_permanently(services, payload):
    status, body = post_sms(services, payload)
    assert status == 400 and body["error"]
    assert messages(services)["sms"] == []


def test_a_body_that_is_not_json_is_a_400(services):
    response = requests.post(services.url, data=b"{nope", timeout=5)
    assert response.status_code == 400


def test_token_is_required_when_configured():
    with SmsGatewayStub(token="s3cret") as stub:
        message = {"to": "+358505551234", "text": "x", "id": "c1"}
        assert post_sms(stub, message)[0] == 401
        assert post_sms(stub, message, token="s3cret")[0] == 202


def test_mail_catcher_receives_real_smtp_and_shows_it(services):
    msg = EmailMessage()
    msg["From"] = "noreply@turvaverkko.localhost"
    msg["To"] = "kaisa@demo.turvaverkko.fi"
    msg["Subject"] = "Vahvista yhdistyksen tiedot"
    msg.set_content("Hei Kaisa,\nvahvista Huittisten Martat ry:n tiedot.")
    with smtplib.SMTP("127.0.0.1", services.sink.port, timeout=5) as smtp:
        smtp.send_message(msg)
    mails = messages(services)["mail"]
    assert len(mails) == 1
    assert mails[0]["subject"] == "Vahvista yhdistyksen tiedot"
    assert "Huittisten Martat ry" in mails[0]["body"]
    assert "Vahvista yhdistyksen tiedot" in get(f"{services.base_url}/")


def test_django_smtp_backend_sends_into_the_catcher(services, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", services.sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    send_mail("Harjoitus", "Valmiusharjoitus lauantaina.", None, ["olli@demo.turvaverkko.fi"])
    page = get(f"{services.base_url}/")
    assert "Harjoitus" in page and "olli@demo.turvaverkko.fi" in page


def test_the_demo_runs_it_as_a_process(tmp_path):
    """`make demo` starts `python -m turvaverkko.notify.testing` (web/demo_server.py)."""
    from turvaverkko.web.demo_server import child_commands

    command = child_commands()["inbox"]
    assert command[1:3] == ["-m", "turvaverkko.notify.testing"]
    smtp_port, sms_port = free_port(), free_port()
    command = [sys.executable, "-m", "turvaverkko.notify.testing", "--keep", "10"]
    command += ["--smtp-port", str(smtp_port), "--sms-port", str(sms_port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert f"127.0.0.1:{sms_port}/sms" in process.stdout.readline()  # listening
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=5) as smtp:
            smtp.sendmail("a@example.fi", ["b@example.fi"], b"Subject: Kokous\r\n\r\nHei")
        page = get(f"http://127.0.0.1:{sms_port}/")
        assert "Kokous" in page
    finally:
        process.terminate()
        process.wait(timeout=10)

"""The demo's mail catcher and SMS gateway stub, spoken to over real SMTP and HTTP."""

import smtplib
from email.message import EmailMessage

import pytest
import requests
from django.core.mail import send_mail

from turvaverkko.web.demo.devservices import DevServices


@pytest.fixture
def services(tmp_path):
    with DevServices(tmp_path) as running:
        yield running


def post_sms(services, payload, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.post(services.sms_url, json=payload, headers=headers, timeout=5)
    return response.status_code, response.json()


def get(url):
    response = requests.get(url, timeout=5)
    assert response.status_code == 200
    return response.text


def messages(services):
    return requests.get(f"{services.base_url}/api/messages", timeout=5).json()


def test_sms_is_accepted_listed_and_deduplicated_by_id(services):
    first = {"to": "+358505551234", "text": "Hälytys: kylätalo klo 18. Vastaa K 123", "id": "a1"}
    second = {"to": "+358505555678", "text": "Toinen viesti", "id": "a2"}
    assert post_sms(services, first) == (200, {"status": "accepted", "id": "a1"})
    assert post_sms(services, second) == (200, {"status": "accepted", "id": "a2"})
    # The same delivery id again (a retry after a time-out): accepted, stored once.
    assert post_sms(services, {**first, "text": "changed"}) == (
        200,
        {"status": "accepted", "id": "a1"},
    )
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
    assert status == 400 and body["status"] == "rejected" and body["error"]
    assert messages(services)["sms"] == []


def test_token_is_required_when_configured(tmp_path):
    with DevServices(tmp_path, token="s3cret") as services:
        message = {"to": "+358505551234", "text": "x", "id": "c1"}
        assert post_sms(services, message)[0] == 401
        assert post_sms(services, message, token="s3cret")[0] == 200


def test_mail_catcher_receives_real_smtp_and_shows_it(services):
    msg = EmailMessage()
    msg["From"] = "noreply@turvaverkko.localhost"
    msg["To"] = "kaisa@demo.turvaverkko.fi"
    msg["Subject"] = "Vahvista yhdistyksen tiedot"
    msg.set_content("Hei Kaisa,\nvahvista Huittisten Martat ry:n tiedot.")
    with smtplib.SMTP(services.host, services.smtp_port, timeout=5) as smtp:
        smtp.send_message(msg)
    mails = messages(services)["mail"]
    assert len(mails) == 1
    assert mails[0]["subject"] == "Vahvista yhdistyksen tiedot"
    assert "Huittisten Martat ry" in mails[0]["body"]
    assert "Vahvista yhdistyksen tiedot" in get(f"{services.base_url}/")


def test_django_smtp_backend_sends_into_the_catcher(services, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = services.host, services.smtp_port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    send_mail("Harjoitus", "Valmiusharjoitus lauantaina.", None, ["olli@demo.turvaverkko.fi"])
    page = get(f"{services.base_url}/")
    assert "Harjoitus" in page and "olli@demo.turvaverkko.fi" in page
    assert list((services.store.mail_dir).glob("*.eml"))

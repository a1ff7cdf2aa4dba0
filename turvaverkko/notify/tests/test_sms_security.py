"""The inbound SMS webhook refuses forged, replayed, oversized and too frequent requests."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from freezegun import freeze_time

from turvaverkko.notify.checks import inbound_sms_is_authenticated
from turvaverkko.notify.models import RateCounter
from turvaverkko.notify.ratelimit import hit
from turvaverkko.notify.sms.security import SIGNATURE_HEADER, sign

pytestmark = pytest.mark.django_db

HOOK = "/hooks/sms/inbound"
NOW = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)


def body(sender="+358401234567", text="K 1234567", message_id=None) -> bytes:
    data = {"from": sender, "text": text}
    if message_id:
        data["id"] = message_id
    return json.dumps(data).encode()


def post(raw: bytes, **headers):
    return Client().post(HOOK, raw, content_type="application/json", headers=headers)


def test_without_authentication_production_refuses_and_check_deploy_fails(settings):
    settings.SMS_INBOUND_TOKEN = settings.SMS_INBOUND_SIGNING_SECRET = ""
    settings.PRODUCTION = True
    [error] = inbound_sms_is_authenticated(None)
    assert error.id == "notify.E001" and "SMS_INBOUND_TOKEN" in error.hint
    assert post(body()).status_code == 503
    settings.SMS_INBOUND_TOKEN = "t" * 40
    assert inbound_sms_is_authenticated(None) == []


def test_bearer_token_is_required_when_set(settings):
    settings.SMS_INBOUND_TOKEN = "inbound-secret"
    settings.SMS_GATEWAY_TOKEN = "outbound-secret"  # ours to the gateway: not accepted inbound
    assert post(body()).status_code == 401
    assert post(body(), Authorization="Bearer wrong").status_code == 401
    assert post(body(), Authorization="Bearer outbound-secret").status_code == 401
    response = post(body(), Authorization="Bearer inbound-secret")
    assert response.status_code == 200 and response.json() == {"status": "unclear"}
    assert post(body(), **{"X-Gateway-Token": "inbound-secret"}).status_code == 200


@freeze_time(NOW)
def test_hmac_signature_over_the_body_with_timestamp(settings):
    settings.SMS_INBOUND_SIGNING_SECRET = "signing-secret"
    raw = body()
    now = int(NOW.timestamp())
    good = sign(raw, "signing-secret", now)
    assert post(raw).status_code == 401
    assert post(raw, **{SIGNATURE_HEADER: good}).status_code == 200
    # the same signature over another body (a changed answer) fails
    assert post(body(text="E 1234567"), **{SIGNATURE_HEADER: good}).status_code == 401
    assert post(raw, **{SIGNATURE_HEADER: sign(raw, "other", now)}).status_code == 401
    assert post(raw, **{SIGNATURE_HEADER: "t=abc,v1=00"}).status_code == 401
    # a captured request replayed 6 minutes later is refused
    stale = sign(raw, "signing-secret", now - 360)
    response = post(raw, **{SIGNATURE_HEADER: stale})
    assert response.status_code == 401 and SIGNATURE_HEADER in response.json()["error"]
    # during a secret rotation the gateway may send two signatures
    rotating = f"{sign(raw, 'old', now)},v1={good.rpartition('v1=')[2]}"
    assert post(raw, **{SIGNATURE_HEADER: rotating}).status_code == 200


@freeze_time(NOW)
def test_token_and_signature_both_checked_when_both_set(settings):
    settings.SMS_INBOUND_TOKEN = "inbound-secret"
    settings.SMS_INBOUND_SIGNING_SECRET = "signing-secret"
    raw = body()
    signature = sign(raw, "signing-secret", int(NOW.timestamp()))
    assert post(raw, Authorization="Bearer inbound-secret").status_code == 401
    assert post(raw, **{SIGNATURE_HEADER: signature}).status_code == 401
    headers = {"Authorization": "Bearer inbound-secret", SIGNATURE_HEADER: signature}
    assert post(raw, **headers).status_code == 200


@freeze_time(NOW)
def test_one_sender_is_limited_per_hour_across_spellings(settings):
    settings.SMS_INBOUND_LIMIT_PER_SENDER = 10
    guesses = [body(sender="+358401234567", text=f"K {n:07d}") for n in range(10)]
    statuses = [post(raw).status_code for raw in guesses]
    assert statuses == [200] * 10
    # the 11th guess, written as a national number, counts against the same sender
    response = post(body(sender="040 123 4567", text="K 7654321"))
    assert response.status_code == 429 and int(response["Retry-After"]) == 3600
    assert post(body(sender="+358409999999")).status_code == 200  # others are unaffected
    # the counter is in the shared database, not in this process's memory
    assert RateCounter.objects.get(key="sms-sender:+358401234567").count == 11
    with freeze_time("2026-12-05 13:00:00"):
        assert post(body(sender="+358401234567")).status_code == 200  # next hour


@freeze_time(NOW)
def test_one_source_address_is_limited_per_minute(settings):
    settings.SMS_INBOUND_LIMIT_PER_SOURCE = 3
    senders = ["+358401111111", "+358402222222", "+358403333333", "+358404444444"]
    statuses = [post(body(sender=s)).status_code for s in senders]
    assert statuses == [200, 200, 200, 429]
    other = Client(REMOTE_ADDR="192.0.2.7").post(HOOK, body(), content_type="application/json")
    assert other.status_code == 200


def test_rate_limit_in_redis_when_configured(settings):
    import redis

    settings.REDIS_URL = "redis://127.0.0.1:6379/14"
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    try:
        at = datetime(2026, 12, 5, 12, 0, 30, tzinfo=UTC)
        verdicts = [hit("t", "x", limit=2, window=60, now=at) for _ in range(3)]
        assert [v.allowed for v in verdicts] == [True, True, False]
        assert verdicts[-1].retry_after == 30
        assert not RateCounter.objects.exists()  # Redis held the count
        assert client.ttl("turvaverkko:rate:t:x:" + str(int(at.timestamp()) - 30)) > 60
    finally:
        client.flushdb()


def test_deeply_nested_json_is_a_clear_400_not_a_500():
    raw = b'{"from": "+358401234567", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = Client(raise_request_exception=False).post(
        HOOK, raw[:16_000], content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "JSON nested deeper than 32 levels"}
    # brackets inside strings are text, not nesting
    assert post(body(text="K [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ 1234567")).status_code == 200


def test_oversized_body_is_refused():
    assert post(body(text="x" * 20_000)).status_code == 413


def test_database_counters_of_ended_windows_are_purged():
    hit("t", "old", limit=5, window=60, now=datetime(2026, 12, 1, tzinfo=UTC))
    hit("t", "new", limit=5, window=60, now=NOW)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["t:new"]
    call_command("check")  # the system checks import cleanly outside production

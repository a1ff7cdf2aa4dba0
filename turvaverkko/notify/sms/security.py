"""Who may post inbound SMS to us, and how often: one decorator for the gateway's webhook.

`@inbound_sms_guard` on the view that takes inbound SMS (docs/security.md, "Inbound SMS"):

1. body size: over SMS_INBOUND_MAX_BODY bytes → 413;
2. per source address (the gateway's, or an attacker's): over SMS_INBOUND_LIMIT_PER_SOURCE
   requests a minute → 429, counted before authentication so a token cannot be guessed fast;
3. authentication, each mechanism that is configured must pass (else 401):
   - bearer token SMS_INBOUND_TOKEN: `Authorization: Bearer <token>` (or `X-Gateway-Token`),
     compared in constant time;
   - HMAC signature with SMS_INBOUND_SIGNING_SECRET: header
     `X-Turvaverkko-Signature: t=<unix seconds>,v1=<hex>` where
     `<hex> = HMAC-SHA256(secret, "<t>." + raw body)`; a timestamp more than
     SMS_INBOUND_SIGNATURE_TOLERANCE seconds from our clock is refused (replay);
   in production with neither configured every request is refused (503) and
   `manage.py check --deploy` fails (notify/checks.py);
4. the body must be a JSON object (nested at most 32 deep) or a form → else 400;
5. per sender number: over SMS_INBOUND_LIMIT_PER_SENDER messages an hour → 429. With 7-digit
   reply codes that bounds guessing (docs/security.md has the arithmetic).

Counters hold across processes (notify.ratelimit: Redis or the database).
The SMS_GATEWAY_TOKEN setting is the other direction: what our transport sends *to* the gateway.
"""

import functools
import hashlib
import hmac
import time

import phonenumbers
from django.conf import settings
from django.http import JsonResponse

from turvaverkko.core import jsonlimits

from ..ratelimit import client_address, hit

SIGNATURE_HEADER = "X-Turvaverkko-Signature"
SOURCE_WINDOW = 60
SENDER_WINDOW = 3600


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """The signature header value a gateway sends with `body` (also used by tests)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def is_configured() -> bool:
    return bool(settings.SMS_INBOUND_TOKEN or settings.SMS_INBOUND_SIGNING_SECRET)


def _token_ok(request) -> bool:
    given = request.headers.get("X-Gateway-Token", "")
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        given = auth[7:].strip()
    return hmac.compare_digest(given.encode(), settings.SMS_INBOUND_TOKEN.encode())


def _signature_ok(request, now: float) -> bool:
    fields = {}
    for part in request.headers.get(SIGNATURE_HEADER, "").split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > settings.SMS_INBOUND_SIGNATURE_TOLERANCE:
        return False
    expected = sign(request.body, settings.SMS_INBOUND_SIGNING_SECRET, timestamp)
    expected = expected.rpartition("v1=")[2]
    # Several v1 values are allowed while a gateway rotates its secret.
    return any(hmac.compare_digest(v.encode(), expected.encode()) for v in fields.get("v1", []))


def authenticate(request, now: float | None = None) -> JsonResponse | None:
    """None when the request may pass, else the error response."""
    if not is_configured():
        if settings.PRODUCTION:
            error = "inbound SMS authentication is not configured"
            return JsonResponse({"error": error}, status=503)
        return None
    if settings.SMS_INBOUND_TOKEN and not _token_ok(request):
        return JsonResponse({"error": "invalid or missing gateway token"}, status=401)
    now = time.time() if now is None else now
    if settings.SMS_INBOUND_SIGNING_SECRET and not _signature_ok(request, now):
        return JsonResponse(
            {"error": f"invalid, missing or expired {SIGNATURE_HEADER} header"}, status=401
        )
    return None


def payload(request) -> dict | JsonResponse:
    """The inbound message's fields, or a 400 response for a body that is not one."""
    if request.content_type == "application/json":
        try:
            data = jsonlimits.loads(request.body)
        except jsonlimits.TooDeep as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        except ValueError:
            return JsonResponse({"error": "invalid JSON"}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"error": "expected an object"}, status=400)
        return data
    return request.POST


def sender_key(sender: str) -> str:
    """One spelling per number ("040 123 4567" and "+35840..." count together)."""
    try:
        number = phonenumbers.parse(sender, "FI")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return "".join(sender.split())[:64]


def _too_many(verdict, what: str) -> JsonResponse:
    response = JsonResponse({"error": f"too many requests from this {what}"}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def inbound_sms_guard(view):
    """Size, per-source limit, authentication, body shape and per-sender limit, in that order."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if len(request.body) > settings.SMS_INBOUND_MAX_BODY:
            return JsonResponse({"error": "too large"}, status=413)
        verdict = hit(
            "sms-source",
            client_address(request),
            limit=settings.SMS_INBOUND_LIMIT_PER_SOURCE,
            window=SOURCE_WINDOW,
        )
        if not verdict.allowed:
            return _too_many(verdict, "address")
        refused = authenticate(request)
        if refused is not None:
            return refused
        data = payload(request)
        if isinstance(data, JsonResponse):
            return data
        sender = str(data.get("from") or "")
        if sender:
            verdict = hit(
                "sms-sender",
                sender_key(sender),
                limit=settings.SMS_INBOUND_LIMIT_PER_SENDER,
                window=SENDER_WINDOW,
            )
            if not verdict.allowed:
                return _too_many(verdict, "sender")
        return view(request, *args, **kwargs)

    return wrapper

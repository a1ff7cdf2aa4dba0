"""The SMS gateway's webhooks into Turvaverkko (contracts in docs/notify.md), one per direction:

- POST /hooks/sms/inbound: a text message someone sent us,
  {"from": "+358401234567", "text": "K 123", "id": "gateway-message-id"};
- POST /hooks/sms/delivery: a delivery report of a message we sent,
  {"id": "<the id of our POST /sms>", "status": "delivered" | "failed", "error": "…"}.

Both accept the same fields form-encoded. A view only parses the request (`parse_inbound`,
`parse_delivery_report`) and calls an action; what a reply means is for the apps that receive
`signals.message_received`. Checks on who may call (today: SMS_GATEWAY_TOKEN) wrap the views
as decorators, so they apply to both directions alike.
"""

import functools
import hmac
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import actions
from ..locking import retry_when_locked

MAX_BODY = 16 * 1024
REPORT_STATUSES = {"delivered": True, "failed": False}


class BadRequest(ValueError):
    """The gateway's request does not follow the contract: answered `status` (400, or 413
    for a body over MAX_BODY) with the message."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class InboundSms:
    sender: str
    text: str
    provider_id: str | None


@dataclass(frozen=True)
class DeliveryReport:
    key: uuid.UUID
    delivered: bool
    error: str


def _fields(request) -> dict:
    if len(request.body) > MAX_BODY:
        raise BadRequest("too large", status=413)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except ValueError:
            raise BadRequest("invalid JSON") from None
        if not isinstance(data, dict):
            raise BadRequest("expected an object")
        return data
    return request.POST


def parse_inbound(request) -> InboundSms:
    data = _fields(request)
    sender, text = str(data.get("from") or ""), str(data.get("text") or "")
    if not sender:
        raise BadRequest("'from' is required")
    return InboundSms(sender, text, str(data.get("id") or "")[:200] or None)


def parse_delivery_report(request) -> DeliveryReport:
    data = _fields(request)
    try:
        key = uuid.UUID(str(data.get("id") or ""))
    except ValueError:
        raise BadRequest("'id' must be the id of a message we sent") from None
    status = str(data.get("status") or "")
    if status not in REPORT_STATUSES:
        raise BadRequest("'status' must be 'delivered' or 'failed'")
    return DeliveryReport(key, REPORT_STATUSES[status], str(data.get("error") or "")[:2000])


def gateway_token_required(view):
    """When SMS_GATEWAY_TOKEN is set, the gateway must send it as "Authorization: Bearer
    <token>" (or "X-Gateway-Token: <token>"); 403 otherwise."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        expected = settings.SMS_GATEWAY_TOKEN
        if expected:
            given = request.headers.get("X-Gateway-Token", "")
            auth = request.headers.get("Authorization", "")
            if auth.startswith("Bearer "):
                given = auth[7:]
            if not hmac.compare_digest(given.encode(), expected.encode()):
                return JsonResponse({"error": "invalid token"}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _bad_request(exc: BadRequest) -> JsonResponse:
    return JsonResponse({"error": str(exc)}, status=exc.status)


@csrf_exempt
@require_POST
@gateway_token_required
@retry_when_locked
def sms_inbound(request):
    """Answers {"status": <what the receivers made of it, "received" when nothing>}."""
    try:
        sms = parse_inbound(request)
    except BadRequest as exc:
        return _bad_request(exc)
    message = actions.receive_message("sms", sms.sender, sms.text, sms.provider_id)
    return JsonResponse({"status": message.outcome or "received"})


@csrf_exempt
@require_POST
@gateway_token_required
@retry_when_locked
def sms_delivery_report(request):
    """Answers {"status": <the delivery's state>}, 404 for an id we never sent."""
    try:
        report = parse_delivery_report(request)
    except BadRequest as exc:
        return _bad_request(exc)
    delivery = actions.record_delivery_report(
        report.key, delivered=report.delivered, error=report.error
    )
    if delivery is None:
        return JsonResponse({"error": "unknown id"}, status=404)
    return JsonResponse({"status": delivery.state})

"""The SMS gateway's webhooks into Turvaverkko (contracts in docs/notify.md), one per direction:

- POST /hooks/sms/inbound: a text message someone sent us,
  {"from": "+358401234567", "text": "K 123", "id": "gateway-message-id"};
- POST /hooks/sms/delivery: a delivery report of a message we sent,
  {"id": "<the id of our POST /sms>", "status": "delivered" | "failed", "error": "…"}.

Both accept the same fields form-encoded. A view only parses the request (`parse_inbound`,
`parse_delivery_report`) and calls an action; what a reply means is for the apps that receive
`signals.message_received`. Who may call, body size and depth, and rate limits are checked by
`security.inbound_sms_guard`, which wraps both views alike (docs/security.md).
"""

import json
import uuid
from dataclasses import dataclass

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import actions
from .security import inbound_sms_guard, payload

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
    data = payload(request)
    if not isinstance(data, dict):  # a 400 response: not a JSON object, or nested too deep
        raise BadRequest(json.loads(data.content)["error"])
    return data


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


def _bad_request(exc: BadRequest) -> JsonResponse:
    return JsonResponse({"error": str(exc)}, status=exc.status)


@csrf_exempt
@require_POST
@inbound_sms_guard
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
@inbound_sms_guard
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

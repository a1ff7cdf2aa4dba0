"""Webhook views (no language prefix): inbound SMS from the gateway and one-tap reply links.

Inbound SMS format (docs/incidents.md): POST /hooks/sms/inbound with JSON
{"from": "+358401234567", "text": "K 123", "id": "gateway-message-id"} or the same fields
form-encoded. When settings.SMS_GATEWAY_TOKEN is set the request must carry it as
"Authorization: Bearer <token>" (or "X-Gateway-Token: <token>").
"""

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import actions
from .messages import recipient_id_from_token
from .models import Recipient

MAX_BODY = 16 * 1024


def _token_ok(request) -> bool:
    expected = getattr(settings, "SMS_GATEWAY_TOKEN", "")
    if not expected:
        return True
    given = request.headers.get("X-Gateway-Token", "")
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        given = auth[7:]
    return hmac.compare_digest(given.encode(), expected.encode())


@csrf_exempt
@require_POST
def sms_inbound(request):
    if not _token_ok(request):
        return JsonResponse({"error": "invalid token"}, status=403)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": "too large"}, status=413)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except ValueError:
            return JsonResponse({"error": "invalid JSON"}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"error": "expected an object"}, status=400)
    else:
        data = request.POST
    sender, text = str(data.get("from") or ""), str(data.get("text") or "")
    message_id = str(data.get("id") or "") or None
    if not sender:
        return JsonResponse({"error": "'from' is required"}, status=400)
    reply = actions.record_sms_reply(sender, text, message_id)
    return JsonResponse({"status": "unclear" if reply.is_unclear else "recorded"})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def reply_link(request, token, answer):
    """GET shows a button (mail scanners prefetch links); POST records the answer. The
    signed token is the authorisation, so CSRF does not apply."""
    if answer not in ("yes", "no", "late"):
        raise Http404
    pk = recipient_id_from_token(token)
    recipient = (
        Recipient.objects.select_related("activation__incident").filter(pk=pk).first()
        if pk
        else None
    )
    if recipient is None:
        raise Http404
    incident = recipient.activation.incident
    context = {"recipient": recipient, "incident": incident, "answer": answer, "done": False}
    if request.method == "POST":
        if not incident.is_live or recipient.activation.is_cancelled:
            context["closed"] = True
            return render(request, "incidents/reply_link.html", context, status=410)
        eta = None
        if answer == "late":
            try:
                eta = int(request.POST.get("minutes", "30"))
            except ValueError:
                return HttpResponseBadRequest(_("Minutes must be a number."))
            eta = max(0, min(eta, 999))
        actions.record_link_reply(recipient, answer, eta)
        context["done"] = True
    return render(request, "incidents/reply_link.html", context)

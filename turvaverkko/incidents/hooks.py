"""Webhook views (no language prefix): inbound SMS from the gateway and one-tap reply links.

Inbound SMS format (docs/incidents.md): POST /hooks/sms/inbound with JSON
{"from": "+358401234567", "text": "K 123", "id": "gateway-message-id"} or the same fields
form-encoded. Authentication, size and rate limits: notify.sms.security.inbound_sms_guard.
"""

import functools
import json
import random
import time

from django.db import OperationalError, connection
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from turvaverkko.notify.sms.security import inbound_sms_guard

from . import actions
from .messages import recipient_id_from_token
from .models import Recipient


def retry_when_locked(view, seconds: float = 30.0):
    """SQLite only: a write lock held past the busy timeout, or a shared-cache table lock
    (which ignores the timeout), raises "locked"; the whole request is retried for up to
    `seconds` (a loaded machine with many replies at once needs more tries than an idle one,
    so the budget is time, not a count). Each try runs in its own transaction, so a retry
    never records a reply twice."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        deadline = time.monotonic() + seconds
        while True:
            try:
                return view(request, *args, **kwargs)
            except OperationalError as exc:
                if connection.vendor != "sqlite" or "locked" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.01 + random.random() * 0.05)

    return wrapper


@csrf_exempt
@require_POST
@retry_when_locked
@inbound_sms_guard
def sms_inbound(request):
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
@retry_when_locked
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

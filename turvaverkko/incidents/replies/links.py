"""One-tap reply links (no language prefix): GET /hooks/r/<token>/<yes|no|late> shows a
confirm button, POST records the answer. Inbound SMS replies arrive through notify
(notify.sms.inbound) and are recorded by incidents.receivers."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..alerting.messages import recipient_id_from_token
from ..models import Recipient
from . import recording


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
        recording.record_link_reply(recipient, answer, eta)
        context["done"] = True
    return render(request, "incidents/reply_link.html", context)

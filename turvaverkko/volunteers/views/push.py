"""Push notifications on the volunteer's devices (docs/push.md): subscribing a browser,
unsubscribing one, and the service worker at the site root."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from turvaverkko.core import jsonlimits

from .. import actions, push
from .common import own_volunteer, volunteer_login_required

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "volunteers" / "sw.js"
MAX_SUBSCRIPTION_BYTES = 4096


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def push_context(volunteer) -> dict:
    subscriptions = list(volunteer.push_subscriptions.all())
    return {
        "push_configured": push_configured(),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        "push_subscriptions": subscriptions,
        # push.js shows "on" only when this browser's subscription is one the server uses.
        "push_live_endpoints": json.dumps(
            [s.endpoint for s in subscriptions if s.failing_since is None]
        ),
    }


def _json_error(status: int, message: str, errors: dict | None = None) -> JsonResponse:
    body: dict = {"error": message}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status)


def _push_request(request):
    """(volunteer, parsed JSON body) of a push endpoint call, or (None, error response)."""
    if not request.user.is_authenticated:
        return None, _json_error(403, _("Sign in first."))
    volunteer = own_volunteer(request)
    if volunteer is None:
        return None, _json_error(404, _("You have no volunteer profile."))
    if len(request.body) > MAX_SUBSCRIPTION_BYTES:
        return None, _json_error(413, _("The request is too large."))
    try:
        data = jsonlimits.loads(request.body)  # TooDeep is a ValueError too
    except ValueError:
        return None, _json_error(400, _("The request is not valid JSON."))
    return volunteer, data


@require_POST
def push_subscribe(request):
    """POST a browser's PushSubscription.toJSON() (with the CSRF token in X-CSRFToken):
    201 when stored, 400 with {"error", "errors": {field: message}} when it is refused."""
    volunteer, data = _push_request(request)
    if volunteer is None:
        return data
    if not push_configured():
        return _json_error(503, _("Push notifications are not configured on this server."))
    try:
        subscription = push.parse_subscription(data)
    except push.InvalidSubscription as exc:
        return _json_error(400, " ".join(exc.errors.values()), exc.errors)
    browser = push.browser_name(request.headers.get("User-Agent", ""))
    actions.subscribe_push(volunteer, subscription, browser=browser)
    volunteer.refresh_from_db(fields=["channels"])
    return JsonResponse({"status": "subscribed", "channels": volunteer.channels}, status=201)


@require_POST
def push_unsubscribe(request):
    """JSON {"endpoint"} from push.js, or a form POST from the list of devices on the
    profile page (which works without JavaScript and from any browser)."""
    if request.content_type != "application/json":
        return _push_unsubscribe_form(request)
    volunteer, data = _push_request(request)
    if volunteer is None:
        return data
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return _json_error(400, _("The endpoint is missing."), {"endpoint": _("Required.")})
    removed = actions.unsubscribe_push(volunteer, endpoint)
    volunteer.refresh_from_db(fields=["channels"])
    return JsonResponse(
        {"status": "unsubscribed" if removed else "not_found", "channels": volunteer.channels}
    )


@volunteer_login_required
def _push_unsubscribe_form(request):
    volunteer = own_volunteer(request)
    if volunteer is None:
        raise Http404
    if actions.unsubscribe_push(volunteer, request.POST.get("endpoint", "")):
        messages.success(request, _("That device no longer gets notifications."))
    return redirect("volunteers:profile")


@require_safe
def service_worker(request):
    """/sw.js at the site root, so that its scope is the whole site (it is a static file
    otherwise; under /static/ its scope could be no wider than /static/)."""
    response = HttpResponse(
        SERVICE_WORKER.read_bytes(), content_type="application/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers check for a new worker on each visit
    return response

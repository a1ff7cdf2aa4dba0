"""One-tap answers to help-request invitations (no language prefix; links in SMS and e-mail).

GET shows the request and the answer buttons, because link previews and mail scanners fetch
links; only POST records an answer. The page is in the volunteer's language.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..alerting.messages import lang
from ..models import HelpAssignment
from . import actions
from .actions import Outcome
from .messages import ANSWERS, assignment_id_from_token

TEMPLATE = "incidents/help_link.html"


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def help_link(request, token, answer=""):
    """The signed token is the authorisation, so CSRF does not apply. `answer` (from the
    e-mail's links) asks to confirm that answer; without it both are offered."""
    pk, expired = assignment_id_from_token(token)
    assignment = (
        HelpAssignment.objects.select_related("help_request__incident", "volunteer")
        .filter(pk=pk, volunteer__isnull=False)
        .first()
        if pk is not None and (not answer or answer in ANSWERS)
        else None
    )
    if assignment is None:
        return render(request, TEMPLATE, {"state": "invalid"}, status=404)
    with translation.override(lang(assignment.volunteer.language)):
        response = _answer_page(request, assignment, token, answer, expired)
        response.headers["Content-Language"] = translation.get_language()
    return response


def _answer_page(request, assignment, token, answer, expired):
    hr = assignment.help_request
    context = {
        "assignment": assignment,
        "hr": hr,
        "incident": hr.incident,
        "answer": answer,
        "choice_url": reverse("incident_hooks:help_link", kwargs={"token": token}),
    }
    if expired:
        return render(request, TEMPLATE, {**context, "state": "expired"}, status=400)
    if request.method == "POST":
        chosen = request.POST.get("answer", "")
        if chosen not in ANSWERS:
            return HttpResponseBadRequest(_("Choose an answer."))
        outcome = actions.record_answer(assignment, chosen)
        if outcome in (Outcome.RECORDED, Outcome.UNCHANGED):
            return render(request, TEMPLATE, {**context, "state": "done", "answered": chosen})
        status = 410 if outcome == Outcome.CLOSED else 409
        return render(request, TEMPLATE, {**context, "state": outcome.value}, status=status)
    blocked = actions.cannot_answer(assignment)
    return render(request, TEMPLATE, {**context, "state": blocked.value if blocked else "ask"})

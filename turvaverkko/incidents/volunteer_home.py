"""A volunteer's own pages: their open alerts and help requests with answer buttons, their
tasks, what they answered before, and one alert on a page of its own.

The service worker (volunteers/static/volunteers/sw.js) keeps the home page and the alert
opened last readable offline; an answer given offline is queued on the device
(static/incidents/volunteer.js) with a client id, which record_link_reply accepts once.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from turvaverkko.volunteers.models import Volunteer

from .helprequests import actions as help_actions
from .helprequests.actions import Outcome
from .helprequests.messages import ANSWERS as HELP_ANSWERS
from .models import HelpAssignment, HelpRequest, Incident, Recipient
from .replies import recording

volunteer_login_required = login_required(login_url="volunteers:sign_in")

LIVE = [Incident.Status.OPEN, Incident.Status.ACTIVE, Incident.Status.STANDING_DOWN]
HISTORY_ROWS = 20
CLIENT_ID_MAX = 64


def _volunteer(request) -> Volunteer:
    volunteer = Volunteer.objects.filter(user=request.user, anonymised_at__isnull=True).first()
    if volunteer is None:
        raise Http404
    return volunteer


def _open_alerts(volunteer):
    return (
        Recipient.objects.filter(
            volunteer=volunteer,
            activation__is_cancelled=False,
            activation__incident__status__in=LIVE,
        )
        .select_related("activation__incident")
        .order_by("-alerted_at", "-pk")
    )


def _help_assignments(volunteer):
    return HelpAssignment.objects.filter(volunteer=volunteer).select_related(
        "help_request__incident", "help_request__skill"
    )


def _with_text(recipients, volunteer):
    for r in recipients:
        r.text = r.activation.text_for(volunteer.language)
    return recipients


@volunteer_login_required
def volunteer_home(request):
    volunteer = _volunteer(request)
    live_help = Q(help_request__incident__status__in=LIVE) & ~Q(
        help_request__status=HelpRequest.Status.CLOSED
    )
    assignments = _help_assignments(volunteer)
    context = {
        "volunteer": volunteer,
        "today": timezone.localdate(),
        "alerts": _with_text(list(_open_alerts(volunteer)), volunteer),
        "help_invitations": assignments.filter(
            live_help,
            help_request__status=HelpRequest.Status.OPEN,
            status__in=[HelpAssignment.Status.INVITED, HelpAssignment.Status.ACCEPTED],
        ).order_by("help_request__starts_at"),
        "tasks": assignments.filter(live_help, status=HelpAssignment.Status.ASSIGNED).order_by(
            "help_request__starts_at"
        ),
        "answered_alerts": _with_text(
            list(
                Recipient.objects.filter(volunteer=volunteer)
                .exclude(answer="")
                .exclude(activation__incident__status__in=LIVE)
                .select_related("activation__incident")
                .order_by("-answered_at")[:HISTORY_ROWS]
            ),
            volunteer,
        ),
        "answered_help": assignments.exclude(live_help)
        .exclude(responded_at=None)
        .order_by("-responded_at")[:HISTORY_ROWS],
    }
    return render(request, "incidents/volunteer_home.html", context)


@volunteer_login_required
def volunteer_alert(request, pk):
    volunteer = _volunteer(request)
    recipient = (
        Recipient.objects.filter(pk=pk, volunteer=volunteer)
        .select_related("activation__incident")
        .first()
    )
    if recipient is None:
        raise Http404
    recipient.text = recipient.activation.text_for(volunteer.language)
    return render(
        request, "incidents/volunteer_alert.html", {"alert": recipient, "volunteer": volunteer}
    )


def _answered(request, message: str, status: int = 200, state: str = "recorded"):
    """JSON for the page's script (it queued the answer, or sends it now); a message and the
    home page without JavaScript."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"status": state, "message": message}, status=status)
    if status >= 400:
        messages.error(request, message)
    else:
        messages.success(request, message)
    return redirect("incidents:volunteer_home")


ANSWER_MESSAGES = {
    "yes": gettext_lazy("Your answer is saved: you are coming."),
    "late": gettext_lazy("Your answer is saved: you are coming, later."),
    "no": gettext_lazy("Your answer is saved: you are not coming."),
}


@volunteer_login_required
@require_POST
def volunteer_answer(request, pk):
    volunteer = _volunteer(request)
    recipient = (
        Recipient.objects.filter(pk=pk, volunteer=volunteer)
        .select_related("activation__incident")
        .first()
    )
    if recipient is None:
        raise Http404
    answer = request.POST.get("answer", "")
    client_id = request.POST.get("client_id", "")[:CLIENT_ID_MAX]
    if answer not in ANSWER_MESSAGES:
        return HttpResponseBadRequest(_("Choose an answer."))
    if not recipient.activation.incident.is_live or recipient.activation.is_cancelled:
        return _answered(
            request, _("This alert is no longer open for replies."), status=410, state="closed"
        )
    eta = None
    if answer == "late":
        try:
            eta = max(0, min(int(request.POST.get("minutes") or 30), 999))
        except ValueError:
            return HttpResponseBadRequest(_("Minutes must be a number."))
    recording.record_link_reply(recipient, answer, eta, client_id=client_id)
    return _answered(request, str(ANSWER_MESSAGES[answer]))


HELP_MESSAGES = {
    Outcome.CLOSED: gettext_lazy("Thank you, but this help is no longer needed."),
    Outcome.ASSIGNED: gettext_lazy(
        "The coordinator has already assigned you to this task. If you cannot come after "
        "all, please contact the coordinator."
    ),
}


@volunteer_login_required
@require_POST
def volunteer_help_answer(request, pk):
    volunteer = _volunteer(request)
    assignment = _help_assignments(volunteer).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    answer = request.POST.get("answer", "")
    if answer not in HELP_ANSWERS:
        return HttpResponseBadRequest(_("Choose an answer."))
    outcome = help_actions.record_answer(assignment, answer)
    if outcome in HELP_MESSAGES:
        return _answered(request, str(HELP_MESSAGES[outcome]), status=409, state=outcome.value)
    if answer == "accept":
        return _answered(
            request,
            _("Thank you. You are marked as able to help. The coordinator will confirm who goes."),
        )
    return _answered(
        request, _("Thank you for letting us know. You are marked as not able to help.")
    )

"""The incident's incoming messages panel: every SMS received for it (clear, unclear, and
from unknown numbers whose code matched), newest first, with one-click actions for an
unclear one; refreshed live by static/incidents/messages.js (a reload without JavaScript).
Also the "send again to those who have not answered" action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions
from ..models import Reply
from ..replies import handling
from .incidents import _incident
from .incoming import incoming_messages


@login_required
def messages_panel(request, pk):
    """The panel alone (HTML), for the live refresh."""
    incident = _incident(request, pk, "incidents.manage_incident")
    return render(
        request,
        "incidents/_messages.html",
        {"incident": incident, "can_manage": True, **incoming_messages(incident)},
    )


def _pk(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 12 else 0


def _minutes(value: str) -> int | None:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return None
    return minutes if 0 <= minutes <= 999 else None


@login_required
@require_POST
def message_handle(request, pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    reply = get_object_or_404(
        Reply.objects.filter(
            Q(activation__incident=incident) | Q(candidate_activations__incident=incident)
        ).distinct(),
        pk=_pk(request.POST.get("reply", "")),
    )
    action = request.POST.get("action", "")
    recipient_pk = request.POST.get("recipient") or None
    try:
        if action in handling.ANSWERS:
            if not recipient_pk:
                raise handling.HandlingError(_("Choose the person the answer is from."))
            minutes = _minutes(request.POST.get("minutes", ""))
            if action == "late" and minutes is None:
                raise handling.HandlingError(_("Give the minutes late as a number (0–999)."))
            recipient = handling.count_reply(
                reply,
                incident,
                recipient_pk=recipient_pk,
                answer=action,
                eta_minutes=minutes,
                user=request.user,
            )
            messages.success(request, _("Counted for %(name)s.") % {"name": recipient.name})
        elif action == "link":
            if not recipient_pk:
                raise handling.HandlingError(_("Choose the person the message is from."))
            recipient = handling.link_reply(
                reply, incident, recipient_pk=recipient_pk, user=request.user
            )
            messages.success(request, _("Linked to %(name)s.") % {"name": recipient.name})
        elif action == "dismiss":
            note = request.POST.get("note", "").strip()
            if not note:
                raise handling.HandlingError(_("Write a note on why the message is dismissed."))
            handling.dismiss_reply(reply, incident, note=note, user=request.user)
            messages.success(request, _("Message dismissed."))
        else:
            raise handling.HandlingError(_("Unknown action."))
    except handling.HandlingError as exc:
        messages.error(
            request,
            _("Message “%(text)s”: %(error)s") % {"text": reply.text[:80], "error": exc},
        )
    return redirect(f"{incident_url(incident)}#messages")


def incident_url(incident) -> str:
    from django.urls import reverse

    return reverse("incidents:detail", args=[incident.pk])


@login_required
@require_POST
def resend_silent(request, pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    try:
        n = actions.resend_to_silent(incident, user=request.user)
    except actions.TransitionError:
        messages.error(request, _("A closed incident sends no more alerts."))
    else:
        if n:
            messages.success(
                request, _("Alert sent again to %(n)d who have not answered.") % {"n": n}
            )
        else:
            messages.info(request, _("Everyone alerted has answered: nothing was sent."))
    return redirect("incidents:detail", pk=incident.pk)

"""Incident pages for coordinators (thin: the work is in actions.py and alerting/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from turvaverkko.registry.rules import coordinated_municipality_codes

from .. import actions, privacy, warnings
from ..alerting import scenarios, standdown
from ..forms import IncidentForm, LessonsForm, LogEntryForm, UpdateForm
from ..models import Activation, Incident, Recipient
from ..rules import visible_incidents
from .headcount import headcount
from .incoming import incoming_messages
from .recipients import recipient_table


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _incident(request, pk, perm="incidents.view_incident"):
    incident = get_object_or_404(Incident, pk=pk)
    _require(request, perm, incident)
    return incident


@login_required
def incident_list(request):
    incidents = visible_incidents(request.user).prefetch_related("municipalities")
    can_add = request.user.has_perm("incidents.add_incident")
    if not can_add and not incidents.exists():
        raise PermissionDenied
    return render(
        request, "incidents/incident_list.html", {"incidents": incidents, "can_add": can_add}
    )


@login_required
def incident_create(request):
    _require(request, "incidents.add_incident")
    codes = coordinated_municipality_codes(request.user)
    scenario_pk = request.POST.get("scenario") or request.GET.get("scenario")
    scenario = scenarios.get_scenario(request.user, scenario_pk) if scenario_pk else None
    initial = scenarios.scenario_initial(scenario) if scenario else None
    # From an FMI warning (the warnings page): prefilled from it, linked to it.
    warning_pk = request.POST.get("warning") or request.GET.get("warning")
    warning = warnings.warning_for(request.user, warning_pk) if warning_pk else None
    if warning_pk and warning is None:
        raise PermissionDenied
    if warning is not None:
        initial = warnings.warning_initial(request.user, warning)
        scenario = scenario or warnings.warning_scenario(request.user, warning)
    form = IncidentForm(request.POST or None, initial=initial, municipality_codes=codes)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        municipalities = data.pop("municipalities")
        incident = actions.open_incident(
            user=request.user,
            municipalities=municipalities,
            plan_scenario_id=scenario.pk if scenario else None,
            cap_alert=warning,
            **data,
        )
        messages.success(request, _("Incident opened."))
        if scenario:
            return redirect("incidents:activate", pk=incident.pk)
        return redirect("incidents:detail", pk=incident.pk)
    return render(
        request,
        "incidents/incident_form.html",
        {
            "form": form,
            "scenario": scenario,
            "warning": warning,
            "scenarios": (
                [] if scenario or warning else scenarios.available_scenarios(request.user)
            ),
        },
    )


@login_required
def incident_detail(request, pk):
    incident = _incident(request, pk)
    can_manage = request.user.has_perm("incidents.manage_incident", incident)
    context = {
        "incident": incident,
        "can_manage": can_manage,
        "can_log": request.user.has_perm("incidents.add_log_entry", incident),
        "hc": headcount(incident),
        "activations": _with_delivery_state(incident.activations.all()),
        "log_entries": privacy.log_entries_for(
            request.user, incident, incident.log_entries.select_related("author", "organization")
        )[:200],
        "log_form": LogEntryForm(prefix="log"),
        "update_form": UpdateForm(prefix="update"),
        "lessons_form": LessonsForm(instance=incident),
        "help_requests": incident.help_requests.select_related("skill", "organization"),
        **_map_layers(request.user, incident),
    }
    if request.user.has_perm("incidents.view_contacts", incident):
        actions.log_access(request.user, incident, "contact list")
        context.update(recipient_table(incident, request.GET))
        context.update(incoming_messages(incident))
        context["org_statuses"] = Recipient.OrgStatus.choices
        context["person_statuses"] = Recipient.PersonStatus.choices
    context["tabs"] = _tabs(context, can_manage)
    return render(request, "incidents/incident_detail.html", context)


def _tabs(context, can_manage) -> list:
    """The incident page's sections: the alerted (for those who see contacts), actions,
    help requests, the situation log and the map, below the head-count."""
    from turvaverkko.core.tabs import section_tabs

    sections = []
    if context.get("recipients") is not None:
        sections.append(("recipients", _("Alerted")))
    if can_manage:
        sections.append(("actions", _("Actions")))
    sections += [
        ("help", _("Help requests")),
        ("log", _("Situation log"), len(context["log_entries"])),
        ("map", _("Map")),
    ]
    return section_tabs(sections)


def _with_delivery_state(activations) -> list:
    """Each activation with its deliveries per channel (waiting, sent, failed) and the number
    that need attention (failed, or waiting for a retry), from notify's Dispatch.summary()
    and Delivery.problems(): "sent to 57" is not true while 38 still wait. Counts only."""
    from turvaverkko.notify.models import Channel, Delivery, Dispatch

    activations = list(activations)
    dispatches = {
        d.key: d for d in Dispatch.objects.filter(key__in=[a.dispatch_key for a in activations])
    }
    for a in activations:
        dispatch = dispatches.get(a.dispatch_key)
        summary = dispatch.summary() if dispatch else {}
        a.delivery_state = [
            {
                "channel": Channel(channel).label,
                "waiting": counts.get("queued", 0) + counts.get("sending", 0),
                "sent": counts.get("sent", 0) + counts.get("delivered", 0),
                "failed": counts.get("failed", 0),
                "cancelled": counts.get("cancelled", 0),
            }
            for channel, counts in sorted(summary.items())
        ]
        a.delivery_problems = Delivery.objects.problems(a.dispatch_key).count() if dispatch else 0
    return activations


def _map_layers(user, incident) -> dict:
    """Resources the user may see and the published directory places in the incident's area,
    for the incident map (and the list beside it)."""
    from turvaverkko.directory.models import Site
    from turvaverkko.resources.rules import visible_resources

    codes = list(incident.municipalities.values_list("code", flat=True))
    resources = [
        (r, r.point())
        for r in visible_resources(user).filter(municipality_id__in=codes).order_by("name")[:200]
    ]
    sites = Site.objects.filter(
        municipality_id__in=codes,
        is_published=True,
        latitude__isnull=False,
        longitude__isnull=False,
    ).order_by("name")[:300]
    return {
        "map_resources": [(r, c) for r, c in resources if c is not None],
        "map_sites": sites,
    }


@login_required
def headcount_json(request, pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    return JsonResponse(headcount(incident))


@login_required
def headcount_page(request, pk):
    """The head-count alone, refreshing itself every 5 seconds without JavaScript."""
    incident = _incident(request, pk, "incidents.manage_incident")
    return render(
        request, "incidents/headcount.html", {"incident": incident, "hc": headcount(incident)}
    )


@login_required
@require_POST
def incident_status(request, pk, status):
    incident = _incident(request, pk, "incidents.manage_incident")
    if status not in (
        Incident.Status.ACTIVE,
        Incident.Status.STANDING_DOWN,
        Incident.Status.CLOSED,
    ):
        raise PermissionDenied
    change = {
        Incident.Status.STANDING_DOWN: actions.stand_down,
        Incident.Status.CLOSED: actions.close_incident,
    }.get(status)
    try:
        if change is None:
            actions.change_status(incident, status, user=request.user)
        else:
            change(incident, user=request.user)
    except actions.TransitionError:
        messages.error(request, _("The incident cannot move to that status now."))
    else:
        messages.success(request, _("Status changed."))
    return redirect("incidents:detail", pk=incident.pk)


def _confirm(request, pk, status):
    """Stand down or close: GET says what it will do (who gets a message, what stops),
    POST does it."""
    incident = _incident(request, pk, "incidents.manage_incident")
    allowed = {"standing_down": ["active"], "closed": ["open", "active", "standing_down"]}
    possible = incident.status in allowed[status]
    if request.method == "POST":
        text = request.POST.get("text", "").strip()[:600]
        try:
            if status == "closed":
                done = actions.close_incident(incident, user=request.user)
            else:
                done = actions.stand_down(incident, user=request.user, text=text)
        except actions.TransitionError:
            messages.error(request, _("The incident cannot move to that status now."))
        else:
            messages.success(
                request,
                _("Release message sent to %(n)d people; %(d)d pending deliveries cancelled.")
                % {"n": done["n"], "d": done["deliveries"]},
            )
        return redirect("incidents:detail", pk=incident.pk)
    return render(
        request,
        "incidents/confirm_status.html",
        {
            "incident": incident,
            "status": status,
            "possible": possible,
            "plan": standdown.plan(incident) if possible else None,
        },
    )


@login_required
def stand_down(request, pk):
    return _confirm(request, pk, "standing_down")


@login_required
def close(request, pk):
    return _confirm(request, pk, "closed")


@login_required
@require_POST
def send_update(request, pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    form = UpdateForm(request.POST, prefix="update")
    if form.is_valid():
        n = actions.send_update(incident, form.cleaned_data["text"], user=request.user)
        messages.success(request, _("Update sent to %(n)d people coming.") % {"n": n})
    else:
        messages.error(request, _("Write the update first."))
    return redirect("incidents:detail", pk=incident.pk)


@login_required
@require_POST
def activation_cancel(request, pk, activation_pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    activation = get_object_or_404(Activation, pk=activation_pk, incident=incident)
    text = request.POST.get("text", "").strip() or _("The alert is cancelled.")
    n = actions.cancel_activation(activation, text[:600], user=request.user)
    messages.success(request, _("Cancel message sent to %(n)d recipients.") % {"n": n})
    return redirect("incidents:detail", pk=incident.pk)


@login_required
@require_POST
def recipient_status(request, pk, recipient_pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    recipient = get_object_or_404(Recipient, pk=recipient_pk, activation__incident=incident)
    value = request.POST.get("status", "")
    if value in Recipient.PersonStatus.values:
        actions.set_person_status(recipient, value, user=request.user)
    elif value in Recipient.OrgStatus.values and recipient.kind == Recipient.Kind.CONTACT:
        actions.set_org_status(recipient, value, user=request.user)
    else:
        messages.error(request, _("Unknown status."))
    return redirect("incidents:detail", pk=incident.pk)


@login_required
@require_POST
def log_entry_create(request, pk):
    incident = _incident(request, pk, "incidents.add_log_entry")
    form = LogEntryForm(request.POST, prefix="log")
    if form.is_valid():
        entry = form.save(commit=False)
        entry.incident, entry.author = incident, request.user
        if not request.user.has_perm("incidents.manage_incident", incident):
            from turvaverkko.registry.rules import administered_organization_ids

            orgs = administered_organization_ids(request.user)
            entry.organization_id = (
                Recipient.objects.filter(activation__incident=incident, organization_id__in=orgs)
                .values_list("organization_id", flat=True)
                .first()
            )
        entry.save()
        messages.success(request, _("Entry added to the situation log."))
    else:
        messages.error(request, _("The entry needs a text."))
    return redirect("incidents:detail", pk=incident.pk)


@login_required
def report(request, pk):
    """The after-action report as PDF (coordinators of the incident)."""
    from django.http import HttpResponse

    from .report import report_pdf

    incident = _incident(request, pk, "incidents.manage_incident")
    response = HttpResponse(report_pdf(incident), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="incident-{incident.pk}-report.pdf"'
    return response


@login_required
@require_POST
def lessons(request, pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    form = LessonsForm(request.POST, instance=incident)
    if form.is_valid():
        form.save()
        messages.success(request, _("Lessons saved."))
    return redirect("incidents:detail", pk=incident.pk)

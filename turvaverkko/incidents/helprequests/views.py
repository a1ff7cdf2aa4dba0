"""Pages for help requests (coordinators; associations of the incident may create them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from turvaverkko.registry.rules import administered_organization_ids
from turvaverkko.volunteers.models import Volunteer

from ..forms import HelpRequestForm
from ..models import HelpAssignment, HelpRequest, Recipient
from ..views.incidents import _incident
from . import actions


@login_required
def help_create(request, pk):
    incident = _incident(request, pk, "incidents.add_log_entry")
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = None
        if not request.user.has_perm("incidents.manage_incident", incident):
            orgs = administered_organization_ids(request.user)
            organization = (
                Recipient.objects.filter(activation__incident=incident, organization_id__in=orgs)
                .select_related("organization")
                .first()
                .organization
            )
        hr = actions.create(
            incident, user=request.user, organization=organization, **form.cleaned_data
        )
        messages.success(request, _("Help request added."))
        if request.user.has_perm("incidents.manage_incident", incident):
            return redirect("incidents:help_detail", pk=incident.pk, help_pk=hr.pk)
        return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/help_form.html", {"incident": incident, "form": form})


@login_required
def help_detail(request, pk, help_pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    hr = get_object_or_404(HelpRequest, pk=help_pk, incident=incident)
    assignments = list(
        actions.answers_first(hr.assignments.select_related("volunteer", "help_offer"))
    )
    return render(
        request,
        "incidents/help_detail.html",
        {
            "incident": incident,
            "hr": hr,
            "candidates": actions.candidates(hr),
            "offers": actions.matching_offers(hr),
            "assignments": assignments,
            "accepted_count": sum(a.status == HelpAssignment.Status.ACCEPTED for a in assignments),
            "assigned_count": sum(a.status == HelpAssignment.Status.ASSIGNED for a in assignments),
            "statuses": HelpAssignment.Status.choices,
        },
    )


@login_required
@require_POST
def help_invite(request, pk, help_pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    hr = get_object_or_404(HelpRequest, pk=help_pk, incident=incident)
    allowed = {c.volunteer.pk for c in actions.candidates(hr, limit=None)}
    ids = {int(v) for v in request.POST.getlist("volunteers") if v.isdigit()} & allowed
    n = actions.invite(hr, Volunteer.objects.filter(pk__in=ids), user=request.user)
    offer_ids = request.POST.getlist("offers")
    for offer in actions.matching_offers(hr).filter(pk__in=offer_ids):
        actions.add_offer(hr, offer, user=request.user)
    messages.success(request, _("%(n)d volunteers invited.") % {"n": n})
    return redirect("incidents:help_detail", pk=incident.pk, help_pk=hr.pk)


@login_required
@require_POST
def help_assignment_status(request, pk, help_pk, assignment_pk):
    incident = _incident(request, pk, "incidents.manage_incident")
    assignment = get_object_or_404(
        HelpAssignment, pk=assignment_pk, help_request__pk=help_pk, help_request__incident=incident
    )
    status = request.POST.get("status", "")
    if status in HelpAssignment.Status.values:
        actions.set_status(assignment, status, user=request.user)
    return redirect("incidents:help_detail", pk=incident.pk, help_pk=help_pk)

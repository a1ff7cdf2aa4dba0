"""A volunteer's own profile: details, availability, memberships, a pause in alerts, the
export of their data and erasure."""

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from turvaverkko.registry.changes import Track, history_entries
from turvaverkko.registry.models import Organization

from .. import actions
from ..export import volunteer_export
from ..forms import (
    AddMembershipForm,
    AvailabilityFormSet,
    OrganizationSearchForm,
    ProfileForm,
    municipality_names,
)
from .common import own_volunteer, volunteer_login_required
from .push import push_context


@volunteer_login_required
def profile(request):
    volunteer = own_volunteer(request)
    if volunteer is None:
        return redirect("volunteers:sign_up")
    form = ProfileForm(request.POST or None, instance=volunteer)
    formset = AvailabilityFormSet(request.POST or None, instance=volunteer, prefix="availability")
    # Validate both, so that every error shows at once.
    valid = request.method == "POST" and all([form.is_valid(), formset.is_valid()])
    if valid:
        if actions.save_profile(form, formset):
            messages.success(
                request,
                _(
                    "Saved. If the new e-mail address can be used, we sent a link to it. "
                    "Your address changes when you open the link; until then we use the "
                    "old one."
                ),
            )
        else:
            messages.success(request, _("Your profile is saved."))
        return redirect("volunteers:profile")
    return render(
        request,
        "volunteers/profile.html",
        {
            "volunteer": volunteer,
            "form": form,
            "formset": formset,
            "municipalities": municipality_names(),
            "completeness": volunteer.completeness(),
            # A valid POST has redirected; reaching here after a POST means errors.
            "has_errors": request.method == "POST",
            **push_context(volunteer),
        },
    )


PAUSE_DAYS = {"today": 0, "week": 6}


@volunteer_login_required
@require_POST
def pause_alerts(request):
    """ "Do not alert until" in one tap: not today, for a week, until a date, or alert again."""
    volunteer = own_volunteer(request)
    if volunteer is None:
        raise Http404
    today = timezone.localdate()
    choice = request.POST.get("pause", "")
    until = None
    if choice in PAUSE_DAYS:
        until = today + timedelta(days=PAUSE_DAYS[choice])
    elif choice == "until":
        until = _posted_date(request)
        if until is None or until < today:
            messages.error(
                request,
                _("Give a date today or later, e.g. %(example)s.")
                % {"example": (today + timedelta(days=3)).strftime("%d.%m.%Y")},
            )
            return redirect(_back(request))
    elif choice != "resume":
        return redirect(_back(request))
    actions.pause_alerts(volunteer, until)
    if until is None:
        messages.success(request, _("You get alerts again."))
    else:
        messages.success(
            request,
            _("No alerts until the end of %(date)s.") % {"date": until.strftime("%d.%m.%Y")},
        )
    return redirect(_back(request))


def _posted_date(request):
    try:
        return parse_date(request.POST.get("until", "").strip())
    except ValueError:  # well formed but no such day, e.g. 2027-02-30
        return None


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("volunteers:profile")


@volunteer_login_required
def memberships(request):
    volunteer = own_volunteer(request)
    if volunteer is None:
        return redirect("volunteers:sign_up")
    if request.method == "POST":
        add = AddMembershipForm(request.POST)
        if not add.is_valid():
            raise Http404
        organization = add.cleaned_data["organization"]
        actions.add_membership(volunteer, organization)
        messages.success(
            request, _("You are now listed as a member of %(name)s.") % {"name": organization}
        )
        return redirect("volunteers:profile")
    search = OrganizationSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["q"]:
        q = search.cleaned_data["q"]
        results = (
            Organization.objects.filter(is_active=True)
            .filter(Q(name__icontains=q) | Q(alternate_name__icontains=q))
            .exclude(pk__in=volunteer.organizations.values("pk"))
            .prefetch_related("municipalities")
            .order_by("name")[:50]
        )
    membership_history = history_entries(
        Track(
            volunteer.history.all(),
            type(volunteer),
            (),
            lambda r: _("Your profile"),
            m2m=("organizations",),
        )
    )
    return render(
        request,
        "volunteers/memberships.html",
        {
            "search": search,
            "results": results,
            "volunteer": volunteer,
            "history": [e for e in membership_history if e.changes],
        },
    )


@volunteer_login_required
def export(request):
    volunteer = own_volunteer(request)
    if volunteer is None:
        raise Http404
    body = json.dumps(
        volunteer_export(volunteer), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"turvaverkko-volunteer-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@volunteer_login_required
def erase(request):
    volunteer = own_volunteer(request)
    if volunteer is None:
        raise Http404
    if request.method == "POST":
        actions.erase_volunteer(volunteer)
        logout(request)
        return redirect("volunteers:erased")
    return render(request, "volunteers/erase.html", {"volunteer": volunteer})


def erased(request):
    return render(request, "volunteers/erased.html")

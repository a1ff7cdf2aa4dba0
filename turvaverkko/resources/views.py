"""Resource pages: thin views over rules.py (who) and actions.py (writes)."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, lists
from .forms import ResourceForm
from .models import Resource
from .rules import visible_resources


def stale_cutoff():
    return timezone.now() - timedelta(days=settings.CONFIRMATION_MAX_AGE_DAYS)


def _get(request, pk, perm):
    resource = get_object_or_404(
        Resource.objects.select_related("organization", "municipality", "site"), pk=pk
    )
    if not request.user.has_perm(perm, resource):
        raise PermissionDenied
    return resource


@login_required
def resource_list(request, export=False):
    """`export`: every filtered row as CSV, for coordinators."""
    if not request.user.has_perm("resources.add_resource"):
        raise PermissionDenied
    listing = lists.resource_list(request, stale_cutoff)
    if export:
        if not request.user.has_perm("resources.export_resources"):
            raise PermissionDenied
        return listing.csv_response()
    return render(request, "resources/resource_list.html", listing.context(cutoff=stale_cutoff()))


@login_required
def resource_geojson(request):
    """Markers for the map: only the resources this user may see."""
    features = []
    for r in visible_resources(request.user):
        point = r.point()
        if point is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                "properties": {
                    "id": r.pk,
                    "name": r.name,
                    "kind": r.get_kind_display(),
                    "organization": r.organization.name,
                    "url": reverse("resources:detail", args=[r.pk]),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
def resource_detail(request, pk):
    resource = _get(request, pk, "resources.view_resource")
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "can_edit": request.user.has_perm("resources.change_resource", resource),
            "stale": resource.confirmed_at < stale_cutoff(),
        },
    )


def _form_page(request, form, title, resource=None):
    return render(
        request,
        "resources/resource_form.html",
        {"form": form, "title": title, "resource": resource, "has_errors": form.is_bound},
    )


@login_required
def resource_create(request):
    if not request.user.has_perm("resources.add_resource"):
        raise PermissionDenied
    form = ResourceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        resource = actions.save_resource(form.save(commit=False), request.user)
        messages.success(request, _("The resource was saved."))
        return redirect("resources:detail", resource.pk)
    return _form_page(request, form, _("Add a resource"))


@login_required
def resource_edit(request, pk):
    resource = _get(request, pk, "resources.change_resource")
    form = ResourceForm(request.POST or None, instance=resource, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.save_resource(form.save(commit=False), request.user)
        messages.success(request, _("The resource was saved."))
        return redirect("resources:detail", resource.pk)
    return _form_page(request, form, _("Edit %(name)s") % {"name": resource.name}, resource)


@login_required
@require_POST
def resource_confirm(request, pk):
    resource = _get(request, pk, "resources.change_resource")
    actions.confirm_resource(resource, request.user)
    messages.success(request, _("Thank you, the data was confirmed as current."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("resources:detail", resource.pk)

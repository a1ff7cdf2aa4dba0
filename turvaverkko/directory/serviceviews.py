"""The service editor and a service's PTV export (the association's own, its coordinators').

The editor keeps what publishing in PTV needs: names and descriptions in fi/sv/en, target
groups and PTV service classes. The export is the service in PTV's v11 IN shape
(ptv/export.py), downloaded as JSON; the service page says what PTV would still refuse.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import actions
from .forms import ServiceForm
from .models import Service
from .ptv import export


def can_edit_service(user, service: Service) -> bool:
    return user.is_authenticated and user.has_perm(
        "registry.change_organization", service.organization
    )


def _service(request, pk) -> Service:
    service = get_object_or_404(Service.objects.select_related("organization"), pk=pk)
    if not can_edit_service(request.user, service):
        raise PermissionDenied
    return service


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service = _service(request, pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target_groups = data.pop("target_groups")
        actions.update_service(service, by=request.user, data=data, target_groups=target_groups)
        messages.success(request, _("The changes were saved."))
        return redirect("directory:service_detail", pk=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@login_required
@require_safe
def service_ptv(request, pk):
    """The service as PTV v11 IN JSON, as a download."""
    service = _service(request, pk)
    payload, _errors = export.service_export(service)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ptv-service-{service.pk}.json"'
    return response

"""Change history pages of a site (with its services) and of a service, for their editors."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from turvaverkko.registry.changes import Track, history_entries

from .models import Service, Site

SITE_FIELDS = (
    "name_fi", "name_sv", "name_en", "alternate_name", "kind", "low_threshold",
    "description_fi", "description_sv", "description_en", "url", "email", "phone",
    "street_address_fi", "street_address_sv", "street_address_en",
    "postal_code", "city", "municipality", "latitude", "longitude",
    "transportation_fi", "transportation_sv", "transportation_en",
    "step_free_access", "accessible_toilet", "induction_loop", "accessible_parking",
    "accessibility_notes_fi", "accessibility_notes_sv", "accessibility_notes_en",
    "is_published",
)  # fmt: skip
SITE_M2M = ("languages", "target_groups", "organizations")
SERVICE_FIELDS = (
    "organization", "name_fi", "name_sv", "name_en", "alternate_name",
    "description_fi", "description_sv", "description_en", "url", "email", "phone", "status",
    "fees_description_fi", "fees_description_sv", "fees_description_en",
    "application_process_fi", "application_process_sv", "application_process_en",
    "eligibility_description", "interpretation_services", "accreditations", "alert",
    "minimum_age", "maximum_age", "assured_date", "assurer_email",
)  # fmt: skip
SERVICE_M2M = ("target_groups", "themes", "languages", "service_area")


def site_track(site_ids) -> Track:
    return Track(
        Site.history.filter(id__in=site_ids),
        Site,
        SITE_FIELDS,
        lambda r: _("Site %(name)s") % {"name": r.name_fi},
        m2m=SITE_M2M,
    )


def service_track(service_ids) -> Track:
    return Track(
        Service.history.filter(id__in=service_ids),
        Service,
        SERVICE_FIELDS,
        lambda r: _("Service %(name)s") % {"name": r.name_fi},
        m2m=SERVICE_M2M,
    )


def _may_edit_service(user, service) -> bool:
    return user.has_perm("registry.change_organization", service.organization) or any(
        user.has_perm("directory.change_site", site) for site in service.sites.all()
    )


@require_safe
@login_required
def site_history(request, pk):
    site = get_object_or_404(Site, pk=pk)
    if not request.user.has_perm("directory.change_site", site):
        raise PermissionDenied
    services = list(Service.objects.filter(at_locations__site=site).values_list("pk", flat=True))
    context = {
        "subject": site.name,
        "back_url": reverse("directory:site_detail", args=[site.pk]),
        "history": history_entries(site_track([site.pk]), service_track(services)),
    }
    return render(request, "registry/history_page.html", context)


@require_safe
@login_required
def service_history(request, pk):
    service = get_object_or_404(Service.objects.select_related("organization"), pk=pk)
    if not _may_edit_service(request.user, service):
        raise PermissionDenied
    context = {
        "subject": service.name,
        "back_url": reverse("directory:service_detail", args=[service.pk]),
        "history": history_entries(service_track([service.pk])),
    }
    return render(request, "registry/history_page.html", context)

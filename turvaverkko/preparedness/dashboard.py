"""Dashboard section: paper packs in one click for coordinators, own roles for associations."""

from datetime import timedelta

from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.registry.rules import administered_organization_ids

from .models import Agreement, Role
from .rules import filter_readable, readable_codes

LIMIT = 10


def section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    codes = readable_codes(user)
    coordinator = codes is None or bool(codes)
    org_ids = administered_organization_ids(user)
    if not coordinator and not org_ids:
        return None
    context = {"coordinator": coordinator, "municipalities": [], "expiring": [], "roles": []}
    if coordinator:
        municipalities = Municipality.objects.all()
        if codes is not None:
            municipalities = municipalities.filter(code__in=codes)
        shown = list(municipalities[: LIMIT + 1])
        context["municipalities"] = shown[:LIMIT]
        context["more_municipalities"] = len(shown) > LIMIT
        today = timezone.localdate()
        context["expiring"] = list(
            filter_readable(Agreement.objects.all(), user).filter(
                valid_to__gte=today, valid_to__lte=today + timedelta(days=60)
            )[:LIMIT]
        )
    if org_ids:
        context["roles"] = list(
            Role.objects.filter(organization_id__in=org_ids)
            .select_related("organization", "scenario__plan")
            .prefetch_related("chain_links__contact", "organization__contacts")
        )
    return ("preparedness/dashboard_section.html", context)

"""Dashboard section: own resources to confirm, and stale ones in a coordinator's area."""

from turvaverkko.registry.rules import administered_organization_ids

from .models import Resource
from .rules import may_add_resources, visible_resources
from .views import stale_cutoff

LIMIT = 10


def section(request):
    user = request.user
    if not user.is_authenticated or not may_add_resources(user):
        return None
    own = Resource.objects.filter(organization_id__in=administered_organization_ids(user))
    stale = visible_resources(user).filter(confirmed_at__lt=stale_cutoff())
    return (
        "resources/dashboard_section.html",
        {
            "own_resources": list(own.select_related("organization")[:LIMIT]),
            "stale_resources": list(stale[:LIMIT]),
            "stale_count": stale.count(),
        },
    )

"""Dashboard section: the places an association admin or coordinator can edit."""

from .models import Site
from .rules import editable_sites_q, may_add_sites

LIMIT = 20


def section(request):
    user = request.user
    if not may_add_sites(user):
        return None
    condition = editable_sites_q(user)
    sites = Site.objects.select_related("municipality").order_by("-modified_at")
    if condition is not None:
        sites = sites.filter(condition)
    shown = list(sites[: LIMIT + 1])
    more = sites.count() - LIMIT if len(shown) > LIMIT else 0
    # Places residents cannot find by location: no point at all (online places aside).
    without_point = list(
        sites.filter(latitude__isnull=True).exclude(kind=Site.Kind.ONLINE).order_by("name")[:LIMIT]
    )
    return (
        "directory/dashboard_section.html",
        {"sites": shown[:LIMIT], "more": more, "can_add": True, "without_point": without_point},
    )

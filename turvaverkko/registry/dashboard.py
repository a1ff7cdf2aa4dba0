"""The registry's section of the signed-in user's dashboard (see turvaverkko/web/dashboard.py)."""

from django.conf import settings
from django.db.models import F

from .freshness import (
    administered_organizations,
    data_age_days,
    is_stale,
    organizations_in_area,
    stale_organizations,
)
from .rules import is_admin, is_coordinator

STALE_SHOWN = 20


def section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    coordinator = is_admin(user) or is_coordinator(user)
    own = [
        {"organization": org, "age_days": data_age_days(org), "stale": is_stale(org)}
        for org in administered_organizations(user).order_by("name_fi")
    ]
    if not coordinator and not own:
        return None
    context = {"own": own, "coordinator": coordinator}
    if coordinator:
        stale = stale_organizations(organizations_in_area(user)).order_by(
            F("confirmed_at").asc(nulls_first=True)
        )
        context.update(
            stale=[
                {"organization": org, "age_days": data_age_days(org)} for org in stale[:STALE_SHOWN]
            ],
            stale_count=stale.count(),
            total=organizations_in_area(user).count(),
            max_age_days=settings.CONFIRMATION_MAX_AGE_DAYS,
        )
    return "registry/dashboard_section.html", context

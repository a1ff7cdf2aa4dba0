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


def cards(request) -> list[dict]:
    """Stale organisations of the coordinator's area (not confirmed within the
    confirmation interval), with one link to the list filtered to them."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    user = request.user
    if not user.is_authenticated or not (is_admin(user) or is_coordinator(user)):
        return []
    n = stale_organizations(organizations_in_area(user)).count()
    if not n:
        return []
    return [
        {
            "key": "stale-organisations",
            "title": _("Organisations with stale data"),
            "count": n,
            "detail": _("Not confirmed within %(days)d days")
            % {"days": settings.CONFIRMATION_MAX_AGE_DAYS},
            "url": reverse("registry:list") + "?stale=on",
            "link": _("Remind or confirm them"),
            "tone": "",
            "order": 60,
        }
    ]

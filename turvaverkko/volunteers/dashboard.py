"""The volunteers' section of the dashboard (see turvaverkko/web/dashboard.py)."""

from .models import Volunteer
from .rules import visible_offers, visible_volunteers


def section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    ctx = {}
    volunteer = Volunteer.objects.filter(user=user, anonymised_at__isnull=True).first()
    if volunteer is not None:
        ctx["volunteer"] = volunteer
        ctx["completeness"] = volunteer.completeness()
    if user.has_perm("volunteers.list_volunteers"):
        ctx["volunteer_count"] = visible_volunteers(user).count()
    if user.has_perm("volunteers.list_help_offers"):
        ctx["new_offer_count"] = visible_offers(user).filter(handled_at__isnull=True).count()
    if not ctx:
        return None
    return "volunteers/dashboard_section.html", ctx

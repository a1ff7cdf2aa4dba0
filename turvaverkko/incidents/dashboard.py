"""Dashboard section: live incidents the user may see, and a link to open one."""

from .cap import suggestions
from .capfeed import feed_status
from .models import Incident
from .rules import visible_incidents


def section(request):
    user = request.user
    can_add = user.has_perm("incidents.add_incident")
    incidents = list(
        visible_incidents(user).exclude(status=Incident.Status.CLOSED).order_by("-opened_at")[:20]
    )
    warnings = list(suggestions(user)[:10]) if can_add else []
    if not can_add and not incidents:
        return None
    return (
        "incidents/dashboard_section.html",
        {
            "incidents": incidents,
            "can_add": can_add,
            "warnings": warnings,
            # Coordinators and admins only: whether the warnings above are up to date.
            "cap_feed": feed_status() if can_add else None,
        },
    )

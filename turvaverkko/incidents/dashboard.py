"""Dashboard section: live incidents the user may see, a link to open one, and FMI warnings
that may call for one (read from cap)."""

from turvaverkko.cap.feed import feed_status
from turvaverkko.cap.suggestions import suggestions

from .models import Incident
from .rules import visible_incidents


def section(request):
    user = request.user
    can_add = user.has_perm("incidents.add_incident")
    incidents = list(
        visible_incidents(user).exclude(status=Incident.Status.CLOSED).order_by("-opened_at")[:20]
    )
    warnings = []
    if can_add:
        # A warning an incident was already opened for is no longer a suggestion.
        handled = Incident.objects.filter(cap_alert__isnull=False).values("cap_alert")
        warnings = list(suggestions(user).exclude(pk__in=handled)[:10])
    if not can_add and not incidents:
        return None
    _count_waiting_messages(user, incidents)
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


def _count_waiting_messages(user, incidents) -> None:
    """Each incident the user runs gets `waiting_messages`: unclear SMS nobody handled yet
    (one query for all of them)."""

    from .models import Reply
    from .views.incoming import waiting_filter

    managed = [i for i in incidents if user.has_perm("incidents.manage_incident", i)]
    counts = {}
    if managed:
        pks = [i.pk for i in managed]
        rows = (
            Reply.objects.filter(waiting_filter(pks))
            .values_list("pk", "activation__incident", "candidate_activations__incident")
            .distinct()
        )
        seen = set()
        for pk, direct, candidate in rows:
            for incident_pk in {direct, candidate} - {None}:
                if incident_pk in pks and (pk, incident_pk) not in seen:
                    seen.add((pk, incident_pk))
                    counts[incident_pk] = counts.get(incident_pk, 0) + 1
    for incident in incidents:
        incident.waiting_messages = counts.get(incident.pk, 0)

"""Dashboard section: live incidents the user may see, a link to open one, and FMI warnings
that may call for one (read from cap)."""

from turvaverkko.cap.feed import feed_status
from turvaverkko.cap.suggestions import suggestions

from .log import entry_text
from .models import Incident, SituationEntry
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
    # FMI updated or cancelled the warning an open incident was opened from (warnings.py).
    warning_changes = [
        {"incident": e.incident, "text": entry_text(e), "at": e.created_at}
        for e in SituationEntry.objects.filter(
            incident__in=[i.pk for i in incidents],
            event__in=["warning_updated", "warning_cancelled"],
        )
        .select_related("incident")
        .order_by("-created_at")[:10]
    ]
    if not can_add and not incidents:
        return None
    _count_waiting_messages(user, incidents)
    return (
        "incidents/dashboard_section.html",
        {
            "incidents": incidents,
            "can_add": can_add,
            "warnings": warnings,
            "warning_changes": warning_changes,
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


def cards(request) -> list[dict]:
    """What needs action now: each live incident the user runs with its head-count
    (yes / late / no / silent), unclear messages waiting, failed deliveries and weather
    warnings that may call for an incident. A fixed number of queries."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .figures import group_states
    from .models import Recipient

    user = request.user
    live = [
        i
        for i in visible_incidents(user)
        .filter(status__in=[Incident.Status.OPEN, Incident.Status.ACTIVE])
        .order_by("-opened_at")[:10]
        if user.has_perm("incidents.manage_incident", i)
    ]
    out: list[dict] = []
    by_incident: dict[int, list] = {i.pk: [] for i in live}
    for r in (
        Recipient.objects.filter(activation__incident__in=list(by_incident))
        .only(
            "kind",
            "organization_id",
            "volunteer_id",
            "answer",
            "answered_at",
            "failed_at",
            "activation__incident_id",
        )
        .select_related("activation")
    ):
        by_incident[r.activation.incident_id].append(r)
    _count_waiting_messages(user, live)
    failed = 0
    for incident in live:
        counts = {"yes": 0, "late": 0, "no": 0, "none": 0, "failed": 0}
        for state in group_states(by_incident[incident.pk]).values():
            counts[state] += 1
        failed += counts["failed"]
        out.append(
            {
                "key": f"incident-{incident.pk}",
                "title": incident.title,
                "count": counts["yes"] + counts["late"],
                "detail": _("%(yes)d coming, %(late)d late, %(no)d not coming, %(none)d silent")
                % counts,
                "url": reverse("incidents:detail", args=[incident.pk]),
                "link": _("Open the incident"),
                "tone": "alert",
                "order": 10,
            }
        )
    waiting = [i for i in live if i.waiting_messages]
    if waiting:
        out.append(
            {
                "key": "unclear-messages",
                "title": _("Unclear messages waiting"),
                "count": sum(i.waiting_messages for i in waiting),
                "url": reverse("incidents:detail", args=[waiting[0].pk]) + "#messages",
                "link": _("Handle the messages"),
                "tone": "warn",
                "order": 20,
            }
        )
    if failed:
        first = next(i for i in live if any(r.failed_at for r in by_incident[i.pk]))
        out.append(
            {
                "key": "failed-deliveries",
                "title": _("Failed deliveries"),
                "count": failed,
                "url": reverse("incidents:detail", args=[first.pk]) + "?show=failed#recipients",
                "link": _("See who was not reached"),
                "tone": "warn",
                "order": 30,
            }
        )
    if user.has_perm("incidents.add_incident"):
        handled = Incident.objects.filter(cap_alert__isnull=False).values("cap_alert")
        n = suggestions(user).exclude(pk__in=handled).count()
        if n:
            out.append(
                {
                    "key": "weather-warnings",
                    "title": _("Weather warnings that may call for an incident"),
                    "count": n,
                    "url": reverse("web:dashboard") + "#dash-incidents",
                    "link": _("See the warnings"),
                    "tone": "warn",
                    "order": 40,
                }
            )
    return out

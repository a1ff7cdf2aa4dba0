"""Reply figures of an incident: for the after-action report and a drill's exercise record."""

import math

from .models import Recipient


def _time_to_share(delays: list[float], total: int, share: float) -> float | None:
    """Minutes until `share` of all recipients had answered (None if never reached)."""
    needed = math.ceil(total * share)
    if not total or len(delays) < needed:
        return None
    return sorted(delays)[needed - 1]


def response_minutes(recipient) -> float | None:
    if not recipient.answered_at:
        return None
    return (recipient.answered_at - recipient.alerted_at).total_seconds() / 60


def group_key(recipient) -> tuple:
    """Who a recipient stands for: their organisation (contacts), the volunteer, or
    themselves."""
    if recipient.kind == Recipient.Kind.CONTACT and recipient.organization_id:
        return ("organization", recipient.organization_id)
    if recipient.volunteer_id:
        return ("volunteer", recipient.volunteer_id)
    return ("recipient", recipient.pk)


def group_states(recipients) -> dict:
    """{group key: "yes" | "late" | "no" | "failed" | "none"}: the latest answer of any of
    the group's recipients; without one, "failed" when every delivery failed."""
    groups: dict[tuple, list] = {}
    for r in recipients:
        groups.setdefault(group_key(r), []).append(r)
    states = {}
    for key, members in groups.items():
        answered = [r for r in members if r.answer and r.answered_at]
        if answered:
            states[key] = max(answered, key=lambda r: (r.answered_at, r.pk)).answer
        elif all(r.failed_at for r in members):
            states[key] = "failed"
        else:
            states[key] = "none"
    return states


def figures(incident) -> dict:
    """Counts and times over everyone alerted, plus each person's response time and the
    names of those who never answered (coordinators only: the report and exercise page)."""
    recipients = list(
        Recipient.objects.filter(activation__incident=incident)
        .select_related("activation", "organization")
        .order_by("alerted_at", "pk")
    )
    delays = [m for m in (response_minutes(r) for r in recipients) if m is not None]
    states = group_states(recipients)
    total = len(recipients)
    answered = len(delays)
    return {
        "total": total,
        "answered": answered,
        "reply_rate": round(100 * answered / total) if total else None,
        "to_50": _time_to_share(delays, total, 0.5),
        "to_90": _time_to_share(delays, total, 0.9),
        # an organisation reached through its primary and a deputy counts once
        "yes": sum(state == "yes" for state in states.values()),
        "late": sum(state == "late" for state in states.values()),
        "no": sum(state == "no" for state in states.values()),
        "organizations": sum(key[0] == "organization" for key in states),
        "failed": [r for r in recipients if r.failed_at],
        "escalated": sum(bool(r.escalated_at) for r in recipients),
        "people": [(r, response_minutes(r)) for r in recipients],
        "non_responders": [r for r in recipients if not r.answer],
    }

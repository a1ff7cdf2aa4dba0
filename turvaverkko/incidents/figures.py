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


def figures(incident) -> dict:
    """Counts and times over everyone alerted, plus each person's response time and the
    names of those who never answered (coordinators only: the report and exercise page)."""
    recipients = list(
        Recipient.objects.filter(activation__incident=incident)
        .select_related("activation", "organization")
        .order_by("alerted_at", "pk")
    )
    delays = [m for m in (response_minutes(r) for r in recipients) if m is not None]
    total = len(recipients)
    answered = len(delays)
    return {
        "total": total,
        "answered": answered,
        "reply_rate": round(100 * answered / total) if total else None,
        "to_50": _time_to_share(delays, total, 0.5),
        "to_90": _time_to_share(delays, total, 0.9),
        "yes": sum(r.answer == "yes" for r in recipients),
        "late": sum(r.answer == "late" for r in recipients),
        "no": sum(r.answer == "no" for r in recipients),
        "failed": [r for r in recipients if r.failed_at],
        "escalated": sum(bool(r.escalated_at) for r in recipients),
        "people": [(r, response_minutes(r)) for r in recipients],
        "non_responders": [r for r in recipients if not r.answer],
    }

"""The after-action report of an incident: timeline, activations, reply figures, lessons."""

import math

from django.template.loader import render_to_string
from django.utils import timezone

from turvaverkko.core.pdf import render_pdf

from ..models import Recipient
from .headcount import group_states


def _time_to_share(delays: list[float], total: int, share: float) -> float | None:
    """Minutes until `share` of all recipients had answered (None if never reached)."""
    needed = math.ceil(total * share)
    if not total or len(delays) < needed:
        return None
    return sorted(delays)[needed - 1]


def figures(incident) -> dict:
    recipients = list(
        Recipient.objects.filter(activation__incident=incident).select_related(
            "activation", "organization"
        )
    )
    delays = [
        (r.answered_at - r.alerted_at).total_seconds() / 60 for r in recipients if r.answered_at
    ]
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
    }


def report_html(incident) -> str:
    return render_to_string(
        "incidents/report.html",
        {
            "incident": incident,
            "figures": figures(incident),
            "activations": incident.activations.order_by("created_at"),
            "timeline": incident.log_entries.order_by("created_at", "pk").select_related(
                "author", "organization"
            ),
            "printed": timezone.now(),
        },
    )


def report_pdf(incident) -> bytes:
    return render_pdf(report_html(incident), "incidents/report.css")

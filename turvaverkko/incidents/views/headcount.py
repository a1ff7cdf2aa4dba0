"""The live head-count of an incident: who comes, when, with which skills.

Counts are per organisation and per person: an organisation reached through its primary
contact and then a deputy (or alerted twice) counts once, with its latest answer; a
volunteer alerted in two activations counts once. The list of people coming stays per
person."""

from ..figures import group_states
from ..models import Recipient


def headcount(incident) -> dict:
    recipients = list(
        Recipient.objects.filter(activation__incident=incident)
        .select_related("volunteer", "organization", "activation")
        .prefetch_related("volunteer__skills")
        .order_by("answered_at", "pk")
    )
    states = group_states(recipients)
    counts = {"yes": 0, "late": 0, "no": 0, "none": 0, "failed": 0, "total": len(states)}
    for state in states.values():
        counts[state] += 1
    coming = []
    for r in recipients:
        if r.answer in ("yes", "late"):
            coming.append(
                {
                    "name": r.name,
                    "organization": str(r.organization) if r.organization else "",
                    "answer": r.answer,
                    "eta_minutes": r.eta_minutes,
                    "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                    "skills": [str(s) for s in r.volunteer.skills.all()] if r.volunteer else [],
                    "status": r.get_person_status_display(),
                }
            )
    return {"counts": counts, "coming": coming}

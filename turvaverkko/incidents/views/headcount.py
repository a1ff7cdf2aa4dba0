"""The live head-count of an incident: who comes, when, with which skills.

Counts are per organisation and per person: an organisation reached through its primary
contact and then a deputy (or alerted twice) counts once, with its latest answer; a
volunteer alerted in two activations counts once. The list of people coming stays per
person."""

from ..models import Recipient


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

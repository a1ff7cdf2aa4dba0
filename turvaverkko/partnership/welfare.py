"""The public, aggregate view of a welfare agreement: goals with their commitments' status
counts, volunteer hours and euros, and the parties by role. No contact persons."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

from .models import Commitment, Goal, WelfareAgreement


@dataclass
class GoalSummary:
    goal: Goal
    title: str
    depth: int
    commitments: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    volunteer_hours: int = 0
    euros: Decimal = Decimal(0)
    progress: int | None = None  # the mean of the entered progress, if any


def _title(obj: Goal | Commitment) -> str:
    lang = (get_language() or "fi")[:2]
    return obj.title_sv if lang == "sv" and obj.title_sv else obj.title_fi


def summary(welfare: WelfareAgreement) -> list[GoalSummary]:
    goals = list(welfare.goals.select_related("parent").prefetch_related("commitments"))
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    out: list[GoalSummary] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            row = GoalSummary(goal, _title(goal), depth)
            progress = []
            for c in goal.commitments.all():
                row.commitments += 1
                row.by_status[c.status] = row.by_status.get(c.status, 0) + 1
                row.volunteer_hours += c.volunteer_hours
                row.euros += c.euros
                if c.progress is not None:
                    progress.append(c.progress)
            if progress:
                row.progress = round(sum(progress) / len(progress))
            out.append(row)
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return out


def as_json(welfare: WelfareAgreement) -> dict[str, Any]:
    agreement = welfare.agreement
    return {
        "title": agreement.title,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat() if agreement.valid_to else None,
        "council_term": [welfare.council_term_start, welfare.council_term_end],
        "parties": [{"party": str(p), "role": p.role} for p in welfare.parties.all()],
        "goals": [
            {
                "goal": row.goal.title_fi,
                "goal_sv": row.goal.title_sv,
                "parent": row.goal.parent.title_fi if row.goal.parent else None,
                "theme": str(row.goal.theme) if row.goal.theme else None,
                "age_group": row.goal.age_group,
                "commitments": row.commitments,
                "by_status": row.by_status,
                "volunteer_hours": row.volunteer_hours,
                "euros": str(row.euros),
                "progress_percent": row.progress,
            }
            for row in summary(welfare)
        ],
    }


def as_csv(welfare: WelfareAgreement) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    statuses = list(Commitment.Status.values)
    writer.writerow(
        ["goal", "parent", "age_group", "commitments", *statuses, "volunteer_hours", "euros"]
    )
    for row in summary(welfare):
        writer.writerow(
            [
                row.goal.title_fi,
                row.goal.parent.title_fi if row.goal.parent else "",
                row.goal.age_group,
                row.commitments,
                *(row.by_status.get(s, 0) for s in statuses),
                row.volunteer_hours,
                row.euros,
            ]
        )
    return buffer.getvalue()

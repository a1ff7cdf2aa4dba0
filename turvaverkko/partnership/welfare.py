"""The public, aggregate view of a welfare agreement: goals with their commitments' status
counts, volunteer hours and euros, and the parties by role. No contact persons. Also the
agreement's indicators: their live values for a year and the progress computed from them."""

import csv
import io
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext

from turvaverkko.core import indicators as core_indicators

from .models import (
    Commitment,
    Goal,
    IndicatorYear,
    SotkanetValue,
    WelfareAgreement,
    WelfareIndicator,
)


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


# --- Indicators: live actual values and progress ---------------------------------------------


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year [1 Jan, 1 Jan next) in Finnish time, as aware datetimes."""
    tz = zoneinfo.ZoneInfo("Europe/Helsinki")
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def actual(
    indicator: WelfareIndicator, year: int, manual: IndicatorYear | None = None
) -> int | float | None:
    """The indicator's value for `year` in the agreement's municipality: live from the
    registry (as of the end of the year, or now for the current year), from imported Sotkanet
    values, or as entered by hand for an indicator without a source."""
    code = indicator.welfare.agreement.municipality.code
    if indicator.registry_id:
        start, end = year_bounds(year)
        return core_indicators.value(indicator.registry_id, [code], start, end)
    if indicator.sotkanet_id is not None:
        row = SotkanetValue.objects.filter(
            indicator=indicator.sotkanet_id, region=code, year=year
        ).first()
        return row.value if row else None
    return manual.manual_actual if manual else None


def progress(baseline: float, target: float | None, value: float | None) -> int | None:
    """How far from the baseline towards the target the value has come, 0–100 %. The sign of
    target - baseline carries the direction (a falling target counts a fall as progress)."""
    if target is None or value is None or target == baseline:
        return None
    share = (value - baseline) / (target - baseline)
    return max(0, min(100, round(share * 100)))


@dataclass
class IndicatorFigure:
    indicator: WelfareIndicator
    measure: str
    year: int
    baseline_year: int
    baseline: float
    target: float | None
    actual: float | int | None
    progress: int | None
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.pk,
            "welfare": self.indicator.welfare_id,
            "measure": self.indicator.measure_fi,
            "measure_sv": self.indicator.measure_sv,
            "year": self.year,
            "baseline_year": self.baseline_year,
            "baseline": self.baseline,
            "target": self.target,
            "actual": self.actual,
            "progress_percent": self.progress,
            "direction": self.indicator.direction,
            "source": self.source,
        }


def _source(indicator: WelfareIndicator) -> str:
    if indicator.registry_id:
        return str(core_indicators.get(indicator.registry_id).label)
    if indicator.sotkanet_id is not None:
        return f"Sotkanet {indicator.sotkanet_id}"
    return gettext("entered by hand")


def indicator_figures(welfare: WelfareAgreement, year: int) -> list[IndicatorFigure]:
    out = []
    lang = (get_language() or "fi")[:2]
    for ind in welfare.indicators.select_related("welfare__agreement__municipality"):
        row = ind.years.filter(year=year).first()
        value = actual(ind, year, row)
        target = row.target if row else None
        out.append(
            IndicatorFigure(
                ind,
                ind.measure_sv if lang == "sv" and ind.measure_sv else ind.measure_fi,
                year,
                ind.baseline_year,
                ind.baseline_value,
                target,
                value,
                progress(ind.baseline_value, target, value),
                _source(ind),
            )  # fmt: skip
        )
    return out


# --- The welfare report's plan section (issue 12 §4) -----------------------------------------


@dataclass
class PlanAgreement:
    title: str
    goals: list[tuple[str, list[str]]]  # (goal with its depth marker, its commitments)
    indicators: list[IndicatorFigure]


def plan_section(municipality_code: str, year: int) -> list[PlanAgreement]:
    """The agreed goals and measures of the municipality's welfare agreements in force in
    `year`, with their indicators' targets for the following year: the draft of the welfare
    report's plan section."""
    from datetime import date

    welfares = WelfareAgreement.objects.filter(
        agreement__municipality__code=municipality_code,
        agreement__valid_from__lte=date(year, 12, 31),
    ).exclude(agreement__valid_to__lt=date(year, 1, 1))
    out = []
    for welfare in welfares.select_related("agreement").order_by("pk"):
        goals = []
        for row in summary(welfare):
            commitments = [
                f"{_title(c)} ({c.owner}, {c.get_status_display()})"
                for c in row.goal.commitments.select_related("owner__organization")
            ]
            goals.append((("– " * row.depth) + row.title, commitments))
        out.append(
            PlanAgreement(welfare.agreement.title, goals, indicator_figures(welfare, year + 1))
        )
    return out

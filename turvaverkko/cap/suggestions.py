"""Warnings worth opening an incident for: shown to coordinators, never acted on alone."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from turvaverkko.areas.models import Municipality
from turvaverkko.preparedness.models import PlanScenario, ReadinessPlan
from turvaverkko.registry.rules import coordinated_municipality_codes

from .actions import SUGGEST_SEVERITIES
from .models import CapAlert

SUGGEST_EVENTS = {
    "wind",
    "rain",
    "thunderstorm",
    "coldWeather",
    "hotWeather",
    "forestFireWeather",
    "seaWaterHeight",
}

# FMI event code -> the readiness plan scenario kinds it calls for, best first; the first is
# also the incident type proposed ("fire" is an incident type without a plan scenario).
EVENT_SCENARIOS = {
    "wind": ["storm", "power_outage"],
    "thunderstorm": ["storm", "power_outage"],
    "rain": ["flood"],
    "seaWaterHeight": ["flood", "evacuation"],
    "coldWeather": ["severe_cold", "power_outage"],
    "hotWeather": ["heat_wave"],
    "forestFireWeather": ["fire", "evacuation"],
}


def suggestions(
    user: AbstractBaseUser | AnonymousUser, now: datetime | None = None
) -> QuerySet[CapAlert]:
    """Warnings worth opening an incident for, in the user's area: Severe or Extreme, in
    force, of a relevant kind, not dismissed, whether or not the municipality has a readiness
    plan (suggestion_rows tells which). Never activates anything by itself."""
    now = now or timezone.now()
    codes = coordinated_municipality_codes(user)
    qs = CapAlert.objects.filter(
        state=CapAlert.State.ACTIVE,
        severity__in=SUGGEST_SEVERITIES,
        event_code__in=SUGGEST_EVENTS,
        expires__gt=now,
        dismissed_at__isnull=True,
        municipalities__isnull=False,
        incidents__isnull=True,  # an incident was opened from it: handled
    )
    if codes is not None:
        qs = qs.filter(municipalities__code__in=codes)
    return qs.distinct().prefetch_related("municipalities")


@dataclass
class Suggestion:
    alert: CapAlert
    municipalities: list[Municipality] = field(default_factory=list)  # those the user covers
    scenario: PlanScenario | None = None  # the matching scenario of a readiness plan
    has_plan: bool = False  # some municipality of the warning has a readiness plan
    incident_type: str = "other"


def matching_scenario(
    alert: CapAlert, municipalities: Iterable[Municipality]
) -> tuple[PlanScenario | None, bool]:
    """The readiness plan scenario proposed for the warning (None without one), and whether
    any of the municipalities has a plan at all."""
    municipalities = list(municipalities)
    scenarios = list(
        PlanScenario.objects.filter(plan__municipalities__in=municipalities)
        .select_related("plan")
        .distinct()
    )
    has_plan = ReadinessPlan.objects.filter(municipalities__in=municipalities).exists()
    for kind in EVENT_SCENARIOS.get(alert.event_code, []):
        for scenario in scenarios:
            if scenario.kind == kind:
                return scenario, has_plan
    return None, has_plan


def suggestion_rows(
    user: AbstractBaseUser | AnonymousUser, alerts: Iterable[CapAlert]
) -> list[Suggestion]:
    codes = coordinated_municipality_codes(user)
    rows = []
    for alert in alerts:
        ms = [m for m in alert.municipalities.all() if codes is None or m.code in codes]
        scenario, has_plan = matching_scenario(alert, ms)
        rows.append(
            Suggestion(
                alert=alert,
                municipalities=ms,
                scenario=scenario,
                has_plan=has_plan,
                incident_type=EVENT_SCENARIOS.get(alert.event_code, ["other"])[0],
            )
        )
    return rows

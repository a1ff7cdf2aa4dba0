"""Opening an incident from a readiness plan's scenario, when preparedness is installed.

The scenario's roles become proposed activations: the organisations are preselected on the
alert form and their tasks listed, and the coordinator confirms them by sending.
"""

from django.apps import apps


def enabled() -> bool:
    return apps.is_installed("turvaverkko.preparedness")


def available_scenarios(user):
    if not enabled():
        return []
    from turvaverkko.preparedness.models import PlanScenario
    from turvaverkko.registry.rules import coordinated_municipality_codes

    codes = coordinated_municipality_codes(user)
    qs = PlanScenario.objects.select_related("plan").order_by("plan__title", "kind")
    if codes is not None:
        qs = qs.filter(plan__municipalities__code__in=codes)
    return list(qs.distinct())


def get_scenario(user, pk):
    for scenario in available_scenarios(user):
        if str(scenario.pk) == str(pk):
            return scenario
    return None


def scenario_initial(scenario) -> dict:
    from ..models import Incident

    kind = scenario.kind if scenario.kind in Incident.Type.values else Incident.Type.OTHER
    return {
        "title": str(scenario),
        "type": kind,
        "municipalities": list(scenario.plan.municipalities.all()),
        "description": scenario.description,
    }


def plan_scenario(incident):
    """The readiness plan scenario the incident was opened from, or None."""
    if not enabled() or not incident.plan_scenario_id:
        return None
    from turvaverkko.preparedness.models import PlanScenario

    return PlanScenario.objects.filter(pk=incident.plan_scenario_id).first()


def proposals(incident) -> list[dict]:
    scenario = plan_scenario(incident)
    if scenario is None:
        return []
    from turvaverkko.preparedness.actions import proposed_activations

    return proposed_activations(scenario)

"""Opening an incident from a readiness plan's scenario (preparedness).

The scenario's roles become proposed activations: the organisations are preselected on the
alert form and their tasks listed, and the coordinator confirms them by sending.
"""

from turvaverkko.preparedness.actions import proposed_activations
from turvaverkko.preparedness.models import PlanScenario
from turvaverkko.registry.rules import coordinated_municipality_codes

from ..models import Incident


def available_scenarios(user):
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
    kind = scenario.kind if scenario.kind in Incident.Type.values else Incident.Type.OTHER
    return {
        "title": str(scenario),
        "type": kind,
        "municipalities": list(scenario.plan.municipalities.all()),
        "description": scenario.description,
    }


def proposals(incident) -> list[dict]:
    """The roles of the scenario the incident was opened from, as proposed activations."""
    if incident.plan_scenario is None:
        return []
    return proposed_activations(incident.plan_scenario)

from datetime import date
from types import SimpleNamespace

import pytest

from turvaverkko.preparedness.models import (
    Agreement,
    PlanScenario,
    ReadinessPlan,
    Risk,
    Role,
)
from turvaverkko.resources.tests.factories import ResourceFactory


@pytest.fixture
def plans(personas):
    """A Huittinen plan with a power-outage role for olli_org, and a Muonio plan."""
    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([personas.huittinen])
    scenario = PlanScenario.objects.create(plan=plan, kind="power_outage")
    hall = ResourceFactory(
        organization=personas.olli_org, municipality=personas.huittinen, name="Sampun kylätalo"
    )
    agreement = Agreement.objects.create(
        title="Ensihuoltosopimus Martat",
        kind="emergency_relief",
        municipality=personas.huittinen,
        valid_from=date(2025, 1, 1),
    )
    agreement.organizations.set([personas.olli_org])
    role = Role.objects.create(
        scenario=scenario,
        task="Lämmin ateria 50 hengelle",
        organization=personas.olli_org,
        trigger="Sähkökatko yli 12 h",
        readiness_minutes=120,
        agreement=agreement,
    )
    role.resources.set([hall])
    other_plan = ReadinessPlan.objects.create(title="Muonion valmiussuunnitelma")
    other_plan.municipalities.set([personas.other_municipality])
    other_scenario = PlanScenario.objects.create(plan=other_plan, kind="severe_cold")
    other_role = Role.objects.create(
        scenario=other_scenario, task="Kylätalo lämpimäksi", organization=personas.other_org
    )
    risk = Risk.objects.create(
        municipality=personas.huittinen,
        title="Pitkä sähkökatko talvella",
        scenario="power_outage",
        likelihood=3,
        impact=4,
        owner="Tekninen toimi",
    )
    return SimpleNamespace(
        plan=plan,
        scenario=scenario,
        role=role,
        hall=hall,
        agreement=agreement,
        other_plan=other_plan,
        other_role=other_role,
        risk=risk,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The paper pack is cached (keyed on a change counter that starts again in every test)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

"""Opening an incident from a readiness plan's scenario (preparedness installed)."""

import pytest
from django.urls import reverse

from turvaverkko.incidents.alerting import escalation
from turvaverkko.incidents.models import Incident
from turvaverkko.preparedness.models import PlanScenario, ReadinessPlan, Role

from .confirming import post_confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(personas):
    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([personas.huittinen])
    scenario = PlanScenario.objects.create(plan=plan, kind="power_outage")
    Role.objects.create(
        scenario=scenario,
        task="Lämmin ateria 50 hengelle",
        organization=personas.olli_org,
        readiness_minutes=120,
    )
    other = ReadinessPlan.objects.create(title="Muonion valmiussuunnitelma")
    other.municipalities.set([personas.other_municipality])
    PlanScenario.objects.create(plan=other, kind="severe_cold")
    return scenario


def test_scenario_roles_become_proposed_activations_to_confirm(client_as, personas, scenario):
    c = client_as("kaisa")
    page = c.get(reverse("incidents:create")).content.decode()
    assert "Huittisten valmiussuunnitelma" in page and "Muonion" not in page
    form = c.get(reverse("incidents:create") + f"?scenario={scenario.pk}").content.decode()
    assert 'value="power_outage" selected' in form or "power_outage" in form
    r = c.post(
        reverse("incidents:create"),
        {
            "scenario": scenario.pk,
            "title": "Sähkökatko",
            "type": "power_outage",
            "severity": "severe",
            "municipalities": [personas.huittinen.code],
        },
    )
    incident = Incident.objects.get()
    assert incident.plan_scenario_id == scenario.pk
    assert r.url == reverse("incidents:activate", args=[incident.pk])
    page = c.get(r.url).content.decode()
    assert "Lämmin ateria 50 hengelle" in page
    assert f'value="{personas.olli_org.pk}" id="id_organizations_0" checked' in page or (
        "checked" in page
    )
    assert incident.activations.count() == 0  # nothing is sent before she confirms
    # mikko cannot use a Huittinen scenario
    client_as("mikko").post(
        reverse("incidents:create"),
        {
            "scenario": scenario.pk,
            "title": "X",
            "type": "storm",
            "severity": "minor",
            "municipalities": [personas.other_municipality.code],
        },
    )
    assert Incident.objects.get(title="X").plan_scenario_id is None


def test_a_role_with_its_own_chain_is_reached_through_that_chain(client_as, personas, scenario):
    from datetime import timedelta

    from django.utils import timezone

    from turvaverkko.preparedness.models import RoleContact

    role = scenario.roles.get()
    # For this task the deputy is the one to call first, the chairperson after.
    RoleContact.objects.create(role=role, contact=personas.deputy_contact, position=0)
    RoleContact.objects.create(role=role, contact=personas.primary_contact, position=1)
    incident = Incident.objects.create(
        title="Sähkökatko",
        type="power_outage",
        plan_scenario_id=scenario.pk,
        created_by=personas.kaisa,
    )
    incident.municipalities.set([personas.huittinen])
    c = client_as("kaisa")
    post_confirmed(
        c,
        reverse("incidents:activate", args=[incident.pk]),
        {
            "message": "Tule",
            "organizations": [personas.olli_org.pk],
            "volunteer_count": 0,
            "reply_timeout_minutes": 10,
        },
    )
    activation = incident.activations.get()
    first = activation.recipients.get()
    assert first.contact == personas.deputy_contact
    assert escalation.escalate_due(now=timezone.now() + timedelta(minutes=11)) == 1
    second = activation.recipients.exclude(pk=first.pk).get()
    assert second.contact == personas.primary_contact
    # the chain ends there: nobody else is alerted
    assert escalation.escalate_due(now=timezone.now() + timedelta(minutes=30)) == 0
    assert activation.recipients.count() == 2


def test_deleting_the_scenario_leaves_the_incident_without_one(client_as, personas, scenario):
    from turvaverkko.preparedness import actions as preparedness_actions

    c = client_as("kaisa")
    c.post(
        reverse("incidents:create"),
        {
            "scenario": scenario.pk,
            "title": "Sähkökatko",
            "type": "power_outage",
            "severity": "severe",
            "municipalities": [personas.huittinen.code],
        },
    )
    incident = Incident.objects.get()
    preparedness_actions.delete_scenario(scenario, user=personas.kaisa)
    incident.refresh_from_db()
    assert incident.plan_scenario_id is None  # a real foreign key: no id of a deleted scenario
    page = c.get(reverse("incidents:activate", args=[incident.pk])).content.decode()
    assert "Lämmin ateria 50 hengelle" not in page  # the plan's roles went with it
    assert "Pitkä sähkökatko: Huittinen" in page  # the ready-made text for the type

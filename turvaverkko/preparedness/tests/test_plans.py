import pytest
from django.urls import reverse

from turvaverkko.preparedness.actions import proposed_activations
from turvaverkko.preparedness.models import PlanScenario, ReadinessPlan, Role
from turvaverkko.registry.tests.factories import ContactPersonFactory

pytestmark = pytest.mark.django_db

ALL = ["anonymous", "ville", "olli", "ulla", "kaisa", "mikko", "reetta", "admin"]
HUITTINEN_READERS = {"kaisa", "reetta", "admin"}
HUITTINEN_WRITERS = {"kaisa", "admin"}


def _expect(response, name, allowed):
    if name == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif name in allowed:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", ALL)
def test_read_pages(client_as, plans, name):
    client = client_as(name)
    pages = [
        reverse("preparedness:plan", args=[plans.plan.pk]),
        reverse("preparedness:appendix", args=["102"]),
    ]
    for url in pages:
        response = client.get(url)
        _expect(response, name, HUITTINEN_READERS)
        if response.status_code == 200:
            assert "Lämmin ateria 50 hengelle" in response.content.decode()
    lists = ["plans", "agreements", "risks", "exercises"]
    for list_name in lists:
        response = client.get(reverse(f"preparedness:{list_name}"))
        _expect(response, name, {"kaisa", "mikko", "reetta", "admin"})
    plan_list = client.get(reverse("preparedness:plans"))
    if plan_list.status_code == 200:
        body = plan_list.content.decode()
        assert ("Huittisten valmiussuunnitelma" in body) == (name in HUITTINEN_READERS)
        assert ("Muonion valmiussuunnitelma" in body) == (name in {"mikko", "admin"})


@pytest.mark.parametrize("name", ALL)
def test_write_pages(client_as, plans, name):
    client = client_as(name)
    # GET forms
    for url in [
        reverse("preparedness:plan_edit", args=[plans.plan.pk]),
        reverse("preparedness:scenario_create", args=[plans.plan.pk]),
        reverse("preparedness:role_create", args=[plans.scenario.pk]),
        reverse("preparedness:role_edit", args=[plans.role.pk]),
        reverse("preparedness:role_chain", args=[plans.role.pk]),
        reverse("preparedness:agreement_edit", args=[plans.agreement.pk]),
        reverse("preparedness:risk_edit", args=[plans.risk.pk]),
    ]:
        _expect(client.get(url), name, HUITTINEN_WRITERS)
    for url in [
        reverse("preparedness:plan_create"),
        reverse("preparedness:agreement_create"),
        reverse("preparedness:risk_create"),
        reverse("preparedness:exercise_create"),
    ]:
        _expect(client.get(url), name, {"kaisa", "mikko", "admin"})
    # A write that must not happen for others.
    response = client.post(
        reverse("preparedness:scenario_create", args=[plans.plan.pk]), {"kind": "storm"}
    )
    _expect(response, name, HUITTINEN_WRITERS)
    added = PlanScenario.objects.filter(plan=plans.plan, kind="storm").exists()
    assert added == (name in HUITTINEN_WRITERS)
    response = client.post(reverse("preparedness:plan_approve", args=[plans.plan.pk]))
    plans.plan.refresh_from_db()
    assert plans.plan.is_approved == (name in HUITTINEN_WRITERS)


def test_approval_flow_and_history(client_as, plans, personas):
    kaisa = client_as("kaisa")
    kaisa.post(reverse("preparedness:plan_approve", args=[plans.plan.pk]))
    plans.plan.refresh_from_db()
    assert plans.plan.status == ReadinessPlan.Status.APPROVED
    assert plans.plan.approved_by == personas.kaisa
    assert plans.plan.approved_at is not None

    # Editing a role of an approved plan makes it a draft again.
    response = kaisa.post(
        reverse("preparedness:role_edit", args=[plans.role.pk]),
        {
            "task": "Lämmin ateria 80 hengelle",
            "organization": personas.olli_org.pk,
            "trigger": "Sähkökatko yli 12 h",
            "readiness_minutes": 90,
            "resources": [plans.hall.pk],
            "order": 0,
        },
    )
    assert response.status_code == 302
    plans.plan.refresh_from_db()
    assert plans.plan.status == ReadinessPlan.Status.DRAFT
    assert plans.plan.approved_by is None

    # Approve again, then edit the plan itself: draft again.
    kaisa.post(reverse("preparedness:plan_approve", args=[plans.plan.pk]))
    kaisa.post(
        reverse("preparedness:plan_edit", args=[plans.plan.pk]),
        {"title": "Huittisten valmiussuunnitelma 2027", "municipalities": ["102"]},
    )
    plans.plan.refresh_from_db()
    assert plans.plan.status == ReadinessPlan.Status.DRAFT

    statuses = [h.status for h in plans.plan.history.order_by("history_date")]
    assert statuses.count("approved") == 2
    assert statuses[-1] == "draft"
    assert plans.plan.history.filter(history_user=personas.kaisa).count() >= 4
    role_history = plans.role.history.order_by("history_date")
    assert role_history.first().task == "Lämmin ateria 50 hengelle"
    assert role_history.last().task == "Lämmin ateria 80 hengelle"
    page = kaisa.get(reverse("preparedness:plan", args=[plans.plan.pk])).content.decode()
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    # What changed, not just "saved": the role's task, the plan's title and status.
    assert "Lämmin ateria 50 hengelle</del>" in history
    assert "Lämmin ateria 80 hengelle</ins>" in history
    assert "Huittisten valmiussuunnitelma 2027</ins>" in history
    assert "hyväksytty</del>" in history and "luonnos</ins>" in history
    assert "Kaisa" in history


def test_plan_history_covers_scenarios_and_is_for_editors(client_as, plans, personas):
    kaisa = client_as("kaisa")
    scenario = plans.role.scenario
    kaisa.post(reverse("preparedness:role_delete", args=[plans.role.pk]))
    kaisa.post(reverse("preparedness:scenario_delete", args=[scenario.pk]))
    page = kaisa.get(reverse("preparedness:plan", args=[plans.plan.pk])).content.decode()
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    assert "Lämmin ateria 50 hengelle" in history  # the removed role is still on record
    assert scenario.get_kind_display() in history
    # Reetta reads the plan (regional coordinator) but does not edit it: no history for her.
    reader = client_as("reetta").get(reverse("preparedness:plan", args=[plans.plan.pk]))
    assert reader.status_code == 200
    assert 'class="history"' not in reader.content.decode()


def test_coordinator_cannot_add_plan_for_another_municipality(client_as, plans):
    response = client_as("kaisa").post(
        reverse("preparedness:plan_create"),
        {"title": "Vieras suunnitelma", "municipalities": ["498"]},
    )
    assert response.status_code == 200
    assert not ReadinessPlan.objects.filter(title="Vieras suunnitelma").exists()


def test_role_cannot_use_an_organisation_outside_the_plan_area(client_as, plans, personas):
    response = client_as("kaisa").post(
        reverse("preparedness:role_create", args=[plans.scenario.pk]),
        {"task": "Lumityöt", "organization": personas.other_org.pk, "order": 1},
    )
    assert response.status_code == 200
    assert not Role.objects.filter(task="Lumityöt").exists()


def test_contact_chain_default_and_override(client_as, plans, personas):
    third = ContactPersonFactory(organization=personas.olli_org, position=2, name="Kolmas Vara")
    assert [c.name for c in plans.role.contact_chain()] == [
        "Olli Yhteys",
        "Outi Varahenkilö",
        "Kolmas Vara",
    ]
    response = client_as("kaisa").post(
        reverse("preparedness:role_chain", args=[plans.role.pk]),
        {
            f"contact_{personas.primary_contact.pk}": "2",
            f"contact_{personas.deputy_contact.pk}": "1",
            f"contact_{third.pk}": "",
        },
    )
    assert response.status_code == 302
    assert [c.name for c in plans.role.contact_chain()] == ["Outi Varahenkilö", "Olli Yhteys"]


def test_proposed_activations(plans, personas):
    items = proposed_activations(plans.scenario)
    assert len(items) == 1
    item = items[0]
    assert item["organization"] == personas.olli_org
    assert item["contacts"] == [personas.primary_contact, personas.deputy_contact]
    assert item["task"] == "Lämmin ateria 50 hengelle"
    assert item["resources"] == [plans.hall]


def test_association_admin_sees_own_roles_on_dashboard(client_as, plans):
    olli = client_as("olli").get(reverse("web:dashboard")).content.decode()
    assert "Lämmin ateria 50 hengelle" in olli
    assert "Kylätalo lämpimäksi" not in olli
    ulla = client_as("ulla").get(reverse("web:dashboard")).content.decode()
    assert "Kylätalo lämpimäksi" in ulla
    assert "Lämmin ateria 50 hengelle" not in ulla
    ville = client_as("ville").get(reverse("web:dashboard")).content.decode()
    assert "Lämmin ateria" not in ville and "Olli Yhteys" not in ville

import re

import pytest
from playwright.sync_api import expect

from turvaverkko.preparedness.models import ReadinessPlan
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_builds_approves_and_prints_a_plan(page, login_page, personas):
    login_page(personas.kaisa)
    page.goto(f"{page.base}/fi/preparedness/plans/new/")
    page.fill("#id_title", "Huittisten valmiussuunnitelma")
    page.check("#id_municipalities_0")
    page.click("#save")

    page.click("a[href$='/scenarios/new/']")
    page.select_option("#id_kind", "power_outage")
    page.click("#save")

    page.click("a[href$='/roles/new/']")
    page.fill("#id_task", "Lämmin ateria 50 hengelle")
    page.select_option("#id_organization", str(personas.olli_org.pk))
    page.fill("#id_readiness_minutes", "120")
    page.click("#save")

    page.click("#approve")
    plan = ReadinessPlan.objects.get(title="Huittisten valmiussuunnitelma")
    assert plan.is_approved and plan.approved_by == personas.kaisa
    assert page.locator("#plan-status").inner_text().strip() != ""
    # The contact chain is shown in order, deputies included.
    chain = page.locator("article.role ol li").all_inner_texts()
    assert chain[0].startswith("Olli Yhteys") and chain[1].startswith("Outi Varahenkilö")
    assert_no_axe_violations(page)

    page.goto(f"{page.base}/fi/dashboard/")
    with page.expect_download() as download_info:
        page.click("a.paper-pack")
    download = download_info.value
    assert download.suggested_filename == "valmiuskansio-102.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_coordinator_orders_the_contact_chain_with_the_keyboard(page, login_page, personas):
    """Move up / Move down are plain submit buttons (no dragging, no JavaScript needed);
    focus stays on the moved person's button; a position given twice is refused."""
    from turvaverkko.preparedness.models import PlanScenario, ReadinessPlan, Role

    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([personas.huittinen])
    scenario = PlanScenario.objects.create(plan=plan, kind="power_outage")
    role = Role.objects.create(
        scenario=scenario, task="Lämmin ateria", organization=personas.olli_org
    )
    login_page(personas.kaisa)
    page.goto(f"{page.base}/fi/preparedness/roles/{role.pk}/chain/")
    rows = page.locator(".chain-row label")
    assert rows.nth(0).inner_text().startswith("Olli Yhteys")
    assert_no_axe_violations(page)

    move_down = page.get_by_role("button", name=re.compile(r"^Siirrä alas\s*:\s*Olli Yhteys$"))
    move_down.focus()
    with page.expect_navigation():  # the button is a submit: the page comes again
        page.keyboard.press("Enter")
    assert rows.nth(0).inner_text().startswith("Outi Varahenkilö")
    assert rows.nth(1).inner_text().startswith("Olli Yhteys")
    # Olli is last now: no Move down for him, so focus is on his Move up.
    expect(
        page.get_by_role("button", name=re.compile(r"^Siirrä ylös\s*:\s*Olli Yhteys$"))
    ).to_be_focused()
    assert [c.name for c in role.contact_chain()][0] == "Olli Yhteys"  # not saved yet
    assert_no_axe_violations(page)

    # The same number twice: refused, and the error summary takes focus.
    page.fill(f"#id_contact_{personas.primary_contact.pk}", "1")
    page.click("#save")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert "Olli Yhteys, Outi Varahenkilö" in summary.inner_text()
    assert_no_axe_violations(page)

    # Enter in a position field saves (the default button is Save, not a Move button).
    page.fill(f"#id_contact_{personas.primary_contact.pk}", "2")
    page.press(f"#id_contact_{personas.primary_contact.pk}", "Enter")
    page.wait_for_url("**/preparedness/plans/**")
    assert [c.name for c in role.contact_chain()] == ["Outi Varahenkilö", "Olli Yhteys"]

import pytest

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

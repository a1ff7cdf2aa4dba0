"""Kaisa reads a warning in Finnish and Swedish and opens an incident from it (Chromium)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from turvaverkko.cap.models import CapAlert
from turvaverkko.incidents.models import Incident
from turvaverkko.preparedness.models import PlanScenario
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).parent / "files"


def test_warnings_page(page, login_page, personas, plan):
    storm = PlanScenario.objects.create(plan=plan, kind="storm")
    with translation.override("en"):
        call_command("import_cap", str(FILES / "fmi_wind_severe_fi_sv_en.xml"))
    alert = CapAlert.objects.get()
    login_page(personas.kaisa)

    page.goto(f"{page.base}/fi/warnings/")
    suggestion = page.locator("article.cap-suggestion")
    assert "Oranssi tuulivaroitus: myrskypuuskia" in suggestion.inner_text()
    assert "Orange vindvarning" not in page.content()
    assert_no_axe_violations(page)

    page.goto(f"{page.base}/sv/warnings/")
    assert "Orange vindvarning: stormbyar" in page.locator("article.cap-suggestion").inner_text()
    assert_no_axe_violations(page)
    page.goto(f"{page.base}/sv/warnings/{alert.pk}/")
    assert "Förbered dig på elavbrott." in page.locator("main").inner_text()
    assert "&lt;identifier&gt;" not in page.locator("pre.cap-raw").inner_text()  # shown as text
    assert "<identifier>urn:oid:2.49.0.1.246.0.1205.1</identifier>" in (
        page.locator("pre.cap-raw").inner_text()
    )
    assert_no_axe_violations(page)

    page.goto(f"{page.base}/fi/warnings/")
    page.click("a.open-incident")
    assert page.input_value("#id_title") == "Oranssi tuulivaroitus: myrskypuuskia"
    assert page.input_value("#id_type") == "storm"
    assert page.input_value("#id_severity") == "severe"
    assert_no_axe_violations(page)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/activate/")
    incident = Incident.objects.get()
    assert (incident.cap_alert, incident.plan_scenario) == (alert, storm)
    assert [m.code for m in incident.municipalities.all()] == ["102"]
    # handled: no longer suggested on the warnings page
    page.goto(f"{page.base}/fi/warnings/")
    assert page.locator("article.cap-suggestion").count() == 0

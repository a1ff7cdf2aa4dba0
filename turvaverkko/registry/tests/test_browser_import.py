"""Kaisa finishes a survey export import in a real browser (Chromium), in Finnish and Swedish.

The page's texts come from the catalogues the lead compiles at merge, so the test finds its
way by ids and names and checks the language of the page, not the wording.
"""

import pytest

from turvaverkko.registry.models import ImportBatch, Organization
from turvaverkko.web.testing import assert_no_axe_violations

from .test_import import csv_bytes
from .test_import_survey import HEADER, ROWS, network  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_spreadsheet_import_finishable(page, login_page, personas, themes, network, lang):  # noqa: F811
    organizations = Organization.objects.count()
    login_page(personas.kaisa, lang=lang)
    page.wait_for_url("**/dashboard/")

    page.goto(f"{page.base}/{lang}/organisations/import/")
    assert page.locator("html").get_attribute("lang") == lang
    assert_no_axe_violations(page)
    data = csv_bytes([HEADER, *ROWS], encoding="utf-8", bom=True)
    page.set_input_files(
        "#id_file", files=[{"name": "kysely.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.click("main form button[type=submit]")

    # The proposed columns are accepted as they are.
    page.wait_for_url("**/columns/")
    assert page.locator("#id_org_email").input_value() == "4"  # public, not a contact person
    assert_no_axe_violations(page)
    page.click("main form button[type=submit]")

    # The preview: no problems, two rows outside the area, two unknown target groups.
    page.wait_for_url("**/organisations/import/*/")
    assert page.locator("#causes").count() == 0
    assert page.locator("button[value=commit]").is_enabled()
    assert "+358401234567" in page.locator("#row-2").inner_text()
    assert "info@vampula.fi" in page.locator("#row-2").inner_text()
    assert page.locator("#row-4").count() == 0  # outside the area: listed in the decision
    assert "Muonion Nuoret ry" in page.locator("#outside").inner_text()
    assert_no_axe_violations(page)

    # Commit before deciding: refused, nothing written, the choices are asked for.
    page.click("button[value=commit]")
    assert page.locator("#refused li").count() == 3
    assert Organization.objects.count() == organizations

    page.check("#outside input[name=outside]")
    assert page.locator("input[name=value-target_groups-0]").get_attribute("value") == "Perheet"
    page.select_option("#map-target_groups-0", str(network["families"].pk))
    page.select_option("#map-target_groups-1", "drop")
    page.check("input[name=decision-2][value=merge]")
    page.click("button[value=commit]")

    page.wait_for_url("**/organisations/import/*/")
    assert page.locator("#refused").count() == 0
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.result == {"created": 2, "updated": 1, "skipped": 3}
    assert Organization.objects.count() == organizations + 2
    vampula = Organization.objects.get(pk=network["vampula"].pk)
    assert sorted(vampula.target_groups.values_list("code", flat=True)) == ["families", "older"]
    assert_no_axe_violations(page)

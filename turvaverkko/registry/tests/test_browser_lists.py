"""Kaisa works through a long organisation list on a phone, without JavaScript (Chromium)."""

import csv
import io

import pytest

from turvaverkko.registry.models import Organization
from turvaverkko.web.testing import assert_no_axe_violations

from .factories import ContactPersonFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kaisa_filters_pages_and_downloads_the_organisation_list(
    chromium, live_server, personas, login_page, page, tmp_path
):
    for i in range(70):
        org = OrganizationFactory(
            name_fi=f"Kyläyhdistys {i:02d} ry",
            kind=Organization.Kind.VILLAGE_ASSOCIATION,
            municipalities=[personas.huittinen],
        )
        ContactPersonFactory(organization=org, position=0)
    OrganizationFactory(name_fi="Huittisten seurakunta", kind=Organization.Kind.PARISH,
                        municipalities=[personas.huittinen])  # fmt: skip
    page.set_viewport_size({"width": 375, "height": 812})
    login_page(personas.kaisa, lang="en")
    page.goto(f"{page.base}/en/organisations/")
    assert "Rows 1–50 of 72" in page.locator("caption").inner_text()
    assert_no_axe_violations(page)
    # Nothing wider than the phone but the table, which scrolls in its own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.select_option("#id_kind", "village_association")
    page.select_option("#id_sort", "name")
    page.click("form.list-filters button[type=submit]")
    page.wait_for_url("**kind=village_association**")
    assert "Rows 1–50 of 70" in page.locator("caption").inner_text()
    page.click("a[rel=next]")
    assert "Rows 51–70 of 70" in page.locator("caption").inner_text()
    assert page.locator("#id_kind").input_value() == "village_association"
    assert page.locator("tbody tr").first.inner_text().startswith("Kyläyhdistys 50 ry")
    assert_no_axe_violations(page)

    with page.expect_download() as download:
        page.click("text=Download these 70 rows as CSV")
    path = tmp_path / "organisations.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert len(rows) == 70 and rows[0]["Name"] == "Kyläyhdistys 00 ry"


def test_places_in_my_area_fit_a_phone(live_server, personas, login_page, page):
    from turvaverkko.directory.tests.factories import SiteFactory

    for i in range(3):
        SiteFactory(name_fi=f"Kohtaamispaikka {i}", municipality=personas.huittinen)
    page.set_viewport_size({"width": 375, "height": 812})
    login_page(personas.kaisa, lang="sv")
    page.goto(f"{page.base}/sv/sites/")
    assert page.locator("tbody tr").count() == 3
    # The hidden "Edit <name>" labels of the last column stay inside the scrolling table.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)

import pytest

from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_and_map_work_offline(page, login_page, personas, resources):
    login_page(personas.olli)
    page.goto(f"{page.base}/fi/resources/")
    # The list is the primary view and needs neither tiles nor the script.
    rows = page.locator("tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Sampun kylätalo" in rows[0]
    # Leaflet (served locally) draws one marker from the GeoJSON: only Olli's resource.
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert page.locator(".leaflet-marker-icon").get_attribute("aria-label") == "Sampun kylätalo"
    assert_no_axe_violations(page)

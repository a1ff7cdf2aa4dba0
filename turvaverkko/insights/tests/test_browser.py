"""Reetta, regional coordinator of Satakunta, in headless Chromium: coverage of her region on
a small synthetic grid, the map and the gaps, a what-if site, the welfare report downloads.

She signs in through the real login form and the real second factor (she enrols an
authenticator on the way, as a new coordinator does). Analyses run in the real database
task worker, started here when the page is waiting for it. Map tiles are aborted: the tests
are offline, and the page must work without tiles.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from turvaverkko.accounts.testing import complete_two_factor
from turvaverkko.areas.geo import to_wgs84
from turvaverkko.web.testing import assert_no_axe_violations

from .factories import build_world, centre_of, three_cell_grid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def reetta(page, personas, make_site, login_page):
    world = build_world(personas, make_site)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    login_page(personas.reetta)
    complete_two_factor(page, personas.reetta)
    page.world = world
    return page


def wait_for_results(page):
    """The run page polls for progress; the worker computes; the page reloads itself."""
    expect(page.locator("#progress-heading")).to_be_visible()
    work()
    expect(page.locator("#table-heading")).to_be_visible(timeout=15_000)


def test_regional_coverage_map_gaps_and_what_if(reetta):
    page = reetta
    page.goto(f"{page.base}/en/insights/coverage/")
    expect(page.locator(".notice-synthetic")).to_be_visible()
    assert_no_axe_violations(page)
    page.select_option("#id_area", "region:MK04")
    page.check("#id_low_threshold")
    page.click("main form button[type=submit]")
    wait_for_results(page)

    expect(page.locator("h1")).to_contain_text("Satakunta")
    expect(page.locator(".notice-synthetic").first).to_be_visible()
    table = page.locator("table.coverage").first
    expect(table).to_contain_text("Huittinen")
    expect(table).to_contain_text("Säkylä")
    # The map: Leaflet drew the grid cells and the places, even without tiles.
    expect(page.locator("#coverage-map.leaflet-container")).to_be_visible()
    expect(page.locator("#coverage-map")).to_have_attribute("data-cells-loaded", "4")
    assert page.locator("path.coverage-cell").count() == 4  # Huittinen 3, Säkylä 1
    expect(page.locator("path.coverage-site")).to_have_count(1)
    expect(page.locator("path.coverage-gap")).to_have_count(2)  # Säkylä, Huittinen's far cell
    expect(page.locator("table.gaps tbody tr").first).to_contain_text("Säkylä")
    assert_no_axe_violations(page)
    # On a 1280 px screen every table fits its column: nothing to scroll sideways.
    page.set_viewport_size({"width": 1280, "height": 900})
    overflow = page.evaluate(
        "[...document.querySelectorAll('main table')]"
        ".map(t => t.scrollWidth - t.parentElement.clientWidth)"
    )
    assert overflow and max(overflow) <= 0, overflow

    # Clicking the map fills the first candidate's coordinates...
    page.locator("#coverage-map").click(position={"x": 60, "y": 60})
    expect(page.locator("[data-map-status]")).to_contain_text("site 1")
    assert page.input_value("#id_lat1") and page.input_value("#id_lon1")
    # ...and here Reetta types in the far cell of Huittinen instead.
    latitude, longitude = to_wgs84(*centre_of(three_cell_grid(), 2))
    page.fill("#id_lat1", f"{latitude:.6f}")
    page.fill("#id_lon1", f"{longitude:.6f}")
    page.click("form[data-what-if] button[type=submit]")
    wait_for_results(page)

    comparison = page.locator("#whatif-result-heading + .table-wrap table")
    expect(comparison).to_be_visible()
    first_row = comparison.locator("tbody tr").first
    expect(first_row).to_contain_text("+5")  # the five residents of the far cell
    expect(page.locator("path.coverage-candidate")).to_have_count(1)


def test_welfare_report_downloads(reetta):
    page = reetta
    year = timezone.localdate().year
    page.goto(f"{page.base}/en/insights/report/")
    page.select_option("#id_municipality", "102")
    page.fill("#id_year", str(year))
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Huittinen")
    expect(page.locator("#s-appendix")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_download() as pdf_download:
        page.click("text=PDF for the welfare report")
    pdf = pdf_download.value
    assert pdf.suggested_filename == f"hyvinvointikertomus-102-{year}.pdf"
    with open(pdf.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    with page.expect_download() as csv_download:
        page.click("text=Indicators (CSV)")
    with open(csv_download.value.path(), encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    assert lines[0] == "municipality_code,period,indicator_id,value,source"
    assert f"102,{year},organisations.total,2,Turvaverkko registry" in lines

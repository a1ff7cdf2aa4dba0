"""The public directory in headless Chromium: search → detail → map, languages, axe, weight.

Map tiles come from tile.openstreetmap.org; the tests are offline, so every tile request is
aborted, which is also how a phone without a connection to the tile server sees the map.
"""

import re
from datetime import time

import pytest
from whitenoise.compress import Compressor

from turvaverkko.areas.tests.factories import PostalCodeFactory
from turvaverkko.directory.models import Site
from turvaverkko.registry.tests.factories import OrganizationFactory
from turvaverkko.web.testing import assert_no_axe_violations

from .factories import OpeningRuleFactory, ServiceFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_BUDGET = 100 * 1024


@pytest.fixture
def places(db):
    """A cafe in Huittinen with Swedish name and hours, 24 more places around, one in Lapland."""
    organization = OrganizationFactory(name_fi="Huittisten Martat ry")
    cafe = SiteFactory(
        name_fi="Olohuone-kahvila",
        name_sv="Vardagsrummet",
        description_fi="Matalan kynnyksen kohtaamispaikka kaikille. " * 3,
        low_threshold=True,
        step_free_access=True,
        organizations=[organization],
    )
    OpeningRuleFactory(site=cafe, byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(15))
    ServiceFactory(
        name_fi="Ruoka-apu", organization=organization, sites=[cafe], description_fi="Ruokaa."
    )
    for n in range(24):
        site = SiteFactory(
            name_fi=f"Kylätalo {n:02d}",
            description_fi="Kylän yhteinen talo, kahvila ja kokoontumistila. " * 2,
            latitude=61.10 + n * 0.01,
            longitude=22.60 + (n % 5) * 0.02,
        )
        OpeningRuleFactory(site=site)
        ServiceFactory(name_fi=f"Kerho {n}", organization=organization, sites=[site])
    SiteFactory(name_fi="Muonion kylätalo", latitude=67.9583, longitude=23.6808)
    return cafe


@pytest.fixture
def offline_tiles(page):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    return page


def test_search_then_detail_then_map(offline_tiles, places):
    page = offline_tiles
    page.goto(f"{page.base}/fi/")
    page.fill("#id_q", "kahvila")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url(re.compile(r"q=kahvila"))
    assert page.locator("#results-heading").inner_text().startswith("25")
    page.click("text=Olohuone-kahvila")
    assert page.locator("h1").inner_text() == "Olohuone-kahvila"
    assert "9.00–15.00" in page.locator("table.hours").inner_text()
    # The site's own map loads when it scrolls into view, with the site's marker.
    page.locator("#map").scroll_into_view_if_needed()
    page.wait_for_selector("#map .leaflet-marker-icon")
    assert page.locator("#map .leaflet-marker-icon").get_attribute("alt") == "Olohuone-kahvila"
    page.click("a[href^='/fi/map/?lat=']")  # "places near this one"
    page.wait_for_selector("#map[data-loaded]")
    # Around Huittinen at zoom 11 the places in view form clusters, marked with their counts.
    clusters = page.locator("#map .map-cluster")
    singles = page.locator("#map img.leaflet-marker-icon")
    counts = [int(text) for text in clusters.all_inner_texts()]
    assert sum(counts) + singles.count() >= 10
    assert any(count > 1 for count in counts)
    assert clusters.first.get_attribute("aria-label").startswith(str(counts[0]))
    # A cluster zooms in and the map asks for the data of the new view.
    page.evaluate("document.querySelector('#map').removeAttribute('data-loaded')")
    clusters.first.click()
    page.wait_for_selector("#map[data-loaded]")
    assert page.locator("#map .leaflet-marker-icon").count() >= 1
    # The list below the map never depends on the map.
    assert page.locator("ol.results li").count() == 20


def test_map_survives_without_tiles_and_lists_places(offline_tiles, places):
    page = offline_tiles
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )
    page.goto(f"{page.base}/fi/map/")
    page.wait_for_selector("#map[data-loaded]")
    assert page.locator(".leaflet-control-attribution").inner_text().find("OpenStreetMap") >= 0
    assert page.locator("#map .map-cluster, #map img.leaflet-marker-icon").count() >= 2
    assert page.locator("ol.results li").count() == 20
    assert errors == []
    assert_no_axe_violations(page)


def test_nearest_first_with_browser_location(offline_tiles, places):
    page = offline_tiles
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 67.95, "longitude": 23.68})
    page.goto(f"{page.base}/fi/")
    page.click("[data-nearme]")
    page.wait_for_url(re.compile(r"lat=67\.95"))
    first = page.locator("ol.results li").first
    assert "Muonion kylätalo" in first.inner_text()
    assert re.search(r"\d+ m|\d+,\d km", first.inner_text())


def test_language_switch_on_a_detail_page(offline_tiles, places):
    page = offline_tiles
    page.goto(f"{page.base}/fi/sites/{places.pk}/")
    page.click("text=På svenska")
    page.wait_for_url(re.compile(r"/sv/sites/"))
    assert page.locator("h1").inner_text() == "Vardagsrummet"
    assert page.locator("html").get_attribute("lang") == "sv"


def test_pages_pass_axe(offline_tiles, places):
    page = offline_tiles
    page.goto(f"{page.base}/fi/?q=kahvila&open_now=1&low_threshold=1")
    assert_no_axe_violations(page)
    page.goto(f"{page.base}/fi/?nearest=1")  # an error message
    assert_no_axe_violations(page)
    page.goto(f"{page.base}/fi/sites/{places.pk}/")
    page.locator("#map").scroll_into_view_if_needed()
    page.wait_for_selector("#map .leaflet-marker-icon")
    assert_no_axe_violations(page)
    service = places.services.get()
    page.goto(f"{page.base}/fi/services/{service.pk}/")
    assert_no_axe_violations(page)


def _transferred(page, url, *, then=None) -> tuple[int, list[str]]:
    """Bytes a first visit to `url` transfers, as production serves it (method below)."""
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    if then:
        then()
    page.wait_for_load_state("networkidle")
    total, urls = 0, []
    compressor = Compressor(use_brotli=False, quiet=True)
    for request in finished:
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        response = request.response()
        # The live test server sends static files as they are; in production WhiteNoise sends
        # the gzip file it made at collectstatic, so count that size (same function, same
        # rule: only when it saves at least 5 %). HTML is counted as sent: Django does not
        # compress it.
        path = request.url.split("?")[0]
        if "/static/" in path and not response.header_value("content-encoding"):
            data = response.body()
            if compressor.should_compress(path):
                gzipped = Compressor.compress_gzip(data)
                if len(gzipped) <= 0.95 * len(data):
                    body = len(gzipped)
        total += body + sizes["responseHeadersSize"]
        urls.append(request.url)
    return total, urls


def test_search_page_weighs_under_100_kb(offline_tiles, places):
    page = offline_tiles
    total, urls = _transferred(page, f"{page.base}/fi/?q=kyl")
    assert page.locator("ol.results li").count() == 20
    assert not any("leaflet" in url for url in urls)
    assert total < PAGE_BUDGET, (total, urls)


def test_map_page_weighs_under_100_kb(offline_tiles, places):
    page = offline_tiles

    def markers():
        page.wait_for_selector("#map[data-loaded]")

    total, urls = _transferred(page, f"{page.base}/fi/map/", then=markers)
    assert any("sites.geojson" in url for url in urls)
    assert total < PAGE_BUDGET, (total, urls)


def test_detail_page_with_its_map_weighs_under_100_kb(offline_tiles, places):
    page = offline_tiles

    def show_map():
        page.locator("#map").scroll_into_view_if_needed()
        page.wait_for_selector("#map .leaflet-marker-icon")

    total, urls = _transferred(page, f"{page.base}/fi/sites/{places.pk}/", then=show_map)
    assert any(url.endswith("leaflet/leaflet.js") for url in urls)  # Leaflet counts
    assert total < PAGE_BUDGET, (total, urls)


def test_map_is_not_loaded_before_it_is_needed(offline_tiles, places):
    page = offline_tiles
    Site.objects.filter(pk=places.pk).update(
        description_fi="Pitkä kuvaus. " * 400  # pushes the map far below the fold
    )
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{page.base}/sv/sites/{places.pk}/")
    page.wait_for_load_state("networkidle")
    assert not any("leaflet" in url for url in loaded)


def test_editor_with_map_picker(offline_tiles, places, personas, login_page):
    page = offline_tiles
    PostalCodeFactory(code="32700", municipality=personas.huittinen)
    places.organizations.add(personas.olli_org)
    login_page(personas.olli)
    page.goto(f"{page.base}/fi/sites/{places.pk}/edit/")
    assert page.locator("#id_name_fi").input_value() == "Olohuone-kahvila"
    assert_no_axe_violations(page)
    page.locator("#map").scroll_into_view_if_needed()
    page.wait_for_selector("#map .leaflet-marker-icon")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2)
    assert page.locator("#id_longitude").input_value() != "22.6995"
    page.fill("#id_name_sv", "Vardagsrummet i Huittinen")
    page.click("form.site-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/fi/sites/{places.pk}/$"))
    places.refresh_from_db()
    assert places.name_sv == "Vardagsrummet i Huittinen"
    assert places.longitude > 22.6995


def test_editor_enters_the_first_thursday_of_the_month(
    offline_tiles, places, personas, login_page, tmp_path
):
    """No JavaScript needed: checkboxes and two selects; the page then says it in words."""
    page = offline_tiles
    PostalCodeFactory(code="32700", municipality=personas.huittinen)
    places.organizations.add(personas.olli_org)
    login_page(personas.olli)
    page.goto(f"{page.base}/fi/sites/{places.pk}/edit/")
    page.check("#id_rules-1-byday_3")  # torstai
    page.fill("#id_rules-1-opens_at", "10:00")
    page.fill("#id_rules-1-closes_at", "12:00")
    page.select_option("#id_rules-1-repeats", "monthly_nth")
    page.select_option("#id_rules-1-nth", "1")
    page.locator("#id_rules-1-repeats").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "editor-fi.png")
    page.click("form.site-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/fi/sites/{places.pk}/$"))
    hours = page.locator("ul.regular-hours").inner_text()
    assert "1. torstai kuukaudessa 10.00–12.00" in hours
    assert "Maanantai–perjantai 9.00–15.00" in hours
    page.locator("#hours").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "site-fi.png")
    assert_no_axe_violations(page)
    page.goto(f"{page.base}/sv/sites/{places.pk}/#hours")
    assert "Första torsdagen i månaden 10.00–12.00" in page.locator("ul.regular-hours").inner_text()
    page.screenshot(path=tmp_path / "site-sv.png")
    page.goto(f"{page.base}/sv/sites/{places.pk}/edit/")
    page.locator("#id_rules-1-repeats").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "editor-sv.png")
    assert_no_axe_violations(page)

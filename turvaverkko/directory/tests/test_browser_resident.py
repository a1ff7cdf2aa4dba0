"""Residents find help in their own language (issue 16 §1, §3), in headless Chromium.

Run alone with `-k test_resident_`. Tiles are aborted (offline), as in test_browser.py.
"""

import re

import pytest
from playwright.sync_api import expect

from turvaverkko.areas.tests.factories import MunicipalityFactory, PostalCodeFactory
from turvaverkko.registry.tests.factories import OrganizationFactory
from turvaverkko.web.testing import assert_no_axe_violations

from .factories import ServiceFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offline_tiles(page):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    return page


@pytest.fixture
def help_texts(db):
    """Texts as associations write them: inflected, in Finnish, Swedish and English."""
    kimito = MunicipalityFactory(
        code="322",
        name_fi="Kemiönsaari",
        name_sv="Kimitoön",
        latitude=60.1633,
        longitude=22.7267,
    )
    PostalCodeFactory(code="25700", name_fi="KEMIÖ", name_sv="KIMITO", municipality=kimito)
    peer = SiteFactory(
        name_fi="Omaishoitajien olohuone",
        description_fi="Vertaistukea ja keskusteluapua joka keskiviikko.",
    )
    food = SiteFactory(
        name_fi="Kemiön seurakuntatalo",
        name_sv="Kimito församlingshem",
        municipality=kimito,
        postal_code="25700",
        city="Kimito",
        street_address="Kyrkvägen 3",
    )
    swedish = OrganizationFactory(name_fi="Kimitonejdens Marthor", name_sv="Kimitonejdens Marthor")
    ServiceFactory(
        organization=swedish,
        name_fi="Ruoka-apu",
        name_sv="Mathjälpen",
        description_sv="Kamratstödet och mathjälpen delar ut matkassar på torsdagar.",
        sites=[food],
    )
    young = SiteFactory(
        name_fi="Nuorisotila Pulssi",
        description_en="Peer support for young people, evenings.",
    )
    SiteFactory(name_fi="Kirjasto", description_fi="Lainaa kirjoja.")
    return {"peer": peer, "food": food, "young": young}


EXAMPLES = {
    "vertaistuki": "peer",
    "mathjälp": "food",
    "kamratstöd": "food",
    "peer support": "young",
}


def _result_ids(page) -> set[str]:
    hrefs = page.locator("ol.results h3 a").evaluate_all("links => links.map(a => a.href)")
    return {re.search(r"/sites/([0-9a-f-]+)/", href).group(1) for href in hrefs}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_resident_example_words_find_their_texts_on_page_and_in_both_apis(
    offline_tiles, help_texts, lang
):
    page = offline_tiles
    for words, expected in EXAMPLES.items():
        page.goto(f"{page.base}/{lang}/")
        page.fill("#id_q", words)
        page.click("form[role=search] button[type=submit]")
        page.wait_for_url(re.compile(r"q="))
        found = _result_ids(page)
        assert found == {str(help_texts[expected].pk)}, (lang, words)
        rest = page.request.get(f"{page.base}/api/sites/", params={"search": words}).json()
        assert {item["id"] for item in rest["results"]} == found, (lang, words)
    assert_no_axe_violations(page)
    hsds = page.request.get(f"{page.base}/hsds/services", params={"search": "mathjälp"}).json()
    assert [item["name"] for item in hsds["contents"]] in (["Ruoka-apu"], ["Mathjälpen"])
    for words in ("kamratstödet", "ruokaa"):
        hsds = page.request.get(f"{page.base}/hsds/services", params={"search": words}).json()
        assert hsds["total_items"] == 1, words


def test_resident_empty_search_offers_the_neighbouring_municipalities(offline_tiles, help_texts):
    page = offline_tiles
    huittinen = MunicipalityFactory()
    PostalCodeFactory(code="32700", municipality=huittinen)
    # Kemiönsaari's centre is far from Huittinen: nothing nearby, but elsewhere in Finland.
    page.goto(f"{page.base}/en/?q=mathj%C3%A4lp&place=Huittinen")
    assert "No results for “mathjälp” in Huittinen." in page.locator("main").inner_text()
    page.click("ul.suggestions a")
    assert _result_ids(page) == {str(help_texts["food"].pk)}
    assert_no_axe_violations(page)


def test_resident_search_error_takes_focus_and_links_to_the_field(offline_tiles, db):
    """After a failed search (an unknown municipality) focus is on the error summary, so a
    screen reader reads it first; its link leads to the field (issue 16 §5)."""
    page = offline_tiles
    page.goto(f"{page.base}/fi/")
    page.fill("#id_place", "Atlantis")
    page.press("#id_place", "Enter")
    page.wait_for_url(re.compile(r"place=Atlantis"))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert summary.get_attribute("role") == "alert"
    assert "Atlantis" in summary.inner_text()
    assert summary.locator("a[href='#id_place']").count() == 1
    assert_no_axe_violations(page)


def test_resident_a_new_place_without_coordinates_is_found_near_me(offline_tiles, db):
    PostalCodeFactory(code="32700", latitude=61.1766, longitude=22.6995)
    SiteFactory(name_fi="Kaukainen kylätalo", latitude=66.0, longitude=25.7)
    SiteFactory(name_fi="Uusi kohtaamispaikka", latitude=None, longitude=None, postal_code="32700")
    page = offline_tiles
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 61.18, "longitude": 22.70})
    page.goto(f"{page.base}/fi/")
    page.click("[data-nearme]")
    page.wait_for_url(re.compile(r"lat=61\.18"))
    first = page.locator("ol.results li").first
    assert "Uusi kohtaamispaikka" in first.inner_text()
    assert re.search(r"\d+ m", first.inner_text())


def test_resident_map_without_tiles_still_shows_the_place_with_its_marker(offline_tiles, db):
    site = SiteFactory(name_fi="Olohuone-kahvila")
    page = offline_tiles
    page.goto(f"{page.base}/fi/sites/{site.pk}/")
    page.locator("#map").scroll_into_view_if_needed()
    marker = page.locator("#map img.leaflet-marker-icon")
    marker.wait_for()
    # The marker image really loaded (not a broken image).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=marker.element_handle()
    )
    # The tiles were refused: the map says so, on a light background, with Finnish controls.
    page.wait_for_selector("#map.map-no-tiles")
    assert "without a background map" in page.locator("[data-map-status]").inner_text() or (
        "ilman taustakarttaa" in page.locator("[data-map-status]").inner_text()
    )
    zoom_in = page.locator("#map .leaflet-control-zoom-in")
    assert zoom_in.get_attribute("title") in ("Zoom in", "Lähennä")
    assert_no_axe_violations(page)


def test_resident_swedish_page_of_a_bilingual_municipality_has_no_finnish_on_it(
    offline_tiles, help_texts
):
    from datetime import date, timedelta

    from turvaverkko.directory.models import OpeningException

    food = help_texts["food"]
    food.street_address_fi, food.street_address_sv = "Kirkkotie 3", "Kyrkvägen 3"
    food.description_fi = "Seurakunnan sali ja keittiö."
    food.description_sv = "Församlingens sal och kök."
    food.save()
    OpeningException.objects.create(
        site=food,
        date=date.today() + timedelta(days=3),
        closed=True,
        description_fi="Pyhäpäivä",
        description_sv="Helgdag",
    )
    page = offline_tiles
    page.goto(f"{page.base}/sv/sites/{food.pk}/")
    main = page.locator("main").inner_text()
    for swedish in ("Kimito församlingshem", "Kyrkvägen 3", "Församlingens sal", "Mathjälpen",
                    "Helgdag", "Kimitoön"):  # fmt: skip
        assert swedish in main, swedish
    for finnish in ("Kemiön", "Kirkkotie", "Seurakunnan", "Ruoka-apu", "Pyhäpäivä", "Kemiönsaari"):
        assert finnish not in main, finnish
    assert page.locator("main [lang=fi]").count() == 0
    assert_no_axe_violations(page)
    # The service's page in Swedish, and a Finnish-only text marked as Finnish on it.
    page.click("text=Mathjälpen")
    assert page.locator("h1").inner_text() == "Mathjälpen"
    page.goto(f"{page.base}/sv/sites/{help_texts['peer'].pk}/")
    assert page.locator("h1 [lang=fi]").inner_text() == "Omaishoitajien olohuone"
    assert_no_axe_violations(page)

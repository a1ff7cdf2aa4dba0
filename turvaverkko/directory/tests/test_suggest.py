"""An empty search offers broader ones: the neighbouring municipalities, fewer filters."""

import pytest

from turvaverkko.areas.tests.factories import MunicipalityFactory, PostalCodeFactory, muonio

from .factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_no_results_in_a_municipality_suggests_its_neighbours(client):
    huittinen = MunicipalityFactory()
    PostalCodeFactory(code="32700", municipality=huittinen)
    # Vampula's centre is 15 km from Huittinen's; Muonio is 800 km away.
    vampula = MunicipalityFactory(
        code="922", name_fi="Vampula", name_sv="Vampula", latitude=61.01, longitude=22.70
    )
    for i in range(3):
        SiteFactory(name_fi=f"Vertaistukiryhmä {i}", municipality=vampula, city="Vampula")
    SiteFactory(name_fi="Vertaistuki Muonio", municipality=muonio(), city="Muonio")
    SiteFactory(name_fi="Kirjasto", municipality=huittinen)

    page = client.get("/fi/", {"q": "vertaistukea", "place": "Huittinen"}).content.decode()

    assert "Ei tuloksia haulle ”vertaistukea” kunnassa Huittinen." in page or (
        "No results for “vertaistukea” in Huittinen." in page
    )
    assert "?q=vertaistukea&amp;place=32700&amp;nearest=1" in page
    assert ">3 " in page  # three in the neighbouring municipalities
    assert '?q=vertaistukea"' in page  # four elsewhere in Finland
    nearby = client.get("/fi/?q=vertaistukea&place=32700&nearest=1").content.decode()
    assert "Vertaistukiryhmä 0" in nearby


def test_no_results_with_filters_suggests_the_search_without_them(client):
    SiteFactory(name_fi="Ruoka-apu", low_threshold=False)
    page = client.get("/fi/", {"q": "ruokaa", "low_threshold": "1"}).content.decode()
    assert '?q=ruokaa"' in page

"""A place saved without coordinates gets a point from its address (geocode.py)."""

import pytest

from turvaverkko.areas.tests.factories import MunicipalityFactory, PostalCodeFactory
from turvaverkko.directory.models import Site
from turvaverkko.directory.search import search_sites

from .factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_a_place_without_coordinates_gets_its_postal_areas_centre():
    PostalCodeFactory(code="32700", latitude=61.18, longitude=22.70)
    site = SiteFactory(latitude=None, longitude=None, postal_code="32700")
    site.refresh_from_db()
    assert (site.latitude, site.longitude, site.location_source) == (61.18, 22.70, "postal_code")
    assert site.easting is not None
    # It is found by "near me".
    near = search_sites(near=(61.17, 22.69))
    assert [hit.id for hit in near.items] == [site.pk]


def test_without_a_postal_area_point_the_municipality_centre():
    municipality = MunicipalityFactory(latitude=61.1766, longitude=22.6995)
    PostalCodeFactory(code="32740", latitude=None, longitude=None, municipality=municipality)
    site = SiteFactory(latitude=None, longitude=None, postal_code="32740")
    assert (site.latitude, site.location_source) == (61.1766, "municipality")


def test_a_derived_point_follows_the_address_and_a_moved_one_stays():
    PostalCodeFactory(code="32700", latitude=61.18, longitude=22.70)
    PostalCodeFactory(code="32740", latitude=61.30, longitude=22.80)
    site = SiteFactory(latitude=None, longitude=None, postal_code="32700")
    site = Site.objects.get(pk=site.pk)
    site.postal_code = "32740"
    site.save()
    assert (site.latitude, site.location_source) == (61.30, "postal_code")
    site = Site.objects.get(pk=site.pk)
    site.latitude, site.longitude = 61.31, 22.81  # moved on the editor's map
    site.save()
    site = Site.objects.get(pk=site.pk)
    assert (site.latitude, site.location_source) == (61.31, "given")
    site.postal_code = "32700"
    site.save()
    assert site.latitude == 61.31


def test_online_places_and_unknown_addresses_have_no_point():
    online = SiteFactory(kind=Site.Kind.ONLINE, latitude=None, longitude=None, postal_code="")
    assert online.latitude is None
    nowhere = SiteFactory(latitude=None, longitude=None, postal_code="", municipality=None)
    assert (nowhere.latitude, nowhere.location_source) == (None, "none")


def test_a_configured_geocoder_is_asked_first(settings):
    settings.DIRECTORY_GEOCODER = "turvaverkko.directory.tests.test_geocode.street_geocoder"
    PostalCodeFactory(code="32700", latitude=61.18, longitude=22.70)
    site = SiteFactory(latitude=None, longitude=None, street_address="Risto Rytin katu 1")
    assert (site.latitude, site.longitude, site.location_source) == (61.1771, 22.7001, "geocoder")
    failing = SiteFactory(latitude=None, longitude=None, street_address="Rikki 1")
    assert failing.location_source == "postal_code"


def street_geocoder(*, street_address, postal_code, city, municipality_code):
    if street_address == "Rikki 1":
        raise TimeoutError("the geocoder did not answer")
    return (61.1771, 22.7001)


def test_the_editor_and_the_coordinator_see_where_the_point_came_from(client_as, personas):
    PostalCodeFactory(
        code="32700", latitude=61.18, longitude=22.70, municipality=personas.huittinen
    )
    approximate = SiteFactory(
        name_fi="Marttojen tupa", latitude=None, longitude=None, organizations=[personas.olli_org]
    )
    pointless = SiteFactory(name_fi="Kylätalo ilman pistettä", organizations=[personas.olli_org])
    # As a bulk import leaves it (no save(), so no point from the address).
    Site.objects.filter(pk=pointless.pk).update(latitude=None, longitude=None, easting=None)
    for persona in ("olli", "kaisa"):  # the association's admin, Huittinen's coordinator
        dashboard = client_as(persona).get("/en/dashboard/").content.decode()
        flagged = dashboard.split("no point on the map", 1)[1].split("</ul>", 1)[0]
        assert "Kylätalo ilman pistettä" in flagged and "Marttojen tupa" not in flagged
    editor = client_as("olli").get(f"/en/sites/{approximate.pk}/edit/").content.decode()
    assert "The point on the map is approximate: centre of the postal code area." in editor

"""search_sites(): words, places, target groups, languages, open now, near me, pages."""

from datetime import date, datetime, time

import pytest

from turvaverkko.areas.tests.factories import MunicipalityFactory, PostalCodeFactory, muonio
from turvaverkko.directory.hours import HELSINKI
from turvaverkko.directory.models import Service, Site
from turvaverkko.directory.search import (
    open_site_ids,
    point_for_postal_code,
    resolve_municipality,
    search_sites,
)
from turvaverkko.registry.tests.factories import LanguageFactory

from .factories import (
    OpeningExceptionFactory,
    OpeningRuleFactory,
    ServiceFactory,
    SiteFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

# Monday 2025-06-02 at noon in Helsinki.
MONDAY_NOON = datetime(2025, 6, 2, 12, 0, tzinfo=HELSINKI)


def names(page):
    return [hit.name for hit in page.items]


def test_words_match_names_descriptions_and_services_in_every_language():
    cafe = SiteFactory(name_fi="Olohuone Kahvila", name_sv="Vardagsrum Kafé")
    hall = SiteFactory(name_fi="Seurojentalo", description_en="Warm soup on Fridays")
    food = SiteFactory(name_fi="Kirkon kerhohuone")
    ServiceFactory(name_fi="Ruoka-apu", name_en="Food aid", sites=[food])
    SiteFactory(name_fi="Kirjasto")

    assert names(search_sites(q="kahvila")) == ["Olohuone Kahvila"]
    assert names(search_sites(q="KAFÉ")) == ["Olohuone Kahvila"]
    assert names(search_sites(q="soup")) == [hall.name_fi]
    assert names(search_sites(q="food aid")) == [food.name_fi]
    assert names(search_sites(q="ruoka-apu")) == [food.name_fi]
    assert names(search_sites(q="kahvila soup")) == []  # every word must match
    assert cafe.pk in {hit.id for hit in search_sites(q="olohuone").items}


def test_words_match_the_place():
    SiteFactory(name_fi="Muonion kylätalo", municipality=muonio(), city="Muonio")
    SiteFactory(name_fi="Huittisten kylätalo")
    assert names(search_sites(q="kylätalo muonio")) == ["Muonion kylätalo"]


def test_sites_whose_name_matches_come_first():
    by_service = SiteFactory(name_fi="Aaltola")
    ServiceFactory(name_fi="Vertaistuki", sites=[by_service])
    SiteFactory(name_fi="Vertaistukikeskus")
    assert names(search_sites(q="vertaistuki")) == ["Vertaistukikeskus", "Aaltola"]


def test_unpublished_sites_and_ended_services_are_not_found():
    SiteFactory(name_fi="Piilotettu paikka", is_published=False)
    site = SiteFactory(name_fi="Avoin paikka")
    ServiceFactory(name_fi="Lopetettu kerho", status=Service.Status.DEFUNCT, sites=[site])
    assert search_sites(q="piilotettu").total == 0
    assert search_sites(q="kerho").total == 0
    page = search_sites()
    assert names(page) == ["Avoin paikka"]
    assert page.items[0].services == []


def test_municipality_by_code_or_name_and_postal_code():
    other = muonio()
    SiteFactory(name_fi="Huittisten paikka")
    SiteFactory(name_fi="Muonion paikka", municipality=other, postal_code="99300")
    assert resolve_municipality("498") == "498"
    assert resolve_municipality("muonio") == "498"
    assert resolve_municipality("Huittinen") == "102"
    assert resolve_municipality("Atlantis") is None
    assert names(search_sites(municipality="498")) == ["Muonion paikka"]
    assert names(search_sites(postal_code="99300")) == ["Muonion paikka"]
    assert names(search_sites(postal_code="32700")) == ["Huittisten paikka"]


def test_target_group_of_the_site_or_of_a_service_offered_there():
    youth = TargetGroupFactory(code="youth", name_fi="nuoret")
    elderly = TargetGroupFactory(code="elderly", name_fi="ikääntyneet")
    SiteFactory(name_fi="Nuorisotila", target_groups=[youth, elderly])
    club = SiteFactory(name_fi="Seurakuntatalo")
    service = ServiceFactory(name_fi="Nuortenilta", sites=[club])
    service.target_groups.set([youth])
    SiteFactory(name_fi="Muu paikka")
    assert names(search_sites(target_group="youth")) == ["Nuorisotila", "Seurakuntatalo"]
    assert names(search_sites(target_group="elderly")) == ["Nuorisotila"]


def test_language_of_the_site_or_of_a_service_offered_there():
    swedish = LanguageFactory(code="sv", name_fi="ruotsi", name_sv="svenska", name_en="Swedish")
    sami = LanguageFactory(code="se", name_fi="pohjoissaame", name_sv="nordsamiska")
    SiteFactory(name_fi="Kahvila", languages=[swedish])
    office = SiteFactory(name_fi="Toimisto")
    ServiceFactory(name_fi="Neuvonta", sites=[office]).languages.set([sami, swedish])
    SiteFactory(name_fi="Kirjasto")
    assert names(search_sites(language="sv")) == ["Kahvila", "Toimisto"]
    assert names(search_sites(language="se")) == ["Toimisto"]
    # Both filters at once, each satisfied differently, without duplicate rows.
    TargetGroupFactory(code="everyone")
    assert search_sites(language="sv", target_group="everyone").total == 0


def test_kind_and_low_threshold():
    SiteFactory(name_fi="Kohtaamispaikka", low_threshold=True)
    SiteFactory(name_fi="Virasto", kind=Site.Kind.OFFICE)
    assert names(search_sites(low_threshold=True)) == ["Kohtaamispaikka"]
    assert names(search_sites(kind="office")) == ["Virasto"]


def test_open_now_uses_the_given_time_rules_and_exceptions():
    OpeningRuleFactory(site=SiteFactory(name_fi="Arkisin auki"))
    evenings = SiteFactory(name_fi="Iltaisin auki")
    OpeningRuleFactory(site=evenings, opens_at=time(18), closes_at=time(22))
    holiday = SiteFactory(name_fi="Tänään suljettu")
    OpeningRuleFactory(site=holiday)
    OpeningExceptionFactory(site=holiday, date=date(2025, 6, 2), closed=True)
    special = SiteFactory(name_fi="Tänään poikkeuksellisesti auki")
    OpeningExceptionFactory(
        site=special, date=date(2025, 6, 2), closed=False, opens_at=time(11), closes_at=time(13)
    )
    night = SiteFactory(name_fi="Yökahvila")
    OpeningRuleFactory(site=night, byday="SU", opens_at=time(20), closes_at=time(2))
    SiteFactory(name_fi="Ei aukioloja")

    open_at_noon = search_sites(open_now=True, now=MONDAY_NOON)
    assert names(open_at_noon) == ["Arkisin auki", "Tänään poikkeuksellisesti auki"]
    assert open_at_noon.total == 2
    # Sunday's overnight opening is still open early on Monday.
    early = datetime(2025, 6, 2, 1, 0, tzinfo=HELSINKI)
    assert names(search_sites(open_now=True, now=early)) == ["Yökahvila"]
    evening = datetime(2025, 6, 2, 19, 0, tzinfo=HELSINKI)
    assert names(search_sites(open_now=True, now=evening)) == ["Iltaisin auki"]
    assert len(open_site_ids(evening)) == 1


def test_every_hit_says_whether_it_is_open_and_until_when():
    OpeningRuleFactory(site=SiteFactory(name_fi="Auki"))
    SiteFactory(name_fi="Kiinni")
    hits = {hit.name: hit for hit in search_sites(now=MONDAY_NOON).items}
    assert hits["Auki"].is_open
    assert hits["Auki"].open_until == datetime(2025, 6, 2, 17, 0, tzinfo=HELSINKI)
    assert not hits["Kiinni"].is_open


# Hand-placed sites around Huittinen (61.1766 N, 22.6995 E).
PLACES = {
    "Keskusta": (61.1780, 22.7000),  # ~160 m
    "Lauttakylä": (61.1950, 22.7300),  # ~2.6 km
    "Vampula": (61.0120, 22.7050),  # ~18 km
    "Pori": (61.4851, 21.7976),  # ~58 km
    "Muonio": (67.9583, 23.6808),  # ~755 km
}


@pytest.fixture
def placed_sites():
    sites = {
        name: SiteFactory(name_fi=name, latitude=lat, longitude=lon)
        for name, (lat, lon) in PLACES.items()
    }
    SiteFactory(name_fi="Verkossa", kind=Site.Kind.ONLINE, latitude=None, longitude=None)
    return sites


def test_near_me_orders_by_straight_line_distance(placed_sites):
    page = search_sites(near=(61.1766, 22.6995))
    assert names(page) == ["Keskusta", "Lauttakylä", "Vampula", "Pori", "Muonio"]
    assert page.total == 5  # the online site has no distance
    distances = [hit.distance_m for hit in page.items]
    assert distances[0] < 300
    assert 2_000 < distances[1] < 3_000
    assert 17_000 < distances[2] < 19_000
    assert 55_000 < distances[3] < 62_000
    assert 740_000 < distances[4] < 770_000


def test_near_me_pages_beyond_the_first_box(placed_sites):
    first = search_sites(near=(61.4851, 21.7976), per_page=2)
    assert names(first) == ["Pori", "Keskusta"]
    second = search_sites(near=(61.4851, 21.7976), per_page=2, page=2)
    assert names(second) == ["Lauttakylä", "Vampula"]
    assert second.total == 5 and second.num_pages == 3
    third = search_sites(near=(61.4851, 21.7976), per_page=2, page=3)
    assert names(third) == ["Muonio"]


def test_near_me_with_filters_and_open_now(placed_sites):
    OpeningRuleFactory(site=placed_sites["Pori"])
    OpeningRuleFactory(site=placed_sites["Muonio"])
    page = search_sites(near=(61.1766, 22.6995), open_now=True, now=MONDAY_NOON)
    assert names(page) == ["Pori", "Muonio"]
    assert page.total == 2


def test_postal_code_point_falls_back_to_the_municipality():
    PostalCodeFactory(code="32700", latitude=61.18, longitude=22.70)
    PostalCodeFactory(code="32740", name_fi="ÄETSÄ", latitude=None, longitude=None)
    assert point_for_postal_code("32700") == (61.18, 22.70)
    assert point_for_postal_code("32740") == (61.1766, 22.6995)
    assert point_for_postal_code("00000") is None


def test_pagination_and_total():
    for n in range(25):
        SiteFactory(name_fi=f"Paikka {n:02d}")
    first = search_sites()
    assert first.total == 25 and len(first.items) == 20 and first.has_next
    second = search_sites(page=2)
    assert names(second) == [f"Paikka {n}" for n in range(20, 25)]
    assert second.has_previous and not second.has_next
    beyond = search_sites(page=3)
    assert beyond.items == [] and beyond.total == 25


def test_names_in_the_chosen_language_fall_back_to_finnish():
    MunicipalityFactory(code="049", name_fi="Espoo", name_sv="Esbo")
    SiteFactory(name_fi="Kylätalo", name_sv="Byagård", municipality_id="049")
    SiteFactory(name_fi="Kahvila")
    page = search_sites(lang="sv")
    assert names(page) == ["Byagård", "Kahvila"]
    assert page.items[0].municipality_name == "Esbo"


def test_search_page_needs_few_queries(django_assert_max_num_queries):
    for n in range(30):
        site = SiteFactory(name_fi=f"Paikka {n}")
        OpeningRuleFactory(site=site)
        ServiceFactory(sites=[site])
    search_sites(now=MONDAY_NOON)  # builds the in-memory index once per process
    # The freshness stamp, then the page's sites, their services, rules and exceptions.
    with django_assert_max_num_queries(5):
        page = search_sites(q="paikka", now=MONDAY_NOON)
    assert page.total == 30
    assert all(hit.services for hit in page.items)

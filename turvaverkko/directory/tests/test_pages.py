"""The public pages through the Django test client: what a visitor without JavaScript gets."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from turvaverkko.areas.tests.factories import PostalCodeFactory, muonio
from turvaverkko.directory import actions, views
from turvaverkko.directory.hours import HELSINKI
from turvaverkko.directory.models import Site
from turvaverkko.registry.tests.factories import (
    ContactPersonFactory,
    LanguageFactory,
    OrganizationFactory,
    UserFactory,
)

from .factories import (
    OpeningExceptionFactory,
    OpeningRuleFactory,
    ServiceFactory,
    SiteFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def result_names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/\w\w/sites/[^"]+/"(?: lang="\w\w")?>([^<]+)</a></h3>', html)


@pytest.fixture
def martat(db):
    return OrganizationFactory(name_fi="Huittisten Martat ry")


@pytest.fixture
def cafe(martat):
    site = SiteFactory(
        name_fi="Olohuone-kahvila",
        name_sv="Vardagsrummet",
        description_fi="Matalan kynnyksen kohtaamispaikka.",
        low_threshold=True,
        step_free_access=True,
        induction_loop=True,
        accessibility_notes_fi="Ovikello pihan puolella.",
        organizations=[martat],
        languages=[
            LanguageFactory(code="fi"),
            LanguageFactory(code="sv", name_fi="ruotsi", name_sv="svenska", name_en="Swedish"),
        ],
        target_groups=[TargetGroupFactory(code="elderly", name_fi="ikääntyneet")],
    )
    OpeningRuleFactory(site=site, byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(15))
    ServiceFactory(
        name_fi="Ruoka-apu",
        organization=martat,
        description_fi="Kassi ruokaa kerran viikossa.",
        fees_description_fi="Maksuton.",
        application_process_fi="Tule paikalle, ei ajanvarausta.",
        sites=[site],
    )
    return site


def test_home_page_has_the_search_form_and_lists_places(client, cafe):
    html = text(client.get("/fi/"))
    assert '<form method="get" action="/fi/"' in html
    for field in ("q", "place", "target_group", "language", "kind"):
        assert f'<label for="id_{field}">' in html
    assert "<legend" in html and "<details" in html
    assert result_names(html) == ["Olohuone-kahvila"]
    assert 'href="/fi/map/"' in html


def test_search_words_without_javascript(client, cafe):
    SiteFactory(name_fi="Kirjasto")
    assert result_names(text(client.get("/fi/", {"q": "kahvila"}))) == ["Olohuone-kahvila"]
    assert result_names(text(client.get("/fi/", {"q": "ruoka-apu"}))) == ["Olohuone-kahvila"]
    html = text(client.get("/en/", {"q": "uimahalli"}))
    assert result_names(html) == [] and "No results for “uimahalli”." in html


def test_search_by_municipality_name_or_postal_code(client, cafe):
    SiteFactory(name_fi="Muonion kylätalo", municipality=muonio(), postal_code="99300")
    assert result_names(text(client.get("/fi/", {"place": "Muonio"}))) == ["Muonion kylätalo"]
    assert result_names(text(client.get("/fi/", {"place": "102"}))) == ["Olohuone-kahvila"]
    assert result_names(text(client.get("/fi/", {"place": "99300"}))) == ["Muonion kylätalo"]
    html = text(client.get("/fi/", {"place": "Atlantis"}))
    assert 'role="alert"' in html and "Atlantis" in html


def test_target_group_and_language_filters(client, cafe):
    SiteFactory(name_fi="Nuorisotila")
    assert result_names(text(client.get("/fi/", {"target_group": "elderly"}))) == [
        "Olohuone-kahvila"
    ]
    assert result_names(text(client.get("/fi/", {"language": "sv"}))) == ["Olohuone-kahvila"]
    html = text(client.get("/fi/"))
    assert '<option value="elderly">ikääntyneet</option>' in html


def test_open_now_filter(client, cafe):
    always = SiteFactory(name_fi="Aina auki")
    OpeningRuleFactory(
        site=always, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(0), closes_at=time(0)
    )
    closed = SiteFactory(name_fi="Tänään kiinni")
    OpeningRuleFactory(
        site=closed, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(0), closes_at=time(0)
    )
    OpeningExceptionFactory(site=closed, date=timezone.now().astimezone(HELSINKI).date())
    OpeningExceptionFactory(
        site=closed, date=timezone.now().astimezone(HELSINKI).date() - timedelta(days=1)
    )
    html = text(client.get("/en/", {"open_now": "1"}))
    names = result_names(html)
    assert "Aina auki" in names and "Tänään kiinni" not in names
    assert "Open now" in html


def test_nearest_first_by_postal_code_shows_distances(client, cafe):
    PostalCodeFactory(code="32700", latitude=61.1766, longitude=22.6995)
    SiteFactory(name_fi="Lauttakylä", latitude=61.1950, longitude=22.7300)
    SiteFactory(name_fi="Pori", latitude=61.4851, longitude=21.7976)
    html = text(client.get("/fi/", {"place": "32700", "nearest": "1"}))
    assert result_names(html) == ["Olohuone-kahvila", "Lauttakylä", "Pori"]
    assert "10 m" in html  # the cafe is at the postal code's point
    assert re.search(r"2,\d km", html)  # Finnish decimal comma
    assert re.search(r"5\d,\d km", html)
    english = text(client.get("/en/", {"place": "32700", "nearest": "1"}))
    assert re.search(r"2\.\d km", english)


def test_near_my_location_from_hidden_fields(client, cafe):
    SiteFactory(name_fi="Pori", latitude=61.4851, longitude=21.7976)
    html = text(client.get("/fi/", {"lat": "61.4851", "lon": "21.7976"}))
    assert result_names(html) == ["Pori", "Olohuone-kahvila"]
    assert re.search(r'<p class="meta">[^<]*(your location|sijainti)', html)


def test_nearest_needs_a_place(client, cafe):
    html = text(client.get("/fi/", {"nearest": "1"}))
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html


def test_pagination_links_keep_the_search(client, db):
    for n in range(23):
        SiteFactory(name_fi=f"Kerhotila {n:02d}")
    html = text(client.get("/en/", {"q": "Kerhotila"}))
    assert len(result_names(html)) == 20
    assert "23 places found" in html
    link = re.search(r'<a rel="next" href="\?([^"]+)">', html).group(1).replace("&amp;", "&")
    assert link == "q=kerhotila&page=2"
    second = text(client.get(f"/en/?{link}"))
    assert result_names(second) == ["Kerhotila 20", "Kerhotila 21", "Kerhotila 22"]
    assert 'rel="prev"' in second


def test_site_detail_shows_hours_accessibility_and_services(client, cafe):
    today = timezone.now().astimezone(HELSINKI).date()
    OpeningExceptionFactory(
        site=cafe, date=today + timedelta(days=1), closed=True, description="Siivouspäivä"
    )
    html = text(client.get(f"/en/sites/{cafe.pk}/"))  # English: the source texts
    # The page is English, the name Finnish (no English one): marked as Finnish (WCAG 3.1.2).
    assert '<h1><span lang="fi">Olohuone-kahvila</span></h1>' in html
    assert "Risto Rytin katu 1" in html and "32700" in html
    assert "9:00–15:00" in html  # English clock; Finnish pages say 9.00–15.00
    assert 'aria-current="date"' in html
    assert "Siivouspäivä" in html
    assert re.search(r"<dt>Step-free access</dt><dd>(yes|kyllä)</dd>", html)
    assert re.search(r"<dt>Accessible toilet</dt><dd>(no|ei)</dd>", html)
    assert "Ovikello pihan puolella." in html
    assert "Swedish" in html and "elderly" in html  # names in English, the page's language
    assert "Ruoka-apu" in html and "/en/services/" in html
    organization_url = views._organization_url(cafe.organizations.get().pk)
    if organization_url:  # the registry's public page, once it exists
        assert f'<a href="{organization_url}">Huittisten Martat ry</a>' in html
    else:
        assert "Huittisten Martat ry" in html
    assert 'data-lat="61.1766"' in html  # unlocalised for the map script
    assert "<script>" not in html and "style=" not in html


def test_site_detail_other_weeks(client, cafe):
    today = timezone.now().astimezone(HELSINKI).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=14)
    html = text(client.get(f"/fi/sites/{cafe.pk}/", {"week": str(monday + timedelta(days=2))}))
    assert f"{monday.day}.{monday.month}.{monday.year}" in html  # the week's Monday
    assert 'aria-current="date"' not in html
    assert f'href="?week={monday - timedelta(days=7)}#hours"' in html
    # Far away weeks fall back to this one.
    html = text(client.get(f"/fi/sites/{cafe.pk}/", {"week": "1999-01-04"}))
    assert 'aria-current="date"' in html


def test_detail_in_swedish_falls_back_to_finnish(client, cafe):
    assert "<h1>Vardagsrummet</h1>" in text(client.get(f"/sv/sites/{cafe.pk}/"))
    english = text(client.get(f"/en/sites/{cafe.pk}/"))
    assert '<h1><span lang="fi">Olohuone-kahvila</span></h1>' in english
    assert result_names(text(client.get("/sv/", {"q": "vardagsrum"}))) == ["Vardagsrummet"]


def test_service_detail(client, cafe):
    service = cafe.services.get()
    html = text(client.get(f"/fi/services/{service.pk}/"))
    assert "<h1>Ruoka-apu</h1>" in html
    assert "Kassi ruokaa kerran viikossa." in html
    assert "Maksuton." in html and "Tule paikalle, ei ajanvarausta." in html
    assert f"/fi/sites/{cafe.pk}/" in html
    OpeningRuleFactory(
        site=None, service=service, byday="WE", opens_at=time(12), closes_at=time(14)
    )
    assert "12.00–14.00" in text(client.get(f"/fi/services/{service.pk}/"))


def test_unpublished_and_ended_are_not_public(client, cafe):
    hidden = SiteFactory(name_fi="Piilossa", is_published=False)
    assert client.get(f"/fi/sites/{hidden.pk}/").status_code == 404
    service = cafe.services.get()
    service.status = "defunct"
    service.save()
    assert client.get(f"/fi/services/{service.pk}/").status_code == 404


def test_no_private_contact_data_on_public_pages(client, cafe, martat):
    contacts = [
        ContactPersonFactory(organization=martat, name="Olli Yhteys", position=0),
        ContactPersonFactory(organization=martat, name="Outi Varahenkilö", position=1),
        ContactPersonFactory(
            organization=martat, name="Julkinen Henkilö", is_public=True, position=2
        ),
    ]
    service = cafe.services.get()
    urls = [
        "/fi/",
        "/fi/?q=kahvila",
        "/fi/map/",
        f"/fi/sites/{cafe.pk}/",
        f"/sv/sites/{cafe.pk}/",
        f"/fi/services/{service.pk}/",
        "/fi/map/sites.geojson?bbox=19,59,32,71&zoom=16",
    ]
    for url in urls:
        html = text(client.get(url))
        for contact in contacts:
            assert contact.name not in html, url
            assert contact.phone not in html, url
            assert contact.email not in html, url


def test_map_page_lists_results_and_carries_the_filters(client, cafe):
    html = text(client.get("/fi/map/", {"q": "kahvila"}))
    assert result_names(html) == ["Olohuone-kahvila"]
    assert 'data-geojson="/fi/map/sites.geojson?q=kahvila"' in html
    assert 'data-extent="22.6995,61.1766,22.6995,61.1766"' in html
    assert "leaflet/leaflet.js" in html  # as a data attribute: loaded by map.js
    assert '<script src="/static/leaflet' not in html


def test_geojson_clusters_at_low_zoom_and_single_sites_up_close(client, db):
    for n in range(5):
        SiteFactory(name_fi=f"Keskusta {n}", latitude=61.1766 + n * 0.001, longitude=22.6995)
    SiteFactory(name_fi="Muonio", latitude=67.9583, longitude=23.6808)
    far = client.get("/fi/map/sites.geojson", {"bbox": "19,59,32,71", "zoom": "5"}).json()
    clusters = [f for f in far["features"] if f["properties"].get("cluster")]
    singles = [f for f in far["features"] if not f["properties"].get("cluster")]
    assert [c["properties"]["count"] for c in clusters] == [5]
    assert [s["properties"]["name"] for s in singles] == ["Muonio"]
    assert singles[0]["properties"]["url"].startswith("/fi/sites/")
    assert singles[0]["geometry"]["coordinates"] == [23.6808, 67.9583]
    near = client.get("/fi/map/sites.geojson", {"bbox": "22.6,61.1,22.8,61.3", "zoom": "16"})
    assert sorted(f["properties"]["name"] for f in near.json()["features"]) == [
        f"Keskusta {n}" for n in range(5)
    ]
    filtered = client.get(
        "/fi/map/sites.geojson", {"bbox": "19,59,32,71", "zoom": "16", "q": "muonio"}
    )
    assert [f["properties"]["name"] for f in filtered.json()["features"]] == ["Muonio"]
    assert client.get("/fi/map/sites.geojson", {"bbox": "nonsense", "zoom": "5"}).status_code == 400


def test_cached_page_shows_a_saved_change_at_once(client, cafe):
    assert result_names(text(client.get("/fi/", {"q": "kahvila"}))) == ["Olohuone-kahvila"]
    editor = UserFactory(email="editor@example.fi")
    actions.update_site(cafe, by=editor, data={"name_fi": "Olohuone-kahvila Uusi"})
    assert result_names(text(client.get("/fi/", {"q": "kahvila"}))) == ["Olohuone-kahvila Uusi"]


def test_online_site_without_coordinates(client, db):
    site = SiteFactory(
        name_fi="Chat-palvelu", kind=Site.Kind.ONLINE, latitude=None, longitude=None,
        street_address="", postal_code="", municipality=None,
    )  # fmt: skip
    assert result_names(text(client.get("/fi/"))) == ["Chat-palvelu"]
    html = text(client.get(f"/fi/sites/{site.pk}/"))
    assert "data-map" not in html


def test_nearest_to_a_municipality_centre_and_a_mangled_page_number(client, cafe):
    html = text(client.get("/en/", {"place": "huittinen", "nearest": "1", "page": "x2"}))
    assert result_names(html) == ["Olohuone-kahvila"]
    assert "Huittinen" in re.search(r'<p class="meta">Nearest first[^<]*</p>', html).group(0)


def test_page_cache_never_shares_a_csrf_token(client, rf, cafe):
    """A page that asked for a CSRF token is this visitor's own and is not cached."""
    from django.middleware.csrf import get_token

    @views.cached_for_anonymous
    def with_token(request):
        from django.http import HttpResponse

        return HttpResponse(get_token(request))

    first = with_token(rf.get("/fi/token/")).content
    second = with_token(rf.get("/fi/token/")).content
    assert first != second
    plain = views.cached_for_anonymous(lambda request: views.HttpResponse(str(id(request))))
    assert plain(rf.get("/fi/plain/")).content == plain(rf.get("/fi/plain/")).content

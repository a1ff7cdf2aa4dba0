"""Text shown in another language than the page's carries its `lang` (WCAG 3.1.2) in the
result list and on the map; the APIs give the Swedish and English street addresses; the
search's hot paths read what they show from the index (issue 16 §1–§2)."""

import pytest

from turvaverkko.registry.tests.factories import OrganizationFactory

from .factories import ServiceFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kimito(db):
    """A place with Finnish and Swedish names and streets, offering a service named in
    Swedish only."""
    org = OrganizationFactory(name_fi="Kimitoöns MLL")
    site = SiteFactory(
        name_fi="Kemiön perhetalo",
        name_sv="Kimito familjehus",
        street_address_fi="Villa Landerintie 2",
        street_address_sv="Villa Landersvägen 2",
        organizations=[org],
    )
    service = ServiceFactory(
        name_fi="", name_sv="Familjecafé", organization=org, sites=[site], description_fi=""
    )
    return site, service


def results_block(html: str) -> str:
    return html[html.index('<ol class="results"') : html.index("</ol>")]


def test_result_list_marks_fallback_names_addresses_and_services(client, kimito):
    site, _ = kimito
    finnish = results_block(client.get("/fi/", {"q": "perhetalo"}).content.decode())
    assert f'<a href="/fi/sites/{site.pk}/">Kemiön perhetalo</a>' in finnish
    assert "· Villa Landerintie 2," in finnish
    # The service has only a Swedish name: on a Finnish page it is marked Swedish.
    assert '<span lang="sv">Familjecafé</span>' in finnish

    swedish = results_block(client.get("/sv/", {"q": "familjehus"}).content.decode())
    assert f'<a href="/sv/sites/{site.pk}/">Kimito familjehus</a>' in swedish
    assert "· Villa Landersvägen 2," in swedish
    assert "Familjecafé" in swedish and 'lang="sv"' not in swedish

    # No English texts: the names fall back to Finnish and say so.
    english = results_block(client.get("/en/", {"q": "perhetalo"}).content.decode())
    assert f'<a href="/en/sites/{site.pk}/" lang="fi">Kemiön perhetalo</a>' in english
    assert '· <span lang="fi">Villa Landerintie 2</span>,' in english
    assert '<span lang="sv">Familjecafé</span>' in english


def test_map_popups_name_the_language_of_a_fallback_name(client, kimito):
    params = {"bbox": "19,59,32,71", "zoom": "16"}
    for prefix, name, lang in (
        ("fi", "Kemiön perhetalo", ""),
        ("sv", "Kimito familjehus", ""),
        ("en", "Kemiön perhetalo", "fi"),
    ):
        features = client.get(f"/{prefix}/map/sites.geojson", params).json()["features"]
        assert [(f["properties"]["name"], f["properties"]["lang"]) for f in features] == [
            (name, lang)
        ]


def test_hsds_address_in_the_request_language_with_fallback(client, kimito):
    _, service = kimito

    def street(lang):
        detail = client.get(f"/hsds/services/{service.pk}", {"lang": lang}).json()
        (address,) = detail["service_at_locations"][0]["location"]["addresses"]
        return address["address_1"]

    assert street("fi") == "Villa Landerintie 2"
    assert street("sv") == "Villa Landersvägen 2"
    assert street("en") == "Villa Landerintie 2"  # no English street name: Finnish


def test_rest_api_gives_every_language_of_the_street_address(client, kimito):
    site, _ = kimito
    (row,) = client.get("/api/sites/", {"search": "familjehus"}).json()["results"]
    assert row["street_address_sv"] == "Villa Landersvägen 2"
    assert row["street_address_en"] in ("", None)


def test_hsds_search_rows_follow_a_change_at_once(client, kimito):
    """The HSDS search serialises its rows from the index's row store; a change of a
    published organisation is in the next answer all the same."""
    _, service = kimito
    url = "/hsds/services"
    first = client.get(url, {"search": "familjecafé", "u": "1"}).json()["contents"]
    assert [s["organization"]["name"] for s in first] == ["Kimitoöns MLL"]
    service.organization.name_fi = "Kemiönsaaren MLL"
    service.organization.save()
    again = client.get(url, {"search": "familjecafé", "u": "2"}).json()["contents"]
    assert [s["organization"]["name"] for s in again] == ["Kemiönsaaren MLL"]

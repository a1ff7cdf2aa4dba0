"""The public HSDS 3.0 API: every response validates against the official schemas."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from turvaverkko.api.hsds import spec
from turvaverkko.directory.models import Service

from .conftest import personal_strings

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def assert_valid(kind, document):
    problems = spec.errors(kind, document)
    assert problems == [], problems[:5]


def assert_valid_page(kind, page):
    assert spec.page_errors(page) == []
    assert page["size"] == len(page["contents"])
    for item in page["contents"]:
        assert_valid(kind, item)


def test_root_names_version_profile_and_openapi(client, db):
    info = get(client, "/hsds/")
    assert info["version"] == "3.0"
    for key in ("profile", "openapi_url"):
        assert info[key].startswith("http://testserver/hsds/")
        assert client.get(info[key]).status_code == 200
    openapi = client.get(info["openapi_url"]).json()
    assert "/services" in openapi["paths"]
    assert openapi["servers"][0]["url"] == "http://testserver/hsds"


def test_service_list_items_are_one_to_one_and_valid(client, directory):
    page = get(client, "/hsds/services")
    assert_valid_page("service_list", page)
    assert page["total_items"] == 2
    assert page["first_page"] and page["last_page"] and not page["empty"]
    item = next(s for s in page["contents"] if s["id"] == str(directory.service.id))
    assert item["name"] == "Ruokajakelu"
    assert item["organization"]["name"] == "Huittisten Martat ry"
    assert not any(isinstance(v, list) for v in item.values())


def test_service_detail_is_fully_nested(client, directory):
    service = get(client, f"/hsds/services/{directory.service.id}")
    assert_valid("service", service)
    assert service["phones"][0]["number"] == "+358212349999"
    assert service["languages"][0]["code"] == "fi"
    assert service["service_areas"][0]["name"] == "Huittinen"
    [rule] = service["schedules"]
    assert (rule["byday"], rule["freq"], rule["wkst"]) == ("TU", "WEEKLY", "MO")
    assert rule["opens_at"][:8] == "10:00:00" and rule["opens_at"][8:] in ("+02:00", "+03:00")
    assert {(a["link_type"], a["taxonomy_term"]["code"]) for a in service["attributes"]} == {
        ("theme", "food-aid"),
        ("audience", "youth"),
    }
    # The unpublished site is not in the public data.
    [sal] = service["service_at_locations"]
    assert sal["location_id"] == str(directory.site.id)
    [sal_rule] = sal["schedules"]
    assert (sal_rule["interval"], sal_rule["valid_from"]) == (2, "2026-01-06")
    location = sal["location"]
    [address] = location["addresses"]
    assert address["country"] == "FI"
    assert address["state_province"] == "Satakunta"
    assert (address["postal_code"], address["city"]) == ("32700", "Huittinen")
    assert {a.get("details") for a in location["accessibility"]} == {
        "step_free_access",
        "induction_loop",
        None,
    }
    assert "Ramppi pääovella." in [a["description"] for a in location["accessibility"]]
    exceptions = [s for s in location["schedules"] if s.get("opening_exception")]
    assert {(s["valid_from"], s["closed"]) for s in exceptions} == {
        ("2026-12-24", True),
        ("2026-12-23", False),
    }
    assert service["translations"]["sv"]["name"] == "Matutdelning"


def test_organizations(client, directory, personas):
    page = get(client, "/hsds/organizations")
    assert_valid_page("organization_list", page)
    assert page["total_items"] == 2
    org = get(client, f"/hsds/organizations/{personas.olli_org.id}")
    assert_valid("organization", org)
    assert {
        (i.get("identifier_scheme"), i["identifier"]) for i in org["organization_identifiers"]
    } == {
        ("FI-PRO", "0737546-2"),
        (None, "123456"),
    }
    assert [c["name"] for c in org["contacts"]] == ["Paula Julkinen"]
    assert [s["name"] for s in org["services"]] == ["Ruokajakelu"]
    assert [loc["name"] for loc in org["locations"]] == ["Huittisten olohuone"]
    full = get(client, f"/hsds/organizations/{personas.olli_org.id}?full_service=true")
    assert_valid("organization", full)
    assert full["services"][0]["schedules"]
    full_page = get(client, "/hsds/organizations?full=true")
    assert_valid_page("organization", full_page)


def test_service_at_locations(client, directory):
    page = get(client, "/hsds/service_at_locations")
    assert_valid_page("service_at_location_list", page)
    assert {i["location"]["name"] for i in page["contents"]} == {
        "Huittisten olohuone",
        "Muonion kylätalo",
    }
    sal_id = directory.service.at_locations.get(site=directory.site).id
    detail = get(client, f"/hsds/service_at_locations/{sal_id}")
    assert_valid("service_at_location", detail)
    assert detail["service"]["name"] == "Ruokajakelu"
    hidden_id = directory.service.at_locations.get(site=directory.hidden).id
    assert client.get(f"/hsds/service_at_locations/{hidden_id}").status_code == 404
    assert_valid_page("service_at_location", get(client, "/hsds/service_at_locations?full=1"))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("search=ruokajakelu", {"Ruokajakelu"}),
        ("search=MATUTDELNING", {"Ruokajakelu"}),
        ("search=martat tiistaisin", {"Ruokajakelu"}),
        ("search=martat kyläapu", set()),
        ("search=kyläyhdistys", {"Kyläapu"}),
        ("postcode=32700", {"Ruokajakelu"}),
        ("postcode=99300&proximity=1000", {"Kyläapu"}),
        ("postcode=32700&proximity=1000", {"Ruokajakelu"}),
        ("lat=67.96&lon=23.68&proximity=5000", {"Kyläapu"}),
        ("lat=60.17&lon=24.94&proximity=5000", set()),
    ],
)
def test_service_filters(client, directory, query, expected):
    page = get(client, f"/hsds/services?{query}")
    assert {s["name"] for s in page["contents"]} == expected
    assert page["total_items"] == len(expected)
    assert page["empty"] == (not expected)


def test_filters_by_organization_taxonomy_and_modification(client, directory, personas):
    def names(query):
        return {s["name"] for s in get(client, f"/hsds/services?{query}")["contents"]}

    assert names(f"organization_id={personas.other_org.id}") == {"Kyläapu"}
    assert names(f"taxonomy_term_id={directory.youth.id}") == {"Ruokajakelu"}
    assert names(f"taxonomy_id={spec.taxonomy_id('theme')}") == {"Ruokajakelu"}
    future = (timezone.localdate() + timedelta(days=1)).isoformat()  # a date is read in Helsinki
    assert names(f"modified_after={future}") == set()
    past = (timezone.now() - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert names(f"modified_after={past}") == {"Ruokajakelu", "Kyläapu"}
    sal = get(client, "/hsds/service_at_locations?postcode=99300&proximity=2000")
    assert [i["location"]["name"] for i in sal["contents"]] == ["Muonion kylätalo"]


def test_paging_minimal_full_and_ndjson(client, directory):
    first = get(client, "/hsds/services?per_page=1")
    second = get(client, "/hsds/services?per_page=1&page=2")
    assert (first["total_pages"], first["last_page"], second["last_page"]) == (2, False, True)
    assert first["contents"][0]["id"] != second["contents"][0]["id"]
    minimal = get(client, "/hsds/services?minimal=true")
    assert_valid_page("service_list", minimal)
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}
    assert_valid_page("service", get(client, "/hsds/services?full=true"))
    response = client.get("/hsds/services?format=ndjson")
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert_valid("service_list", json.loads(line))


@pytest.mark.parametrize(
    "url",
    [
        "/hsds/services?page=0",
        "/hsds/services?per_page=abc",
        "/hsds/services?organization_id=nope",
        "/hsds/services?modified_after=yesterday",
        "/hsds/services?full=maybe",
        "/hsds/services?format=xml",
        "/hsds/service_at_locations?proximity=100",
        "/hsds/service_at_locations?postcode=32700&proximity=far",
        "/hsds/service_at_locations?lat=61&lon=x&proximity=100",
    ],
)
def test_bad_parameters_are_400_with_a_reason(client, directory, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_unknown_ids_are_404(client, directory):
    for url in ("/hsds/services/nope", f"/hsds/organizations/{directory.site.id}"):
        assert client.get(url).status_code == 404
    assert client.post("/hsds/services").status_code == 405


def test_language_from_parameter_or_accept_language(client, directory):
    url = f"/hsds/services/{directory.service.id}"
    assert get(client, url)["name"] == "Ruokajakelu"
    assert get(client, f"{url}?lang=sv")["name"] == "Matutdelning"
    sv = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    assert sv.json()["name"] == "Matutdelning"
    assert sv["Content-Language"] == "sv"
    # No English text: Finnish is the fallback.
    assert get(client, f"{url}?lang=en")["name"] == "Ruokajakelu"
    location = get(client, f"{url}?lang=sv")["service_at_locations"][0]["location"]
    assert location["name"] == "Huittinens vardagsrum"


def test_taxonomies_and_terms(client, directory):
    taxonomies = get(client, "/hsds/taxonomies")
    assert spec.page_errors(taxonomies) == []
    assert {t["name"] for t in taxonomies["contents"]} == {
        "Turvaverkko themes",
        "Turvaverkko target groups",
    }
    for taxonomy in taxonomies["contents"]:
        assert_valid("taxonomy", get(client, f"/hsds/taxonomies/{taxonomy['id']}"))
    terms = get(client, "/hsds/taxonomy_terms?lang=en")
    assert_valid_page("taxonomy_term", terms)
    assert {t["name"] for t in terms["contents"]} == {"Young people", "Food aid"}
    theme_terms = get(client, f"/hsds/taxonomy_terms?taxonomy_id={spec.taxonomy_id('theme')}")
    assert [t["code"] for t in theme_terms["contents"]] == ["food-aid"]
    assert_valid("taxonomy_term", get(client, f"/hsds/taxonomy_terms/{directory.food.id}"))


def test_no_personal_data_in_any_hsds_response(client, directory, personas):
    urls = [
        "/hsds/services?full=true",
        "/hsds/organizations?full=true&full_service=true",
        "/hsds/service_at_locations?full=true",
        f"/hsds/organizations/{personas.olli_org.id}?full_service=true",
        f"/hsds/organizations/{personas.other_org.id}",
        f"/hsds/services/{directory.service.id}",
    ]
    forbidden = personal_strings(personas)
    assert len(forbidden) >= 9
    for url in urls:
        body = client.get(url).content.decode()
        for text in forbidden:
            assert text not in body, (url, text)
    # The public contact person is there: publishing was her association's choice.
    assert "Paula Julkinen" in client.get(urls[3]).content.decode()


def test_responses_are_cached_for_a_short_while(client, directory, settings):
    settings.HSDS_CACHE_SECONDS = 30
    first = client.get("/hsds/services")
    assert first["Cache-Control"] == "public, max-age=30"
    Service.objects.filter(pk=directory.service.pk).update(status="inactive")
    assert client.get("/hsds/services").content == first.content
    settings.HSDS_CACHE_SECONDS = 0
    statuses = {s["status"] for s in get(client, "/hsds/services")["contents"]}
    assert "inactive" in statuses

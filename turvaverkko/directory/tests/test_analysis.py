"""The search analyser (analysis.py) and the one search service: inflections, compounds,
Swedish and English stems, and the same answer from the search page, HSDS and REST, in
memory and in SQL (this module runs on SQLite and, with DATABASE_URL, on PostgreSQL)."""

import pytest

from turvaverkko.directory import analysis
from turvaverkko.directory.models import Site
from turvaverkko.directory.search import search_service_ids, search_sites, sites_q

from .factories import ServiceFactory, SiteFactory


def matches(query: str, **texts_by_lang) -> bool:
    """Does `query` find a document of these texts (the in-memory rule)?"""
    stored = analysis.search_text({lang: [text] for lang, text in texts_by_lang.items()})
    return all(
        any(" " + term in stored for term in alternatives)
        for alternatives in analysis.query_alternatives(query)
    )


def test_voikko_is_installed_and_offline():
    assert analysis.voikko_available()
    bases, parts = analysis.finnish("vertaistukea")
    assert "vertaistuki" in bases
    assert "tuki" in parts


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("vertaistuki", "Vertaistukea omaishoitajille"),  # partitive
        ("vertaistukea", "Vertaistuki"),  # inflected query, base form in the text
        ("tuki", "Vertaistukea omaishoitajille"),  # a compound part
        ("keskusteluapu", "Keskusteluapua puhelimessa"),
        ("apu", "Ruoka-apua joka torstai"),  # a part of a hyphenated compound
        ("ruokaa", "Ruoka-apu"),
        ("nuorille", "Nuorten olohuone"),  # different cases of "nuori"
        ("huittisissa", "Huittisten kirjasto"),  # a place name inflected
        ("ikäihmisille", "Ikäihmisten kerho"),
    ],
)
def test_finnish_inflections_and_compounds(query, text):
    assert matches(query, fi=text)


@pytest.mark.parametrize(
    ("query", "lang", "text"),
    [
        ("kamratstöd", "sv", "Kamratstödet för närståendevårdare"),
        ("kamratstöd", "sv", "Kamratstödsgrupp på onsdagar"),  # compound by prefix
        ("mathjälp", "sv", "Mathjälpen delar ut kassar"),
        ("närståendevårdare", "sv", "För närståendevårdarna"),
        ("peer support", "en", "Supporting peers in grief"),
        ("food aid", "en", "Food aids on Thursdays"),
    ],
)
def test_swedish_and_english_stems(query, lang, text):
    assert matches(query, **{lang: text})


def test_every_word_must_match_and_unrelated_words_do_not():
    assert not matches("vertaistuki", fi="Tukipalvelut")  # "tuki" alone is not vertaistuki
    assert not matches("kahvila lounas", fi="Kahvila")
    assert not matches("kamratstöd", sv="Mathjälp")


def test_the_query_analysis_ignores_punctuation_and_case():
    assert analysis.query_alternatives("  VERTAISTUKI!  ") == analysis.query_alternatives(
        "vertaistuki"
    )
    assert analysis.query_alternatives("") == []


@pytest.fixture
def texts():
    """Sites and services in three languages; inflected forms in the texts."""
    peer = SiteFactory(
        name_fi="Omaishoitajien olohuone",
        name_sv="Närståendevårdarnas vardagsrum",
        description_fi="Vertaistukea ja keskusteluapua.",
        description_sv="Kamratstödet träffas på onsdagar.",
    )
    food = SiteFactory(name_fi="Seurakuntatalo", name_sv="Församlingshemmet")
    ServiceFactory(
        name_fi="Ruoka-apu",
        name_sv="Mathjälpen",
        name_en="Food aid",
        description_en="Groceries for families.",
        sites=[food],
    )
    young = SiteFactory(name_fi="Nuorisotila", description_en="Peer support for young people")
    library = SiteFactory(name_fi="Kirjasto", description_fi="Lainaa kirjoja.")
    return {"peer": peer, "food": food, "young": young, "library": library}


QUERIES = [
    ("vertaistuki", {"peer"}),
    ("kamratstöd", {"peer"}),
    ("mathjälp", {"food"}),
    ("peer support", {"young"}),
    ("ruokaa", {"food"}),
    ("närståendevårdare", {"peer"}),
    ("olohuoneessa", {"peer"}),
    ("kirjastoon lainaamaan", {"library"}),  # "lainaa" and "lainaamaan": lainata
    ("kirjastossa kahvila", set()),  # every word must match
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_page_and_sql_find_the_same_sites(texts, query, expected):
    """The in-memory search of the page and SQL (the REST API) agree, in any UI language."""
    found = set(Site.objects.filter(sites_q(query)).values_list("pk", flat=True))
    for lang in ("fi", "sv", "en"):
        page = search_sites(q=query, lang=lang, per_page=100)
        assert {hit.id for hit in page.items} == found
    assert found == {texts[name].pk for name in expected}


@pytest.mark.django_db
def test_rest_api_and_hsds_use_the_same_search(client, texts):
    for query, expected in QUERIES:
        rest = client.get("/api/sites/", {"search": query}).json()
        rest_ids = {item["id"] for item in rest["results"]}
        assert rest_ids == {str(texts[name].pk) for name in expected}, query
    hsds = client.get("/hsds/services", {"search": "mathjälp"}).json()
    assert [item["name"] for item in hsds["contents"]] == ["Ruoka-apu"]
    assert hsds["total_items"] == 1
    assert list(search_service_ids("food aid")) == list(search_service_ids("ruoka-apua"))


@pytest.mark.django_db
def test_names_that_match_come_first_then_the_nearest():
    far_name = SiteFactory(name_fi="Kahvila Pohjoinen", latitude=66.0, longitude=25.7)
    near_text = SiteFactory(
        name_fi="Seurojentalo", description_fi="Kahvilassa pullaa", latitude=60.2, longitude=24.9
    )
    near_name = SiteFactory(name_fi="Kahvila Etelä", latitude=60.3, longitude=24.9)
    page = search_sites(q="kahvila", near=(60.17, 24.94))
    assert [hit.id for hit in page.items] == [near_name.pk, far_name.pk, near_text.pk]

"""The HSDS search's pages: only a page's first entries are put in order, and a page's
objects come encoded from the index's row store; what a client sees is what the full sort
and a fresh serialisation give (bench/directory.py measures what this saves)."""

import json

import numpy as np
import pytest
from django.test.utils import CaptureQueriesContext

from turvaverkko.api.hsds.responses import Paging, encode
from turvaverkko.directory import search
from turvaverkko.directory.index import current_index, forget_index
from turvaverkko.directory.models import Service
from turvaverkko.directory.tests.factories import ServiceFactory, SiteFactory
from turvaverkko.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NAMES = ["Kahvila", "Perhekahvila", "Ruoka-apu", "Vertaistuki", "Kerho", "Äitien kahvila",
         "Olohuone", "Lounas", "Ystäväpalvelu", "Kuoro"]  # fmt: skip


@pytest.fixture
def many_services():
    """Services whose names and descriptions hold "kahvila" in different ways: some in their
    names (ranked first), some only in their description, in Finnish and Swedish."""
    forget_index()
    org = OrganizationFactory(name_fi="Kahvilayhdistys")
    site = SiteFactory(name_fi="Kylätalo")
    services = []
    for i in range(40):
        name = f"{NAMES[i % len(NAMES)]} {i:02d}"
        services.append(
            ServiceFactory(
                organization=org,
                name_fi=name,
                name_sv=f"Kafé {i:02d}" if i % 3 == 0 else "",
                description_fi="Kahvila kaikille." if i % 2 else "Tervetuloa.",
                sites=[site],
            )
        )
    yield services
    forget_index()


def full_sort(q: str, lang: str) -> list:
    """The order by the full sort (every match sorted): names holding every word first,
    then by name in `lang`."""
    index = current_index()
    services = index.services
    words = search.normalise_words(q)
    positions = services.terms.mask(words).nonzero()[0]
    in_name = services.terms.mask(words, names=True)[positions]
    rank = services.sort_rank[lang][positions]
    return [str(pk) for pk in services.ids[positions[np.lexsort((rank, ~in_name))]]]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_page_is_that_of_the_full_sort(client, many_services, lang):
    expected = full_sort("kahvila", lang)
    assert len(expected) > 20  # names and descriptions both match
    seen, total = [], None
    for page_number in range(1, 8):
        page = client.get(
            f"/hsds/services?search=kahvila&per_page=7&page={page_number}&lang={lang}"
        ).json()
        total = page["total_items"]
        assert page["size"] == len(page["contents"])
        seen += [item["id"] for item in page["contents"]]
    assert total == len(expected)
    assert seen == expected
    # NDJSON gives every match, in the same order.
    response = client.get(f"/hsds/services?search=kahvila&format=ndjson&lang={lang}")
    lines = b"".join(response.streaming_content)
    assert [json.loads(line)["id"] for line in lines.splitlines()] == expected


def test_a_page_seen_before_needs_no_query_and_reads_the_same(client, many_services):
    from django.db import connection

    first = client.get("/hsds/services?search=kahvila&per_page=10&u=1")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/hsds/services?search=kahvila&per_page=10&u=2")
    assert [q["sql"] for q in queries.captured_queries if "core_counter" not in q["sql"]] == []
    assert again.content == first.content
    # In Swedish the same services are written anew, with their Swedish names.
    swedish = client.get("/hsds/services?search=kahvila&per_page=10&lang=sv").json()
    assert {item["name"] for item in swedish["contents"]} >= {"Kafé 00"}


def test_a_changed_service_shows_in_the_next_search(client, many_services):
    page = client.get("/hsds/services?search=kahvila&per_page=50").json()
    first = page["contents"][0]
    Service.objects.filter(pk=first["id"]).update(name_fi="Kahvila muuttui")  # no signal
    service = Service.objects.get(pk=first["id"])
    service.save()  # the stamp moves: the index and its store are built again
    again = client.get("/hsds/services?search=kahvila&per_page=50").json()
    names = {item["id"]: item["name"] for item in again["contents"]}
    assert names[first["id"]] == "Kahvila muuttui"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_an_encoded_envelope_is_the_encoded_envelope(rf, count):
    paging = Paging(rf.get("/hsds/services?per_page=2&page=2").GET)
    objects = [{"id": str(i), "name": f"Kahvila “{i}”", "n": i / 3} for i in range(count)]
    encoded = paging.encoded_envelope(7, [encode(o) for o in objects])
    assert encoded == encode(paging.envelope(7, objects))
    assert json.loads(encoded)["empty"] == (count == 0)

"""A well-formed id that matches nothing filters to an empty list; a malformed one is a 400."""

import uuid

import pytest

pytestmark = pytest.mark.django_db

UNKNOWN = {
    "/api/services/": {"organization": str(uuid.uuid4())},
    "/api/sites/": {"municipality": "999"},
    "/api/service-at-locations/": {"service": str(uuid.uuid4()), "site": str(uuid.uuid4())},
    "/api/municipalities/": {"region": "MK99", "county": "99"},
    "/api/postal-codes/": {"municipality": "999"},
    "/api/taxonomy-terms/": {"parent": str(uuid.uuid4())},
}


@pytest.mark.parametrize("path", list(UNKNOWN))
def test_unknown_id_in_a_filter_gives_an_empty_list(client, path):
    response = client.get(path, UNKNOWN[path])
    assert response.status_code == 200, response.content
    assert response.json()["results"] == []


def test_a_known_id_still_filters_and_a_malformed_one_is_refused(client, personas):
    from turvaverkko.directory.tests.factories import ServiceFactory

    mine = ServiceFactory(organization=personas.olli_org)
    ServiceFactory(organization=personas.other_org)
    found = client.get("/api/services/", {"organization": str(personas.olli_org.pk)}).json()
    assert [s["id"] for s in found["results"]] == [str(mine.pk)]
    bad = client.get("/api/services/", {"organization": "not-a-uuid"})
    assert bad.status_code == 400
    assert "organization" in bad.json()

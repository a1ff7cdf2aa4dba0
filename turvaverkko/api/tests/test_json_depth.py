"""Deeply nested JSON is a clear 400 on the API, not an unhandled RecursionError (500)."""

import pytest

pytestmark = pytest.mark.django_db


def test_deeply_nested_json_is_a_400_naming_the_limit(client_as, personas):
    body = '{"name_fi": ' + "[" * 100_000 + "]" * 100_000 + "}"
    for name in ("kaisa", "anonymous"):
        client = client_as(name)
        client.raise_request_exception = False
        response = client.post("/api/organizations/", body, content_type="application/json")
        assert response.status_code in (400, 403), name
        if name == "kaisa":
            assert response.status_code == 400
            assert response.json() == {"detail": "JSON nested deeper than 32 levels"}


def test_ordinary_json_still_parses(client_as, personas):
    new = '{"name_fi": "Uusi yhdistys ry", "kind": "association", "municipalities": ["102"]}'
    response = client_as("kaisa").post("/api/organizations/", new, content_type="application/json")
    assert response.status_code == 201
    bad = client_as("kaisa").post("/api/organizations/", "{oops", content_type="application/json")
    assert bad.status_code == 400 and "JSON parse error" in bad.json()["detail"]

"""The OpenAPI document: valid with zero warnings, and it describes what the API serves."""

import pytest
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/organizations/", "/api/volunteers/me/", "/api/sites/", "/api/contacts/"):
        assert f"{path}:" in text


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Turvaverkko API"
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"redoc" in docs.content.lower()


@pytest.mark.django_db
def test_bench_baseline_endpoint(client):
    response = client.get("/api/bench/trivial")
    assert response.json() == {"ok": True}

"""The resource list (core.lists): filter, sort, page, CSV, and who may download it."""

import re

import pytest

from turvaverkko.core.tests.listing import csv_table, queries_for

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/en/resources/\d+/">([^<]+)</a>', html)


def _resources(personas, n, prefix="Kylätalo", **kwargs):
    return [
        ResourceFactory(
            organization=personas.olli_org,
            municipality=personas.huittinen,
            name=f"{prefix} {i:03d}",
            **kwargs,
        )
        for i in range(n)
    ]


def test_resources_filter_sort_page_and_csv(client_as, personas):
    _resources(personas, 53, kind="vehicle", prefix="Auto", readiness_minutes=30)
    _resources(personas, 4, kind="premises", prefix="Talo", key_holder="Kalle, 040 1234567")
    ResourceFactory(
        organization=personas.olli_org,
        municipality=personas.huittinen,
        name="+SUM(1) Aggregaatti",
        kind="equipment",
    )
    ResourceFactory(
        organization=personas.other_org,
        municipality=personas.other_municipality,
        name="Muonion laavu",
    )
    client = client_as("kaisa")
    page = client.get("/en/resources/?kind=vehicle").content.decode()
    assert "Rows 1–50 of 53" in page and 'rel="next"' in page
    assert '<option value="premises">premises / readiness centre (4)</option>' in page
    assert "Muonion laavu" not in page
    premises = client.get("/en/resources/?kind=premises&sort=name").content.decode()
    assert _names(premises) == ["Talo 000", "Talo 001", "Talo 002", "Talo 003"]

    rows = csv_table(client.get("/en/resources/export.csv?kind=vehicle"))
    assert len(rows) == 53 and {r["Type"] for r in rows} == {"vehicle"}
    houses = csv_table(client.get("/en/resources/export.csv?kind=premises&sort=name"))
    assert houses[0]["Key holder"] == "Kalle, 040 1234567"
    equipment = csv_table(client.get("/en/resources/export.csv?kind=equipment"))
    assert [r["Name"] for r in equipment] == ["'+SUM(1) Aggregaatti"]


def test_association_admin_keeps_resources_but_gets_no_csv(client_as, personas):
    _resources(personas, 2)
    olli = client_as("olli")
    page = olli.get("/en/resources/").content.decode()
    assert _names(page) == ["Kylätalo 000", "Kylätalo 001"]
    assert "export.csv" not in page
    assert olli.get("/en/resources/export.csv").status_code == 403


def test_resource_list_query_count_does_not_grow(client_as, personas):
    client = client_as("kaisa")
    _resources(personas, 20)
    small = queries_for(client, "/en/resources/")
    _resources(personas, 180, prefix="Lisää")
    assert queries_for(client, "/en/resources/") == small

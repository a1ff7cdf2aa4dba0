"""The organisation and import lists (core.lists): filter, sort, page, CSV, who may export."""

import re

import pytest
from django.utils import timezone

from turvaverkko.core.tests.listing import csv_table, queries_for
from turvaverkko.registry.models import ImportBatch, Organization, TaxonomyTerm

from .factories import ContactPersonFactory, OrganizationFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db


def _names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/en/organisations/[^"]+/">([^<]+)</a>', html)


def _network(personas, n: int, **kwargs):
    return [
        OrganizationFactory(
            name_fi=f"Yhdistys {i:03d} ry", municipalities=[personas.huittinen], **kwargs
        )
        for i in range(n)
    ]


def test_organisations_filter_sort_page_and_csv(client_as, personas):
    parishes = [
        OrganizationFactory(
            name_fi=f"Seurakunta {c}",
            kind=Organization.Kind.PARISH,
            municipalities=[personas.huittinen],
        )
        for c in "CAB"
    ]
    _network(personas, 60)
    # A name that a spreadsheet would run as a formula.
    OrganizationFactory(
        name_fi='=HYPERLINK("http://evil.example","Klikkaa")',
        kind=Organization.Kind.PARISH,
        municipalities=[personas.huittinen],
    )
    ContactPersonFactory(organization=parishes[0], position=0, name="Pirjo Pappila")
    client = client_as("kaisa")

    first = client.get("/en/organisations/").content.decode()
    assert "Rows 1–50 of 65" in first  # 60 + 4 parishes + Olli's association
    assert len(_names(first)) == 50
    assert 'rel="next"' in first and 'rel="prev"' not in first
    # Each type with the number of rows it would show.
    assert '<option value="parish">parish (4)</option>' in first

    page = client.get("/en/organisations/?kind=parish&sort=name").content.decode()
    assert "Rows 1–4 of 4" in page
    assert _names(page)[1:] == ["Seurakunta A", "Seurakunta B", "Seurakunta C"]
    assert "Download these 4 rows as CSV" in page
    assert 'href="/en/organisations/export.csv?kind=parish&amp;sort=name"' in page

    rows = csv_table(client.get("/en/organisations/export.csv?kind=parish&sort=name"))
    assert [r["Name"] for r in rows] == [
        '\'=HYPERLINK("http://evil.example","Klikkaa")',  # neutralised
        "Seurakunta A",
        "Seurakunta B",
        "Seurakunta C",
    ]
    assert rows[3]["Contact person"] == "Pirjo Pappila"
    assert rows[3]["Municipalities"] == personas.huittinen.name

    # The pager keeps the filters; a page of 100 shows them all.
    everything = client.get("/en/organisations/?sort=name&per=100").content.decode()
    assert "Rows 1–65 of 65" in everything and 'rel="next"' not in everything
    second = client.get("/en/organisations/?sort=name&page=2").content.decode()
    assert "Rows 51–65 of 65" in second
    assert 'href="?sort=name&amp;page=1" rel="prev"' in second


def test_search_stale_and_theme_filters_and_csv_has_all_filtered_rows(client_as, personas):
    theme = TaxonomyTermFactory(taxonomy=TaxonomyTerm.Taxonomy.THEME, code="food", name_en="Food")
    fresh = _network(personas, 70)
    for org in fresh[:55]:
        org.themes.add(theme)
    Organization.objects.filter(pk__in=[o.pk for o in fresh[:3]]).update(confirmed_at=None)
    client = client_as("kaisa")

    rows = csv_table(client.get(f"/en/organisations/export.csv?theme={theme.pk}"))
    # All 55 rows, not the page of 50.
    assert sorted(r["Name"] for r in rows) == sorted(o.name for o in fresh[:55])
    stale = csv_table(client.get(f"/en/organisations/export.csv?theme={theme.pk}&stale=on"))
    assert sorted(r["Name"] for r in stale) == sorted(o.name for o in fresh[:3])
    found = client.get("/en/organisations/?q=Yhdistys+007").content.decode()
    assert _names(found) == ["Yhdistys 007 ry"]
    # An unknown sort key or page size is ignored, not an error.
    assert client.get("/en/organisations/?sort=password&per=100000").status_code == 200


def test_the_coordinators_own_area_comes_first(client_as, personas):
    """An admin sees every organisation; the municipality they coordinate comes first."""
    from turvaverkko.registry.models import RoleAssignment

    from .factories import RoleAssignmentFactory

    RoleAssignmentFactory(
        user=personas.admin,
        role=RoleAssignment.Role.MUNICIPAL_COORDINATOR,
        municipality=personas.other_municipality,
    )
    OrganizationFactory(name_fi="Aakkosissa ensin ry", municipalities=[personas.huittinen])
    names = _names(client_as("admin").get("/en/organisations/").content.decode())
    assert names[0] == "Muonion Kyläyhdistys ry"
    assert names[1:] == ["Aakkosissa ensin ry", "Huittisten Martat ry"]


@pytest.mark.parametrize("persona", ["olli", "ville", "mikko"])
def test_no_csv_without_the_coordinators_rights(client_as, personas, persona):
    response = client_as(persona).get("/en/organisations/export.csv")
    if persona == "mikko":
        # Mikko coordinates Muonio: the file has Muonio's organisations only.
        assert [r["Name"] for r in csv_table(response)] == ["Muonion Kyläyhdistys ry"]
    else:
        assert response.status_code == 403


def test_query_count_does_not_grow_with_rows(client_as, personas):
    client = client_as("kaisa")
    for org in _network(personas, 20):
        ContactPersonFactory(organization=org, position=0)
    small = queries_for(client, "/en/organisations/?sort=name")
    for org in _network(personas, 180):
        ContactPersonFactory(organization=org, position=0)
    large = queries_for(client, "/en/organisations/?sort=name")
    assert small == large


def _batch(user, filename, status, **kwargs):
    return ImportBatch.objects.create(
        created_by=user, filename=filename, format="csv", status=status, **kwargs
    )


def test_import_list_filter_sort_page_and_csv(client_as, personas):
    for i in range(55):
        _batch(personas.kaisa, f"kysely-{i:02d}.csv", ImportBatch.Status.DISCARDED)
    _batch(
        personas.kaisa,
        "=cmd.csv",
        ImportBatch.Status.COMMITTED,
        total=12,
        result={"created": 10, "updated": 1, "skipped": 1},
        committed_at=timezone.now(),
    )
    _batch(personas.mikko, "muonio.csv", ImportBatch.Status.COMMITTED)
    client = client_as("kaisa")

    page = client.get("/en/organisations/imports/").content.decode()
    assert "Rows 1–50 of 56" in page  # Kaisa's own only
    assert "muonio.csv" not in page
    assert 'rel="next"' in page
    done = client.get("/en/organisations/imports/?status=committed").content.decode()
    assert "Rows 1–1 of 1" in done and "10 created, 1 updated, 1 skipped" in done
    rows = csv_table(client.get("/en/organisations/imports/export.csv?status=committed"))
    assert rows == [
        {
            "File": "'=cmd.csv",
            "File format": "csv",
            "Uploaded": rows[0]["Uploaded"],
            "Uploaded by": "kaisa@example.fi",
            "Status": "imported",
            "Rows": "12",
            "Created": "10",
            "Updated": "1",
            "Skipped": "1",
            "Imported": rows[0]["Imported"],
        }
    ]
    everything = csv_table(client.get("/en/organisations/imports/export.csv?sort=file"))
    assert len(everything) == 56
    assert [r["File"] for r in everything][:2] == ["'=cmd.csv", "kysely-00.csv"]
    # An admin sees every import, their own first.
    _batch(personas.admin, "zzz-admin.csv", ImportBatch.Status.UPLOADED)
    admin_rows = csv_table(client_as("admin").get("/en/organisations/imports/export.csv"))
    assert len(admin_rows) == 58 and admin_rows[0]["File"] == "zzz-admin.csv"
    assert client_as("olli").get("/en/organisations/imports/export.csv").status_code == 403


def test_import_list_query_count_does_not_grow(client_as, personas):
    client = client_as("kaisa")
    for i in range(20):
        _batch(personas.kaisa, f"a-{i}.csv", ImportBatch.Status.UPLOADED, rows=[{"row": 2}])
    small = queries_for(client, "/en/organisations/imports/")
    for i in range(180):
        _batch(personas.kaisa, f"b-{i}.csv", ImportBatch.Status.UPLOADED)
    assert queries_for(client, "/en/organisations/imports/") == small

"""A real association survey export, as a coordinator gets it, imported to the end (issue 11 §2).

The same rows in the three shapes survey tools and Excel write: semicolon CSV with a UTF-8
byte order mark, semicolon CSV in Windows-1252, and XLSX. Rows outside Kaisa's area, unknown
target groups and near-duplicate names are decisions; only real errors block the commit.
"""

import re

import pytest

from turvaverkko.registry.freshness import is_stale
from turvaverkko.registry.models import ImportBatch, Organization, TaxonomyTerm
from turvaverkko.registry.reference import term_id
from turvaverkko.registry.tests.factories import OrganizationFactory, TaxonomyTermFactory

from .test_import import csv_bytes, upload, xlsx_bytes

HEADER = ["Nimi", "Y-tunnus", "Rekisterinumero", "Kotikunta", "Sähköposti", "Puhelin",
          "Toimiala", "Kohderyhmät", "Vapaaehtoisia"]  # fmt: skip
ROWS = [
    # 2: the existing "Vampulan Kyläyhdistys ry" (another Y-tunnus): a possible duplicate
    ["Vampulan kyläyhdistys ry", "0737546-2", "", "Huittinen", "INFO@Vampula.fi ",
     "040 123 4567", "Ruoka-apu", "Ikääntyneet, Perheet", "12"],
    # 3: the existing "Huittisten Martat ry": a duplicate (skipped unless updated)
    ["HUITTISTEN MARTAT RY", "", "", "102", "", "", "", "", "3"],
    # 4, 5: outside Kaisa's area
    ["Muonion Nuoret ry", "", "", "Muonio", "nuoret@example.fi", "", "", "Nuoret", ""],
    ["Muonion Metsästäjät ry", "", "", "Muonio", "", "", "", "", ""],
    # 6: a new organisation whose target group "Aikuiset" is not in the list
    ["Huittisten Kuoro ry", "", "123.456", "Huittinen", "kuoro@example.fi", "02 123 4567",
     "", "Perheet, Aikuiset", "20"],
    # 7: "Huittisten Eläkeläset" – a near match of "Huittisten Eläkeläiset ry"
    ["Huittisten Eläkeläset", "", "", "Huittinen", "", "", "", "Ikääntyneet", ""],
]  # fmt: skip
ERRORS = [
    # 8, 9: real errors
    ["Sastamalan Laulu ry", "", "", "Huitinen", "", "", "", "", ""],
    ["Huittisten Nuorisoseura ry", "1234567-2", "", "Huittinen", "", "", "", "", ""],
]


def shapes(rows):
    return [
        ("kysely-bom.csv", csv_bytes(rows, encoding="utf-8", bom=True)),
        ("kysely-excel.csv", csv_bytes(rows, encoding="cp1252")),
        ("kysely.xlsx", xlsx_bytes(rows)),
    ]


@pytest.fixture
def kaisa(client_as, themes):
    return client_as("kaisa")


@pytest.fixture
def network(personas, themes):
    group = TaxonomyTermFactory(
        taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP,
        code="families",
        name_fi="Lapsiperheet",
        name_sv="Barnfamiljer",
        name_en="Families with children",
    )
    TaxonomyTermFactory(
        taxonomy=TaxonomyTerm.Taxonomy.TARGET_GROUP,
        code="older",
        name_fi="Ikääntyneet",
        name_sv="Äldre",
        name_en="Older people",
    )
    vampula = OrganizationFactory(
        name_fi="Vampulan Kyläyhdistys ry",
        business_id="1572860-0",
        municipalities=[personas.huittinen],
    )
    elakelaiset = OrganizationFactory(
        name_fi="Huittisten Eläkeläiset ry", municipalities=[personas.huittinen]
    )
    return {"families": group, "vampula": vampula, "elakelaiset": elakelaiset}


def preview(client, batch, data=None):
    url = f"/en/organisations/import/{batch.pk}/"
    return client.post(url, data) if data else client.get(url)


def causes(response):
    listed = re.search(r'<ul id="causes">(.*?)</ul>', response.content.decode(), re.S)
    return re.findall(r"<li>([^<]*)</li>", listed.group(1)) if listed else []


@pytest.mark.parametrize(
    "name,data", shapes([HEADER, *ROWS, *ERRORS]), ids=["bom", "cp1252", "xlsx"]
)
def test_real_errors_are_counted_per_cause_and_block_the_commit(kaisa, network, name, data):
    batch = upload(kaisa, name, data)
    response = preview(kaisa, batch)
    content = response.content.decode()
    # Two real errors, each named once; the other rows are decisions, not problems.
    assert causes(response) == ["Unknown municipality: row 8", "Invalid Y-tunnus: row 9"]
    assert "row 8: unknown municipality “Huitinen”; did you mean Huittinen?" in content
    assert "row 9: Y-tunnus 1234567-2 has a wrong check digit." in content
    assert re.search(r'<button type="submit" name="action" value="commit" disabled', content)

    organizations = Organization.objects.count()
    response = preview(kaisa, batch, {"action": "commit", "outside": "skip"})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert Organization.objects.count() == organizations
    assert not TaxonomyTerm.objects.filter(name_fi="Aikuiset").exists()

    # A refused batch can be thrown away; its rows (personal data) go with it.
    response = preview(kaisa, batch, {"action": "discard"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED and batch.rows == []
    assert Organization.objects.count() == organizations


@pytest.mark.parametrize("name,data", shapes([HEADER, *ROWS]), ids=["bom", "cp1252", "xlsx"])
def test_a_valid_survey_export_can_be_finished(kaisa, network, personas, name, data):
    batch = upload(kaisa, name, data)
    # No contact person's name column: e-mail and phone are the public channels.
    assert batch.mapping["org_email"] == 4 and batch.mapping["org_phone"] == 5
    assert "contact_email" not in batch.mapping
    response = preview(kaisa, batch)
    content = response.content.decode()
    assert causes(response) == []
    results = {r.number: r for r in response.context["results"]}
    # Converted values are shown as they will be saved.
    assert results[2].values["org_email"] == "info@vampula.fi"
    assert results[2].values["org_phone"] == "+358401234567"
    assert "+358401234567" in content and "info@vampula.fi" in content
    assert results[6].values["association_number"] == "123456"
    # Decisions: possible duplicates, a duplicate, rows outside the area.
    assert results[2].duplicate.possible and results[2].duplicate.existing == network["vampula"]
    assert results[2].choices == ("create", "merge", "skip")
    assert results[3].duplicate.existing == personas.olli_org and not results[3].duplicate.possible
    assert results[7].duplicate.possible
    assert results[7].duplicate.existing == network["elakelaiset"]
    assert [r.number for r in response.context["outside"]] == [4, 5]
    assert "Skip these 2 rows" in content
    assert "Columns that are not imported: Vapaaehtoisia" in content  # said, not dropped silently
    # Unknown target groups wait for a mapping, with every choice a coordinator has.
    step = response.context["value_steps"][0]
    assert step["name"] == "target_groups"
    assert [(v["value"], v["rows"]) for v in step["values"]] == [
        ("Perheet", [2, 6]),
        ("Aikuiset", [6]),
    ]
    assert step["can_create"] is False  # Kaisa is not an admin

    # Committing before deciding names what is left to decide, and writes nothing.
    organizations = Organization.objects.count()
    response = preview(kaisa, batch, {"action": "commit"})
    refused = response.content.decode()
    assert "Decide about the 2 rows outside your area." in refused
    assert "Choose what “Perheet” means (rows 2, 6)." in refused
    assert Organization.objects.count() == organizations

    response = preview(
        kaisa,
        batch,
        {
            "action": "commit",
            "outside": "skip",
            "decision-2": "merge",
            "decision-7": "create",
            "values-target_groups": "2",
            "value-target_groups-0": "Perheet",
            "map-target_groups-0": str(network["families"].pk),
            "value-target_groups-1": "Aikuiset",
            "map-target_groups-1": "drop",
        },
    )
    assert response.status_code == 302, causes(response)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    # created: Kuoro, Eläkeläset; updated: Vampula; skipped: Martat and the two of Muonio
    assert batch.result == {"created": 2, "updated": 1, "skipped": 3}
    assert Organization.objects.count() == organizations + 2

    vampula = Organization.objects.get(pk=network["vampula"].pk)
    assert vampula.business_id == "0737546-2"  # the new Y-tunnus
    assert vampula.email == "info@vampula.fi" and vampula.phone == "+358401234567"
    assert sorted(vampula.target_groups.values_list("code", flat=True)) == ["families", "older"]
    assert not vampula.contacts.exists()  # public channels, not a nameless contact person
    kuoro = Organization.objects.get(name_fi="Huittisten Kuoro ry")
    assert list(kuoro.target_groups.values_list("code", flat=True)) == ["families"]
    assert kuoro.phone == "+35821234567"
    # Imported, not confirmed by the association: stale at once, so the association is asked.
    assert kuoro.confirmed_at is None and is_stale(kuoro)
    assert vampula.confirmed_at == network["vampula"].confirmed_at  # an update confirms nothing
    assert not Organization.objects.filter(name_fi__startswith="Muonion N").exists()
    assert not TaxonomyTerm.objects.filter(name_fi__in=["Perheet", "Aikuiset"]).exists()


def test_an_admin_may_create_a_term_for_an_unknown_value(client_as, network):
    admin = client_as("admin")
    batch = upload(admin, "kysely.csv", csv_bytes([HEADER, ROWS[4]]))
    response = preview(admin, batch)
    assert response.context["value_steps"][0]["can_create"] is True
    response = preview(
        admin,
        batch,
        {
            "action": "commit",
            "values-target_groups": "2",
            "value-target_groups-0": "Perheet",
            "map-target_groups-0": "create",
            "value-target_groups-1": "Aikuiset",
            "map-target_groups-1": "create",
        },
    )
    assert response.status_code == 302
    kuoro = Organization.objects.get(name_fi="Huittisten Kuoro ry")
    assert sorted(kuoro.target_groups.values_list("name_fi", flat=True)) == ["Aikuiset", "Perheet"]
    perheet = TaxonomyTerm.objects.get(name_fi="Perheet")
    assert (perheet.taxonomy, perheet.code) == ("target_group", "perheet")
    assert perheet.pk == term_id("target_group", "perheet")  # the reference data's id scheme


def test_a_coordinator_cannot_create_terms_by_posting_create(kaisa, network):
    batch = upload(kaisa, "kysely.csv", csv_bytes([HEADER, ROWS[4]]))
    response = preview(
        kaisa,
        batch,
        {
            "action": "commit",
            "values-target_groups": "2",
            "value-target_groups-0": "Perheet",
            "map-target_groups-0": "create",
            "value-target_groups-1": "Aikuiset",
            "map-target_groups-1": "create",
        },
    )
    assert response.status_code == 400
    assert not TaxonomyTerm.objects.filter(name_fi__in=["Perheet", "Aikuiset"]).exists()
    assert not Organization.objects.filter(name_fi="Huittisten Kuoro ry").exists()


def test_exact_duplicates_ignore_case_punctuation_and_ry(kaisa, network):
    rows = [
        HEADER,
        ["vampulan  kyläyhdistys, r.y.", "1572860-0", "", "Huittinen", "", "", "", "", ""],
    ]
    batch = upload(kaisa, "kysely.csv", csv_bytes(rows))
    result = preview(kaisa, batch).context["results"][0]
    assert result.duplicate.existing == network["vampula"] and not result.duplicate.possible


def test_row_numbers_are_the_spreadsheets_and_the_data_rows(kaisa, network):
    rows = [HEADER, ROWS[0], ["", "", "", "", "", "", "", "", ""], ERRORS[0]]
    batch = upload(kaisa, "kysely.csv", csv_bytes(rows, encoding="utf-8", bom=True))
    content = preview(kaisa, batch).content.decode()
    assert "row 4: unknown municipality “Huitinen”; did you mean Huittinen?" in content
    assert "Row 4 (data row 2)" in content  # the blank line 3 is no data row


def test_the_action_entry_point_imports_rows(personas, network):
    from turvaverkko.registry.actions import import_organisations

    batch, counts = import_organisations(
        personas.kaisa,
        rows=[HEADER, ROWS[4]],
        value_mappings={"target_groups": {"Perheet": "drop", "Aikuiset": "drop"}},
    )
    assert counts == {"created": 1, "updated": 0, "skipped": 0}
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Organization.objects.filter(name_fi="Huittisten Kuoro ry").exists()


def test_a_running_import_shows_its_progress_and_cannot_be_changed(kaisa, network):
    batch = upload(kaisa, "kysely.csv", csv_bytes([HEADER, *ROWS]))
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", progress=2, total=6)
    content = preview(kaisa, batch).content.decode()
    assert '<progress max="6" value="2"' in content
    assert '<meta http-equiv="refresh" content="3">' in content
    assert 'value="commit"' not in content
    # A choice posted meanwhile changes nothing.
    preview(kaisa, batch, {"action": "save", "outside": "skip"})
    preview(kaisa, batch, {"action": "discard"})
    batch.refresh_from_db()
    assert batch.status == "running" and "outside" not in batch.decisions


def test_an_imported_organisation_is_shown_as_never_confirmed(kaisa, personas, network):
    from turvaverkko.registry.actions import import_organisations

    import_organisations(personas.kaisa, rows=[HEADER, ROWS[5]])
    org = Organization.objects.get(name_fi="Huittisten Eläkeläset")
    stale_list = kaisa.get("/en/organisations/?stale=on").content.decode()
    assert "Huittisten Eläkeläset" in stale_list and "not confirmed yet" in stale_list
    dashboard = kaisa.get("/en/dashboard/").content.decode()
    assert "Huittisten Eläkeläset</a> – not confirmed yet" in dashboard
    detail = kaisa.get(f"/en/organisations/{org.pk}/").content.decode()
    assert "The details have not been confirmed yet." in detail
    # Confirming makes it current like any other organisation.
    kaisa.post(f"/en/organisations/{org.pk}/confirm/")
    org.refresh_from_db()
    assert org.confirmed_at is not None and not is_stale(org)


def test_importing_the_same_rows_again_writes_nothing(personas, network):
    """Updating with the same values (a re-import, the demo's second load) saves nothing and
    adds no audit history; the batch records which organisation each row wrote or matched."""
    from turvaverkko.registry.actions import import_organisations

    rows = [HEADER, ROWS[4]]
    mappings = {"target_groups": {"Perheet": "drop", "Aikuiset": "drop"}}
    first, _counts = import_organisations(personas.kaisa, rows=rows, value_mappings=mappings)
    org = Organization.objects.get(name_fi="Huittisten Kuoro ry")
    assert first.written == {"2": str(org.pk)}
    history = org.history.count()

    again, counts = import_organisations(
        personas.kaisa, rows=rows, value_mappings=mappings, decisions={"2": "update"}
    )
    assert counts == {"created": 0, "updated": 0, "skipped": 0, "unchanged": 1}
    assert again.written == {"2": str(org.pk)}
    assert org.history.count() == history

    changed = [HEADER, [*ROWS[4][:5], "040 765 4321", *ROWS[4][6:]]]
    _batch, counts = import_organisations(
        personas.kaisa, rows=changed, value_mappings=mappings, decisions={"2": "update"}
    )
    assert counts["updated"] == 1
    org.refresh_from_db()
    assert org.phone == "+358407654321" and org.history.count() == history + 1

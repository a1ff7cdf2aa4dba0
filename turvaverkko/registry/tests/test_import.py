"""Importing organisations from real CSV and XLSX files through the import pages."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from openpyxl import Workbook

from turvaverkko.registry.importing import IMPORTERS, CsvOrganizationImporter
from turvaverkko.registry.models import ContactPerson, ImportBatch, Organization

HEADER = [
    "Yhdistyksen nimi",
    "Y-tunnus",
    "Kunta",
    "Yhteyshenkilö",
    "Sähköposti",
    "Puhelin",
    "Teemat",
]
GOOD = ["Huittisten Eläkeläiset ry", "0737546-2", "Huittinen", "Eila Eläke", "eila@example.fi",
        "040 123 4567", "Ikääntyneet"]  # fmt: skip
BAD_YTUNNUS = ["Huittisten Nuorisoseura ry", "1234567-2", "102", "Niko Nuori", "niko@example.fi",
               "", ""]  # fmt: skip
FIXED_YTUNNUS = [*BAD_YTUNNUS[:1], "1234567-1", *BAD_YTUNNUS[2:]]
# olli_org is "Huittisten Martat ry" in Huittinen: the same name written differently.
EXISTING = ["HUITTISTEN MARTAT R.Y.", "", "Huittinen", "Maija Martta", "maija@example.fi",
            "044 987 6543", "Ruoka-apu"]  # fmt: skip
# The same Y-tunnus as the first row: a duplicate within the file.
SAME_AS_FIRST = ["Huittisten eläkeläiset", "0737546-2", "Huittinen", "", "", "", ""]


def csv_bytes(rows, delimiter=";", encoding="cp1252", bom=False):
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        # Numbers as a spreadsheet stores them: the municipality code 102 becomes a number.
        sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, name, data):
    response = client.post("/en/organisations/import/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("created_at")
    # The proposed mapping is accepted as it is.
    page = client.get(response["Location"])
    assert page.status_code == 200
    form = {name: field.initial for name, field in page.context["form"].fields.items()}
    response = client.post(f"/en/organisations/import/{batch.pk}/columns/", form)
    assert response.status_code == 302
    return batch


def problems(response):
    """The problems listed above the rows (the alert a screen reader announces)."""
    listed = re.search(r'<ul id="problems">(.*?)</ul>', response.content.decode(), re.S)
    return [
        html.unescape(p) for p in re.findall(r"<li>([^<]*)</li>", listed.group(1) if listed else "")
    ]


@pytest.fixture
def kaisa(client_as, themes):
    return client_as("kaisa")


ROWS = [HEADER, GOOD, BAD_YTUNNUS, EXISTING, SAME_AS_FIRST]


@pytest.mark.parametrize(
    "name,data",
    [("kysely.csv", csv_bytes(ROWS)), ("kysely.xlsx", xlsx_bytes(ROWS))],
    ids=["csv", "xlsx"],
)
def test_preview_shows_row_errors_and_duplicates(kaisa, personas, name, data):
    batch = upload(kaisa, name, data)
    assert batch.mapping == {
        "name": 0,
        "business_id": 1,
        "municipalities": 2,
        "contact_name": 3,
        "contact_email": 4,
        "contact_phone": 5,
        "themes": 6,
    }
    response = kaisa.get(f"/en/organisations/import/{batch.pk}/")
    content = response.content.decode()
    assert problems(response) == ["row 3: Y-tunnus 1234567-2 has a wrong check digit."]
    results = {r.number: r for r in response.context["results"]}
    assert results[4].duplicate.existing == personas.olli_org
    assert str(results[4].duplicate.reason) == "same name in the same municipality"
    assert results[5].duplicate.row == 2
    assert str(results[5].duplicate.reason) == "same Y-tunnus"
    assert results[2].duplicate is None and not results[2].errors
    assert "Duplicate of Huittisten Martat ry" in content
    assert "Duplicate of row 2 of this file" in content
    assert 'name="decision-4"' in content and 'name="decision-5"' in content


def test_commit_is_refused_while_errors_exist_then_all_rows_commit(kaisa, personas, themes):
    organizations, contacts = Organization.objects.count(), ContactPerson.objects.count()
    batch = upload(kaisa, "kysely.csv", csv_bytes(ROWS))

    response = kaisa.post(f"/en/organisations/import/{batch.pk}/", {"action": "commit"})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert "row 3: Y-tunnus 1234567-2 has a wrong check digit." in problems(response)
    assert Organization.objects.count() == organizations
    assert ContactPerson.objects.count() == contacts

    fixed = csv_bytes([HEADER, GOOD, FIXED_YTUNNUS, EXISTING, SAME_AS_FIRST])
    response = kaisa.post(
        f"/en/organisations/import/{batch.pk}/replace/",
        {"file": SimpleUploadedFile("kysely-korjattu.csv", fixed)},
    )
    assert response["Location"] == f"/en/organisations/import/{batch.pk}/"  # same columns
    response = kaisa.post(
        f"/en/organisations/import/{batch.pk}/",
        {"action": "commit", "decision-4": "update", "decision-5": "skip"},
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.result == {"created": 2, "updated": 1, "skipped": 1}
    assert Organization.objects.count() == organizations + 2
    assert ContactPerson.objects.count() == contacts + 3

    eila = Organization.objects.get(business_id="0737546-2")
    assert eila.name_fi == "Huittisten Eläkeläiset ry"
    assert [t.code for t in eila.themes.all()] == ["elderly"]
    assert eila.contacts.get().phone == "+358401234567"
    assert list(eila.municipalities.values_list("code", flat=True)) == ["102"]
    martat = personas.olli_org
    maija = martat.contacts.get(name="Maija Martta")
    assert (maija.position, maija.phone) == (2, "+358449876543")  # after the two existing
    assert martat.name_fi == "Huittisten Martat ry"  # the existing name is kept
    assert [t.code for t in martat.themes.all()] == ["food-aid"]

    # The audit history names Kaisa and the file for the import.
    record = martat.history.filter(history_user=personas.kaisa).latest("history_id")
    assert record.history_change_reason == "import from kysely-korjattu.csv"
    page = kaisa.get(f"/en/organisations/{martat.pk}/").content.decode()
    assert "Contact person Maija Martta added" in page

    # The summary page, and a second commit is not possible.
    assert "2 new, 1 updated, 1 skipped." in kaisa.get(response["Location"]).content.decode()
    kaisa.post(f"/en/organisations/import/{batch.pk}/", {"action": "commit"})
    assert Organization.objects.count() == organizations + 2


class FailingImporter(CsvOrganizationImporter):
    """Fails on the third row after two rows were written, like a lost connection would."""

    def commit_row(self, batch, result, written):
        if result.number == 4:
            raise DatabaseError("connection lost")
        return super().commit_row(batch, result, written)


def test_a_failure_mid_commit_leaves_nothing(kaisa, personas, monkeypatch):
    organizations, contacts = Organization.objects.count(), ContactPerson.objects.count()
    history = Organization.history.count()
    batch = upload(kaisa, "kysely.csv", csv_bytes([HEADER, GOOD, FIXED_YTUNNUS, EXISTING]))
    monkeypatch.setitem(IMPORTERS, ("organizations", "csv"), FailingImporter)

    response = kaisa.post(
        f"/en/organisations/import/{batch.pk}/", {"action": "commit", "decision-4": "update"}
    )
    assert response.status_code == 400
    assert "nothing was imported" in response.content.decode()
    assert Organization.objects.count() == organizations
    assert ContactPerson.objects.count() == contacts
    assert Organization.history.count() == history
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.MAPPED
    assert batch.decisions == {"4": "update"}  # the choice is kept for the next try


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(ROWS[:2], delimiter=",", encoding="utf-8", bom=True),
        csv_bytes(ROWS[:2], delimiter=",", encoding="utf-8"),
        csv_bytes(ROWS[:2], delimiter=";", encoding="cp1252"),
        csv_bytes(ROWS[:2], delimiter="\t", encoding="latin-1"),
    ],
    ids=["utf8-bom-comma", "utf8-comma", "cp1252-semicolon", "latin1-tab"],
)
def test_csv_encodings_and_delimiters(personas, data):
    headers, rows = CsvOrganizationImporter(personas.kaisa).parse(data)
    assert headers == HEADER
    assert rows == [{"row": 2, "cells": GOOD}]


def test_swedish_and_english_headers_are_recognised(personas):
    importer = CsvOrganizationImporter(personas.kaisa)
    mapping = importer.propose_mapping(["Namn", "FO-nummer", "Kommun", "E-post", "Website"])
    # Without a contact person's name column, e-mail and phone are the public channels.
    assert mapping == {
        "name": 0,
        "business_id": 1,
        "municipalities": 2,
        "org_email": 3,
        "website": 4,
    }
    mapping = importer.propose_mapping(["Name", "Business ID", "Municipality", "Phone"])
    assert mapping == {"name": 0, "business_id": 1, "municipalities": 2, "org_phone": 3}
    mapping = importer.propose_mapping(["Namn", "Kommun", "Kontaktperson", "E-post"])
    assert mapping == {"name": 0, "municipalities": 1, "contact_name": 2, "contact_email": 3}


def test_limits_and_unreadable_files_give_clear_errors(kaisa, settings):
    def error_for(name, data):
        response = kaisa.post("/en/organisations/import/", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200
        return " ".join(response.context["form"].errors["file"])

    settings.REGISTRY_IMPORT_MAX_BYTES = 100
    assert "at most" in error_for("iso.csv", csv_bytes(ROWS * 3))
    settings.REGISTRY_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    settings.REGISTRY_IMPORT_MAX_ROWS = 3
    assert "more than 3 rows" in error_for("pitka.csv", csv_bytes(ROWS))
    assert "not a valid XLSX" in error_for("rikki.xlsx", b"PK\x03\x04 not really a zip")
    assert "CSV or XLSX" in error_for("kuva.png", b"\x89PNG")
    assert "no data rows" in error_for("tyhja.csv", csv_bytes([HEADER]))
    assert not ImportBatch.objects.exists()


def test_rows_outside_the_coordinators_area_are_a_decision(client_as, personas, themes):
    mikko = client_as("mikko")
    batch = upload(mikko, "lista.csv", csv_bytes([HEADER, GOOD]))
    response = mikko.get(f"/en/organisations/import/{batch.pk}/")
    assert problems(response) == []
    assert "Skip this row" in response.content.decode()
    response = mikko.post(f"/en/organisations/import/{batch.pk}/", {"action": "commit"})
    assert "Decide about the row outside your area." in response.content.decode()
    organizations = Organization.objects.count()
    response = mikko.post(
        f"/en/organisations/import/{batch.pk}/", {"action": "commit", "outside": "skip"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.result == {"created": 0, "updated": 0, "skipped": 1}
    assert Organization.objects.count() == organizations


def test_other_row_errors(kaisa, personas):
    rows = [
        HEADER,
        ["", "", "102", "", "", "", ""],
        ["Yhdistys ry", "", "Atlantis", "", "", "", "Avaruus"],
        ["Toinen ry", "", "102", "", "ei-osoite", "12", ""],
    ]
    batch = upload(kaisa, "virheet.csv", csv_bytes(rows))
    found = problems(kaisa.get(f"/en/organisations/import/{batch.pk}/"))
    assert found == [
        "row 2: the name is missing.",
        "row 3: unknown municipality “Atlantis”.",
        "row 4: Phone number 12 is not valid.",
        "row 4: E-mail address ei-osoite is not valid.",
        "row 4: the contact person's name is missing.",
    ]


def test_the_mapping_page_requires_the_name_column(kaisa, personas):
    batch = upload(kaisa, "lista.csv", csv_bytes([HEADER, GOOD]))
    response = kaisa.post(
        f"/en/organisations/import/{batch.pk}/columns/", {"name": "", "municipalities": "2"}
    )
    assert response.status_code == 200
    assert "Choose the column for “Name”." in response.content.decode()
    response = kaisa.post(
        f"/en/organisations/import/{batch.pk}/columns/", {"name": "0", "municipalities": "0"}
    )
    assert "The same column is chosen" in response.content.decode()


def test_an_unfinished_import_is_kept(kaisa, personas):
    batch = upload(kaisa, "kesken.csv", csv_bytes(ROWS))
    kaisa.post(f"/en/organisations/import/{batch.pk}/", {"action": "save", "decision-4": "update"})
    batch.refresh_from_db()
    assert batch.decisions == {"4": "update", "5": "skip"}
    page = kaisa.get("/en/organisations/import/").content.decode()
    assert "kesken.csv" in page
    preview = kaisa.get(f"/en/organisations/import/{batch.pk}/").content.decode()
    assert 'name="decision-4" value="update" checked' in preview

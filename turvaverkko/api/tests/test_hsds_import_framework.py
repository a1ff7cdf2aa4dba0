"""HSDS on the import framework (docs/importing.md): a row per record, row-level errors that
name the record and field, duplicates as decisions, all-or-nothing commit, the stored batch."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from turvaverkko.api.hsds.exporter import export_directory
from turvaverkko.api.hsds.importing import file_data, import_data, import_path
from turvaverkko.directory.models import OpeningRule, Service, ServiceAtLocation, Site
from turvaverkko.importing import actions
from turvaverkko.importing.base import ImportFileError
from turvaverkko.importing.models import ImportBatch
from turvaverkko.importing.registry import importer_for_batch
from turvaverkko.registry.models import ContactPerson, Organization


@pytest.fixture(autouse=True)
def english():
    """The messages these tests compare are the English ones (the catalogues are compiled)."""
    from django.utils import translation

    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "hsds_examples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
ORG_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
NEW_ORG = "5f0c1d7e-2a4b-4c6d-8e9f-0a1b2c3d4e5f"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _package(**replace: tuple[str, str]) -> bytes:
    """The official CSV example as a zip; replace={"services.csv": (old, new)}."""
    files = {p.name: p.read_bytes() for p in sorted((EXAMPLES / "csv").iterdir())}
    for name, (old, new) in replace.items():
        files[name.replace("_", ".")] = files[name.replace("_", ".")].replace(
            old.encode(), new.encode()
        )
    return _zip(files)


def test_a_row_is_a_record_with_its_sub_records():
    batch = actions.start_import(
        None,
        target="hsds",
        filename="service_full.json",
        data=(EXAMPLES / "service_full.json").read_bytes(),
        format="hsds-json",
    )
    kinds = [(row["cells"][0], row["cells"][1]) for row in batch.rows]
    assert ("service", SERVICE_ID) in kinds and ("organization", ORG_ID) in kinds
    assert len(kinds) == len(set(kinds))  # a location nested twice is one row
    service_row = next(r for r in batch.rows if r["cells"][0] == "service")
    record = json.loads(service_row["cells"][3])
    assert {c["table"] for c in record["children"]} >= {"phone", "schedule", "language"}
    assert service_row["cells"][2] == "Community Counselling"


def test_a_refused_file_writes_nothing_and_names_record_and_field():
    data = _package(services_csv=(",active,", ",sometimes,"))
    result = import_data(data, "package.zip", "hsds-csv")
    assert "services.csv row 2: status: 'sometimes' is not an HSDS service status." in (
        result.errors
    )
    assert not Service.objects.exists() and not Organization.objects.exists()
    assert not Site.objects.exists() and not OpeningRule.objects.exists()
    # The attempt is kept as a discarded batch: who/when/which file, the errors, no rows.
    batch = ImportBatch.objects.get(target="hsds")
    assert (batch.status, batch.rows, batch.format) == ("discarded", [], "hsds-csv")
    assert batch.result["errors"] == result.errors


def test_the_error_is_on_the_row_of_its_record():
    data = _package(services_csv=(",active,", ",sometimes,"))
    batch = actions.start_import(
        None, target="hsds", filename="p.zip", data=data, format="hsds-csv"
    )
    results = importer_for_batch(batch, None).validate(batch)
    [bad] = [r for r in results if r.errors]
    assert (bad.values["table"], bad.values["id"]) == ("service", SERVICE_ID)


def test_a_zip_that_unpacks_too_large_is_refused_before_reading(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    data = _zip({"services.csv": b"id,name\n" + b"x" * (2 * 1024 * 1024)})
    assert len(data) < 100 * 1024
    with pytest.raises(ImportFileError, match="Unpacked, the archive is 2.0 MB"):
        actions.start_import(None, target="hsds", filename="p.zip", data=data, format="hsds-csv")
    assert not ImportBatch.objects.exists()


def test_a_file_that_is_not_hsds_is_refused_whole():
    result = import_data(b'[{"colour": "blue"}]', "odd.json", "hsds-json")
    assert result.errors == ["odd.json /0: not an HSDS organization, service or location."]
    assert not ImportBatch.objects.exists()


def test_the_batch_is_recorded_with_who_and_what_each_row_wrote(personas):
    result = import_data(_package(), "package.zip", "hsds-csv", user=personas.admin)
    assert result.ok, result.errors
    batch = result.batch
    batch.refresh_from_db()
    assert (batch.status, batch.created_by, batch.target) == ("committed", personas.admin, "hsds")
    assert batch.committed_at is not None
    rows = {(r["cells"][0], r["cells"][1]): str(r["row"]) for r in batch.rows}
    assert batch.written[rows[("service", SERVICE_ID)]] == SERVICE_ID
    assert batch.written[rows[("organization", ORG_ID)]] == ORG_ID
    sal = ServiceAtLocation.objects.get()
    assert batch.written[rows[("service_at_location", str(sal.pk))]] == str(sal.pk)
    assert batch.result["created"] == len(batch.written)


def test_a_re_import_changes_nothing(directory, tmp_path):
    export_directory(tmp_path)
    first = import_path(tmp_path / "csv")
    assert first.ok and not first.created, first.errors  # our own data: every id is ours
    site = Site.objects.get(pk=directory.site.pk)
    stamps = (site.modified_at, Service.objects.get(pk=directory.service.pk).modified_at)
    history = (Site.history.count(), Organization.history.count())
    rules = sorted(OpeningRule.objects.values_list("pk", flat=True))
    contacts = sorted(ContactPerson.objects.values_list("pk", flat=True))
    second = import_path(tmp_path / "csv")
    assert second.ok and not second.created and not second.updated
    assert second.batch.result["updated"] == 0
    assert second.batch.result["unchanged"] == len(second.batch.written)
    site.refresh_from_db()
    assert stamps == (site.modified_at, Service.objects.get(pk=directory.service.pk).modified_at)
    assert history == (Site.history.count(), Organization.history.count())
    assert rules == sorted(OpeningRule.objects.values_list("pk", flat=True))
    assert contacts == sorted(ContactPerson.objects.values_list("pk", flat=True))


def _organization_document(personas, name: str) -> bytes:
    return json.dumps(
        {
            "id": NEW_ORG,
            "name": name,
            "description": "Kylätoimintaa",
            "municipality_codes": [personas.huittinen.code],
        }
    ).encode()


def test_a_duplicate_organisation_is_matched_and_the_user_may_decide(personas):
    org = personas.olli_org  # "Huittisten Martat ry" in Huittinen
    data = _organization_document(personas, "huittisten  martat r.y.")
    batch = actions.start_import(
        None, target="hsds", filename="org.json", data=data, format="hsds-json"
    )
    importer = importer_for_batch(batch, None)
    [row] = importer.validate(batch)
    assert row.duplicate.existing == org
    assert row.choices == ("merge", "create", "skip") and row.decision == "merge"
    before = Organization.objects.count()
    actions.commit_import(batch, None)
    assert Organization.objects.count() == before
    org.refresh_from_db()
    assert org.description_fi == "Kylätoimintaa"
    batch.refresh_from_db()
    assert batch.written == {str(row.number): str(org.pk)}

    # The same file again, and this time the user says it is another organisation.
    again = actions.start_import(
        None, target="hsds", filename="org.json", data=data, format="hsds-json"
    )
    actions.commit_import(again, None, decisions={str(row.number): "create"})
    assert Organization.objects.count() == before + 1
    assert Organization.objects.get(pk=NEW_ORG).name_fi == "huittisten  martat r.y."


def test_an_organisation_with_our_y_tunnus_can_only_be_merged_or_skipped(personas):
    org = personas.olli_org
    org.business_id = "0737546-2"
    org.save()
    document = {
        "id": NEW_ORG,
        "name": "Marttayhdistys",
        "description": "Uusi kuvaus",
        "organization_identifiers": [
            {
                "id": "5f0c1d7e-2a4b-4c6d-8e9f-0a1b2c3d4e60",
                "identifier_scheme": "FI-PRO",
                "identifier": "0737546-2",
            }
        ],
    }
    batch = actions.start_import(
        None,
        target="hsds",
        filename="org.json",
        data=json.dumps(document).encode(),
        format="hsds-json",
    )
    [row] = importer_for_batch(batch, None).validate(batch)
    assert row.choices == ("merge", "skip")
    actions.commit_import(batch, None, decisions={str(row.number): "skip"})
    org.refresh_from_db()
    assert org.description_fi != "Uusi kuvaus"
    assert not Organization.objects.filter(pk=NEW_ORG).exists()
    batch.refresh_from_db()
    assert batch.result["skipped"] == 1 and batch.written == {str(row.number): str(org.pk)}


def test_a_folder_is_read_as_the_package_it_holds(tmp_path):
    assert file_data(EXAMPLES / "csv")[0] == "hsds-csv"
    assert file_data(EXAMPLES / "csv" / "services.csv")[0] == "hsds-csv"
    assert file_data(EXAMPLES / "service_full.json")[0] == "hsds-json"
    (tmp_path / "organizations.json").write_text("[]")
    assert file_data(tmp_path)[0] == "hsds-json"


def test_an_hsds_batch_is_listed_with_the_import_batches(client_as, personas):
    import_path(EXAMPLES / "organization_full.json")
    response = client_as("admin").get("/en/admin/importing/importbatch/?target__exact=hsds")
    assert response.status_code == 200
    assert "organization_full.json" in response.content.decode()


def test_an_internationalised_web_address_is_stored_as_idna_and_a_re_import_keeps_it():
    document = {"id": NEW_ORG, "name": "Kyläyhdistys", "website": "https://std-kylä.fi/ohjeet"}
    data = json.dumps(document).encode()
    assert import_data(data, "org.json", "hsds-json").ok
    org = Organization.objects.get(pk=NEW_ORG)
    assert org.website == "https://xn--std-kyl-cxa.fi/ohjeet"
    history = org.history.count()
    again = import_data(data, "org.json", "hsds-json")
    assert again.ok and again.batch.result["unchanged"] == 1
    assert org.history.count() == history

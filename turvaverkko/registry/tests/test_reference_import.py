"""The reference data (areas and taxonomies) on the import framework's bulk path: limits
before parsing, the whole file validated with each problem naming its record, both files
written in one transaction or not at all, each change recorded as a batch without rows, and a
re-load that writes nothing."""

import gzip
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from turvaverkko.areas import reference as area_reference
from turvaverkko.areas.models import Municipality, PostalCode, Region
from turvaverkko.importing.base import ImportFileError, ImportRefused
from turvaverkko.importing.models import ImportBatch
from turvaverkko.registry.models import Language, TaxonomyTerm
from turvaverkko.registry.reference import TAXONOMY_FILE, load_reference_data, term_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def areas():
    return area_reference.read_data_file()


def write_areas(tmp_path, data, name="reference.json.gz"):
    path = tmp_path / name
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    return path


def nothing_loaded():
    return not (
        Region.objects.exists()
        or Municipality.objects.exists()
        or PostalCode.objects.exists()
        or TaxonomyTerm.objects.exists()
        or Language.objects.exists()
    )


def test_each_load_that_changes_something_is_a_batch_and_a_reload_writes_nothing(tmp_path):
    counts = load_reference_data()
    assert (
        counts["municipalities"] > 300
        and counts["created"]
        == counts["municipalities"]
        + (counts["regions"] + counts["counties"] + counts["postal_codes"])
        + counts["taxonomy_terms"]
        + counts["languages"]
    )
    batches = {b.target: b for b in ImportBatch.objects.all()}
    assert set(batches) == {"reference_areas", "reference_taxonomy"}
    for batch in batches.values():
        assert batch.status == ImportBatch.Status.COMMITTED and batch.created_by is None
        assert batch.rows == [] and batch.total > 0
    assert batches["reference_areas"].filename == "reference.json.gz"
    assert (
        batches["reference_areas"].result["municipalities"]["created"] == counts["municipalities"]
    )
    assert batches["reference_taxonomy"].result["languages"]["created"] == counts["languages"]
    # The stable HSDS ids: uuid5 of taxonomy and code.
    assert TaxonomyTerm.objects.get(code="first-aid").pk == term_id("skill", "first-aid")

    again = load_reference_data()
    assert (again["created"], again["updated"]) == (0, 0)
    assert again["unchanged"] == counts["created"]
    assert ImportBatch.objects.count() == 2  # nothing changed: no batch

    data = areas()
    renamed = next(m for m in data["municipalities"] if m["code"] == "102")
    renamed["name_sv"] = "Vittis"
    edited = load_reference_data(write_areas(tmp_path, data))
    assert (edited["created"], edited["updated"]) == (0, 1)
    assert Municipality.objects.get(code="102").name_sv == "Vittis"
    batch = ImportBatch.objects.filter(target="reference_areas").first()
    assert batch.result["municipalities"] == {"created": 0, "updated": 1, "unchanged": 308}


def test_a_refused_file_writes_nothing_and_names_each_record(tmp_path):
    data = areas()
    data["municipalities"][0]["region"] = "MK99"
    data["municipalities"][1]["latitude"] = 24.9  # longitude and latitude swapped
    data["postal_codes"][0][0] = "0002"
    data["regions"].append(["MK01", "Uusimaa", "Nyland", ""])
    path = write_areas(tmp_path, data)

    with pytest.raises(ImportRefused) as refused:
        load_reference_data(path)

    first, second = data["municipalities"][0], data["municipalities"][1]
    assert refused.value.errors == [
        "region 20 (MK01): code MK01 appears twice",
        f"municipality 1 ({first['code']} {first['name_fi']}): region 'MK99' is not in the file",
        f"municipality 2 ({second['code']} {second['name_fi']}): point (24.9, "
        f"{second['longitude']}) is not in Finland",
        "postal code 1 (0002): code '0002' is not five digits",
    ]
    assert nothing_loaded()  # the valid taxonomy file is not written either
    batch = ImportBatch.objects.get()
    assert (batch.target, batch.status) == ("reference_areas", ImportBatch.Status.REFUSED)
    assert batch.result == {"errors": refused.value.errors}


def test_a_taxonomy_term_with_an_unknown_parent_is_refused(tmp_path):
    taxonomy = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    taxonomy["terms"][3]["parent"] = "no-such-term"
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(taxonomy), encoding="utf-8")
    term = taxonomy["terms"][3]

    with pytest.raises(CommandError) as refused:
        call_command("load_reference_data", taxonomy_file=str(path))

    assert (
        f"term 4 ({term['taxonomy']}:{term['code']}): parent 'no-such-term' is not a term of "
        "the same taxonomy in the file"
    ) in str(refused.value)
    assert nothing_loaded()
    assert ImportBatch.objects.get().status == ImportBatch.Status.REFUSED


def test_limits_refuse_the_file_before_it_is_parsed(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 100_000
    # Not JSON at all, but too large: the size is what refuses it.
    large = tmp_path / "reference.json.gz"
    large.write_bytes(b"{" * 20_000)
    with pytest.raises(ImportFileError, match="at most"):
        load_reference_data(large)
    # A few hundred bytes that unpack to 1 MB: refused while unpacking.
    bomb = tmp_path / "bomb.json.gz"
    bomb.write_bytes(gzip.compress(b" " * 1_000_000))
    assert bomb.stat().st_size < 10_000
    with pytest.raises(ImportFileError, match="Unpacked"):
        load_reference_data(bomb)

    assert nothing_loaded()
    assert list(ImportBatch.objects.values_list("status", flat=True)) == ["refused"] * 2

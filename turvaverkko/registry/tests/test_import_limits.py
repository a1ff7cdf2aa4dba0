"""A spreadsheet cannot exhaust memory or storage: size unpacked, rows, columns, cell length."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from turvaverkko.registry.models import ImportBatch

from .test_import import GOOD, HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaisa(client_as, themes):
    return client_as("kaisa")


def error_for(client, name, data):
    response = client.post("/en/organisations/import/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["file"])


def xlsx_with_huge_string(size: int) -> bytes:
    """A real workbook whose one text cell holds `size` characters, written into its shared
    XML directly (openpyxl itself writes at most Excel's 32,767 characters a cell)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ["PLACEHOLDER"] + GOOD[1:]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            content = content.replace(b"PLACEHOLDER", b"x" * size)
            target.writestr(member, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_small_xlsx_that_unpacks_to_many_megabytes_is_refused_before_parsing(kaisa):
    data = xlsx_with_huge_string(200_000_000)
    assert 100_000 < len(data) < 300_000  # 200 MB compress to about 200 kB, as in the report
    message = error_for(kaisa, "pommi.xlsx", data)
    assert "Unpacked, the workbook is 190.8 MB; at most 25 MB" in message
    assert not ImportBatch.objects.exists()


def test_the_uncompressed_limit_counts_every_zip_member(kaisa, settings):
    settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    data = io.BytesIO(xlsx_bytes([HEADER, GOOD]))
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 2 * 1024 * 1024)
    assert "at most 1 MB" in error_for(kaisa, "lista.xlsx", data.getvalue())
    # within the limit the same workbook imports
    settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES = 4 * 1024 * 1024
    response = kaisa.post(
        "/en/organisations/import/", {"file": SimpleUploadedFile("lista.xlsx", data.getvalue())}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_too_long_cell_names_its_place_and_the_limit(kaisa, fmt):
    rows = [HEADER, GOOD, [GOOD[0], "", "Huittinen", "Maija", "", "", "y" * 6000]]
    data = csv_bytes(rows, encoding="utf-8") if fmt == "csv" else xlsx_bytes(rows)
    message = error_for(kaisa, f"lista.{fmt}", data)
    assert "Row 3, column 7 holds 6000 characters; a cell can hold at most 5000." in message


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_too_many_columns_are_refused(kaisa, fmt):
    rows = [HEADER + [f"extra {n}" for n in range(200)], GOOD]
    data = csv_bytes(rows, encoding="utf-8") if fmt == "csv" else xlsx_bytes(rows)
    assert "Row 1 has more than 100 columns" in error_for(kaisa, f"leveä.{fmt}", data)
    # trailing empty cells (a formatted sheet) do not count
    padded = [HEADER + [""] * 200, GOOD + [""] * 200]
    response = kaisa.post(
        "/en/organisations/import/",
        {"file": SimpleUploadedFile("lista.csv", csv_bytes(padded, encoding="utf-8"))},
    )
    assert response.status_code == 302


def test_blank_rows_count_towards_the_row_limit(kaisa, settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 3
    rows = [HEADER, GOOD] + [[""] * len(HEADER)] * 10
    assert "more than 3 rows" in error_for(kaisa, "tyhjiä.csv", csv_bytes(rows))

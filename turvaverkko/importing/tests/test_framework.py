"""The framework on its own: a toy target, the formats, the limits checked before parsing."""

import io
import zipfile
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from turvaverkko.importing import actions
from turvaverkko.importing.base import (
    ImportField,
    ImportFileError,
    ImportRefused,
    ManagedList,
    RowResult,
    StagedImporter,
    did_you_mean,
    error_summary,
)
from turvaverkko.importing.models import ImportBatch
from turvaverkko.importing.registry import IMPORTERS, register

WRITTEN: list[dict[str, Any]] = []


class Birds(StagedImporter):
    """A target that declares only what differs: its fields, one row, one write."""

    target = "test-birds"
    fields = (
        ImportField("name", "Name", ("nimi",), required=True),
        ImportField("kind", "Kind", ("laji",)),
    )
    managed_lists = (ManagedList("kind", lambda: {"tern": ("t1", "Tern"), "gull": ("g1", "Gull")}),)

    def clean_row(self, result: RowResult, values: dict[str, str]) -> None:
        result.values["name"] = values.get("name", "")
        if not result.values["name"]:
            result.error("the name is missing.", cause="Name missing")
        result.values["kind"] = self.managed_values(result, "kind", values.get("kind", ""))

    def commit_row(self, batch, result, written):
        WRITTEN.append(result.values)
        return "created"


register(Birds)


def test_a_declared_target_gets_every_format():
    assert {f for (t, f) in IMPORTERS if t == "test-birds"} == {"csv", "xlsx"}


@pytest.fixture
def user(personas):
    return personas.kaisa


def test_stages_decisions_value_mappings_and_refusal(user):
    WRITTEN.clear()
    data = b"Nimi;Laji\r\nLokki;Gull\r\nTiira;Tirri\r\n;Gull\r\n"
    batch = actions.start_import(user, target="test-birds", filename="linnut.csv", data=data)
    assert batch.mapping == {"name": 0, "kind": 1} and batch.total == 3
    importer = IMPORTERS[("test-birds", "csv")](user)
    results = importer.validate(batch)
    assert results[1].unmapped == [("kind", "Tirri")]
    assert error_summary(results) == [{"cause": "Name missing", "rows": [4]}]
    with pytest.raises(ImportRefused) as refused, translation.override("en"):
        actions.commit_import(batch, user)
    assert refused.value.errors == [
        "row 4: the name is missing.",
        "Choose what “Tirri” means (rows 3).",
    ]
    assert WRITTEN == []

    batch.rows = batch.rows[:2]
    batch.save()
    counts = actions.commit_import(batch, user, {}, {"kind": {"Tirri": "t1"}})
    assert counts == {"created": 2, "updated": 0, "skipped": 0}
    assert WRITTEN == [{"name": "Lokki", "kind": ["g1"]}, {"name": "Tiira", "kind": ["t1"]}]
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.total) == (ImportBatch.Status.COMMITTED, 2, 2)


def test_a_large_file_is_committed_by_a_task_with_progress(
    user, settings, run_tasks, django_capture_on_commit_callbacks
):
    WRITTEN.clear()
    settings.IMPORT_BACKGROUND_ROWS = 2
    data = "Nimi\r\n" + "".join(f"Lintu {i}\r\n" for i in range(250))
    batch = actions.start_import(
        user, target="test-birds", filename="linnut.csv", data=data.encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.start_commit(batch, user) is None
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.total) == ("running", 0, 250)
    assert run_tasks() == 1
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.percent) == ("committed", 250, 100)
    assert len(WRITTEN) == 250


class ReadNothing(Birds):
    """Fails the test if a row is read: the limits must refuse the file before that."""

    def read(self, data):
        raise AssertionError("parsed although a limit was exceeded")


def test_limits_are_checked_before_parsing(user, settings):
    from turvaverkko.importing.formats import XlsxFormat

    translation.activate("en")
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError, match="can be imported at once"):
        ReadNothing(user).parse(b"x" * 1001)

    settings.IMPORT_MAX_BYTES = 5 * 1024 * 1024
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 100_000
    workbook = Workbook()
    workbook.active.append(["Nimi"])
    workbook.active.append(["a" * 4000])
    for _ in range(100):
        workbook.active.append(["b" * 4000])
    out = io.BytesIO()
    workbook.save(out)
    assert len(out.getvalue()) < 100_000  # small packed, large unpacked
    assert sum(i.file_size for i in zipfile.ZipFile(out).infolist()) > 100_000

    class XlsxReadNothing(XlsxFormat, ReadNothing):
        def read(self, data):
            raise AssertionError("parsed although a limit was exceeded")

    with pytest.raises(ImportFileError, match="Unpacked, the workbook is"):
        XlsxReadNothing(user).parse(out.getvalue())


def test_did_you_mean():
    assert did_you_mean("Huitinen", ["Huittinen", "Muonio", "Sastamala"]) == "Huittinen"
    assert did_you_mean("Atlantis", ["Huittinen", "Muonio"]) is None


def test_read_table_gives_other_importers_the_parse_stage_and_its_limits(settings):
    from turvaverkko.importing.base import read_table
    from turvaverkko.importing.formats import TableCsvFormat

    translation.activate("en")
    assert read_table(b"", TableCsvFormat) == ([], [])
    assert read_table(b"id,name\r\n", TableCsvFormat) == (["id", "name"], [])  # an empty table
    headers, rows = read_table(b'\xef\xbb\xbfid,name\r\n1,"A; B"\r\n', TableCsvFormat)
    assert (headers, rows) == (["id", "name"], [{"row": 2, "cells": ["1", "A; B"]}])
    wide = ",".join(f"c{i}" for i in range(101)).encode()
    with pytest.raises(ImportFileError, match="more than 100 columns"):
        read_table(wide, TableCsvFormat)
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        read_table(b"id\r\n1\r\n2\r\n3\r\n", TableCsvFormat)

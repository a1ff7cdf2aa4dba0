"""The import framework's formats of HSDS 3.0 (docs/importing.md): bytes → one row per record.

- `hsds-json` (.json): an organization, service, location or service_at_location object, a
  paged list, tabular JSON, or a zip of such documents (a folder of our export's files).
- `hsds-csv` (.zip): a CSV Tabular Data Package: the table files (and datapackage.json,
  which names them; without it the standard file names are read), every table read with the
  framework's CSV reading and limits (`read_table`).

Both forms are flattened into HSDS's tables (records.py) and then cut into the framework's
rows: **a row is one organisation, location, service, service at location or taxonomy term
with its sub-records** (phones, addresses, accessibility, schedules, languages, attributes,
identifiers, contacts, service areas). A sub-record whose owner is not in the file (an
attribute of an object we already have, a metadata record) is a row of its own, which is
validated and reported but writes nothing. A row's cells: table, id, name and the record with
its sub-records as JSON (exempt from the cell length; the file's size limit bounds it).

A file that is not HSDS at all (unreadable JSON, an object that is no HSDS record, a record
without an id, two occurrences of a record that disagree) is refused whole at this stage.
"""

from __future__ import annotations

import io
import json
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

from turvaverkko.importing.base import ImportFileError, read_table
from turvaverkko.importing.formats import TableCsvFormat
from turvaverkko.importing.limits import max_uncompressed_bytes

from . import fields as f
from .records import ENTITY_TABLES, Entity, Record, Staging, add_document, add_table

HEADER = ["table", "id", "name", "record"]
# Rows are written in this order: what a record refers to is written before it.
TABLE_ORDER = ("taxonomy", "taxonomy_term", "organization", "location", "service",
               "service_at_location")  # fmt: skip
# The column of a sub-record that names its owner, most specific first.
OWNER_COLUMNS = (
    ("service_at_location_id", "service_at_location"),
    ("location_id", "location"),
    ("service_id", "service"),
    ("organization_id", "organization"),
)


class HsdsFileError(ImportFileError):
    """The file is not HSDS: every reason, each naming the record (file and place)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _zip_members(data: bytes) -> dict[str, bytes]:
    """{file name: bytes} of a zip, its unpacked size checked from the zip directory first."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(_("The file is not a valid zip archive.")) from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        limit = max_uncompressed_bytes()
        if total > limit:
            raise ImportFileError(
                _(
                    "Unpacked, the archive is %(size)s MB; at most %(max)s MB can be "
                    "imported at once."
                )
                % {"size": f"{total / 1048576:.1f}", "max": f"{limit / 1048576:g}"}
            )
        return {PurePosixPath(m.filename).name: archive.read(m) for m in members}


def _json(name: str, data: bytes, staging: Staging) -> None:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        staging.errors.append(f"{name}: not readable JSON ({exc}).")
        return
    add_document(staging, name, document)


def _csv_package(files: dict[str, bytes], staging: Staging) -> None:
    names: list[str] = []
    if "datapackage.json" in files:
        try:
            meta = json.loads(files["datapackage.json"].decode("utf-8-sig"))
            names = [r["path"] for r in meta.get("resources", []) if r.get("path")]
        except (ValueError, AttributeError, KeyError, TypeError):
            names = []
    if not names:
        names = sorted(n for n in files if n.endswith(".csv"))
    if not names:
        staging.errors.append(_("The archive holds no HSDS table files (.csv)."))
    for name in names:
        base = PurePosixPath(name).name
        if base not in files:
            staging.errors.append(f"{name}: listed in datapackage.json but missing.")
            continue
        try:
            headers, table = read_table(files[base], TableCsvFormat)
        except ImportFileError as exc:
            staging.errors.append(f"{base}: {exc}")
            continue
        # CSV has no null: an empty cell is "not given".
        rows = [
            {k: (v if v != "" else None) for k, v in zip(headers, row["cells"], strict=False)}
            for row in table
        ]
        add_table(staging, base, rows, base)


def _name(table: str, data: dict[str, Any]) -> str:
    for key in ("name", "code", "identifier", "number", "address_1", "id"):
        if data.get(key) not in (None, ""):
            return str(data[key])[:200]
    return table


def staging_rows(staging: Staging) -> Iterator[list[str]]:
    """The framework's rows of staged records: one per record with its sub-records."""
    rows: list[tuple[str, str, dict[str, Any]]] = []
    owners: dict[tuple[str, str], dict[str, Any]] = {}
    for table in TABLE_ORDER:
        if table == "taxonomy":
            for key, data in staging.taxonomies.items():
                record = {"table": "taxonomy", "data": data, "sources": [], "children": []}
                rows.append(("taxonomy", key, record))
            continue
        for key, entity in staging.entities[table].items():
            declared = entity.declared | staging.csv_tables  # a CSV file states its table whole
            record = {
                "table": table,
                "data": entity.data,
                "sources": entity.sources,
                "declared": sorted(declared),
                "nested_in_organizations": sorted(entity.nested_in_organizations),
                "children": [],
            }
            owners[(table, key)] = record
            rows.append((table, key, record))
    by_child: dict[tuple[str, str], dict[str, Any]] = {}  # (contact|phone, id) → owner
    loose: list[tuple[str, str, dict[str, Any]]] = []
    # Contacts before phones before languages: a phone of a contact goes with the contact.
    order = {"contact": 0, "phone": 1, "language": 2}
    children = sorted(
        ((t, r) for t, records in staging.children.items() for r in records),
        key=lambda item: order.get(item[0], -1),
    )
    for table, child in children:
        owner = _owner(table, child, owners, by_child)
        entry = {"table": table, "data": child.data, "source": child.source}
        if owner is None:
            record = {"table": table, "data": {}, "sources": [], "children": [entry]}
            loose.append((table, f.text(child.data.get("id")), record))
        else:
            owner["children"].append(entry)
        if table in ("contact", "phone") and child.data.get("id"):
            by_child[(table, f.text(child.data["id"]))] = owner or loose[-1][2]
    for table, key, record in [*rows, *loose]:
        name = _name(table, record["data"] or record["children"][0]["data"])
        yield [table, key, name, json.dumps(record, ensure_ascii=False, default=str)]


def _owner(
    table: str,
    child: Record,
    owners: dict[tuple[str, str], dict[str, Any]],
    by_child: dict[tuple[str, str], dict[str, Any]],
) -> dict[str, Any] | None:
    data = child.data
    if table == "attribute":
        link = f.text(data.get("link_id"))
        entity = f.text(data.get("link_entity"))
        tables = [entity] if entity in ENTITY_TABLES else list(ENTITY_TABLES)
        return next((owners[(t, link)] for t in tables if (t, link) in owners), None)
    for column, owner_table in OWNER_COLUMNS:
        key = f.text(data.get(column))
        if key and (owner_table, key) in owners:
            return owners[(owner_table, key)]
    for column, child_table in (("contact_id", "contact"), ("phone_id", "phone")):
        key = f.text(data.get(column))
        if key and (child_table, key) in by_child:
            return by_child[(child_table, key)]
    return None


def rows_staging(rows: Iterable[dict[str, Any]], record_column: int = 3) -> Staging:
    """The staged records again, from a batch's stored rows (validate and commit)."""
    staging = Staging()
    for row in rows:
        record = json.loads(row["cells"][record_column])
        table = record["table"]
        if table == "taxonomy":
            staging.taxonomies[str(record["data"].get("id"))] = record["data"]
        elif table in ENTITY_TABLES:
            key = row["cells"][1]
            entity = Entity(table, key, record["data"], record["sources"])
            entity.declared = set(record["declared"])
            entity.nested_in_organizations = set(record["nested_in_organizations"])
            staging.entities[table][key] = entity
        for child in record["children"]:
            staging.children.setdefault(child["table"], []).append(
                Record(child["table"], child["data"], child["source"])
            )
    return staging


def row_sources(row: dict[str, Any], record_column: int = 3) -> list[str]:
    """Every place in the file a row's record and sub-records come from."""
    record = json.loads(row["cells"][record_column])
    return [*record["sources"], *(c["source"] for c in record["children"])]


class _HsdsFormat(ABC):
    """What both HSDS formats share: the file's name names its records' sources."""

    filename = ""

    @abstractmethod
    def staging(self, data: bytes) -> Staging:
        """The file's records, sub-records and errors."""

    def read(self, data: bytes) -> Iterator[list[str]]:
        staging = self.staging(data)
        if staging.errors:
            raise HsdsFileError(staging.errors)
        yield HEADER
        yield from staging_rows(staging)

    def row_cells(self, number: int, cells: Iterable[Any]) -> list[str]:
        return [str(c) for c in cells]


class HsdsJsonFormat(_HsdsFormat):
    format = "hsds-json"
    extensions: tuple[str, ...] = (".json",)

    def staging(self, data: bytes) -> Staging:
        staging = Staging()
        if data[:2] == b"PK":  # a zip of JSON documents (a folder of our export)
            for name, member in sorted(_zip_members(data).items()):
                if name.endswith(".json") and name != "datapackage.json":
                    _json(name, member, staging)
        else:
            _json(PurePosixPath(self.filename or "hsds.json").name, data, staging)
        return staging


class HsdsCsvFormat(_HsdsFormat):
    format = "hsds-csv"
    extensions: tuple[str, ...] = (".zip",)

    def staging(self, data: bytes) -> Staging:
        staging = Staging()
        _csv_package(_zip_members(data), staging)
        return staging

"""HSDS 3.0 on the import framework (docs/importing.md): the target `hsds`.

- parse: the formats `hsds-json` and `hsds-csv` (formats.py), limits first; a row is one
  organisation, location, service, service at location or taxonomy term with its
  sub-records.
- map: HSDS fields are fixed; the records are mapped onto our models (mapping.py).
- validate (planning.py): every error names the record's place in the file and the field
  ("services.csv row 2: status: 'open' is not an HSDS service status."), on the row of the
  record; what we do not model is a warning on the row (or, when it is about no record, of
  the batch). Duplicates: a record whose id we have is an exact duplicate (update, the
  default, or skip); an organisation new to us by id but with our Y-tunnus is the same
  organisation (merge, the default, or skip), and one with the same normalised name in one
  of the same municipalities a possible duplicate (merge, the default, create or skip).
- commit: every row in one transaction (writing.py), or nothing; a record already as the
  input says is "unchanged" and not saved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from turvaverkko.directory.models import ServiceAtLocation
from turvaverkko.importing import actions
from turvaverkko.importing.base import (
    Decision,
    Duplicate,
    ImportField,
    ImportFileError,
    ImportRefused,
    RowResult,
    StagedImporter,
)
from turvaverkko.importing.models import ImportBatch
from turvaverkko.importing.registry import FORMATS, importer_for_batch, register

from .formats import HEADER, TABLE_ORDER, HsdsCsvFormat, HsdsJsonFormat, row_sources, rows_staging
from .matching import SAME_BUSINESS_ID, SAME_NAME, organization_matches, remap_organizations
from .planning import MODELS, Planner
from .writing import Writer

TARGET = "hsds"
FORMATS.setdefault(HsdsJsonFormat.format, HsdsJsonFormat)
FORMATS.setdefault(HsdsCsvFormat.format, HsdsCsvFormat)


def _reason(why: str) -> str:
    return {
        SAME_BUSINESS_ID: _("the same Y-tunnus"),
        SAME_NAME: _("the same name in the same municipality"),
    }.get(why, _("the same id"))


@dataclass
class HsdsRow(RowResult):
    """A record's row; its choices start with the default (HSDS ids are identities)."""

    table: str = ""
    key: str = ""
    matched_by: str = ""  # "id", or why an organisation new to us by id is one of ours

    @property
    def choices(self) -> tuple[str, ...]:
        if self.duplicate is None:
            return ()
        if self.matched_by == SAME_NAME:  # possibly the same: merge, or a new one after all
            return (Decision.MERGE, Decision.CREATE, Decision.SKIP)
        if self.matched_by == SAME_BUSINESS_ID:  # the Y-tunnus is unique: the same one
            return (Decision.MERGE, Decision.SKIP)
        return (Decision.UPDATE, Decision.SKIP)


@register
class HsdsImporter(StagedImporter):
    target = TARGET
    formats = (HsdsJsonFormat.format, HsdsCsvFormat.format)
    fields = tuple(ImportField(name, name, required=True) for name in HEADER)

    def propose_mapping(self, headers: list[str]) -> dict[str, int]:
        return {name: index for index, name in enumerate(headers) if name in HEADER}

    def validate(
        self, batch: ImportBatch, progress: Callable[[int], None] | None = None
    ) -> list[RowResult]:
        self._lists = {}  # HSDS has no managed-list value mappings: terms are records
        with translation.override("en"):  # the messages of the HSDS report are in English
            return self._validate(batch)

    def _validate(self, batch: ImportBatch) -> list[RowResult]:
        staging = rows_staging(batch.rows, batch.mapping.get("record", 3))
        results: list[HsdsRow] = []
        by_source: dict[str, HsdsRow] = {}
        for index, row in enumerate(batch.rows, start=1):
            table, key, name = row["cells"][:3]
            result = HsdsRow(number=row["row"], data_row=index, table=table, key=key)
            result.values = {"table": table, "id": key, "name": name}
            results.append(result)
            for source in row_sources(row, batch.mapping.get("record", 3)):
                by_source.setdefault(source, result)
        self._find_duplicates(staging, results)
        for result in results:
            self.decide(batch, result)
        remap = {
            r.key: str(r.duplicate.existing.pk)
            for r in results
            if r.table == "organization"
            and r.duplicate is not None
            and r.duplicate.existing is not None
            and r.decision in (Decision.MERGE, Decision.SKIP)
            and str(r.duplicate.existing.pk) != r.key
        }
        remap_organizations(staging, remap)
        planner = Planner(staging)
        for r in results:
            if r.table == "organization" and r.key in remap:  # the command prints it
                name = staging.entities["organization"][remap[r.key]].data.get("name")
                planner.p.warn(
                    f"organization {name!r} matched an existing one ({r.matched_by})",
                    staging.entities["organization"][remap[r.key]].source,
                )
        planner.plan()
        for error in planner.p.errors:
            source = error.split(": ", 1)[0]
            result = by_source.get(source, results[0])
            result.errors.append(error)
            result.causes.append(error.split(": ", 1)[-1])
        for source, notes in planner.p.notes.items():
            for note in notes:
                if source in by_source:
                    by_source[source].warn(note)
        self.planner, self.remap = planner, remap
        self.warnings: Counter[str] = planner.p.warnings
        self.writer = Writer(planner)
        order = {table: i for i, table in enumerate(TABLE_ORDER)}
        depth = self._depths(staging)
        return sorted(
            results,
            key=lambda r: (
                order.get(r.table, len(order)),
                depth.get((r.table, remap.get(r.key, r.key)), 0),
                r.number,
            ),
        )

    @staticmethod
    def _depths(staging: Any) -> dict[tuple[str, str], int]:
        """How many parents a term or organisation has in the file: parents are written first."""
        depths: dict[tuple[str, str], int] = {}
        for table, column in (("taxonomy_term", "parent_id"),
                              ("organization", "parent_organization_id")):  # fmt: skip
            entities = staging.entities[table]
            for key in entities:
                depth, seen, current = 0, {key}, entities[key]
                while (parent := str(current.data.get(column) or "")) in entities:
                    if parent in seen:
                        break
                    seen.add(parent)
                    depth, current = depth + 1, entities[parent]
                depths[(table, key)] = depth
        return depths

    def _find_duplicates(self, staging: Any, results: list[HsdsRow]) -> None:
        matches = organization_matches(staging)
        for result in results:
            model = MODELS.get(result.table)
            if result.table == "service_at_location":
                model = ServiceAtLocation
            if model is None:
                continue
            if result.table == "organization" and result.key in matches:
                existing, why = matches[result.key]
                result.duplicate = Duplicate(
                    _reason(why), existing=existing, possible=why == SAME_NAME
                )
                result.matched_by = why
                continue
            try:
                existing = model.objects.filter(pk=result.key).first()
            except (ValidationError, ValueError):  # not a UUID: the row's error, from planning
                existing = None
            if existing is not None:
                result.duplicate = Duplicate(_reason("id"), existing=existing)
                result.matched_by = "id"

    def decide(self, batch: ImportBatch, result: RowResult) -> None:
        if getattr(result, "table", "") not in (*MODELS, "service_at_location"):
            result.decision = Decision.SKIP  # a sub-record without its owner, a taxonomy
            return
        super().decide(batch, result)

    def commit_row(self, batch: ImportBatch, result: RowResult, written: dict[int, Any]) -> str:
        assert isinstance(result, HsdsRow)
        if result.decision == Decision.SKIP:
            if result.duplicate is not None and result.duplicate.existing is not None:
                written[result.number] = result.duplicate.existing
            return "skipped"
        with translation.override("en"):
            outcome, instance = self.writer.write(
                result.table, self.remap.get(result.key, result.key)
            )
        written[result.number] = instance
        return outcome

    def extra_counts(self) -> dict[str, int]:
        """Per kind of object (what the command prints), and the warnings."""
        counts = {f"created {label}": n for label, n in self.writer.created.items()}
        counts.update({f"updated {label}": n for label, n in self.writer.updated.items()})
        counts["warnings"] = sum(self.warnings.values())
        return counts


# --- the command's entry: a file or folder through the framework ---------------------------


@dataclass
class Result:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def file_data(path: Path) -> tuple[str, str, bytes]:
    """(format, file name, bytes) of a JSON file, a zip, a CSV package's folder or file
    (datapackage.json or one of its tables: the whole folder), or a folder of JSON files."""
    import io
    import zipfile

    if path.is_file() and path.suffix == ".zip":
        return HsdsCsvFormat.format, path.name, path.read_bytes()
    if path.is_file() and path.suffix == ".json" and path.name != "datapackage.json":
        return HsdsJsonFormat.format, path.name, path.read_bytes()
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        raise ImportFileError(f"{path}: no such file or directory.")
    tabular = (folder / "datapackage.json").exists() or any(folder.glob("*.csv"))
    pattern = ("*.csv", "datapackage.json") if tabular else ("*.json",)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for glob in pattern:
            for member in sorted(folder.glob(glob)):
                archive.write(member, member.name)
    format = HsdsCsvFormat.format if tabular else HsdsJsonFormat.format
    return format, folder.name, buffer.getvalue()


def import_path(path: Any, *, dry_run: bool = False, user: Any = None) -> Result:
    """Import an HSDS file or folder (the command): see `import_data`."""
    path = Path(path)
    try:
        format, name, data = file_data(path)
    except (ImportFileError, OSError) as exc:
        return Result(dry_run=dry_run, errors=[f"{path.name}: {exc}"])
    return import_data(data, name, format, dry_run=dry_run, user=user)


def import_data(
    data: bytes, filename: str, format: str, *, dry_run: bool = False, user: Any = None
) -> Result:
    """Import HSDS bytes through the framework: a stored batch (created_by `user`, None from
    the command), validated, committed all or nothing. A refused batch is discarded (its
    rows deleted, the errors kept in its `result`); a dry run writes nothing, not even the
    batch."""
    result = Result(dry_run=dry_run)
    with translation.override("en"), transaction.atomic():
        try:
            batch = actions.start_import(
                user, target=TARGET, filename=filename, data=data, format=format
            )
        except ImportFileError as exc:
            errors = getattr(exc, "errors", None)
            result.errors = list(errors) if errors else [f"{filename}: {exc}"]
            return result
        result.batch = batch
        importer = importer_for_batch(batch, user)
        assert isinstance(importer, HsdsImporter)
        try:
            counts = importer.commit(batch)  # validates, then writes every row or none
        except ImportRefused as exc:
            result.errors, result.warnings = exc.errors, importer.warnings
            if dry_run:
                transaction.set_rollback(True)
            else:
                actions.discard_import(batch)
                batch.result = {"errors": exc.errors}
                batch.save(update_fields=["result", "modified_at"])
            return result
        result.warnings = importer.warnings
        for key, n in counts.items():
            kind, _sep, label = key.partition(" ")
            if kind in ("created", "updated") and label:
                getattr(result, kind)[label] += n
        if dry_run:
            transaction.set_rollback(True)
    return result

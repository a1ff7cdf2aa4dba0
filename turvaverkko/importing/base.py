"""The staged importer: parse → map columns → validate → preview → commit.

A concrete importer is a small subclass that declares only what differs (style.md,
"declarative importers"; UK-Polling-Stations' importers): a *format* mixin (formats.py) says
how to read the bytes of a file into rows, a *target* class says which fields there are, how
one row is cleaned, which fields hold values of a managed list, what counts as a duplicate
and how a row is written. The stages:

1. `parse(data)`: the file becomes header + rows of strings, with the limits checked before
   the rows are read (limits.py); the result is stored in an ImportBatch.
2. `propose_mapping(headers)`: columns are matched to fields by their header names.
3. `validate(batch)`: every row is cleaned and checked (row-level errors and warnings),
   values of managed lists are looked up (unknown ones wait for a value mapping), rows
   are given their decision (create / update / merge / skip), duplicates are looked for.
4. The preview shows `validate()`'s result; the user decides per row and per value.
5. `commit(batch)`: validates again and writes every row in one transaction, or refuses
   and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    ImportFileError,
    check_size,
    max_bytes,
    max_rows,
)
from .rows import (
    CREATE_TERM,
    DROP,
    Decision,
    Duplicate,
    ImportField,
    ImportRefused,
    ManagedList,
    RowResult,
    did_you_mean,
    error_summary,
    normalise_header,
)

if TYPE_CHECKING:
    from .models import ImportBatch

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "CREATE_TERM",
    "DROP",
    "Decision",
    "Duplicate",
    "ImportField",
    "ImportFileError",
    "ImportRefused",
    "ManagedList",
    "RowResult",
    "StagedImporter",
    "did_you_mean",
    "error_summary",
    "normalise_header",
    "read_table",
]


class StagedImporter:
    """Base class of every importer; see the module docstring for the stages."""

    target = ""
    fields: tuple[ImportField, ...] = ()
    # Set by the format mixin.
    format = ""
    extensions: tuple[str, ...] = ()
    filename = ""  # the file's name, set before parse (HSDS records name their file)
    Decision = Decision

    def __init__(self, user: Any) -> None:
        self.user = user

    # --- stage 1: parse -------------------------------------------------------------------

    @property
    def max_bytes(self) -> int:
        return max_bytes()

    @property
    def max_rows(self) -> int:
        return max_rows()

    def read(self, data: bytes) -> Iterable[Iterable[Any]]:
        """Yield the rows of the file as lists of cell values (format mixins implement)."""
        raise NotImplementedError("a format mixin (formats.py) reads the file")

    def check_size(self, size: int) -> None:
        check_size(size, self.max_bytes)

    def check_file(self, data: bytes) -> None:
        """Limits a format can check before reading any row (an XLSX's unpacked size)."""

    def parse(
        self, data: bytes, allow_empty: bool = False
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """Header and numbered rows; the header is row 1 as in a spreadsheet program.

        `allow_empty`: a header without rows is an empty table (HSDS tables), not an error."""
        self.check_size(len(data))
        if not data.strip():
            raise ImportFileError(_("The file is empty."))
        self.check_file(data)
        headers: list[str] | None = None
        rows: list[dict[str, Any]] = []
        too_many = _("The file has more than %(max)s rows; split it into smaller files.") % {
            "max": self.max_rows
        }
        for number, cells in enumerate(self.read(data), start=1):
            if number > 2 * self.max_rows:  # blank rows count too: they cost as much to read
                raise ImportFileError(too_many)
            cells = self.row_cells(number, cells)
            if headers is None:
                if not any(cells):
                    continue  # blank lines above the header
                headers = cells
                continue
            if not any(cells):
                continue  # an empty row keeps its number but is not imported
            if len(rows) >= self.max_rows:
                raise ImportFileError(too_many)
            cells += [""] * (len(headers) - len(cells))
            rows.append({"row": number, "cells": cells})
        if not headers:
            raise ImportFileError(_("The file has no header row."))
        if not rows and not allow_empty:
            raise ImportFileError(_("The file has a header row but no data rows."))
        return headers, rows

    def row_cells(self, number: int, cells: Iterable[Any]) -> list[str]:
        """The row's cells as text, refusing too many columns or too long a cell."""
        cells = list(cells)
        while cells and cells[-1] in (None, ""):
            cells.pop()  # trailing empty cells of a formatted sheet do not count
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(
                _("Row %(row)s has more than %(max)s columns; at most %(max)s can be imported.")
                % {"row": number, "max": MAX_COLUMNS}
            )
        texts = [self.cell_text(c) for c in cells]
        for column, text in enumerate(texts, start=1):
            if len(text) > MAX_CELL_CHARS:
                raise ImportFileError(
                    _(
                        "Row %(row)s, column %(column)s holds %(length)s characters; "
                        "a cell can hold at most %(max)s."
                    )
                    % {"row": number, "column": column, "length": len(text), "max": MAX_CELL_CHARS}
                )
        return texts

    @staticmethod
    def cell_text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if hasattr(value, "isoformat"):
            return str(value.isoformat())
        return str(value).strip()

    # --- stage 2: column mapping ------------------------------------------------------------

    def propose_mapping(self, headers: list[str]) -> dict[str, int]:
        """Match each field to the first column whose header is one of its synonyms."""
        normalised = [normalise_header(h) for h in headers]
        mapping: dict[str, int] = {}
        taken: set[int] = set()
        for f in self.fields:
            names = {normalise_header(s) for s in (f.name, str(f.label), *f.synonyms)}
            for index, header in enumerate(normalised):
                if index not in taken and header in names:
                    mapping[f.name] = index
                    taken.add(index)
                    break
        return mapping

    def mapping_errors(self, mapping: dict[str, int]) -> list[str]:
        return [
            _("Choose the column for “%(field)s”.") % {"field": f.label}
            for f in self.fields
            if f.required and f.name not in mapping
        ]

    # --- stage 3: validate ------------------------------------------------------------------

    managed_lists: tuple[ManagedList, ...] = ()

    def row_values(self, batch: ImportBatch, row: dict[str, Any]) -> dict[str, str]:
        cells = row["cells"]
        return {
            name: (cells[index] if index < len(cells) else "").strip()
            for name, index in batch.mapping.items()
        }

    def validate(
        self, batch: ImportBatch, progress: Callable[[int], None] | None = None
    ) -> list[RowResult]:
        self.prepare(batch)
        self._lists = {m.field: (m, m.terms()) for m in self.managed_lists}
        self._value_mappings = batch.value_mappings or {}
        results = []
        for index, row in enumerate(batch.rows, start=1):
            result = RowResult(number=row["row"], data_row=index)
            self.clean_row(result, self.row_values(batch, row))
            results.append(result)
            if progress and index % 100 == 0:
                progress(index)
        self.find_duplicates(results)
        for result in results:
            self.decide(batch, result)
        return results

    def decide(self, batch: ImportBatch, result: RowResult) -> None:
        """The row's decision: the user's choice if allowed, else the default."""
        if result.outside:
            result.decision = Decision.SKIP
            return
        if result.duplicate is None:
            result.decision = Decision.CREATE
            return
        chosen = batch.decisions.get(str(result.number))
        if chosen in result.choices:
            result.decision = chosen
        elif chosen in (Decision.UPDATE, Decision.MERGE):
            result.decision = Decision.SKIP
            result.error(
                _("you may not update %(name)s.") % {"name": result.duplicate.label},
                cause=_("You may not update these organisations."),
            )
        else:
            result.decision = result.choices[0]

    def prepare(self, batch: ImportBatch) -> None:
        """Load what clean_row needs (lookup tables) once per validation."""

    def clean_row(self, result: RowResult, values: dict[str, str]) -> None:
        """Fill result.values from the raw strings; record problems with result.error()."""
        raise NotImplementedError(f"{type(self).__name__} declares no clean_row")

    def managed_values(self, result: RowResult, name: str, value: str) -> list[str]:
        """The term ids of a managed-list cell; unknown values wait for a value mapping."""
        managed, terms = self._lists[name]
        mapped = self._value_mappings.get(name, {})
        found: list[str] = []
        for part in [p.strip() for p in re.split(managed.separators, value or "") if p.strip()]:
            pieces = [part] if part.casefold() in terms else [p.strip() for p in part.split(",")]
            for piece in filter(None, pieces):
                term = terms.get(piece.casefold())
                choice = mapped.get(piece)
                if term is not None:
                    found.append(term[0])
                elif choice == DROP:
                    result.warn(_("“%(value)s” is left out.") % {"value": piece})
                elif choice == CREATE_TERM and managed.create and managed.can_create(self.user):
                    found.append(f"{CREATE_TERM}:{piece}")
                elif choice and choice in {t[0] for t in terms.values()}:
                    found.append(choice)
                else:
                    result.unmapped.append((name, piece))
        return list(dict.fromkeys(found))

    def find_duplicates(self, results: list[RowResult]) -> None:
        """Set result.duplicate for rows that match existing data or an earlier row."""

    # --- what blocks the commit -------------------------------------------------------------

    @staticmethod
    def unmapped_values(results: list[RowResult]) -> dict[str, dict[str, list[int]]]:
        """{field: {value: [row numbers]}} of values that wait for a value mapping."""
        out: dict[str, dict[str, list[int]]] = {}
        for r in results:
            if r.outside:
                continue
            for name, value in r.unmapped:
                out.setdefault(name, {}).setdefault(value, []).append(r.number)
        return out

    @staticmethod
    def outside_rows(results: list[RowResult]) -> list[RowResult]:
        return [r for r in results if r.outside]

    def blocking(self, batch: ImportBatch, results: list[RowResult]) -> list[str]:
        """Everything that must be fixed or decided before the commit, as messages."""
        problems = [e for r in results if not r.outside for e in r.errors]
        outside = self.outside_rows(results)
        if outside and batch.decisions.get("outside") != Decision.SKIP:
            problems.append(
                ngettext(
                    "Decide about the row outside your area.",
                    "Decide about the %(n)s rows outside your area.",
                    len(outside),
                )
                % {"n": len(outside)}
            )
        for values in self.unmapped_values(results).values():
            for value, rows in values.items():
                problems.append(
                    _("Choose what “%(value)s” means (rows %(rows)s).")
                    % {"value": value, "rows": ", ".join(map(str, rows))}
                )
        return problems

    # --- stage 5: commit --------------------------------------------------------------------

    def commit(
        self, batch: ImportBatch, progress: Callable[[int], None] | None = None
    ) -> dict[str, int]:
        """Write every row in one transaction, or nothing; returns counts per outcome."""
        with transaction.atomic():
            results = self.validate(batch)
            problems = self.blocking(batch, results)
            if problems:
                raise ImportRefused(problems)
            created_terms = self.create_terms(results)
            counts = {"created": 0, "updated": 0, "skipped": 0}
            written: dict[int, object] = {}
            # What each row wrote or matched (a skipped duplicate: the existing object):
            # {"<row>": "<object id>"}, stored in the batch.
            objects: dict[str, str] = {}
            for index, result in enumerate(results, start=1):
                for name in self._lists:
                    result.values[name] = [
                        created_terms.get(v, v) for v in result.values.get(name, [])
                    ]
                if result.decision == Decision.SKIP and result.duplicate is None:
                    outcome = "skipped"  # outside the area
                else:
                    outcome = self.commit_row(batch, result, written)
                counts[outcome] = counts.get(outcome, 0) + 1  # "unchanged" only when some are
                pk = getattr(written.get(result.number), "pk", None)
                if pk is not None:
                    objects[str(result.number)] = str(pk)
                if progress and index % 100 == 0:
                    progress(index)
            counts.update(self.extra_counts())
            batch.status = batch.Status.COMMITTED
            batch.committed_at = timezone.now()
            batch.result, batch.written = counts, objects
            batch.progress = batch.total = len(results)
            batch.save(
                update_fields=[
                    "status",
                    "committed_at",
                    "result",
                    "written",
                    "progress",
                    "total",
                    "modified_at",
                ]
            )
        return counts

    def extra_counts(self) -> dict[str, int]:
        """Counts a target adds to the result (CAP: the alerts superseded and cancelled)."""
        return {}

    def create_terms(self, results: list[RowResult]) -> dict[str, str]:
        """Create the terms the user asked for; {"create:<value>": new id}."""
        created: dict[str, str] = {}
        for name, (managed, _terms) in self._lists.items():
            for r in results:
                for v in r.values.get(name, []):
                    if v.startswith(f"{CREATE_TERM}:") and v not in created and managed.create:
                        created[v] = managed.create(v.split(":", 1)[1])
        return created

    def commit_row(self, batch: ImportBatch, result: RowResult, written: dict[int, Any]) -> str:
        """Write one row; `written` maps earlier row numbers to their objects.

        Returns "created", "updated", "unchanged" (an update that changes nothing: no write,
        no audit history) or "skipped".
        """
        raise NotImplementedError(f"{type(self).__name__} declares no commit_row")


class TableReader(StagedImporter):
    """Only the parse stage, for an importer that keeps its own later stages (HSDS)."""

    def clean_row(self, result: RowResult, values: dict[str, str]) -> None:
        raise NotImplementedError("TableReader only parses: its importer validates the rows")


def read_table(data: bytes, format_mixin: type) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and numbered rows of a table file, with the framework's limits and formats."""
    if not data.strip():
        return [], []  # an empty file is an empty table
    reader: StagedImporter = type("Reader", (format_mixin, TableReader), {})(user=None)
    return reader.parse(data, allow_empty=True)

"""The staged importer: parse → map columns → validate → preview → commit.

A concrete importer is a small subclass that declares only what differs (style.md,
"declarative importers"): a *format* mixin says how to read the bytes of a file into rows
(CSV, XLSX, later JSON for PTV/HSDS), a *target* class says which fields there are, how one
row is cleaned, what counts as a duplicate and how a row is written. The stages:

1. `parse(upload)`: the file becomes header + rows of strings, with file-level limits;
   the result is stored in an ImportBatch so that nothing is lost between steps.
2. `propose_mapping(headers)`: columns are matched to fields by their header names.
3. `validate(batch)`: every row is cleaned and checked (row-level errors), then duplicates
   are looked for in the database and within the file.
4. The preview shows `validate()`'s result; the user chooses what to do with duplicates.
5. `commit(batch, decisions)`: validates again and writes every row in one transaction, or
   refuses and writes nothing.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 5000
MAX_COLUMNS = 100
# Longer than any name, address or description a row needs; a 200 MB "cell" is an attack.
MAX_CELL_CHARS = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be imported (too large, unreadable, empty...)."""


class ImportRefused(Exception):
    """The commit was refused; `errors` lists why, row by row."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportField:
    """A field rows can fill; `synonyms` are header names (fi/sv/en) that map to it."""

    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help_text: str = ""


@dataclass
class Duplicate:
    """What a row duplicates: an existing object or an earlier row of the same file."""

    reason: str
    existing: object = None
    row: int | None = None
    can_update: bool = True

    @property
    def label(self) -> str:
        if self.existing is not None:
            return str(self.existing)
        return _("row %(row)s of this file") % {"row": self.row}


@dataclass
class RowResult:
    number: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    duplicate: Duplicate | None = None
    decision: str = "create"

    def error(self, message: str) -> None:
        self.errors.append(_("row %(row)s: %(message)s") % {"row": self.number, "message": message})


def normalise_header(text: str) -> str:
    """'Yhdistyksen nimi *' → 'yhdistyksen nimi'; compares headers loosely."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class StagedImporter:
    """Base class of every importer; see the module docstring for the stages."""

    target = ""
    fields: tuple[ImportField, ...] = ()
    # Set by the format mixin.
    format = ""
    extensions: tuple[str, ...] = ()

    class Decision:
        SKIP = "skip"
        UPDATE = "update"

    def __init__(self, user):
        self.user = user

    # --- stage 1: parse -------------------------------------------------------------------

    @property
    def max_bytes(self) -> int:
        return getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)

    @property
    def max_rows(self) -> int:
        return getattr(settings, "REGISTRY_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)

    def read(self, data: bytes):
        """Yield the rows of the file as lists of cell values (format mixins implement)."""
        raise NotImplementedError

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise ImportFileError(
                _("The file is %(size)s MB; at most %(max)s MB can be imported at once.")
                % {"size": f"{size / 1048576:.1f}", "max": f"{self.max_bytes / 1048576:g}"}
            )

    def parse(self, data: bytes) -> tuple[list[str], list[dict]]:
        """Header and numbered rows; the header is row 1 as in a spreadsheet program."""
        self.check_size(len(data))
        if not data.strip():
            raise ImportFileError(_("The file is empty."))
        headers: list[str] | None = None
        rows: list[dict] = []
        for number, cells in enumerate(self.read(data), start=1):
            if number > 2 * self.max_rows:  # blank rows count too: they cost as much to read
                raise ImportFileError(
                    _("The file has more than %(max)s rows; split it into smaller files.")
                    % {"max": self.max_rows}
                )
            cells = self.row_cells(number, cells)
            if headers is None:
                if not any(cells):
                    continue  # blank lines above the header
                headers = cells
                continue
            if not any(cells):
                continue  # an empty row keeps its number but is not imported
            if len(rows) >= self.max_rows:
                raise ImportFileError(
                    _("The file has more than %(max)s rows; split it into smaller files.")
                    % {"max": self.max_rows}
                )
            cells += [""] * (len(headers) - len(cells))
            rows.append({"row": number, "cells": cells})
        if not headers:
            raise ImportFileError(_("The file has no header row."))
        if not rows:
            raise ImportFileError(_("The file has a header row but no data rows."))
        return headers, rows

    def row_cells(self, number: int, cells) -> list[str]:
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
    def cell_text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if hasattr(value, "isoformat"):
            return value.isoformat()
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

    def row_values(self, batch, row: dict) -> dict[str, str]:
        cells = row["cells"]
        return {
            name: (cells[index] if index < len(cells) else "").strip()
            for name, index in batch.mapping.items()
        }

    def validate(self, batch) -> list[RowResult]:
        self.prepare(batch)
        results = []
        for row in batch.rows:
            result = RowResult(number=row["row"])
            self.clean_row(result, self.row_values(batch, row))
            results.append(result)
        self.find_duplicates(results)
        for result in results:
            if result.duplicate:
                chosen = batch.decisions.get(str(result.number), self.Decision.SKIP)
                if chosen == self.Decision.UPDATE and not result.duplicate.can_update:
                    result.error(
                        _("you may not update %(name)s.") % {"name": result.duplicate.label}
                    )
                result.decision = chosen
        return results

    def prepare(self, batch) -> None:
        """Load what clean_row needs (lookup tables) once per validation."""

    def clean_row(self, result: RowResult, values: dict[str, str]) -> None:
        """Fill result.values from the raw strings; record problems with result.error()."""
        raise NotImplementedError

    def find_duplicates(self, results: list[RowResult]) -> None:
        """Set result.duplicate for rows that match existing data or an earlier row."""

    # --- stage 5: commit --------------------------------------------------------------------

    def commit(self, batch) -> dict[str, int]:
        """Write every row in one transaction, or nothing; returns counts per outcome."""
        with transaction.atomic():
            results = self.validate(batch)
            errors = [e for r in results for e in r.errors]
            if errors:
                raise ImportRefused(errors)
            counts = {"created": 0, "updated": 0, "skipped": 0}
            written: dict[int, object] = {}
            for result in results:
                outcome = self.commit_row(batch, result, written)
                counts[outcome] += 1
            batch.status = batch.Status.COMMITTED
            batch.committed_at = timezone.now()
            batch.result = counts
            batch.save(update_fields=["status", "committed_at", "result", "modified_at"])
        return counts

    def commit_row(self, batch, result: RowResult, written: dict[int, object]) -> str:
        """Write one row; `written` maps earlier row numbers to their objects.

        Returns "created", "updated" or "skipped".
        """
        raise NotImplementedError

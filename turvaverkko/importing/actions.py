"""Writes of the import framework: every step of a batch goes through these functions.

A target's app calls them (registry's `import_organisations`, the pages of its own views);
`commit_import` writes the rows through the target's `commit_row` in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .base import CREATE_TERM, DROP, Decision, ImportFileError, ImportRefused, StagedImporter
from .models import ImportBatch
from .registry import importer_class, importer_for_batch, importer_for_filename
from .tasks import _progress, commit_batch

# Files with more rows than this are imported by a background task that reports progress.
DEFAULT_BACKGROUND_ROWS = 1000


def _importer_class(target: str, filename: str, format: str | None = None) -> type[StagedImporter]:
    if format is not None:
        return importer_class(target, format)
    found = importer_for_filename(target, filename)
    if found is None:
        raise ImportFileError(_("Upload a CSV or XLSX file (.csv, .xlsx)."))
    return found


def _parse(
    target: str,
    user: Any,
    filename: str,
    data: bytes | None = None,
    uploaded: UploadedFile[Any] | None = None,
    format: str | None = None,
) -> tuple[StagedImporter, list[str], list[dict[str, Any]]]:
    importer = _importer_class(target, filename, format)(user)
    importer.filename = filename  # formats whose records name their file (HSDS)
    if uploaded is not None:
        importer.check_size(uploaded.size or 0)  # before a byte of it is read into memory
        data = uploaded.read()
    headers, rows = importer.parse(data or b"")
    return importer, headers, rows


def start_import(
    user: Any,
    uploaded: UploadedFile[Any] | None = None,
    target: str = "organizations",
    *,
    filename: str = "",
    data: bytes | None = None,
    format: str | None = None,
) -> ImportBatch:
    """Stage 1: parse a file (an upload, or `data` named `filename`) and store it.

    `format`: the format to read it with; by default the one of the file name's extension."""
    filename = (uploaded.name or "") if uploaded is not None else filename
    importer, headers, rows = _parse(target, user, filename, data, uploaded, format)
    return ImportBatch.objects.create(
        created_by=user,
        target=target,
        format=importer.format,
        filename=filename[:255],
        headers=headers,
        rows=rows,
        total=len(rows),
        mapping=importer.propose_mapping(headers),
    )


@transaction.atomic
def replace_import_file(batch: ImportBatch, user: Any, uploaded: UploadedFile[Any]) -> ImportBatch:
    """A corrected file for an unfinished import; the mapping stays if the columns did."""
    name = uploaded.name or ""
    importer, headers, rows = _parse(batch.target, user, name, uploaded=uploaded)
    if headers != batch.headers:
        batch.mapping = importer.propose_mapping(headers)
        batch.status = ImportBatch.Status.UPLOADED
    elif batch.status != ImportBatch.Status.UPLOADED:
        batch.status = ImportBatch.Status.MAPPED
    batch.format, batch.filename = importer.format, name[:255]
    batch.headers, batch.rows, batch.total, batch.progress = headers, rows, len(rows), 0
    batch.decisions = {k: v for k, v in batch.decisions.items() if k == "outside"}
    batch.result = {}
    batch.save()
    return batch


def set_import_mapping(batch: ImportBatch, mapping: dict[str, int]) -> ImportBatch:
    batch.mapping = mapping
    batch.status = ImportBatch.Status.MAPPED
    batch.save(update_fields=["mapping", "status", "modified_at"])
    return batch


def save_import_decisions(
    batch: ImportBatch,
    decisions: dict[str, str],
    value_mappings: dict[str, dict[str, str]] | None = None,
) -> ImportBatch:
    """The user's choices: per row (and "outside": "skip"), and per unknown value."""
    kept = {str(k): v for k, v in decisions.items() if v in Decision.ALL and k != "outside"}
    batch.decisions = {**batch.decisions, **kept}
    if "outside" in decisions:  # the one choice for every row outside the user's area
        if decisions["outside"] == Decision.SKIP:
            batch.decisions["outside"] = Decision.SKIP
        else:
            batch.decisions.pop("outside", None)
    if value_mappings is not None:
        merged = {name: dict(values) for name, values in batch.value_mappings.items()}
        for name, values in value_mappings.items():
            for value, choice in values.items():
                if choice:
                    merged.setdefault(name, {})[value] = choice
                else:
                    merged.get(name, {}).pop(value, None)
        batch.value_mappings = merged
    batch.save(update_fields=["decisions", "value_mappings", "modified_at"])
    return batch


def commit_import(
    batch: ImportBatch,
    user: Any,
    decisions: dict[str, str] | None = None,
    value_mappings: dict[str, dict[str, str]] | None = None,
) -> dict[str, int]:
    """Stage 5: write every row or none; raises ImportRefused with what blocks it."""
    if decisions is not None or value_mappings is not None:
        save_import_decisions(batch, decisions or {}, value_mappings)
    if batch.finished:
        raise ImportFileError(_("This file has already been imported."))
    importer = importer_for_batch(batch, user)
    # The rows are checked once outside the transaction, so that the progress is visible.
    importer.validate(batch, progress=_progress(batch))
    return importer.commit(batch, progress=_progress(batch))


def runs_in_background(batch: ImportBatch, limit: int | None = None) -> bool:
    if limit is None:
        limit = int(getattr(settings, "IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS))
    return len(batch.rows) > limit


def start_commit(
    batch: ImportBatch,
    user: Any,
    decisions: dict[str, str] | None = None,
    value_mappings: dict[str, dict[str, str]] | None = None,
    *,
    background_rows: int | None = None,
) -> dict[str, int] | None:
    """Commit now, or for a large file enqueue the task and return None (see tasks.py).

    `background_rows`: a target whose rows cost more to write than a spreadsheet row's (a PTV
    record is a place with its hours) may go to the background sooner."""
    if not runs_in_background(batch, background_rows):
        return commit_import(batch, user, decisions, value_mappings)
    save_import_decisions(batch, decisions or {}, value_mappings)
    batch.status, batch.progress, batch.result = ImportBatch.Status.RUNNING, 0, {}
    batch.save(update_fields=["status", "progress", "result", "modified_at"])
    transaction.on_commit(lambda: commit_batch.enqueue(str(batch.pk), user.pk))
    return None


def commit_for_page(
    batch: ImportBatch,
    user: Any,
    decisions: dict[str, str] | None = None,
    value_mappings: dict[str, dict[str, str]] | None = None,
    *,
    background_rows: int | None = None,
) -> tuple[dict[str, int] | None, list[str]]:
    """`start_commit` for a preview page: (counts, []) when committed (counts None when it
    went to the background), or (None, the reasons to show) when nothing was written."""
    try:
        counts = start_commit(
            batch, user, decisions, value_mappings, background_rows=background_rows
        )
    except ImportRefused as exc:
        return None, list(exc.errors)
    except ImportFileError as exc:
        return None, [str(exc)]
    except DatabaseError:
        return None, [_("Saving failed and nothing was imported. Please try again.")]
    return counts, []


def discard_import(batch: ImportBatch) -> ImportBatch:
    """Throw away an unfinished or refused batch: its rows (personal data) are deleted; the
    batch stays as a record of who tried to import which file."""
    if batch.status in (ImportBatch.Status.COMMITTED, ImportBatch.Status.RUNNING):
        raise ImportFileError(_("This file has already been imported."))
    batch.status = ImportBatch.Status.DISCARDED
    batch.rows, batch.headers, batch.decisions, batch.value_mappings = [], [], {}, {}
    batch.save()
    return batch


__all__ = [
    "CREATE_TERM",
    "DROP",
    "commit_import",
    "discard_import",
    "replace_import_file",
    "save_import_decisions",
    "set_import_mapping",
    "start_commit",
    "start_import",
]

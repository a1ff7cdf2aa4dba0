"""Which targets can be imported, and in which formats.

A target (a StagedImporter subclass in its own app) registers itself with `@register`; the
framework combines it with each format it accepts, so a format × target pair is never written
out by hand.
"""

from __future__ import annotations

from typing import Any

from .base import StagedImporter
from .formats import CsvFormat, XlsxFormat
from .models import ImportBatch

FORMATS: dict[str, type] = {"csv": CsvFormat, "xlsx": XlsxFormat}
# What a target that names no formats accepts: the spreadsheets. Formats of one kind of
# document (CAP XML, registered by the cap app) are only for the targets that name them.
SPREADSHEETS = ("csv", "xlsx")
TARGETS: dict[str, type[StagedImporter]] = {}
# (target, format) → the combined class, built on first use (tests may put their own here).
IMPORTERS: dict[tuple[str, str], type[StagedImporter]] = {}


def register(cls: type[StagedImporter]) -> type[StagedImporter]:
    """Class decorator: make `cls.target` importable in the formats of `cls.formats`
    (default: the spreadsheets)."""
    TARGETS[cls.target] = cls
    for format in getattr(cls, "formats", SPREADSHEETS):
        mixin = FORMATS[format]
        name = f"{mixin.__name__.removesuffix('Format')}{cls.__name__}"
        IMPORTERS[(cls.target, format)] = type(name, (mixin, cls), {"__module__": cls.__module__})
    return cls


def importer_class(target: str, format: str) -> type[StagedImporter]:
    return IMPORTERS[(target, format)]


def importer_for_filename(target: str, filename: str) -> type[StagedImporter] | None:
    """The importer whose format reads this file name's extension, or None."""
    name = (filename or "").lower()
    for (kind, _format), cls in IMPORTERS.items():
        if kind == target and name.endswith(cls.extensions):
            return cls
    return None


def importer_for_batch(batch: ImportBatch, user: Any) -> StagedImporter:
    return importer_class(batch.target, batch.format)(user)

"""Spreadsheet imports: a staged base class, file formats, and what is imported.

Each concrete importer is a format mixin plus a target class and nothing else.
"""

from .base import ImportFileError, ImportRefused, RowResult, StagedImporter
from .formats import CsvFormat, XlsxFormat
from .organizations import OrganizationImporter


class CsvOrganizationImporter(CsvFormat, OrganizationImporter):
    pass


class XlsxOrganizationImporter(XlsxFormat, OrganizationImporter):
    pass


# (target, format) → importer class; an ImportBatch names both.
IMPORTERS: dict[tuple[str, str], type[StagedImporter]] = {
    ("organizations", "csv"): CsvOrganizationImporter,
    ("organizations", "xlsx"): XlsxOrganizationImporter,
}


def importer_for_filename(target: str, filename: str):
    """The importer class whose format reads this file name's extension, or None."""
    name = (filename or "").lower()
    for (kind, _format), cls in IMPORTERS.items():
        if kind == target and name.endswith(cls.extensions):
            return cls
    return None


def importer_for_batch(batch, user) -> StagedImporter:
    return IMPORTERS[(batch.target, batch.format)](user)


__all__ = [
    "IMPORTERS",
    "CsvOrganizationImporter",
    "ImportFileError",
    "ImportRefused",
    "RowResult",
    "StagedImporter",
    "XlsxOrganizationImporter",
    "importer_for_batch",
    "importer_for_filename",
]

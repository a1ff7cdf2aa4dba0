"""Organisations from a spreadsheet, on the import framework (turvaverkko.importing).

The target class is declared in organizations.py and registered here; the framework combines
it with each file format (CSV, XLSX).
"""

from turvaverkko.importing.base import ImportFileError, ImportRefused, RowResult, StagedImporter
from turvaverkko.importing.registry import (
    IMPORTERS,
    importer_for_batch,
    importer_for_filename,
    register,
)

from .organizations import OrganizationImporter

register(OrganizationImporter)
CsvOrganizationImporter = IMPORTERS[("organizations", "csv")]
XlsxOrganizationImporter = IMPORTERS[("organizations", "xlsx")]


__all__ = [
    "IMPORTERS",
    "CsvOrganizationImporter",
    "ImportFileError",
    "ImportRefused",
    "OrganizationImporter",
    "RowResult",
    "StagedImporter",
    "XlsxOrganizationImporter",
    "importer_for_batch",
    "importer_for_filename",
]

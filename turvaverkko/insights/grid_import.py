"""The population grid on the import framework's bulk path (docs/importing.md, docs/insights.md).

Statistics Finland's grid is a numeric raster read whole: no row-by-row staging. What the
framework does for it (importing.bulk): the file's size and a gzip file's unpacked size
(`IMPORT_GRID_MAX_BYTES`, 300 MB) and its number of cells (`IMPORT_GRID_MAX_CELLS`,
2,000,000; lines of a CSV, features of a GeoJSON, counted on the raw bytes) are checked
before it is parsed; CSV (`;` or `,`) or GeoJSON; the whole file is validated (cell size,
CRS, ETRS-TM35FIN bounds, every count; each problem names its line or feature); the arrays
are written as one .npz file and one PopulationGrid row in one transaction; an ImportBatch
records who loaded which file (or why it was refused), without the cells.

A re-load of the same grid (the same cells and figures for the same year and resolution)
writes nothing: it returns the dataset already stored.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from turvaverkko.importing.base import ImportFileError, ImportRefused
from turvaverkko.importing.bulk import BulkImporter, CsvRecords, register_bulk

from . import storage
from .models import PopulationGrid
from .population import (
    Grid,
    GridRejected,
    check_resolution,
    grid_from_geojson,
    grid_from_records,
    grid_totals,
)

TARGET = "population_grid"
DEFAULT_MAX_BYTES = 300 * 1024 * 1024
# Statistics Finland's 250 m grid has about 300,000 inhabited cells; the 1 km one 100,000.
DEFAULT_MAX_CELLS = 2_000_000


def max_cells() -> int:
    return int(getattr(settings, "IMPORT_GRID_MAX_CELLS", DEFAULT_MAX_CELLS))


def store_grid(grid: Grid, *, name: str, year: int, source: str = "",
               is_synthetic: bool = False, user: Any = None) -> PopulationGrid:  # fmt: skip
    """Write the arrays (atomically) and the row that names them; the file is removed again
    if the row is not saved."""
    file_name = storage.new_file_name(f"population-{grid.resolution}m-{year}")
    checksum = storage.write_arrays(file_name, grid.arrays())
    with storage.removed_on_error(file_name), transaction.atomic():
        return PopulationGrid.objects.create(
            name=name,
            year=year,
            resolution=grid.resolution,
            is_synthetic=is_synthetic,
            source=source[:500],
            file_name=file_name,
            checksum=checksum,
            created_by=user if user is not None and user.is_authenticated else None,
            **grid_totals(grid),
        )


def same_grid(grid: Grid, year: int) -> PopulationGrid | None:
    """A stored real (not synthetic) dataset with exactly these cells and figures."""
    totals = grid_totals(grid)
    candidates = PopulationGrid.objects.filter(
        year=year,
        resolution=grid.resolution,
        is_synthetic=False,
        cell_count=totals["cell_count"],
        total_population=totals["total_population"],
    )
    for dataset in candidates:
        try:
            stored = dataset.load()
        except FileNotFoundError:
            continue
        if all(
            np.array_equal(a, b)
            for a, b in zip(stored.arrays().values(), grid.arrays().values(), strict=True)
        ):
            return dataset
    return None


@register_bulk
class PopulationGridImporter(BulkImporter):
    """Options: resolution (1000 or 250), year, name (default: Statistics Finland's)."""

    target = TARGET
    formats = ("json", "csv")

    @property
    def max_bytes(self) -> int:
        return int(getattr(settings, "IMPORT_GRID_MAX_BYTES", DEFAULT_MAX_BYTES))

    @property
    def max_uncompressed_bytes(self) -> int:
        return self.max_bytes

    def check_count(self, text: bytes, format: str) -> None:
        cells = text.count(b'"Feature"') if format == "json" else text.count(b"\n") - 1
        if cells > max_cells():
            raise ImportFileError(
                _("The file has over %(max)s cells; at most %(max)s can be imported.")
                % {"max": max_cells()}
            )

    def clean(self, document: Any) -> Grid:
        resolution = int(self.options["resolution"])
        try:
            check_resolution(resolution)
            if isinstance(document, CsvRecords):
                return grid_from_records(document.header, document, resolution)
            return grid_from_geojson(document, resolution)
        except GridRejected as exc:
            more = exc.total_errors - len(exc.errors)
            refused = ImportRefused(exc.errors + ([f"... and {more} more"] if more > 0 else []))
            refused.rejected = exc.total_errors  # type: ignore[attr-defined]
            raise refused from exc

    def count(self, cleaned: Grid) -> int:
        return len(cleaned)

    def write(self, cleaned: Grid) -> dict[str, Any]:
        year = int(self.options["year"])
        existing = same_grid(cleaned, year)
        if existing is not None:
            return {"created": 0, "updated": 0, "unchanged": 1, "value": existing}
        dataset = store_grid(
            cleaned,
            name=self.options.get("name") or f"Statistics Finland population grid {year}",
            year=year,
            source=self.options.get("source", ""),
            user=self.user,
        )
        return {
            "created": 1,
            "updated": 0,
            "unchanged": 0,
            "dataset": dataset.pk,
            **grid_totals(cleaned),
            "value": dataset,
        }

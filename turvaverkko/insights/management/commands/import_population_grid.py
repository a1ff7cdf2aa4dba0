"""manage.py import_population_grid <file> --resolution 1000|250 --year 2024"""

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.importing.base import ImportFileError, ImportRefused
from turvaverkko.insights.actions import import_population_grid


class Command(BaseCommand):
    help = (
        "Import Statistics Finland's population grid (CSV or GeoJSON as published). "
        "All or nothing: a file with any rejected row stores nothing; the same grid again "
        "stores nothing new. Limits: IMPORT_GRID_MAX_BYTES, IMPORT_GRID_MAX_CELLS."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--resolution", type=int, choices=[1000, 250], default=1000)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--name", default="")

    def handle(self, *args, file, resolution, year, name, **options):
        try:
            dataset = import_population_grid(file, resolution=resolution, year=year, name=name)
        except ImportRefused as exc:
            rejected = getattr(exc, "rejected", len(exc.errors))
            errors = "\n".join(exc.errors)
            raise CommandError(
                f"{file} was not imported ({rejected} rejected rows):\n{errors}"
            ) from exc
        except ImportFileError as exc:
            raise CommandError(f"{file} was not imported: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        self.stdout.write(
            f"Imported {dataset} as dataset {dataset.pk}: {dataset.cell_count} cells, "
            f"{dataset.total_population} residents, {dataset.suppressed_cells} cells with "
            "suppressed age groups."
        )

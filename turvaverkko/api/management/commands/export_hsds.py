"""manage.py export_hsds <dir>: write the published directory as HSDS 3.0."""

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.api.hsds.exporter import ExportError, export_directory


class Command(BaseCommand):
    help = (
        "Write organizations.json, locations.json, services.json and taxonomy_terms.json "
        "(validated against the official HSDS 3.0 schemas) and a CSV Tabular Data Package "
        "in <dir>/csv/."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--no-csv", action="store_true", help="Write only the JSON files.")

    def handle(self, *args, directory, no_csv, **options):
        try:
            counts = export_directory(directory, with_csv=not no_csv)
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        for name, count in counts.items():
            self.stdout.write(f"{directory}/{name}: {count}")

"""manage.py import_hsds <path>: import Open Referral HSDS 3.0 data, all or nothing, through
the import framework (a stored ImportBatch per file or folder; docs/importing.md)."""

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.api.hsds.importing import import_path


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 JSON (an organization, service, location or service_at_location "
        "object, a paged list, tabular JSON, a folder of JSON files) or a CSV Tabular Data "
        "Package (a folder, its datapackage.json or a zip of it). Nothing is written unless "
        "every record is accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="+", help="JSON file(s) or CSV package folder(s)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; write nothing."
        )

    def handle(self, *args, path, dry_run, **options):
        failed = False
        for one in path:
            result = import_path(one, dry_run=dry_run)
            if result.errors:
                failed = True
                self.stderr.write(f"{one}: rejected, nothing was imported:")
                for error in result.errors:
                    self.stderr.write(f"  {error}")
                continue
            done = "checked (dry run)" if dry_run else "imported"
            self.stdout.write(self.style.SUCCESS(f"{one}: {done}"))
            for label, count in sorted(result.created.items()):
                self.stdout.write(f"  created {count} {label}")
            for label, count in sorted(result.updated.items()):
                self.stdout.write(f"  updated {count} {label}")
            for warning, count in result.warnings.items():
                self.stdout.write(f"  note: {warning} ({count}×)")
        if failed:
            raise CommandError("Some input was rejected; see the messages above.")

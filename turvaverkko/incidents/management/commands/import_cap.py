"""manage.py import_cap <file>... : read FMI CAP 1.2 warnings (an alert or an Atom feed)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from turvaverkko.incidents.cap import CapError, import_cap


class Command(BaseCommand):
    help = "Import FMI CAP 1.2 warnings from files (a single alert or an Atom feed)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, **options):
        for path in options["paths"]:
            if "://" in path:
                raise CommandError("Only files are supported here (no network access).")
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc}") from None
            try:
                result = import_cap(data)
            except CapError as exc:
                raise CommandError(f"{path}: {exc}") from None
            self.stdout.write(
                f"{path}: {result.created} new, {result.skipped} skipped, "
                f"{result.superseded} superseded, {result.cancelled} cancelled"
            )

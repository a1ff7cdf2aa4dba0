"""Read an organisation's places and services from PTV; show the preview, commit with --commit.

manage.py ptv_read --business-id 0201256-6            the weekly full read (preview only)
manage.py ptv_read --changed-since 2026-12-01 --commit the daily read of changed records

A committed read is an import batch (target `ptv`) with no user, as the scheduled reads are.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from turvaverkko.directory.ptv import importing, source
from turvaverkko.directory.ptv.client import PtvError, V11Client
from turvaverkko.importing.base import ImportFileError, ImportRefused

DEFAULT_URL = "https://api.palvelutietovaranto.suomi.fi/api/v11/"


class Command(BaseCommand):
    help = "Read places and services from PTV (v11): a preview, written only with --commit."

    def add_arguments(self, parser):
        parser.add_argument("--business-id", help="the organisation's Y-tunnus (full read)")
        parser.add_argument("--municipality", help="a municipality code: its service locations")
        parser.add_argument("--changed-since", help="ISO date: read records changed since")
        parser.add_argument("--base-url", default=settings.PTV_READ_URL or DEFAULT_URL)
        parser.add_argument("--commit", action="store_true", help="write the preview")

    def handle(self, *args, **options):
        reader = V11Client(options["base_url"])
        try:
            if options["business_id"]:
                read = source.read_organization(reader, options["business_id"])
            elif options["municipality"]:
                read = source.read_municipality(reader, options["municipality"])
            elif options["changed_since"]:
                since = datetime.fromisoformat(options["changed_since"]).replace(tzinfo=UTC)
                read = source.read_changes(reader, since)
            else:
                raise CommandError("Give --business-id, --municipality or --changed-since.")
            batch = importing.stage(read, save=options["commit"])
        except (PtvError, ImportFileError) as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        results = importing.PtvRecordsImporter(None).validate(batch)
        counts = importing.summary(results)
        self.stdout.write(
            "new {new}, changed {changed}, deleted {deleted}, unchanged {unchanged}".format(
                **counts
            )
        )
        for r in results:
            if r.duplicate is not None and r.duplicate.reason not in ("",):
                self.stdout.write(f"  row {r.number} {r.values['name']}: {r.duplicate.reason}, "
                                  f"{r.duplicate.label} → {r.decision}")  # fmt: skip
            for error in r.errors:
                self.stdout.write(f"  {error}")
        if not options["commit"]:
            self.stdout.write("Preview only: run again with --commit to write it.")
            return
        try:
            importing.commit(batch)
        except ImportRefused as exc:
            raise CommandError("; ".join(exc.errors) + ". Nothing was imported.") from exc
        self.stdout.write(self.style.SUCCESS(f"Committed (import batch {batch.pk})."))

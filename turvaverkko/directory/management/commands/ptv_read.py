"""Read an organisation's places and services from PTV; show the preview, commit with --commit.

manage.py ptv_read --business-id 0201256-6            the weekly full read (preview only)
manage.py ptv_read --changed-since 2026-12-01 --commit the daily read of changed records
"""

from datetime import UTC, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from turvaverkko.directory.ptv import staging
from turvaverkko.directory.ptv.client import PtvError, V11Client

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
                preview = staging.read_organization(reader, options["business_id"])
            elif options["municipality"]:
                preview = staging.read_municipality(reader, options["municipality"])
            elif options["changed_since"]:
                since = datetime.fromisoformat(options["changed_since"]).replace(tzinfo=UTC)
                preview = staging.read_changes(reader, since)
            else:
                raise CommandError("Give --business-id, --municipality or --changed-since.")
        except PtvError as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        summary = preview.summary()
        self.stdout.write(
            f"new {summary['new']}, changed {summary['changed']}, deleted {summary['deleted']}, "
            f"unchanged {summary['unchanged']}"
        )
        for line in summary["duplicates"]:
            self.stdout.write(f"  duplicate: {line}")
        if options["commit"]:
            staging.commit(preview)
            self.stdout.write(self.style.SUCCESS("Committed."))
        else:
            self.stdout.write("Preview only: run again with --commit to write it.")

"""`manage.py backup DEST`: database, stored files and secrets in one archive (core/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from turvaverkko.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive with the database, the uploaded files and insight data, the secret "
        "key and the VAPID keys, and a manifest of row counts and checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="The archive to write (.tar.gz).")

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        if destination.exists():
            raise CommandError(f"{destination} exists already; name a new file.")
        try:
            manifest = create_backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {destination}: {len(manifest.tables)} tables, {rows} rows, "
                f"{len(manifest.files)} files. It holds the secret key: keep it as safe as the "
                "production machines."
            )
        )

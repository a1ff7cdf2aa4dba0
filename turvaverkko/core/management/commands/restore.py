"""`manage.py restore SRC`: everything back from a backup archive, checked (core/backup.py)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from turvaverkko.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database, files and secrets from a backup archive and check the row counts "
        "and checksums. The env file gets STAGING_COPY=true: the copy sends nothing to anyone "
        "until you restore with --as-production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--env-file",
            type=Path,
            default=settings.BASE_DIR / ".env",
            help="Where to write SECRET_KEY, the VAPID keys and STAGING_COPY (default: .env).",
        )
        parser.add_argument(
            "--as-production",
            action="store_true",
            help="This copy replaces production: write STAGING_COPY=false (it will send).",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the database."
        )

    def handle(
        self,
        *args: Any,
        source: Path,
        env_file: Path,
        as_production: bool,
        yes: bool,
        **options: Any,
    ) -> None:
        if not source.is_file():
            raise CommandError(f"No backup archive at {source}.")
        if not yes:
            answer = input("This replaces the whole database and stored files. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            report = restore_backup(source, env_file=env_file, staging=not as_production)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest.created_at}: {len(manifest.tables)} tables "
                f"and {len(manifest.files)} files match the manifest."
            )
        )
        mode = "STAGING_COPY=false" if as_production else "STAGING_COPY=true (sends nothing)"
        self.stdout.write(f"Secrets and {mode} written to {env_file}.")

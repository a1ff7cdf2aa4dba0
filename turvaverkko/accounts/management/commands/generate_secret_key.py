"""A random SECRET_KEY for this instance, kept in a file (`make demo` uses var/secret.env).

manage.py generate_secret_key --file var/secret.env  # made once, then kept

The key signs sessions, password-reset and reply links. The public default in settings.py
is fine for tests only: anyone who knows it could forge sign-in links for a demo reachable
from a network. The file is made once so that sessions and links survive a restart.
"""

import os
import secrets
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def _read(path: Path) -> str:
    for line in path.read_text().splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and name == "SECRET_KEY" and value:
            return value
    return ""


class Command(BaseCommand):
    help = "Keep a random SECRET_KEY=… in a file: write a new one only if it holds none yet."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, required=True)

    def handle(self, *args, file: Path, **options):
        if file.exists():
            if len(_read(file)) < 50:
                raise CommandError(f"{file} exists but holds no SECRET_KEY of 50+ characters")
            self.stdout.write(f"SECRET_KEY kept in {file}")
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        # Whoever reads the key can sign in as anyone: readable by the owner only.
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(f"SECRET_KEY={secrets.token_urlsafe(50)}\n")
        self.stdout.write(f"New SECRET_KEY written to {file}")

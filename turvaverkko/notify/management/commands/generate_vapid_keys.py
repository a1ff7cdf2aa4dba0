"""A VAPID key pair for Web Push, as lines for .env (docs/push.md).

manage.py generate_vapid_keys                      # print a new pair
manage.py generate_vapid_keys --file var/vapid.env  # keep a pair in that file (made once)

Browsers tie each subscription to the public key, so changing the keys silently ends every
subscription: keep them. With --file the pair is made only if the file does not hold one
yet, so a demo that runs this on every start keeps its subscriptions.
"""

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand, CommandError


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def new_key_pair() -> tuple[str, str]:
    """(public, private): the public key as base64url of the uncompressed P-256 point (what
    the browser's applicationServerKey takes), the private key as base64url of its 32 raw
    bytes (what pywebpush and py_vapid take)."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    private = private_key.private_numbers().private_value.to_bytes(32, "big")
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(public), _b64url(private)


def _read(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and name in ("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY") and value:
            values[name] = value
    return values


class Command(BaseCommand):
    help = "Print a VAPID key pair for Web Push as VAPID_PUBLIC_KEY=… and VAPID_PRIVATE_KEY=…"

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            help="Keep the pair in this file: write a new one only if it holds none yet.",
        )

    def handle(self, *args, file=None, **options):
        if file is not None and file.exists():
            values = _read(file)
            if len(values) != 2:
                raise CommandError(f"{file} exists but does not hold both VAPID keys")
            public, private = values["VAPID_PUBLIC_KEY"], values["VAPID_PRIVATE_KEY"]
        else:
            public, private = new_key_pair()
        lines = f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}\n"
        if file is not None and not file.exists():
            file.parent.mkdir(parents=True, exist_ok=True)
            # The private key signs every push: readable by the owner only.
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(lines)
        if file is not None:
            # The keys stay in the file; the terminal (and its scrollback) gets the public one.
            self.stdout.write(f"VAPID keys in {file} (public key {public})")
        else:
            self.stdout.write(lines, ending="")

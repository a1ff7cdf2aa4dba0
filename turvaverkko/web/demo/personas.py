"""The demo's sign-in accounts: one per persona of product.md, with fixed second factors.

Everything here is derived from the e-mail address, so `load_demo` (which writes the accounts)
and `demo_server` (which prints the login table) agree without reading the database, and every
installation of the demo has the same secrets. They are public: never reuse them elsewhere.

    python -m turvaverkko.web.demo.personas kaisa     # the current authenticator code
"""

import hashlib
import sys
import time
from base64 import b32encode
from dataclasses import dataclass

DEMO_PASSWORD = "turvaverkko-demo"  # noqa: S105 (documented, demo only)
DEMO_DOMAIN = "demo.turvaverkko.fi"
BACKUP_CODES_PER_USER = 10


@dataclass(frozen=True)
class Persona:
    key: str
    first_name: str
    last_name: str
    role: str  # registry.RoleAssignment.Role value, "volunteer" or "admin"
    scope: str  # what the role covers, for the login table
    needs_2fa: bool

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"

    @property
    def totp_key_hex(self) -> str:
        """20 bytes, hex-encoded, as django-otp's TOTPDevice.key holds them."""
        return hashlib.sha256(f"turvaverkko-demo-totp:{self.email}".encode()).hexdigest()[:40]

    @property
    def totp_secret(self) -> str:
        """The same key in base32, as authenticator apps want it typed."""
        return b32encode(bytes.fromhex(self.totp_key_hex)).decode("ascii")

    @property
    def backup_codes(self) -> list[str]:
        """Ten one-time codes (8 lower-case base32 characters, like django-otp's own)."""
        codes = []
        for i in range(BACKUP_CODES_PER_USER):
            digest = hashlib.sha256(f"turvaverkko-demo-backup:{self.email}:{i}".encode()).digest()
            codes.append(b32encode(digest[:5]).decode("ascii").lower())
        return codes

    def current_code(self, at: float | None = None) -> str:
        from django_otp.oath import TOTP

        generator = TOTP(bytes.fromhex(self.totp_key_hex))
        generator.time = int(at if at is not None else time.time())
        return f"{generator.token():06d}"


PERSONAS = [
    Persona("ville", "Ville", "Virtanen", "volunteer", "vapaaehtoinen, Huittinen", False),
    Persona(
        "olli", "Olli", "Lehtonen", "association_admin", "Huittisten Martat ry (Huittinen)", False
    ),
    Persona(
        "kaisa", "Kaisa", "Heikkilä", "municipal_coordinator", "Huittinen 102 (Satakunta)", True
    ),
    Persona("reetta", "Reetta", "Saarinen", "regional_coordinator", "Satakunta MK04", True),
    Persona(
        "ulla", "Ulla", "Keskitalo", "association_admin", "Muonion Kyläyhdistys ry (Muonio)", False
    ),
    Persona("mikko", "Mikko", "Rauhala", "municipal_coordinator", "Muonio 498 (Lappi)", True),
    Persona("admin", "Aino", "Ylläpito", "admin", "pääkäyttäjä (superuser)", True),
]
BY_KEY = {p.key: p for p in PERSONAS}


def login_table(backup_codes_shown: int = 2) -> str:
    """The sign-in table printed by load_demo and demo_server."""
    lines = [
        f"Demo sign-in (password for everyone: {DEMO_PASSWORD})",
        "",
        f"{'e-mail':32} {'role':24} {'scope':36} second factor",
    ]
    for p in PERSONAS:
        factor = "-"
        if p.needs_2fa:
            codes = ", ".join(p.backup_codes[:backup_codes_shown])
            factor = f"TOTP secret {p.totp_secret}  backup codes {codes}"
        lines.append(f"{p.email:32} {p.role:24} {p.scope:36} {factor}")
    lines += [
        "",
        "Add the TOTP secret to an authenticator app, use a backup code (each works once;",
        "load_demo restores them), or print the current code with",
        "  .venv/bin/python -m turvaverkko.web.demo.personas kaisa",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].split("@")[0] not in BY_KEY:
        print(f"usage: python -m turvaverkko.web.demo.personas {{{','.join(BY_KEY)}}}")
        return 2
    persona = BY_KEY[argv[0].split("@")[0]]
    remaining = 30 - int(time.time()) % 30
    print(f"{persona.email}: {persona.current_code()} (valid for about {remaining} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

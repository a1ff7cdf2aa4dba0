"""One archive that restores everything: database, stored files, secret key and VAPID keys.

`manage.py backup DEST` writes a tar archive:

- `manifest.json`: when, which database, the row count of every table, and the SHA-256 of
  every stored file and of the database dump;
- `database/postgresql.dump` (pg_dump custom format, taken from the same snapshot as the row
  counts) or `database/sqlite3` (SQLite's online backup API);
- `files/<storage>/<name>` for every file of the data storages ("default": uploaded documents;
  "insights": population grids, road graphs, coverage results), read through the storage
  backend, so a database-backed storage is covered twice and a disk-backed one once;
- `secrets.env`: SECRET_KEY (signs sign-in links, reply links, sessions) and the VAPID pair.

The archive holds secrets and personal data: it is written readable by its owner only.

`manage.py restore SRC` checks every checksum first, restores the database and the files,
compares the row counts and checksums with the manifest, and writes the secrets into the env
file together with STAGING_COPY=true, so that a copy started from it reaches no one
(settings.py) until an operator says otherwise (`--as-production`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from .storage import DATA_STORAGES, DatabaseStorage, named_storage, walk

FORMAT = 1
SECRETS = ("SECRET_KEY", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_CLAIM_EMAIL")


class BackupError(Exception):
    """A backup or restore that cannot be done or did not come out exact; says why in words."""


@dataclass
class Manifest:
    created_at: str
    vendor: str
    tables: dict[str, int]
    files: dict[str, str]
    database_sha256: str
    format: int = FORMAT
    secrets: list[str] = field(default_factory=lambda: list(SECRETS))

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        values = json.loads(data)
        if values.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {values.get('format')!r}.")
        return cls(**values)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- database ---------------------------------------------------------------------------------


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _count_rows(cursor: Any, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_environment() -> dict[str, str]:
    params = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if params.get(key):
            env[name] = str(params[key])
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return env


def _run(command: list[str]) -> None:
    done = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def dump_database(target: Path) -> dict[str, int]:
    """Write the database to `target`; return the row count of each table in that copy."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        # One snapshot for the counts and the dump, so they describe the same moment.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = _count_rows(cursor, _tables())
                _run(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        f"--file={target}",
                        str(connection.settings_dict["NAME"]),
                    ]
                )
            finally:
                cursor.execute("COMMIT")
        return counts
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # the online backup API: a consistent copy
            lite = copy.cursor()
            names = [
                row[0]
                for row in lite.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts = {}
            for name in names:
                quoted = '"' + name.replace('"', '""') + '"'
                counts[name] = int(lite.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0])  # noqa: S608
        finally:
            copy.close()
        return counts
    raise BackupError(f"Backups of a {connection.vendor} database are not supported.")


def load_database(source: Path) -> None:
    """Replace the database's contents with the dump at `source`."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        name = str(connection.settings_dict["NAME"])
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={name}",
                str(source),
            ]
        )
        return
    if connection.vendor == "sqlite":
        dump = sqlite3.connect(source)
        try:
            dump.backup(connection.connection)
        finally:
            dump.close()
        return
    raise BackupError(f"Restoring a {connection.vendor} database is not supported.")


def current_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _count_rows(cursor, _tables())


# --- archive ----------------------------------------------------------------------------------


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def dump_member(vendor: str) -> str:
    return "database/postgresql.dump" if vendor == "postgresql" else "database/sqlite3"


def secrets_text() -> str:
    return "".join(f"{name}={getattr(settings, name, '')}\n" for name in SECRETS)


def create_backup(destination: Path) -> Manifest:
    """Write the archive to `destination` (a new file, readable by its owner only)."""
    destination = Path(destination)
    files: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="turvaverkko-backup-") as work:
        dump = Path(work) / "database"
        counts = dump_database(dump)
        member = (
            "database/postgresql.dump" if connection.vendor == "postgresql" else "database/sqlite3"
        )
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(dump, arcname=member)
            for alias in DATA_STORAGES:
                storage = named_storage(alias)
                for name in walk(storage):
                    with storage.open(name, "rb") as fh:
                        data = fh.read()
                    key = f"{alias}/{name}"
                    files[key] = sha256(data)
                    _add(archive, f"files/{key}", data)
            _add(archive, "secrets.env", secrets_text().encode())
            manifest = Manifest(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                vendor=connection.vendor,
                tables=counts,
                files=files,
                database_sha256=file_sha256(dump),
            )
            _add(archive, "manifest.json", manifest.to_json())
    return manifest


def _read_member(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        member = archive.extractfile(name)
    except KeyError as exc:
        raise BackupError(f"The archive has no {name}.") from exc
    if member is None:
        raise BackupError(f"{name} in the archive is not a file.")
    return member.read()


def read_manifest(source: Path) -> Manifest:
    with tarfile.open(source, "r:gz") as archive:
        return Manifest.from_json(_read_member(archive, "manifest.json"))


@dataclass
class RestoreReport:
    manifest: Manifest
    files_written: int
    env_file: Path | None


def restore_backup(source: Path, *, env_file: Path | None, staging: bool = True) -> RestoreReport:
    """Restore everything from `source`, then prove it: row counts and checksums as in the
    manifest, or BackupError. Checks the whole archive before changing anything."""
    with tarfile.open(source, "r:gz") as archive:
        manifest = Manifest.from_json(_read_member(archive, "manifest.json"))
        if manifest.vendor != connection.vendor:
            raise BackupError(
                f"The backup is of a {manifest.vendor} database; "
                f"this site uses {connection.vendor}."
            )
        member = (
            "database/postgresql.dump" if manifest.vendor == "postgresql" else "database/sqlite3"
        )
        dump = _read_member(archive, member)
        if sha256(dump) != manifest.database_sha256:
            raise BackupError("The database dump in the archive is damaged (checksum differs).")
        contents = {}
        for key, digest in manifest.files.items():
            data = _read_member(archive, f"files/{key}")
            if sha256(data) != digest:
                raise BackupError(f"The file {key} in the archive is damaged (checksum differs).")
            contents[key] = data
        secrets = _read_member(archive, "secrets.env").decode()

    with tempfile.TemporaryDirectory(prefix="turvaverkko-restore-") as work:
        path = Path(work) / "database"
        path.write_bytes(dump)
        load_database(path)

    written = 0
    for key, data in contents.items():
        alias, _, name = key.partition("/")
        storage = named_storage(alias)
        if storage.exists(name):
            with storage.open(name, "rb") as fh:
                if sha256(fh.read()) == manifest.files[key]:
                    continue  # a database-backed storage came back with the database
            storage.delete(name)
        if isinstance(storage, DatabaseStorage):
            storage.write(name, data)
        else:
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"The file {key} could not be restored under its own name.")
        written += 1

    verify(manifest)
    if env_file is not None:
        write_env(env_file, secrets, staging=staging)
    return RestoreReport(manifest=manifest, files_written=written, env_file=env_file)


def verify(manifest: Manifest) -> None:
    """Row counts and file checksums as the manifest says, or BackupError naming the first."""
    counts = current_row_counts()
    wrong = [
        f"{table}: {counts.get(table)} rows, the backup had {expected}"
        for table, expected in sorted(manifest.tables.items())
        if counts.get(table) != expected
    ]
    if wrong:
        raise BackupError("The restored database differs: " + "; ".join(wrong[:10]))
    for key, digest in sorted(manifest.files.items()):
        alias, _, name = key.partition("/")
        storage = named_storage(alias)
        try:
            with storage.open(name, "rb") as fh:
                found = sha256(fh.read())
        except FileNotFoundError as exc:
            raise BackupError(f"The restored file {key} is missing.") from exc
        if found != digest:
            raise BackupError(f"The restored file {key} differs from the backup.")


def write_env(path: Path, secrets: str, *, staging: bool) -> None:
    """Set the secrets and STAGING_COPY in the env file, keeping its other lines."""
    values = {}
    for line in secrets.splitlines():
        name, sep, value = line.partition("=")
        if sep and name in SECRETS:
            values[name] = value
    values["STAGING_COPY"] = "true" if staging else "false"
    path = Path(path)
    kept = []
    if path.exists():
        for line in path.read_text().splitlines():
            name = line.partition("=")[0].strip()
            if name not in values:
                kept.append(line)
    lines = kept + [f"{name}={value}" for name, value in values.items()]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("\n".join(lines) + "\n")

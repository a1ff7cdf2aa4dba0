"""A Django storage kept in the database, so that every web and worker machine shares it.

The embedded default keeps files on the local disk (FileSystemStorage). A county that runs
several machines sets STORAGE_BACKEND=database: uploaded documents, import files and the
insights data then live in the `core_storedfile` table of the one PostgreSQL database that
every machine already shares, are backed up with it, and need no shared disk or object store.
A file is read whole into memory; the largest, a national 250 m population grid, is tens of MB.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .models import StoredFile

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
# The storages that hold data (settings.STORAGES), not the static files that a release builds.
DATA_STORAGES = ("default", "insights")


def local_directory(alias: str) -> Path:
    """Where a filesystem storage without its own location keeps its files."""
    if alias == "insights":
        configured = getattr(settings, "INSIGHTS_DATA_DIR", "")
        return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "insights"
    return Path(settings.MEDIA_ROOT)


def named_storage(alias: str) -> Storage:
    """The storage `alias` of settings.STORAGES, read from settings on each call."""
    config: dict[str, Any] = dict(settings.STORAGES.get(alias, {"BACKEND": FILESYSTEM}))
    options: dict[str, Any] = dict(config.get("OPTIONS", {}))
    if config["BACKEND"] == FILESYSTEM and not options.get("location"):
        options["location"] = str(local_directory(alias))
    config["OPTIONS"] = options
    return storages.create_storage(config)


def walk(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in `storage` under `path`, depth first."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(path, name) if path else name
    for directory in directories:
        yield from walk(storage, posixpath.join(path, directory) if path else directory)


@deconstructible
class DatabaseStorage(Storage):
    """Files as rows of `core.StoredFile`, under an optional name prefix ("insights/")."""

    def __init__(self, location: str = "") -> None:
        self.location = location.strip("/")

    def _full(self, name: str) -> str:
        name = name.replace("\\", "/").lstrip("/")
        return f"{self.location}/{name}" if self.location else name

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode:
            raise ValueError("DatabaseStorage opens files for reading only; use save().")
        content = (
            StoredFile.objects.filter(name=self._full(name))
            .values_list("content", flat=True)
            .first()
        )
        if content is None:
            raise FileNotFoundError(f"No stored file named {name!r}.")
        stored = ContentFile(bytes(content), name=name)
        return stored

    def _save(self, name: str, content: IO[Any]) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode()
        fields = {
            "content": data,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "modified_at": timezone.now(),
        }
        while True:
            try:
                with transaction.atomic():
                    StoredFile.objects.create(name=self._full(name), **fields)
                return name
            except IntegrityError:
                # Taken meanwhile by another process: Django picks the next free name.
                name = self.get_available_name(name)

    def write(self, name: str, data: bytes) -> None:
        """Create or replace `name` with `data` in one statement (insight data, caches)."""
        StoredFile.objects.update_or_create(
            name=self._full(name),
            defaults={
                "content": data,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "modified_at": timezone.now(),
            },
        )

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=self._full(name)).delete()

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=self._full(name)).exists()

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = self._full(path).rstrip("/")
        prefix = f"{prefix}/" if prefix else ""
        directories, files = set(), []
        for full in StoredFile.objects.filter(name__startswith=prefix).values_list(
            "name", flat=True
        ):
            rest = full[len(prefix) :]
            head, _, tail = rest.partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def size(self, name: str) -> int:
        found = StoredFile.objects.filter(name=self._full(name)).values_list("size", flat=True)
        if not found:
            raise FileNotFoundError(f"No stored file named {name!r}.")
        return int(found[0])

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Stored files are served by the views that check access.")

    def get_modified_time(self, name: str) -> datetime:
        found = StoredFile.objects.filter(name=self._full(name)).values_list(
            "modified_at", flat=True
        )
        if not found:
            raise FileNotFoundError(f"No stored file named {name!r}.")
        return found[0]

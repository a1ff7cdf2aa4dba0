"""Where the insights datasets live, and how they are written whole or not at all.

They live in the storage named "insights" in settings.STORAGES. The embedded default is the
local disk: `settings.INSIGHTS_DATA_DIR` when set, otherwise `MEDIA_ROOT/insights`, written
atomically (temporary file, fsync, rename). With STORAGE_BACKEND=database every machine reads
and writes the same rows (core.storage.DatabaseStorage), so a coverage run picked up by
another machine's worker finds the grid and road graph that this machine imported. The
licensed 250 m grid must not be downloadable, so the web server must not serve this storage
(see docs/insights.md).
"""

import hashlib
import io
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from django.core.files.storage import FileSystemStorage, Storage

from turvaverkko.core.storage import DatabaseStorage, local_directory, named_storage


def data_dir() -> Path:
    """The local directory of the filesystem storage (created on first use)."""
    path = local_directory("insights")
    path.mkdir(parents=True, exist_ok=True)
    return path


def backend() -> Storage:
    """The storage named "insights" (read from settings on each call, so tests may move it)."""
    return named_storage("insights")


def new_file_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}.npz"


def write_arrays(file_name: str, arrays: dict[str, np.ndarray]) -> str:
    """Write arrays to the insights storage as `file_name`, whole; return its SHA-256.

    Uncompressed .npz: loading a million cells is a memory copy, not a decompression.
    """
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    data = buffer.getvalue()
    _write_whole(backend(), file_name, data)
    return hashlib.sha256(data).hexdigest()


def _write_whole(target: Storage, file_name: str, data: bytes) -> None:
    if isinstance(target, FileSystemStorage):
        final = Path(target.path(file_name))
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_suffix(".tmp")
        with open(temporary, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, final)
    elif isinstance(target, DatabaseStorage):
        target.write(file_name, data)
    else:  # any other Django storage: replace by delete and save under the same name
        from django.core.files.base import ContentFile

        target.delete(file_name)
        target.save(file_name, ContentFile(data))


def read_arrays(file_name: str) -> dict[str, np.ndarray]:
    """The arrays of `file_name`; FileNotFoundError when the storage has no such file."""
    target = backend()
    if isinstance(target, FileSystemStorage):
        source: object = target.path(file_name)
    else:
        with target.open(file_name, "rb") as fh:
            source = io.BytesIO(fh.read())
    with np.load(source, allow_pickle=False) as data:  # type: ignore[call-overload]
        return {key: data[key] for key in data.files}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def delete(file_name: str) -> None:
    backend().delete(file_name)


@contextmanager
def removed_on_error(file_name: str) -> Iterator[None]:
    """Delete a freshly written data file if the database row that names it is not saved."""
    try:
        yield
    except BaseException:
        delete(file_name)
        raise

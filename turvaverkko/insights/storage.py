"""Where the insights datasets live on disk, and how they are written atomically.

Files go to `settings.INSIGHTS_DATA_DIR` when set, otherwise `MEDIA_ROOT/insights`. The licensed
250 m grid must not be downloadable, so the web server must not serve this directory (see
docs/insights.md).
"""

import hashlib
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from django.conf import settings


def data_dir() -> Path:
    configured = getattr(settings, "INSIGHTS_DATA_DIR", "")
    path = Path(configured) if configured else Path(settings.MEDIA_ROOT) / "insights"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_file_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}.npz"


def write_arrays(file_name: str, arrays: dict[str, np.ndarray]) -> str:
    """Write arrays to data_dir()/file_name atomically; return the file's SHA-256.

    Uncompressed .npz: loading a million cells is a memory copy, not a decompression.
    """
    final = data_dir() / file_name
    temporary = final.with_suffix(".tmp")
    with open(temporary, "wb") as fh:
        np.savez(fh, **arrays)
        fh.flush()
        os.fsync(fh.fileno())
    digest = file_sha256(temporary)
    os.replace(temporary, final)
    return digest


def read_arrays(file_name: str) -> dict[str, np.ndarray]:
    with np.load(data_dir() / file_name, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def removed_on_error(file_name: str):
    """Delete a freshly written data file if the database row that names it is not saved."""
    try:
        yield
    except BaseException:
        (data_dir() / file_name).unlink(missing_ok=True)
        raise

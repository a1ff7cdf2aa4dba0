"""Size limits of every import, checked before the rows are read (docs/security.md).

Settings (read with getattr, so none is required): IMPORT_MAX_BYTES (5 MB), IMPORT_MAX_ROWS
(5,000 data rows), IMPORT_MAX_UNCOMPRESSED_BYTES (25 MB, an XLSX's zip members). The older
REGISTRY_IMPORT_* names are still read.
"""

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 5000
# Unpacked size of a whole XLSX (every XML part); 5,000 rows of text need a few MB.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
MAX_COLUMNS = 100
# Longer than any name, address or description a row needs; a 200 MB "cell" is an attack.
MAX_CELL_CHARS = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be imported (too large, unreadable, empty...)."""


def _setting(name: str, default: int) -> int:
    return int(
        getattr(settings, f"IMPORT_{name}", getattr(settings, f"REGISTRY_IMPORT_{name}", default))
    )


def max_bytes() -> int:
    return _setting("MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return _setting("MAX_ROWS", DEFAULT_MAX_ROWS)


def max_uncompressed_bytes() -> int:
    return _setting("MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)


def megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}"


def check_size(size: int, limit: int | None = None) -> None:
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise ImportFileError(
            _("The file is %(size)s MB; at most %(max)s MB can be imported at once.")
            % {"size": megabytes(size), "max": f"{limit / 1048576:g}"}
        )

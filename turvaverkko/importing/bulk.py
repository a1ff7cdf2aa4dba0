"""The bulk path of the import framework: a whole file checked, validated and written at once.

For data loaded whole, where no one takes a decision per row (the reference data, the
population grid): the staged path's row-by-row staging (a JSON row per record in
`ImportBatch.rows`, a `RowResult` each, a preview) would cost memory and time for nothing.
What the two paths share:

1. **limits before parsing**: the file's size (`max_bytes`), a gzip file's unpacked size
   (`max_uncompressed_bytes`, checked while unpacking: never more than the limit is held),
   then the target's own count (`check_count`, e.g. the grid's cells, from the raw text);
2. **parse** through a registered bulk format (`BULK_FORMATS`: JSON, CSV; `.gz` accepted);
3. **validate** the whole file (`clean`): every problem names its row or record, and any
   problem refuses the file (`ImportRefused`);
4. **commit** all or nothing in one transaction (`write`), which returns counts
   (`created` / `updated` / `unchanged`);
5. an `ImportBatch` records it: target, format, file name, who (None: the system), the counts
   in `result`, status committed — or refused with the errors in `result`. No rows are
   stored. A load that changed nothing keeps no batch (a re-load of the same file writes
   nothing at all), as the organisation import does.

A target subclasses `BulkImporter` and registers with `@register_bulk`; `run_bulk_import`
does the rest. `prepare_bulk` + `commit_bulk` write several files in one transaction
(the reference data's areas and taxonomies).
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .base import ImportRefused
from .formats import CsvFormat
from .limits import ImportFileError, check_size, max_bytes, max_uncompressed_bytes, megabytes
from .models import ImportBatch

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1024 * 1024


def gunzip(data: bytes, limit: int) -> bytes:
    """Unpack a gzip file, refusing it as soon as more than `limit` bytes come out."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    try:
        chunk = unpacker.decompress(data, CHUNK)
        while True:
            out += chunk
            if len(out) > limit:
                raise ImportFileError(
                    _("Unpacked, the file is over %(max)s MB; at most %(max)s MB can be imported.")
                    % {"max": megabytes(limit)}
                )
            if not unpacker.unconsumed_tail:
                break
            chunk = unpacker.decompress(unpacker.unconsumed_tail, CHUNK)
        out += unpacker.flush()
    except zlib.error as exc:
        raise ImportFileError(_("The file is not a valid gzip file.")) from exc
    if len(out) > limit:
        raise ImportFileError(
            _("Unpacked, the file is over %(max)s MB; at most %(max)s MB can be imported.")
            % {"max": megabytes(limit)}
        )
    return bytes(out)


@dataclass
class CsvRecords:
    """A CSV file as (line number, {lower-case header: cell}) records, read lazily."""

    text: str

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.DictReader(io.StringIO(self.text, newline=""), dialect=self.dialect())
        if reader.fieldnames is None:
            return
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
        try:
            for record in reader:
                yield reader.line_num, record
        except csv.Error as exc:
            message = _("The CSV file could not be read: %(error)s") % {"error": exc}
            raise ImportFileError(message) from exc

    @property
    def header(self) -> list[str]:
        first = next(csv.reader(io.StringIO(self.text, newline=""), self.dialect()), [])
        return [name.strip().lower() for name in first]

    def dialect(self) -> Any:
        return CsvFormat().dialect(self.text)


def parse_json(text: bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(_("The file is not valid JSON: %(error)s") % {"error": exc}) from exc


def parse_csv(text: bytes) -> CsvRecords:
    return CsvRecords(CsvFormat().decode(text))


@dataclass(frozen=True)
class BulkFormat:
    name: str  # ImportBatch.format
    extensions: tuple[str, ...]
    parse: Callable[[bytes], Any]
    first_byte: bytes = b""  # how the format's content starts, when the name does not tell


BULK_FORMATS: dict[str, BulkFormat] = {
    "json": BulkFormat("json", (".json", ".geojson"), parse_json, first_byte=b"{"),
    "csv": BulkFormat("csv", (".csv", ".txt"), parse_csv),
}


class BulkImporter(ABC):
    """A target of the bulk path; a subclass declares what differs."""

    target = ""
    formats: tuple[str, ...] = ("json",)

    def __init__(self, user: Any = None, **options: Any) -> None:
        self.user = user
        self.options = options

    @property
    def max_bytes(self) -> int:
        return max_bytes()

    @property
    def max_uncompressed_bytes(self) -> int:
        return max_uncompressed_bytes()

    def check_count(self, text: bytes, format: str) -> None:  # noqa: B027 (optional hook)
        """A limit on the number of records, checked on the unpacked bytes before parsing;
        none unless a target declares one."""

    @abstractmethod
    def clean(self, document: Any) -> Any:
        """Validate the whole parsed file; raise ImportRefused with every problem, each
        naming its row or record. Returns what `write` needs."""

    @abstractmethod
    def write(self, cleaned: Any) -> dict[str, Any]:
        """Write everything (inside the framework's transaction); return the counts, with
        "created", "updated" and "unchanged" among them."""

    def count(self, cleaned: Any) -> int:
        """How many records the file had (ImportBatch.total)."""
        return 0

    # --- what the framework does ---------------------------------------------------------------

    def format_for(self, filename: str, text: bytes) -> BulkFormat:
        name = filename.lower().removesuffix(".gz")
        candidates = [BULK_FORMATS[f] for f in self.formats]
        for candidate in candidates:
            if name.endswith(candidate.extensions):
                return candidate
        for candidate in candidates:
            if candidate.first_byte and text.lstrip()[:1] == candidate.first_byte:
                return candidate
        for candidate in candidates:
            if not candidate.first_byte:
                return candidate
        extensions = ", ".join(e for c in candidates for e in c.extensions)
        raise ImportFileError(_("Upload a file of these kinds: %(kinds)s.") % {"kinds": extensions})

    def unpack(self, data: bytes) -> bytes:
        check_size(len(data), self.max_bytes)
        if data[:2] == GZIP_MAGIC:
            data = gunzip(data, self.max_uncompressed_bytes)
        if not data.strip():
            raise ImportFileError(_("The file is empty."))
        return data


@dataclass
class PreparedBulk:
    """A file that passed the limits and validation, ready to be written."""

    importer: BulkImporter
    format: str
    filename: str
    cleaned: Any


@dataclass
class BulkOutcome:
    """What a bulk import did: its counts, the batch (None when nothing changed) and what
    the target's write returned as `value` (e.g. the PopulationGrid)."""

    counts: dict[str, Any]
    batch: ImportBatch | None
    value: Any = None
    changed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.changed = bool(self.counts.get("created") or self.counts.get("updated"))


BULK_TARGETS: dict[str, type[BulkImporter]] = {}


def register_bulk(cls: type[BulkImporter]) -> type[BulkImporter]:
    BULK_TARGETS[cls.target] = cls
    return cls


def _refused(target: str, format: str, filename: str, user: Any, errors: list[str]) -> None:
    ImportBatch.objects.create(
        created_by=user,
        target=target,
        format=format[:10],
        filename=filename[:255],
        status=ImportBatch.Status.REFUSED,
        result={"errors": errors},
    )


def prepare_bulk(
    target: str, data: bytes, filename: str, user: Any = None, **options: Any
) -> PreparedBulk:
    """Limits, parse, validation; nothing is written to the data. A refused file is recorded
    as a refused batch (with its errors) and raises ImportFileError or ImportRefused."""
    importer = BULK_TARGETS[target](user, **options)
    format = ""
    try:
        text = importer.unpack(data)
        bulk_format = importer.format_for(filename, text)
        format = bulk_format.name
        importer.check_count(text, format)
        cleaned = importer.clean(bulk_format.parse(text))
    except ImportRefused as exc:
        _refused(target, format, filename, user, exc.errors)
        raise
    except ImportFileError as exc:
        _refused(target, format, filename, user, [str(exc)])
        raise
    return PreparedBulk(importer, format, filename, cleaned)


def commit_bulk(prepared: list[PreparedBulk], user: Any = None) -> list[BulkOutcome]:
    """Write the prepared files in one transaction; a batch for each file that changed."""
    outcomes = []
    with transaction.atomic():
        for p in prepared:
            written = p.importer.write(p.cleaned)
            value = written.pop("value", None)
            outcome = BulkOutcome(counts=written, batch=None, value=value)
            if outcome.changed:
                total = p.importer.count(p.cleaned)
                outcome.batch = ImportBatch.objects.create(
                    created_by=p.importer.user,
                    target=p.importer.target,
                    format=p.format,
                    filename=p.filename[:255],
                    status=ImportBatch.Status.COMMITTED,
                    committed_at=timezone.now(),
                    result=written,
                    total=total,
                    progress=total,
                )
            outcomes.append(outcome)
    return outcomes


def run_bulk_import(
    target: str, data: bytes, filename: str, user: Any = None, **options: Any
) -> BulkOutcome:
    """Check, parse, validate and write one file all or nothing; see the module docstring."""
    return commit_bulk([prepare_bulk(target, data, filename, user, **options)])[0]


__all__ = [
    "BULK_FORMATS",
    "BULK_TARGETS",
    "BulkImporter",
    "BulkOutcome",
    "CsvRecords",
    "PreparedBulk",
    "commit_bulk",
    "gunzip",
    "prepare_bulk",
    "register_bulk",
    "run_bulk_import",
]

"""File formats: each mixin turns the bytes of an upload into rows of cell values."""

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from .limits import MAX_COLUMNS, ImportFileError, max_uncompressed_bytes

SNIFF_BYTES = 64 * 1024


class CsvFormat:
    """CSV as spreadsheet programs and survey tools write it.

    Encodings: UTF-8 with or without a byte order mark, then Windows-1252 (Excel's default
    in Finland), then Latin-1 which accepts any byte. Delimiters: ; (Finnish Excel), , or tab,
    found with csv.Sniffer and, when it cannot tell, by counting them in the header line.
    """

    format = "csv"
    extensions: tuple[str, ...] = (".csv", ".txt")
    encodings: tuple[str, ...] = ("utf-8-sig", "cp1252", "latin-1")
    delimiters = ";,\t"

    def decode(self, data: bytes) -> str:
        for encoding in self.encodings:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ImportFileError(_("The file's character encoding was not recognised."))

    def dialect(self, text: str) -> Any:
        sample = text[:SNIFF_BYTES]
        try:
            return csv.Sniffer().sniff(sample, delimiters=self.delimiters)
        except csv.Error:
            first_line = sample.splitlines()[0] if sample else ""
            delimiter = max(self.delimiters, key=first_line.count)

            class Counted(csv.excel):
                pass

            Counted.delimiter = delimiter
            return Counted

    def read(self, data: bytes) -> Iterator[list[str]]:
        text = self.decode(data)
        try:
            yield from csv.reader(io.StringIO(text, newline=""), self.dialect(text))
        except csv.Error as exc:
            message = _("The CSV file could not be read: %(error)s") % {"error": exc}
            raise ImportFileError(message) from exc


class XlsxFormat:
    """Excel workbooks (the first sheet), read in openpyxl's streaming read-only mode."""

    format = "xlsx"
    extensions: tuple[str, ...] = (".xlsx",)

    @property
    def max_uncompressed_bytes(self) -> int:
        return max_uncompressed_bytes()

    def check_file(self, data: bytes) -> None:
        self.check_uncompressed_size(data)

    def check_uncompressed_size(self, data: bytes) -> None:
        """An XLSX is a zip: 200 kB can hold 200 MB of XML. Its members' sizes are read from
        the zip directory before anything is unpacked (and zipfile never unpacks more than
        a member's stated size), so the limit holds before openpyxl parses anything."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                total = sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportFileError(_("The file is not a valid XLSX workbook.")) from exc
        limit = self.max_uncompressed_bytes
        if total > limit:
            raise ImportFileError(
                _(
                    "Unpacked, the workbook is %(size)s MB; at most %(max)s MB can be "
                    "imported at once."
                )
                % {"size": f"{total / 1048576:.1f}", "max": f"{limit / 1048576:g}"}
            )

    def read(self, data: bytes) -> Iterator[tuple[Any, ...]]:
        from openpyxl import load_workbook

        self.check_uncompressed_size(data)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ImportFileError(_("The file is not a valid XLSX workbook.")) from exc
        try:
            sheet = workbook.worksheets[0]
            # One column more than allowed is enough to tell a row is too wide; a sheet whose
            # dimension claims 16,384 columns is not padded out to them.
            yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        finally:
            workbook.close()


class TableCsvFormat(CsvFormat):
    """CSV written by a program (HSDS tabular data, exports): comma-separated, quoted the
    standard way, UTF-8 with or without BOM; the dialect is not guessed."""

    encodings: tuple[str, ...] = ("utf-8-sig",)

    def dialect(self, text: str) -> Any:
        return csv.excel

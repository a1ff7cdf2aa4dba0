"""File formats: each mixin turns the bytes of an upload into rows of cell values."""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from .base import ImportFileError

SNIFF_BYTES = 64 * 1024


class CsvFormat:
    """CSV as spreadsheet programs and survey tools write it.

    Encodings: UTF-8 with or without a byte order mark, then Windows-1252 (Excel's default
    in Finland), then Latin-1 which accepts any byte. Delimiters: ; (Finnish Excel), , or tab,
    found with csv.Sniffer and, when it cannot tell, by counting them in the header line.
    """

    format = "csv"
    extensions = (".csv", ".txt")
    encodings = ("utf-8-sig", "cp1252", "latin-1")
    delimiters = ";,\t"

    def decode(self, data: bytes) -> str:
        for encoding in self.encodings:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ImportFileError(_("The file's character encoding was not recognised."))

    def dialect(self, text: str):
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

    def read(self, data: bytes):
        text = self.decode(data)
        try:
            yield from csv.reader(io.StringIO(text, newline=""), self.dialect(text))
        except csv.Error as exc:
            message = _("The CSV file could not be read: %(error)s") % {"error": exc}
            raise ImportFileError(message) from exc


class XlsxFormat:
    """Excel workbooks (the first sheet), read in openpyxl's streaming read-only mode."""

    format = "xlsx"
    extensions = (".xlsx",)

    def read(self, data: bytes):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ImportFileError(_("The file is not a valid XLSX workbook.")) from exc
        try:
            sheet = workbook.worksheets[0]
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()

"""Spreadsheet-safe cells for every CSV and XLSX file the product writes (OWASP CSV injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets, so text typed by anyone (an organisation's
name, a place) could run a formula on the computer of the coordinator who opens the export.
Such a cell gets a leading apostrophe, which spreadsheets show as plain text.

A plain number ("-12.5", "+358 40 123 4567": coordinates, E.164 phone numbers) is left as it
is: it can carry no formula, and the data stays usable.

Bottom layer: imports nothing from the project.
"""

import csv
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d .,]*")


def safe_cell(value: T) -> T | str:
    """The value, with a leading apostrophe when a spreadsheet would read it as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values: Iterable[T]) -> list[T | str]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """csv.writer whose rows go through safe_cell."""

    def __init__(self, fh: "SupportsWrite[str]", **kwargs: Any) -> None:
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[object]) -> Any:
        # Any, as csv.writer's: what `fh.write` returned.
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh: "SupportsWrite[str]", **kwargs: Any) -> SafeWriter:
    return SafeWriter(fh, **kwargs)

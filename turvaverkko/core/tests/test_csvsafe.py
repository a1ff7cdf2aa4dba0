"""Cells a spreadsheet would run as a formula are written as text (OWASP CSV injection)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from turvaverkko.core import csvsafe


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("x")'],
)
def test_formula_cells_become_text(text):
    assert csvsafe.safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Martat", "", "-12.5", "+358 40 123 4567", "+35825550002", 3, -1.5, None]
)
def test_plain_values_and_numbers_stay_as_they_are(value):
    assert csvsafe.safe_cell(value) == value


def test_csv_writer_neutralises_every_cell():
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\n")
    writer.writerow(["=1+1", "ok"])
    writer.writerows([["@x", "-3"]])
    assert buffer.getvalue() == "'=1+1,ok\n'@x,-3\n"


def test_xlsx_cell_is_stored_as_text_not_as_a_formula():
    book = Workbook()
    book.active.append(csvsafe.safe_row(["=1+1"]))
    out = io.BytesIO()
    book.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == "'=1+1"

"""Our fast table rows read back exactly like the same rows written cell by cell by XlsxWriter."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xlsxwriter
from openpyxl import load_workbook

from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.rows import Column, TableTail, escape_text

TEXTS = ["Plain Ltd", "  leading and trailing  ", "A & B <c> \"d\" 'e'", "tab\tand\nnewline", "ctrl\x01\x1fchar",
         "_x0041_ literal", "=SUM(A1:A2)", "+44 Holdings", "@home", "Ünïcödé 名前 😀", "", None, "x" * 40000]


@pytest.mark.parametrize("text,want", [
    ("a & b", ("a &amp; b", False)), ("<b>", ("&lt;b&gt;", False)), (" x", (" x", True)),
    ("\x01", ("_x0001_", False)), ("_x0041_", ("_x005F_x0041_", False)),
])
def test_escape_text(text, want):
    assert escape_text(text) == want


def write_both(tmp_path, texts, numbers):
    """The same two-column table written fully by XlsxWriter, and as first row + our tail."""
    paths = []
    for mode in ("xlsxwriter", "tail"):
        path = tmp_path / f"{mode}.xlsx"
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
        ws = wb.add_worksheet("T")
        money = wb.add_format({"num_format": "#,##0.00"})
        bold = wb.add_format({"bold": True})
        ws.write_string(0, 0, "Name", bold)
        ws.write_string(0, 1, "Value", bold)
        count = len(texts) if mode == "xlsxwriter" else 1
        for i in range(count):
            if texts[i] is None:
                ws.write_blank(i + 1, 0, None, bold)
            else:
                ws.write_string(i + 1, 0, texts[i][:32767], bold)
            if math.isnan(numbers[i]):
                ws.write_blank(i + 1, 1, None, money)
            else:
                ws.write_number(i + 1, 1, numbers[i], money)
        wb.close()
        if mode == "tail":
            pkg = Package.read(path)
            part = "xl/worksheets/sheet1.xml"
            tail = TableTail(template_row=2, width=2,
                             columns=[Column("text", texts[1:]), Column("number", numbers[1:])])
            pkg.set(part, tail.apply(pkg.parts[part]))
            pkg.write_atomic(path)
        paths.append(path)
    return paths


def cells(path):
    ws = load_workbook(path)["T"]
    return [[(c.value, c.number_format, c.font.b) for c in row] for row in ws.iter_rows()], ws.dimensions


def same(a, b):
    """Equal, numbers to 1e-15 relative (XlsxWriter writes 16 significant digits, our rows the
    shortest exact form)."""
    (rows_a, dim_a), (rows_b, dim_b) = a, b
    assert dim_a == dim_b and len(rows_a) == len(rows_b)
    for ra, rb in zip(rows_a, rows_b):
        for (va, fa, ba), (vb, fb, bb) in zip(ra, rb, strict=True):
            assert (fa, ba) == (fb, bb)
            if isinstance(va, float):
                assert math.isclose(va, vb, rel_tol=1e-15)
            else:
                assert va == vb
    return True


def test_tail_rows_equal_xlsxwriter_rows(tmp_path):
    numbers = [1.0, 2.5, float("nan"), -3e-12, 1e15, 123456.789, 0.1 + 0.2, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]
    a, b = write_both(tmp_path, TEXTS, numbers)
    assert same(cells(a), cells(b))


def test_tail_of_many_rows(tmp_path):
    rng = np.random.default_rng(3)
    numbers = rng.lognormal(5, 2, 3000).tolist()
    texts = [f"Client {i} & Co" for i in range(3000)]
    a, b = write_both(tmp_path, texts, numbers)
    assert same(cells(a), cells(b))

"""Fast ``<row>`` elements for the body of a long table whose first row XlsxWriter already wrote.

XlsxWriter spends about 10 µs on every cell; a ranking of 100,000 clients has 1.5 million. Every
body row of our table has the same cell formats as its first row, so the renderer lets XlsxWriter
write the sheet (title, summary, header, first data row, filters, print setup) and this module
writes the remaining rows in the same form, with the first row's cell formats, column by column.

Text is always an inline string (never a formula), escaped as Excel escapes it: ``& < >``, control
characters as ``_xHHHH_``, and a literal ``_xHHHH_`` protected as ``_x005F_xHHHH_``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

MAX_TEXT = 32767  # Excel's limit on the characters in a cell
_ESCAPE_THE_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PRESERVE = ' xml:space="preserve"'
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?')


def cell_text(text: str) -> str:
    """The text as a cell's ``<t>`` holds it before XML escaping: at most :data:`MAX_TEXT` characters,
    control characters as ``_xHHHH_`` and a literal ``_xHHHH_`` as ``_x005F_xHHHH_`` (for a writer
    that escapes ``& < >`` itself, such as lxml)."""
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if "_x" in text:
        text = _ESCAPE_THE_ESCAPE.sub(r"_x005F\1", text)
    if not text.isprintable() and _CONTROL.search(text):  # isprintable: one C-level look for the usual case
        text = _CONTROL.sub(lambda m: "_x%04X_" % ord(m.group()), text)
    return text


def escape_text(text: str) -> tuple[str, bool]:
    """(escaped text for ``<t>``, whether it needs ``xml:space="preserve"``)."""
    text = cell_text(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    preserve = bool(text) and (text[0] in " \t\n\r" or text[-1] in " \t\n\r")
    return text, preserve


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Column:
    """One column of the body: ``kind`` is "number", "text" or "formula"; values one per row
    (NaN/None blank). A formula column's values are (formula without "=", cached result) pairs;
    the cached result is what a program that does not calculate shows."""

    kind: str
    values: Sequence[Any] | np.ndarray
    # a missing value as an empty cell with the column's format (as XlsxWriter writes a formatted
    # blank); False: no cell at all, for a column whose format shows nothing on an empty cell
    blanks: bool = True


def _number_cells(ref: str, style: str, values: np.ndarray, rows: list[str], blanks: bool = True) -> list[str]:
    out = []
    for r, v in zip(rows, values.tolist()):
        if v is None or (isinstance(v, float) and not math.isfinite(v)):
            out.append(f'<c r="{ref}{r}"{style}/>' if blanks else "")
        else:
            out.append(f'<c r="{ref}{r}"{style}><v>{v!r}</v></c>')
    return out


def _text_cells(ref: str, style: str, values: Sequence[Any], rows: list[str], blanks: bool = True) -> list[str]:
    out = []
    seen: dict[str, str] = {}   # a value repeated down the column (a tier, a region) is escaped once
    values = values.tolist() if hasattr(values, "tolist") else values  # a pandas array iterates slowly
    for r, v in zip(rows, values):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(f'<c r="{ref}{r}"{style}/>' if blanks else "")
            continue
        v = str(v)
        body = seen.get(v)
        if body is None:
            text, preserve = escape_text(v)
            body = (PRESERVE if preserve else "") + ">" + text
            if len(seen) < 10_000:
                seen[v] = body
        out.append(f'<c r="{ref}{r}"{style} t="inlineStr"><is><t{body}</t></is></c>')
    return out


def _formula_cells(ref: str, style: str, values: Sequence[tuple[str, Any]], rows: list[str]) -> list[str]:
    out = []
    for r, (formula, cached) in zip(rows, values):
        f = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if isinstance(cached, str):
            text, _ = escape_text(cached)
            out.append(f'<c r="{ref}{r}"{style} t="str"><f>{f}</f><v>{text}</v></c>')
        elif cached is None or (isinstance(cached, float) and not math.isfinite(cached)):
            out.append(f'<c r="{ref}{r}"{style}><f>{f}</f></c>')
        else:
            out.append(f'<c r="{ref}{r}"{style}><f>{f}</f><v>{float(cached)!r}</v></c>')
    return out


CHUNK_ROWS = 10_000  # rows made into text at a time: the memory a long table needs stays a chunk's


def body_rows(first_row: int, columns: Sequence[Column], styles: Sequence[int | None]) -> bytes:
    """``<row>`` elements for Excel rows ``first_row`` onwards (1-based), one cell per column."""
    n = len(columns[0].values) if columns else 0
    span = f"1:{len(columns)}"
    refs = [column_letter(j) for j in range(len(columns))]
    marks = ["" if styles[j] in (None, 0) else f' s="{styles[j]}"' for j in range(len(columns))]
    numbers = {j: np.asarray(col.values, dtype=float) for j, col in enumerate(columns) if col.kind == "number"}
    others = {j: list(col.values) for j, col in enumerate(columns) if col.kind != "number"}
    out = []
    for start in range(0, n, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, n)
        rows = [str(first_row + i) for i in range(start, stop)]
        cells = []
        for j, col in enumerate(columns):
            if col.kind == "number":
                cells.append(_number_cells(refs[j], marks[j], numbers[j][start:stop], rows, col.blanks))
            elif col.kind == "formula":
                cells.append(_formula_cells(refs[j], marks[j], others[j][start:stop], rows))
            else:
                cells.append(_text_cells(refs[j], marks[j], others[j][start:stop], rows, col.blanks))
        out.append("".join(f'<row r="{r}" spans="{span}">' + "".join(c) + "</row>"
                           for r, *c in zip(rows, *cells)).encode("utf-8"))
    return b"".join(out)


@dataclass
class TableTail:
    """The rows of a table that XlsxWriter did not write: everything after its first data row.

    :meth:`apply` adds them to the sheet XML the splicer is about to store, with the cell formats
    of the first data row as they stand in that XML (so, after the splicer's style mapping).
    """

    template_row: int          # the Excel row (1-based) XlsxWriter wrote as the first data row
    columns: list[Column]      # values of the rows after it
    width: int

    def apply(self, xml: bytes) -> bytes:
        if not self.columns or len(self.columns[0].values) == 0:
            return xml
        styles = self._template_styles(xml)
        body = body_rows(self.template_row + 1, self.columns, styles)
        last_row = self.template_row + len(self.columns[0].values)
        xml = re.sub(rb'<dimension ref="([A-Z]+)1:[A-Z]+\d+"/>',  # in the short sheet, before the body joins it
                     lambda m: b'<dimension ref="A1:' + column_letter(self.width - 1).encode() +
                     str(last_row).encode() + b'"/>', xml, count=1)
        end = xml.rindex(b"</sheetData>")
        return b"".join((xml[:end], body, xml[end:]))

    def _template_styles(self, xml: bytes) -> list[int | None]:
        """Cell format index of each column in the template row, as XlsxWriter wrote it."""
        start = xml.index(b'<row r="%d"' % self.template_row)
        stop = xml.index(b"</row>", start)
        found: dict[str, int | None] = {}
        for m in _CELL.finditer(xml, start, stop):
            found[m.group(1).decode()] = int(m.group(3)) if m.group(3) else None
        return [found.get(column_letter(j)) for j in range(self.width)]

"""Reads the owner's workbook into a table of clients (values only; the file is never changed).

Cell values come from python-calamine (fast, reads the values Excel cached for formula cells).
A client table is a header row (within the first 30 rows of a sheet) with a column of client
names and at least one column of numbers or dates, and one row per client below it. Blank rows,
rows without a client name and totals rows ("Total", "Grand total", "Sum") are skipped.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.errors import ClientTableError, WorkbookFileError
from xlclientrank.ooxml.package import check_workbook_file
from xlclientrank.settings import SHEET as SETTINGS_SHEET
from xlclientrank.settings import ColumnInfo

RANKING_SHEET = "Ranking"
OUR_SHEETS = (RANKING_SHEET, SETTINGS_SHEET)
HEADER_SEARCH_ROWS = 30
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
TOTAL_ROW = re.compile(r"^\s*((grand|sub)[\s-]?)?totals?\b|^\s*sum\s*$|^\s*sum of\b", re.IGNORECASE)


@dataclass
class ClientTable:
    """One row per client. ``frame`` holds the client names (text) and, for every number or date
    column, floats (dates as Excel serial day numbers, NaN where blank or not a number).
    ``excel_rows`` are the sheet rows the clients came from."""

    file: str
    sheet: str
    header_row: int
    columns: list[ColumnInfo]
    client_column: str
    frame: pd.DataFrame
    excel_rows: np.ndarray
    warnings: list[str] = field(default_factory=list)

    def column(self, name: str) -> ColumnInfo:
        return next(c for c in self.columns if c.name == name)


class Workbook:
    """The owner's workbook opened for reading values."""

    def __init__(self, path: str | Path, data: bytes | None = None) -> None:
        """``data``: the file's bytes when already read (so values and parts come from one read)."""
        import io

        from python_calamine import CalamineWorkbook

        self.path = Path(path)
        if data is None:
            check_workbook_file(self.path)
            data = self.path.read_bytes()
        try:
            self._wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise WorkbookFileError(f"cannot be read as an Excel workbook ({_short(exc)}); open it in Excel "
                                    "and save it again as .xlsx", file=str(self.path)) from exc
        self.worksheets = [m.name for m in self._wb.sheets_metadata
                           if str(m.typ).endswith("WorkSheet")]
        self.visible = [m.name for m in self._wb.sheets_metadata
                        if str(m.typ).endswith("WorkSheet") and str(m.visible).endswith("Visible")]

    def grid(self, sheet: str) -> list[list[Any]]:
        """All cell values of a sheet from A1, as rows; blanks are None."""
        try:
            ws = self._wb.get_sheet_by_name(sheet)
            rows = ws.to_python(skip_empty_area=False)
        except Exception as exc:
            raise WorkbookFileError(f"sheet '{sheet}' cannot be read ({_short(exc)})", file=str(self.path)) from exc
        return [[None if c == "" else c for c in row] for row in rows]

    def find_sheet(self, name: str) -> str | None:
        for s in self.worksheets:
            if s.casefold() == name.casefold():
                return s
        return None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def read_client_table(wb: Workbook, sheet: str | None = None, preferred: str | None = None,
                      client_column: str | None = None) -> ClientTable:
    """Finds and reads the client table.

    ``sheet``: the sheet the owner named (``--sheet``); it must exist and hold a client list.
    ``preferred``: the sheet the settings name; used when it exists. Otherwise the first visible
    sheet (ours excepted) that holds a client list. ``client_column``: the header of the names
    column when the settings say so (else it is recognised from the headers).
    """
    if sheet is not None:
        found = wb.find_sheet(sheet)
        if found is None:
            raise ClientTableError(f"there is no sheet '{sheet}'; the sheets are: "
                                   f"{', '.join(repr(s) for s in wb.worksheets)}", file=str(wb.path))
        return _table_or_error(wb, found, client_column)
    if preferred and wb.find_sheet(preferred):
        return _table_or_error(wb, wb.find_sheet(preferred), client_column)
    candidates = [s for s in wb.visible if s not in OUR_SHEETS] + \
                 [s for s in wb.worksheets if s not in wb.visible and s not in OUR_SHEETS]
    for name in candidates:
        table = _try_table(wb, name)
        if table is not None:
            return table
    raise ClientTableError("no sheet looks like a client list (a header row with a client name column and at "
                           "least one column of numbers such as revenue); name the sheet with --sheet",
                           file=str(wb.path))


def _table_or_error(wb: Workbook, sheet: str, client_column: str | None = None) -> ClientTable:
    table = _try_table(wb, sheet, client_column)
    if table is None:
        raise ClientTableError("this sheet does not look like a client list: it needs a header row with a column "
                               "of client names and at least one column of numbers (revenue, orders, ...)",
                               file=str(wb.path), sheet=sheet)
    return table


def _try_table(wb: Workbook, sheet: str, client_column: str | None = None) -> ClientTable | None:
    grid = wb.grid(sheet)
    h = _header_row(grid)
    if h is None:
        return None
    header = grid[h]
    names: list[str] = []
    positions: list[int] = []
    for j, cell in enumerate(header):
        text = _header_text(cell)
        if not text:
            continue
        base, k = text, 2
        while text in names:
            text, k = f"{base} ({k})", k + 1
        names.append(text)
        positions.append(j)
    body = grid[h + 1:]
    width = len(header)
    cols = {name: [row[j] if j < len(row) else None for row in body] for name, j in zip(names, positions)}
    kinds = {name: _column_kind(values) for name, values in cols.items()}
    client = client_column if client_column in names else None
    client = client or next((n for n in names if kinds[n] == "text" and headers.is_client_header(n)
                   and headers.recognise(n) is None), None)
    client = client or next((n for n in names if kinds[n] == "text"), None)
    numeric = [n for n in names if kinds[n] in ("number", "date") and n != client]
    if client is None or not numeric or width == 0:
        return None

    warnings: list[str] = []
    keep: list[int] = []
    client_values = cols[client]
    for i, name in enumerate(client_values):
        text = _header_text(name)
        if not text:
            if any(cols[n][i] is not None for n in numeric):
                warnings.append(f"Row {h + 2 + i} of sheet '{sheet}' has numbers but no client name; it was skipped.")
            continue
        if TOTAL_ROW.match(text):
            continue
        keep.append(i)
    if not keep:
        return None
    frame = pd.DataFrame({client: [_header_text(client_values[i]) for i in keep]})
    for n in names:
        if n == client or kinds[n] not in ("number", "date"):
            continue
        values = [cols[n][i] for i in keep]
        numbers, bad = _to_numbers(values)
        frame[n] = numbers
        if bad:
            col_letter = _column_letter(positions[names.index(n)])
            cells = ", ".join(f"{col_letter}{h + 2 + keep[i]}" for i in bad[:3])
            more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
            warnings.append(f"Column '{n}' of sheet '{sheet}' has {len(bad)} cell(s) that are not numbers "
                            f"({cells}{more}); they count as missing.")
    info = [ColumnInfo(n, kinds[n]) for n in names]
    return ClientTable(file=str(wb.path), sheet=sheet, header_row=h + 1, columns=info, client_column=client,
                       frame=frame, excel_rows=np.asarray(keep) + h + 2, warnings=warnings)


def _header_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return re.sub(r"\s+", " ", str(cell)).strip()


def _header_row(grid: list[list[Any]]) -> int | None:
    """Index of the header row: the first of the top rows with two or more text cells that name
    a client column or a known factor; failing that, the first with two or more text cells."""
    first_plain = None
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        texts = [c for c in row if isinstance(c, str) and c.strip()]
        if len(texts) < 2:
            continue
        if any(headers.is_client_header(t) or headers.recognise(t) for t in texts):
            return i
        if first_plain is None:
            first_plain = i
    return first_plain


def _column_kind(values: list[Any]) -> str:
    numbers = dates = texts = 0
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            texts += 1
        elif isinstance(v, (int, float)):
            numbers += 1
        elif isinstance(v, (dt.date, dt.datetime)):
            dates += 1
        else:
            texts += 1
    if numbers + dates == 0:
        return "text" if texts else "empty"
    if texts > numbers + dates:
        return "text"
    return "date" if dates > numbers else "number"


def _to_numbers(values: list[Any]) -> tuple[np.ndarray, list[int]]:
    """Floats (dates as Excel serial days), NaN for blanks; positions of cells that are not numbers."""
    out = np.full(len(values), np.nan)
    bad: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            continue
        if isinstance(v, bool):
            bad.append(i)
        elif isinstance(v, (int, float)):
            if math.isfinite(v):
                out[i] = float(v)
        elif isinstance(v, dt.datetime):
            out[i] = (v - EXCEL_EPOCH).total_seconds() / 86400.0
        elif isinstance(v, dt.date):
            out[i] = float((v - EXCEL_EPOCH.date()).days)
        else:
            bad.append(i)
    return out, bad


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

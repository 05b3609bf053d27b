"""A list without a header row: its first row holds values like the rows below it.

Said instead of "no client list found" (or instead of reading the first client as the headers),
with the header row to add: :func:`refuse_headerless` when no client list was found,
:func:`refuse_header_of_data` when the table found starts with a row of data.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Sequence

from xlclientrank import headers
from xlclientrank.errors import ClientTableError, WorkbookFileError
from xlclientrank.names import OUR_SHEETS
from xlclientrank.reader import cells, locate
from xlclientrank.reader.dates import parse_date
from xlclientrank.reader.sources import SheetSource


def cell_kind(v: Any) -> str:
    """"number" or "date" for a cell that holds a value rather than a word, else "text" (or "")."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return ""
    if isinstance(v, bool):
        return "number"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return "date"
    t = str(v).strip()
    if cells.parse_number(t) is not None or cells.parse_number(t, True) is not None:
        return "number"
    if re.search(r"\d", t) and parse_date(t) is not None:
        return "date"
    return "text"


def is_year(v: Any) -> bool:
    try:
        x = float(str(v).strip()) if not isinstance(v, (int, float)) else float(v)
    except ValueError:
        return False
    return x.is_integer() and 1900 <= x <= 2100


def header_of_data(header: Sequence[Any], below: Sequence[Sequence[Any]]) -> bool:
    """True when a header row holds values like the rows below it (numbers or dates in the columns
    that hold numbers or dates): the first row of data, not headers. Years as column titles
    ("2025", "2026") and a row that names the client column (Client, Customer, ...) are headers."""
    cols = [j for j, v in enumerate(header) if cell_kind(v)]
    if not cols:
        return False
    data = []
    for j in cols:
        kind = cell_kind(header[j])
        if kind == "text":
            continue
        under = [cell_kind(r[j]) for r in below if j < len(r) and cell_kind(r[j])][:20]
        if under and sum(k == kind for k in under) * 2 > len(under):
            data.append(j)
    if not data or all(is_year(header[j]) for j in data):
        return False
    words = [str(header[j]) for j in cols if cell_kind(header[j]) == "text"]
    if any(headers.is_client_header(w) for w in words):
        return False
    return 2 * len(data) >= len(cols) or not any(headers.recognise(w) for w in words)


def headerless_error(wb: SheetSource, sheet: str, row: int, header: Sequence[Any], below: Sequence[Any],
                     path: Path) -> ClientTableError:
    shown = [locate.text(v) for v in header if cell_kind(v)]
    preview = ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")
    names, numbers = [], iter(("Revenue", "Orders", "Hours", "Complaints"))
    for j, v in enumerate(header):
        if not cell_kind(v):
            continue
        under = [cell_kind(r[j]) for r in below if j < len(r) and cell_kind(r[j])][:20]
        kind = max(set(under), key=under.count) if under else cell_kind(v)
        names.append("Client" if kind == "text" and "Client" not in names else
                     "Date" if kind == "date" and "Date" not in names else
                     next(numbers, "...") if kind == "number" else "...")
    suggestion = ", ".join(names[:6]).replace("..., ...", "...")
    if path.suffix.lower() == ".csv":
        return ClientTableError(f"line {row} is '{preview}': values like the lines below it, not column names, so "
                                "the file has no header line. Add a first line that names each column, such as "
                                f"{suggestion.replace(', ', ',')}", file=str(path))
    return ClientTableError(f"row {row} holds '{preview}': values like the rows below it, not column headers, so "
                            f"the list has no header row. Insert a row above it that names each column, such as "
                            f"{suggestion}", file=str(path), sheet=sheet)


def refuse_header_of_data(wb: SheetSource, sheet: str, region: locate.Region | None, path: Path) -> None:
    if region is None:
        return
    grid = wb.grid(sheet)
    row = grid[region.header_last] if region.header_last < len(grid) else []
    cols = [c for c, _ in region.columns]
    header = [row[c] if c < len(row) else None for c in cols]
    below = [[r[c] if c < len(r) else None for c in cols] for r in grid[region.data_first:region.data_first + 20]]
    if region.header_first == region.header_last and header_of_data(header, below):
        raise headerless_error(wb, sheet, region.header_last + 1, header, below, path)


def refuse_headerless(wb: SheetSource, sheet: str | None, path: Path, exc: ClientTableError) -> None:
    """When no client list was found and a sheet's first row looks like data, says that instead."""
    found = wb.find_sheet(sheet) if sheet is not None else None
    if sheet is not None and found is None:
        return  # the sheet named does not exist: that is the message
    names = [found] if found else [s for s in wb.visible if s not in OUR_SHEETS]
    for name in names:
        try:
            grid = wb.grid(name)
        except WorkbookFileError:
            continue
        first = next((i for i, r in enumerate(grid[:30]) if any(cell_kind(v) for v in r)), None)
        if first is None:
            continue
        if header_of_data(grid[first], grid[first + 1:first + 21]):
            raise headerless_error(wb, name, first + 1, grid[first], grid[first + 1:first + 21], path) from exc


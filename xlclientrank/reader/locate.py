"""Where the client table is on a sheet: its header row(s), its columns and its data rows.

A table is an Excel Table (ListObject) when the sheet has one that looks like a client list;
otherwise the first of the top 30 rows with two or more text cells naming a client column or a
known factor. Headers that span two rows (a merged "Revenue" over "2025" and "2026") are joined
("Revenue 2025"). Columns run left and right of the client column until an empty column, so a
small lookup table beside the client list is not mixed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.ooxml.book import Table

HEADER_SEARCH_ROWS = 30
# the name given to a column of client names that has no header (a report's first column, such as
# QuickBooks' Sales by Customer Summary): said in the notes
NO_HEADER_CLIENT = "Client"


@dataclass
class Region:
    """A table on a sheet (0-based indices): header rows, data rows and the columns with their names."""

    header_first: int
    header_last: int
    data_first: int
    data_last: int
    columns: list[tuple[int, str]]
    table: str | None = None
    unnamed_client: int | None = None  # a names column without a header, named NO_HEADER_CLIENT here

    @property
    def score(self) -> float:
        names = [n for _, n in self.columns]
        known = sum(headers.recognise(n) is not None for n in names)
        client = any(headers.is_client_header(n) for n in names)
        return 3 * client + 2 * known + min(self.data_last - self.data_first + 1, 1000) / 1000


def text(cell: Any) -> str:
    """A cell as text with its white space tidied: runs of spaces, tabs and line breaks become one space."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())


def texts(values: Sequence[Any] | np.ndarray) -> pd.Series:
    """A column's cells as :func:`text` ("" for a blank or NaN cell), as a Series."""
    s = pd.Series(values if isinstance(values, np.ndarray) else list(values), dtype=object)
    if len(s) < 1000:
        return s.map(text, na_action="ignore").fillna("").astype(str)
    # each distinct cell once (a long column repeats its names and IDs); True and 1 hash alike, so a
    # column holding booleans is read a cell at a time
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if any(isinstance(u, (bool, np.bool_)) for u in uniques):
        return s.map(text, na_action="ignore").fillna("").astype(str)
    done = np.array([text(u) for u in uniques] + [""], dtype=object)
    return pd.Series(done[codes], index=s.index, dtype=object).astype(str)


def _is_text(cell: Any) -> bool:
    return isinstance(cell, str) and bool(cell.strip())


def _row(grid: Sequence[Sequence[Any]], r: int) -> Sequence[Any]:
    return grid[r] if 0 <= r < len(grid) else ()


def _cell(grid: Sequence[Sequence[Any]], r: int, c: int) -> Any:
    row = _row(grid, r)
    return row[c] if c < len(row) else None


def find(grid: Sequence[Sequence[Any]], tables: Sequence[Table] = (),
         merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = ()) -> Region | None:
    """The most plausible client table on a sheet, or None."""
    candidates = [r for r in (_from_table(grid, t) for t in tables) if r is not None]
    plain = _from_header(grid, merged)
    if plain is not None:
        candidates.append(plain)
    candidates = [c for c in candidates if c.columns]
    if not candidates:
        return None
    # an Excel Table that holds a client column is the owner's own statement of where the list is
    tables_with_clients = [c for c in candidates if c.table is not None
                           and any(headers.is_client_header(n) for _, n in c.columns)]
    return max(tables_with_clients or candidates, key=lambda c: (c.score, c.table is not None))


def _from_table(grid: Sequence[Sequence[Any]], t: Table) -> Region | None:
    if t.header_rows < 1:
        return None
    names = _unique([(c, text(_cell(grid, t.first_row, c))) for c in range(t.first_col, t.last_col + 1)])
    last = t.last_row - t.totals_rows
    if last <= t.first_row:
        return None
    return Region(t.first_row, t.first_row, t.first_row + 1, last, names, table=t.name)


def _header_row(grid: Sequence[Sequence[Any]]) -> int | None:
    first_plain = None
    for i in range(min(HEADER_SEARCH_ROWS, len(grid))):
        texts = [c for c in grid[i] if _is_text(c)]
        if len(texts) < 2:
            continue
        if any(headers.is_client_header(t) or headers.recognise(t) for t in texts):
            return i
        if first_plain is None:
            first_plain = i
    if first_plain is not None:
        return first_plain
    for i in range(min(HEADER_SEARCH_ROWS, len(grid))):  # one known header over amounts, names unheaded
        texts = [(c, v) for c, v in enumerate(grid[i]) if _is_text(v)]
        if len(texts) == 1 and texts[0][0] > 0 and headers.recognise(texts[0][1]) is not None \
                and _unnamed_names(grid, i, texts[0][0] - 1):
            return i
    return None


def _unnamed_names(grid: Sequence[Sequence[Any]], h: int, c: int) -> bool:
    """Column ``c`` has no header on row ``h`` and holds text (client names) on most of the rows
    below that have a number right of it."""
    if c < 0 or _is_text(_cell(grid, h, c)):
        return False
    rows = [r for r in range(h + 1, min(len(grid), h + 201))
            if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in _row(grid, r)[c + 1:])]
    named = sum(_is_text(_cell(grid, r, c)) for r in rows)
    return len(rows) >= 2 and named >= 0.8 * len(rows)


def _from_header(grid: Sequence[Sequence[Any]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]
                 ) -> Region | None:
    h = _header_row(grid)
    if h is None:
        return None
    width = max((len(r) for r in grid[h:h + 50]), default=0)
    spans = {}  # column -> text of a merged header cell covering it
    for (r0, c0), (r1, c1) in merged:
        if r0 <= h <= r1 and c1 > c0:
            value = _cell(grid, r0, c0)
            for c in range(c0, c1 + 1):
                spans[c] = text(value)
    top = [text(_cell(grid, h, c)) or spans.get(c, "") for c in range(width)]
    below = [_cell(grid, h + 1, c) for c in range(width)]
    two_rows = (spans and any(_is_text(b) or isinstance(b, (int, float)) for b in below)
                and not any(isinstance(b, (int, float)) and top[c] == "" for c, b in enumerate(below))
                and _looks_like_sub_header(below, grid, h + 2))
    if two_rows:
        names = [" ".join(x for x in (top[c], text(below[c])) if x) for c in range(width)]
        header_last = h + 1
    else:
        names = top
        header_last = h
    # a header cell that holds only spaces was written by the exporting program (Wave writes " "
    # between two of its columns): the column belongs to the table, unlike a truly empty cell
    written = {c for c in range(width) if isinstance(_cell(grid, h, c), str)}
    columns = _block(grid, names, header_last + 1, written)
    if not columns:
        return None
    unnamed = None
    left = columns[0][0] - 1
    if not any(headers.is_client_header(n) for _, n in columns) and left >= 0 and not names[left] \
            and _unnamed_names(grid, h, left):
        unnamed = left
        columns = [(left, NO_HEADER_CLIENT)] + columns
    first = header_last + 1
    last = first - 1
    cols = [c for c, _ in columns]
    for r in range(len(grid) - 1, first - 1, -1):
        if any(_cell(grid, r, c) not in (None, "") for c in cols):
            last = r
            break
    return Region(h, header_last, first, last, _unique(columns), unnamed_client=unnamed)


def _looks_like_sub_header(below: list[Any], grid: Sequence[Sequence[Any]], data_row: int) -> bool:
    """A second header row holds labels (text or years) above a data row."""
    labels = [b for b in below if b is not None]
    return bool(labels) and any(_cell(grid, data_row, c) is not None for c in range(len(below)))


def _block(grid: Sequence[Sequence[Any]], names: list[str], data_first: int, written: AbstractSet[int] = frozenset()
           ) -> list[tuple[int, str]]:
    """The run of named columns that holds the client column (or the most known headers).

    Runs are separated by a column with no header and no values under it (a header cell of spaces,
    ``written``, does not separate them).
    """
    def empty(c: int) -> bool:
        if names[c] or c in written:
            return False
        return all(_cell(grid, r, c) in (None, "") for r in range(data_first, min(len(grid), data_first + 200)))

    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for c in range(len(names)):
        if empty(c):
            if current:
                runs.append(current)
            current = []
        elif names[c]:
            current.append((c, names[c]))
    if current:
        runs.append(current)
    if not runs:
        return []

    def rank(run: list[tuple[int, str]]) -> tuple[bool, int, int]:
        ns = [n for _, n in run]
        recognised = sum(headers.recognise(n) is not None for n in ns)
        return (any(headers.is_client_header(n) for n in ns), recognised, len(run))
    return max(runs, key=rank)


def _unique(columns: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    out = []
    for c, name in columns:
        if not name:
            continue
        base, k = name, 2
        while name in seen:
            name, k = f"{base} ({k})", k + 1
        seen.add(name)
        out.append((c, name))
    return out

"""What the reader reads: a workbook or a .csv, offered as sheets of cell values.

:class:`SheetSource` names every method the reader calls on one (the owner's workbook,
:class:`xlclientrank.reader.values.Workbook`; a .csv, :class:`xlclientrank.reader.csvfile.CsvBook`;
a cell formula's range, :class:`GridBook`). A sheet's cells come as a grid: a list of rows, or for
a long sheet or a .csv a :class:`ColumnGrid`, kept column by column; :func:`column_of` reads a
column of either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Protocol, Sequence, overload

import numpy as np

from xlclientrank.ooxml import book

Grid = Sequence[Sequence[Any]]


class ColumnGrid(Sequence[list[Any]]):
    """A sheet's values kept column by column (arrays, blanks None), offered as the list of rows a
    grid is: a row is made when asked for, and :meth:`column` gives a column's cells at once (the
    reader takes its columns that way: an order-line sheet of 1,000,000 rows is not turned into a
    million lists).

    ``header``: when given, the first row's cells, kept apart from ``columns`` (which then hold
    the rows below it: a .csv's column of numbers stays an array of floats)."""

    def __init__(self, columns: list[np.ndarray], rows: int, header: list[Any] | None = None) -> None:
        self.columns = columns
        self.rows = rows
        self.header = header

    @classmethod
    def of_rows(cls, rows: list[list[Any]]) -> "ColumnGrid":
        """From python-calamine's rows (all of one width; ``""`` is a blank cell)."""
        width = len(rows[0]) if rows else 0
        columns = []
        for c in range(width):
            col = np.empty(len(rows), dtype=object)
            col[:] = [row[c] for row in rows]
            col[np.asarray(col == "", dtype=bool)] = None
            columns.append(col)
        return cls(columns, len(rows))

    @property
    def width(self) -> int:
        return len(self.columns)

    def cell(self, r: int, c: int) -> Any:
        if self.header is not None:
            if r == 0:
                return self.header[c]
            r -= 1
        v = self.columns[c][r]
        return float(v) if isinstance(v, np.floating) else v

    def row(self, r: int) -> list[Any]:
        return [self.cell(r, c) for c in range(self.width)]

    def __len__(self) -> int:
        return self.rows

    def __bool__(self) -> bool:
        return self.rows > 0

    @overload
    def __getitem__(self, key: int) -> list[Any]: ...

    @overload
    def __getitem__(self, key: slice) -> list[list[Any]]: ...

    def __getitem__(self, key: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(key, slice):
            return [self.row(r) for r in range(*key.indices(self.rows))]
        if key < 0:
            key += self.rows
        if not 0 <= key < self.rows:
            raise IndexError(key)
        return self.row(key)

    def __iter__(self) -> Iterator[list[Any]]:
        return (self.row(r) for r in range(self.rows))

    def column(self, c: int, first: int, last: int) -> np.ndarray:
        """Column ``c`` from row ``first`` to ``last`` (0-based, inclusive)."""
        last = min(last, self.rows - 1)
        if c >= self.width or last < first:
            return np.full(max(last - first + 1, 0), None, dtype=object)
        if self.header is None:
            return self.columns[c][first:last + 1]
        if first >= 1:
            return self.columns[c][first - 1:last]
        out = np.empty(last - first + 1, dtype=object)
        out[0] = self.header[c]
        out[1:] = self.columns[c][:last]
        return out


def column_of(grid: Grid, c: int, first: int, last: int) -> np.ndarray | list[Any]:
    """Column ``c`` of a grid from row ``first`` to ``last`` (0-based, inclusive): a
    :class:`ColumnGrid`'s array as it is kept, else the cells of a list of rows (None past a row's end)."""
    if isinstance(grid, ColumnGrid):
        return grid.column(c, first, last)
    return [row[c] if c < len(row) else None for row in grid[first:last + 1]]


class SheetSource(Protocol):
    """What the reader asks of a workbook (or of a .csv read as one).

    ``worksheets``/``visible``: the sheets that hold cells, and those not hidden; ``skipped``:
    sheet -> why it has no content; ``too_large``: sheet -> (last row, last column) of a sheet
    too large to read; ``trimmed``: sheet -> (cells left out far to the right, one of them)."""

    path: Path
    worksheets: list[str]
    visible: list[str]
    skipped: dict[str, str]
    too_large: dict[str, tuple[int, int]]
    trimmed: dict[str, tuple[int, str]]

    def grid(self, sheet: str) -> Grid: ...

    def merged(self, sheet: str) -> list[Any]: ...

    def tables(self, sheet: str) -> list[book.Table]: ...

    def facts(self, sheet: str) -> book.SheetFacts: ...

    def formats(self, sheet: str, row: int) -> dict[int, str]: ...

    def find_sheet(self, name: str) -> str | None: ...

    def notes(self, sheet: str) -> list[str]:
        """What the owner should know about how the sheet (and the workbook) was read."""
        ...

    def read_cache(self, sheet: str) -> dict[Any, Any] | None:
        """Client tables already read from the sheet (a .csv read for the workbook written for it,
        then again to rank it), or None when the source keeps none."""
        ...


class OneSheetBook:
    """A :class:`SheetSource` of a single sheet of values without Excel's extras (no merged cells,
    tables, hidden rows or number formats). Subclasses give ``grid``."""

    path: Path
    worksheets: list[str]
    visible: list[str]

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.worksheets = self.visible = [name]
        self.skipped: dict[str, str] = {}
        self.too_large: dict[str, tuple[int, int]] = {}
        self.trimmed: dict[str, tuple[int, str]] = {}

    def merged(self, sheet: str) -> list[Any]:
        return []

    def tables(self, sheet: str) -> list[book.Table]:
        return []

    def facts(self, sheet: str) -> book.SheetFacts:
        return book.SheetFacts()

    def formats(self, sheet: str, row: int) -> dict[int, str]:
        return {}

    def find_sheet(self, name: str) -> str | None:
        return name if name in self.worksheets else None

    def notes(self, sheet: str) -> list[str]:
        return []

    def read_cache(self, sheet: str) -> dict[Any, Any] | None:
        return None


class GridBook(OneSheetBook):
    """A client table given as cell values (a cell formula's range), read like a one-sheet workbook."""

    def __init__(self, grid: list[list[Any]], name: str = "Table") -> None:
        super().__init__(Path(name), name)
        self._grid = [[None if c == "" else c for c in row] for row in grid]

    def grid(self, sheet: str) -> list[list[Any]]:
        return self._grid

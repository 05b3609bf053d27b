"""Cells in the model of Excel behind xlwings (tests/doubles/excel.py): what Excel keeps when code
writes a value, each cell's format and drop-down (data validation), and copy / Paste Special.

It models what the notes step relies on and what could go wrong there: a string written into a cell
is parsed as Excel parses typing ("=..." becomes a formula, "2024" a number, "TRUE" a truth value)
unless it starts with Excel's text mark, the apostrophe, which is not kept in the value; a written
cell keeps its format; a copied range goes to Excel's clipboard, and Paste Special of one copied row
onto several rows repeats it, formats and validation each on their own (values, comments never);
Paste Special with nothing copied fails; a protected sheet refuses writes. A sheet opened from a
file gets its cells from openpyxl, so a sheet Excel copies from the ranked workbook brings its
values, formats and drop-downs along.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

MAX_COLUMN = 16384


class Formula(str):
    """A cell's formula (what Excel made of written text starting with '=')."""


def entered(value: Any) -> Any:
    """What Excel keeps when code writes ``value`` into a cell."""
    if not isinstance(value, str) or value == "":
        return None if value == "" else value
    if value.startswith("'"):
        return value[1:]
    if _NUMBER.fullmatch(value.strip()):
        text = value.strip().replace(",", "")
        number = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
        return int(number) if number.is_integer() else number
    if value.startswith(("=", "+", "-", "@")):  # "+x" and "-x" become "=+x", "=-x"
        return Formula(value if value.startswith("=") else "=" + value)
    if value.strip().upper() in ("TRUE", "FALSE"):
        return value.strip().upper() == "TRUE"
    return value


_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def look(cell: Any) -> tuple:
    """A cell's format as openpyxl reads it: number format, bold, italic, font colour, fill, bottom border."""
    color = cell.font.color.rgb if cell.font is not None and cell.font.color is not None else None
    fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type else None
    return (cell.number_format, bool(cell.font.b), bool(cell.font.i), color if isinstance(color, str) else None,
            fill if isinstance(fill, str) else None, cell.border.bottom.style if cell.border is not None else None)


@dataclass
class Grid:
    """One sheet's cells: values, formats and drop-downs by (1-based row, 1-based column)."""

    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    formats: dict[tuple[int, int], tuple] = field(default_factory=dict)
    checks: dict[tuple[int, int], tuple] = field(default_factory=dict)  # (type, formula1) of a cell's validation
    protected: bool = False

    def copy(self) -> "Grid":
        return Grid(dict(self.values), dict(self.formats), dict(self.checks), self.protected)

    @classmethod
    def from_openpyxl(cls, ws: Any) -> "Grid":
        grid = cls(protected=bool(ws.protection.sheet))
        for (r, c), cell in ws._cells.items():
            if cell.value is not None:
                grid.values[(r, c)] = Formula(cell.value) if cell.data_type == "f" else cell.value
            if cell.has_style:
                grid.formats[(r, c)] = look(cell)
        for dv in ws.data_validations.dataValidation:
            for part in str(dv.sqref).split():
                c1, r1, c2, r2 = range_boundaries(part)
                if (r2 - r1 + 1) * (c2 - c1 + 1) <= 100_000:  # not whole columns: none of ours has one
                    for r in range(r1, r2 + 1):
                        for c in range(c1, c2 + 1):
                            grid.checks[(r, c)] = (dv.type, dv.formula1)
        return grid

    def last_row(self) -> int:
        return max((r for r, _ in self.values), default=0)


def bounds(ref: Any, ref2: Any = None) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of an xlwings range address: "A5", "B2:C9",
    "5:7" (whole rows), (row, column), or two of those."""
    if ref2 is not None:
        a, b = bounds(ref), bounds(ref2)
        return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])
    if isinstance(ref, tuple):
        return ref[0], ref[1], ref[0], ref[1]
    rows = re.fullmatch(r"(\d+):(\d+)", ref)
    if rows:
        return int(rows.group(1)), 1, int(rows.group(2)), MAX_COLUMN
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", ref.upper())
    if m is None:
        raise ValueError(f"not a range address: {ref}")
    r1, c1 = int(m.group(2)), column_index_from_string(m.group(1))
    r2, c2 = (int(m.group(4)), column_index_from_string(m.group(3))) if m.group(3) else (r1, c1)
    return r1, c1, r2, c2


class Range:
    """xlwings' Range on the model: ``formula`` (the owner's formulas the sheet swap keeps, by address),
    ``value``, ``copy``, ``paste``, ``clear_contents``."""

    def __init__(self, sheet: Any, ref: Any, ref2: Any = None) -> None:
        self.sheet = sheet
        self.ref = ref if isinstance(ref, str) and ref2 is None else None
        self.r1, self.c1, self.r2, self.c2 = bounds(ref, ref2)

    @property
    def address(self) -> str:
        return f"${get_column_letter(self.c1)}${self.r1}:${get_column_letter(self.c2)}${self.r2}"

    @property
    def formula(self):
        return self.sheet.formulas.get(self.ref, "")

    @formula.setter
    def formula(self, value):
        self.sheet.book.app.step("formula")
        self.sheet.formulas[self.ref] = value

    formula2 = formula
    formula_array = formula

    def _cells(self):
        c2 = min(self.c2, max([c for _, c in self.sheet.grid.values] + [self.c1]))  # whole rows: the used columns
        return [(r, c) for r in range(self.r1, self.r2 + 1) for c in range(self.c1, c2 + 1)]

    @property
    def value(self):
        g = self.sheet.grid.values
        if (self.r1, self.c1) == (self.r2, self.c2):
            return g.get((self.r1, self.c1))
        return [[g.get((r, c)) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1, self.r2 + 1)]

    @value.setter
    def value(self, data):
        """As xlwings: a scalar fills the range; a list of rows goes in from the top-left cell."""
        app = self.sheet.book.app
        app.step(f"value:{self.sheet.name}")
        if self.sheet.grid.protected:
            raise PermissionError("The cell or chart you're trying to change is on a protected sheet.")
        rows = data if isinstance(data, list) else None
        if rows is None:
            cells = {(r, c): data for r in range(self.r1, self.r2 + 1) for c in range(self.c1, self.c2 + 1)}
        else:
            rows = [row if isinstance(row, list) else [row] for row in rows]
            cells = {(self.r1 + i, self.c1 + j): v for i, row in enumerate(rows) for j, v in enumerate(row)}
        for key, v in cells.items():
            kept = entered(v)
            if kept is None:
                self.sheet.grid.values.pop(key, None)
            else:
                self.sheet.grid.values[key] = kept
            app.writes.append((self.sheet.name, key, v))

    def clear_contents(self):
        for key in self._cells():
            self.sheet.grid.values.pop(key, None)

    def copy(self, destination=None):
        app = self.sheet.book.app
        app.step(f"copy range:{self.sheet.name}")
        if destination is None:
            app.clipboard = self
            return
        self._paste_into(destination, ("values", "formats", "validation"))

    def paste(self, paste=None, operation=None, skip_blanks=False, transpose=False):
        app = self.sheet.book.app
        app.step(f"paste {paste}:{self.sheet.name}")
        if app.clipboard is None:
            raise RuntimeError("PasteSpecial method of Range class failed")
        if self.sheet.grid.protected:
            raise PermissionError("The cell or chart you're trying to change is on a protected sheet.")
        what = {None: ("values", "formats", "validation"), "all": ("values", "formats", "validation"),
                "formats": ("formats",), "validation": ("validation",), "values": ("values",)}[paste]
        app.clipboard._paste_into(self, what)

    def _paste_into(self, dest: "Range", what: tuple[str, ...]) -> None:
        """One copied block repeated over the destination (Excel fills a multiple of the copied size)."""
        src, grid = self.sheet.grid, dest.sheet.grid
        height, width = self.r2 - self.r1 + 1, self.c2 - self.c1 + 1
        rows = dest.r2 - dest.r1 + 1 if (dest.r2 - dest.r1 + 1) % height == 0 else height
        for i in range(rows):
            for j in range(min(width, MAX_COLUMN)):
                s, d = (self.r1 + i % height, self.c1 + j), (dest.r1 + i, dest.c1 + j)
                for kind, store, to in (("values", src.values, grid.values), ("formats", src.formats, grid.formats),
                                        ("validation", src.checks, grid.checks)):
                    if kind not in what:
                        continue
                    if s in store:
                        to[d] = store[s]
                    else:
                        to.pop(d, None)

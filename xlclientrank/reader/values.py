"""The copy of the owner's package that the values readers read, and the second values reader.

The owner's parts are never changed (the written file keeps them exactly); only the copy handed to
the values reader leaves out what would stop it although Excel reads the file:

- sheet entries whose ``r:id`` is empty or leads to no part (real .xlsm files from Excel have
  ``<sheet name="..." sheetId="3" r:id=""/>``): python-calamine refuses the whole file
  ("Relationship not found"), while Excel, LibreOffice and openpyxl leave that sheet out;
- on a sheet whose extent is over the limits (:data:`book.MAX_COLUMNS`, :data:`book.MAX_CELLS`),
  cells that hold only a style (Gnumeric and LibreOffice write ``<c r="X9" s="3"/>`` for each cell
  of a formatted range, to row 1,048,576) and the rows left empty, then cells far to the right.
  A sheet still too large is recorded: it is refused only when it is read.

When python-calamine fails on a sheet all the same (an error value it does not know, such as the
``#SPILL!`` Excel 365 saves for a blocked dynamic array), openpyxl reads that sheet's values,
given as python-calamine gives them (:func:`second_grid`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection

from xlclientrank.errors import WorkbookFileError
from xlclientrank.ooxml import book
from xlclientrank.ooxml.ns import NS_REL
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.rows import column_letter
from xlclientrank.reader.sources import ColumnGrid, Grid, SheetSource

if TYPE_CHECKING:  # openpyxl is imported only when a sheet needs the second reader
    from openpyxl.workbook.workbook import Workbook as OpenpyxlWorkbook

EMPTY_REFERENCE = "an empty reference"
MISSING_PART = "a reference to a part the file does not have"


class SheetTooLarge(WorkbookFileError):
    """The sheet being read reaches further than the reader lays out (other sheets' size does not matter).
    A refusal about the file, with the file errors' exit code."""


@dataclass
class ValuesCopy:
    data: bytes
    entries: list[book.SheetEntry]
    skipped: dict[str, str] = field(default_factory=dict)         # sheet -> why it has no content
    trimmed: dict[str, tuple[int, str]] = field(default_factory=dict)  # sheet -> (cells left out, one of them)
    too_large: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet -> (last row, last column)


def values_copy(package: Package, data: bytes | None, unread: Collection[str] = (),
                values_only: Collection[str] = ()) -> ValuesCopy:
    """The bytes the values reader may read, and what was left out of them (see the module).
    ``unread``: sheets the caller will not read (our sheets a run replaces): not looked at, so their
    parts are not even decompressed. ``values_only``: sheets whose values alone are read (our sheets
    a run reads and writes again): their parts are not kept decompressed after the look."""
    entries = book.sheet_entries(package)
    found = ValuesCopy(data if data is not None else b"", entries)
    copy: Package | None = None

    def edited() -> Package:
        nonlocal copy
        if copy is None:
            copy = package.copy()
        return copy

    dangling = {i for i, e in enumerate(entries) if e.part is None}
    if dangling:
        wb_part = book.workbook_part(package)
        edited().parts[wb_part] = book.without_sheets(package.parts[wb_part], dangling)
        for i in sorted(dangling):
            found.skipped[entries[i].name] = EMPTY_REFERENCE if not entries[i].rid else MISSING_PART
    for e in entries:
        if e.part is None or e.kind not in ("worksheet", "") or e.name in unread:
            continue
        xml = original = package.peek(e.part) if e.name in values_only else package.parts[e.part]
        rows, cols = book.sheet_extent(xml)
        if cols <= book.MAX_COLUMNS and rows * max(cols, 1) <= book.MAX_CELLS:
            continue  # the usual case: no further look at the sheet
        xml = book.drop_empty_cells(xml)
        rows, cols = book.sheet_extent(xml)
        if cols > book.MAX_COLUMNS:
            xml, removed, example = book.trim_far_cells(xml)
            found.trimmed[e.name] = (removed, example or "")
            rows, cols = book.sheet_extent(xml)
        if rows * max(cols, 1) > book.MAX_CELLS:
            found.too_large[e.name] = (rows, cols)
        if xml is not original:
            edited().parts[e.part] = xml
    if copy is not None:
        # the sheets the caller will not read are left out of the copy too: it is written out whole, and
        # they need not be decompressed for it
        gone = {i: part for i, e in enumerate(entries) if e.name in unread and (part := e.part)}
        if gone:
            wb_part = book.workbook_part(package)
            copy.parts[wb_part] = book.without_sheets(package.parts[wb_part], dangling | set(gone))
            for part in gone.values():
                copy.delete(part)
        found.data = copy.to_bytes()
    elif data is None:
        found.data = package.to_bytes()
    return found


def verify_for_reader(package: Package, skip: Collection[str]) -> None:
    """Refuses a workbook whose parts that python-calamine reads itself, from the file's bytes and
    without checking their checksums, do not decompress to them: the workbook part, its
    relationships, the shared strings and styles (the sheets were read already, and checked then;
    ``skip``: our sheets a run replaces, not read at all, and the parts read whole without being kept)."""
    try:
        wb_part = book.workbook_part(package)
    except WorkbookFileError:
        return  # said when the workbook is read
    names = [wb_part, book.rels_name(wb_part)]
    if package.has(names[1]):
        for rel in package.xml(names[1]).findall(book.q(NS_REL, "Relationship")):
            if rel.get("Type", "").endswith(("/sharedStrings", "/styles", "/worksheet")) and \
                    rel.get("TargetMode") != "External":
                names.append(book.resolve(wb_part, rel.get("Target", "")))
    for name in names:
        if package.has(name) and name not in skip:
            package.verify(name)


def too_large_error(name: str, extent: tuple[int, int], file: str) -> SheetTooLarge:
    rows, cols = extent
    return SheetTooLarge(f"sheet '{name}' reaches row {rows:,} and column {column_letter(cols - 1)} ({cols:,} "
                         "columns), more cells than xlclientrank reads; delete the rows and columns beyond your "
                         "client list and save it again", file=file)


def skipped_note(name: str, why: str) -> str:
    return (f"Sheet '{name}' has no content in the file ({why}), so there was nothing to read on it: it was "
            "skipped, and left in the file as it is.")


def second_reader_note(name: str, reason: str) -> str:
    return (f"Sheet '{name}' was read with a second, slower reader: the usual one stopped at something it does "
            f"not know ({reason}). The values are the ones saved in the file.")


def too_large_note(name: str, extent: tuple[int, int]) -> str:
    rows, cols = extent
    return (f"Sheet '{name}' was not searched for clients: it reaches row {rows:,} and column "
            f"{column_letter(cols - 1)}, more cells than xlclientrank reads. If your clients are on it, delete "
            "the rows and columns beyond the list and save it again.")


# ---------------------------------------------------------------- reading values

COLUMN_GRID_ROWS = 50_000  # a sheet with more rows than this is kept column by column (ColumnGrid)


class Workbook:
    """The owner's workbook opened for reading values: python-calamine reads the values copy
    (:func:`values_copy`), openpyxl a sheet python-calamine cannot read. The Excel Tables, formats
    and facts come from the owner's own parts."""

    def __init__(self, path: str | Path, data: bytes | None = None, package: Package | None = None,
                 unread: Collection[str] = (), values_only: Collection[str] = (),
                 csv: SheetSource | None = None) -> None:
        """``unread``, ``values_only``: see :func:`values_copy`; a sheet in ``unread`` read all the
        same is checked for its size then. ``csv``: for the workbook written for a .csv, the .csv
        read as a one-sheet source (a csvfile.CsvBook): its data sheet is read from the CSV's own
        cells, whatever that sheet holds in the file (for order lines, the clients table)."""
        from python_calamine import CalamineWorkbook

        self.path = Path(path)
        if package is None:
            package = Package.read(self.path)
        if data is None:
            data = package.data
        self.package = package
        copy = values_copy(package, data, unread, values_only)
        self._unread = {e.name: e.part for e in copy.entries if e.name in unread and e.part}
        # checked already: read whole by values_copy (values_only: not kept, but read to the end)
        peeked = {e.part for e in copy.entries if e.name in values_only and e.part}
        verify_for_reader(package, set(self._unread.values()) | peeked)
        self._data = copy.data
        self.trimmed: dict[str, tuple[int, str]] = copy.trimmed
        self.skipped: dict[str, str] = copy.skipped        # sheet -> why it has no content (not offered)
        self.too_large: dict[str, tuple[int, int]] = copy.too_large
        self.second_reader: dict[str, str] = {}           # sheet -> why python-calamine could not read it
        self._open_error: str | None = None
        self._second = None
        self._wb: CalamineWorkbook | None
        try:
            self._wb = CalamineWorkbook.from_filelike(io.BytesIO(self._data))
        except Exception as exc:  # calamine raises its own error types for damaged files
            self._wb = None
            self._open_error = _short(exc)
            try:
                self._second = open_second(self._data)
            except Exception:
                raise WorkbookFileError(f"cannot be read as an Excel workbook ({_short(exc)}); open it in Excel "
                                        "and save it again as .xlsx", file=str(self.path)) from exc
        if self._wb is not None:
            meta = [m for m in self._wb.sheets_metadata if str(m.typ).endswith("WorkSheet")]
            self.worksheets = [m.name for m in meta]
            self.visible = [m.name for m in meta if str(m.visible).endswith("Visible")]
        else:
            self.worksheets, self.visible = listed_sheets(copy.entries)
        self._parts = {e.name: e.part for e in copy.entries if e.part}
        self._grids: dict[str, Grid] = {}
        self._merged: dict[str, list[Any]] = {}
        self._names: dict[str, list[book.Table]] | None = None
        self._csv = csv

    @property
    def csv_sheet(self) -> str | None:
        """For the workbook written for a .csv, the sheet holding its lines (the list to read, even
        when the workbook holds other lists of the owner's); else None."""
        if self._csv is None:
            return None
        return next((s for s in self.worksheets if self._csv.find_sheet(s) == s), None)

    def _from_csv(self, sheet: str) -> bool:
        return self._csv_of(sheet) is not None

    def _csv_of(self, sheet: str) -> SheetSource | None:
        """The .csv read as a one-sheet source when ``sheet`` is its data sheet, else None."""
        return self._csv if self._csv is not None and self._csv.find_sheet(sheet) == sheet else None

    def read_cache(self, sheet: str) -> dict[Any, Any] | None:
        """Client tables already read from the sheet (only for a CSV's data sheet)."""
        csv = self._csv_of(sheet)
        return csv.read_cache(sheet) if csv is not None else None

    def grid(self, sheet: str) -> Grid:
        """All cell values of a sheet from A1, as rows (a list, or a :class:`ColumnGrid` for a long
        sheet); blanks are None."""
        csv = self._csv_of(sheet)
        if csv is not None:
            return csv.grid(sheet)
        if sheet in self._grids:
            return self._grids[sheet]
        if sheet in self._unread:  # not looked at when the workbook was opened: its size now
            last_row, cols = book.sheet_extent(self.package.parts[self._unread.pop(sheet)])
            if cols > book.MAX_COLUMNS or last_row * max(cols, 1) > book.MAX_CELLS:
                self.too_large[sheet] = (last_row, cols)
        if sheet in self.too_large:
            raise too_large_error(sheet, self.too_large[sheet], str(self.path))
        reason = self._open_error
        if self._wb is not None:
            try:
                ws = self._wb.get_sheet_by_name(sheet)
                rows = ws.to_python(skip_empty_area=False)
                self._merged[sheet] = list(ws.merged_cell_ranges or [])
                if len(rows) >= COLUMN_GRID_ROWS and len({len(r) for r in rows}) == 1:
                    self._grids[sheet] = ColumnGrid.of_rows(rows)
                else:
                    self._grids[sheet] = [[None if c == "" else c for c in row] for row in rows]
                return self._grids[sheet]
            except Exception as exc:
                reason = _short(exc)
        try:  # the second reader, for a sheet the first could not read
            if self._second is None:
                self._second = open_second(self._data)
            self._grids[sheet] = second_grid(self._second, sheet)
        except Exception as exc:
            raise WorkbookFileError(f"sheet '{sheet}' cannot be read ({reason or _short(exc)})",
                                    file=str(self.path)) from exc
        part = self._parts.get(sheet)
        self._merged[sheet] = merged_ranges(self.package.parts[part]) if part else []
        self.second_reader[sheet] = reason or ""
        return self._grids[sheet]

    def notes(self, sheet: str) -> list[str]:
        """What the owner should know about how the sheet (and the workbook) was read."""
        out = []
        if sheet in self.second_reader:
            out.append(second_reader_note(sheet, self.second_reader[sheet]))
        out += [skipped_note(name, why) for name, why in self.skipped.items()]
        return out

    def merged(self, sheet: str) -> list[Any]:
        if self._from_csv(sheet):
            return []
        self.grid(sheet)
        return self._merged.get(sheet, [])

    def tables(self, sheet: str) -> list[book.Table]:
        """Excel Tables on the sheet, then the defined names that cover a range of it."""
        if self._from_csv(sheet):
            return []
        part = self._parts.get(sheet)
        found = book.tables(self.package, part) if part else []
        if self._names is None:
            self._names = book.named_ranges(self.package)
        return found + self._names.get(sheet, [])

    def formats(self, sheet: str, row: int) -> dict[int, str]:
        """Column -> number format of the cells in one row (0-based) of the sheet."""
        csv = self._csv_of(sheet)
        if csv is not None:
            return csv.formats(sheet, row)
        part = self._parts.get(sheet)
        return book.cell_formats(self.package, part, row) if part else {}

    def facts(self, sheet: str) -> book.SheetFacts:
        if self._from_csv(sheet):
            return book.SheetFacts()
        part = self._parts.get(sheet)
        return book.sheet_facts(self.package, part) if part else book.SheetFacts()

    def find_sheet(self, name: str) -> str | None:
        for s in self.worksheets:
            if s.casefold() == name.casefold():
                return s
        return None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


# ---------------------------------------------------------------- the second reader

def listed_sheets(entries: list[book.SheetEntry]) -> tuple[list[str], list[str]]:
    """(worksheets, visible ones) from the workbook part, when python-calamine cannot list them."""
    sheets = [e.name for e in entries if e.part is not None and e.kind == "worksheet"]
    states = {e.name: e.state for e in entries}
    return sheets, [s for s in sheets if states.get(s, "visible") == "visible"]


def open_second(data: bytes) -> OpenpyxlWorkbook:
    """The values copy opened by openpyxl (read-only, the results Excel saved for formulas)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "invalid specification", unknown extensions: not the owner's concern
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)


def second_grid(opened: OpenpyxlWorkbook, sheet: str) -> list[list[Any]]:
    """A sheet's values from A1 as python-calamine gives them: numbers as floats, a date without
    time as a date, error cells and blanks as None (the error texts come from the sheet XML),
    rows padded to the same width and ending at the last row with a value."""
    ws = opened[sheet]
    ws.reset_dimensions()  # the <dimension> a producer wrote may be wrong; read the cells themselves
    rows: list[list[Any]] = []
    last = width = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cells in ws.iter_rows():
            row = [_value(c.value, c.data_type) for c in cells]
            while row and row[-1] is None:
                row.pop()
            rows.append(row)
            if row:
                last, width = len(rows), max(width, len(row))
    return [r + [None] * (width - len(r)) for r in rows[:last]]


def _value(v: Any, data_type: str) -> Any:
    if v is None or data_type == "e":
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time(0) and v.tzinfo is None else v
    if isinstance(v, str) and v == "":
        return None
    return v


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"')


def merged_ranges(xml: bytes) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged cells of a sheet part, as python-calamine gives them (0-based corners)."""
    out = []
    for m in _MERGE.finditer(xml) if b"mergeCell" in xml else ():
        ref = book.parse_ref(m.group(1).decode("ascii", "replace"))
        if ref:
            out.append(((ref[0], ref[1]), (ref[2], ref[3])))
    return out

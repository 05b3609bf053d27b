"""A .csv file -> the cells of one sheet, read a column at a time, so it is ranked like any other
workbook (the result is .xlsx).

The encoding (UTF-8 with or without BOM, else Windows-1252) and the separator (``,`` ``;`` tab or
``|``) are detected. Each cell of the lines after the first is stripped and read as the sheet
written for it holds it: a number (in the column's own decimal convention, with currency symbols or
thousands separators; a run of more than 15 digits stays text: it is an ID), else a date, else
text; the first line is text. :class:`CsvSheet` holds the result column by column, as the values
reader gives a sheet's cells (float, ``datetime.date``, str, None), and :class:`CsvBook` offers it
as a one-sheet workbook to :func:`xlclientrank.reader.read_client_table`.

Reading: pyarrow's CSV reader parses the file (every cell as text), and each column's cells are read
once per distinct text (an export repeats its dates, IDs and names on many lines); plain numbers
such as ``1234.50`` in one vectorised step. A file pyarrow does not read the way Python's ``csv``
module does (lines of different lengths, blank lines) is split by the ``csv`` module instead, and
read the same way after that.

The workbook written for a .csv is made by :mod:`xlclientrank.jobs.csvbook`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlclientrank.errors import WorkbookFileError
from xlclientrank.reader import cells, csvlayout
from xlclientrank.reader.csvlayout import DATE_FORMAT
from xlclientrank.reader.dates import EXCEL_EPOCH, parse_date
from xlclientrank.reader.sources import ColumnGrid, OneSheetBook

MAX_BYTES = 512 << 20
SHEET_ROWS = 1_048_576  # the rows of an Excel sheet
_DIGIT = re.compile(r"\d")
# a date (cells.parse_date) has a digit and a separator: white space, '.', '/' or '-'
_DATE_SEPARATOR = re.compile(r"[\s./-]")


def sheet_name(path: Path) -> str:
    """The file's name, made a valid sheet name (31 characters, no ``[]:*?/\\``)."""
    name = re.sub(r"[\[\]:*?/\\']", " ", path.stem).strip() or "Clients"
    return name[:31]


# ---------------------------------------------------------------- the file -> lines of text

def _raw(path: Path) -> bytes:
    """The file's bytes, after the checks every .csv gets."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkbookFileError(f"cannot be read ({exc.strerror})", file=str(path)) from exc
    if len(raw) > MAX_BYTES:
        raise WorkbookFileError("is larger than 512 MB; split it or import it into Excel first", file=str(path))
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # Excel's "Unicode Text (*.txt)": UTF-16, tabs
        raw = raw.decode("utf-16", "replace").encode("utf-8")
    if b"\x00" in raw[:4096]:
        raise WorkbookFileError("is not a text .csv file; export it from your system as CSV (UTF-8)", file=str(path))
    if b"\r" in raw and b"\n" not in raw:  # lines ended by CR alone (Excel for Mac before 2016): as lines
        raw = raw.replace(b"\r", b"\n")
    return raw


def _text(raw: bytes) -> str:
    """The text of the file: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined: read it as Latin-1
            return raw.decode("latin-1")


def _utf8(raw: bytes) -> tuple[bytes, str]:
    """(the file as UTF-8 without BOM, the first 20,000 characters of its text), decided as
    :func:`_text` decides, without holding the whole text (a large file is checked in pieces)."""
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        view = memoryview(raw)
        for i in range(0, len(raw), 1 << 20):
            decoder.decode(view[i:i + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        text = _text(raw)
        return text.encode("utf-8"), text[:20000]
    data = raw[3:] if raw[:3] == b"\xef\xbb\xbf" else raw
    return data, data[:80000].decode("utf-8", "ignore")[:20000]


def _delimiter(sample: str) -> str:
    """The separator, from the file's first 20,000 characters."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return max(",;\t|", key=sample.count)


def read_rows(path: Path) -> list[list[str]]:
    """The file's lines as lists of cells, as Python's ``csv`` module splits them."""
    text = _text(_raw(path))
    return [row for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text[:20000]))]


def _arrow_columns(data: bytes, delimiter: str) -> list[Any] | None:
    """Every line's cells as text, one pyarrow array a column, or None when pyarrow would not split
    the file as the ``csv`` module does (lines of different lengths; blank lines, which it skips)."""
    if not data or data.isspace() or data[:1] in (b"\n", b"\r") or \
            b"\n\n" in data or b"\n\r\n" in data or b"\r\r" in data:
        return None
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    first = data[:data.find(b"\n") if b"\n" in data else len(data)]
    width = len(next(csv.reader([first.decode("utf-8", "replace").rstrip("\r")], delimiter=delimiter), []))
    names = [f"c{j}" for j in range(max(width, 1))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=b'"' in data,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None
    return [table.column(n) for n in names]


# ---------------------------------------------------------------- lines of text -> cell values

@dataclass
class _Distinct:
    """A column's texts below its first line, each distinct text once: ``texts`` (as written: a
    list, or a pyarrow array), ``counts`` and ``codes`` (per line, its text's index)."""

    texts: Any
    counts: np.ndarray
    codes: np.ndarray


def _distinct_of_arrow(column: Any) -> tuple[str, _Distinct]:  # a pyarrow string column
    """(the first line's text, the distinct texts below it) of a pyarrow string column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    head = column[0].as_py() if len(column) else ""
    encoded = pc.dictionary_encode(column.slice(1))
    if hasattr(encoded, "unify_dictionaries"):  # a chunked column: one dictionary for all its chunks
        encoded = encoded.unify_dictionaries()
        chunks = encoded.chunks
        texts = chunks[0].dictionary if chunks else pa.array([], pa.string())
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks]).astype(np.int64) \
            if chunks else np.zeros(0, dtype=np.int64)
    else:
        texts = encoded.dictionary
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    counts = np.bincount(codes, minlength=len(texts)) if len(codes) else np.zeros(len(texts), dtype=np.int64)
    return head, _Distinct(texts, counts, codes)


_PLAIN_RX = "^" + cells.PLAIN_NUMBER + "$"


def convert_arrow(texts: Any, counts: np.ndarray) -> tuple[np.ndarray, bool]:  # texts: a pyarrow array
    """:func:`convert` of a pyarrow array of distinct texts: the plain numbers (``-1234.50``, the
    most of a column of amounts or numbers) read and voted on by pyarrow in one step each, the
    other texts by :func:`convert`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(texts)
    plain = pc.match_substring_regex(texts, _PLAIN_RX).to_numpy(zero_copy_only=False)
    plain &= ~pc.match_substring_regex(texts, r"^[0-9]{16,}$").to_numpy(zero_copy_only=False)
    at, others = np.flatnonzero(plain), np.flatnonzero(~plain)
    numbers = texts.take(pa.array(at, type=pa.int64()))
    # each plain text's vote for a decimal comma (cells.NumberTexts.vote): -1 for a point not followed by
    # exactly three digits, else 0; it has no comma
    dot = pc.find_substring(numbers, ".").to_numpy(zero_copy_only=False)
    length = pc.utf8_length(numbers).to_numpy(zero_copy_only=False)
    vote = float((np.where((dot >= 0) & (length - dot - 1 != 3), -1, 0) * counts[at]).sum())
    rest = texts.take(pa.array(others, type=pa.int64())).to_pylist()
    rest_counts = counts[others]
    filled = np.array([t != "" for t in rest], dtype=bool)
    vote += cells.NumberTexts(np.asarray(rest, dtype=object)[filled], rest_counts[filled]).vote()
    comma = vote > 0
    if comma:  # a plain "1.234" in a decimal-comma column is 1234
        numbers = pc.replace_substring(numbers, ".", "")
    values = pc.cast(numbers, pa.float64()).to_numpy(zero_copy_only=False)
    rest_values, _ = convert(rest, rest_counts, comma)
    if all(type(v) is float for v in rest_values):
        out = np.empty(n, dtype=float)
        out[others] = np.asarray(rest_values, dtype=float)
    else:
        out = np.empty(n, dtype=object)
        out[others] = rest_values
    out[at] = values
    return out, comma


def _distinct_of_list(values: list[str]) -> _Distinct:
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    counts = np.bincount(codes, minlength=len(uniques)) if len(codes) else np.zeros(len(uniques), dtype=np.int64)
    return _Distinct([str(u) for u in uniques], counts, codes.astype(np.int64))


def convert(texts: list[str], counts: np.ndarray, comma: bool | None = None) -> tuple[np.ndarray, bool]:
    """The cell value of each distinct text of a column below its first line, as the sheet written
    for the CSV holds it, and whether the column uses a decimal comma (decided from all its cells,
    each as often as it occurs; ``comma``: decided already).

    The rule for one cell (:func:`cell_value` gives it for a single text): stripped; empty -> no
    value; more than 15 digits -> text; a number (:func:`cells.parse_number` in the column's
    convention) -> float; else, when it holds a digit, a date (:func:`cells.parse_date`) ->
    ``datetime.date``; else text. Here each distinct text is read once, and the plain numbers of
    the column in one vectorised step (:class:`cells.NumberTexts`)."""
    n = len(texts)
    out = np.empty(n, dtype=object)
    if not n:
        return out, False
    stripped = [t.strip() for t in texts]
    long_id = np.array([len(t) > 15 and t.isdigit() for t in stripped], dtype=bool)
    numbers = np.full(n, np.nan)
    if all(len(a) == len(b) for a, b in zip(texts, stripped)):
        # nothing to strip (the usual case): one reading of the texts for the vote and the numbers
        filled = np.flatnonzero(np.array([t != "" for t in texts], dtype=bool))
        read = cells.NumberTexts(np.asarray(texts, dtype=object)[filled], counts[filled])
        if comma is None:
            comma = read.decimal_comma()
        numbers[filled] = read.values(comma)
    else:
        if comma is None:  # the vote counts every cell written, as written
            filled = np.flatnonzero(np.array([t != "" for t in texts], dtype=bool))
            comma = cells.NumberTexts(np.asarray(texts, dtype=object)[filled], counts[filled]).decimal_comma()
        candidates = np.flatnonzero(np.array([t != "" for t in stripped], dtype=bool) & ~long_id)
        if len(candidates):
            numbers[candidates] = cells.NumberTexts(np.asarray(stripped, dtype=object)[candidates],
                                                     counts[candidates]).values(comma)
    for i in range(n):
        t = stripped[i]
        if not t:
            out[i] = None
        elif not np.isnan(numbers[i]) and not long_id[i]:
            out[i] = float(numbers[i])
        elif not long_id[i] and _DIGIT.search(t) and _DATE_SEPARATOR.search(t) and \
                (serial := parse_date(t)) is not None:
            out[i] = (EXCEL_EPOCH + dt.timedelta(days=serial)).date()
        else:
            out[i] = t
    return out, comma


def cell_value(text: str, decimal_comma: bool) -> Any:
    """One cell below the first line, by the rule of :func:`convert` (for the tests and one-off use)."""
    value = text.strip()
    if not value:
        return None
    if len(value) > 15 and value.isdigit():
        return value
    number = cells.parse_number(value, decimal_comma)
    if number is not None:
        return number
    serial = parse_date(value) if _DIGIT.search(value) else None
    if serial is not None:
        return (EXCEL_EPOCH + dt.timedelta(days=serial)).date()
    return value


def header_cell(text: str) -> str | None:
    if text and not text.strip():
        return " "  # a header of spaces: the export's own (empty-named) column
    return text.strip() or None


@dataclass
class CsvSheet:
    """A CSV file's cells, a column at a time, as the sheet written for its lines holds them.

    ``header``: the first line's cells (text or None); ``columns``: per column, its cells on the
    lines below, an array of float (a column of numbers without blanks) or of objects (float,
    ``datetime.date``, str, None). ``rows``: the number of lines, the first included.
    ``read_cache``: client tables read from it (:meth:`CsvBook.read_cache`)."""

    name: str
    path: Path
    header: list[str | None]
    columns: list[np.ndarray]
    rows: int
    decimal_comma: list[bool] = field(default_factory=list)
    read_cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def grid(self) -> ColumnGrid:
        """The cells as the rows of a sheet (the first line as its first row)."""
        return ColumnGrid(self.columns, self.rows, header=self.header)

    def cell(self, r: int, c: int) -> Any:
        return self.grid.cell(r, c)

    def row(self, r: int) -> list[Any]:
        return self.grid.row(r)


def read(path: Path) -> CsvSheet:
    """The CSV file's cells, a column at a time (see the module)."""
    data, sample = _utf8(_raw(path))
    delimiter = _delimiter(sample)
    arrow = _arrow_columns(data, delimiter)
    del data
    if arrow is not None:
        rows = len(arrow[0]) if arrow else 0
        parts = []
        while arrow:
            parts.append(_distinct_of_arrow(arrow.pop(0)))
        _release_arrow_memory()
    else:
        lines = read_rows(path)
        rows = len(lines)
        width = max((len(r) for r in lines), default=0)
        parts = []
        for j in range(width):
            col = [r[j] if j < len(r) else "" for r in lines]
            parts.append((col[0] if col else "", _distinct_of_list(col[1:])))
        del lines
    header, columns, commas = [], [], []
    for head, d in parts:
        values, comma = convert(d.texts, d.counts) if isinstance(d.texts, list) else convert_arrow(d.texts, d.counts)
        # a column of numbers without blanks as floats; any other as objects (a blank is None)
        if values.dtype == object and len(values) and all(type(v) is float for v in values):
            values = values.astype(float)
        header.append(header_cell(head))
        columns.append(values[d.codes] if len(d.codes) else np.empty(0, dtype=object))
        commas.append(comma)
    return CsvSheet(sheet_name(path), path, header, columns, rows, commas)


def _release_arrow_memory() -> None:
    """Gives the memory pyarrow's pool keeps back to the system (the parsed file is no longer needed)."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # pragma: no cover - an older pyarrow
        pass


class CsvBook(OneSheetBook):
    """A :class:`CsvSheet` read like a one-sheet workbook (what ``read_client_table`` asks of one)."""

    def __init__(self, sheet: CsvSheet) -> None:
        super().__init__(sheet.path, sheet.name)
        self.sheet = sheet

    def grid(self, sheet: str) -> ColumnGrid:
        return self.sheet.grid

    def formats(self, sheet: str, row: int) -> dict[int, str]:
        """A cell's format as the sheet written for the lines has it: a date ``yyyy-mm-dd``, a number
        its column's (:mod:`xlclientrank.reader.csvlayout`), text none."""
        s = self.sheet
        if not 0 <= row < s.rows:
            return {}
        numbers = s.read_cache.get(csvlayout.CACHE_KEY)
        if numbers is None:
            numbers = s.read_cache[csvlayout.CACHE_KEY] = csvlayout.number_formats(s.header, s.columns)
        out: dict[int, str] = {}
        for c in range(s.width):
            v, code = s.cell(row, c), numbers[c]
            if isinstance(v, dt.date):
                out[c] = DATE_FORMAT
            elif isinstance(v, float) and code is not None:
                out[c] = code
        return out

    def find_sheet(self, name: str) -> str | None:
        return self.sheet.name if name.casefold() == self.sheet.name.casefold() else None

    def read_cache(self, sheet: str) -> dict[Any, Any] | None:
        return self.sheet.read_cache if sheet == self.sheet.name else None

"""The cell formulas' logic, without Excel: the same definitions as the engine and the Ranking sheet.

:mod:`xlclientrank.udfs` exposes these to Excel through xlwings; everything here takes and returns
plain Python values (lists of rows as xlwings passes ranges), so it is tested directly.

How a cell is read is defined once, by the reader (:func:`xlclientrank.reader.cells.clean` for a
value, :func:`xlclientrank.reader.read_client_table` for a table): numbers typed as text
(``'1,000``, ``$1,234.50``, ``1.234,50 €``, ``(1,200)``, ``12%``), dates, TRUE/FALSE are read here
exactly as the Ranking sheet reads them, and a client's blank value counts as 0 in the 80/20
figures, as there (:func:`xlclientrank.engine.pareto`).
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence, Union

import numpy as np

from xlclientrank import engine, headers
from xlclientrank.errors import ClientRankError, FormulaError
from xlclientrank.reader import ClientTable, GridBook, cells, locate, read_client_table
from xlclientrank.reader.totals import is_totals_row
from xlclientrank.stored import settings as settings_mod
from xlclientrank.stored.calibration import Calibration

CACHE_SIZE = 8
# the last tables read and ranked, so that many row formulas over one table read and rank it once
ranked_tables: OrderedDict[Any, "Ranked"] = OrderedDict()  # (table, calibration) -> its ranking
read_tables: OrderedDict[Any, Any] = OrderedDict()         # table -> ClientTable, or the error reading it

NOT_A_CLIENT_ROW = "this row is not a client row of the table (blank name or totals row?)"
# a calibration, or a function that gives one when asked (reading it costs Excel calls: only when needed)
CalibrationArg = Union[Calibration, Callable[[], Union[Calibration, None]], None]


def _calibration(c: CalibrationArg) -> Calibration | None:
    return c() if callable(c) else c


# ---------------------------------------------------------------- reading values

def numbers(values: Any, what: str = "values") -> np.ndarray:
    """The values of a range of one client per cell (a column such as B2:B200, or a row), read as the
    Ranking sheet reads its 80/20 column.

    * Every cell is read by the reader's :func:`~xlclientrank.reader.cells.clean`, the range taken as
      one column (so its decimal convention is decided from all its cells, as for a sheet column):
      numbers, numbers typed as text, currency, percentages, ``(1,200)``, decimal commas, dates (as
      serial days), TRUE/FALSE (1/0).
    * The clients run from the first to the last cell that holds a number; cells before it (a
      header) and after it (empty rows below the list) are not clients. In between, a blank cell or
      a text that is not a number is a client without a value: NaN here, which the engine counts
      as 0 (:func:`engine.pareto`, :func:`engine.top_share`; left out of the importance ratio).
    * An Excel error among the values raises :class:`FormulaError` with the error's text.
    """
    flat = _flatten(values)
    cleaned = cells.clean(flat)
    if cleaned.errors:
        text = cleaned.errors[0][1]
        raise FormulaError(f"{text} in {what}", "#N/A" if text == "#N/A" else "#VALUE!")
    if cleaned.kind == "text":  # mostly words: the reader would not take it for a column of numbers
        for v in flat:
            if isinstance(v, str) and cells.ERROR_TEXT.match(v.strip()):
                raise FormulaError(f"{v.strip()} in {what}", "#N/A" if v.strip() == "#N/A" else "#VALUE!")
        raise FormulaError(f"no numbers in {what}")
    v = cleaned.values
    present = np.flatnonzero(~np.isnan(v))
    if not len(present):
        raise FormulaError(f"no numbers in {what}")
    return v[present[0]:present[-1] + 1]


def _flatten(values: Any) -> list[Any]:
    if isinstance(values, (list, tuple)) and values and all(isinstance(r, (list, tuple)) for r in values[:1]) \
            and all(not isinstance(c, (list, tuple)) for c in values[0]):
        return list(itertools.chain.from_iterable(values))  # a 2-D range, as xlwings passes it
    if isinstance(values, (list, tuple)):
        out = []
        for v in values:
            out.extend(_flatten(v))
        return out
    return [values]


def fraction(x: Any, what: str, default: float) -> float:
    if x is None:
        return default
    try:
        x = float(x)
    except (TypeError, ValueError):
        raise FormulaError(f"{what} must be a number such as 0.8") from None
    if x > 1:
        x /= 100
    if not 0 < x <= 1:
        raise FormulaError(f"{what} must be between 0 and 100 %")
    return x


# ---------------------------------------------------------------- PARETO_* and IMPORTANCE_RATIO

def pareto_values(values: Any, calibration: CalibrationArg = None) -> np.ndarray:
    """The 80/20 values of the argument of PARETO_* and IMPORTANCE_RATIO, one per client.

    ``values`` is either the 80/20 column (see :func:`numbers`), or the whole client table with its
    header row (``A1:K200``): then it is read exactly as Re-rank reads it (rows without a client
    name, blank rows and totals rows left out, order lines added up per client) and its 80/20 column
    is the calibration's (the owner's setting) or else the default one for its headers. A range of
    two or more columns that is not a client table is read as values.
    """
    t = _table_of(values) if _may_be_table(values) else None
    if t is None:
        return numbers(values)
    config = _config(t, _calibration(calibration))
    if config.pareto_column is None:
        raise FormulaError("the table has no column for the 80/20 figures (revenue, sales, ...)")
    return t.frame[config.pareto_column].to_numpy(dtype=float)


def _no_total() -> FormulaError:
    return FormulaError("the values add up to 0 or less")


def pareto_count(values: Any, share: Any = None, calibration: CalibrationArg = None) -> int:
    """How many top clients bring ``share`` (default 80 %) of the total: :func:`engine.pareto`'s count."""
    p = engine.pareto(pareto_values(values, calibration), fraction(share, "share", engine.DEFAULT_TARGET))
    if not p.count:
        raise _no_total()
    return p.count


def pareto_cutoff(values: Any, share: Any = None, calibration: CalibrationArg = None) -> float:
    """The value of the last client in that group: :func:`engine.pareto`'s cut-off."""
    p = engine.pareto(pareto_values(values, calibration), fraction(share, "share", engine.DEFAULT_TARGET))
    if not p.count:
        raise _no_total()
    assert p.cutoff is not None  # a group of one client or more has its last client's value
    return p.cutoff


def pareto_share(values: Any, top: Any = None, calibration: CalibrationArg = None) -> float:
    """Share of the total held by the top ``round(top × n)`` clients (default 20 %): :func:`engine.top_share`."""
    s = engine.top_share(pareto_values(values, calibration), fraction(top, "top", engine.DEFAULT_TOP))
    if s is None:
        raise _no_total()
    return s


def importance_ratio(values: Any, calibration: CalibrationArg = None) -> float:
    """The largest value over the smallest positive one: :func:`engine.importance_ratio`."""
    r = engine.importance_ratio(pareto_values(values, calibration))
    if r is None:
        raise FormulaError("no value above 0")
    return r


# ---------------------------------------------------------------- the whole table

def _may_be_table(values: Any) -> bool:
    """A range of at least two rows and two columns with a row of two text cells near its top."""
    if not (isinstance(values, (list, tuple)) and len(values) >= 2 and isinstance(values[0], (list, tuple))
            and len(values[0]) >= 2):
        return False
    return any(sum(isinstance(c, str) for c in r) >= 2 for r in values[:locate.HEADER_SEARCH_ROWS])


def _key(table: Sequence[Sequence[Any]]) -> tuple:
    return tuple(tuple(r) for r in table)


class RangeBook(GridBook):
    """A range's cell values read like a one-sheet workbook, as :class:`GridBook`, and also its
    merged header cells, which a range's values do not carry: Excel passes a merged cell's value
    in its first cell and blanks in the rest. A header row with a text over blanks, labels (text
    or years) under all of them, and nothing under the client column's header (merged over both
    rows too) is taken for the two-row header the reader joins ("Revenue" over 2025 and 2026)."""

    def merged(self, sheet: str) -> list:
        grid = self.grid(sheet)
        for h in range(min(locate.HEADER_SEARCH_ROWS, len(grid) - 1)):
            top, below = grid[h], grid[h + 1]
            names = [c for c, v in enumerate(top) if isinstance(v, str) and headers.is_client_header(v)]
            if not names or any(c < len(below) and below[c] is not None for c in names):
                continue
            spans = []
            for c, v in enumerate(top):
                if not (isinstance(v, str) and v.strip()) or not _label(below, c):
                    continue
                end = c
                while end + 1 < len(top) and top[end + 1] is None and _label(below, end + 1):
                    end += 1
                if end > c:
                    spans.append(((h, c), (h, end)))
            if spans:
                return spans
        return []


def _label(row: Sequence[Any], c: int) -> bool:
    v = row[c] if c < len(row) else None
    if isinstance(v, str):
        return bool(v.strip())
    return isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and 1900 <= v <= 2100


def _read_table(table: Sequence[Sequence[Any]], key: tuple) -> ClientTable | ClientRankError:
    """The client table the reader finds in these cell values, or the reader's error (cached)."""
    if key in read_tables:
        read_tables.move_to_end(key)
        return read_tables[key]
    found: ClientTable | ClientRankError
    try:
        found = read_client_table(RangeBook([list(r) for r in table]))
    except ClientRankError as exc:
        found = exc
    read_tables[key] = found
    if len(read_tables) > CACHE_SIZE:
        read_tables.popitem(last=False)
    return found


def _table_of(table: Sequence[Sequence[Any]]) -> ClientTable | None:
    found = _read_table(table, _key(table))
    return None if isinstance(found, Exception) else found


def _config(t: ClientTable, calibration: Calibration | None) -> engine.RankConfig:
    """The owner's settings when the calibration fits the table, else the defaults for its headers."""
    if calibration is not None and set(f.column for f in calibration.factors) <= set(t.frame.columns):
        return engine.RankConfig(tuple(calibration.factors), calibration.tiers, calibration.scale,
                                 calibration.missing, calibration.pareto_column)
    s, _ = settings_mod.infer(t.sheet, t.columns, t.client_column)
    return s.config()


@dataclass
class Ranked:
    """A table ranked for the formulas: the ranking, and for each client row (its cell values) the
    client's position in the ranking; ``score``/``rank``/``tier`` per position, as plain lists."""

    ranking: engine.Ranking
    by_row: dict[tuple, int]
    score: list[float]
    rank: list[int]
    tier: list[str]


def rank_table(table: Sequence[Sequence[Any]], calibration: Calibration | None = None) -> Ranked:
    """Ranks a client table given with its header row, read as Re-rank reads it; settings from the
    calibration when there is one (the owner's weights), else the defaults for its headers. Cached:
    recalculating many row formulas over the same table ranks it once."""
    if not isinstance(table, (list, tuple)) or len(table) < 2 or not isinstance(table[0], (list, tuple)):
        raise FormulaError("table must be the client table with its header row, e.g. A1:K200")
    key = _key(table)
    ckey = (key, id(calibration))
    if ckey in ranked_tables:
        ranked_tables.move_to_end(ckey)
        return ranked_tables[ckey]
    t = _read_table(table, key)
    if isinstance(t, Exception):
        raise FormulaError(str(t).split(": ", 1)[-1][:120]) from t
    try:
        ranking = engine.rank(t.frame, _config(t, calibration), t.client_column)
    except ClientRankError as exc:
        raise FormulaError(str(exc).split(": ", 1)[-1][:120]) from exc
    by_row: dict[tuple, int] = {}
    if t.excel_rows is not None:  # None for order lines: no row is one client
        row_of_client = dict(zip(ranking.table["row"], range(len(ranking.table))))
        for client_i, excel_row in enumerate(t.excel_rows):
            if 1 <= int(excel_row) <= len(table):  # the grid's first row is row 1
                by_row[tuple(table[int(excel_row) - 1])] = row_of_client[client_i]
    rt = ranking.table
    ranked = Ranked(ranking, by_row, rt["Score"].astype(float).tolist(), rt["Rank"].astype(int).tolist(),
                    rt["Tier"].astype(str).tolist())
    ranked_tables[ckey] = ranked
    if len(ranked_tables) > CACHE_SIZE:
        ranked_tables.popitem(last=False)
    return ranked


def _rows(row: Any) -> Sequence[Sequence[Any]]:
    """The rows of a row argument: a 2-D range as xlwings passes it (one or many rows), or one flat row."""
    if isinstance(row, (list, tuple)) and row and isinstance(row[0], (list, tuple)):
        return row
    return [_flatten(row)]


def client(row: Any, table: Sequence[Sequence[Any]] | None, calibration: CalibrationArg, what: str) -> Any:
    """Score, rank or tier (``what``) of the client row(s) of ``row``.

    One row gives one value; a range of many rows gives one value per row, as a column (a list of
    one-item rows), with a row that is not a client row (a blank name or a totals row, as the reader
    skips them) showing its ``#N/A`` text in its own cell. With ``table``, the rows are looked up in
    the ranking of that table; without, each is scored against the calibration (see
    :class:`xlclientrank.stored.calibration.Calibration`).
    """
    rows = _rows(row)
    if table is not None:
        ranked = rank_table(table, _calibration(calibration))
        col = getattr(ranked, what)
        by_row = ranked.by_row

        def one(r: Sequence[Any]) -> Any:
            i = by_row.get(tuple(r))
            if i is None:
                raise FormulaError(NOT_A_CLIENT_ROW, "#N/A")
            return col[i]
    else:
        cal = _calibration(calibration)
        if cal is None:
            raise FormulaError("no ranking yet: click Re-rank once, or give the whole table as 2nd argument", "#N/A")

        def one(r: Sequence[Any]) -> Any:
            name, values = cal.row_values(r)
            if not name or is_totals_row(name):
                raise FormulaError(NOT_A_CLIENT_ROW, "#N/A")
            score = cal.score(values)
            if what == "score":
                return score
            rank, tier = cal.place(name, score)
            return rank if what == "rank" else tier
    if len(rows) == 1:
        return one(rows[0])
    out = []
    for r in rows:
        try:
            out.append([one(r)])
        except FormulaError as exc:
            out.append([exc.cell_text])
    return out


def ranking_array(table: Sequence[Sequence[Any]], calibration: CalibrationArg = None) -> list[list[Any]]:
    """The whole ranking as rows: Rank, Client, Score, Tier, then the weighted factors' values."""
    ranking = rank_table(table, _calibration(calibration)).ranking
    t = ranking.table
    cols = ["Rank", "Client", "Score", "Tier"] + [f.column for f in ranking.config.weighted]
    out: list[list[Any]] = [cols]
    for rec in t[cols].itertuples(index=False):
        out.append([None if isinstance(v, float) and math.isnan(v) else v for v in rec])
    return out

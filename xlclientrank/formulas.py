"""The cell formulas' logic, without Excel: the same definitions as the engine and the Ranking sheet.

:mod:`xlclientrank.udfs` exposes these to Excel through xlwings; everything here takes and returns
plain Python values (tuples of rows as xlwings passes ranges), so it is tested directly.
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank import engine, settings as settings_mod
from xlclientrank.calibration import Calibration
from xlclientrank.errors import ClientRankError
from xlclientrank.reader import GridBook, cells, read_client_table

CACHE_SIZE = 8
_tables: OrderedDict[Any, tuple[engine.Ranking, dict[tuple, int]]] = OrderedDict()


class FormulaError(Exception):
    """A problem with a formula's arguments; shown in the cell as ``#VALUE! reason``."""

    def __init__(self, reason: str, code: str = "#VALUE!") -> None:
        super().__init__(reason)
        self.cell_text = f"{code} {reason}"


def numbers(values: Any, what: str = "values") -> np.ndarray:
    """The numbers of a range (any shape); blanks and text are left out, Excel errors refused."""
    flat = _flatten(values)
    if pd.api.types.infer_dtype(flat, skipna=True) in ("floating", "integer", "mixed-integer-float"):
        arr = np.asarray(flat, dtype=float)  # the common case, a column of numbers and blanks
        arr = arr[np.isfinite(arr)]
        if len(arr):
            return arr
    out = []
    for v in flat:
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, (int, float)):
            if math.isfinite(v):
                out.append(float(v))
            continue
        text = str(v).strip()
        if cells.ERROR_TEXT.match(text):
            raise FormulaError(f"{text} in {what}", "#N/A" if text == "#N/A" else "#VALUE!")
    if not out:
        raise FormulaError(f"no numbers in {what}")
    return np.asarray(out)


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

def pareto_count(values: Any, share: Any = None) -> int:
    p = engine.pareto(numbers(values), fraction(share, "share", engine.DEFAULT_TARGET))
    if not p.count:
        raise FormulaError("the values add up to 0 or less")
    return p.count


def pareto_cutoff(values: Any, share: Any = None) -> float:
    p = engine.pareto(numbers(values), fraction(share, "share", engine.DEFAULT_TARGET))
    if not p.count:
        raise FormulaError("the values add up to 0 or less")
    return p.cutoff


def pareto_share(values: Any, top: Any = None) -> float:
    s = engine.top_share(numbers(values), fraction(top, "top", engine.DEFAULT_TOP))
    if s is None:
        raise FormulaError("the values add up to 0 or less")
    return s


def importance_ratio(values: Any) -> float:
    r = engine.importance_ratio(numbers(values))
    if r is None:
        raise FormulaError("no value above 0")
    return r


# ---------------------------------------------------------------- the whole table

def rank_table(table: Sequence[Sequence[Any]], calibration: Calibration | None = None
               ) -> tuple[engine.Ranking, dict[tuple, int]]:
    """Ranks a client table given with its header row; settings from the calibration when there is
    one (the owner's weights), else the defaults for its headers. Cached: recalculating many row
    formulas over the same table ranks it once."""
    if not isinstance(table, (list, tuple)) or len(table) < 2 or not isinstance(table[0], (list, tuple)):
        raise FormulaError("table must be the client table with its header row, e.g. A1:K200")
    key = (tuple(tuple(r) for r in table), id(calibration))
    if key in _tables:
        _tables.move_to_end(key)
        return _tables[key]
    grid = [list(r) for r in table]
    try:
        t = read_client_table(GridBook(grid))
        if calibration is not None and set(f.column for f in calibration.factors) <= set(t.frame.columns):
            config = engine.RankConfig(tuple(calibration.factors), calibration.tiers, calibration.scale,
                                       calibration.missing, calibration.pareto_column)
        else:
            s, _ = settings_mod.infer(t.sheet, t.columns, t.client_column)
            config = s.config()
        ranking = engine.rank(t.frame, config, t.client_column)
    except ClientRankError as exc:
        raise FormulaError(str(exc).split(": ", 1)[-1][:120]) from exc
    source_rows = t.excel_rows if t.excel_rows is not None else np.arange(len(t.frame)) + 2
    by_row = {}
    row_of_client = dict(zip(ranking.table["row"], range(len(ranking.table))))
    for client_i, excel_row in enumerate(source_rows):
        body_i = int(excel_row) - 2  # the grid's header is row 1
        if 0 <= body_i < len(table) - 1:
            by_row[tuple(table[1 + body_i])] = row_of_client[client_i]
    _tables[key] = (ranking, by_row)
    if len(_tables) > CACHE_SIZE:
        _tables.popitem(last=False)
    return ranking, by_row


def client(row: Sequence[Any], table: Sequence[Sequence[Any]] | None, calibration: Calibration | None,
           what: str) -> Any:
    """Score, rank or tier (``what``) of one client row."""
    if isinstance(row, (list, tuple)) and len(row) == 1 and isinstance(row[0], (list, tuple)):
        row = tuple(row[0])  # one row, as xlwings passes it with ndim=2
    else:
        row = tuple(_flatten(row))
    if table is not None:
        ranking, by_row = rank_table(table, calibration)
        i = by_row.get(row)
        if i is None:
            raise FormulaError("this row is not a client row of the table (blank name or totals row?)", "#N/A")
        r = ranking.table.iloc[i]
        return {"score": float(r["Score"]), "rank": int(r["Rank"]), "tier": str(r["Tier"])}[what]
    if calibration is None:
        raise FormulaError("no ranking yet: click Re-rank once, or give the whole table as 2nd argument", "#N/A")
    name, values = calibration.row_values(row)
    score = calibration.score(values)
    if what == "score":
        return score
    rank, tier = calibration.place(name, score)
    return rank if what == "rank" else tier


def ranking_array(table: Sequence[Sequence[Any]], calibration: Calibration | None = None) -> list[list[Any]]:
    """The whole ranking as rows: Rank, Client, Score, Tier, then the weighted factors' values."""
    ranking, _ = rank_table(table, calibration)
    t = ranking.table
    cols = ["Rank", "Client", "Score", "Tier"] + [f.column for f in ranking.config.weighted]
    out = [cols]
    for rec in t[cols].itertuples(index=False):
        out.append([None if isinstance(v, float) and math.isnan(v) else v for v in rec])
    return out

"""Cell formulas for Excel (Windows), through xlwings' open-source UDFs.

``=CLIENT_TIER(A2:K2)``, ``=CLIENT_SCORE(A2:K2)``, ``=CLIENT_RANK(A2:K2)``: one client's row of the
client table (starting at its first column). Without a second argument they use the calibration
the last Re-rank stored in the workbook (sheet ``ClientRank Calibration``), so they equal the
Ranking sheet; with the whole table as second argument (``=CLIENT_TIER(A2:K2, $A$1:$K$200)``) they
rank that table themselves. ``=PARETO_COUNT(B2:B200)``, ``=PARETO_CUTOFF``, ``=PARETO_SHARE``,
``=IMPORTANCE_RATIO`` and ``=CLIENT_RANKING(A1:K200)`` (a spilled array) complete the set.

A bad argument shows ``#VALUE! <reason>`` or ``#N/A <reason>`` in the cell, never a traceback.
This module is the only one that imports xlwings for the formulas; the logic is in
:mod:`xlclientrank.formulas`.
"""

from __future__ import annotations

import functools
import time
from typing import Any, Callable

import xlwings as xw

from xlclientrank import formulas, udfs_cache
from xlclientrank.calibration import SHEET as CALIBRATION_SHEET
from xlclientrank.calibration import Calibration, parse

CATEGORY = "Client Rank"
STAMP_SECONDS = 2.0  # how long a read calibration is trusted before its stamp is checked again
_calibrations = udfs_cache.calibrations
invalidate = udfs_cache.invalidate


def _calibration(caller: Any) -> Calibration | None:
    """The calibration of the calling cell's workbook, read once and kept while its stamp holds."""
    if caller is None:
        return None
    try:
        book = caller.sheet.book
        key = book.fullname
        now = time.monotonic()
        cached = _calibrations.get(key)
        if cached and now - cached[0] < STAMP_SECONDS:
            return cached[2]
        sheet = next((s for s in book.sheets if s.name == CALIBRATION_SHEET), None)
        if sheet is None:
            _calibrations[key] = (now, None, None)
            return None
        stamp = sheet.range("A1").value
        if cached and cached[1] == stamp:
            _calibrations[key] = (now, stamp, cached[2])
            return cached[2]
        cal = parse(sheet.used_range.options(ndim=2).value)
        _calibrations[key] = (now, stamp, cal)
        return cal
    except Exception:  # no calibration to be had: the formulas then need the table argument
        return None


def _cell_errors(f: Callable) -> Callable:
    """Turns a FormulaError into its cell text; any other failure into a short #VALUE! text."""
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except formulas.FormulaError as exc:
            return exc.cell_text
        except Exception as exc:  # a bug must not show a traceback in the owner's cell
            return f"#VALUE! {type(exc).__name__}: {str(exc)[:80]}"
    return wrapper


ROW_DOC = "One client's row of your client table, from its first column, e.g. A2:K2."
TABLE_DOC = "Optional: the whole client table with its header row, e.g. $A$1:$K$200 (default: the last Re-rank)."


@xw.func(category=CATEGORY)
@xw.arg("row", ndim=2, doc=ROW_DOC)
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@_cell_errors
def CLIENT_TIER(row, table=None, caller=None):
    """The client's tier (Ideal, Core, Poor), as on the Ranking sheet."""
    return formulas.client(row, table, _calibration(caller), "tier")


@xw.func(category=CATEGORY)
@xw.arg("row", ndim=2, doc=ROW_DOC)
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@_cell_errors
def CLIENT_SCORE(row, table=None, caller=None):
    """The client's score from 0 to 100, as on the Ranking sheet."""
    return formulas.client(row, table, _calibration(caller), "score")


@xw.func(category=CATEGORY)
@xw.arg("row", ndim=2, doc=ROW_DOC)
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@_cell_errors
def CLIENT_RANK(row, table=None, caller=None):
    """The client's rank (1 = best), as on the Ranking sheet."""
    return formulas.client(row, table, _calibration(caller), "rank")


VALUES_DOC = "The values, one per client, e.g. the revenue column B2:B200."


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc=VALUES_DOC)
@xw.arg("share", doc="Optional: the share of the total to reach (default 0.8, that is 80 %).")
@_cell_errors
def PARETO_COUNT(values, share=None):
    """How many of your top clients together bring 80 % (or share) of the total."""
    return formulas.pareto_count(values, share)


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc=VALUES_DOC)
@xw.arg("share", doc="Optional: the share of the total to reach (default 0.8, that is 80 %).")
@_cell_errors
def PARETO_CUTOFF(values, share=None):
    """The value of the last client in the 80 % (or share) group: the cut-off."""
    return formulas.pareto_cutoff(values, share)


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc=VALUES_DOC)
@xw.arg("top", doc="Optional: the top share of clients (default 0.2, that is 20 %).")
@_cell_errors
def PARETO_SHARE(values, top=None):
    """The share of the total held by your top 20 % (or top) clients."""
    return formulas.pareto_share(values, top)


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, doc=VALUES_DOC)
@_cell_errors
def IMPORTANCE_RATIO(values):
    """Your largest value divided by your smallest positive one ("worth 296 times")."""
    return formulas.importance_ratio(values)


@xw.func(category=CATEGORY)
@xw.arg("table", ndim=2, doc="The whole client table with its header row, e.g. A1:K200.")
@xw.ret(expand="table")
@_cell_errors
def CLIENT_RANKING(table, caller=None):
    """The whole ranking as one spilled table: Rank, Client, Score, Tier and the factors."""
    return formulas.ranking_array(table, _calibration(caller))

"""Cell formulas for Excel (Windows), through xlwings' open-source UDFs.

``=CLIENT_TIER(A2:K2)``, ``=CLIENT_SCORE(A2:K2)``, ``=CLIENT_RANK(A2:K2)``: one client's row of the
client table (starting at its first column), or many rows (``=CLIENT_TIER(A2:K10001)``) for one
result per row in one call, as a column that spills. Without a second argument they use the
calibration the last Re-rank stored in the workbook (sheet ``ClientRank Calibration``), so they
equal the Ranking sheet; with the whole table as second argument (``=CLIENT_TIER(A2:K2, $A$1:$K$200)``)
they rank that table themselves. ``=PARETO_COUNT(B2:B200)``, ``=PARETO_CUTOFF``, ``=PARETO_SHARE``,
``=IMPORTANCE_RATIO`` (on the 80/20 column, or on the whole table) and ``=CLIENT_RANKING(A1:K200)``
(a natively spilled array) complete the set. Cells are read as Re-rank reads them
(:mod:`xlclientrank.formulas.functions`).

A bad argument shows ``#VALUE! <reason>`` or ``#N/A <reason>`` in the cell, never a traceback.
This module is the only one that imports xlwings for the formulas; the logic is in
:mod:`xlclientrank.formulas.functions`.
"""

from __future__ import annotations

import functools
import time
from typing import Any, Callable

import xlwings as xw

from xlclientrank.errors import FormulaError
from xlclientrank.formulas import cache, functions
from xlclientrank.formulas.cache import invalidate  # noqa: F401 - as the tests call it
from xlclientrank.names import CALIBRATION_SHEET
from xlclientrank.stored.calibration import Calibration, parse

CATEGORY = "Client Rank"
STAMP_SECONDS = 2.0  # how long a read calibration is trusted before its stamp is checked again


def book_key(book: Any) -> str:
    """The key under which a workbook's calibration is kept: its COM object's ``FullName`` (the path,
    or the https address of a workbook in OneDrive or SharePoint), else its name (unique among the
    workbooks open in one Excel). Never xlwings' ``Book.fullname``: for a OneDrive/SharePoint
    workbook that reads xlwings' config sheet and searches the disk for the synced copy, on every
    call, and raises when it finds none. One Excel call (two if the first fails); never raises."""
    try:
        key = book.api.FullName
        if isinstance(key, str) and key:
            return key
    except Exception:  # not Excel on Windows, or a stand-in: the name will do
        pass
    try:
        return str(book.name)
    except Exception:
        return ""


def _calibration(caller: Any) -> Calibration | None:
    """The calibration of the calling cell's workbook, read once and kept while its stamp holds
    (the stamp is looked at again after STAMP_SECONDS, so one recalculation of many formulas reads
    it at most once)."""
    if caller is None:
        return None
    try:
        book = caller.sheet.book
        key = book_key(book)
        now = time.monotonic()
        cached = cache.calibrations.get(key)
        if cached and now - cached[0] < STAMP_SECONDS:
            return cached[2]
        sheet = next((s for s in book.sheets if s.name == CALIBRATION_SHEET), None)
        if sheet is None:
            cache.calibrations[key] = (now, None, None)
            return None
        stamp = sheet.range("A1").value
        if cached and cached[1] == stamp:
            cache.calibrations[key] = (now, stamp, cached[2])
            return cached[2]
        cal = parse(sheet.used_range.options(ndim=2).value)
        cache.calibrations[key] = (now, stamp, cal)
        return cal
    except Exception:  # no calibration to be had: the formulas then need the table argument
        return None


def _cell_errors(f: Callable) -> Callable:
    """Turns a FormulaError into its cell text; any other failure into a short #VALUE! text."""
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except FormulaError as exc:
            return exc.cell_text
        except Exception as exc:  # a bug must not show a traceback in the owner's cell
            return f"#VALUE! {type(exc).__name__}: {str(exc)[:80]}"
    return wrapper


ROW_DOC = ("One client's row of your client table, from its first column, e.g. A2:K2; or many rows, "
           "e.g. A2:K10001, for one result per row.")
TABLE_DOC = "Optional: the whole client table with its header row, e.g. $A$1:$K$200 (default: the last Re-rank)."


@xw.func(category=CATEGORY)
@xw.arg("row", ndim=2, doc=ROW_DOC)
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@_cell_errors
def CLIENT_TIER(row, table=None, caller=None):
    """The client's tier (Ideal, Core, Poor), as on the Ranking sheet; one per row for many rows."""
    return functions.client(row, table, _calibration(caller), "tier")


@xw.func(category=CATEGORY)
@xw.arg("row", ndim=2, doc=ROW_DOC)
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@_cell_errors
def CLIENT_SCORE(row, table=None, caller=None):
    """The client's score from 0 to 100, as on the Ranking sheet; one per row for many rows."""
    return functions.client(row, table, _calibration(caller), "score")


@xw.func(category=CATEGORY)
@xw.arg("row", ndim=2, doc=ROW_DOC)
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@_cell_errors
def CLIENT_RANK(row, table=None, caller=None):
    """The client's rank (1 = best), as on the Ranking sheet; one per row for many rows."""
    return functions.client(row, table, _calibration(caller), "rank")


# err_to_str: an error cell reaches Python as its text (#N/A), not as a blank, so that it is reported
VALUES_DOC = ("The values, one per client, e.g. the revenue column B2:B200; or the whole client table "
              "with its header row, e.g. A1:K200.")


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc=VALUES_DOC)
@xw.arg("share", doc="Optional: the share of the total to reach (default 0.8, that is 80 %).")
@_cell_errors
def PARETO_COUNT(values, share=None, caller=None):
    """How many of your top clients together bring 80 % (or share) of the total."""
    return functions.pareto_count(values, share, lambda: _calibration(caller))


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc=VALUES_DOC)
@xw.arg("share", doc="Optional: the share of the total to reach (default 0.8, that is 80 %).")
@_cell_errors
def PARETO_CUTOFF(values, share=None, caller=None):
    """The value of the last client in the 80 % (or share) group: the cut-off."""
    return functions.pareto_cutoff(values, share, lambda: _calibration(caller))


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc=VALUES_DOC)
@xw.arg("top", doc="Optional: the top share of clients (default 0.2, that is 20 %).")
@_cell_errors
def PARETO_SHARE(values, top=None, caller=None):
    """The share of the total held by your top 20 % (or top) clients."""
    return functions.pareto_share(values, top, lambda: _calibration(caller))


@xw.func(category=CATEGORY)
@xw.arg("values", ndim=2, err_to_str=True, doc=VALUES_DOC)
@_cell_errors
def IMPORTANCE_RATIO(values, caller=None):
    """Your largest value divided by your smallest positive one ("worth 296 times")."""
    return functions.importance_ratio(values, lambda: _calibration(caller))


# No @xw.ret(expand=...): xlwings turns that into a legacy array formula that it resizes itself
# (xlwings/udfs.py, delayed_resize_dynamic_array_formula), overwriting the cells around it without
# a warning. A plain list of rows spills natively in Excel 365/2021 (#SPILL! when blocked).
@xw.func(category=CATEGORY)
@xw.arg("table", ndim=2, doc="The whole client table with its header row, e.g. A1:K200.")
@_cell_errors
def CLIENT_RANKING(table, caller=None):
    """The whole ranking as one spilled table: Rank, Client, Score, Tier and the factors."""
    return functions.ranking_array(table, _calibration(caller))

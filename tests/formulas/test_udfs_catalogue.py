"""The cell formulas on every case of the reader's catalogue (tests/bad_inputs/) that ranks: each formula,
called through xlwings' own conversion with the cells as Excel passes them, gives what Re-rank
wrote (the JSON summary and the Ranking sheet).

The cells are read from the source sheet with openpyxl (data_only) and handed over as xlwings'
Windows engine hands them to Python: numbers as floats, text as str, blanks as None, dates as
datetimes and error cells as Excel's COM error codes (which xlwings turns into their text where a
formula asks for it, else into blanks). Where the table is comes from the reader's own locator.

Checked for every case:

* PARETO_COUNT/CUTOFF/SHARE and IMPORTANCE_RATIO given the whole table (header included) equal the
  summary, order lines included (the table is read and added up per client as Re-rank does);
* the same on the 80/20 column's cells of the client rows; and on the column's cells of all the
  table's rows where those are all client rows (a totals row, a blank row or a row without a
  name cannot be told from a client by its value alone: that is what the table form is for);
* CLIENT_TIER/SCORE/RANK on each client row, with the table argument and against the calibration
  Re-rank stored, equal the Ranking sheet, one row a call and all the table's rows in one call
  (rows that are not client rows give their #N/A text). Order lines (one row per sale) are not
  checked row by row: no row is a client; their ids say so.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import warnings
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.doubles.xlwings_harness import CELL_ERRORS, call, call_with_caller, load_udf_module
from tests.helpers import BAD_INPUTS, ranking_rows

DATA = BAD_INPUTS
_spec = importlib.util.spec_from_file_location("catalogue_expected", DATA / "expected.py")
_expected = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_expected)
RANKED = sorted(n for n, c in _expected.CASES.items() if c["status"] == "ok")
ORDER_LINES = {"23_order_lines.xlsx", "24_order_lines_with_refunds.xlsx", "25_order_lines_ids_in_table.xlsx"}
COM_ERROR = {text: code for code, text in CELL_ERRORS.items()}


def case_id(name: str) -> str:
    return f"{name}-order-lines-not-row-by-row" if name in ORDER_LINES else name


@pytest.fixture(scope="module")
def mod():
    return load_udf_module("xlclientrank.udfs")


def as_excel_passes(v):
    """One cell as xlwings' Windows engine hands it over before conversion."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    if isinstance(v, str) and v in COM_ERROR:
        return COM_ERROR[v]
    return v


def one(result):
    return result[0][0] if isinstance(result, list) and len(result) == 1 and len(result[0]) == 1 else result


class Caller:
    """The calling cell as udfs._calibration reaches it: caller.sheet.book, whose sheets hold the
    calibration Re-rank wrote (its values read with calamine, blanks as None)."""

    def __init__(self, path: Path):
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("ClientRank Calibration").to_python()
        values = [[None if c == "" else c for c in r] for r in rows]

        class Sheet:
            name = "ClientRank Calibration"

            def range(self, address):
                return type("R", (), {"value": values[0][0]})()

            used_range = type("U", (), {"options": lambda self, **kw: type("V", (), {"value": values})()})()

        book = type("Book", (), {"name": path.name, "sheets": [Sheet()]})()
        self.sheet = type("S", (), {"book": book})()



@pytest.mark.parametrize("name", RANKED, ids=[case_id(n) for n in RANKED])
def test_formulas_on_the_catalogue_equal_rerank(name, mod, tmp_path):
    from xlclientrank.formulas import cache as udfs_cache
    from xlclientrank.jobs.rerank import rerank
    from xlclientrank.reader import Workbook, locate

    src = tmp_path / name
    shutil.copyfile(DATA / name, src)
    out = tmp_path / ("ranked" + (".xlsm" if src.suffix == ".xlsm" else ".xlsx"))
    result = rerank(src, out)
    summary, table = result.summary, result.table
    source = out if src.suffix == ".csv" else src  # a .csv is ranked as the workbook written from it

    wb = Workbook(source)
    region = locate.find(wb.grid(table.sheet), wb.tables(table.sheet), wb.merged(table.sheet))
    c0 = min(c for c, _ in region.columns)
    c1 = max(c for c, _ in region.columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ws = load_workbook(source, data_only=True)[table.sheet]
        sheet = [[as_excel_passes(v) for v in r] for r in ws.iter_rows(values_only=True)]
    width = max(len(r) for r in sheet)
    sheet = [r + [None] * (width - len(r)) for r in sheet]
    cells = tuple(tuple(r[c0:c1 + 1]) for r in sheet[region.header_first:region.data_last + 1])
    body_first = region.data_first - region.header_first  # index in cells of the first data row
    mod.invalidate()

    # ---- PARETO_* and IMPORTANCE_RATIO
    par = summary["pareto"]
    col = dict((n, c) for c, n in region.columns).get(par["column"])
    want = {"PARETO_COUNT": par["count"] or None, "PARETO_CUTOFF": par["cutoff"],
            "PARETO_SHARE": summary["top20_share"], "IMPORTANCE_RATIO": summary["importance_ratio"]}

    def check_pareto(values, what):
        for f, expected in want.items():
            got = one(call(mod, f, values))
            if expected is None:  # no 80/20 split: the formula says why
                assert isinstance(got, str) and got.startswith("#VALUE!"), (what, f, got)
            else:
                assert got == pytest.approx(expected, rel=1e-12), (what, f, got, expected)

    check_pareto(cells, "the whole table")
    if name not in ORDER_LINES:
        assert col is not None
        by_client = tuple((sheet[int(r) - 1][col],) for r in table.excel_rows)
        if any(isinstance(v[0], int) and not isinstance(v[0], bool) for v in by_client):
            # an error cell in the 80/20 column: counted as 0 on the sheet, named by the formula
            assert one(call(mod, "PARETO_COUNT", by_client)).startswith("#")
        else:
            check_pareto(by_client, "the 80/20 column's cells of the client rows")
        column = tuple((r[col - c0],) for r in cells[body_first:])
        if len(table.excel_rows) == len(column) and table.rows_are == "clients":
            check_pareto(column, "the 80/20 column's cells of every row of the table")
    if name in ORDER_LINES:
        return  # one row per sale: no row is a client, so there is nothing to check row by row

    # ---- CLIENT_TIER/SCORE/RANK, each client row against the Ranking sheet
    head, body = ranking_rows(out)
    want_at = {}  # sheet row of the client -> (rank, score, tier) as the Ranking sheet shows them
    for k, position in enumerate(result.ranking.table["row"]):
        r = body[k]
        want_at[int(table.excel_rows[position])] = (r[head.index("Rank")], r[head.index("Score")],
                                                   r[head.index("Tier")])
    caller = Caller(out)
    for excel_row, (rank, score, tier) in want_at.items():
        row = (cells[excel_row - 1 - region.header_first],)
        for form, extra in (("table", (cells,)), ("calibration", ())):
            got = {f: one(call_with_caller(mod, f, caller, row, *extra))
                   for f in ("CLIENT_TIER", "CLIENT_SCORE", "CLIENT_RANK")}
            assert got["CLIENT_TIER"] == tier, (form, excel_row, got)
            assert got["CLIENT_RANK"] == rank, (form, excel_row, got)
            assert got["CLIENT_SCORE"] == pytest.approx(score, abs=1e-9), (form, excel_row, got)

    # ---- all the table's rows in one call: one result per row, #N/A for rows that are not clients
    rows = cells[body_first:]
    for form, extra in (("table", (cells,)), ("calibration", ())):
        got = call_with_caller(mod, "CLIENT_TIER", caller, rows, *extra)
        assert len(got) == len(rows) and all(len(g) == 1 for g in got), form
        for i, (g,) in enumerate(got):
            excel_row = region.data_first + i + 1
            if excel_row in want_at:
                assert g == want_at[excel_row][2], (form, excel_row, g)
            else:  # a blank row, a row without a name, a totals row
                assert isinstance(g, str) and g.startswith("#N/A this row is not a client row"), (form, excel_row, g)
    udfs_cache.invalidate()

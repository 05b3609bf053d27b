"""Speed of the cell formulas (run by hand: python benchmarks/udfs.py).

Part 1, our own Python: the functions called as xlwings calls them after converting the arguments
(a row as ``[[...]]``, a column as ``[[v], [v], ...]``, a table as a list of rows). Targets:
CLIENT_TIER over 10,000 rows at most 20 µs a call on average (rows scored against the calibration
Re-rank stores); PARETO_* on 100,000 values within 50 ms; CLIENT_RANKING on 10,000 rows within 0.5 s.

Part 2, 10,000 rows in one call against 10,000 single-row calls, each call through xlwings' own
conversion of its arguments and result (xlwings.conversion.read/write, as call_udf does), with and
without the table argument. The reference, measured in the same run: a formula that does nothing,
declared with the same xlwings options and called the same way, so the Python floor of one call.
Excel's own cost of a call (VBA, COM into the Python server and back: far more than any of this)
cannot be measured here (no Excel); it comes on top of every single call and once for a range call.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import xlsxwriter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the repository, for tests.doubles

from tests.doubles.xlwings_harness import functions, load_udf_module  # noqa: E402


def workbook(path: Path, n: int) -> list[list]:
    rng = np.random.default_rng(n)
    head = ["Client", "Revenue 2026", "Gross profit", "Orders", "Client since", "Last order", "Hours spent",
            "Complaints", "Referrals", "Fit (1-5)"]
    rows = [head]
    for i in range(n):
        rev = round(float(rng.lognormal(8, 1.3)), 2)
        rows.append([f"Client {i:06d}", rev, round(rev * float(rng.uniform(-0.1, 0.6)), 2), int(rng.integers(1, 40)),
                     dt.datetime(2012, 1, 1) + dt.timedelta(days=int(rng.integers(0, 5000))),
                     dt.datetime(2025, 6, 1) + dt.timedelta(days=int(rng.integers(0, 500))),
                     round(float(rng.gamma(2, 20)), 1), int(rng.poisson(0.5)), int(rng.poisson(0.3)),
                     int(rng.integers(1, 6))])
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Clients")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if isinstance(v, dt.datetime):
                ws.write_datetime(i, j, v, date)
            else:
                ws.write(i, j, v)
    wb.close()
    return rows


class Caller:
    """The calling cell as the formulas see it: its workbook and the calibration sheet's values."""

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("ClientRank Calibration").to_python()
        values = [[None if c == "" else c for c in r] for r in rows]
        sheet = type("Sheet", (), {
            "name": "ClientRank Calibration",
            "range": lambda self, a: type("R", (), {"value": values[0][0]})(),
            "used_range": property(lambda self: type("U", (), {
                "options": lambda self, **kw: type("V", (), {"value": values})()})()),
        })()
        book = type("Book", (), {"fullname": str(path), "sheets": [sheet]})()
        self.sheet = type("S", (), {"book": book})()


def timed(f, repeat: int = 5) -> float:
    best = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        best.append(time.perf_counter() - t)
    return min(best)


def main() -> int:
    from xlclientrank.jobs.rerank import rerank

    mod = load_udf_module("xlclientrank.udfs")
    f = functions(mod)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clients.xlsx"
        rows = workbook(path, 10_000)
        rerank(path)
        caller = Caller(path)
        mod.invalidate()
        f["CLIENT_TIER"]([rows[1]], None, caller)  # reads the calibration once
        body = [[r] for r in rows[1:]]
        per_call = []
        for _ in range(5):
            t = time.perf_counter()
            for r in body:
                f["CLIENT_TIER"](r, None, caller)
            per_call.append((time.perf_counter() - t) / len(body) * 1e6)
        first_read = timed(lambda: (mod.invalidate(), f["CLIENT_TIER"](body[0], None, caller)), 3)
        values = [[float(v)] for v in np.random.default_rng(1).lognormal(8, 1.3, 100_000)]
        pareto = {name: timed(lambda name=name: f[name](values)) for name in
                  ("PARETO_COUNT", "PARETO_CUTOFF", "PARETO_SHARE", "IMPORTANCE_RATIO")}
        from xlclientrank.formulas import functions as formulas
        table = [list(r) for r in rows]

        def ranking_fresh():
            formulas.ranked_tables.clear()
            formulas.read_tables.clear()
            f["CLIENT_RANKING"](table)
        ranking = timed(ranking_fresh, 3)

        def pareto_table_fresh():
            formulas.read_tables.clear()
            f["PARETO_COUNT"](table)
        pareto_table = timed(pareto_table_fresh, 3)
        many = many_rows(mod, f, rows, caller)
    print(f"CLIENT_TIER, 10,000 rows against the calibration: best {min(per_call):.1f} µs, "
          f"median {statistics.median(per_call):.1f} µs a call (target <= 20 µs)")
    print(f"  reading the calibration once (10,000 clients): {first_read * 1000:.0f} ms")
    for name, secs in pareto.items():
        print(f"{name} on 100,000 values: {secs * 1000:.1f} ms (target <= 50 ms)")
    print(f"CLIENT_RANKING on 10,000 rows: {ranking:.3f} s (target <= 0.5 s)")
    print(f"PARETO_COUNT on the whole table of 10,000 rows (reading it included): {pareto_table * 1000:.0f} ms")
    print("\n10,000 rows, through xlwings' conversion (best of 3):")
    for label, secs in many.items():
        print(f"  {label}: {secs:.3f} s")
    one_call, single = many["CLIENT_TIER(A2:K10001), one call"], many["CLIENT_TIER(A2:K2) x 10,000 calls"]
    print(f"  single-row calls / one range call: {single / one_call:.1f}x")
    t_one, t_single = many["CLIENT_TIER(A2:K10001, table), one call"], many[TABLE_SINGLE]
    print(f"  with the table: single-row calls / one range call: {t_single / t_one:.0f}x")
    return 0


TABLE_SINGLE = "CLIENT_TIER(A2:K2, table) x 10,000 calls (100 timed, x 100)"


def many_rows(mod, f, rows, caller) -> dict[str, float]:
    """10,000 rows in one call against 10,000 single-row calls, each through xlwings' conversion."""
    from xlwings import conversion
    from xlwings import udfs as real

    @real.xlfunc(category="Client Rank")
    @real.xlarg("row", ndim=2)
    @real.xlarg("table", ndim=2)
    def NOTHING(row, table=None, caller=None):  # the reference: a formula that does nothing
        return 0.0

    def through_xlwings(func, *raw):
        info = func.__xlfunc__
        args = [conversion.read(None, a, info["args"][i]["options"]) for i, a in enumerate(raw)]
        args += [None] * (len(info["args"]) - len(args) - 1) + [caller]
        return conversion.write(func(*args), None, info["ret"]["options"])

    body = [tuple(r) for r in rows[1:]]
    table = tuple(tuple(r) for r in rows)
    tier = f["CLIENT_TIER"]
    assert len(through_xlwings(tier, body)) == len(body)
    out = {
        "reference: a formula that does nothing, x 10,000 calls": timed(
            lambda: [through_xlwings(NOTHING, (r,)) for r in body], 3),
        "CLIENT_TIER(A2:K2) x 10,000 calls": timed(lambda: [through_xlwings(tier, (r,)) for r in body], 3),
        "CLIENT_TIER(A2:K10001), one call": timed(lambda: through_xlwings(tier, body), 3),
        "reference: a formula that does nothing, one call with 10,000 rows": timed(
            lambda: through_xlwings(NOTHING, body), 3),
    }
    from xlclientrank.formulas import functions as formulas
    formulas.ranked_tables.clear()
    formulas.read_tables.clear()
    out["CLIENT_TIER(A2:K10001, table), one call (ranking the table included)"] = timed(
        lambda: (formulas.ranked_tables.clear(), formulas.read_tables.clear(), through_xlwings(tier, body, table)), 3)
    out["CLIENT_TIER(A2:K10001, table), one call"] = timed(lambda: through_xlwings(tier, body, table), 3)
    out[TABLE_SINGLE] = 100 * timed(lambda: [through_xlwings(tier, (r,), table) for r in body[:100]], 3)
    out["reference: a formula that does nothing, with the table, x 10,000 calls (100 timed, x 100)"] = 100 * timed(
        lambda: [through_xlwings(NOTHING, (r,), table) for r in body[:100]], 3)
    return out


if __name__ == "__main__":
    raise SystemExit(main())

"""Speed of the cell formulas, our own Python only (run by hand: python benchmarks/udfs.py).

The functions are called as xlwings calls them after converting the arguments (xlwings' own
conversion and Excel's COM overhead are not timed): a row as ``[[...]]``, a column as
``[[v], [v], ...]``, a table as a list of rows. Targets: CLIENT_TIER over 10,000 rows at most 20 µs
a call on average (rows scored against the calibration Re-rank stores); PARETO_* on 100,000 values
within 50 ms; CLIENT_RANKING on 10,000 rows within 0.5 s.
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
sys.path.insert(0, str(HERE.parent / "tests"))

from xlwings_harness import functions, load_udf_module  # noqa: E402


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
    from xlclientrank.rerank import rerank

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
        from xlclientrank import formulas
        table = [list(r) for r in rows]

        def ranking_fresh():
            formulas._tables.clear()
            f["CLIENT_RANKING"](table)
        ranking = timed(ranking_fresh, 3)
    print(f"CLIENT_TIER, 10,000 rows against the calibration: best {min(per_call):.1f} µs, "
          f"median {statistics.median(per_call):.1f} µs a call (target <= 20 µs)")
    print(f"  reading the calibration once (10,000 clients): {first_read * 1000:.0f} ms")
    for name, secs in pareto.items():
        print(f"{name} on 100,000 values: {secs * 1000:.1f} ms (target <= 50 ms)")
    print(f"CLIENT_RANKING on 10,000 rows: {ranking:.3f} s (target <= 0.5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

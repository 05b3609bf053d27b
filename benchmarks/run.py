"""Benchmark of xlclientrank: ``xlclientrank rerank`` end to end, its stages, and two references.

Run by hand, never by the tests:

    python benchmarks/run.py [--sizes 1000 10000 100000] [--orders 1000000] [--repeat 3] [--keep DIR]

Workbooks (built, not timed): a client list of n clients for each size (sheet ``Clients``, header in
row 1, heavy-tailed revenue, real dates, unique names, fixed seed), and an order-line workbook of
``--orders`` lines (sheet ``Orders``: Invoice date, Invoice no, Customer ID, Customer, Amount, Cost;
about ``--orders-customers`` customers; real dates; fixed seed). The order-line workbook takes about
50 s to build; with ``--keep DIR`` it is kept in DIR and reused when it is there.

For each workbook it measures

1. ``xlclientrank rerank INPUT --out OUTPUT --quiet`` as a subprocess: wall time, ``--repeat`` times
   (at most 2 for the order lines), each on a fresh copy of the input and each from a fresh helper
   process whose ``RUSAGE_CHILDREN`` ``ru_maxrss`` is the command's peak RSS;
2. its stages, once, from an in-process ``rerank()`` with the timers of ``benchmarks/stages.py``
   (in a child process, so that the timers touch nothing else);
3. two references, as subprocesses measured like the command:
   * **floor**: python-calamine reads the same sheet (``to_python()``) and XlsxWriter
     (``constant_memory``, ``write_row``, no formats) writes as many cells as the ranked table
     ``rerank`` wrote (rows x columns) to a new file: the least any reader-writer in Python can do;
   * **straightforward script** (``benchmarks/reference_script.py``): ``pandas.read_excel`` (openpyxl),
     percentile-rank scoring in pandas, openpyxl ``load_workbook`` + ``append`` + ``save``. It gets
     ``--timeout`` seconds (default 900) and is repeated only while a run takes under a minute;

and, for the client lists, the engine alone (``xlclientrank.engine.rank`` on the same data as a
DataFrame, in a fresh child process). It prints Markdown tables, the targets and the machine facts;
``--keep DIR`` keeps the workbooks and writes ``results.json`` there.

Targets (judged on the *median* of the repeats): 10,000 clients end to end <= 2 s; 100,000 clients
<= 15 s, <= 1.5 GB peak RSS and within 2x of the floor; 1,000,000 order lines <= 30 s; faster than
the straightforward script at every size; engine alone <= 0.5 s at 100,000 clients.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20260417
SHEET = "Clients"
HEADER = ["Client", "Revenue 2026", "Gross profit", "Orders", "Client since", "Last order", "Hours spent",
          "Complaints", "Referrals", "Fit (1-5)"]
DATE_COLUMNS = ("Client since", "Last order")
PARETO_COLUMN = "Revenue 2026"
EXCEL_EPOCH = "1899-12-30"
ORDERS_SHEET = "Orders"
ORDERS_HEADER = ["Invoice date", "Invoice no", "Customer ID", "Customer", "Amount", "Cost"]
ORDERS_VERSION = 1  # bump when make_orders or write_orders change: a cached workbook is then rebuilt
ENGINE_TARGET = (100_000, 0.5)  # engine alone: (clients, seconds)
GB = 1024  # MB (MiB) in a GB, for the memory target
SLOW_REFERENCE = 60.0  # a straightforward-script run slower than this is not repeated

FIRST = ["Harbour", "Bright Path", "Northgate", "Riverside", "Oakwood", "Summit", "Bluebell", "Cedar", "Kestrel",
         "Meadow", "Granite", "Silver Birch", "Lakeside", "Redfern", "Ashford", "Willow", "Coastal", "Hilltop",
         "Evergreen", "Parkview", "Foxglove", "Westbrook", "Ironbridge", "Sunrise"]
TRADE = ["Dental Clinic", "Tutoring", "Physio Clinic", "Plumbing", "Accountants", "Bakery", "Veterinary Practice",
         "Florists", "Joinery", "Fitness", "Legal", "Roofing", "Opticians", "Catering", "Landscaping", "Architects",
         "Pet Care", "Electrical", "Yoga Studio", "Print Shop", "Dental Group"]
SUFFIX = ["Ltd", "Ltd", "Co", "LLP", "& Sons", ""]


# ---------------------------------------------------------------- synthetic data (not timed)

def make_data(n: int, seed: int = SEED) -> dict:
    """Columns of n synthetic clients as numpy arrays (dates as datetime64[D]). Deterministic."""
    import numpy as np

    rng = np.random.default_rng(seed + n)
    first = rng.integers(0, len(FIRST), n)
    trade = rng.integers(0, len(TRADE), n)
    suffix = rng.integers(0, len(SUFFIX), n)
    number = rng.permutation(n) + 1  # makes every name unique
    names = [" ".join(p for p in (FIRST[a], TRADE[b], f"{k:06d}", SUFFIX[c]) if p)
             for a, b, c, k in zip(first, trade, suffix, number)]
    revenue = np.round(rng.lognormal(mean=np.log(2500), sigma=1.3, size=n), 2)  # heavy tail
    margin = rng.uniform(0.15, 0.60, n)
    loss = rng.random(n) < 0.05
    margin[loss] = -rng.uniform(0.05, 0.35, int(loss.sum()))
    gross_profit = np.round(revenue * margin, 2)
    orders = np.clip(np.round(1 + np.log1p(revenue / 200) * rng.lognormal(0, 0.4, n)), 1, 400).astype(np.int64)
    start, end = np.datetime64("2005-01-01"), np.datetime64("2026-06-30")
    since = start + (rng.random(n) * ((end - start).astype(int) + 1)).astype(np.int64)
    lo = np.maximum(since, np.datetime64("2024-01-01"))
    last_end = np.datetime64("2026-11-20")
    last = lo + (rng.random(n) * ((last_end - lo).astype(int) + 1)).astype(np.int64)
    hours = np.round((1.5 * orders + revenue / 95) * rng.lognormal(0, 0.3, n), 1)
    complaints = np.minimum(rng.poisson(0.4, n), 12)
    referrals = np.minimum(rng.poisson(0.3, n), 8)
    fit = rng.choice([1, 2, 3, 4, 5], n, p=[0.08, 0.17, 0.35, 0.27, 0.13])
    return {"Client": names, "Revenue 2026": revenue, "Gross profit": gross_profit, "Orders": orders,
            "Client since": since, "Last order": last, "Hours spent": hours, "Complaints": complaints,
            "Referrals": referrals, "Fit (1-5)": fit}


def write_workbook(path: Path, data: dict) -> None:
    """The client workbook: sheet "Clients", header in row 1, one row per client, real dates."""
    import numpy as np
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0.00"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    one_decimal = wb.add_format({"num_format": "0.0"})
    ws = wb.add_worksheet(SHEET)
    ws.write_row(0, 0, HEADER, bold)
    n = len(data["Client"])
    cols = [data[h] for h in HEADER]
    numeric = [c.tolist() if not np.issubdtype(c.dtype, np.datetime64) else c.astype("O").tolist()
               for c in cols[1:]]
    fmts = [money, money, None, date, date, one_decimal, None, None, None]
    for i in range(n):
        r = i + 1
        ws.write_string(r, 0, cols[0][i])
        for j, (col, fmt) in enumerate(zip(numeric, fmts), start=1):
            v = col[i]
            if isinstance(v, dt.date):
                ws.write_datetime(r, j, dt.datetime(v.year, v.month, v.day), fmt)
            else:
                ws.write_number(r, j, v, fmt)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, n, len(HEADER) - 1)
    wb.close()


def make_frame(data: dict):
    """The same data as the engine gets it: names as text, numbers as float, dates as Excel day numbers."""
    import numpy as np
    import pandas as pd

    # names: a plain list of str, as the reader builds it (pandas infers the same dtype: "str" in pandas 3)
    frame = {"Client": list(data["Client"])}
    for h in HEADER[1:]:
        v = data[h]
        if np.issubdtype(v.dtype, np.datetime64):
            frame[h] = (v - np.datetime64(EXCEL_EPOCH)).astype(np.int64).astype(float)
        else:
            frame[h] = v.astype(float)
    return pd.DataFrame(frame)


def make_config():
    """The engine config the command infers for these headers (default weights and directions)."""
    from xlclientrank import engine, headers

    factors = []
    for h in HEADER[1:]:
        kind = headers.recognise(h) or headers.CUSTOM
        factors.append(engine.Factor(h, float(kind.default_weight), kind.higher_is_better, kind.key))
    return engine.RankConfig(factors=tuple(factors), pareto_column=PARETO_COLUMN)


def check_same_as_command(path: Path, data: dict) -> str:
    """Checks (not timed) that the reader and the inferred settings give what the engine benchmark uses."""
    import pandas as pd

    from xlclientrank.reader import Workbook, read_client_table
    from xlclientrank.stored import settings

    table = read_client_table(Workbook(path))
    pd.testing.assert_frame_equal(table.frame.reset_index(drop=True), make_frame(data))
    inferred, _ = settings.infer(table.sheet, table.columns, table.client_column)
    cfg, mine = inferred.config(), make_config()
    if cfg.factors != mine.factors or cfg.pareto_column != mine.pareto_column or cfg.tiers != mine.tiers:
        raise AssertionError(f"config differs from the command's:\n{cfg}\n{mine}")
    return "frame and config identical to what `rerank` reads and infers"


def make_orders(lines: int, customers: int, seed: int = SEED) -> dict:
    """``lines`` order lines of about ``customers`` customers (every customer buys at least once).

    Invoices of 1-12 lines (geometric, mean about 2.5), each of one customer on one date; how often a
    customer buys and how much are heavy-tailed (lognormal); about 2 % of lines are refunds (negative
    amount and cost); cost is 35-85 % of the amount. Lines are in invoice order, invoice numbers rise
    with the date. Deterministic.
    """
    import numpy as np

    rng = np.random.default_rng(seed + lines + 7 * customers)
    names = make_data(customers, seed)["Client"]  # unique names
    ids = [f"C{k:06d}" for k in range(1, customers + 1)]
    freq = rng.lognormal(0, 1.2, customers)
    scale = rng.lognormal(np.log(80), 0.9, customers)
    n_inv = int(lines / 2.5 * 1.2) + customers
    inv_cust = np.concatenate([rng.permutation(customers),
                               rng.choice(customers, n_inv - customers, p=freq / freq.sum())])
    inv_lines = np.minimum(rng.geometric(0.4, n_inv), 12)
    n_inv = int(np.searchsorted(np.cumsum(inv_lines), lines) + 1)
    if n_inv < customers:
        raise ValueError(f"{lines:,} lines are too few for {customers:,} customers")
    inv_cust, inv_lines = inv_cust[:n_inv], inv_lines[:n_inv].copy()
    inv_lines[-1] -= int(inv_lines.sum() - lines)
    inv_cust = inv_cust[rng.permutation(n_inv)]  # the customers' first invoices spread over the years
    start, end = np.datetime64("2022-01-01"), np.datetime64("2026-11-20")
    inv_date = start + np.sort(rng.integers(0, (end - start).astype(int) + 1, n_inv))
    cust = np.repeat(inv_cust, inv_lines)
    amount = np.round(scale[cust] * rng.lognormal(0, 0.8, lines), 2)
    refund = rng.random(lines) < 0.02
    amount[refund] = -amount[refund]
    cost = np.round(amount * rng.uniform(0.35, 0.85, lines), 2)
    return {"date": np.repeat(inv_date, inv_lines), "number": np.repeat(np.arange(100001, 100001 + n_inv), inv_lines),
            "customer": cust, "ids": ids, "names": names, "amount": amount, "cost": cost}


def write_orders(path: Path, d: dict) -> None:
    """The order-line workbook: sheet "Orders", header in row 1, one row per line, real dates."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0.00"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(ORDERS_SHEET)
    ws.write_row(0, 0, ORDERS_HEADER, bold)
    dates = [dt.datetime(v.year, v.month, v.day) for v in d["date"].astype("O").tolist()]
    numbers, customers = d["number"].tolist(), d["customer"].tolist()
    amounts, costs = d["amount"].tolist(), d["cost"].tolist()
    ids, names = d["ids"], d["names"]
    write_datetime, write_number, write_string = ws.write_datetime, ws.write_number, ws.write_string
    for i in range(len(numbers)):
        r, c = i + 1, customers[i]
        write_datetime(r, 0, dates[i], date)
        write_number(r, 1, numbers[i])
        write_string(r, 2, ids[c])
        write_string(r, 3, names[c])
        write_number(r, 4, amounts[i], money)
        write_number(r, 5, costs[i], money)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(numbers), len(ORDERS_HEADER) - 1)
    wb.close()


def write_orders_csv(path: Path, d: dict) -> None:
    """The same order lines as a CSV export: header line, ISO dates, amounts with two decimals."""
    import numpy as np
    import pandas as pd

    ids, names = np.asarray(d["ids"], dtype=object), np.asarray(d["names"], dtype=object)
    frame = pd.DataFrame({"Invoice date": np.datetime_as_string(d["date"], unit="D"), "Invoice no": d["number"],
                          "Customer ID": ids[d["customer"]], "Customer": names[d["customer"]],
                          "Amount": d["amount"], "Cost": d["cost"]})
    frame.to_csv(path, index=False, float_format="%.2f")


def csv_customers(lines: int) -> int:
    """Customers of a CSV order-line file: one for every 20 lines (200,000 lines: 10,000; 1,000,000: 50,000)."""
    return max(1000, lines // 20)


def _built(path: Path, stamp: Path, params: dict, reuse: bool, write) -> tuple[dict | None, str]:
    """Reuses ``path`` when ``reuse`` and its ``stamp`` holds ``params``; else builds the order lines
    and ``write``s them (to a temporary name, then renamed). Returns (the order lines or None when
    reused, what happened)."""
    if reuse and path.exists() and stamp.exists():
        try:
            if json.loads(stamp.read_text()) == params:
                return None, f"reused {path}"
        except ValueError:
            pass
    t0 = time.perf_counter()
    d = make_orders(params["lines"], params["customers"])
    tmp = path.with_name(path.stem + ".building" + path.suffix)
    write(tmp, d)
    os.replace(tmp, path)
    stamp.write_text(json.dumps(params))
    return d, f"built in {time.perf_counter() - t0:.0f} s"


def orders_csv(folder: Path, lines: int, customers: int, reuse: bool) -> tuple[Path, str]:
    """The order-line CSV in ``folder`` (built like :func:`orders_workbook`, reused the same way)."""
    path = folder / f"orders_{lines}.csv"
    params = {"lines": lines, "customers": customers, "seed": SEED, "version": ORDERS_VERSION}
    d, what = _built(path, folder / f"orders_{lines}.csv.json", params, reuse, write_orders_csv)
    return path, what if d is None else f"{what} ({customers:,} customers)"


def orders_workbook(folder: Path, lines: int, customers: int, reuse: bool) -> tuple[Path, str]:
    """The order-line workbook in ``folder``: reused when ``reuse`` and one built with the same
    parameters is there, else built (to a temporary name, then renamed). Returns (path, what happened)."""
    path = folder / f"orders_{lines}.xlsx"
    params = {"lines": lines, "customers": customers, "seed": SEED, "version": ORDERS_VERSION}
    d, what = _built(path, folder / f"orders_{lines}.json", params, reuse, write_orders)
    if d is None:
        return path, what
    n_customers = len(set(d["customer"].tolist()))
    return path, f"{what} ({n_customers:,} customers, {d['number'][-1] - 100000:,} invoices)"


def _rss_now_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def engine_child(n: int, repeat: int) -> None:
    """Runs in a fresh process: builds the frame, then times ``rank`` ``repeat`` times; prints JSON."""
    import resource

    from xlclientrank import engine

    df = make_frame(make_data(n))
    config = make_config()
    gc.collect()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_before = _rss_now_kb()
    times = []
    maxrss_first = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        ranking = engine.rank(df, config, "Client")
        times.append(time.perf_counter() - t0)
        if maxrss_first is None:
            maxrss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert len(ranking.table) == n
        del ranking
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"times": times, "maxrss_before_kb": maxrss_before, "rss_before_kb": rss_before,
                      "maxrss_after_first_kb": maxrss_first, "maxrss_after_kb": maxrss_after}))


# A fresh helper process per measured run, so RUSAGE_CHILDREN holds only that one run. argv: the command
# as JSON, then a timeout in seconds ("" for none); a run that times out is killed and reported as such.
HELPER = r"""
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1])
timeout = float(sys.argv[2]) if sys.argv[2] else None
t0 = time.perf_counter()
try:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    rc, out, err, timed_out = proc.returncode, proc.stdout, proc.stderr, False
except subprocess.TimeoutExpired as exc:
    rc, out, err, timed_out = None, exc.stdout or b"", exc.stderr or b"", True
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "timed_out": timed_out, "wall": wall, "maxrss_kb": ru.ru_maxrss, "user": ru.ru_utime,
                  "sys": ru.ru_stime, "stdout": out.decode(errors="replace")[-2000:],
                  "stderr": err.decode(errors="replace")[-2000:]}))
"""


def measured(cmd: list[str], what: str, timeout: float | None = None) -> dict:
    """Runs ``cmd`` from a fresh helper process: wall time, peak RSS (ru_maxrss), CPU, output tails."""
    helper = subprocess.run([sys.executable, "-c", HELPER, json.dumps(cmd), "" if timeout is None else str(timeout)],
                            capture_output=True, text=True)
    if helper.returncode != 0:
        raise RuntimeError(f"helper failed for {what}:\n{helper.stderr}")
    r = json.loads(helper.stdout.strip().splitlines()[-1])
    if not r["timed_out"] and r["rc"] != 0:
        raise RuntimeError(f"{what} failed (exit {r['rc']}):\n{r['stderr']}")
    return r


def summarise(runs: list[dict]) -> dict:
    walls = [r["wall"] for r in runs]
    return {"runs": runs, "best": min(walls), "median": statistics.median(walls), "worst": max(walls),
            "peak_mb": max(r["maxrss_kb"] for r in runs) / 1024}


def run_rerank(case: dict, folder: Path, repeat: int) -> dict:
    runs = []
    for k in range(repeat):
        inp = folder / f"{case['key']}_run{k + 1}{case['source'].suffix}"
        out = folder / f"ranked_{case['key']}_run{k + 1}.xlsx"
        shutil.copyfile(case["source"], inp)
        if out.exists():
            out.unlink()
        r = measured(command_prefix() + ["rerank", str(inp), "--out", str(out), "--quiet"], f"rerank {case['label']}")
        if not out.exists():
            raise RuntimeError(f"rerank wrote no {out}:\n{r['stderr']}")
        r["output_bytes"] = out.stat().st_size
        inp.unlink()
        runs.append(r)
    res = summarise(runs)
    res.update(input_bytes=case["source"].stat().st_size, output_bytes=runs[-1]["output_bytes"], output=str(out))
    return res


def ranked_shape(output: Path) -> tuple[int, int]:
    """(rows, columns) of the ranked table on the Ranking sheet ``rerank`` wrote, header row included."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(output)).get_sheet_by_name("Ranking").to_python()
    head = next(i for i, row in enumerate(rows) if row and row[0] == "Rank")
    width = max(j + 1 for j, v in enumerate(rows[head]) if v != "")
    body = sum(1 for row in rows[head + 1:] if row and row[0] != "")
    return body + 1, width


def floor_child(source: str, sheet: str, out: str, rows: int, cols: int) -> None:
    """The floor, in its own process: read the sheet with calamine, write rows x cols cells with XlsxWriter.

    The cells written are the sheet's own values (row i of the output is data row i, its values repeated
    to fill ``cols`` columns), so text, numbers and dates come in the proportions of the input."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    data = CalamineWorkbook.from_path(source).get_sheet_by_name(sheet).to_python()
    header, body = data[0], data[1:] or [data[0]]
    t1 = time.perf_counter()

    def fill(row: list) -> list:
        return (row * (cols // max(len(row), 1) + 1))[:cols]
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("Ranking")
    ws.write_row(0, 0, fill(header))
    for i in range(rows - 1):
        ws.write_row(i + 1, 0, fill(body[i % len(body)]))
    wb.close()
    print(json.dumps({"read_rows": len(data), "written_cells": rows * cols, "read_s": t1 - t0,
                      "write_s": time.perf_counter() - t1}))


def run_floor(case: dict, folder: Path, rows: int, cols: int, repeat: int) -> dict:
    runs = []
    for k in range(repeat):
        out = folder / f"floor_{case['key']}_run{k + 1}.xlsx"
        if out.exists():
            out.unlink()
        r = measured([sys.executable, str(Path(__file__).resolve()), "--floor-child", str(case["source"]),
                      case["sheet"], str(out), str(rows), str(cols)], f"floor {case['label']}")
        r["result"] = json.loads(r["stdout"].strip().splitlines()[-1])
        runs.append(r)
    res = summarise(runs)
    res.update(rows=rows, columns=cols, output_bytes=out.stat().st_size)
    return res


def run_straightforward(case: dict, folder: Path, repeat: int, timeout: float) -> dict:
    """The reference script, on a fresh copy of the input each time (it writes into the workbook)."""
    runs = []
    for k in range(repeat):
        inp = folder / f"straightforward_{case['key']}_run{k + 1}{case['source'].suffix}"
        shutil.copyfile(case["source"], inp)
        cmd = [sys.executable, str(HERE / "reference_script.py"), str(inp), "--sheet", case["sheet"]]
        if case["kind"] in ("orders", "csv"):
            cmd.append("--order-lines")
        if case["kind"] == "csv":
            out = inp.with_suffix(".xlsx")
            cmd += ["--out", str(out)]
        r = measured(cmd, f"straightforward script {case['label']}", timeout)
        if not r["timed_out"]:
            r["result"] = json.loads(r["stdout"].strip().splitlines()[-1])
        inp.unlink()
        if case["kind"] == "csv" and out.exists():
            out.unlink()
        runs.append(r)
        if r["timed_out"] or r["wall"] > SLOW_REFERENCE:
            break
    res = summarise(runs)
    res["timed_out"] = any(r["timed_out"] for r in runs)
    res["timeout"] = timeout
    return res


def _stages():
    """benchmarks/stages.py as a module (its timers are installed only by its ``measure``)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import stages

    return stages


def stages_child(source: str) -> None:
    """Runs ``stages.measure`` (the real rerank() with stages.py's timers) in this fresh process."""
    print(json.dumps(_stages().measure(source)))


def run_stages(case: dict) -> dict:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--stages-child", str(case["source"])],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"stages child failed for {case['label']}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def command_prefix() -> list[str]:
    """The installed ``xlclientrank`` script next to this Python (not a pyenv shim), else ``python -m``."""
    script = Path(sys.executable).with_name("xlclientrank")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "xlclientrank"]


def run_engine(n: int, repeat: int) -> dict:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--engine-child", str(n),
                          "--repeat", str(repeat)], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"engine child failed for n={n}:\n{out.stderr}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["best"] = min(r["times"])
    r["median"] = statistics.median(r["times"])
    r["worst"] = max(r["times"])
    r["peak_mb"] = r["maxrss_after_kb"] / 1024
    r["growth_mb"] = (r["maxrss_after_kb"] - r["rss_before_kb"]) / 1024
    r["peak_growth_mb"] = (r["maxrss_after_kb"] - r["maxrss_before_kb"]) / 1024
    return r


# ---------------------------------------------------------------- report

def calibration() -> str:
    """A fixed CPU workload (best of 5), to compare the machine's speed between runs and machines."""
    import numpy as np

    py, npy = [], []
    data = np.random.default_rng(0).random(1_000_000)
    for _ in range(5):
        t0 = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        py.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        np.sort(data)
        npy.append(time.perf_counter() - t0)
    return f"pure-Python loop {min(py) * 1000:.0f} ms, numpy sort of 1e6 floats {min(npy) * 1000:.0f} ms"


def machine_facts() -> dict:
    import numpy
    import pandas
    import xlsxwriter

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(line for line in lines if line.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        pass
    versions = {}
    for mod in ("python_calamine", "lxml", "openpyxl"):
        try:
            from importlib.metadata import version
            versions[mod] = version(mod.replace("_", "-"))
        except Exception:
            versions[mod] = "?"
    import xlclientrank
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "xlsxwriter": xlsxwriter.__version__,
        "python-calamine": versions["python_calamine"],
        "lxml": versions["lxml"],
        "openpyxl": versions["openpyxl"],
        "xlclientrank": xlclientrank.__version__,
        "command": " ".join(command_prefix()),
    }


def _x(ratio: float) -> str:
    """A ratio as "1.05x" (two decimals near 1, where the difference matters) or "5.8x"."""
    return f"{ratio:.2f}x" if ratio < 2 else f"{ratio:.1f}x"


def verdicts(r: dict) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met?) for one workbook; met is None when not measured."""
    c, n, kind = r["rerank"], r["n"], r["kind"]
    med = c["median"]
    out: list[tuple[str, str, bool | None]] = []
    if kind == "clients" and n == 10_000:
        out.append(("<= 2 s", f"{med:.2f} s", med <= 2.0))
    if kind == "clients" and n == 100_000:
        out.append(("<= 15 s", f"{med:.1f} s", med <= 15.0))
        out.append(("<= 1.5 GB", f"{c['peak_mb']:,.0f} MB", c["peak_mb"] <= 1.5 * GB))
        f = r.get("floor")
        if f:
            ratio = med / f["median"]
            out.append(("<= 2x floor", _x(ratio), ratio <= 2.0))
        else:
            out.append(("<= 2x floor", "not measured", None))
    if kind == "orders" and n == 1_000_000:
        out.append(("<= 15 s", f"{med:.1f} s", med <= 15.0))
    s = r.get("straightforward")
    if kind == "csv":
        if n >= 2_000_000:
            out.append(("ranks", f"{r.get('ranked_rows', 1) - 1:,} clients", r.get("ranked_rows", 0) > 1))
        if n == 1_000_000:
            out.append(("<= 10 s", f"{med:.1f} s", med <= 10.0))
            out.append(("<= 800 MB", f"{c['peak_mb']:,.0f} MB", c["peak_mb"] <= 800))
        if s is None:
            out.append(("<= 2x straightforward", "not measured", None))
        elif s["timed_out"]:
            out.append(("<= 2x straightforward", "it timed out", True))
        else:
            ratio = med / s["median"]
            out.append(("<= 2x straightforward", f"{_x(ratio)} of it", ratio <= 2.0))
        return out
    if s is None:
        out.append(("faster than straightforward", "not measured", None))
    elif s["timed_out"]:
        out.append(("faster than straightforward", f"> {s['timeout'] / med:.0f}x: it timed out", med < s["timeout"]))
    else:
        out.append(("faster than straightforward", _x(s["median"] / med), s["median"] > med))
    return out


def _yes(ok: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "not measured"}[ok]


def main_table(results: list[dict]) -> str:
    lines = ["| size | rerank best/median (s) | rerank peak RSS (MB) | floor (s) | rerank/floor | straightforward (s) "
             "| straightforward/rerank | target | met? |",
             "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in results:
        c, f, s = r["rerank"], r.get("floor"), r.get("straightforward")
        floor = f"{f['median']:.2f}" if f else "-"
        ratio_floor = _x(c["median"] / f["median"]) if f else "-"
        if s is None:
            straight, ratio_s = "-", "-"
        elif s["timed_out"]:
            straight, ratio_s = f"timed out after {s['timeout']:.0f} s", f"> {s['timeout'] / c['median']:.0f}x"
        else:
            straight, ratio_s = f"{s['median']:.2f}", _x(s["median"] / c["median"])
        v = verdicts(r)
        target = "; ".join(t for t, _, _ in v)
        met = "; ".join(_yes(ok) if ok is None else f"{_yes(ok)} ({got})" for _, got, ok in v)
        lines.append(f"| {r['label']} | {c['best']:.2f} / {c['median']:.2f} | {c['peak_mb']:,.0f} | {floor} | "
                     f"{ratio_floor} | {straight} | {ratio_s} | {target} | {met} |")
    return "\n".join(lines)


def references_table(results: list[dict]) -> str:
    lines = ["| size | floor best/median (s) | floor read / write, last run (s) | floor peak RSS (MB) "
             "| cells the floor writes | straightforward runs (s) "
             "| straightforward peak RSS (MB) | its steps, last run: read_excel / rank / load_workbook / append / "
             "save (s) |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        f, s = r.get("floor"), r.get("straightforward")
        fres = f["runs"][-1].get("result") if f else None
        fsplit = f"{fres['read_s']:.2f} / {fres['write_s']:.2f}" if fres and "read_s" in fres else "-"
        if not f and not s:
            continue
        fcells = f"{f['rows']:,} x {f['columns']}" if f else "-"
        fl = f"{f['best']:.2f} / {f['median']:.2f}" if f else "-"
        frss = f"{f['peak_mb']:,.0f}" if f else "-"
        if s:
            walls = ", ".join(f"{x['wall']:.1f}" + (" (timed out)" if x["timed_out"] else "") for x in s["runs"])
            srss = f"{s['peak_mb']:,.0f}" + (" (when killed)" if s["timed_out"] else "")
            last = s["runs"][-1].get("result")
            keys = ("read_csv", "rank", "to_excel") if r["kind"] == "csv" else ("read_excel", "rank", "load_workbook",
                                                                               "append", "save")
            steps = " / ".join(f"{last['steps'][k]:.1f}" for k in keys) if last else "-"
            if r["kind"] == "csv" and last:
                steps = "read_csv / rank / to_excel: " + steps
        else:
            walls, srss, steps = "-", "-", "-"
        lines.append(f"| {r['label']} | {fl} | {fsplit} | {frss} | {fcells} | {walls} | {srss} | {steps} |")
    return "\n".join(lines)


def stage_groups_table(results: list[dict]) -> str:
    stages = _stages()

    cols = ["read", "engine", "history", "render", "splice", "write", "report", "other"]
    lines = ["| size | rerank() in-process (s) | " + " | ".join(cols) + " | of read: aggregate order lines "
             "| peak RSS (MB) |", "|---|---:|" + "---:|" * len(cols) + "---:|---:|"]
    for r in results:
        m = r.get("stages")
        if not m:
            continue
        g = stages.groups(m)
        agg = next((st["seconds"] for st in m["stages"] if st["name"].startswith("read: aggregate")), None)
        lines.append(f"| {r['label']} | {m['total']:.2f} | " + " | ".join(f"{g.get(k, 0.0):.2f}" for k in cols)
                     + f" | {'-' if agg is None else f'{agg:.2f}'} | {m['peak_rss_mb']:,.0f} |")
    return "\n".join(lines)


def engine_table(results: list[dict]) -> str:
    lines = ["| size | engine time best/median (s) | engine peak RSS (MB) [growth] | target | met? |",
             "|---|---:|---:|---|---|"]
    for r in results:
        e = r.get("engine")
        if not e:
            continue
        bound = "<=" if e["maxrss_after_kb"] <= e["maxrss_before_kb"] else ""
        target, met = "-", "-"
        if r["n"] == ENGINE_TARGET[0]:
            target = f"<= {ENGINE_TARGET[1]:g} s"
            met = f"{_yes(e['median'] <= ENGINE_TARGET[1])} ({e['median']:.2f} s)"
        lines.append(f"| {r['label']} | {e['best']:.3f} / {e['median']:.3f} | {e['peak_mb']:.0f} "
                     f"[{bound}+{e['growth_mb']:.0f}] | {target} | {met} |")
    return "\n".join(lines)


def files_table(results: list[dict]) -> str:
    lines = ["| size | input .xlsx (MB) | output .xlsx (MB) | rerank CPU user+sys, last run (s) | input built |",
             "|---|---:|---:|---:|---|"]
    for r in results:
        c = r["rerank"]
        last = c["runs"][-1]
        lines.append(f"| {r['label']} | {c['input_bytes'] / 1e6:.2f} | {c['output_bytes'] / 1e6:.2f} | "
                     f"{last['user'] + last['sys']:.2f} | {r['built']} |")
    return "\n".join(lines)


def facts_text(f: dict) -> str:
    return "\n".join([
        f"- Date: {f['date']}",
        f"- CPU: {f['cpu']}, {f['cores']} cores ({f['cores_usable']} usable), {f['memory']} RAM, {f['os']}",
        f"- Python {f['python']}, pandas {f['pandas']}, numpy {f['numpy']}, XlsxWriter {f['xlsxwriter']}, "
        f"python-calamine {f['python-calamine']}, openpyxl {f['openpyxl']}, lxml {f['lxml']}, "
        f"xlclientrank {f['xlclientrank']}",
        f"- Command timed: `{f['command']} rerank INPUT --out OUTPUT --quiet`",
        f"- Load average at start / end: {f.get('load_start', '?')} / {f.get('load_end', '?')}",
        f"- CPU calibration (best of 5) at start: {f.get('calibration_start', '?')}; "
        f"at end: {f.get('calibration_end', '?')}",
        f"- Whole benchmark: {f.get('elapsed', '?')}",
    ])


def report(facts: dict, results: list[dict]) -> str:
    stages = _stages()

    out = ["## xlclientrank benchmark", "", facts_text(facts), "", main_table(results), "",
           f"rerank: best and median of {facts.get('repeat', '?')} runs (at most 2 for order lines), a target is "
           "judged on the median; peak RSS is the command process's ru_maxrss, largest over the runs (1 GB = "
           "1,024 MB). floor and straightforward: medians (see below); the ratios use medians. Every time is the "
           "wall time of a subprocess, Python start-up and imports included.", ""]
    out += ["### Targets", ""]
    for r in results:
        for target, got, ok in verdicts(r):
            out.append(f"- {r['label']}: {target}: " + (_yes(ok) if ok is None else f"{_yes(ok)} ({got})"))
    if any(r.get("floor") or r.get("straightforward") for r in results):
        out += ["", "### References", "", references_table(results)]
    if any(r.get("stages") for r in results):
        out += ["", "### Where the time goes (stages.py, one in-process rerank() each; seconds)", "",
                stage_groups_table(results)]
    if any(r.get("engine") for r in results):
        out += ["", "### Engine alone (xlclientrank.engine.rank in a fresh process)", "", engine_table(results)]
    out += ["", "### Files", "", files_table(results)]
    for r in results:
        if r.get("stages"):
            out += ["", f"### Stages: {r['label']}", "", stages.markdown(r["stages"])]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000], metavar="N",
                   help="client-list sizes (none: no client lists)")
    p.add_argument("--orders", type=int, default=1_000_000, metavar="LINES",
                   help="order lines of the order-line workbook (0: none)")
    p.add_argument("--orders-customers", type=int, default=50_000, metavar="N")
    p.add_argument("--csv-orders", type=int, nargs="*", default=[100_000, 1_000_000, 2_000_000], metavar="LINES",
                   help="order-line CSV sizes (none: no CSV); one customer for every 20 lines")
    p.add_argument("--repeat", type=int, default=3, help="rerank and floor runs (order lines: at most 2)")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds the straightforward script may take")
    p.add_argument("--no-references", action="store_true", help="skip the floor and the straightforward script")
    p.add_argument("--no-engine", action="store_true", help="skip the engine-alone measurement")
    p.add_argument("--no-stages", action="store_true", help="skip the stage breakdown")
    p.add_argument("--keep", metavar="DIR", help="keep the workbooks and results.json in DIR (the order-line "
                   "workbook is then reused when it is there)")
    p.add_argument("--report", metavar="RESULTS_JSON", help="only print the report of a saved results.json")
    p.add_argument("--engine-child", type=int, metavar="N", help=argparse.SUPPRESS)
    p.add_argument("--stages-child", metavar="WORKBOOK", help=argparse.SUPPRESS)
    p.add_argument("--floor-child", nargs=5, metavar=("SOURCE", "SHEET", "OUT", "ROWS", "COLS"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be 1 or more")
    if args.engine_child is not None:
        engine_child(args.engine_child, args.repeat)
        return 0
    if args.stages_child is not None:
        stages_child(args.stages_child)
        return 0
    if args.report:
        saved = json.loads(Path(args.report).read_text())
        print(report(saved["facts"], saved["results"]))
        return 0
    if args.floor_child is not None:
        source, sheet, out, rows, cols = args.floor_child
        floor_child(source, sheet, out, int(rows), int(cols))
        return 0

    started = time.perf_counter()
    facts = machine_facts()
    facts["load_start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    facts["calibration_start"] = calibration()
    facts["repeat"] = args.repeat
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="xlclientrank-bench-")
        folder = Path(cleanup.name)
    cases = [{"key": f"clients_{n}", "label": f"{n:,} clients", "kind": "clients", "n": n, "sheet": SHEET,
              "repeat": args.repeat} for n in args.sizes]
    if args.orders:
        cases.append({"key": f"orders_{args.orders}", "label": f"{args.orders:,} order lines", "kind": "orders",
                      "n": args.orders, "sheet": ORDERS_SHEET, "repeat": min(args.repeat, 2)})
    for n in args.csv_orders:
        cases.append({"key": f"csv_{n}", "label": f"{n:,} CSV order lines", "kind": "csv", "n": n,
                      "sheet": ORDERS_SHEET, "repeat": min(args.repeat, 2)})
    results = []

    def say(case: dict, text: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] [{case['label']}] {text}", file=sys.stderr, flush=True)

    def save() -> None:
        if args.keep:
            (folder / "results.json").write_text(json.dumps({"facts": facts, "results": results}, indent=2,
                                                            default=str))
    try:
        for case in cases:
            say(case, "building the workbook ...")
            r = {k: case[k] for k in ("key", "label", "kind", "n", "sheet")}
            if case["kind"] == "clients":
                t0 = time.perf_counter()
                data = make_data(case["n"])
                case["source"] = folder / f"{case['key']}.xlsx"
                write_workbook(case["source"], data)
                r["built"] = f"built in {time.perf_counter() - t0:.1f} s"
                r["check"] = "skipped (n > 10,000)"
                if case["n"] <= 10_000:
                    r["check"] = check_same_as_command(case["source"], data)
                del data
            elif case["kind"] == "csv":
                case["source"], r["built"] = orders_csv(folder, case["n"], csv_customers(case["n"]),
                                                        reuse=bool(args.keep))
                r["check"] = "read as order lines? see the stages run"
            else:
                case["source"], r["built"] = orders_workbook(folder, case["n"], args.orders_customers,
                                                             reuse=bool(args.keep))
                r["check"] = "read as order lines? see the stages run"
            r["source"] = str(case["source"])
            say(case, f"{r['built']} ({case['source'].stat().st_size / 1e6:.1f} MB); check: {r['check']}")
            if case["kind"] == "clients" and not args.no_engine:
                r["engine"] = run_engine(case["n"], args.repeat)
                say(case, f"engine times {[round(t, 3) for t in r['engine']['times']]}")
            say(case, f"rerank x{case['repeat']} ...")
            r["rerank"] = run_rerank(case, folder, case["repeat"])
            say(case, f"rerank times {[round(x['wall'], 2) for x in r['rerank']['runs']]}, "
                      f"peak {r['rerank']['peak_mb']:.0f} MB")
            rows, cols = ranked_shape(Path(r["rerank"]["output"]))
            r["ranked_rows"], r["ranked_columns"] = rows, cols
            if case["kind"] in ("orders", "csv"):
                r["label"] = f"{case['label']} ({rows - 1:,} clients)"
            if not args.no_stages:
                say(case, "stages ...")
                r["stages"] = run_stages(case)
                m = r["stages"]
                say(case, f"stages: rerank() {m['total']:.2f} s in-process; rows are {m['rows_are']}, "
                          f"{m['clients']:,} clients")
                if case["kind"] in ("orders", "csv") and m["rows_are"] != "order lines":
                    raise AssertionError(f"rerank did not read {case['source']} as order lines")
            if not args.no_references and case["kind"] != "csv":  # the floor reads a sheet: not for a CSV
                say(case, f"floor x{case['repeat']} ({rows:,} x {cols} cells) ...")
                r["floor"] = run_floor(case, folder, rows, cols, case["repeat"])
                say(case, f"floor times {[round(x['wall'], 2) for x in r['floor']['runs']]}")
            if not args.no_references:
                say(case, f"straightforward script (up to x{case['repeat']}, timeout {args.timeout:.0f} s) ...")
                r["straightforward"] = run_straightforward(case, folder, case["repeat"], args.timeout)
                s = r["straightforward"]
                say(case, f"straightforward times {[round(x['wall'], 1) for x in s['runs']]}"
                          + (" (timed out)" if s["timed_out"] else ""))
                last = s["runs"][-1].get("result")
                if last and last["clients"] != rows - 1:
                    say(case, f"warning: the straightforward script ranked {last['clients']:,} clients, "
                              f"rerank {rows - 1:,}")
            results.append(r)
            save()
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    facts["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    facts["calibration_end"] = calibration()
    facts["elapsed"] = f"{(time.perf_counter() - started) / 60:.1f} minutes"
    print(report(facts, results))
    save()
    if args.keep:
        print(f"\nWorkbooks and results.json kept in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

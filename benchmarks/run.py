"""Benchmark of xlclientrank: the ranking engine alone and the ``xlclientrank rerank`` command.

Run by hand, never by the tests:

    python benchmarks/run.py [--sizes 1000 10000 100000] [--repeat 3] [--keep DIR]

For each size n it

1. builds a synthetic client workbook with n clients (sheet ``Clients``, header in row 1, heavy-tailed
   revenue, real dates, unique names, fixed seed). Not timed.
2. times the engine alone: ``xlclientrank.engine.rank(df, config, "Client")`` on the same data as a
   pandas DataFrame (dates as Excel day numbers), ``--repeat`` times, in a fresh child process that
   also reports its peak RSS (``ru_maxrss``) before and after.
3. times the command end to end: ``xlclientrank rerank INPUT --out OUTPUT --quiet`` as a subprocess
   (wall time), ``--repeat`` times, each on a fresh copy of the input and each from a fresh helper
   process whose ``RUSAGE_CHILDREN`` ``ru_maxrss`` is the command's peak RSS.

and prints a Markdown table, the targets and the machine facts. ``--keep DIR`` keeps the input and
output workbooks and writes ``results.json`` there.

Targets: engine <= 0.5 s at 100,000 clients; rerank end to end <= 5 s at 10,000 clients. A target is
judged on the *median* of the repeats (the best is shown too).
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

SEED = 20260417
SHEET = "Clients"
HEADER = ["Client", "Revenue 2026", "Gross profit", "Orders", "Client since", "Last order", "Hours spent",
          "Complaints", "Referrals", "Fit (1-5)"]
DATE_COLUMNS = ("Client since", "Last order")
PARETO_COLUMN = "Revenue 2026"
EXCEL_EPOCH = "1899-12-30"
# (size, what, limit in seconds)
TARGETS = {("engine", 100_000): 0.5, ("rerank", 10_000): 5.0}

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

    from xlclientrank import settings
    from xlclientrank.reader import Workbook, read_client_table

    table = read_client_table(Workbook(path))
    pd.testing.assert_frame_equal(table.frame.reset_index(drop=True), make_frame(data))
    inferred, _ = settings.infer(table.sheet, table.columns, table.client_column)
    cfg, mine = inferred.config(), make_config()
    if cfg.factors != mine.factors or cfg.pareto_column != mine.pareto_column or cfg.tiers != mine.tiers:
        raise AssertionError(f"config differs from the command's:\n{cfg}\n{mine}")
    return "frame and config identical to what `rerank` reads and infers"


# ---------------------------------------------------------------- measurements

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


# A fresh helper process per command run, so RUSAGE_CHILDREN holds only that one run.
RERANK_HELPER = r"""
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1])
t0 = time.perf_counter()
proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "wall": wall, "maxrss_kb": ru.ru_maxrss, "user": ru.ru_utime,
                  "sys": ru.ru_stime, "stdout": proc.stdout.decode(errors="replace")[-2000:],
                  "stderr": proc.stderr.decode(errors="replace")[-2000:]}))
"""


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


def run_rerank(n: int, source: Path, folder: Path, repeat: int) -> dict:
    runs = []
    for k in range(repeat):
        inp = folder / f"clients_{n}_run{k + 1}.xlsx"
        out = folder / f"ranked_{n}_run{k + 1}.xlsx"
        shutil.copyfile(source, inp)
        if out.exists():
            out.unlink()
        cmd = command_prefix() + ["rerank", str(inp), "--out", str(out), "--quiet"]
        helper = subprocess.run([sys.executable, "-c", RERANK_HELPER, json.dumps(cmd)],
                                capture_output=True, text=True)
        if helper.returncode != 0:
            raise RuntimeError(f"rerank helper failed for n={n}:\n{helper.stderr}")
        r = json.loads(helper.stdout.strip().splitlines()[-1])
        if r["rc"] != 0 or not out.exists():
            raise RuntimeError(f"rerank failed for n={n} (exit {r['rc']}):\n{r['stderr']}")
        r["output_bytes"] = out.stat().st_size
        runs.append(r)
    walls = [r["wall"] for r in runs]
    return {"runs": runs, "best": min(walls), "median": statistics.median(walls), "worst": max(walls),
            "peak_mb": max(r["maxrss_kb"] for r in runs) / 1024,
            "input_bytes": source.stat().st_size, "output_bytes": runs[-1]["output_bytes"]}


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
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        pass
    versions = {}
    for mod in ("python_calamine", "lxml"):
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
        "xlclientrank": xlclientrank.__version__,
        "command": " ".join(command_prefix()),
    }


def target_cell(n: int, engine: dict, rerank: dict) -> tuple[str, str]:
    targets, verdicts = [], []
    for (what, size), limit in TARGETS.items():
        if size != n:
            continue
        got = (engine if what == "engine" else rerank)["median"]
        targets.append(f"{what} <= {limit:g} s")
        verdicts.append(f"{'yes' if got <= limit else 'NO'} ({got:.2f} s)")
    return ("; ".join(targets) or "-", "; ".join(verdicts) or "-")


def table(results: list[dict]) -> str:
    lines = ["| size | engine time best/median (s) | engine peak RSS (MB) [growth] | "
             "rerank end-to-end best/median (s) | rerank peak RSS (MB) | target | met? |",
             "|---:|---:|---:|---:|---:|---|---|"]
    for r in results:
        e, c, n = r["engine"], r["rerank"], r["size"]
        target, met = target_cell(n, e, c)
        # when rank() did not raise the process's high-water mark, its growth is at most this much
        bound = "<=" if e["maxrss_after_kb"] <= e["maxrss_before_kb"] else ""
        lines.append(f"| {n:,} | {e['best']:.3f} / {e['median']:.3f} | {e['peak_mb']:.0f} [{bound}+{e['growth_mb']:.0f}] | "
                     f"{c['best']:.2f} / {c['median']:.2f} | {c['peak_mb']:.0f} | {target} | {met} |")
    return "\n".join(lines)


def facts_text(f: dict) -> str:
    return "\n".join([
        f"- Date: {f['date']}",
        f"- CPU: {f['cpu']}, {f['cores']} cores ({f['cores_usable']} usable), {f['memory']} RAM, {f['os']}",
        f"- Python {f['python']}, pandas {f['pandas']}, numpy {f['numpy']}, XlsxWriter {f['xlsxwriter']}, "
        f"python-calamine {f['python-calamine']}, lxml {f['lxml']}, xlclientrank {f['xlclientrank']}",
        f"- Command timed: `{f['command']} rerank INPUT --out OUTPUT --quiet`",
        f"- Load average at start / end: {f.get('load_start', '?')} / {f.get('load_end', '?')}",
        f"- CPU calibration (best of 5) at start: {f.get('calibration_start', '?')}; "
        f"at end: {f.get('calibration_end', '?')}",
    ])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000], metavar="N")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--keep", metavar="DIR", help="keep the workbooks and results.json in DIR")
    p.add_argument("--engine-child", type=int, metavar="N", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be 1 or more")
    if args.engine_child is not None:
        engine_child(args.engine_child, args.repeat)
        return 0

    facts = machine_facts()
    facts["load_start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    facts["calibration_start"] = calibration()
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="xlclientrank-bench-")
        folder = Path(cleanup.name)
    results = []
    try:
        for n in args.sizes:
            print(f"[{n:,} clients] building the workbook ...", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            data = make_data(n)
            source = folder / f"clients_{n}.xlsx"
            write_workbook(source, data)
            built = time.perf_counter() - t0
            check = "skipped (n > 10,000)"
            if n <= 10_000:
                check = check_same_as_command(source, data)
            del data
            print(f"[{n:,} clients] built in {built:.1f} s ({source.stat().st_size / 1e6:.1f} MB); check: {check}",
                  file=sys.stderr, flush=True)
            print(f"[{n:,} clients] engine x{args.repeat} ...", file=sys.stderr, flush=True)
            engine = run_engine(n, args.repeat)
            print(f"[{n:,} clients] engine times {[round(t, 3) for t in engine['times']]}", file=sys.stderr, flush=True)
            print(f"[{n:,} clients] rerank x{args.repeat} ...", file=sys.stderr, flush=True)
            rerank = run_rerank(n, source, folder, args.repeat)
            print(f"[{n:,} clients] rerank times {[round(r['wall'], 2) for r in rerank['runs']]}",
                  file=sys.stderr, flush=True)
            results.append({"size": n, "build_seconds": built, "check": check, "engine": engine, "rerank": rerank})
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    facts["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    facts["calibration_end"] = calibration()

    print("## xlclientrank benchmark\n")
    print(facts_text(facts))
    print()
    print(table(results))
    print()
    print(f"Times: best and median of {args.repeat} runs; a target is judged on the median. Engine peak RSS is "
          "the child process's ru_maxrss after ranking (Python + pandas + the data + the ranking); [growth] is "
          "that peak minus the RSS just before the first rank() call ('<=' when rank() did not raise the "
          "high-water mark set earlier while building the data, so the growth is at most that). Rerank peak RSS is ru_maxrss of the "
          "command process (RUSAGE_CHILDREN of a fresh helper), largest over the runs.")
    print()
    print("| size | input .xlsx (MB) | output .xlsx (MB) | rerank CPU user+sys, last run (s) |")
    print("|---:|---:|---:|---:|")
    for r in results:
        c = r["rerank"]
        last = c["runs"][-1]
        print(f"| {r['size']:,} | {c['input_bytes'] / 1e6:.2f} | {c['output_bytes'] / 1e6:.2f} | "
              f"{last['user'] + last['sys']:.2f} |")
    if args.keep:
        (folder / "results.json").write_text(json.dumps({"facts": facts, "results": results}, indent=2))
        print(f"\nWorkbooks and results.json kept in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

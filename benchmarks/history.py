"""Monthly runs over years: the cost and size of the workbook as Rank History grows (issue 18).

    python benchmarks/history.py [--sizes 10000 100000] [--runs 25]

For each size: the client list of benchmarks/run.py (same data, same seed) is ranked ``--runs``
times, one run per month (``rerank --date`` on each month's last day), each run as a fresh
``xlclientrank rerank`` process on the workbook the run before wrote. Between runs about 10 % of the
clients' revenue moves (seeded), so tiers change as in real months. Reported per size: the first
run's and the last run's time and their ratio (CPU time of the rerank process, user + system: on
a shared 2-core machine wall time swings with other work, CPU time much less; wall time is printed
too), the workbook's size after the first and the last
run and their ratio, and the Rank History sheet's rows. The first run is the reference measured in
the same session, so the ratios hold on a noisy machine: after the sequence, the first run (on a
copy of the fresh list) and the last run (on a copy of the workbook as it was before it) are timed
again ``--repeat`` times each, one after the other, and the ratio is that of their medians.
Targets (issue 18): the 25th run within 1.5x of the first's time, the workbook after 25 runs within
1.5x of its size after the first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (benchmarks/run.py: the client data and workbook writer)


def month_ends(n: int, start: dt.date = dt.date(2024, 1, 31)) -> list[dt.date]:
    out, day = [], start
    for _ in range(n):
        out.append(day)
        day = (day + dt.timedelta(days=33)).replace(day=1) - dt.timedelta(days=1)
    return out


def command() -> list[str]:
    exe = Path(sys.executable).with_name("xlclientrank")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "xlclientrank"]


def move_revenue(path: Path, rng: np.random.Generator, share: float = 0.10) -> None:
    """About ``share`` of the clients' revenue changes by -40 %..+60 % (in the sheet's XML, so the
    owner's workbook is otherwise untouched, as between an owner's months)."""
    import re

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()

    def change(m: re.Match) -> str:
        if rng.random() >= share:
            return m.group(0)
        return f'{m.group(1)}{float(m.group(2)) * rng.uniform(0.6, 1.6):.2f}{m.group(3)}'
    parts[sheet] = re.sub(r'(<c r="B\d+"[^>]*><v>)([\d.]+)(</v>)', change, xml).encode()
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    tmp.replace(path)


def history_rows(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Rank History").to_python()
    return sum(1 for r in grid[1:] if r and r[0] not in ("", None))


def timed_rerank(path: Path, day: dt.date) -> tuple[float, float]:
    """(CPU time, wall time) of one ``xlclientrank rerank`` process on ``path``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(command() + ["rerank", str(path), "--date", day.isoformat(), "--quiet"], check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def one_size(n: int, runs: int, folder: Path, repeat: int = 3) -> dict:
    src = folder / f"clients_{n}.xlsx"
    fresh = folder / f"fresh_{n}.xlsx"
    before_last = folder / f"before_last_{n}.xlsx"
    bench.write_workbook(src, bench.make_data(n))
    shutil.copyfile(src, fresh)
    rng = np.random.default_rng(18 + n)
    times, walls, sizes = [], [], []
    days = month_ends(runs)
    for k, day in enumerate(days):
        if k:
            move_revenue(src, rng)
        if k == runs - 1:
            shutil.copyfile(src, before_last)
        cpu, wall = timed_rerank(src, day)
        times.append(cpu)
        walls.append(wall)
        sizes.append(src.stat().st_size)
        print(f"  {n:,} clients, run {k + 1:2d} ({day}): {times[-1]:6.2f} s CPU, {walls[-1]:6.2f} s wall, "
              f"{sizes[-1] / 1e6:6.1f} MB", flush=True)
    again: dict[str, list[float]] = {"first": [], "last": []}
    scratch = folder / f"again_{n}.xlsx"
    for i in range(repeat):   # the reference and the last run once more, one after the other
        for which, start, day in (("first", fresh, days[0]), ("last", before_last, days[-1])):
            shutil.copyfile(start, scratch)
            again[which].append(timed_rerank(scratch, day)[0])
        print(f"  {n:,} clients, again {i + 1}: first {again['first'][-1]:.2f} s, last {again['last'][-1]:.2f} s CPU",
              flush=True)
    return {"clients": n, "runs": runs, "times": times, "walls": walls, "sizes": sizes,
            "history_rows": history_rows(src), "first": float(np.median(again["first"])),
            "last": float(np.median(again["last"])), "repeat": repeat}


def table(results: list[dict]) -> str:
    lines = ["| clients | runs | first run (CPU, median) | last run (CPU, median) | time ratio (target <= 1.5) | "
             "in the sequence: first, second, last | size after first | size after last | "
             "size ratio (target <= 1.5) | Rank History rows |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        t, s = r["times"], r["sizes"]
        ratio = r["last"] / r["first"]
        second = t[1] if len(t) > 1 else t[0]
        lines.append(f"| {r['clients']:,} | {r['runs']} | {r['first']:.2f} s | {r['last']:.2f} s | {ratio:.2f}x "
                     f"{'(met)' if ratio <= 1.5 else '(NOT met)'} | {t[0]:.2f} s, {second:.2f} s, "
                     f"{t[-1]:.2f} s | {s[0] / 1e6:.1f} MB | {s[-1] / 1e6:.1f} MB | "
                     f"{s[-1] / s[0]:.2f}x {'(met)' if s[-1] / s[0] <= 1.5 else '(NOT met)'} | "
                     f"{r['history_rows']:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    p.add_argument("--runs", type=int, default=25)
    p.add_argument("--repeat", type=int, default=3, help="times the first and the last run are timed again")
    p.add_argument("--keep", metavar="DIR", help="keep the workbooks in DIR")
    args = p.parse_args(argv)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xlcr-history-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results = [one_size(n, args.runs, folder, args.repeat) for n in args.sizes]
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the general reading rules (xlclientrank/reader/rules/, reader/totals.py) cost: `rerank` on
order-line CSV files, this checkout against a reference checkout, in alternating runs.

    git worktree add /tmp/reference <commit before the rules>
    python benchmarks/rules.py --reference /tmp/reference [--lines 1000000] [--repeat 3] [--keep DIR]

Two files of ``--lines`` order lines are built with the generator of benchmarks/run.py
(``make_orders``; one customer per 20 lines): the plain file of run.py (Invoice date, Invoice no,
Customer ID, Customer, Amount, Cost) and the same lines with a Status column (2 % Cancelled, the
rest Paid or Sent) and a Currency column (EUR), so that the status and currency rules have work to
do. Each run is a fresh process (``python -m xlclientrank rerank FILE --out NEW.xlsx --quiet``),
with the reference's package first on ``PYTHONPATH``; runs of the two checkouts alternate, and the
report gives each median, the peak RSS and the ratio of the medians (this checkout / reference). The
reference ranks the cancelled lines too, so on the Status file the two do not do the same work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (benchmarks/run.py: the order-line generator)


def build(folder: Path, lines: int) -> list[Path]:
    import numpy as np
    import pandas as pd

    plain = folder / f"orders_{lines}.csv"
    status = folder / f"orders_status_{lines}.csv"
    if not plain.exists():
        run.write_orders_csv(plain, run.make_orders(lines, run.csv_customers(lines)))
    if not status.exists():
        df = pd.read_csv(plain)
        rng = np.random.default_rng(7)
        df.insert(3, "Status", np.where(rng.random(len(df)) < 0.02, "Cancelled",
                                        np.where(rng.random(len(df)) < 0.5, "Paid", "Sent")))
        df["Currency"] = "EUR"
        df.to_csv(status, index=False)
    return [plain, status]


def once(source: Path, out: Path, pythonpath: str | None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one rerank, in a process of its own (run.measured: a fresh
    helper process, so that its children's peak RSS is this run's)."""
    if out.exists():
        out.unlink()
    saved = os.environ.get("PYTHONPATH")
    if pythonpath:
        os.environ["PYTHONPATH"] = pythonpath
    else:
        os.environ.pop("PYTHONPATH", None)
    try:
        r = run.measured([sys.executable, "-m", "xlclientrank", "rerank", str(source), "--out", str(out), "--quiet"],
                         f"rerank {source.name}")
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
    return r["wall"], r["maxrss_kb"] / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", required=True, help="a checkout of the commit to compare with")
    p.add_argument("--lines", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--keep", default="benchmarks/out", help="folder for the built files")
    a = p.parse_args(argv)
    folder = Path(a.keep)
    folder.mkdir(parents=True, exist_ok=True)
    print("| file | this checkout (median s) | reference (median s) | ratio | peak RSS (MB) this / reference |")
    print("|---|---:|---:|---:|---:|")
    for source in build(folder, a.lines):
        mine, ref, mine_mb, ref_mb = [], [], 0.0, 0.0
        for _ in range(a.repeat):
            w, mb = once(source, folder / "ranked_rules_this.xlsx", None)
            mine.append(w)
            mine_mb = max(mine_mb, mb)
            w, mb = once(source, folder / "ranked_rules_reference.xlsx", str(Path(a.reference).resolve()))
            ref.append(w)
            ref_mb = max(ref_mb, mb)
        m, r = statistics.median(mine), statistics.median(ref)
        print(f"| {source.name} | {m:.2f} | {r:.2f} | {m / r:.2f}x | {mine_mb:.0f} / {ref_mb:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

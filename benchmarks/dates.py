"""Text dates a column at a time: ``cells.parse_dates`` on a million dates typed as text, against
pandas' ``to_datetime`` given the format (which the reader does not know: it finds it), in the same
run. The speed targets used to be a timed test; they live here, as ratios to that reference.

    python benchmarks/dates.py [--lines 1000000] [--repeat 3]

Targets: repeating days (a shop's orders: about 1,500 distinct days in a million lines) at most as
slow as the reference; distinct date-times (a log with seconds) at most 4x the reference.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from xlclientrank.reader import cells

CASES = [  # format, distinct times, target ratio to pandas with the format given
    ("%Y-%m-%d", False, 1.0), ("%d.%m.%Y", False, 1.0), ("%-d %b %Y", False, 1.0),
    ("%Y-%m-%dT%H:%M:%S+01:00", True, 4.0), ("%b %-d, %Y %-I:%M %p", True, 4.0),
]
PANDAS_FORMAT = {"%-d %b %Y": "%d %b %Y", "%b %-d, %Y %-I:%M %p": "%b %d, %Y %I:%M %p"}


def texts(fmt: str, distinct_times: bool, lines: int) -> tuple[pd.Series, np.ndarray]:
    """``lines`` dates (and times) written with ``fmt``, and their Excel serial days."""
    rng = np.random.default_rng(13)
    days = np.datetime64("2020-01-01") + rng.integers(0, 1500, lines)
    stamps = pd.to_datetime(days)
    if distinct_times:
        stamps = stamps + pd.to_timedelta(rng.integers(0, 86400, lines), unit="s")
    return pd.Series(stamps.strftime(fmt).tolist(), dtype=object), (days - np.datetime64("1899-12-30")).astype(float)


def best(repeat: int, fn, *args, **kwargs) -> float:
    """The shortest of ``repeat`` runs of ``fn(*args, **kwargs)``, in seconds."""
    took = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args, **kwargs)
        took.append(time.perf_counter() - start)
    return min(took)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    print("| format | distinct times | parse_dates | pandas, format given | ratio | target |")
    print("|---|---|---|---|---|---|")
    for fmt, distinct, target in CASES:
        series, want = texts(fmt, distinct, args.lines)
        got = cells.parse_dates(series)
        assert np.array_equal(got, want), fmt
        ours = best(args.repeat, cells.parse_dates, series)
        ref = best(args.repeat, pd.to_datetime, series, format=PANDAS_FORMAT.get(fmt, fmt), utc=distinct)
        ratio = ours / ref
        print(f"| `{fmt}` | {'yes' if distinct else 'no'} | {ours:.2f} s | {ref:.2f} s | "
              f"{ratio:.2f}x | {target:.1f}x {'(met)' if ratio <= target else '(NOT met)'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

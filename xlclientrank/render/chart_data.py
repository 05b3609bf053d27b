"""The data behind the 80/20 charts, written as plain cells (on the methodology sheet) so that the
owner and the advisor can read every number a chart shows.

Two blocks, one under the other:

- **Top clients**: the :data:`TOP_BARS` clients with the largest value of the 80/20 column, and one
  row "All others (N clients)" with the rest's total, so that the bars add up to the whole; beside
  each bar the cumulative share of the total up to and including it (it reaches 100 % on the last
  row) and the 80/20 target.
- **The 80/20 curve**: the share of the total held by the largest clients, for every whole percent
  of clients (0 %, 1 %, ... 100 % of clients, rounded to whole clients): the line starts at 0 and
  ends at 100 %, with the target beside it.

Missing values count as 0, as in the 80/20 figures (:func:`xlclientrank.figures.pareto`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlclientrank.engine import Ranking
from xlclientrank.render.formats import Formats

TOP_BARS = 20
CURVE_POINTS = 101  # 0 %, 1 %, ... 100 % of clients


@dataclass(frozen=True)
class ChartRefs:
    """Where the chart data is: the sheet, and the first and last 0-based rows of each block; the
    top block's columns are A (client), B (value), C (cumulative share), D (target); the curve's A
    (share of clients), B (share of the value), C (target)."""

    sheet: str
    top: tuple[int, int]
    curve: tuple[int, int]
    others: bool  # the top block ends with the "All others" row


def top_rows(names: np.ndarray, values: np.ndarray, bars: int = TOP_BARS) -> list[tuple[str, float, float]]:
    """(label, value, cumulative share) for the largest ``bars`` clients and "All others (N clients)".

    >>> top_rows(np.array(["a", "b", "c"]), np.array([1.0, 3.0, 0.0]), bars=1)
    [('b', 3.0, 0.75), ('All others (2 clients)', 1.0, 1.0)]
    """
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    total = float(v.sum())
    order = np.argsort(-v, kind="stable")
    top = order[:bars] if len(order) > bars + 1 else order
    rows = [(str(names[i]), float(v[i])) for i in top]
    others = len(order) - len(top)
    if others:
        rows.append((f"All others ({others:,} clients)", float(v[order[len(top):]].sum())))
    out, running = [], 0.0
    for label, value in rows:
        running += value
        out.append((label, value, running / total if total else 0.0))
    if out and total:
        out[-1] = (out[-1][0], out[-1][1], 1.0)  # the whole, not a sum's rounding
    return out


def curve_rows(values: np.ndarray, points: int = CURVE_POINTS) -> list[tuple[float, float]]:
    """(share of clients, share of the total they hold), the largest clients first, at ``points``
    evenly spaced shares of clients from 0 to 1 (each rounded to whole clients).

    >>> curve_rows(np.array([3.0, 1.0]), points=3)
    [(0.0, 0.0), (0.5, 0.75), (1.0, 1.0)]
    """
    v = np.sort(np.nan_to_num(np.asarray(values, dtype=float), nan=0.0))[::-1]
    n, total = len(v), float(v.sum())
    cum = np.concatenate(([0.0], np.cumsum(v)))
    out = []
    for share in np.linspace(0.0, 1.0, points):
        k = int(np.floor(share * n + 0.5))
        held = 1.0 if k == n else float(cum[k] / total)  # all clients hold the whole, not a sum's rounding
        out.append((k / n if n else 0.0, held if total else 0.0))
    return out


def write(ws, fmt: Formats, ranking: Ranking, row: int, sheet: str, value_format=None) -> ChartRefs | None:
    """Writes both blocks from ``row`` (0-based) of ``ws``; None (and nothing written) without an
    80/20 split. ``value_format``: the 80/20 column's cell format (the owner's currency)."""
    cfg = ranking.config
    if not cfg.pareto_column or ranking.pareto is None or not ranking.pareto.count:
        return None
    values = ranking.table[cfg.pareto_column].to_numpy(dtype=float)
    names = ranking.table["Client"].astype(str).to_numpy()
    ws.write_string(row, 0, f"Chart data: your top {TOP_BARS} clients by {cfg.pareto_column}", fmt.heading)
    row += 1
    for j, h in enumerate(("Client", cfg.pareto_column, "Share so far", "Target")):
        ws.write_string(row, j, h, fmt.head)
    first = row + 1
    top = top_rows(names, values)
    for label, value, cumulative in top:
        row += 1
        ws.write_string(row, 0, label)
        ws.write_number(row, 1, value, value_format or fmt.money)
        ws.write_number(row, 2, cumulative, fmt.percent)
        ws.write_number(row, 3, cfg.pareto_target, fmt.percent)
    top_rows_at = (first, row)
    others = len(names) > TOP_BARS + 1  # as top_rows decides
    row += 2
    ws.write_string(row, 0, f"Chart data: the 80/20 curve of {cfg.pareto_column}", fmt.heading)
    row += 1
    for j, h in enumerate(("Share of clients (largest first)", f"Share of {cfg.pareto_column}", "Target")):
        ws.write_string(row, j, h, fmt.head)
    first = row + 1
    for clients, share in curve_rows(values):
        row += 1
        ws.write_number(row, 0, clients, fmt.percent)
        ws.write_number(row, 1, share, fmt.percent)
        ws.write_number(row, 2, cfg.pareto_target, fmt.percent)
    return ChartRefs(sheet, top_rows_at, (first, row), others)

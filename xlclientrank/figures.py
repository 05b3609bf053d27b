"""The 80/20 figures of a value column (revenue, usually): the Pareto group, the top-20 % share,
the importance ratio, the Gini coefficient and the largest client's share.

numpy and pandas only, below :mod:`xlclientrank.engine`, which puts them on a ranking (and names them too:
``engine.pareto`` and the others are these functions).

Definitions
-----------
Pareto group for a value column V and target t (default 0.8): sort clients by V (high first, ties
in rank order); ``count`` is the smallest number of top clients whose combined V reaches at least
``t`` of the total; ``cutoff`` is the V of the last client in the group; ``client_share`` is
``count / n``. A missing V counts as 0. When the total is not positive there is no Pareto group.

Top-20 % share: share of total V held by the top ``round(0.2 n)`` clients by V.
Importance ratio: the largest V divided by the smallest positive V.
Gini: ``2 * sum(i * x_(i)) / (n * sum(x)) - (n + 1) / n`` over V sorted ascending, negatives as 0.
Largest client share: the largest V over the total; 10 % or more is a concentration risk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence, TypeAlias

import numpy as np
import pandas as pd

CONCENTRATION_LIMIT = 0.10  # a largest client share from here on is a concentration risk
DEFAULT_TARGET = 0.8
DEFAULT_TOP = 0.2


def round_half_up(x: float) -> int:
    """``x`` rounded to a whole number, halves up (0.5 -> 1, 2.5 -> 3), as the tier and top-20 % counts are."""
    return int(math.floor(x + 0.5 + 1e-9))


def value_order(v: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Positions sorted by value (high first), ties in rank order."""
    rank_of = np.empty(len(order), dtype=int)
    rank_of[order] = np.arange(len(order))
    return np.lexsort((rank_of, -v))


# ---------------------------------------------------------------- Pareto and concentration

# a value column: one value a client, as a list, a NumPy array or a pandas Series
Values: TypeAlias = Sequence[float] | np.ndarray | pd.Series


@dataclass(frozen=True)
class Pareto:
    """The Pareto group of a value column. ``count`` 0 means there is none (total not positive)."""

    target: float
    count: int
    cutoff: float | None
    client_share: float | None
    total: float
    cumulative_share: np.ndarray  # per client (input positions), cumulative share in value order
    in_group: np.ndarray          # per client (input positions), bool


def pareto(values: Values, target: float = DEFAULT_TARGET,
           order: np.ndarray | None = None) -> Pareto:
    """Pareto group of ``values`` (one per client, NaN counts as 0) for ``target`` of the total.

    ``order``: rank order used to break ties between equal values (default: input order).

    >>> p = pareto([50, 30, 10, 5, 5])
    >>> p.count, p.cutoff, p.client_share
    (2, 30.0, 0.4)
    """
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    n = len(v)
    order = np.arange(n) if order is None else order
    by_value = value_order(v, order)
    total = float(v.sum())
    cum = np.zeros(n)
    in_group = np.zeros(n, dtype=bool)
    if n == 0 or total <= 0:
        return Pareto(target, 0, None, None, total, cum, in_group)
    running = np.cumsum(v[by_value])
    cum[by_value] = running / total
    reached = running >= target * total - 1e-9 * max(1.0, abs(total))
    count = int(np.argmax(reached)) + 1 if reached.any() else n
    in_group[by_value[:count]] = True
    return Pareto(target, count, float(v[by_value[count - 1]]), count / n, total, cum, in_group)


def top_share(values: Values, top: float = DEFAULT_TOP) -> float | None:
    """Share of the total held by the top ``round(top * n)`` clients by value; None if total <= 0.

    >>> top_share([50, 30, 10, 5, 5])
    0.5
    """
    v = np.sort(np.nan_to_num(np.asarray(values, dtype=float), nan=0.0))[::-1]
    total = v.sum()
    if len(v) == 0 or total <= 0:
        return None
    k = round_half_up(top * len(v))
    return float(v[:k].sum() / total)


def importance_ratio(values: Values) -> float | None:
    """Largest value divided by the smallest positive value; None without positive values.

    >>> importance_ratio([296, 1, 0, -5])
    296.0
    """
    v = np.asarray(values, dtype=float)
    pos = v[v > 0]
    if len(pos) == 0:
        return None
    with np.errstate(over="ignore"):
        ratio = float(pos.max() / pos.min())
    return ratio if math.isfinite(ratio) else None


def gini(values: Values) -> float | None:
    """Gini coefficient, negatives and missing counted as 0; None when the total is 0.

    >>> gini([1, 1, 1, 1])
    0.0
    >>> round(gini([0, 0, 0, 10]), 6)
    0.75
    """
    v = np.sort(np.clip(np.nan_to_num(np.asarray(values, dtype=float), nan=0.0), 0, None))
    n = len(v)
    if n == 0 or v.sum() <= 0:
        return None
    i = np.arange(1, n + 1)
    return float(2.0 * (i * v).sum() / (n * v.sum()) - (n + 1) / n)


def largest_share(values: Values) -> float | None:
    """The largest single value over the total; None when the total is not positive."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    total = v.sum()
    if len(v) == 0 or total <= 0:
        return None
    return float(v.max() / total)

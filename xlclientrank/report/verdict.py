"""The verdict: three to five plain sentences, chosen from a ranking's figures, that say "so what".

Each sentence carries its number and unit; amounts are written by ``money`` (the 80/20 column's own
number format, see :mod:`xlclientrank.report.amounts`). The sentences are chosen in this order, and
the first five that apply are kept:

1. **Concentration risk**: one client brings :data:`~xlclientrank.figures.CONCENTRATION_LIMIT` (10 %)
   or more of the 80/20 column: "Willow Vets alone brings 20 % of your Sales: a risk if they leave."
2. **The 80/20 split**: "35 of your 150 clients (23 %) bring 80 % of your Sales (each $11,506.77 or more)."
3. **The best tier**: "Your 30 Ideal clients (20 %) bring 52 % of your Sales and 65 % of your Gross profit."
4. **The bottom tier, when it brings far less than its share of clients** (less than half its share
   of clients, of gross profit where known, else of the 80/20 column): "Your 75 Poor clients (half of
   your clients) bring 0.5 % of your Gross profit."
5. **Where the time goes** (an hours factor): the best tier's share of the hours against its share of
   the 80/20 column, and whether that is good (within 10 points: time follows value).
6. **The grief**: how few clients cause 80 % of the complaints (or, without complaints, take 80 % of
   the hours), when that is a minority (at most 40 % of the clients).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from xlclientrank.engine import CONCENTRATION_LIMIT, Ranking, pareto
from xlclientrank.report.lines import Line

MAX_SENTENCES = 5
FOCUS_TOLERANCE = 0.10   # hours share within 10 points of the value share: time follows value
GRIEF_MINORITY = 0.40    # "a minority brings most of the grief" only when it is at most 40 % of clients


def pct(x: float) -> str:
    """A share as the sentences write it: ``0.516`` -> ``"51.6 %"``, ``0.5`` -> ``"50 %"``."""
    text = f"{x * 100:.1f} %".replace(".0 %", " %")
    return "0 %" if text in ("-0 %", "-0.0 %") else text


def part_of(count: int, n: int) -> str:
    """``count`` of ``n`` clients in words where a plain fraction says it better ("half")."""
    if n and count * 2 == n:
        return "half of your clients"
    if n and count * 4 == n:
        return "a quarter of your clients"
    return f"{pct(count / n)} of your clients" if n else "0 %"


def column_of(ranking: Ranking, kind: str) -> str | None:
    """The first factor column of a kind (hours, complaints, profit) that the table holds."""
    return next((f.column for f in ranking.config.factors if f.kind == kind and f.column in ranking.table), None)


def values(ranking: Ranking, column: str) -> np.ndarray:
    """A column of the ranking table as floats, a missing value as 0."""
    out: np.ndarray = np.nan_to_num(ranking.table[column].to_numpy(dtype=float), nan=0.0)
    return out


def sentences(ranking: Ranking, money: Callable[[float], str] = "{:,.2f}".format) -> list[Line]:
    """The verdict: up to :data:`MAX_SENTENCES` lines (label "Verdict", kind "text"), most important
    first (see the module docstring for the rules). Empty for a ranking without clients."""
    n = len(ranking.table)
    if not n:
        return []
    said = [s for s in (_concentration(ranking), _pareto(ranking, money), _best_tier(ranking), _bottom_tier(ranking),
                        focus(ranking), _grief(ranking)) if s]
    return [Line("Verdict", None, "text", s) for s in said[:MAX_SENTENCES]]


def _tier_mask(ranking: Ranking, index: int) -> np.ndarray:
    labels = list(ranking.tier_counts)
    mask: np.ndarray = (ranking.table["Tier"] == labels[index]).to_numpy()
    return mask


def _concentration(ranking: Ranking) -> str | None:
    col = ranking.config.pareto_column
    share = ranking.largest_client_share
    if col is None or share is None or share < CONCENTRATION_LIMIT - 1e-12:
        return None
    v = values(ranking, col)
    who = ranking.table["Client"].iloc[int(np.argmax(v))]
    return f"{who} alone brings {pct(share)} of your {col}: a risk if they leave."


def _pareto(ranking: Ranking, money: Callable[[float], str]) -> str | None:
    par, col, n = ranking.pareto, ranking.config.pareto_column, len(ranking.table)
    if par is None or not par.count or par.client_share is None or col is None:
        return None
    each = f" (each {money(par.cutoff)} or more)" if par.cutoff is not None and par.count > 1 else ""
    return (f"{par.count:,} of your {n:,} clients ({pct(par.client_share)}) bring "
            f"{pct(ranking.config.pareto_target)} of your {col}{each}.")


def _shares(ranking: Ranking, mask: np.ndarray) -> list[str]:
    """"52 % of your Sales", "65 % of your Gross profit": the tier's share of each positive total."""
    out = []
    col = ranking.config.pareto_column
    profit = column_of(ranking, "profit")
    for column in dict.fromkeys(c for c in (col, profit) if c):
        v = values(ranking, column)
        if v.sum() > 0:
            out.append(f"{pct(float(v[mask].sum() / v.sum()))} of your {column}")
    return out


def _best_tier(ranking: Ranking) -> str | None:
    labels, n = list(ranking.tier_counts), len(ranking.table)
    count = ranking.tier_counts[labels[0]]
    shares = _shares(ranking, _tier_mask(ranking, 0))
    if not shares or count == n:
        return None
    return f"Your {count:,} {labels[0]} clients ({pct(count / n)}) bring {' and '.join(shares)}."


def _bottom_tier(ranking: Ranking) -> str | None:
    labels, n = list(ranking.tier_counts), len(ranking.table)
    if len(labels) < 2:
        return None
    count = ranking.tier_counts[labels[-1]]
    if not count:
        return None
    mask = _tier_mask(ranking, len(labels) - 1)
    column = column_of(ranking, "profit") or ranking.config.pareto_column
    if column is None:
        return None
    v = values(ranking, column)
    if v.sum() <= 0:
        return None
    share = float(v[mask].sum() / v.sum())
    if share >= 0.5 * count / n:
        return None
    return f"Your {count:,} {labels[-1]} clients ({part_of(count, n)}) bring only {pct(share)} of your {column}."


def focus(ranking: Ranking) -> str | None:
    """The best tier's share of the hours against its share of the 80/20 column, and whether that is
    good; None without hours or a value."""
    hours_col, col = column_of(ranking, "hours"), ranking.config.pareto_column
    if hours_col is None or col is None:
        return None
    hours, v = values(ranking, hours_col), values(ranking, col)
    if hours.sum() <= 0 or v.sum() <= 0:
        return None
    mask = _tier_mask(ranking, 0)
    label = list(ranking.tier_counts)[0]
    time_share, value_share = float(hours[mask].sum() / hours.sum()), float(v[mask].sum() / v.sum())
    said = (f"Your {label} clients get {pct(time_share)} of your {hours_col} and bring {pct(value_share)} of "
            f"your {col}")
    if time_share < value_share - FOCUS_TOLERANCE:
        return said + ": give them more of your time."
    if time_share > value_share + FOCUS_TOLERANCE:
        return said + ": they take more of your time than they bring in."
    return said + ": your time follows the value."


def grief_sentence(count: int, client_share: float, verb: str, target: float, column: str) -> str:
    """"35 clients (23.3 %) cause 80 % of your Complaints", "1 client (20 %) takes ..."."""
    who = f"{count:,} client{'s' if count != 1 else ''} ({pct(client_share)})"
    return f"{who} {verb if count != 1 else verb + 's'} {pct(target)} of your {column}."


def _grief(ranking: Ranking) -> str | None:
    for kind, verb in (("complaints", "cause"), ("hours", "take")):
        column = column_of(ranking, kind)
        if column is None:
            continue
        grief = pareto(values(ranking, column), ranking.config.pareto_target)
        if grief.count and grief.client_share is not None and grief.client_share <= GRIEF_MINORITY:
            return grief_sentence(grief.count, grief.client_share, verb, ranking.config.pareto_target, column)
    return None

"""The verdict: three to five plain sentences, chosen from a ranking's figures, that say "so what".

Each sentence carries its number and unit; amounts are written by ``money`` (the 80/20 column's own
number format, see :mod:`xlclientrank.report.amounts`). The sentences are chosen in this order, and
the first five that apply are kept:

1. **Concentration risk**: one client brings :data:`~xlclientrank.figures.CONCENTRATION_LIMIT` (10 %)
   or more of the 80/20 column: "Willow Vets alone brings 20 % of your Sales: a risk if they leave."
2. **The 80/20 split**: "35 of your 150 clients (23 %) bring 80 % of your Sales (each $11,506.77 or more)."
3. **The best tier**: "Your 30 Ideal clients (20 %) bring 52 % of your Sales and 65 % of your Gross profit."
   Then **who they are**, the category that stands out most among them (given by the caller, see
   :mod:`xlclientrank.report.profile`): "Veterinary (Industry): 30 % of your Ideal clients, 10 % of all clients."
4. **The bottom tier, when it brings far less than its share of clients** (less than half its share
   of clients, of gross profit where known, else of the 80/20 column): "Your 75 Poor clients (half of
   your clients) bring 0.5 % of your Gross profit."
5. **Where the time goes** (an hours factor): the best tier's share of the hours against its share of
   the 80/20 column, and whether that is good (within 10 points: time follows value).
6. **The grief**: how few clients cause 80 % of the complaints (or, without complaints, take 80 % of
   the hours), when that is a minority (at most 40 % of the clients).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from xlclientrank.engine import CONCENTRATION_LIMIT, Ranking, pareto
from xlclientrank.figures import Pareto
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


def noun(n: int) -> str:
    """"client" for one, "clients" for any other number."""
    return "client" if n == 1 else "clients"


def clients(n: int) -> str:
    """"1 client", "35 clients"."""
    return f"{n:,} {noun(n)}"


def verb(n: int, plural: str) -> str:
    """The verb for ``n`` clients: ``verb(1, "bring")`` -> ``"brings"``."""
    return plural + "s" if n == 1 else plural


def plausible(share: float | None) -> bool:
    """A share the sentences may say: from 0 to 100 % (a column with negative amounts, refunds or
    losses, can give a tier more than the whole of a smaller net total)."""
    return share is not None and -1e-9 <= share <= 1 + 1e-9


def sentences(ranking: Ranking, money: Callable[[float], str] = "{:,.2f}".format,
              who: Sequence[str] = ()) -> list[Line]:
    """The verdict: up to :data:`MAX_SENTENCES` lines (label "Verdict", kind "text"), most important
    first (see the module docstring for the rules). Empty for a ranking without clients. A sentence
    whose share would be below 0 or above 100 % (negative amounts) is not said. ``who``: who the
    best tier's clients are, strongest first (:func:`xlclientrank.report.profile.sentences`); the
    first is said after the best tier."""
    n = len(ranking.table)
    if not n:
        return []
    said = [s for s in (_concentration(ranking), _pareto(ranking, money), _best_tier(ranking), *who[:1],
                        _bottom_tier(ranking), focus(ranking), _grief(ranking)) if s]
    return [Line("Verdict", None, "text", s) for s in said[:MAX_SENTENCES]]


def tier_mask(ranking: Ranking, index: int) -> np.ndarray:
    """Which clients (in table order) are in the tier at ``index`` (0 = the best)."""
    labels = list(ranking.tier_counts)
    mask: np.ndarray = (ranking.table["Tier"] == labels[index]).to_numpy()
    return mask


def largest(ranking: Ranking) -> list[str]:
    """The client (or the clients, when several share it) with the largest value of the 80/20
    column, in the order of the input; the engine's concentration note names the first of them."""
    col = ranking.config.pareto_column
    if col is None or not len(ranking.table):
        return []
    v = values(ranking, col)
    top = ranking.table.loc[np.isclose(v, v.max(), rtol=1e-12, atol=0.0)]
    if "row" in top:
        top = top.sort_values("row", kind="stable")
    return [str(c) for c in top["Client"]]


def who_brings(names: list[str]) -> str:
    """"Willow Vets alone brings", "Acme and Bluebell each bring", "4 clients each bring"."""
    if len(names) == 1:
        return f"{names[0]} alone brings"
    if len(names) <= 3:
        return f"{', '.join(names[:-1])} and {names[-1]} each bring"
    return f"{len(names):,} clients each bring"


def _concentration(ranking: Ranking) -> str | None:
    col = ranking.config.pareto_column
    share = ranking.largest_client_share
    names = largest(ranking)
    if col is None or not plausible(share) or share is None or share < CONCENTRATION_LIMIT - 1e-12:
        return None
    if len(names) * share > 1 + 1e-9 or len(names) == len(ranking.table):
        return None  # all clients equal: nobody stands out
    return f"{who_brings(names)} {pct(share)} of your {col}: a risk if they leave."


def _pareto(ranking: Ranking, money: Callable[[float], str]) -> str | None:
    par, col, n = ranking.pareto, ranking.config.pareto_column, len(ranking.table)
    if par is None or not par.count or par.client_share is None or col is None or par.count == n:
        return None
    each = f" (each {money(par.cutoff)} or more)" if par.cutoff is not None and par.count > 1 else ""
    return (f"{par.count:,} of your {clients(n)} ({pct(par.client_share)}) {verb(par.count, 'bring')} "
            f"{pct(ranking.config.pareto_target)} of your {col}{each}.")


def tier_shares(ranking: Ranking, mask: np.ndarray) -> list[str]:
    """"52 % of your Sales", "65 % of your Gross profit": the tier's share of each positive total
    (the 80/20 column, then gross profit); a share outside 0-100 % is left out."""
    out = []
    col = ranking.config.pareto_column
    profit = column_of(ranking, "profit")
    for column in dict.fromkeys(c for c in (col, profit) if c):
        v = values(ranking, column)
        share = float(v[mask].sum() / v.sum()) if v.sum() > 0 else None
        if plausible(share) and share is not None:
            out.append(f"{pct(share)} of your {column}")
    return out


def _best_tier(ranking: Ranking) -> str | None:
    labels, n = list(ranking.tier_counts), len(ranking.table)
    count = ranking.tier_counts[labels[0]]
    shares = tier_shares(ranking, tier_mask(ranking, 0))
    if not shares or count in (0, n):
        return None
    return f"Your {count:,} {labels[0]} {noun(count)} ({pct(count / n)}) {verb(count, 'bring')} {' and '.join(shares)}."


def _bottom_tier(ranking: Ranking) -> str | None:
    labels, n = list(ranking.tier_counts), len(ranking.table)
    if len(labels) < 2:
        return None
    count = ranking.tier_counts[labels[-1]]
    if not count:
        return None
    mask = tier_mask(ranking, len(labels) - 1)
    column = column_of(ranking, "profit") or ranking.config.pareto_column
    if column is None:
        return None
    v = values(ranking, column)
    if v.sum() <= 0:
        return None
    share = float(v[mask].sum() / v.sum())
    if not plausible(share) or share >= 0.5 * count / n:
        return None
    return (f"Your {count:,} {labels[-1]} {noun(count)} ({part_of(count, n)}) "
            f"{verb(count, 'bring')} only {pct(share)} of your {column}.")


def focus(ranking: Ranking) -> str | None:
    """The best tier's share of the hours against its share of the 80/20 column, and whether that is
    good; None without hours or a value, or with nobody in the best tier."""
    hours_col, col = column_of(ranking, "hours"), ranking.config.pareto_column
    label = list(ranking.tier_counts)[0]
    if hours_col is None or col is None or not ranking.tier_counts[label]:
        return None
    hours, v = values(ranking, hours_col), values(ranking, col)
    if hours.sum() <= 0 or v.sum() <= 0:
        return None
    mask = tier_mask(ranking, 0)
    time_share, value_share = float(hours[mask].sum() / hours.sum()), float(v[mask].sum() / v.sum())
    if not (plausible(time_share) and plausible(value_share)):
        return None
    said = (f"Your {label} clients get {pct(time_share)} of your {hours_col} and bring {pct(value_share)} of "
            f"your {col}")
    if time_share < value_share - FOCUS_TOLERANCE:
        return said + ": give them more of your time."
    if time_share > value_share + FOCUS_TOLERANCE:
        return said + ": they take more of your time than they bring in."
    return said + ": your time follows the value."


def grief_sentence(count: int, client_share: float, plural_verb: str, target: float, column: str) -> str:
    """"35 clients (23.3 %) cause 80 % of your Complaints", "1 client (20 %) takes ..."."""
    return f"{clients(count)} ({pct(client_share)}) {verb(count, plural_verb)} {pct(target)} of your {column}."


def griefs(ranking: Ranking) -> list[tuple[str, str, Pareto]]:
    """(column, verb, its 80/20 group) for the complaints, then the hours, that the ranking holds."""
    out = []
    for kind, plural_verb in (("complaints", "cause"), ("hours", "take")):
        column = column_of(ranking, kind)
        if column is not None:
            out.append((column, plural_verb, pareto(values(ranking, column), ranking.config.pareto_target)))
    return out


def _grief(ranking: Ranking) -> str | None:
    for column, plural_verb, grief in griefs(ranking):
        if grief.count and grief.client_share is not None and grief.client_share <= GRIEF_MINORITY:
            return grief_sentence(grief.count, grief.client_share, plural_verb, ranking.config.pareto_target, column)
    return None

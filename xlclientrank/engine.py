"""The ranking engine: per-factor scores, the 0-100 score, ranks, tiers and Pareto figures.

Pure pandas/numpy: no Excel, no files, no xlwings. Every definition used anywhere in xlclientrank
(the Ranking sheet, the cell formulas, the advisor copy, the README's methodology) is the one
written here, once.

Definitions
-----------
Factor score (0-100), per factor, among all clients that have a value for it:

* ``percentile`` (default): ``100 * (r - 1) / (m - 1)`` where ``r`` is the client's average rank
  (1 = worst value, ``m`` = best) among the ``m`` clients with a value. Ties share the mean of
  their ranks, so equal values get equal scores; one giant client cannot squash the others.
  With ``m == 1`` the score is 50. For a "lower is better" factor the values are negated first.
* ``minmax``: ``100 * (v - min) / (max - min)`` (inverted for lower-is-better); 50 when all equal.

Missing values (blank or not a number) never count as good:

* ``worst`` (default): the client gets 0 for that factor, the lowest possible score;
* ``leave out``: the factor is left out of that client's weighted mean (the client is scored on
  the factors it has); a client with no value in any weighted factor gets 0.

Score: ``sum(w_f * s_f) / sum(w_f)`` over the factors with weight ``w_f > 0``.

Rank: 1 = best. Order by score (high first); ties are broken by the Pareto value (high first,
missing last), then by client name (case-insensitive), then by the row's position in the sheet.
The same input therefore always gives the same ranking, whatever the row order, unless two rows
have the same name and the same values.

Tiers (default method ``shares``): walk down the ranking; tier ``i`` ends at client number
``round_half_up(n * (s_1 + ... + s_i))``, so the counts are whole clients that add up to ``n``;
the first tier has at least one client. Default labels Ideal, Core, Poor with shares 20/30/50 %.
``thresholds``: a client is in the first tier whose minimum score it reaches (the last tier has
none). ``abc``: value-based ABC on the Pareto column: sort by value (high first); a client is in
tier ``i`` when the cumulative share of value *before* it is below ``v_1 + ... + v_i``
(default 80/15/5 %), so tier A is exactly the Pareto group for 80 %.

The Pareto group and the concentration figures of the value column: :mod:`xlclientrank.figures`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from xlclientrank.errors import RankingError

# the 80/20 figures, read through the engine too (engine.pareto, engine.DEFAULT_TARGET, ...)
from xlclientrank.figures import CONCENTRATION_LIMIT as CONCENTRATION_LIMIT
from xlclientrank.figures import DEFAULT_TARGET as DEFAULT_TARGET
from xlclientrank.figures import DEFAULT_TOP as DEFAULT_TOP
from xlclientrank.figures import Pareto as Pareto
from xlclientrank.figures import gini as gini
from xlclientrank.figures import importance_ratio as importance_ratio
from xlclientrank.figures import largest_share as largest_share
from xlclientrank.figures import pareto as pareto
from xlclientrank.figures import round_half_up, value_order
from xlclientrank.figures import top_share as top_share

SCALES = ("percentile", "minmax")
MISSING = ("worst", "leave out")
TIER_METHODS = ("shares", "thresholds", "abc")


@dataclass(frozen=True)
class Factor:
    """One measured factor: a source column, a weight >= 0 and a direction."""

    column: str
    weight: float = 1.0
    higher_is_better: bool = True
    kind: str = "custom"

    def __post_init__(self) -> None:
        if not (isinstance(self.weight, (int, float)) and math.isfinite(self.weight) and self.weight >= 0):
            raise RankingError(f"the weight of '{self.column}' must be a number 0 or more, not {self.weight!r}")


@dataclass(frozen=True)
class TierRule:
    """How clients are put into tiers. ``labels`` run from best to worst (2 to 5 tiers).

    ``shares``: fractions of clients per tier (sum 1). ``thresholds``: minimum score of every tier
    but the last, descending. ``value_shares``: ABC fractions of total value per tier (sum 1).
    """

    method: str = "shares"
    labels: tuple[str, ...] = ("Ideal", "Core", "Poor")
    shares: tuple[float, ...] = (0.2, 0.3, 0.5)
    thresholds: tuple[float, ...] = (70.0, 40.0)
    value_shares: tuple[float, ...] = (0.8, 0.15, 0.05)

    def __post_init__(self) -> None:
        n = len(self.labels)
        if self.method not in TIER_METHODS:
            raise RankingError(f"tier method must be one of {', '.join(TIER_METHODS)}, not {self.method!r}")
        if not 2 <= n <= 5:
            raise RankingError(f"there must be 2 to 5 tiers, not {n}")
        if len(set(self.labels)) != n or any(not str(x).strip() for x in self.labels):
            raise RankingError("tier labels must be different and not blank")
        if self.method == "shares":
            _check_fractions("client shares", self.shares, n)
        elif self.method == "thresholds":
            t = self.thresholds
            if len(t) != n - 1 or any(not 0 <= x <= 100 for x in t) or list(t) != sorted(t, reverse=True):
                raise RankingError(f"{n} tiers need {n - 1} minimum scores between 0 and 100, highest first")
        else:
            _check_fractions("value shares", self.value_shares, n)


def _check_fractions(what: str, values: Sequence[float], n: int) -> None:
    if len(values) != n or any(not (0 <= v <= 1) for v in values) or abs(sum(values) - 1) > 1e-6:
        raise RankingError(f"the {what} of the {n} tiers must be {n} percentages that add up to 100 %")


@dataclass(frozen=True)
class RankConfig:
    """Everything the engine needs besides the data."""

    factors: tuple[Factor, ...]
    tiers: TierRule = field(default_factory=TierRule)
    scale: str = "percentile"
    missing: str = "worst"
    pareto_column: str | None = None
    pareto_target: float = DEFAULT_TARGET

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise RankingError(f"score scale must be percentile or minmax, not {self.scale!r}")
        if self.missing not in MISSING:
            raise RankingError(f"missing values must be 'worst' or 'leave out', not {self.missing!r}")
        if not 0 < self.pareto_target <= 1:
            raise RankingError(f"the 80/20 share must be above 0 % and at most 100 %, not {self.pareto_target!r}")

    @property
    def weighted(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if f.weight > 0)


# ---------------------------------------------------------------- factor scores

def factor_score(values: pd.Series, higher_is_better: bool = True, scale: str = "percentile") -> pd.Series:
    """0-100 score of one factor for every client; NaN where the value is missing. ``values``:
    numbers (float, NaN = missing), one per client; the float Series returned has the same index.
    See the module docstring for the two scales."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    if not higher_is_better:
        v = -v
    present = v.notna()
    m = int(present.sum())
    out = pd.Series(np.nan, index=v.index, dtype=float)
    if m == 0:
        return out
    if scale == "percentile":
        if m == 1:
            out[present] = 50.0
        else:
            r = v[present].rank(method="average")
            out[present] = 100.0 * (r - 1.0) / (m - 1)
    elif scale == "minmax":
        lo, hi = v[present].min(), v[present].max()
        out[present] = 50.0 if hi == lo else 100.0 * (v[present] - lo) / (hi - lo)
    else:
        raise RankingError(f"score scale must be percentile or minmax, not {scale!r}")
    return out


def score(table: pd.DataFrame, config: RankConfig) -> pd.DataFrame:
    """Per-factor scores and the combined score.

    ``table``: one row per client, numeric columns named as in ``config.factors`` (dates already
    turned into numbers, NaN for missing). Returns a DataFrame with the same index, one column per
    weighted factor (its 0-100 score, NaN where missing) and a column ``"Score"`` (0-100).
    """
    factors = config.weighted
    if not factors:
        raise RankingError("every factor has weight 0: give at least one factor a weight above 0")
    scores = {}
    for f in factors:
        if f.column not in table.columns:
            raise RankingError(f"there is no column '{f.column}' to score")
        scores[f.column] = factor_score(table[f.column], f.higher_is_better, config.scale)
    parts = pd.DataFrame(scores, index=table.index)
    w = np.array([f.weight for f in factors], dtype=float)
    s = parts.to_numpy(dtype=float)
    if config.missing == "worst":
        total = np.nan_to_num(s, nan=0.0) @ w / w.sum()
    else:
        have = ~np.isnan(s)
        wsum = have.astype(float) @ w
        with np.errstate(invalid="ignore", divide="ignore"):
            total = np.where(wsum > 0, np.nan_to_num(s, nan=0.0) @ w / np.where(wsum > 0, wsum, 1), 0.0)
    # rounding to 1e-9 makes scores that are equal in exact arithmetic equal here too, so that the
    # documented tie-break decides between them rather than the last bit of floating-point noise
    parts["Score"] = np.clip(np.round(total, 9), 0.0, 100.0)
    return parts


def effects(parts: pd.DataFrame, factors: Sequence[Factor], missing: str = "worst") -> np.ndarray:
    """How far each factor pulls each client's score above or below a middling 50, in score points.

    ``parts``: the factor scores, one column per factor named as the factor's column (NaN where the
    value is missing). A factor's effect on a client is ``w * (s - 50) / sum(w)``; a missing value
    counts as the score it was given: 0 under ``worst`` (a negative effect), none under ``leave out``
    (no effect). Returns an array of one row per client and one column per factor, in ``factors`` order.
    """
    cols = [f.column for f in factors]
    w = np.array([f.weight for f in factors], dtype=float)
    s = parts[cols].to_numpy(dtype=float)
    if missing == "worst":
        s = np.nan_to_num(s, nan=0.0)
    effect = (s - 50.0) * w / w.sum()
    return np.where(np.isnan(effect), 0.0, effect)


def reasons(parts: pd.DataFrame, factors: Sequence[Factor], missing: str = "worst") -> tuple[np.ndarray, np.ndarray]:
    """The factor that helped and the one that hurt each client's score most.

    The factor with the largest positive :func:`effects` helped most, the one with the most negative
    hurt most (a missing value counts as the score it was given: 0 under ``worst``, left out under
    ``leave out``). Returns two arrays of column names, ``""`` where no factor pulled that way.
    """
    cols = [f.column for f in factors]
    effect = effects(parts, factors, missing)
    names = np.asarray(cols + [""], dtype=object)
    best = np.where(effect.max(axis=1) > 1e-9, effect.argmax(axis=1), len(cols))
    worst = np.where(effect.min(axis=1) < -1e-9, effect.argmin(axis=1), len(cols))
    return names[best], names[worst]


# ---------------------------------------------------------------- order and tiers

def rank_order(scores: pd.Series, value: pd.Series | None, names: pd.Series) -> np.ndarray:
    """Positions (0-based, into the inputs) of the clients from rank 1 downwards. Sort keys: score
    descending, value descending (missing last), name case-insensitively, then original position."""
    n = len(scores)
    pos = np.arange(n)
    sc = np.asarray(scores, dtype=float)
    val = np.zeros(n) if value is None else np.asarray(pd.to_numeric(value, errors="coerce"), dtype=float)
    val = np.where(np.isnan(val), -np.inf, val)
    order = np.lexsort((pos, -val, -sc))
    # names only matter where score and value are both tied: look at those clients alone
    same = (sc[order][1:] == sc[order][:-1]) & (val[order][1:] == val[order][:-1])
    if not same.any():
        return order
    tied = np.zeros(n, dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    who = order[tied]
    names = np.asarray(names, dtype=object)[who]
    keys = np.array(["" if x is None else str(x).casefold() for x in names], dtype=object)
    name_code = np.zeros(n)
    name_code[who] = pd.Series(keys).rank(method="dense").to_numpy()
    return np.lexsort((pos, name_code, -val, -sc))


def tier_counts_by_share(n: int, shares: Sequence[float]) -> list[int]:
    """Whole clients per tier for ``n`` ranked clients; they add up to ``n``, the first is >= 1.

    >>> tier_counts_by_share(150, (0.2, 0.3, 0.5))
    [30, 45, 75]
    >>> tier_counts_by_share(3, (0.2, 0.3, 0.5))
    [1, 1, 1]
    """
    if n == 0:
        return [0] * len(shares)
    bounds, cum = [], 0.0
    for s in shares[:-1]:
        cum += s
        bounds.append(round_half_up(n * cum))
    bounds.append(n)
    bounds[0] = max(1, bounds[0])
    for i in range(1, len(bounds)):
        bounds[i] = min(n, max(bounds[i], bounds[i - 1]))
    return [bounds[0]] + [bounds[i] - bounds[i - 1] for i in range(1, len(bounds))]


def abc_positions(values: np.ndarray, order: np.ndarray, limits: Sequence[float]) -> np.ndarray:
    """Tier index (0-based) per client by cumulative value share (see module docstring)."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    total = v.sum()
    tier = np.full(len(v), len(limits) - 1)
    if total <= 0:
        return tier
    by_value = value_order(v, order)
    before = np.concatenate(([0.0], np.cumsum(v[by_value])[:-1])) / total
    cum_limits = np.cumsum(limits)[:-1]
    tier[by_value] = np.searchsorted(cum_limits - 1e-12, before, side="right")
    return tier


# ---------------------------------------------------------------- the whole ranking

@dataclass
class Ranking:
    """The result of :func:`rank`.

    ``table``: one row per client in rank order with columns ``Rank`` (1 = best), ``Client``,
    ``Score``, ``Tier``, the factor values as given, ``"<factor> score"`` for each weighted factor,
    ``Helped most`` and ``Hurt most`` (see :func:`reasons`), ``Cumulative share`` and
    ``In Pareto group`` (bool), plus ``row`` (the client's position in the input). ``tier_counts``:
    label -> number of clients, in tier order.
    """

    table: pd.DataFrame
    config: RankConfig
    tier_counts: dict[str, int]
    pareto: Pareto | None
    top20_share: float | None
    importance_ratio: float | None
    gini: float | None
    largest_client_share: float | None
    warnings: list[str]


def _tier_index(scores: pd.Series, value: pd.Series | None, order: np.ndarray, tiers: TierRule) -> np.ndarray:
    """Each client's tier (0-based, by input position) by the configured method."""
    tier_index = np.empty(len(scores), dtype=int)
    if tiers.method == "shares":
        counts = tier_counts_by_share(len(scores), tiers.shares)
        tier_index[order] = np.repeat(np.arange(len(counts)), counts)
    elif tiers.method == "thresholds":
        s = scores.to_numpy()
        tier_index[:] = len(tiers.labels) - 1
        for i in reversed(range(len(tiers.thresholds))):
            tier_index[s >= tiers.thresholds[i] - 1e-9] = i
    else:
        if value is None:
            raise RankingError("ABC tiers need a column of amounts: type its header in '80/20 column'")
        tier_index[:] = abc_positions(value.to_numpy(), order, tiers.value_shares)
    return tier_index


def _client_rows(clients: pd.DataFrame, config: RankConfig, client_column: str, parts: pd.DataFrame,
                 order: np.ndarray, tier_index: np.ndarray) -> pd.DataFrame:
    """Rank, client, score, tier, the factor values, the factor scores and the reasons, in input order."""
    out = pd.DataFrame({
        "Rank": np.empty(len(clients), dtype=int),
        "Client": clients[client_column].to_numpy(dtype=object),
        "Score": parts["Score"].to_numpy(),
        "Tier": np.asarray(config.tiers.labels, dtype=object)[tier_index],
    })
    out.loc[order, "Rank"] = np.arange(1, len(clients) + 1)
    for column in [f.column for f in config.factors] + [config.pareto_column]:
        if column in clients.columns and column != client_column and column not in out:
            out[column] = clients[column].to_numpy()
    for f in config.weighted:
        out[f"{f.column} score"] = parts[f.column].to_numpy()
    out["Helped most"], out["Hurt most"] = reasons(parts, config.weighted, config.missing)
    return out


NAMED = 5  # clients named in a warning; the others are counted


def without(names: Sequence[object], column: str, what_they_do: str) -> str:
    """The warning of clients without a value in ``column``, naming the first :data:`NAMED`:
    "2 clients have no Rating: Acme Ltd, Bluebell Print; they get the lowest score for it."
    ``what_they_do`` is said of several clients ("get ...", "are ...", "count ..."); it is made
    singular for one ("gets ...", "is ...", "counts ...")."""
    n = len(names)
    shown = ", ".join(str(x) for x in names[:NAMED])
    more = f" and {n - NAMED:,} more" if n > NAMED else ""
    if n == 1:
        verb, _, rest = what_they_do.partition(" ")
        single = "is" if verb == "are" else "has" if verb == "have" else verb + "s"
        return f"1 client has no {column}: {shown}; it {single} {rest}."
    return f"{n:,} clients have no {column}: {shown}{more}; they {what_they_do}."


def _pareto_columns(out: pd.DataFrame, value: pd.Series, config: RankConfig, order: np.ndarray,
                    warnings: list[str]) -> Pareto:
    """The Pareto group, its columns added to ``out``; warns of missing values and of no 80/20 split."""
    missing = value.isna().to_numpy()
    weighted = any(f.column == config.pareto_column for f in config.weighted)  # then said once, with the score
    if missing.any() and not weighted:
        warnings.append(without(out["Client"].to_numpy()[missing], str(config.pareto_column),
                                "count as 0 in the 80/20 figures"))
    par = pareto(value.to_numpy(), config.pareto_target, order)
    if par.count == 0:
        warnings.append(f"The total of {config.pareto_column} is not above 0, so there is no 80/20 split.")
    out["Cumulative share"] = par.cumulative_share
    out["In Pareto group"] = par.in_group
    return par


def _later_warnings(clients: pd.DataFrame, config: RankConfig, client_column: str, v: np.ndarray | None,
                    largest: float | None) -> list[str]:
    """The warnings of factor values missing, then of one client bringing too much of the value."""
    warnings = []
    for f in config.weighted:
        miss = clients[f.column].isna().to_numpy()
        if miss.any():
            how = "get the lowest score for it" if config.missing == "worst" else "are scored without it"
            if f.column == config.pareto_column:
                how += " (0 in the 80/20 figures)"
            warnings.append(without(clients[client_column].to_numpy()[miss], f.column, how))
    if v is not None and largest is not None and largest >= CONCENTRATION_LIMIT - 1e-12:
        filled = np.nan_to_num(v, nan=-np.inf)
        tops = [str(c) for c in clients[client_column].to_numpy()[filled == filled.max()]]
        who = (f"{tops[0]} alone brings" if len(tops) == 1 else
               f"{', '.join(tops[:-1])} and {tops[-1]} each bring" if len(tops) <= 3 else
               f"{len(tops):,} clients each bring")
        warnings.append(f"Concentration risk: {who} {largest:.0%} of your {config.pareto_column} "
                        f"(10 % or more is a warning sign).")
    return warnings


def rank(clients: pd.DataFrame, config: RankConfig, client_column: str) -> Ranking:
    """Scores, ranks and tiers ``clients`` and computes the Pareto figures.

    ``clients``: one row per client; ``client_column`` holds the names; every factor column holds
    numbers (NaN = missing; dates as day numbers). Input order is irrelevant except as the last
    tie-break. Returns a :class:`Ranking`.
    """
    if len(clients) == 0:
        raise RankingError("there are no clients to rank")
    clients = clients.reset_index(drop=True)
    parts = score(clients, config)
    value = None
    if config.pareto_column:
        value = pd.to_numeric(clients[config.pareto_column], errors="coerce").astype(float)
    order = rank_order(parts["Score"], value, clients[client_column])
    tier_index = _tier_index(parts["Score"], value, order, config.tiers)
    out = _client_rows(clients, config, client_column, parts, order, tier_index)
    warnings: list[str] = []
    par = None if value is None else _pareto_columns(out, value, config, order, warnings)
    out["row"] = np.arange(len(clients))
    out = out.iloc[order].reset_index(drop=True)
    v = None if value is None else value.to_numpy()
    largest = None if v is None else largest_share(v)
    warnings += _later_warnings(clients, config, client_column, v, largest)
    counts = pd.Series(tier_index).value_counts()
    return Ranking(
        table=out,
        config=config,
        tier_counts={lab: int(counts.get(i, 0)) for i, lab in enumerate(config.tiers.labels)},
        pareto=par,
        top20_share=None if v is None else top_share(v),
        importance_ratio=None if v is None else importance_ratio(v),
        gini=None if v is None else gini(v),
        largest_client_share=largest,
        warnings=warnings,
    )

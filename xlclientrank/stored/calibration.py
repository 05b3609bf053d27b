"""What a cell formula needs to score one client's row exactly as the last Re-rank did.

A tier or score is relative to all clients, but Excel recalculates a row formula only when its
own cells change. So every Re-rank stores a *calibration* in the workbook (the hidden sheet
``ClientRank Calibration``): the settings used (factors, weights, directions, scale, tiers), the
order of the client table's columns, what the reader decided for each factor column from all its
cells (decimal comma, day-first dates: :class:`xlclientrank.reader.cells.Decisions`), and every
client's factor values, score, rank and tier.

A row formula (``=CLIENT_TIER(A2:K2)``) maps the row's cells to factors by position (the row starts
at the table's first column), reads each cell as the reader read it in its column (with the
column's decisions, so ``1.500 €`` is 1,500 in a column of German amounts), scores each factor
against the stored population exactly as the engine does, and:

* when the client is in the calibration with the same score, returns its stored rank and tier,
  which are the Ranking sheet's;
* otherwise (the row changed since the last Re-rank) places the new score among the stored ones:
  the result is what Re-rank would give if only this row had changed; Re-rank refreshes everything.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from xlclientrank import engine
from xlclientrank.names import CALIBRATION_SHEET as SHEET  # noqa: F401 - read as calibration.SHEET
from xlclientrank.reader import cells, dates, locate
from xlclientrank.reader.keys import client_key

HEADER_ROW = 3  # 0-based row of the table header; rows 0-1 hold a note and the JSON settings


@dataclass
class Calibration:
    columns: list[str]              # the client table's headers, in sheet order
    client_column: str
    factors: list[engine.Factor]    # weighted factors
    scale: str
    missing: str
    tiers: engine.TierRule
    pareto_column: str | None
    names: list[str]                # per client, in rank order
    scores: np.ndarray
    tiers_of: list[str]
    values: dict[str, np.ndarray]   # factor column -> values per client (rank order)
    # factor column -> the reader's column-wide decisions; empty for a calibration stored by a version
    # before them (each cell then decides alone, as then)
    decisions: dict[str, cells.Decisions] = field(default_factory=dict)
    pareto_target: float | None = None  # the 80/20 share; None in a calibration stored before it was kept
    # the best-client bar of this ranking and of the last one of an earlier date (stored.best.stored),
    # kept only to say whether the owner changed it; None in a calibration stored before it was kept
    best: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        # plain Python lists: bisect on them is what keeps one formula call to microseconds
        self._sorted: dict[str, list[float]] = {c: np.sort(v[~np.isnan(v)]).tolist() for c, v in self.values.items()}
        self._by_name: dict[str, int] = {}
        self._by_number: dict[str, int] = {}  # "Customer 1234" -> 1234: a list keyed by numbers shows them with a word
        for i, name in enumerate(self.names):
            self._by_name.setdefault(client_key(name), i)
            shown_number = _SHOWN_NUMBER.match(name)
            if shown_number:
                self._by_number.setdefault(shown_number.group(1), i)
        self._weights = [f.weight for f in self.factors]
        self._wsum = sum(self._weights)
        self._neg_scores = [-s for s in self.scores.tolist()]
        self._scores = self.scores.tolist()
        self._name_pos = self.columns.index(self.client_column) if self.client_column in self.columns else None
        self._positions = [self.columns.index(f.column) if f.column in self.columns else None for f in self.factors]
        self._decided = [self.decisions.get(f.column) for f in self.factors]
        # the score of every value the population holds, so that scoring a known value is one lookup
        self._known = [{v: self._factor_score(f, v) for v in set(self._sorted[f.column])} for f in self.factors]

    # ---------------------------------------------------------------- scoring one row

    def factor_score(self, factor: engine.Factor, value: float) -> float:
        """0-100 score of one value against the stored population (NaN when missing)."""
        if value != value:  # NaN: missing
            return math.nan
        return self._factor_score(factor, value)

    def _factor_score(self, factor: engine.Factor, value: float) -> float:
        pop = self._sorted[factor.column]
        m = len(pop)
        if m == 0:
            return math.nan
        lo = bisect.bisect_left(pop, value)
        hi = bisect.bisect_right(pop, value)
        if hi == lo:  # a value the population does not hold: it is added to it, as Re-rank would
            m += 1
            hi = lo + 1
        if self.scale == "percentile":
            if m == 1:
                return 50.0
            below = lo if factor.higher_is_better else m - hi
            rank = below + (hi - lo + 1) / 2.0
            return 100.0 * (rank - 1.0) / (m - 1)
        low, high = min(pop[0], value), max(pop[-1], value)
        if high == low:
            return 50.0
        x = (value - low) / (high - low)
        return 100.0 * (x if factor.higher_is_better else 1.0 - x)

    def score(self, row_values: dict[str, float]) -> float:
        total = wsum = 0.0
        for f, w, known in zip(self.factors, self._weights, self._known):
            v = row_values.get(f.column, math.nan)
            s = known.get(v)
            if s is None:
                s = self.factor_score(f, v)
            if s != s:  # missing
                if self.missing == "worst":
                    wsum += w
                continue
            total += w * s
            wsum += w
        if self.missing == "worst":
            wsum = self._wsum
        return min(100.0, max(0.0, round(total / wsum, 9))) if wsum > 0 else 0.0

    def place(self, name: str, score: float) -> tuple[int, str]:
        """(rank, tier) of a client with this score: the stored ones when it matches the
        calibration, else where the score falls among the stored clients."""
        i = self._by_name.get(client_key(name))
        if i is None and name.isdigit():  # the cell holds 1234, the Ranking shows "Customer 1234"
            i = self._by_number.get(name)
        if i is not None and abs(self._scores[i] - score) <= 1e-9:
            return i + 1, self.tiers_of[i]
        rank = bisect.bisect_left(self._neg_scores, -score) + 1
        n = len(self.names) + (0 if i is not None else 1)
        t = self.tiers
        if t.method == "thresholds":
            tier = next((lab for lab, th in zip(t.labels, t.thresholds) if score >= th - 1e-9), t.labels[-1])
        elif t.method == "shares":
            counts = engine.tier_counts_by_share(n, t.shares)
            tier = t.labels[min(int(np.searchsorted(np.cumsum(counts), rank, side="left")), len(t.labels) - 1)]
        else:  # ABC by value: the stored tier when known; a changed client keeps no stored value share
            tier = self.tiers_of[i] if i is not None else t.labels[-1]
        return rank, tier

    def row_values(self, row: Sequence[Any]) -> tuple[str, dict[str, float]]:
        """Client name (its white space tidied, as the reader reads names) and factor values of a row of
        the client table (from its first column). A factor that is no column of the sheet (one the
        owner's notes add: Fit, Complaints, ...) has the value stored for the row's client (missing
        for a client the calibration does not know)."""
        n = len(row)
        name = locate.text(row[self._name_pos] if self._name_pos is not None and self._name_pos < n else None)
        out = {}
        for f, pos, decided in zip(self.factors, self._positions, self._decided):
            if pos is not None:
                out[f.column] = _number(row[pos], decided) if pos < n else math.nan
            else:
                i = self._by_name.get(client_key(name))
                if i is None and name.isdigit():  # the cell holds 1234, the Ranking shows "Customer 1234"
                    i = self._by_number.get(name)
                out[f.column] = float(self.values[f.column][i]) if i is not None else math.nan
        return name, out


def _number(v: Any, decided: cells.Decisions | None = None) -> float:
    """A cell's value as the reader reads it (:func:`xlclientrank.reader.cells.clean`): numbers as they
    are, TRUE/FALSE as 1/0, dates as serial days, text cleaned with its column's ``decided`` decisions
    (decimal comma, day-first), as it was in the whole column."""
    if v is None:
        return math.nan
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, float):
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return dates.date_to_serial(v)
    return float(cells.clean([v], decided=decided).values[0])


# how reader/identity.py shows a client known only by a number: its header's word and the number
_SHOWN_NUMBER = re.compile(r"^[^\W\d][^\d]* (\d+)$")


def build(ranking: engine.Ranking, columns: Sequence[str], client_column: str,
          decisions: Mapping[str, cells.Decisions] | None = None, best: dict[str, Any] | None = None) -> Calibration:
    """``decisions``: the client table's (:attr:`xlclientrank.reader.ClientTable.decisions`); the
    factor columns' are kept. ``best``: the best-client bars to keep (see :attr:`Calibration.best`)."""
    cfg = ranking.config
    decisions = decisions or {}
    t = ranking.table
    return Calibration(
        columns=list(columns), client_column=client_column, factors=list(cfg.weighted), scale=cfg.scale,
        missing=cfg.missing, tiers=cfg.tiers, pareto_column=cfg.pareto_column,
        names=t["Client"].astype(str).tolist(), scores=t["Score"].to_numpy(dtype=float),
        tiers_of=t["Tier"].astype(str).tolist(),
        values={f.column: t[f.column].to_numpy(dtype=float) for f in cfg.weighted},
        decisions={f.column: decisions[f.column] for f in cfg.weighted if f.column in decisions},
        pareto_target=cfg.pareto_target, best=best,
    )


_DECISION_KEYS = ("decimal_comma", "day_first")


def settings_json(c: Calibration) -> str:
    return json.dumps({
        "columns": c.columns, "client_column": c.client_column, "scale": c.scale, "missing": c.missing,
        "factors": [[f.column, f.weight, f.higher_is_better, f.kind] for f in c.factors],
        "tiers": {"method": c.tiers.method, "labels": list(c.tiers.labels), "shares": list(c.tiers.shares),
                  "thresholds": list(c.tiers.thresholds), "value_shares": list(c.tiers.value_shares)},
        "pareto_column": c.pareto_column, "pareto_target": c.pareto_target,
        # only what was decided: a column without (None, None) reads as without decisions
        "decisions": {col: {k: getattr(d, k) for k in _DECISION_KEYS if getattr(d, k) is not None}
                      for col, d in c.decisions.items() if any(getattr(d, k) is not None for k in _DECISION_KEYS)},
        **({"best": c.best} if c.best is not None else {}),
    }, ensure_ascii=False)


def table_columns(c: Calibration) -> list[str]:
    return ["Client", "Score", "Tier"] + [f.column for f in c.factors]


def parse(grid: Sequence[Sequence[Any]]) -> Calibration:
    """The calibration from the cell values of its sheet (as :mod:`render` writes it)."""
    meta = json.loads(grid[1][0])
    factors = [engine.Factor(col, float(w), bool(h), kind) for col, w, h, kind in meta["factors"]]
    t = meta["tiers"]
    rule = engine.TierRule(t["method"], tuple(t["labels"]), tuple(t["shares"]), tuple(t["thresholds"]),
                           tuple(t["value_shares"]))
    body = [r for r in grid[HEADER_ROW + 1:] if r and r[0] is not None]
    values = {f.column: np.array([_float(r[3 + j]) for r in body]) for j, f in enumerate(factors)}
    return Calibration(
        columns=meta["columns"], client_column=meta["client_column"], factors=factors, scale=meta["scale"],
        missing=meta["missing"], tiers=rule, pareto_column=meta["pareto_column"],
        names=[str(r[0]) for r in body], scores=np.array([_float(r[1]) for r in body]),
        tiers_of=[str(r[2]) for r in body], values=values, decisions=_decisions(meta.get("decisions")),
        pareto_target=meta.get("pareto_target"),
    )


def _decisions(stored: Any) -> dict[str, cells.Decisions]:
    """The stored decisions; none in a calibration from a version before them (nor anything it
    cannot read: each cell then decides alone, as in those versions)."""
    if not isinstance(stored, dict):
        return {}
    out = {}
    for col, d in stored.items():
        if isinstance(d, dict):
            out[col] = cells.Decisions(**{k: d[k] for k in _DECISION_KEYS if isinstance(d.get(k), bool)})
    return out


def _float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan

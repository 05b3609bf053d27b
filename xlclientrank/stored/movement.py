"""Who moved: a run's tiers against an earlier run's, client by client.

A run is compared with **the ranking it replaces**: the run before it, or the run of the same date
it replaces (a second run for a date replaces the first, see :mod:`.history`); and, when that is
another run, with **the last run of an earlier month**. An earlier run's tiers are read from
``Rank History``: each client's "Tier by run" cell holds one entry per run since it was first
ranked, the latest last, so the entry of the run ``k`` runs back is the ``k + 1``-th from the end.

A same-day run is compared with the run it replaces; when nothing changed (same settings, same
tiers) it is shown as the run it replaced was, against the run before that (``Movement.instead``,
:func:`settle`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from xlclientrank.reader.keys import client_keys

SEP, ABSENT = " | ", "–"   # as Rank History writes a client's runs (history.SEP, history.ABSENT)


@dataclass
class Before:
    """One earlier run as Rank History holds it: its date, each client's tier and name then (by the
    client's key), the clients ranked before that run too, and the number in the first tier."""

    date: dt.date
    tiers: dict[str, str]
    names: dict[str, str]
    first_tier: int | None


@dataclass
class Movement:
    """This run against the ranking it replaces (``previous`` is None on the first run).

    ``marks``: per client of the ranking, in its order: "New", "Same", "Up from Core", "Down from
    Ideal" or "Was <a tier no longer in the labels>" (the Ranking's "Since last time" column).
    ``moved``: (client, tier before, tier now) of every client whose tier changed, in rank order;
    ``fresh``: (client, tier) of the new ones, ``back`` of them ranked before, with a gap;
    ``gone``: (client, tier it had). ``settings``: the settings changed since then ("Sales weight
    3 -> 5"); None when they cannot be known (an older workbook). ``last_month``: against the last
    run of an earlier month when that is another run; ``instead``: on a same-day run, this run
    against the run before the one it replaces."""

    previous: dt.date | None
    marks: list[str]
    gone: list[tuple[str, str]] = field(default_factory=list)
    up: int = 0
    down: int = 0
    new: int = 0
    first_tier_before: int | None = None
    same_day: bool = False
    moved: list[tuple[str, str, str]] = field(default_factory=list)
    fresh: list[tuple[str, str]] = field(default_factory=list)
    back: int = 0
    settings: list[str] | None = None
    last_month: Movement | None = None
    instead: Movement | None = None

    @property
    def unchanged(self) -> bool:
        """Every client in the same tier as then, none new, none gone."""
        return not (self.moved or self.fresh or self.gone)

    def renamed(self, alias: Callable[[str], str]) -> Movement:
        """The same movement with every client's name given by ``alias`` (the advisor's anonymous copy)."""
        return dataclasses.replace(
            self, gone=[(alias(c), t) for c, t in self.gone], moved=[(alias(c), a, b) for c, a, b in self.moved],
            fresh=[(alias(c), t) for c, t in self.fresh],
            last_month=self.last_month.renamed(alias) if self.last_month is not None else None,
            instead=self.instead.renamed(alias) if self.instead is not None else None)


def first(n: int) -> Movement:
    """The movement of a first ranking (nothing to compare with) of ``n`` clients."""
    return Movement(None, [""] * n)


def at_run(clients: pd.DataFrame, runs: pd.DataFrame, j: int, labels: Sequence[str]) -> Before:
    """Run ``j`` (0-based, oldest first) of a history's client rows and run table."""
    back = len(runs) - 1 - j
    day = runs["Date"].iloc[j]
    entries = clients["Tier by run"].astype(str).str.rsplit(SEP, n=back + 1).str[-(back + 1)]
    there = (entries.notna() & (entries != ABSENT)).to_numpy()
    keys = client_keys(clients["Client"].astype(str)).to_numpy(dtype=object)[there]
    tiers = dict(zip(keys.tolist(), entries[there].astype(str).tolist()))
    names = dict(zip(keys.tolist(), clients["Client"].astype(str)[there].tolist()))
    row = runs.iloc[j]
    count = row[labels[0]] if labels and labels[0] in row.index else None
    first_tier = int(count) if count is not None and not pd.isna(count) else \
        sum(t == labels[0] for t in tiers.values()) if labels else None
    return Before(day, tiers, names, first_tier)


def compare(names: pd.Series, tiers: pd.Series, before: Before, labels: Sequence[str], *,
            known: set[str] | frozenset[str] = frozenset(), same_day: bool = False) -> Movement:
    """This run (``names`` and ``tiers`` in rank order) against ``before``. ``known``: the keys of
    every client ranked before this run (a new client among them is back after a gap)."""
    keys = client_keys(names.astype(str).reset_index(drop=True))
    tiers = tiers.astype(str).reset_index(drop=True)
    marks, was, up, down = _marks(keys, tiers, before.tiers, labels)
    shown = names.astype(str).tolist()
    now = tiers.tolist()
    moved = [(shown[i], str(was[i]), now[i]) for i, m in enumerate(marks) if m not in ("New", "Same")]
    fresh_at = [i for i, m in enumerate(marks) if m == "New"]
    fresh = [(shown[i], now[i]) for i in fresh_at]
    back = sum(keys.iloc[i] in known for i in fresh_at)
    present = set(keys.tolist())
    order = {label: i for i, label in enumerate(labels)}
    gone = sorted(((before.names[k], t) for k, t in before.tiers.items() if k not in present),
                  key=lambda g: order.get(g[1], len(order)))
    return Movement(before.date, marks, gone, up, down, len(fresh), before.first_tier, same_day, moved, fresh, back)


def _marks(keys: pd.Series, tiers: pd.Series, was: dict[str, str], labels: Sequence[str]
           ) -> tuple[list[str], np.ndarray, int, int]:
    """Each client's mark against the run before ("New", "Same", "Up from Core", "Down from Ideal",
    "Was <a tier no longer in the labels>"), its tier then (NaN for a new one), and how many went up
    and down; a column at once."""
    order = {label: i for i, label in enumerate(labels)}
    now = tiers.to_numpy(dtype=object)
    before = keys.map(pd.Series(was, dtype=object)).to_numpy(dtype=object) if was else \
        np.full(len(keys), np.nan, dtype=object)
    new = pd.isna(before)
    rank_now = pd.Series(now, dtype=object).map(order).to_numpy(dtype=float)
    rank_before = pd.Series(before, dtype=object).map(order).to_numpy(dtype=float)
    same = ~new & (before == now)
    ranked = ~new & ~same & ~np.isnan(rank_now) & ~np.isnan(rank_before)
    up = ranked & (rank_before > rank_now)
    down = ranked & ~up
    marks = np.full(len(keys), "Same", dtype=object)
    marks[new] = "New"
    other = ~new & ~same
    for where, words in ((other, "Was"), (up, "Up from"), (down, "Down from")):
        marks[where] = [f"{words} {tier}" for tier in before[where].tolist()]
    return marks.tolist(), before, int(up.sum()), int(down.sum())


def last_of_earlier_month(dates: Sequence[dt.date], today: dt.date) -> int | None:
    """The index of the last run dated in a month before ``today``'s, or None."""
    month = (today.year, today.month)
    return next((j for j in range(len(dates) - 1, -1, -1) if (dates[j].year, dates[j].month) < month), None)


def settle(m: Movement, settings: list[str] | None) -> Movement:
    """The movement to show, given the settings changed since the ranking it replaces (None: not
    known). A same-day run that changes nothing is shown as the run it replaces was: against the
    run before (so the same data ranked twice gives the same Ranking table, and an advisor's copy
    made that day names the movers that ranking named; the settings changed before it are no longer
    known, so they are not said)."""
    if m.same_day and m.unchanged and not settings and m.instead is not None:
        return m.instead
    return dataclasses.replace(m, settings=settings)

"""Month-to-month tracking: dated snapshots of every client's rank, score and tier.

The snapshots live in our sheet ``Rank History`` (Date, Rank, Client, Score, Tier; one row per
client per run). Each run adds today's snapshot; a second run on the same day replaces it. The
Ranking sheet compares today with the latest earlier snapshot: who moved up or down a tier, who is
new, and who is gone. Clients are matched by name, ignoring case and surrounding spaces.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

SHEET = "Rank History"
COLUMNS = ("Date", "Rank", "Client", "Score", "Tier")
_EPOCH = dt.datetime(1899, 12, 30)


def parse(grid: Sequence[Sequence[Any]]) -> tuple[pd.DataFrame, int]:
    """The snapshots in the history sheet's cell values, and how many rows could not be read.

    Returns a DataFrame with columns Date (datetime.date), Rank, Client, Score, Tier.
    """
    rows, bad = [], 0
    start = next((i + 1 for i, r in enumerate(grid[:5]) if r and str(r[0]).strip() == "Date"), 1)
    for r in grid[start:]:
        cells = list(r) + [None] * 5
        if all(c is None for c in cells[:5]):
            continue
        day = _date(cells[0])
        if day is None or cells[2] is None or cells[4] is None:
            bad += 1
            continue
        rows.append((day, _num(cells[1]), str(cells[2]).strip(), _num(cells[3]), str(cells[4]).strip()))
    return pd.DataFrame(rows, columns=list(COLUMNS)), bad


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and 1 < v < 2958466:
        return (_EPOCH + dt.timedelta(days=float(v))).date()
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    return None


def _num(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _key(names: pd.Series) -> pd.Series:
    return names.astype(str).str.strip().str.casefold()


@dataclass
class Movement:
    """Today against the previous snapshot (``previous`` is None on the first run)."""

    previous: dt.date | None
    marks: list[str]                      # per client of the ranking, in its order
    gone: list[tuple[str, str]] = field(default_factory=list)  # (client, tier it had)
    up: int = 0
    down: int = 0
    new: int = 0
    first_tier_before: int | None = None


def update(history: pd.DataFrame, table: pd.DataFrame, labels: Sequence[str], today: dt.date
           ) -> tuple[pd.DataFrame, Movement]:
    """Adds today's snapshot of ``table`` (Rank, Client, Score, Tier) to ``history``, replacing one
    from the same day, and compares it with the latest earlier snapshot."""
    snap = pd.DataFrame({"Date": [today] * len(table), "Rank": table["Rank"].to_numpy(),
                         "Client": table["Client"].astype(str).to_numpy(), "Score": table["Score"].to_numpy(),
                         "Tier": table["Tier"].astype(str).to_numpy()})
    older = history[history["Date"] < today] if len(history) else history
    newer = history[history["Date"] > today] if len(history) else history
    merged = pd.concat([older, snap, newer], ignore_index=True) if len(history) else snap
    if len(older) == 0:
        return merged, Movement(None, [""] * len(table))
    previous = max(older["Date"])
    before = older[older["Date"] == previous]
    was = dict(zip(_key(before["Client"]), before["Tier"]))
    order = {label: i for i, label in enumerate(labels)}
    marks, up, down, new = [], 0, 0, 0
    for key, tier in zip(_key(snap["Client"]), snap["Tier"]):
        old = was.get(key)
        if old is None:
            marks.append("New")
            new += 1
        elif old == tier:
            marks.append("Same")
        elif old in order and order[old] > order[tier]:
            marks.append(f"Up from {old}")
            up += 1
        elif old in order:
            marks.append(f"Down from {old}")
            down += 1
        else:
            marks.append(f"Was {old}")
    now = set(_key(snap["Client"]))
    gone = [(c, t) for c, t, k in zip(before["Client"], before["Tier"], _key(before["Client"])) if k not in now]
    first = int((before["Tier"] == labels[0]).sum())
    return merged, Movement(previous, marks, gone, up, down, new, first)


def first_tier_counts(history: pd.DataFrame, label: str) -> pd.DataFrame:
    """Date and number of clients in the first tier (Ideal), one row per snapshot, oldest first."""
    if len(history) == 0:
        return pd.DataFrame({"Date": [], "Count": []})
    counts = history.assign(first=(history["Tier"] == label).astype(int)).groupby("Date", sort=True)["first"].sum()
    return pd.DataFrame({"Date": counts.index, "Count": counts.to_numpy(dtype=float)})


def to_serial(days: Sequence[dt.date]) -> np.ndarray:
    return np.array([(dt.datetime(d.year, d.month, d.day) - _EPOCH).days for d in days], dtype=float)

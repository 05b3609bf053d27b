"""What a reading rule decides (:class:`Outcome`) and the helpers every rule reads headers and values with."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.reader import locate
from xlclientrank.reader.distinct import per_distinct

fold = headers.fold


def ending_pattern(table: dict[str, tuple[str, ...]] | Iterable[str]) -> re.Pattern[str]:
    """Matches a folded header that is one of ``table``'s words or ends with one ("Invoice Status")."""
    inner = headers.word_pattern(table).pattern
    return re.compile(rf"^(?:\S+ )*?(?:{inner})$")


def start_pattern(table: dict[str, tuple[str, ...]] | Iterable[str]) -> re.Pattern[str]:
    """Matches a folded value that starts with one of ``table``'s words ("cancelled by customer")."""
    return headers.word_pattern(table, anchored=True)




@dataclass
class Outcome:
    """What a rule decided: ``drop`` (per row: left out), ``skipped`` (what -> positions, for the
    "Left out" line and the notes), ``lines`` (what was understood), ``notes`` (warnings), and
    the sign each kept row's amount counts with (``sign``: +1, or -1 for money given back)."""

    drop: np.ndarray
    skipped: dict[str, np.ndarray] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    use_column: str | None = None   # currency: the converted amount to rank on
    sign: np.ndarray | None = None  # money: -1 where money given back counts against the client
    documents: bool = True          # whether the rows were taken as documents (status words applied)

    @classmethod
    def nothing(cls, n: int) -> "Outcome":
        return cls(np.zeros(n, dtype=bool))

    def merge(self, other: "Outcome") -> None:
        """Adds what ``other`` leaves out, its lines and notes (its sign and column are not taken)."""
        for what, rows in other.skipped.items():
            mask = np.zeros(len(self.drop), dtype=bool)
            mask[rows] = True
            self.leave_out(what, mask)
        self.lines += other.lines
        self.notes += other.notes

    def leave_out(self, what: str, rows: np.ndarray) -> None:
        """Leaves out ``rows`` (a mask) for the reason ``what``, adding to the rows already left out for it."""
        rows = rows & ~self.drop
        if rows.any():
            self.drop |= rows
            before = self.skipped.get(what, np.zeros(0, dtype=np.int64))
            self.skipped[what] = np.union1d(before, np.flatnonzero(rows))

    def keep_again(self, rows: np.ndarray) -> None:
        """Counts ``rows`` (a mask) after all."""
        self.drop &= ~rows
        for what in list(self.skipped):
            left = self.skipped[what][~rows[self.skipped[what]]]
            if len(left):
                self.skipped[what] = left
            else:
                del self.skipped[what]


def find(columns: Sequence[str], pattern: re.Pattern[str], exclude: Sequence[str] = ()) -> list[str]:
    """The headers ``pattern`` matches (folded), in the table's order."""
    return [c for c in columns if c not in exclude and pattern.search(fold(c))]


def folded_values(values: Sequence[Any]) -> pd.Series:
    return per_distinct(locate.texts(values), lambda u: np.array([fold(t) for t in u], dtype=object))


def matching(values: Sequence[Any], pattern: re.Pattern[str]) -> np.ndarray:
    """Per row, whether its folded value starts with a word of ``pattern`` (each distinct value looked at once)."""
    hit: np.ndarray = per_distinct(locate.texts(values).to_numpy(),
                                   lambda u: np.array([bool(t) and bool(pattern.match(t)) for t in map(fold, u)],
                                                    dtype=bool))
    return hit


def counts_text(texts: pd.Series, rows: np.ndarray) -> str:
    shown = Counter(texts[rows].tolist()).most_common()
    return ", ".join(f"{v or '(blank)'} {n:,}" for v, n in shown[:6]) + (" and more" if len(shown) > 6 else "")


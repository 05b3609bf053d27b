"""Who the best clients are: for each column of categories (industry, region, source, service, city
...), the share of the best tier in each category against the share of all clients, and the
categories that stand out.

Definitions (the Methodology sheet says them in plain words):

* A **column of categories** is a text column of the client list, not the client names, whose
  header names no identifier, e-mail, phone, address, person or note (:data:`NOT_A_CATEGORY`), and
  whose values, trimmed and compared without regard to case, are:

  - filled in for at least :data:`MIN_FILLED` (half) of the clients;
  - from 2 to :data:`MAX_CATEGORIES` (15) different values, with at least :data:`MIN_PER_CATEGORY`
    (3) clients per value on average (so repeated, not one per client);
  - short (:data:`MAX_LENGTH`, 30 characters on average: longer is free text);
  - not mostly e-mail or web addresses, nor mostly digits (phone numbers, postcodes, codes).

* A category is shown in its most frequent spelling. A client without a value counts as
  "(blank)": the shares are of all the best tier's clients and of all clients, so each column's
  shares add up to 100 %; "(blank)" never stands out.
* A category **stands out** when at least :data:`MIN_BEST` (5) clients of the best tier are in it
  and its share among the best tier is at least :data:`MIN_TIMES` (2) times its share among all
  clients. With fewer than :data:`MIN_BEST` clients in the best tier nothing can stand out.

Pure: plain arrays in, dataclasses out; :func:`of_ranking` aligns a client table's columns with a
ranking (``ranking.table["row"]`` is each ranked client's row of the table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from xlclientrank.engine import Ranking
from xlclientrank.headers import fold, word_pattern
from xlclientrank.headers.words import NOT_A_CATEGORY
from xlclientrank.report.verdict import pct

MIN_BEST = 5            # clients of the best tier a category needs before it can stand out
MIN_TIMES = 2           # ... and its share among the best tier against its share among all clients
MAX_CATEGORIES = 15     # more different values: not a column of categories
MIN_PER_CATEGORY = 3    # clients per value on average, at least
MIN_FILLED = 0.5        # share of clients with a value, at least
MAX_LENGTH = 30         # characters per value on average, at most (longer: free text)
SHOWN = 8               # rows per column on the Methodology sheet
SAID = 2                # categories said in the summary, at most
BLANK = "(blank)"

_NOT_RX = word_pattern(NOT_A_CATEGORY)
_ADDRESS_RX = re.compile(r"@|^https?://|^www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Category:
    """One category of a column: its clients in the best tier (``best``) and in all (``all``), and
    the two shares (of all the best tier's clients, of all clients)."""

    name: str
    best: int
    all: int
    best_share: float
    all_share: float
    stands_out: bool

    @property
    def times(self) -> float:
        """How many times its share among all clients its share among the best tier is."""
        return self.best_share / self.all_share if self.all_share else 0.0


@dataclass(frozen=True)
class ColumnProfile:
    """A column of categories: every category (blank included), those that stand out first (the
    strongest first), then by number of clients, "(blank)" last."""

    column: str
    categories: tuple[Category, ...]

    @property
    def standing_out(self) -> list[Category]:
        return [c for c in self.categories if c.stands_out]


@dataclass(frozen=True)
class Profile:
    """Who the best tier's clients are, per column of categories."""

    label: str              # the best tier's label
    best: int               # clients in the best tier
    clients: int            # all clients
    columns: tuple[ColumnProfile, ...]

    @property
    def too_few(self) -> bool:
        """Too few clients in the best tier for any category to stand out."""
        return self.best < MIN_BEST


def trimmed(value: Any) -> str:
    """A cell as a category's spelling: trimmed, inner spaces single; "" for a blank or NaN."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Spellings:
    """A column's cells as spellings: ``codes`` (one per cell) index ``names`` (each distinct
    :func:`trimmed` spelling once, "" for a blank), ``keys`` the category of each name (its trimmed,
    case-folded text; a number per category, 0 for blank) and ``count`` how many cells have each name."""

    codes: np.ndarray
    names: list[str]
    keys: np.ndarray
    count: np.ndarray


def spellings(values: Sequence[Any] | np.ndarray) -> Spellings:
    """The cells' spellings, each distinct cell read once (a long column repeats its categories)."""
    cells = values if isinstance(values, np.ndarray) else np.asarray(list(values), dtype=object)
    codes, uniques = pd.factorize(pd.Series(cells, dtype=object), use_na_sentinel=True)
    trimmed_codes, names = pd.factorize(pd.Series([""] + [trimmed(u) for u in uniques], dtype=object))
    codes = trimmed_codes[np.where(codes < 0, 0, codes + 1)]  # a blank cell (code -1): "" (name 0)
    keys = pd.factorize(pd.Series([str(x).casefold() for x in names], dtype=object))[0]
    return Spellings(codes, [str(x) for x in names], keys, np.bincount(codes, minlength=len(names)))


def looks_like_categories(header: str, values: Sequence[Any] | np.ndarray) -> bool:
    """Whether a text column of the client list is a column of categories (see the module)."""
    if _NOT_RX.search(fold(header)):
        return False
    sp = spellings(values)
    n = len(sp.codes)
    counts = pd.Series(sp.count[1:], index=sp.names[1:], dtype=float)  # name 0 is the blank
    counts = counts[counts > 0]
    filled = counts.sum()
    if not n or filled < MIN_FILLED * n:
        return False
    distinct = len(set(sp.keys[1:][sp.count[1:] > 0]))
    if not 2 <= distinct <= MAX_CATEGORIES or distinct * MIN_PER_CATEGORY > filled:
        return False
    text = counts.index.to_series()
    if (text.str.len() * counts).sum() / filled > MAX_LENGTH:
        return False
    addresses = counts[text.str.contains(_ADDRESS_RX).to_numpy()].sum()
    digits = counts[(text.str.count(r"\d") / text.str.len() >= 0.5).to_numpy()].sum()
    return not (addresses > 0.5 * filled or digits > 0.5 * filled)


def category_columns(frame: pd.DataFrame, kinds: Mapping[str, str], client_column: str) -> list[str]:
    """The columns of categories of a client table (``kinds``: column -> "text", "number", ...),
    in the table's order."""
    return [c for c, kind in kinds.items() if kind == "text" and c != client_column and c in frame
            and looks_like_categories(c, frame[c].to_numpy())]


def column_profile(column: str, values: Sequence[Any] | np.ndarray, best: np.ndarray) -> ColumnProfile:
    """The categories of one column. ``values``: one per client; ``best``: True for the clients of
    the best tier (same order)."""
    sp = spellings(values)
    best = np.asarray(best, dtype=bool)
    n, nbest = len(sp.codes), int(best.sum())
    key_of_cell = sp.keys[sp.codes]
    every = np.bincount(key_of_cell, minlength=sp.keys.max() + 1 if len(sp.keys) else 0)
    among_best = np.bincount(key_of_cell[best], minlength=len(every))
    out = []
    for key in np.flatnonzero(every):
        # the most frequent spelling of the category (the first seen among equals)
        spelled = np.flatnonzero(sp.keys == key)
        name = sp.names[spelled[np.argmax(sp.count[spelled])]]
        b, count = int(among_best[key]), int(every[key])
        stands = key != 0 and b >= MIN_BEST and b * n >= MIN_TIMES * count * nbest
        out.append(Category(name or BLANK, b, count, b / nbest if nbest else 0.0, count / n, bool(stands)))
    out.sort(key=lambda c: (not c.stands_out, -c.times if c.stands_out else 0.0, c.name == BLANK, -c.all,
                            c.name.casefold()))
    return ColumnProfile(column, tuple(out))


def profile(columns: Mapping[str, Sequence[Any] | np.ndarray], best: np.ndarray, label: str) -> Profile:
    """Who the best tier's clients are. ``columns``: column of categories -> its values, one per
    client; ``best``: True for the clients of the best tier, in the same order; ``label``: its name."""
    best = np.asarray(best, dtype=bool)
    return Profile(label, int(best.sum()), len(best),
                   tuple(column_profile(c, v, best) for c, v in columns.items()))


def of_ranking(ranking: Ranking, frame: pd.DataFrame, kinds: Mapping[str, str], client_column: str) -> Profile:
    """:func:`profile` of a ranking's best tier over the columns of categories of ``frame`` (the
    client table the ranking was made from; ``kinds``: its columns' kinds)."""
    rows = ranking.table["row"].to_numpy()
    label = ranking.config.tiers.labels[0]
    best = (ranking.table["Tier"] == label).to_numpy()
    columns = {c: frame[c].to_numpy()[rows] for c in category_columns(frame, kinds, client_column)}
    return profile(columns, best, label)


def standing_out(p: Profile, most: int = SAID) -> list[tuple[str, Category]]:
    """(column, category) of the categories that stand out, the strongest first (times its share
    among all clients, then clients of the best tier), at most ``most``."""
    said = [(col.column, c) for col in p.columns for c in col.standing_out]
    said.sort(key=lambda pair: (-pair[1].times, -pair[1].best))
    return said[:most]


def sentence(label: str, column: str, category: Category) -> str:
    """"Veterinary (Industry): 30 % of your Ideal clients, 10 % of all clients."."""
    return (f"{category.name} ({column}): {pct(category.best_share)} of your {label} clients, "
            f"{pct(category.all_share)} of all clients.")


def sentences(p: Profile, most: int = SAID) -> list[str]:
    """The summary's sentences: one per category that stands out, at most ``most``."""
    return [sentence(p.label, column, c) for column, c in standing_out(p, most)]


def as_json(p: Profile | None) -> list[dict[str, Any]]:
    """``--json``'s ``"profile"``: every category that stands out, the strongest first."""
    if p is None:
        return []
    return [{"column": column, "category": c.name, "best": c.best, "all": c.all,
             "best_share": c.best_share, "all_share": c.all_share}
            for column, c in standing_out(p, most=len(p.columns) * MAX_CATEGORIES)]


def shown(col: ColumnProfile, most: int = SHOWN) -> list[Category]:
    """The rows of a column's table: every category when there are at most ``most``; otherwise the
    first ``most - 1`` and one row for the others together ("3 others"), so that the shares still
    add up to 100 %."""
    if len(col.categories) <= most:
        return list(col.categories)
    head, rest = list(col.categories[:most - 1]), col.categories[most - 1:]
    best, every = sum(c.best for c in rest), sum(c.all for c in rest)
    return head + [Category(f"{len(rest)} others", best, every, sum(c.best_share for c in rest),
                            sum(c.all_share for c in rest), False)]


def the_test(label: str) -> str:
    """The test for "enough", in plain words."""
    return (f"A category stands out when at least {MIN_BEST} of your {label} clients are in it and its share of your "
            f"{label} clients is at least {MIN_TIMES} times its share of all clients (fewer could be chance).")


def what_counts(label: str) -> list[str]:
    """Which columns are compared, and how blanks count, in plain words (one line each)."""
    return [f"Compared: each text column with 2 to {MAX_CATEGORIES} short values that repeat (industry, region, "
            "source, service ...), filled in for at least half of your clients; not names, IDs, addresses, phone "
            "numbers or notes.",
            f"Capitals and spaces do not count. A client without a value counts as {BLANK}, so the shares are of "
            f"all your {label} clients and of all clients."]

"""Why each client stands where it does, in words with the values: "High sales ($12,450); Few hours (3.9)".

Which factors a reason names (:func:`chosen`): a weighted factor's effect on a client is how far its
score pulls the client's score above or below a middling 50 (:func:`xlclientrank.engine.effects`,
weight included). A reason names the factor that lifted the client most and the one that pulled it
down most (the engine's "helped most" and "hurt most"), and a third factor when it moved the score
by :data:`THIRD_FACTOR` points or more; the biggest effect first. A client that no factor moved (one
client alone, or all values equal) is described by its weightiest factor. A factor of weight 0 is
never named.

How a factor is said (:func:`phrase`), by its kind (see :mod:`xlclientrank.headers`) and direction,
with its value in the column's own number format:

* money: "High sales ($12,450)", "Low sales ($306)" (revenue is "sales" and hours are "hours" whatever
  their headers; an amount of 100 or more in whole units, in the column's own currency);
* orders and hours: "Many jobs (14)", "Few hours (3.9)", "No jobs";
* complaints and referrals: "No complaints", "1 complaint", "3 referrals";
* a 1-5 rating: "Fit 5 of 5";
* a "Client since" date: "Client for 12 years", "Client for 8 months" (counted to the ranking's date);
* a last-order date: "Last order 14 months ago";
* any other column, by its own header: "High Referrals given (7)", "Low Margin (12%)";
* a missing value: "No Rating given".

"High" and "Low" (or "Many" and "Few") say where the value stands among the clients, whichever way
the factor points: few hours help, many hours hurt.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from xlclientrank.engine import Factor, Ranking, effects
from xlclientrank.headers import CUSTOM, KIND_BY_KEY
from xlclientrank.report.amounts import EXCEL_EPOCH, as_text, is_date_format, without_decimals

THIRD_FACTOR = 5.0   # score points a third factor must move the score by to be named
WHOLE_UNITS = 100.0  # an amount from this size on is said in whole units ("High sales ($12,450)")
SHORT_TERMS = {"revenue": "sales", "hours": "hours"}  # said so whatever the header ("Revenue 2026", "Hours spent")
MOST_PARTS = 3
_NO_EFFECT = 1e-9


def texts(ranking: Ranking, number_format_of: Callable[[str], str], on: dt.date, most: int = MOST_PARTS) -> list[str]:
    """One reason per client, in the order of ``ranking.table``: 1 to ``most`` (2 or 3) parts joined by "; ".

    ``number_format_of``: column -> the number format code its values are shown in (see
    :func:`xlclientrank.report.amounts.column_format`). ``on``: the date the ranking is for (dates
    are counted to it: "Client for 12 years", "Last order 3 months ago")."""
    table = ranking.table
    factors = ranking.config.weighted
    if len(table) == 0 or not factors:
        return ["" for _ in range(len(table))]
    parts = pd.DataFrame({f.column: table[f"{f.column} score"].to_numpy(dtype=float) for f in factors})
    effect = effects(parts, factors, ranking.config.missing)
    values = {f.column: _values(table, f.column) for f in factors}
    scores = {f.column: parts[f.column].to_numpy() for f in factors}
    tops = {f.column: _top(values[f.column]) for f in factors}
    formats = {f.column: number_format_of(f.column) for f in factors}
    weights = [f.weight for f in factors]
    picks = chosen_two(np.asarray(effect, dtype=float), weights) if most == 2 else None
    shown = functools.lru_cache(maxsize=65536)(phrase)  # counts, hours and dates repeat: said once each
    out = []
    for i in range(len(table)):
        said = []
        for j in (picks[i] if picks is not None else chosen(effect[i], weights, most)):
            f = factors[j]
            said.append(shown(f, float(values[f.column][i]), float(scores[f.column][i]), formats[f.column],
                              tops[f.column], on))
        out.append("; ".join(said))
    return out


def chosen_two(effect: np.ndarray, weights: Sequence[float]) -> list[list[int]]:
    """:func:`chosen` with ``most`` 2 for every client at once (``effect``: clients x factors): the
    same positions, computed with whole arrays."""
    up, down = effect.argmax(axis=1), effect.argmin(axis=1)
    rows = np.arange(len(effect))
    has_up, has_down = effect[rows, up] > _NO_EFFECT, effect[rows, down] < -_NO_EFFECT
    by_size = np.argsort(-np.abs(effect), axis=1, kind="stable")
    size = np.abs(effect)
    heaviest = int(np.argmax(np.asarray(weights, dtype=float)))
    out: list[list[int]] = []
    for i, (u, d, hu, hd) in enumerate(zip(up.tolist(), down.tolist(), has_up.tolist(), has_down.tolist())):
        if hu and hd:
            out.append([u, d] if size[i, u] >= size[i, d] else [d, u])
        elif hu or hd:
            p = u if hu else d
            nxt = next((int(j) for j in by_size[i] if j != p), None)  # a second factor that moved it enough
            if nxt is not None and size[i, nxt] >= THIRD_FACTOR:
                out.append([p, nxt] if size[i, p] >= size[i, nxt] else [nxt, p])
            else:
                out.append([p])
        else:
            out.append([heaviest])
    return out


def chosen(effect: Sequence[float] | np.ndarray, weights: Sequence[float], most: int = MOST_PARTS) -> list[int]:
    """Positions of the factors a reason names, biggest effect first (see the module docstring); a
    third only when ``most`` is 3."""
    e = np.asarray(effect, dtype=float)
    if not len(e):
        return []
    picked: list[int] = []
    if e.max() > _NO_EFFECT:
        picked.append(int(e.argmax()))
    if e.min() < -_NO_EFFECT:
        picked.append(int(e.argmin()))
    if not picked:
        return [int(np.argmax(np.asarray(weights, dtype=float)))]
    rest = [j for j in np.argsort(-np.abs(e), kind="stable") if j not in picked]
    if rest and len(picked) < most and abs(e[rest[0]]) >= THIRD_FACTOR:
        picked.append(int(rest[0]))
    return sorted(picked, key=lambda j: -abs(e[j]))


def phrase(factor: Factor, value: float, score: float, number_format: str, top: float, on: dt.date) -> str:
    """One factor of one client in words with its value (see the module docstring). ``score``: its
    0-100 score for that client (NaN when missing); ``top``: the column's largest value (a rating's
    scale: 5 or 10)."""
    header = factor.column
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"No {header} given"
    kind = KIND_BY_KEY.get(factor.kind, CUSTOM)
    term = SHORT_TERMS.get(kind.key) or _term(header)
    money = kind.key in ("revenue", "profit", "average_sale") and abs(value) >= WHOLE_UNITS
    shown = as_text(value, without_decimals(number_format) if money else number_format)
    if kind.key == "tenure" and is_date_format(number_format):
        return _client_for(value, on)
    if kind.key == "recency" and is_date_format(number_format):
        return _capital(term) + " " + _ago(value, on, shown)
    if kind.key in ("complaints", "referrals") and value >= 0:
        if _is_zero(value):
            return f"No {term}"
        return f"{shown} {_singular(term) if value == 1 else term}"
    if kind.key == "fit":
        top = value if math.isnan(top) else top
        scale = 5 if top <= 5 else 10 if top <= 10 else None
        return _capital(term) + f" {shown}" + (f" of {scale}" if scale else "")
    high = _value_is_high(score, factor.higher_is_better)
    if kind.key in ("orders", "hours"):
        if _is_zero(value):
            return f"No {term}"
        word = {True: "Many", False: "Few", None: "Middling"}[high]
        return f"{word} {term} ({shown})"
    word = {True: "High", False: "Low", None: "Middling"}[high]
    return f"{word} {term if kind is not CUSTOM else header} ({shown})"


def _top(column: np.ndarray) -> float:
    """The largest value of a column (a rating's scale is read from it), NaN when it has none."""
    finite = column[np.isfinite(column)]
    return float(finite.max()) if len(finite) else math.nan


def _values(table: pd.DataFrame, column: str) -> np.ndarray:
    if column not in table:
        return np.full(len(table), np.nan)
    out: np.ndarray = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
    return out


def _is_zero(value: float) -> bool:
    return abs(value) < 0.005


def _value_is_high(score: float, higher_is_better: bool) -> bool | None:
    """Whether the value is among the higher ones (None: in the middle), from its score and direction."""
    if math.isnan(score) or abs(score - 50.0) < _NO_EFFECT:
        return None
    return (score > 50.0) == higher_is_better


@functools.lru_cache(maxsize=1024)
def _term(header: str) -> str:
    """The header as a word inside a sentence: "Revenue 2026" -> "revenue 2026", "Fit (1-5)" -> "fit",
    "GP" stays "GP"; "Number of complaints" -> "complaints"."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", header).strip() or header
    text = re.sub(r"^(number of|no\.? of|count of|#)\s+", "", text, flags=re.IGNORECASE) or text
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in text.split())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _singular(term: str) -> str:
    """"complaints" -> "complaint", "referrals given" -> "referral given"."""
    words = term.split()
    for i, w in enumerate(words):
        if w.endswith("s") and not w.endswith("ss") and len(w) > 2:
            words[i] = w[:-1]
            break
    return " ".join(words)


def _date_of(serial: float) -> dt.date:
    return (EXCEL_EPOCH + dt.timedelta(days=float(serial))).date()


def _months(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (31 May to 30 June is a month: June has no 31st)."""
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day and not month_end else 0)


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


def _client_for(serial: float, on: dt.date) -> str:
    """"Client for 12 years", "Client for 8 months", "Client for less than a month"."""
    try:
        since = _date_of(serial)
    except (OverflowError, ValueError):
        return "Client since an unknown date"
    months = _months(since, on)
    if since > on:
        return f"Client from {since.isoformat()}"
    if months < 1:
        return "Client for less than a month"
    if months < 24:
        return "Client for " + _plural(months, "month")
    return "Client for " + _plural(months // 12, "year")


def _ago(serial: float, on: dt.date, shown: str) -> str:
    """"14 months ago", "3 weeks ago", "today"; "on <date>" for a date after the ranking's."""
    try:
        when = _date_of(serial)
    except (OverflowError, ValueError):
        return f"on {shown}"
    days = (on - when).days
    if days < 0:
        return f"on {shown}"
    if days == 0:
        return "today"
    if days < 14:
        return _plural(days, "day") + " ago"
    months = _months(when, on)
    if months < 2:
        return _plural(days // 7, "week") + " ago"
    if months < 24:
        return _plural(months, "month") + " ago"
    return _plural(months // 12, "year") + " ago"

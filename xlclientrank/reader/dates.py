"""Dates typed as text -> Excel serial day numbers, a column at a time (used by :mod:`.cells`).

Read: ISO with or without a time and an offset (``2024-03-15T14:03:22+01:00``), ``15/03/2024`` or
``03/15/2024`` (the column's day-first decision), ``15.03.24``, ``12/31/24``, and month names in
English, German, French, Spanish, Dutch, Italian and Portuguese (``15. März 2024``, ``15 de marzo de
2024``). A timestamp's time and offset are dropped: a text date is the calendar day where the export
was made. Each distinct text is read once; common shapes by pandas with an explicit format, the rest
by one regular expression per shape.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank.reader.distinct import per_distinct

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_DAY = np.datetime64("1899-12-30", "D")


# ---- dates typed as text ---------------------------------------------------------------------
# Month names and abbreviations (accents removed) in English, German, French, Spanish, Dutch,
# Italian and Portuguese.
_MONTH_NAMES = {
    1: "january jan januar janner janvier janv enero ene januari gennaio gen janeiro",
    2: "february feb febr februar fevrier fevr fev febrero februari febbraio fevereiro",
    3: "march mar marz mrz mars marzo maart mrt marco",
    4: "april apr avril avr abril abr aprile",
    5: "may mai mayo mei maggio mag maio",
    6: "june jun juni juin junio giugno giu junho",
    7: "july jul juli juillet juil julio luglio lug julho",
    8: "august aug aout agosto ago augustus",
    9: "september sep sept septembre septiembre setiembre settembre set setembro",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember dez decembre diciembre dic dicembre dezembro",
}
MONTHS = {name: month for month, names in _MONTH_NAMES.items() for name in names.split()}
# a time after the date (dropped), then a time zone or UTC offset (dropped: the date is the local
# calendar day where the export was made)
_TIME = (r"(?:(?:[ t]|, ?| (?:at|um|a las|om|alle|as|a|à) )\d{1,2}(?:[:h.]\d{2})(?:[:.]\d{2}(?:[.,]\d+)?)?"
         r"(?: ?[ap]\.? ?m\.?)?)?")
_ZONE = (r"(?: ?(?:z|utc|gmt|cet|cest|mez|mesz|wet|west|eet|eest|bst|ist|est|edt|cst|cdt|mst|mdt|pst|pdt|akst|akdt|"
         r"hst|aest|aedt|awst|nzst|nzdt|brt|art|jst|hkt|sgt)?(?: ?[+-]\d{1,2}(?::?\d{2})?)?)?")
_WEEKDAY = r"(?:[^\W\d_]{2,12}\.?, )?"
_END = _TIME + _ZONE + r"$"
_DATE_SHAPES = {  # lower-cased, single-spaced text -> named parts y, m, d (or a, b: day and month in either order), mon
    "iso": re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _END),
    "numeric": re.compile(r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})" + _END),
    "day_month_name": re.compile("^" + _WEEKDAY + r"(?P<d>\d{1,2})(?:\.|st|nd|rd|th|er|º|°)?[ -](?:de )?"
                                 r"(?P<mon>[^\W\d_]{3,12})\.?,?[ -](?:de |del )?(?P<y>\d{4}|\d{2})" + _END),
    "month_name_day": re.compile("^" + _WEEKDAY + r"(?P<mon>[^\W\d_]{3,12})\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? "
                                 r"(?P<y>\d{4})" + _END),
}
_DAY_FIRST_VOTE = re.compile(r"^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}")



def date_to_serial(d: dt.date | dt.datetime) -> float:
    """A date or a date and time as Excel's serial day number (days since 1899-12-30, the time a fraction)."""
    if isinstance(d, dt.datetime):
        return (d - EXCEL_EPOCH).total_seconds() / 86400.0
    return float((d - EXCEL_EPOCH.date()).days)


def vote_day_first(texts: Sequence[str] | pd.Series, distinct: bool = False) -> bool | None:
    """For dd/mm vs mm/dd texts: True (day first), False, or None when every text fits both.
    Dotted dates (``15.03.2024``) are always day first, so they do not vote.
    ``distinct``: the texts are already distinct and stripped."""
    if not distinct:
        texts = [str(t).strip() for t in pd.unique(pd.Series(texts, dtype=object).dropna())]
    heads = pd.Series(pd.unique(pd.Series([t[:10] for t in texts], dtype=object)), dtype=object)
    parts = heads.str.extract(_DAY_FIRST_VOTE.pattern)
    a, b = pd.to_numeric(parts[0], errors="coerce"), pd.to_numeric(parts[1], errors="coerce")
    day_first, month_first = bool((a > 12).any()), bool((b > 12).any())
    if day_first and not month_first:
        return True
    if month_first and not day_first:
        return False
    return None


def _date_parts(shape: str, parts: dict[str, Any], day_first: bool) -> tuple[Any, Any, Any]:
    """(year, month, day) from the parts one of _DATE_SHAPES matched; works on numbers (one cell) and
    on pandas Series (a column), so both read a date the same way. Month names are looked up by
    the caller (``mon`` given as a month number)."""
    if shape == "iso":
        return parts["y"], parts["m"], parts["d"]
    if shape == "numeric":
        dotted = parts["sep"]
        first, second = parts["a"], parts["b"]
        if isinstance(dotted, pd.Series):
            dotted = (dotted == ".") | day_first
            return parts["y"], second.where(dotted, first), first.where(dotted, second)
        return (parts["y"], second, first) if dotted == "." or day_first else (parts["y"], first, second)
    return parts["y"], parts["mon"], parts["d"]


def _full_year(y: Any) -> Any:
    """Two-digit years as strptime's %y reads them: 69-99 -> 1900s, 00-68 -> 2000s."""
    return y + np.where(y < 69, 2000, 1900) * (y < 100) if isinstance(y, pd.Series) else \
        (y + (2000 if y < 69 else 1900) if y < 100 else y)


def _month(name: str) -> int | None:
    return MONTHS.get(_fold(name))


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def parse_date(text: str, day_first: bool = True) -> float | None:
    """A date typed as text, as an Excel serial day number (whole days); None when it is not a date we know.

    Read: ISO (``2024-03-15``, ``2024/03/15``, with a time and a UTC offset or zone:
    ``2024-03-15T14:03:22.123+01:00``, ``2024-03-15 14:03:22 +0100``), day and month in numbers
    (``15/03/2024``, ``03/15/2024`` by ``day_first``; ``12/31/24``; dotted ``15.03.2024`` and
    ``15.03.24`` are always day first), and month names or abbreviations in English, German, French,
    Spanish, Dutch, Italian and Portuguese (``Mar 15, 2024 2:03 PM``, ``15. März 2024``,
    ``15 de marzo de 2024``, ``15 maart 2024``, ``15 de março de 2024``).

    A timestamp's time and offset are dropped: the date is the calendar day where the export was
    made (``2024-03-15T23:30:00-05:00`` is 15 March), which is what an owner means by an order's date.

    >>> serial_to_date(parse_date("15. März 2024")), serial_to_date(parse_date("2024-03-15T14:03:22Z"))
    (datetime.date(2024, 3, 15), datetime.date(2024, 3, 15))
    """
    t = " ".join(text.split()).lower()
    for shape, rx in _DATE_SHAPES.items():
        m = rx.match(t)
        if not m:
            continue
        parts: dict[str, Any] = {k: (int(v) if k not in ("sep", "mon") else v) for k, v in m.groupdict().items()
                                 if v is not None}
        if "mon" in parts:
            parts["mon"] = _month(parts["mon"])
            if parts["mon"] is None:
                continue
        parts.setdefault("sep", None)
        y, mo, d = _date_parts(shape, parts, day_first)
        y = _full_year(y)
        if not 1900 <= y <= 2200:
            return None
        try:
            return float((dt.date(y, mo, d) - EXCEL_EPOCH.date()).days)
        except ValueError:
            return None
    return None


# Zero-padded dates that pandas reads in C with an explicit format (the first ten characters of the
# text; the rest must be a time and zone, _END). The other shapes go through _DATE_SHAPES.
_FIXED_FORMATS = {True: ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"),
                  False: ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%m/%d/%Y", "%m-%d-%Y")}
_END_RX = re.compile(_END)
_FIRST_DAY = float((dt.date(1900, 1, 1) - EXCEL_EPOCH.date()).days)
_LAST_DAY = float((dt.date(2200, 12, 31) - EXCEL_EPOCH.date()).days)


def parse_dates(texts: Sequence[str] | pd.Series, day_first: bool = True) -> np.ndarray:
    """:func:`parse_date` for a whole column at once: serial days, NaN where a text is not a date.

    Column at a time: each distinct text is read once; zero-padded dates (``2024-03-15``,
    ``15.03.2024``, ``03/15/2024``, with or without a time and offset after them) by pandas with an
    explicit format per shape, the rest by one regular expression per shape over all of them.
    """
    days = per_distinct(texts if isinstance(texts, (pd.Series, np.ndarray)) else np.asarray(texts, dtype=object),
                        lambda u: distinct_dates(u.astype(str).str.strip(), day_first), missing=np.nan)
    return np.asarray(days, dtype=float)


def distinct_dates(u: pd.Series, day_first: bool) -> np.ndarray:
    """Serial days of distinct, stripped texts (index 0..n-1); NaN where one is no date."""
    out = np.full(len(u), np.nan)
    if len(u) == 0:
        return out
    todo = np.ones(len(u), dtype=bool)
    # 1. fixed width: a date in the first ten characters, then nothing or a time and zone
    head, tail = u.str[:10], u.str[10:]
    tail_ok = per_distinct(tail, lambda tails: np.array(
        [_END_RX.match(re.sub(r"\s+", " ", t).lower()) is not None for t in tails], dtype=bool)).to_numpy(copy=True)
    tail_ok &= (u.str.len() >= 10).to_numpy()
    for fmt in _FIXED_FORMATS[day_first]:
        cand = np.flatnonzero(todo & tail_ok)
        if not len(cand):
            break
        stamps = pd.to_datetime(head.to_numpy()[cand], format=fmt, errors="coerce").to_numpy().astype("datetime64[D]")
        days = (stamps - _EPOCH_DAY).astype(float)  # NaT -> NaN
        ok = (days >= _FIRST_DAY) & (days <= _LAST_DAY)
        out[cand[ok]] = days[ok]
        todo[cand[ok]] = False
    if not todo.any():
        return out
    # 2. every other shape: the time is split off (its distinct values checked once), then one regular
    # expression per shape over the distinct date parts still to read
    positions = np.flatnonzero(todo)
    keys = [_date_key(t) for t in u.to_numpy()[positions]]
    out[positions] = per_distinct(keys, lambda unique_keys: _read_shapes(unique_keys, day_first))
    return out


_CONNECTOR_RX = re.compile(r"(?:[ t]|, ?| (?:at|um|a las|om|alle|as|a|à) )$")
_TIME_KEYS: dict[str, bool] = {}


def _date_key(text: str) -> str:
    """A text's date part when what follows it is a time and zone (_END), else the whole text; lower
    case, single spaces. ``"Mar 15, 2024 2:03 PM"`` -> ``"mar 15, 2024"``."""
    t = " ".join(text.split()).lower()
    i = t.find(":")
    if i < 0:
        return t
    j = i
    while j > 0 and t[j - 1].isdigit():
        j -= 1
    m = _CONNECTOR_RX.search(t, max(0, j - 8), j)
    k = m.start() if m else j
    tail = t[k:]
    ok = _TIME_KEYS.get(tail)
    if ok is None:
        ok = _END_RX.match(tail) is not None
        if len(_TIME_KEYS) < 200_000:
            _TIME_KEYS[tail] = ok
    return t[:k] if ok and k > 0 else t


def _read_shapes(u: pd.Series, day_first: bool) -> np.ndarray:
    """Serial days of lower-cased, single-spaced texts by _DATE_SHAPES (NaN where none fits); ``u``
    has the index 0..n-1."""
    out = np.full(len(u), np.nan)
    todo = np.ones(len(u), dtype=bool)
    for shape, rx in _DATE_SHAPES.items():
        if not todo.any():
            break
        rest = u[todo]
        if shape in ("day_month_name", "month_name_day"):
            rest = rest[rest.str.contains(r"[^\W\d_]{3}", regex=True)]
        if rest.empty:
            continue
        parts = rest.str.extract(rx)
        hit = parts.notna().any(axis=1)
        if not hit.any():
            continue
        parts = parts[hit]
        numbers = {k: pd.to_numeric(parts[k]) for k in ("y", "m", "d", "a", "b") if k in parts}
        if "mon" in parts:
            names = parts["mon"].unique()
            numbers["mon"] = pd.to_numeric(parts["mon"].map({n: _month(n) for n in names}))
        numbers["sep"] = parts["sep"] if "sep" in parts else None
        y, mo, d = _date_parts(shape, numbers, day_first)
        y = _full_year(y)
        good = (y >= 1900) & (y <= 2200) & mo.between(1, 12) & d.between(1, 31)
        good &= mo.notna() & d.notna()
        days = np.full(len(parts), np.nan)
        if good.any():
            g = good.to_numpy()
            yy, mm, dd = (v[good].to_numpy(dtype=np.int64) for v in (y, mo, d))
            first = (yy - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (mm - 1)
            day = first.astype("datetime64[D]") + (dd - 1)
            ok = (day.astype("datetime64[M]") == first)  # 31 April and 29 February 2023 are no dates
            days[np.flatnonzero(g)[ok]] = (day[ok] - _EPOCH_DAY).astype(float)
        pos = parts.index.to_numpy()
        # a text of a date shape that is no date (31/04/2024) is no date in any later shape either
        out[pos] = days
        todo[pos] = False
    return out


def serial_to_date(serial: float) -> dt.date:
    return (EXCEL_EPOCH + dt.timedelta(days=float(serial))).date()

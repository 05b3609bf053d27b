"""Cell values as owners type them -> numbers and dates, column by column, with notes.

Handled: numbers stored as text (``1234.5``), currency symbols and codes (``$``, ``€``, ``£``, ``USD``),
thousands separators in both conventions (``1,234.50`` and ``1.234,50``; a column's convention is
decided from its own values), negatives in parentheses (``(1,200)``) or with a trailing minus,
percentages (``12%`` -> 0.12), dates typed as text (``2024-03-15``, ``15/03/2024``, ``15.03.2024``,
``15 Mar 2024``, ``Mar 15, 2024``), Excel errors (``#N/A``), booleans (TRUE/FALSE -> 1/0).
Dates become Excel serial day numbers, so a date column ranks like any number column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
ERROR_TEXT = re.compile(r"^#(N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|GETTING_DATA|SPILL!|CALC!)$")
_CURRENCY = re.compile(r"(?i)^(?:[$€£¥₹]|usd|eur|gbp|aud|cad|nzd|chf|sek|nok|dkk|zar|kr|r\$|a\$|c\$|nz\$)\s*|"
                       r"\s*(?:[$€£¥₹]|usd|eur|gbp|aud|cad|nzd|chf|sek|nok|dkk|zar|kr)$")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}([,. \u00a0\u202f']\d{3})+|\d+)([.,]\d+)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%m/%d/%y",
                 "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Decisions:
    """What :func:`clean` decides for a whole column from all its cells, which one cell on its own
    cannot say: whether its number texts use a decimal comma (``1.500 €`` is 1,500 in a column that
    also holds ``12.345,60 €``, 1.5 on its own) and whether its text dates are day-first
    (``03/04/2024`` is 3 April among ``25/12/2024``, 4 March among ``12/25/2024``).

    None: not decided (the column had no such texts, or every one fits both); :func:`clean` given
    these decisions then decides from the values it is given, as without them.
    """

    decimal_comma: bool | None = None
    day_first: bool | None = None


@dataclass
class Cleaned:
    """One column after cleaning. ``values``: floats (NaN = missing); ``kind``: number/date/text/empty.

    The lists hold (position, original text) of what was changed or could not be used, for notes.
    """

    values: np.ndarray
    kind: str
    text_numbers: list[tuple[int, str, float]] = field(default_factory=list)
    text_dates: list[tuple[int, str]] = field(default_factory=list)
    not_numbers: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    booleans: int = 0
    day_first: bool | None = None
    decimal_comma: bool | None = None

    @property
    def decisions(self) -> Decisions:
        """The column-wide decisions this cleaning took, to clean one of its cells alone the same way."""
        return Decisions(self.decimal_comma, self.day_first)


def _decimal_comma(texts: Sequence[str]) -> bool:
    """Whether a column's number texts use a comma as the decimal mark (``1.234,50``, ``12,5``).

    Each text votes: with both marks, the last one is the decimal mark; one comma or one period
    followed by exactly three digits (``1,234``) says nothing; repeated marks are thousands.
    """
    votes = 0
    for t in texts:
        digits = re.sub(r"[^0-9.,]", "", t)
        if "," in digits and "." in digits:
            votes += 1 if digits.rfind(",") > digits.rfind(".") else -1
        elif digits.count(",") == 1:
            votes += 0 if len(digits.rsplit(",", 1)[1]) == 3 else 1
        elif digits.count(",") > 1:
            votes -= 1
        elif digits.count(".") == 1:
            votes += 0 if len(digits.rsplit(".", 1)[1]) == 3 else -1
        elif digits.count(".") > 1:
            votes += 1
    return votes > 0


def parse_number(text: str, decimal_comma: bool = False) -> float | None:
    """A number typed as text, or None.

    >>> parse_number("$1,234.50"), parse_number("(1,200)"), parse_number("12%"), parse_number("1.234,50 €", True)
    (1234.5, -1200.0, 0.12, 1234.5)
    """
    t = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not t:
        return None
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    if t.endswith("-") and not t.startswith("-"):
        negative, t = True, t[:-1].strip()
    percent = t.endswith("%")
    if percent:
        t = t[:-1].strip()
    t = _CURRENCY.sub("", t).strip()
    if t.startswith("-"):
        negative, t = not negative, t[1:].strip()
    elif t.startswith("+"):
        t = t[1:].strip()
    t = _CURRENCY.sub("", t).strip()
    if not _NUMBER_TEXT.match(t):
        return None
    if decimal_comma:
        t = t.replace(".", "").replace(" ", "").replace("'", "").replace(",", ".")
    else:
        t = t.replace(",", "").replace(" ", "").replace("'", "")
        if t.count(".") > 1:
            return None
    try:
        x = float(t)
    except ValueError:
        return None
    x = -x if negative else x
    return x / 100 if percent else x


def _serial(d: dt.date | dt.datetime) -> float:
    if isinstance(d, dt.datetime):
        return (d - EXCEL_EPOCH).total_seconds() / 86400.0
    return float((d - EXCEL_EPOCH.date()).days)


def _day_first(texts: Sequence[str]) -> bool | None:
    """For dd/mm vs mm/dd texts: True (day first), False, or None when every text fits both."""
    day_first = month_first = False
    for t in texts:
        m = re.match(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}", t)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            day_first |= a > 12
            month_first |= b > 12
    if day_first and not month_first:
        return True
    if month_first and not day_first:
        return False
    return None


def parse_date(text: str, day_first: bool = True) -> float | None:
    """A date typed as text, as an Excel serial day number; None when it is not a date we know."""
    t = re.sub(r"\s+", " ", text.strip())
    for fmt in _DATE_FORMATS:
        if ("%d/%m" in fmt or "%d.%m" in fmt or "%d-%m" in fmt) and not day_first:
            continue
        if "%m/%d" in fmt and day_first:
            continue
        try:
            d = dt.datetime.strptime(t, fmt)
        except ValueError:
            continue
        if 1900 <= d.year <= 2200:
            return _serial(d)
    return None


def clean(values: Sequence[Any], errors: dict[int, str] | None = None, date_header: bool = False,
          decided: Decisions | None = None) -> Cleaned:
    """Cleans one column. ``errors``: position -> Excel error text for error cells (read as blank).

    ``date_header``: the header names a date (client since, last order), so numbers in Excel's serial
    date range are taken as dates and text dates are expected.
    ``decided``: the decisions an earlier cleaning of the whole column took (:attr:`Cleaned.decisions`),
    used instead of a vote over ``values``, so that some of a column's cells (a cell formula's row)
    read as they did in the whole column; a decision that is None is still voted on.
    """
    decided = decided or Decisions()
    n = len(values)
    fast = _all_numbers(values)
    if fast is not None and not errors:
        kind = "empty" if np.isnan(fast).all() else \
            ("date" if date_header and _serial_range(fast) else "number")
        return Cleaned(fast, kind)
    fast = _all_dates(values)
    if fast is not None and not errors:
        return Cleaned(fast, "date")
    if pd.api.types.infer_dtype(values, skipna=True) == "string" and not errors:
        sample = [(i, v.strip()) for i, v in zip(range(400), values) if isinstance(v, str) and v.strip()][:200]
        if sample and not _mostly_values(sample, decided):
            return Cleaned(np.full(n, np.nan), "text")  # names, codes, notes: nothing to clean
    out = np.full(n, np.nan)
    numbers = dates = 0
    texts: list[tuple[int, str]] = []
    booleans = 0
    err = dict(errors or {})
    for i, v in enumerate(values):
        if v is None:
            continue
        if isinstance(v, bool):
            out[i] = float(v)
            booleans += 1
        elif isinstance(v, (int, float)):
            if math.isfinite(v):
                out[i] = float(v)
                numbers += 1
        elif isinstance(v, (dt.datetime, dt.date)):
            out[i] = _serial(v)
            dates += 1
        elif isinstance(v, (dt.time, dt.timedelta)):
            texts.append((i, str(v)))
        else:
            t = str(v).strip()
            if not t:
                continue
            if ERROR_TEXT.match(t):
                err.setdefault(i, t)
                continue
            texts.append((i, t))
    result = Cleaned(out, "empty", errors=sorted(err.items()), booleans=booleans)
    if len(texts) > numbers + dates + booleans and not _mostly_values(texts[:200], decided):
        # a names or notes column: no need to try every cell as a number or a date
        result.not_numbers = texts
        result.kind = "text"
        return result
    if texts:
        comma = decided.decimal_comma if decided.decimal_comma is not None else _decimal_comma([t for _, t in texts])
        parsed = [(i, t, parse_number(t, comma)) for i, t in texts]
        as_numbers = [(i, t, x) for i, t, x in parsed if x is not None]
        rest = [(i, t) for i, t, x in parsed if x is None]
        day_first = decided.day_first if decided.day_first is not None else _day_first([t for _, t in rest])
        as_dates = []
        still = []
        for i, t in rest:
            d = parse_date(t, day_first if day_first is not None else True)
            (as_dates if d is not None else still).append((i, t, d))
        # a text column (names, notes) stays text: only clean when cleaned values are the majority
        if len(as_numbers) + len(as_dates) + numbers + dates + booleans >= len(still):
            for i, t, x in as_numbers:
                out[i] = x
            for i, t, d in as_dates:
                out[i] = d
            result.text_numbers = as_numbers
            result.text_dates = [(i, t) for i, t, _ in as_dates]
            result.not_numbers = [(i, t) for i, t, _ in still]
            result.day_first = day_first
            result.decimal_comma = comma
            numbers += len(as_numbers)
            dates += len(as_dates)
        else:
            result.not_numbers = [(i, t) for i, t in texts]
            result.kind = "text"
            result.values = out
            return result
    if numbers + dates + booleans == 0:
        result.kind = "text" if texts else "empty"
    elif dates > numbers or (date_header and numbers and _serial_range(out)):
        result.kind = "date"
    else:
        result.kind = "number"
    result.values = out
    return result


def _mostly_values(texts: Sequence[tuple[int, str]], decided: Decisions = Decisions()) -> bool:
    """Whether most of these texts read as numbers or dates (with the column's decisions, if taken)."""
    comma = decided.decimal_comma if decided.decimal_comma is not None else _decimal_comma([t for _, t in texts])
    day_first = decided.day_first if decided.day_first is not None else True
    good = sum(parse_number(t, comma) is not None or parse_date(t, day_first) is not None for _, t in texts)
    return good * 2 >= len(texts)


def _all_numbers(values: Sequence[Any]) -> np.ndarray | None:
    """Floats when every cell is a number or blank (the common case, done without a Python loop)."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind not in ("integer", "floating", "mixed-integer-float", "empty"):
        return None
    return np.asarray(pd.to_numeric(pd.Series(values, dtype=object), errors="coerce"), dtype=float)


def _all_dates(values: Sequence[Any]) -> np.ndarray | None:
    """Serial days when every cell is a date or blank (done without a Python loop)."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind not in ("date", "datetime"):
        return None
    stamps = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
    days = (stamps - pd.Timestamp(EXCEL_EPOCH)) / pd.Timedelta(days=1)
    return days.to_numpy(dtype=float, na_value=np.nan)


def _serial_range(values: np.ndarray) -> bool:
    """True when every number is a plausible Excel date (1982 to 2064), so a date header's
    numbers are serial dates that lost their date format."""
    v = values[~np.isnan(values)]
    return len(v) > 0 and bool(((v >= 30000) & (v <= 60000)).all())


def serial_to_date(serial: float) -> dt.date:
    return (EXCEL_EPOCH + dt.timedelta(days=float(serial))).date()

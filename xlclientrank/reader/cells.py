"""Cell values as owners type them -> numbers and dates, column by column, with notes.

Handled: numbers stored as text (``1234.5``), currency symbols and codes before or after
(``$``, ``€``, ``£``, ``CHF``, ``R$``, ``USD``, any three capitals apart from the digits), thousands separators in both
conventions (``1,234.50`` and ``1.234,50``, with spaces, no-break or thin spaces ``1 234,50`` or
apostrophes ``1'234.50``; a column's convention is decided from its own number texts),
negatives with a leading or trailing minus (``-1.234,50``, SAP's and DATEV's ``1.234,50-``) or in
parentheses (``(1,200.00)``), percentages (``12%`` -> 0.12), Excel errors (``#N/A``), booleans
(TRUE/FALSE -> 1/0), and dates typed as text (read by :mod:`.dates`: ISO with a time and an
offset, day or month first as the column decides, month names in seven languages). Dates become
Excel serial day numbers, so a date column ranks like any number column.

Columns are read a column at a time (:func:`clean`, :func:`parse_numbers`, ``parse_dates``): each
distinct text once. :func:`parse_number` and ``parse_date`` read one cell the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

# dates have their own module; these names are read through this one too (cells.parse_date ...)
from xlclientrank.reader.dates import (  # noqa: F401
    EXCEL_EPOCH,
    date_to_serial,
    distinct_dates,
    parse_date,
    parse_dates,
    serial_to_date,
    vote_day_first,
)
from xlclientrank.reader.distinct import per_distinct

ERROR_TEXT = re.compile(r"^#(N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|GETTING_DATA|SPILL!|CALC!)$")

# ---- numbers typed as text -------------------------------------------------------------------
# One shape for every number text: sign, currency, digits with thousands marks, percent, trailing
# minus (SAP, DATEV), parentheses. The digits are read in the column's convention (decimal comma or
# point), decided from all its cells (uses_decimal_comma).
_SPACES = re.compile("[\u00a0\u202f\u2009\u2007\u2008]")
_KNOWN_CURRENCY = (r"[$€£¥₹₪₩₽₺¢]|(?i:r\$|a\$|c\$|nz\$|hk\$|s\$|us\$|sfr\.?|fr\.|kr\.?|zł|kč|ft|"
                   r"usd|eur|gbp|aud|cad|nzd|chf|sek|nok|dkk|zar|brl|inr|ils|mxn|pln|czk|huf|jpy|cny|hkd|sgd|try)")
# any other three capitals count as a currency code only when a space parts them from the digits
# ("QAR 12.50", "12 QAR"): "ABC01" or "SKU123" are codes, not amounts
_CURRENCY_BEFORE = rf"(?:{_KNOWN_CURRENCY}|[A-Z]{{3}}(?=\s))"
_CURRENCY_AFTER = rf"(?:{_KNOWN_CURRENCY}|(?<=\s)[A-Z]{{3}})"
_DIGITS = r"\d{1,3}(?:[,. '’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_NUMBER_SHAPE = (rf"^(?P<open>\()?\s*(?P<s1>[-+])?\s*(?:{_CURRENCY_BEFORE}\s*)?(?P<s2>[-+])?\s*(?P<num>{_DIGITS})\s*"
                 rf"(?P<pct>%)?\s*(?:{_CURRENCY_AFTER})?\s*(?P<s3>-)?\s*(?P<close>\))?\s*(?P<s4>-)?$")
_NUMBER_RX = re.compile(_NUMBER_SHAPE)
PLAIN_NUMBER = r"[+-]?[0-9]+(?:\.[0-9]+)?"  # a number as a program writes it, read by pandas in one step

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
    digit_dates: int = 0  # numbers such as 19970101 read as dates (year, month, day)
    digit_date_example: int = 0

    @property
    def decisions(self) -> Decisions:
        """The column-wide decisions this cleaning took, to clean one of its cells alone the same way."""
        return Decisions(self.decimal_comma, self.day_first)


class NumberTexts:
    """The distinct texts of a column matched once against the number shape: which are numbers, their
    digits and signs, and how often each text occurs (so a column is read a distinct text at a time)."""

    def __init__(self, texts: Sequence[str] | pd.Series, counts: np.ndarray | None = None) -> None:
        """``counts``: ``texts`` are distinct and occur that often (else they are counted here)."""
        if counts is None:
            self.codes, uniques = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=True)
            self.counts = np.bincount(self.codes[self.codes >= 0], minlength=len(uniques))
        else:
            uniques, self.counts = np.asarray(texts, dtype=object), counts
            self.codes = np.arange(len(uniques))
        self.n = len(uniques)
        plain = np.zeros(0)
        if self.n:
            u = pd.Series(uniques, dtype=object).astype(str)
            # only a sign, digits and a point between digits: not "1e5", "inf", " 12", ".5" or "5."
            # (those take the careful way, as parse_number reads them)
            shape = u.str.fullmatch(PLAIN_NUMBER, na=False).to_numpy(dtype=bool)
            plain = np.full(self.n, np.nan)
            if shape.any():
                plain[shape] = np.array(pd.to_numeric(u[shape], errors="coerce"), dtype=float)
            plain[~np.isfinite(plain)] = np.nan
        # plain numbers ("1234.5", "-3") are read by pandas; the rest are matched with _NUMBER_RX
        others = np.flatnonzero(np.isnan(plain))
        matches = [_NUMBER_RX.match(_tidy(str(uniques[i]))) for i in others]
        hit = np.array([m is not None for m in matches], dtype=bool)
        self.plain = plain
        self.positions = others[hit] if len(others) else others
        found = [m for m in matches if m is not None]
        self.found = found
        self.digits = pd.Series([m["num"] for m in found], dtype=object)
        self.minus = np.array([(m["open"] is not None) + sum(m[k] == "-" for k in ("s1", "s2", "s3", "s4"))
                               for m in found], dtype=int)
        self.balanced = np.array([(m["open"] is None) == (m["close"] is None) for m in found], dtype=bool)
        self.percent = np.array([m["pct"] is not None for m in found], dtype=bool)
        self.plain_digits = pd.Series(uniques[~np.isnan(plain)], dtype=object).astype(str).str.strip()

    def decimal_comma(self) -> bool:
        """The column's vote (see :func:`uses_decimal_comma`)."""
        return self.vote() > 0

    def vote(self) -> float:
        """The votes for a decimal comma, added up (positive: comma)."""
        digits = pd.concat([self.plain_digits, self.digits], ignore_index=True)
        weights = np.concatenate([self.counts[~np.isnan(self.plain)], self.counts[self.positions]])
        return float((_votes(digits) * weights).sum()) if len(digits) else 0.0

    def values(self, decimal_comma: bool) -> np.ndarray:
        """Per distinct text: the number, NaN when it is none."""
        out: np.ndarray = self.plain.copy()
        digits = self.digits
        if decimal_comma:
            digits = digits.str.replace(r"[. '’]", "", regex=True).str.replace(",", ".", regex=False)
            # a plain "1.234" in a decimal-comma column is 1234
            dotted = pd.Series(self.plain_digits.to_numpy(), dtype=object)
            if len(dotted):
                redone = pd.to_numeric(dotted.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                                       errors="coerce").to_numpy(dtype=float)
                out[~np.isnan(self.plain)] = redone
        else:
            digits = digits.str.replace(r"[, '’]", "", regex=True)
            digits = digits.where(digits.str.count(r"\.") <= 1)
        x = np.array(pd.to_numeric(digits, errors="coerce"), dtype=float) if len(digits) else np.zeros(0)
        x[~self.balanced] = np.nan
        x = np.where(self.minus % 2 == 1, -x, x)
        x = np.where(self.percent, x / 100, x)
        # digits pandas does not read (other scripts' digits, which Python's float reads): one at a time
        for k in np.flatnonzero(np.isnan(x) & self.balanced):
            got = _number_from(self.found[k].groupdict(), decimal_comma)
            x[k] = np.nan if got is None else got
        out[self.positions] = x
        return out


def _votes(digits: pd.Series) -> np.ndarray:
    """Each number text's vote for a decimal comma: +1 comma, -1 period, 0 undecided (``1,234``)."""
    digits = digits.astype(str).str.replace(r"[^0-9.,]", "", regex=True)
    commas, periods = digits.str.count(",").to_numpy(), digits.str.count(r"\.").to_numpy()
    last_comma, last_period = digits.str.rfind(",").to_numpy(), digits.str.rfind(".").to_numpy()
    length = digits.str.len().to_numpy()
    return np.select(
        [(commas > 0) & (periods > 0), commas == 1, commas > 1, periods == 1, periods > 1],
        [np.where(last_comma > last_period, 1, -1), np.where(length - last_comma - 1 == 3, 0, 1), -1,
         np.where(length - last_period - 1 == 3, 0, -1), 1], 0)


def uses_decimal_comma(texts: Sequence[str] | pd.Series) -> bool:
    """Whether a column's number texts use a comma as the decimal mark (``1.234,50``, ``12,5``).

    Each number text votes: with both marks, the last one is the decimal mark; one comma or one
    period followed by exactly three digits (``1,234``) says nothing; repeated marks are thousands.
    Texts that are no numbers (names, dates such as ``15.03.2024``) do not vote.
    """
    return NumberTexts(texts).decimal_comma()


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).replace("\u2212", "-").strip()


def _number_from(parts: dict[str, str | None], decimal_comma: bool) -> float | None:
    """A number from the parts of _NUMBER_SHAPE (one cell; NumberTexts does the same for a column)."""
    if bool(parts["open"]) != bool(parts["close"]):
        return None
    digits = parts["num"]
    assert digits is not None  # the shape's one group that is not optional
    if decimal_comma:
        digits = re.sub(r"[. '’]", "", digits).replace(",", ".")
    else:
        digits = re.sub(r"[, '’]", "", digits)
        if digits.count(".") > 1:
            return None
    try:
        x = float(digits)
    except ValueError:
        return None
    minus = bool(parts["open"]) + sum(parts[k] == "-" for k in ("s1", "s2", "s3", "s4"))
    x = -x if minus % 2 else x
    return x / 100 if parts["pct"] else x


def parse_number(text: str, decimal_comma: bool = False) -> float | None:
    """A number typed as text, or None.

    >>> parse_number("$1,234.50"), parse_number("(1,200)"), parse_number("12%"), parse_number("1.234,50 €", True)
    (1234.5, -1200.0, 0.12, 1234.5)
    >>> parse_number("1.234,50-", True), parse_number("CHF 1'234.50"), parse_number("R$ 1.234,50", True)
    (-1234.5, 1234.5, 1234.5)
    """
    m = _NUMBER_RX.match(_tidy(text))
    return _number_from(m.groupdict(), decimal_comma) if m else None


def parse_numbers(texts: Sequence[str] | pd.Series, decimal_comma: bool | None = None) -> np.ndarray:
    """:func:`parse_number` for a whole column at once: floats, NaN where a text is not a number.
    ``decimal_comma`` None: decided from the column's own texts (:func:`uses_decimal_comma`)."""
    t = NumberTexts(texts)
    comma = t.decimal_comma() if decimal_comma is None else decimal_comma
    parsed: np.ndarray = np.append(t.values(comma), np.nan)[t.codes]
    return parsed


def clean(values: Sequence[Any], errors: dict[int, str] | None = None, date_header: bool = False,
          decided: Decisions | None = None) -> Cleaned:
    """Cleans one column (see :func:`_clean`); in a column whose header names a date, numbers written
    as 8 digits, year-month-day (``19970101``), are dates when every number of it is one."""
    out = _clean(values, errors, date_header, decided)
    if date_header and out.kind == "number":
        _read_digit_dates(out)
    return out


DIGIT_DATE_MIN, DIGIT_DATE_MAX = 19000101, 22001231


def _read_digit_dates(c: Cleaned) -> None:
    v = c.values
    present = ~np.isnan(v)
    x = v[present]
    if not len(x) or not ((x == np.floor(x)) & (x >= DIGIT_DATE_MIN) & (x <= DIGIT_DATE_MAX)).all():
        return
    stamps = pd.to_datetime(pd.Series(x.astype(np.int64).astype(str)), format="%Y%m%d", errors="coerce")
    if stamps.isna().any():
        return
    out = np.full(len(v), np.nan)
    out[present] = ((stamps - pd.Timestamp(EXCEL_EPOCH)) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    c.values, c.kind, c.digit_dates, c.digit_date_example = out, "date", int(present.sum()), int(x[0])


def _clean(values: Sequence[Any], errors: dict[int, str] | None = None, date_header: bool = False,
           decided: Decisions | None = None) -> Cleaned:
    """Cleans one column. ``errors``: position -> Excel error text for error cells (read as blank).

    ``date_header``: the header names a date (client since, last order), so numbers in Excel's serial
    date range are taken as dates and text dates are expected.
    ``decided``: the decisions an earlier cleaning of the whole column took (:attr:`Cleaned.decisions`),
    used instead of a vote over ``values``, so that some of a column's cells (a cell formula's row)
    read as they did in the whole column; a decision that is None is still voted on.
    Text numbers and text dates are read a column at a time (:func:`parse_numbers`, :func:`parse_dates`).
    """
    decided = decided or Decisions()
    fast = _clean_at_once(values, errors, date_header, decided)
    if fast is not None:
        return fast
    split = _split_cells(values, errors)
    result = Cleaned(split.out, "empty", errors=sorted(split.errors.items()), booleans=split.booleans)
    positions, strings = split.positions, split.strings
    texts = list(zip(positions[:200].tolist(), strings[:200].tolist()))
    if len(strings) > split.numbers + split.dates + split.booleans and not _mostly_values(texts, decided):
        # a names or notes column: no need to try every cell as a number or a date
        result.not_numbers = list(zip(positions.tolist(), strings.tolist()))
        result.kind = "text"
        return result
    numbers, dates = split.numbers, split.dates
    out = split.out
    if len(strings):
        as_number, as_date, day_first, comma = _read_texts(strings, split.distinct_of, decided)
        is_number = ~np.isnan(as_number)
        is_date = ~np.isnan(as_date)
        still = ~is_number & ~is_date
        # a text column (names, notes) stays text: only clean when cleaned values are the majority
        if int(is_number.sum()) + int(is_date.sum()) + numbers + dates + split.booleans >= int(still.sum()):
            out[positions[is_number]] = as_number[is_number]
            out[positions[is_date]] = as_date[is_date]
            result.text_numbers = list(zip(positions[is_number].tolist(), strings[is_number].tolist(),
                                           as_number[is_number].tolist()))
            result.text_dates = list(zip(positions[is_date].tolist(), strings[is_date].tolist()))
            result.not_numbers = list(zip(positions[still].tolist(), strings[still].tolist()))
            result.day_first = day_first
            result.decimal_comma = comma
            numbers += int(is_number.sum())
            dates += int(is_date.sum())
        else:
            result.not_numbers = list(zip(positions.tolist(), strings.tolist()))
            result.kind = "text"
            result.values = out
            return result
    if numbers + dates + split.booleans == 0:
        result.kind = "text" if len(strings) else "empty"
    elif dates > numbers or (date_header and numbers and _serial_range(out)):
        result.kind = "date"
    else:
        result.kind = "number"
    result.values = out
    return result


def _clean_at_once(values: Sequence[Any], errors: dict[int, str] | None, date_header: bool,
                   decided: Decisions) -> Cleaned | None:
    """The common columns cleaned without looking at each cell: all numbers, all dates, or texts that
    are mostly no numbers or dates (names, codes, notes); None for the others."""
    if errors:
        return None
    n = len(values)
    fast = _all_numbers(values)
    if fast is not None:
        kind = "empty" if np.isnan(fast).all() else \
            ("date" if date_header and _serial_range(fast) else "number")
        return Cleaned(fast, kind)
    fast = _all_dates(values)
    if fast is not None:
        return Cleaned(fast, "date")
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        sample = [(i, v.strip()) for i, v in zip(range(400), values) if isinstance(v, str) and v.strip()][:200]
        if sample and not _mostly_values(sample, decided):
            return Cleaned(np.full(n, np.nan), "text")  # names, codes, notes: nothing to clean
    return None


@dataclass
class _Cells:
    """A column's cells split: ``out`` the numbers, dates and booleans already read (NaN elsewhere),
    how many of each, the Excel error texts by position, and the texts still to read (``positions``,
    ``strings``; ``distinct_of``: each string's distinct text and the distinct texts, when known)."""

    out: np.ndarray
    positions: np.ndarray
    strings: np.ndarray
    distinct_of: tuple[np.ndarray, pd.Series] | None
    errors: dict[int, str]
    numbers: int = 0
    dates: int = 0
    booleans: int = 0


def _split_cells(values: Sequence[Any], errors: dict[int, str] | None) -> _Cells:
    """The cells read as they are (numbers, dates, booleans) and the texts left to read, tidied."""
    n = len(values)
    out = np.full(n, np.nan)
    err = dict(errors or {})
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        # each distinct text is tidied once
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        u = pd.Series([t.strip() for t in uniques], dtype=object)
        is_error = np.array([t[:1] == "#" and ERROR_TEXT.match(t) is not None for t in u], dtype=bool)
        use = np.array([t != "" for t in u], dtype=bool) & ~is_error
        present = codes >= 0
        for i in np.flatnonzero(present)[is_error[codes[present]]]:
            err.setdefault(int(i), u.iat[codes[i]])
        positions = np.flatnonzero(present)
        positions = positions[use[codes[positions]]]
        strings = u.to_numpy()[codes[positions]]
        return _Cells(out, positions, strings, (codes[positions], u), err)
    numbers = dates = booleans = 0
    pos_list: list[int] = []
    str_list: list[str] = []
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
            out[i] = date_to_serial(v)
            dates += 1
        elif isinstance(v, (dt.time, dt.timedelta)):
            pos_list.append(i)
            str_list.append(str(v))
        else:
            t = str(v).strip()
            if not t:
                continue
            if ERROR_TEXT.match(t):
                err.setdefault(i, t)
                continue
            pos_list.append(i)
            str_list.append(t)
    return _Cells(out, np.asarray(pos_list, dtype=np.int64), np.asarray(str_list, dtype=object), None, err,
                  numbers, dates, booleans)


def _read_texts(strings: np.ndarray, distinct_of: tuple[np.ndarray, pd.Series] | None, decided: Decisions
                ) -> tuple[np.ndarray, np.ndarray, bool | None, bool]:
    """Each text as a number and as a date (NaN where it is none), every distinct text read once; and
    the column's day-first and decimal-comma decisions."""
    if distinct_of is None:
        which, distinct_texts = pd.factorize(pd.Series(strings, dtype=object))
        distinct = pd.Series(distinct_texts, dtype=object)
    else:
        which, distinct = distinct_of
    counts = np.bincount(which, minlength=len(distinct))
    day_first = decided.day_first if decided.day_first is not None else vote_day_first(distinct, distinct=True)
    # number and date texts never look alike, so either can be read first: the one the column's
    # first texts mostly are, so that the other is tried on the few texts left
    sample = strings[:200].tolist()
    dates_first = sum(parse_date(t) is not None for t in sample) > sum(parse_number(t) is not None for t in sample)
    number_u = np.full(len(distinct), np.nan)
    date_u = np.full(len(distinct), np.nan)
    if dates_first:
        date_u = distinct_dates(distinct, day_first if day_first is not None else True)
        rest = np.flatnonzero(np.isnan(date_u))
        read = NumberTexts(distinct.to_numpy()[rest], counts[rest])
        comma = decided.decimal_comma if decided.decimal_comma is not None else read.decimal_comma()
        number_u[rest] = read.values(comma)
    else:
        read = NumberTexts(distinct.to_numpy(), counts)
        comma = decided.decimal_comma if decided.decimal_comma is not None else read.decimal_comma()
        number_u = read.values(comma)
        rest = np.flatnonzero(np.isnan(number_u))
        date_u[rest] = distinct_dates(pd.Series(distinct.to_numpy()[rest], dtype=object),
                                      day_first if day_first is not None else True)
    return number_u[which], date_u[which], day_first, comma


def has_values(columns: Sequence[Cleaned], rows: int) -> np.ndarray:
    """Per row, whether some number or date column holds a value that is not 0 (a prepared row
    whose formulas all give 0 has none)."""
    out = np.zeros(rows, dtype=bool)
    for c in columns:
        if c.kind in ("number", "date"):
            out |= ~np.isnan(c.values) & (c.values != 0)
    return out


def _mostly_values(texts: Sequence[tuple[int, str]], decided: Decisions = Decisions()) -> bool:
    """Whether most of these texts read as numbers or dates (with the column's decisions, if taken)."""
    comma = decided.decimal_comma if decided.decimal_comma is not None else uses_decimal_comma([t for _, t in texts])
    orders = (decided.day_first,) if decided.day_first is not None else (True, False)
    good = sum(parse_number(t, comma) is not None or any(parse_date(t, d) is not None for d in orders)
               for _, t in texts)
    return good * 2 >= len(texts)


def _all_numbers(values: Sequence[Any]) -> np.ndarray | None:
    """Floats when every cell is a number or blank (the common case, done without a Python loop)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return values.astype(float)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind not in ("integer", "floating", "mixed-integer-float", "empty"):
        return None
    return np.asarray(pd.to_numeric(pd.Series(values, dtype=object), errors="coerce"), dtype=float)


def _all_dates(values: Sequence[Any]) -> np.ndarray | None:
    """Serial days when every cell is a date or blank (done without a Python loop)."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind not in ("date", "datetime"):
        return None
    # each distinct date once (order lines repeat their dates)
    def days(uniques: pd.Series) -> np.ndarray:
        stamps = pd.to_datetime(uniques, errors="coerce")
        serial: np.ndarray = ((stamps - pd.Timestamp(EXCEL_EPOCH)) / pd.Timedelta(days=1)).to_numpy(
            dtype=float, na_value=np.nan)
        return serial
    spread: np.ndarray = per_distinct(pd.Series(values, dtype=object).to_numpy(), days, missing=np.nan)
    return spread


def _serial_range(values: np.ndarray) -> bool:
    """True when every number is a plausible Excel date (1982 to 2064), so a date header's
    numbers are serial dates that lost their date format."""
    v = values[~np.isnan(values)]
    return len(v) > 0 and bool(((v >= 30000) & (v <= 60000)).all())

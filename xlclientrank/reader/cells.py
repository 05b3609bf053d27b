"""Cell values as owners type them -> numbers and dates, column by column, with notes.

Handled: numbers stored as text (``1234.5``), currency symbols and codes before or after
(``$``, ``€``, ``£``, ``CHF``, ``R$``, ``USD``, any three capitals apart from the digits), thousands separators in both
conventions (``1,234.50`` and ``1.234,50``, with spaces, no-break or thin spaces ``1 234,50`` or
apostrophes ``1'234.50``; a column's convention is decided from its own number texts),
negatives with a leading or trailing minus (``-1.234,50``, SAP's and DATEV's ``1.234,50-``) or in
parentheses (``(1,200.00)``), percentages (``12%`` -> 0.12), Excel errors (``#N/A``), booleans
(TRUE/FALSE -> 1/0), and dates typed as text (see :func:`parse_date`): ISO with or without a time
and offset, ``15/03/2024`` or ``03/15/2024`` (the column's day-first decision), ``15.03.24``,
``12/31/24`` and month names in English, German, French, Spanish, Dutch, Italian and Portuguese.
A timestamp's time and offset are dropped: a text date is the calendar day where the export was
made. Dates become Excel serial day numbers, so a date column ranks like any number column.

Columns are read a column at a time (:func:`clean`, :func:`parse_numbers`, :func:`parse_dates`):
each distinct text once, common date shapes by pandas with an explicit format, the rest by one
regular expression per shape. :func:`parse_number` and :func:`parse_date` read one cell the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_DAY = np.datetime64("1899-12-30", "D")
ERROR_TEXT = re.compile(r"^#(N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|GETTING_DATA|SPILL!|CALC!)$")

# ---- numbers typed as text -------------------------------------------------------------------
# One shape for every number text: sign, currency, digits with thousands marks, percent, trailing
# minus (SAP, DATEV), parentheses. The digits are read in the column's convention (decimal comma or
# point), decided from all its cells (_decimal_comma).
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


class _NumberTexts:
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
            plain = np.array(pd.to_numeric(u, errors="coerce"), dtype=float)
            # only digits, a sign and a point: not "1e5", "inf" or " 12" (those take the careful way)
            plain[~np.isfinite(plain) | u.str.contains(r"[^0-9.+-]", regex=True).to_numpy()] = np.nan
        # plain numbers ("1234.5", "-3") are read by pandas; the rest are matched with _NUMBER_RX
        others = np.flatnonzero(np.isnan(plain))
        matches = [_NUMBER_RX.match(_tidy(str(uniques[i]))) for i in others]
        hit = np.array([m is not None for m in matches], dtype=bool)
        self.plain = plain
        self.positions = others[hit] if len(others) else others
        found = [m for m in matches if m is not None]
        self.digits = pd.Series([m["num"] for m in found], dtype=object)
        self.minus = np.array([(m["open"] is not None) + sum(m[k] == "-" for k in ("s1", "s2", "s3", "s4"))
                               for m in found], dtype=int)
        self.balanced = np.array([(m["open"] is None) == (m["close"] is None) for m in found], dtype=bool)
        self.percent = np.array([m["pct"] is not None for m in found], dtype=bool)
        self.plain_digits = pd.Series(uniques[~np.isnan(plain)], dtype=object).astype(str).str.strip()

    def decimal_comma(self) -> bool:
        """The column's vote (see :func:`_decimal_comma`)."""
        digits = pd.concat([self.plain_digits, self.digits], ignore_index=True)
        weights = np.concatenate([self.counts[~np.isnan(self.plain)], self.counts[self.positions]])
        return bool((_votes(digits) * weights).sum() > 0) if len(digits) else False

    def values(self, decimal_comma: bool) -> np.ndarray:
        """Per distinct text: the number, NaN when it is none."""
        out = self.plain.copy()
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


def _decimal_comma(texts: Sequence[str] | pd.Series) -> bool:
    """Whether a column's number texts use a comma as the decimal mark (``1.234,50``, ``12,5``).

    Each number text votes: with both marks, the last one is the decimal mark; one comma or one
    period followed by exactly three digits (``1,234``) says nothing; repeated marks are thousands.
    Texts that are no numbers (names, dates such as ``15.03.2024``) do not vote.
    """
    return _NumberTexts(texts).decimal_comma()


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).replace("\u2212", "-").strip()


def _number_from(parts: dict[str, str | None], decimal_comma: bool) -> float | None:
    """A number from the parts of _NUMBER_SHAPE (one cell; _NumberTexts does the same for a column)."""
    if bool(parts["open"]) != bool(parts["close"]):
        return None
    digits = parts["num"]
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
    ``decimal_comma`` None: decided from the column's own texts (:func:`_decimal_comma`)."""
    t = _NumberTexts(texts)
    comma = t.decimal_comma() if decimal_comma is None else decimal_comma
    return np.append(t.values(comma), np.nan)[t.codes]


def _serial(d: dt.date | dt.datetime) -> float:
    if isinstance(d, dt.datetime):
        return (d - EXCEL_EPOCH).total_seconds() / 86400.0
    return float((d - EXCEL_EPOCH.date()).days)


def _day_first(texts: Sequence[str] | pd.Series, distinct: bool = False) -> bool | None:
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
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=True)
    days = _distinct_dates(pd.Series(uniques, dtype=object).astype(str).str.strip(), day_first)
    return np.append(days, np.nan)[codes]  # code -1 (missing) -> NaN


def _distinct_dates(u: pd.Series, day_first: bool) -> np.ndarray:
    """Serial days of distinct, stripped texts (index 0..n-1); NaN where one is no date."""
    out = np.full(len(u), np.nan)
    if len(u) == 0:
        return out
    todo = np.ones(len(u), dtype=bool)
    # 1. fixed width: a date in the first ten characters, then nothing or a time and zone
    head, tail = u.str[:10], u.str[10:]
    tail_codes, tails = pd.factorize(tail)
    tail_ok = np.array([_END_RX.match(re.sub(r"\s+", " ", t).lower()) is not None for t in tails],
                       dtype=bool)[tail_codes]
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
    key_codes, unique_keys = pd.factorize(pd.Series(keys, dtype=object))
    days = _read_shapes(pd.Series(unique_keys, dtype=object), day_first)
    out[positions] = days[key_codes]
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


def clean(values: Sequence[Any], errors: dict[int, str] | None = None, date_header: bool = False,
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
    n = len(values)
    fast = _all_numbers(values)
    if fast is not None and not errors:
        kind = "empty" if np.isnan(fast).all() else \
            ("date" if date_header and _serial_range(fast) else "number")
        return Cleaned(fast, kind)
    fast = _all_dates(values)
    if fast is not None and not errors:
        return Cleaned(fast, "date")
    all_text = pd.api.types.infer_dtype(values, skipna=True) == "string"
    if all_text and not errors:
        sample = [(i, v.strip()) for i, v in zip(range(400), values) if isinstance(v, str) and v.strip()][:200]
        if sample and not _mostly_values(sample, decided):
            return Cleaned(np.full(n, np.nan), "text")  # names, codes, notes: nothing to clean
    out = np.full(n, np.nan)
    numbers = dates = 0
    booleans = 0
    err = dict(errors or {})
    if all_text:
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
        distinct_of = (codes[positions], u)  # each string's distinct text, already known
    else:
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
                out[i] = _serial(v)
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
        positions, strings = np.asarray(pos_list, dtype=np.int64), np.asarray(str_list, dtype=object)
        distinct_of = None
    result = Cleaned(out, "empty", errors=sorted(err.items()), booleans=booleans)
    texts = list(zip(positions[:200].tolist(), strings[:200].tolist()))
    if len(strings) > numbers + dates + booleans and not _mostly_values(texts, decided):
        # a names or notes column: no need to try every cell as a number or a date
        result.not_numbers = list(zip(positions.tolist(), strings.tolist()))
        result.kind = "text"
        return result
    if len(strings):
        # every distinct text is read once (``distinct``, with ``which``: each string's distinct text)
        if distinct_of is None:
            which, distinct_texts = pd.factorize(pd.Series(strings, dtype=object))
            distinct = pd.Series(distinct_texts, dtype=object)
        else:
            which, distinct = distinct_of
        counts = np.bincount(which, minlength=len(distinct))
        day_first = decided.day_first if decided.day_first is not None else _day_first(distinct, distinct=True)
        # number and date texts never look alike, so either can be read first: the one the column's
        # first texts mostly are, so that the other is tried on the few texts left
        sample = strings[:200].tolist()
        dates_first = sum(parse_date(t) is not None for t in sample) > sum(parse_number(t) is not None for t in sample)
        number_u = np.full(len(distinct), np.nan)
        date_u = np.full(len(distinct), np.nan)
        if dates_first:
            date_u = _distinct_dates(distinct, day_first if day_first is not None else True)
            rest = np.flatnonzero(np.isnan(date_u))
            read = _NumberTexts(distinct.to_numpy()[rest], counts[rest])
            comma = decided.decimal_comma if decided.decimal_comma is not None else read.decimal_comma()
            number_u[rest] = read.values(comma)
        else:
            read = _NumberTexts(distinct.to_numpy(), counts)
            comma = decided.decimal_comma if decided.decimal_comma is not None else read.decimal_comma()
            number_u = read.values(comma)
            rest = np.flatnonzero(np.isnan(number_u))
            date_u[rest] = _distinct_dates(pd.Series(distinct.to_numpy()[rest], dtype=object),
                                           day_first if day_first is not None else True)
        as_number, as_date = number_u[which], date_u[which]
        is_number = ~np.isnan(as_number)
        is_date = ~np.isnan(as_date)
        still = ~is_number & ~is_date
        # a text column (names, notes) stays text: only clean when cleaned values are the majority
        if int(is_number.sum()) + int(is_date.sum()) + numbers + dates + booleans >= int(still.sum()):
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
    if numbers + dates + booleans == 0:
        result.kind = "text" if len(strings) else "empty"
    elif dates > numbers or (date_header and numbers and _serial_range(out)):
        result.kind = "date"
    else:
        result.kind = "number"
    result.values = out
    return result


def _mostly_values(texts: Sequence[tuple[int, str]], decided: Decisions = Decisions()) -> bool:
    """Whether most of these texts read as numbers or dates (with the column's decisions, if taken)."""
    comma = decided.decimal_comma if decided.decimal_comma is not None else _decimal_comma([t for _, t in texts])
    orders = (decided.day_first,) if decided.day_first is not None else (True, False)
    good = sum(parse_number(t, comma) is not None or any(parse_date(t, d) is not None for d in orders)
               for _, t in texts)
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

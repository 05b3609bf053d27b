"""Numbers as the owner's spreadsheet shows them: ``as_text(12450.5, "$#,##0.00")`` gives ``"$12,450.50"``.

Sentences that quote an amount ("Low sales ($306)", "Willow Vets alone is 20 % of your sales") show it
the way its cell shows it, in the column's own number format. No library we looked at was both kept up
and light: ``ssf`` (a port of SheetJS's formatter) was last released in 2020 and pulls babel, PyYAML,
dateutil and convertdate; ``formulas`` and ``pycel`` evaluate whole workbooks; openpyxl and XlsxWriter
only store format codes. So this is a small renderer of the codes owners use.

What :func:`as_text` understands of a format code:

* up to four sections ``positive;negative;zero;text``: a negative number in its own section is shown
  without its minus (``$#,##0;($#,##0)`` shows -5 as ``($5)``), otherwise with a minus in front of all;
  zero uses the third section when there is one;
* digit places ``0`` (always shown), ``#`` (only when needed) and ``?`` (a space when not needed), a
  thousands comma between them, a decimal point, commas right after the digits (each divides by 1,000),
  ``%`` (multiplies by 100 and is shown);
* text around the number: ``"quoted text"``, ``\\x``, currency ``[$€-407]`` (the symbol, before or
  after), ``[$-409]`` (a language only: nothing shown), colours such as ``[Red]`` (ignored), ``_x``
  (a space), ``*x`` (fill: nothing), and the characters Excel shows as they are ($ - + ( ) : / space,
  any symbol such as € or £);
* ``General``, also with text around it, and a blank or missing code: up to 11 characters,
  no separators (as a column of standard width shows it), very large or small numbers as ``1E+12``;
* dates and times (``yyyy-mm-dd``, ``d-mmm-yy``, ``dd/mm/yyyy h:mm AM/PM`` ...) of Excel day numbers.

Numbers are rounded half away from zero on their 15 significant digits, as Excel does. Anything else
(conditions such as ``[>1000]``, fractions ``# ?/?``, scientific ``0.00E+00``, elapsed ``[h]``) is
shown as plain ``#,##0.##``-like text (:func:`plain`); nothing here raises.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping, Protocol, Sequence

from xlclientrank.headers import CUSTOM, FactorKind

# the formats of the Ranking sheet for a column without the owner's own format, by what its values
# are (the same codes as render/formats.py's MONEY, DATE, count and number formats; a test keeps them so)
KIND_FORMATS = {"money": "#,##0.00", "count": "#,##0", "number": "0.00", "date": "yyyy-mm-dd"}

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
CLOSING = {'"': '"', "[": "]"}  # what ends a quoted text and a bracket in a format code
GENERAL_DIGITS = 10


class _FactorSetting(Protocol):
    @property
    def column(self) -> str: ...
    @property
    def kind(self) -> FactorKind: ...


class HasFactors(Protocol):
    """What :func:`column_format` reads of the settings (``stored.settings.Settings`` has it)."""

    @property
    def factors(self) -> Sequence[_FactorSetting]: ...


class _NotUnderstood(Exception):
    """A format code this module cannot render: the number is shown as plain text instead."""


def column_format(column: str, settings: HasFactors, kinds: Mapping[str, str], formats: Mapping[str, str]) -> str:
    """The number format code the Ranking shows ``column`` in: the owner's own format from the source
    workbook when there is one (``formats``: column -> code), a date format for a column of dates
    (``kinds``: column -> ``"date"``, ``"number"`` or ``"text"``), else the one that suits the kind of
    factor the settings give the column (money, a count, a rating or any other number)."""
    if column in formats:
        return formats[column]
    if kinds.get(column) == "date":
        return KIND_FORMATS["date"]
    kind = next((f.kind for f in settings.factors if f.column == column), CUSTOM)
    return KIND_FORMATS[{"money": "money", "count": "count", "rating": "count"}.get(kind.value, "number")]


def without_decimals(number_format: str | None) -> str:
    """The format's first section without its decimal places: amounts in whole units, as on a chart's
    axis or in a sentence ("$12,450" for ``$#,##0.00``; ``General`` or none: ``#,##0``).

    >>> without_decimals("$#,##0.00"), without_decimals("#,##0.000 [$€-407]"), without_decimals("General")
    ('$#,##0', '#,##0 [$€-407]', '#,##0')
    """
    if not number_format or number_format.lower() == "general":
        return "#,##0"
    return re.sub(r"\.[0#?]+", "", _sections(number_format)[0])


def as_text(value: float, number_format: str | None, *, thousands: str = ",", decimal: str = ".") -> str:
    """``value`` as Excel shows it in a cell with ``number_format`` (see the module docstring for what
    is understood). ``thousands`` and ``decimal`` are the separators shown (Excel takes them from the
    computer's language, not from the format code). A value that is not a finite number gives ``""``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(v):
        return ""
    try:
        return _render(v, (number_format or "").strip(), thousands, decimal)
    except (_NotUnderstood, ArithmeticError, ValueError, OverflowError, IndexError):
        return plain(v, thousands=thousands, decimal=decimal)


def is_date_format(number_format: str | None) -> bool:
    """Whether the code shows a date or a time (``yyyy-mm-dd``, ``d-mmm-yy``, ``h:mm`` ...)."""
    try:
        return any(what == "date" for what, _ in _tokens(_sections(number_format or "")[0]))
    except _NotUnderstood:
        return False


def plain(value: float, *, thousands: str = ",", decimal: str = ".") -> str:
    """``value`` with thousands separators and at most two decimals, no trailing zeros: ``12,450.5``."""
    if not math.isfinite(value):
        return ""
    d = _decimal(abs(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{d:f}".partition(".")
    frac = frac.rstrip("0")
    text = _group(whole, thousands) + (decimal + frac if frac else "")
    return ("-" if value < 0 and d != 0 else "") + text


# ---------------------------------------------------------------- sections and tokens

@functools.lru_cache(maxsize=256)
def _sections(code: str) -> list[str]:
    """The code split at its semicolons (not those in quotes, brackets or after a backslash)."""
    out: list[str] = []
    cur, i = "", 0
    while i < len(code):
        ch = code[i]
        if ch in CLOSING:  # a quoted text or a [bracket]: kept whole, semicolons and all
            end = code.find(CLOSING[ch], i + 1)
            end = len(code) - 1 if end < 0 else end
            cur += code[i:end + 1]
            i = end + 1
            continue
        if ch in "\\_*" and i + 1 < len(code):
            cur += code[i:i + 2]
            i += 2
            continue
        if ch == ";":
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    out.append(cur)
    return out


_TOKEN = re.compile(r'"[^"]*"?|\\.|\[[^\]]*\]?|_.|\*.|general|am/pm|a/p|[eE][+-]|[yY]+|[mM]+|[dD]+|[hH]+|[sS]+|.',
                    re.IGNORECASE | re.DOTALL)
_COLOURS = {"black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"}
_DATE_PARTS = ("y", "m", "d", "h", "s", "am/pm", "a/p")


@functools.lru_cache(maxsize=256)
def _tokens(section: str) -> list[tuple[str, str]]:
    """(what, text) pairs: ``"lit"`` text shown as it is, ``"num"`` a digit place, point, comma or
    percent sign, ``"general"``, or ``"date"`` a date or time part."""
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(section):
        t = m.group(0)
        low = t.casefold()
        if t.startswith('"'):
            out.append(("lit", t.strip('"')))
        elif t.startswith("\\"):
            out.append(("lit", t[1:]))
        elif t.startswith("["):
            out.append(("lit", _bracket(t.strip("[]"))))
        elif t.startswith("_"):
            out.append(("lit", " "))
        elif t.startswith("*") or t == "@":
            continue
        elif low == "general":
            out.append(("general", t))
        elif low[:1] == "e" and low[1:] in ("+", "-"):
            raise _NotUnderstood(t)
        elif low in ("am/pm", "a/p") or low[0] in "ymdhs":
            out.append(("date", t))
        elif t in "0#?.,%":
            out.append(("num", t))
        else:
            out.append(("lit", t))
    return out


def _bracket(inner: str) -> str:
    """What a ``[...]`` part shows: a currency symbol, or nothing for a language or a colour."""
    if inner.startswith("$"):
        return inner[1:].split("-", 1)[0]
    low = inner.casefold()
    if low in _COLOURS or re.fullmatch(r"color\s*\d+", low):
        return ""
    raise _NotUnderstood(inner)  # a condition [>100], elapsed time [h], [DBNum1] ...


def _render(v: float, code: str, thousands: str, decimal: str) -> str:
    if code == "" or code.casefold() == "general":
        return _general(v, decimal)
    sections = _sections(code)
    if v < 0 and len(sections) >= 2 and sections[1].strip():
        return _section(abs(v), sections[1], thousands, decimal, "")
    if v == 0 and len(sections) >= 3:
        return _section(0.0, sections[2], thousands, decimal, "")
    return _section(abs(v), sections[0], thousands, decimal, "-" if v < 0 else "")


def _section(v: float, section: str, thousands: str, decimal: str, sign: str) -> str:
    tokens = _tokens(section)
    whats = {w for w, _ in tokens}
    if "date" in whats:
        if "num" in whats and any(t in "0#?" for w, t in tokens if w == "num"):
            raise _NotUnderstood(section)  # fractions of seconds and the like
        return sign + _date(v, tokens)
    if "general" in whats:
        shown = "".join(_general(v, decimal) if w == "general" else t for w, t in tokens)
        return sign + shown.strip()
    if "num" not in whats or not any(t in "0#?" for w, t in tokens if w == "num"):
        return sign + "".join(t for _, t in tokens).strip()  # text only, e.g. "-" for zero
    return sign + _number(v, tokens, thousands, decimal).strip()


# ---------------------------------------------------------------- numbers

def _number(v: float, tokens: list[tuple[str, str]], thousands: str, decimal: str) -> str:
    places = [i for i, (w, t) in enumerate(tokens) if w == "num" and t in "0#?"]
    first, last = places[0], places[-1]
    # commas right after the last digit place divide by 1,000 each
    end = last + 1
    while end < len(tokens) and tokens[end] == ("num", ","):
        end += 1
    middle = tokens[first:end]
    if any(w != "num" or t == "%" for w, t in middle):
        raise _NotUnderstood("text between the digits")
    pattern = "".join(t for _, t in middle)
    percent = tokens.count(("num", "%"))  # a quoted "%" is only shown
    before = "".join(t for w, t in tokens[:first])
    after = "".join(t for w, t in tokens[end:])
    # a point just before the first digit place belongs to the number (".00")
    if before.endswith(".") and tokens[first - 1] == ("num", "."):
        before, pattern = before[:-1], "." + pattern
    whole_pat, point, frac_pat = pattern.partition(".")
    scale_commas = len(whole_pat) - len(whole_pat.rstrip(",")) if not point else 0
    if point:
        frac_scale = len(frac_pat) - len(frac_pat.rstrip(","))
        scale_commas, frac_pat = frac_scale, frac_pat.rstrip(",")
    else:
        whole_pat = whole_pat.rstrip(",")
    frac_pat = frac_pat.replace(",", "")
    grouped = "," in whole_pat
    d = _decimal(v) * (Decimal(100) ** percent) / (Decimal(1000) ** scale_commas)
    d = d.quantize(Decimal(1).scaleb(-len(frac_pat)), rounding=ROUND_HALF_UP)
    whole_digits, _, frac_digits = f"{d:f}".partition(".")
    whole = _whole(whole_digits, whole_pat.replace(",", ""), grouped, thousands)
    frac = _fraction(frac_digits, frac_pat)
    text = before.replace(".", decimal) + whole + (decimal + frac if point else "") + after
    return text


def _whole(digits: str, pattern: str, grouped: bool, thousands: str) -> str:
    """The whole part: at least as many digits as the pattern has ``0`` (``?`` pads with spaces)."""
    digits = digits.lstrip("0")
    zeros = pattern.count("0")
    spaces = pattern.count("?")
    if len(digits) < zeros:
        digits = "0" * (zeros - len(digits)) + digits
    text = _group(digits, thousands) if grouped else digits
    width = zeros + spaces
    return " " * max(0, width - len(digits)) + text if spaces else text


def _fraction(digits: str, pattern: str) -> str:
    """The decimals: a trailing zero at a ``#`` place is left out, at a ``?`` place shown as a space."""
    out = list(digits)
    i = len(out) - 1
    while i >= 0 and out[i] == "0" and pattern[i] in "#?":
        out[i] = "" if pattern[i] == "#" else " "
        i -= 1
    return "".join(out)


def _group(digits: str, thousands: str) -> str:
    if len(digits) <= 3:
        return digits
    head = len(digits) % 3 or 3
    return thousands.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _decimal(v: float) -> Decimal:
    """``v`` as a decimal of its 15 significant digits (what Excel keeps): 1.005 is 1.005, not 1.00499..."""
    return Decimal(f"{v:.15g}")


def _general(v: float, decimal: str) -> str:
    """Excel's General: up to 11 characters (a column of standard width), no separators; else scientific."""
    if v == 0:
        return "0"
    if abs(v) >= 1e11 or abs(v) < 1e-9:
        mantissa, exp = f"{v:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exp[0]}{int(exp[1:]):02d}".replace(".", decimal)
    whole = len(str(int(abs(v)))) if abs(v) >= 1 else 1
    places = max(0, GENERAL_DIGITS - whole)
    d = _decimal(v).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text).replace(".", decimal)


# ---------------------------------------------------------------- dates and times

def _date(v: float, tokens: list[tuple[str, str]]) -> str:
    when = EXCEL_EPOCH + dt.timedelta(days=v)
    when = (when + dt.timedelta(milliseconds=500)).replace(microsecond=0)  # to the nearest second
    twelve = any(w == "date" and t.casefold() in ("am/pm", "a/p") for w, t in tokens)
    parts = [t.casefold() if w == "date" else None for w, t in tokens]
    out = []
    for i, (w, t) in enumerate(tokens):
        if w != "date":
            out.append(t)
            continue
        low = t.casefold()
        if low[0] == "m" and len(low) <= 2 and _is_minutes(parts, i):
            out.append(f"{when.minute:0{len(low)}d}")
        else:
            out.append(_date_part(low, when, twelve))
    return "".join(out).strip()


def _is_minutes(parts: list[str | None], i: int) -> bool:
    """An ``m`` right after an hour or right before a second is minutes, not the month."""
    before = next((p for p in reversed(parts[:i]) if p is not None), None)
    after = next((p for p in parts[i + 1:] if p is not None), None)
    return (before is not None and before[0] == "h") or (after is not None and after[0] == "s")


def _date_part(low: str, when: dt.datetime, twelve: bool) -> str:
    kind, n = low[0], len(low)
    if low == "am/pm":
        return "AM" if when.hour < 12 else "PM"
    if low == "a/p":
        return "A" if when.hour < 12 else "P"
    if kind == "y":
        return f"{when.year % 100:02d}" if n <= 2 else f"{when.year:04d}"
    if kind == "m":
        return ({1: str(when.month), 2: f"{when.month:02d}", 3: calendar.month_abbr[when.month]}.get(n)
                or (calendar.month_name[when.month][0] if n == 5 else calendar.month_name[when.month]))
    if kind == "d":
        return ({1: str(when.day), 2: f"{when.day:02d}", 3: calendar.day_abbr[when.weekday()]}.get(n)
                or calendar.day_name[when.weekday()])
    if kind == "h":
        hour = (when.hour % 12 or 12) if twelve else when.hour
        return f"{hour:0{min(n, 2)}d}"
    return f"{when.second:0{min(n, 2)}d}"  # "s"

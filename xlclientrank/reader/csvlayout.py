"""How a sheet written for a CSV looks: each column's width (fits its heading and its longest value,
within a cap) and number format (counts with thousands separators, amounts with two decimals, codes
and years as they are, dates as dates), so that nothing is cut off and ``12450.5`` reads
``12,450.50``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Sequence

DATE_FORMAT = "yyyy-mm-dd"  # a date of a CSV, in the sheet written for its lines
COUNT = "#,##0"
AMOUNT = "#,##0.00"
FINE = "0.00##"         # rates and shares with more than two decimals: up to four shown
CODE = "0"              # identifiers, years, postcodes: no thousands separator
WIDEST = 40             # a column never gets wider than this (longer headings wrap)
NARROWEST = 6
WRAP_AT = 20            # a heading wider than this wraps (over a column of narrower values)
FILTER_BUTTON = 3       # room for the filter button beside a heading
SAMPLE = 20_000         # the widths are measured on the first rows (a column's type is known by then)
# headings of whole numbers that are identifiers or years, not quantities: "Customer ID", "Order no",
# "Invoice #", "Year", "Postcode"
_CODE_HEADING = re.compile(r"(?:\b(?:id|code|year|zip|postal|postcode|phone|tel|account|ref|reference|sku)\b|"
                           r"(?:number|\bno\.?|#)\s*$)", re.IGNORECASE)
_COUNT_HEADING = re.compile(r"^\s*(?:number|no\.?|count)\s+of\b", re.IGNORECASE)


@dataclass(frozen=True)
class Layout:
    """One column's width (characters) and number format (None: the cell's own, text as text)."""

    width: float
    num_format: str | None


def _is_code(heading: str) -> bool:
    return bool(_CODE_HEADING.search(heading)) and not _COUNT_HEADING.search(heading)


def _decimals(x: float) -> int:
    """The decimals a number needs (up to 4)."""
    for d in range(5):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x)):
            return d
    return 4


def number_format(heading: str, numbers: Sequence[float]) -> str:
    """The format for a column of numbers: whole numbers as counts (identifiers and years without a
    thousands separator), others as amounts with two decimals (an average sale of 419.7525 shows
    419.75), except rates and shares between -1 and 1 with more decimals (up to four shown)."""
    most = max((_decimals(x) for x in numbers), default=0)
    if most == 0:
        return CODE if _is_code(heading) else COUNT
    return FINE if most > 2 and max(abs(x) for x in numbers) <= 1 else AMOUNT


def _shown(x: float, code: str) -> str:
    """How Excel shows ``x`` in format ``code`` (near enough to measure its width)."""
    if code == CODE:
        return f"{x:.0f}"
    if code == COUNT:
        return f"{x:,.0f}"
    return f"{x:,.2f}" if code == AMOUNT else f"{x:.4f}"


def layout(heading: str | None, values: Sequence[Any]) -> Layout:
    """The width and number format of a column with ``heading`` and cells ``values`` (float,
    datetime.date, str or None)."""
    head = heading or ""
    sample = values[:SAMPLE]
    numbers = [v for v in sample if isinstance(v, float) and v == v]
    dates = any(isinstance(v, dt.date) for v in sample)
    texts = [v for v in sample if isinstance(v, str)]
    code: str | None = None
    widest = 0
    if numbers:
        code = number_format(head, numbers)
        widest = max(len(_shown(max(numbers), code)), len(_shown(min(numbers), code)))
    elif dates:
        code = DATE_FORMAT
    if dates:
        widest = max(widest, len(DATE_FORMAT))
    if texts:
        widest = max(widest, max(len(t) for t in texts))
    # a bold heading is about a tenth wider than its characters, plus the filter button; a long one
    # wraps onto more lines rather than widen a column of short values (its longest word still fits)
    def bold(text: str) -> int:
        return round(len(text) * 1.1) + FILTER_BUTTON if text else 0
    heading_width = min(bold(head), max(WRAP_AT, max((bold(w) for w in head.split()), default=0)))
    width = max(NARROWEST, widest + 2, heading_width)
    return Layout(float(min(WIDEST, width)), code)


def heading_lines(headings: Sequence[str | None], layouts: Sequence[Layout]) -> int:
    """How many lines the tallest wrapped heading takes (the heading row's height is set to it:
    neither Excel nor LibreOffice grows a row for wrapped text by itself when opening a file)."""
    most = 1
    for head, lay in zip(headings, layouts):
        lines, used = 1, 0.0
        for word in (head or "").split():
            size = len(word) * 1.05 + 1   # bold, and the space after it
            if used and used + size > lay.width - 1:
                lines, used = lines + 1, 0
            used += size
        most = max(most, lines)
    return most


CACHE_KEY = ("csvlayout", "number formats")   # where a CSV sheet keeps its columns' number formats


def number_formats(header: Sequence[str | None], columns: Sequence[Any]) -> list[str | None]:
    """Each column's number format for its numbers (None for a column without numbers), as
    :func:`layout` gives it: the sheet written for a CSV's lines has them, so the ranking shows the
    CSV's numbers as that sheet does."""
    out: list[str | None] = []
    for j, col in enumerate(columns):
        values = col.tolist() if hasattr(col, "tolist") else list(col)
        code = layout(header[j] if j < len(header) else None, values).num_format
        out.append(code if code != DATE_FORMAT else None)
    return out

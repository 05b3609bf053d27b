"""What an amount is and what it is in: refunds taken off, tax and shipping passed on, prices that are
no amounts, and currencies never added up."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Sequence

import numpy as np
from numpy.typing import ArrayLike

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.reader import locate
from xlclientrank.reader.distinct import per_distinct
from xlclientrank.reader.notes import Understood, counted
from xlclientrank.reader.rules import words
from xlclientrank.reader.rules.outcome import Outcome, ending_pattern, find, fold

_CURRENCY_H = ending_pattern(words.CURRENCY_HEADERS)
_CONVERTED = headers.word_pattern(words.CONVERTED)
_REFUND_HEADER = headers.word_pattern(words.REFUND_HEADERS)
_NOT_MONEY = headers.word_pattern(words.NOT_MONEY)
_PASSED_ON = headers.word_pattern(words.PASSED_ON_HEADERS)
_NOT_A_PRICE = headers.word_pattern(words.NOT_A_PRICE)
_CODE_AT_END = re.compile(r"(?<![A-Za-z])([A-Za-z]{3})\s*\)?\s*$")
_CODE_IN_HEADER = re.compile(r"\(\s*(?:[A-Z]{3}|[€£¥$₹₪])\s*\)|(?<![A-Za-z])(?:in )?(?:EUR|USD|GBP|CHF)$")



# ---------------------------------------------------------------- refunds

def refund_column(header: str) -> bool:
    """True for a column of amounts given back (Refunded Amount, Erstattet, Remboursé, ...), not a
    count or a rate of refunds (Refund count, Refund rate)."""
    folded = fold(header)
    return bool(_REFUND_HEADER.search(folded)) and not _NOT_MONEY.search(folded) and not headers.per_unit(header)


def passed_on(header: str) -> bool:
    """True for a column of tax, shipping or duties (collected for the state or the carrier)."""
    return bool(_PASSED_ON.search(fold(header)))


def price(header: str) -> bool:
    """True for a rate or price of the goods or the hours (``headers.PER_UNIT``), not an exchange,
    tax, discount or fee rate."""
    return headers.per_unit(header) and not _NOT_A_PRICE.search(fold(header))


def take_off(gross: ArrayLike, refund: ArrayLike, share: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Each row's amount less its refund (times ``share``: the part of the amount that is the sale,
    when the refund gives back tax and shipping too). A refund larger than its amount means the
    amount is already net of it, or the columns are not what they seem: it is not taken off (never
    a client below zero for it). Returns the amounts and which rows had such a refund."""
    g = np.nan_to_num(np.asarray(gross, dtype=float))
    r = np.nan_to_num(np.asarray(refund, dtype=float))
    larger = (r > np.abs(g) + 0.005) & (r > 0)
    return g - np.where(larger, 0.0, r) * share, larger


# ---------------------------------------------------------------- currencies

def converted(header: str) -> bool:
    """True when a header says its amounts are in one currency: converted into it (Converted Amount,
    Base Grand Total, Betrag in Hauswährung) or named (Revenue (EUR), Umsatz (€))."""
    return bool(_CONVERTED.search(fold(header)) or _CODE_IN_HEADER.search(str(header)))


def currency_code(value: str) -> str:
    """A currency as exports write it, as its code: "EUR", "eur", "€", "Euro - EUR", "Euro" -> "EUR"."""
    text = " ".join(str(value).split())
    if not text:
        return ""
    low = text.casefold()
    if low in words.CURRENCY_SYMBOLS:
        return words.CURRENCY_SYMBOLS[low]
    m = _CODE_AT_END.search(text)
    if m:
        return m.group(1).upper()
    return words.CURRENCY_NAMES.get(fold(text), text.upper())


def currency(columns: Sequence[str], raw: dict[str, list[Any]], keep: np.ndarray, amounts: Sequence[str],
             in_one: Sequence[str]) -> Outcome:
    """Never adds amounts in different currencies. ``amounts``: the amount columns the table may
    rank on; ``in_one``: those among all columns whose header says they are converted into one
    currency. With several currencies: rank on a converted amount when there is one
    (``use_column``), else on the rows in the most common currency; a tie is refused."""
    n = len(keep)
    out = Outcome.nothing(n)
    cols = [c for c in find(columns, _CURRENCY_H) if not converted(c)]
    into = [c for c in find(columns, _CURRENCY_H) if converted(c)]
    into_codes = sorted({currency_code(v) for v in locate.texts(raw[into[0]])[keep]} - {""}) if into else []
    unit = f", in {into_codes[0]} ({into[0]})" if len(into_codes) == 1 else ""
    if not cols:
        return out
    texts = locate.texts(raw[cols[0]])
    code = per_distinct(texts, lambda u: np.array([currency_code(t) for t in u], dtype=object))
    present = keep & (code != "").to_numpy()
    counts = Counter(code[present].tolist()).most_common()
    listed = ", ".join(f"{c} {k:,}" for c, k in counts)
    if in_one and (len(counts) > 1 or (unit and counts and counts[0][0] != into_codes[0])):
        # the amounts converted into one currency: said whenever that is not the payments' own
        out.use_column = in_one[0]
        where = (f"the amounts are in {len(counts)} currencies ({cols[0]}: {listed} rows)" if len(counts) > 1
                 else f"the payments are in {counts[0][0]} ({cols[0]})")
        out.lines.append(Understood("Currency", f"{where}; ranked on {in_one[0]}{unit}, which is in one currency."))
        return out
    if len(counts) < 2:
        return out
    (top, top_n), (_, second_n) = counts[0], counts[1]
    if top_n == second_n:
        raise ClientTableError(f"the amounts are in {len(counts)} currencies ({cols[0]}: {listed} rows) and no column "
                               "converts them into one; amounts in different currencies cannot be added up. Export "
                               "in one currency, or add a column with the amounts converted into yours")
    other = present & (code != top).to_numpy()
    others = ", ".join(c for c, _ in counts[1:])
    out.leave_out(f"amounts in {others}, not {top}", other)
    left = counted(int(other.sum()), "row")
    out.lines.append(Understood("Currency", f"{top} ({top_n:,} of {int(present.sum()):,} rows, {cols[0]}); "
                                            f"{left} in {others} left out, since amounts in "
                                            "different currencies cannot be added up."))
    return out

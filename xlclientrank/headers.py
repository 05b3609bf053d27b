"""Factor kinds and the header words that recognise them. Defined once, used everywhere.

A *factor kind* says what a column measures (revenue, hours, ...). It supplies the default
direction (is more better?) and default weight the first time a workbook is ranked; after that
the owner's ``ClientRank Settings`` sheet decides. Recognition works on the header text alone,
case- and order-independent: ``"Revenue 2026"``, ``"Sales"`` and ``"Turnover"`` are all revenue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FactorKind:
    key: str              # stable identifier, used in code and JSON
    label: str            # what the owner sees in the settings sheet
    higher_is_better: bool
    default_weight: float
    value: str            # "money", "count", "date", "rating" or "number": how values are shown
    pattern: str          # regular expression on the normalised header (lower case, single spaces)


# Order matters: the first kind whose pattern matches a header wins, so the specific kinds
# (client since, last order, average sale, gross profit) come before the general ones (orders, revenue).
KINDS: tuple[FactorKind, ...] = (
    FactorKind("tenure", "Client since", False, 1, "date",
               r"\b(client|customer)s? since\b|\bsince\b|\bfirst (order|purchase|sale|invoice|job)\b|\bstart date\b|\bjoined\b|\btenure\b"),
    FactorKind("recency", "Last order", True, 1, "date",
               r"\blast (order|purchase|sale|invoice|job|visit|contact)\b|\brecency\b|\bmost recent\b"),
    FactorKind("average_sale", "Average sale", True, 1, "money",
               r"\b(average|avg\.?|mean)\b.*\b(sale|order|invoice|ticket|spend|value|basket)s?\b|\baov\b"),
    FactorKind("profit", "Gross profit", True, 2, "money",
               r"\b(gross profit|profit|gp|margin|contribution)\b"),
    FactorKind("revenue", "Revenue", True, 3, "money",
               r"\b(revenue|revenues|sales|turnover|amount|invoiced|billings?|billed|income|spend|fees?|omzet|umsatz|"
               r"ventas|fatturato|chiffre d'affaires)\b"),
    FactorKind("orders", "Orders", True, 1, "count",
               r"\b(orders?|no\.? of orders|number of orders|jobs|visits|invoices|purchases|transactions|bookings|frequency)\b"),
    FactorKind("hours", "Hours spent", False, 1, "number",
               r"\b(hours?|hrs?|time spent|time)\b"),
    FactorKind("complaints", "Complaints", False, 1, "count",
               r"\b(complaints?|tickets?|issues?|disputes?|returns?)\b"),
    FactorKind("referrals", "Referrals", True, 1, "count",
               r"\b(referrals?|referred|referrer)\b"),
    FactorKind("fit", "Fit (1-5)", True, 2, "rating",
               r"\b(fit|rating|score|enjoy(ment)?|grade|stars?)\b"),
)

CUSTOM = FactorKind("custom", "Other", True, 0, "number", r"(?!)")
KIND_BY_KEY = {k.key: k for k in KINDS + (CUSTOM,)}
KIND_BY_LABEL = {k.label.casefold(): k for k in KINDS + (CUSTOM,)}

# A header that names the client itself.
CLIENT_PATTERN = re.compile(
    r"^(client|customer|account|company|business|client name|customer name|account name|company name|name|"
    r"organisation|organization|buyer|debtor|trading name|klant|kunde|cliente|klantnaam|kundenname)s?\b")

_COMPILED = tuple((kind, re.compile(kind.pattern)) for kind in KINDS)


def normalise(header: object) -> str:
    """Lower-case, single-spaced header text; ``None`` becomes ``""``."""
    if header is None:
        return ""
    return re.sub(r"\s+", " ", str(header)).strip().casefold()


def recognise(header: object) -> FactorKind | None:
    """The factor kind a header names, or ``None`` when the words are not ones we know.

    >>> recognise("Revenue 2026").key, recognise("GP").key, recognise("Hrs").key
    ('revenue', 'profit', 'hours')
    >>> recognise("Contact email") is None
    True
    """
    text = normalise(header)
    if not text:
        return None
    for kind, pattern in _COMPILED:
        if pattern.search(text):
            return kind
    return None


def is_client_header(header: object) -> bool:
    """True when a header names the client (``Client``, ``Customer name``, ``Company`` ...)."""
    return bool(CLIENT_PATTERN.match(normalise(header)))

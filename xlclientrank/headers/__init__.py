"""Factor kinds and the header words that recognise them. Defined once, used everywhere.

A *factor kind* says what a column measures (revenue, hours, ...). It supplies the default
direction (is more better?) and default weight the first time a workbook is ranked; after that
the owner's ``ClientRank Settings`` sheet decides. Recognition works on the header text alone,
case-, accent- and order-independent: ``"Revenue 2026"``, ``"Umsatz"``, ``"Montant HT (€)"`` and
``"TotalAmount"`` are all revenue.

The words are data, in the tables of :mod:`.words` (:data:`WORDS`, :data:`NOT_A_FACTOR`,
:data:`CLIENT_WORDS`, :data:`ROLE_WORDS` ...; read as ``headers.WORDS`` and so on), per language:
English, German, French, Spanish, Dutch, Italian, Portuguese. How a header is read (:func:`recognise`):

1. *Not a factor*: a header with a word of :data:`NOT_A_FACTOR` (tax, fee, discount, shipping,
   unit price, quantity, balance due, a CRM's "Annual revenue" or "Employees" which describe the
   prospect's own size, IDs, postal codes, phone numbers ...) is no factor at all, so that a tax or
   a fee column is never ranked as revenue. Phrases that only *qualify* an amount ("excl. tax",
   "Montant HT", "inkl. MwSt", "IVA incluido", "number of ...") do not count as such words.
2. The first kind (in :data:`KINDS` order) with a word in the header wins. The specific kinds come
   first and revenue last, so "Total hours" is hours, "Total orders" is orders, "Gross profit" is
   profit, and the general amount words (Total, Amount, Gross, Net, Betrag, Montant, Importe ...)
   are revenue only when no other kind is named.

**Which amount is revenue** when several are (:func:`revenue_preference`, :func:`best_revenue`):
an owner's revenue is what clients were invoiced for goods and services *before sales tax* (VAT,
GST, MwSt, TVA, IVA, BTW): the tax is collected for the state. So, best first:

0. net of tax: Subtotal, Net, Netto, Montant HT, "Total excl. tax", "Amount before sales tax",
   sin IVA, base imponible, excl. btw, imponibile, sem impostos, Net sales;
1. plain amounts: Revenue, Sales, Amount, Total, Betrag, Montant, Importe, Bedrag, Importo, Valor;
2. including tax: Gross, Brutto, TTC, Grand total, "Total incl. tax", inkl. MwSt, IVA incluido;
3. collected: Paid, Paid to date, Amount received (payments lag invoices and miss unpaid work).

A bare "Net" next to a fee column (PayPal's and Stripe's Gross / Fee / Net) is the payout after
the processor's fee, not net of tax: it then ranks last. Within a rank, the first column wins.

The word tables and their notation are in :mod:`.words`; :func:`word_pattern` compiles a table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence, TypeVar

from xlclientrank.headers.words import (
    BARE_NET,
    CLIENT_WORDS,
    COLLECTED_WORDS,
    GROSS_WORDS,
    LANGUAGES,
    NET_WORDS,
    NOT_A_FACTOR,
    OWN_ACCOUNT_WORDS,
    PER_UNIT,
    QUALIFIERS,
    QUANTITY,
    ROLE_WORDS,
    WORDS,
)


@dataclass(frozen=True)
class FactorKind:
    key: str              # stable identifier, used in code and JSON
    label: str            # what the owner sees in the settings sheet
    higher_is_better: bool
    default_weight: float
    value: str            # "money", "count", "date", "rating" or "number": how values are shown


# Order matters: the first kind with a word in the header wins (see the module docstring).
KINDS: tuple[FactorKind, ...] = (
    FactorKind("tenure", "Client since", False, 1, "date"),
    FactorKind("recency", "Last order", True, 1, "date"),
    FactorKind("average_sale", "Average sale", True, 1, "money"),
    FactorKind("profit", "Gross profit", True, 2, "money"),
    FactorKind("orders", "Orders", True, 1, "count"),
    FactorKind("hours", "Hours spent", False, 1, "number"),
    FactorKind("complaints", "Complaints", False, 1, "count"),
    FactorKind("referrals", "Referrals", True, 1, "count"),
    FactorKind("fit", "Fit (1-5)", True, 2, "rating"),
    FactorKind("revenue", "Revenue", True, 3, "money"),
)

CUSTOM = FactorKind("custom", "Other", True, 0, "number")
KIND_BY_KEY = {k.key: k for k in KINDS + (CUSTOM,)}
KIND_BY_LABEL = {k.label.casefold(): k for k in KINDS + (CUSTOM,)}


def normalise(header: object) -> str:
    """Lower-case, single-spaced header text; ``None`` becomes ``""``."""
    if header is None:
        return ""
    return re.sub(r"\s+", " ", str(header)).strip().casefold()


def fold(header: object) -> str:
    """The header as the word tables read it: CamelCase split, lower case, accents and punctuation
    gone, single spaces. ``"TotalAmount"`` -> ``"total amount"``, ``"Montant HT (€)"`` -> ``"montant ht"``,
    ``"Umsatzerlöse"`` -> ``"umsatzerlose"``."""
    if header is None:
        return ""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(header))
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("Ø", " o "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("'", " ").replace("\u2019", " ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def word_regex(word: str) -> str:
    """The regular expression of one table word, in the notation of :mod:`.words`."""
    start_open, end_open = word.startswith("-"), word.endswith("-")
    word = word.strip("-")
    parts = []
    for piece in word.split("..."):
        optional = re.findall(r"\((\w+)\)", piece)
        body = fold(re.sub(r"\(\w+\)", " OPTIONALENDING ", piece))
        rx = re.escape(body).replace(r"\ ", " ")
        for ending in optional:
            rx = rx.replace(" optionalending", f"(?:{re.escape(fold(ending))})?", 1)
        parts.append(rx.strip())
    rx = r"(?: \S+)* ".join(p for p in parts if p)
    left = r"[a-z0-9]*" if start_open else r"(?<![a-z0-9])"
    right = r"[a-z0-9]*" if end_open else r"(?![a-z0-9])"
    return left + rx + right


def _compile(words: Iterable[str], anchored: bool = False) -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{word_regex(w)})" for w in sorted(set(words), key=len, reverse=True))
    return re.compile(("^" if anchored else "") + f"(?:{alternatives})")


def _all(table: dict[str, tuple[str, ...]]) -> list[str]:
    return [w for lang in LANGUAGES for w in table.get(lang, ())]


def word_pattern(table: dict[str, tuple[str, ...]] | Iterable[str], anchored: bool = False) -> re.Pattern[str]:
    """A compiled pattern of a word table (per language, or a list of words) in this module's
    notation, to search a :func:`fold`-ed text with (``anchored``: at its start only)."""
    words = _all(table) if isinstance(table, dict) else list(table)
    return _compile(words, anchored=anchored)


_KIND_RX = tuple((kind, _compile(_all(WORDS[kind.key]))) for kind in KINDS)
_NOT_RX = _compile(_all(NOT_A_FACTOR) + _all(PER_UNIT))
_PER_UNIT_RX = _compile(_all(PER_UNIT))
_QUANTITY_RX = _compile(_all(QUANTITY))
_NET_OF_TAX_RX = _compile(_all(QUALIFIERS["net_of_tax"]))
_INCL_TAX_RX = _compile(_all(QUALIFIERS["incl_tax"]))
_QUALIFIER_RX = _compile(_all(QUALIFIERS["net_of_tax"]) + _all(QUALIFIERS["incl_tax"]) + _all(QUALIFIERS["count"]))
_NET_RX, _GROSS_RX, _COLLECTED_RX = _compile(NET_WORDS), _compile(GROSS_WORDS), _compile(COLLECTED_WORDS)
_BARE_NET_RX = re.compile(f"^(?:{'|'.join(BARE_NET)})$")
_FEE_RX = _compile(("fee(s)", "-gebuhr-", "frais", "comision", "comisiones", "commission(s)", "provision",
                    "commissione", "commissioni", "comissao", "provisie"))
_TO_DATE_RX = _compile(("to date", "till date", "year to date", "ytd", "bis dato", "a ce jour", "a la fecha",
                        "tot op heden", "ad oggi", "ate a data"))
_CLIENT_RX = _compile(_all(CLIENT_WORDS), anchored=True)
_ROLE_RX = {role: _compile(_all(table)) for role, table in ROLE_WORDS.items()}


@lru_cache(maxsize=4096)
def _recognise_folded(text: str) -> FactorKind | None:
    if not text:
        return None
    if _NOT_RX.search(_QUALIFIER_RX.sub(" ", text)):
        return None
    dated = bool(_ROLE_RX["date"].search(_TO_DATE_RX.sub(" ", text)))
    for kind, rx in _KIND_RX:
        if rx.search(text):
            # "Date paid", "Order date", "Date/Time": a date column, not an amount or a count
            return None if dated and kind.value != "date" else kind
    return None


def never_a_factor(header: object) -> bool:
    """True when the header has a word of :data:`NOT_A_FACTOR` (a tax, a fee, an ID, a phone, a
    postal code ...): such a column is never weighted, not even when nothing else is recognised.

    >>> never_a_factor("Customer ID"), never_a_factor("Postal code"), never_a_factor("Visits")
    (True, True, False)
    """
    text = fold(header)
    return bool(text) and bool(_NOT_RX.search(_QUALIFIER_RX.sub(" ", text)))


def recognise(header: object) -> FactorKind | None:
    """The factor kind a header names, or ``None`` when the words are not ones we know or say that
    the column is no factor (a tax, a fee, a unit price, an ID ...).

    >>> recognise("Revenue 2026").key, recognise("GP").key, recognise("Hrs").key
    ('revenue', 'profit', 'hours')
    >>> recognise("Montant HT").key, recognise("Rechnungsbetrag").key, recognise("Total hours").key
    ('revenue', 'revenue', 'hours')
    >>> recognise("Contact email") is None, recognise("Sales Tax") is None, recognise("Annual Revenue") is None
    (True, True, True)
    """
    return _recognise_folded(fold(header))


def revenue_preference(header: object, others: Sequence[object] = ()) -> int:
    """How good a revenue header is as *the* revenue, 0 (best) to 3; see the module docstring.

    ``others``: the table's other headers (a fee column among them makes a bare "Net" the payout
    after fees, ranked 3). Meaningful for headers :func:`recognise` takes as revenue.

    >>> [revenue_preference(h) for h in ("Montant HT", "Montant", "Montant TTC", "Paid to Date")]
    [0, 1, 2, 3]
    """
    text = fold(header)
    if _NET_OF_TAX_RX.search(text):
        return 0
    if _INCL_TAX_RX.search(text):
        return 2
    if _BARE_NET_RX.match(text) and any(_FEE_RX.search(fold(o)) for o in others):
        return 3
    if _NET_RX.search(text):
        return 0
    if _GROSS_RX.search(text):
        return 2
    if _COLLECTED_RX.search(text):
        return 3
    return 1


_Header = TypeVar("_Header")


def best_revenue(header_list: Sequence[_Header]) -> _Header | None:
    """The header among ``header_list`` that is the revenue (:func:`revenue_preference`, first wins on
    a tie), or None when none is revenue.

    >>> best_revenue(["Total", "Subtotal", "Tax"]), best_revenue(["Gross", "Fee", "Net"])
    ('Subtotal', 'Gross')
    """
    revenue = [h for h in header_list if (k := recognise(h)) is not None and k.key == "revenue"]
    if not revenue:
        return None
    return min(revenue, key=lambda h: (revenue_preference(h, header_list), revenue.index(h)))


def is_client_header(header: object) -> bool:
    """True when a header names the client (``Client``, ``Customer name``, ``Kunde``, ``Raison sociale`` ...)."""
    return bool(_CLIENT_RX.search(fold(header)))


def role(header: object, name: str) -> bool:
    """True when a header has a word of ``ROLE_WORDS[name]`` ("date", "client_id", "order_id", "cost")."""
    return bool(_ROLE_RX[name].search(fold(header)))


def per_unit(header: object) -> bool:
    """True for a rate or a price per hour or per unit (:data:`PER_UNIT`): never an amount.

    >>> per_unit("Cost Rate"), per_unit("UnitAmount"), per_unit("Einzelpreis"), per_unit("Cost Amount")
    (True, True, True, False)
    """
    return bool(_PER_UNIT_RX.search(_QUALIFIER_RX.sub(" ", fold(header))))


def quantity(header: object) -> bool:
    """True for a quantity a rate or price is multiplied by (:data:`QUANTITY`)."""
    return bool(_QUANTITY_RX.search(fold(header)))


_OWN_ACCOUNT_RX = _compile(_all(OWN_ACCOUNT_WORDS))


def names_own_account(header: object) -> bool:
    """True when a header names the seller's own account, not a customer (:data:`OWN_ACCOUNT_WORDS`).

    >>> names_own_account("Merchant Account ID"), names_own_account("Company Account"), names_own_account("Account")
    (True, True, False)
    """
    return "/" not in str(header or "") and bool(_OWN_ACCOUNT_RX.search(fold(header)))

"""One entry of the export catalogue: what a :class:`Profile` says about an export and its
:class:`Rule`s (the fields are explained in xlclientrank/reader/exports/profiles.py, reader/exports/reading.py
applies them, the entries are in xlclientrank/reader/exports/catalogue/), and :func:`find`, the header an
entry's alternatives name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from xlclientrank import headers

Alternatives = tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """Rows whose ``column`` holds one of ``values`` (compared case-insensitively)."""

    column: Alternatives
    values: tuple[str, ...]
    reason: str          # "refunded", "voided", "draft invoice", ... (shown to the owner)
    unless_all: bool = False  # keep them after all when every row is such a row (then say so)
    unless: tuple[tuple[Alternatives, tuple[str, ...]], ...] = ()  # ...but not rows whose column holds these


@dataclass(frozen=True)
class Conversion:
    """Currency conversions written as rows (PayPal): for a payment in another currency, two rows
    whose ``reference`` is the payment's ``txn`` take its amount out in that currency and put the
    converted amount in the account's currency. The payment then counts at that rate."""

    rows: Rule                  # which rows are conversions (their Type)
    reference: Alternatives     # the conversion row's reference to the payment
    txn: Alternatives           # the payment's own transaction ID


@dataclass(frozen=True)
class Profile:
    key: str                               # stable id, e.g. "shopify_orders"
    product: str                           # "Shopify"
    export: str                            # "Orders export"
    how: str                               # how the owner makes it in that product (README)
    signatures: tuple[tuple[str, ...], ...]
    rows: str = "order lines"              # "order lines" (aggregated per client) or "clients"
    client_key: Alternatives = ()
    client_name: Alternatives = ()
    revenue: Alternatives = ()
    subtract: tuple[Alternatives, ...] = ()
    once_per: Alternatives = ()
    order_id: Alternatives = ()
    date: Alternatives = ()
    profit: Alternatives = ()
    cost: Alternatives = ()
    hours: Alternatives = ()
    leave_out: tuple[Rule, ...] = ()
    keep_only: tuple[Rule, ...] = ()
    negate: tuple[Rule, ...] = ()          # rows counted with the opposite sign (credit notes with positive amounts)
    fill_down: Alternatives = ()           # columns written on a group's first row only (formatted reports)
    fill_order: Alternatives = ()          # order-level columns on an order's first line only (per once_per value)
    revenue_override: Alternatives = ()    # per row, this column's value when it is filled (an adjusted total)
    orders: Alternatives = ()              # for rows="clients": the column that counts a client's orders
    count_orders: bool = True              # False: the export has no orders (time reports)
    conversion: Conversion | None = None   # payments converted into the account's currency by rows
    revenue_means: str = ""                # what the revenue is, said on the Revenue line (one definition per product)
    # the product's other documented columns: read or not, they never make the profile step aside
    # (a column of numbers that names a factor and is not the product's is the owner's own: profiles.match)
    documented: Alternatives = ()
    refuse: str | None = None
    languages: tuple[str, ...] = ("en",)


def find(columns: Sequence[str], alternatives: Alternatives) -> str | None:
    """The first of ``alternatives`` that is a header (as the sheet spells it)."""
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(headers.normalise(c), c)
    for alt in alternatives:
        if "+" in alt:
            parts = [by_norm.get(headers.normalise(a)) for a in alt.split("+")]
            found = [part for part in parts if part]
            if len(found) == len(parts):
                return "+".join(found)
            continue
        if headers.normalise(alt) in by_norm:
            return by_norm[headers.normalise(alt)]
    return None

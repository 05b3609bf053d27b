"""Known export layouts, as data: which system an export comes from and what its columns mean.

Owners rarely type a client list: they export one from the system they sell or invoice with, and
each system has its own idea of who the customer is, which amount is the sale and what a row is.
Each :class:`Profile` below says, for one export of one product:

* how to recognise it: ``signatures``, alternative sets of headers (one per language it exports
  in) that must all be present, compared case-insensitively after tidying white space;
* who the client is: ``client_key`` (what rows are grouped by, e.g. an e-mail or customer ID) and
  ``client_name`` (what the owner sees; ``"First Name+Last Name"`` joins two columns);
* which amount is revenue (``revenue``), what is taken off it (``subtract``: refunds), and whether
  the amount is repeated on every line of an order or invoice (``once_per``: counted once per
  value of that column);
* how orders are counted (``order_id``), the date, and profit, cost and hours where the export has them;
* which rows to leave out (``leave_out``) or keep only (``keep_only``), each with its reason;
* ``refuse``: exports that cannot be ranked (no buyer identity), with the reason and what to export instead.

Every entry names alternatives in order of preference: the first header present wins. The code
that applies a profile (:func:`read`) is small and the same for all; a new export is a new entry
and a test file built from the product's public documentation (tests/test_profiles*.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers

Alternatives = tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """Rows whose ``column`` holds one of ``values`` (compared case-insensitively)."""

    column: Alternatives
    values: tuple[str, ...]
    reason: str          # "refunded", "voided", "draft invoice", ... (shown to the owner)
    unless_all: bool = False  # keep them after all when every row is such a row (then say so)


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
    refuse: str | None = None
    languages: tuple[str, ...] = ("en",)


# ---------------------------------------------------------------- the catalogue
# one module a kind of system, each a tuple PROFILES of entries (reader/catalogue/)


def _catalogue() -> tuple[Profile, ...]:
    from xlclientrank.reader.catalogue import accounting, crm, payments, shops, timetracking

    return shops.PROFILES + payments.PROFILES + accounting.PROFILES + timetracking.PROFILES + crm.PROFILES


# ---------------------------------------------------------------- recognising an export

def _norm(header: Any) -> str:
    return headers.normalise(header)


def match(columns: Sequence[str]) -> Profile | None:
    """The profile whose signature the headers hold; the most specific (most headers) wins."""
    have = {_norm(c) for c in columns}
    best: tuple[int, Profile] | None = None
    for p in PROFILES:
        for sig in p.signatures:
            if all(_norm(h) in have for h in sig) and (best is None or len(sig) > best[0]):
                best = (len(sig), p)
    return best[1] if best else None


def find(columns: Sequence[str], alternatives: Alternatives) -> str | None:
    """The first of ``alternatives`` that is a header (as the sheet spells it)."""
    by_norm = {}
    for c in columns:
        by_norm.setdefault(_norm(c), c)
    for alt in alternatives:
        if "+" in alt:
            parts = [by_norm.get(_norm(a)) for a in alt.split("+")]
            if all(parts):
                return "+".join(parts)
            continue
        if _norm(alt) in by_norm:
            return by_norm[_norm(alt)]
    return None


# ---------------------------------------------------------------- reading an export by its profile

REVENUE, PROFIT, HOURS = "Revenue", "Gross profit", "Hours"
KEY, NAME, DATE, ORDER = "_key", "Client", "_date", "_order"


@dataclass
class Read:
    """An export read by its profile: ``frame`` one row per order line (or per client when
    ``rows`` is "clients") with the columns ``Client`` (shown name), ``_key`` (grouping key),
    ``Revenue`` and, where the export has them, ``Gross profit``, ``Hours``, ``_date`` (Excel
    serial day) and ``_order``; ``kept``: the positions of the source rows used."""

    frame: pd.DataFrame
    kept: np.ndarray
    understood: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _text(values: Sequence[Any]) -> pd.Series:
    s = pd.Series(list(values), dtype=object)
    s = s.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else
              (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
    return s.str.strip()


def _column(raw: dict[str, list], cleaned: dict, name: str, as_text: bool = False) -> pd.Series:
    if "+" in name:
        joined = None
        for part in name.split("+"):
            t = _text(raw[part])
            joined = t if joined is None else (joined + " " + t)
        return joined.str.strip().str.replace(r"\s+", " ", regex=True)
    if as_text:
        return _text(raw[name])
    return pd.Series(cleaned[name].values, dtype=float)


def read(p: Profile, columns: Sequence[str], raw: dict[str, list], cleaned: dict,
         client_column: str | None = None) -> Read:
    """Applies profile ``p`` to the export's columns (``raw`` values and ``cleaned`` columns by
    header). ``client_column``: the owner's choice of client column, which wins over the profile's."""
    from xlclientrank.errors import ClientTableError

    if p.refuse:
        raise ClientTableError(f"looks like {p.product}'s {p.export}: {p.refuse}")
    n = len(next(iter(raw.values()))) if raw else 0
    keep = np.ones(n, dtype=bool)
    notes: list[str] = []
    left_out: list[str] = []
    for rule in p.leave_out:
        col = find(columns, rule.column)
        if col is None:
            continue
        hit = _text(raw[col]).str.casefold().isin([v.casefold() for v in rule.values]).to_numpy() & keep
        if hit.any() and rule.unless_all and hit.sum() == keep.sum():
            notes.append(f"Every row is a {rule.reason} ({col}); they are ranked, since there is nothing else.")
            continue
        if hit.any():
            keep &= ~hit
            left_out.append(f"{int(hit.sum()):,} {rule.reason} row(s) ({col})")
    for rule in p.keep_only:
        col = find(columns, rule.column)
        if col is None:
            continue
        ok = _text(raw[col]).str.casefold().isin([v.casefold() for v in rule.values]).to_numpy()
        dropped = keep & ~ok
        if dropped.any():
            keep &= ok
            left_out.append(f"{int(dropped.sum()):,} row(s) that are not {rule.reason} ({col})")

    name_col = client_column if client_column in columns else find(columns, p.client_name)
    key_col = client_column if client_column in columns else find(columns, p.client_key)
    if name_col is None and key_col is None:
        raise ClientTableError(f"looks like {p.product}'s {p.export}, but its client column "
                               f"({' or '.join(p.client_name or p.client_key)}) is missing")
    names = _column(raw, cleaned, name_col or key_col, as_text=True)
    keys = _column(raw, cleaned, key_col or name_col, as_text=True)
    no_key = (keys == "").to_numpy()
    if key_col and name_col and key_col != name_col:
        keys = keys.where(~pd.Series(no_key), "name:" + names.str.casefold())
        no_key = (keys.str.fullmatch("name:")).to_numpy()
    blank = keep & no_key & (names == "").to_numpy()
    if blank.any():
        keep &= ~blank
        left_out.append(f"{int(blank.sum()):,} row(s) without a client")

    rev_col = find(columns, p.revenue)
    if rev_col is None:
        raise ClientTableError(f"looks like {p.product}'s {p.export}, but its amount column "
                               f"({' or '.join(p.revenue)}) is missing")
    revenue = _column(raw, cleaned, rev_col).fillna(0.0)
    minus = [c for c in (find(columns, alts) for alts in p.subtract) if c]
    for c in minus:
        revenue = revenue - _column(raw, cleaned, c).fillna(0.0)
    once_col = find(columns, p.once_per)
    if once_col:
        # the order's amount stands on every line of the order: count it on its first line only
        order_key = _text(raw[once_col])
        first_line = ~pd.DataFrame({"k": keys, "o": order_key}).duplicated().to_numpy()
        revenue = revenue.where(first_line | (order_key == "").to_numpy(), 0.0)

    frame = pd.DataFrame({NAME: names, KEY: keys, REVENUE: revenue})
    for target, alts in ((PROFIT, p.profit), (HOURS, p.hours)):
        c = find(columns, alts)
        if c:
            frame[target] = _column(raw, cleaned, c)
    cost_col = find(columns, p.cost)
    if cost_col and PROFIT not in frame:
        frame[PROFIT] = revenue - _column(raw, cleaned, cost_col).fillna(0.0)
    date_col = find(columns, p.date)
    if date_col:
        frame[DATE] = _column(raw, cleaned, date_col)
    order_col = find(columns, p.order_id) or once_col
    if order_col:
        frame[ORDER] = _text(raw[order_col])
    kept = np.flatnonzero(keep)
    frame = frame.iloc[kept].reset_index(drop=True)

    shown = (name_col or key_col).replace("+", " + ")
    grouped = f"grouped by {key_col}, shown as {shown}" if key_col and key_col != name_col else f"by {shown}"
    understood = [f"Export: {p.product}, {p.export} (recognised from its headers)."]
    understood.append(f"Clients: {grouped}.")
    revenue_text = rev_col + "".join(f" minus {c}" for c in minus)
    if once_col:
        revenue_text += f", counted once per {once_col}"
    understood.append(f"Revenue: {revenue_text}.")
    if order_col:
        understood.append(f"Orders: distinct {order_col}.")
    if left_out:
        understood.append("Left out: " + "; ".join(left_out) + ".")
    return Read(frame, kept, understood, notes)


PROFILES: tuple[Profile, ...] = _catalogue()


def catalogue_table() -> list[tuple[str, str, str]]:
    """(product, export, how to make it) for every profile, for the README."""
    return [(p.product, p.export, p.how) for p in PROFILES if not p.refuse] + \
        [(p.product, p.export, f"cannot be ranked: {p.refuse}") for p in PROFILES if p.refuse]


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
* which rows to leave out (``leave_out``) or keep only (``keep_only``), each with its reason, and
  which count with the opposite sign (``negate``: credit notes written with positive amounts);
* how the export is laid out: values only on a group's first row (``fill_down``) or on an order's
  first line (``fill_order``), an adjusted amount that replaces the amount where it is filled
  (``revenue_override``); amounts in several currencies are never added up (the general rule of
  reader/rules/, for every file);
* ``client_name`` alternatives are taken per row: the first one filled is the name shown;
* ``conversion``: payments in another currency converted by rows of their own (PayPal), counted at
  the rate those rows give;
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
from xlclientrank.reader import cells, locate, rules
from xlclientrank.reader.catalogue import accounting, crm, payments, reports, shops, timetracking
from xlclientrank.reader.catalogue.entry import Alternatives, Conversion, Profile, Rule


# ---------------------------------------------------------------- the catalogue
# one module a kind of system, each a tuple PROFILES of entries (reader/catalogue/)


def _catalogue() -> tuple[Profile, ...]:
    return shops.PROFILES + payments.PROFILES + accounting.PROFILES + timetracking.PROFILES + crm.PROFILES + reports.PROFILES


# ---------------------------------------------------------------- recognising an export

def _norm(header: Any) -> str:
    return headers.normalise(header)


# factor kinds an owner's own list may carry beside a signature's headers; a profile that would
# not use such a column is not the export (it would throw the owner's factor away)
# (dates and averages are left out of this: exports carry many of them, derived from their own rows)
OWNER_FACTORS = ("profit", "orders", "hours", "complaints", "referrals", "fit")


def _used(p: Profile) -> set[str]:
    """Every header a profile reads (normalised; a joined "First+Last" counts as both)."""
    alts = [p.client_key, p.client_name, p.revenue, p.once_per, p.order_id, p.date, p.profit, p.cost, p.hours,
            p.fill_down, p.fill_order, p.revenue_override, p.orders, *p.subtract]
    for rule in p.leave_out + p.keep_only + p.negate:
        alts.append(rule.column)
        alts.extend(a for a, _ in rule.unless)
    return {_norm(part) for group in alts for alt in group for part in alt.split("+")} | \
        {_norm(h) for sig in p.signatures for h in sig} | {_norm(h) for h in p.documented}


def match(columns: Sequence[str], kinds: dict[str, str] | None = None) -> Profile | None:
    """The profile whose signature the headers hold; the most specific (most headers) wins. A
    profile is not taken when the table has a column of numbers that names a factor the profile
    would not read and its product does not document (Orders, Hours, Complaints ... of a hand-kept
    list whose other headers happen to match an export's: :func:`stepped_aside` says which).
    ``kinds``: header -> number/date/text/empty (all count when None)."""
    found = _signature(columns)
    return found if found is not None and _owner_factor(found, columns, kinds) is None else None


def stepped_aside(columns: Sequence[str], kinds: dict[str, str] | None = None) -> str | None:
    """When a known export's headers are there but the profile stepped aside (:func:`match`), the
    "what was understood" line that says which and why; None otherwise."""
    found = _signature(columns)
    column = _owner_factor(found, columns, kinds) if found is not None else None
    if column is None:
        return None
    return (f"Export: not read as {found.product}'s {found.export}, though its headers are there: the column "
            f"'{column}' is not one that export has (a factor of your own, {headers.recognise(column).label}), so "
            "the file was read as a list of your own.")


def _signature(columns: Sequence[str]) -> Profile | None:
    have = {_norm(c) for c in columns}
    best: tuple[int, Profile] | None = None
    for p in PROFILES:
        for sig in p.signatures:
            if all(_norm(h) in have for h in sig) and (best is None or len(sig) > best[0]):
                best = (len(sig), p)
    return best[1] if best is not None else None


def _owner_factor(p: Profile, columns: Sequence[str], kinds: dict[str, str] | None) -> str | None:
    """The first column of numbers that names a factor ``p`` neither reads nor documents."""
    used = _used(p)
    for c in columns:
        kind = headers.recognise(c)
        numeric = kinds is None or kinds.get(c) == "number"
        if numeric and kind is not None and kind.key in OWNER_FACTORS and _norm(c) not in used:
            return c
    return None


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

REVENUE, PROFIT, HOURS, ORDERS = "Revenue", "Gross profit", "Hours", "Orders"
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
    grouped_by: str = ""  # the column the rows are grouped by (for the notes)


_text = locate.texts


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


def _matches(rule: Rule, columns: Sequence[str], raw: dict[str, list]) -> tuple[str | None, np.ndarray | None]:
    col = find(columns, rule.column)
    if col is None:
        return None, None
    hit = _text(raw[col]).str.casefold().isin([v.casefold() for v in rule.values]).to_numpy().copy()
    for alts, values in rule.unless:
        other = find(columns, alts)
        if other is not None:
            hit &= ~_text(raw[other]).str.casefold().isin([v.casefold() for v in values]).to_numpy()
    return col, hit


def _convert(conv: Conversion, columns, raw, cleaned, rev_col: str, revenue: pd.Series, notes: list[str]
             ) -> tuple[pd.Series, np.ndarray]:
    """Each payment that conversion rows refer to, at the rate they give: the amount put into the
    account's currency over the amount taken out in the payment's."""
    n = len(revenue)
    converted = np.zeros(n, dtype=bool)
    col, is_conv = _matches(conv.rows, columns, raw)
    ref_col, txn_col = find(columns, conv.reference), find(columns, conv.txn)
    if col is None or ref_col is None or txn_col is None or not is_conv.any():
        return revenue, converted
    gross = _column(raw, cleaned, rev_col)
    ref = _text(raw[ref_col])
    rows = pd.DataFrame({"ref": ref[is_conv], "gross": gross[is_conv]})
    out_ = rows[rows["gross"] < 0].groupby("ref")["gross"].sum()
    in_ = rows[rows["gross"] > 0].groupby("ref")["gross"].sum()
    rate = (in_ / -out_).dropna()
    txn = _text(raw[txn_col])
    hit = txn.isin(rate.index).to_numpy() & ~is_conv
    if hit.any():
        factor = txn[hit].map(rate).to_numpy(dtype=float)
        revenue = revenue.copy()
        revenue.iloc[np.flatnonzero(hit)] = revenue.iloc[np.flatnonzero(hit)].to_numpy() * factor
        converted = hit
        notes.append(f"{int(hit.sum()):,} payment(s) in another currency counted at the rate of their currency "
                     f"conversion rows ({col}).")
    return revenue, converted


_DURATION = r"^\s*(\d+):([0-5]\d)(?::([0-5]\d))?\s*$"


def _hours(raw: dict[str, list], cleaned: dict, name: str) -> pd.Series:
    """Hours as numbers; ``h:mm:ss`` or ``h:mm`` durations typed as text become decimal hours."""
    values = _column(raw, cleaned, name)
    text = _text(raw[name])
    parts = text.str.extract(_DURATION)
    duration = parts[0].astype(float) + parts[1].astype(float) / 60 + parts[2].astype(float).fillna(0) / 3600
    return values.where(values.notna(), duration)


# tax, shipping and duties: collected for the state or the carrier, passed on (what a refund gives back a share of)
def _revenue(raw: dict[str, list], cleaned: dict, rev_col: str, override: str | None, minus: list[str],
             keep: np.ndarray, notes: list[str]) -> pd.Series:
    """Each row's revenue: ``rev_col`` (or the adjusted ``override`` where it carries a figure:
    filled and not 0, as Etsy writes 0.00 on every order never adjusted), minus the ``minus``
    columns. A refund column gives back part of the whole amount, tax and shipping included
    (Shopify's Refunded Amount), so with tax or shipping also taken off, the refund is taken off
    in the same proportion: revenue = (amount - refund) x (amount - tax - shipping) / amount. A
    refund larger than the amount means the amount is already net of it (or the columns are not
    what they seem): it is not taken off again, and the rows are named in a note."""
    revenue = _column(raw, cleaned, rev_col)
    if override:
        adjusted = _column(raw, cleaned, override)
        informative = adjusted.notna() & (adjusted != 0)
        if adjusted.notna().any() and not informative.any():
            notes.append(f"'{override}' is 0 on every row: no order was adjusted, so {rev_col} is used.")
        revenue = adjusted.where(informative, revenue)
    gross = revenue.fillna(0.0)
    refunds = [c for c in minus if rules.refund_column(c)]
    passed_on = [c for c in minus if c not in refunds and rules.passed_on(c)]
    net = gross.copy()
    for c in passed_on:
        net = net - _column(raw, cleaned, c).fillna(0.0)
    for c in refunds:
        share = (net / gross.where(gross != 0, np.nan)).fillna(1.0).to_numpy() if passed_on else 1.0
        after, larger = rules.take_off(gross, _column(raw, cleaned, c), share)
        net = net - (gross - pd.Series(after, index=net.index))  # the refund (its share), where it is taken off
        if (larger & keep).any():
            rows = np.flatnonzero(larger & keep)
            notes.append(f"{len(rows):,} row(s) have a {c} larger than their {rev_col} (the first is the "
                         f"{rows[0] + 1:,}th row of the list): their {rev_col} was taken as already net of the "
                         "refund, so nothing was taken off them. Check that the columns are what they seem.")
    for c in minus:
        if c not in refunds and c not in passed_on:
            net = net - _column(raw, cleaned, c).fillna(0.0)
    return net


def _general_rules(p: Profile, columns: Sequence[str], raw: dict[str, list], keep: np.ndarray, keys: pd.Series,
                   names: pd.Series, revenue: pd.Series, rev_col: str) -> tuple[rules.Outcome, list[str]]:
    """The general reading rules (reader/rules/) on a known export's rows still kept: status
    words, currencies, money in and out. Returns what they leave out and their lines."""
    out = rules.Outcome.nothing(len(keep))
    doc = find(columns, p.order_id) or find(columns, p.once_per)
    amount = revenue.to_numpy(dtype=float)
    out.merge(rules.status(columns, raw, keep, amount, doc))
    out.merge(rules.currency(columns, raw, keep & ~out.drop, [rev_col], [rev_col] if rules.converted(rev_col) else []))
    d = rules.direction(columns, raw, amount)
    if d is not None:
        got = rules.money_out(d, keys.to_numpy(dtype=object), keep & ~out.drop, columns, raw,
                              names.to_numpy(dtype=object), doc)
        out.merge(got)
        out.sign = got.sign
    lines, out.lines = out.lines, []
    return out, lines


def read(p: Profile, columns: Sequence[str], raw: dict[str, list], cleaned: dict,
         client_column: str | None = None) -> Read:
    """Applies profile ``p`` to the export's columns (``raw`` values and ``cleaned`` columns by
    header). ``client_column``: the owner's choice of client column, which wins over the profile's."""
    from xlclientrank.errors import ClientTableError

    if p.refuse:
        raise ClientTableError(f"looks like {p.product}'s {p.export}: {p.refuse}")
    raw = dict(raw)
    n = len(next(iter(raw.values()))) if raw else 0
    notes: list[str] = []
    left_out: list[str] = []
    filled = [c for c in (find(columns, (a,)) for a in p.fill_down) if c]
    if filled:
        # a formatted report names the group once, on its first row; filled down only when the rows
        # are laid out that way (reader/grouped.py: each name once, a Subtotal after each group or
        # more unnamed rows than named), not for a list whose blank names are rows without a client
        from xlclientrank.reader import grouped

        has_values = cells.has_values([cleaned[c] for c in columns if c in cleaned], n)
        for c in filled:
            found = grouped.fill_down(_text(raw[c]), has_values)
            if found is not None:
                raw[c] = found[0].tolist()
                notes.append(f"{found[1]:,} row(s) without {c} were given the {c} above them (the report names "
                             "each group on its first row only).")
    once_col = find(columns, p.once_per)
    order_level = [c for c in (find(columns, (a,)) for a in p.fill_order) if c]
    if once_col and order_level:  # order-level fields stand on the order's first line only
        order_key = _text(raw[once_col])
        for c in order_level:
            t = _text(raw[c]).replace("", np.nan)
            first = t.groupby(order_key.to_numpy()).transform("first")
            raw[c] = t.fillna(first).fillna("").tolist()
            if c in cleaned and cleaned[c].kind in ("number", "date"):
                v = pd.Series(cleaned[c].values, dtype=float)
                cleaned = dict(cleaned)
                cleaned[c] = type(cleaned[c])(v.fillna(v.groupby(order_key.to_numpy()).transform("first")).to_numpy(),
                                              cleaned[c].kind)
    keep = np.ones(n, dtype=bool)
    for rule in p.leave_out:
        col, hit = _matches(rule, columns, raw)
        if col is None:
            continue
        hit = hit & keep
        if hit.any() and rule.unless_all and hit.sum() == keep.sum():
            notes.append(f"Every row is a {rule.reason} ({col}); they are ranked, since there is nothing else.")
            continue
        if hit.any():
            keep &= ~hit
            left_out.append(f"{int(hit.sum()):,} {rule.reason} row(s) ({col})")
    for rule in p.keep_only:
        col, ok = _matches(rule, columns, raw)
        if col is None:
            continue
        dropped = keep & ~ok
        if dropped.any():
            keep &= ok
            left_out.append(f"{int(dropped.sum()):,} row(s) that are not {rule.reason} ({col})")

    owner_choice = client_column if client_column in columns else None
    name_cols = [owner_choice] if owner_choice else [c for c in (find(columns, (a,)) for a in p.client_name) if c]
    key_col = owner_choice or find(columns, p.client_key)
    if not name_cols and key_col is None:
        raise ClientTableError(f"looks like {p.product}'s {p.export}, but its client column "
                               f"({' or '.join(p.client_name or p.client_key)}) is missing")
    names = pd.Series([""] * n, dtype=object)
    fallbacks = []
    for i, c in enumerate(name_cols or [key_col]):  # per row, the first name filled
        empty = names == ""
        names = names.where(~empty, _column(raw, cleaned, c, as_text=True))
        used = int((empty & (names != "")).to_numpy()[keep].sum()) if i else 0
        if used:
            fallbacks.append(f"{used:,} without it by {c.replace('+', ' + ')}")
    keys = _column(raw, cleaned, key_col, as_text=True) if key_col else names.str.casefold()
    if key_col and key_col not in name_cols[:1]:
        without = keep & (keys == "").to_numpy() & (names != "").to_numpy()
        keys = keys.where(keys != "", "name:" + names.str.casefold())
        if without.any():
            notes.append(f"{int(without.sum()):,} row(s) without {key_col} were grouped by {name_cols[0]}.")
    blank = keep & (keys.isin(["", "name:"])).to_numpy() & (names == "").to_numpy()
    if blank.any():
        keep &= ~blank
        left_out.append(f"{int(blank.sum()):,} row(s) without a client")
    names = names.where(names != "", keys.str.replace(r"^name:", "", regex=True))

    rev_col = find(columns, p.revenue)
    if rev_col is None:
        raise ClientTableError(f"looks like {p.product}'s {p.export}, but its amount column "
                               f"({' or '.join(p.revenue)}) is missing")
    override = find(columns, p.revenue_override)
    minus = [c for c in (find(columns, alts) for alts in p.subtract) if c]
    revenue = _revenue(raw, cleaned, rev_col, override, minus, keep, notes)
    converted = np.zeros(n, dtype=bool)
    if p.conversion is not None:
        revenue, converted = _convert(p.conversion, columns, raw, cleaned, rev_col, revenue, notes)
    negated = []
    for rule in p.negate:
        col, hit = _matches(rule, columns, raw)
        if col is not None and (hit & keep).any():
            revenue = revenue.where(~hit, -revenue.abs())
            negated.append(f"{int((hit & keep).sum()):,} {rule.reason} row(s) ({col}) taken off")
    # the general reading rules (reader/rules/): status, money in and out, currencies
    ruled, general_lines = _general_rules(p, columns, raw, keep & ~converted, keys, names, revenue, rev_col)
    for what, rows in ruled.skipped.items():
        left_out.append(f"{len(rows):,} row(s): {what}")
    notes += ruled.notes
    keep &= ~ruled.drop
    if ruled.sign is not None:
        revenue = revenue.where(ruled.sign > 0, -revenue.abs())
    if once_col:
        # the order's amount stands on every line of the order: count it on its first line only
        order_key = _text(raw[once_col])
        pairs = pd.DataFrame({"k": keys, "o": order_key})
        first_line = np.zeros(n, dtype=bool)  # the order's first line among the rows kept
        first_line[np.flatnonzero(keep)] = ~pairs[keep].duplicated().to_numpy()
        revenue = revenue.where(first_line | (order_key == "").to_numpy(), 0.0)

    frame = pd.DataFrame({NAME: names, KEY: keys, REVENUE: revenue})
    c = find(columns, p.profit)
    if c:
        frame[PROFIT] = _column(raw, cleaned, c)
    c = find(columns, p.hours)
    if c:
        frame[HOURS] = _hours(raw, cleaned, c)
    cost_col = find(columns, p.cost)
    if cost_col and PROFIT not in frame:
        frame[PROFIT] = revenue - _column(raw, cleaned, cost_col).fillna(0.0)
    orders_col = find(columns, p.orders) if p.rows == "clients" else None
    if orders_col:
        frame[ORDERS] = _column(raw, cleaned, orders_col)
    date_col = find(columns, p.date)
    if date_col:
        frame[DATE] = _column(raw, cleaned, date_col)
    order_col = (find(columns, p.order_id) or once_col) if p.count_orders else None
    if order_col:
        frame[ORDER] = _text(raw[order_col])
    kept = np.flatnonzero(keep)
    frame = frame.iloc[kept].reset_index(drop=True)

    shown = (name_cols or [key_col])[0].replace("+", " + ")
    grouped = f"grouped by {key_col}, shown as {shown}" if key_col and key_col not in name_cols[:1] else f"by {shown}"
    understood = [f"Export: {p.product}, {p.export} (recognised from its headers)."]
    understood.append(f"Clients: {grouped}" + (f" ({'; '.join(fallbacks)})" if fallbacks else "") + ".")
    share = any(rules.passed_on(c) for c in minus)
    revenue_text = (f"{override} where it is filled and not 0, else {rev_col}" if override else rev_col) + "".join(
        f", minus {c} in the same proportion (a refund gives back tax and shipping too)"
        if share and rules.refund_column(c) else f" minus {c}" for c in minus)
    if once_col:
        revenue_text += f", counted once per {once_col}"
    if negated:
        revenue_text += "; " + "; ".join(negated)
    if (converted & keep).any():
        revenue_text += f"; {int((converted & keep).sum()):,} payment(s) in another currency at their conversion rate"
    if p.revenue_means:
        revenue_text += f" ({p.revenue_means})"
    understood.append(f"Revenue: {revenue_text}.")
    if order_col:
        understood.append(f"Orders: distinct {order_col}.")
    elif orders_col:
        understood.append(f"Orders: {orders_col}.")
    understood += general_lines
    if left_out:
        understood.append("Left out: " + "; ".join(left_out) + ".")
    return Read(frame, kept, understood, notes, (key_col or shown).replace("+", " + "))


PROFILES: tuple[Profile, ...] = _catalogue()


def describe(p: Profile) -> str:
    """What xlclientrank takes from an export, in a sentence (the README's table)."""
    if p.refuse:
        return f"Refused: {p.refuse}"
    who = (p.client_key or p.client_name)[0].replace("+", " + ")
    shown = p.client_name[0].replace("+", " + ") if p.client_name else who
    text = f"Clients by {who}" + (f" (shown as {shown})" if shown != who else "")
    revenue = p.revenue[0] + "".join(f" minus {alts[0]}" for alts in p.subtract)
    if p.revenue_override:
        revenue = f"{p.revenue_override[0]} where filled, else {revenue}"
    if p.once_per:
        revenue += f", once per {p.once_per[0]}"
    text += f"; revenue: {revenue}"
    if p.negate:
        text += "; " + ", ".join(r.reason for r in p.negate) + " taken off"
    out = [r.reason for r in p.leave_out if not r.unless_all] + \
        [f"{r.reason} (unless that is all there is)" for r in p.leave_out if r.unless_all]
    if p.keep_only:
        out.append("all but " + ", ".join(r.reason for r in p.keep_only))
    if out:
        text += "; leaves out: " + ", ".join(dict.fromkeys(out))
    extra = [name for name, alts in (("hours", p.hours), ("gross profit", p.profit or p.cost)) if alts]
    if extra:
        text += "; also " + " and ".join(extra)
    return text + "."


def catalogue_markdown() -> str:
    """The README's table of known exports (tests/reader/exports/test_profiles.py keeps the README equal to it)."""
    rows = ["| From | Export, and how to make it | What is taken |", "|---|---|---|"]
    for p in sorted(PROFILES, key=lambda p: (p.refuse is not None, p.product.casefold(), p.export)):
        rows.append(f"| {p.product} | {p.export}: {p.how} | {describe(p)} |")
    return "\n".join(rows) + "\n"


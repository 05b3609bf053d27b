"""Reading an export by its catalogue entry (:class:`~.catalogue.entry.Profile`): who each row's client is,
its revenue and the factors the export has, which rows are left out and why, and the lines of what was
understood. The same code for every entry; :mod:`.profiles` recognises which entry a file is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence, TypeAlias

import numpy as np
import pandas as pd

from xlclientrank.errors import ClientTableError
from xlclientrank.reader import cells, locate
from xlclientrank.reader.exports.catalogue.entry import Conversion, Profile, Rule, find
from xlclientrank.reader.grouped import fill_down
from xlclientrank.reader.keys import client_keys
from xlclientrank.reader.notes import Understood, agree, counted
from xlclientrank.reader.rules import amounts
from xlclientrank.reader.rules.documents import status
from xlclientrank.reader.rules.money import direction, money_out
from xlclientrank.reader.rules.outcome import Outcome

REVENUE, PROFIT, HOURS, ORDERS = "Revenue", "Gross profit", "Hours", "Orders"
KEY, NAME, DATE, ORDER = "_key", "Client", "_date", "_order"
# a sheet's body as the reader passes it: header -> the cells' values, header -> the cleaned column
_Raw: TypeAlias = "dict[str, list[Any]]"
_Cleaned: TypeAlias = "dict[str, cells.Cleaned]"


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


def _column(raw: _Raw, cleaned: _Cleaned, name: str, as_text: bool = False) -> pd.Series:
    if "+" in name:
        first, *rest = [_text(raw[part]) for part in name.split("+")]
        joined = first
        for t in rest:
            joined = joined + " " + t
        return joined.str.strip().str.replace(r"\s+", " ", regex=True)
    if as_text:
        return _text(raw[name])
    return pd.Series(cleaned[name].values, dtype=float)


def _matches(rule: Rule, columns: Sequence[str], raw: _Raw) -> tuple[str, np.ndarray] | None:
    """The column ``rule`` reads and, per row, whether the rule holds there; None when the export
    has no such column."""
    col = find(columns, rule.column)
    if col is None:
        return None
    hit = _text(raw[col]).str.casefold().isin([v.casefold() for v in rule.values]).to_numpy().copy()
    for alts, values in rule.unless:
        other = find(columns, alts)
        if other is not None:
            hit &= ~_text(raw[other]).str.casefold().isin([v.casefold() for v in values]).to_numpy()
    return col, hit


def _convert(conv: Conversion, columns: Sequence[str], raw: _Raw,
             cleaned: _Cleaned, rev_col: str, revenue: pd.Series, notes: list[str]
             ) -> tuple[pd.Series, np.ndarray]:
    """Each payment that conversion rows refer to, at the rate they give: the amount put into the
    account's currency over the amount taken out in the payment's."""
    n = len(revenue)
    converted = np.zeros(n, dtype=bool)
    matched = _matches(conv.rows, columns, raw)
    ref_col, txn_col = find(columns, conv.reference), find(columns, conv.txn)
    if matched is None or ref_col is None or txn_col is None or not matched[1].any():
        return revenue, converted
    col, is_conv = matched
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
        notes.append(f"{counted(int(hit.sum()), 'payment')} in another currency counted at the rate of their "
                     f"currency conversion rows ({col}).")
    return revenue, converted


_DURATION = r"^\s*(\d+):([0-5]\d)(?::([0-5]\d))?\s*$"


def _hours(raw: _Raw, cleaned: _Cleaned, name: str) -> pd.Series:
    """Hours as numbers; ``h:mm:ss`` or ``h:mm`` durations typed as text become decimal hours."""
    values = _column(raw, cleaned, name)
    text = _text(raw[name])
    parts = text.str.extract(_DURATION)
    duration = parts[0].astype(float) + parts[1].astype(float) / 60 + parts[2].astype(float).fillna(0) / 3600
    return values.where(values.notna(), duration)


# tax, shipping and duties: collected for the state or the carrier, passed on (what a refund gives back a share of)
def _revenue(raw: _Raw, cleaned: _Cleaned, rev_col: str, override: str | None, minus: list[str],
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
    refunds = [c for c in minus if amounts.refund_column(c)]
    passed_on = [c for c in minus if c not in refunds and amounts.passed_on(c)]
    net = gross.copy()
    for c in passed_on:
        net = net - _column(raw, cleaned, c).fillna(0.0)
    for c in refunds:
        share = (net / gross.where(gross != 0, np.nan)).fillna(1.0).to_numpy() if passed_on else 1.0
        after, larger = amounts.take_off(gross, _column(raw, cleaned, c), share)
        net = net - (gross - pd.Series(after, index=net.index))  # the refund (its share), where it is taken off
        if (larger & keep).any():
            rows = np.flatnonzero(larger & keep)
            one = len(rows) == 1
            a = "an" if c[:1].lower() in "aeiou" else "a"
            notes.append(f"{counted(len(rows), 'row')} {agree(len(rows), 'has', 'have')} {a} {c} larger than "
                         f"{'its' if one else 'their'} {rev_col} ({'row' if one else 'the first is row'} "
                         f"{rows[0] + 1:,} of the list): {'its' if one else 'their'} {rev_col} was taken as already "
                         f"net of the refund, so nothing was taken off {'it' if one else 'them'}. Check that the "
                         "columns are what they seem.")
    for c in minus:
        if c not in refunds and c not in passed_on:
            net = net - _column(raw, cleaned, c).fillna(0.0)
    return net


def _general_rules(p: Profile, columns: Sequence[str], raw: _Raw, keep: np.ndarray, keys: pd.Series,
                   names: pd.Series, revenue: pd.Series, rev_col: str) -> tuple[Outcome, list[str]]:
    """The general reading rules (reader/rules/) on a known export's rows still kept: status
    words, currencies, money in and out. Returns what they leave out and their lines."""
    out = Outcome.nothing(len(keep))
    doc = find(columns, p.order_id) or find(columns, p.once_per)
    amount = revenue.to_numpy(dtype=float)
    out.merge(status(columns, raw, keep, amount, doc))
    converted = [rev_col] if amounts.converted(rev_col) else []
    out.merge(amounts.currency(columns, raw, keep & ~out.drop, [rev_col], converted))
    d = direction(columns, raw, amount)
    if d is not None:
        got = money_out(d, keys.to_numpy(dtype=object), keep & ~out.drop, columns, raw,
                        names.to_numpy(dtype=object), doc)
        out.merge(got)
        out.sign = got.sign
    lines, out.lines = out.lines, []
    return out, lines


def read(p: Profile, columns: Sequence[str], raw: _Raw, cleaned: _Cleaned,
         client_column: str | None = None) -> Read:
    """Applies profile ``p`` to the export's columns (``raw`` values and ``cleaned`` columns by
    header). ``client_column``: the owner's choice of client column, which wins over the profile's."""
    if p.refuse:
        raise ClientTableError(f"looks like {p.product}'s {p.export}: {p.refuse}")
    n = len(next(iter(raw.values()))) if raw else 0
    notes: list[str] = []
    left_out: list[str] = []
    raw, cleaned = _fill_layout(p, columns, dict(raw), cleaned, n, notes)
    keep = _rows_kept(p, columns, raw, n, notes, left_out)
    who = _clients(p, columns, raw, cleaned, keep, client_column, n, notes, left_out)
    keep &= ~who.blank
    money = _money(p, columns, raw, cleaned, keep, n, notes)
    # the general reading rules (reader/rules/): status, money in and out, currencies
    ruled, general_lines = _general_rules(p, columns, raw, keep & ~money.converted, who.keys, who.names,
                                          money.revenue, money.rev_col)
    for what, rows in ruled.skipped.items():
        left_out.append(f"{counted(len(rows), 'row')}: {what}")
    notes += ruled.notes
    keep &= ~ruled.drop
    revenue = money.revenue
    if ruled.sign is not None:
        revenue = revenue.where(ruled.sign > 0, -revenue.abs())
    once_col = find(columns, p.once_per)
    if once_col:
        revenue = _once_per_order(revenue, who.keys, _text(raw[once_col]), keep, n)
    frame, order_col, orders_col = _frame(p, columns, raw, cleaned, who, revenue, once_col)
    kept = np.flatnonzero(keep)
    frame = frame.iloc[kept].reset_index(drop=True)
    understood = _understood(p, who, money, once_col, order_col, orders_col, keep, general_lines, left_out)
    shown = who.first_column.replace("+", " + ")
    return Read(frame, kept, understood, notes, (who.key_col or shown).replace("+", " + "))


def _fill_layout(p: Profile, columns: Sequence[str], raw: _Raw, cleaned: _Cleaned, n: int, notes: list[str]
                 ) -> tuple[_Raw, _Cleaned]:
    """The values a formatted export writes once for many rows, put on each: a group's name on its
    first row only (``fill_down``), an order's fields on its first line only (``fill_order``)."""
    filled = [c for c in (find(columns, (a,)) for a in p.fill_down) if c]
    if filled:
        # a formatted report names the group once, on its first row; filled down only when the rows
        # are laid out that way (reader/grouped.py: each name once, a Subtotal after each group or
        # more unnamed rows than named), not for a list whose blank names are rows without a client
        has_values = cells.has_values([cleaned[c] for c in columns if c in cleaned], n)
        for c in filled:
            found = fill_down(_text(raw[c]), has_values)
            if found is not None:
                raw[c] = found[0].tolist()
                notes.append(f"{counted(found[1], 'row')} without {c} {agree(found[1], 'was', 'were')} given the {c} "
                             "above them (the report names "
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
    return raw, cleaned


def _rows_kept(p: Profile, columns: Sequence[str], raw: _Raw, n: int, notes: list[str],
               left_out: list[str]) -> np.ndarray:
    """Per row, whether the profile keeps it (``leave_out`` and ``keep_only``, each with its reason)."""
    keep = np.ones(n, dtype=bool)
    for rule in p.leave_out:
        matched = _matches(rule, columns, raw)
        if matched is None:
            continue
        col, hit = matched
        hit = hit & keep
        if hit.any() and rule.unless_all and hit.sum() == keep.sum():
            notes.append(f"Every row is a {rule.reason} ({col}); they are ranked, since there is nothing else.")
            continue
        if hit.any():
            keep &= ~hit
            left_out.append(f"{counted(int(hit.sum()), rule.reason + ' row')} ({col})")
    for rule in p.keep_only:
        matched = _matches(rule, columns, raw)
        if matched is None:
            continue
        col, ok = matched
        dropped = keep & ~ok
        if dropped.any():
            keep &= ok
            n = int(dropped.sum())
            left_out.append(f"{counted(n, 'row')} that {agree(n, 'is', 'are')} not {rule.reason} ({col})")
    return keep


@dataclass
class _Clients:
    """Who each row's client is: ``names`` shown, ``keys`` grouped by, the columns they come from
    (``name_cols`` in order of preference, ``key_col``), ``fallbacks`` (what names came from a later
    column), ``blank`` (rows without a client)."""

    names: pd.Series
    keys: pd.Series
    name_cols: list[str]
    key_col: str | None
    fallbacks: list[str]
    blank: np.ndarray

    @property
    def first_column(self) -> str:
        """The column the shown names come from first: the first name column, else the key column."""
        if self.name_cols:
            return self.name_cols[0]
        assert self.key_col is not None  # _clients refuses an export with neither
        return self.key_col


def _clients(p: Profile, columns: Sequence[str], raw: _Raw, cleaned: _Cleaned, keep: np.ndarray,
             client_column: str | None, n: int, notes: list[str], left_out: list[str]) -> _Clients:
    """Each row's shown name (the first name column filled) and key (the profile's key column, else
    the name), the owner's client column first when it is one of the export's."""
    owner_choice = client_column if client_column in columns else None
    name_cols = [owner_choice] if owner_choice else [c for c in (find(columns, (a,)) for a in p.client_name) if c]
    key_col = owner_choice or find(columns, p.client_key)
    if not name_cols and key_col is None:
        raise ClientTableError(f"looks like {p.product}'s {p.export}, but its client column "
                               f"({' or '.join(p.client_name or p.client_key)}) is missing")
    names = pd.Series([""] * n, dtype=object)
    fallbacks = []
    from_columns = name_cols or ([key_col] if key_col else [])
    for i, c in enumerate(from_columns):  # per row, the first name filled
        empty = names == ""
        names = names.where(~empty, _column(raw, cleaned, c, as_text=True))
        used = int((empty & (names != "")).to_numpy()[keep].sum()) if i else 0
        if used:
            fallbacks.append(f"{used:,} without it by {c.replace('+', ' + ')}")
    keys = _column(raw, cleaned, key_col, as_text=True) if key_col else client_keys(names)
    if key_col and key_col not in name_cols[:1]:
        without = keep & (keys == "").to_numpy() & (names != "").to_numpy()
        keys = keys.where(keys != "", "name:" + client_keys(names))
        if without.any():
            n = int(without.sum())
            notes.append(f"{counted(n, 'row')} without {key_col} {agree(n, 'was', 'were')} grouped by {name_cols[0]}.")
    blank = keep & (keys.isin(["", "name:"])).to_numpy() & (names == "").to_numpy()
    if blank.any():
        left_out.append(f"{counted(int(blank.sum()), 'row')} without a client")
    names = names.where(names != "", keys.str.replace(r"^name:", "", regex=True))
    return _Clients(names, keys, name_cols, key_col, fallbacks, blank)


@dataclass
class _Money:
    """Each row's revenue as the profile reads it, the columns it comes from and what was done to it."""

    revenue: pd.Series
    rev_col: str
    override: str | None
    minus: list[str]
    converted: np.ndarray
    negated: list[str]


def _money(p: Profile, columns: Sequence[str], raw: _Raw, cleaned: _Cleaned, keep: np.ndarray, n: int,
           notes: list[str]) -> _Money:
    """Each row's revenue: the amount (or its adjusted figure) minus what is taken off, converted at
    the rate of its conversion rows, negated where the profile says the row gives money back."""
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
        matched = _matches(rule, columns, raw)
        if matched is None:
            continue
        col, hit = matched
        if (hit & keep).any():
            revenue = revenue.where(~hit, -revenue.abs())
            negated.append(f"{counted(int((hit & keep).sum()), rule.reason + ' row')} ({col}) taken off")
    return _Money(revenue, rev_col, override, minus, converted, negated)


def _once_per_order(revenue: pd.Series, keys: pd.Series, order_key: pd.Series, keep: np.ndarray, n: int) -> pd.Series:
    """The order's amount stands on every line of the order: counted on its first line only."""
    pairs = pd.DataFrame({"k": keys, "o": order_key})
    first_line = np.zeros(n, dtype=bool)  # the order's first line among the rows kept
    first_line[np.flatnonzero(keep)] = ~pairs[keep].duplicated().to_numpy()
    return revenue.where(first_line | (order_key == "").to_numpy(), 0.0)


def _frame(p: Profile, columns: Sequence[str], raw: _Raw, cleaned: _Cleaned, who: _Clients,
           revenue: pd.Series, once_col: str | None) -> tuple[pd.DataFrame, str | None, str | None]:
    """The table of every source row: client, key, revenue and the factors the export has; and the
    columns orders are counted by (``order_col``) or read from (``orders_col``)."""
    frame = pd.DataFrame({NAME: who.names, KEY: who.keys, REVENUE: revenue})
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
    return frame, order_col, orders_col


def _understood(p: Profile, who: _Clients, money: _Money, once_col: str | None, order_col: str | None,
                orders_col: str | None, keep: np.ndarray, general_lines: list[str], left_out: list[str]) -> list[str]:
    """The "what was understood" lines: the export, the clients, the revenue, the orders, what was left out."""
    shown = who.first_column.replace("+", " + ")
    key_col = who.key_col
    grouped = (f"grouped by {key_col}, shown as {shown}" if key_col and key_col not in who.name_cols[:1]
               else f"by {shown}")
    understood: list[str] = [Understood("Export", f"{p.product}, {p.export} (recognised from its headers).")]
    fallbacks = f" ({'; '.join(who.fallbacks)})" if who.fallbacks else ""
    understood.append(Understood("Clients", grouped + fallbacks + "."))
    share = any(amounts.passed_on(c) for c in money.minus)
    revenue_text = (f"{money.override} where it is filled and not 0, else {money.rev_col}" if money.override
                    else money.rev_col) + "".join(
        f", minus {c} in the same proportion (a refund gives back tax and shipping too)"
        if share and amounts.refund_column(c) else f" minus {c}" for c in money.minus)
    if once_col:
        revenue_text += f", counted once per {once_col}"
    if money.negated:
        revenue_text += "; " + "; ".join(money.negated)
    if (money.converted & keep).any():
        converted = int((money.converted & keep).sum())
        revenue_text += f"; {counted(converted, 'payment')} in another currency at their conversion rate"
    if p.revenue_means:
        revenue_text += f" ({p.revenue_means})"
    understood.append(Understood("Revenue", f"{revenue_text}."))
    if order_col:
        understood.append(Understood("Orders", f"distinct {order_col}."))
    elif orders_col:
        understood.append(Understood("Orders", f"{orders_col}."))
    understood += general_lines
    if left_out:
        understood.append(Understood("Left out", "; ".join(left_out) + "."))
    return understood

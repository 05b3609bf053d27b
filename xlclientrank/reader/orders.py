"""Order lines (one row per sale, order or invoice line) -> one row per client.

Input columns are found by their headers: the client (name, and an ID when there is one), a date,
an amount (revenue), optionally a gross profit or a cost, an order/invoice number, and hours,
complaints or referrals. Per client (grouped by ID when there is one, else by name):

* ``Revenue`` = sum of amounts (refunds, negative amounts, reduce it);
* ``Gross profit`` = sum of profit, or of amount - cost;
* ``Orders`` = number of distinct order numbers with a positive total, or of distinct order dates
  when there is no order number;
* ``Average sale`` = Revenue / Orders;
* ``Client since`` = first date, ``Last order`` = last date (as Excel serial days);
* hours, complaints, referrals: summed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.reader.distinct import per_distinct
from xlclientrank.reader.keys import client_keys
from xlclientrank.reader.notes import agree, counted, once_per_order
from xlclientrank.reader.rules.amounts import price

CLIENT_ID = re.compile(r"\b(client|customer|account|cust|acct|debtor)\.?\s*(id|no\.?|number|code|#|ref)\b|"
                       r"^(id|client id|customer id|account no\.?|account number)$")
ORDER_ID = re.compile(r"\b(invoice|order|receipt|transaction|sale|job|ticket|document|doc)\.?\s*"
                      r"(no\.?|number|#|id|ref|nr)\b|^(invoice|receipt|transaction)s?$")
DATE = re.compile(r"\bdate\b|\b(invoice|order|sale|transaction)d? (date|day)\b|^(day|when)$")
COST = re.compile(r"\b(cost|cogs|cost of sales|cost price)\b")
SUMMED = ("hours", "complaints", "referrals")

REVENUE, PROFIT, ORDERS, AVERAGE, SINCE, LAST = ("Revenue", "Gross profit", "Orders", "Average sale",
                                                 "Client since", "Last order")


@dataclass
class Roles:
    """Which column plays which part in an order-line table (None when absent)."""

    name: str
    client_id: str | None
    date: str | None
    amount: str | None
    profit: str | None
    cost: str | None
    order_id: str | None
    summed: list[str]
    label: str | None = None  # what the clients are grouped by, for the note (when client_id is a key column)
    made_from: tuple[str, ...] = ()  # the columns the amount was made from (a rate and a quantity)


def roles(columns: dict[str, str], name: str, key: str | None = None, label: str | None = None) -> Roles:
    """``columns``: header -> kind ("number", "date", "text", "empty"). ``key``: the frame column that
    holds each row's client key (reader/identity.py), when the client was decided there; ``label``:
    what that key is, for the note."""
    norm = {c: headers.normalise(c) for c in columns}
    client_id = key or id_column(columns, name)
    order_id = next((c for c in columns if c not in (name, client_id) and columns[c] != "date"
                     and order_number(c)), None)
    taken = {name, client_id, order_id}
    date = next((c for c in columns if c not in taken and columns[c] == "date" and date_header(c)), None)
    date = date or next((c for c in columns if c not in taken and columns[c] == "date"), None)
    taken.add(date)

    def kind_of(c: str) -> str | None:
        k = headers.recognise(c)
        return k.key if k else None
    numeric = [c for c in columns if c not in taken and columns[c] == "number"]
    amount = headers.best_revenue(numeric)  # net of tax first (headers.revenue_preference)
    profit = next((c for c in numeric if kind_of(c) == "profit"), None)
    # a cost of sales, never a rate or a price per unit (Cost Rate, Item Cost, Unit cost: headers.PER_UNIT)
    cost = next((c for c in numeric if c not in (amount, profit) and not headers.per_unit(c)
                 and (COST.search(norm[c]) or headers.role(c, "cost"))), None)
    summed = [c for c in numeric if kind_of(c) in SUMMED and c not in (amount, profit, cost)]
    return Roles(name, client_id, date, amount, profit, cost, order_id, summed, label)


def id_column(columns: Iterable[str], name: str) -> str | None:
    """The first column other than ``name`` whose header names a client ID (Customer ID, Kundennummer ...),
    by the header words of every supported language (headers.ROLE_WORDS) as well as the English patterns."""
    return next((c for c in columns if c != name and (CLIENT_ID.search(headers.normalise(c))
                                                      or headers.role(c, "client_id"))), None)


def order_number(header: str) -> bool:
    """Whether a header names an order or invoice number (in any supported language)."""
    return bool(ORDER_ID.search(headers.normalise(header)) or headers.role(header, "order_id"))


def date_header(header: str) -> bool:
    """Whether a header names a row's own date (Date, Invoice date, Datum), in any supported language."""
    return bool(DATE.search(headers.normalise(header)) or headers.role(header, "date"))


LINE_AMOUNT = "Amount (calculated)"  # the amount made from a rate and a quantity (rate_and_quantity)


def rate_and_quantity(columns: dict[str, str]) -> tuple[str, str] | None:
    """For a table with no amount column: a rate or price per unit (``headers.PER_UNIT``) and the
    quantity or hours it is for, whose product is each row's amount; None when there is no such pair.
    ``columns``: header -> kind, the number columns."""
    numbers = [c for c, k in columns.items() if k == "number"]
    rate = next((c for c in numbers if price(c) and not headers.role(c, "cost")), None)
    if rate is None:
        return None
    qty = next((c for c in numbers if c != rate and headers.quantity(c)), None)
    if qty is None:
        qty = next((c for c in numbers if c != rate and (k := headers.recognise(c)) is not None
                    and k.key == "hours"), None)
    return (rate, qty) if qty else None


def looks_like_order_lines(r: Roles, names: pd.Series) -> bool:
    """Rows are order lines when there is an amount, a date or an order/invoice number, and clients
    (``names``: each row's client key or name) come back on many rows, or on more than one row
    beside an order or invoice number."""
    if r.amount is None or (r.date is None and r.order_id is None):
        return False
    key = _each_text(names, client_keys)
    n, unique = len(key), key.nunique()
    # with an order or invoice number, one client on two rows is already two orders of one client
    return unique > 0 and (n >= 1.5 * unique or (r.order_id is not None and n > unique))


def aggregate(frame: pd.DataFrame, r: Roles, repeated_totals: bool = True
              ) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """One row per client; returns the frame, its column kinds and notes.

    ``repeated_totals``: an amount that is the same on every line of each order is an order's
    total and is counted once per order (:func:`order_level_amount`); a known export's profile says
    this itself and passes False.

    ``frame``: one row per order line, text columns as text and the rest as floats (dates as
    Excel serial days). The client's shown name is the one used most often for its ID.
    """
    assert r.amount is not None  # order lines have an amount (looks_like_order_lines)
    notes: list[str] = []
    key_codes, key_texts = _client_codes(frame, r)
    amount = frame[r.amount].fillna(0.0)
    work = _work(frame, r, key_codes, amount)
    if r.order_id and repeated_totals and ORDER_TOTAL.search(headers.normalise(r.amount)):
        repeated = order_level_amount(work)
        if repeated:
            _count_once_per_order(work)
            notes.append(once_per_order(r.amount, repeated, r.order_id))
    out, kinds = _per_client(work, r)
    if r.client_id:
        _tell_apart(out, r.name, key_texts)
    refunds = int((amount < 0).sum())
    if refunds:
        notes.append(f"{counted(refunds, 'order line')} {agree(refunds, 'is a refund', 'are refunds')} (negative "
                     f"amounts); {agree(refunds, 'it reduces', 'they reduce')} the client's revenue.")
    how = f"by {r.label or r.client_id}" if r.client_id else f"by {r.name}"
    notes.insert(0, f"Each row is an order line: aggregated {len(frame):,} rows into {len(out):,} clients ({how}).")
    used = {r.name, r.client_id, r.date, r.amount, r.profit, r.cost, r.order_id, *r.summed, *r.made_from} - {None}
    ignored = [c for c in frame.columns if c not in used]
    if ignored:
        notes.append("Not used for order lines: " + ", ".join(f"'{c}'" for c in ignored) + ".")
    return out.reset_index(drop=True), kinds, notes


def _client_codes(frame: pd.DataFrame, r: Roles) -> tuple[np.ndarray, pd.Index | None]:
    """Each line's client as a code (each distinct text read once) and the key texts the codes stand
    for: the client ID, or the name's client key where the ID is blank; the texts themselves
    (and None) when a key is missing (never in the reader's keys)."""
    key = _each_text(frame[r.client_id], lambda t: t.str.strip()) if r.client_id else \
        _each_text(frame[r.name], client_keys)
    blank = (key == "").to_numpy()
    if blank.any():  # no ID: by name
        key = key.where(~blank, _each_text(frame[r.name], lambda t: "\x00" + client_keys(t)))
    key_codes, key_texts = pd.factorize(key)
    if (key_codes < 0).any():
        return key.to_numpy(), None
    return key_codes, key_texts


def _work(frame: pd.DataFrame, r: Roles, key_codes: np.ndarray, amount: pd.Series) -> pd.DataFrame:
    """The lines as the figures need them: client code, shown name, amount, profit (or amount minus
    cost), date, order (its number's code, else its date) and the columns summed."""
    work = pd.DataFrame({"key": key_codes, "name": frame[r.name].to_numpy(), "amount": amount.to_numpy()})
    if r.profit:
        work["profit"] = frame[r.profit].fillna(0.0).to_numpy()
    elif r.cost:
        work["profit"] = (amount - frame[r.cost].fillna(0.0)).to_numpy()
    if r.date:
        work["date"] = frame[r.date].to_numpy()
    if r.order_id:
        work["order"] = _order_codes(frame[r.order_id])
    elif r.date:
        work["order"] = frame[r.date].to_numpy()
    for c in r.summed:
        work[c] = frame[c].fillna(0.0).to_numpy()
    return work


def _count_once_per_order(work: pd.DataFrame) -> None:
    """An order's total written on each of its lines: counted on its first line only."""
    first = ~work.duplicated(["key", "order"]).to_numpy()
    for c in ("amount", "profit"):
        if c in work:
            work.loc[~first, c] = 0.0


def _per_client(work: pd.DataFrame, r: Roles) -> tuple[pd.DataFrame, dict[str, str]]:
    """One row per client code: the shown name, revenue, profit, orders and average sale, first and
    last date, and the columns summed; with each column's kind."""
    g = work.groupby("key", sort=False)
    out = pd.DataFrame(index=g.size().index)
    out[r.name] = _most_common_name(work).reindex(out.index)
    out[REVENUE] = g["amount"].sum()
    kinds = {r.name: "text", REVENUE: "number"}
    if "profit" in work:
        out[PROFIT] = g["profit"].sum()
        kinds[PROFIT] = "number"
    if "order" in work:
        per_order = work.groupby(["key", "order"], sort=False)["amount"].sum()
        orders = (per_order > 0).groupby(level=0).sum()
        out[ORDERS] = orders.reindex(out.index).fillna(0).astype(float)
        out[AVERAGE] = np.where(out[ORDERS] > 0, out[REVENUE] / out[ORDERS].where(out[ORDERS] > 0, 1), np.nan)
        kinds[ORDERS] = kinds[AVERAGE] = "number"
    if "date" in work:
        out[SINCE] = g["date"].min()
        out[LAST] = g["date"].max()
        kinds[SINCE] = kinds[LAST] = "date"
    for c in r.summed:
        out[c] = g[c].sum()
        kinds[c] = "number"
    return out, kinds


def _tell_apart(out: pd.DataFrame, name: str, key_texts: pd.Index | None) -> None:
    """Clients with different IDs and the same shown name: each name followed by its ID."""
    dup = out[name].duplicated(keep=False)
    if dup.any():
        keys_shown = out.index[dup] if key_texts is None else np.asarray(key_texts, dtype=object)[out.index[dup]]
        shown_key = pd.Series(pd.Index(keys_shown).astype(str), index=out.index[dup]).str.replace(
            r"^\x00(\d+:)?", "", regex=True)
        out.loc[dup, name] = out.loc[dup, name] + " (" + shown_key + ")"


# an amount whose header says it is a total: on a line-level export, the order's total
ORDER_TOTAL = re.compile(r"\b(total|totals|gesamt\w*|\w*summe|totaal|totale|montant total|importe total)\b")


def order_level_amount(work: pd.DataFrame, least: int = 2) -> int:
    """The number of orders with several lines when the amount (whose header says it is a total:
    :data:`ORDER_TOTAL`) is the same on every line of every such order (an order's total written on
    each of its lines, as reports with one row per tax rate or per item do); 0 otherwise, or when
    fewer than ``least`` orders have several lines (too little evidence: the amounts are then taken
    as line amounts)."""
    per = work.groupby(["key", "order"], sort=False)["amount"].agg(["size", "nunique"])
    multi = per[per["size"] > 1]
    if len(multi) < least or not (multi["nunique"] == 1).all():
        return 0
    if "date" in work:  # payments of one invoice in equal instalments come on different days
        days = work.groupby(["key", "order"], sort=False)["date"].nunique(dropna=False)
        if (days.reindex(multi.index) > 1).any():
            return 0
    return len(multi)


def format_sources(r: Roles) -> dict[str, str]:
    """Aggregated column -> the order-line column whose number format it should show in."""
    out = {REVENUE: r.amount, PROFIT: r.profit or r.amount, AVERAGE: r.amount, SINCE: r.date, LAST: r.date}
    out.update({c: c for c in r.summed})
    return {k: v for k, v in out.items() if v}


def _most_common_name(work: pd.DataFrame) -> pd.Series:
    """Per key, the name written most often (the first seen among equally frequent ones)."""
    names = _each_text(pd.Series(work["name"].to_numpy()), lambda t: t.str.strip())
    codes, texts = pd.factorize(names)
    if (codes < 0).any():  # a missing name: grouped by the names themselves
        codes, texts = names.to_numpy(), None
    counts = pd.DataFrame({"key": work["key"], "name": codes, "pos": np.arange(len(work))}) \
        .groupby(["key", "name"], sort=False).agg(n=("pos", "size"), first=("pos", "min")).reset_index()
    best = counts.sort_values(["n", "first"], ascending=[False, True]).drop_duplicates("key")
    shown = best["name"].to_numpy() if texts is None else np.asarray(texts, dtype=object)[best["name"].to_numpy()]
    return pd.Series(shown, index=best["key"].to_numpy(), dtype=names.dtype)


def _each_text(values: pd.Series, f: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``f`` (on a Series of texts) of ``values.astype(str)``, applied to each distinct text once
    when ``values`` holds texts (the reader's keys and names); as a whole otherwise (numbers: 0.0
    and -0.0 are one value but two texts)."""
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        return per_distinct(values, lambda u: f(u.astype(str)))
    return f(values.astype(str))


def _order_codes(values: pd.Series) -> np.ndarray:
    """One code per order number, equal where the numbers read as the same text (``astype(str)``),
    NaN where that text is missing; each distinct value is made a text once."""
    v = values.to_numpy()
    if v.dtype.kind == "f":
        first, uniques = pd.factorize(v.view(np.int64))  # by the bits: -0.0 reads "-0.0", not "0.0"
        as_text = pd.Series(np.asarray(uniques).view(np.float64)).astype(str)
    else:
        first, uniques = pd.factorize(values)
        if (first < 0).any() or not all(isinstance(u, str) for u in uniques):
            first, as_text = np.arange(len(values)), values.reset_index(drop=True).astype(str)
        else:
            as_text = pd.Series(uniques, dtype=object).astype(str)
    codes, _ = pd.factorize(as_text)
    out: np.ndarray = codes[first].astype(float)
    out[codes[first] < 0] = np.nan
    return out

"""How a list that is no known export is read beyond its cells: which way its money goes (a bank
statement's money in and out, a payment account's From and To), the general reading rules
(:func:`rules.apply`) and a refund column taken off the amount beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.reader import orders, rules
from xlclientrank.reader.cells import Cleaned
from xlclientrank.reader.identity import Identity
from xlclientrank.reader.notes import Understood, agree, counted, rows_text
from xlclientrank.reader.rules.amounts import converted, refund_column, take_off
from xlclientrank.reader.rules.money import (
    BY_SIGN,
    PARTY,
    Direction,
    bare_pair,
    direction,
    in_and_out,
    mostly_out,
    split_direction,
)
from xlclientrank.reader.rules.outcome import Outcome


def dated(names: list[str], kinds: dict[str, str]) -> bool:
    """Whether the rows carry a date of their own (Date, Invoice date, Datum), as transactions and
    documents do; a client list's dates (Client since, Last order) are factors."""
    return any(kinds[n] == "date" and orders.date_header(n) and headers.recognise(n) is None for n in names)


@dataclass
class Money:
    """Which way a list's money goes and what that makes of its columns: ``names`` and ``raw`` (with
    the other party of each payment first when the client is that party), ``who``: the columns that
    may say who the client is, ``flow`` and ``amount``: the amount column."""

    names: list[str]
    raw: dict[str, Any]
    who: list[str]
    flow: Direction | None
    amount: str | None


def money(names: list[str], raw: dict[str, Any], cleaned: dict[str, Cleaned], kinds: dict[str, str],
          client_column: str | None) -> Money:
    """Which way the money goes. Changes ``kinds``: a statement's money-out column is no figure to
    rank on, and the other party of each payment is a text column."""
    split = in_and_out(names, kinds)
    if split is not None:  # a statement's money in and money out: the out column is no figure to rank on
        kinds[split[1]] = "text"
    best = split[0] if split else headers.best_revenue([n for n in names if kinds[n] == "number"])
    amount_col = best if isinstance(best, str) else None  # one of the headers given, or None
    flow = _flow(names, raw, cleaned, kinds, split, amount_col)
    who = names
    if flow is not None and flow.pair is not None and (client_column in names or any(
            headers.is_client_header(n) and n not in flow.pair for n in names)):
        # a column names the client: the payer and payee are not it, and a bare From and To (places,
        # as likely as parties) said nothing of the money's direction
        flow = None if bare_pair(flow.pair) and flow.how == BY_SIGN else Direction(flow.flow, flow.how)
    if flow is not None and flow.party is not None and client_column not in names:
        # a payment account's From and To: the client is the other party of each payment, not a
        # column of its own (an account number may be the owner's on money in)
        names = [PARTY] + names
        raw = {PARTY: flow.party.tolist(), **raw}
        kinds[PARTY] = "text"
        who = [PARTY] + [n for n in names if kinds[n] == "date"]
    return Money(names, raw, who, flow, amount_col)


def _flow(names: list[str], raw: dict[str, Any], cleaned: dict[str, Cleaned], kinds: dict[str, str],
          split: tuple[str, str] | None, amount_col: str | None) -> Direction | None:
    """The money's direction as the columns, a money-in and money-out pair or the amounts' signs say."""
    flow = direction(names, raw, cleaned[amount_col].values if amount_col else None, kinds)
    if flow is None and split is not None:
        flow = split_direction(cleaned[split[0]].values, cleaned[split[1]].values, split)
    if flow is None and dated(names, kinds):  # a statement lists dated transactions, a client list clients
        flow = mostly_out({n: cleaned[n].values for n in names if kinds[n] == "number"
                           and (k := headers.recognise(n)) is not None and k.key == "revenue"})
    return flow


def general_rules(names: list[str], raw: dict[str, Any], kinds: dict[str, str], cleaned: dict[str, Cleaned],
                  ident: Identity, flow: Direction | None, amount_col: str | None, body_rows: int) -> Outcome:
    """The general reading rules (:func:`rules.apply`) on the rows of a list that is no known export.
    Changes ``kinds`` where a converted amount replaces amounts in several currencies."""
    keep = np.zeros(body_rows, dtype=bool)
    keep[ident.keep] = True
    doc = next((n for n in names if kinds[n] != "number" and orders.order_number(n)), None)
    keys = np.asarray(ident.keys, dtype=object)
    amounts = [n for n in names if kinds[n] == "number" and (k := headers.recognise(n)) is not None
               and k.key == "revenue"]
    out = rules.apply(names, raw, keep, amount=cleaned[amount_col].values if amount_col else None, doc=doc,
                      keys=keys, names=np.asarray(ident.names, dtype=object), flow=flow, amounts=amounts,
                      documents=rules.is_documents(keys[keep].tolist(), doc, dated(names, kinds)))
    if out.use_column:
        for a in amounts:
            if a != out.use_column and not converted(a):
                kinds[a] = "text"  # in several currencies: not a figure to rank on
    return out


def take_off_refunds(frame: pd.DataFrame, amount_col: str | None, numeric: Sequence[str], ruled: Outcome,
                     keep_arr: np.ndarray, first: int, notes: list[str]) -> None:
    """Money given back counts against its client: amounts of refund rows turned negative, and in a
    list of documents a refund column beside a gross amount taken off it row by row. Changes
    ``frame``, ``notes`` and ``ruled.lines``."""
    if amount_col is None or amount_col not in frame:
        return
    if ruled.sign is not None:  # money given back counts against its client
        frame[amount_col] = np.where(ruled.sign[keep_arr] < 0, -np.abs(frame[amount_col]), frame[amount_col])
    # a refund column beside a gross amount, in a list of documents: taken off row by row
    refunds = [n for n in numeric if n != amount_col and refund_column(n)] \
        if headers.revenue_preference(amount_col) != 0 and ruled.documents else []
    for n in refunds:  # a refund column beside the amount: taken off it, row by row
        frame[amount_col], larger = take_off(frame[amount_col], frame[n])
        if larger.any():
            k = int(larger.sum())
            its, a = agree(k, "its", "their"), "an" if n[:1].lower() in "aeiou" else "a"
            notes.append(f"{counted(k, 'row')} {agree(k, 'has', 'have')} {a} {n} larger than {its} {amount_col} ("
                         f"{rows_text(keep_arr[larger] + first + 1)}): {its} {amount_col} was taken as already net "
                         f"of the refund, so nothing was taken off {agree(k, 'it', 'them')}. Check that the columns "
                         "are what they seem.")
    if refunds:
        ruled.lines.append(Understood("Revenue", f"{amount_col} minus {' and '.join(refunds)} on each row (what was "
                                      "given back), added up per client where a client has several rows."))


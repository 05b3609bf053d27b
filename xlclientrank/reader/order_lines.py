"""A client table whose rows are order lines: which column plays which part (:func:`orders.roles`),
an amount made from a rate and a quantity, and the lines added up per client (:func:`orders.aggregate`).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from xlclientrank.reader import identity, locate, orders
from xlclientrank.reader.identity import Identity
from xlclientrank.reader.notes import ONCE_PER_ORDER, Note, Understood, is_kind
from xlclientrank.reader.table import ClientTable, ColumnInfo


def line_roles(table: ClientTable, ident: Identity, names: Sequence[str], numeric: Sequence[str],
               kinds: dict[str, str], raw: dict[str, Any], keep_arr: np.ndarray) -> orders.Roles:
    """Which column plays which part were the rows order lines. Adds to ``table`` the amount made
    from a rate times a quantity when no column holds it, and the text columns the roles need
    (order numbers, client IDs)."""
    frame = table.frame
    r = orders.roles({n: kinds[n] for n in names}, table.client_column, key=identity.KEY, label=ident.key.label)
    if r.amount is None:  # only a rate or a price: times the quantity it is for
        unit = orders.rate_and_quantity({n: kinds[n] for n in numeric})
        if unit is not None:
            rate, qty = unit
            frame[orders.LINE_AMOUNT] = frame[rate] * frame[qty]
            r.amount, r.made_from = orders.LINE_AMOUNT, (rate, qty)
            table.columns.append(ColumnInfo(orders.LINE_AMOUNT, "number"))
            table.understood.append(Understood("Revenue", f"{rate} x {qty} on each row ('{orders.LINE_AMOUNT}'; "
                                               f"{rate} is per unit or per hour and no column holds the amount)."))
    for n in names:  # keep text columns the order-line roles need (order numbers, client IDs)
        if n in (r.order_id, r.client_id) and n not in frame:
            frame[n] = locate.texts(np.asarray(raw[n], dtype=object)[keep_arr]).tolist()
    return r


def drop_role_texts(table: ClientTable, r: orders.Roles, kinds: dict[str, str]) -> None:
    """Rows that are clients after all: the text columns kept for the order-line roles go."""
    for extra in (r.order_id, r.client_id):
        if extra is not None and extra in table.frame and kinds.get(extra, "text") == "text":
            del table.frame[extra]


def add_up(table: ClientTable, r: orders.Roles, ident: Identity, rows: int) -> ClientTable:
    """``table`` with its order lines added up per client (``rows``: the lines read)."""
    agg, agg_kinds, agg_notes = orders.aggregate(table.frame, r)
    src = table.formats
    table.formats = {k: src[v] for k, v in orders.format_sources(r).items() if v in src}
    table.frame = agg
    table.columns = [ColumnInfo(n, k) for n, k in agg_kinds.items()]
    table.excel_rows = None
    table.decisions = {}
    table.rows_are = "order lines"
    table.order_roles = r
    table.notes = agg_notes + table.notes
    table.understood += ident.lines(len(agg), rows, table.rows_are)
    once = next((n for n in agg_notes if is_kind(n, ONCE_PER_ORDER)), None)
    if isinstance(once, Note):
        table.understood.append(Understood("Revenue", f"{r.amount}, '{once.detail}' once per order (it is the "
                                           "same on every line of an order: the order's total). To add up every "
                                           "line, rename the column (say to Line amount)."))
    return table

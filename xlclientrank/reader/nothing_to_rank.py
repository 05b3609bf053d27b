"""Why a table has nothing to rank, said so that the owner knows what was found and what to export instead:
a list of clients without amounts, a time report without amounts, a client column empty on every row.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.reader.client_columns import (
    COMPANY,
    EMAIL_HEADER,
    FIRST,
    GENERIC_ID,
    ID_HEADER,
    LAST,
    NOT_NAME,
    TIERS,
    UNKNOWN,
    header_tier,
    norm_header,
)
from xlclientrank.reader.keys import client_keys
from xlclientrank.reader.locate import texts as cell_texts
from xlclientrank.reader.notes import counted, row_span


def column_list(names: Sequence[str], limit: int = 12) -> str:
    """The headers as a refusal lists them: the first ``limit``, then how many more."""
    names = list(names)
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


# what kinds of columns a table without anything to rank holds, by header (for the refusal that says so)
_DESCRIBED: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
    ("names", lambda h, n: headers.is_client_header(n) or bool(FIRST.search(h) or LAST.search(h))
     or any(p.search(h) for _, p in TIERS)),
    ("e-mail addresses", lambda h, n: bool(EMAIL_HEADER.search(h))),
    ("phone numbers", lambda h, n: bool(re.search(r"\b(phone|mobile|fax|tel|telefon|telephone|telefono)\b", h))),
    ("addresses", lambda h, n: bool(re.search(r"\b(address\d*|street|city|state|province|country|zip|postal|"
                                             r"post ?code|postcode|region|adresse|strasse|ort|plz|ville|pays|"
                                             r"direccion|ciudad|pais)\b", h))),
    ("notes", lambda h, n: bool(re.search(r"\b(notes?|memo|comments?|description|tags?)\b", h))),
    ("IDs", lambda h, n: bool(GENERIC_ID.search(h) or ID_HEADER.search(h) or re.search(r"\bid$", h))),
    ("dates", lambda h, n: bool(re.search(r"\b(date|created|updated|archived|time|at)\b", h))),
)
_TIME_ENTRY = re.compile(r"\b(duration|start time|end time|start|end|hours|project|task|billable|time entry)\b")


def describe_columns(names: Sequence[str]) -> str:
    """What a table's columns hold, by their headers: ``"names, addresses and e-mail addresses"``."""
    found: list[str] = []
    for n in names:
        h = norm_header(n)
        what = next((label for label, test in _DESCRIBED if test(h, n)), None)
        if what is not None and what not in found:
            found.append(what)
    order = [label for label, _ in _DESCRIBED]
    found = sorted(found, key=order.index) or ["text"]
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def is_time_report(names: Sequence[str]) -> bool:
    """Whether the headers are those of a time tracker's entries (Duration, Start time, Project, Task ...)."""
    return sum(bool(_TIME_ENTRY.search(norm_header(n))) for n in names) >= 3


def list_without_amounts(names: Sequence[str], clients: int) -> str:
    """The refusal for a list of clients with nothing to rank them on: what it holds and what to export."""
    return (f"this list has {counted(clients, 'client')} with {describe_columns(names)} but no column of sales, "
            f"orders or hours to rank them on (columns: {column_list(names)}). Add a column such as Sales, Orders "
            "or Hours and run again, or export your invoices, orders or payments and rank that file")


ADD_NUMBERS = "Add a column such as Sales, Orders or Hours and run again."
EXPORT_INSTEAD = ("A list of clients alone has nothing to rank: export your invoices, orders or payments instead and "
                  "rank that file (or add a column such as Sales, Orders or Hours)")


def no_numbers(names: Sequence[str], count: str, rows: Sequence[int], where: str, export: bool) -> str:
    """The refusal for a table with rows but no column of numbers: ``where`` ("sheet 'Clients'") has
    ``count`` ("12 clients") on ``rows`` (sheet rows), the columns it has, and what to add (a list
    exported from a system: what to export instead)."""
    span = f" ({row_span(rows)})" if rows else ""
    if export:
        return (f"{where} has {count}{span} with {describe_columns(names)} but no column of numbers to rank them "
                f"on (columns: {column_list(names)}). {EXPORT_INSTEAD}")
    return f"{where} has {count}{span} but no column of numbers to rank them on (columns: {column_list(names)}). " \
           + ADD_NUMBERS


def _factor_without_numbers(names: Sequence[str], texts: dict[str, pd.Series], count: str, rows: Sequence[int],
                            where: str) -> str | None:
    """The refusal for a table whose column headed as a factor (Sales, Hours ...) holds no number:
    empty on every row, or text; None when it has no such column."""
    factors = [n for n in names if (k := headers.recognise(n)) is not None and k.value != "date"]
    if not factors:
        return None
    n = factors[0]
    filled = texts[n][texts[n] != ""]
    held = "it is empty on every row" if filled.empty else f"it holds text such as {_examples(filled)}"
    span = f" ({row_span(rows)})" if rows else ""
    return (f"{where} has {count}{span} and a column '{n}', but {held}, so there is nothing to rank them on. "
            f"Type each client's {n} as a number and run again.")


def _examples(filled: pd.Series, limit: int = 3) -> str:
    """The first distinct texts of a column, quoted: ``"'n/a', 'tbc'"``."""
    return ", ".join(repr(t) for t in list(dict.fromkeys(filled.tolist()))[:limit])


def nothing_to_rank(names: Sequence[str], raw: dict[str, list[Any]], has_numbers: bool, *,
                    where: str = "this list", first_row: int | None = None, export: bool = False) -> str | None:
    """Why a table with a header row has nothing to rank, said so that the owner knows what was found
    and what to add or export instead; None when that cannot be told. ``raw``: header -> the body's
    values; ``has_numbers``: whether any column holds an amount; ``where``: the table as the
    sentence starts ("sheet 'Clients'"); ``first_row``: the sheet row of the body's first value
    (rows are named when given); ``export``: the table came from a system's export (a text file),
    so the fix is another export rather than a column typed in."""
    texts = {n: cell_texts(raw[n]) for n in names}
    rows = max((int((t != "").sum()) for t in texts.values()), default=0)
    if rows == 0:
        return None
    time_report = is_time_report(names)
    unit = "time entries" if time_report else "rows"
    client = [n for n in names if (header_tier(n) or UNKNOWN) >= COMPANY
              or (headers.is_client_header(n) and not NOT_NAME.search(norm_header(n)))]
    empty = [n for n in client if not (texts[n] != "").any()]
    if client and len(empty) == len(client):
        fix = ("Give each project a client in your time tracker and export again" if time_report else
               "Fill in the client on each row, or export again with the customer included")
        amount = "" if has_numbers else ", no amount"
        return (f"the {empty[0]} column is empty on every row ({rows:,} {unit}{amount}): the {unit} name no "
                f"client. {fix}")
    filled = [n for n in client if (texts[n] != "").any()]
    if has_numbers:
        return None
    if not filled:  # no column is headed as the client's: say what the rows hold all the same
        lines = _sheet_rows(texts, first_row)
        return no_numbers(names, counted(rows, "row"), lines, where, export)
    named = texts[filled[0]] != ""
    clients = int(client_keys(texts[filled[0]][named]).nunique())
    hours = [n for n in names if (k := headers.recognise(n)) is not None and k.key == "hours"]
    if time_report and hours:
        return (f"this is a time report of {clients:,} client{'s' if clients != 1 else ''} with their time "
                f"({hours[0]}) but no amounts ({rows:,} {unit}): time alone says what a client costs you, not "
                "what they bring. Export the report with billable amounts (set billable rates in your time "
                "tracker), or rank your invoices")
    lines = [first_row + int(i) for i in np.flatnonzero(named.to_numpy())] if first_row is not None else []
    count = counted(clients, "client")
    return _factor_without_numbers(names, texts, count, lines, where) or no_numbers(names, count, lines, where,
                                                                                   export)


def _sheet_rows(texts: dict[str, pd.Series], first_row: int | None) -> list[int]:
    """The sheet rows on which any column holds something (none when ``first_row`` is not known)."""
    if first_row is None:
        return []
    filled = np.zeros(max(len(t) for t in texts.values()), dtype=bool)
    for t in texts.values():
        filled[:len(t)] |= (t != "").to_numpy()
    return [first_row + int(i) for i in np.flatnonzero(filled)]

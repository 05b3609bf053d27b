"""Why a table has nothing to rank, said so that the owner knows what was found and what to export instead:
a list of clients without amounts, a time report without amounts, a client column empty on every row.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

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
    return (f"this is a list of {clients:,} client{'s' if clients != 1 else ''} with {describe_columns(names)} but "
            f"no sales, orders or hours (columns: {column_list(names)}): there is nothing to rank them on. Export "
            "your invoices, orders or payments instead (or add a column such as Revenue)")


def nothing_to_rank(names: Sequence[str], raw: dict[str, list[Any]], has_numbers: bool) -> str | None:
    """Why a table with a header row has nothing to rank, said so that the owner knows what was found
    and what to export instead; None when that cannot be told. ``raw``: header -> the body's values;
    ``has_numbers``: whether any column holds an amount."""
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
    if filled and not has_numbers:
        clients = int(client_keys(texts[filled[0]][texts[filled[0]] != ""]).nunique())
        hours = [n for n in names if (k := headers.recognise(n)) is not None and k.key == "hours"]
        if time_report and hours:
            return (f"this is a time report of {clients:,} client{'s' if clients != 1 else ''} with their time "
                    f"({hours[0]}) but no amounts ({rows:,} {unit}): time alone says what a client costs you, not "
                    "what they bring. Export the report with billable amounts (set billable rates in your time "
                    "tracker), or rank your invoices")
        return list_without_amounts(names, clients)
    return None

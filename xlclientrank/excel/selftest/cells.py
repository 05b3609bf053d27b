"""Cell helpers: column letters, rows of values, the ranked table on a Ranking sheet and the template's
client table (:class:`ClientSheet`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from xlclientrank.ooxml.rows import column_letter

from .boundary import Excel

LIVE_COLUMN = "Tier (live formula)"


def is_error(v: Any) -> bool:
    return isinstance(v, str) and v.startswith("#")


def as_rows(v: Any) -> list[list[Any]]:
    if not isinstance(v, (list, tuple)):
        return [[v]]
    if v and not isinstance(v[0], (list, tuple)):
        return [list(v)]
    return [list(r) for r in v]


def ranking_table(rows: Sequence[Sequence[Any]]) -> tuple[list[str], list[list[Any]]] | None:
    """Header and body of the ranked table on a Ranking sheet's values (the row starting Rank, Client)."""
    for i, r in enumerate(rows):
        if len(r) >= 2 and r[0] == "Rank" and r[1] == "Client":
            body = []
            for x in rows[i + 1:]:
                if not x or x[0] is None or x[0] == "":
                    break
                body.append(list(x))
            return [str(c) for c in r if c not in (None, "")], body
    return None


@dataclass
class ClientSheet:
    """Where the template's client table is: its header, rows and the live formula column."""

    header: list[str]
    rows: list[list[Any]]     # body rows as read, first data row is Excel row 2
    last: str                 # letter of the table's last data column (before the live column)
    live: int | None          # index of "Tier (live formula)"

    def block(self, excel_row: int) -> str:
        return f"A{excel_row}:{self.last}{excel_row}"


def client_sheet(excel: Excel, book: str) -> ClientSheet:
    rows = excel.used(book, "Clients")
    header = [str(c) if c is not None else "" for c in rows[0]]
    live = header.index(LIVE_COLUMN) if LIVE_COLUMN in header else None
    width = live if live is not None else len([c for c in header if c])
    body = []
    for r in rows[1:]:
        if not r or r[0] in (None, ""):
            break
        body.append(list(r))
    return ClientSheet(header, body, column_letter(width - 1), live)


def close_enough(a: Any, b: Any, tol: float = 1e-6) -> bool:
    try:
        return abs(float(a) - float(b)) <= tol
    except (TypeError, ValueError):
        return False

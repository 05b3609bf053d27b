"""The owner's own judgments of each client, kept from month to month: the sheet ``Client Notes``.

An export is replaced every month, so what the owner types beside it would be lost. The notes sheet
is the owner's, made by the first run with one row per client::

    Client | Fit (1-5) | Complaints | Referrals | Decision | Notes | In this ranking

and only added to afterwards (:func:`plan`): every later run keeps every value, row, column and
format the owner typed or added, appends the new clients at the bottom with empty cells, and never
deletes a client (one no longer in the data gets ``No`` under ``In this ranking``).

Clients are matched with the history's key (:func:`xlclientrank.reader.keys.client_key`: the name
without the spaces around it, in one case). What the notes add to the client table
(:func:`join`):

* **Fit (1-5), Complaints, Referrals**: factors, like the same columns typed in the client list (the
  weights the settings give those headers). An empty cell is a missing value, ranked as the
  settings rank missing values; a column with no value at all is left out of the scores until the
  owner fills some in (an empty column would otherwise lower every client's score alike).
* **Decision** (Protect, Grow, Reprice, Refer elsewhere, or the owner's own words): shown in the
  Ranking's Action column instead of the tier's default action.
* **the owner's own columns**: numbers become factors of weight 0 (the owner may weigh them), text
  becomes a column of the client table (a category such as industry or how the client came).

A column of the client list wins over the notes' column of the same measure: the notes sheet is
then made without it, and a notes column that has one in the list is not read (a note says so).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from xlclientrank import headers
from xlclientrank.reader import locate
from xlclientrank.reader.dates import date_to_serial
from xlclientrank.reader.keys import client_key, client_keys
from xlclientrank.reader.notes import counted
from xlclientrank.reader.table import ColumnInfo

CLIENT = "Client"
FIT = "Fit (1-5)"
COMPLAINTS = "Complaints"
REFERRALS = "Referrals"
DECISION = "Decision"
NOTES = "Notes"
IN_RANKING = "In this ranking"
STANDARD = (CLIENT, FIT, COMPLAINTS, REFERRALS, DECISION, NOTES, IN_RANKING)
FACTORS = (FIT, COMPLAINTS, REFERRALS)
DECISIONS = ("Protect", "Grow", "Reprice", "Refer elsewhere")
YES, NO = "Yes", "No"
FIT_RANGE = (1.0, 5.0)

# not read from the notes: our own mark, and the names the ranking's own columns have
_NOT_READ = {IN_RANKING.casefold(), "rank", "score", "tier", "row", "client", "since last time", "why", "action",
             "best client"}
# the factor kinds the notes bring with their headers' weights (columns of numbers the owner adds
# otherwise come with weight 0, for the owner to weigh)
RATED = ("fit", "complaints", "referrals")

HEADER_ROW = 5          # the 1-based row of the header of a notes sheet this module makes
_SEARCHED_ROWS = 10     # the header is looked for in the first rows (the owner may add a line above)


def _folded(value: Any) -> str:
    return locate.text(value).casefold()


def _factor_kind(header: str) -> str | None:
    """The factor kind of a header (``fit``, ``complaints``, ``referrals``, ...), None for another."""
    kind = headers.recognise(header)
    return kind.key if kind is not None else None


def is_decision_header(header: str) -> bool:
    return _folded(header) == DECISION.casefold()


def columns_for(columns: Sequence[ColumnInfo], client_column: str) -> list[str]:
    """The columns of a notes sheet made for a client list with ``columns``: the standard ones less
    those the list has itself (a column of the same measure, a Decision or Notes column)."""
    kinds = {_factor_kind(c.name) for c in columns if c.name != client_column}
    names = {_folded(c.name) for c in columns}
    out = []
    for name in STANDARD:
        if name in FACTORS and _factor_kind(name) in kinds:
            continue
        if name in (DECISION, NOTES) and name.casefold() in names:
            continue
        out.append(name)
    return out


# ---------------------------------------------------------------- reading the sheet

@dataclass
class Notes:
    """The notes sheet as read. ``header``: its header cells (0-based column -> text); ``rows``: the
    1-based sheet row of each client entry; ``names``/``keys``: the client of each; ``cells``:
    column -> the cell values of each entry."""

    sheet: str
    header_row: int
    header: dict[int, str]
    client_col: int
    rows: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    cells: dict[int, list[Any]] = field(default_factory=dict)

    def column(self, name: str) -> int | None:
        """The 0-based column whose header is ``name`` (case and spaces aside)."""
        key = _folded(name)
        return next((j for j, h in self.header.items() if _folded(h) == key), None)

    @property
    def last_row(self) -> int:
        return self.rows[-1] if self.rows else self.header_row


def _row(grid: Any, i: int) -> list[Any]:
    return list(grid[i]) if i < len(grid) else []


def parse(grid: Any, sheet: str) -> Notes | None:
    """The notes in a sheet's cell values (rows from A1), None when no header row with a ``Client``
    column is found in its first rows."""
    for i in range(min(_SEARCHED_ROWS, len(grid))):
        row = _row(grid, i)
        at = next((j for j, v in enumerate(row) if _folded(v) == CLIENT.casefold()), None)
        if at is not None:
            break
    else:
        return None
    header = {j: locate.text(v) for j, v in enumerate(row) if locate.text(v)}
    notes = Notes(sheet, i + 1, header, at, cells={j: [] for j in header})
    for r in range(i + 1, len(grid)):
        cells = _row(grid, r)
        name = cells[at] if at < len(cells) else None
        if name is None or not str(name).strip():
            continue
        notes.rows.append(r + 1)
        notes.names.append(locate.text(name))
        notes.keys.append(client_key(name))
        for j in header:
            notes.cells[j].append(cells[j] if j < len(cells) else None)
    return notes


# ---------------------------------------------------------------- what the notes add to the client table

@dataclass
class Joined:
    """What the notes add, each array aligned with the client table's rows: ``numbers`` (factor
    columns, NaN where empty), ``texts`` (the owner's text columns), ``decisions`` ("" where none),
    and the notes to tell the owner."""

    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    texts: dict[str, np.ndarray] = field(default_factory=dict)
    dates: set[str] = field(default_factory=set)
    decisions: np.ndarray | None = None
    empty: set[str] = field(default_factory=set)   # factor columns without any value yet
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[ColumnInfo]:
        return ([ColumnInfo(n, "date" if n in self.dates else "number") for n in self.numbers]
                + [ColumnInfo(n, "text") for n in self.texts])


def _number(v: Any) -> float | None:
    """A cell as a number (None when it holds something else); a date as its serial day."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return math.nan
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return float(date_to_serial(v))
    try:
        return float(str(v).strip().replace(",", "."))
    except ValueError:
        return None


def _kind(values: Sequence[Any]) -> str:
    """``number``, ``date`` or ``text``: what the filled-in cells of an owner's column hold."""
    filled = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    if filled and all(isinstance(v, (dt.datetime, dt.date)) for v in filled):
        return "date"
    if filled and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in filled):
        return "number"
    return "text"


def join(notes: Notes, names: pd.Series, list_columns: Sequence[ColumnInfo], client_column: str) -> Joined:
    """The notes' values for the client table whose client names are ``names`` (one per row).

    Each row gets the values of the first notes entry with its key (a client listed twice in the
    notes: the first entry, said in the notes). A notes column whose header or measure the client
    list has is not read (said in the notes)."""
    out = Joined()
    at: dict[str, int] = {}
    twice: list[str] = []
    for i, key in enumerate(notes.keys):
        if key in at:
            twice.append(notes.names[i])
        else:
            at[key] = i
    if twice:
        out.notes.append(f"{counted(len(twice), 'client is', 'clients are')} in '{notes.sheet}' more than once "
                         f"({', '.join(twice[:3])}{', ...' if len(twice) > 3 else ''}); the first row of each is used.")
    where = client_keys(names).map(at)
    found = where.notna().to_numpy()
    index = where.fillna(0).astype(int).to_numpy()
    list_names = {_folded(c.name) for c in list_columns}
    list_kinds = {_factor_kind(c.name) for c in list_columns
                  if c.name != client_column and c.kind in ("number", "date")} - {None}
    ignored = []
    first: dict[str, int] = {}
    for j, header in sorted(notes.header.items()):
        if j == notes.client_col or _folded(header) in _NOT_READ:
            continue
        if _folded(header) in first:  # a header typed twice: the first column is read, and both named
            cells = [f"{get_column_letter(k + 1)}{notes.header_row}" for k in (first[_folded(header)], j)]
            out.notes.append(f"'{notes.sheet}': '{header}' heads two columns ({cells[0]} and {cells[1]}); only the "
                             "first is read: rename or delete the other.")
            continue
        first[_folded(header)] = j
        values = notes.cells[j]
        kind = _factor_kind(header)
        if _folded(header) in list_names or (kind is not None and kind in list_kinds):
            ignored.append(header)
            continue
        if is_decision_header(header):
            decided = locate.texts(values).to_numpy(dtype=object)
            out.decisions = np.where(found, decided[index] if len(decided) else "", "")
            continue
        if _folded(header) == NOTES.casefold():
            continue  # free text: shown to no one but the owner
        standard = _folded(header) in {_folded(f) for f in FACTORS}
        column_kind = "number" if standard else _kind(values)
        if column_kind == "text":
            tidy = locate.texts(values).to_numpy(dtype=object)
            texts = np.where(tidy == "", None, tidy)
            picked = texts[index] if len(texts) else np.full(len(index), None, dtype=object)
            picked[~found] = None
            out.texts[header] = picked
            continue
        numbers, told = _numbers(notes, j, header)
        out.notes += told
        column = np.where(found, numbers[index] if len(numbers) else math.nan, math.nan)
        out.numbers[header] = column
        if column_kind == "date":
            out.dates.add(header)
        if np.isnan(column).all():
            out.empty.add(header)
    if ignored:
        out.notes.append(f"'{notes.sheet}': {', '.join(repr(h) for h in ignored)} not read, as your client list "
                         f"has {'that column' if len(ignored) == 1 else 'those columns'} itself.")
    return out


def _numbers(notes: Notes, j: int, header: str) -> tuple[np.ndarray, list[str]]:
    """Column ``j`` of the notes as numbers (NaN where empty), and a note naming the cells that hold
    something else (or, for Fit, a number outside 1-5): they are read as empty."""
    values = notes.cells[j]
    numbers = np.full(len(values), math.nan)
    fit = _folded(header) == _folded(FIT)
    bad = []
    for i, v in enumerate(values):
        number = _number(v)
        if number is None or (fit and not math.isnan(number) and not FIT_RANGE[0] <= number <= FIT_RANGE[1]):
            bad.append(f"{get_column_letter(j + 1)}{notes.rows[i]}")
            continue
        numbers[i] = number
    if not bad:
        return numbers, []
    rule = "a rating from 1 to 5" if fit else "a number"
    return numbers, [f"'{notes.sheet}': {counted(len(bad), 'cell', 'cells')} of '{header}' "
                     f"({', '.join(bad[:5])}{', ...' if len(bad) > 5 else ''}) "
                     f"{'does' if len(bad) == 1 else 'do'} not hold {rule}; read as empty."]


# ---------------------------------------------------------------- what a run changes in the sheet

@dataclass
class Plan:
    """What a run changes in an existing notes sheet: the ``In this ranking`` cells to write
    (1-based row -> Yes/No), the header cell to add when the sheet has no such column (0-based
    column), and the new clients to append (their names, in rank order)."""

    in_ranking_col: int
    marks: dict[int, str]
    add_header: bool
    new_clients: list[str]


def plan(notes: Notes, ranked: Sequence[str]) -> Plan:
    """The changes for the clients ``ranked`` (this run's client names, in rank order): each entry
    marked Yes when its client is ranked, No otherwise (the marks that say so already are not
    written again); the ranked clients without an entry appended (each key once)."""
    keys = set(client_keys(pd.Series(list(ranked), dtype=object))) if len(ranked) else set()
    col = notes.column(IN_RANKING)
    add = col is None
    if col is None:
        col = max(notes.header) + 1 if notes.header else notes.client_col + 1
    now = notes.cells[col] if col in notes.cells else [None] * len(notes.rows)
    # only the marks that change: a month where the same clients are ranked writes no cell
    marks = {row: mark for row, key, was in zip(notes.rows, notes.keys, now)
             if (mark := YES if key in keys else NO) != (str(was).strip() if was is not None else None)}
    known = set(notes.keys)
    new, seen = [], set()
    for name in ranked:
        key = client_key(name)
        if key not in known and key not in seen:
            seen.add(key)
            new.append(str(name).strip())
    return Plan(col, marks, add, new)

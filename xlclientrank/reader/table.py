"""The client table the reader hands on, and the types it is made of.

pandas 3 keeps text columns in pyarrow when pyarrow is there (a dependency, for reading .csv files:
reader/csvfile.py). The reader's text columns are names and IDs repeated on many rows and mostly
read a distinct value at a time; as Python strings they take less memory and time (a 1,000,000-line
order export: 640 MB peak instead of 930 MB; benchmarks/README.md). The reader builds its frames
inside :func:`python_strings`, which chooses that storage for the frames built there and leaves
pandas' options as they were afterwards: importing the package changes no pandas option.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xlclientrank.reader import cells, orders


def python_strings() -> AbstractContextManager[None]:
    """A context in which the text columns pandas builds hold Python strings (see the module)."""
    context: AbstractContextManager[None] = pd.option_context("mode.string_storage", "python")
    return context


@dataclass(frozen=True)
class ColumnInfo:
    """What the reader learned about one column of the client table."""

    name: str
    kind: str  # "number", "date", "text" or "empty"


@dataclass
class ClientTable:
    """One row per client. ``frame`` holds the client names (text) and, for every number or date
    column, floats (dates as Excel serial day numbers, NaN where blank or unusable); a list of
    clients also its other text columns, as text ("" where blank).
    ``excel_rows``: the sheet row of each client (None when order lines were aggregated)."""

    file: str
    sheet: str
    header_row: int
    columns: list[ColumnInfo]
    client_column: str
    frame: pd.DataFrame
    excel_rows: np.ndarray | None
    notes: list[str] = field(default_factory=list)
    rows_are: str = "clients"
    source_rows: int = 0
    formats: dict[str, str] = field(default_factory=dict)  # column -> the owner's number format
    # number or date column -> what cleaning decided from the whole column (decimal comma, day-first),
    # so that one row's cells can be read as they were here (the cell formulas' calibration); empty
    # for order lines, whose columns are not the sheet's
    decisions: dict[str, cells.Decisions] = field(default_factory=dict)
    # what was understood about the owner's data, one line each ("Clients: ...", "Revenue: ...",
    # "Orders: ...", "Left out: ..."), each with its reason; shown first on the screen and the sheet
    understood: list[str] = field(default_factory=list)
    profile: str | None = None  # the known export recognised (reader/exports/profiles.py), if any
    # which column played which part when order lines were added up per client (None for a list of
    # clients and for a known export)
    order_roles: orders.Roles | None = None

    def column(self, name: str) -> ColumnInfo:
        return next(c for c in self.columns if c.name == name)

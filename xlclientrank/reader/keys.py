"""The key that says two cells name the same client: the name as typed, without the spaces around it
and in one case (``"  Acme Ltd"`` and ``"ACME LTD"`` are one client; ``"Acme  Ltd"`` with two spaces
inside is not changed). The reader groups rows, finds duplicates and matches last month's clients
with it; Rank History, the calibration of the cell formulas and the advisor's copy match names with
it too, so a client is the same client in every part of the workbook."""

from __future__ import annotations

from typing import Any

import pandas as pd


def client_key(name: Any) -> str:
    """The key of one client name (any cell value; ``None`` is the text ``"None"``, as ``str`` gives)."""
    return str(name).strip().casefold()


def client_keys(names: pd.Series) -> pd.Series:
    """:func:`client_key` of every value of a column, as pandas does it a column at a time."""
    return names.astype(str).str.strip().str.casefold()

"""Client names that appear more than once in a list of clients: reported, or combined into one
client when the settings say so (sums; earliest 'since', latest 'last')."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.reader.notes import agree, counted, rows_text
from xlclientrank.reader.table import ClientTable

COMBINE_RULES = {"tenure": "min", "recency": "max", "fit": "mean", "average_sale": "mean"}


def duplicate_names(table: ClientTable, how: str) -> None:
    """Reports client names that appear more than once; combines them when ``how`` is "combine"."""
    f = table.frame
    assert table.excel_rows is not None  # a list of clients keeps its sheet rows
    key = f[table.client_column].astype(str).str.strip().str.casefold()
    dup = key.duplicated(keep=False)
    if not dup.any():
        return
    groups = pd.Series(table.excel_rows[dup.to_numpy()], index=f.loc[dup, table.client_column]).groupby(
        key[dup].to_numpy(), sort=False)
    shown = [f"{rows.index[0]}: {rows_text(rows.tolist(), 4)}" for _, rows in list(groups)[:3]]
    n = key[dup].nunique()
    more = f" and {n - 3:,} more" if n > 3 else ""
    if how == "combine":
        _combine(table, key)
        table.notes.append(f"{counted(n, 'client name')} {agree(n, 'appears', 'appear')} more than once "
                           f"({'; '.join(shown)}{more}); each was "
                           "combined into one client (sums; earliest 'since', latest 'last').")
    else:
        table.notes.append(f"{counted(n, 'client name')} {agree(n, 'appears', 'appear')} more than once "
                           f"({'; '.join(shown)}{more}); {agree(n, 'its clients are', 'they are')} "
                           "ranked as separate clients (set 'Duplicate names' to Combine to merge them).")


def _combine(table: ClientTable, key: pd.Series) -> None:
    """One row per ``key`` (the casefolded name): the rules of :data:`COMBINE_RULES`, else sums; a
    text column keeps the first row's value."""
    f = table.frame
    agg = {}
    texts = {c.name for c in table.columns if c.kind == "text"}
    for c in f.columns:
        if c == table.client_column or c in texts:  # a text column: the first row's
            agg[c] = "first"
        else:
            kind = headers.recognise(c)
            agg[c] = COMBINE_RULES.get(kind.key if kind else "", "sum")
    combined = f.groupby(key.to_numpy(), sort=False).agg(agg)
    for c, rule in agg.items():
        if rule == "sum":
            # a sum of blanks stays blank instead of becoming 0
            present = f[c].notna().groupby(key.to_numpy(), sort=False).any()
            combined.loc[~present.reindex(combined.index).to_numpy(), c] = np.nan
    first_rows = pd.Series(table.excel_rows).groupby(key.to_numpy(), sort=False).min()
    table.frame = combined.reset_index(drop=True)
    table.excel_rows = first_rows.reindex(combined.index).to_numpy()

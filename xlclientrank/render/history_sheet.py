"""The ``Rank History`` sheet: one dated snapshot (Rank, Client, Score, Tier) per run, and beside
it the number of clients in the first tier at each date (the data of the trend chart)."""

from __future__ import annotations

import pandas as pd

from xlclientrank import history
from xlclientrank.ooxml.rows import Column, TableTail
from xlclientrank.render.formats import Formats

SHEET = history.SHEET


def write(ws, fmt: Formats, snapshots: pd.DataFrame, first_label: str) -> tuple[TableTail | None, tuple[str, int, int]]:
    """Writes the sheet; returns the rows after the first (see rows.TableTail) and the trend data's
    (sheet, first row, last row)."""
    counts = history.first_tier_counts(snapshots, first_label)
    heads = list(history.COLUMNS) + ["", "Date", f"{first_label} clients"]
    widths = (12, 7, 36, 8, 10, 3, 12, 12)
    for j, (h, w) in enumerate(zip(heads, widths)):
        if h:
            ws.write_string(0, j, h, fmt.head)
        ws.set_column(j, j, w)
    n = max(len(snapshots), len(counts))
    pad = lambda values: list(values) + [None] * (n - len(values))  # noqa: E731
    columns = [
        ("number", fmt.date, pad(history.to_serial(snapshots["Date"]))),
        ("number", fmt.count, pad(snapshots["Rank"])),
        ("text", fmt.text, pad(snapshots["Client"])),
        ("number", fmt.score, pad(snapshots["Score"])),
        ("text", fmt.text, pad(snapshots["Tier"])),
        ("text", fmt.text, [None] * n),
        ("number", fmt.date, pad(history.to_serial(counts["Date"]))),
        ("number", fmt.count, pad(counts["Count"])),
    ]
    for j, (kind, f, values) in enumerate(columns):
        v = values[0]
        if v is None:
            continue
        if kind == "text":
            ws.write_string(1, j, str(v), f)
        else:
            ws.write_number(1, j, float(v), f)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&L&D&CRank history&RPage &P of &N")
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(snapshots)), 4)
    tail = TableTail(template_row=2, width=len(columns), columns=[Column(k, v[1:]) for k, _, v in columns])
    return tail, (SHEET, 1, len(counts))

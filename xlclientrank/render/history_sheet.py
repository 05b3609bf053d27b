"""The ``Rank History`` sheet (layout: :mod:`xlclientrank.stored.history`): one row per client with its tier,
rank and score at every run, and beside it one row per run with the number of clients in each tier
(the data of the trend chart)."""

from __future__ import annotations

from xlclientrank.names import HISTORY_SHEET
from xlclientrank.ooxml.rows import Column, TableTail, column_letter
from xlclientrank.render.formats import Formats
from xlclientrank.stored import history

WIDTHS = (30, 8, 7, 8, 12, 12, 40, 30, 36)


def write(ws, fmt: Formats, h: history.History, first_label: str
          ) -> tuple[TableTail | None, tuple[str, int, int, str, str]]:
    """Writes the sheet; returns the rows after the first (see rows.TableTail) and the trend data's
    (sheet, first row, last row, dates column, counts column)."""
    clients, runs = h.clients, h.runs
    counts = [c for c in runs.columns if c not in ("Date", "Clients")]
    run_heads = ["Run date", "Clients"] + counts
    heads = list(history.CLIENT_COLUMNS) + [""] + run_heads
    for j, head in enumerate(heads):
        if head:
            ws.write_string(0, j, head, fmt.head)
    for j, w in enumerate(WIDTHS):
        ws.set_column(j, j, w)
    ws.set_column(len(WIDTHS), len(WIDTHS), 3)
    ws.set_column(history.RUN_FIRST_COLUMN, history.RUN_FIRST_COLUMN + len(run_heads) - 1, 11)
    n = max(len(clients), len(runs), 1)
    pad = lambda values: (values.tolist() if hasattr(values, 'tolist') else list(values)) + \
        [None] * (n - len(values))  # noqa: E731
    columns = [
        ("text", fmt.text, pad(clients["Client"])),
        ("text", fmt.text, pad(clients["Tier"])),
        ("number", fmt.count, pad(clients["Rank"])),
        ("number", fmt.score, pad(clients["Score"])),
        ("number", fmt.date, pad(history.to_serial(clients["Ranked since"]))),
        ("number", fmt.date, pad(history.to_serial(clients["Last ranked"]))),
        ("text", fmt.text, pad(clients["Tier by run"])),
        ("text", fmt.text, pad(clients["Rank by run"])),
        ("text", fmt.text, pad(clients["Score by run"])),
        ("text", fmt.text, [None] * n),
        ("number", fmt.date, pad(history.to_serial(runs["Date"]))),
        ("number", fmt.count, pad(runs["Clients"])),
    ] + [("number", fmt.count, pad(runs[c])) for c in counts]
    for j, (kind, f, values) in enumerate(columns):
        v = values[0]
        if v is None or (kind == "number" and v != v):
            continue
        if kind == "text":
            ws.write_string(1, j, str(v), f)
        else:
            ws.write_number(1, j, float(v), f)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_footer("&L&D&CRank history&RPage &P of &N")
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(1, len(clients)), len(history.CLIENT_COLUMNS) - 1)
    # a blank here is no cell at all (the formats are number formats only, nothing shows on an empty
    # cell): the run table's columns beside the client rows, and the empty column between the tables
    tail = TableTail(template_row=2, width=len(columns),
                     columns=[Column(k, v[1:], blanks=False) for k, _, v in columns])
    first = first_label if first_label in counts else (counts[0] if counts else "Clients")
    count_col = history.RUN_FIRST_COLUMN + run_heads.index(first)
    return tail, (HISTORY_SHEET, 1, len(runs), column_letter(history.RUN_FIRST_COLUMN), column_letter(count_col))

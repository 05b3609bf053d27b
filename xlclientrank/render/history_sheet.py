"""The ``Rank History`` sheet (layout: :mod:`xlclientrank.stored.history`): one row per client with its tier,
rank and score at every run, and beside it one row per run with the number of clients, of best
clients, the goal then and the number in each tier (the data of the trend chart).

Numbers are stored as numbers (Rank, Score, the dates, the run table's counts); the three "by run" cells
are text by design (``1 | 3 | 2``), so Excel's "number stored as text" mark is switched off for them
(after a first run such a cell holds one number, still as text). The sheet prints portrait, one page
wide, with the header row on every page: the client table up to Last ranked and the run table,
each its own print area; the "by run" columns, which grow a few characters every run, are left out of
the print (they stay on screen for filtering)."""

from __future__ import annotations

from xlclientrank.names import HISTORY_SHEET
from xlclientrank.ooxml.rows import Column, TableTail, column_letter
from xlclientrank.render.charts import TrendRef
from xlclientrank.render.formats import Formats
from xlclientrank.stored import history

WIDTHS = (30, 8, 8, 8, 13, 13, 40, 30, 36)
NAME_WIDTH = (20, 40)     # the Client column fits the longest name within these widths
PRINTED = 6               # the client columns printed: Client .. Last ranked


def _fit(texts: list[str], least: int, most: int) -> int:
    """A column width (characters) that fits the longest of ``texts`` within [least, most]."""
    return max(least, min(most, max((len(t) for t in texts), default=0) + 2))


def write(ws, fmt: Formats, h: history.History, first_label: str) -> tuple[TableTail | None, TrendRef]:
    """Writes the sheet; returns the rows after the first (see rows.TableTail) and where the trend
    chart's data is (:class:`TrendRef`). The run table: Run date, Clients, Best clients, Best-client
    goal (blank for a run made before they were recorded), then the clients in each tier."""
    clients, runs = h.clients, h.runs
    runs = runs.assign(**{c: runs[c] if c in runs else float("nan") for c in history.BEST_COLUMNS})
    counts = [c for c in runs.columns if c not in ("Date", "Clients") + history.BEST_COLUMNS]
    run_heads = ["Run date", "Clients", *history.BEST_COLUMNS] + counts
    heads = list(history.CLIENT_COLUMNS) + [""] + run_heads
    # the run table's headings stand over their numbers (the client table's stay left, clear of the
    # filter buttons)
    head_right = fmt.wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top",
                                    "bg_color": "#F2F2F2", "align": "right"})
    for j, head in enumerate(heads):
        if head:
            ws.write_string(0, j, head, head_right if j >= history.RUN_FIRST_COLUMN else fmt.head)
    widths = list(WIDTHS)
    widths[0] = _fit(clients["Client"].astype(str).tolist(), *NAME_WIDTH)
    widths[1] = _fit([str(t) for t in set(clients["Tier"].tolist())], 8, 20)
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    ws.set_column(len(WIDTHS), len(WIDTHS), 3)
    last_run_column = history.RUN_FIRST_COLUMN + len(run_heads) - 1
    ws.set_column(history.RUN_FIRST_COLUMN, last_run_column, 11)
    ws.set_column(history.RUN_FIRST_COLUMN, history.RUN_FIRST_COLUMN, 12)
    by_run = fmt.wb.add_format({"indent": 1})   # a gap after the dates on their left
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
        ("text", by_run, pad(clients["Tier by run"])),
        ("text", by_run, pad(clients["Rank by run"])),
        ("text", by_run, pad(clients["Score by run"])),
        ("text", fmt.text, [None] * n),
        ("number", fmt.date, pad(history.to_serial(runs["Date"]))),
        ("number", fmt.count, pad(runs["Clients"])),
    ] + [("number", fmt.count, pad(runs[c])) for c in [*history.BEST_COLUMNS, *counts]]
    for j, (kind, f, values) in enumerate(columns):
        v = values[0]
        if v is None or (kind == "number" and v != v):
            continue
        if kind == "text":
            ws.write_string(1, j, str(v), f)
        else:
            ws.write_number(1, j, float(v), f)
    last_client_row = max(1, len(clients))
    if len(clients):
        ws.ignore_errors({"number_stored_as_text": f"G2:I{last_client_row + 1}"})
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, last_client_row, PRINTED - 1)
    if len(runs):   # a second area: XlsxWriter writes one, the defined name takes a list
        ws.print_area_range += "," + print_range(HISTORY_SHEET, 0, history.RUN_FIRST_COLUMN, len(runs),
                                                 last_run_column)
    ws.set_footer("&L&D&CRank history&RPage &P of &N")
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, last_client_row, len(history.CLIENT_COLUMNS) - 1)
    # a blank here is no cell at all (the formats are number formats only, nothing shows on an empty
    # cell): the run table's columns beside the client rows, and the empty column between the tables
    tail = TableTail(template_row=2, width=len(columns),
                     columns=[Column(k, v[1:], blanks=False) for k, _, v in columns])
    first = first_label if first_label in counts else (counts[0] if counts else "Clients")

    def letter(head: str) -> str:
        return column_letter(history.RUN_FIRST_COLUMN + run_heads.index(head))
    return tail, TrendRef(HISTORY_SHEET, 1, len(runs), letter("Run date"), letter(first),
                          letter(history.BEST_COUNT), letter(history.BEST_GOAL),
                          bool(runs[history.BEST_GOAL].notna().any()))


def print_range(sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """A range as a print area names it: ``'Rank History'!$K$1:$O$3``."""
    quoted = "'" + sheet.replace("'", "''") + "'"
    return (f"{quoted}!${column_letter(first_col)}${first_row + 1}:"
            f"${column_letter(last_col)}${last_row + 1}")

"""The Methodology sheet's section "Who your <best tier> clients are": the test for a category that
stands out, then a small table per column of categories (:mod:`xlclientrank.report.profile`).

Each table: the column's name over the categories (those that stand out first, then the largest,
at most :data:`~xlclientrank.report.profile.SHOWN` rows, the rest in one row), the best tier's
clients and their share, all clients and their share, and "Yes, 3×" where a category stands out.
Category names come from the owner's cells: written with ``write_string``.
"""

from __future__ import annotations

from typing import Any

from xlclientrank.render.formats import Formats
from xlclientrank.report import profile as who
from xlclientrank.report.verdict import noun

STANDS_OUT_COLUMN = 5   # F, beside the Methodology's five columns
STANDS_OUT_WIDTH = 12


def heading(label: str) -> str:
    """The section's heading."""
    return f"Who your {label} clients are"


def write(ws: Any, fmt: Formats, p: who.Profile, row: int) -> int:
    """The section from ``row`` (its heading there); returns the row after its last line."""
    ws.write_string(row, 0, heading(p.label), fmt.heading)
    for line in [who.the_test(p.label)] + who.what_counts(p.label):
        row += 1
        ws.write_string(row, 0, line)
    if not p.columns:
        row += 1
        ws.write_string(row, 0, "Your client list has no such column. Add one, such as Industry, Region or How they "
                                f"found you, to see here what your {p.label} clients have in common.", fmt.note)
        return row + 1
    if p.too_few:
        row += 1
        ws.write_string(row, 0, f"With {p.best:,} {p.label} {noun(p.best)} nothing can stand out yet: a category "
                                f"needs at least {who.MIN_BEST} of them.", fmt.note)
    ws.set_column(STANDS_OUT_COLUMN, STANDS_OUT_COLUMN, STANDS_OUT_WIDTH)
    for col in p.columns:
        row += 2
        heads = (col.column, f"{p.label} clients", f"Share of {p.label}", "All clients", "Share of all", "Stands out")
        for j, h in enumerate(heads):
            ws.write_string(row, j, h, fmt.head)
        for c in who.shown(col):
            row += 1
            ws.write_string(row, 0, c.name, fmt.label if c.stands_out else fmt.text)
            ws.write_number(row, 1, c.best, fmt.count)
            ws.write_number(row, 2, c.best_share, fmt.percent)
            ws.write_number(row, 3, c.all, fmt.count)
            ws.write_number(row, 4, c.all_share, fmt.percent)
            if c.stands_out:
                ws.write_string(row, STANDS_OUT_COLUMN, f"Yes, {c.times:.1f}×".replace(".0×", "×"), fmt.label)
    return row + 1

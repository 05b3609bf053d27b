"""The ``Ranking`` sheet: the verdict at the top, the ranked table below, all within the first screen.

Layout (0-based rows): the title, a subtitle and a line saying where the rest is (the summary sheet:
figures, charts, what was understood; the settings); the verdict's three to five sentences
(:mod:`xlclientrank.report.verdict`); one line of what changed; then the ranked table, its header
row the last frozen row (about ten rows in all, so that a laptop's screen shows the first clients),
with filter buttons, tier colours and a data bar on the score as conditional formats.

Printing: landscape, one page wide, the header repeated, date and page numbers in the footer; the
print area is the top rows and the columns Rank, Client, Score, Tier, the 80/20 column, Why and
Action (at about 11 pt on A4); the other columns are on screen only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from xlclientrank.engine import Ranking
from xlclientrank.headers import CUSTOM
from xlclientrank.names import SETTINGS_SHEET
from xlclientrank.ooxml.rows import Column, TableTail, column_letter
from xlclientrank.render import whatif
from xlclientrank.render.formats import Formats
from xlclientrank.stored.best import COLUMN as BEST_COLUMN
from xlclientrank.stored.history import Movement
from xlclientrank.stored.settings import Settings


def cell(ws, row: int, col: int, value: Any, fmt) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, (bool, np.bool_)):
        ws.write_string(row, col, "Yes" if value else "No", fmt)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def value_format(fmt: Formats, column: str, settings: Settings, kinds: dict[str, str], formats: dict[str, str]):
    """The owner's number format for a column when it has one; else one that suits its kind."""
    if column in formats:
        return fmt.number_format(formats[column])
    if kinds.get(column) == "date":
        return fmt.date
    kind = next((f.kind for f in settings.factors if f.column == column), CUSTOM)
    return fmt.kinds[{"money": "money", "count": "count", "rating": "count"}.get(kind.value, "number")]


@dataclass(frozen=True)
class Share:
    """The advisor's copy: every factor in the table, and (when ``what_if``) the Score, Rank and
    Tier columns as native formulas that follow the weights in the settings sheet."""

    what_if: bool
    note: str
    cells: dict[str, str]  # settings cells (see stored.settings_place.cells)


VERDICT_ROWS = 5         # the verdict's sentences at most (report.verdict.MAX_SENTENCES)
HEADER_HEIGHT = 30       # the table's header row: two lines of wrapped text


def top_rows(ws, fmt: Formats, ranking: Ranking, *, subtitle: str, verdict, change, share: Share | None,
             summary_name: str) -> int:
    """The few rows above the table: title, subtitle, where the rest is, the verdict and one line of
    what changed; returns the 0-based row of the table's header (everything above it stays in view)."""
    ws.write_string(0, 0, "Client ranking", fmt.title)
    ws.write_string(1, 0, subtitle, fmt.note)
    ws.write_string(2, 0, f"The figures, the charts and how your data was read: sheet '{summary_name}'. Weights "
                    f"and tiers: sheet '{SETTINGS_SHEET}'.", fmt.note)
    row = 3
    if share is not None:
        ws.write_string(row, 0, share.note, fmt.warning)
        row += 1
    for line in list(verdict)[:VERDICT_ROWS]:
        ws.write_string(row, 1, line.sentence, fmt.verdict)
        row += 1
    if change is not None:
        ws.write_string(row, 1, change.sentence, fmt.note)
        row += 1
    return row + 1


def write(wb, ws, fmt: Formats, ranking: Ranking, settings: Settings, *, kinds: dict[str, str],
          formats: dict[str, str], movement: Movement, subtitle: str, reasons: list[str],
          summary_name: str, verdict=(), change=None, share: Share | None = None,
          decisions: Sequence[str] = ()) -> TableTail:
    """Writes the sheet; returns the rows of the table after its first (see rows.TableTail).

    ``decisions``: the owner's decision per client in table order ("" where none, empty for none at
    all), shown in the Action column instead of the tier's action.

    ``reasons``: the Why text per client in table order; ``verdict``: the verdict's lines
    (:mod:`xlclientrank.report.verdict`); ``change``: the line that says what changed, or None.
    The summary, the charts and what was understood are on the summary sheet
    (:mod:`.summary_sheet`), so that the table starts within the first screen.
    """
    header_row = top_rows(ws, fmt, ranking, subtitle=subtitle, verdict=verdict, change=change, share=share,
                          summary_name=summary_name)
    return _table(ws, fmt, ranking, settings, kinds, formats, movement, header_row, reasons, share, decisions)


def _table(ws, fmt: Formats, ranking: Ranking, settings: Settings, kinds: dict[str, str], formats: dict[str, str],
           movement: Movement, header_row: int, reasons: list[str], share: Share | None = None,
           decisions: Sequence[str] = ()) -> TableTail:
    """The ranked table. The columns that print come first (Rank, Client, Score, Tier, the 80/20
    column, Why, Action); the others (Best client: Yes or blank, Since last time, the other factors,
    whether the client is in the 80/20 group) follow on screen, outside the print area."""
    cfg = ranking.config
    table = ranking.table
    labels = list(cfg.tiers.labels)
    actions = {t.label: t.action for t in settings.tiers}
    factors = cfg.factors if share else cfg.weighted  # the advisor may give any factor a weight
    values = [f.column for f in factors if f.column in table and f.column != cfg.pareto_column]

    def value_column(c: str) -> tuple[str, str, Any, Any, float]:
        return (c, "number", value_format(fmt, c, settings, kinds, formats), table[c].to_numpy(),
                max(11, min(16, len(c) * 0.9)))

    spec: list[tuple[str, str, Any, Any, float]] = [  # header, kind, format, values, width
        ("Rank", "number", fmt.count, table["Rank"].to_numpy(), 6),
        ("Client", "text", fmt.text, table["Client"].to_numpy(), _width(table["Client"].astype(str), 20, 32)),
        ("Score", "number", fmt.score, table["Score"].to_numpy(), 8),
        ("Tier", "text", fmt.tier, table["Tier"].to_numpy(), max(8, max(len(str(x)) for x in labels) + 2)),
    ]
    if cfg.pareto_column and cfg.pareto_column in table:
        spec.append(value_column(cfg.pareto_column))
    spec.append(("Why", "text", fmt.text, np.asarray(reasons, dtype=object), _width(reasons, 24, 48)))
    action = np.array([actions.get(t, "") for t in table["Tier"]], dtype=object)
    if len(decisions):
        decided = np.asarray(decisions, dtype=object)
        action = np.where(decided != "", decided, action)
    spec.append(("Action", "text", fmt.text, action, _width(actions.values(), 20, 45)))
    printed = len(spec)
    if BEST_COLUMN in table:  # on screen, first after the printed columns: whether the client meets the bar
        spec.append((BEST_COLUMN, "text", fmt.text, np.where(table[BEST_COLUMN].to_numpy(dtype=bool), "Yes", ""), 9))
    if movement.previous is not None:
        spec.append(("Since last time", "text", fmt.text, np.asarray(movement.marks, dtype=object), 16))
    spec += [value_column(c) for c in values]
    if "In Pareto group" in table:
        spec.append((f"In the {cfg.pareto_target * 100:g} % group of {cfg.pareto_column}", "text", fmt.text,
                     np.where(table["In Pareto group"].to_numpy(dtype=bool), "Yes", "No"), 14))

    first = header_row + 1
    if share is not None and share.what_if:
        spec = _what_if(spec, ranking, share, first)
    ws.set_row(header_row, HEADER_HEIGHT)
    for j, (head, _, _, _, width) in enumerate(spec):
        ws.write_string(header_row, j, head, fmt.head)
        ws.set_column(j, j, width)
    # XlsxWriter writes the first client's row; the rest are added with the same formats when the
    # sheet goes into the owner's workbook (rows.TableTail): same XML, a fraction of the time
    for j, (_, kind, f, vals, _) in enumerate(spec):
        if kind == "text":
            ws.write_string(first, j, "" if vals[0] is None else str(vals[0]), f)
        elif kind == "formula":
            formula, cached = vals[0]
            ws.write_formula(first, j, "=" + formula, f, cached)
        else:
            cell(ws, first, j, vals[0], f)
    last = header_row + len(table)
    width = len(spec)
    tier_col = 3
    for label, style in zip(labels, fmt.tier_fills(len(labels))):
        quoted = '"' + str(label).replace('"', '""') + '"'
        ws.conditional_format(first, tier_col, last, tier_col,
                              {"type": "cell", "criteria": "==", "value": quoted, "format": style})
    ws.conditional_format(first, 2, last, 2, {"type": "data_bar", "bar_color": "#6FA8DC", "bar_solid": True,
                                              "min_type": "num", "min_value": 0, "max_type": "num", "max_value": 100})
    if movement.previous is not None:
        since = printed + (BEST_COLUMN in table)
        ws.conditional_format(first, since, last, since, {"type": "text", "criteria": "begins with",
                                                          "value": "Up", "format": fmt.up})
        ws.conditional_format(first, since, last, since, {"type": "text", "criteria": "begins with",
                                                          "value": "Down", "format": fmt.down})
    ws.freeze_panes(first, 2)
    ws.autofilter(header_row, 0, last, width - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4; Excel switches to Letter where that is the local default
    ws.set_margins(left=0.4, right=0.4)  # Excel's "Narrow" is 0.25: room for the seven printed columns at 9 pt
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.print_area(0, 0, last, printed - 1)
    ws.set_footer("&L&D&CClient ranking&RPage &P of &N")
    return TableTail(template_row=first + 1, width=width,
                     columns=[Column(kind, vals[1:]) for _, kind, _, vals, _ in spec])


def _what_if(spec: list, ranking: Ranking, share: Share, first: int) -> list:
    """Score, Rank and Tier as formulas over the table's own columns and the settings' weights."""
    cfg = ranking.config
    letter = {head: column_letter(j) for j, (head, *_) in enumerate(spec)}
    n = len(ranking.table)
    lay = whatif.Layout(first=first + 1, last=first + n, score=letter["Score"], rank=letter["Rank"],
                        name=letter["Client"], value=letter.get(cfg.pareto_column),
                        factors=tuple(whatif.FactorRef(letter[f.column], f.higher_is_better,
                                                       share.cells[f"weight:{f.column}"])
                                      for f in cfg.factors if f.column in letter))
    rows = range(first + 1, first + n + 1)
    t = ranking.table
    formulas = {
        "Score": [(whatif.score(r, lay, cfg), v) for r, v in zip(rows, t["Score"].tolist())],
        "Rank": [(whatif.rank(r, lay), float(v)) for r, v in zip(rows, t["Rank"].tolist())],
    }
    tier = [whatif.tier(r, lay, cfg, share.cells) for r in rows]
    tier_formulas = [f for f in tier if f is not None]  # none for ABC tiers (by value, not by the weights)
    if tier_formulas and len(tier_formulas) == len(tier):
        formulas["Tier"] = list(zip(tier_formulas, t["Tier"].astype(str).tolist()))
    return [(head, "formula", f, formulas[head], w) if head in formulas else (head, kind, f, vals, w)
            for head, kind, f, vals, w in spec]


def _width(texts, low: float, high: float) -> float:
    longest = max((len(str(t)) for t in list(texts)[:5000]), default=0)
    return float(min(high, max(low, longest + 2)))

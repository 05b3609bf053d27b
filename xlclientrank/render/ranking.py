"""The ``Ranking`` sheet: summary panel and charts at the top, the ranked table below.

Layout (0-based rows): title and two lines of explanation; what was understood (a shaded block,
the kind of line in B, the line from D); the summary panel (label in B, number in C, sentence from
D); the data notes; the Pareto chart and the Ideal-clients chart to the right
of the panel; then the ranked table with its header frozen, filter buttons, tier colours and a
data bar on the score as conditional formats, and print setup (landscape, one page wide, header
repeated, date and page numbers in the footer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from xlclientrank.engine import Ranking
from xlclientrank.headers import CUSTOM
from xlclientrank.names import METHODOLOGY_SHEET, SETTINGS_SHEET
from xlclientrank.ooxml.rows import Column, TableTail, column_letter
from xlclientrank.reader.notes import Understood
from xlclientrank.render import whatif
from xlclientrank.render.formats import Formats
from xlclientrank.report import summary as report
from xlclientrank.stored.history import Movement
from xlclientrank.stored.settings import Settings

SHOWN_NOTES = 6
CHART_ROWS = 16          # the panel is at least this tall, so the charts never cover the table
CHART_COLUMN = 10        # charts start in column K or further right, beside the summary sentences
SENTENCE_ROOM = 95       # characters the summary sentences may take from column D
PARETO_SIZE = (560, 300)
TREND_SIZE = (360, 300)


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
    cells: dict[str, str]  # settings cells (see settings_sheet.cells)


def panel(ws, fmt: Formats, ranking: Ranking, settings: Settings, movement: Movement, kinds: dict[str, str],
          formats: dict[str, str], row: int) -> int:
    """The summary panel and data notes from ``row``; returns the next free row."""
    cfg = ranking.config
    pareto_format = value_format(fmt, cfg.pareto_column, settings, kinds, formats) if cfg.pareto_column else None
    for line in report.lines(ranking, movement):
        ws.write_string(row, 1, line.label, fmt.label)
        number = pareto_format if line.kind == "money" and pareto_format else fmt.kinds[line.kind]
        cell(ws, row, 2, line.value, number)
        risky = line.sentence.startswith("Concentration risk")
        ws.write_string(row, 3, line.sentence, fmt.warning if risky else fmt.sentence)
        row += 1
    notes = ranking.warnings
    if notes:
        row += 1
        ws.write_string(row, 1, "Data notes", fmt.label)
        for note in notes[:SHOWN_NOTES]:
            ws.write_string(row, 3, note, fmt.sentence)
            row += 1
        if len(notes) > SHOWN_NOTES:
            ws.write_string(row, 3, f"... and {len(notes) - SHOWN_NOTES} more: see sheet '{METHODOLOGY_SHEET}'.",
                            fmt.note)
            row += 1
    return row


UNDERSTOOD_HEADING = "What was understood"
UNDERSTOOD_BAND = 14     # columns B to O are shaded behind what was understood


def understood_block(ws, fmt: Formats, lines, row: int) -> int:
    """What was understood from ``row``: a heading, then one line each (its kind in B, the rest
    from D), on a shaded band so that it reads as one block; returns the next free row."""
    if not lines:
        return row
    ws.write_string(row, 1, UNDERSTOOD_HEADING, fmt.understood_heading)
    for j in range(2, UNDERSTOOD_BAND + 1):
        ws.write_blank(row, j, None, fmt.understood)
    for line in lines:
        row += 1
        label, text = (line.label, line.text) if isinstance(line, Understood) else ("", line)
        ws.write_string(row, 1, label, fmt.understood_label)
        ws.write_blank(row, 2, None, fmt.understood)
        ws.write_string(row, 3, text, fmt.understood)
        for j in range(4, UNDERSTOOD_BAND + 1):
            ws.write_blank(row, j, None, fmt.understood)
    return row + 1


def write(wb, ws, fmt: Formats, ranking: Ranking, settings: Settings, *, kinds: dict[str, str],
          formats: dict[str, str], movement: Movement, subtitle: str,
          pareto_ref: tuple[str, int, int] | None, trend_ref: tuple[str, int, int, str, str] | None,
          share: Share | None = None, understood=()) -> TableTail:
    """Writes the sheet; returns the rows of the table after its first (see rows.TableTail).

    ``pareto_ref`` / ``trend_ref``: (sheet, first row, last row) of the chart data written elsewhere.
    ``understood``: what was understood, one line each, shown under the title.
    """
    cfg = ranking.config
    ws.write_string(0, 0, "Client ranking", fmt.title)
    ws.write_string(1, 0, subtitle, fmt.note)
    ws.write_string(2, 0, "Score 0-100 from: " + ", ".join(f"{f.column} ×{f.weight:g}" for f in cfg.weighted)
                    + f". Change weights and tiers in '{SETTINGS_SHEET}'; how it works: '{METHODOLOGY_SHEET}'.",
                    fmt.note)
    if share is not None:
        ws.write_string(3, 0, share.note, fmt.warning)
    row = 5 if share else 4
    if understood:
        row = understood_block(ws, fmt, understood, row) + 1
    panel_row = row
    row = panel(ws, fmt, ranking, settings, movement, kinds, formats, panel_row)
    header_row = max(row + 1, panel_row + CHART_ROWS)
    tail, widths = _table(ws, fmt, ranking, settings, kinds, formats, movement, header_row, share)
    _charts(wb, ws, ranking, pareto_ref, trend_ref, _chart_column(widths), panel_row)
    return tail


def summary_sheet(wb, ws, fmt: Formats, ranking: Ranking, settings: Settings, *, kinds: dict[str, str],
                  formats: dict[str, str], movement: Movement, subtitle: str,
                  pareto_ref: tuple[str, int, int] | None) -> None:
    """The advisor's one-page summary: the panel and the Pareto chart below it."""
    ws.write_string(0, 0, "Client ranking: summary for your advisor", fmt.title)
    ws.write_string(1, 0, subtitle, fmt.note)
    row = panel(ws, fmt, ranking, settings, movement, kinds, formats, 3)
    ws.set_column(0, 0, 2)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 3, 90)
    if pareto_ref is not None:
        _pareto_chart(wb, ws, ranking, pareto_ref, f"B{row + 2}", (760, 340))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_footer("&L&D&CClient ranking: summary")


def _chart_column(widths: list[float]) -> int:
    """The first column right of the summary sentences (about 95 characters from column D)."""
    room, col = 0.0, 3
    while col < len(widths) and room < SENTENCE_ROOM:
        room += widths[col]
        col += 1
    return max(col, CHART_COLUMN)


def _table(ws, fmt: Formats, ranking: Ranking, settings: Settings, kinds: dict[str, str], formats: dict[str, str],
           movement: Movement, header_row: int, share: Share | None = None) -> tuple[TableTail, list[float]]:
    cfg = ranking.config
    table = ranking.table
    labels = list(cfg.tiers.labels)
    actions = {t.label: t.action for t in settings.tiers}
    factors = cfg.factors if share else cfg.weighted  # the advisor may give any factor a weight
    values = [f.column for f in factors if f.column in table]
    if cfg.pareto_column and cfg.pareto_column not in values:
        values.append(cfg.pareto_column)
    spec: list[tuple[str, str, Any, Any, float]] = [  # header, kind, format, values, width
        ("Rank", "number", fmt.count, table["Rank"].to_numpy(), 6),
        ("Client", "text", fmt.text, table["Client"].to_numpy(), _width(table["Client"].astype(str), 20, 45)),
        ("Score", "number", fmt.score, table["Score"].to_numpy(), 12),  # also holds the panel's numbers
        ("Tier", "text", fmt.tier, table["Tier"].to_numpy(), max(8, max(len(str(x)) for x in labels) + 2)),
    ]
    if movement.previous is not None:
        spec.append(("Since last time", "text", fmt.text, np.asarray(movement.marks, dtype=object), 16))
    for c in values:
        spec.append((c, "number", value_format(fmt, c, settings, kinds, formats), table[c].to_numpy(),
                     max(11, min(18, len(c) * 0.9))))
    if "Cumulative share" in table:
        spec.append((f"Cumulative share of {cfg.pareto_column}", "number", fmt.percent,
                     table["Cumulative share"].to_numpy(), 13))
        spec.append((f"In {cfg.pareto_target * 100:g} % group", "text", fmt.text,
                     np.where(table["In Pareto group"].to_numpy(dtype=bool), "Yes", "No"), 9))
    spec.append(("Helped most", "text", fmt.text, table["Helped most"].to_numpy(), 16))
    spec.append(("Hurt most", "text", fmt.text, table["Hurt most"].to_numpy(), 16))
    spec.append(("Action", "text", fmt.text, np.array([actions.get(t, "") for t in table["Tier"]], dtype=object),
                 _width(actions.values(), 20, 44)))

    first = header_row + 1
    if share is not None and share.what_if:
        spec = _what_if(spec, ranking, share, first)
    ws.set_row(header_row, 46)
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
        ws.conditional_format(first, 4, last, 4, {"type": "text", "criteria": "begins with", "value": "Up",
                                                  "format": fmt.up})
        ws.conditional_format(first, 4, last, 4, {"type": "text", "criteria": "begins with", "value": "Down",
                                                  "format": fmt.down})
    ws.freeze_panes(first, 2)
    ws.autofilter(header_row, 0, last, width - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4; Excel switches to Letter where that is the local default
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.print_area(0, 0, last, max(width - 1, _chart_end_column([w for *_, w in spec])))
    ws.set_footer("&L&D&CClient ranking&RPage &P of &N")
    tail = TableTail(template_row=first + 1, width=width,
                     columns=[Column(kind, vals[1:]) for _, kind, _, vals, _ in spec])
    return tail, [w for *_, w in spec]


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


def _chart_end_column(widths: list[float]) -> int:
    """The last column the two charts reach into (column widths in characters, about 7 pixels each)."""
    col = _chart_column(widths)
    need, used = PARETO_SIZE[0] + 15 + TREND_SIZE[0], 0.0
    while used < need:
        used += (widths[col] if col < len(widths) else 8.43) * 7 + 5
        col += 1
    return col - 1


def _width(texts, low: float, high: float) -> float:
    longest = max((len(str(t)) for t in list(texts)[:5000]), default=0)
    return float(min(high, max(low, longest + 2)))


def _pareto_chart(wb, ws, ranking: Ranking, pareto_ref, anchor: str, size: tuple[int, int]) -> None:
    """Bars for the top clients by value, the cumulative share on a 0-100 % axis, the target level."""
    col = ranking.config.pareto_column
    sheet, r0, r1 = pareto_ref
    q = "'" + sheet.replace("'", "''") + "'"
    bars = wb.add_chart({"type": "column"})
    bars.add_series({"name": col, "categories": f"={q}!$A${r0 + 1}:$A${r1 + 1}",
                     "values": f"={q}!$B${r0 + 1}:$B${r1 + 1}", "fill": {"color": "#6FA8DC"}, "gap": 30})
    line = wb.add_chart({"type": "line"})
    line.add_series({"name": "Cumulative share", "categories": f"={q}!$A${r0 + 1}:$A${r1 + 1}",
                     "values": f"={q}!$C${r0 + 1}:$C${r1 + 1}", "y2_axis": True,
                     "line": {"color": "#990000", "width": 2}})
    line.add_series({"name": f"{ranking.config.pareto_target * 100:g} % level",
                     "categories": f"={q}!$A${r0 + 1}:$A${r1 + 1}",
                     "values": f"={q}!$D${r0 + 1}:$D${r1 + 1}", "y2_axis": True,
                     "line": {"color": "#7F7F7F", "width": 1.25, "dash_type": "dash"}})
    line.set_y2_axis({"min": 0, "max": 1, "num_format": "0%", "major_unit": 0.2})
    bars.combine(line)
    bars.set_title({"name": f"80/20: {col} by client", "name_font": {"size": 11}})
    bars.set_x_axis({"num_font": {"rotation": -45, "size": 7}})
    bars.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    bars.set_legend({"position": "bottom"})
    bars.set_size({"width": size[0], "height": size[1]})
    ws.insert_chart(anchor, bars)


def _charts(wb, ws, ranking: Ranking, pareto_ref, trend_ref, column: int, row: int = 4) -> None:
    anchor = f"{column_letter(column)}{row + 1}"
    if pareto_ref is not None:
        _pareto_chart(wb, ws, ranking, pareto_ref, anchor, PARETO_SIZE)
    if trend_ref is not None:
        sheet, r0, r1, dates, counts = trend_ref
        q = "'" + sheet.replace("'", "''") + "'"
        label = ranking.config.tiers.labels[0]
        trend = wb.add_chart({"type": "line"})
        trend.add_series({"name": f"{label} clients", "categories": f"={q}!${dates}${r0 + 1}:${dates}${r1 + 1}",
                          "values": f"={q}!${counts}${r0 + 1}:${counts}${r1 + 1}",
                          "marker": {"type": "circle", "size": 6},
                          "line": {"color": "#38761D", "width": 2}})
        trend.set_title({"name": f"{label} clients over time", "name_font": {"size": 11}})
        trend.set_legend({"none": True})
        trend.set_x_axis({"text_axis": True, "num_format": "yyyy-mm-dd", "num_font": {"rotation": -45, "size": 7}})
        trend.set_y_axis({"min": 0, "num_format": "0"})
        trend.set_size({"width": TREND_SIZE[0], "height": TREND_SIZE[1]})
        ws.insert_chart(anchor, trend, {"x_offset": PARETO_SIZE[0] + 15})

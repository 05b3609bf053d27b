"""The summary sheet (``ClientRank Summary``; ``Summary`` in the advisor's copy of the ranking only):
the verdict, what changed, the figures in plain words, what was understood about the owner's data,
the data notes and the charts.

Layout (0-based rows): title and subtitle (and the advisor's note); "In short" with the verdict;
"What changed"; "The figures" (label in B, number in C, sentence from D); what was understood (a
shaded block); the data notes; then the charts (:mod:`.charts`) on a page of their own when printed:
the top clients, the 80/20 curve and the best clients over time. Prints landscape, one page wide.
"""

from __future__ import annotations

from typing import Any, Sequence

from xlclientrank.engine import Ranking
from xlclientrank.names import METHODOLOGY_SHEET
from xlclientrank.reader.notes import Understood
from xlclientrank.render import charts
from xlclientrank.render.chart_data import ChartRefs
from xlclientrank.render.formats import Formats
from xlclientrank.render.ranking import cell
from xlclientrank.report.lines import Line

SHOWN_NOTES = 8
UNDERSTOOD_HEADING = "What was understood"
UNDERSTOOD_BAND = 4      # columns B to E are shaded behind what was understood
WIDTHS = (2, 26, 14, 104)
CHARTS_GAP = 15          # pixels between two charts side by side
LINE_CHARS = 112         # characters of a sentence per line of column D (104 wide: about 115 in Calibri 11)
LINE_POINTS = 15         # the height of a line of 11-pt text


def _fit_height(ws, row: int, text: str) -> None:
    """A row tall enough for ``text`` wrapped in column D (neither Excel nor LibreOffice makes a row
    taller on opening a file)."""
    lines = -(-len(text) // LINE_CHARS)
    if lines > 1:
        ws.set_row(row, LINE_POINTS * lines)


def panel(ws, fmt: Formats, lines: Sequence[Line], row: int, money_format: Any = None) -> int:
    """The figures from ``row``: label in B, number in C, sentence from D; returns the next free row."""
    for line in lines:
        ws.write_string(row, 1, line.label, fmt.label_top)
        number = fmt.top(money_format if line.kind == "money" and money_format is not None else fmt.kinds[line.kind])
        cell(ws, row, 2, line.value, number)
        risky = line.sentence.startswith("Concentration risk")
        ws.write_string(row, 3, line.sentence, fmt.warning_wrap if risky else fmt.sentence)
        _fit_height(ws, row, line.sentence)
        row += 1
    return row


def notes_block(ws, fmt: Formats, notes: Sequence[str], row: int) -> int:
    """The data notes from ``row`` (the first :data:`SHOWN_NOTES`); returns the next free row."""
    if not notes:
        return row
    ws.write_string(row, 1, "Data notes", fmt.heading)
    for note in notes[:SHOWN_NOTES]:
        row += 1
        ws.write_string(row, 3, note, fmt.sentence)
        _fit_height(ws, row, note)
    if len(notes) > SHOWN_NOTES:
        row += 1
        ws.write_string(row, 3, f"... and {len(notes) - SHOWN_NOTES} more: see sheet '{METHODOLOGY_SHEET}'.",
                        fmt.note)
    return row + 2


def understood_block(ws, fmt: Formats, lines: Sequence[Understood | str], row: int) -> int:
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
    return row + 2


def _section(ws, fmt: Formats, heading: str, lines: Sequence[Line], row: int, money_format: Any = None) -> int:
    if not lines:
        return row
    ws.write_string(row, 1, heading, fmt.heading)
    return panel(ws, fmt, lines, row + 1, money_format) + 1


def write(wb, ws, fmt: Formats, ranking: Ranking, *, title: str, subtitle: str, verdict: Sequence[Line],
          changes: Sequence[Line], figures: Sequence[Line], understood: Sequence[Understood | str] = (),
          refs: ChartRefs | None = None, trend_ref: charts.TrendRef | None = None,
          money_format: Any = None, number_format: str | None = None, note: str | None = None) -> None:
    """Writes the sheet (see the module docstring). ``money_format``: the 80/20 column's cell
    format; ``number_format``: its code (for the chart's axis); ``note``: the advisor's copy's note."""
    ws.write_string(0, 0, title, fmt.title)
    ws.write_string(1, 0, subtitle, fmt.note)
    row = 3
    if note:
        ws.write_string(2, 0, note, fmt.warning)
        row = 4
    if verdict:
        ws.write_string(row, 1, "In short", fmt.heading)
        for line in verdict:
            row += 1
            ws.write_string(row, 1, line.sentence, fmt.verdict)
        row += 2
    row = _section(ws, fmt, "What changed", changes, row)
    row = _section(ws, fmt, "The figures", figures, row, money_format)
    row = understood_block(ws, fmt, understood, row)
    row = notes_block(ws, fmt, ranking.warnings, row)
    for j, w in enumerate(WIDTHS):
        ws.set_column(j, j, w)
    text_end = row
    row = _charts(wb, ws, fmt, ranking, refs, trend_ref, number_format, row)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if row > text_end:
        ws.set_h_pagebreaks([text_end])  # the charts on a page of their own
    ws.print_area(0, 0, max(row, text_end), len(WIDTHS) - 1)
    ws.set_footer("&L&D&CClient ranking: summary&RPage &P of &N")


def _charts(wb, ws, fmt: Formats, ranking: Ranking, refs: ChartRefs | None, trend_ref,
            number_format: str | None, row: int) -> int:
    """The charts from ``row``: the top clients across the page, then the curve and the trend side by
    side; returns the first row below them."""
    if refs is None and trend_ref is None:
        return row
    ws.write_string(row, 1, "Charts", fmt.heading)
    row += 1
    if refs is not None:
        ws.insert_chart(row, 1, charts.top_clients(wb, ranking, refs, number_format))
        row += charts.SIZE[1] // 20 + 2
        ws.insert_chart(row, 1, charts.curve(wb, ranking, refs))
    trend = charts.trend(wb, ranking.config.tiers, trend_ref) if trend_ref is not None else None
    if trend is not None:
        ws.insert_chart(row, 1, trend, {"x_offset": charts.SMALL[0] + CHARTS_GAP if refs is not None else 0})
    row += charts.SMALL[1] // 20 + 2 if refs is not None or trend is not None else 0
    if trend is None and trend_ref is not None:
        ws.write_string(row, 1, f"The chart '{charts.TREND_TITLE}' is shown from your second ranking.", fmt.note)
        row += 2
    return row

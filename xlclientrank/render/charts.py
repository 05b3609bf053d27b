"""The charts of the summary sheet, drawn from cells (see :mod:`.chart_data` and the run table of
``Rank History``), so that they follow the numbers the owner can read.

- **Top clients**: horizontal bars, one per client of the top 20 by the 80/20 column, the largest at
  the top, and a grey bar for "All others (N clients)"; the axis in the column's own number format
  (its currency).
- **The 80/20 curve**: the share of the total held by the largest x % of clients, from 0 to 100 %
  of both, with the 80/20 target as a dashed line.
- **Best tier over time**: the number of clients in the first tier at each run; with one run only
  there is no line to draw, so the place says "shown from your second ranking".
"""

from __future__ import annotations

from xlclientrank.engine import Ranking
from xlclientrank.render.chart_data import ChartRefs
from xlclientrank.report import amounts

BAR_BLUE = "#6FA8DC"
OTHERS_GREY = "#BFBFBF"
SIZE = (620, 360)   # the charts fit one landscape A4 page: 360 + 20 + 260 pixels high
SMALL = (460, 260)


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def axis_format(number_format: str | None) -> str:
    """The axis's number format: the column's own without decimals (:func:`amounts.without_decimals`)."""
    return amounts.without_decimals(number_format)


def top_clients(wb, ranking: Ranking, refs: ChartRefs, number_format: str | None, size=SIZE):
    """The top clients' bars (see the module docstring)."""
    col = ranking.config.pareto_column
    q, (r0, r1) = _q(refs.sheet), refs.top
    chart = wb.add_chart({"type": "bar"})
    points: list[dict | None] = [None] * (r1 - r0 + 1)
    if refs.others:
        points[-1] = {"fill": {"color": OTHERS_GREY}}
    chart.add_series({"name": col, "categories": f"={q}!$A${r0 + 1}:$A${r1 + 1}",
                      "values": f"={q}!$B${r0 + 1}:$B${r1 + 1}", "fill": {"color": BAR_BLUE},
                      "points": points, "gap": 40})
    chart.set_title({"name": f"Your top clients by {col}", "name_font": {"size": 11}})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})  # the categories: the largest on top
    chart.set_x_axis({"num_format": axis_format(number_format), "num_font": {"size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    chart.set_legend({"none": True})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart


def curve(wb, ranking: Ranking, refs: ChartRefs, size=SMALL):
    """The 80/20 curve (see the module docstring)."""
    col = ranking.config.pareto_column
    q, (r0, r1) = _q(refs.sheet), refs.curve
    chart = wb.add_chart({"type": "scatter", "subtype": "straight"})
    chart.add_series({"name": f"Share of {col}", "categories": f"={q}!$A${r0 + 1}:$A${r1 + 1}",
                      "values": f"={q}!$B${r0 + 1}:$B${r1 + 1}", "line": {"color": "#990000", "width": 2},
                      "marker": {"type": "none"}})
    chart.add_series({"name": f"{ranking.config.pareto_target * 100:g} %",
                      "categories": f"={q}!$A${r0 + 1}:$A${r1 + 1}",
                      "values": f"={q}!$C${r0 + 1}:$C${r1 + 1}", "marker": {"type": "none"},
                      "line": {"color": "#7F7F7F", "width": 1.25, "dash_type": "dash"}})
    chart.set_title({"name": f"The 80/20 curve: share of {col} by share of clients", "name_font": {"size": 11}})
    for axis, name in ((chart.set_x_axis, "Share of your clients, largest first"),
                       (chart.set_y_axis, f"Share of your {col}")):
        axis({"min": 0, "max": 1, "major_unit": 0.2, "num_format": "0%", "name": name,
              "name_font": {"size": 9, "bold": False}, "num_font": {"size": 8},
              "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart


def trend(wb, label: str, trend_ref: tuple[str, int, int, str, str], size=SMALL):
    """The first tier's count at each run, or None with fewer than two runs (nothing to draw yet)."""
    sheet, r0, r1, dates, counts = trend_ref
    if r1 <= r0:
        return None
    q = _q(sheet)
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"name": f"{label} clients", "categories": f"={q}!${dates}${r0 + 1}:${dates}${r1 + 1}",
                      "values": f"={q}!${counts}${r0 + 1}:${counts}${r1 + 1}",
                      "marker": {"type": "circle", "size": 6}, "line": {"color": "#38761D", "width": 2}})
    chart.set_title({"name": f"{label} clients at each ranking", "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"text_axis": True, "num_format": "yyyy-mm-dd", "num_font": {"rotation": -45, "size": 8}})
    chart.set_y_axis({"min": 0, "num_format": "0"})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart

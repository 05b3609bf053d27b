"""The charts of the summary sheet, drawn from cells (see :mod:`.chart_data` and the run table of
``Rank History``), so that they follow the numbers the owner can read.

- **Top clients**: horizontal bars, one per client of the top 20 by the 80/20 column, the largest at
  the top, and a grey bar for "All others (N clients)"; the axis in the column's own number format
  (its currency).
- **The 80/20 curve**: the share of the total held by the largest x % of clients, from 0 to 100 %
  of both, with the 80/20 target as a dashed line.
- **Best clients over time**: the number of best clients (those meeting the bar of
  :mod:`xlclientrank.stored.best`) at each run, the goal then as a dashed line (when one was ever
  set), and the number in the first tier as a second, thinner series labelled for what it is (a
  share of the clients, say: "Ideal tier (top 20 % of clients)"); with one run only there is no line
  to draw, so the place says "shown from your second ranking".
"""

from __future__ import annotations

from typing import NamedTuple

from xlclientrank.engine import Ranking, TierRule
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


class TrendRef(NamedTuple):
    """Where the trend chart's data is: the run table's sheet, its first and last data rows (0-based),
    and the letters of its columns: run dates, the first tier's count, best clients, the goal; and
    whether any run had a goal."""

    sheet: str
    first: int
    last: int
    dates: str
    first_tier: str
    best: str | None = None
    goal: str | None = None
    has_goal: bool = False


TREND_TITLE = "Best clients over time"


def tier_series_name(tiers: TierRule) -> str:
    """The first tier's series named for what it is: ``"Ideal tier (top 20 % of clients)"``."""
    label = tiers.labels[0]
    if tiers.method == "shares":
        return f"{label} tier (top {tiers.shares[0] * 100:g} % of clients)"
    if tiers.method == "thresholds":
        return f"{label} tier (score {tiers.thresholds[0]:g} or more)"
    return f"{label} tier (by share of value)"


def trend(wb, tiers: TierRule, ref: TrendRef, size=SMALL):
    """Best clients at each run with the goal and the first tier (see the module docstring), or None
    with fewer than two runs (nothing to draw yet)."""
    if ref.last <= ref.first:
        return None
    q = _q(ref.sheet)

    def rows(col: str) -> str:
        return f"={q}!${col}${ref.first + 1}:${col}${ref.last + 1}"
    chart = wb.add_chart({"type": "line"})
    categories = rows(ref.dates)
    if ref.best is not None:
        chart.add_series({"name": "Best clients", "categories": categories, "values": rows(ref.best),
                          "marker": {"type": "circle", "size": 6}, "line": {"color": "#38761D", "width": 2.25}})
    if ref.goal is not None and ref.has_goal:
        # a goal set at one run only is still seen: a dash at each run that had one
        chart.add_series({"name": "Goal", "categories": categories, "values": rows(ref.goal),
                          "marker": {"type": "dash", "size": 9, "border": {"color": "#B45F06"},
                                     "fill": {"color": "#B45F06"}},
                          "line": {"color": "#B45F06", "width": 1.5, "dash_type": "dash"}})
    chart.add_series({"name": tier_series_name(tiers), "categories": categories, "values": rows(ref.first_tier),
                      "marker": {"type": "none"}, "line": {"color": "#6FA8DC", "width": 1.25}})
    # a run before the goal (or the count) was recorded: no point (not a zero), the line joins the others
    chart.show_blanks_as("span")
    chart.set_title({"name": TREND_TITLE, "name_font": {"size": 11}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    chart.set_x_axis({"text_axis": True, "num_format": "yyyy-mm-dd", "num_font": {"rotation": -45, "size": 8}})
    chart.set_y_axis({"min": 0, "num_format": "0"})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart

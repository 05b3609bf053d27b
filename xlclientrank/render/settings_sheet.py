"""The ``ClientRank Settings`` sheet: the owner's settings with yellow input cells and dropdowns.

The settings every owner may change come first; then the best-client bar (one row per weighted
factor: At least / At most and a value, blank for no criterion), the goal and its date
(:mod:`xlclientrank.stored.best`); the expert choices (how values become scores, missing values,
the tier method and its tier table) follow under an "Advanced" heading, the tier table showing only
the column of the tier method in use.
"""

from __future__ import annotations

import datetime as dt

from xlclientrank.headers import CUSTOM, KINDS
from xlclientrank.reader.dates import serial_to_date
from xlclientrank.render.formats import Formats
from xlclientrank.stored import settings as settings_mod
from xlclientrank.stored import settings_words as words
from xlclientrank.stored.settings_place import FIRST_ROW

ACTION_LAST_COLUMN = 5  # a tier's action is typed in D to F, merged
TITLE = "Client Rank settings"
CHANGE = "Change the yellow cells, then click Re-rank on the Client Rank tab (or run the command again)."
CHANGE_ADVISOR = "Change the yellow cells: the Score, Rank and Tier columns of the Ranking follow at once."
CHANGE_ADVISOR_VALUES = ("These are the settings the ranking was made with; in this copy the Ranking shows "
                         "its values as they were.")
WEIGHTS_NOTE = "A weight of 0 leaves a column out; 'Better when' says whether more is better."
WRONG_COLUMN = "Wrong column? Type the header of the right one here."
ADVANCED_NOTE = "Expert choices: most owners leave these as they are."
BEST_NOTE = ("A best client meets every value filled in here (blank: not asked); the summary counts them "
             "against your goal.")
BEST_HELP = {
    "goal": "How many best clients you aim for (blank: no goal).",
    "goal_date": "By when (a date such as 2027-06-30; blank: no date).",
}
METHOD_NOTE = ("Choose another Tier method and click Re-rank: the tier table then shows that method's column, "
               "filled in for you to change.")
# what each option column of the tier table means, said under the table
OPTION_NOTES = {
    "share": "Share of clients: the share of all clients in each tier, best first (together 100 %).",
    "min_score": "Minimum score: the lowest score (0-100) of each tier; the last tier takes the rest.",
    "value_share": "Share of value: each tier holds this share of the 80/20 column's total (together 100 %).",
}
HELP = {
    "client_sheet": "The sheet with your client list.",
    "client_column": WRONG_COLUMN,
    "rows_are": "Auto, Clients (one row per client) or Order lines (one row per sale, added up per client).",
    "duplicates": "A name listed twice: Keep apart, or Combine into one client.",
    "pareto_column": "The amounts for the 80/20 figures, usually sales. " + WRONG_COLUMN,
    "pareto_target": "The 80/20 group: your top clients who together bring this share of that column.",
    "scale": ("Percentile: a value's score is the share of clients with a lower value. Min-max: in proportion "
              "between the smallest value (0) and the largest (100)."),
    "missing": "Worst: a blank scores 0. Leave out: the client is scored on its other columns.",
    "tier_method": ("Shares, Score thresholds or ABC: tiers by a share of your clients, by a minimum score, or by "
                    "a share of the 80/20 column's total."),
}


def _second_line(advisor_what_if: bool | None) -> str:
    if advisor_what_if is None:
        return CHANGE
    return CHANGE_ADVISOR if advisor_what_if else CHANGE_ADVISOR_VALUES


def write(ws, fmt: Formats, s: settings_mod.Settings, ranked_for=None, advisor_what_if: bool | None = None) -> None:
    """Writes the settings (see :func:`xlclientrank.stored.settings.to_rows`) with formats and help.

    ``ranked_for``: the date of the last ranking (``rerank --date``), said on the second line.
    ``advisor_what_if``: None in the owner's workbook; in the advisor's copy, whether the Ranking's
    Score, Rank and Tier follow the yellow cells (what-if formulas) or are values."""
    ws.write_string(0, 0, TITLE, fmt.title)
    last = f" Last ranked for {ranked_for:%Y-%m-%d}." if ranked_for is not None else ""
    ws.write_string(1, 0, _second_line(advisor_what_if) + last, fmt.note)
    ws.write_string(2, 0, WEIGHTS_NOTE, fmt.note)
    rows = settings_mod.to_rows(s)
    kinds = [k.label for k in KINDS + (CUSTOM,)]
    by_label = {words.LABELS[k]: k for k in words.LABELS}
    option = words.OPTION_OF_METHOD[s.tier_method]
    section = None
    r = FIRST_ROW
    best_formats = _best_formats(fmt)
    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        label = row[0] if row else ""
        if label == words.BEST_HEADER[0] or label in words.BEST_LABELS.values() or section == words.BEST_HEADER[0]:
            section = words.BEST_HEADER[0] if row else None
            if row:
                _best_row(ws, fmt, best_formats, r, row, s.date_columns)
            continue
        if label in (words.FACTORS_HEADER[0], words.TIERS_HEADING):
            section = label
            for j, v in enumerate(row):
                if label == words.TIERS_HEADING and v == words.ACTION_HEADER:
                    ws.merge_range(r, j, r, ACTION_LAST_COLUMN, "", fmt.head)
                ws.write_string(r, j, v, fmt.head)
            continue
        if not row:
            section = None
            continue
        if label == words.ADVANCED_HEADING:
            ws.write_string(r, 0, label, fmt.heading)
            ws.write_string(r, 2, ADVANCED_NOTE, fmt.note)
            continue
        if label == words.UNUSED_LABEL:
            ws.write_string(r, 0, label, fmt.label)
            ws.write_string(r, 1, str(row[1]))
            continue
        if label:
            _setting_row(ws, fmt, r, by_label[label], row[1])
        elif section == words.FACTORS_HEADER[0]:
            _factor_row(ws, fmt, r, row, kinds)
        elif section == words.TIERS_HEADING:
            _tier_row(ws, fmt, r, row, option)
    ws.write_string(r + 2, 0, OPTION_NOTES[option], fmt.note)
    if advisor_what_if is None:  # the advisor's copy is not ranked again: its tier method stays
        ws.write_string(r + 3, 0, METHOD_NOTE, fmt.note)
    for j, w in enumerate((26, 24, 16, 12, 14, 44)):
        ws.set_column(j, j, w)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


CHOICES = {
    "scale": list(words.SCALE_NAMES.values()),
    "missing": list(words.MISSING_NAMES.values()),
    "tier_method": list(words.METHOD_NAMES.values()),
    "rows_are": list(words.ROWS_NAMES.values()),
    "duplicates": list(words.DUPLICATE_NAMES.values()),
}


def _setting_row(ws, fmt: Formats, r: int, key: str, value) -> None:
    """One labelled setting: its label, its yellow cell (a dropdown where there are choices), its help."""
    ws.write_string(r, 0, words.LABELS[key], fmt.label)
    if key == "pareto_target":
        ws.write_number(r, 1, float(value), fmt.input_pct)
    else:
        ws.write_string(r, 1, str(value), fmt.input)
    if key in CHOICES:
        ws.data_validation(r, 1, r, 1, {"validate": "list", "source": CHOICES[key]})
    ws.write_string(r, 2, HELP[key], fmt.note)


def _tier_row(ws, fmt: Formats, r: int, row: list, option: str) -> None:
    """One row of the tier table: the tier, the tier method's value for it and its action."""
    _, tier, value, action = row
    ws.write_string(r, 1, tier, fmt.input)
    number = fmt.input if option == "min_score" else fmt.input_pct
    if value is None:
        ws.write_blank(r, 2, None, number)
    else:
        ws.write_number(r, 2, float(value), number)
    ws.merge_range(r, 3, r, ACTION_LAST_COLUMN, "", fmt.input)  # the action is a sentence: D to F
    ws.write_string(r, 3, action, fmt.input)


def _factor_row(ws, fmt: Formats, r: int, row: list, kinds: list[str]) -> None:
    """One row of the factor table: the column, what it measures, its weight and when it is better."""
    _, column, kind, weight, better = row
    ws.write_string(r, 1, column)
    ws.write_string(r, 2, kind, fmt.input)
    ws.write_number(r, 3, weight, fmt.input)
    ws.write_string(r, 4, better, fmt.input)
    directions = words.DATE_DIRECTION_NAMES if better in words.DATE_DIRECTION_NAMES.values() else \
        words.DIRECTION_NAMES
    ws.data_validation(r, 2, r, 2, {"validate": "list", "source": kinds})
    ws.data_validation(r, 3, r, 3, {"validate": "decimal", "criteria": ">=", "value": 0,
                                    "error_message": "Type a weight of 0 or more."})
    ws.data_validation(r, 4, r, 4, {"validate": "list", "source": list(directions.values())})


def _best_formats(fmt: Formats) -> dict:
    """The best-client section's formats: a yellow date, a yellow number, a wrapped note."""
    yellow = {"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"}
    return {"date": fmt.wb.add_format({**yellow, "num_format": "yyyy-mm-dd", "align": "left"}),
            "whole": fmt.wb.add_format({**yellow, "num_format": "#,##0"}),
            "number": fmt.wb.add_format({**yellow, "num_format": "#,##0.0##"}),
            "wrap": fmt.wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})}


def _best_row(ws, fmt: Formats, formats: dict, r: int, row: list, dates) -> None:
    """A row of the best-client section: its heading, a criterion (the column, At least / At most and
    the value in yellow, a date as a date), the goal, the goal date, or how the bar was set."""
    label = row[0]
    if label == words.BEST_HEADER[0]:
        for j, v in enumerate(row):
            ws.write_string(r, j, v, fmt.head)
        ws.write_string(r, len(row), BEST_NOTE, fmt.note)
        return
    if label == words.BEST_LABELS["how"]:
        ws.write_string(r, 0, label, fmt.label_top)
        if row[1]:
            wrap = formats["wrap"]
            ws.merge_range(r, 1, r, ACTION_LAST_COLUMN, "", wrap)
            ws.write_string(r, 1, str(row[1]), wrap)
            ws.set_row(r, 15 * (1 + len(str(row[1])) // 105))
        return
    date_input = formats["date"]
    if label in (words.BEST_LABELS["goal"], words.BEST_LABELS["goal_date"]):
        key = "goal" if label == words.BEST_LABELS["goal"] else "goal_date"
        ws.write_string(r, 0, label, fmt.label)
        value = row[1]
        if value is None:
            ws.write_blank(r, 1, None, fmt.input if key == "goal" else date_input)
        elif key == "goal":
            ws.write_number(r, 1, float(value), fmt.input)
        else:
            ws.write_datetime(r, 1, value, date_input)
        if key == "goal":
            ws.data_validation(r, 1, r, 1, {"validate": "integer", "criteria": ">=", "value": 0,
                                            "error_message": "Type a whole number of best clients, 0 or more."})
        else:
            ws.data_validation(r, 1, r, 1, {"validate": "date", "criteria": ">", "value": dt.date(1900, 1, 1),
                                            "error_message": "Type a date, such as 2027-06-30."})
        ws.write_string(r, 2, BEST_HELP[key], fmt.note)
        return
    _, column, direction, value = row
    is_date = column in dates
    names = words.DATE_AT_LEAST_NAMES if is_date else words.AT_LEAST_NAMES
    ws.write_string(r, 1, column)
    ws.write_string(r, 2, direction, fmt.input)
    ws.data_validation(r, 2, r, 2, {"validate": "list", "source": list(names.values())})
    number = date_input if is_date else formats["whole" if value is None or float(value).is_integer() else "number"]
    if value is None:
        ws.write_blank(r, 3, None, number)
    elif is_date:
        ws.write_datetime(r, 3, serial_to_date(value), number)
    else:
        ws.write_number(r, 3, float(value), number)

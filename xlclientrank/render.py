"""Writes our sheets (``Ranking`` and ``ClientRank Settings``) as a small stand-alone workbook.

XlsxWriter does the file format; :mod:`xlclientrank.ooxml.splice` then moves the sheets into the
owner's workbook. Client names and every other text from the owner's cells are written with
``write_string``: a name such as ``=HYPERLINK(...)`` stays text, never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter

from xlclientrank import report, settings as settings_mod
from xlclientrank.engine import Ranking
from xlclientrank.headers import CUSTOM, KINDS
from xlclientrank.ooxml.rows import Column, TableTail

RANKING_SHEET = "Ranking"
SETTINGS_SHEET = settings_mod.SHEET
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "constant_memory": True}
MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
PERCENT = "0.0%"
TIER_COLOURS = ("#C6EFCE", "#FFFFFF", "#FFC7CE", "#F2F2F2", "#D9D9D9")


@dataclass(frozen=True)
class Source:
    """Where the clients came from, for the sheet's subtitle and formats."""

    file: str
    sheet: str
    column_kinds: dict[str, str]  # column -> "number" / "date" / "text"


def render(ranking: Ranking, settings: settings_mod.Settings, source: Source,
           when: dt.date) -> tuple[bytes, dict[str, TableTail]]:
    """The donor workbook (bytes of an .xlsx) holding our two sheets, and the rows of the ranked
    table after its first one, which the splicer adds (see :mod:`xlclientrank.ooxml.rows`)."""
    with tempfile.TemporaryDirectory(prefix="xlclientrank-") as tmp:
        path = Path(tmp) / "donor.xlsx"
        wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        fmt = _Formats(wb)
        tail = _ranking_sheet(wb.add_worksheet(RANKING_SHEET), fmt, ranking, settings, source, when)
        _settings_sheet(wb.add_worksheet(SETTINGS_SHEET), fmt, settings)
        wb.close()
        return path.read_bytes(), {RANKING_SHEET: tail}


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.label = wb.add_format({"bold": True})
        self.head = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
        self.count = wb.add_format({"num_format": "#,##0"})
        self.money = wb.add_format({"num_format": MONEY})
        self.date = wb.add_format({"num_format": DATE})
        self.percent = wb.add_format({"num_format": PERCENT})
        self.ratio = wb.add_format({"num_format": "#,##0"})
        self.number = wb.add_format({"num_format": "0.00"})
        self.score = wb.add_format({"num_format": "0.0"})
        self.text = wb.add_format({})
        self.sentence = wb.add_format({"indent": 1})
        self.tier = wb.add_format({"border": 1, "border_color": "#BFBFBF"})
        self.tier_fills = [wb.add_format({"bg_color": c}) for c in TIER_COLOURS]
        self.input = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"})
        self.input_pct = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF",
                                        "num_format": "0%"})
        self.kinds = {"count": self.count, "money": self.money, "percent": self.percent, "ratio": self.ratio,
                      "number": self.number, "text": self.text, "date": self.date, "rating": self.count}


def _value_kind(column: str, settings: settings_mod.Settings, source: Source) -> str:
    if source.column_kinds.get(column) == "date":
        return "date"
    kind = next((f.kind for f in settings.factors if f.column == column), CUSTOM)
    return {"money": "money", "count": "count", "rating": "count"}.get(kind.value, "number")


def _cell(ws, row: int, col: int, value: Any, fmt) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, (bool, np.bool_)):
        ws.write_string(row, col, "Yes" if value else "No", fmt)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _ranking_sheet(ws, fmt: _Formats, ranking: Ranking, settings: settings_mod.Settings, source: Source,
                   when: dt.date) -> TableTail:
    cfg = ranking.config
    table = ranking.table
    ws.write_string(0, 0, "Client ranking", fmt.title)
    ws.write_string(1, 0, f"{len(table)} clients from sheet '{source.sheet}', ranked on {when:%Y-%m-%d}.", fmt.note)
    ws.write_string(2, 0, "Score 0-100 from: " + ", ".join(f"{f.column} ×{f.weight:g}" for f in cfg.weighted)
                    + f". Weights and tiers: sheet '{SETTINGS_SHEET}'.", fmt.note)
    row = 4
    for line in report.lines(ranking):
        ws.write_string(row, 1, line.label, fmt.label)
        _cell(ws, row, 2, line.value, fmt.kinds[line.kind])
        ws.write_string(row, 3, line.sentence, fmt.sentence)
        row += 1
    if ranking.warnings:
        row += 1
        ws.write_string(row, 1, "Data notes", fmt.label)
        ws.write_string(row, 3, "What was skipped, cleaned or guessed while reading your clients:", fmt.note)
        row += 1
        for note in ranking.warnings:
            ws.write_string(row, 3, note, fmt.sentence)
            row += 1
    row += 1

    values = [f.column for f in cfg.weighted]
    if cfg.pareto_column and cfg.pareto_column not in values:
        values.append(cfg.pareto_column)
    has_pareto = "Cumulative share" in table.columns
    target = f"{cfg.pareto_target * 100:g} %"
    head = ["Rank", "Client", "Score", "Tier"] + values
    if has_pareto:
        head += [f"Cumulative share of {cfg.pareto_column}", f"In {target} group"]
    header_row = row
    ws.set_row(header_row, 30)
    for j, h in enumerate(head):
        ws.write_string(header_row, j, h, fmt.head)
    kinds = ["number", "text", "number", "text"] + ["number"] * len(values) + (["number", "text"] if has_pareto else [])
    col_formats = [fmt.count, fmt.text, fmt.score, fmt.tier] + \
                  [fmt.kinds[_value_kind(c, settings, source)] for c in values] + \
                  ([fmt.percent, fmt.text] if has_pareto else [])
    columns = [table["Rank"].to_numpy(), table["Client"].to_numpy(), table["Score"].to_numpy(),
               table["Tier"].to_numpy()] + [table[c].to_numpy() for c in values]
    if has_pareto:
        in_group = np.where(table["In Pareto group"].to_numpy(dtype=bool), "Yes", "No")
        columns += [table["Cumulative share"].to_numpy(), in_group]
    # XlsxWriter writes the first client's row; the others are added with the same formats when the
    # sheet goes into the owner's workbook (rows.TableTail): same XML, a fraction of the time
    first = header_row + 1
    for j, col in enumerate(columns):
        value = col[0]
        if kinds[j] == "text":
            ws.write_string(first, j, "" if value is None else str(value), col_formats[j])
        else:
            _cell(ws, first, j, value, col_formats[j])
    tail = TableTail(template_row=first + 1, width=len(columns),
                     columns=[Column(k, c[1:]) for k, c in zip(kinds, columns)])
    last = header_row + len(table)
    for i, label in enumerate(cfg.tiers.labels):
        quoted = '"' + str(label).replace('"', '""') + '"'
        ws.conditional_format(first, 3, last, 3, {"type": "cell", "criteria": "==", "value": quoted,
                                                  "format": fmt.tier_fills[i]})
    ws.freeze_panes(header_row + 1, 2)
    ws.autofilter(header_row, 0, last, len(head) - 1)
    names = table["Client"].astype(str)
    client_width = min(45, max(10, int(names.str.len().max()) + 2 if len(names) else 10))
    widths = [7, client_width, 10, 8] + [max(11, min(18, len(h) * 0.8)) for h in head[4:]]
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer("&L&D&RPage &P of &N")
    return tail


def _settings_sheet(ws, fmt: _Formats, s: settings_mod.Settings) -> None:
    ws.write_string(0, 0, "xlclientrank settings", fmt.title)
    ws.write_string(1, 0, "Change the yellow cells, then click Re-rank (or run xlclientrank rerank) again.", fmt.note)
    ws.write_string(2, 0, "A weight of 0 leaves a column out; 'Better when' says whether more is better.", fmt.note)
    first = 4
    rows = settings_mod.to_rows(s)
    kinds = ",".join(k.label for k in KINDS + (CUSTOM,))
    choices = {
        settings_mod.LABELS["scale"]: list(settings_mod.SCALE_NAMES.values()),
        settings_mod.LABELS["missing"]: list(settings_mod.MISSING_NAMES.values()),
        settings_mod.LABELS["tier_method"]: list(settings_mod.METHOD_NAMES.values()),
        settings_mod.LABELS["rows_are"]: list(settings_mod.ROWS_NAMES.values()),
        settings_mod.LABELS["duplicates"]: list(settings_mod.DUPLICATE_NAMES.values()),
    }
    help_text = {
        settings_mod.LABELS["client_sheet"]: "The sheet with your client list.",
        settings_mod.LABELS["client_column"]: "The header of the column with client names.",
        settings_mod.LABELS["rows_are"]: "Auto, Clients (a row per client) or Order lines.",
        settings_mod.LABELS["duplicates"]: "A name listed twice: Keep apart or Combine.",
        settings_mod.LABELS["scale"]: "Percentile (rank among clients) or Min-max.",
        settings_mod.LABELS["missing"]: "Worst: a blank scores 0. Leave out: skip it.",
        settings_mod.LABELS["tier_method"]: "Shares, Score thresholds, or ABC by value.",
        settings_mod.LABELS["pareto_column"]: "The value for the 80/20 figures.",
        settings_mod.LABELS["pareto_target"]: "The share of value the 80/20 group reaches.",
    }
    section = None
    for i, row in enumerate(rows):
        r = first + i
        label = row[0] if row else ""
        if row[:1] and row[0] in (settings_mod.FACTORS_HEADER[0], settings_mod.TIERS_HEADER[0]):
            section = row[0]
            for j, v in enumerate(row):
                ws.write_string(r, j, v, fmt.head)
            continue
        if not row:
            section = None
            continue
        if label:
            ws.write_string(r, 0, label, fmt.label)
            value = row[1] if len(row) > 1 else ""
            if label == settings_mod.LABELS["pareto_target"]:
                ws.write_number(r, 1, float(value), fmt.input_pct)
            elif label == settings_mod.UNUSED_LABEL:
                ws.write_string(r, 1, str(value))
            else:
                ws.write_string(r, 1, str(value), fmt.input)
            if label in choices:
                ws.data_validation(r, 1, r, 1, {"validate": "list", "source": choices[label]})
            if label in help_text:
                ws.write_string(r, 2, help_text[label], fmt.note)
            continue
        if section == settings_mod.FACTORS_HEADER[0]:
            _, column, kind, weight, better = row
            ws.write_string(r, 1, column)
            ws.write_string(r, 2, kind, fmt.input)
            ws.write_number(r, 3, weight, fmt.input)
            ws.write_string(r, 4, better, fmt.input)
            ws.data_validation(r, 2, r, 2, {"validate": "list", "source": kinds.split(",")})
            ws.data_validation(r, 3, r, 3, {"validate": "decimal", "criteria": ">=", "value": 0,
                                            "error_message": "Type a weight of 0 or more."})
            ws.data_validation(r, 4, r, 4, {"validate": "list", "source": ["Higher", "Lower"]})
        elif section == settings_mod.TIERS_HEADER[0]:
            _, label_, share, min_score, value_share = row
            ws.write_string(r, 1, label_, fmt.input)
            for j, v, f in ((2, share, fmt.input_pct), (3, min_score, fmt.input), (4, value_share, fmt.input_pct)):
                if v is None:
                    ws.write_blank(r, j, None, f)
                else:
                    ws.write_number(r, j, float(v), f)
    for j, w in enumerate((16, 24, 16, 16, 20)):
        ws.set_column(j, j, w)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)

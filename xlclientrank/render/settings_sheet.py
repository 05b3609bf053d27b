"""The ``ClientRank Settings`` sheet: the owner's settings with yellow input cells and dropdowns."""

from __future__ import annotations

from xlclientrank.headers import CUSTOM, KINDS
from xlclientrank.names import SETTINGS_SHEET
from xlclientrank.render.formats import Formats
from xlclientrank.stored import settings as settings_mod

FIRST_ROW = 4  # 0-based row of the first setting


def setting_cell(key: str) -> str:
    """The cell :func:`write` puts a setting's value in (``"client_column"`` -> ``"B6"``): the
    settings come first on the sheet, in a fixed order, so the place is the same for every workbook."""
    rows = settings_mod.to_rows(settings_mod.Settings(client_sheet=None, client_column="", factors=[]))
    label = settings_mod.LABELS[key]
    return f"B{FIRST_ROW + 1 + next(i for i, r in enumerate(rows) if r[:1] == [label])}"


def cells(s: settings_mod.Settings) -> dict[str, str]:
    """Where :func:`write` puts the cells formulas may refer to: ``"weight:<column>"``,
    ``"share:<tier>"`` and ``"min:<tier>"`` -> absolute references like ``'ClientRank Settings'!$D$15``."""
    sheet = "'" + SETTINGS_SHEET.replace("'", "''") + "'"
    out = {}
    section = None
    for i, row in enumerate(settings_mod.to_rows(s)):
        excel_row = FIRST_ROW + i + 1
        if row[:1] in ([settings_mod.FACTORS_HEADER[0]], [settings_mod.TIERS_HEADER[0]]):
            section = row[0]
            continue
        if not row or row[0]:
            section = None if not row else section
            continue
        if section == settings_mod.FACTORS_HEADER[0]:
            out[f"weight:{row[1]}"] = f"{sheet}!$D${excel_row}"
        elif section == settings_mod.TIERS_HEADER[0]:
            out[f"share:{row[1]}"] = f"{sheet}!$C${excel_row}"
            out[f"min:{row[1]}"] = f"{sheet}!$D${excel_row}"
    return out


def write(ws, fmt: Formats, s: settings_mod.Settings, ranked_for=None) -> None:
    """Writes the settings (see :func:`xlclientrank.stored.settings.to_rows`) with formats and help;
    ``ranked_for``: the date of the last ranking (``rerank --date``), said on the second line."""
    ws.write_string(0, 0, "xlclientrank settings", fmt.title)
    last = f" Last ranked for {ranked_for:%Y-%m-%d}." if ranked_for is not None else ""
    ws.write_string(1, 0, "Change the yellow cells, then click Re-rank (or run xlclientrank rerank) again." + last,
                    fmt.note)
    ws.write_string(2, 0, "A weight of 0 leaves a column out; 'Better when' says whether more is better.", fmt.note)
    first = FIRST_ROW
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
        settings_mod.LABELS["client_column"]: "The header of the column with client names (or --client-column).",
        settings_mod.LABELS["rows_are"]: "Auto, Clients (a row per client) or Order lines.",
        settings_mod.LABELS["duplicates"]: "A name listed twice: Keep apart or Combine.",
        settings_mod.LABELS["scale"]: "Percentile (rank among clients) or Min-max.",
        settings_mod.LABELS["missing"]: "Worst: a blank scores 0. Leave out: skip it.",
        settings_mod.LABELS["tier_method"]: ("Shares, Score thresholds or ABC (ABC: tiers by share of the 80/20 value, "
                                             "as below)."),
        settings_mod.LABELS["pareto_column"]: "The value for the 80/20 figures, usually revenue (or --revenue-column).",
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
            _, label_, share, min_score, value_share, action = row
            ws.write_string(r, 1, label_, fmt.input)
            ws.write_string(r, 5, action, fmt.input)
            for j, v, f in ((2, share, fmt.input_pct), (3, min_score, fmt.input), (4, value_share, fmt.input_pct)):
                if v is None:
                    ws.write_blank(r, j, None, f)
                else:
                    ws.write_number(r, j, float(v), f)
    for j, w in enumerate((16, 24, 16, 16, 20, 44)):
        ws.set_column(j, j, w)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)

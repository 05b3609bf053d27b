"""The hidden ``ClientRank Calibration`` sheet: what the cell formulas need to score a row as the
last Re-rank did (see :mod:`xlclientrank.stored.calibration`). Row 1 holds a stamp that changes with every
Re-rank, row 2 the settings as JSON, and from row 4 one row per client in rank order."""

from __future__ import annotations

import datetime as dt

from xlclientrank.ooxml.rows import Column, TableTail
from xlclientrank.render.formats import Formats
from xlclientrank.stored import calibration


def write(ws, fmt: Formats, cal: calibration.Calibration, when: dt.date, stamp: str) -> TableTail:
    ws.write_string(0, 0, f"xlclientrank calibration {stamp}: made by Re-rank on {when:%Y-%m-%d} for the "
                          "cell formulas. Do not edit; Re-rank writes it again.")
    ws.write_string(1, 0, calibration.settings_json(cal))
    heads = calibration.table_columns(cal)
    for j, h in enumerate(heads):
        ws.write_string(calibration.HEADER_ROW, j, h, fmt.label)
    columns = [Column("text", cal.names), Column("number", cal.scores), Column("text", cal.tiers_of)] + \
        [Column("number", cal.values[f.column]) for f in cal.factors]
    first = calibration.HEADER_ROW + 1
    for j, col in enumerate(columns):
        v = col.values[0]
        if col.kind == "text":
            ws.write_string(first, j, str(v))
        elif v == v:  # not NaN
            ws.write_number(first, j, float(v))
    ws.hide()
    return TableTail(template_row=first + 1, width=len(columns),
                     columns=[Column(c.kind, c.values[1:]) for c in columns])

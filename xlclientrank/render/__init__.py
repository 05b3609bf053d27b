"""Writes our sheets as a small stand-alone workbook: ``Ranking``, ``ClientRank Settings``,
``ClientRank Methodology`` and ``Rank History``.

XlsxWriter does the file format; :mod:`xlclientrank.ooxml.splice` then moves the sheets into the
owner's workbook. Client names and every other text from the owner's cells are written with
``write_string``: a name such as ``=HYPERLINK(...)`` stays text, never a formula.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from xlclientrank.engine import Ranking
from xlclientrank.names import (
    CALIBRATION_SHEET,
    HISTORY_SHEET,
    METHODOLOGY_SHEET,
    RANKING_SHEET,
    SETTINGS_SHEET,
    SHEETS,
    SUMMARY_SHEET,
)
from xlclientrank.ooxml.rows import TableTail
from xlclientrank.render import calibration_sheet, history_sheet, methodology, settings_sheet
from xlclientrank.render import ranking as ranking_sheet
from xlclientrank.render.formats import WORKBOOK_OPTIONS, Formats
from xlclientrank.stored import settings as settings_mod
from xlclientrank.stored.calibration import Calibration
from xlclientrank.stored.history import History, Movement


@dataclass(frozen=True)
class Source:
    """Where the clients came from: for the subtitle and the number formats."""

    file: str
    sheet: str
    column_kinds: dict[str, str]                           # column -> "number" / "date" / "text"
    formats: dict[str, str] = field(default_factory=dict)  # column -> the owner's number format
    rows_are: str = "clients"
    source_rows: int = 0
    understood: tuple[str, ...] = ()  # what was understood, one line each (shown at the top)


def render(ranking: Ranking, settings: settings_mod.Settings, source: Source, when: dt.date,
           snapshots: History, movement: Movement, calibration: Calibration | None,
           stamp: str = "", share: ranking_sheet.Share | None = None,
           summary_name: str = SUMMARY_SHEET) -> tuple[bytes, dict[str, TableTail | None]]:
    """The donor workbook (bytes of an .xlsx) holding our sheets, and per sheet the rows of its
    long table after the first, which the splicer adds (see :mod:`xlclientrank.ooxml.rows`).

    ``share``: the advisor's copy instead: a one-page Summary first (named ``summary_name``), what-if
    formulas, no calibration.
    """
    with tempfile.TemporaryDirectory(prefix="xlclientrank-") as tmp:
        path = Path(tmp) / "donor.xlsx"
        wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        if share is not None:
            wb.set_properties({"title": "Client ranking for your advisor", "author": "", "company": "",
                               "created": dt.datetime(when.year, when.month, when.day)})
        fmt = Formats(wb)
        names = [summary_name] if share is not None else []
        names += [name for key, name in SHEETS if not (share is not None and key == "calibration")]
        sheets = {name: wb.add_worksheet(name) for name in names}
        pareto_ref = methodology.write(sheets[METHODOLOGY_SHEET], fmt, ranking, settings, source.understood)
        history_tail, trend_ref = history_sheet.write(sheets[HISTORY_SHEET], fmt, snapshots,
                                                      ranking.config.tiers.labels[0])
        subtitle = f"{len(ranking.table):,} clients from sheet '{source.sheet}', ranked on {when:%Y-%m-%d}."
        if source.rows_are == "order lines":
            subtitle += f" Added up from {source.source_rows:,} order lines."
        if share is not None:
            ranking_sheet.summary_sheet(wb, sheets[summary_name], fmt, ranking, settings, kinds=source.column_kinds,
                                        formats=source.formats, movement=movement, subtitle=subtitle,
                                        pareto_ref=pareto_ref)
        tail = ranking_sheet.write(wb, sheets[RANKING_SHEET], fmt, ranking, settings,
                                   kinds=source.column_kinds, formats=source.formats, movement=movement,
                                   subtitle=subtitle, pareto_ref=pareto_ref, trend_ref=trend_ref, share=share,
                                   understood=source.understood)
        settings_sheet.write(sheets[SETTINGS_SHEET], fmt, settings, when,
                             advisor_what_if=share.what_if if share is not None else None)
        tails = {RANKING_SHEET: tail, HISTORY_SHEET: history_tail}
        if share is None:
            assert calibration is not None  # a Re-rank stores its calibration; only the advisor's copy has none
            tails[CALIBRATION_SHEET] = calibration_sheet.write(sheets[CALIBRATION_SHEET], fmt, calibration, when,
                                                               stamp)
        wb.close()
        return path.read_bytes(), tails

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
    WHOLE_SUMMARY_SHEET,
)
from xlclientrank.ooxml.rows import TableTail
from xlclientrank.render import calibration_sheet, history_sheet, methodology, settings_sheet, summary_sheet
from xlclientrank.render import ranking as ranking_sheet
from xlclientrank.render.formats import WORKBOOK_OPTIONS, Formats
from xlclientrank.report import amounts, best_clients, reasons, verdict
from xlclientrank.report import profile as who
from xlclientrank.report import summary as report
from xlclientrank.report.lines import Line
from xlclientrank.stored import settings as settings_mod
from xlclientrank.stored.best import Standing
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
    decisions: tuple[str, ...] = ()   # the owner's decision per client, in rank order ("" where none)
    best_clients: Standing | None = None  # how many clients meet the best-client bar (stored/best.py)
    profile: who.Profile | None = None  # who the best tier's clients are (report/profile.py)


def render(ranking: Ranking, settings: settings_mod.Settings, source: Source, when: dt.date,
           snapshots: History, movement: Movement, calibration: Calibration | None,
           stamp: str = "", share: ranking_sheet.Share | None = None,
           summary_name: str = WHOLE_SUMMARY_SHEET) -> tuple[bytes, dict[str, TableTail | None]]:
    """The donor workbook (bytes of an .xlsx) holding our sheets, and per sheet the rows of its
    long table after the first, which the splicer adds (see :mod:`xlclientrank.ooxml.rows`).

    ``summary_name``: the summary sheet's name (``Summary`` in the advisor's copy of the ranking only).
    ``share``: the advisor's copy instead: what-if formulas, no calibration.
    """
    with tempfile.TemporaryDirectory(prefix="xlclientrank-") as tmp:
        path = Path(tmp) / "donor.xlsx"
        wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        if share is not None:
            wb.set_properties({"title": "Client ranking for your advisor", "author": "", "company": "",
                               "created": dt.datetime(when.year, when.month, when.day)})
        fmt = Formats(wb)
        names = [summary_name if key == "summary" else name for key, name in SHEETS
                 if not (share is not None and key == "calibration")]
        sheets = {name: wb.add_worksheet(name) for name in names}
        col = ranking.config.pareto_column
        number_format = amounts.column_format(col, settings, source.column_kinds, source.formats) if col else None
        money_format = (ranking_sheet.value_format(fmt, col, settings, source.column_kinds, source.formats)
                        if col else None)
        refs = methodology.write(sheets[METHODOLOGY_SHEET], fmt, ranking, settings, source.understood, money_format,
                                 profile=source.profile)
        history_tail, trend_ref = history_sheet.write(sheets[HISTORY_SHEET], fmt, snapshots,
                                                      ranking.config.tiers.labels[0])
        subtitle = f"{len(ranking.table):,} clients from sheet '{source.sheet}', ranked on {when:%Y-%m-%d}."
        if source.rows_are == "order lines":
            subtitle += f" Added up from {source.source_rows:,} order lines."
        money = report.money_for(ranking, settings, source.column_kinds, source.formats)
        they_are = who.sentences(source.profile) if source.profile is not None else []
        said = verdict.sentences(ranking, money, they_are)
        figures = report.lines(ranking, None, money, they_are)
        changes = report.lines(ranking, movement, money, they_are)[len(figures):]
        if source.best_clients is not None:  # after the tiers' lines
            figures.insert(1 + len(ranking.tier_counts), best_clients.line(source.best_clients, settings))
        figures[:1] = _weights_lines(ranking)
        summary_sheet.write(wb, sheets[summary_name], fmt, ranking,
                            title="Client ranking: summary" + (" for your advisor" if share is not None else ""),
                            subtitle=subtitle, verdict=said, changes=changes, figures=figures,
                            understood=source.understood, refs=refs, trend_ref=trend_ref,
                            money_format=money_format, number_format=number_format,
                            note=share.note if share is not None else None)
        why = reasons.texts(ranking, lambda c: amounts.column_format(c, settings, source.column_kinds,
                                                                     source.formats), when, most=2)
        tail = ranking_sheet.write(wb, sheets[RANKING_SHEET], fmt, ranking, settings,
                                   kinds=source.column_kinds, formats=source.formats, movement=movement,
                                   subtitle=subtitle, reasons=why, summary_name=summary_name, verdict=said,
                                   change=changes[0] if changes else None, share=share,
                                   decisions=source.decisions)
        settings_sheet.write(sheets[SETTINGS_SHEET], fmt, settings, when,
                             advisor_what_if=share.what_if if share is not None else None)
        tails = {RANKING_SHEET: tail, HISTORY_SHEET: history_tail}
        if share is None:
            assert calibration is not None  # a Re-rank stores its calibration; only the advisor's copy has none
            tails[CALIBRATION_SHEET] = calibration_sheet.write(sheets[CALIBRATION_SHEET], fmt, calibration, when,
                                                               stamp)
        wb.close()
        return path.read_bytes(), tails


def _weights_lines(ranking: Ranking, room: int = 100) -> list[Line]:
    """"Each client's score (0-100) weighs: Sales ×3, ..." over as many lines as it needs, each at
    most ``room`` characters (the summary sheet's sentence column), the label on the first only."""
    words = [f"{f.column} ×{f.weight:g}" for f in ranking.config.weighted]
    lines, text = [], "Each client's score (0-100) weighs:"
    for i, word in enumerate(words):
        word += "." if i == len(words) - 1 else ","
        if len(text) + 1 + len(word) > room:
            lines.append(text)
            text = word
        else:
            text += " " + word
    lines.append(text)
    return [Line("Score" if i == 0 else "", None, "text", t) for i, t in enumerate(lines)]

"""The ribbon's Python macros, run by xlwings' ``RunPython`` from the add-in's buttons.

Thin on purpose: :class:`XlwingsBook` is the only code that talks to Excel (through xlwings'
open-source API: ``Book.caller()``, the COM object model via ``.api``); the work is in
:mod:`xlclientrank.excel.live`, which the tests drive without Excel.
"""

from __future__ import annotations

from pathlib import Path

from xlclientrank.excel.live import rerank_live, share_live
from xlclientrank.ooxml.splice import MARK

HELP = ("Client Rank ranks your clients on the sheet 'Ranking'.\n\n"
        "Re-rank: reads your client list, scores every client 0-100, puts them in tiers (Ideal, Core, Poor) "
        "and rebuilds the sheets Ranking, ClientRank Methodology and Rank History.\n"
        "Settings: the weights and choices you can change (yellow cells), then click Re-rank.\n"
        "Cell formulas: =CLIENT_TIER(A2:K2), =CLIENT_SCORE(...), =CLIENT_RANK(...), =PARETO_COUNT(B2:B200).\n\n"
        "More: the README of xlclientrank.")


class XlwingsBook:
    """The calling workbook, through xlwings."""

    def __init__(self, book) -> None:
        self.book = book
        self.app = book.app
        self.name = book.name
        self.fullname = book.fullname

    def save_copy(self, path: Path) -> None:
        self.book.api.SaveCopyAs(str(path))

    def replace_sheets(self, source: Path, names: list[str], marks: dict[str, str]) -> None:
        app = self.app
        alerts, updating = app.display_alerts, app.screen_updating
        app.display_alerts = False
        app.screen_updating = False
        src = app.books.open(str(source), update_links=False, read_only=True)
        try:
            ours = {n.name.split(".", 1)[1]: n for n in self.book.names if n.name.startswith(MARK)}
            for name in names:
                key = marks[name]
                if name in [s.name for s in self.book.sheets]:
                    if key not in ours:
                        raise RuntimeError(f"the workbook has its own sheet '{name}'; rename it and click Re-rank")
                    self.book.sheets[name].delete()
            last = self.book.sheets[len(self.book.sheets) - 1]
            hidden = [n for n in names if src.sheets[n].api.Visible != -1]  # -1: xlSheetVisible
            for n in hidden:
                src.sheets[n].api.Visible = -1  # Excel copies a group of sheets only when all are visible
            src.api.Sheets(names).Copy(After=last.api)  # one copy keeps references between our sheets
            for n in hidden:
                self.book.sheets[n].api.Visible = 0  # xlSheetHidden, as in the ranked file
            for name in names:
                self.book.names.add(MARK + marks[name], f"='{name}'!$A$1")
                self.book.names[MARK + marks[name]].api.Visible = False
        finally:
            src.close()
            app.display_alerts, app.screen_updating = alerts, updating

    def calculate_full(self) -> None:
        self.app.api.CalculateFull()

    def status(self, text: str | None) -> None:
        self.app.status_bar = text if text else False

    def alert(self, text: str, title: str) -> None:
        self.app.alert(text, title=title)


def _caller():
    """The workbook the owner is working in. From the add-in, xlwings' Book.caller() is the add-in
    itself (RunPython runs in ThisWorkbook), so the active workbook is the one to rank."""
    import xlwings as xw

    caller = xw.Book.caller()
    active = caller.app.books.active
    return active if active is not None else caller


def rerank() -> None:
    """The Re-rank button."""
    rerank_live(XlwingsBook(_caller()))


def settings() -> None:
    """The Settings button: opens the settings sheet (Re-rank creates it the first time)."""
    book = _caller()
    names = [s.name for s in book.sheets]
    if "ClientRank Settings" not in names:
        rerank_live(XlwingsBook(book))
        names = [s.name for s in book.sheets]
    if "ClientRank Settings" in names:
        book.sheets["ClientRank Settings"].activate()


def share() -> None:
    """The Share with advisor button: a copy next to the workbook that opens anywhere."""
    share_live(XlwingsBook(_caller()))


def help() -> None:  # noqa: A001 - the ribbon button's name
    """The Help button."""
    _caller().app.alert(HELP, title="Client Rank")

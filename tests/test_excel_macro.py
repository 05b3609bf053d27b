"""The Re-rank button's logic, with Excel replaced by a thin double at the xlwings boundary."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import SAMPLE, make_workbook, ranking_rows, run_cli
from xlclientrank.excel.live import SHEET_NAMES, rerank_live
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import DonorSheet, Splicer


class FileBook:
    """A workbook 'open in Excel' that is a file: sheet copy done by our splicer, UI calls recorded."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.fullname = str(path)
        self.statuses: list[str | None] = []
        self.alerts: list[str] = []
        self.recalculated = 0

    def save_copy(self, path: Path) -> None:
        shutil.copyfile(self.path, path)

    def replace_sheets(self, source: Path, names: list[str], marks: dict[str, str]) -> None:
        splicer = Splicer(Package.read(self.path))
        donor = Package.read(source)
        for name in names:
            splicer.put(donor, DonorSheet(marks[name], name))
        splicer.finish().write_atomic(self.path)

    def calculate_full(self) -> None:
        self.recalculated += 1

    def status(self, text: str | None) -> None:
        self.statuses.append(text)

    def alert(self, text: str, title: str) -> None:
        self.alerts.append(text)


def test_rerank_button_gives_the_same_ranking_sheet_as_the_command(tmp_path):
    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    book = FileBook(live)
    result = rerank_live(book, today=dt.date.today())
    assert result is not None and not book.alerts
    cli_out = tmp_path / "cli.xlsx"
    assert run_cli("rerank", SAMPLE, "--out", cli_out)[0] == 0
    assert ranking_rows(live) == ranking_rows(cli_out)
    assert book.recalculated == 1
    assert book.statuses[0].startswith("Client Rank:") and book.statuses[-1] is None
    from openpyxl import load_workbook
    assert set(SHEET_NAMES) <= set(load_workbook(live, read_only=True).sheetnames)


def test_a_user_error_is_a_message_box_naming_the_workbook(tmp_path):
    src = make_workbook(tmp_path / "Shopping.xlsx", [["Shopping list"], ["eggs"]])
    before = src.read_bytes()
    book = FileBook(src)
    assert rerank_live(book) is None
    assert len(book.alerts) == 1
    assert book.alerts[0].startswith("Shopping.xlsx: no sheet looks like a client list")
    assert "/tmp" not in book.alerts[0] and "Traceback" not in book.alerts[0]
    assert src.read_bytes() == before and book.statuses[-1] is None


def test_ribbon_macros_import_and_name_their_functions():
    import xlclientrank.excel.macro as macro

    for name in ("rerank", "settings", "share", "help"):
        assert callable(getattr(macro, name))


class StandInApp:
    """The few parts of xlwings' App that the Help and Share buttons use."""

    def __init__(self) -> None:
        self.alerts: list[tuple[str, str]] = []
        self.books = type("Books", (), {"active": None})()

    def alert(self, text: str, title: str = "") -> None:
        self.alerts.append((title, text))


def test_help_button_runs(monkeypatch):
    import xlclientrank.excel.macro as macro

    app = StandInApp()
    book = type("Book", (), {"app": app, "name": "clients.xlsx"})()
    monkeypatch.setattr(macro, "_caller", lambda: book)
    macro.help()
    assert app.alerts[0][0] == "Client Rank" and "Re-rank" in app.alerts[0][1]


def test_share_button_writes_the_copy_beside_the_workbook(tmp_path):
    from xlclientrank.excel.live import share_live

    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    before = live.read_bytes()
    book = FileBook(live)
    out = share_live(book)
    assert out == tmp_path / "live - for advisor.xlsx" and out.exists()
    assert live.read_bytes() == before
    assert "ready" in book.alerts[0] and str(out) in book.alerts[0]
    unsaved = FileBook(tmp_path / "nowhere" / "Book1")
    unsaved.fullname = "Book1"
    assert share_live(unsaved) is None and unsaved.alerts[0].startswith("Save your workbook first")

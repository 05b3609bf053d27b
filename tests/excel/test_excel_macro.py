"""The Re-rank and Share buttons' logic (live.py), with Excel replaced by a file-backed double.

The xlwings side (macro.py) against a model of Excel is in tests/excel/test_excel_macro_xlwings.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, make_workbook, ranking_rows, run_cli
from xlclientrank import bundled
from xlclientrank.excel.live import SHEET_NAMES, Where, owner_references, rerank_live, share_live
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import DonorSheet, Splicer


class FileBook:
    """A workbook 'open in Excel' that is a file: sheet copy done by our splicer, UI calls recorded."""

    def __init__(self, path: Path, name: str | None = None) -> None:
        self.path = path
        self.name = name or path.name
        self.place = Where(local=path)
        self.statuses: list[str | None] = []
        self.alerts: list[str] = []
        self.recalculated = 0
        self.copies: list[Path] = []
        self.sources: list[Path] = []
        self.kept: list = []
        self.fail_recalc = False

    def where(self) -> Where:
        return self.place

    def save_copy(self, path: Path) -> None:
        self.copies.append(path)
        shutil.copyfile(self.path, path)

    def replace_sheets(self, source: Path, names: list[str], marks: dict[str, str], keep: list) -> None:
        self.sources.append(source)
        self.kept = keep
        splicer = Splicer(Package.read(self.path))
        donor = Package.read(source)
        for name in names:
            splicer.put(donor, DonorSheet(marks[name], name))
        splicer.finish().write_atomic(self.path)

    def has_sheet(self, name: str) -> bool:
        from openpyxl import load_workbook

        return name.casefold() in {n.casefold() for n in load_workbook(self.path, read_only=True).sheetnames}

    def write_cells(self, sheet: str, cells: dict, appended: list[int], template: int | None) -> list[str]:
        """The cells as text (openpyxl; the formats are the xlwings side's: test_excel_macro_notes.py)."""
        from openpyxl import load_workbook

        self.notes_written = getattr(self, "notes_written", []) + [(sheet, dict(cells), appended, template)]
        wb = load_workbook(self.path, keep_vba=self.path.suffix.lower() == ".xlsm")
        for (r, c), text in cells.items():
            cell = wb[sheet].cell(r, c + 1)
            cell.value, cell.data_type = text, "s"  # text, never a formula
        wb.save(self.path)
        return []

    def calculate_full(self) -> None:
        if self.fail_recalc:
            raise RuntimeError("Excel is busy")
        self.recalculated += 1

    def status(self, text: str | None) -> None:
        self.statuses.append(text)

    def alert(self, text: str, title: str) -> None:
        self.alerts.append(text)

    answer = "no"

    def ask(self, text: str, title: str) -> str:
        self.questions = getattr(self, "questions", []) + [text]
        return self.answer


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


@pytest.mark.parametrize("suffix", [".xlsb", ".xls", ".ods", ".csv"])
def test_a_format_the_reader_refuses_says_how_to_save_as_xlsx(tmp_path, suffix):
    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    book = FileBook(live, name=f"Clients{suffix}")
    assert rerank_live(book) is None
    assert book.copies == []  # nothing saved under a name that lies about its format
    assert book.alerts == [f"Clients{suffix}: is a {suffix} file, which Client Rank cannot read; save it as Excel "
                           "Workbook (.xlsx) with File > Save As, then click Re-rank in the .xlsx workbook"]
    assert share_live(FileBook(live, name=f"Clients{suffix}")) is None


def test_the_copy_keeps_the_workbooks_own_suffix(tmp_path):
    live = tmp_path / "ClientRank.xlsm"
    shutil.copyfile(bundled.TEMPLATE, live)
    book = FileBook(live)
    rerank_live(book)
    assert [c.suffix for c in book.copies] == [".xlsm"] and [s.suffix for s in book.sources] == [".xlsm"]
    unsaved = FileBook(tmp_path / "Book1", name="Book1")
    unsaved.path = live
    rerank_live(unsaved)
    assert unsaved.copies[0].name == "Book1.xlsx"


@pytest.mark.parametrize("name", ["ranked.xlsx", "Ranked.XLSX", "live.xlsx"])
def test_the_ranked_output_never_has_the_workbooks_name_or_folder(tmp_path, name):
    live = tmp_path / name
    shutil.copyfile(SAMPLE, live)
    book = FileBook(live)
    assert rerank_live(book) is not None, book.alerts
    source, copy = book.sources[0], book.copies[0]
    assert source.name.lower() != name.lower() and source.parent != copy.parent
    assert source.name.startswith("xlclientrank-ranked-")


def test_a_failure_after_the_sheets_are_in_does_not_say_the_workbook_was_not_changed(tmp_path):
    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    book = FileBook(live)
    book.fail_recalc = True
    assert rerank_live(book) is None
    assert "not changed" not in book.alerts[0] and "new sheets are in your workbook" in book.alerts[0]
    assert "Excel is busy" in book.alerts[0] and book.statuses[-1] is None


def test_owner_formulas_that_refer_to_our_sheets_are_found(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Dashboard"
    ws["A1"] = "=Ranking!B5"
    ws["A2"] = "='Rank History'!C3+1"
    ws["A3"] = "=[1]Ranking!B5"          # another workbook's sheet
    ws["A4"] = "=SUM(Clients!B2:B9)"
    ws["A5"] = "=ranking!A1"
    wb.create_sheet("Ranking")["B5"] = 1
    path = tmp_path / "refs.xlsx"
    wb.save(path)
    kept = owner_references(path, SHEET_NAMES)
    assert [(k.sheet, k.ref, k.kind) for k in kept] == [("Dashboard", "A1", "cell"), ("Dashboard", "A2", "cell"),
                                                        ("Dashboard", "A5", "cell")]


def test_share_button_asks_whole_workbook_or_ranking_and_does_what_was_answered(tmp_path):
    from openpyxl import load_workbook

    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    before = live.read_bytes()
    book = FileBook(live)
    book.answer = "yes"
    out = share_live(book)
    assert out == tmp_path / "live - whole workbook for advisor.xlsx" and live.read_bytes() == before
    assert book.questions[0].startswith("Send your whole workbook to your advisor?")
    names = load_workbook(out, read_only=True).sheetnames
    assert names[0] == load_workbook(live, read_only=True).sheetnames[0] and "ClientRank Summary" in names
    assert "copy of your whole workbook" in book.alerts[0]
    assert "for a copy without them, click Share anonymously" in book.alerts[0] and "--" not in book.alerts[0]
    cancelled = FileBook(live)
    cancelled.answer = "cancel"
    assert share_live(cancelled) is None and cancelled.alerts == []
    assert sorted(f.name for f in tmp_path.iterdir()) == ["live - whole workbook for advisor.xlsx", "live.xlsx"]


def test_share_button_writes_the_copy_beside_the_workbook(tmp_path):
    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    before = live.read_bytes()
    book = FileBook(live)
    out = share_live(book)
    assert out == tmp_path / "live - for advisor.xlsx" and out.exists()
    assert live.read_bytes() == before
    assert "ready" in book.alerts[0] and str(out) in book.alerts[0]
    unsaved = FileBook(live, name="Book1")
    unsaved.place = Where()
    assert share_live(unsaved) is None and unsaved.alerts == [
        "Save your workbook first: the copy for your advisor is written next to it."]
    assert unsaved.copies == []  # asked before anything is saved


def test_share_of_a_onedrive_workbook_uses_its_synced_folder(tmp_path):
    synced = tmp_path / "OneDrive - Acme"
    synced.mkdir()
    live = synced / "Clients.xlsx"
    shutil.copyfile(SAMPLE, live)
    book = FileBook(live)
    book.place = Where(local=live, url="https://acme-my.sharepoint.com/personal/o/Documents/Clients.xlsx")
    assert share_live(book) == synced / "Clients - for advisor.xlsx"
    assert "OneDrive" not in book.alerts[0].split("ready")[0]


def test_share_of_a_cloud_workbook_without_a_synced_folder_goes_to_documents_and_says_so(tmp_path):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    live = tmp_path / "elsewhere.xlsx"
    shutil.copyfile(SAMPLE, live)
    book = FileBook(live, name="Clients.xlsx")
    book.place = Where(local=None, url="https://acme-my.sharepoint.com/personal/o/Documents/Clients.xlsx")
    out = share_live(book, home=home)
    assert out == home / "Documents" / "Clients - for advisor.xlsx" and out.exists()
    assert "Save your workbook first" not in book.alerts[0]
    assert "OneDrive or SharePoint" in book.alerts[0] and "Documents folder" in book.alerts[0]
    assert str(out) in book.alerts[0]
    nodocs = tmp_path / "bare"
    nodocs.mkdir()
    book2 = FileBook(live, name="Clients.xlsx")
    book2.place = book.place
    assert share_live(book2, home=nodocs) == nodocs / "Clients - for advisor.xlsx"


def test_ribbon_macros_import_and_name_their_functions():
    import xlclientrank.excel.macro as macro

    for name in ("rerank", "settings", "share", "help"):
        assert callable(getattr(macro, name))


def _dashboard(tmp_path):
    """The sample client list plus the owner's own Dashboard built on our Ranking sheet."""
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.worksheet.datavalidation import DataValidation

    path = tmp_path / "dash.xlsx"
    assert run_cli("rerank", SAMPLE, "--out", path)[0] == 0  # our sheets first, then the owner's
    wb = load_workbook(path)
    ranking = wb["Ranking"]
    dash = wb.create_sheet("Dashboard")
    dash["A1"] = "=Ranking!B22"
    chart = BarChart()
    chart.add_data(Reference(ranking, min_col=3, min_row=22, max_row=30))
    dash.add_chart(chart, "C3")
    dash.conditional_formatting.add("A1:A9", FormulaRule(formula=["A1>Ranking!$C$22"], fill=None))
    dv = DataValidation(type="list", formula1="=Ranking!$B$22:$B$40")
    dash.add_data_validation(dv)
    dv.add("B1")
    wb.save(path)
    return path


def test_owner_charts_and_rules_on_our_sheets_are_found(tmp_path):
    from xlclientrank.excel.live import owner_places_lost

    path = _dashboard(tmp_path)
    assert owner_places_lost(path, SHEET_NAMES) == [
        "a chart on sheet 'Dashboard'", "conditional formatting on sheet 'Dashboard'",
        "data validation on sheet 'Dashboard'"]
    assert [(k.sheet, k.ref) for k in owner_references(path, SHEET_NAMES)] == [("Dashboard", "A1")]
    assert owner_places_lost(SAMPLE, SHEET_NAMES) == [] and owner_references(SAMPLE, SHEET_NAMES) == []


def test_the_owner_is_told_which_of_their_charts_and_rules_rerank_breaks(tmp_path):
    path = _dashboard(tmp_path)
    book = FileBook(path)
    assert rerank_live(book) is not None
    assert len(book.alerts) == 1 and book.alerts[0].startswith("The ranking is updated")
    assert "a chart on sheet 'Dashboard'" in book.alerts[0] and "#REF!" in book.alerts[0]


def test_an_error_about_the_advisors_copy_names_that_file(tmp_path):
    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    (tmp_path / "live - for advisor.xlsx").mkdir()  # something in the way: kept, the copy is numbered
    (tmp_path / "~$live - for advisor (2).xlsx").write_bytes(b"")  # and that name is open in Excel
    book = FileBook(live)
    assert share_live(book) is None
    assert book.alerts == [f"{tmp_path / 'live - for advisor (2).xlsx'}: is open in Excel (its lock file is there); "
                           "close it in Excel and try again"]
    assert (tmp_path / "live - for advisor.xlsx").is_dir()


def test_a_second_share_keeps_the_first_copy_and_numbers_the_new_one(tmp_path):
    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    first = share_live(FileBook(live))
    assert first == tmp_path / "live - for advisor.xlsx"
    first.write_bytes(b"the advisor's notes")  # the first copy, since changed by its reader
    again = FileBook(live)
    assert share_live(again) == tmp_path / "live - for advisor (2).xlsx"
    assert first.read_bytes() == b"the advisor's notes"
    assert ("'live - for advisor.xlsx' was already there and is kept; this copy has the next free number."
            in again.alerts[0])


def test_share_anonymously_writes_its_own_copy_and_keeps_who_is_who_in_the_workbook(tmp_path):
    from openpyxl import load_workbook

    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    named = share_live(FileBook(live))
    book = FileBook(live)
    out = share_live(book, anonymize=True)
    assert out == tmp_path / "live - for advisor (anonymous).xlsx" and named.exists()
    assert book.questions == ["Send your whole workbook to your advisor, anonymously?\n\nIn the copy your clients "
                              "are called Client 001, Client 002, ... and e-mail addresses and phone numbers are "
                              "removed. Who is who goes into this workbook, on the sheet 'ClientRank Aliases'.\n\n"
                              "Yes: the whole workbook, your own sheets too, with every client name replaced.\n\n"
                              "No: only the ranking (summary, ranking, settings, history), in a small workbook of "
                              "its own."]
    assert book.alerts == [f"The anonymous copy of the ranking for your advisor is ready:\n{out}\n\nClients are "
                           "shown as Client 001, Client 002, ... The who-is-who list is in this workbook, sheet "
                           "'ClientRank Aliases' (a visible sheet, so that you can look clients up): do not send "
                           "'live.xlsx' itself. Save this workbook to keep the list.\n\nIt opens in Excel, "
                           "LibreOffice, Google Sheets and Numbers, without Client Rank."]
    wb = load_workbook(live, read_only=True)
    assert wb["ClientRank Aliases"].sheet_state == "visible"
    who = {r[0]: r[1] for r in wb["ClientRank Aliases"].iter_rows(min_row=4, values_only=True)}
    top = {int(r[0]): r[1] for r in ranking_rows(named)[1]}
    anonymous = {int(r[0]): r[1] for r in ranking_rows(out)[1]}
    assert len(who) == len(top) == 150 and anonymous[1] == "Client 001" and who["Client 001"] == top[1]
    assert all(who[anonymous[rank]] == top[rank] for rank in top)
    assert not set(top.values()) & set(anonymous.values())


def test_share_anonymously_never_leaves_a_copy_without_its_who_is_who_list(tmp_path):
    live = tmp_path / "live.xlsx"
    shutil.copyfile(SAMPLE, live)
    before = live.read_bytes()
    book = FileBook(live)

    def fails(*args, **kwargs):
        raise RuntimeError("Excel could not copy the sheet")

    book.replace_sheets = fails
    assert share_live(book, anonymize=True) is None
    assert not (tmp_path / "live - for advisor (anonymous).xlsx").exists() and live.read_bytes() == before
    assert book.alerts == ["Something went wrong inside Client Rank (RuntimeError: Excel could not copy the sheet). "
                           "Your workbook was not changed. Please report this."]

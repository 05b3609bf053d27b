"""The ribbon buttons' xlwings side (macro.py) against a model of Excel (tests/doubles/excel.py):
a Mac's appscript ``.api`` and Windows' COM ``.api``, application settings, grouped copies, sheet
names, links, #REF!, events, cloud workbooks, versions, and a failure at every step."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

import xlclientrank
import xlclientrank.excel.macro as m
import xlclientrank.excel.platforms as platforms
import xlclientrank.excel.run_status as run_status
from tests.doubles.excel import App, Book, NoBook
from tests.helpers import SAMPLE, run_cli
from xlclientrank.names import SHEETS
from xlclientrank.ooxml.splice import MARK

OURS = ["ClientRank Summary", "Ranking", "ClientRank Settings", "ClientRank Methodology", "Rank History",
        "ClientRank Calibration"]
NOTES = "Client Notes"  # the owner's sheet the first Re-rank makes, after ours
DEFAULTS = {"display_alerts": True, "screen_updating": True, "enable_events": True, "calculation": "automatic"}


@pytest.fixture(autouse=True)
def status_folder(tmp_path, monkeypatch):
    folder = tmp_path / "status"
    monkeypatch.setenv("XLCLIENTRANK_STATUS_DIR", str(folder))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    return folder


def last_run(folder: Path) -> dict:
    return json.loads((folder / "last-run.json").read_text(encoding="utf-8"))


def excel(tmp_path, monkeypatch, mac=True, name="clients.xlsx", answer="ok"):
    """Excel with the sample client list open (as ``name``), and RunPython's caller pointing at it."""
    monkeypatch.setattr(platforms, "WINDOWS", not mac)
    app = App(mac=mac, answer=answer)
    path = tmp_path / "docs" / name
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(SAMPLE, path)
    formulas = {"Z1": "=Ranking!B5", "Z2": "='Rank History'!C3+1", "Z3": "=SUM(B2:B9)"}
    from openpyxl import load_workbook

    wb = load_workbook(path)  # the saved file has what the open workbook has
    for ref, f in formulas.items():
        wb.worksheets[0][ref] = f
    wb.save(path)
    book = Book.from_file(app, path)
    book.sheet_list[0].formulas = dict(formulas)
    monkeypatch.setattr(m, "book_caller", lambda: (app, book))
    return app, book


def saved(book: Book) -> None:
    """The workbook's file as Excel saves the open workbook after a Re-rank (the double's sheet copies
    live in the model only): the file ranked by the command, as the button ranked its copy."""
    code, _, err = run_cli("rerank", book.path)
    assert code == 0, err


def check_ranked(app: App, book: Book, owner_sheets: list[str]) -> None:
    """Ranked: ``owner_sheets`` (the owner's, in their order) then ours, or, at the first Re-rank, ours
    then the notes sheet it made."""
    notes = [NOTES] if NOTES not in owner_sheets else []
    assert [s.name for s in book.sheet_list] == owner_sheets + OURS + notes
    assert [s.name for s in book.sheet_list if not s.visible] == ["ClientRank Calibration"]
    assert app.settings() == DEFAULTS and app.clipboard is None
    assert len(book.selected) == 1 and book.selected[0] is book.active_sheet  # not grouped
    marks = {n.name: n.refers_to for n in book.names.items if MARK in n.name}
    assert marks == {MARK + k: f"='{v}'!$A$1" for k, v in zip(
        ("summary", "ranking", "settings", "methodology", "history", "calibration", "notes"), OURS + [NOTES])}
    assert all(n.hidden for n in book.names.items if MARK in n.name)
    ranking = book.sheets["Ranking"]
    assert ranking.refs == {(None, "ClientRank Methodology"), (None, "Rank History")}  # inside, no link
    assert not book.links()
    assert all(o["read_only"] is not False for o in app.opened)
    assert all(o["read_only"] and o["update_links"] is False and o["enable_events"] is False for o in app.opened)
    assert app.workbook_open_ran == [] and [b.name for b in app.books.items] == [book.name]
    assert app.recalculated >= 1 and app.status_bar is False


@pytest.mark.parametrize("mac", [True, False], ids=["mac", "windows"])
def test_rerank_twice(tmp_path, monkeypatch, status_folder, mac):
    app, book = excel(tmp_path, monkeypatch, mac=mac)
    owner_sheets = [s.name for s in book.sheet_list]
    status = m.rerank(xlclientrank.__version__)
    assert app.alerts == [] and status["ok"] is True, app.alerts
    check_ranked(app, book, owner_sheets)
    assert book.active_sheet.name == owner_sheets[0]  # the sheet the owner was on
    assert last_run(status_folder)["result"]["clients"] > 0
    # the owner builds on our sheets; the second Re-rank copies in 'Ranking (2)' ... first
    book.names.add("TopClients", "='Ranking'!$B$2:$B$20")
    new_filter = book.names["Ranking!_FilterDatabase"].refers_to
    book.names["Ranking!_FilterDatabase"].refers_to = "=Ranking!$A$21:$R$99"  # as an older ranking left it
    book.sheets["Ranking"].select()
    app.steps.clear()
    saved(book)
    status = m.rerank(xlclientrank.__version__)
    assert status["ok"] is True, app.alerts
    check_ranked(app, book, owner_sheets + [NOTES])  # our new sheets go after the last visible sheet
    assert book.active_sheet.name == "Ranking"
    assert any(s.startswith("rename") for s in app.steps)
    assert app.steps.index("delete:Ranking") > max(i for i, s in enumerate(app.steps) if s.startswith("copy"))
    owner = book.sheet_list[0]
    assert owner.formulas == {"Z1": "=Ranking!B5", "Z2": "='Rank History'!C3+1", "Z3": "=SUM(B2:B9)"}
    assert book.names["TopClients"].refers_to == "='Ranking'!$B$2:$B$20"
    assert book.names["Ranking!_FilterDatabase"].refers_to == new_filter  # the new sheet's own
    assert "'Rank History'!Print_Titles" in [n.name for n in book.names]


def test_a_mac_api_has_no_com_names(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch, mac=True)
    for com in ("SaveCopyAs", "Sheets", "FullName", "LinkSources"):
        with pytest.raises(AttributeError):
            getattr(book.api, com)
    with pytest.raises(AttributeError):
        _ = app.api.CalculateFull
    assert m.rerank()["ok"] is True  # an add-in from before the version check passes none


@pytest.mark.parametrize("answer", ["ok", "cancel"])
def test_on_a_mac_unsaved_edits_are_saved_after_asking(tmp_path, monkeypatch, status_folder, answer):
    app, book = excel(tmp_path, monkeypatch, mac=True, answer=answer)
    book.saved = False
    before = book.state()
    status = m.rerank(xlclientrank.__version__)
    assert len(app.questions) == 1 and "Save your workbook now" in app.questions[0]
    if answer == "ok":
        assert "save" in app.steps and status["ok"] is True
    else:
        assert "save" not in app.steps and status["ok"] is False and app.alerts == []
        assert book.state() == before and app.opened == []


def state_and_settings(app, book):
    return book.state(), app.settings()


# steps before our old sheets are deleted: the workbook must be as it was
BEFORE_DELETE = {"mac": ["open", "copy:Ranking", "copy:Rank History", "visible:ClientRank Calibration (2)",
                         "delete:ClientRank Summary"],
                 "windows": ["open", "copy", "visible:ClientRank Calibration (2)", "delete:ClientRank Summary"]}
AFTER_DELETE = {"mac": ["delete:ClientRank Settings", "rename", "links", "names.add"],
                "windows": ["delete:ClientRank Settings", "rename", "names.add"]}


@pytest.mark.parametrize("mac,step", [(p == "mac", s) for p, steps in BEFORE_DELETE.items() for s in steps])
def test_a_failure_before_the_old_sheets_go_leaves_the_workbook_as_it_was(tmp_path, monkeypatch, mac, step):
    app, book = excel(tmp_path, monkeypatch, mac=mac)
    assert m.rerank()["ok"] is True
    before = state_and_settings(app, book)
    app.fail = {step}
    app.alerts.clear()
    status = m.rerank()
    assert status["ok"] is False and step in app.steps
    assert state_and_settings(app, book) == before
    assert len(app.alerts) == 1 and "Your workbook was not changed" in app.alerts[0], app.alerts
    assert "Traceback" not in app.alerts[0] and app.status_bar is False
    assert [b.name for b in app.books.items] == [book.name]  # the ranked copy is closed


@pytest.mark.parametrize("mac", [True, False], ids=["mac", "windows"])
def test_a_failed_first_copy_takes_the_names_it_brought_back_out(tmp_path, monkeypatch, mac):
    app, book = excel(tmp_path, monkeypatch, mac=mac)
    book.sheet_list[0].formulas = {}  # no sheet of ours yet, so nothing can refer to one
    before = state_and_settings(app, book)
    app.fail = {"copy:Rank History" if mac else "visible:ClientRank Calibration"}
    if not mac:  # the first of the two visibility changes is the ranked copy's own: let it pass
        calls = []
        orig = app.step

        def step(name):
            calls.append(name)
            if name == "visible:ClientRank Calibration" and calls.count(name) == 1:
                return
            orig(name)
        app.step = step
    assert m.rerank()["ok"] is False
    assert state_and_settings(app, book) == before and "not changed" in app.alerts[0]


@pytest.mark.parametrize("mac,step", [(p == "mac", s) for p, steps in AFTER_DELETE.items() for s in steps])
def test_a_failure_after_the_old_sheets_go_says_so(tmp_path, monkeypatch, mac, step):
    app, book = excel(tmp_path, monkeypatch, mac=mac)
    assert m.rerank()["ok"] is True
    app.fail = {step}
    app.alerts.clear()
    assert m.rerank()["ok"] is False and step in app.steps
    assert len(app.alerts) == 1 and app.alerts[0].startswith("Client Rank stopped part-way")
    assert "not changed" not in app.alerts[0]
    assert app.settings() == DEFAULTS and [b.name for b in app.books.items] == [book.name]


def test_settings_are_restored_when_opening_the_ranked_copy_fails(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch)
    app.screen_updating, app.calculation = False, "semiautomatic"  # the owner's own choices come back too
    app.fail = {"open"}
    m.rerank()
    assert app.opened == [] and app.settings() == {**DEFAULTS, "screen_updating": False,
                                                   "calculation": "semiautomatic"}


def test_a_ranked_copy_that_will_not_close_spoils_nothing(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch, mac=False)
    app.fail = {"close"}
    assert m.rerank()["ok"] is True and app.alerts == []
    assert [s.name for s in book.sheet_list][-len(OURS) - 1:] == OURS + [NOTES] and app.settings() == DEFAULTS


def test_a_formula_that_cannot_be_put_back_is_named_and_the_rerank_still_finishes(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch)
    assert m.rerank()["ok"] is True
    saved(book)
    app.fail = {"formula"}
    recalculated = app.recalculated
    assert m.rerank()["ok"] is True
    assert app.recalculated == recalculated + 1 and len(app.alerts) == 1
    assert app.alerts[0].startswith("The ranking is updated") and "'Clients'!Z1" in app.alerts[0]
    assert "'Clients'!Z2" in app.alerts[0] and "Z3" not in app.alerts[0]


def test_sheet_level_names_know_their_sheet():
    assert m.sheet_scope("'Rank History'!Print_Titles") == "Rank History"
    assert m.sheet_scope("Ranking!_FilterDatabase") == "Ranking" and m.sheet_scope("TopClients") == ""
    assert m.sheet_scope("'Owner''s'!x") == "Owner's"


def test_a_workbook_named_like_the_ranked_output_still_reranks(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch, name="ranked.xlsx")
    assert m.rerank()["ok"] is True, app.alerts


def test_the_owners_own_sheet_named_ranking_is_left_alone(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch)
    from tests.doubles.excel import Sheet

    book.sheet_list.append(Sheet(book, "Ranking"))
    before = state_and_settings(app, book)
    assert m.rerank()["ok"] is False
    assert "has its own sheet 'Ranking'; rename it" in app.alerts[0]
    assert state_and_settings(app, book) == before and app.opened == []


# ---------------------------------------------------------------- OneDrive / SharePoint

URL = "https://acme-my.sharepoint.com/personal/owner/Documents/clients.xlsx"


@pytest.mark.parametrize("mac", [True, False], ids=["mac", "windows"])
def test_an_unsynced_cloud_workbook_never_raises_from_fullname(tmp_path, monkeypatch, mac):
    app, book = excel(tmp_path, monkeypatch, mac=mac)
    (tmp_path / "home").mkdir()
    book.url = URL
    with pytest.raises(Exception, match="Couldn't find your local OneDrive file"):  # what xlwings raises
        _ = book.fullname
    m.XlwingsBook(book)  # reads no fullname
    status = m.share(xlclientrank.__version__)
    assert len(app.alerts) == 1 and "Traceback" not in app.alerts[0]
    assert "Save your workbook first" not in app.alerts[0]
    if mac:  # a Mac has no SaveCopyAs: the copy is the synced file, and there is none
        assert status["ok"] is False and "no synced folder" in app.alerts[0]
    else:  # SaveCopyAs works for it; the advisor's copy goes to a folder the owner has (next test)
        assert status["ok"] is True, app.alerts


def test_share_of_an_unsynced_cloud_workbook_on_windows_goes_to_documents(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch, mac=False)
    book.url = URL
    docs = tmp_path / "home" / "Documents"
    docs.mkdir(parents=True)
    status = m.share(xlclientrank.__version__)
    assert status["ok"] is True, app.alerts
    out = Path(status["result"]["path"])
    assert out == docs / "clients - for advisor.xlsx" and out.exists()
    assert str(out) in app.alerts[0] and "Documents folder" in app.alerts[0]


@pytest.mark.parametrize("mac", [True, False], ids=["mac", "windows"])
def test_share_of_a_synced_cloud_workbook_goes_beside_the_synced_file(tmp_path, monkeypatch, mac):
    app, book = excel(tmp_path, monkeypatch, mac=mac)
    book.url, book.synced = URL, book.path
    status = m.share(xlclientrank.__version__)
    assert status["ok"] is True, app.alerts
    assert Path(status["result"]["path"]) == book.path.with_name("clients - for advisor.xlsx")


def test_share_asks_through_xlwings_yes_no_cancel_and_a_self_test_is_not_asked(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch, mac=False)
    book.url, book.synced = URL, book.path
    app.share_answer = "yes"
    status = m.share(xlclientrank.__version__)
    assert status["ok"] is True, app.alerts
    assert app.questions and app.questions[-1].startswith("Send your whole workbook")
    assert Path(status["result"]["path"]) == book.path.with_name("clients - whole workbook for advisor.xlsx")
    asked = len(app.questions)
    status = m.share(xlclientrank.__version__, quiet=True)  # the self-test's ShareActiveWorkbook
    assert status["ok"] is True and len(app.questions) == asked
    assert Path(status["result"]["path"]) == book.path.with_name("clients - for advisor.xlsx")


@pytest.mark.parametrize("mac", [True, False], ids=["mac", "windows"])
def test_share_anonymously_reaches_python_with_the_anonymous_option(tmp_path, monkeypatch, status_folder, mac):
    """The ribbon's Share anonymously (macro.share_anonymously): its own copy, who is who in a
    visible sheet of the open workbook marked as ours, kept through a Re-rank, replaced by the next
    anonymous copy, which is numbered instead of writing over the first."""
    from tests.helpers import ranking_rows

    app, book = excel(tmp_path, monkeypatch, mac=mac)
    owner_sheets = [s.name for s in book.sheet_list]
    status = m.share_anonymously(xlclientrank.__version__)
    assert status["ok"] is True, app.alerts
    out = book.path.with_name("clients - for advisor (anonymous).xlsx")
    assert status["result"] == {"path": str(out), "anonymous": True} and out.exists()
    assert last_run(status_folder)["command"] == "share anonymously"
    assert len(app.questions) == 1 and app.questions[0].startswith("Send your whole workbook to your advisor, "
                                                                   "anonymously?")
    assert [r[1] for r in ranking_rows(out)[1][:2]] == ["Client 001", "Client 002"]
    assert [(s.name, s.visible) for s in book.sheet_list] == [(n, True) for n in owner_sheets] + [
        ("ClientRank Aliases", True)]
    assert {n.name: n.refers_to for n in book.names.items if MARK in n.name} == {
        MARK + "aliases": "='ClientRank Aliases'!$A$1"}
    assert "do not send 'clients.xlsx' itself" in app.alerts[0] and app.settings() == DEFAULTS
    assert m.rerank(xlclientrank.__version__)["ok"] is True, app.alerts
    assert book.names[MARK + "aliases"].refers_to == "='ClientRank Aliases'!$A$1"
    status = m.share_anonymously(xlclientrank.__version__)
    assert status["ok"] is True, app.alerts
    assert status["result"]["path"] == str(out.with_name("clients - for advisor (anonymous) (2).xlsx"))
    assert [s.name for s in book.sheet_list].count("ClientRank Aliases") == 1
    assert sorted(n.name for n in book.names.items if MARK in n.name) == sorted(
        [MARK + "aliases", MARK + "notes"] + [MARK + key for key, _ in SHEETS])  # Re-rank's, the notes', who-is-who's


# ---------------------------------------------------------------- versions

def test_a_different_addin_version_refuses_and_names_both(tmp_path, monkeypatch, status_folder):
    app, book = excel(tmp_path, monkeypatch)
    before = book.state()
    for button in (m.rerank, m.share, m.settings):
        app.alerts.clear()
        status = button("0.0.9")
        assert status["ok"] is False and len(app.alerts) == 1
        text = app.alerts[0]
        assert "0.0.9" in text and xlclientrank.__version__ in text
        assert "xlclientrank install" in text and "restart Excel" in text
    assert book.state() == before and app.opened == []
    assert last_run(status_folder)["addin_version"] == "0.0.9"


def test_a_different_xlwings_refuses_and_says_the_fix(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch)
    monkeypatch.setattr(run_status, "installed_xlwings_version", lambda: "0.33.1")
    assert m.rerank(xlclientrank.__version__)["ok"] is False
    assert "xlwings 0.37.8" in app.alerts[0] and "0.33.1" in app.alerts[0]
    assert 'pip install "xlwings==0.37.8"' in app.alerts[0] and app.opened == []


def test_the_xlwings_version_is_the_one_of_the_addins_vba():
    from xlclientrank.excel.build import xlwings_vba_version

    assert m.XLWINGS_VBA == xlwings_vba_version()
    assert m.version_problem(xlclientrank.__version__, m.XLWINGS_VBA) is None
    assert m.version_problem(None, m.XLWINGS_VBA) is None


# ---------------------------------------------------------------- no workbook, errors

class FakeApps:
    def __init__(self, app):
        self.active = app


def test_no_workbook_open_says_open_one(monkeypatch, status_folder):
    import xlwings as xw

    app = App()
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: (_ for _ in ()).throw(Exception("no caller"))))
    monkeypatch.setattr(xw, "apps", FakeApps(app))
    status = m.rerank(xlclientrank.__version__)
    assert app.alerts == [m.NO_WORKBOOK] and status["ok"] is False
    assert last_run(status_folder)["message"] == m.NO_WORKBOOK


def test_the_addin_itself_is_never_ranked(monkeypatch):
    import xlwings as xw

    app = App()
    addin = Book(app, "xlclientrank.xlam", register=False)
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: addin))
    assert isinstance(app.books.active, NoBook)
    assert m.rerank(xlclientrank.__version__)["ok"] is False and app.alerts == [m.NO_WORKBOOK]
    m.help()
    assert "Re-rank" in app.alerts[-1]  # Help works without a workbook


def test_an_unexpected_error_is_a_message_box(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch)
    monkeypatch.setattr(m, "rerank_live", lambda b: 1 / 0)
    status = m.rerank()
    assert status["ok"] is False and "ZeroDivisionError" in app.alerts[0]


def test_help_button_runs(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch)
    m.help(xlclientrank.__version__)
    assert "Re-rank" in app.alerts[0]


def test_settings_button_opens_the_settings_sheet(tmp_path, monkeypatch):
    app, book = excel(tmp_path, monkeypatch)
    assert m.settings(xlclientrank.__version__)["ok"] is True
    assert book.active_sheet.name == "ClientRank Settings" and len(book.selected) == 1


# ---------------------------------------------------------------- the self-test

def test_quiet_runs_show_no_message_box_and_leave_the_status(tmp_path, monkeypatch, status_folder):
    app, book = excel(tmp_path, monkeypatch)
    status = m.rerank("9.9.9", quiet=True)
    assert app.alerts == [] and status["ok"] is False and "9.9.9" in status["message"]
    run = last_run(status_folder)
    assert run["command"] == "rerank" and run["state"] == "done" and run["ok"] is False
    assert run["package_version"] == xlclientrank.__version__


def test_a_fresh_selftest_marker_silences_the_boxes_and_a_stale_one_does_not(tmp_path, monkeypatch, status_folder):
    app, book = excel(tmp_path, monkeypatch)
    status_folder.mkdir(parents=True, exist_ok=True)
    marker = status_folder / m.SELFTEST_MARKER
    marker.write_text("")
    status = m.share(xlclientrank.__version__)
    assert app.alerts == [] and status["ok"] is True and "ready" in last_run(status_folder)["message"]
    old = time.time() - m.SELFTEST_FRESH_SECONDS - 60
    os.utime(marker, (old, old))
    m.share(xlclientrank.__version__)
    assert len(app.alerts) == 1 and "ready" in app.alerts[0]


def test_the_selftest_marker_answers_the_share_question(tmp_path, monkeypatch, status_folder):
    """Quiet, the Share button asks nothing: the ranking-only copy, or the whole workbook when the
    self-test's marker says so (its step 8)."""
    from xlclientrank.excel import run_status

    app, book = excel(tmp_path, monkeypatch)
    run_status.mark_selftest()
    assert run_status.selftest_answer() == "no"
    status = m.share(xlclientrank.__version__)
    assert app.alerts == [] and status["ok"] is True and "for advisor.xlsx" in status["result"]["path"]
    assert "whole workbook" not in status["result"]["path"]
    run_status.mark_selftest(run_status.SHARE_WHOLE)
    status = m.share(xlclientrank.__version__)
    assert app.alerts == [] and status["ok"] is True and "whole workbook for advisor.xlsx" in status["result"]["path"]
    run_status.unmark_selftest()
    assert not (status_folder / m.SELFTEST_MARKER).exists() and run_status.selftest_answer() == "no"

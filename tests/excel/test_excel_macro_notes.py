"""The Re-rank button and the owner's 'Client Notes' in the workbook Excel has open (live_notes.py,
xlwings_notes.py), against the model of Excel in tests/doubles (cells, formats, drop-downs, Paste
Special: tests/doubles/excel_cells.py).

The first click copies the notes sheet the run made into the open workbook. For the second click the
workbook is opened again from its file, saved as Excel saves it (ranked by the command, as the button
ranks its copy, then the owner's typing), with one client gone from the list and one new."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.styles import Font

import xlclientrank
import xlclientrank.excel.macro as m
import xlclientrank.excel.platforms as platforms
from tests.doubles.excel import App, Book
from tests.doubles.excel_cells import Formula, entered
from tests.helpers import make_workbook, run_cli
from xlclientrank.excel.live_notes import Layout, layout
from xlclientrank.excel.xlwings_notes import as_text, runs
from xlclientrank.jobs.client_notes import Kept
from xlclientrank.ooxml.splice import MARK
from xlclientrank.stored.notes import HEADER_ROW as H

NOTES = "Client Notes"
FIRST = {"Acme Ltd": (12000, 14), "Bolt & Co": (800, 3), "Cedar Vets": (5400, 9), "Delta Cafe": (300, 2),
         "Elm Dental": (9100, 11)}
# Bolt & Co is gone; a new client whose name Excel would take for a formula if written as it is
SECOND = {"Acme Ltd": (11000, 12), "Cedar Vets": (6000, 10), "Delta Cafe": (280, 2), "Elm Dental": (9900, 12),
          "=Gale Garage": (4000, 6)}


@pytest.fixture(autouse=True)
def status_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XLCLIENTRANK_STATUS_DIR", str(tmp_path / "status"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))


def client_list(path: Path, clients: dict) -> Path:
    """The owner's list (Client, Revenue, Orders) on the sheet Clients, written into ``path``."""
    if not path.exists():
        return make_workbook(path, [["Client", "Revenue", "Orders"]] + [[n, r, o] for n, (r, o) in clients.items()])
    wb = load_workbook(path)
    ws = wb["Clients"]
    ws.delete_rows(2, ws.max_row)
    for i, (name, (revenue, orders)) in enumerate(clients.items(), start=2):
        ws.cell(i, 1).value, ws.cell(i, 1).data_type = name, "s"  # text, also "=Gale Garage"
        ws.cell(i, 2, revenue)
        ws.cell(i, 3, orders)
    wb.save(path)
    return path


def open_in_excel(monkeypatch, path: Path, mac: bool) -> tuple[App, Book]:
    monkeypatch.setattr(platforms, "WINDOWS", not mac)
    app = App(mac=mac)
    book = Book.from_file(app, path)
    monkeypatch.setattr(m, "book_caller", lambda: (app, book))
    return app, book


def header(grid, row: int) -> dict[str, int]:
    """Header text -> 1-based column, of ``row``."""
    return {v: c for (r, c), v in grid.values.items() if r == row and isinstance(v, str)}


def entries(grid) -> dict[str, int]:
    """Client -> 1-based row, below the notes' header."""
    return {str(v): r for (r, c), v in grid.values.items() if c == 1 and r > H}


@pytest.mark.parametrize("mac", [True, False], ids=["mac", "windows"])
def test_the_first_click_adds_the_notes_sheet_after_ours_marked_as_the_notes(tmp_path, monkeypatch, mac):
    (tmp_path / "docs").mkdir()
    path = client_list(tmp_path / "docs" / "clients.xlsx", FIRST)
    app, book = open_in_excel(monkeypatch, path, mac)
    assert m.rerank(xlclientrank.__version__)["ok"] is True, app.alerts
    assert app.alerts == []
    names = [s.name for s in book.sheet_list]
    assert names[0] == "Clients" and names[-1] == NOTES and names.count(NOTES) == 1
    assert book.names[MARK + "notes"].refers_to == f"='{NOTES}'!$A$1" and book.names[MARK + "notes"].hidden
    grid = book.sheets[NOTES].grid
    head = header(grid, H)
    assert list(head) == ["Client", "Fit (1-5)", "Complaints", "Referrals", "Decision", "Notes", "In this ranking"]
    rows = entries(grid)
    assert set(rows) == set(FIRST) and all(grid.values[(r, head["In this ranking"])] == "Yes" for r in rows.values())
    assert all(grid.checks.get((r, head["Decision"]), ("",))[0] == "list" for r in rows.values())  # the drop-down


@pytest.mark.parametrize("mac", [True, False], ids=["mac", "windows"])
def test_the_second_click_keeps_what_the_owner_typed_and_appends_the_new_client_like_the_row_above(
        tmp_path, monkeypatch, mac):
    (tmp_path / "docs").mkdir()
    path = client_list(tmp_path / "docs" / "clients.xlsx", FIRST)
    code, _, err = run_cli("rerank", path, "--date", "2026-09-30")  # the first click, as saved
    assert code == 0, err
    wb = load_workbook(path)
    ws = wb[NOTES]
    head = {c.value: c.column for c in ws[H]}
    rows = {ws.cell(r, 1).value: r for r in range(H + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    ws.cell(rows["Acme Ltd"], head["Fit (1-5)"], 5)
    ws.cell(rows["Cedar Vets"], head["Decision"], "Grow")
    last = max(rows.values())
    ws.cell(last, head["Notes"], "call in May").font = Font(italic=True, color="FFC00000")  # the owner's format
    ws.cell(last, head["Fit (1-5)"]).font = Font(bold=True)
    wb.save(path)
    client_list(path, SECOND)
    app, book = open_in_excel(monkeypatch, path, mac)
    grid = book.sheets[NOTES].grid
    template = {c: grid.formats.get((last, c)) for c in head.values()}
    assert m.rerank(xlclientrank.__version__)["ok"] is True, app.alerts
    assert app.alerts == [] and app.clipboard is None and app.screen_updating is True
    got = entries(grid)
    assert got == {**rows, "=Gale Garage": last + 1}  # nothing moved; the new client at the bottom
    assert not isinstance(grid.values[(last + 1, 1)], Formula)                     # as text, not a formula
    assert grid.values[(rows["Acme Ltd"], head["Fit (1-5)"])] == 5                 # typed in the open book: kept
    assert grid.values[(rows["Cedar Vets"], head["Decision"])] == "Grow"
    assert grid.values[(last, head["Notes"])] == "call in May"
    marks = {name: grid.values[(r, head["In this ranking"])] for name, r in got.items()}
    assert marks == {**{n: "Yes" for n in SECOND}, "Bolt & Co": "No"}
    new = last + 1
    assert {c: grid.formats.get((new, c)) for c in head.values()} == template      # the row above's formats
    assert template[head["Notes"]] is not None and template[head["Notes"]][2]      # (italic: really copied)
    assert grid.checks.get((new, head["Decision"])) == grid.checks.get((last, head["Decision"])) is not None
    assert (new, head["Notes"]) not in grid.values                                 # formats, never values
    ranking = book.sheets["Ranking"].grid
    top = next(r for (r, c), v in ranking.values.items() if v == "Rank" and ranking.values.get((r, 2)) == "Client")
    cols = header(ranking, top)
    cedar = next(r for (r, c), v in ranking.values.items() if c == cols["Client"] and v == "Cedar Vets")
    assert ranking.values[(cedar, cols["Action"])] == "Grow"                        # the decision shows


def second_click(tmp_path, monkeypatch, mac=False) -> tuple[App, Book, Path]:
    """The workbook of the second click, open (see the test above)."""
    (tmp_path / "docs").mkdir()
    path = client_list(tmp_path / "docs" / "clients.xlsx", FIRST)
    assert run_cli("rerank", path, "--date", "2026-09-30")[0] == 0
    client_list(path, SECOND)
    app, book = open_in_excel(monkeypatch, path, mac)
    return app, book, path


def test_formats_excel_will_not_paste_leave_the_new_clients_in_and_say_how_to_copy_them(tmp_path, monkeypatch):
    app, book, _ = second_click(tmp_path, monkeypatch)
    app.fail = {f"paste formats:{NOTES}"}
    status = m.rerank(xlclientrank.__version__)
    assert status["ok"] is True and len(app.alerts) == 1 and "Format Painter" in app.alerts[0]
    assert "=Gale Garage" in entries(book.sheets[NOTES].grid) and app.clipboard is None


def test_a_write_excel_refuses_is_said_and_the_ranking_is_still_in(tmp_path, monkeypatch):
    app, book, _ = second_click(tmp_path, monkeypatch, mac=True)
    book.sheets[NOTES].grid.protected = True  # protected in Excel after the copy was saved
    status = m.rerank(xlclientrank.__version__)
    assert status["ok"] is True and len(app.alerts) == 1
    assert app.alerts[0].startswith("The ranking is updated, but writing the new clients and the 'In this ranking' "
                                    f"marks into '{NOTES}' stopped part-way") and "Click Re-rank again" in app.alerts[0]
    assert "=Gale Garage" not in entries(book.sheets[NOTES].grid)
    assert app.settings()["screen_updating"] is True and app.settings()["calculation"] == "automatic"


def test_an_owners_sheet_of_the_notes_name_that_appeared_meanwhile_is_left_and_said(tmp_path, monkeypatch):
    from tests.doubles.excel import Sheet

    (tmp_path / "docs").mkdir()
    path = client_list(tmp_path / "docs" / "clients.xlsx", FIRST)
    app, book = open_in_excel(monkeypatch, path, mac=False)
    own = Sheet(book, "client notes")  # not in the saved copy: the run makes its own
    own.grid.values[(1, 1)] = "my shopping list"
    book.sheet_list.append(own)
    assert m.rerank(xlclientrank.__version__)["ok"] is True
    assert [s.name.casefold() for s in book.sheet_list].count(NOTES.casefold()) == 1
    assert own in book.sheet_list and own.grid.values == {(1, 1): "my shopping list"}
    assert MARK + "notes" not in [n.name for n in book.names]
    assert len(app.alerts) == 1 and app.alerts[0].startswith(f"A sheet named '{NOTES}' is in your workbook now, so "
                                                             "Client Rank left it as it is")


# ---------------------------------------------------------------- the pieces

@given(st.text(max_size=30))
def test_text_written_through_as_text_is_what_excel_keeps(text):
    assert entered(as_text(text)) == (text or None)


def test_text_excel_would_misread_gets_the_text_mark_and_plain_names_do_not():
    assert entered("=Gale Garage") == Formula("=Gale Garage")  # what the mark prevents
    assert [as_text(t) for t in ("=Gale", "2024", "TRUE", "-5", "Acme Ltd", "Yes")] == [
        "'=Gale", "'2024", "'TRUE", "'-5", "Acme Ltd", "Yes"]


@given(st.sets(st.integers(1, 60)))
def test_runs_cover_the_rows_once_in_consecutive_blocks(rows):
    got = list(runs(sorted(rows)))
    assert [r for a, b in got for r in range(a, b + 1)] == sorted(rows)
    assert all(b2 > b1 + 1 for (_, b1), (b2, _) in zip(got, got[1:]))


def test_the_layout_of_a_runs_cells():
    # a mark changed in row 6, a header added in column G (row 4), two clients appended at 8-9 after row 7
    cells = {(4, 6): "In this ranking", (6, 6): "No", (8, 0): "New A", (8, 6): "Yes", (9, 0): "New B", (9, 6): "Yes"}
    assert layout(Kept("Client Notes", False, cells, 2, template=7)) == Layout([8, 9], 7)
    assert layout(Kept("Client Notes", False, {(5, 6): "No"}, 0, template=5)) == Layout([], None)
    # no client row before: the new ones keep their own formats (the header's would be wrong)
    assert layout(Kept("Client Notes", False, {(5, 0): "A", (5, 6): "Yes"}, 1)) == Layout([5], None)


def test_a_notes_sheet_protected_in_the_file_gets_nothing_written(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    path = client_list(tmp_path / "docs" / "clients.xlsx", FIRST)
    assert run_cli("rerank", path, "--date", "2026-09-30")[0] == 0
    wb = load_workbook(path)
    wb[NOTES].protection.sheet = True
    wb.save(path)
    client_list(path, SECOND)
    app, book = open_in_excel(monkeypatch, path, mac=False)
    before = book.sheets[NOTES].grid.copy()
    assert m.rerank(xlclientrank.__version__)["ok"] is True and app.alerts == []  # the summary says why
    assert book.sheets[NOTES].grid == before and not [w for w in app.writes if w[0] == NOTES]
    said = [v for s in book.sheet_list if s.name != NOTES for v in s.grid.values.values() if isinstance(v, str)]
    assert any(f"'{NOTES}' is protected, so 1 new client was not added" in v for v in said)

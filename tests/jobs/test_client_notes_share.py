"""The advisor's copies carry the owner's 'Client Notes': the copy of the ranking gets a sheet with
them, the whole workbook has them as the owner keeps them; anonymous copies show no real name, no
e-mail address and no entry for someone never ranked. Read back with python-calamine and the copy's
raw XML (every part), readers that are not ours."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.helpers import make_workbook, run_cli
from xlclientrank.stored.notes import HEADER_ROW as H

CLIENTS = {"Acme Ltd": 12000, "Bolt Joinery": 800, "Cedar Vets": 5400, "Delta Cafe": 300, "Elm Dental": 9100,
           "Fern Florist": 650}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    d = tmp_path_factory.mktemp("share-notes")
    path = make_workbook(d / "clients.xlsx", [["Client", "Revenue"]] + [[k, v] for k, v in CLIENTS.items()])
    assert run_cli("rerank", path, "--date", "2026-10-31")[0] == 0
    wb = load_workbook(path)
    ws = wb["Client Notes"]
    head = [c.value for c in ws[H]]
    rows = {ws.cell(r, 1).value: r for r in range(H + 1, ws.max_row + 1)}
    ws.cell(rows["Cedar Vets"], head.index("Fit (1-5)") + 1, 5)
    ws.cell(rows["Cedar Vets"], head.index("Notes") + 1, "Call back Acme Ltd's owner, anna@acme.example")
    ws.cell(rows["Delta Cafe"], head.index("Decision") + 1, "Reprice")
    ws.cell(ws.max_row + 1, 1, "Prospect Zeta")                      # someone never ranked
    wb.save(path)
    return path


def sheet(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def every_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_the_copy_of_the_ranking_has_the_notes(book, tmp_path):
    out = tmp_path / "copy.xlsx"
    code, _, err = run_cli("share", book, "--out", out)
    assert code == 0, err
    rows = sheet(out, "Client Notes")
    flat = [c for r in rows for c in r]
    assert "Cedar Vets" in flat and "Reprice" in flat and 5 in flat and "Prospect Zeta" in flat


@pytest.mark.parametrize("whole", [False, True])
def test_an_anonymous_copy_shows_the_notes_without_a_real_name(book, tmp_path, whole):
    out = tmp_path / "anon.xlsx"
    code, _, err = run_cli("share", book, "--anonymize", "--out", out, *(["--whole-workbook"] if whole else []))
    assert code == 0, err
    text = every_text(out)
    for name in list(CLIENTS) + ["anna@acme.example"]:
        assert name not in text, name
    rows = sheet(out, "Client Notes")
    flat = [str(c) for r in rows for c in r]
    assert "Reprice" in flat
    assert any(c.startswith("Call back") for c in flat)
    if not whole:  # the owner's whole workbook keeps the owner's own rows; the ranking's copy only the ranked
        assert "Prospect Zeta" not in text


def test_names_in_any_case_and_in_categories_stay_out_of_an_anonymous_copy(tmp_path):
    names = [f"Brook Farm {i:02d}" for i in range(30)]
    referrers = ["Brook Farm 00", "Brook Farm 01", "Brook Farm 02"]
    rows = [[n, 1000 * (30 - i), referrers[i % 3]] for i, n in enumerate(names)]
    path = make_workbook(tmp_path / "farms.xlsx", [["Client", "Revenue", "Referred by"]] + rows)
    assert run_cli("rerank", path, "--date", "2026-10-31")[0] == 0
    wb = load_workbook(path)
    ws = wb["Client Notes"]
    head = [c.value for c in ws[H]]
    ws.cell(H + 1, head.index("Notes") + 1, "met BROOK FARM 07's owner; call +44 20 7946 0958 or ann@farm.example")
    wb.save(path)
    for whole in ([], ["--whole-workbook"]):
        out = tmp_path / f"anon{len(whole)}.xlsx"
        code, _, err = run_cli("share", path, "--anonymize", "--out", out, *whole)
        assert code == 0, err
        text = every_text(out).lower()
        assert "brook farm" not in text and "ann@farm" not in text, whole
        # a phone number inside a text: taken out in the copy of the ranking; the whole workbook's
        # anonymizer takes out a cell that is a phone number (README, "Share with your advisor")
        assert ("7946" in text) == bool(whole)
        assert "referred by" in text                   # the category table is there, with aliases


def test_a_column_left_out_of_the_copy_is_left_out_of_its_notes(book, tmp_path):
    out = tmp_path / "dropped.xlsx"
    code, _, err = run_cli("share", book, "--out", out, "--drop-columns", "Notes")
    assert code == 0, err
    header = next(r for r in sheet(out, "Client Notes") if "Client" in r)
    assert "Notes" not in header and "Decision" in header

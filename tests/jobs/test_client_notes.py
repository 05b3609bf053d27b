"""The owner's 'Client Notes' through monthly runs of a changing export: made by the first run, kept
(values, the owner's own columns, their formats, the row order) and only added to afterwards; its
ratings count as factors, its decisions replace the tier's action, and a cell formula on a client's
row gives the Ranking's figures with a factor that lives in the notes.

The owner's edits between runs are made with openpyxl, which saves the whole workbook as Excel
would; what the runs wrote is read back with openpyxl and python-calamine."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from tests.doubles.xlwings_harness import call_with_caller, load_udf_module
from tests.formulas.test_udfs_calibration_columns import Caller, calibration_grid, one
from tests.helpers import make_workbook, ranking_rows, run_cli
from xlclientrank.jobs.rerank import rerank
from xlclientrank.stored.notes import HEADER_ROW as H

NOTES = "Client Notes"
MONTHS = [
    {"Acme Ltd": (12000, 14), "Bolt & Co": (800, 3), "Cedar Vets": (5400, 9), "Delta Cafe": (300, 2),
     "Elm Dental": (9100, 11), "Fern Florist": (650, 4)},
    # Bolt & Co is gone this month, Gale Garage is new
    {"Acme Ltd": (11000, 12), "Cedar Vets": (6000, 10), "Delta Cafe": (280, 2), "Elm Dental": (9900, 12),
     "Fern Florist": (700, 5), "Gale Garage": (4000, 6)},
    # Bolt & Co is back (its notes too), Hill Hotel is new
    {"Acme Ltd": (12500, 15), "Bolt & Co": (900, 3), "Cedar Vets": (6100, 10), "Delta Cafe": (250, 1),
     "Elm Dental": (9800, 12), "Fern Florist": (720, 5), "Gale Garage": (4200, 7), "Hill Hotel": (3000, 4)},
]


def export(path: Path, month: dict) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Customer", "Total Spent", "Orders"])
        for name, (spent, orders) in month.items():
            w.writerow([name, f"{spent:.2f}", orders])
    return path


def notes_rows(path: Path) -> tuple[list, list[list]]:
    ws = load_workbook(path)[NOTES]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Client")
    return rows[at], [r for r in rows[at + 1:] if r[0] is not None]


def action_of(path: Path) -> dict[str, str]:
    head, body = ranking_rows(path)
    return {r[head.index("Client")]: r[head.index("Action")] for r in body}


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    """The book after each of three monthly runs, the owner editing the notes after the first."""
    d = tmp_path_factory.mktemp("notes")
    book = d / "shop.xlsx"
    after = []
    code, _, err = run_cli("rerank", export(d / "shop.csv", MONTHS[0]), "--out", book, "--date", "2026-09-30")
    assert code == 0, err
    after.append(notes_rows(book))
    # the owner: ratings, a decision, a column of their own with a bold format, and the rows sorted Z-A
    wb = load_workbook(book)
    ws = wb[NOTES]
    head = [c.value for c in ws[H]]
    fit, decision, own = head.index("Fit (1-5)") + 1, head.index("Decision") + 1, len(head) + 1
    ws.cell(H, own, "Industry").font = Font(bold=True)
    names = sorted((ws.cell(r, 1).value for r in range(H + 1, ws.max_row + 1)), reverse=True)
    typed = {"Acme Ltd": (5, None, "Shops"), "Cedar Vets": (4, "Grow", "Vets"), "Delta Cafe": (1, "Refer elsewhere",
                                                                                                "Cafes"),
             "Bolt & Co": (2, "Reprice", "Shops")}
    for r, name in enumerate(names, start=H + 1):
        ws.cell(r, 1, name)
        f, dec, ind = typed.get(name, (None, None, None))
        ws.cell(r, fit, f)
        ws.cell(r, decision, dec)
        c = ws.cell(r, own, ind)
        c.font = Font(italic=True, color="FF0000")
    wb.save(book)
    for i, month in enumerate(MONTHS[1:], start=1):
        code, _, err = run_cli("rerank", export(d / "shop.csv", month), "--out", book, "--date",
                               f"2026-{10 + i - 1:02d}-{31 if i == 1 else 30}")
        assert code == 0, err
        after.append(notes_rows(book))
        if i == 1:
            second = d / "second.xlsx"
            second.write_bytes(book.read_bytes())
    return book, second, after, names


def test_the_first_run_makes_the_notes_with_one_row_per_client_in_rank_order(months):
    _, _, after, _ = months
    head, rows = after[0]
    assert head == ["Client", "Fit (1-5)", "Complaints", "Referrals", "Decision", "Notes", "In this ranking"]
    assert [r[0] for r in rows][:2] == ["Acme Ltd", "Elm Dental"]  # the best first
    assert {r[0] for r in rows} == set(MONTHS[0])
    assert all(r[1:6] == [None] * 5 and r[6] == "Yes" for r in rows)


def test_every_later_run_keeps_what_the_owner_typed_and_their_order_and_adds_new_clients_at_the_bottom(months):
    _, _, after, names = months
    head, rows = after[1]
    assert head[-1] == "Industry" and head[:7] == after[0][0]
    assert [r[0] for r in rows] == names + ["Gale Garage"]          # the owner's order, then the new client
    by = {r[0]: r for r in rows}
    assert by["Acme Ltd"][1] == 5 and by["Acme Ltd"][-1] == "Shops"
    assert by["Cedar Vets"][4] == "Grow" and by["Delta Cafe"][4] == "Refer elsewhere"
    assert by["Bolt & Co"][6] == "No" and by["Acme Ltd"][6] == "Yes"   # gone this month, never deleted
    assert by["Gale Garage"][1:7] == [None] * 5 + ["Yes"] and by["Gale Garage"][-1] is None
    head, rows = after[2]
    assert [r[0] for r in rows] == names + ["Gale Garage", "Hill Hotel"]
    by = {r[0]: r for r in rows}
    assert by["Bolt & Co"][6] == "Yes" and by["Bolt & Co"][1] == 2 and by["Bolt & Co"][4] == "Reprice"


def test_the_owners_formats_stay_and_new_rows_take_those_of_the_row_above(months):
    book, _, _, names = months
    ws = load_workbook(book)[NOTES]
    own = [c.value for c in ws[H]].index("Industry") + 1
    assert ws.cell(H, own).font.b
    last = H + len(names) + 2
    assert ws.cell(last, 1).value == "Hill Hotel"
    assert ws.cell(last, own).font.i and ws.cell(last, own).font.color.rgb.endswith("FF0000")
    decision = [c.value for c in ws[H]].index("Decision") + 1
    letter = ws.cell(H, decision).column_letter
    ranges = [str(v.sqref) for v in ws.data_validations.dataValidation if v.type == "list"]
    assert any(f"{letter}{last}" in _cells(r) for r in ranges), ranges   # the drop-down reaches new clients


def _cells(sqref: str) -> set[str]:
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    out = set()
    for part in sqref.split():
        c1, r1, c2, r2 = range_boundaries(part)
        out |= {f"{get_column_letter(c)}{r}" for c in range(c1, c2 + 1) for r in range(r1, r2 + 1)}
    return out


def test_decisions_replace_the_tiers_action_and_the_fit_counts_in_the_score(months):
    book, _, _, _ = months
    actions = action_of(book)
    assert actions["Cedar Vets"] == "Grow" and actions["Delta Cafe"] == "Refer elsewhere"
    assert actions["Bolt & Co"] == "Reprice"
    assert actions["Elm Dental"] not in ("Grow", "Reprice", "Refer elsewhere", "Protect")  # the tier's own
    settings = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("ClientRank Settings").to_python()
    fit = next(r for r in settings if len(r) > 3 and r[1] == "Fit (1-5)")
    assert fit[3] == 2                                             # the weight a Fit header has
    head, body = ranking_rows(book)
    assert "Fit (1-5)" in head                                      # a weighted factor, shown with the others


def test_the_first_run_lists_the_notes_factors_but_leaves_them_out_while_empty(tmp_path):
    month = MONTHS[0]
    book = tmp_path / "a.xlsx"
    assert run_cli("rerank", export(tmp_path / "a.csv", month), "--out", book)[0] == 0
    plain = tmp_path / "plain.xlsx"
    make_workbook(plain, [["Customer", "Total Spent", "Orders"]] + [[k, *v] for k, v in month.items()])
    before = rerank(plain, out=tmp_path / "plain ranked.xlsx")
    with_notes = rerank(book, today=dt.date.today())
    assert with_notes.ranking.table["Score"].tolist() == pytest.approx(before.ranking.table["Score"].tolist())
    assert {f.column for f in with_notes.ranking.config.weighted} == {"Total Spent", "Orders"}


def test_a_formula_on_a_clients_row_equals_the_ranking_with_a_factor_from_the_notes(months):
    _, second, _, _ = months
    mod = load_udf_module("xlclientrank.udfs")
    mod.invalidate()
    head, body = ranking_rows(second)
    want = {r[head.index("Client")]: (r[head.index("Rank")], r[head.index("Score")], r[head.index("Tier")])
            for r in body}
    data = CalamineWorkbook.from_path(str(second)).get_sheet_by_name("shop").to_python()
    rows = [r for r in data[1:] if r and r[0]]
    assert len(rows) == len(want)
    caller = Caller(calibration_grid(second), second.name)
    fits = {"Acme Ltd", "Cedar Vets", "Delta Cafe"}
    assert fits <= set(want)
    for row in rows:
        rank, score, tier = want[row[0]]
        assert one(call_with_caller(mod, "CLIENT_SCORE", caller, (tuple(row),))) == pytest.approx(score, abs=1e-9)
        assert one(call_with_caller(mod, "CLIENT_TIER", caller, (tuple(row),))) == tier
        assert one(call_with_caller(mod, "CLIENT_RANK", caller, (tuple(row),))) == rank
    mod.invalidate()


def _ranked_with_notes(tmp_path: Path, clients: dict) -> Path:
    path = make_workbook(tmp_path / "clients.xlsx", [["Client", "Revenue"]] + [[k, v[0]] for k, v in clients.items()])
    assert run_cli("rerank", path, "--date", "2026-09-30")[0] == 0
    return path


def test_a_notes_sheet_the_owner_renamed_is_found_by_our_mark_and_kept(tmp_path):
    path = _ranked_with_notes(tmp_path, MONTHS[0])
    wb = load_workbook(path)
    ws = wb[NOTES]
    ws.title = "My view"
    wb.defined_names["_xlclientrank.notes"].attr_text = "'My view'!$A$1"   # as Excel moves it along on a rename
    ws.cell(H + 1, [c.value for c in ws[H]].index("Fit (1-5)") + 1, 4)
    wb.save(path)
    make = load_workbook(path)["Clients"]
    make.append(["Gale Garage", 4000])
    make.parent.save(path)
    code, out, err = run_cli("rerank", path, "--date", "2026-10-31")
    assert code == 0, err
    wb = load_workbook(path)
    assert NOTES not in wb.sheetnames                       # no second notes sheet
    rows = [r for r in wb["My view"].iter_rows(min_row=H + 1, values_only=True)]
    assert rows[0][1] == 4 and rows[-1][0] == "Gale Garage"
    assert "added at the bottom of 'My view'" in out + err


def test_a_protected_notes_sheet_is_left_as_it_is_and_the_owner_told(tmp_path):
    path = _ranked_with_notes(tmp_path, MONTHS[0])
    wb = load_workbook(path)
    wb[NOTES].protection.sheet = True
    wb["Clients"].append(["Gale Garage", 4000])
    wb.save(path)
    code, out, err = run_cli("rerank", path, "--date", "2026-10-31")
    assert code == 0, err
    names = [r[0] for r in load_workbook(path)[NOTES].iter_rows(min_row=H + 1, values_only=True)]
    assert "Gale Garage" not in names
    assert "is protected" in out + err and "Unprotect Sheet" in out + err


def test_a_rating_column_the_owner_deleted_is_left_out_not_refused(tmp_path):
    path = _ranked_with_notes(tmp_path, MONTHS[0])
    wb = load_workbook(path)
    ws = wb[NOTES]
    ws.delete_cols([c.value for c in ws[H]].index("Fit (1-5)") + 1)
    wb.save(path)
    result = rerank(path, today=dt.date(2026, 10, 31))
    assert "Fit (1-5)" not in {f.column for f in result.ranking.config.weighted}
    assert "Fit (1-5)" in {f.column for f in result.settings.factors}      # its weight kept for when it is back


def test_a_run_with_the_same_clients_leaves_the_notes_sheet_byte_for_byte(tmp_path):
    import zipfile

    from xlclientrank.ooxml import sheet_edit
    from xlclientrank.ooxml.package import Package

    path = _ranked_with_notes(tmp_path, MONTHS[0])
    before = Package.read(path)
    part = sheet_edit.sheet_part(before, NOTES)
    assert run_cli("rerank", path, "--date", "2026-10-31")[0] == 0
    with zipfile.ZipFile(path) as z:
        assert z.read(part) == before.peek(part)


def test_a_row_that_names_its_client_by_number_finds_its_notes_value():
    import pandas as pd

    from xlclientrank import engine
    from xlclientrank.stored import calibration

    frame = pd.DataFrame({"Customer": ["Customer 1013", "Customer 1014", "Customer 1015"],
                          "Sales": [10.0, 20.0, 30.0], "Fit (1-5)": [5.0, 1.0, 3.0]})
    cfg = engine.RankConfig(factors=(engine.Factor("Sales", 1.0), engine.Factor("Fit (1-5)", 2.0)))
    ranking = engine.rank(frame, cfg, "Customer")
    cal = calibration.build(ranking, ["Customer ID", "Sales"], "Customer ID")  # Fit is no column of the sheet
    name, values = cal.row_values([1013, 10.0])
    assert values["Fit (1-5)"] == 5.0
    want = ranking.table.set_index("Client").loc["Customer 1013", "Score"]
    assert cal.score(values) == pytest.approx(want, abs=1e-9)


def test_a_notes_sheet_that_cannot_be_read_leaves_the_ranking_to_go_on(tmp_path, monkeypatch):
    """The reader refuses a sheet it cannot read (too large, damaged) with a WorkbookFileError; for
    the notes that ends in a note, never in a refused run (the reader's refusal is stood in for)."""
    from xlclientrank.errors import WorkbookFileError
    from xlclientrank.reader import values

    path = _ranked_with_notes(tmp_path, MONTHS[0])
    real = values.Workbook.grid

    def grid(self, sheet):
        if sheet == NOTES:
            raise WorkbookFileError("sheet 'Client Notes' is too large", file=str(path))
        return real(self, sheet)
    monkeypatch.setattr(values.Workbook, "grid", grid)
    before = load_workbook(path)[NOTES].max_row
    result = rerank(path, today=dt.date(2026, 10, 31))
    assert any("could not be read" in w and "not changed" in w for w in result.ranking.warnings)
    assert "Fit (1-5)" in {f.column for f in result.settings.factors}        # kept, left out while unknown
    assert load_workbook(path)[NOTES].max_row == before

"""Rank History over years of monthly runs: the layout, its limits, the conversion of the
earlier layout, ``--date``, and that every sheet we write stays within Excel's limits."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import SAMPLE, make_workbook, run_cli
from xlclientrank.jobs.rerank import rerank
from xlclientrank.reader.sources import ColumnGrid
from xlclientrank.stored import history, movement

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LABELS = ("Ideal", "Core", "Poor")
OURS = ("Ranking", "ClientRank Settings", "ClientRank Methodology", "Rank History", "ClientRank Calibration",
        "ClientRank Summary", "ClientRank Aliases")


def table(clients: dict[str, tuple[int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame({"Rank": [v[0] for v in clients.values()], "Client": list(clients),
                         "Score": [v[1] for v in clients.values()], "Tier": [v[2] for v in clients.values()]})


def assert_within_excel_limits(path: Path) -> None:
    """Every sheet of ours: at most 1,048,576 rows and 16,384 columns, no cell text over 32,767
    characters (shared strings included)."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        wb = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        shared = []
        if "xl/sharedStrings.xml" in names:
            shared = ["".join(si.itertext()) for si in etree.fromstring(z.read("xl/sharedStrings.xml"))]
        for sheet in wb.iter(f"{M}sheet"):
            if sheet.get("name") not in OURS:
                continue
            part = "xl/" + targets[sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")].lstrip("/").removeprefix("xl/")
            root = etree.fromstring(z.read(part))
            for c in root.iter(f"{M}c"):
                m = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r"))
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ord(ch) - 64
                assert int(m.group(2)) <= history.MAX_ROWS and col <= 16_384, (sheet.get("name"), c.get("r"))
                text = "".join(c.find(f"{M}is").itertext()) if c.find(f"{M}is") is not None else \
                    shared[int(c.find(f"{M}v").text)] if c.get("t") == "s" else ""
                assert len(text) <= history.MAX_CELL, (sheet.get("name"), c.get("r"), len(text))


# ---------------------------------------------------------------- the layout, run by run

def test_each_run_adds_to_one_row_per_client():
    h = history.empty()
    h, mv = history.update(h, table({"A": (1, 90.0, "Ideal"), "B": (2, 50.0, "Core")}), LABELS, dt.date(2026, 1, 31))
    assert mv.previous is None
    h, mv = history.update(h, table({"B": (1, 80.0, "Ideal"), "C": (2, 40.0, "Poor")}), LABELS, dt.date(2026, 2, 28))
    assert mv.marks == ["Up from Core", "New"] and mv.gone == [("A", "Ideal")] and mv.first_tier_before == 1
    h, mv = history.update(h, table({"a ": (1, 70.0, "Core"), "C": (2, 60.0, "Core")}), LABELS, dt.date(2026, 3, 31))
    rows = {r["Client"]: r for r in h.clients.to_dict("records")}
    assert rows["a "]["Tier by run"] == "Ideal | – | Core" and rows["a "]["Rank by run"] == "1 | – | 1"
    assert rows["B"]["Tier by run"] == "Core | Ideal | –" and rows["B"]["Last ranked"] == dt.date(2026, 2, 28)
    assert rows["B"]["Tier"] == "Ideal" and rows["C"]["Ranked since"] == dt.date(2026, 2, 28)
    assert rows["C"]["Score by run"] == "40.00 | 60.00"
    assert mv.marks == ["New", "Up from Poor"]   # A was not in the run before: new again
    assert list(h.runs["Clients"]) == [2, 2, 2] and list(h.runs["Ideal"]) == [1, 1, 0]


def test_a_second_run_for_the_same_date_replaces_it():
    h = history.empty()
    h, _ = history.update(h, table({"A": (1, 90.0, "Ideal"), "B": (2, 50.0, "Core")}), LABELS, dt.date(2026, 1, 31))
    h2, _ = history.update(h, table({"A": (1, 91.0, "Ideal"), "B": (2, 40.0, "Poor")}), LABELS, dt.date(2026, 2, 28))
    h3, mv = history.update(h2, table({"A": (2, 60.0, "Core"), "Z": (1, 99.0, "Ideal")}), LABELS,
                            dt.date(2026, 2, 28))
    assert list(h3.runs["Date"]) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
    rows = {r["Client"]: r for r in h3.clients.to_dict("records")}
    assert rows["A"]["Tier by run"] == "Ideal | Core" and rows["B"]["Tier by run"] == "Core | –"
    assert rows["B"]["Tier"] == "Core" and rows["B"]["Last ranked"] == dt.date(2026, 1, 31)  # back to its run before
    assert rows["Z"]["Tier by run"] == "Ideal"
    # compared with the ranking it replaces, and (when nothing changed) as that one was: with the run before
    assert mv.previous == dt.date(2026, 2, 28) and mv.same_day
    assert mv.marks == ["Down from Ideal", "New"] and mv.gone == [("B", "Poor")] and mv.first_tier_before == 1
    assert mv.instead is not None and mv.instead.previous == dt.date(2026, 1, 31) and not mv.instead.same_day
    assert mv.instead.marks == ["Down from Ideal", "New"] and mv.instead.gone == [("B", "Core")]


def test_a_date_before_the_last_run_is_refused():
    h, _ = history.update(history.empty(), table({"A": (1, 90.0, "Ideal")}), LABELS, dt.date(2026, 3, 31))
    with pytest.raises(history.SettingsError, match="before the last ranking .* \\(2026-03-31\\)"):
        history.update(h, table({"A": (1, 90.0, "Ideal")}), LABELS, dt.date(2026, 3, 30))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sets(st.sampled_from([f"C{i}" for i in range(12)]), min_size=1), min_size=1, max_size=14),
       st.randoms(use_true_random=False))
def test_invariants_over_any_sequence_of_runs(runs, rnd):
    """Per client: one entry per run since it was first ranked; its columns are its latest entry; the
    run table counts every run in full; each client's mark against the run before (a tier that is
    no longer one of the labels, "Gone tier", included)."""
    h, dates = history.empty(), []
    seen: dict[str, list[str]] = {}
    before: dict[str, str] = {}
    for k, names in enumerate(runs):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=31 * k)
        dates.append(day)
        ordered = sorted(names)
        t = {n: (i + 1, float(100 - i), rnd.choice(LABELS + ("Gone tier",) * (rnd.random() < 0.3)))
             for i, n in enumerate(ordered)}
        for n in seen:
            seen[n].append(t[n][2] if n in t else history.ABSENT)
        for n in ordered:
            seen.setdefault(n, [t[n][2]])
        h, moved = history.update(h, table(t), LABELS, day)
        if k:
            want = []
            for n in ordered:
                old, now = before.get(n), t[n][2]
                if old is None:
                    want.append("New")
                elif old == now:
                    want.append("Same")
                elif old in LABELS and now in LABELS:
                    want.append(f"{'Up' if LABELS.index(old) > LABELS.index(now) else 'Down'} from {old}")
                else:
                    want.append(f"Was {old}")
            assert moved.marks == want
            assert (moved.up, moved.down, moved.new) == (sum(m.startswith("Up") for m in want),
                                                         sum(m.startswith("Down") for m in want), want.count("New"))
            assert sorted(moved.gone) == sorted((n, before[n]) for n in before if n not in t)
        before = {n: v[2] for n, v in t.items()}
    rows = {r["Client"]: r for r in h.clients.to_dict("records")}
    assert set(rows) == set(seen)
    for n, tiers in seen.items():
        assert rows[n]["Tier by run"].split(history.SEP) == tiers
        real = [i for i, t in enumerate(tiers) if t != history.ABSENT]
        assert rows[n]["Tier"] == tiers[real[-1]]
        since = dates[len(dates) - len(tiers)]
        assert rows[n]["Ranked since"] == since and rows[n]["Last ranked"] == dates[len(dates) - len(tiers) + real[-1]]
    assert list(h.runs["Clients"]) == [len(r) for r in runs]


def expected_moves(before: dict[str, str], now: dict[str, str]) -> tuple[set, set, set]:
    """(client, tier then, tier now) of the movers, (client, tier) of the new and of the gone ones."""
    moved = {(n, before[n], t) for n, t in now.items() if n in before and before[n] != t}
    return moved, {(n, t) for n, t in now.items() if n not in before}, \
        {(n, t) for n, t in before.items() if n not in now}


def assert_compared(m: history.Movement, day: dt.date, before: dict[str, str], now: dict[str, str]) -> None:
    moved, fresh, gone = expected_moves(before, now)
    assert m.previous == day
    assert set(m.moved) == moved and len(m.moved) == len(moved)
    assert set(m.fresh) == fresh and set(m.gone) == gone and len(m.gone) == len(gone)
    assert (m.up, m.down) == (sum(LABELS.index(a) > LABELS.index(b) for _, a, b in moved),
                              sum(LABELS.index(a) < LABELS.index(b) for _, a, b in moved))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0, 4, 12, 25, 40]),
                          st.dictionaries(st.sampled_from([f"C{i}" for i in range(10)]), st.sampled_from(LABELS),
                                          min_size=1)),
                min_size=1, max_size=10))
def test_each_run_is_compared_with_the_ranking_it_replaces_and_with_last_month(runs):
    """Runs days apart (0 days: a second run that replaces the first): each is compared with the
    ranking it replaces (that same-day run, or the run before), on a same day also with the run
    before that one, and with the last run of an earlier month when that is another run; the
    tiers of older runs come from each client's 'Tier by run'. Checked against the runs as kept here."""
    h, kept = history.empty(), []          # kept: (date, {client: tier}) of every run still in the history
    day = dt.date(2025, 12, 20)
    for step, tiers in runs:
        day += dt.timedelta(days=step) if kept else dt.timedelta(0)
        t = {n: (i + 1, float(100 - i), tier) for i, (n, tier) in enumerate(tiers.items())}
        h, m = history.update(h, table(t), LABELS, day)
        replaced = kept.pop() if kept and kept[-1][0] == day else None
        earlier = kept[-1] if kept else None
        month = next((r for r in reversed(kept) if (r[0].year, r[0].month) < (day.year, day.month)), None)
        first = replaced or earlier
        if first is None:
            assert m.previous is None and m.marks == [""] * len(t)
        else:
            assert_compared(m, first[0], first[1], tiers)
            assert m.same_day == (replaced is not None)
        if replaced is not None:
            assert m.instead is not None
            if earlier is None:
                assert m.instead.previous is None
            else:
                assert_compared(m.instead, earlier[0], earlier[1], tiers)
        if month is not None and first is not None and month[0] != first[0]:
            assert m.last_month is not None
            assert_compared(m.last_month, month[0], month[1], tiers)
        else:
            assert m.last_month is None
        kept.append((day, dict(tiers)))


def test_a_same_day_run_that_changes_nothing_is_compared_with_the_run_it_replaces():
    h, _ = history.update(history.empty(), table({"A": (1, 90.0, "Ideal")}), LABELS, dt.date(2026, 1, 31))
    h, _ = history.update(h, table({"A": (1, 90.0, "Core")}), LABELS, dt.date(2026, 2, 28))
    h, same = history.update(h, table({"A": (1, 90.0, "Core")}), LABELS, dt.date(2026, 2, 28))
    assert same.previous == dt.date(2026, 2, 28) and same.same_day and same.unchanged and same.marks == ["Same"]
    assert same.instead is not None and same.instead.marks == ["Down from Ideal"]
    assert movement.settle(same, ["Sales weight 3 -> 5"]).settings == ["Sales weight 3 -> 5"]


# ---------------------------------------------------------------- Excel's limits

def test_at_excels_row_limit_the_clients_not_ranked_for_longest_go_with_a_note(monkeypatch):
    monkeypatch.setattr(history, "MAX_ROWS", 4)   # room for 3 clients
    h = history.empty()
    h, _ = history.update(h, table({"Old": (1, 9.0, "Core")}), LABELS, dt.date(2026, 1, 31))
    h, _ = history.update(h, table({"B": (1, 9.0, "Core")}), LABELS, dt.date(2026, 2, 28))
    h, _ = history.update(h, table({"C": (1, 9.0, "Core"), "D": (2, 8.0, "Poor")}), LABELS, dt.date(2026, 3, 31))
    assert sorted(h.clients["Client"]) == ["B", "C", "D"]
    assert "1 clients not ranked since 2026-01-31 or earlier were taken out" in h.notes[0]
    assert len(h.runs) == 3 and list(h.runs["Clients"]) == [1, 1, 2]


def test_at_excels_cell_limit_a_clients_oldest_runs_go_with_a_note(monkeypatch):
    monkeypatch.setattr(history, "MAX_CELL", 20)
    h = history.empty()
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=31 * k) for k in range(6)]
    for k, day in enumerate(days):
        h, _ = history.update(h, table({"A": (k + 1, 50.0 + k, "Ideal")}), LABELS, day)
    row = h.clients.iloc[0]
    assert all(len(row[c]) <= 20 for c in ("Tier by run", "Rank by run", "Score by run"))
    kept = row["Tier by run"].split(history.SEP)
    assert row["Ranked since"] == days[len(days) - len(kept)] and row["Score by run"].endswith("55.00")
    assert any("no longer fit in one cell" in n for n in h.notes)


def test_a_sheet_kept_column_by_column_reads_as_its_rows():
    grid = [list(history.CLIENT_COLUMNS),
            ["A", "Ideal", 1, 90.5, dt.datetime(2026, 1, 31), dt.datetime(2026, 2, 28), "Ideal", "1", "90.50"],
            ["B", "Core", 2, 40.25, dt.datetime(2026, 1, 31), dt.datetime(2026, 2, 28), "Core", "2", "40.25"],
            [None, "not", "a row"]]
    by_rows, bad_rows = history.parse(grid)
    by_columns, bad_columns = history.parse(ColumnGrid.of_rows([r + [""] * (9 - len(r)) for r in grid]))
    assert bad_columns == bad_rows == 1
    assert by_columns.clients.equals(by_rows.clients) and list(by_columns.clients["Client"]) == ["A", "B"]


# ---------------------------------------------------------------- the earlier layout

def test_the_earlier_layout_is_converted_with_every_run():
    grid = [["Date", "Rank", "Client", "Score", "Tier", None, "Date", "Ideal clients"],
            [dt.datetime(2026, 1, 31), 1, "A", 90.5, "Ideal"], [dt.datetime(2026, 1, 31), 2, "B", 40.25, "Core"],
            [dt.datetime(2026, 2, 28), 1, "B", 88.0, "Ideal"], [dt.datetime(2026, 2, 28), 2, "C", 10.0, "Poor"],
            [None, "not", "a row"]]
    h, bad = history.parse(grid)
    assert bad == 1 and list(h.runs["Date"]) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
    rows = {r["Client"]: r for r in h.clients.to_dict("records")}
    assert rows["A"]["Tier by run"] == "Ideal | –" and rows["A"]["Score by run"] == "90.50 | –"
    assert rows["B"]["Rank by run"] == "2 | 1" and rows["B"]["Tier"] == "Ideal"
    assert "converted" in h.notes[0]


def test_a_workbook_with_the_earlier_history_is_converted_on_its_next_run(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    rerank(src, today=dt.date(2026, 1, 31))
    wb = load_workbook(src)
    names = [r[0] for r in wb["Rank History"].iter_rows(min_row=2, max_col=1, values_only=True) if r[0]]
    ws = wb["Rank History"]
    ws.delete_rows(1, ws.max_row)
    ws.delete_cols(1, ws.max_column)
    ws.append(list(history.OLD_COLUMNS))
    for day in (dt.datetime(2025, 11, 30), dt.datetime(2025, 12, 31)):
        for i, n in enumerate(names, 1):
            ws.append([day, i, n, 100 - i / 2, "Ideal" if i <= 30 else "Core"])
    wb.save(src)
    result = rerank(src, today=dt.date(2026, 2, 28))
    assert any("converted" in w for w in result.ranking.warnings)
    hist = load_workbook(src, data_only=True)["Rank History"]
    runs = [r[0].date() for r in hist.iter_rows(min_row=2, min_col=11, max_col=11, values_only=True) if r[0]]
    assert runs == [dt.date(2025, 11, 30), dt.date(2025, 12, 31), dt.date(2026, 2, 28)]
    first = {r[0]: r for r in hist.iter_rows(min_row=2, max_col=9, values_only=True) if r[0]}
    assert first[names[0]][7].startswith("1 | 1 | ") and first[names[0]][6].startswith("Ideal | Ideal | ")


# ---------------------------------------------------------------- --date and the whole command

def test_date_option_records_the_ranking_for_that_date(tmp_path, capsys):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src, "--date", "2026-03-31")[0] == 0
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    code, _, err = run_cli("rerank", src, "--date", "2026-02-28")
    assert code == 5 and str(src) in err and "is before the last ranking" in err and "2026-03-31" in err
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    code, out, err = run_cli("rerank", src, "--date", "2026-04-30")
    assert code == 0 and "Nothing changed since 2026-03-31: same settings, same tiers." in out
    settings_ws = load_workbook(src)["ClientRank Settings"]
    assert "Last ranked for 2026-04-30." in settings_ws["A2"].value
    code, out, err = run_cli("rerank", src, "--date", "31.05.2026")  # the owner's own way of writing it
    assert code == 0, err
    assert "Last ranked for 2026-05-31." in load_workbook(src)["ClientRank Settings"]["A2"].value
    code, out, err = run_cli("rerank", src, "--date", "soon")
    assert (code, out, err) == (2, "", "xlclientrank: --date 'soon' is not a date: write it as YYYY-MM-DD, e.g. "
                                       "2026-12-31\n")
    assert capsys.readouterr().err == ""  # no usage text


def test_years_of_monthly_runs_stay_within_excels_limits(tmp_path):
    rows = [["Client", "Revenue", "Orders"]] + [[f"Client {i:03d}", 1000.0 + 37 * i, i % 9 + 1] for i in range(60)]
    src = make_workbook(tmp_path / "c.xlsx", rows)
    rnd = random.Random(18)
    day = dt.date(2020, 1, 31)
    for k in range(36):  # three years, with clients coming and going and revenue moving
        wb = load_workbook(src)
        ws = wb["Clients"]
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 2).value is not None:
                ws.cell(r, 2).value = round(ws.cell(r, 2).value * rnd.uniform(0.8, 1.25), 2)
        if k % 6 == 5:
            ws.append([f"Newcomer {k}", 5000.0, 3])
        wb.save(src)
        rerank(src, today=day)
        first_of_next = day + dt.timedelta(days=1)                                  # day is a month's end
        day = (first_of_next + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    assert_within_excel_limits(src)
    hist = load_workbook(src, data_only=True)["Rank History"]
    assert hist.max_row == 60 + 6 + 1  # one row per client ever ranked, however many runs
    runs = [r[0] for r in hist.iter_rows(min_row=2, min_col=11, max_col=11, values_only=True) if r[0]]
    assert len(runs) == 36
    first = next(r for r in hist.iter_rows(min_row=2, max_col=9, values_only=True) if r[0] == "Client 000")
    assert first[6].count(history.SEP) == 35


def test_the_sample_and_the_advisors_copies_stay_within_excels_limits(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src)[0] == 0
    assert_within_excel_limits(src)
    for extra in ([], ["--whole-workbook"]):
        out = tmp_path / f"advisor{len(extra)}.xlsx"
        assert run_cli("share", src, "--out", out, *extra)[0] == 0
        assert_within_excel_limits(out)


def test_a_name_ranked_twice_keeps_one_row_the_best_ranked_with_a_note():
    t = pd.DataFrame({"Rank": [1, 2, 3], "Client": ["Acme", "Beta", "acme "], "Score": [90.0, 50.0, 10.0],
                      "Tier": ["Ideal", "Core", "Poor"]})
    h, _ = history.update(history.empty(), t, LABELS, dt.date(2026, 1, 31))
    assert list(h.clients["Client"]) == ["Acme", "Beta"] and list(h.clients["Tier"]) == ["Ideal", "Core"]
    assert "1 client name is in the ranking more than once" in h.notes[0]
    assert list(h.runs["Clients"]) == [3]


def test_more_clients_than_a_sheet_can_list_are_refused(tmp_path, monkeypatch):
    import xlclientrank.jobs.rerank as rr

    monkeypatch.setattr(rr, "MAX_CLIENTS", 100)
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    code, _, err = run_cli("rerank", src)
    assert code == 4 and "150 clients, more than an Excel sheet can list" in err
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_the_history_sheet_holds_no_empty_cells(tmp_path):
    """Beside 100,000 client rows the run table fills a few rows: the rest of its columns (and the
    empty column between the tables) are no cells at all, not formatted empty ones, which every
    later run would read again. What the sheet shows is the same: openpyxl reads the values."""
    rows = [["Client", "Revenue"]] + [[f"Client {i:02d}", 100.0 + i] for i in range(30)]
    src = make_workbook(tmp_path / "c.xlsx", rows)
    for day in ("2026-01-31", "2026-02-28", "2026-03-31"):
        assert run_cli("rerank", src, "--date", day)[0] == 0
    from xlclientrank.ooxml import book
    from xlclientrank.ooxml.package import Package

    pkg = Package.read(src)
    part = next(e.part for e in book.sheet_entries(pkg) if e.name == history.SHEET)
    cells = etree.fromstring(pkg.parts[part]).iter(f"{M}c")
    empty = [c.get("r") for c in cells if c.find(f"{M}v") is None and c.find(f"{M}is") is None]
    assert empty == []
    ws = load_workbook(src, data_only=True)[history.SHEET]
    assert ws.max_row == 31 and [ws.cell(r, 11).value is not None for r in range(2, 6)] == [True] * 3 + [False]
    assert all(ws.cell(r, 1).value and ws.cell(r, 7).value.count(history.SEP) == 2 for r in range(2, 32))

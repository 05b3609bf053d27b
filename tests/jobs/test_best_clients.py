"""Best clients from run to run: a bar fixed in the owner's units holds the count still when only the
ranks move, moves it by one when a client crosses it, is read back as the owner left it, and is said
the same way on the summary sheet, on the command line, in --json and in the advisor's copies."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import numpy as np
import pytest
from openpyxl import load_workbook

from tests.helpers import make_workbook, ranking_rows, run_cli
from xlclientrank.jobs.rerank import rerank
from xlclientrank.jobs.share import share

SETTINGS, SUMMARY = "ClientRank Settings", "ClientRank Summary"
DAY = [dt.date(2026, m, 28) for m in range(1, 13)]


@pytest.fixture()
def book(tmp_path):
    rng = np.random.default_rng(26)
    rows = [["Client", "Revenue", "Hours spent"]]
    for i in range(50):
        rows.append([f"Client {i:02d}", round(float(rng.lognormal(9, 0.8)), 2), round(float(rng.uniform(5, 300)), 1)])
    return make_workbook(tmp_path / "clients.xlsx", rows)


def bar_rows(path) -> dict[str, tuple]:
    """The best-client section as the sheet holds it: column -> (row, direction, value); and the goal
    and goal date rows under their labels."""
    ws = load_workbook(path)[SETTINGS]
    out, inside = {}, False
    for row in ws.iter_rows():
        a = row[0].value
        if a == "Best client":
            inside = True
            continue
        if a is not None:
            inside = False
            if a in ("Goal: best clients", "Goal date", "How it was set"):
                out[a] = (row[0].row, row[1].value)
            continue
        if inside and row[1].value:
            out[row[1].value] = (row[0].row, row[2].value, row[3].value)
    return out


def edit(path, cells: dict[str, object], clients: list[list] | None = None, change: dict[str, dict] | None = None):
    """The owner's edits: settings cells, clients added at the bottom, values of clients changed."""
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb[SETTINGS][ref] = value
    ws = wb["Clients"]
    for r in clients or []:
        ws.append(r)
    heads = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for column, value in (change or {}).get(row[0].value, {}).items():
            row[heads.index(column)].value = value
    wb.save(path)


def best_of(path) -> set[str]:
    head, body = ranking_rows(path)
    return {r[1] for r in body if r[head.index("Best client")] == "Yes"}


def meets_independently(path) -> set[str]:
    """The clients meeting the bar as the settings sheet shows it, from the client list itself."""
    bar = bar_rows(path)
    ws = load_workbook(path, data_only=True)["Clients"]
    heads = [c.value for c in ws[1]]
    out = set()
    for row in ws.iter_rows(min_row=2, values_only=True):
        ok = True
        for column in ("Revenue", "Hours spent"):
            if column in bar and bar[column][2] is not None:
                v = row[heads.index(column)]
                at_least = bar[column][1] == "At least"
                ok &= v is not None and (v >= bar[column][2] if at_least else v <= bar[column][2])
        out.add(row[0]) if ok else None
    return out


def test_the_bar_holds_the_count_still_when_fifty_tiny_clients_join(book):
    first = rerank(book, today=DAY[0])
    assert first.best_clients is not None and first.best_clients.count > 0
    assert best_of(book) == meets_independently(book)
    ideal_before = first.ranking.tier_counts["Ideal"]
    edit(book, {}, clients=[[f"Tiny {i:02d}", 15.0 + i, 2.0] for i in range(50)])
    second = rerank(book, today=DAY[1])
    assert second.ranking.tier_counts["Ideal"] > ideal_before  # a share of the clients: it grows with them
    assert second.best_clients.count == first.best_clients.count and second.best_clients.since_last == 0
    assert best_of(book) == meets_independently(book)


def test_a_client_crossing_the_bar_moves_the_count_by_one(book):
    first = rerank(book, today=DAY[0])
    outside = sorted({f"Client {i:02d}" for i in range(50)} - best_of(book))[0]
    edit(book, {}, change={outside: {"Revenue": 10_000_000.0, "Hours spent": 1.0}})
    second = rerank(book, today=DAY[1])
    assert second.best_clients.count == first.best_clients.count + 1
    assert second.best_clients.since_last == 1
    assert best_of(book) == meets_independently(book) and outside in best_of(book)
    code, out, _ = run_cli("rerank", book, "--date", DAY[1].isoformat())  # the same date again: the same figure
    line = next(x for x in out.splitlines() if x.strip().startswith("Best clients:"))
    n = second.best_clients.count
    assert f"{n} best clients (+1 since last run); set a goal in 'ClientRank Settings' B" in line


def test_the_bar_written_at_the_first_run_is_read_back_as_the_owner_left_it(book):
    rerank(book, today=DAY[0])
    written = bar_rows(book)
    assert written["Revenue"][1] == "At least" and written["Hours spent"][1] == "At most"
    assert written["How it was set"][1].startswith("Filled in by Client Rank on 2026-01-28")
    rerank(book, today=DAY[1])
    assert bar_rows(book) == written  # not filled in again from the data of the second run
    edit(book, {f"D{written['Revenue'][0]}": 12_345, f"D{written['Hours spent'][0]}": None})
    rerank(book, today=DAY[2])
    now = bar_rows(book)
    assert now["Revenue"][2] == 12_345 and now["Hours spent"][2] is None
    assert best_of(book) == meets_independently(book)
    code, out, _ = run_cli("rerank", book, "--date", DAY[2].isoformat(), "--json")
    got = json.loads(out)["best_clients"]
    assert got["criteria"] == [{"column": "Revenue", "at_least": 12_345}]
    # the owner's new bar against that of the run of the earlier date: said, and the counts not compared
    assert [x.split(" ")[0] for x in got["bar_changed"]] == ["Revenue", "Hours"] and got["since_last"] is None
    assert got["bar_changed"][0].endswith("-> at least 12,345") and got["bar_changed"][1].endswith("-> not asked")
    assert got["count"] == len(best_of(book)) and set(got) == {"count", "goal", "goal_date", "since_last", "criteria",
                                                                "bar_changed"}


def test_the_goal_is_said_with_what_is_left_to_go_and_when_it_is_reached(book):
    first = rerank(book, today=DAY[0])
    n = first.best_clients.count
    goal_row, _ = bar_rows(book)["Goal: best clients"]
    date_row, _ = bar_rows(book)["Goal date"]
    said = summary_line(book)
    assert f"{n} best clients; set a goal in 'ClientRank Settings' B{goal_row} ('Goal: best clients')." == said
    edit(book, {f"B{goal_row}": n + 7, f"B{date_row}": dt.datetime(2027, 6, 30)})
    rerank(book, today=DAY[1])
    assert summary_line(book) == f"{n} best clients (goal {n + 7} by 2027-06-30: 7 to go; same as last run)."
    code, out, _ = run_cli("rerank", book, "--date", DAY[1].isoformat(), "--json")
    got = json.loads(out)["best_clients"]
    assert (got["goal"], got["goal_date"], got["since_last"]) == (n + 7, "2027-06-30", 0)
    edit(book, {f"B{goal_row}": n})
    rerank(book, today=DAY[2])
    assert summary_line(book) == f"{n} best clients (goal {n} by 2027-06-30 reached; same as last run)."
    history = load_workbook(book, data_only=True)["Rank History"]
    head = [c.value for c in history[1]]
    counts = [r[head.index("Best clients")] for r in history.iter_rows(min_row=2, max_row=4, values_only=True)]
    goals = [r[head.index("Best-client goal")] for r in history.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert counts == [n, n, n] and goals == [None, n + 7, n]


def test_bad_goal_cells_are_refused_with_the_cell(book):
    rerank(book, today=DAY[0])
    goal_row, _ = bar_rows(book)["Goal: best clients"]
    edit(book, {f"B{goal_row}": -4})
    code, _, err = run_cli("rerank", book, "--date", DAY[1].isoformat())
    assert code != 0 and f"B{goal_row}" in err and "0 or more" in err and SETTINGS in err


def summary_line(path) -> str:
    ws = load_workbook(path, data_only=True)[SUMMARY]
    return next(r[3] for r in ws.iter_rows(values_only=True) if r[1] == "Best clients")


@pytest.mark.parametrize("anonymize", [False, True])
def test_the_advisors_copies_show_the_same_count(book, tmp_path, anonymize):
    rerank(book, today=DAY[0])
    n = len(best_of(book))
    out = tmp_path / "copy.xlsx"
    share(book, out=out, anonymize=anonymize, today=DAY[0])
    wb = load_workbook(out, data_only=True)
    summary = next(name for name in wb.sheetnames if "Summary" in name)
    line = next(r[3] for r in wb[summary].iter_rows(values_only=True) if r[1] == "Best clients")
    assert line.startswith(f"{n} best clients")
    head, body = ranking_rows(out)
    assert sum(r[head.index("Best client")] == "Yes" for r in body) == n
    if anonymize:
        text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
        assert not re.search(r"Client \d\d", text)


def test_a_copy_of_the_book_ranked_again_the_same_day_gives_the_same_figures(book, tmp_path):
    rerank(book, today=DAY[0])
    rerank(book, today=DAY[1])
    again = tmp_path / "again.xlsx"
    shutil.copyfile(book, again)
    a, b = rerank(book, today=DAY[1]), rerank(again, today=DAY[1])
    assert (a.best_clients.count, a.best_clients.since_last) == (b.best_clients.count, b.best_clients.since_last)

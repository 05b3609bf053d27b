"""Who the best clients are, end to end: a workbook with an Industry and a Region column ranked by
the command; the Methodology table read back with openpyxl and checked against counts made here
from the input and the Ranking sheet's tiers; the summary sheet, the terminal and ``--json``."""

from __future__ import annotations

import json
import random
from collections import Counter

from openpyxl import load_workbook

from tests.helpers import make_workbook, ranking_rows, run_cli
from xlclientrank.names import METHODOLOGY_SHEET, WHOLE_SUMMARY_SHEET

HEADING = "Who your Ideal clients are"


def clients(n: int, seed: int = 5) -> list[list]:
    """``n`` clients; revenue falls with the index, so the first fifth are Ideal. The first 8 are
    Veterinary, and 4 more among the others (" veterinary", spelled otherwise); Region at random,
    a fifth blank; an e-mail and a note, which are no categories."""
    rng = random.Random(seed)
    rows: list[list] = [["Client", "Industry", "Region", "Contact email", "Revenue", "Notes"]]
    for i in range(n):
        industry = "Veterinary" if i < 8 else " veterinary" if n // 2 <= i < n // 2 + 4 else \
            rng.choice(["Dental", "Retail", "Legal", "Construction"])
        region = rng.choice(["North", "South", "East", "West", ""])
        rows.append([f"Client {i:03d}", industry, region, f"c{i}@example.com", 10_000.0 - 37 * i,
                     "Pays late, always friendly" if i % 3 else None])
    return rows


def tables(path, sheet=METHODOLOGY_SHEET) -> tuple[list[str], dict[str, list[tuple]]]:
    """The lines of the section and its tables (first header cell -> rows) as openpyxl reads them."""
    ws = load_workbook(path, data_only=True)[sheet]
    rows = [tuple(c.value for c in r[:6]) for r in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] == HEADING)
    end = next(i for i, r in enumerate(rows) if i > start and r[0] == "Data notes")
    lines, found, current = [], {}, None
    for r in rows[start + 1:end]:
        if r[1] == "Ideal clients":
            current = found.setdefault(r[0], [])
        elif r[0] is not None and r[1] is not None and current is not None:
            current.append(r)
        elif r[0] is not None:
            lines.append(r[0])
            current = None
    return lines, found


def test_the_methodology_table_counts_the_ranked_tiers(tmp_path):
    rows = clients(100)
    book = make_workbook(tmp_path / "book.xlsx", rows)
    out = tmp_path / "out.xlsx"
    code, printed, err = run_cli("rerank", book, "--out", out, "--json")
    assert code == 0, err
    header, body = ranking_rows(out)
    tier = {r[header.index("Client")]: r[header.index("Tier")] for r in body}
    assert Counter(tier.values())["Ideal"] == 20
    lines, found = tables(out)
    assert set(found) == {"Industry", "Region"}  # not the e-mails, not the notes
    assert any("at least 5 of your Ideal clients" in line and "2 times" in line for line in lines)
    for column in ("Industry", "Region"):
        j = rows[0].index(column)
        every = Counter(" ".join((r[j] or "").split()).casefold() for r in rows[1:])
        ideal = Counter(" ".join((r[j] or "").split()).casefold() for r in rows[1:] if tier[r[0]] == "Ideal")
        for name, best, best_share, count, all_share, stands in found[column]:
            key = "" if name == "(blank)" else name.casefold()
            assert (best, count) == (ideal[key], every[key]), (column, name)
            assert abs(best_share - best / 20) < 1e-9 and abs(all_share - count / 100) < 1e-9
            assert (stands is not None) == (key != "" and best >= 5 and best * 100 >= 2 * count * 20)
        assert sum(r[3] for r in found[column]) == 100
    vet = next(r for r in found["Industry"] if r[0] == "Veterinary")
    assert vet[:5] == ("Veterinary", 8, 0.4, 12, 0.12) and vet[5].startswith("Yes, 3.3")
    assert found["Industry"][0][0] == "Veterinary"  # the one that stands out first
    said = "Veterinary (Industry): 40 % of your Ideal clients, 12 % of all clients."
    summary = json.loads(printed)
    assert {"column": "Industry", "category": "Veterinary", "best": 8, "all": 12, "best_share": 0.4,
            "all_share": 0.12} in summary["profile"]
    assert said in summary["verdict"]
    cells = [c for r in load_workbook(out, data_only=True)[WHOLE_SUMMARY_SHEET].iter_rows(values_only=True)
             for c in r if isinstance(c, str)]
    assert cells.count(said) == 2  # In short, and in the figures beside "Who your Ideal clients are"
    assert HEADING in cells
    code, printed, err = run_cli("rerank", book, "--out", tmp_path / "again.xlsx")
    assert code == 0 and f"  {said}" in printed and f"{HEADING}: {said}" in printed


def test_few_ideal_clients_and_no_column_of_categories_are_said(tmp_path):
    book = make_workbook(tmp_path / "few.xlsx", clients(20))  # 4 Ideal clients
    code, printed, err = run_cli("rerank", book, "--out", tmp_path / "few out.xlsx", "--json")
    assert code == 0, err
    assert json.loads(printed)["profile"] == []
    lines, found = tables(tmp_path / "few out.xlsx")
    assert "Industry" in found and "With 4 Ideal clients nothing can stand out yet" in " ".join(lines)
    plain = [r[:1] + r[4:5] for r in clients(30)]  # names and revenue only
    book = make_workbook(tmp_path / "plain.xlsx", plain)
    code, printed, err = run_cli("rerank", book, "--out", tmp_path / "plain out.xlsx", "--json")
    assert code == 0, err
    lines, found = tables(tmp_path / "plain out.xlsx")
    assert found == {} and any("has no such column" in line for line in lines)

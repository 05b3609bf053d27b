"""The Rank History sheet as the owner sees and prints it: numbers stored as numbers (no "number
stored as text" marks), and a print that is one page wide, portrait, with the header row on every
page, at 8 pt or more on A4, the dates clear of the next column, and the growing "by run" columns left
out of the print."""

from __future__ import annotations

import datetime as dt
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import libreoffice_convert, make_workbook, run_cli
from xlclientrank.stored import history

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LONG_NAME = "Northgate Veterinary Practice and Boarding"   # 42 characters: wider than the cap
DATES = ("2026-01-31", "2026-02-28")


def ranked_twice(tmp_path: Path, clients: int = 12) -> Path:
    rows = [["Client", "Revenue"]] + [[f"Client {i:02d}", 1000.0 + 37 * i] for i in range(clients - 1)]
    rows.append([LONG_NAME, 50.0])
    src = make_workbook(tmp_path / "clients.xlsx", rows)
    for day in DATES:
        assert run_cli("rerank", src, "--date", day)[0] == 0
    return src


def ranked_once(tmp_path: Path) -> Path:
    rows = [["Client", "Revenue"], ["Alder Bakery", 500.0], ["Birch Legal", 900.0], ["Cedar Dental", 100.0],
            ["Dunmore Roofing", 300.0], ["Elm Opticians", 700.0]]
    src = make_workbook(tmp_path / "once.xlsx", rows)
    assert run_cli("rerank", src, "--date", DATES[0])[0] == 0
    return src


def sheet_xml(path: Path) -> etree._Element:
    from xlclientrank.ooxml import book
    from xlclientrank.ooxml.package import Package

    pkg = Package.read(path)
    part = next(e.part for e in book.sheet_entries(pkg) if e.name == history.SHEET)
    return etree.fromstring(pkg.parts[part])


def test_rank_score_dates_and_run_counts_are_numbers_and_the_by_run_cells_text(tmp_path):
    src = ranked_once(tmp_path)
    ws = load_workbook(src)[history.SHEET]
    # revenue order: Birch 900, Elm 700, Alder 500, Dunmore 300, Cedar 100
    assert [ws.cell(r, 1).value for r in range(2, 7)] == ["Birch Legal", "Elm Opticians", "Alder Bakery",
                                                            "Dunmore Roofing", "Cedar Dental"]
    for r in range(2, 7):
        rank, score = ws.cell(r, 3), ws.cell(r, 4)
        assert rank.data_type == "n" and rank.value == r - 1
        assert score.data_type == "n" and isinstance(score.value, (int, float))
        assert [ws.cell(r, c).data_type for c in (5, 6)] == ["d", "d"]
        assert ws.cell(r, 6).value == dt.datetime(2026, 1, 31)
        # one run so far: the "by run" cells hold one value each, and stay text (they grow: "1 | 3")
        assert ws.cell(r, 8).data_type == "s" and ws.cell(r, 8).value == str(r - 1)
        assert ws.cell(r, 9).data_type == "s" and ws.cell(r, 9).value == f"{score.value:.2f}"
    heads = [ws.cell(1, c).value for c in range(history.RUN_FIRST_COLUMN + 1, history.RUN_FIRST_COLUMN + 8)]
    assert heads == ["Run date", "Clients", "Best clients", "Best-client goal", "Ideal", "Core", "Poor"]
    run = [ws.cell(2, history.RUN_FIRST_COLUMN + 1 + heads.index(h)) for h in ("Run date", "Clients", "Ideal",
                                                                               "Core", "Poor")]
    clients, ideal, core, poor = (c.value for c in run[1:])
    assert clients == 5 and ideal == 1 and ideal + core + poor == 5   # the top 20 % of 5 clients is 1
    assert all(c.data_type == "n" for c in run[1:]) and run[0].data_type == "d"


def test_excel_does_not_mark_the_by_run_cells_as_numbers_stored_as_text(tmp_path):
    root = sheet_xml(ranked_once(tmp_path))
    marks = [(e.get("sqref"), e.get("numberStoredAsText")) for e in root.iter(f"{M}ignoredError")]
    assert marks == [("G2:I6", "1")]
    # and no other text cell of the sheet holds a number: those would get Excel's green triangle
    text_numbers = []
    for c in root.iter(f"{M}c"):
        t = "".join(c.find(f"{M}is").itertext()) if c.find(f"{M}is") is not None else None
        col = "".join(ch for ch in c.get("r") if ch.isalpha())
        if t is not None and col not in ("G", "H", "I"):
            try:
                float(t)
                text_numbers.append(c.get("r"))
            except ValueError:
                pass
    assert text_numbers == []


def test_numbers_an_older_sheet_kept_as_text_read_the_same_as_numbers():
    head = list(history.CLIENT_COLUMNS) + ["", "Run date", "Clients", "Ideal", "Core", "Poor"]
    as_text = [head, ["Birch Legal", "Ideal", "1", "88.5", "2026-01-31", "2026-02-28", "Ideal | Ideal", "1 | 1",
                      "88.50 | 88.50", None, "2026-01-31", "5", "1", "2", "2"]]
    as_numbers = [head, ["Birch Legal", "Ideal", 1.0, 88.5, dt.datetime(2026, 1, 31), dt.datetime(2026, 2, 28),
                         "Ideal | Ideal", "1 | 1", "88.50 | 88.50", None, dt.datetime(2026, 1, 31), 5.0, 1.0, 2.0,
                         2.0]]
    (a, bad_a), (b, bad_b) = history.parse(as_text), history.parse(as_numbers)
    assert bad_a == bad_b == 0
    for h in (a, b):
        row = h.clients.iloc[0]
        assert (row["Rank"], row["Score"]) == (1.0, 88.5)
        assert (row["Ranked since"], row["Last ranked"]) == (dt.date(2026, 1, 31), dt.date(2026, 2, 28))
        assert h.runs.iloc[0].tolist() == [dt.date(2026, 1, 31), 5.0, 1.0, 2.0, 2.0]


def test_a_sheet_written_with_numbers_reads_back_the_runs_ranked(tmp_path):
    from xlclientrank.reader import Workbook

    src = ranked_twice(tmp_path)
    wb = Workbook(src)
    h, bad = history.parse(wb.grid(wb.find_sheet(history.SHEET)))
    assert bad == 0 and h.dates == [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
    # revenue 1000 + 37 i: Client 10 first, the long name (50) last, the same both runs
    first = h.clients[h.clients["Client"] == "Client 10"].iloc[0]
    last = h.clients[h.clients["Client"] == LONG_NAME].iloc[0]
    assert (first["Rank"], last["Rank"]) == (1.0, 12.0)
    assert (first["Rank by run"], last["Rank by run"]) == ("1 | 1", "12 | 12")
    assert h.runs["Clients"].tolist() == [12.0, 12.0]


def excel_column_pixels(width: float) -> int:
    """Excel's on-screen width of a column of ``width`` characters in the default font (Calibri 11,
    whose widest digit is 7 pixels): the character count plus 5 pixels of padding."""
    return math.trunc(((256 * width + math.trunc(128 / 7)) / 256) * 7)


def test_the_print_is_portrait_one_page_wide_with_the_header_on_every_page_at_8_pt_or_more_on_a4(tmp_path):
    src = ranked_twice(tmp_path)
    ws = load_workbook(src)[history.SHEET]
    setup = ws.page_setup
    assert setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0   # 1 wide (the default), any number tall
    assert ws.print_title_rows == "$1:$1"
    # the client table up to Last ranked, and the run table: the "by run" columns (G:I) are not printed
    assert ws.print_area == "'Rank History'!$A$1:$F$13,'Rank History'!$K$1:$Q$3"   # with the best clients, goal
    assert "Page &P of &N" in ws.oddFooter.right.text
    # widths: the long name fits within the cap of 40; the dates (10 characters) with room to spare
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert 40 <= widths["A"] < 41
    assert widths["E"] >= 13 and widths["F"] >= 13
    # the scale Excel needs to fit the widest print area on A4 portrait (210 mm, the sheet's margins)
    printable = (210 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 72
    client_area = sum(excel_column_pixels(w) for w in widths.values()) * 0.75
    run_area = sum(excel_column_pixels(ws.column_dimensions[c].width) for c in "KLMNO") * 0.75
    scale = min(1.0, printable / max(client_area, run_area))
    assert 11 * scale >= 8, (client_area, run_area, printable)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils' pdftotext to read the PDF")
def test_libreoffice_prints_the_dates_clear_of_the_next_column_and_no_by_run_column(tmp_path):
    src = ranked_twice(tmp_path, clients=70)
    pdf = libreoffice_convert([src])[src]
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    root = etree.fromstring(html.encode(), etree.HTMLParser())
    pages = root.iter("page")
    history_pages = []
    for page in pages:
        words = [(w.text, float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")), float(w.get("ymax")))
                 for w in page.iter("word")]
        texts = [w[0] for w in words]
        if "history" in texts and "Rank" in texts and ("since" in texts or "date" in texts):
            history_pages.append(words)
    # 70 clients: two pages of the client table (header repeated), one of the run table
    assert len(history_pages) == 3
    for words in history_pages:
        texts = [w[0] for w in words]
        assert "by" not in texts and "|" not in texts   # no "Tier by run" column, no "Ideal | Ideal"
    printed = 0
    for words in history_pages[:2]:
        rows: dict[float, list] = {}
        for w in words:
            rows.setdefault(round(w[2]), []).append(w)
        header = sorted(rows[min(rows)], key=lambda w: w[1])   # the top line of the page
        assert [w[0] for w in header] == ["Client", "Tier", "Rank", "Score", "Ranked", "since", "Last", "ranked"]
        dated = [sorted(r, key=lambda w: w[1]) for r in rows.values() if "2026-02-28" in [w[0] for w in r]]
        printed += len(dated)
        for r in dated:
            last = [w for w in r if w[0] == "2026-02-28"][0]
            assert last is r[-1]   # nothing printed to the right of Last ranked
            since = [w for w in r if w[0] == "2026-01-31"][0]
            assert last[1] - since[3] >= 10   # a clear gap between the two dates
            assert last[4] - last[2] >= 8     # 8 pt text or larger
    assert printed == 70

"""What the owner sees first: the Ranking sheet's frozen top on a laptop's screen, and its pages when
printed, measured in the file (row heights, print area) and in LibreOffice's PDF of it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
import xlsxwriter
from openpyxl import load_workbook

from tests.helpers import SAMPLE, libreoffice_convert
from xlclientrank.jobs.rerank import rerank
from xlclientrank.report import verdict

# Excel at 1366 x 768 with the ribbon open shows about 486 pixels of cells: the screen less the task
# bar (40), the title bar (30), the ribbon with its tabs (120), the formula bar (25), the column
# letters (20), the sheet tabs (25) and the status bar (22); a default row is 20 pixels (15 pt).
SCREEN_ROWS_PX = 486
ROW_PX = 20
LARGEST_ROW_PX = 25  # a row of our 14-pt title; 12-pt verdict rows are shorter
PT_TO_PX = 96 / 72


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    out = tmp_path_factory.mktemp("screen") / "ranked.xlsx"
    rerank(SAMPLE, out=out, today=dt.date(2026, 11, 26))
    return out


def frozen_rows(ws) -> int:
    return int(re.match(r"[A-Z]+(\d+)", ws.freeze_panes).group(1)) - 1


def test_the_verdict_and_the_first_clients_fit_a_laptop_screen(ranked):
    ws = load_workbook(ranked)["Ranking"]
    rows = frozen_rows(ws)
    heights = [ws.row_dimensions[r].ht * PT_TO_PX if ws.row_dimensions[r].ht else LARGEST_ROW_PX
               for r in range(1, rows + 1)]
    assert ws.cell(rows, 1).value == "Rank"  # only the rows above the table and its header are frozen
    visible_clients = (SCREEN_ROWS_PX - sum(heights)) // ROW_PX
    assert visible_clients >= 8, f"{rows} frozen rows ({sum(heights):.0f} px) leave {visible_clients} client rows"
    # the verdict is in that frozen top, every sentence of it
    top = [str(c.value) for row in ws.iter_rows(max_row=rows - 1) for c in row if c.value]
    wb = load_workbook(ranked, data_only=True)
    summary = [str(c.value) for row in wb["ClientRank Summary"].iter_rows() for c in row if c.value]
    said = summary[summary.index("In short") + 1: summary.index("In short") + 1 + verdict.MAX_SENTENCES]
    assert len(said) >= 3 and all(s in top for s in said)


def _word_heights(pdf, page: int) -> dict[str, float]:
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    out = {}
    for y0, y1, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', xml):
        out.setdefault(word, float(y1) - float(y0))
    return out


def _pages(pdf) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, n + 1)]


def test_the_printed_ranking_is_at_least_9_pt_with_the_columns_that_matter(ranked, tmp_path):
    # Carlito has Calibri's metrics: with it LibreOffice lays out columns as Excel does (without it,
    # a wider font makes every column wider and the print smaller than Excel's)
    fonts = subprocess.run(["fc-list", ":family=Carlito"], capture_output=True, text=True).stdout
    assert fonts.strip(), "install the font Carlito: apt-get install fonts-crosextra-carlito"
    # a calibration page: one 11-pt cell printed at 100 %, measured the same way
    calibration = tmp_path / "eleven.xlsx"
    wb = xlsxwriter.Workbook(str(calibration))
    wb.add_worksheet("Eleven").write_string(0, 0, "Calibration")
    wb.close()
    pdfs = libreoffice_convert([calibration, ranked])
    eleven = _word_heights(pdfs[calibration], 1)["Calibration"]
    pages = _pages(pdfs[ranked])
    first = next(i for i, text in enumerate(pages, 1) if text.lstrip().startswith("Client ranking\n"))
    text = pages[first - 1]
    header = next(line for line in text.splitlines() if line.split()[:2] == ["Rank", "Client"])
    assert header.split()[:4] == ["Rank", "Client", "Score", "Tier"] and "Why" in header and "Action" in header
    assert "Client since" not in text and "Since last time" not in text  # on screen only
    heights = _word_heights(pdfs[ranked], first)
    ws = load_workbook(ranked, data_only=True)["Ranking"]
    client = next(r[1] for r in ws.iter_rows(values_only=True) if r[0] == 1)
    printed_pt = 11 * heights[client.split()[0]] / eleven
    assert printed_pt >= 9, f"the table prints at {printed_pt:.1f} pt"
    # the summary sheet prints its verdict on its first page
    summary = next(t for t in pages if t.lstrip().startswith("Client ranking: summary"))
    assert "In short" in summary and "The figures" in summary

"""The template ClientRank.xlsm as a new user opens and prints it: its =CLIENT_TIER cells keep the
tiers saved with them (Excel is not told to recalculate every formula on opening, which without the
add-in would turn all 150 into #NAME?), and its Clients sheet prints landscape, one page wide, with
the headings on every page and page numbers, at 8 pt or more on A4. (The committed file equals a fresh
build: tests/excel/test_excel_addin.py.)"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import libreoffice_convert, ranking_rows
from xlclientrank.excel import build

CLIENTS = 150   # the sample's clients
HEADINGS = ["Client", "Contact email", "Revenue 2026", "Gross profit", "Orders", "Client since", "Last order",
            "Hours spent", "Complaints", "Referrals", "Fit (1-5)", "Tier (live formula)"]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    pytest.importorskip("ms_ovba", reason="building the template needs the build extra (ms-ovba)")
    out = tmp_path_factory.mktemp("template") / "ClientRank.xlsm"
    build.build_template(out)
    return out


def test_excel_is_not_told_to_recalculate_every_formula_on_opening(template):
    with zipfile.ZipFile(template) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        names = z.namelist()
    calc = re.findall(r"<calcPr\b[^>]*/>", workbook)
    # no fullCalcOnLoad, and the calculation engine of current Excel (an older calcId makes Excel
    # recalculate everything on opening too)
    assert calc == ['<calcPr calcId="191029"/>']
    assert "xl/calcChain.xml" not in names


def test_the_tier_cells_carry_the_tiers_of_the_ranking_as_their_saved_results(template):
    from python_calamine import CalamineWorkbook

    formulas = load_workbook(template, keep_vba=True)["Clients"]
    assert [formulas.cell(1, c).value for c in range(1, 13)] == HEADINGS
    assert [formulas.cell(r, 12).value for r in (2, 151)] == ["=CLIENT_TIER(A2:K2)", "=CLIENT_TIER(A151:K151)"]
    # the saved results, read by a reader we did not write, are the tiers on the Ranking sheet
    header, body = ranking_rows(template)
    tier_of = {row[header.index("Client")]: row[header.index("Tier")] for row in body}
    rows = CalamineWorkbook.from_path(str(template)).get_sheet_by_name("Clients").to_python()
    saved = {r[0]: r[11] for r in rows[1:CLIENTS + 1]}
    assert len(saved) == CLIENTS and saved == tier_of
    values = load_workbook(template, data_only=True)["Clients"]
    assert [values.cell(r, 12).value for r in range(2, CLIENTS + 2)] == [tier_of[values.cell(r, 1).value]
                                                                         for r in range(2, CLIENTS + 2)]


def test_libreoffice_shows_the_saved_tiers_when_it_does_not_recalculate(template):
    xlsx = libreoffice_convert([template], "xlsx")[template]
    shown = load_workbook(xlsx, data_only=True)["Clients"]
    tiers = [shown.cell(r, 12).value for r in range(2, CLIENTS + 2)]
    assert set(tiers) == {"Ideal", "Core", "Poor"} and "#NAME?" not in tiers


def excel_column_pixels(width: float) -> int:
    """Excel's width in pixels of a column of ``width`` characters in Calibri 11 (7-pixel digits)."""
    return math.trunc(((256 * width + math.trunc(128 / 7)) / 256) * 7)


def test_the_clients_sheet_prints_landscape_one_page_wide_with_headings_and_page_numbers(template):
    ws = load_workbook(template, keep_vba=True)["Clients"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_area == "'Clients'!$A$1:$L$151"
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert ws.freeze_panes == "B2"
    assert [ws.cell(2, c).number_format for c in (3, 4, 5, 6, 8, 9)] == ["$#,##0.00", "$#,##0.00", "#,##0",
                                                                         "yyyy-mm-dd", "#,##0.0", "#,##0"]
    widths = [ws.column_dimensions[chr(65 + j)].width for j in range(12)]
    # every client's name fits its column
    longest = max(len(ws.cell(r, 1).value) for r in range(2, CLIENTS + 2))
    assert widths[0] >= longest + 1
    # the scale that fits the columns on A4 landscape (297 mm) between the sheet's margins
    printable = (297 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 72
    content = sum(excel_column_pixels(w) for w in widths) * 0.75
    assert 11 * min(1.0, printable / content) >= 8, (content, printable)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils' pdftotext to read the PDF")
def test_libreoffice_prints_the_clients_on_a_few_pages_each_with_every_heading(template):
    pdf = libreoffice_convert([template])[template]
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for page in etree.fromstring(html.encode(), etree.HTMLParser()).iter("page"):
        words = [(w.text, float(w.get("ymin")), float(w.get("ymax"))) for w in page.iter("word")]
        top = [w[0] for w in sorted(words, key=lambda w: w[1])[:3]]
        if top == ["Client", "Contact", "email"]:   # a page of the Clients sheet starts with its headings
            pages.append(words)
    # before: 16 pages with the columns split; now the 150 clients on a few pages, one page wide
    assert 2 <= len(pages) <= 5
    names = 0
    for number, words in enumerate(pages, 1):
        texts = [w[0] for w in words]
        for heading in HEADINGS:
            assert all(part in texts for part in heading.split()), (number, heading)
        assert f"{number}" in texts and "Page" in texts
        names += sum(1 for t in texts if t in ("Poor", "Core", "Ideal"))
        heights = [w[2] - w[1] for w in words if w[0] in ("Poor", "Core", "Ideal")]
        assert min(heights) >= 8   # 8 pt text or larger
    assert names == CLIENTS

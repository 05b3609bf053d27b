"""The sheet written for a CSV reads and prints well: columns as wide as their headings and values
(up to 40 characters; a long heading wraps), numbers formatted (counts 1,234, amounts 12,450.50,
identifiers as they are, dates as dates), the heading row bold, frozen, with filter buttons and
printed on every page; for order lines the clients table the same."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import libreoffice_convert, run_cli, write_csv
from xlclientrank.reader import csvlayout

LONG = "Willow Veterinary Practice and Boarding Kennels Ltd"   # 51 characters
HEADER = ["Client name", "Revenue this year (net of refunds)", "Number of orders", "Customer ID", "Client since"]
ROWS = [
    [LONG, "12450.5", "35", "100234", "2014-06-19"],
    ["Kestrel Electrical", "18809.04", "5", "100235", "2010-08-14"],
    ["Cedar Legal", "306", "1204", "100236", "2021-03-02"],
    ["Summit Dental Group", "7106.25", "46", "100237", "2019-11-30"],
    ["Ironbridge Roofing Co", "950.75", "12", "100238", "2023-01-05"],
]


def widths(ws) -> dict[str, float]:
    """Each column's width as stored (a <col> element may cover several columns)."""
    from openpyxl.utils import get_column_letter

    out = {}
    for dim in ws.column_dimensions.values():
        if dim.customWidth:
            for c in range(dim.min, dim.max + 1):
                out[get_column_letter(c)] = dim.width
    return out


def csv_sheet(tmp_path: Path):
    src = write_csv(tmp_path / "clients.csv", HEADER, ROWS)
    code, _, err = run_cli("rerank", src)
    assert code == 0, err
    book = tmp_path / "clients.xlsx"
    return book, load_workbook(book)["clients"]


def test_numbers_are_formatted_by_what_they_are_and_dates_are_dates(tmp_path):
    _, ws = csv_sheet(tmp_path)
    assert [ws.cell(1, c).value for c in range(1, 6)] == HEADER
    for r, row in enumerate(ROWS, 2):
        revenue, orders, ident, since = (ws.cell(r, c) for c in range(2, 6))
        assert (revenue.value, revenue.data_type, revenue.number_format) == (float(row[1]), "n", "#,##0.00")
        assert (orders.value, orders.number_format) == (int(row[2]), "#,##0")
        assert (ident.value, ident.number_format) == (int(row[3]), "0")   # an identifier: no 100,234
        assert since.value == dt.datetime.fromisoformat(row[4]) and since.number_format == "yyyy-mm-dd"


def test_columns_fit_names_and_headings_within_40_and_the_heading_row_is_bold_frozen_and_filtered(tmp_path):
    book, ws = csv_sheet(tmp_path)
    width = widths(ws)
    # the names: the longest (51 characters) is capped at 40; widths are stored plus 0.71 of padding
    assert 40 <= width["A"] < 41
    # a long heading wraps over short amounts ("18,809.04"): narrower than the heading, wider than 9
    assert 12 <= width["B"] <= 21 and ws["B1"].alignment.wrap_text
    # "Number of orders" (16 characters, bold, with its filter button) fits on one line
    assert width["C"] >= 16 * 1.1 + 2
    assert width["E"] >= 12   # "Client since" and the dates
    assert all(ws.cell(1, c).font.b for c in range(1, 6))
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E6"
    assert ws.print_title_rows == "$1:$1"
    # the heading row is as tall as its wrapped heading (two lines), set in the file
    assert ws.row_dimensions[1].height == 30


def test_order_lines_get_a_clients_table_laid_out_the_same(tmp_path):
    lines = [["2025-01-1%d" % (i % 9), ["Kestrel Electrical", LONG, "Cedar Legal"][i % 3], "%.2f" % (100 + 12.5 * i)]
             for i in range(30)]
    src = write_csv(tmp_path / "orders.csv", ["Order date", "Customer", "Total amount"], lines)
    code, _, err = run_cli("rerank", src)
    assert code == 0, err
    ws = load_workbook(tmp_path / "orders.xlsx")["orders"]
    heads = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    assert heads[:3] == ["Customer", "Revenue", "Orders"]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == f"A2:{chr(64 + len(heads))}5"
    assert all(ws.cell(2, c).font.b for c in range(1, len(heads) + 1))
    assert 40 <= widths(ws)["A"] < 41
    for r in range(3, 6):
        assert ws.cell(r, 2).number_format == "#,##0.00" and ws.cell(r, 3).number_format == "#,##0"
    # Revenue of each client, added up independently
    totals: dict[str, float] = {}
    for _, name, amount in lines:
        totals[name] = totals.get(name, 0.0) + float(amount)
    assert {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, 6)} == pytest.approx(totals)


@pytest.mark.parametrize("heading, numbers, code", [
    ("Sales", [12450.5, 306.0], "#,##0.00"),
    ("Orders", [3.0, 1204.0], "#,##0"),
    ("Number of orders", [3.0, 12.0], "#,##0"),
    ("Order number", [100234.0, 100235.0], "0"),
    ("Invoice #", [5001.0], "0"),
    ("Year", [2024.0, 2025.0], "0"),
    ("Average sale", [419.7525, 12.0], "#,##0.00"),
    ("Margin", [0.125, 0.3333], "0.00##"),
])
def test_number_formats_by_heading_and_values(heading, numbers, code):
    assert csvlayout.number_format(heading, numbers) == code


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils' pdftotext to read the PDF")
def test_libreoffice_prints_the_sheet_one_page_wide_with_names_and_numbers_as_formatted(tmp_path):
    book, _ = csv_sheet(tmp_path)
    pdf = libreoffice_convert([book])[book]
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # the first page is the CSV's sheet: every column on it, numbers as formatted
    for shown in ("Client name", "Number of orders", "Customer ID", "Client since", "12,450.50", "1,204", "100234",
                  "2014-06-19", "Kestrel Electrical", "Ironbridge Roofing Co"):
        assert shown in text, shown
    assert "12450.5" not in text and "100,234" not in text
    html = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = etree.fromstring(html.encode(), etree.HTMLParser()).iter("word")
    heights = [float(w.get("ymax")) - float(w.get("ymin")) for w in words]
    assert min(heights) >= 8   # 8 pt text or larger


def test_an_export_ranked_into_a_workbook_with_its_own_client_list_ranks_the_export(tmp_path):
    """`rerank list.csv --out book.xlsx` where book.xlsx already holds another client list: the
    export's lines are what is ranked (before, the workbook's first list was)."""
    from tests.helpers import SAMPLE, ranking_rows

    csv = write_csv(tmp_path / "list.csv", ["Client", "Revenue"], [["Acme", 100], ["Beta", 50], ["Gamma", 10]])
    book = tmp_path / "book.xlsx"
    shutil.copyfile(SAMPLE, book)  # its sheet Clients holds 150 clients
    code, out, err = run_cli("rerank", csv, "--out", book)
    assert code == 0, err
    assert "Ranked 3 clients from sheet 'list'" in out
    assert [r[1] for r in ranking_rows(book)[1]] == ["Acme", "Beta", "Gamma"]
    assert "Clients" in load_workbook(book, read_only=True).sheetnames  # the owner's own list is kept

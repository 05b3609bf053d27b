""".xlsx files saved by Apple Numbers and Google Sheets, shaped after what those apps are known to
write (no file saved by either app could be produced here: both need the app or an account):

- Numbers ("File > Export To > Excel", with "Include a summary worksheet" ticked, its default) puts
  an "Export Summary" worksheet first: one sentence ("This document was exported from Numbers. Each
  table was converted to an Excel worksheet. ...") and a table "Numbers Sheet Name | Numbers Table
  Name | Excel Worksheet Name"; each table becomes a worksheet named "<sheet> - <table>", e.g.
  "Sheet 1 - Table 1". Columns the owner hid come out visible, and blank rows trail the table.
- Google Sheets ("File > Download > Microsoft Excel (.xlsx)") writes the whole grid of the sheet:
  a new sheet is 1,000 rows by 26 columns (A:Z), so the sheet's dimension says A1:Z1000 whatever the
  data, and the frozen header row and the filter come along.

The reader must pick the table, not the summary, and read the client list to its last real row.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook

from tests.helpers import run_cli
from xlclientrank.reader import Workbook, read_client_table

CLIENTS = [("Harbour Dental", 18_400.0, 6), ("Oak & Pine Joinery", 9_250.5, 11), ("Nordlicht GmbH", 4_100.0, 3),
           ("Café Lumière", 2_300.0, 9), ("Riverside Vets", 12_000.0, 4), ("Bright Kids Nursery", 750.0, 2)]

SUMMARY_SENTENCE = ("This document was exported from Numbers. Each table was converted to an Excel worksheet. "
                    "All other objects on each Numbers sheet were placed on separate worksheets. Please be "
                    "aware that formula calculations may differ in Excel.")


def numbers_export(path: Path) -> Path:
    wb = OpenpyxlWorkbook()
    summary = wb.active
    summary.title = "Export Summary"
    summary.append([SUMMARY_SENTENCE])
    summary.append([])
    summary.append(["Numbers Sheet Name", "Numbers Table Name", "Excel Worksheet Name"])
    summary.append(["Clients", None, None])
    summary.append([None, "Table 1", "Clients - Table 1"])
    summary.append(["Notes", None, None])
    summary.append([None, "Table 1", "Notes - Table 1"])
    table = wb.create_sheet("Clients - Table 1")
    table.append(["Client", "Revenue", "Jobs"])
    for row in CLIENTS:
        table.append(list(row))
    for _ in range(20):                       # Numbers' default table has more rows than data
        table.append([None, None, None])
    notes = wb.create_sheet("Notes - Table 1")
    notes.append(["Reviewed with", "Month"])
    notes.append(["Sam (advisor)", "November"])
    wb.save(path)
    return path


def google_sheets_export(path: Path) -> Path:
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Client", "Revenue", "Jobs"])
    for row in CLIENTS:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:C{len(CLIENTS) + 1}"
    wb.save(path)
    # the grid as Google Sheets writes it: the dimension covers the sheet's 1,000 x 26 cells
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:Z1000"/>', sheet)
    assert 'ref="A1:Z1000"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return path


def check_clients(table) -> None:
    frame = table.frame
    assert sorted(frame[table.client_column]) == sorted(c for c, _, _ in CLIENTS)
    revenue = dict(zip(frame[table.client_column], frame["Revenue"]))
    assert revenue == {c: r for c, r, _ in CLIENTS}


def test_a_numbers_export_is_read_from_its_table_not_its_summary(tmp_path):
    path = numbers_export(tmp_path / "Clients.xlsx")
    table = read_client_table(Workbook(path))
    assert table.sheet == "Clients - Table 1"
    check_clients(table)


def test_a_numbers_export_ranks_from_the_command_line(tmp_path):
    path = numbers_export(tmp_path / "Clients.xlsx")
    code, out, err = run_cli("rerank", str(path), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["sheet"], summary["clients"]) == ("Clients - Table 1", 6)
    assert summary["pareto"]["total"] == sum(r for _, r, _ in CLIENTS)
    after = load_workbook(path, read_only=True)
    assert after.sheetnames[:3] == ["Export Summary", "Clients - Table 1", "Notes - Table 1"]


def test_a_google_sheets_download_is_read_to_its_last_client(tmp_path):
    path = google_sheets_export(tmp_path / "Clients.xlsx")
    table = read_client_table(Workbook(path))
    check_clients(table)
    code, out, err = run_cli("rerank", str(path))
    assert code == 0, err
    assert "Ranked 6 clients from sheet 'Sheet1'" in out

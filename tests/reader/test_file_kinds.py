"""The file's kind from its content, not its name (xlclientrank/filekind.py).

Each file is made the way the product that writes it makes it, then ranked with the real command:

- Tab-separated text named .txt. Amazon Seller Central's reports are "tab-delimited flat files"
  (Selling Partner API, FBA reports: "Report output type: Tab-delimited flat file",
  https://developer-docs.amazon.com/sp-api/docs/fba-sales-reports-attributes; the Payments reports
  downloaded from Seller Central are tab-delimited text too). PayPal's Activity Download offers
  "Comma-Separated Values (CSV)" and "Tab-Separated Value (TAB)" (PayPal, Activity Download report,
  fields and formats; its older Downloadable History Log guide: "Tab-delimited plain text file",
  fields with punctuation or spaces double-quoted). Excel's own "Save As, Unicode Text (*.txt)"
  writes tab-separated UTF-16 with a byte-order mark.
- A real .xlsx (written by openpyxl) that a system or the owner named .csv or .xls.
- Files that are no spreadsheet at all under a spreadsheet's name: a PDF (it starts with
  ``%PDF-1.x``, ISO 32000-1 §7.5.2), a PNG or JPEG picture.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import SAMPLE, make_workbook, ranking_rows, run_cli
from tests.reader.exports.test_profiles_payments import PAYPAL_EN, paypal_en
from tests.reader.exports.test_profiles_shops import AMAZON_ALL_ORDERS, from_dicts

CLIENTS = [["Client", "Revenue", "Orders"], ["Acme Ltd", "1200.50", "5"], ["Bolt Inc", "800.00", "2"],
           ["Cog & Co", "300.00", "1"], ["Dyno GmbH", "2500.00", "9"]]
REVENUE = {"Acme Ltd": 1200.5, "Bolt Inc": 800.0, "Cog & Co": 300.0, "Dyno GmbH": 2500.0}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_tab(path: Path, rows, *, quote_all: bool = False, encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f, delimiter="\t", lineterminator="\r\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    return path


def ranked(out: Path) -> dict[str, float]:
    head, body = ranking_rows(out)
    return {r[head.index("Client")]: r[head.index("Revenue")] for r in body}


def refused(*args, contains: str, unchanged: Path) -> str:
    before = sha(unchanged)
    code, out, err = run_cli(*args)
    assert code not in (0, 1), (code, err)  # 1 is for bugs
    assert "Traceback" not in out + err and len(err.strip().splitlines()) == 1, err
    assert contains in err, err
    assert sha(unchanged) == before
    return err


# ---------------------------------------------------------------- tab-separated text


def test_paypal_tab_separated_activity_download_txt_ranks_like_its_csv(tmp_path):
    rows = [paypal_en("01/10/2025", "Ada Lovelace", "Express Checkout Payment", "Completed", 100, -3.75, "1AA",
                      "Credit", "ada@example.com"),
            paypal_en("01/12/2025", "Ada Lovelace", "Website Payment", "Completed", 50, -2.10, "1AB", "Credit",
                      "ada@example.com"),
            paypal_en("01/16/2025", "Grace Hopper", "Mobile Payment", "Completed", 200, -7.10, "1GA", "Credit",
                      "grace@example.com"),
            paypal_en("01/20/2025", "", "General Withdrawal - Bank Account", "Completed", -250, 0, "1WD", "Debit"),
            paypal_en("01/23/2025", "Margaret Hamilton", "Website Payment", "Completed", 40, -1.71, "1MB",
                      "Credit", "margaret@example.com")]
    table = [PAYPAL_EN] + from_dicts(PAYPAL_EN, rows)
    (tmp_path / "tab").mkdir()
    (tmp_path / "csv").mkdir()
    txt = write_tab(tmp_path / "tab" / "Download.txt", table, quote_all=True)  # every field quoted, as PayPal does
    with open(tmp_path / "csv" / "Download.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(table)
    before = sha(txt)
    code, out, err = run_cli("rerank", txt, "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["understood"][0].startswith("Export: PayPal, Activity download (recognised from its headers).")
    result = tmp_path / "tab" / "Download.xlsx"  # the .xlsx of the same name, as for a .csv
    assert summary["output"] == str(result) and sha(txt) == before
    assert ranked(result) == {"Ada Lovelace": 150, "Grace Hopper": 200, "Margaret Hamilton": 40}
    assert run_cli("rerank", tmp_path / "csv" / "Download.csv")[0] == 0
    assert ranking_rows(result) == ranking_rows(tmp_path / "csv" / "Download.xlsx")


def test_amazon_all_orders_report_txt_is_read_as_text_and_gets_amazons_own_answer(tmp_path):
    # Reports > Fulfillment > All Orders, downloaded as Seller Central writes it: a tab-delimited .txt
    rows = [[f"113-000000{i}-000000{i}", "", f"2025-03-0{i}T10:00:00+00:00", f"2025-03-0{i}T12:00:00+00:00",
             "Shipped", "Amazon", "Amazon.com", "", "", "Standard", "Brass gear", "BG-1", "B00000000" + str(i),
             "Shipped", "1", "USD", "25.00", "2.00", "0.00", "0.00", "", "", "", "", "SEATTLE", "WA", "98101", "US",
             "", "false", "", ""] for i in range(1, 4)]
    txt = write_tab(tmp_path / "All Orders 2025-03.txt", [AMAZON_ALL_ORDERS] + rows)
    err = refused("rerank", txt, contains="Amazon Seller Central's Order report", unchanged=txt)
    assert "do not say who the buyer is" in err and "not an Excel workbook" not in err
    assert not (tmp_path / "All Orders 2025-03.xlsx").exists()


def test_tsv_client_list_is_read_like_a_csv_and_its_lines_are_the_data_sheet(tmp_path):
    tsv = write_tab(tmp_path / "clients.tsv", CLIENTS)
    code, out, err = run_cli("rerank", tsv)
    assert code == 0, err
    result = tmp_path / "clients.xlsx"
    assert ranked(result) == REVENUE
    wb = load_workbook(result, read_only=True)
    assert [list(r) for r in wb["clients"].iter_rows(values_only=True)] == \
        [CLIENTS[0]] + [[c, float(r), int(o)] for c, r, o in CLIENTS[1:]]
    # next month's export ranked again: the same workbook, its settings kept
    assert run_cli("rerank", tsv, "--out", result)[0] == 0 and ranked(result) == REVENUE


def test_excel_unicode_text_utf16_txt(tmp_path):
    rows = [r[:] for r in CLIENTS]
    rows[1][0] = "Åsa Öberg AB"
    txt = write_tab(tmp_path / "Kunden.txt", rows, encoding="utf-16")  # BOM, then UTF-16LE: Excel's "Unicode Text"
    assert txt.read_bytes()[:2] == b"\xff\xfe"
    code, out, err = run_cli("rerank", txt, "--out", tmp_path / "ranked.xlsx")
    assert code == 0, err
    assert ranked(tmp_path / "ranked.xlsx") == {("Åsa Öberg AB" if k == "Acme Ltd" else k): v
                                                 for k, v in REVENUE.items()}


def test_csv_text_named_xlsx_is_read_as_text_and_never_written_over(tmp_path):
    named = tmp_path / "clients.xlsx"
    with open(named, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(CLIENTS)
    before = sha(named)
    code, out, err = run_cli("rerank", named)
    assert code == 0, err
    assert sha(named) == before
    assert ranked(tmp_path / "clients - ranked.xlsx") == REVENUE
    refused("rerank", named, "--out", named, contains="choose another name", unchanged=named)


# ---------------------------------------------------------------- an .xlsx under another name


@pytest.mark.parametrize("suffix", [".csv", ".xls", ".txt", ""])
def test_xlsx_under_another_name_is_read_as_a_workbook_and_written_as_xlsx_beside_it(tmp_path, suffix):
    book = make_workbook(tmp_path / "book.xlsx", CLIENTS[:1] + [[c, float(r), int(o)] for c, r, o in CLIENTS[1:]])
    named = tmp_path / f"export{suffix}"
    book.rename(named)
    before = sha(named)
    code, out, err = run_cli("rerank", named, "--json")
    assert code == 0, err
    result = tmp_path / "export.xlsx"
    assert json.loads(out)["output"] == str(result)
    assert sha(named) == before  # the mislabelled original is never written over
    assert ranked(result) == REVENUE
    assert "Clients" in load_workbook(result, read_only=True).sheetnames  # the workbook's own sheet, kept
    # a second run would write over export.xlsx, made from another file: refused, with the way out
    err = refused("rerank", named, contains="choose another name for the result with --out", unchanged=result)
    assert f"name ends in '{suffix}'" in err
    assert run_cli("rerank", named, "--out", tmp_path / "march.xlsx")[0] == 0
    assert ranked(tmp_path / "march.xlsx") == REVENUE
    refused("rerank", named, "--out", named, contains="must end in .xlsx", unchanged=named)


def test_xlsm_renamed_xls_keeps_its_macros_in_an_xlsm(tmp_path):
    from xlclientrank import bundled

    named = tmp_path / "ClientRank.xls"
    shutil.copyfile(bundled.TEMPLATE, named)
    code, out, err = run_cli("rerank", named, "--quiet")
    assert code == 0, err
    result = tmp_path / "ClientRank.xlsm"
    assert load_workbook(result, keep_vba=True).vba_archive is not None
    assert len(ranking_rows(result)[1]) == 150


def test_share_reads_an_xlsx_named_xls_and_says_to_rank_a_text_export_first(tmp_path):
    named = tmp_path / "clients.xls"
    shutil.copyfile(SAMPLE, named)
    code, out, err = run_cli("share", named)
    assert code == 0, err
    assert len(ranking_rows(tmp_path / "clients - for advisor.xlsx")[1]) == 150
    txt = write_tab(tmp_path / "clients.txt", CLIENTS)
    err = refused("share", txt, contains='rank it first with xlclientrank rerank "clients.txt"', unchanged=txt)
    assert "not an Excel workbook" not in err


# ---------------------------------------------------------------- neither a workbook nor text


def pdf() -> bytes:
    """A one-page PDF as a PDF writer lays it out: header, objects, cross-reference table, trailer."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png() -> bytes:
    """A 1x1 white PNG: signature, IHDR, IDAT, IEND (each chunk with its CRC)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.mark.parametrize("name, content, seems", [
    ("clients.xlsx", pdf(), "is a PDF document"),
    ("clients.csv", pdf(), "is a PDF document"),
    ("clients.xlsx", png(), "is a picture (PNG)"),
    ("clients.txt", JPEG, "is a picture (JPEG)"),
], ids=["pdf-named-xlsx", "pdf-named-csv", "png-named-xlsx", "jpeg-named-txt"])
def test_a_pdf_or_picture_says_what_it_is_and_what_to_do(tmp_path, name, content, seems):
    path = tmp_path / name
    path.write_bytes(content)
    err = refused("rerank", path, contains=seems, unchanged=path)
    assert "not an Excel workbook or a CSV export" in err
    assert "export your client list from your system as CSV or as an Excel workbook (.xlsx)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_old_xls_keeps_its_message_under_any_name(tmp_path):
    for name in ("old.xls", "old.csv"):
        path = tmp_path / name
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        refused("rerank", path, contains="is an old Excel 97-2003 (.xls) workbook, not an .xlsx; open it in Excel, "
                                         "choose File, Save As and the type Excel Workbook (.xlsx)", unchanged=path)


def test_a_note_named_xlsx_is_not_a_workbook_but_a_csv_with_one_column_is_text(tmp_path):
    note = tmp_path / "clients.xlsx"
    note.write_text("Client list moved to the shared drive.\nAsk Sarah for the latest copy.\n")
    refused("rerank", note, contains="is a text file without columns", unchanged=note)
    one = tmp_path / "names.csv"
    one.write_text("Client\nAcme Ltd\nBolt Inc\n")
    err = refused("rerank", one, contains="names.csv", unchanged=one)
    assert "not an Excel workbook" not in err

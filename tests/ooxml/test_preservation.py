"""The owner's workbook is sacred: after rerank every part that is not ours has its exact bytes."""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter
from lxml import etree

from tests.helpers import CORPUS, parts, ranking_rows, run_cli

# parts a rebuild of our own sheets may touch; everything else must come through byte for byte
MAY_CHANGE = re.compile(r"^(\[Content_Types\]\.xml|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml|"
                        r"xl/calcChain\.xml)$")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def rich_workbook(path: Path) -> Path:
    """Chart, image, table, data validation, conditional format, comment, defined names, hidden sheet."""
    png = path.with_suffix(".png")
    png.write_bytes(tiny_png())
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Clients")
    money = wb.add_format({"num_format": "$#,##0.00", "font_color": "#1F4E78"})
    rows = [[f"Company {chr(65 + i // 26)}{chr(65 + i % 26)} Ltd", 1000.0 * (41 - i) ** 1.5, i % 7 + 1, 40 - i % 9]
            for i in range(40)]
    ws.add_table(0, 0, 40, 3, {"name": "ClientTable", "columns": [
        {"header": "Client"}, {"header": "Revenue", "format": money}, {"header": "Orders"}, {"header": "Hours"}],
        "data": rows})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Clients!$B$2:$B$41", "categories": "=Clients!$A$2:$A$41"})
    ws.insert_chart("F2", chart)
    ws.insert_image("F20", str(png))
    ws.data_validation("C2:C41", {"validate": "integer", "criteria": ">=", "value": 0})
    ws.conditional_format("B2:B41", {"type": "data_bar"})
    ws.write_comment("A1", "Owner's note: update monthly")
    wb.define_name("Revenues", "=Clients!$B$2:$B$41")
    wb.define_name("Clients!LocalName", "=Clients!$A$1")
    hidden = wb.add_worksheet("Lookup")
    hidden.write_row(0, 0, ["Region", "Code"])
    hidden.hide()
    summary = wb.add_worksheet("Summary")
    summary.write_formula("A1", "=SUM(Clients!B2:B41)", None, 1234.0)
    wb.close()
    return path


def assert_preserved(before: Path, after: Path) -> None:
    a, b = parts(before), parts(after)
    lost = [p for p in a if p not in b]
    changed = [p for p in a if p in b and a[p] != b[p] and not MAY_CHANGE.match(p)]
    assert not lost and not changed, (lost, changed)
    wa, wb_ = (etree.fromstring(x["xl/workbook.xml"]) for x in (a, b))
    sheets_a = [dict(s.attrib) for s in wa.iterfind("m:sheets/m:sheet", NS)]
    sheets_b = [dict(s.attrib) for s in wb_.iterfind("m:sheets/m:sheet", NS)]
    assert sheets_b[:len(sheets_a)] == sheets_a, "the owner's sheets keep name, id, order and relationship"
    names_a = {(n.get("name"), n.get("localSheetId"), n.text) for n in wa.iterfind("m:definedNames/m:definedName", NS)}
    names_b = {(n.get("name"), n.get("localSheetId"), n.text) for n in wb_.iterfind("m:definedNames/m:definedName", NS)}
    assert names_a <= names_b, names_a - names_b
    # styles: the owner's entries stay where they were; ours are only appended
    sa, sb = (etree.fromstring(x["xl/styles.xml"]) for x in (a, b))
    for tag in ("numFmts", "fonts", "fills", "borders", "cellXfs", "cellStyleXfs", "dxfs"):
        ea, eb = sa.find(f"m:{tag}", NS), sb.find(f"m:{tag}", NS)
        if ea is None:
            continue
        old = [etree.tostring(e) for e in ea]
        assert [etree.tostring(e) for e in eb][:len(old)] == old, tag
    # relationships and content types: the owner's entries are all still there, unchanged
    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    for part in [p for p in a if p.endswith(".rels") and p in b]:
        ra = {tuple(sorted(r.attrib.items())) for r in etree.fromstring(a[part]).iter(rel_ns + "Relationship")}
        rb = {tuple(sorted(r.attrib.items())) for r in etree.fromstring(b[part]).iter(rel_ns + "Relationship")}
        assert ra <= rb, (part, ra - rb)
    ct = lambda x: {tuple(sorted(e.attrib.items())) for e in etree.fromstring(x["[Content_Types].xml"])}  # noqa: E731
    assert ct(a) <= ct(b), ct(a) - ct(b)
    # every prefix named in mc:Ignorable is still declared
    for part in ("xl/workbook.xml", "xl/styles.xml"):
        root = etree.fromstring(b[part])
        ignorable = root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable", "")
        for prefix in ignorable.split():
            assert prefix in root.nsmap, (part, prefix)


def test_rich_xlsxwriter_workbook_keeps_every_part(tmp_path):
    src = rich_workbook(tmp_path / "rich.xlsx")
    out = tmp_path / "ranked.xlsx"
    code, _, err = run_cli("rerank", src, "--out", out)
    assert code == 0, err
    assert_preserved(src, out)
    head, body = ranking_rows(out)
    assert len(body) == 40
    # ranking the output again keeps the first run's parts too, and adds no styles: the second run of
    # the day says what changed against the first (nothing), and from then on every part stays the same
    out2, out3 = tmp_path / "ranked2.xlsx", tmp_path / "ranked3.xlsx"
    assert run_cli("rerank", out, "--out", out2)[0] == 0
    assert_preserved(src, out2)
    assert run_cli("rerank", out2, "--out", out3)[0] == 0
    assert parts(out3) == parts(out2)


CORPUS_FILES = sorted(CORPUS.glob("*.xls[xm]")) if CORPUS.exists() else []


@pytest.mark.parametrize("src", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_workbooks_keep_every_part(src, tmp_path):
    out = tmp_path / ("ranked" + src.suffix)
    code, _, err = run_cli("rerank", src, "--out", out)
    assert code == 0, err
    assert_preserved(src, out)


def test_corpus_has_pivot_tables_and_charts():
    found = {n for p in CORPUS_FILES for n in zipfile.ZipFile(p).namelist()}
    assert any(n.startswith("xl/pivotTables/") for n in found), "a corpus workbook with a pivot table"
    assert any(n.startswith("xl/pivotCache/") for n in found)
    assert any(n.startswith("xl/charts/") for n in found)


def excel_made_xlsm(tmp_path: Path) -> Path:
    """xlwings' quickstart.xlsm (saved by Excel, with a VBA project) plus a client list added by openpyxl."""
    import xlwings
    from openpyxl import load_workbook

    src = Path(os.path.dirname(xlwings.__file__)) / "quickstart.xlsm"
    wb = load_workbook(src, keep_vba=True)
    ws = wb["Sheet1"]
    ws.append(["Client", "Revenue", "Complaints"])
    for i in range(12):
        ws.append([f"Shop {i + 1}", 500.0 * (i + 1) ** 2, i % 3])
    out = tmp_path / "macro.xlsm"
    wb.save(out)
    return out


def test_macro_workbook_keeps_its_vba_project(tmp_path):
    src = excel_made_xlsm(tmp_path)
    code, _, err = run_cli("rerank", src)  # in place
    assert code == 0, err
    after = parts(src)
    assert after["xl/vbaProject.bin"] == zipfile.ZipFile(src).read("xl/vbaProject.bin")
    assert b"macroEnabled" in after["[Content_Types].xml"]


def test_splice_into_an_excel_saved_workbook_keeps_its_namespaces(tmp_path):
    """Excel's own workbook.xml (mc:Ignorable with x15, xr, ...) edited by the splicer stays valid."""
    import xlwings

    from xlclientrank.ooxml.package import Package
    from xlclientrank.ooxml.splice import DonorSheet, Splicer

    src = Path(os.path.dirname(xlwings.__file__)) / "quickstart.xlsm"
    donor_path = tmp_path / "donor.xlsx"
    wb = xlsxwriter.Workbook(str(donor_path))
    ws = wb.add_worksheet("Ranking")
    ws.write_string(0, 0, "hello", wb.add_format({"bold": True, "bg_color": "#C6EFCE"}))
    wb.close()
    splicer = Splicer(Package.read(src))
    splicer.put(Package.read(donor_path), DonorSheet("ranking", "Ranking"))
    out = tmp_path / "spliced.xlsm"
    splicer.finish().write_atomic(out)
    assert_preserved(src, out)
    root = etree.fromstring(parts(out)["xl/workbook.xml"])
    assert [s.get("name") for s in root.iterfind("m:sheets/m:sheet", NS)] == ["Sheet1", "_xlwings.conf", "Ranking"]

"""Read what Excel reads: sheet entries that lead to no part, a sheet the fast
reader (python-calamine) cannot read, and sheets whose formatted empty cells reach row 1,048,576.

Each file is built here and then edited as the real producer writes it (the source of each shape is
named where it is made). The owner's parts are never repaired: the written file keeps them exactly.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from tests.helpers import libreoffice_convert, parts, ranking_rows, run_cli

# our tests read the written files with openpyxl too, which says it leaves the r:id="" entry out
pytestmark = pytest.mark.filterwarnings("ignore:File contains an invalid specification:UserWarning")

CLIENTS = [(f"Shop {i + 1}", 100.0 * (i + 1) ** 2, i % 4) for i in range(12)]


def edit(src: Path, dst: Path, changes: dict) -> Path:
    """A copy of the package with some parts changed: name -> bytes, a function of the old bytes,
    or None (the part is left out)."""
    with zipfile.ZipFile(src) as z:
        old = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in old:
            change = changes.get(info.filename, data)
            if callable(change):
                change = change(data)
            if change is not None:
                z.writestr(info, change)
    return dst


def sub(pattern: bytes, repl: bytes, count: int = 1):
    def apply(data: bytes) -> bytes:
        out, n = re.subn(pattern, repl, data, count=count)
        assert n, (pattern, data[:600])
        return out
    return apply


def client_book(path: Path, *others: str) -> Path:
    """Sheet 'Clients' (a header and 12 clients) then empty-ish sheets ``others``, by XlsxWriter,
    whose workbook.xml is Excel's shape: ``<sheet name="..." sheetId="N" r:id="rIdN"/>``."""
    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True})  # style index 1 in the cells (s="1")
    ws = wb.add_worksheet("Clients")
    ws.write_row(0, 0, ["Client", "Revenue", "Complaints"], bold)
    for r, row in enumerate(CLIENTS, start=1):
        ws.write_row(r, 0, row)
    for name in others:
        wb.add_worksheet(name).write(0, 0, f"{name} notes")
    wb.close()
    return path


def ranked(path: Path) -> list[str]:
    return [r[1] for r in ranking_rows(path)[1]]


def sheet_entries(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as z:
        return re.findall(rb"<sheet [^>]*/>", z.read("xl/workbook.xml"))


def assert_ranked(src: Path, out: Path, *extra: str) -> str:
    """Ranks ``src`` into ``out`` and in place; both rank the 12 clients and keep the owner's
    sheet entries exactly, first, as they were. Returns the notes of the run."""
    owner = sheet_entries(src)
    code, _, err = run_cli("rerank", src, "--out", out, *extra)
    assert code == 0, err
    assert sorted(ranked(out)) == sorted(c[0] for c in CLIENTS)
    assert sheet_entries(out)[:len(owner)] == owner
    inplace = src.with_name("inplace" + src.suffix)
    shutil.copyfile(src, inplace)
    for _ in range(2):  # a second run reads our own output: same file, same entries
        code, _, err2 = run_cli("rerank", inplace, *extra)
        assert code == 0, err2
    assert sheet_entries(inplace)[:len(owner)] == owner
    assert len(ranked(inplace)) == len(CLIENTS)
    return err


# ---------------------------------------------------------------- sheet entries without a part

def excel_xlsm_with_empty_rid(tmp_path: Path) -> Path:
    """xlwings' quickstart.xlsm as Excel saved it (its workbook.xml, VBA project and all), with a
    client list typed into Sheet1 (inline strings, as Excel reads them) and the entry Excel itself
    sometimes leaves in real .xlsm files: ``<sheet name="Old" sheetId="3" r:id=""/>``."""
    import xlwings

    src = Path(os.path.dirname(xlwings.__file__)) / "quickstart.xlsm"
    rows = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c><c r="B1" t="inlineStr"><is><t>Revenue'
            b'</t></is></c><c r="C1" t="inlineStr"><is><t>Complaints</t></is></c></row>']
    for r, (name, revenue, complaints) in enumerate(CLIENTS, start=2):
        rows.append(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d"><v>%r</v></c>'
                    b'<c r="C%d"><v>%d</v></c></row>' % (r, r, name.encode(), r, revenue, r, complaints))
    data = b"<sheetData>" + b"".join(rows) + b"</sheetData>"
    return edit(src, tmp_path / "excel.xlsm", {
        "xl/worksheets/sheet1.xml": sub(rb"<sheetData/>", data),
        "xl/workbook.xml": sub(rb'(<sheet name="Sheet1" sheetId="1" r:id="rId1"/>)',
                               rb'\1<sheet name="Old" sheetId="3" r:id=""/>')})


def test_an_empty_rid_on_another_sheet_is_skipped_and_kept(tmp_path):
    src = excel_xlsm_with_empty_rid(tmp_path)
    with zipfile.ZipFile(src) as z:
        before = {n: z.read(n) for n in z.namelist()}
    err = assert_ranked(src, tmp_path / "out.xlsm")
    assert "Sheet 'Old' has no content in the file (an empty reference)" in err and "skipped" in err
    out = parts(tmp_path / "out.xlsm")
    assert b'<sheet name="Old" sheetId="3" r:id=""/>' in out["xl/workbook.xml"]
    for name in ("xl/vbaProject.bin", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        assert out[name] == before[name], name  # the owner's parts keep their bytes
    from xlclientrank.reader import Workbook

    wb = Workbook(src)
    assert "Old" not in wb.worksheets and wb.skipped == {"Old": "an empty reference"}
    # the sheet is not offered as a client sheet: naming it says why
    code, _, err = run_cli("rerank", src, "--sheet", "Old", "--out", tmp_path / "o2.xlsm")
    assert code == 4 and "sheet 'Old' has no content in the file (an empty reference)" in err, err


def dangling(tmp_path: Path, keep_rel: bool) -> Path:
    """An entry whose r:id names no relationship (``rId9``), or a relationship whose part is not in
    the package: openpyxl stops at the first (KeyError), python-calamine at both."""
    src = client_book(tmp_path / "base.xlsx", "Old", "Notes")
    if keep_rel:  # the part went, its relationship stayed
        return edit(src, tmp_path / "missing_part.xlsx", {"xl/worksheets/sheet2.xml": None})
    return edit(src, tmp_path / "dangling.xlsx", {
        "xl/workbook.xml": sub(rb'(<sheet name="Old" sheetId="2" r:id=")rId2"', rb'\1rId9"')})


@pytest.mark.parametrize("keep_rel", [False, True])
def test_a_dangling_rid_is_skipped_and_kept(tmp_path, keep_rel):
    src = dangling(tmp_path, keep_rel)
    err = assert_ranked(src, tmp_path / "out.xlsx")
    assert "Sheet 'Old' has no content in the file (a reference to a part the file does not have)" in err
    from xlclientrank.reader import Workbook

    assert Workbook(src).worksheets == ["Clients", "Notes"]


def test_the_values_copy_drops_the_entry_and_its_local_names():
    from xlclientrank.ooxml.book import without_sheets

    xml = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
           b'schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="2"/>'
           b'</bookViews><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="Old" sheetId="2" r:id=""/>'
           b'<sheet name="B" sheetId="3" r:id="rId3"/></sheets><definedNames><definedName name="x" localSheetId="1">'
           b'Old!$A$1</definedName><definedName name="y" localSheetId="2">B!$A$1</definedName></definedNames>'
           b'</workbook>')
    out = without_sheets(xml, {1})
    assert b'name="Old"' not in out and b'name="x"' not in out
    assert b'localSheetId="1">B!$A$1' in out and b'activeTab="1"' in out


# ---------------------------------------------------------------- the second reader

def spill_book(tmp_path: Path) -> Path:
    """A client list whose Revenue column has a dynamic-array formula blocked by a value below it:
    Excel 365 saves its result as the error ``#SPILL!`` (``<c t="e"><f t="array" ...><v>#SPILL!</v>``,
    [MS-XLSX] dynamic arrays); python-calamine 0.9 stops at it ("Unsupported cell error value")."""
    src = client_book(tmp_path / "base.xlsx", "Notes")
    return edit(src, tmp_path / "spill.xlsx", {"xl/worksheets/sheet1.xml": sub(
        rb'<c r="B4"><v>900</v></c>', rb'<c r="B4" t="e"><f t="array" ref="B4">SEQUENCE(2)</f><v>#SPILL!</v></c>')})


def test_a_sheet_calamine_cannot_read_is_read_by_openpyxl(tmp_path):
    from python_calamine import CalamineWorkbook

    src = spill_book(tmp_path)
    with pytest.raises(Exception, match="SPILL"):  # the shape really is one the fast reader refuses
        CalamineWorkbook.from_path(str(src)).get_sheet_by_name("Clients").to_python()
    owner = sheet_entries(src)
    code, _, err = run_cli("rerank", src, "--out", tmp_path / "out.xlsx")
    assert code == 0, err
    assert "Sheet 'Clients' was read with a second, slower reader" in err and "#SPILL!" in err
    assert "1 cell is an Excel error (B4 #SPILL!)" in err
    names = ranked(tmp_path / "out.xlsx")
    assert len(names) == 12 and names[0] == "Shop 12"
    assert sheet_entries(tmp_path / "out.xlsx")[:2] == owner


def test_the_second_reader_gives_what_calamine_gives(tmp_path):
    """Every kind of value, read by both readers from the same sheet: the same Python values."""
    from python_calamine import CalamineWorkbook

    from xlclientrank.reader import values

    path = tmp_path / "kinds.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    date, stamp = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    clock, hours = wb.add_format({"num_format": "hh:mm"}), wb.add_format({"num_format": "[h]:mm"})
    ws.write_row(1, 1, ["text", 5, 5.5, True, False, -3])
    ws.write_datetime(2, 0, dt.datetime(2024, 1, 2), date)
    ws.write_datetime(2, 1, dt.datetime(2024, 1, 2, 13, 30), stamp)
    ws.write_number(2, 2, 45000, stamp)
    ws.write_datetime(2, 3, dt.time(13, 30), clock)
    ws.write_number(2, 4, 1.5, hours)
    ws.write_formula(3, 0, "=NA()", None, "#N/A")
    ws.write_formula(3, 1, "=1/0", None, "#DIV/0!")
    ws.write_formula(3, 2, '="x"', None, "x")
    ws.write_formula(3, 3, "=1+1", None, 2)
    ws.write_formula(3, 4, "=TRUE", None, True)
    ws.write_string(4, 0, "  padded ")
    ws.write_blank(9, 7, None, date)  # formatted, empty: neither reader counts it
    ws.merge_range("B6:C7", "merged", None)
    wb.close()
    data = path.read_bytes()
    want = [[None if c == "" else c for c in row] for row in
            CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("S").to_python(skip_empty_area=False)]
    got = values.second_grid(values.open_second(data), "S")
    assert got == want
    assert [[type(c) for c in r] for r in got] == [[type(c) for c in r] for r in want]
    assert values.merged_ranges(parts(path)["xl/worksheets/sheet1.xml"]) == \
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").merged_cell_ranges


def test_a_workbook_calamine_cannot_open_is_read_by_openpyxl(tmp_path, monkeypatch):
    import python_calamine

    from xlclientrank.reader import Workbook, read_client_table

    src = client_book(tmp_path / "c.xlsx", "Notes", "Hidden")
    hide = sub(rb'(name="Hidden" sheetId="3")', rb'\1 state="hidden"')
    src = edit(src, tmp_path / "h.xlsx", {"xl/workbook.xml": hide})

    def refuse(*args, **kwargs):
        raise python_calamine.CalamineError("something new")
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    wb = Workbook(src)
    assert wb.worksheets == ["Clients", "Notes", "Hidden"] and wb.visible == ["Clients", "Notes"]
    table = read_client_table(wb)
    assert len(table.frame) == 12
    assert any("second, slower reader" in n and "something new" in n for n in table.notes)


# ---------------------------------------------------------------- far formatted cells

def formatted_rows(rows, columns: int = 60) -> bytes:
    """Rows of cells that hold only a style, as Gnumeric writes each cell of a formatted range
    (``<c r="A9" s="1"/>``; gnumeric plugins/excel/xlsx-write.c, xlsx_write_cells). Only some rows
    of the range are written here, ending with row 1,048,576, to keep the file small."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    return b"".join(b'<row r="%d" spans="1:%d">' % (r, columns) +
                    b"".join(b'<c r="%s%d" s="1"/>' % (x.encode(), r) for x in letters) + b"</row>" for r in rows)


FAR = [*range(200, 260), 1048576]


def test_far_formatted_cells_on_another_sheet(tmp_path):
    src = client_book(tmp_path / "base.xlsx", "Layout")
    src = edit(src, tmp_path / "gnumeric.xlsx", {
        "xl/worksheets/sheet2.xml": sub(rb"</row></sheetData>", b"</row>" + formatted_rows(FAR) + b"</sheetData>")})
    err = assert_ranked(src, tmp_path / "out.xlsx")
    assert "Layout" not in err  # its formatting is nothing to tell the owner
    code, _, err = run_cli("rerank", src, "--sheet", "Clients", "--out", tmp_path / "named.xlsx")
    assert code == 0, err
    assert len(ranked(tmp_path / "named.xlsx")) == 12
    assert parts(tmp_path / "out.xlsx")["xl/worksheets/sheet2.xml"] == parts(src)["xl/worksheets/sheet2.xml"]


def test_far_formatted_cells_below_the_client_list(tmp_path):
    src = client_book(tmp_path / "base.xlsx", "Notes")
    src = edit(src, tmp_path / "below.xlsx", {
        "xl/worksheets/sheet1.xml": sub(rb"</row></sheetData>", b"</row>" + formatted_rows(FAR) + b"</sheetData>")})
    assert_ranked(src, tmp_path / "out.xlsx")
    assert_ranked(src, tmp_path / "named.xlsx", "--sheet", "Clients")


def too_large(tmp_path: Path, sheet: str) -> Path:
    """Values (not just formats) in row 1,048,576 across 45 columns of ``sheet``: a million rows of
    45 columns, more than the reader lays out."""
    src = client_book(tmp_path / "base.xlsx", "Notes")
    from openpyxl.utils import get_column_letter

    row = b'<row r="1048576">' + b"".join(b'<c r="%s1048576"><v>1</v></c>' % get_column_letter(c).encode()
                                         for c in range(1, 46)) + b"</row>"
    part = "xl/worksheets/sheet1.xml" if sheet == "Clients" else "xl/worksheets/sheet2.xml"
    return edit(src, tmp_path / f"large_{sheet}.xlsx", {part: sub(rb"</row></sheetData>", b"</row>" + row +
                                                                  b"</sheetData>")})


@pytest.mark.parametrize("named", [False, True])
def test_a_client_sheet_too_large_is_refused_by_name(tmp_path, named):
    src = too_large(tmp_path, "Clients")
    before = src.read_bytes()
    code, out, err = run_cli("rerank", src, *(["--sheet", "Clients"] if named else []))
    assert code == 3, err  # a file refusal (WorkbookFileError)
    assert "sheet 'Clients' reaches row 1,048,576 and column AS" in err and "more cells than xlclientrank reads" in err
    assert "delete the rows and columns beyond your client list" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert src.read_bytes() == before


def test_another_sheet_too_large_is_skipped_with_a_note(tmp_path):
    src = too_large(tmp_path, "Notes")
    err = assert_ranked(src, tmp_path / "out.xlsx")
    assert "Sheet 'Notes' was not searched for clients: it reaches row 1,048,576" in err
    code, _, err = run_cli("rerank", src, "--sheet", "Notes", "--out", tmp_path / "o.xlsx")
    assert code == 3 and "sheet 'Notes' reaches row 1,048,576" in err, err


# ---------------------------------------------------------------- LibreOffice

@pytest.mark.libreoffice
def test_libreoffice_opens_what_was_written(tmp_path):
    made = {}
    for name, src, suffix in [("empty-rid", excel_xlsm_with_empty_rid(tmp_path), ".xlsm"),
                              ("dangling", dangling(tmp_path, False), ".xlsx"),
                              ("spill", spill_book(tmp_path), ".xlsx")]:
        out = tmp_path / f"out-{name}{suffix}"
        code, _, err = run_cli("rerank", src, "--out", out)
        assert code == 0, err
        made[name] = out
    src = client_book(tmp_path / "base.xlsx", "Layout")
    src = edit(src, tmp_path / "far.xlsx", {
        "xl/worksheets/sheet1.xml": sub(rb"</row></sheetData>", b"</row>" + formatted_rows(FAR) + b"</sheetData>")})
    made["far"] = tmp_path / "out-far.xlsx"
    assert run_cli("rerank", src, "--out", made["far"])[0] == 0
    resaved = libreoffice_convert(list(made.values()), "xlsx:Calc MS Excel 2007 XML")
    for name, out in made.items():
        assert sorted(ranked(resaved[out])) == sorted(c[0] for c in CLIENTS), name

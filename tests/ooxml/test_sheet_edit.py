"""Editing the owner's notes sheet in place (ooxml.sheet_edit): the owner's workbooks are made with
XlsxWriter and openpyxl as an owner would make them (their own columns with a currency and a date
format, a Table or a filter, a drop-down, conditional formats, a hidden column, frozen panes, a
comment, shared strings), edited, and read back with openpyxl, python-calamine and LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from xlclientrank.names import NOTES_SHEET
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.sheet_edit import SheetEdit, SheetEditRefused, edit_sheet, protected, serialize, sheet_part

HEADER = ["Client", "Fit (1-5)", "Complaints", "Referrals", "Decision", "Notes", "In this ranking", "Deal value",
          "Since"]
DECISIONS = ["Protect", "Grow", "Reprice", "Refer elsewhere"]
IN_RANKING = 6  # the column the run writes Yes/No into


def xlsxwriter_book(path: Path, n: int = 6) -> Path:
    """A summary sheet with a formula on the notes, and the notes: a header, ``n`` clients, a filter."""
    wb = xlsxwriter.Workbook(str(path))
    first = wb.add_worksheet("Summary")
    first.write("A1", "Clients")
    first.write_formula("A2", f"=COUNTA('{NOTES_SHEET}'!A:A)-1", None, n)
    ws = wb.add_worksheet(NOTES_SHEET)
    head = wb.add_format({"bold": True, "bg_color": "#DDEEFF"})
    money = wb.add_format({"num_format": "$#,##0.00", "font_color": "#006100"})
    date = wb.add_format({"num_format": "yyyy-mm-dd", "italic": True})
    good = wb.add_format({"bg_color": "#C6EFCE"})
    ws.write_row(0, 0, HEADER, head)
    for i in range(n):
        r = i + 1
        ws.write_string(r, 0, f"Client {i}")
        ws.write_number(r, 1, i % 5 + 1)
        ws.write_number(r, 2, i % 3)
        ws.write_number(r, 3, i % 4)
        ws.write_string(r, 4, DECISIONS[i % 4])
        ws.write_string(r, 5, "pays late" if i % 2 else "")
        ws.write_string(r, 6, "Yes")
        ws.write_number(r, 7, 1000.5 + i, money)
        ws.write_datetime(r, 8, dt.datetime(2024, 1, 1) + dt.timedelta(days=i), date)
    ws.data_validation(1, 4, n, 4, {"validate": "list", "source": DECISIONS})
    ws.conditional_format(1, 1, n, 1, {"type": "cell", "criteria": ">=", "value": 4, "format": good})
    ws.autofilter(0, 0, n, 8)
    ws.freeze_panes(1, 1)
    ws.set_column(5, 5, None, None, {"hidden": True})
    ws.write_comment("A2", "Best client")
    wb.close()
    return path


def openpyxl_book(path: Path, n: int = 6, totals: bool = False) -> Path:
    """The notes as an Excel Table (with its own filter), made with openpyxl."""
    wb = openpyxl.Workbook()
    wb.active.title = "Summary"
    wb.active["A1"] = "Clients"
    ws = wb.create_sheet(NOTES_SHEET)
    ws.append(HEADER)
    for i in range(n):
        ws.append([f"Client {i}", i % 5 + 1, i % 3, i % 4, DECISIONS[i % 4], "note", "Yes", 1000.5 + i,
                   dt.datetime(2024, 1, 1) + dt.timedelta(days=i)])
        ws.cell(i + 2, 8).number_format = "#,##0.00 [$€-1]"
        ws.cell(i + 2, 8).font = Font(color="FF9C0006", bold=True)
        ws.cell(i + 2, 9).number_format = "dd/mm/yyyy"
        ws.cell(i + 2, 9).fill = PatternFill("solid", fgColor="FFFFEB9C")
    last = n + 1
    if totals:
        ws.append(["Total", f"=SUBTOTAL(109,B2:B{last})"])
        last += 1
    table = Table(displayName="MyNotes", ref=f"A1:I{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    if totals:
        table.totalsRowCount = 1
    ws.add_table(table)
    dv = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True)
    dv.add(f"E2:E{n + 1}")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(f"B2:B{n + 1}", CellIsRule(operator="greaterThanOrEqual", formula=["4"],
                                                             fill=PatternFill("solid", fgColor="FFC6EFCE")))
    ws.column_dimensions["F"].hidden = True
    ws.freeze_panes = "B2"
    ws["A2"].comment = Comment("Best client", "Owner")
    wb.save(path)
    return path


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def grid(path: Path) -> dict[tuple[int, int], object]:
    """(row, 0-based column) -> value of every non-empty cell of the notes, as openpyxl reads them."""
    ws = openpyxl.load_workbook(path)[NOTES_SHEET]
    return {(c.row, c.column - 1): c.value for row in ws.iter_rows() for c in row if c.value is not None}


def looks(cell) -> tuple[str, str, str]:
    """A cell's number format, font and fill, as openpyxl reads them."""
    return cell.number_format, repr(cell.font), repr(cell.fill)


def edited(src: Path, out: Path, edit: SheetEdit) -> tuple[list[int], Package]:
    pkg = Package.read(src)
    part = sheet_part(pkg, NOTES_SHEET)
    assert part is not None
    rows = edit_sheet(pkg, part, edit)
    out.write_bytes(pkg.to_bytes())
    return rows, pkg


def marks_and_new(n: int) -> SheetEdit:
    """A run's edit: every second client no longer in the ranking, three new clients."""
    return SheetEdit(cells={(r, IN_RANKING): "No" if r % 2 else "Yes" for r in range(2, n + 2)},
                     append=[{0: "New & Co <Ltd>", IN_RANKING: "Yes"}, {0: "=1+1", IN_RANKING: "Yes"},
                             {0: "  spaced  ", 5: "_x0041_ typed", IN_RANKING: "Yes"}])


def test_only_the_sheet_and_the_filter_name_change(tmp_path):
    src = xlsxwriter_book(tmp_path / "a.xlsx")
    rows, pkg = edited(src, tmp_path / "b.xlsx", marks_and_new(6))
    assert rows == [8, 9, 10]
    before, after = members(src.read_bytes()), members((tmp_path / "b.xlsx").read_bytes())
    part = sheet_part(pkg, NOTES_SHEET)
    assert before.keys() == after.keys()
    assert [n for n in before if before[n] != after[n]] == sorted([part, "xl/workbook.xml"], key=list(before).index)
    # the workbook part differs only in the filter's hidden name, which now reaches the last new client
    wb_before, wb_after = before["xl/workbook.xml"], after["xl/workbook.xml"]
    assert b"$A$1:$I$7<" in wb_before and wb_after == wb_before.replace(b"$A$1:$I$7<", b"$A$1:$I$10<")
    assert b"<si>" in before["xl/sharedStrings.xml"]  # the owner's text stays in the shared strings


def test_owner_values_stay_and_new_rows_look_like_the_others(tmp_path):
    src = xlsxwriter_book(tmp_path / "a.xlsx")
    out = tmp_path / "b.xlsx"
    edited(src, out, marks_and_new(6))
    old, new = grid(src), grid(out)
    marks = {(r, IN_RANKING): "No" if r % 2 else "Yes" for r in range(2, 8)}
    assert {k: v for k, v in new.items() if k[0] <= 7} == {**old, **marks}
    assert {k: v for k, v in new.items() if k[0] > 7} == {
        (8, 0): "New & Co <Ltd>", (8, 6): "Yes", (9, 0): "=1+1", (9, 6): "Yes",
        # openpyxl shows the escape Excel's format asks for (Excel and calamine show "_x0041_ typed")
        (10, 0): "  spaced  ", (10, 5): "_x005F_x0041_ typed", (10, 6): "Yes"}
    ws = openpyxl.load_workbook(out)[NOTES_SHEET]
    assert ws["A9"].data_type == "s"  # text, not a formula
    for r in (8, 9, 10):
        for col in "HI":  # the owner's formatted columns: format, font, fill of the row above theirs
            new_cell, model = ws[f"{col}{r}"], ws[f"{col}7"]
            assert looks(new_cell) == looks(model)
    assert ws["H8"].number_format == "$#,##0.00" and ws["I8"].number_format == "yyyy-mm-dd"
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["E2:E10"]
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["B2:B10"]
    assert ws.auto_filter.ref == "A1:I10"
    assert ws.column_dimensions["F"].hidden and ws.freeze_panes == "B2"
    assert ws["A2"].comment.text.startswith("Best client")
    assert ws.dimensions == "A1:I10"
    first = openpyxl.load_workbook(out)["Summary"]
    assert first["A2"].value == f"=COUNTA('{NOTES_SHEET}'!A:A)-1"


def test_python_calamine_reads_the_same_values(tmp_path):
    src = xlsxwriter_book(tmp_path / "a.xlsx")
    out = tmp_path / "b.xlsx"
    edited(src, out, marks_and_new(6))
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name(NOTES_SHEET).to_python()
    assert len(rows) == 10
    assert [r[IN_RANKING] for r in rows[1:]] == ["No" if r % 2 else "Yes" for r in range(2, 8)] + ["Yes"] * 3
    assert [r[0] for r in rows[7:]] == ["New & Co <Ltd>", "=1+1", "  spaced  "]
    assert rows[9][5] == "_x0041_ typed"  # a literal _xHHHH_ is kept as typed
    assert rows[1][:5] == ["Client 0", 1.0, 0.0, 0.0, "Protect"]


def test_a_table_grows_with_its_filter_and_drop_down(tmp_path):
    src = openpyxl_book(tmp_path / "a.xlsx")
    out = tmp_path / "b.xlsx"
    rows, pkg = edited(src, out, marks_and_new(6))
    assert rows == [8, 9, 10]
    before, after = members(src.read_bytes()), members(out.read_bytes())
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {sheet_part(pkg, NOTES_SHEET), "xl/tables/table1.xml"}
    ws = openpyxl.load_workbook(out)[NOTES_SHEET]
    table = ws.tables["MyNotes"]
    assert table.ref == "A1:I10" and table.autoFilter.ref == "A1:I10"
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["E2:E10"]
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["B2:B10"]
    for r in (8, 9, 10):
        assert ws[f"H{r}"].number_format == "#,##0.00 [$€-1]" and ws[f"H{r}"].font.b
        assert ws[f"I{r}"].number_format == "dd/mm/yyyy" and ws[f"I{r}"].fill.fgColor.rgb == "FFFFEB9C"
    assert {k: v for k, v in grid(out).items() if k[0] <= 7 and k[1] != IN_RANKING} == \
        {k: v for k, v in grid(src).items() if k[1] != IN_RANKING}


def test_a_header_beside_a_table_widens_it_and_one_inside_renames_its_column(tmp_path):
    src = openpyxl_book(tmp_path / "a.xlsx", n=3)
    out = tmp_path / "b.xlsx"
    edited(src, out, SheetEdit(cells={(1, 9): "Region", (1, 6): "Listed", (2, 9): "North"}))
    ws = openpyxl.load_workbook(out)[NOTES_SHEET]
    table = ws.tables["MyNotes"]
    assert table.ref == "A1:J4" and table.autoFilter.ref == "A1:J4"
    assert [c.name for c in table.tableColumns] == HEADER[:6] + ["Listed"] + HEADER[7:] + ["Region"]
    assert [c.id for c in table.tableColumns] == list(range(1, 11))
    assert ws["J1"].value == "Region" and ws["J2"].value == "North" and ws["G1"].value == "Listed"
    assert looks(ws["J1"]) == looks(ws["I1"])  # a new header looks like the header to its left


def test_a_table_with_a_totals_row_is_refused_and_nothing_changes(tmp_path):
    src = openpyxl_book(tmp_path / "a.xlsx", totals=True)
    pkg = Package.read(src)
    part = sheet_part(pkg, NOTES_SHEET)
    assert part is not None
    before = {n: pkg.parts[n] for n in pkg.parts}
    with pytest.raises(SheetEditRefused, match="totals row") as err:
        edit_sheet(pkg, part, SheetEdit(cells={(2, IN_RANKING): "No"}, append=[{0: "New"}]))
    assert isinstance(err.value, ValueError)
    assert {n: pkg.parts[n] for n in pkg.parts} == before
    # marking without adding rows is fine
    assert edit_sheet(pkg, part, SheetEdit(cells={(2, IN_RANKING): "No"}, append=[])) == []


def test_a_protected_sheet_is_said_and_refused(tmp_path):
    src = openpyxl_book(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(src)
    wb[NOTES_SHEET].protection.sheet = True
    wb.save(tmp_path / "p.xlsx")
    for path, locked in ((src, False), (tmp_path / "p.xlsx", True)):
        pkg = Package.read(path)
        part = sheet_part(pkg, NOTES_SHEET)
        assert part is not None and protected(pkg, part) is locked
    with pytest.raises(SheetEditRefused, match="protected"):
        edit_sheet(pkg, part, SheetEdit(cells={}, append=[{0: "New"}]))


def test_sheet_part_finds_worksheets_case_aside(tmp_path):
    pkg = Package.read(xlsxwriter_book(tmp_path / "a.xlsx"))
    assert sheet_part(pkg, NOTES_SHEET) == sheet_part(pkg, NOTES_SHEET.upper()) == "xl/worksheets/sheet2.xml"
    assert sheet_part(pkg, "Summary") == "xl/worksheets/sheet1.xml"
    assert sheet_part(pkg, "Nowhere") is None


def test_an_unchanged_sheet_is_written_back_byte_for_byte(tmp_path):
    for path in (xlsxwriter_book(tmp_path / "a.xlsx"), openpyxl_book(tmp_path / "b.xlsx")):
        pkg = Package.read(path)
        for name in pkg.parts:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert serialize(pkg.parts[name], pkg.xml(name)) == pkg.parts[name], name


def test_appended_rows_fill_rows_the_owner_formatted_ahead(tmp_path):
    """Empty formatted rows below the list are not clients: new ones go there and keep that format."""
    src = xlsxwriter_book(tmp_path / "a.xlsx", n=3)
    wb = openpyxl.load_workbook(src)
    ws = wb[NOTES_SHEET]
    for r in range(5, 9):
        ws.cell(r, 1).fill = PatternFill("solid", fgColor="FFDDDDDD")
    wb.save(tmp_path / "ahead.xlsx")
    out = tmp_path / "b.xlsx"
    rows, _ = edited(tmp_path / "ahead.xlsx", out, SheetEdit(cells={}, append=[{0: "New"}]))
    assert rows == [5]
    ws = openpyxl.load_workbook(out)[NOTES_SHEET]
    assert ws["A5"].value == "New" and ws["A5"].fill.fgColor.rgb == "FFDDDDDD"
    assert ws["H5"].number_format == "$#,##0.00"  # the owner's column format, from the row above


def test_new_cells_in_existing_rows_take_the_format_above_or_of_their_row_or_column(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = NOTES_SHEET
    ws.append(["Client", "Amount", "Flag"])
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    for r in range(2, 6):
        ws.cell(r, 1, f"C{r}")
    ws["B2"] = 5
    ws["B2"].number_format = "0.0%"
    ws.row_dimensions[4].fill = PatternFill("solid", fgColor="FF00FF00")  # a row the owner coloured
    ws.column_dimensions["D"].number_format = "@"
    wb.save(tmp_path / "a.xlsx")
    out = tmp_path / "b.xlsx"
    edited(tmp_path / "a.xlsx", out, SheetEdit(cells={(3, 1): "x", (4, 2): "y", (5, 3): "z", (1, 4): "Extra"},
                                               append=[]))
    ws = openpyxl.load_workbook(out)[NOTES_SHEET]
    assert ws["B3"].number_format == "0.0%"         # the cell above
    assert ws["C4"].fill.fgColor.rgb == "FF00FF00"  # the row's format
    assert ws["D5"].number_format == "@"            # the column's format
    assert ws["E1"].font.b                           # the nearest header to its left
    assert ws["C2"].value is None and ws["C3"].value is None


def test_formulas_written_over_leave_the_others_working(tmp_path):
    """A shared formula's first cell written over: the other cells keep their formulas; an array
    formula with a written cell inside goes, its results stay; the calculation chain forgets them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = NOTES_SHEET
    ws.append(["Client", "Fit", "Double", "Array"])
    for r in range(2, 6):
        ws.append([f"C{r}", r])
    wb.create_sheet("Other")["A1"] = "=1+2"
    wb.save(tmp_path / "a.xlsx")
    pkg = Package.read(tmp_path / "a.xlsx")
    part = sheet_part(pkg, NOTES_SHEET)
    assert part is not None
    xml = pkg.parts[part]
    for r in range(2, 6):
        f = '<f t="shared" ref="C2:C5" si="0">B2*2</f>' if r == 2 else '<f t="shared" si="0"/>'
        arr = '<f t="array" ref="D2:D3">B2:B3+1</f>' if r == 2 else ""
        extra = f'<c r="C{r}">{f}<v>{2 * r}</v></c>' + (f'<c r="D{r}">{arr}<v>{r + 1}</v></c>' if r < 4 else "")
        end = xml.index(b"</row>", xml.index(b'<row r="%d"' % r))
        xml = xml[:end] + extra.encode() + xml[end:]
    pkg.set(part, xml)
    chain = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxml'
             'formats.org/spreadsheetml/2006/main">'
             '<c r="C2" i="1"/><c r="C3"/><c r="D2"/><c r="A1" i="2"/></calcChain>')
    pkg.set("xl/calcChain.xml", chain.encode())
    pkg.set("[Content_Types].xml", pkg.parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.calcChain+xml"/></Types>'))
    pkg.set("xl/_rels/workbook.xml.rels", pkg.parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>'))
    edit_sheet(pkg, part, SheetEdit(cells={(2, 2): "typed", (3, 3): "over"}, append=[]))
    (tmp_path / "b.xlsx").write_bytes(pkg.to_bytes())
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")[NOTES_SHEET]
    assert [ws[f"C{r}"].value for r in range(2, 6)] == ["typed", "=B3*2", "=B4*2", "=B5*2"]
    assert ws["D2"].value == 3 and ws["D3"].value == "over"
    chain_after = pkg.parts["xl/calcChain.xml"].decode()
    assert re.findall(r'<c r="(\w+)"(?: i="(\d)")?/>', chain_after) == [("C3", "1"), ("A1", "2")]


@pytest.mark.parametrize("n", [20_000])
def test_a_long_notes_sheet_is_edited_quickly(tmp_path, n):
    """Measured against lxml reading and writing the same sheet once (the least any edit through
    lxml costs), so that a busy machine slows both: about 1.5 times that, 0.8 s on an idle one."""
    data = xlsxwriter_book(tmp_path / "a.xlsx", n=n).read_bytes()
    edit = SheetEdit(cells={(r, IN_RANKING): "No" for r in range(2, n + 2, 3)},
                     append=[{0: f"New {i}", IN_RANKING: "Yes"} for i in range(200)])
    floor, took = [], []
    for _ in range(2):
        pkg = Package.from_bytes(data)
        part = sheet_part(pkg, NOTES_SHEET)
        assert part is not None
        xml = pkg.parts[part]  # read from the zip before the clock starts
        start = time.perf_counter()
        etree.tostring(etree.fromstring(xml))
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        rows = edit_sheet(pkg, part, edit)
        took.append(time.perf_counter() - start)
    assert rows[0] == n + 2 and len(rows) == 200
    assert min(took) < 4 * min(floor) + 0.5, f"{n} rows took {min(took):.2f} s, lxml alone {min(floor):.2f} s"
    ws = openpyxl.load_workbook(io.BytesIO(pkg.to_bytes()), read_only=True)[NOTES_SHEET]
    assert ws.max_row == n + 201


@pytest.mark.libreoffice
def test_libreoffice_reads_the_edited_notes(tmp_path):
    from tests.helpers import libreoffice_convert

    for i, src in enumerate((xlsxwriter_book(tmp_path / "a.xlsx"), openpyxl_book(tmp_path / "t.xlsx"))):
        out = tmp_path / f"b{i}.xlsx"
        edited(src, out, marks_and_new(6))
        converted = libreoffice_convert([out], "xlsx:Calc MS Excel 2007 XML")[out]
        ours, theirs = grid(out), grid(converted)
        assert theirs.pop((10, 5)) == "_x0041_ typed"  # as typed (openpyxl alone shows Excel's escape)
        assert theirs == {k: v for k, v in ours.items() if v != "" and k != (10, 5)}
        ws = openpyxl.load_workbook(converted)[NOTES_SHEET]
        assert ws["A9"].data_type == "s" and "#,##0.00" in ws["H9"].number_format  # (LibreOffice's spelling)
        assert any("E10" in str(dv.sqref) or "E2:E10" in str(dv.sqref) for dv in ws.data_validations.dataValidation)


# ---------------------------------------------------------------- any edit reads back as asked

@lru_cache(maxsize=1)
def small_book() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = NOTES_SHEET
    ws.append(HEADER[:5])
    for r in range(2, 8):
        ws.append([f"C{r}", r, None if r % 3 == 0 else "x", r * 1.5])
        ws.cell(r, 4).number_format = "0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
CELL = st.tuples(st.integers(1, 11), st.integers(0, 6))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.dictionaries(CELL, st.one_of(st.none(), TEXT), max_size=8),
       append=st.lists(st.dictionaries(st.integers(0, 6), TEXT, max_size=3), max_size=3))
def test_any_edit_reads_back_exactly_as_asked(cells, append):
    pkg = Package.from_bytes(small_book())
    part = sheet_part(pkg, NOTES_SHEET)
    assert part is not None
    before = {(r + 1, c): v for r, row in enumerate(_rows(small_book())) for c, v in enumerate(row) if v != ""}
    rows = edit_sheet(pkg, part, SheetEdit(cells=cells, append=append))
    after = {(r + 1, c): v for r, row in enumerate(_rows(pkg.to_bytes())) for c, v in enumerate(row) if v != ""}
    want = dict(before)
    for key, text in cells.items():
        want.pop(key, None)
        if text:
            want[key] = text
    last = max((r for r, _ in want), default=0)
    assert rows == list(range(last + 1, last + 1 + len(append)))
    for r, values in zip(rows, append):
        want.update({(r, c): v for c, v in values.items() if v})
    assert after == want
    plain = {k: v for k, v in want.items() if isinstance(v, str) and "_x" not in v and v.isprintable()}
    ws = openpyxl.load_workbook(io.BytesIO(pkg.to_bytes()))[NOTES_SHEET]  # (openpyxl keeps _xHHHH_ as written)
    assert {k: ws.cell(k[0], k[1] + 1).value for k in plain} == plain


def _rows(data: bytes) -> list[list[object]]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(NOTES_SHEET).to_python(skip_empty_area=False)


X14 = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
       b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
       b'<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
       b'<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Summary!$A$1:$A$4</xm:f>'
       b'</x14:formula1><xm:sqref>E2:E7 K20:K30</xm:sqref></x14:dataValidation></x14:dataValidations></ext>'
       b'<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
       b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
       b'<x14:conditionalFormattings><x14:conditionalFormatting '
       b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="dataBar" id="{1}">'
       b'<x14:dataBar/></x14:cfRule><xm:sqref>H1:H7</xm:sqref></x14:conditionalFormatting>'
       b'</x14:conditionalFormattings></ext></extLst>')


def test_excel_2010_drop_downs_and_formats_grow_and_the_rest_of_the_sheet_stays(tmp_path):
    """Drop-downs that read another sheet and data bars are kept by Excel in the sheet's extLst."""
    pkg = Package.read(xlsxwriter_book(tmp_path / "a.xlsx"))
    part = sheet_part(pkg, NOTES_SHEET)
    assert part is not None
    xml = pkg.parts[part].replace(b"</worksheet>", X14 + b"</worksheet>")
    xml = xml.replace(b"<worksheet ", b'<worksheet xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
                                      b'2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/'
                                      b'spreadsheetml/2009/9/ac" ', 1)
    pkg.set(part, xml)
    edit_sheet(pkg, part, SheetEdit(cells={}, append=[{0: "New"}, {0: "Newer"}]))
    after = pkg.parts[part]
    assert b"<xm:sqref>E2:E9 K20:K30</xm:sqref>" in after and b"<xm:sqref>H1:H9</xm:sqref>" in after
    assert after.count(b'mc:Ignorable="x14ac"') == 1 and after.startswith(xml[:xml.index(b"<worksheet")])
    # outside the rows and ranges that grew, the sheet is as it was
    grown = {b"E2:E7": b"E2:E9", b"H1:H7": b"H1:H9", b"B2:B7": b"B2:B9", b"A1:I7": b"A1:I9"}
    cut = after.index(b"</sheetData>")
    new_rows = re.search(rb'<row r="8".*</row>', after[:cut], re.S)
    assert new_rows is not None
    rest = after[:new_rows.start()] + after[new_rows.end():]
    for old, new in grown.items():
        rest = rest.replace(new, old)
    # (lxml writes an element's namespace declarations before its attributes: the same XML)
    assert etree.tostring(etree.fromstring(rest), method="c14n") == etree.tostring(etree.fromstring(xml), method="c14n")
    assert rest[:rest.index(b">", 60)] == xml[:xml.index(b">", 60)]  # the root's start tag as it was
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(pkg.to_bytes())).get_sheet_by_name(
        NOTES_SHEET).to_python()
    assert [r[0] for r in rows[-3:]] == ["Client 5", "New", "Newer"]


def test_a_header_below_title_lines_is_never_copied_into_the_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = NOTES_SHEET
    ws["A1"] = "Your own view of each client"
    ws["A1"].font = Font(size=14, bold=True)
    ws.append([])
    ws.append(["Client", "Fit (1-5)", "In this ranking"])
    for c in "ABC":
        ws[f"{c}3"].font = Font(bold=True, color="FFFFFFFF")
        ws[f"{c}3"].fill = PatternFill("solid", fgColor="FF1F4E78")
    ws.append(["Acme", 4])  # no mark yet under 'In this ranking'
    ws.append(["Bolt", 2, "Yes"])
    ws["B5"].number_format = "0.0"
    wb.save(tmp_path / "a.xlsx")
    edit = SheetEdit(cells={(4, 2): "Yes", (3, 3): "Region"}, append=[{0: "Cedar", 2: "Yes"}], header_row=3)
    rows, _ = edited(tmp_path / "a.xlsx", tmp_path / "b.xlsx", edit)
    assert rows == [6]
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")[NOTES_SHEET]
    assert ws["C4"].value == "Yes" and not ws["C4"].font.b and ws["C4"].fill.fgColor.rgb != "FF1F4E78"
    assert looks(ws["D3"]) == looks(ws["C3"])  # the new header looks like the others
    assert [c.value for c in ws[6]][:3] == ["Cedar", None, "Yes"] and ws["B6"].number_format == "0.0"
    assert ws["A1"].value == "Your own view of each client" and ws["A1"].font.sz == 14

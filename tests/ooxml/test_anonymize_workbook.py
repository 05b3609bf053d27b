"""Client names replaced everywhere in the owner's whole workbook (``share --whole-workbook
--anonymize``): :func:`xlclientrank.ooxml.anonymize.anonymize_package`.

The owner's workbook is made by XlsxWriter (which writes Excel's own part names and XML): shared
strings, rich text, formulas with string literals and text results, a data-validation list, defined
names, a note, a hyperlink, header and footer, an autofilter, a conditional format, a text box, a
picture's alt text, a chart, an Excel Table whose columns are named after clients, document
properties, and a sheet named after a client. The parts XlsxWriter cannot write are added to the
zip by hand, each in the shape its specification gives:

* an inline string: ECMA-376 Part 1 §18.3.1.4 c (``t="inlineStr"``) and §18.3.1.53 is;
* a threaded comment with an @mention and its person: [MS-XLSX] 2.6.205 CT_ThreadedComment,
  2.6.202 CT_Mention (startIndex, length), 2.6.203 CT_Person; parts, content types and
  relationships as tests/corpus/make_real_features.py (build_h_threaded) writes them after the
  Open XML SDK's ThreadedCommentExample;
* a pivot cache and table: ECMA-376 Part 1 §18.10.1.67 pivotCacheDefinition, §18.10.1.90
  sharedItems (``<s v>``), §18.10.1.68 pivotCacheRecords (``<x v>`` indexes, inline ``<s v>``),
  §18.10.1.73 pivotTableDefinition, §18.10.1.45 item (custom name ``n``), in the element order of
  tests/corpus/make_corpus.py (pivot_parts), which LibreOffice reads;
* an Excel 2016 chart (chartEx): [MS-ODRAWXML] 2.24.3.79 CT_StringDimension (``cx:strDim`` /
  ``cx:lvl`` / ``cx:pt``), anchored, styled and typed as tests/corpus/make_corpus.py
  (build_chartex) does.

Then every fixture of tests/corpus/ (made by LibreOffice, openpyxl and XlsxWriter, and the real
features of tests/corpus/real/) goes through the same with its own client list.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import CORPUS, libreoffice_convert, load_module, make_workbook
from xlclientrank.ooxml.anonymize import anonymize_package
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.scrub import Scrubber, is_phone, scrub_formula

real_features = load_module(CORPUS / "make_real_features.py", "make_real_features_for_anonymize")
real_expected = load_module(CORPUS / "real" / "expected.py", "corpus_real_expected_for_anonymize")
corpus_maker = load_module(CORPUS / "make_corpus.py", "make_corpus_for_anonymize")
put, add_override, add_rel = real_features.put, real_features.add_override, real_features.add_rel

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TC = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."

CLIENTS = [("Harbour Dental", 18400), ("Oak & Pine Joinery", 9250), ("Nordlicht GmbH", 4100),
           ("Cafe Lumiere", 2300), ("Riverside Vets", 12000), ("Bo", 750), ("O'Brien's Bakery", 600)]
NAMES = {name: f"Client {i:03d}" for i, (name, _) in enumerate(CLIENTS, 1)}
EMAIL = "ceo@harbour-dental.co.uk"
PHONE = "+44 20 7946 0958"
PERSON = "{6B0C6C1A-9E2B-4E5B-8F23-1D2A3B4C5D6E}"
TC1 = "{0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}"
MENTION = "{7C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E4F}"
THREAD_TEXT = "Riverside Vets wants @Dana Owner to call them back"


# ------------------------------------------------------------------------------------ the workbook

def _xlsxwriter_parts() -> dict[str, bytes]:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": "Clients, Harbour Dental first", "author": "Dana Owner",
                       "comments": "Riverside Vets: call back", "company": "Owner Ltd"})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("Clients")
    ws.write_row(0, 0, ["Client", "Revenue", "E-mail", "Phone", "Note"], bold)
    for i, (name, revenue) in enumerate(CLIENTS, 1):
        ws.write_string(i, 0, name)
        ws.write_number(i, 1, revenue)
    ws.write_string(1, 2, EMAIL)
    ws.write_string(1, 3, PHONE)
    ws.write_string(1, 4, "Harbour Dental asked for a discount")
    ws.write_string(2, 4, "Bo pays in cash, Bond Street")          # a short name only as a whole text
    ws.write_string(3, 4, "2024-01-15")                              # a date as text is no phone number
    ws.write_string(4, 4, "1000-1999")                               # nor is a range
    ws.write_rich_string(10, 0, "Harbour ", bold, "Dental", " paid late")   # a name across runs
    ws.write_rich_string(11, 0, bold, "Riverside Vets", " renewed")         # a name in one run
    ws.write_formula(12, 1, '=IF(A2="Harbour Dental","Top client","")', None, "Top client")
    ws.write_formula(12, 2, '=A2&" and Riverside Vets"', None, "Harbour Dental and Riverside Vets")
    ws.write_formula(12, 3, "='Cafe Lumiere'!B1*2", None, 84)
    ws.data_validation("F2", {"validate": "list", "source": ["Harbour Dental", "Bo", "Cafe Lumiere"],
                              "input_title": "Harbour Dental?", "input_message": "Pick Riverside Vets or another"})
    ws.write_comment("A2", f"Ask Harbour Dental for the PO: {EMAIL}", {"author": "Dana Owner"})
    ws.write_comment("A3", "[Threaded comment]\n\nComment:\n    " + THREAD_TEXT, {"author": f"tc={TC1}"})
    ws.write_url("G2", f"mailto:{EMAIL}", string="Write to Harbour Dental", tip="Harbour Dental's CEO")
    ws.set_header('&L&"Arial,Bold"&12Harbour Dental&RPage &P')
    ws.set_footer("&CPrepared for Nordlicht GmbH")
    ws.autofilter(0, 0, len(CLIENTS), 4)
    ws.filter_column_list("A", ["Harbour Dental", "Riverside Vets"])
    ws.conditional_format("A2:A8", {"type": "text", "criteria": "containing", "value": "Riverside Vets",
                                    "format": bold})
    ws.insert_textbox("I2", "Oak & Pine Joinery pays late", {"description": "Note on Oak & Pine Joinery"})
    ws.insert_image("I8", "logo.png", {"image_data": io.BytesIO(real_features.tiny_png()),
                                       "description": "Logo of Cafe Lumiere"})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "Revenue", "categories": "=Clients!$A$2:$A$8", "values": "=Clients!$B$2:$B$8",
                      "data_labels": {"category": True}})
    chart.set_title({"name": "Harbour Dental leads"})
    ws.insert_chart("I14", chart)

    lumiere = wb.add_worksheet("Cafe Lumiere")    # a sheet named after a client
    lumiere.write_string(0, 0, "Cafe Lumiere orders")
    lumiere.write_number(0, 1, 42)
    lumiere.write_string(1, 0, "placeholder for an inline string")

    matrix = wb.add_worksheet("Matrix")
    matrix.add_table(0, 0, 3, 3, {"name": "Monthly", "columns": [
        {"header": "Month"}, {"header": "Harbour Dental"}, {"header": "Riverside Vets"},
        {"header": "Total", "formula": "=[@[Harbour Dental]]+[@[Riverside Vets]]"}],
        "data": [["Jan", 100, 20], ["Feb", 200, 30], ["Mar", 300, 40]]})
    matrix.write_formula(5, 1, "=SUM(Monthly[Harbour Dental])", None, 600)
    matrix.write_formula(6, 1, "=MAX(Monthly[Riverside Vets])", None, 40)

    pivot = wb.add_worksheet("Pivot")
    pivot.write_row(2, 0, ["Row Labels", "Sum of Revenue"], bold)
    for i, (name, revenue) in enumerate(sorted(CLIENTS), 3):
        pivot.write_string(i, 0, "Harbour Dental (HQ)" if name == "Harbour Dental" else name)
        pivot.write_number(i, 1, revenue)
    pivot.write_string(3 + len(CLIENTS), 0, "Grand Total", bold)
    pivot.write_number(3 + len(CLIENTS), 1, sum(r for _, r in CLIENTS))

    ours = wb.add_worksheet("Ranking")    # stands for our own (anonymous) sheet: left alone
    ours.write_string(0, 0, "Harbour Dental")
    ours.insert_textbox("C2", "Harbour Dental (ours)")

    wb.define_name("TopClient", '="Harbour Dental"')
    wb.define_name("Shortlist", '="Bo,Riverside Vets"')
    wb.close()
    return real_features.read_parts(buf.getvalue())


def _sheet_part(parts: dict[str, bytes], name: str) -> str:
    wb = etree.fromstring(parts["xl/workbook.xml"])
    rid = next(s.get(f"{{{R}}}id") for s in wb.iter(f"{{{M}}}sheet") if s.get("name") == name)
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _inline_string(parts, sheet: str) -> None:
    """ECMA-376 §18.3.1.53: the cell's text in the cell itself (t="inlineStr", <is><t>)."""
    xml = parts[sheet].decode()
    new, n = re.subn(r'<c r="A2" t="s"><v>\d+</v></c>',
                     '<c r="A2" t="inlineStr"><is><t>Nordlicht GmbH, Berlin</t></is></c>', xml)
    assert n == 1
    put(parts, sheet, new)


def _threaded_comment(parts, sheet: str) -> None:
    """[MS-XLSX] 2.6.205 CT_ThreadedComment with a 2.6.202 CT_Mention, and the 2.6.203 person."""
    start = THREAD_TEXT.index("@Dana Owner")
    put(parts, "xl/threadedComments/threadedComment1.xml", DECL +
        f'<ThreadedComments xmlns="{TC}" xmlns:x="{M}">'
        f'<threadedComment ref="A3" dT="2024-02-27T10:15:32.41" personId="{PERSON}" id="{TC1}">'
        f"<text>{THREAD_TEXT}</text><mentions>"
        f'<mention mentionpersonId="{PERSON}" mentionId="{MENTION}" startIndex="{start}" length="11"/>'
        "</mentions></threadedComment></ThreadedComments>")
    put(parts, "xl/persons/person.xml", DECL +
        f'<personList xmlns="{TC}" xmlns:x="{M}"><person displayName="Dana Owner" id="{PERSON}" '
        'userId="dana@owner.example" providerId="None"/></personList>')
    add_override(parts, "/xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml")
    add_override(parts, "/xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
    add_rel(parts, sheet, "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
            "../threadedComments/threadedComment1.xml")
    add_rel(parts, "xl/workbook.xml", "http://schemas.microsoft.com/office/2017/10/relationships/person",
            "persons/person.xml")


def _pivot(parts, sheet: str) -> None:
    """ECMA-376 §18.10: a cache of Clients!A1:B8 plus a Note field kept in the records, and a pivot
    table by client in which Harbour Dental's item has a custom name (n)."""
    names = sorted(n for n, _ in CLIENTS)
    revenue = dict(CLIENTS)
    items = "".join(f'<s v="{n.replace("&", "&amp;")}"/>' for n in names)
    put(parts, "xl/pivotCache/pivotCacheDefinition1.xml", DECL +
        f'<pivotCacheDefinition xmlns="{M}" xmlns:r="{R}" r:id="rId1" refreshedBy="Dana Owner" '
        f'refreshedDate="46023.375" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" '
        f'recordCount="{len(names)}"><cacheSource type="worksheet"><worksheetSource ref="A1:C8" sheet="Clients"/>'
        '</cacheSource><cacheFields count="3">'
        f'<cacheField name="Client" numFmtId="0"><sharedItems count="{len(names)}">{items}</sharedItems></cacheField>'
        '<cacheField name="Revenue" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" '
        'containsNumber="1" containsInteger="1" minValue="600" maxValue="18400"/></cacheField>'
        '<cacheField name="Note" numFmtId="0"><sharedItems/></cacheField>'
        "</cacheFields></pivotCacheDefinition>")
    put(parts, "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", DECL +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>')
    records = "".join(f'<r><x v="{i}"/><n v="{revenue[n]}"/><s v="{"Call " + n if n == "Riverside Vets" else "-"}"/>'
                      "</r>" for i, n in enumerate(names))
    put(parts, "xl/pivotCache/pivotCacheRecords1.xml", DECL +
        f'<pivotCacheRecords xmlns="{M}" xmlns:r="{R}" count="{len(names)}">{records}</pivotCacheRecords>')
    row_items = "".join(f'<item x="{i}"' + (' n="Harbour Dental (HQ)"' if n == "Harbour Dental" else "") + "/>"
                        for i, n in enumerate(names)) + '<item t="default"/>'
    put(parts, "xl/pivotTables/pivotTable1.xml", DECL +
        f'<pivotTableDefinition xmlns="{M}" name="ClientPivot" cacheId="1" applyNumberFormats="0" '
        'applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" '
        'applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" '
        'useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0" outline="1" outlineData="1" '
        f'multipleFieldFilters="0"><location ref="A3:B{4 + len(names)}" firstHeaderRow="1" firstDataRow="1" '
        f'firstDataCol="1"/><pivotFields count="3"><pivotField axis="axisRow" showAll="0"><items '
        f'count="{len(names) + 1}">{row_items}</items></pivotField><pivotField dataField="1" showAll="0"/>'
        '<pivotField showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields>'
        f'<rowItems count="{len(names) + 1}">' + "".join(f'<i><x v="{i}"/></i>' for i in range(len(names)))
        + '<i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems>'
        '<dataFields count="1"><dataField name="Sum of Revenue" fld="1" baseField="0" baseItem="0"/></dataFields>'
        '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" '
        'showColStripes="0" showLastColumn="1"/></pivotTableDefinition>')
    put(parts, "xl/pivotTables/_rels/pivotTable1.xml.rels", DECL +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/pivotCacheDefinition" '
        'Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>')
    rid = add_rel(parts, "xl/workbook.xml", f"{R}/pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml")
    wb = parts["xl/workbook.xml"].decode()
    put(parts, "xl/workbook.xml", wb.replace("</workbook>", f'<pivotCaches><pivotCache cacheId="1" r:id="{rid}"/>'
                                                             "</pivotCaches></workbook>"))
    add_rel(parts, sheet, f"{R}/pivotTable", "../pivotTables/pivotTable1.xml")
    add_override(parts, "/xl/pivotCache/pivotCacheDefinition1.xml", CT_SML + "pivotCacheDefinition+xml")
    add_override(parts, "/xl/pivotCache/pivotCacheRecords1.xml", CT_SML + "pivotCacheRecords+xml")
    add_override(parts, "/xl/pivotTables/pivotTable1.xml", CT_SML + "pivotTable+xml")


def _chart_ex(parts, sheet: str) -> None:
    """[MS-ODRAWXML] 2.24.3.79: a waterfall of revenue by client, its categories cached in cx:pt."""
    rels = etree.fromstring(parts[real_features.rels_name(sheet)])
    drawing = "xl/drawings/" + next(r.get("Target") for r in rels if r.get("Type").endswith("/drawing")).rsplit("/")[-1]
    cats = "".join(f'<cx:pt idx="{i}">{n.replace("&", "&amp;")}</cx:pt>' for i, (n, _) in enumerate(CLIENTS))
    vals = "".join(f'<cx:pt idx="{i}">{v}</cx:pt>' for i, (_, v) in enumerate(CLIENTS))
    put(parts, "xl/charts/chartEx1.xml", DECL +
        f'<cx:chartSpace xmlns:a="{A_NS}" xmlns:r="{R}" xmlns:cx="{CX}"><cx:chartData><cx:data id="0">'
        f'<cx:strDim type="cat"><cx:f>Clients!$A$2:$A$8</cx:f><cx:lvl ptCount="{len(CLIENTS)}">{cats}</cx:lvl>'
        f'</cx:strDim><cx:numDim type="val"><cx:f>Clients!$B$2:$B$8</cx:f><cx:lvl ptCount="{len(CLIENTS)}" '
        f'formatCode="#,##0">{vals}</cx:lvl></cx:numDim></cx:data></cx:chartData>'
        '<cx:chart><cx:title pos="t" align="ctr" overlay="0"><cx:tx><cx:txData>'
        '<cx:v>Harbour Dental and the rest</cx:v></cx:txData></cx:tx></cx:title><cx:plotArea><cx:plotAreaRegion>'
        '<cx:series layoutId="waterfall" uniqueId="{3F6B2C1D-8E4A-4B7F-9D20-5A1C7E3B9F64}">'
        '<cx:tx><cx:txData><cx:f>Clients!$B$1</cx:f><cx:v>Revenue</cx:v></cx:txData></cx:tx><cx:dataId val="0"/>'
        '</cx:series></cx:plotAreaRegion><cx:axis id="0"><cx:catScaling gapWidth="0.5"/><cx:tickLabels/></cx:axis>'
        '<cx:axis id="1"><cx:valScaling/><cx:majorGridlines/><cx:tickLabels/></cx:axis></cx:plotArea></cx:chart>'
        "</cx:chartSpace>")
    put(parts, "xl/charts/_rels/chartEx1.xml.rels", DECL +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{corpus_maker.REL_CHART_STYLE}" Target="style1.xml"/>'
        f'<Relationship Id="rId2" Type="{corpus_maker.REL_CHART_COLORS}" Target="colors1.xml"/></Relationships>')
    put(parts, "xl/charts/style1.xml", corpus_maker.chart_style_xml())
    put(parts, "xl/charts/colors1.xml", corpus_maker.chart_colors_xml())
    rid = add_rel(parts, drawing, corpus_maker.REL_CHART_EX, "../charts/chartEx1.xml")
    xml = parts[drawing].decode()
    put(parts, drawing, xml.replace("</xdr:wsDr>", corpus_maker.chart_ex_anchor(rid, 20, 0, 30, 6, 45)
                                    + "</xdr:wsDr>"))
    add_override(parts, "/xl/charts/chartEx1.xml", corpus_maker.CT_CHART_EX)
    add_override(parts, "/xl/charts/style1.xml", corpus_maker.CT_CHART_STYLE)
    add_override(parts, "/xl/charts/colors1.xml", corpus_maker.CT_CHART_COLORS)


def owner_book(path: Path) -> Path:
    parts = _xlsxwriter_parts()
    clients = _sheet_part(parts, "Clients")
    _inline_string(parts, _sheet_part(parts, "Cafe Lumiere"))
    _threaded_comment(parts, clients)
    _pivot(parts, _sheet_part(parts, "Pivot"))
    _chart_ex(parts, clients)
    return real_features.write_parts(path, parts)


# ------------------------------------------------------------------------------------ checking

def _texts(data: bytes):
    """Every text and attribute value of an XML part, with the element it is in and whether it is
    a formula (whose sheet references may name a client's sheet)."""
    root = etree.fromstring(data)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        for attr, value in el.attrib.items():
            yield tag, etree.QName(attr).localname, value
        for text in (el.text, el.tail):
            if text and text.strip():
                yield tag, None, text


def leaks(parts: dict[str, bytes], names, skip=()) -> list[tuple[str, str, str]]:
    """(part, name, text) for every client name left, found independently of the code under test:
    a name of 3 characters or more anywhere as whole words, a shorter one as a whole text; sheet
    names in xl/workbook.xml and sheet references in formulas ('Cafe Lumiere'!B1) do not count."""
    found = []
    long = [n for n in names if len(n) >= 3]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(long, key=len, reverse=True))
                         + r")(?!\w)", re.IGNORECASE)
    short = {n.casefold() for n in names if len(n) < 3}
    for part, data in parts.items():
        if part in skip or not part.endswith((".xml", ".rels", ".vml")):
            continue
        for tag, attr, text in _texts(data):
            if part.endswith("workbook.xml") and tag == "sheet" and attr == "name":
                continue
            if tag == "worksheetSource" and attr == "sheet":
                continue
            text = re.sub(r"'(?:[^']|'')+'!", "!", text)
            if pattern.search(text) or text.strip().casefold() in short:
                found.append((part, pattern.search(text).group(0) if pattern.search(text) else text, text))
    return found


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return owner_book(tmp_path_factory.mktemp("anon") / "owner.xlsx")


@pytest.fixture(scope="module")
def done(book, tmp_path_factory):
    """(original parts, anonymized package, report, the anonymized file)."""
    before = dict(Package.read(book).parts)
    pkg = Package.read(book)
    ours = {_sheet_part(pkg.parts, "Ranking")}
    report = anonymize_package(pkg, NAMES, ours)
    out = tmp_path_factory.mktemp("anon-out") / "copy.xlsx"
    out.write_bytes(pkg.to_bytes())
    return before, pkg, report, out


def _skipped(parts) -> set[str]:
    """Our Ranking sheet and what only it uses (its drawing), as the code under test must leave them."""
    sheet = _sheet_part(parts, "Ranking")
    rels = real_features.rels_name(sheet)
    drawing = "xl/drawings/" + next(r.get("Target") for r in etree.fromstring(parts[rels])).rsplit("/")[-1]
    return {sheet, rels, drawing, real_features.rels_name(drawing)} & set(parts)


# ------------------------------------------------------------------------------------ tests

def test_no_real_name_is_left_in_any_part_but_the_sheet_names(done):
    before, pkg, report, _ = done
    where = {part for part, _, _ in leaks(before, NAMES)}
    for part in ("xl/sharedStrings.xml", "xl/comments1.xml", "xl/threadedComments/threadedComment1.xml",
                 "xl/charts/chart1.xml", "xl/charts/chartEx1.xml", "xl/drawings/drawing1.xml",
                 "xl/pivotCache/pivotCacheDefinition1.xml", "xl/pivotCache/pivotCacheRecords1.xml",
                 "xl/pivotTables/pivotTable1.xml", "xl/workbook.xml", "xl/tables/table1.xml", "docProps/core.xml",
                 "docProps/app.xml", _sheet_part(before, "Clients"), _sheet_part(before, "Cafe Lumiere"),
                 _sheet_part(before, "Matrix")):
        assert part in where, part   # the names were there, in every kind of place
    assert leaks(pkg.parts, NAMES, skip=_skipped(before)) == []
    assert report.left == []
    assert report.sheet_names_with_clients == ["Cafe Lumiere"]
    wb = pkg.parts["xl/workbook.xml"].decode()
    assert '<sheet name="Cafe Lumiere"' in wb                          # not renamed: formulas point at it
    assert "'Cafe Lumiere'!B1*2" in pkg.parts[_sheet_part(pkg.parts, "Clients")].decode()


def test_the_aliases_are_where_the_names_were(done):
    _, pkg, report, _ = done
    text = {n: pkg.parts[n].decode("utf-8") for n in pkg.parts if n.endswith((".xml", ".rels"))}
    clients = text[_sheet_part(pkg.parts, "Clients")]
    sst = text["xl/sharedStrings.xml"]
    assert "<t>Client 001</t>" in sst and "Client 001 asked for a discount" in sst
    assert "Client 007" in sst                                         # O'Brien's Bakery
    assert 'IF(A2="Client 001","Top client","")' in clients              # a formula's literal
    assert "<v>Client 001 and Client 005</v>" in clients                  # a formula's text result
    assert '"Client 001,Client 006,Client 004"' in clients                # the drop-down list, Bo included
    assert 'promptTitle="Client 001?"' in clients and "Pick Client 005 or another" in clients
    assert 'val="Client 001"' in clients and 'val="Client 005"' in clients   # autofilter values
    assert 'text="Client 005"' in clients and 'SEARCH("Client 005"' in clients  # conditional format
    assert "&amp;12Client 001&amp;R" in clients and "Prepared for Client 003" in clients
    assert 'tooltip="Client 001\'s CEO"' in clients
    assert "Nordlicht" not in text[_sheet_part(pkg.parts, "Cafe Lumiere")]
    assert "<t>Client 003, Berlin</t>" in text[_sheet_part(pkg.parts, "Cafe Lumiere")]  # inline string
    assert "Ask Client 001 for the PO: [e-mail removed]" in text["xl/comments1.xml"]
    assert "Client 001 leads" in text["xl/charts/chart1.xml"]
    assert "<c:v>Client 002</c:v>" in text["xl/charts/chart1.xml"]       # the category cache
    assert '<cx:pt idx="1">Client 002</cx:pt>' in text["xl/charts/chartEx1.xml"]
    assert "Client 001 and the rest" in text["xl/charts/chartEx1.xml"]
    assert '<cx:pt idx="0">18400</cx:pt>' in text["xl/charts/chartEx1.xml"]  # numbers stay
    drawing = text["xl/drawings/drawing1.xml"]
    assert "Client 002 pays late" in drawing and 'descr="Note on Client 002"' in drawing
    assert 'descr="Logo of Client 004"' in drawing
    cache = text["xl/pivotCache/pivotCacheDefinition1.xml"]
    assert '<s v="Client 001"/>' in cache and '<s v="Client 006"/>' in cache
    assert '<s v="Call Client 005"/>' in text["xl/pivotCache/pivotCacheRecords1.xml"]
    assert 'n="Client 001 (HQ)"' in text["xl/pivotTables/pivotTable1.xml"]
    table = text["xl/tables/table1.xml"]
    assert 'name="Client 001"' in table and 'name="Client 005"' in table
    matrix = text[_sheet_part(pkg.parts, "Matrix")]
    assert "SUM(Monthly[Client 001])" in matrix
    assert "[[#This Row],[Client 001]]+[[#This Row],[Client 005]]" in table and "Harbour" not in matrix
    assert '"Client 001"' in text["xl/workbook.xml"] and '"Client 006,Client 005"' in text["xl/workbook.xml"]
    assert "Clients, Client 001 first" in text["docProps/core.xml"]
    assert "mailto:%5Be-mail%20removed%5D" in text[real_features.rels_name(_sheet_part(pkg.parts, "Clients"))]
    assert report.emails >= 3 and report.phones == 1
    assert "[phone removed]" in sst and PHONE not in sst


def test_what_is_no_name_stays(done):
    _, pkg, _, _ = done
    sst = pkg.parts["xl/sharedStrings.xml"].decode()
    assert "Bo pays in cash, Bond Street" in sst       # a short name only where it is the whole text
    assert "<t>2024-01-15</t>" in sst and "<t>1000-1999</t>" in sst
    ws = load_workbook(io.BytesIO(pkg.to_bytes()))["Clients"]
    assert [ws.cell(r, 2).value for r in range(2, 9)] == [r for _, r in CLIENTS]   # numbers as numbers
    assert [ws.cell(r, 1).value for r in range(2, 9)] == list(NAMES.values())
    assert ws["A1"].value == "Client" and ws["B1"].value == "Revenue"


def test_a_name_across_rich_text_runs_becomes_plain_text_and_one_run_keeps_its_format(done):
    _, pkg, _, _ = done
    sst = etree.fromstring(pkg.parts["xl/sharedStrings.xml"])
    items = {"".join(si.itertext()): si for si in sst}
    spanning = items["Client 001 paid late"]
    assert [etree.QName(c).localname for c in spanning] == ["t"]
    kept = items["Client 005 renewed"]
    runs = kept.findall(f"{{{M}}}r")
    assert len(runs) == 2 and runs[0].find(f"{{{M}}}rPr/{{{M}}}b") is not None
    assert runs[0].findtext(f"{{{M}}}t") == "Client 005"


def test_a_mention_in_a_threaded_comment_stays_on_the_person(done):
    _, pkg, _, _ = done
    root = etree.fromstring(pkg.parts["xl/threadedComments/threadedComment1.xml"])
    text = root.findtext(f".//{{{TC}}}text")
    mention = root.find(f".//{{{TC}}}mention")
    start, length = int(mention.get("startIndex")), int(mention.get("length"))
    assert text == "Client 005 wants @Dana Owner to call them back"
    assert text[start:start + length] == "@Dana Owner"
    person = etree.fromstring(pkg.parts["xl/persons/person.xml"])[0]
    assert person.get("displayName") == "Dana Owner" and person.get("userId") == "[e-mail removed]"


def test_unchanged_parts_keep_their_bytes_and_our_sheets_are_left_alone(done):
    before, pkg, report, _ = done
    changed = {n for n in before if before[n] != pkg.parts[n]}
    assert changed == set(report.parts_changed)
    assert {"xl/sharedStrings.xml", "xl/workbook.xml", "xl/charts/chartEx1.xml", "docProps/app.xml"} <= changed
    for part in _skipped(before) | {"xl/styles.xml", "xl/theme/theme1.xml", "xl/media/image1.png",
                                   "xl/charts/style1.xml", "xl/charts/colors1.xml", "[Content_Types].xml"}:
        assert pkg.parts[part] == before[part], part
    our_drawing = next(p for p in _skipped(before) if p.startswith("xl/drawings/drawing"))
    assert b"Harbour Dental (ours)" in pkg.parts[our_drawing]
    for part in changed:   # still well-formed, with the namespaces and prefixes it had
        old, new = etree.fromstring(before[part]), etree.fromstring(pkg.parts[part])
        assert old.tag == new.tag and old.nsmap == new.nsmap, part


def test_a_workbook_without_any_client_name_is_not_changed_at_all(tmp_path):
    notes = [["Harbour Dentalia is not a client"], ["Call 2024-01-15"]]
    path = make_workbook(tmp_path / "plain.xlsx", [["Customer", "Revenue"], ["Someone", 12]], Notes=notes)
    pkg = Package.read(path)
    before = dict(pkg.parts)
    report = anonymize_package(pkg, NAMES)
    assert pkg.parts == before and report.parts_changed == [] and report.total == 0
    assert report.left == [] and report.notes == [] and report.sheet_names_with_clients == []
    # the same workbook with one name in it (openpyxl writes it as an inline string): that sheet alone changes
    path = make_workbook(tmp_path / "one.xlsx", [["Customer", "Revenue"], ["Someone", 12]],
                         Notes=notes + [["Call Riverside Vets"]])
    pkg = Package.read(path)
    before = dict(pkg.parts)
    report = anonymize_package(pkg, NAMES)
    notes_sheet = _sheet_part(before, "Notes")
    assert report.parts_changed == [notes_sheet] and report.counts() == {"cells": 1}
    assert {n for n in before if before[n] != pkg.parts[n]} == {notes_sheet}
    assert b"<is><t>Call Client 005</t></is>" in pkg.parts[notes_sheet]


def test_what_cannot_be_changed_is_found_and_told(tmp_path):
    """A named range called after a client, a Word document embedded in the workbook (ECMA-376
    Part 1 §15.2.11 Embedded Package Part, xl/embeddings/) and an OLE object's UTF-16 text
    (xl/embeddings/oleObject1.bin): the final scan finds them and the notes say where."""
    path = make_workbook(tmp_path / "left.xlsx", [["Client", "Revenue"], ["Acme", 10], ["Birch & Co", 20]])
    p = real_features.read_parts(path.read_bytes())
    real_features.add_defined_name(p, '<definedName name="Acme">Clients!$B$2</definedName>')
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                                        '2006/main"><w:body><w:p><w:r><w:t>Birch &amp; Co: terms</w:t></w:r></w:p>'
                                        "</w:body></w:document>")
    put(p, "xl/embeddings/Microsoft_Word_Document.docx", docx.getvalue())
    put(p, "xl/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + "Quote for ACME".encode("utf-16-le"))
    pkg = Package.from_bytes(real_features.write_parts(tmp_path / "left2.xlsx", p).read_bytes())
    report = anonymize_package(pkg, {"Acme": "Client 001", "Birch & Co": "Client 002"})
    left = {(x.part, x.name) for x in report.left}
    assert left == {("xl/workbook.xml", "Acme"), ("xl/embeddings/Microsoft_Word_Document.docx", "Birch & Co"),
                    ("xl/embeddings/oleObject1.bin", "Acme")}
    told = report.notes[-1]
    assert told.startswith("Client names are still in 3 places")
    assert "the name of a named range: 'Acme'" in told and "a file embedded in the workbook" in told
    assert "check them before sending it" in told


def test_the_report_counts_every_kind_of_place_and_tells_the_owner_plainly(done):
    _, _, report, _ = done
    for kind in ("shared_strings", "cells", "formulas", "comments", "threaded_comments", "charts", "drawings",
                 "pivot_caches", "pivot_tables", "tables", "defined_names", "data_validations", "other"):
        assert getattr(report, kind) > 0, kind
    assert report.total == sum(report.counts().values())
    assert report.notes[0].startswith(f"Client names were replaced by their aliases in {report.total:,} places")
    assert ("1 sheet name still holds a client name: 'Cafe Lumiere'; rename it before sending the copy"
            in " ".join(report.notes))


def test_openpyxl_loads_the_copy_with_the_table_and_the_values(done):
    _, _, _, out = done
    wb = load_workbook(out)
    assert "Cafe Lumiere" in wb.sheetnames
    table = wb["Matrix"].tables["Monthly"]
    assert [c.name for c in table.tableColumns] == ["Month", "Client 001", "Client 005", "Total"]
    assert [wb["Matrix"].cell(1, c).value for c in range(1, 5)] == ["Month", "Client 001", "Client 005", "Total"]
    assert wb["Cafe Lumiere"]["A2"].value == "Client 003, Berlin"
    assert wb.defined_names["TopClient"].attr_text == '"Client 001"'


@pytest.mark.libreoffice
def test_libreoffice_converts_the_copy_and_recalculates_its_formulas(done):
    _, _, _, out = done
    converted = libreoffice_convert([out], "xlsx:Calc MS Excel 2007 XML", recalculate=True)[out]
    wb = load_workbook(converted, data_only=True)
    assert [wb["Clients"].cell(r, 1).value for r in range(2, 9)] == list(NAMES.values())
    assert wb["Clients"]["B13"].value == "Top client"                 # the literal follows the cell
    assert wb["Clients"]["C13"].value == "Client 001 and Client 005"
    assert wb["Clients"]["D13"].value == 84                           # the client-named sheet still answers
    assert wb["Matrix"]["B6"].value == 600                           # the renamed table columns still answer
    assert wb["Matrix"]["B7"].value == 40
    assert any(n.startswith("xl/pivotTables/") for n in zipfile.ZipFile(converted).namelist())
    assert libreoffice_convert([out], "pdf")[out].stat().st_size > 1000


# ------------------------------------------------------------------------------------ the corpus

CORPUS_FILES = sorted(CORPUS.glob("*.xlsx")) + sorted((CORPUS / "real").glob("*.xls[xm]"))


def _corpus_names(path: Path) -> dict[str, str]:
    clients = corpus_maker.CLIENTS if path.parent == CORPUS else real_features.CLIENTS
    return {c[0]: f"Client {i:03d}" for i, c in enumerate(clients, 1)}


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_workbook_keeps_no_client_name(path):
    pkg = Package.read(path)
    before = dict(pkg.parts)
    names = _corpus_names(path)
    assert leaks(before, names), "the fixture holds its clients' names"
    report = anonymize_package(pkg, names)
    assert leaks(pkg.parts, names) == []
    assert report.left == [] and report.sheet_names_with_clients == []
    for part, data in before.items():
        if part not in report.parts_changed:
            assert pkg.parts[part] == data, part
        elif part.endswith((".xml", ".rels")):
            etree.fromstring(pkg.parts[part])
    if path.suffix == ".xlsx" and "openpyxl" not in real_expected.NOT_READ_BY.get(path.name, {}):
        load_workbook(io.BytesIO(pkg.to_bytes())).close()


@pytest.mark.libreoffice
def test_libreoffice_opens_every_anonymized_corpus_workbook(tmp_path):
    outs = []
    for path in CORPUS_FILES:
        pkg = Package.read(path)
        anonymize_package(pkg, _corpus_names(path))
        out = tmp_path / path.name
        out.write_bytes(pkg.to_bytes())
        outs.append(out)
    converted = libreoffice_convert(outs, "xlsx:Calc MS Excel 2007 XML")
    for out, again in converted.items():
        strings = b"".join(d for n, d in ((n, zipfile.ZipFile(again).read(n)) for n in
                                          zipfile.ZipFile(again).namelist()) if n.endswith(".xml"))
        assert b"Client 001" in strings, out.name


# ------------------------------------------------------------------------------------ matching

def test_matching_whole_texts_words_longest_first_and_short_names():
    s = Scrubber({"Acme Ltd": "Client 001", "Acme": "Client 002", "Al": "Client 003", "O'Brien's Bakery": "Client 004",
                  "Smith, Jones & Co": "Client 005"})
    assert s.text("  acme   LTD ") == "  Client 001 "                  # case and white space aside
    assert s.text("Acme and Acme Ltd") == "Client 002 and Client 001"  # the longer name first
    assert s.text("AcmeLtd, Acme_Ltd") == "AcmeLtd, Acme_Ltd"          # only whole words
    assert s.text("Al") == "Client 003" and s.text("Also Al here") == "Also Al here"
    assert s.text("O\u2019Brien\u2019s Bakery rocks") == "Client 004 rocks"   # typographic apostrophes
    assert s.items("Acme Ltd,Al,Bob,Smith, Jones & Co") == "Client 001,Client 003,Bob,Client 005"
    assert s.text("mail info@acme.com now") == "mail [e-mail removed] now"
    assert s.find("Report for ACME LTD") == ["Acme Ltd"] and s.find("Client 001 and Client 003") == []


def test_a_phone_number_is_a_whole_text_and_not_a_date_range_or_order_number():
    assert is_phone("+44 20 7946 0958") and is_phone("07700 900123") and is_phone("(555) 123-4567")
    for text in ("2024-01-15", "15/01/2024", "1000-1999", "12345678", "1.234.567", "Call +44 20 7946 0958"):
        assert not is_phone(text), text


def test_string_literals_and_structured_references_in_formulas():
    s = Scrubber({"Acme Ltd": "Client 001"})
    f = '''IF(A1="Acme Ltd","say ""Acme Ltd""",'Acme Ltd'!B2)&T[@Acme]&T[[#This Row],[Acme Ltd]]'''
    assert scrub_formula(f, s.text, {"acme ltd": "Client 001"}) == (
        '''IF(A1="Client 001","say ""Client 001""",'Acme Ltd'!B2)&T[@Acme]&T[[#This Row],[Client 001]]''')
    assert scrub_formula("T[@Acme]", s.text, {"acme": "Client 002"}) == "T[@[Client 002]]"

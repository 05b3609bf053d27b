"""``share --whole-workbook``: the owner's whole workbook for the advisor, with every formula of the
add-in frozen to its value, the link to the add-in (and only it) removed, and no macros.

The workbook is written part by part as Excel saves one whose cells call an add-in's functions
(ECMA-376 Part 1 §18.14 externalLink, §18.17.2.3 external references in formulas; [MS-XLSX]
2.2.11 dynamic arrays, XLDAPR metadata; the ``[n]!UDF(`` form as ClosedXML's issue #121 shows it
from real files): formulas ``[1]!CLIENT_TIER(...)`` with their saved values, an external link whose
book is ``...\\XLSTART\\xlclientrank.xlam``, a second link to the owner's own price list (``[2]``),
a shared-formula group, a formula of ours inside a larger one, a dynamic array spilled by
CLIENT_RANKING, a formula never calculated, a defined name, a data validation and a conditional
format that use our functions, and a calculation chain. It is ranked first (so it carries our
sheets and the calibration), then shared.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import libreoffice_convert, parts, run_cli
from xlclientrank.ooxml import freeze

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CLIENTS = [("Harbour Dental", 18400, 6), ("Oak & Pine Joinery", 9250, 11), ("Nordlicht GmbH", 4100, 3),
           ("Cafe Lumiere", 2300, 9), ("Riverside Vets", 12000, 4), ("Bright Kids Nursery", 750, 2)]
TIERS = ["Ideal", "Core", "Poor", "Poor", "Core", "Poor"]
SCORES = [91.5, 63.25, 30.0, 28.75, 70.0, 5.5]
ADDIN_PATH = r"file:///C:\Users\sam\AppData\Roaming\Microsoft\Excel\XLSTART\xlclientrank.xlam"


def _cell_s(ref, i):
    return f'<c r="{ref}" t="s"><v>{i}</v></c>'


def excel_saved(path: Path) -> Path:
    strings = ["Client", "Revenue", "Orders"] + [c for c, _, _ in CLIENTS] + ["Tier", "Score", "Top 3", "Price"]
    si = {s: i for i, s in enumerate(strings)}
    rows = ['<row r="1">' + "".join(_cell_s(f"{c}1", si[h]) for c, h in zip("ABC", strings[:3])) + "</row>"]
    for n, (name, rev, orders) in enumerate(CLIENTS, 2):
        rows.append(f'<row r="{n}">{_cell_s(f"A{n}", si[name])}<c r="B{n}"><v>{rev}</v></c><c r="C{n}"><v>{orders}'
                    "</v></c></row>")
    clients = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{M}" xmlns:r="{R}">'
               f'<dimension ref="A1:C7"/><sheetData>{"".join(rows)}</sheetData></worksheet>')
    dash = ['<row r="1">' + "".join(_cell_s(f"{c}1", si[h]) for c, h in zip("ABCD", ["Tier", "Score", "Top 3",
                                                                                      "Price"])) + "</row>"]
    for n in range(2, 8):
        k = n - 2
        score = ('<f t="shared" ref="B2:B7" si="0">[1]!CLIENT_SCORE(Clients!A2:C2)</f>' if n == 2
                 else '<f t="shared" si="0"/>')
        spill = (f'<c r="E{n}" cm="1"><f t="array" ref="E2:E7">[1]!CLIENT_RANKING(Clients!A1:C7)</f>'
                 f'<v>{si[CLIENTS[0][0]]}</v></c>' if n == 2 else _cell_s(f"E{n}", si[CLIENTS[k][0]]))
        spill = spill.replace('cm="1"><f', 'cm="1" t="s"><f') if n == 2 else spill
        dash.append(
            f'<row r="{n}"><c r="A{n}" t="str"><f>[1]!CLIENT_TIER(Clients!A{n}:C{n})</f><v>{TIERS[k]}</v></c>'
            f'<c r="B{n}">{score}<v>{SCORES[k]}</v></c>'
            f'<c r="C{n}" t="str"><f>IF([1]!CLIENT_RANK(Clients!A{n}:C{n})&lt;=3,"Top 3","")</f>'
            f'<v>{"Top 3" if k < 3 else ""}</v></c>'
            f'<c r="D{n}"><f>[2]Prices!$B$2*Clients!B{n}</f><v>{1.1 * CLIENTS[k][1]:.1f}</v></c>{spill}</row>')
    dash.append('<row r="9"><c r="A9"><f>[1]!PARETO_COUNT(Clients!B2:B7)</f></c>'
                '<c r="B9" t="str"><f>"[1]!CLIENT_TIER( is only text"</f><v>[1]!CLIENT_TIER( is only text</v></c>'
                "</row>")
    dashboard = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{M}" xmlns:r="{R}">'
                 f'<dimension ref="A1:E9"/><sheetData>{"".join(dash)}</sheetData>'
                 '<conditionalFormatting sqref="B2:B7"><cfRule type="expression" dxfId="0" priority="1">'
                 "<formula>[1]!CLIENT_SCORE(Clients!$A2:$C2)&gt;50</formula></cfRule></conditionalFormatting>"
                 '<dataValidations count="1"><dataValidation type="custom" sqref="F2"><formula1>'
                 "[1]!CLIENT_TIER(Clients!A2:C2)=\"Ideal\"</formula1></dataValidation></dataValidations>"
                 "</worksheet>")
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{M}" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s.replace('&', '&amp;')}</t></si>" for s in strings)
           + "</sst>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{M}" xmlns:r="{R}">'
                '<bookViews><workbookView activeTab="1"/></bookViews><sheets>'
                '<sheet name="Clients" sheetId="1" r:id="rId1"/><sheet name="Dashboard" sheetId="2" r:id="rId2"/>'
                '</sheets><externalReferences><externalReference r:id="rId5"/><externalReference r:id="rId6"/>'
                '</externalReferences><definedNames><definedName name="TopTier">'
                "[1]!CLIENT_TIER(Clients!$A$2:$C$2)</definedName><definedName name=\"PriceBase\">"
                "[2]Prices!$B$2</definedName></definedNames><calcPr calcId=\"191029\"/></workbook>")
    wb_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PR}">'
               f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
               f'<Relationship Id="rId2" Type="{R}/worksheet" Target="worksheets/sheet2.xml"/>'
               f'<Relationship Id="rId3" Type="{R}/styles" Target="styles.xml"/>'
               f'<Relationship Id="rId4" Type="{R}/sharedStrings" Target="sharedStrings.xml"/>'
               f'<Relationship Id="rId5" Type="{R}/externalLink" Target="externalLinks/externalLink1.xml"/>'
               f'<Relationship Id="rId6" Type="{R}/externalLink" Target="externalLinks/externalLink2.xml"/>'
               f'<Relationship Id="rId7" Type="{R}/calcChain" Target="calcChain.xml"/>'
               f'<Relationship Id="rId8" Type="{R}/sheetMetadata" Target="metadata.xml"/></Relationships>')
    names = "".join(f'<definedName name="{n}"/>' for n in ("CLIENT_RANK", "CLIENT_RANKING", "CLIENT_SCORE",
                                                            "CLIENT_TIER", "PARETO_COUNT"))
    link1 = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="{M}">'
             f'<externalBook xmlns:r="{R}" r:id="rId1"><definedNames>{names}</definedNames></externalBook>'
             "</externalLink>")
    link1_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PR}">'
                  f'<Relationship Id="rId1" Type="{R}/externalLinkPath" Target="{ADDIN_PATH}" TargetMode="External"/>'
                  "</Relationships>")
    link2 = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="{M}">'
             f'<externalBook xmlns:r="{R}" r:id="rId1"><sheetNames><sheetName val="Prices"/></sheetNames>'
             '<sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>1.1</v></cell></row></sheetData>'
             "</sheetDataSet></externalBook></externalLink>")
    link2_rels = link1_rels.replace(ADDIN_PATH, "Prices.xlsx")
    chain = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="{M}">'
             + "".join(f'<c r="{c}{n}"' + (' i="2"' if (c, n) == ("A", 2) else "") + "/>"
                       for n in range(2, 8) for c in "ABCD") + '<c r="E2" a="1"/><c r="A9"/></calcChain>')
    metadata = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata xmlns="{M}" '
                'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
                '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" '
                'pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" '
                'clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" '
                'count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties '
                'fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk>'
                '<rc t="1" v="0"/></bk></cellMetadata></metadata>')
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{M}">'
              '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill>'
              '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
              '<dxfs count="1"><dxf><font><b/></font></dxf></dxfs></styleSheet>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
          'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.sheet.main+xml"/>'
          + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.spreadsheetml.worksheet+xml"/>' for i in (1, 2))
          + "".join(f'<Override PartName="/xl/externalLinks/externalLink{i}.xml" ContentType="application/vnd.'
                    'openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>' for i in (1, 2))
          + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/calcChain.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>'
            '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheetMetadata+xml"/></Types>')
    root_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PR}">'
                 f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    files = {"[Content_Types].xml": ct, "_rels/.rels": root_rels, "xl/workbook.xml": workbook,
             "xl/_rels/workbook.xml.rels": wb_rels, "xl/worksheets/sheet1.xml": clients,
             "xl/worksheets/sheet2.xml": dashboard, "xl/sharedStrings.xml": sst, "xl/styles.xml": styles,
             "xl/externalLinks/externalLink1.xml": link1, "xl/externalLinks/_rels/externalLink1.xml.rels": link1_rels,
             "xl/externalLinks/externalLink2.xml": link2, "xl/externalLinks/_rels/externalLink2.xml.rels": link2_rels,
             "xl/calcChain.xml": chain, "xl/metadata.xml": metadata}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


@pytest.fixture
def shared(tmp_path) -> tuple[Path, Path, str]:
    src = excel_saved(tmp_path / "clients.xlsx")
    code, _, err = run_cli("rerank", src)
    assert code == 0, err
    out = tmp_path / "for advisor.xlsx"
    code, stdout, err = run_cli("share", src, "--whole-workbook", "--out", out)
    assert code == 0, err
    return src, out, stdout


def test_the_function_names_are_the_add_ins():
    from tests.doubles.xlwings_harness import functions, load_udf_module

    assert sorted(freeze.FUNCTION_NAMES) == sorted(functions(load_udf_module("xlclientrank.udfs")))


def _sheet(path: Path, part: str) -> etree._Element:
    return etree.fromstring(parts(path)[part])


def test_every_formula_of_ours_becomes_its_value_and_the_others_stay(shared):
    src, out, stdout = shared
    dash = _sheet(out, "xl/worksheets/sheet2.xml")
    formulas = {c.get("r"): c.find(f"{{{M}}}f") for c in dash.iter(f"{{{M}}}c")}
    ours = [r for r, f in formulas.items() if f is not None and f.text and freeze.calls_ours(f.text)]
    assert ours == []
    assert formulas["D2"].text == "[1]Prices!$B$2*Clients!B2"        # the owner's link, now book 1
    assert all(formulas[f"{c}{n}"] is None for c in "ABCE" for n in range(2, 8))  # shared group and spill too
    assert formulas["B9"].text == '"[1]!CLIENT_TIER( is only text"'  # a text that only looks like a call
    assert dash.find(f".//{{{M}}}c[@r='E2']").get("cm") is None
    wb = load_workbook(out)  # formulas as openpyxl sees them: values where ours were
    ws = wb["Dashboard"]
    assert [ws[f"A{n}"].value for n in range(2, 8)] == TIERS
    assert [ws[f"B{n}"].value for n in range(2, 8)] == SCORES
    assert [ws[f"C{n}"].value for n in range(2, 8)] == ["Top 3"] * 3 + [""] * 3  # as Paste Values keeps ""
    assert [ws[f"E{n}"].value for n in range(2, 8)] == [c for c, _, _ in CLIENTS]
    assert ws["D2"].value == "=[1]Prices!$B$2*Clients!B2"
    assert "Dashboard'!A9" in stdout and "never been calculated" in stdout
    # 6 tiers, 6 scores (a shared group), 6 larger formulas, 1 spill anchor
    assert "19 cells with Client Rank formulas now hold their last value: 'Dashboard' (19)." in stdout


def test_the_add_in_link_goes_and_only_it(shared):
    src, out, stdout = shared
    p = parts(out)
    links = [n for n in p if n.startswith("xl/externalLinks/") and n.endswith(".xml")]
    assert len(links) == 1 and b"Prices" in p[links[0]]
    assert not any(b"xlclientrank.xlam" in data for name, data in p.items())
    wb = etree.fromstring(p["xl/workbook.xml"])
    assert len(wb.findall(f"{{{M}}}externalReferences/{{{M}}}externalReference")) == 1
    names = {n.get("name"): n.text for n in wb.iter(f"{{{M}}}definedName")}
    assert names["PriceBase"] == "[1]Prices!$B$2" and names["TopTier"] == "CLIENT_TIER(Clients!$A$2:$C$2)"
    assert "the defined name 'TopTier'" in stdout and "a conditional format on sheet 'Dashboard'" in stdout
    assert "a data validation on sheet 'Dashboard'" in stdout
    assert not any(n.startswith("_xlclientrank.calibration") for n in names)
    chain = etree.fromstring(p["xl/calcChain.xml"])
    assert [c.get("r") for c in chain] == [f"D{n}" for n in range(2, 8)] and chain[0].get("i") == "2"


def test_the_copy_is_the_whole_workbook_without_macros_calibration_or_aliases(shared, tmp_path):
    src, out, _ = shared
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["Clients", "Dashboard"]
    assert {"ClientRank Summary", "Ranking", "ClientRank Settings", "ClientRank Methodology",
            "Rank History"} <= set(wb.sheetnames)
    assert "ClientRank Calibration" not in wb.sheetnames
    # the Ranking's what-if formulas (native ones) are there, as in the ranking-only copy
    assert any(isinstance(c.value, str) and c.value.startswith("=") for row in wb["Ranking"].iter_rows()
               for c in row)
    before, after = parts(src), parts(out)
    same = [n for n in before if n in after and before[n] == after[n]]
    assert "xl/worksheets/sheet1.xml" in same and "xl/externalLinks/externalLink2.xml" in same
    assert "xl/metadata.xml" in same


def test_a_macro_workbook_becomes_a_macro_free_copy(tmp_path):
    from xlclientrank import bundled

    src = tmp_path / "ClientRank.xlsm"
    src.write_bytes(bundled.TEMPLATE.read_bytes())
    out = tmp_path / "advisor.xlsx"
    code, stdout, err = run_cli("share", src, "--whole-workbook", "--out", out)
    assert code == 0, err
    p = parts(out)
    assert not any("vbaProject" in n or "customUI" in n for n in p)
    assert b"macroEnabled" not in p["[Content_Types].xml"]
    assert b"vbaProject" not in p["xl/_rels/workbook.xml.rels"] and b"vbaProject" not in p["[Content_Types].xml"]
    assert b"ui/extensibility" not in p["_rels/.rels"]
    ws = load_workbook(out)["Clients"]
    tiers = [ws.cell(r, ws.max_column).value for r in range(2, 8)]
    assert all(t in ("Ideal", "Core", "Poor") for t in tiers), tiers   # the template's live column, frozen
    assert "no macros" in stdout


@pytest.mark.libreoffice
def test_libreoffice_opens_the_copy_and_finds_no_link_to_the_add_in(shared):
    src, out, _ = shared
    converted = libreoffice_convert([out], "xlsx:Calc MS Excel 2007 XML")[out]
    p = parts(converted)
    assert not any(b"xlclientrank.xlam" in data for data in p.values())
    ws = load_workbook(converted, data_only=True)["Dashboard"]
    assert [ws[f"A{n}"].value for n in range(2, 8)] == TIERS
    assert libreoffice_convert([out], "pdf")[out].stat().st_size > 1000


def test_anonymous_names_are_never_a_real_clients_name():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from xlclientrank.jobs.share import aliases

    assert list(aliases(["Harbour Dental", "Nordlicht GmbH"]).values()) == ["Client 001", "Client 002"]
    tricky = ["Client 001", "client 002 ", "Anonymous client 001", "Client no. 002", "Anon 001"]
    made = aliases(tricky)
    assert not {a.casefold() for a in made.values()} & {t.strip().casefold() for t in tricky}
    # clients called by a number alone or by every alias word: still one alias each, and quickly
    awkward = ["1", "001", "Client", "Anonymous", "Anon", "no.", "Client no.", "Client 001"]
    made = aliases(awkward)
    assert len(set(made.values())) == len(awkward)
    assert not {a.casefold() for a in made.values()} & {t.casefold() for t in awkward}

    words = st.sampled_from(["Client", "Anonymous client", "Client no.", "Anon", "Client1-"])
    alias_like = words.flatmap(
        lambda w: st.integers(1, 40).map(lambda i: f"{w}{'' if w.endswith('-') else ' '}{i:03d}"))

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.one_of(alias_like, st.text(min_size=1, max_size=12)), min_size=1, max_size=40, unique=True))
    def check(names):
        made = aliases(names)
        assert len(set(made.values())) == len(names)
        assert not {a.casefold() for a in made.values()} & {str(n).strip().casefold() for n in names}
    check()


def test_the_advisor_can_rank_the_whole_copy_again(shared, tmp_path):
    """The copy is a workbook like any other: ranking it again finds the owner's client list, not our
    Summary, and rebuilds our sheets."""
    _, out, _ = shared
    again = tmp_path / "again.xlsx"
    code, stdout, err = run_cli("rerank", out, "--out", again)
    assert code == 0, err
    assert "from sheet 'Clients'" in stdout


def test_an_anonymous_whole_copy_has_no_client_name_anywhere(tmp_path):
    src = excel_saved(tmp_path / "clients.xlsx")
    assert run_cli("rerank", src)[0] == 0
    out = tmp_path / "anon.xlsx"
    code, stdout, err = run_cli("share", src, "--whole-workbook", "--anonymize", "--out", out)
    assert code == 0, err
    p = parts(out)
    for name, _, _ in CLIENTS:
        for escaped in {name, name.replace("&", "&amp;")}:
            assert not any(escaped.encode() in data for data in p.values()), name
    assert any(b"Client 001" in data for data in p.values())
    ws = load_workbook(out)["Dashboard"]
    assert all(str(ws[f"E{n}"].value).startswith("Client ") for n in range(2, 8))  # the spilled names too
    assert "ClientRank Aliases" not in load_workbook(out, read_only=True).sheetnames
    assert "ClientRank Aliases" in load_workbook(src, read_only=True).sheetnames   # who is who stays at home


# ---------------------------------------------------------------- what real workbooks add

def _edit(path: Path, fn) -> None:
    with zipfile.ZipFile(path) as z:
        p = {n: z.read(n) for n in z.namelist()}
    fn(p)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in p.items():
            z.writestr(n, b)


def richer(tmp_path: Path) -> Path:
    """The Excel-saved workbook, ranked, then edited as an owner would: cells that read our sheets or
    use a name calling ours, a table column reference next to an external one, a quoted sheet name
    that looks like a call, an Excel Table whose column formula calls ours (ECMA-376 §18.5.1.2
    calculatedColumnFormula), a name pointing at our calibration sheet, a sheet after ours with a
    local name, and an Excel 4.0 macro sheet ([MS-XLSX] 2.1.7.29, xlMacrosheet)."""
    src = excel_saved(tmp_path / "clients.xlsx")
    assert run_cli("rerank", src)[0] == 0

    def fn(p):
        dash = p["xl/worksheets/sheet2.xml"].decode()
        extra = ('<row r="11"><c r="A11"><f>Ranking!B26</f><v>1</v></c><c r="B11" t="str"><f>TopTier&amp;""</f>'
                 '<v>Ideal</v></c><c r="C11"><f>SUM(Sales[2024])+[2]Prices!$B$2</f><v>5</v></c>'
                 "<c r=\"D11\"><f>'CLIENT_TIER (old)'!A1</f><v>7</v></c></row>")
        p["xl/worksheets/sheet2.xml"] = dash.replace("</sheetData>", extra + "</sheetData>").encode()
        wb = p["xl/workbook.xml"].decode()
        wb = wb.replace("</definedNames>", "<definedName name=\"CalibRef\">'ClientRank Calibration'!$A$1"
                                           "</definedName><definedName name=\"Macro1\" function=\"1\" xlm=\"1\">"
                                           "Macro1!$A$1</definedName></definedNames>")
        p["xl/workbook.xml"] = wb.encode()
        rels = p["xl/_rels/workbook.xml.rels"].decode()
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdM1" Type="http://schemas.microsoft.com/'
                            'office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>'
                            "</Relationships>")
        p["xl/_rels/workbook.xml.rels"] = rels.encode()
        p["xl/macrosheets/sheet1.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xm:macrosheet '
                                          f'xmlns="{M}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/'
                                          'main"><sheetData><row r="1"><c r="A1"><f>RETURN()</f></c></row>'
                                          "</sheetData></xm:macrosheet>").encode()
        wb = p["xl/workbook.xml"].decode()
        p["xl/workbook.xml"] = wb.replace("</sheets>", '<sheet name="Macro1" sheetId="99" r:id="rIdM1"/></sheets>'
                                          ).encode()
        p["[Content_Types].xml"] = p["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.'
                         b'macrosheet+xml"/><Override PartName="/xl/tables/table9.xml" ContentType="application/'
                         b'vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/></Types>')
        p["xl/tables/table9.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="{M}" '
                                     'id="9" name="Tiers" displayName="Tiers" ref="A1:B7"><tableColumns count="2">'
                                     '<tableColumn id="1" name="Tier"><calculatedColumnFormula>[1]!CLIENT_TIER('
                                     'Clients!A2:C2)</calculatedColumnFormula></tableColumn><tableColumn id="2" '
                                     'name="Score" totalsRowFunction="custom"><totalsRowFormula>[2]Prices!$B$2'
                                     "</totalsRowFormula></tableColumn></tableColumns></table>").encode()
    _edit(src, fn)
    return src


def test_owner_formulas_tables_names_and_macro_sheets_in_the_whole_copy(tmp_path):
    src = richer(tmp_path)
    out = tmp_path / "whole.xlsx"
    code, stdout, err = run_cli("share", src, "--whole-workbook", "--out", out)
    assert code == 0, err
    p = parts(out)
    dash = etree.fromstring(p["xl/worksheets/sheet2.xml"])
    f = {c.get("r"): c.find(f"{{{M}}}f") for c in dash.iter(f"{{{M}}}c")}
    assert f["A11"] is None and f["B11"] is None                       # read our sheet / a name calling ours
    assert f["C11"].text == "SUM(Sales[2024])+[1]Prices!$B$2"          # a table column is no book index
    assert f["D11"].text == "'CLIENT_TIER (old)'!A1"                   # a quoted sheet name is no call
    table = etree.fromstring(p["xl/tables/table9.xml"])
    assert table.find(f".//{{{M}}}calculatedColumnFormula") is None
    assert table.find(f".//{{{M}}}totalsRowFormula").text == "[1]Prices!$B$2"
    assert "column 'Tier' of table 'Tiers'" in stdout
    wb = etree.fromstring(p["xl/workbook.xml"])
    names = {n.get("name"): n.text for n in wb.iter(f"{{{M}}}definedName")}
    assert names["CalibRef"] == "#REF!" and "Macro1" not in names
    assert "Macro1" not in [s.get("name") for s in wb.iter(f"{{{M}}}sheet")]
    assert not any(n.startswith("xl/macrosheets/") for n in p) and "Excel 4.0 macro sheets" in stdout
    for n in wb.iter(f"{{{M}}}definedName"):  # every sheet-level name points at a sheet that is there
        if n.get("localSheetId") is not None:
            assert int(n.get("localSheetId")) < len(wb.findall(f".//{{{M}}}sheet"))
    summary = load_workbook(out)["ClientRank Summary"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert "About this copy of your workbook" in texts and any("cannot be turned into a value" in t for t in texts)
    assert libreoffice_convert([out], "pdf")[out].stat().st_size > 1000


def test_removing_a_sheet_moves_later_local_names_and_tabs_down():
    from xlclientrank.ooxml.book import forget_sheet

    wb = etree.fromstring(f'<workbook xmlns="{M}"><bookViews><workbookView activeTab="2" firstSheet="1"/>'
                          '</bookViews><sheets><sheet name="A"/><sheet name="C"/></sheets><definedNames>'
                          '<definedName name="x" localSheetId="1">B!$A$1</definedName>'
                          '<definedName name="y" localSheetId="2">C!$A$1</definedName></definedNames></workbook>')
    forget_sheet(wb, M, 1)  # sheet "B" (index 1) was removed
    names = {n.get("name"): n.get("localSheetId") for n in wb.iter(f"{{{M}}}definedName")}
    assert names == {"y": "1"}
    view = wb.find(f".//{{{M}}}workbookView")
    assert (view.get("activeTab"), view.get("firstSheet")) == ("1", "1")  # C moved to 1; B's place is C's


@pytest.mark.parametrize("target", [
    r"file:///C:\Users\sam\AppData\Roaming\Microsoft\Excel\XLSTART\xlclientrank.xlam",
    "file:///Users/sam/Library/Group%20Containers/UBF8T346G9.Office/User%20Content/Startup/Excel/xlclientrank.xlam",
    "Macintosh HD:Users:sam:Library:Group Containers:UBF8T346G9.Office:User Content:Startup:Excel:xlclientrank.xlam",
    "../../AppData/Roaming/Microsoft/Excel/XLSTART/XLCLIENTRANK.XLAM"])
def test_the_add_in_link_is_found_whatever_path_excel_saved(target):
    from xlclientrank.ooxml.package import Package as P

    link = f'<externalLink xmlns="{M}"><externalBook><definedNames><definedName name="OTHER_UDF"/></definedNames>' \
           "</externalBook></externalLink>"
    rels = f'<Relationships xmlns="{PR}"><Relationship Id="rId1" Type="{R}/externalLinkPath" Target="{target}" ' \
           'TargetMode="External"/></Relationships>'
    pkg = P({"xl/externalLinks/externalLink1.xml": link.encode(),
             "xl/externalLinks/_rels/externalLink1.xml.rels": rels.encode()}, {})
    assert freeze.is_addin_link(pkg, "xl/externalLinks/externalLink1.xml")
    other = rels.replace("xlclientrank.xlam", "prices.xlsx").replace("XLCLIENTRANK.XLAM", "prices.xlsx")
    pkg.set("xl/externalLinks/_rels/externalLink1.xml.rels", other.encode())
    assert not freeze.is_addin_link(pkg, "xl/externalLinks/externalLink1.xml")


def test_a_signed_workbook_gives_an_unsigned_whole_copy(tmp_path):
    from tests.ooxml.test_owner_protection import signed

    src = signed(tmp_path / "signed.xlsx")
    assert run_cli("rerank", src, "--remove-signature", "--out", tmp_path / "ranked.xlsx")[0] == 0
    sig = signed(tmp_path / "signed2.xlsx")
    out = tmp_path / "whole.xlsx"
    code, stdout, err = run_cli("share", sig, "--whole-workbook", "--out", out)
    assert code == 0, err
    assert not any(n.startswith("_xmlsignatures/") for n in parts(out)) and "the copy is not" in stdout
    assert any(n.startswith("_xmlsignatures/") for n in parts(sig))  # the owner's stays signed


def test_aliases_never_read_as_or_contain_a_real_name():
    from xlclientrank.jobs.share import aliases

    made = aliases(["Client 2", "Client 1"])
    assert not {"client 001", "client 002"} & {a.casefold() for a in made.values()}
    made = aliases(["Client 002", "Acme", "Client 001", "Anonymous"])
    assert all("anonymous" not in a.casefold() and not a.casefold().startswith("client 0") for a in made.values())
    formers = aliases(["Former client 1"], avoid=["Acme"], words=("Former client",))
    assert formers["Former client 1"] != "Former client 001"


def test_former_clients_are_anonymous_in_the_whole_copy_too(tmp_path):
    src = excel_saved(tmp_path / "clients.xlsx")
    assert run_cli("rerank", src, "--date", "2026-01-31")[0] == 0

    def drop_last(p):  # a client leaves: its row goes from the Clients sheet
        xml = p["xl/worksheets/sheet1.xml"].decode()
        p["xl/worksheets/sheet1.xml"] = re.sub(r'<row r="7">.*?</row>', "", xml).encode()
    _edit(src, drop_last)
    assert run_cli("rerank", src, "--date", "2026-02-28")[0] == 0
    out = tmp_path / "anon.xlsx"
    code, _, err = run_cli("share", src, "--whole-workbook", "--anonymize", "--out", out)
    assert code == 0, err
    gone = CLIENTS[5][0]
    assert not any(gone.encode() in data for data in parts(out).values())
    hist = load_workbook(out)["Rank History"]
    assert any(str(c.value).startswith("Former client") for c in hist["A"])

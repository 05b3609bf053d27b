"""The add-in and the template, checked on Linux with independent readers (oletools' olevba,
LibreOffice, lxml) and against a fresh build from workbook/src."""

from __future__ import annotations

import importlib
import inspect
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from oletools.olevba import VBA_Parser

import xlclientrank
from tests.helpers import ROOT, libreoffice_convert, soffice
from xlclientrank import bundled
from xlclientrank.excel import build, install
from xlclientrank.excel.ovba_compression import compress

ADDIN = bundled.ADDIN
TEMPLATE = bundled.TEMPLATE
FORMULAS = ("CLIENT_TIER", "CLIENT_SCORE", "CLIENT_RANK", "PARETO_COUNT", "PARETO_CUTOFF", "PARETO_SHARE",
            "IMPORTANCE_RATIO", "CLIENT_RANKING")


def vba_of(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_all_macros()}


@pytest.mark.parametrize("path", [ADDIN, TEMPLATE], ids=["addin", "template"])
def test_olevba_reads_back_exactly_the_vba_sources(path):
    vba = vba_of(path)
    for name in ("xlwings", "Dictionary", "ClientRank", "xlwings_udfs"):
        src = (ROOT / "workbook" / "src" / (name + (".cls" if name == "Dictionary" else ".bas"))).read_text()
        assert vba[name].replace("\r\n", "\n").rstrip() == src.rstrip(), name
    assert 'PROJECT_NAME As String = "xlclientrank"' in vba["xlwings"]


@pytest.mark.parametrize("path", [ADDIN, TEMPLATE], ids=["addin", "template"])
def test_every_ribbon_action_has_its_sub_and_every_runpython_its_function(path):
    with zipfile.ZipFile(path) as z:
        ui = etree.fromstring(z.read("customUI/customUI.xml"))
        rels = z.read("_rels/.rels").decode()
    assert "ui/extensibility" in rels and "customUI/customUI.xml" in rels
    ns = {"c": "http://schemas.microsoft.com/office/2006/01/customui"}
    tab = ui.find(".//c:tab", ns)
    assert tab.get("label") == "Client Rank"
    buttons = {b.get("label"): b.get("onAction") for b in ui.iterfind(".//c:button", ns)}
    assert set(buttons) == {"Re-rank", "Share with advisor", "Share anonymously", "Settings", "Help"}
    ids = [e.get("id") for e in ui.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    vba = vba_of(path)
    for action in buttons.values():
        module, sub = action.split(".")
        assert re.search(rf"Sub {sub}\(control As IRibbonControl\)", vba[module]), action
    # RunPython "import M as m; m.f('" & CLIENTRANK_VERSION & "')": the add-in passes its version
    commands = re.findall(r'RunPython "([^"]+)\(\'" & CLIENTRANK_VERSION & "\'\)"', vba["ClientRank"])
    assert len(commands) == len(re.findall(r"^\s+RunPython ", vba["ClientRank"], re.M)) == 4
    version = re.search(r'Public Const CLIENTRANK_VERSION As String = "([^"]+)"', vba["ClientRank"]).group(1)
    assert version == xlclientrank.__version__
    for command in commands:
        imp, call = [c.strip() for c in command.split(";")]
        m = re.fullmatch(r"import ([\w.]+) as (\w+)", imp)
        module = importlib.import_module(m.group(1))
        func = re.fullmatch(rf"{m.group(2)}\.(\w+)", call).group(1)
        assert callable(getattr(module, func)), command
        assert len(inspect.signature(getattr(module, func)).parameters) >= 1, f"{command}: takes no version"
    # argless entry points for Application.Run (xlclientrank selftest)
    for sub in ("ReRankActiveWorkbook", "ShareActiveWorkbook", "ShareAnonymouslyActiveWorkbook"):
        assert re.search(rf"Public Sub {sub}\(\)", vba["ClientRank"]), sub


@pytest.mark.parametrize("path", [ADDIN, TEMPLATE], ids=["addin", "template"])
def test_share_anonymously_reaches_the_anonymous_python_entry(path):
    """The ribbon's Share anonymously runs ShareAnonymouslyActiveWorkbook, whose RunPython calls
    macro.share_anonymously (and Share with advisor still calls macro.share)."""
    import xlclientrank.excel.macro as macro

    with zipfile.ZipFile(path) as z:
        ui = etree.fromstring(z.read("customUI/customUI.xml"))
    ns = {"c": "http://schemas.microsoft.com/office/2006/01/customui"}
    actions = {b.get("label"): b.get("onAction") for b in ui.iterfind(".//c:button", ns)}
    code = vba_of(path)["ClientRank"].replace("\r\n", "\n")

    def body(sub: str) -> str:
        return re.search(rf"Sub {sub}\([^)]*\)\n(.*?)\nEnd Sub", code, re.S).group(1)

    for label, entry, function in (("Share anonymously", "ShareAnonymouslyActiveWorkbook", "share_anonymously"),
                                   ("Share with advisor", "ShareActiveWorkbook", "share")):
        assert body(actions[label].split(".")[1]).strip() == entry, label
        assert f"m.{function}('\" & CLIENTRANK_VERSION & \"')\"" in body(entry), label
    assert inspect.signature(macro.share_anonymously).parameters.keys() == {"addin_version", "quiet"}


def vba_text(expression: str, constants: dict[str, str]) -> str:
    """The text a VBA string expression made of "literals", vbLf, constants, & and _ continuations gives."""
    parts = re.findall(r'"((?:[^"]|"")*)"|(\w+)', expression.replace(" _\n", " "))
    return "".join(literal.replace('""', '"') if literal else {"vbLf": "\n", **constants}[name]
                   for literal, name in parts)


def test_the_help_button_says_what_macro_help_says():
    """Help in the add-in (a MsgBox of ShowHelp) and in Python (macro.HELP) are the same text, in the
    owner's words, naming the product one way."""
    import xlclientrank.excel.macro as macro

    code = vba_of(ADDIN)["ClientRank"].replace("\r\n", "\n")
    msgbox = re.search(r"Sub ShowHelp\(control As IRibbonControl\)\n\s+MsgBox (.*?), _\n\s+vbInformation", code,
                       re.S).group(1)
    shown = vba_text(msgbox, {"CLIENTRANK_VERSION": xlclientrank.__version__})
    assert shown == macro.HELP
    assert "Share anonymously: the same copy, with your clients called Client 001, Client 002, ..." in shown
    assert "xlclientrank" not in shown.replace("type  xlclientrank selftest  in a terminal", "")
    for programmer_words in ("0-100", "Cell formulas", "README", "--"):
        assert programmer_words not in shown


@pytest.mark.parametrize("path", [ADDIN, TEMPLATE], ids=["addin", "template"])
def test_the_formula_wrappers_are_inside(path):
    udfs = vba_of(path)["xlwings_udfs"]
    for name in FORMULAS:
        assert re.search(rf"Function {name}\(", udfs), name
        assert f'XLPy.CallUDF("xlclientrank.udfs", "{name}"' in udfs


def test_the_addin_names_the_formula_module_in_its_config_sheet():
    with zipfile.ZipFile(ADDIN) as z:
        wb = z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        types = z.read("[Content_Types].xml").decode()
    assert 'name="xlclientrank.conf"' in wb and "xlclientrank.udfs" in sheet
    assert "addin.macroEnabled.main+xml" in types


def test_the_template_has_a_live_tier_column_and_our_sheets():
    from openpyxl import load_workbook

    wb = load_workbook(TEMPLATE, keep_vba=True)
    ws = wb["Clients"]
    assert ws["L1"].value == "Tier (live formula)"
    assert ws["L2"].value == "=CLIENT_TIER(A2:K2)"
    values = load_workbook(TEMPLATE, data_only=True)["Clients"]
    assert {values.cell(r, 12).value for r in range(2, 152)} == {"Ideal", "Core", "Poor"}
    assert {"Ranking", "ClientRank Settings", "ClientRank Calibration"} <= set(wb.sheetnames)


def test_committed_files_equal_a_fresh_build(tmp_path):
    build.build(tmp_path)
    for path in (ADDIN, TEMPLATE):
        with zipfile.ZipFile(path) as a, zipfile.ZipFile(tmp_path / path.name) as b:
            assert a.namelist() == b.namelist()
            assert [n for n in a.namelist() if a.read(n) != b.read(n)] == []


def test_libreoffice_opens_both(tmp_path):
    pdfs = libreoffice_convert([TEMPLATE], "pdf")
    assert pdfs[TEMPLATE].stat().st_size > 1000
    # LibreOffice 7.4 does not detect Excel's add-in content type by itself; told the format, it opens it
    import os
    import subprocess
    out = tmp_path / "out"
    subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--infilter=Calc MS Excel 2007 XML", "--convert-to", "pdf", "--outdir", str(out), str(ADDIN)],
                   capture_output=True, timeout=300, env=dict(os.environ, HOME=str(tmp_path)))
    assert (out / "xlclientrank.pdf").stat().st_size > 1000


def test_vba_compression_reads_back_with_olevba():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from oletools.olevba import decompress_stream

    @settings(max_examples=200, deadline=None)
    @given(st.binary(max_size=9000).filter(lambda b: len(b) % 4096 < 3000 or len(b) % 4096 == 0) |
           st.text(alphabet="Sub End Function(x)\r\n _.\"'", max_size=20000).map(str.encode))
    def round_trip(data):
        assert bytes(decompress_stream(bytearray(compress(data)))) == data

    round_trip()


def test_install_uninstall_and_doctor_on_windows_and_mac_layouts(tmp_path):
    for system in ("Windows", "Darwin"):
        p = install.places(home=tmp_path / system, system=system, env={})
        out = io.StringIO()
        assert install.doctor(out, p) == 1 and "xlclientrank install" in out.getvalue()
        assert install.install(io.StringIO(), p) == 0
        assert (p.startup / "xlclientrank.xlam").read_bytes() == ADDIN.read_bytes()
        config = p.config.read_text()
        assert '"UDF MODULES","xlclientrank.udfs"' in config and f'"{p.interpreter_key}",' in config
        out = io.StringIO()
        install.doctor(out, p)
        assert "add-in in Excel's startup folder" in out.getvalue()
        assert install.uninstall(io.StringIO(), p) == 0
        assert not (p.startup / "xlclientrank.xlam").exists() and not p.config.exists()


def test_without_excel_the_commands_explain_and_exit_cleanly():
    from tests.helpers import run_cli

    p = install.places(system="Linux")
    out = io.StringIO()
    assert install.install(out, p) == 0
    assert "Excel does not run on Linux" in out.getvalue()
    out = io.StringIO()
    assert install.uninstall(out, p) == 0
    assert out.getvalue() == ("There is no Excel on this computer, so Client Rank's add-in was never installed here; "
                              "nothing to remove.\n")
    code, out, err = run_cli("doctor")
    assert "Traceback" not in out + err and "cannot check" in out


def test_ribbon_xml_keeps_to_the_customui_schema():
    """Element nesting and attributes as Office's customUI schema (2006/01) allows them: ids are
    unique NCNames, sizes are normal/large, strings at most 1024 characters."""
    ui = etree.parse(str(ROOT / "workbook" / "src" / "customUI.xml")).getroot()
    ns = "{http://schemas.microsoft.com/office/2006/01/customui}"
    allowed = {
        "customUI": ({"ribbon"}, set()), "ribbon": ({"tabs"}, set()), "tabs": ({"tab"}, set()),
        "tab": ({"group"}, {"id", "label", "getVisible"}), "group": ({"button"}, {"id", "label"}),
        "button": (set(), {"id", "label", "size", "imageMso", "screentip", "supertip", "onAction"}),
    }
    for el in ui.iter():
        tag = el.tag.replace(ns, "")
        assert el.tag.startswith(ns) and tag in allowed, el.tag
        children, attrs = allowed[tag]
        assert {c.tag.replace(ns, "") for c in el} <= children, tag
        assert set(el.attrib) <= attrs, (tag, set(el.attrib) - attrs)
        for name, value in el.attrib.items():
            assert 1 <= len(value) <= 1024
            if name == "id":
                assert re.fullmatch(r"[A-Za-z_][\w.-]*", value)
            if name == "size":
                assert value in ("normal", "large")


@pytest.mark.parametrize("path", [ADDIN, TEMPLATE], ids=["addin", "template"])
def test_the_vba_project_has_what_excel_writes(path):
    """PROJECTwm (module names in MBCS and UTF-16), VersionCompatible32 and a [Workspace] line per
    module, as in projects written by Excel, EPPlus, vbamc and LibreOffice ([MS-OVBA] 2.3.3, 2.3.1)."""
    import olefile

    with zipfile.ZipFile(path) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    project = ole.openstream("PROJECT").read().decode("cp1252")
    lines = project.split("\r\n")
    assert 'VersionCompatible32="393222000"' in lines
    assert lines.index('VersionCompatible32="393222000"') == lines.index('HelpContextID="0"') + 1
    modules = [line.split("=", 1)[1].split("/")[0] for line in lines
               if line.split("=", 1)[0] in ("Document", "Module", "Class")]
    workspace = lines[lines.index("[Workspace]") + 1:]
    assert [w.split("=")[0] for w in workspace if w] == modules
    wm = ole.openstream("PROJECTwm").read()
    names = []  # each record: the name in MBCS and a 0 byte, then in UTF-16 and a 0 word; 0 word at the end
    pos = 0
    while wm[pos:pos + 2] != b"\x00\x00":
        end = wm.index(b"\x00", pos)
        mbcs = wm[pos:end].decode("cp1252")
        end16 = end + 1
        while wm[end16:end16 + 2] != b"\x00\x00":
            end16 += 2
        assert wm[end + 1:end16].decode("utf-16-le") == mbcs
        names.append(mbcs)
        pos = end16 + 2
    assert names == modules and wm.endswith(b"\x00\x00")


def test_the_addin_config_sheet_has_no_empty_setting():
    """xlwings' GetConfig stops at a key on the config sheet even when its value is empty (and then
    never reads the interpreter from the settings file that install writes)."""
    config = build.addin_config(ADDIN)
    assert config and all(config.values())
    assert not {"INTERPRETER_WIN", "INTERPRETER_MAC", "CONDA ENV", "CONDA PATH", "PYTHONPATH"} & \
        {k.upper() for k in config}
    assert config["Use UDF Server"] == "FALSE" and config["UDF Modules"] == "xlclientrank.udfs"


def test_only_one_client_rank_tab_with_the_template_and_the_addin_open():
    with zipfile.ZipFile(TEMPLATE) as z:
        ui = etree.fromstring(z.read("customUI/customUI.xml"))
    with zipfile.ZipFile(ADDIN) as z:
        addin_ui = etree.fromstring(z.read("customUI/customUI.xml"))
    ns = {"c": "http://schemas.microsoft.com/office/2006/01/customui"}
    assert ui.find(".//c:tab", ns).get("getVisible") == "ClientRank.TabVisible"
    assert addin_ui.find(".//c:tab", ns).get("getVisible") is None
    code = vba_of(TEMPLATE)["ClientRank"]
    assert re.search(r"Sub TabVisible\(control As IRibbonControl, ByRef visible\)\s+visible = Not AddinIsOpen\(\)",
                     code)
    assert 'Private Const ADDIN_NAME As String = "xlclientrank.xlam"' in code


@pytest.mark.parametrize("path", [ADDIN, TEMPLATE], ids=["addin", "template"])
def test_every_formula_gets_its_category_and_argument_help_when_the_book_opens(path):
    vba = vba_of(path)
    assert re.search(r"Private Sub Workbook_Open\(\)\s+RegisterClientRankFunctions\s+End Sub", vba["ThisWorkbook"])
    register = vba["ClientRankFunctions"]
    wrappers = vba["xlwings_udfs"]
    for name in FORMULAS:
        args = re.search(rf"Function {name}\(([^)]*)\)", wrappers).group(1)
        m = re.search(rf"'!{name}\", _\s+Description:=(\"[^\n]+\"), _\s+Category:=\"Client Rank\", _\s+"
                      r"ArgumentDescriptions:=Array\(([^\n]*)\)", register)
        assert m, name
        assert len(re.findall(r'"(?:[^"]|"")*"', m.group(2))) == len([a for a in args.split(",") if a.strip()]), name


def test_rerank_keeps_the_template_sheets_code_names(tmp_path):
    """Our sheets keep their code names when the command rebuilds them, so their document modules
    stay attached."""
    from tests.helpers import run_cli
    from xlclientrank.ooxml.book import sheet_parts
    from xlclientrank.ooxml.package import Package
    from xlclientrank.ooxml.splice import code_name

    def code_names(path):
        pkg = Package.read(path)
        return {name: code_name(pkg.parts[part]) for name, part in sheet_parts(pkg).items()}

    out = tmp_path / "again.xlsm"
    assert run_cli("rerank", TEMPLATE, "--out", out)[0] == 0
    before = code_names(TEMPLATE)
    assert None not in before.values() and len(set(before.values())) == len(before)
    assert code_names(out) == before

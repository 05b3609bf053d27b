"""Builds ``xlclientrank.xlam`` (the add-in) and ``ClientRank.xlsm`` (the template) into
``xlclientrank/bundled/`` (the package data) from the text sources in ``workbook/src/``:
``python -m xlclientrank.excel.build`` in a source checkout.

* The add-in starts from the open-source ribbon add-in template that ships inside the xlwings
  package (``quickstart_addin_ribbon.xlam``, BSD): our ribbon (``customUI.xml``) replaces its ribbon,
  its configuration sheet names our cell formulas, and its VBA project is rebuilt from source.
* The VBA project (``vbaProject.bin``) is written by ms-ovba from ``workbook/src``: xlwings' own VBA
  module and Dictionary class (taken from that template by ``--import-template``), our ribbon
  module ``ClientRank.bas``, and ``xlwings_udfs.bas``, the cell formulas' wrappers that xlwings'
  ``generate_vba_wrapper`` writes. So the functions are there without "Import Functions" and
  without trusting access to the VBA project.
* The template is the sample client list with a live ``=CLIENT_TIER`` column, ranked by
  ``xlclientrank rerank``, with the same VBA project and ribbon.

Only oletools (to import the template's VBA) and ms-ovba are needed beyond the package's own
dependencies: ``pip install -e '.[build]'``. Builds are reproducible: fixed dates and ids.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import re
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any, Iterator

from xlclientrank import __version__, bundled
from xlclientrank.excel import ovba_compression, template_sheets
from xlclientrank.names import CLIENT_TIER, UDF_MODULE
from xlclientrank.ooxml.ns import REL_UI, REL_UI14

# the text sources (in a source checkout; an installed package has only the built files)
SRC = Path(__file__).resolve().parents[2] / "workbook" / "src"
ADDIN = bundled.ADDIN
TEMPLATE = bundled.TEMPLATE
PROJECT_NAME = "xlclientrank"
PROJECT_ID = "{6F1C6C2E-1D4B-4E7A-9C1F-3B2A5E8D9C10}"
FIXED_DATE = dt.datetime(2026, 1, 1)
# The add-in's config sheet. xlwings' GetConfig returns a key's sheet value as soon as the key is on
# the sheet, even when the value is empty, and never reads the config file then: so only keys with
# a value are here, and the interpreter comes from the file `xlclientrank install` writes.
# "Use UDF Server" FALSE: RunPython then starts its own Python per click (the UDF server times out
# RunPython calls after 90 s, xlwings issue 1757, and needs @xw.sub functions, issue 1333); the
# cell formulas always use the UDF server.
VERSION_KEY = "xlclientrank version"
XLWINGS_KEY = "xlwings version"


def xlwings_vba_version() -> str:
    """The xlwings version whose VBA module the add-in carries (its DLL and AppleScript are named by it)."""
    m = re.search(r'XLPyDLLName As String = "xlwings(?:32|64)-([\w.]+)\.dll"',
                  (SRC / "xlwings.bas").read_text(encoding="utf-8"))
    return m.group(1) if m else ""


def config_rows() -> list[tuple[str, str]]:
    return [("UDF Modules", UDF_MODULE), ("Debug UDFs", "FALSE"), ("Use UDF Server", "FALSE"),
            ("Show Console", "FALSE"), (VERSION_KEY, __version__), (XLWINGS_KEY, xlwings_vba_version())]
# The ribbon part's relationship type goes with its XML namespace: 2006/01 customUI (Office 2007+)
# with the 2006 type (ooxml.ns.REL_UI); customUI14.xml (2009/07 namespace) would take the 2007 type (REL_UI14).
# the VBA project's modules from workbook/src, in project order (ThisWorkbook.cls is the workbook's
# document module's code; the sheets' document modules are empty)
MODULES = ("xlwings.bas", "Dictionary.cls", "ClientRank.bas", "xlwings_udfs.bas", "ClientRankFunctions.bas")
GUID_WORKBOOK = uuid.UUID("00020819-0000-0000-C000-000000000046")
GUID_SHEET = uuid.UUID("00020820-0000-0000-C000-000000000046")


def xlwings_template() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"


# ---------------------------------------------------------------- sources

def import_template() -> None:
    """Copies xlwings' VBA module and Dictionary class from the template into workbook/src (once,
    and again when xlwings is upgraded), with the project name set to ours."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlwings_template()))
    for _, _, name, code in parser.extract_all_macros():
        if name == "xlwings.bas":
            code = code.replace('Public Const PROJECT_NAME As String = "myaddin"',
                                f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"')
            (SRC / name).write_text(code.replace("\r\n", "\n"), encoding="utf-8", newline="\n")
        elif name == "Dictionary.cls":
            (SRC / name).write_text(code.replace("\r\n", "\n"), encoding="utf-8", newline="\n")


def udf_wrappers() -> str:
    """The VBA wrappers of the cell formulas, written by xlwings' own generate_vba_wrapper."""
    from xlclientrank.excel import udf_module

    module = udf_module.load(UDF_MODULE)
    text = udf_module.vba_wrappers(module, ADDIN.name, UDF_MODULE)
    sys.modules.pop(UDF_MODULE, None)  # the next import gets xlwings' plain decorators again
    # the same first lines as xlwings' "Import Functions" (xlwings.udfs.import_udfs): VBA's #Const is
    # private to its module, and the wrappers test App
    return ('Attribute VB_Name = "xlwings_udfs"\n'
            "'Autogenerated code by xlwings - changes will be lost with next import!\n"
            '#Const App = "Microsoft Excel" \'Adjust when using outside of Excel\n' + text)


def _vba_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def function_registration() -> str:
    """A VBA module that gives the cell formulas their category and help in Excel's function wizard
    (Application.MacroOptions, as xlwings' "Import Functions" does), run from Workbook_Open."""
    from xlclientrank.excel import udf_module

    module = udf_module.load(UDF_MODULE)
    lines = ['Attribute VB_Name = "ClientRankFunctions"',
             "' Written by python -m xlclientrank.excel.build from the functions in xlclientrank/udfs.py.",
             "' Excel's function wizard lists the cell formulas under their category, with help for each argument",
             "' (what xlwings' Import Functions registers with Application.MacroOptions).",
             "Option Explicit", "",
             "Public Sub RegisterClientRankFunctions()",
             "    Dim wasSaved As Boolean",
             "    wasSaved = ThisWorkbook.Saved",
             "    On Error Resume Next  ' never keep the workbook from opening over the function wizard's help"]
    try:
        for name in sorted(n for n in dir(module) if hasattr(getattr(module, n), "__xlfunc__")):
            info = getattr(module, name).__xlfunc__
            docs = [a["doc"][:255] for a in info["args"] if a["name"] != "caller" and not a["vba"]]
            lines.append(f"    Application.MacroOptions Macro:=\"'\" & ThisWorkbook.Name & \"'!{info['name']}\", _")
            lines.append(f"        Description:={_vba_string(info['ret']['doc'][:255])}, _")
            lines.append(f"        Category:={_vba_string(info['category'])}, _")
            lines.append("        ArgumentDescriptions:=Array(" + ", ".join(_vba_string(d) for d in docs) + ")")
    finally:
        sys.modules.pop(UDF_MODULE, None)
    lines += ["    On Error GoTo 0", "    ThisWorkbook.Saved = wasSaved", "End Sub", ""]
    return "\n".join(lines)


# the references Excel writes into every project: (GUID, version, type library, description, name)
REFERENCES = (
    ("00020430-0000-0000-C000-000000000046", "2.0", "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation", "stdole"),
    ("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52", "2.0",
     "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL",
     "Microsoft Office 16.0 Object Library", "Office"),
)


def _add_doc_modules(project: Any, doc_modules: list[tuple[str, uuid.UUID]], tmp: Path) -> None:
    """The workbook's and each sheet's document module, from ms-ovba's blank ones; ThisWorkbook
    gets the code of workbook/src/ThisWorkbook.cls."""
    import ms_ovba  # the build extra's: imported only when the add-in is built
    from ms_ovba.Models.Entities.doc_module import DocModule

    blank = Path(ms_ovba.__file__).parent / "blank_files"
    for name, guid in doc_modules:
        src = blank / ("ThisWorkbook.cls" if guid == GUID_WORKBOOK else "Sheet1.cls")
        text = src.read_text().replace('"ThisWorkbook"' if guid == GUID_WORKBOOK else '"Sheet1"', f'"{name}"')
        path = tmp / f"{name}.cls"
        path.write_text(text, newline="\r\n")
        module = DocModule(name)
        module.add_file(str(path))
        module.add_guid(guid)
        module.normalize_file()  # writes <name>.cls.new: the attributes, to which the code is added
        if guid == GUID_WORKBOOK:
            code = (SRC / "ThisWorkbook.cls").read_text(encoding="utf-8")
            with open(f"{path}.new", "a", encoding="cp1252", newline="\r\n") as f:
                f.write(code)
        module.workspace = (0, 0, 0, 0, "C")
        project.add_module(module)


def _add_code_modules(project: Any, tmp: Path) -> None:
    """The standard and class modules of workbook/src (MODULES)."""
    from ms_ovba.Models.Entities.std_module import StdModule  # the build extra's

    class ClassModule(StdModule):
        """A class module: 'Class=' in the PROJECT stream, and the dir stream's non-procedural type."""

        def __init__(self, name: str) -> None:
            super().__init__(name)
            self.type = "Class"

        def pack(self, endien: str, cp_name: str) -> bytes:
            self.type = "Document"  # ms-ovba writes type 0x0022 for these; classes have it too
            try:
                return super().pack(endien, cp_name)
            finally:
                self.type = "Class"

    for file_name in MODULES:
        kind = ClassModule if file_name.endswith(".cls") else StdModule
        text = (SRC / file_name).read_text(encoding="utf-8")
        name = text.split('"', 2)[1]
        path = tmp / f"{name}.src"
        path.write_text(text.replace("\r\n", "\n"), encoding="cp1252", newline="\r\n")
        module = kind(name)
        module.add_file(str(path))
        module.normalize_file()
        module.workspace = (0, 0, 0, 0, "C")
        project.add_module(module)


def _add_references(project: Any) -> None:
    """The references of REFERENCES, registered as Excel writes them."""
    from ms_ovba.Models.Entities.reference import Reference  # the build extra's
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Fields.libid_reference import LibidReference

    for guid, ver, library, desc, name in REFERENCES:
        ref = ReferenceRegistered(LibidReference(uuid.UUID(guid), ver, "0", library, desc))
        project.add_reference(Reference(ref, name))


def _new_project() -> Any:
    """An empty project with our ID and what Excel itself writes and some hosts expect (EPPlus's
    macros vanished in an Office update until it wrote them): the PROJECTwm stream (module names in
    MBCS and UTF-16), VersionCompatible32 and a [Workspace] section with each module's window."""
    from ms_ovba.vbaProject import VbaProject  # the build extra's

    project = VbaProject()
    project.project_id = PROJECT_ID
    project.include_projectwm()
    project.attributes["VersionCompatible32"] = "393222000"
    return project


@contextlib.contextmanager
def _ms_ovba_build(tmp: Path) -> Iterator[None]:
    """ms-ovba set up for one build, then as it was: working in ``tmp`` (it writes to the current
    directory), compressing with the [MS-OVBA] algorithm (ms-ovba-compression 1.0.1 writes streams
    that no decompressor reads back, see ovba_compression.py), and a fixed random seed (the PROJECT
    stream's protection fields are obscured with random bytes by ms-ovba-crypto, which uses the
    random module), so the build is reproducible."""
    from ms_ovba_compression.ms_ovba import MsOvba  # the build extra's

    here = os.getcwd()
    library_compress = MsOvba.compress
    state = random.getstate()
    os.chdir(tmp)
    # the library method is replaced on purpose, for this build only
    MsOvba.compress = lambda self, data: ovba_compression.compress(bytes(data))  # type: ignore[method-assign]
    random.seed(20260101)
    try:
        yield
    finally:
        random.setstate(state)
        MsOvba.compress = library_compress  # type: ignore[method-assign]
        os.chdir(here)


def vba_project(doc_modules: list[tuple[str, uuid.UUID]]) -> bytes:
    """vbaProject.bin from workbook/src, written by ms-ovba (in a scratch folder: it works in the
    current directory)."""
    from ms_ovba.Views.project_ole_file import ProjectOleFile  # the build extra's

    with tempfile.TemporaryDirectory(prefix="xlclientrank-vba-") as scratch:
        tmp = Path(scratch)
        with _ms_ovba_build(tmp):
            project = _new_project()
            _add_doc_modules(project, doc_modules, tmp)
            _add_code_modules(project, tmp)
            _add_references(project)
            ProjectOleFile.write_file(project)
            return (tmp / "vbaProject.bin").read_bytes()


# ---------------------------------------------------------------- the add-in

def _zip(parts: dict[str, bytes], path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts, key=lambda n: n != "[Content_Types].xml"):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])


def _config_sheet() -> bytes:
    from xlclientrank.ooxml.rows import escape_text

    rows = []
    config = config_rows()
    for r, (key, value) in enumerate(config, 1):
        cells = f'<c r="A{r}" t="inlineStr"><is><t>{escape_text(key)[0]}</t></is></c>'
        cells += f'<c r="B{r}" t="inlineStr"><is><t>{escape_text(value)[0]}</t></is></c>'
        rows.append(f'<row r="{r}">{cells}</row>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheetPr codeName="Sheet2"/><dimension ref="A1:B{len(config)}"/><sheetData>' + "".join(rows) +
            '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/></worksheet>').encode("utf-8")


def _ribbon_relationship(rels: str) -> str:
    """``_rels/.rels`` with exactly one ribbon relationship, of the type that goes with our customUI
    namespace (2006/01)."""
    rels = re.sub(r'<Relationship [^>]*Type="(?:%s|%s)"[^>]*/>' % (re.escape(REL_UI), re.escape(REL_UI14)), "", rels)
    return rels.replace("</Relationships>", f'<Relationship Id="rIdCustomUI" Type="{REL_UI}" '
                                            'Target="customUI/customUI.xml"/></Relationships>')


def build_addin(vba: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(xlwings_template()) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["customUI/customUI.xml"] = (SRC / "customUI.xml").read_bytes()
    parts["_rels/.rels"] = _ribbon_relationship(parts["_rels/.rels"].decode("utf-8")).encode("utf-8")
    parts["xl/vbaProject.bin"] = vba
    parts["xl/worksheets/sheet1.xml"] = _config_sheet()
    wb = parts["xl/workbook.xml"].decode("utf-8")
    wb = wb.replace('name="_myaddin.conf"', f'name="{PROJECT_NAME}.conf"')
    wb = wb.replace(r'<x15ac:absPath url="C:\Users\felix\Dev\xlwings\xlwings\"', r'<x15ac:absPath url="C:\\"')
    parts["xl/workbook.xml"] = wb.encode("utf-8")
    return parts


def addin_config(path: Path) -> dict[str, str]:
    """The config sheet of an add-in file as key -> value (empty when it cannot be read)."""
    try:
        with zipfile.ZipFile(path) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return {}
    return dict(re.findall(r'<c r="A\d+" t="inlineStr"><is><t>([^<]*)</t></is></c>'
                           r'<c r="B\d+" t="inlineStr"><is><t>([^<]*)</t></is></c>', sheet))


# ---------------------------------------------------------------- the template workbook

def build_template(out: Path) -> None:
    """The sample clients with a live CLIENT_TIER column, ranked, as a macro workbook with the ribbon.

    Every sheet gets a code name (Sheet1, Sheet2, ... in tab order) and the VBA project a document
    module for each, as Excel writes them. The ribbon tab is hidden while the add-in is open (the
    add-in carries the same tab), so Excel never shows two Client Rank tabs."""
    import xlsxwriter
    from openpyxl import load_workbook

    from xlclientrank.jobs.rerank import rerank

    sample = bundled.SAMPLE
    with tempfile.TemporaryDirectory(prefix="xlclientrank-template-") as tmp:
        first = Path(tmp) / "ranked.xlsx"
        result = rerank(sample, out=first, today=FIXED_DATE.date())
        tiers = dict(zip(result.ranking.table["Client"], result.ranking.table["Tier"]))
        source = load_workbook(sample, data_only=True)
        base = Path(tmp) / "base.xlsm"
        vba_path = Path(tmp) / "vbaProject.bin"
        vba_path.write_bytes(vba_project([("ThisWorkbook", GUID_WORKBOOK)]))
        wb = xlsxwriter.Workbook(str(base), {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"created": FIXED_DATE, "title": "Client Rank template", "author": "xlclientrank"})
        wb.add_vba_project(str(vba_path))
        wb.set_vba_name("ThisWorkbook")
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        clients = template_sheets.clients_formats(wb)
        for sheet_name in source.sheetnames:
            src = source[sheet_name]
            ws = wb.add_worksheet(sheet_name)
            ws.set_vba_name(f"Sheet{source.sheetnames.index(sheet_name) + 1}")
            rows = list(src.iter_rows(values_only=True))
            is_clients = sheet_name == "Clients"
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    if v is None:
                        continue
                    if isinstance(v, dt.datetime):
                        ws.write_datetime(i, j, v, date)
                    elif isinstance(v, (int, float)):
                        ws.write_number(i, j, v, clients["numbers"][j] if is_clients else None)
                    else:
                        ws.write_string(i, j, str(v), clients["head"] if i == 0 and is_clients else None)
            if is_clients:
                last = len(rows[0])
                ws.write_string(0, last, "Tier (live formula)", clients["head"])
                for i, row in enumerate(rows[1:], 1):
                    ws.write_formula(i, last, f"={CLIENT_TIER}(A{i + 1}:{_letter(last - 1)}{i + 1})",
                                     clients["tier"], tiers[row[0]])
                template_sheets.clients_layout(ws, len(rows) - 1, last)
        wb.close()
        rerank(base, out=out, today=FIXED_DATE.date())
    with zipfile.ZipFile(out) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/workbook.xml"] = template_sheets.keep_saved_results(parts["xl/workbook.xml"])
    code_names = _give_sheets_code_names(parts)
    parts["xl/vbaProject.bin"] = vba_project([("ThisWorkbook", GUID_WORKBOOK)] + [(c, GUID_SHEET) for c in code_names])
    ui = (SRC / "customUI.xml").read_text(encoding="utf-8")
    ui = ui.replace('<tab id="clientRankTab" label="Client Rank">',
                    '<tab id="clientRankTab" label="Client Rank" getVisible="ClientRank.TabVisible">')
    assert "getVisible" in ui, "customUI.xml: the tab element changed; update build_template"
    parts["customUI/customUI.xml"] = ui.encode("utf-8")
    parts["_rels/.rels"] = _ribbon_relationship(parts["_rels/.rels"].decode("utf-8")).encode("utf-8")
    _zip(parts, out)


def _give_sheets_code_names(parts: dict[str, bytes]) -> list[str]:
    """Sets ``codeName`` on every worksheet that lacks one (Sheet<n>, n = its tab position, as Excel
    names them); returns the code names in tab order."""
    from xlclientrank.ooxml.book import sheet_parts
    from xlclientrank.ooxml.package import Package
    from xlclientrank.ooxml.splice import code_name, with_code_name

    names = []
    for n, part in enumerate(sheet_parts(Package(parts, {})).values(), 1):  # tab order
        code = code_name(parts[part])
        if code is None:
            code = f"Sheet{n}"
            parts[part] = with_code_name(parts[part], code)
        names.append(code)
    return names


def _letter(index: int) -> str:
    from xlclientrank.ooxml.rows import column_letter

    return column_letter(index)


def build(out_dir: Path = bundled.FOLDER) -> tuple[Path, Path]:
    """Builds both files into ``out_dir``; returns their paths. The generated sources (the formula
    wrappers, their registration and the version in ClientRank.bas) are rewritten in workbook/src."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (SRC / "xlwings_udfs.bas").write_text(udf_wrappers(), encoding="utf-8", newline="\n")
    (SRC / "ClientRankFunctions.bas").write_text(function_registration(), encoding="utf-8", newline="\n")
    ribbon = SRC / "ClientRank.bas"
    ribbon.write_text(re.sub(r'(Public Const CLIENTRANK_VERSION As String = )"[^"]*"', rf'\1"{__version__}"',
                             ribbon.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    addin = out_dir / ADDIN.name
    _zip(build_addin(vba_project([("ThisWorkbook", GUID_WORKBOOK), ("Sheet2", GUID_SHEET)])), addin)
    template = out_dir / TEMPLATE.name
    build_template(template)
    return addin, template


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m xlclientrank.excel.build", description=__doc__.split("\n\n")[0])
    p.add_argument("--import-template", action="store_true",
                   help="first copy xlwings' VBA module and Dictionary class from its add-in template")
    p.add_argument("--out", type=Path, default=bundled.FOLDER,
                   help="folder for the built files (default: xlclientrank/bundled/, the package data)")
    args = p.parse_args(argv)
    if not SRC.is_dir():
        print(f"The add-in's sources are not here ({SRC}): build from a checkout of the xlclientrank source, "
              "where workbook/src holds them.", file=sys.stderr)
        return 2
    if args.import_template:
        import_template()
    addin, template = build(args.out)
    print(f"built {addin} and {template}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The shipped VBA code itself, parsed and analysed by tools nobody in this project wrote.

tests/excel/test_vba_readers.py has LibreOffice, Apache POI and oletools read the modules' text back;
here two tools read the code:

* antlr4-vba, a parser generated from the MS-VBAL grammar: every module of the add-in and the
  template, as Windows and Mac Excel compile it, is a syntactically valid VBA module;
* pyvbaanalysis, a static analyser that knows VBA's library and Excel's object model (names,
  argument counts, named arguments, undeclared variables under Option Explicit): no diagnostic
  of severity error in either file;
* and what neither tool looks at: the VBA project's reference to the Office type library.

Each check also runs on a copy with a planted defect and must catch it, so none of them can go
quiet (a grammar that no longer reports, an analyser that no longer reads the file) and still
pass. The tools are test extras: a missing one makes these tests fail, nothing is skipped.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from tests.excel.test_vba_readers import (
    ADDIN,
    FILES,
    MAC_EXCEL,
    SOURCES,
    SRC,
    TEMPLATE,
    WINDOWS_EXCEL,
    compile_module,
    kind_of,
    lines_of,
    olevba_modules,
    project_of,
)

# the hosts the conditional compilation tests use. Their compiled lines cover every line any VBA 7
# Excel compiles: the one #If Win64 (xlwings' Declares) has its 32-bit #Else compiled on the Mac
TARGETS = pytest.mark.parametrize("host", [WINDOWS_EXCEL, MAC_EXCEL], ids=["windows", "mac"])


# --------------------------------------------------------------------------------------------
# 1. antlr4-vba: the MS-VBAL grammar
# --------------------------------------------------------------------------------------------

# What the VBA editor writes above an exported class (or document) module's attributes; the
# grammar's class module starts with it.
CLASS_HEADER = ["VERSION 1.0 CLASS", "BEGIN", "  MultiUse = -1  'True", "END"]
# class attributes the grammar does not accept (VB_Name, VB_Exposed and the others it does):
# commented out, so that each stays a line
UNPARSED_ATTRIBUTE = re.compile(r"Attribute\s+VB_(Base|TemplateDerived|Description)\s*=", re.I)


def as_parsed(code: str, kind: str, host: dict, constants: dict) -> tuple[str, int]:
    """The module as the grammar gets it, and how many header lines precede its line 1.

    What VBA does not compile for ``host`` (directives, branches not taken) is blanked, so that
    every line keeps its number; a class or document module gets the editor's class header."""
    compiled = dict(compile_module(code, host, constants).lines)
    lines = [compiled.get(n, "") for n in range(1, len(lines_of(code)) + 1)]
    if kind == "Module":
        return "\n".join(lines) + "\n", 0
    lines = ["'" + line if UNPARSED_ATTRIBUTE.match(line) else line for line in lines]
    return "\n".join(CLASS_HEADER + lines) + "\n", len(CLASS_HEADER)


@functools.lru_cache(maxsize=None)
def syntax_errors(text: str) -> tuple[tuple[int, int, str], ...]:
    """(line, column, message) of every error antlr4-vba's lexer and parser report on ``text``
    (the start rule ends at EOF: input left over is an error too)."""
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.error.ErrorListener import ErrorListener
    from antlr4_vba.vbaLexer import vbaLexer
    from antlr4_vba.vbaParser import vbaParser

    errors = []

    class Collect(ErrorListener):
        def syntaxError(self, recognizer, symbol, line, column, msg, e):
            errors.append((line, column, msg))

    lexer = vbaLexer(InputStream(text))
    parser = vbaParser(CommonTokenStream(lexer))
    for recognizer in (lexer, parser):
        recognizer.removeErrorListeners()
        recognizer.addErrorListener(Collect())
    parser.startRule()
    return tuple(errors)


def parse_problems(label: str, code: str, kind: str, host: dict, constants: dict) -> list[str]:
    text, shift = as_parsed(code, kind, host, constants)
    return [f"{label} line {line - shift}, column {column + 1}: {message}"
            for line, column, message in syntax_errors(text)]


@TARGETS
def test_antlr4_vba_parses_every_module_as_compiled(host):
    """Every module of both files, read back from the file by oletools, after the conditional
    compilation that tests/excel/test_vba_readers.py evaluates as VBA does, is a VBA module by the
    MS-VBAL grammar: a block left open, a stray keyword or a broken line continuation in code that
    this Excel compiles is reported with its module and line. (Identical modules of the two
    files are parsed once: the parse is slow.)"""
    problems = []
    for path in (ADDIN, TEMPLATE):
        modules = olevba_modules(path)
        assert set(SOURCES) <= set(modules), f"{path.name}: modules {sorted(modules)}"
        constants = project_of(path).constants
        for name, code in modules.items():
            problems += parse_problems(f"{path.name}, module {name},", code, kind_of(name, path), host, constants)
    assert not problems, "antlr4-vba (MS-VBAL grammar) rejects the compiled VBA:\n" + "\n".join(problems)


@pytest.mark.parametrize("module, removed, kind", [("ClientRank", "End If", "Module"),
                                                    ("ThisWorkbook", "End Sub", "Document")])
def test_antlr4_vba_catches_a_planted_missing_end(module, removed, kind):
    """The same parse of a module that lost one ``End If`` (a standard module) or ``End Sub`` (the
    workbook's document module, parsed as a class) fails and names the module and a line."""
    lines = lines_of(olevba_modules(ADDIN)[module])
    at = next(i for i, line in enumerate(lines) if line.strip() == removed)
    planted = "\n".join(lines[:at] + lines[at + 1:]) + "\n"
    problems = parse_problems(f"module {module},", planted, kind, WINDOWS_EXCEL, {})
    assert problems, f"antlr4-vba parsed {module} without its {removed} at line {at + 1}"
    line = int(re.search(r" line (\d+),", problems[0]).group(1))
    assert problems[0].startswith(f"module {module}, line ") and line >= at + 1, problems  # not before the gap


# --------------------------------------------------------------------------------------------
# 2. pyvbaanalysis: names, argument counts and named arguments against Excel's object model
# --------------------------------------------------------------------------------------------

def pyvbaanalysis(path: Path) -> tuple[int, set[str], list[dict]]:
    """``pyvbaanalysis --fail-level error --format json PATH`` (its command line, run in-process):
    the exit code, the modules it analysed and every diagnostic, each with its module."""
    from pyvbaanalysis.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--fail-level", "error", "--format", "json", str(path)])
    projects = json.loads(out.getvalue() or "[]")
    modules = {m["module"] for p in projects for m in p["modules"]}
    return code, modules, [{**d, "module": m["module"]} for p in projects for m in p["modules"]
                           for d in m["diagnostics"]]


def shown(diagnostics: list[dict]) -> str:
    return "\n".join(f"{d['module']} line {d['line']}: {d['severity']} {d['code']}: {d['message']}"
                     for d in diagnostics)


@FILES
def test_pyvbaanalysis_finds_no_error_in_the_shipped_files(path):
    """The add-in and the template pass ``--fail-level error``: every procedure, member and named
    argument the code uses exists with that many arguments, and every variable is declared
    where Option Explicit asks for it. (Its warnings are about xlwings' own modules.) Its command
    line evaluates ``#If`` as 64-bit Windows Excel does: code only the Mac compiles has the
    grammar's check alone."""
    code, modules, diagnostics = pyvbaanalysis(path)
    assert set(SOURCES) <= modules, f"pyvbaanalysis read only the modules {sorted(modules)} of {path.name}"
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert code == 0 and not errors, f"pyvbaanalysis --fail-level error {path.name}: exit {code}\n{shown(errors)}"


def planted_addin(tmp_path: Path, monkeypatch, file_name: str = "", old: str = "", new: str = "") -> Path:
    """A copy of the add-in with its VBA project rebuilt by the build's own ``vba_project``, from a
    copy of workbook/src in which the first ``old`` of ``file_name`` is replaced by ``new``."""
    from xlclientrank.excel import build

    src = tmp_path / "src"
    shutil.copytree(SRC, src)
    if file_name:
        text = (src / file_name).read_text(encoding="utf-8")
        assert old in text, f"workbook/src/{file_name} no longer has {old!r}: plant the defect elsewhere"
        (src / file_name).write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(build, "SRC", src)
    documents = [(d, build.GUID_WORKBOOK if d == "ThisWorkbook" else build.GUID_SHEET)
                 for d in project_of(ADDIN).documents]
    vba = build.vba_project(documents)
    out = tmp_path / ADDIN.name
    with zipfile.ZipFile(ADDIN) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for name in z.namelist():
            w.writestr(name, vba if name == "xl/vbaProject.bin" else z.read(name))
    return out


# (file in workbook/src, text, its planted replacement, diagnostic code); the diagnostic must be
# on the first line of the replacement that differs
PLANTED = {
    "msgbox-six-arguments": ("ClientRank.bas", 'vbInformation, "Client Rank"\n        HasClientWorkbook = False',
                             'vbInformation, "Client Rank", "", 0, 1\n        HasClientWorkbook = False',
                             "argument-count"),
    "project-sub-given-an-argument": ("ClientRank.bas", "    ReRankActiveWorkbook\n",
                                      "    ReRankActiveWorkbook 1\n", "argument-count"),
    "misspelled-named-argument": ("ClientRankFunctions.bas", "ArgumentDescriptions:=", "ArgumentDescriptionz:=",
                                  "argument-count"),
    "undeclared-variable": ("ClientRank.bas", "    visible = Not AddinIsOpen()\n",
                            "    visible = Not AddinIsOpen()\n    clicked = True\n", "undeclared-variable"),
}


@pytest.mark.parametrize("case", PLANTED)
def test_pyvbaanalysis_catches_a_planted_defect(case, tmp_path, monkeypatch):
    """The same command fails on an add-in rebuilt with one defect Excel would stop at (a call
    with too many arguments to VBA's MsgBox or to one of our Subs, ``ArgumentDescriptionz:=`` for
    MacroOptions' ``ArgumentDescriptions:=``, an undeclared variable), reported on its line."""
    file_name, old, new, diagnostic = PLANTED[case]
    path = planted_addin(tmp_path, monkeypatch, file_name, old, new)
    was, now = ((folder / file_name).read_text(encoding="utf-8").split("\n") for folder in (SRC, tmp_path / "src"))
    line = next(n for n, (a, b) in enumerate(zip(was, now), 1) if a != b)
    module = now[0].split('"')[1]  # Attribute VB_Name = "..."
    code, _, diagnostics = pyvbaanalysis(path)
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert code == 1, f"pyvbaanalysis passed the add-in with the planted {case} ({file_name} line {line})"
    assert any((d["module"], d["line"], d["code"]) == (module, line, diagnostic) for d in errors), (
        f"no {diagnostic} error at {module} line {line}; the errors:\n{shown(errors)}")


# --------------------------------------------------------------------------------------------
# 3. The reference to the Office type library
# --------------------------------------------------------------------------------------------

# the Office type library (MSO.DLL), which defines IRibbonControl, the ribbon callbacks' argument
OFFICE_LIBRARY = "{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}"


def references(path: Path) -> list[tuple[str, str]]:
    """(name, libid) of the REFERENCE records in the dir stream of the file's VBA project
    ([MS-OVBA] 2.3.4.2.2), read with olefile and oletools' decompression."""
    import olefile
    from oletools.olevba import decompress_stream

    with zipfile.ZipFile(path) as z:
        ole = olefile.OleFileIO(z.read("xl/vbaProject.bin"))
    try:
        stream = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    finally:
        ole.close()
    out, name, pos, codepage = [], "", 0, 1252
    while pos + 6 <= len(stream):
        rid, size = struct.unpack_from("<HI", stream, pos)
        pos += 6
        if rid == 0x0009:                       # PROJECTVERSION: Reserved (4) where a size would be, then 6 bytes
            pos += 6
            continue
        data, pos = stream[pos:pos + size], pos + size
        if rid == 0x0003:                       # PROJECTCODEPAGE
            codepage = struct.unpack_from("<H", data)[0]
        elif rid == 0x0016:                     # REFERENCENAME
            name = data.decode(f"cp{codepage}")
        elif rid in (0x000D, 0x000E, 0x002F):   # REGISTERED, PROJECT, CONTROL: a sized libid first
            out.append((name, data[4:4 + struct.unpack_from("<I", data)[0]].decode(f"cp{codepage}")))
        elif rid == 0x0033:                     # REFERENCEORIGINAL: the libid
            out.append((name, data.decode(f"cp{codepage}")))
        elif rid == 0x000F:                     # PROJECTMODULES: past the references
            break
    return out


def office_reference(path: Path) -> tuple[str, str] | None:
    return next((r for r in references(path) if OFFICE_LIBRARY.lower() in r[1].lower()), None)


@FILES
def test_the_vba_project_references_the_office_library(path):
    """The ribbon's callbacks take an ``IRibbonControl``, a type of the Office library: without the
    project's reference to it Excel stops at "User-defined type not defined" before any button
    works, and neither the grammar nor pyvbaanalysis notices the reference gone."""
    assert "IRibbonControl" in olevba_modules(path)["ClientRank"]
    assert office_reference(path), f"{path.name}: no reference to the Office library {OFFICE_LIBRARY}; " \
                                   f"its references: {references(path)}"


def test_a_project_without_the_office_reference_is_caught(tmp_path, monkeypatch):
    """The same helper on an add-in whose VBA project is built without that one reference finds
    the other (OLE Automation) and not the Office library's."""
    from ms_ovba.vbaProject import VbaProject

    add = VbaProject.add_reference
    monkeypatch.setattr(VbaProject, "add_reference",
                        lambda self, ref: None if ref._refname == "Office" else add(self, ref))
    path = planted_addin(tmp_path, monkeypatch)
    assert [name for name, _ in references(path)] == ["stdole"], references(path)
    assert office_reference(path) is None

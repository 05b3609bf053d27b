"""The shipped add-in and template, read back by readers nobody in this project wrote.

* LibreOffice Calc's own VBA import (headless conversion to .ods, then its Basic library);
* Apache POI's ``VBAMacroReader`` (tests/java/DumpVba.java, run as a single-file Java program);
* the conditional compilation VBA itself does (``#Const``/``#If``), evaluated here the way VBA
  evaluates it on the code oletools' olevba reads back, for Windows and Mac Excel;
* the package structure Office reads the ribbon and the document modules by: the ribbon's
  relationship type against its customUI namespace ([MS-CUSTOMUI], [MS-CUSTOMUI2]), and every
  sheet's codeName against the VBA project's document modules ([MS-OVBA] PROJECT stream).

Every tool missing makes the test fail with the command that installs it; nothing is skipped.
CI needs, besides Python: ``apt-get install -y libreoffice-calc-nogui libapache-poi-java
default-jdk-headless`` (a JDK, not only a JRE: Java's single-file source launch compiles).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from tests.helpers import JAVA, ROOT, soffice
from xlclientrank import bundled

ADDIN = bundled.ADDIN
TEMPLATE = bundled.TEMPLATE
SRC = ROOT / "workbook" / "src"
FILES = pytest.mark.parametrize("path", [ADDIN, TEMPLATE], ids=["addin", "template"])
INSTALL = "apt-get install -y libreoffice-calc-nogui libapache-poi-java default-jdk-headless"


def _module_name(p: Path) -> str:
    m = re.search(r'^Attribute VB_Name = "([^"]+)"', p.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else p.stem


# module name -> its text source in workbook/src: every .bas and .cls there (today xlwings,
# Dictionary, ClientRank, xlwings_udfs; modules added later are checked too)
SOURCES = {_module_name(p): p.name for p in sorted(SRC.glob("*.bas")) + sorted(SRC.glob("*.cls"))}


def test_the_vba_sources_are_there():
    assert {"xlwings", "Dictionary", "ClientRank", "xlwings_udfs"} <= set(SOURCES), SOURCES


def kind_of(name: str, path: Path) -> str:
    """The module type the built file must give a module of workbook/src: a document module when
    the project declares it one (ThisWorkbook, sheets), else a standard module (.bas) or a class (.cls)."""
    if name in project_of(path).documents:
        return "Document"
    return "Module" if SOURCES[name].endswith(".bas") else "Class"


FORMULAS = ("CLIENT_TIER", "CLIENT_SCORE", "CLIENT_RANK", "PARETO_COUNT", "PARETO_CUTOFF", "PARETO_SHARE",
            "IMPORTANCE_RATIO", "CLIENT_RANKING")


def source(name: str) -> str:
    return (SRC / SOURCES[name]).read_text(encoding="utf-8").replace("\r\n", "\n")


def lines_of(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")


# `Attribute VB_Name = ...`, `Attribute Item.VB_UserMemId = 0` and the like: module and member
# attributes. They are not code: the VBA editor hides them, and LibreOffice drops every line that
# starts with "Attribute " when it imports a module.
ATTRIBUTE = re.compile(r"Attribute\s+(\w+\.)?VB_\w+\s*=", re.I)


def without_attributes(lines: list[str]) -> list[str]:
    return [line for line in lines if not ATTRIBUTE.match(line)]


def first_difference(want: list[str], got: list[str]) -> str:
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g:
            return f"first at code line {i + 1}: source {w.strip()!r}, file {g.strip()!r}"
    return f"{len(want)} code lines in the source, {len(got)} in the file"


# --------------------------------------------------------------------------------------------
# 1. LibreOffice's own VBA import
# --------------------------------------------------------------------------------------------

# Tools > Options > Load/Save > VBA Properties for Calc, set in the fresh profile (not left to
# whatever the installed defaults are): "Load Basic code" (Load) and "Executable code"
# (Executable; without it LibreOffice keeps the code but comments every line out with "Rem ").
# Schema: /usr/lib/libreoffice/share/registry/main.xcd, org.openoffice.Office.Calc/Filter/Import/VBA.
VBA_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA">
  <prop oor:name="Load" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA">
  <prop oor:name="Executable" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""
SCRIPT_NS = "http://openoffice.org/2000/script"


@pytest.fixture(scope="module")
def libreoffice_basic(tmp_path_factory) -> dict[Path, dict[str, tuple[str, str, str]]]:
    """One LibreOffice run converts both files to .ods; for each file: module -> (library,
    LibreOffice's module type, code)."""
    exe = soffice()
    tmp = tmp_path_factory.mktemp("lo-vba")
    profile = tmp / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(VBA_PROFILE)
    staged = {}
    for i, p in enumerate((ADDIN, TEMPLATE)):
        staged[p] = tmp / f"in{i:03d}{p.suffix}"
        shutil.copyfile(p, staged[p])
    # LibreOffice 7.4 does not detect the add-in's content type by itself; the filter named here
    # reads the .xlsm as well, so one run does both
    proc = subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                           "--infilter=Calc MS Excel 2007 XML", "--convert-to", "ods",
                           "--outdir", str(tmp / "out"), *map(str, staged.values())],
                          capture_output=True, text=True, timeout=600, env=dict(os.environ, HOME=str(profile)))
    result = {}
    for p, s in staged.items():
        ods = tmp / "out" / f"{s.stem}.ods"
        assert ods.exists(), f"LibreOffice did not convert {p.name}: {proc.stdout[-300:]} {proc.stderr[-500:]}"
        modules = {}
        with zipfile.ZipFile(ods) as z:
            for n in z.namelist():
                m = re.fullmatch(r"Basic/([^/]+)/([^/]+)\.xml", n)
                if not m or m.group(2) in ("script-lb", "dialog-lb"):
                    continue
                el = etree.fromstring(z.read(n), etree.XMLParser(resolve_entities=False, no_network=True))
                assert el.tag == f"{{{SCRIPT_NS}}}module", (n, el.tag)
                modules[el.get(f"{{{SCRIPT_NS}}}name")] = (m.group(1), el.get(f"{{{SCRIPT_NS}}}moduleType"),
                                                           el.text or "")
        result[p] = modules
    return result


# What LibreOffice itself writes at the top of every module it imports from VBA (oox's
# VbaModule::createSourceCode), and nothing else is stripped from its side:
#   "Rem Attribute VBA_ModuleType=VBAModule" (or VBAClassModule, VBADocumentModule, VBAFormModule):
#       the VBA module type, kept as a comment;
#   "Option VBASupport 1": turns on LibreOffice Basic's VBA compatibility for the module;
#   "Option ClassModule": class modules only, makes the module a class in LibreOffice Basic.
# From the source file in workbook/src only the `Attribute ...VB_...` lines go (LibreOffice
# drops those while importing; see ATTRIBUTE). Line endings are normalised to "\n" and trailing
# blank lines ignored on both sides.
LO_HEADER = (re.compile(r"Rem Attribute VBA_ModuleType=VBA(Module|ClassModule|DocumentModule|FormModule)$"),
             re.compile(r"Option VBASupport 1$"), re.compile(r"Option ClassModule$"))


def without_libreoffice_header(lines: list[str]) -> list[str]:
    i = 0
    for pattern in LO_HEADER:
        if i < len(lines) and pattern.match(lines[i]):
            i += 1
    return lines[i:]


@pytest.mark.libreoffice
@FILES
def test_libreoffice_imports_every_module_with_the_source_code(path, libreoffice_basic):
    modules = libreoffice_basic[path]
    lo_types = {"Module": "normal", "Class": "class", "Document": "document"}
    problems = []
    for name in SOURCES:
        if name not in modules:
            problems.append(f"LibreOffice's Basic has no module {name} (it has {sorted(modules)})")
            continue
        library, lo_type, code = modules[name]
        if lo_type != lo_types[kind_of(name, path)]:
            problems.append(f"{name}: LibreOffice's module type {lo_type}, not {lo_types[kind_of(name, path)]}")
        got = without_libreoffice_header(lines_of(code))
        want = without_attributes(lines_of(source(name)))
        if got != want:
            commented = all(line.startswith("Rem ") for line in got if line)
            problems.append(f"{name} (library {library}) differs from workbook/src/{SOURCES[name]}, "
                            + first_difference(want, got)
                            + (" (imported commented out: 'Executable code' off?)" if commented else ""))
    # and LibreOffice sees the same document modules as the project declares
    documents = {n for n, (_, t, _) in modules.items() if t == "document"}
    if documents != set(project_of(path).documents):
        problems.append(f"LibreOffice's document modules {sorted(documents)}, "
                        f"the project's {project_of(path).documents}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# 2. Apache POI's VBAMacroReader
# --------------------------------------------------------------------------------------------

JAVA_DIR = JAVA
# poi.jar and what VBAMacroReader may load: POI 4 needs commons-collections4 and commons-math3,
# POI 5 also commons-io, log4j-api and SparseBitSet. The ones present are put on the class path.
POI_DEPENDENCIES = ("commons-collections4", "commons-math3", "commons-io", "commons-codec", "log4j-api",
                    "SparseBitSet", "sparsebitset")


def poi_classpath() -> str:
    share = Path("/usr/share/java")
    poi = share / "poi.jar"
    if not poi.exists():
        pytest.fail(f"Apache POI is not installed (no {poi}): {INSTALL}")
    jars = [poi] + [share / f"{d}.jar" for d in POI_DEPENDENCIES if (share / f"{d}.jar").exists()]
    return os.pathsep.join(map(str, jars))


def poi_modules(path: Path) -> dict[str, tuple[str, str]]:
    """module -> (POI's module type, code) as POI's VBAMacroReader.readMacroModules() gives them."""
    java = shutil.which("java")
    if not java:
        pytest.fail(f"Java is not installed: {INSTALL}")
    proc = subprocess.run([java, "-cp", poi_classpath(), str(JAVA_DIR / "DumpVba.java"), str(path)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode and "POI could not read" not in proc.stderr:
        # DumpVba did not get as far as POI: no JDK (the single-file launch compiles), or no POI classes
        pytest.fail(f"Java could not run tests/java/DumpVba.java; it needs a JDK, not only a JRE, and POI: "
                    f"{INSTALL}\n{proc.stderr[-2000:]}")
    # a file POI cannot read is a finding about the file: the test fails with POI's own message
    assert proc.returncode == 0, f"Apache POI could not read {path.name}:\n{proc.stderr.strip()}"
    modules, end = {}, None
    for line in proc.stdout.splitlines():
        fields = line.split("\t")
        if fields[0] == "MODULE":
            modules[fields[1]] = (fields[2], base64.b64decode(fields[3]).decode("utf-8"))
        elif fields[0] == "END":
            end = int(fields[1])
    assert end == len(modules), f"DumpVba's output was cut short: {proc.stdout[-300:]} {proc.stderr[-300:]}"
    return modules


@FILES
def test_apache_poi_reads_every_module_with_the_source_code(path):
    """POI's code of every module is the source's: the same code lines, and every Attribute line
    the source file has (files in workbook/src may leave those the build adds out)."""
    modules = poi_modules(path)
    problems = []
    for name in SOURCES:
        if name not in modules:
            problems.append(f"POI found no module {name} (it found {sorted(modules)})")
            continue
        kind, code = modules[name]
        got, want = lines_of(code), lines_of(source(name))
        attributes = [line for line in want if ATTRIBUTE.match(line)]
        if without_attributes(got) != without_attributes(want):
            problems.append(f"POI's {name} differs from workbook/src/{SOURCES[name]}, "
                            + first_difference(without_attributes(want), without_attributes(got)))
        elif attributes and [line for line in got if ATTRIBUTE.match(line)] != attributes:
            problems.append(f"POI's {name}: its Attribute lines differ from workbook/src/{SOURCES[name]}'s, "
                            + first_difference(attributes, [line for line in got if ATTRIBUTE.match(line)]))
        if kind != "?" and kind != kind_of(name, path):  # "?": this POI does not give the type
            problems.append(f"POI's module type of {name} is {kind}, not {kind_of(name, path)}")
    if any(kind != "?" for kind, _ in modules.values()):
        documents = {n for n, (kind, _) in modules.items() if kind == "Document"}
        if documents != set(project_of(path).documents):
            problems.append(f"POI's document modules {sorted(documents)}, the project's {project_of(path).documents}")
    assert not problems, f"{path.name}, Apache POI's VBAMacroReader:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# 3. Conditional compilation, as VBA evaluates it
# --------------------------------------------------------------------------------------------

class _Empty:
    """VBA's Empty: the value of a conditional compilation constant nobody defined."""

    def __repr__(self) -> str:
        return "Empty"


EMPTY = _Empty()

# Compiler constants the host defines, global to the whole project ("Compiler constants", VBA
# language reference). Windows 64-bit Excel 365 and Excel 365 for Mac; VBA 7 hosts also answer
# True to VBA6. Office 2016 and later for Mac also define MAC_OFFICE_VERSION ("Differentiate
# between Office for Mac versions at compile time", Office VBA docs; 16 for current versions);
# on Windows it is undefined, so `#If MAC_OFFICE_VERSION >= 15` is `Empty >= 15`, False.
WINDOWS_EXCEL = {"Win16": False, "Win32": True, "Win64": True, "Mac": False, "VBA6": True, "VBA7": True}
MAC_EXCEL = {"Win16": False, "Win32": False, "Win64": False, "Mac": True, "VBA6": True, "VBA7": True,
             "MAC_OFFICE_VERSION": 16}
PREDEFINED = {n.lower() for n in (*WINDOWS_EXCEL, *MAC_EXCEL)}

_TOKEN = re.compile(r"""\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<num>&H[0-9A-Fa-f]+|\d+(?:\.\d+)?)|
                    (?P<op><>|<=|>=|=|<|>|\(|\)|-)|(?P<name>[A-Za-z_]\w*)|(?P<bad>\S))""", re.X)
_KEYWORDS = {"and", "or", "xor", "not", "true", "false"}


def _tokens(expr: str) -> list[tuple[str, object]]:
    out = []
    for m in _TOKEN.finditer(expr):
        if m.group("str") is not None:
            out.append(("val", m.group("str")[1:-1].replace('""', '"')))
        elif m.group("num") is not None:
            t = m.group("num")
            out.append(("val", int(t[2:], 16) if t[:2].upper() == "&H" else (float(t) if "." in t else int(t))))
        elif m.group("op") is not None:
            out.append(("op", m.group("op")))
        elif m.group("name") is not None:
            word = m.group("name")
            if word.lower() in ("true", "false"):
                out.append(("val", word.lower() == "true"))
            elif word.lower() in _KEYWORDS:
                out.append(("op", word.lower()))
            else:
                out.append(("name", word))
        elif m.group("bad") is not None:
            raise ValueError(f"unsupported in a conditional compilation expression: {m.group('bad')!r} in {expr!r}")
    return out


def names_in(expr: str) -> set[str]:
    """The constants an expression refers to."""
    return {str(v) for kind, v in _tokens(expr) if kind == "name"}


def _number(v, expr):
    if v is EMPTY:
        return 0
    if isinstance(v, bool):
        return -1 if v else 0
    if isinstance(v, (int, float)):
        return v
    raise TypeError(f"Type mismatch: {v!r} is not a number in {expr!r}")


def _compare(a, b, op, expr):
    # Empty against a string is "", against anything else 0; strings compare binary (case matters)
    if isinstance(a, str) or isinstance(b, str):
        a = "" if a is EMPTY else a
        b = "" if b is EMPTY else b
        if not (isinstance(a, str) and isinstance(b, str)):
            raise TypeError(f"Type mismatch: comparing {a!r} with {b!r} in {expr!r}")
    else:
        a, b = _number(a, expr), _number(b, expr)
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _logic(a, b, op, expr):
    if isinstance(a, bool) and isinstance(b, bool):
        return {"and": a and b, "or": a or b, "xor": a != b}[op]
    x, y = int(round(_number(a, expr))), int(round(_number(b, expr)))
    return {"and": x & y, "or": x | y, "xor": x ^ y}[op]


class _Expression:
    """Reads one conditional compilation expression by recursive descent, one method a precedence level."""

    def __init__(self, expr: str, constants: dict[str, object]):
        self.expr, self.constants = expr, constants
        self.tokens, self.pos = _tokens(expr), 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        self.pos += 1
        return self.tokens[self.pos - 1]

    def primary(self):
        kind, v = self.take() if self.pos < len(self.tokens) else (None, None)
        if kind == "val":
            return v
        if kind == "name":
            return self.constants.get(str(v).lower(), EMPTY)
        if (kind, v) == ("op", "-"):
            return -_number(self.primary(), self.expr)
        if (kind, v) == ("op", "("):
            value = self.xor()
            if self.take() != ("op", ")"):
                raise SyntaxError(f"missing ) in {self.expr!r}")
            return value
        raise SyntaxError(f"unexpected {v!r} in {self.expr!r}")

    def comparison(self):
        left = self.primary()
        while self.peek()[0] == "op" and self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            left = _compare(left, self.primary(), op, self.expr)
        return left

    def negation(self):
        if self.peek() == ("op", "not"):
            self.take()
            v = self.negation()
            if isinstance(v, bool):
                return not v
            return ~int(round(_number(v, self.expr)))
        return self.comparison()

    def binary(self, lower, ops):
        left = lower()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            left = _logic(left, lower(), op, self.expr)
        return left

    def conj(self):
        return self.binary(self.negation, ("and",))

    def disj(self):
        return self.binary(self.conj, ("or",))

    def xor(self):
        return self.binary(self.disj, ("xor",))


def evaluate(expr: str, constants: dict[str, object]):
    """A conditional compilation expression's value. ``constants``: lower-case name -> value.
    Precedence as VBA's: comparisons, then Not, And, Or, Xor; names are not case-sensitive."""
    reader = _Expression(expr, constants)
    value = reader.xor()
    if reader.pos != len(reader.tokens):
        raise SyntaxError(f"unexpected {reader.tokens[reader.pos][1]!r} in {expr!r}")
    return value


def truth(v, expr: str) -> bool:
    if v is EMPTY:
        return False
    if isinstance(v, str):
        raise TypeError(f"Type mismatch: the string {v!r} as the condition {expr!r}")
    return bool(_number(v, expr))


def _code_part(line: str) -> str:
    """The line without its comment (an apostrophe outside a string)."""
    in_string = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_string = not in_string
        elif ch == "'" and not in_string:
            return line[:i]
    return line


_DIRECTIVES = [("const", re.compile(r"#Const\s+([A-Za-z_]\w*)\s*=\s*(.+)$", re.I)),
               ("if", re.compile(r"#If\s+(.+?)\s+Then$", re.I)),
               ("elseif", re.compile(r"#ElseIf\s+(.+?)\s+Then$", re.I)),
               ("else", re.compile(r"#Else$", re.I)),
               ("endif", re.compile(r"#End\s*If$", re.I))]


class Compiled:
    def __init__(self):
        self.lines: list[tuple[int, str]] = []   # (line number, text) of the lines VBA compiles
        self.constants: dict[str, object] = {}    # the module's #Const values at its end (lower-case names)
        self.defined: dict[str, str] = {}         # lower-case -> name as written, every #Const in the module
        self.tested: dict[str, int] = {}          # name as written -> first line an #If/#ElseIf/#Const uses it

    @property
    def code(self) -> str:
        return "\n".join(text for _, text in self.lines)


def _directive(number: int, line: str, stripped: str):
    """(kind, match) of a directive line."""
    if stripped.endswith(" _"):
        raise SyntaxError(f"line {number}: line continuation in a directive is not supported: {line!r}")
    for kind, pattern in _DIRECTIVES:
        m = pattern.match(stripped)
        if m:
            return kind, m
    raise SyntaxError(f"line {number}: not a directive this evaluator knows: {line!r}")


class _Branches:
    """The open #If blocks of a module, and whether the line at hand is compiled."""

    def __init__(self):
        # each open #If: [the enclosing block is compiled, a branch was taken, this branch is compiled]
        self.stack: list[list[bool]] = []
        self.active = True

    def step(self, number: int, kind: str, m, scope: dict[str, object]) -> None:
        if kind == "if":
            taken = self.active and truth(evaluate(m.group(1), scope), m.group(1))
            self.stack.append([self.active, taken, taken])
            self.active = taken
        elif kind in ("elseif", "else"):
            if not self.stack or self.stack[-1][2] is None:
                raise SyntaxError(f"line {number}: #{kind} without #If")
            outer, taken, _ = self.stack[-1]
            branch = outer and not taken and (kind == "else" or truth(evaluate(m.group(1), scope), m.group(1)))
            self.stack[-1] = [outer, taken or branch, None if kind == "else" else branch]
            self.active = branch
        else:
            if not self.stack:
                raise SyntaxError(f"line {number}: #End If without #If")
            self.active = self.stack.pop()[0]


def compile_module(code: str, host: dict[str, object], project: dict[str, object] | None = None) -> Compiled:
    """What VBA compiles of one module. ``host``: the host's compiler constants; ``project``: the
    project's conditional compilation arguments (both global). A module's #Const constants are its
    own: every call starts from the host's and the project's only."""
    out = Compiled()
    scope = {k.lower(): v for k, v in {**host, **(project or {})}.items()}
    branches = _Branches()
    for number, line in enumerate(lines_of(code), 1):
        stripped = _code_part(line).strip()
        if not stripped.startswith("#"):
            if branches.active:
                out.lines.append((number, line))
            continue
        kind, m = _directive(number, line, stripped)
        if kind in ("const", "if", "elseif"):
            for name in names_in(m.group(2) if kind == "const" else m.group(1)):
                out.tested.setdefault(name, number)
        if kind == "const":
            out.defined[m.group(1).lower()] = m.group(1)
            if branches.active:
                scope[m.group(1).lower()] = evaluate(m.group(2), scope)
                out.constants[m.group(1).lower()] = scope[m.group(1).lower()]
        else:
            branches.step(number, kind, m, scope)
    if branches.stack:
        raise SyntaxError(f"{len(branches.stack)} #If without #End If")
    return out


# -- unit tests of the evaluator --------------------------------------------------------------

def test_evaluator_nested_if():
    code = "#If Win64 Then\n #If Mac Then\nA\n #Else\nB\n #End If\nC\n#Else\nD\n#End If\nE"
    assert compile_module(code, WINDOWS_EXCEL).code.split() == ["B", "C", "E"]
    assert compile_module(code, MAC_EXCEL).code.split() == ["D", "E"]
    inner_else_only = "#If Mac Then\n #If Win64 Then\nA\n #Else\nB\n #End If\n#End If"
    assert compile_module(inner_else_only, WINDOWS_EXCEL).code == ""  # no branch inside a skipped block


def test_evaluator_elseif_takes_the_first_true_branch_only():
    code = ('#Const App = "Microsoft Word"\n#If App = "Microsoft Excel" Then\nX\n#ElseIf App = "Microsoft Word" Then\n'
            'W\n#ElseIf App <> "Microsoft Excel" Then\nNOT_X\n#Else\nOTHER\n#End If')
    assert compile_module(code, WINDOWS_EXCEL).code.split() == ["W"]
    api = "#If Win64 Then\n64\n#ElseIf Win32 Then\n32\n#Else\n16\n#End If"
    assert compile_module(api, WINDOWS_EXCEL).code == "64"
    assert compile_module(api, {**WINDOWS_EXCEL, "Win64": False}).code == "32"
    assert compile_module(api, MAC_EXCEL).code == "16"


def test_evaluator_undefined_constant_is_empty():
    assert evaluate('App = "Microsoft Excel"', {}) is False
    assert evaluate('App <> "Microsoft Excel"', {}) is True
    assert evaluate('App = ""', {}) is True and evaluate("App = 0", {}) is True
    assert truth(evaluate("Undefined", {}), "Undefined") is False
    assert truth(evaluate("Not Undefined", {}), "Not Undefined") is True
    assert evaluate("MAC_OFFICE_VERSION >= 15", {k.lower(): v for k, v in WINDOWS_EXCEL.items()}) is False
    assert evaluate("MAC_OFFICE_VERSION >= 15", {k.lower(): v for k, v in MAC_EXCEL.items()}) is True
    code = '#If App = "Microsoft Excel" Then\nWITH_CALLER\n#Else\nWITHOUT\n#End If'
    assert compile_module(code, WINDOWS_EXCEL).code == "WITHOUT"
    assert compile_module(code, WINDOWS_EXCEL).tested == {"App": 1}


def test_evaluator_operators_and_case():
    c = {"mac": False, "x": True, "app": "Microsoft Excel"}
    assert evaluate("Mac Or Not X", c) is False and evaluate("(Mac Or Not X) = False", c) is True
    assert evaluate('NOT mac AND app = "Microsoft Excel"', c) is True  # Not binds looser than =
    assert evaluate('app = "microsoft excel"', c) is False  # string comparison is binary
    assert evaluate("True = -1", {}) is True and evaluate("Not 0", {}) == -1
    for bad in ('App & "x"', "1 + 1", "App Like \"*\""):
        with pytest.raises((ValueError, SyntaxError)):
            evaluate(bad, c)
    with pytest.raises(TypeError):
        evaluate('1 = "1"', {})
    with pytest.raises(TypeError):
        truth(evaluate('"Microsoft Excel"', {}), "a string")


def test_evaluator_constants_are_private_to_their_module():
    a = compile_module('#Const App = "Microsoft Excel"\n#If App = "Microsoft Excel" Then\nA\n#End If', WINDOWS_EXCEL)
    b = compile_module('#If App = "Microsoft Excel" Then\nB\n#End If', WINDOWS_EXCEL)
    assert a.code.split()[-1] == "A" and b.code == ""
    assert a.defined == {"app": "App"} and b.defined == {}
    # the host's and the project's constants are everybody's
    assert compile_module("#If Win64 And DEBUGGING = 1 Then\nB\n#End If", WINDOWS_EXCEL, {"DEBUGGING": 1}).code == "B"
    # a #Const in a branch that is not compiled defines nothing
    c = compile_module('#If Mac Then\n#Const App = "x"\n#End If\n#If App = "x" Then\nC\n#End If', WINDOWS_EXCEL)
    assert c.code == "" and c.constants == {}


def test_evaluator_rejects_broken_directives():
    for code in ("#If Mac Then\nA", "#End If", "#Else\n#End If", "#If Mac Then\n#Else\n#Else\n#End If",
                 "#Iff Mac Then\n#End If", "#If Mac\n#End If"):
        with pytest.raises(SyntaxError):
            compile_module(code, WINDOWS_EXCEL)


# -- the shipped files ------------------------------------------------------------------------

def olevba_modules(path: Path) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code.replace("\r\n", "\n")
                for _, _, name, code in parser.extract_all_macros()}
    finally:
        parser.close()


def joined_statements(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Compiled lines with line continuations (" _" at the end) joined and comments dropped."""
    out, pending, start = [], "", 0
    for number, line in lines:
        code = _code_part(line).rstrip()
        if not pending:
            start = number
        if code.endswith(" _"):
            pending += code[:-1] + " "
            continue
        out.append((start, pending + code))
        pending = ""
    if pending:
        out.append((start, pending))
    return out


def call_arguments(text: str, start: int) -> list[str]:
    """The top-level arguments of the call whose "(" is at ``text[start]``."""
    depth, in_string, args, current = 0, False, [], ""
    for ch in text[start:]:
        if ch == '"':
            in_string = not in_string
        if not in_string:
            if ch == "(":
                depth += 1
                if depth == 1:
                    continue
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    args.append(current.strip())
                    return args
            elif ch == "," and depth == 1:
                args.append(current.strip())
                current = ""
                continue
        current += ch
    raise SyntaxError(f"unclosed call in {text!r}")


@FILES
def test_windows_excel_compiles_the_udf_calls_that_pass_workbook_and_caller(path):
    udfs = olevba_modules(path)["xlwings_udfs"]
    compiled = compile_module(udfs, WINDOWS_EXCEL, project_of(path).constants)
    calls = []
    for number, statement in joined_statements(compiled.lines):
        for m in re.finditer(r"\bXLPy\.CallUDF\s*\(", statement, re.I):
            calls.append((number, statement.strip(), call_arguments(statement, m.end() - 1)))
    names = {args[1].strip('"') for _, _, args in calls if len(args) > 1}
    assert set(FORMULAS) <= names, f"formulas without a compiled XLPy.CallUDF call: {set(FORMULAS) - names}"
    wrong = [f"line {n}: {s}" for n, s, args in calls
             if len(args) != 5 or args[3] != "ActiveWorkbook" or args[4] != "Application.Caller"]
    why = ""
    if "app" not in compiled.constants and any(n.lower() == "app" for n in compiled.tested):
        why = ' (#If App = "Microsoft Excel" is False: App is not defined in module xlwings_udfs, so it is Empty)'
    assert not wrong, ("Windows Excel compiles XLPy.CallUDF calls without the workbook and the caller"
                       f"{why}:\n" + "\n".join(wrong))


@FILES
@pytest.mark.parametrize("host", [WINDOWS_EXCEL, MAC_EXCEL], ids=["windows", "mac"])
def test_every_constant_a_module_tests_is_defined_for_it(path, host):
    project = project_of(path)
    undefined = []
    for name, code in olevba_modules(path).items():
        compiled = compile_module(code, host, project.constants)  # also: every directive balances and evaluates
        known = PREDEFINED | set(compiled.defined) | {k.lower() for k in project.constants}
        undefined += [f"{name} line {line}: {const} (neither the host's, the project's nor #Const'd in {name})"
                      for const, line in compiled.tested.items() if const.lower() not in known]
    assert not undefined, "conditional compilation constants undefined where they are tested:\n" + "\n".join(undefined)


# --------------------------------------------------------------------------------------------
# 4. The ribbon's relationship type matches its customUI namespace
# --------------------------------------------------------------------------------------------

# [MS-CUSTOMUI] 2.1 (Ribbon Extensibility part) and [MS-OI29500] 3.4.1.3: relationship
# .../2006/relationships/ui/extensibility, root namespace .../2006/01/customui (Office 2007).
# [MS-CUSTOMUI2] 2.1.1 (ribbon and Backstage customizations part, customUI14.xml):
# relationship .../2007/relationships/ui/extensibility, root namespace .../2009/07/customui
# (Office 2010 and later; [MS-OI29500] 3.4.1.4 still names the pre-release .../2007/10/customui).
# Both parts: content type application/xml, at most one of each, inside the package.
RIBBON = {"http://schemas.microsoft.com/office/2006/relationships/ui/extensibility":
          "http://schemas.microsoft.com/office/2006/01/customui",
          "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility":
          "http://schemas.microsoft.com/office/2009/07/customui"}
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def relationships(z: zipfile.ZipFile, rels_part: str) -> list[tuple[str, str, str, str]]:
    """(Id, Type, target part name, TargetMode) of a relationships part; targets resolved against
    the source part's folder ([ISO/IEC 29500-2] 9.3)."""
    base = PurePosixPath("/" + rels_part).parent.parent
    out = []
    for rel in etree.fromstring(z.read(rels_part)).iter(f"{PKG_RELS}Relationship"):
        target = rel.get("Target")
        resolved = PurePosixPath(target) if target.startswith("/") else base / target
        parts: list[str] = []
        for piece in resolved.parts[1:]:
            if piece == "..":
                parts = parts[:-1]
            elif piece != ".":
                parts.append(piece)
        out.append((rel.get("Id"), rel.get("Type"), "/".join(parts), rel.get("TargetMode", "Internal")))
    return out


def content_type(z: zipfile.ZipFile, part: str) -> str | None:
    types = etree.fromstring(z.read("[Content_Types].xml"))
    for o in types.iter(f"{CT}Override"):
        if o.get("PartName").lower() == "/" + part.lower():
            return o.get("ContentType")
    ext = part.rsplit(".", 1)[-1].lower() if "." in part.rsplit("/", 1)[-1] else ""
    for d in types.iter(f"{CT}Default"):
        if d.get("Extension").lower() == ext:
            return d.get("ContentType")
    return None


@FILES
def test_ribbon_relationship_type_matches_the_customui_namespace(path):
    problems = []
    with zipfile.ZipFile(path) as z:
        ribbon = [r for r in relationships(z, "_rels/.rels") if r[1] in RIBBON]
        assert ribbon, f"{path.name} has no ribbon (ui/extensibility) relationship in _rels/.rels"
        for rel_type in RIBBON:
            if sum(r[1] == rel_type for r in ribbon) > 1:
                problems.append(f"more than one relationship of type {rel_type}")
        for rid, rel_type, part, mode in ribbon:
            if mode != "Internal":
                problems.append(f"{rid}: the customUI part must be inside the package (TargetMode {mode})")
                continue
            if part not in z.namelist():
                problems.append(f"{rid}: its target {part} is not in the package")
                continue
            root = etree.fromstring(z.read(part))
            ns, local = etree.QName(root).namespace, etree.QName(root).localname
            if local != "customUI" or ns != RIBBON[rel_type]:
                problems.append(f"{rid} of type {rel_type} points at {part}, whose root is {{{ns}}}{local}; "
                                f"that relationship type needs {{{RIBBON[rel_type]}}}customUI")
            ct = content_type(z, part)
            if ct is None:
                problems.append(f"{part}: no content type (no Override, no Default for its extension)")
            elif ct != "application/xml":
                problems.append(f"{part}: content type {ct}, the customUI parts' is application/xml")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# 5. Every sheet's codeName has its document module, and every document module its sheet
# --------------------------------------------------------------------------------------------

class Project:
    def __init__(self, documents: list[str], constants: dict[str, int]):
        self.documents = documents    # Document=Name/&H00000000 lines of the PROJECT stream, in order
        self.constants = constants    # the project's conditional compilation arguments (dir stream)


def _project_constants(dir_stream: bytes) -> dict[str, int]:
    """PROJECTCONSTANTS of the (decompressed) dir stream, [MS-OVBA] 2.3.4.2.1.12:
    "Name = -1 : Other = 2", integers only."""
    pos, codepage = 0, 1252
    while pos + 6 <= len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        pos += 6
        if rid == 0x0009:           # PROJECTVERSION: its "size" is Reserved (4), then 6 bytes follow
            pos += 6
            continue
        if rid == 0x0003:           # PROJECTCODEPAGE
            codepage = struct.unpack_from("<H", dir_stream, pos)[0]
        if rid == 0x000C:           # PROJECTCONSTANTS
            text = dir_stream[pos:pos + size].decode(f"cp{codepage}")
            out = {}
            for item in filter(None, (s.strip() for s in text.split(":"))):
                name, value = (s.strip() for s in item.split("=", 1))
                out[name] = int(value)
            return out
        if rid == 0x000F:           # PROJECTMODULES: past the project information
            break
        pos += size
    return {}


_projects: dict[Path, Project] = {}


def project_of(path: Path) -> Project:
    """The VBA project's PROJECT stream and dir stream, found by oletools (read with olefile)."""
    if path not in _projects:
        from oletools.olevba import VBA_Parser, decompress_stream

        parser = VBA_Parser(str(path))
        try:
            found = [(sub, p) for sub in (parser.ole_subfiles or [parser]) for p in (sub.find_vba_projects() or [])]
            assert len(found) == 1, f"{path.name}: {len(found)} VBA projects"
            sub, (vba_root, project_path, dir_path) = found[0]
            project = sub.ole_file.openstream(project_path).read()
            dir_stream = bytes(decompress_stream(bytearray(sub.ole_file.openstream(dir_path).read())))
        finally:
            parser.close()
        documents = re.findall(r"^Document=([^/\r\n]+)/&H[0-9A-Fa-f]{8}\r?$", project.decode("cp1252"), re.M)
        _projects[path] = Project(documents, _project_constants(dir_stream))
    return _projects[path]


SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHEET_TYPES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
               "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet")


@FILES
def test_every_sheet_codename_has_its_document_module_and_back(path):
    """Excel binds a workbook's and each sheet's document module by codeName. A workbook without
    workbookPr/@codeName does not fall back to the project's ThisWorkbook: Excel makes a new,
    empty document module (ThisWorkbook1) and the project's ThisWorkbook is orphaned (SheetJS
    issues #615, #2438; XlsxWriter #438) -- and the default name is localised (DieseArbeitsmappe),
    so the attribute is required. A sheet without sheetPr/@codeName gets a new module likewise."""
    problems, names = [], {}
    with zipfile.ZipFile(path) as z:
        main = next(r[2] for r in relationships(z, "_rels/.rels") if r[1].endswith("/officeDocument"))
        wb = etree.fromstring(z.read(main))
        pr = wb.find(f"{SML}workbookPr")
        code = pr.get("codeName") if pr is not None else None
        if code is None:
            problems.append("workbook.xml: workbookPr has no codeName (Excel would add a ThisWorkbook1 module)")
        else:
            names[code] = "the workbook"
        rels_part = str(PurePosixPath(main).parent / "_rels" / (PurePosixPath(main).name + ".rels"))
        targets = {rid: (t, part) for rid, t, part, _ in relationships(z, rels_part)}
        for sheet in wb.iter(f"{SML}sheet"):
            rel_type, part = targets[sheet.get(R_ID)]
            if rel_type not in SHEET_TYPES:
                continue
            sheet_pr = etree.fromstring(z.read(part)).find(f"{SML}sheetPr")
            code = sheet_pr.get("codeName") if sheet_pr is not None else None
            if code is None:
                problems.append(f"sheet {sheet.get('name')!r} ({part}) has no codeName")
            elif code in names:
                problems.append(f"sheet {sheet.get('name')!r}: codeName {code} is also {names[code]}'s")
            else:
                names[code] = f"sheet {sheet.get('name')!r}"
    documents = project_of(path).documents
    problems += [f"codeName {c} of {owner} has no document module in the VBA project"
                 for c, owner in names.items() if c not in documents]
    problems += [f"document module {d} has no sheet or workbook with that codeName"
                 for d in documents if d not in names]
    assert not problems, f"{path.name} (document modules {documents}):\n" + "\n".join(problems)

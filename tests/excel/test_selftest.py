"""``xlclientrank selftest``: its steps against a file-backed double of the Excel boundary.

:class:`FileExcel` implements :class:`xlclientrank.excel.selftest.Excel` with files and does the work
for real: its workbooks are the scratch files (read with openpyxl), its "ReRankActiveWorkbook" and
"ShareActiveWorkbook" macros are the Re-rank and Share buttons' own logic (rerank_live, share_live)
on the saved file, and its formula cells are evaluated by the cell formulas through xlwings' own
decorators and conversion (tests/doubles/xlwings_harness.py), with a caller that reads the workbook's
calibration as xlwings' Range would. Failure modes are switches: formulas compiled without their
caller, a macro that raises a COM error, a missing add-in, a hung macro.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.doubles.xlwings_harness import functions, load_udf_module
from tests.helpers import run_cli
from xlclientrank import __version__
from xlclientrank.excel import install, selftest
from xlclientrank.excel.live import rerank_live, share_live
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import DonorSheet, Splicer

TEMPLATE = selftest.bundled_file("template")
ADDIN = selftest.bundled_file("addin")
REF = re.compile(r"(?:(?:'([^']+)'|([A-Za-z_][\w ]*))!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


@pytest.fixture(scope="module")
def mod():
    return load_udf_module("xlclientrank.udfs")


@pytest.fixture(autouse=True)
def status_folder(tmp_path, monkeypatch):
    """The self-test's marker and the buttons' last-run.json go here, never into the real home."""
    folder = tmp_path / "status"
    monkeypatch.setenv("XLCLIENTRANK_STATUS_DIR", str(folder))
    return folder


class ComError(Exception):
    """Shaped like pywintypes.com_error: (hresult, text, excepinfo, argerr)."""


def com_error(description: str, scode: int = -2146827284) -> ComError:
    return ComError(-2147352567, "Exception occurred.", (0, "Microsoft Excel", description, None, 0, scode), None)


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def cells_of(address: str) -> tuple[int, int, int, int]:
    m = REF.match(address)
    r1, c1 = int(m.group(4)), col_index(m.group(3))
    r2, c2 = (int(m.group(6)), col_index(m.group(5))) if m.group(5) else (r1, c1)
    return r1, c1, r2, c2


class Doc:
    """One workbook of the double: cells (values and '=...' formulas) and the formulas' results."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.load()

    def load(self) -> None:
        self.cells: dict[str, dict[tuple[int, int], Any]] = {}
        self.results: dict[str, dict[tuple[int, int], Any]] = {}
        self.edited = False
        if self.path.suffix.lower() == ".xlam":  # openpyxl refuses add-ins; calamine reads them
            from python_calamine import CalamineWorkbook

            wb = CalamineWorkbook.from_path(str(self.path))
            for name in wb.sheet_names:
                rows = wb.get_sheet_by_name(name).to_python()
                self.cells[name] = {(i, j): v for i, r in enumerate(rows, 1) for j, v in enumerate(r, 1)
                                    if v not in ("", None)}
                self.results[name] = {}
            return
        from openpyxl import load_workbook

        formulas = load_workbook(self.path)
        cached = load_workbook(self.path, data_only=True)
        for ws in formulas.worksheets:
            self.cells[ws.title] = {(c.row, c.column): c.value for r in ws.iter_rows() for c in r
                                    if c.value is not None}
            self.results[ws.title] = {(c.row, c.column): c.value for r in cached[ws.title].iter_rows() for c in r
                                      if isinstance(self.cells[ws.title].get((c.row, c.column)), str)
                                      and self.cells[ws.title][(c.row, c.column)].startswith("=")}

    def value(self, sheet: str, r: int, c: int) -> Any:
        v = self.cells[sheet].get((r, c))
        if isinstance(v, str) and v.startswith("="):
            return self.results[sheet].get((r, c))
        if v is None:
            return self.results[sheet].get((r, c))  # a spilled result
        return v

    def save(self) -> None:
        """Writes the cells back to the file, as Excel's SaveCopyAs would (with openpyxl, VBA kept),
        formulas with their last results (which openpyxl leaves empty: put in afterwards)."""
        from openpyxl import load_workbook

        wb = load_workbook(self.path, keep_vba=True)
        for name, cells in self.cells.items():
            ws = wb[name] if name in wb.sheetnames else wb.create_sheet(name)
            for (r, c), v in cells.items():
                ws.cell(r, c).value = v
        wb.save(self.path)
        with_results(self.path, self.results)


def with_results(path: Path, results: dict[str, dict[tuple[int, int], Any]]) -> None:
    """Gives the formula cells of ``path`` their cached results (``<v>``, ``t="str"`` for text)."""
    from lxml import etree

    from xlclientrank.ooxml import book

    pkg = Package.read(path)
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    for entry in book.sheet_entries(pkg):
        got = results.get(entry.name) or {}
        if not got or entry.part is None:
            continue
        root = pkg.xml(entry.part)
        for c in root.iter(f"{ns}c"):
            if c.find(f"{ns}f") is None:
                continue
            m = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r"))
            value = got.get((int(m.group(2)), col_index(m.group(1))))
            v = c.find(f"{ns}v")
            if v is None:
                v = etree.SubElement(c, f"{ns}v")
            if value is None:
                c.remove(v)
            elif isinstance(value, str):
                c.set("t", "e" if value.startswith("#") else "str")
                v.text = value
            else:
                c.attrib.pop("t", None)
                v.text = repr(float(value))
        pkg.set_xml(entry.part, root)
    pkg.write_atomic(path)


class Caller:
    """What the formulas reach through xlwings' `caller`: .sheet.book.fullname, .sheets, ranges."""

    def __init__(self, excel: "FileExcel", doc: Doc) -> None:
        class Sheet:
            def __init__(self, name: str) -> None:
                self.name = name

            def range(self, address: str) -> Any:
                r, c, _, _ = cells_of(address)
                return type("R", (), {"value": doc.value(self.name, r, c)})()

            @property
            def used_range(self) -> Any:
                rows = excel.used(doc.name, self.name)
                return type("U", (), {"options": lambda _, **kw: type("V", (), {"value": rows})()})()

        book = type("Book", (), {"fullname": str(doc.path), "sheets": [Sheet(n) for n in doc.cells]})()
        self.sheet = type("S", (), {"book": book})()


class DoubleBook:
    """The LiveBook the ribbon's Python sees, on the double's active workbook (as macro.XlwingsBook)."""

    def __init__(self, excel: "FileExcel", doc: Doc) -> None:
        self.excel, self.doc = excel, doc
        self.name, self.fullname = doc.name, str(doc.path)

    def save_copy(self, path: Path) -> None:
        self.doc.save()
        shutil.copyfile(self.doc.path, path)

    def where(self) -> Any:
        from xlclientrank.excel import live

        return live.Where(local=self.doc.path)

    def replace_sheets(self, source: Path, names: list[str], marks: dict[str, str], keep: Any = ()) -> None:
        splicer = Splicer(Package.read(self.doc.path))
        donor = Package.read(source)
        for name in names:
            splicer.put(donor, DonorSheet(marks[name], name))
        splicer.finish().write_atomic(self.doc.path)
        self.doc.load()

    def has_sheet(self, name: str) -> bool:
        return name.casefold() in {n.casefold() for n in self.doc.cells}

    def write_cells(self, sheet: str, cells: dict, appended: list[int], template: int | None) -> list[str]:
        for (r, c), text in cells.items():  # the double's cells are 1-based both ways
            self.doc.cells[sheet][(r, c + 1)] = text
            self.doc.results[sheet].pop((r, c + 1), None)
        return []

    def calculate_full(self) -> None:
        self.excel.calculate_full()

    def status(self, text: str | None) -> None:
        pass

    def alert(self, text: str, title: str) -> None:
        self.excel.shown.append(f"{title}: {text}")  # a message box the real adapter reads and closes

    def ask(self, text: str, title: str) -> str:
        # as the real adapter (macro.XlwingsBook.ask): quiet while the self-test's marker is there, and
        # answering as it says; without it the box is shown, and the self-test's watcher closes it
        # (WM_CLOSE on a Yes/No/Cancel box is Cancel)
        from xlclientrank.excel import run_status

        return run_status.selftest_answer() if run_status.selftest_running() else "cancel"


class FileExcel:
    """selftest.Excel with files: see the module's docstring."""

    version = "16.0 (file double)"

    def __init__(self, mod: Any, formulas: bool = True, with_caller: bool = True,
                 macro_errors: dict[str, Exception] | None = None, hang: set[str] = frozenset(),
                 addin_hidden: bool = False) -> None:
        self.mod = mod
        self.formulas = formulas
        self.with_caller = with_caller
        self.macro_errors = macro_errors or {}
        self.hang = hang
        self.addin_hidden = addin_hidden
        self.stopped = False
        self.docs: dict[str, Doc] = {}
        self.active: str | None = None
        self.opened: list[tuple[str, bool, bool]] = []
        self.macros: list[str] = []
        self.shown: list[str] = []
        self.advisor_sheets: list[str] | None = None
        self.closed: list[str] = []
        self.quits = 0

    # ---------------------------------------------------------------- books
    def open(self, path: Path, read_only: bool = False, trust_center: bool = False) -> str:
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"No such file: '{path}'")
        self.opened.append((path.name, read_only, trust_center))
        self.docs[path.name] = Doc(path)
        if path.suffix.lower() != ".xlam":
            self.active = path.name
        return path.name

    def open_shown(self, path: Path) -> tuple[str, list[str]]:
        active = self.active
        name = self.open(path, read_only=True)
        self.active = active  # the steps name the books they work on; keep the scratch one active
        return name, []

    def close(self, book: str) -> None:
        self.docs.pop(book)
        self.closed.append(book)

    def is_open(self, name: str) -> bool:
        return name in self.docs and not (self.addin_hidden and name.endswith(".xlam"))

    def activate(self, book: str) -> None:
        self.active = book

    def sheets(self, book: str) -> list[str]:
        return list(self.docs[book].cells)

    def add_sheet(self, book: str, name: str) -> None:
        self.docs[book].cells[name] = {}
        self.docs[book].results[name] = {}

    # ---------------------------------------------------------------- macros
    def run_macro(self, macro: str, timeout: float) -> list[str]:
        self.macros.append(macro)
        m = re.match(r"'([^']+)'!(\w+)$", macro)
        book, sub = m.group(1), m.group(2)
        if book not in self.docs:
            raise com_error(f"Cannot run the macro '{macro}'. The macro may not be available in this workbook or "
                            "all macros may be disabled.")
        if sub in self.hang:
            self.stopped = True
            raise selftest.ExcelStopped(f"Excel did not finish within {timeout:.0f} s and was stopped")
        if sub in self.macro_errors:
            raise self.macro_errors[sub]
        self.shown = []
        live = DoubleBook(self, self.docs[self.active])
        if sub == "ReRankActiveWorkbook":
            rerank_live(live)
        elif sub == "ShareActiveWorkbook":
            out = share_live(live)
            if out is not None and Path(out).exists():
                from openpyxl import load_workbook

                self.advisor_sheets = load_workbook(out, read_only=True).sheetnames
        else:
            raise com_error(f"Cannot run the macro '{macro}'.")
        return list(self.shown)

    # ---------------------------------------------------------------- cells
    def read(self, book: str, sheet: str, address: str) -> Any:
        doc = self.docs[book]
        r1, c1, r2, c2 = cells_of(address)
        rows = [[doc.value(sheet, r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        return rows if ":" in address else rows[0][0]

    def write(self, book: str, sheet: str, address: str, value: Any) -> None:
        doc = self.docs[book]
        r1, c1, _, _ = cells_of(address)
        rows = value if isinstance(value, list) else [[value]]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                doc.cells[sheet][(r1 + i, c1 + j)] = v
                doc.results[sheet].pop((r1 + i, c1 + j), None)
                if isinstance(v, str) and v.startswith("="):
                    self._evaluate(doc, sheet, r1 + i, c1 + j)  # automatic calculation

    def used(self, book: str, sheet: str) -> list[list[Any]]:
        doc = self.docs[book]
        keys = list(doc.cells[sheet]) + list(doc.results[sheet])
        if not keys:
            return [[None]]
        rows, cols = max(k[0] for k in keys), max(k[1] for k in keys)
        return [[doc.value(sheet, r, c) for c in range(1, cols + 1)] for r in range(1, rows + 1)]

    # ---------------------------------------------------------------- calculation
    def _arg(self, doc: Doc, sheet: str, text: str) -> Any:
        text = text.strip()
        m = REF.match(text)
        if not m:
            return float(text)
        where = m.group(1) or m.group(2) or sheet
        r1, c1, r2, c2 = cells_of(text.split("!")[-1])
        return tuple(tuple(doc.value(where, r, c) for c in range(c1, c2 + 1)) for r in range(r1, r2 + 1))

    def _evaluate(self, doc: Doc, sheet: str, r: int, c: int) -> None:
        from xlwings import conversion

        formula = doc.cells[sheet][(r, c)]
        m = re.match(r"=(\w+)\((.*)\)$", formula)
        funcs = functions(self.mod)
        if not m or m.group(1) not in funcs:
            doc.results[sheet][(r, c)] = "#NAME?"
            return
        f = funcs[m.group(1)]
        info = f.__xlfunc__
        raw = [self._arg(doc, sheet, a) for a in m.group(2).split(",")]
        args = [conversion.read(None, a, info["args"][min(i, len(info["args"]) - 1)]["options"])
                for i, a in enumerate(raw)]
        for arg_info in info["args"][len(raw):]:
            if arg_info["name"] == "caller":
                args.append(Caller(self, doc) if self.with_caller else None)
            elif "optional" in arg_info:
                args.append(arg_info["optional"])
        out = conversion.write(f(*args), None, info["ret"]["options"])
        rows = out if isinstance(out, list) else [[out]]
        for i, row in enumerate(rows):  # a many-row result spills below its cell
            for j, v in enumerate(row):
                if (i, j) == (0, 0) or (r + i, c + j) not in doc.cells[sheet]:
                    doc.results[sheet][(r + i, c + j)] = v

    def _formulas(self, doc: Doc, sheet: str) -> list[tuple[int, int]]:
        return [k for k, v in doc.cells[sheet].items() if isinstance(v, str) and v.startswith("=")]

    def calculate_full(self) -> None:
        for doc in self.docs.values():
            for sheet in doc.cells:
                for r, c in self._formulas(doc, sheet):
                    self._evaluate(doc, sheet, r, c)

    def calculate(self, book: str, sheet: str, address: str) -> None:
        doc = self.docs[book]
        r1, c1, r2, c2 = cells_of(address)
        for r, c in self._formulas(doc, sheet):
            if r1 <= r <= r2 and c1 <= c <= c2:
                self._evaluate(doc, sheet, r, c)

    def quit(self) -> None:
        self.quits += 1


# ---------------------------------------------------------------- helpers

CONF_SHEET_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
                  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData>'
                  '</worksheet>')


def make_addin(path: Path, version: str | None = __version__) -> Path:
    """The package's add-in with its config sheet's "xlclientrank version" row set to ``version``."""
    rows = [("UDF Modules", "xlclientrank.udfs"), ("Use UDF Server", "FALSE")]
    if version is not None:
        rows.append(("xlclientrank version", version))
    xml = CONF_SHEET_XML.format("".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{k}</t></is></c><c r="B{i}" t="inlineStr"><is><t>{v}</t>'
        f'</is></c></row>' for i, (k, v) in enumerate(rows, 1)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(ADDIN) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, xml if name == "xl/worksheets/sheet1.xml" else src.read(name))
    return path


def windows_places(home: Path) -> install.Places:
    return install.places(home=home, system="Windows", env={"APPDATA": str(home / "AppData"),
                                                            "USERPROFILE": str(home)})


def installed(tmp_path: Path, version: str | None = __version__) -> install.Places:
    p = windows_places(tmp_path / "home")
    make_addin(p.startup / ADDIN.name, version)
    return p


def run(tmp_path: Path, excel: FileExcel, places: install.Places | None = None) -> tuple[int, list[str], str]:
    out = io.StringIO()
    report = tmp_path / "report.txt"
    code = selftest.selftest(out, report, connect=lambda: excel, places=places or installed(tmp_path))
    return code, out.getvalue().splitlines(), report.read_text(encoding="utf-8")


def step_lines(lines: list[str]) -> dict[int, str]:
    return {int(m.group(1)): line for line in lines if (m := re.match(r"\[\w+\] (\d)\. ", line))}


def status(line: str) -> str:
    return line.split("]")[0][1:]


# ---------------------------------------------------------------- the whole run

def test_every_step_passes_when_the_story_works(tmp_path, mod):
    excel = FileExcel(mod)
    code, lines, report = run(tmp_path, excel)
    steps = step_lines(lines)
    assert sorted(steps) == [1, 2, 3, 4, 5, 6, 7, 8, 9], lines
    assert all(status(x) == "passed" for x in steps.values()), "\n".join(lines)
    assert code == 0
    assert "150 clients ranked, the same as xlclientrank rerank" in steps[2]
    assert "450 cells for 150 clients equal the Ranking sheet" in steps[3]
    assert "as the calibration says" in steps[5]
    assert "'ClientRank - for advisor.xlsx' written" in steps[6] and "Ranking" in excel.advisor_sheets
    assert re.search(r"one CLIENT_TIER [\d.]+ ms per call .* full recalculation of the template [\d.]+ s; "
                     r"2,000 single-row formulas [\d.]+ s .* vs one formula over 2,000 rows [\d.]+ s", steps[7])
    # the separate instance: the add-in opened read-only under the Trust Center's rules, the scratch copy
    # from a temporary folder (never the template itself), and Excel always quit
    assert excel.opened[0] == ("ClientRank.xlsm", False, False)
    assert ("xlclientrank.xlam", True, True) in excel.opened
    assert all(str(d.path.parent) != str(TEMPLATE.parent) for d in excel.docs.values() if d.name.endswith(".xlsm"))
    assert excel.quits >= 1
    assert excel.macros == ["'xlclientrank.xlam'!ReRankActiveWorkbook", "'xlclientrank.xlam'!ShareActiveWorkbook",
                            "'xlclientrank.xlam'!ShareActiveWorkbook", "'xlclientrank.xlam'!ReRankActiveWorkbook"]
    assert "kept what was typed; 'Selftest New Client Ltd' added in row" in steps[9]
    # the whole workbook's copy opened in Excel and closed again; its Clients sheet (CLIENT_TIER frozen)
    # shows what the scratch workbook shows
    assert "opens without a box" in steps[8] and "ClientRank Summary" in steps[8] and "ClientRank Calibration" \
        not in steps[8] and excel.closed == ["ClientRank - whole workbook for advisor.xlsx"]
    from xlclientrank.excel import run_status

    assert not (run_status.status_dir() / run_status.SELFTEST_MARKER).exists()  # the marker goes with the test
    # the report has the same lines and the versions
    for line in steps.values():
        assert line in report
    for want in (f"xlclientrank {__version__}", "Python 3.", "xlwings ", "Excel 16.0 (file double)", "OS "):
        assert want in report
    assert "9 passed, 0 failed, 0 skipped" in report and lines[-1].startswith("Report: ")


def test_the_template_is_not_changed(tmp_path, mod):
    before = TEMPLATE.read_bytes()
    run(tmp_path, FileExcel(mod))
    assert TEMPLATE.read_bytes() == before


# ---------------------------------------------------------------- step 1, the add-in

def test_an_addin_of_another_version_fails_step_1_with_the_version_cause(tmp_path, mod):
    code, lines, _ = run(tmp_path, FileExcel(mod), installed(tmp_path, "0.0.1"))
    line = step_lines(lines)[1]
    assert status(line) == "failed" and f"version 0.0.1, the Python package {__version__}" in line
    assert "run-time error 53" in line and "xlclientrank install" in line
    assert code == 1


def test_an_addin_without_a_version_row_is_older(tmp_path, mod):
    code, lines, _ = run(tmp_path, FileExcel(mod), installed(tmp_path, None))
    assert "no 'xlclientrank version' row" in step_lines(lines)[1] and code == 1


def test_an_addin_not_in_the_startup_folder_fails_but_the_others_run_with_the_package_copy(tmp_path, mod, monkeypatch):
    addin = make_addin(tmp_path / "pkg" / ADDIN.name)
    monkeypatch.setattr(selftest.files, "bundled_file", lambda which: addin if which == "addin" else TEMPLATE)
    code, lines, _ = run(tmp_path, FileExcel(mod), windows_places(tmp_path / "empty-home"))
    steps = step_lines(lines)
    assert status(steps[1]) == "failed" and "not in Excel's startup folder" in steps[1]
    assert "run  xlclientrank install" in steps[1]
    assert [status(steps[i]) for i in range(2, 8)] == ["passed"] * 6
    assert code == 1


def test_a_missing_addin_file_fails_step_1_and_skips_the_macro_steps(tmp_path, mod, monkeypatch):
    monkeypatch.setattr(selftest.files, "bundled_file", lambda which: tmp_path / "gone.xlam" if which == "addin"
                        else TEMPLATE)
    code, lines, _ = run(tmp_path, FileExcel(mod), windows_places(tmp_path / "empty-home"))
    steps = step_lines(lines)
    assert status(steps[1]) == "failed" and "no add-in file" in steps[1]
    assert status(steps[2]) == "skipped" and status(steps[6]) == "skipped"
    assert code == 1


def test_a_downloaded_addin_outside_the_startup_folder_names_the_mark_of_the_web(tmp_path, mod, monkeypatch):
    addin = make_addin(tmp_path / "Downloads" / ADDIN.name)
    monkeypatch.setattr(selftest.files, "bundled_file", lambda which: addin if which == "addin" else TEMPLATE)
    monkeypatch.setattr(selftest.files, "marked_from_internet", lambda path: True)
    code, lines, _ = run(tmp_path, FileExcel(mod), windows_places(tmp_path / "empty-home"))
    line = step_lines(lines)[1]
    assert status(line) == "failed" and "marked as downloaded from the internet" in line
    assert "Properties, tick Unblock" in line and code == 1


def test_an_addin_excel_does_not_list_fails_step_1(tmp_path, mod):
    code, lines, _ = run(tmp_path, FileExcel(mod, addin_hidden=True))
    assert "does not appear among Excel's books and add-ins" in step_lines(lines)[1] and code == 1


# ---------------------------------------------------------------- step 2 and 6, the macros

@pytest.mark.parametrize("error,cause", [
    (com_error("Run-time error '53': File not found: xlwings64-0.33.15.dll", -2146828235), "run-time error 53"),
    (com_error("Run-time error '70': Permission denied"), "Block all Office applications from creating child"),
    (com_error("Could not activate Python COM server, hr = -2147221164 1000"), "Microsoft Store"),
    (com_error("Cannot run the macro. The macro may not be available in this workbook or all macros may be "
               "disabled."), "Trust Center"),
    (com_error("Microsoft has blocked macros from running because the source of this file is untrusted."),
     "Unblock"),
])
def test_a_macro_error_fails_step_2_with_its_likely_cause(tmp_path, mod, error, cause):
    code, lines, report = run(tmp_path, FileExcel(mod, macro_errors={"ReRankActiveWorkbook": error}))
    line = step_lines(lines)[2]
    assert status(line) == "failed" and "Application.Run 'xlclientrank.xlam'!ReRankActiveWorkbook failed" in line
    assert " — " in line and cause in line.split(" — ", 1)[1], line
    assert line in report and code == 1


def test_a_hung_macro_stops_excel_and_skips_the_rest(tmp_path, mod):
    excel = FileExcel(mod, hang={"ReRankActiveWorkbook"})
    code, lines, _ = run(tmp_path, excel)
    steps = step_lines(lines)
    assert status(steps[2]) == "failed" and "message box waiting inside the hidden Excel" in steps[2]
    assert all(status(steps[i]) == "skipped" for i in range(3, 8))
    assert code == 1 and excel.quits >= 1


def test_a_rerank_that_reports_an_error_in_a_message_box_fails_step_2(tmp_path, mod, monkeypatch):
    import xlclientrank.excel.live as live

    def broken(*a, **k):
        raise RuntimeError("No module named 'xlclientrank.render'")
    monkeypatch.setattr(live, "rerank", broken)
    code, lines, _ = run(tmp_path, FileExcel(mod))
    line = step_lines(lines)[2]
    assert status(line) == "failed" and "not rebuilt" in line and "the messages: Client Rank: Something went wrong" \
        in line
    assert "could not import xlclientrank" in line and code == 1


def test_share_that_writes_nothing_fails_step_6(tmp_path, mod, monkeypatch):
    import xlclientrank.jobs.share as share

    monkeypatch.setattr(share, "share", lambda *a, **k: k["out"])  # "succeeds" without writing the copy
    code, lines, _ = run(tmp_path, FileExcel(mod))
    line = step_lines(lines)[6]
    assert status(line) == "failed" and "no 'ClientRank - for advisor.xlsx' beside the scratch workbook" in line
    assert code == 1


# ---------------------------------------------------------------- steps 3-5 and 7, the formulas

def test_formulas_without_their_caller_show_no_ranking_yet_and_name_the_const_app(tmp_path, mod):
    code, lines, _ = run(tmp_path, FileExcel(mod, with_caller=False))
    steps = step_lines(lines)
    assert status(steps[3]) == "failed" and "#N/A no ranking yet" in steps[3] and "#Const App" in steps[3]
    assert status(steps[5]) == "failed" and "#Const App" in steps[5]
    assert status(steps[4]) == "passed"  # PARETO_COUNT needs no calibration
    assert status(steps[7]) == "failed"
    assert code == 1


def test_formulas_excel_does_not_know_show_name_and_point_at_the_addin(tmp_path, mod):
    excel = FileExcel(mod)
    excel.mod = type("NoFunctions", (), {})()  # Excel without the add-in's functions: #NAME?
    code, lines, _ = run(tmp_path, excel)
    steps = step_lines(lines)
    for i in (3, 4, 5, 7):
        assert status(steps[i]) == "failed" and "#NAME?" in steps[i] and "CLIENT_* formulas" in steps[i], steps[i]
    assert code == 1


def test_formulas_that_disagree_with_the_ranking_sheet_fail_step_3_and_5(tmp_path, mod, monkeypatch):
    from xlclientrank.formulas import functions as formulas

    real = formulas.client
    monkeypatch.setattr(formulas, "client", lambda row, table, cal, what: "Poor" if what == "tier"
                        else real(row, table, cal, what))
    code, lines, _ = run(tmp_path, FileExcel(mod))
    steps = step_lines(lines)
    assert status(steps[3]) == "failed" and "clients differ" in steps[3]
    assert code == 1


def test_a_wrong_pareto_count_fails_step_4(tmp_path, mod, monkeypatch):
    from xlclientrank.formulas import functions as formulas

    monkeypatch.setattr(formulas, "pareto_count", lambda *a, **k: 1)
    code, lines, _ = run(tmp_path, FileExcel(mod))
    line = step_lines(lines)[4]
    assert status(line) == "failed" and "PARETO_COUNT gives 1, xlclientrank's Python 35" in line and code == 1


def test_on_a_mac_the_formula_steps_are_skipped_and_the_rest_pass(tmp_path, mod):
    code, lines, report = run(tmp_path, FileExcel(mod, formulas=False))
    steps = step_lines(lines)
    assert [status(steps[i]) for i in range(1, 10)] == ["passed", "passed", "skipped", "skipped", "skipped",
                                                        "passed", "skipped", "passed", "passed"]
    assert "only in Excel for Windows" in steps[3] and "its values are not compared" in steps[8]
    assert code == 0 and "5 passed, 0 failed, 4 skipped" in report


def test_a_template_that_does_not_open_is_one_failed_line(tmp_path, mod):
    bad = tmp_path / "ClientRank.xlsm"
    bad.write_bytes(b"not a workbook")
    out = io.StringIO()
    code = selftest.selftest(out, tmp_path / "r.txt", connect=lambda: FileExcel(mod), places=installed(tmp_path),
                             template=bad)
    assert code == 1 and "[failed] 0. a scratch copy of the template opens in Excel" in out.getvalue()


# ---------------------------------------------------------------- causes, as data

@pytest.mark.parametrize("error,name", [
    ("#N/A no ranking yet: click Re-rank once, or give the whole table as 2nd argument", "no-ranking"),
    ("Could not activate Python COM server, hr = -2147221164 1000", "com-server"),
    ("Could not activate Python COM server, hr = -2147024891 1000", "defender"),
    (com_error("x", -2146828235), "version-53"),  # 0x800A0035: VBA run-time error 53 as an HRESULT
    (com_error("x", -2146828218), "defender"),    # 0x800A0046: error 70
    (ComError(-2147023174, "The RPC server is unavailable.", None, None), "stopped"),
    ("#NAME?", "no-formulas"),
    ("ModuleNotFoundError: No module named 'xlclientrank'", "wrong-python"),
    ("Run-time error '1004': Cannot run the macro", "macros-disabled"),
])
def test_errors_are_matched_to_causes_by_one_table(error, name):
    fix = {c.name: c.fix for c in selftest.CAUSES}[name]
    assert selftest.likely_cause(error) == fix


def test_the_cause_behind_a_wrapped_error_counts():
    try:
        try:
            raise com_error("x", -2146828235)
        except ComError as exc:
            raise RuntimeError("x; Excel showed: OK") from exc
    except RuntimeError as wrapped:
        assert selftest.likely_cause(wrapped).startswith("run-time error 53")


def test_an_unknown_error_asks_for_the_report():
    assert selftest.likely_cause("something else") == selftest.UNKNOWN


def test_failed_lines_read_why_then_cause():
    line = selftest.failed("2. Re-rank", "it broke", "Run-time error '53'")
    assert line.text().startswith("[failed] 2. Re-rank: it broke — run-time error 53")
    assert selftest.skipped("3. x", "why").text() == "[skipped] 3. x: why"
    assert selftest.passed("1. y").text() == "[passed] 1. y"


def test_the_watcher_closes_message_boxes_and_stops_a_hung_call():
    import threading

    boxes = [["Client Rank: The copy for your advisor is ready"]]
    result, seen = selftest.watched(lambda: 42, 5, lambda: boxes.pop() if boxes else [], lambda: None, poll=0.01)
    assert result == 42 and seen == ["Client Rank: The copy for your advisor is ready"]
    release = threading.Event()
    stopped = []

    def hung():
        release.wait(5)
        raise ComError(-2147023174, "The RPC server is unavailable.", None, None)

    def stop():
        stopped.append(True)
        release.set()
    with pytest.raises(selftest.ExcelStopped, match="did not finish within 0 s"):
        selftest.watched(hung, 0.05, lambda: [], stop, poll=0.01)
    assert stopped == [True]


# ---------------------------------------------------------------- the command

def test_without_excel_the_command_says_so_in_one_line_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("selftest")
    assert code == 2
    assert out.strip().count("\n") == 0 and "Excel does not run on" in out
    assert not list(tmp_path.iterdir())  # no report without Excel


def test_no_excel_from_the_connection_exits_2(tmp_path):
    def no_excel():
        raise selftest.NoExcel("xlwings finds no Excel on this computer.")
    out = io.StringIO()
    assert selftest.selftest(out, tmp_path / "r.txt", connect=no_excel, places=installed(tmp_path)) == 2
    assert out.getvalue() == "xlclientrank selftest: xlwings finds no Excel on this computer.\n"


def test_the_default_report_name_is_dated_in_the_current_folder(tmp_path, monkeypatch, mod):
    import datetime as dt

    monkeypatch.chdir(tmp_path)
    want = tmp_path / "xlclientrank-selftest-20261201-0905.txt"
    assert selftest.default_report(dt.datetime(2026, 12, 1, 9, 5)) == want
    out = io.StringIO()
    selftest.selftest(out, connect=lambda: FileExcel(mod, formulas=False), places=installed(tmp_path))
    assert len(list(tmp_path.glob("xlclientrank-selftest-*.txt"))) == 1


def test_the_step_logic_imports_without_xlwings():
    import subprocess
    import sys

    code = ("import sys; sys.modules['xlwings'] = None; import xlclientrank.excel.selftest as s; "
            "print(len(s.STEPS))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "9", proc.stderr


def test_only_the_open_source_xlwings_api():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(selftest.__file__).parent.glob("*.py")))
    assert not re.search(r"xlwings\.pro|xlwings\.server|from xlwings import server|Book\(json=|mode=[\"']r[\"']",
                         text)
    assert "xw.App(visible=False, add_book=False)" in text


def test_a_whole_workbook_copy_that_still_calls_our_functions_fails_step_8(tmp_path, mod, monkeypatch):
    """Excel, with the add-in loaded, would compute such a copy's formulas and show the right values:
    the step reads the copy's formulas from the file itself."""
    from xlclientrank.ooxml import freeze

    monkeypatch.setattr(freeze.Rules, "freezes", lambda self, formula: False)
    code, lines, _ = run(tmp_path, FileExcel(mod))
    steps = step_lines(lines)
    assert status(steps[8]) == "failed" and "still calls our functions ('Clients'!L2: =CLIENT_TIER(A2:K2))" in steps[8]
    assert status(steps[6]) == "passed" and code == 1


def test_a_whole_workbook_copy_whose_values_differ_fails_step_8(tmp_path, mod, monkeypatch):
    """A frozen value that is not what the owner's workbook showed (here: every saved result lost)."""
    from xlclientrank.ooxml import freeze

    def no_value(c, f):
        for v in c.findall("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"):
            c.remove(v)
        c.remove(f)
        return False
    monkeypatch.setattr(freeze, "freeze_cell", no_value)
    code, lines, _ = run(tmp_path, FileExcel(mod))
    steps = step_lines(lines)
    assert status(steps[8]) == "failed" and "differs from the scratch workbook's in 150 cells, first L2" in steps[8]


def test_step_8_finds_our_functions_in_array_formulas_too(tmp_path):
    """openpyxl gives an array formula as an ArrayFormula object, not as text."""
    from openpyxl import Workbook
    from openpyxl.worksheet.formula import ArrayFormula

    from xlclientrank.excel.selftest.steps import our_formulas_left as _our_formulas_left

    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    ws["A1"], ws["A2"] = 1, 2
    ws["C1"] = "=SUM(A1:A2)"
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    assert _our_formulas_left(path) == ""
    ws["B1"] = ArrayFormula("B1:B2", "=CLIENT_TIER(A1:A2)")
    wb.save(path)
    assert _our_formulas_left(path) == "'Clients'!B1: =CLIENT_TIER(A1:A2)"


def test_a_rerank_that_loses_the_notes_fails_step_9_naming_what_is_missing(tmp_path, mod, monkeypatch):
    monkeypatch.setattr(DoubleBook, "write_cells", lambda self, *a: [])  # the new client never written
    code, lines, _ = run(tmp_path, FileExcel(mod))
    steps = step_lines(lines)
    assert status(steps[9]) == "failed" and code != 0
    assert "the new client 'Selftest New Client Ltd' is not the last one in 'Client Notes'" in steps[9]
    assert all(status(steps[i]) == "passed" for i in range(1, 9))

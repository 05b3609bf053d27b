"""``xlclientrank selftest``: proves the whole user story in real Excel, on the user's computer.

It starts its **own, hidden Excel instance** (never the owner's Excel windows), opens the add-in
and a **scratch copy of the template** ``ClientRank.xlsm`` in a temporary folder, and runs the
steps below, one line each: ``[passed] ...``, ``[failed] ...: why — likely cause and fix`` or
``[skipped] ...: why``. The lines also go to a report file with the versions of everything.

1. the add-in is loaded and carries this package's version (config sheet row "xlclientrank version");
2. Re-rank through the ribbon's macro (``Application.Run`` of ``ReRankActiveWorkbook``) builds the
   Ranking sheet, equal to xlclientrank's own Python ranking of the same file;
3. after ``CalculateFull`` every CLIENT_TIER / CLIENT_SCORE / CLIENT_RANK cell equals the Ranking
   sheet for its client (and none shows ``#N/A no ranking yet``);
4. PARETO_COUNT over the revenue column equals the 80/20 count of the Python ranking;
5. doubling one client's revenue changes its formulas exactly as the calibration says;
6. Share (``ShareActiveWorkbook``) writes "<name> - for advisor.xlsx" beside the scratch workbook;
7. timing: one CLIENT_TIER call, full recalculation of the template, N single-row formulas
   against one many-row formula.

The steps are plain functions over :class:`Excel`, a small boundary interface. :class:`XlwingsExcel`
implements it with the open-source part of xlwings (imported only there); the tests implement it
with files. Errors are matched to their likely cause and fix in one table, :data:`CAUSES`.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, TextIO

from xlclientrank import __version__

NO_EXCEL_EXIT = 2
VERSION_KEY = "xlclientrank version"
CONF_SHEET = "xlclientrank.conf"
SELFTEST_SHEET = "Selftest"
TIMING_ROWS = 2000
TIMING_CALLS = 20
MACRO_TIMEOUT = 180.0
LIVE_COLUMN = "Tier (live formula)"


# ---------------------------------------------------------------- where the files are

def bundled_file(which: str) -> Path:
    """The add-in ("addin") or the template ("template") that comes with this package. The one
    place that knows where they are (build.ADDIN / build.TEMPLATE today)."""
    from xlclientrank.excel import build

    return {"addin": build.ADDIN, "template": build.TEMPLATE}[which]


def addin_to_open(places: Any) -> tuple[Path, bool]:
    """(add-in file, installed): the copy in Excel's startup folder when there is one (what the
    owner's Excel loads), else the package's own."""
    bundled = bundled_file("addin")
    if places is not None and places.startup is not None:
        installed = Path(places.startup) / bundled.name
        if installed.exists():
            return installed, True
    return bundled, False


# ---------------------------------------------------------------- the Excel boundary

class NoExcel(Exception):
    """Excel cannot be started here (not Windows/Mac, no xlwings engine, Excel not installed)."""


class ExcelStopped(Exception):
    """A call into Excel did not finish in time; Excel was stopped."""


class Excel(Protocol):
    """What the steps need from one separate Excel instance. Books are named as Excel names them
    (``ClientRank.xlsm``); addresses are A1-style on a sheet of that book."""

    version: str       # Excel's version (app.version)
    formulas: bool     # the CLIENT_* cell formulas run here (xlwings: Excel for Windows only)
    stopped: bool      # Excel had to be stopped (a call hung); nothing more can be asked of it

    def open(self, path: Path, read_only: bool = False, trust_center: bool = False) -> str:
        """Opens a workbook or add-in in this instance and returns its name. ``trust_center``: macros
        only as the owner's Trust Center settings allow (as when Excel loads the add-in itself)."""

    def is_open(self, name: str) -> bool:
        """The book or add-in ``name`` is open in this instance (app.books or AddIns)."""

    def activate(self, book: str) -> None:
        """Makes ``book`` the active workbook (the one the ribbon's macros work on)."""

    def run_macro(self, macro: str, timeout: float) -> list[str]:
        """Runs a VBA macro (Application.Run); returns the texts of message boxes it showed (they are
        read and closed); raises the COM error, or ExcelStopped after ``timeout`` seconds."""

    def sheets(self, book: str) -> list[str]:
        """The book's sheet names."""

    def add_sheet(self, book: str, name: str) -> None:
        """Adds an empty sheet at the end."""

    def read(self, book: str, sheet: str, address: str) -> Any:
        """A cell's value, or a range's rows of values (cell errors as text, e.g. '#NAME?')."""

    def write(self, book: str, sheet: str, address: str, value: Any) -> None:
        """Writes a value or formula ('=...') to a cell, or rows of them to a range."""

    def used(self, book: str, sheet: str) -> list[list[Any]]:
        """The sheet's values from A1 to its last used cell."""

    def calculate_full(self) -> None:
        """Recalculates every formula of every open book (CalculateFull)."""

    def calculate(self, book: str, sheet: str, address: str) -> None:
        """Recalculates the cells of one range (Range.Calculate)."""

    def quit(self) -> None:
        """Closes every book without saving and ends the instance (kills it when it does not end)."""


# ---------------------------------------------------------------- likely causes, as data

@dataclass(frozen=True)
class Cause:
    name: str
    patterns: tuple[str, ...]  # regular expressions, matched case-insensitively on the error's text
    codes: tuple[int, ...]     # COM HRESULTs or VBA error numbers found in the error
    fix: str


INSTALL = "then run  xlclientrank install  and restart Excel"
CAUSES: tuple[Cause, ...] = (
    Cause("stopped", (r"did not finish within", r"rpc server is unavailable", r"remote procedure call failed"),
          (-2147023174, -2147023170),
          "Excel stopped answering: usually a message box waiting inside the hidden Excel (its text is above when "
          "it could be read) or Python not starting; run  xlclientrank doctor , then open your workbook in Excel "
          "and click Re-rank to see the message"),
    Cause("motw", (r"blocked macros", r"macros.{0,40}blocked", r"mark of the web", r"source of this file is untrusted",
                   r"protected view"), (),
          "macros are blocked because the file came from the internet (Mark of the Web): close Excel, right-click "
          "the file, Properties, tick Unblock, OK; or keep it in a trusted location (Excel's startup folder is one: "
          "xlclientrank install copies the add-in there)"),
    Cause("defender", (r"child process", r"run-?time error '?(70|1000)'?", r"permission denied", r"access is denied",
                       r"attack surface"), (70, 1000, -2147024891),
          "Microsoft Defender's rule 'Block all Office applications from creating child processes' stops Excel from "
          "starting Python (error 70 'Permission denied', or 1000): ask whoever manages your computer to exclude "
          "Excel/Python from that rule (Windows Security, Virus & threat protection, attack surface reduction)"),
    Cause("com-server", (r"could not activate python com server", r"class not registered", r"classnotreg"),
          (-2147221164, -2147221005),
          "Could not activate Python COM server: usually Office or Python installed from the Microsoft Store, or "
          "empty lines in the add-in's settings file; install Python from python.org and Office from office.com, "
          + INSTALL),
    Cause("version-53", (r"run-?time error '?53'?", r"file not found.{0,20}xlwings", r"xlwings(32|64)-[\w.]+\.dll",
                         r"different versions?"), (53,),
          "run-time error 53: the add-in and the Python package are of different versions, or the xlwings DLL is "
          "missing (antivirus may have removed xlwings64-*.dll: restore or allow it); run  pip install --upgrade "
          "--force-reinstall xlwings xlclientrank , " + INSTALL),
    Cause("no-ranking", (r"#N/A no ranking yet",), (),
          "the formulas ran without their workbook and cell (the add-in's formula wrappers compiled without "
          "'#Const App = \"Microsoft Excel\"'), so they never see the calibration Re-rank stores; update the add-in "
          "(pip install --upgrade xlclientrank, " + INSTALL + "), or on Windows open the add-in and run xlwings' "
          "ImportPythonUDFsToAddin once (README, Building the add-in)"),
    Cause("macros-disabled", (r"cannot run the macro", r"macros may be disabled", r"may not be available in this",
                              r"security notice", r"macros have been disabled"), (),
          "Excel cannot run the add-in's macros, and the ribbon tab does not show either: the add-in is not in "
          "Excel's startup folder or is older than this xlclientrank (" + INSTALL.replace("then ", "") + "), or "
          "macros are disabled (File, Options, Trust Center, Trust Center Settings, Macro Settings)"),
    Cause("no-formulas", (r"#NAME\?",), (-2146826259,),
          "Excel does not know the CLIENT_* formulas: the add-in is not loaded or its macros are disabled; "
          + INSTALL.replace("then ", "")),
    Cause("wrong-python", (r"no module named", r"modulenotfounderror", r"traceback", r"importerror"), (),
          "Python started but could not import xlclientrank: the add-in's settings name another Python; run  "
          "xlclientrank install  from the Python where xlclientrank is installed"),
)
UNKNOWN = "not a known problem: please send us the report file named at the end"


def _texts_and_codes(error: Any) -> tuple[str, set[int]]:
    """Every text and number in an error (a COM error's args nest: hresult, text, excepinfo...)."""
    texts: list[str] = []
    codes: set[int] = set()

    def walk(x: Any, depth: int = 0) -> None:
        if depth > 4 or x is None:
            return
        if isinstance(x, BaseException):
            texts.append(str(x))
            for a in x.args:
                walk(a, depth + 1)
            walk(x.__cause__, depth + 1)  # the COM error behind a watched call's error
        elif isinstance(x, bool):
            return
        elif isinstance(x, int):
            codes.add(x)
            u = x & 0xFFFFFFFF
            if u & 0xFFFF0000 == 0x800A0000:  # a VBA run-time error as an HRESULT
                codes.add(u & 0xFFFF)
        elif isinstance(x, str):
            texts.append(x)
        elif isinstance(x, (list, tuple)):
            for a in x:
                walk(a, depth + 1)

    walk(error)
    text = " | ".join(t for t in texts if t)
    for m in re.finditer(r"(?:error|fehler|erreur)\s*'?(\d{2,4})'?", text, re.I):
        codes.add(int(m.group(1)))
    for m in re.finditer(r"\bhr\s*=\s*(-?\d+)", text, re.I):  # xlwings: "... COM server, hr = -2147221164 1000"
        codes.add(int(m.group(1)))
    return text, codes


def likely_cause(error: Any) -> str:
    """The fix of the first cause in CAUSES that the error (an exception or a cell's text) matches."""
    text, codes = _texts_and_codes(error)
    for cause in CAUSES:
        if codes & set(cause.codes) or any(re.search(p, text, re.I) for p in cause.patterns):
            return cause.fix
    return UNKNOWN


def short(error: Any, limit: int = 240) -> str:
    text = _texts_and_codes(error)[0] if isinstance(error, BaseException) else str(error)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


# ---------------------------------------------------------------- lines

@dataclass
class Line:
    status: str           # passed, failed, skipped
    title: str
    detail: str = ""      # what was seen (passed), why (failed, skipped)
    fix: str = ""         # failed: the likely cause and what to do

    def text(self) -> str:
        out = f"[{self.status}] {self.title}"
        if self.detail:
            out += f": {self.detail}"
        if self.status == "failed":
            out += f" — {self.fix or UNKNOWN}"
        return out


def passed(title: str, detail: str = "") -> Line:
    return Line("passed", title, detail)


def failed(title: str, why: str, cause: Any = None, fix: str | None = None) -> Line:
    return Line("failed", title, why, fix if fix is not None else likely_cause(cause if cause is not None else why))


def skipped(title: str, why: str) -> Line:
    return Line("skipped", title, why)


# ---------------------------------------------------------------- what the steps share

@dataclass
class Expected:
    """The independent side: xlclientrank's own Python ranking of the scratch file."""

    ranking: dict[str, tuple[int, float, str]]  # client -> (rank, score, tier)
    pareto_count: int
    pareto_column: str
    calibration: Any
    clients: int


@dataclass
class Context:
    excel: Excel
    scratch: Path
    book: str
    addin_file: Path
    installed: bool
    expected: Expected
    timeout: float = MACRO_TIMEOUT
    addin: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)

    def macro(self, sub: str) -> str:
        return f"'{self.addin or Path(self.addin_file).name}'!{sub}"


def expected_of(scratch: Path, work: Path) -> Expected:
    """Ranks the scratch file with xlclientrank's own Python (as ``xlclientrank rerank --json``)."""
    from xlclientrank import calibration
    from xlclientrank.rerank import rerank

    work.mkdir(parents=True, exist_ok=True)
    result = rerank(scratch, out=work / scratch.name)
    t = result.ranking.table
    ranking = {str(c): (int(r), float(s), str(tier)) for c, r, s, tier in zip(t["Client"], t["Rank"], t["Score"],
                                                                              t["Tier"])}
    cal = calibration.build(result.ranking, [getattr(c, "name", c) for c in result.table.columns],
                            result.table.client_column)
    p = result.summary["pareto"]
    return Expected(ranking, int(p["count"]), str(p["column"]), cal, int(result.summary["clients"]))


# ---------------------------------------------------------------- cell helpers

def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        out = chr(65 + r) + out
    return out


def _is_error(v: Any) -> bool:
    return isinstance(v, str) and v.startswith("#")


def _rows(v: Any) -> list[list[Any]]:
    if not isinstance(v, (list, tuple)):
        return [[v]]
    if v and not isinstance(v[0], (list, tuple)):
        return [list(v)]
    return [list(r) for r in v]


def ranking_table(rows: Sequence[Sequence[Any]]) -> tuple[list[str], list[list[Any]]] | None:
    """Header and body of the ranked table on a Ranking sheet's values (the row starting Rank, Client)."""
    for i, r in enumerate(rows):
        if len(r) >= 2 and r[0] == "Rank" and r[1] == "Client":
            body = []
            for x in rows[i + 1:]:
                if not x or x[0] is None or x[0] == "":
                    break
                body.append(list(x))
            return [str(c) for c in r if c not in (None, "")], body
    return None


@dataclass
class ClientSheet:
    """Where the template's client table is: its header, rows and the live formula column."""

    header: list[str]
    rows: list[list[Any]]     # body rows as read, first data row is Excel row 2
    last: str                 # letter of the table's last data column (before the live column)
    live: int | None          # index of "Tier (live formula)"

    def block(self, excel_row: int) -> str:
        return f"A{excel_row}:{self.last}{excel_row}"


def client_sheet(excel: Excel, book: str) -> ClientSheet:
    rows = excel.used(book, "Clients")
    header = [str(c) if c is not None else "" for c in rows[0]]
    live = header.index(LIVE_COLUMN) if LIVE_COLUMN in header else None
    width = live if live is not None else len([c for c in header if c])
    body = []
    for r in rows[1:]:
        if not r or r[0] in (None, ""):
            break
        body.append(list(r))
    return ClientSheet(header, body, column_letter(width - 1), live)


def _close(a: Any, b: Any, tol: float = 1e-6) -> bool:
    try:
        return abs(float(a) - float(b)) <= tol
    except (TypeError, ValueError):
        return False


def _ensure_sheet(ctx: Context, name: str) -> None:
    if name not in ctx.excel.sheets(ctx.book):
        ctx.excel.add_sheet(ctx.book, name)


# ---------------------------------------------------------------- the steps

T_ADDIN = "1. the add-in is loaded and has this package's version"
T_RERANK = "2. Re-rank through the ribbon's macro builds the Ranking sheet"
T_FORMULAS = "3. CLIENT_TIER, CLIENT_SCORE and CLIENT_RANK equal the Ranking sheet"
T_PARETO = "4. PARETO_COUNT equals the 80/20 count"
T_EDIT = "5. an edited row changes its formulas as the calibration says"
T_SHARE = "6. Share writes the advisor's copy"
T_TIMING = "7. timing of the cell formulas"
NO_FORMULAS = ("xlwings runs Python cell formulas only in Excel for Windows; on a Mac use the values Re-rank "
               "writes on the Ranking sheet")


def step_addin(ctx: Context) -> Line:
    excel = ctx.excel
    if not Path(ctx.addin_file).exists():
        return failed(T_ADDIN, f"no add-in file at {ctx.addin_file}", fix="reinstall xlclientrank (pip install "
                      "--force-reinstall xlclientrank), " + INSTALL)
    if marked_from_internet(ctx.addin_file) and not ctx.installed:
        return failed(T_ADDIN, f"{ctx.addin_file} is marked as downloaded from the internet", "mark of the web")
    try:
        ctx.addin = excel.open(ctx.addin_file, read_only=True, trust_center=True)
    except Exception as exc:
        return failed(T_ADDIN, f"Excel could not open {ctx.addin_file} ({short(exc)})", exc)
    if not excel.is_open(ctx.addin):
        return failed(T_ADDIN, f"{ctx.addin} does not appear among Excel's books and add-ins after opening it",
                      fix="the file may be damaged: " + INSTALL.replace("then ", ""))
    try:
        rows = _rows(excel.read(ctx.addin, CONF_SHEET, "A1:B40"))
    except Exception as exc:
        return failed(T_ADDIN, f"its settings sheet '{CONF_SHEET}' could not be read ({short(exc)})",
                      fix="the add-in is older than this xlclientrank: " + INSTALL.replace("then ", ""))
    version = next((r[1] for r in rows if len(r) > 1 and str(r[0] or "").strip().lower() == VERSION_KEY), None)
    if version is None:
        return failed(T_ADDIN, f"the add-in has no '{VERSION_KEY}' row, so it is older than xlclientrank "
                      f"{__version__}", "run-time error 53: different versions")
    if str(version).strip() != __version__:
        return failed(T_ADDIN, f"the add-in is version {version}, the Python package {__version__}",
                      "run-time error 53: different versions")
    where = f"from Excel's startup folder ({ctx.addin_file})" if ctx.installed else str(ctx.addin_file)
    if not ctx.installed:
        return failed(T_ADDIN, f"version {version} opens, but it is not in Excel's startup folder, so your Excel "
                      "does not load it (no Client Rank tab)", fix="run  xlclientrank install  and restart Excel")
    return passed(T_ADDIN, f"{ctx.addin} version {version}, {where}")


def marked_from_internet(path: Path) -> bool:
    """Windows: the file carries the Mark of the Web (its Zone.Identifier stream says zone 3 or 4)."""
    if os.name != "nt":
        return False
    try:
        text = Path(f"{path}:Zone.Identifier").read_text(errors="replace")
    except OSError:
        return False
    return bool(re.search(r"ZoneId\s*=\s*[34]", text))


def _run(ctx: Context, sub: str, title: str) -> tuple[list[str], Line | None]:
    """Activates the scratch workbook and runs one of the add-in's macros; a failed line on error."""
    try:
        ctx.excel.activate(ctx.book)
        shown = ctx.excel.run_macro(ctx.macro(sub), ctx.timeout)
    except Exception as exc:
        return [], failed(title, f"Application.Run {ctx.macro(sub)} failed ({short(exc)})", exc)
    return shown, None


def _shown(texts: list[str]) -> str:
    return "; Excel showed: " + " / ".join(short(t, 160) for t in texts) if texts else ""


def step_rerank(ctx: Context) -> Line:
    if ctx.addin is None:
        return skipped(T_RERANK, "needs the add-in (step 1)")
    excel = ctx.excel
    marker = "xlclientrank selftest: not rebuilt yet"
    if "Ranking" in excel.sheets(ctx.book):  # the template has one: mark it, Re-rank must replace it
        excel.write(ctx.book, "Ranking", "A1", marker)
    shown, bad = _run(ctx, "ReRankActiveWorkbook", T_RERANK)
    if bad:
        return bad
    if "Ranking" not in excel.sheets(ctx.book):
        return failed(T_RERANK, "the macro ran but there is no Ranking sheet" + _shown(shown), " ".join(shown))
    rows = excel.used(ctx.book, "Ranking")
    if rows and rows[0] and rows[0][0] == marker:
        return failed(T_RERANK, "the macro ran but the Ranking sheet was not rebuilt" + _shown(shown),
                      " ".join(shown) or "did not finish within")
    table = ranking_table(rows)
    if table is None:
        return failed(T_RERANK, "the Ranking sheet has no ranked table (no header row Rank, Client)" + _shown(shown),
                      " ".join(shown))
    head, body = table
    got = {str(r[1]): (r[0], r[2] if len(r) > 2 else None, r[3] if len(r) > 3 else None) for r in body}
    want = ctx.expected.ranking
    wrong = [name for name, (rank, score, tier) in want.items()
             if name not in got or got[name][0] != rank or not _close(got[name][1], score) or got[name][2] != tier]
    if len(body) != len(want) or wrong:
        example = wrong[0] if wrong else ""
        return failed(T_RERANK, f"the Ranking sheet has {len(body)} clients, xlclientrank's Python ranks {len(want)}"
                      + (f"; {len(wrong)} differ, e.g. {example}: Excel {got.get(example)}, Python "
                         f"{want.get(example)}" if wrong else ""),
                      fix="the add-in runs another xlclientrank than this one: " + INSTALL.replace("then ", ""))
    return passed(T_RERANK, f"{len(body)} clients ranked, the same as xlclientrank rerank" + _shown(shown))


def step_formulas(ctx: Context) -> Line:
    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_FORMULAS, NO_FORMULAS)
    cs = client_sheet(excel, ctx.book)
    ctx.facts["clients"] = cs
    if cs.live is None:
        return failed(T_FORMULAS, f"the template's Clients sheet has no column '{LIVE_COLUMN}'",
                      fix="reinstall xlclientrank: the template is damaged")
    started = time.perf_counter()
    excel.calculate_full()
    ctx.facts["template_full"] = time.perf_counter() - started
    n = len(cs.rows)
    _ensure_sheet(ctx, SELFTEST_SHEET)
    excel.write(ctx.book, SELFTEST_SHEET, "A1", [["CLIENT_SCORE", "CLIENT_RANK"]])
    excel.write(ctx.book, SELFTEST_SHEET, f"A2:B{n + 1}",
                [[f"=CLIENT_SCORE(Clients!{cs.block(r)})", f"=CLIENT_RANK(Clients!{cs.block(r)})"]
                 for r in range(2, n + 2)])
    excel.calculate_full()
    tiers = [r[0] for r in _rows(excel.read(ctx.book, "Clients", f"{column_letter(cs.live)}2:"
                                                                  f"{column_letter(cs.live)}{n + 1}"))]
    score_rank = _rows(excel.read(ctx.book, SELFTEST_SHEET, f"A2:B{n + 1}"))
    table = ranking_table(excel.used(ctx.book, "Ranking")) if "Ranking" in excel.sheets(ctx.book) else None
    if table is None:
        return failed(T_FORMULAS, "no ranked table on the Ranking sheet to compare with", fix="see step 2")
    sheet = {str(r[1]): (r[0], r[2], r[3]) for r in table[1]}
    errors, wrong = [], []
    for row, tier, (score, rank) in zip(cs.rows, tiers, score_rank):
        name = str(row[0])
        for what, v in (("CLIENT_TIER", tier), ("CLIENT_SCORE", score), ("CLIENT_RANK", rank)):
            if _is_error(v) or v is None:
                errors.append((name, what, v if v is not None else "(empty)"))
        want = sheet.get(name)
        if want is None:
            wrong.append(f"{name} is not on the Ranking sheet")
        elif not errors and (tier != want[2] or not _close(score, want[1]) or not _close(rank, want[0])):
            wrong.append(f"{name}: formulas give {tier}, {score}, {rank}; the Ranking sheet {want[2]}, {want[1]}, "
                         f"{want[0]}")
    if errors:
        name, what, v = errors[0]
        return failed(T_FORMULAS, f"{len(errors)} of {3 * n} cells show an error, e.g. {what} for {name}: {short(v)}",
                      v)
    if wrong:
        return failed(T_FORMULAS, f"{len(wrong)} of {n} clients differ, e.g. {wrong[0]}",
                      fix="the formulas use an old calibration: click Re-rank; if it stays, " + INSTALL)
    return passed(T_FORMULAS, f"{3 * n} cells for {n} clients equal the Ranking sheet")


def step_pareto(ctx: Context) -> Line:
    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_PARETO, NO_FORMULAS)
    cs = ctx.facts.get("clients") or client_sheet(excel, ctx.book)
    col = ctx.expected.pareto_column
    if col not in cs.header:
        return failed(T_PARETO, f"the Clients sheet has no column '{col}'", fix="reinstall xlclientrank")
    letter = column_letter(cs.header.index(col))
    _ensure_sheet(ctx, SELFTEST_SHEET)
    excel.write(ctx.book, SELFTEST_SHEET, "D1", f"=PARETO_COUNT(Clients!{letter}2:{letter}{len(cs.rows) + 1})")
    excel.calculate(ctx.book, SELFTEST_SHEET, "D1")
    got = excel.read(ctx.book, SELFTEST_SHEET, "D1")
    want = ctx.expected.pareto_count
    if _is_error(got) or got is None:
        return failed(T_PARETO, f"PARETO_COUNT shows {short(got)}", got if got is not None else "#NAME?")
    if not _close(got, want, 0):
        return failed(T_PARETO, f"PARETO_COUNT gives {got}, xlclientrank's Python {want} ({col})",
                      fix="the add-in runs another xlclientrank than this one: " + INSTALL.replace("then ", ""))
    return passed(T_PARETO, f"{int(got)} clients bring 80 % of {col}, as in the Python summary")


def step_edit(ctx: Context) -> Line:
    from xlclientrank import formulas

    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_EDIT, NO_FORMULAS)
    cs = ctx.facts.get("clients") or client_sheet(excel, ctx.book)
    col = ctx.expected.pareto_column
    if col not in cs.header or not cs.rows or cs.live is None:
        return failed(T_EDIT, f"the Clients sheet has no column '{col}' or no live formula column",
                      fix="reinstall xlclientrank")
    c = cs.header.index(col)
    # a client in the middle of the ranking: doubling its revenue moves it
    by_rank = sorted(ctx.expected.ranking.items(), key=lambda kv: kv[1][0])
    name = by_rank[len(by_rank) // 2][0]
    i = next((k for k, r in enumerate(cs.rows) if str(r[0]) == name), 0)
    r = i + 2
    before = excel.read(ctx.book, SELFTEST_SHEET, f"A{r}") if SELFTEST_SHEET in excel.sheets(ctx.book) else None
    value = cs.rows[i][c]
    if not isinstance(value, (int, float)):
        return failed(T_EDIT, f"{name}'s {col} is not a number ({value!r})", fix="reinstall xlclientrank")
    _ensure_sheet(ctx, SELFTEST_SHEET)
    excel.write(ctx.book, SELFTEST_SHEET, f"A{r}:B{r}", [[f"=CLIENT_SCORE(Clients!{cs.block(r)})",
                                                          f"=CLIENT_RANK(Clients!{cs.block(r)})"]])
    excel.write(ctx.book, "Clients", f"{column_letter(c)}{r}", value * 2)
    excel.calculate_full()
    row = _rows(excel.read(ctx.book, "Clients", cs.block(r)))[0]
    score, rank = _rows(excel.read(ctx.book, SELFTEST_SHEET, f"A{r}:B{r}"))[0]
    tier = excel.read(ctx.book, "Clients", f"{column_letter(cs.live)}{r}")
    cal = ctx.expected.calibration
    want = tuple(formulas.client([row], None, cal, what) for what in ("score", "rank", "tier"))
    for v in (score, rank, tier):
        if _is_error(v) or v is None:
            return failed(T_EDIT, f"after doubling {name}'s {col} a formula shows {short(v)}", v or "#NAME?")
    if not (_close(score, want[0]) and _close(rank, want[1], 0) and tier == want[2]):
        return failed(T_EDIT, f"after doubling {name}'s {col} the formulas give score {score}, rank {rank}, {tier}; "
                      f"the calibration says {want[0]:.4f}, {want[1]}, {want[2]}",
                      fix="the formulas do not read the calibration Re-rank stored: " + INSTALL.replace("then ", ""))
    if _close(before, score, 1e-12):
        return failed(T_EDIT, f"doubling {name}'s {col} did not change its score ({score})",
                      fix="Excel does not recalculate the formulas: set File, Options, Formulas to Automatic")
    was = ctx.expected.ranking[name]
    return passed(T_EDIT, f"{name}: {col} doubled, score {was[1]:.2f} -> {float(score):.2f}, rank {was[0]} -> "
                  f"{int(rank)}, {was[2]} -> {tier}, as the calibration says")


def step_share(ctx: Context) -> Line:
    if ctx.addin is None:
        return skipped(T_SHARE, "needs the add-in (step 1)")
    from xlclientrank.share import default_out

    out = default_out(ctx.scratch)
    if out.exists():
        out.unlink()
    shown, bad = _run(ctx, "ShareActiveWorkbook", T_SHARE)
    if bad:
        return bad
    if not out.exists():
        return failed(T_SHARE, f"no '{out.name}' beside the scratch workbook" + _shown(shown),
                      " ".join(shown) or "did not finish within")
    try:
        from openpyxl import load_workbook

        names = load_workbook(out, read_only=True).sheetnames
    except Exception as exc:
        return failed(T_SHARE, f"'{out.name}' does not open with openpyxl ({short(exc)})",
                      fix="please send us the report file and the copy")
    if "Ranking" not in names:
        return failed(T_SHARE, f"'{out.name}' has no Ranking sheet (sheets: {', '.join(names)})",
                      fix="please send us the report file and the copy")
    return passed(T_SHARE, f"'{out.name}' written, sheets {', '.join(names)}")


def step_timing(ctx: Context) -> Line:
    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_TIMING, NO_FORMULAS)
    cs = ctx.facts.get("clients") or client_sheet(excel, ctx.book)
    if not cs.rows:
        return failed(T_TIMING, "the Clients sheet has no clients", fix="reinstall xlclientrank")
    _ensure_sheet(ctx, SELFTEST_SHEET)
    tick = time.perf_counter
    excel.write(ctx.book, SELFTEST_SHEET, "F1", f"=CLIENT_TIER(Clients!{cs.block(2)})")
    started = tick()
    for _ in range(TIMING_CALLS):
        excel.calculate(ctx.book, SELFTEST_SHEET, "F1")
    per_call = (tick() - started) / TIMING_CALLS
    one = excel.read(ctx.book, SELFTEST_SHEET, "F1")
    if _is_error(one) or one is None:
        return failed(T_TIMING, f"CLIENT_TIER shows {short(one)}", one or "#NAME?")
    full = ctx.facts.get("template_full")
    if full is None:
        started = tick()
        excel.calculate_full()
        full = tick() - started
    n, width = TIMING_ROWS, len(cs.header) if cs.live is None else cs.live
    data = [[row[j] if j < len(row) else None for j in range(width)] for row in
            (cs.rows[k % len(cs.rows)] for k in range(n))]
    many, single = f"{SELFTEST_SHEET} {n}", f"{SELFTEST_SHEET} 1"
    for name in (many, single):
        _ensure_sheet(ctx, name)
    excel.write(ctx.book, many, f"A1:{cs.last}1", [cs.header[:width]])
    excel.write(ctx.book, many, f"A2:{cs.last}{n + 1}", data)
    rows_col = column_letter(width + 1)
    excel.write(ctx.book, many, f"{rows_col}2:{rows_col}{n + 1}",
                [[f"=CLIENT_TIER(A{r}:{cs.last}{r})"] for r in range(2, n + 2)])
    started = tick()
    excel.calculate(ctx.book, many, f"{rows_col}2:{rows_col}{n + 1}")
    t_single = tick() - started
    excel.write(ctx.book, single, "A2", f"=CLIENT_TIER('{many}'!A2:{cs.last}{n + 1})")
    started = tick()
    excel.calculate(ctx.book, single, "A2")
    t_many = tick() - started
    results = [r[0] for r in _rows(excel.read(ctx.book, single, f"A2:A{n + 1}"))]
    good = sum(1 for v in results if v not in (None, "") and not _is_error(v))
    detail = (f"one CLIENT_TIER {per_call * 1000:.1f} ms per call (average of {TIMING_CALLS}); full recalculation of "
              f"the template {full:.2f} s; {n:,} single-row formulas {t_single:.2f} s "
              f"({t_single / n * 1000:.2f} ms each) vs one formula over {n:,} rows {t_many:.2f} s")
    if good == n:
        detail += f" ({n:,} results, one per row)"
    else:
        detail += (f" (it gave {good:,} results for {n:,} rows" + (f": {short(results[0], 80)}" if results and
                                                                    _is_error(results[0]) else "")
                   + "; one result per row needs a newer xlclientrank or Excel with dynamic arrays)")
    ctx.facts["timing"] = {"per_call": per_call, "template_full": full, "single_rows": t_single, "many_rows": t_many}
    return passed(T_TIMING, detail)


STEPS: tuple[Callable[[Context], Line], ...] = (step_addin, step_rerank, step_formulas, step_pareto, step_edit,
                                                step_share, step_timing)
TITLES = (T_ADDIN, T_RERANK, T_FORMULAS, T_PARETO, T_EDIT, T_SHARE, T_TIMING)


def run_steps(ctx: Context, emit: Callable[[Line], None]) -> list[Line]:
    lines = []
    for step, title in zip(STEPS, TITLES):
        if ctx.excel.stopped:
            line = skipped(title, "Excel had to be stopped in an earlier step")
        else:
            try:
                line = step(ctx)
            except Exception as exc:  # a step must end in a line, whatever Excel raised
                line = failed(title, f"{type(exc).__name__}: {short(exc)}", exc)
        if line.status == "failed":
            ctx.failed.add(title)
        lines.append(line)
        emit(line)
    return lines


# ---------------------------------------------------------------- the command

def versions(excel: Excel | None) -> list[str]:
    try:
        from importlib.metadata import version as dist_version

        xlwings_version = dist_version("xlwings")
    except Exception:
        xlwings_version = "not installed"
    return [f"xlclientrank {__version__}", f"Python {platform.python_version()} ({sys.executable})",
            f"xlwings {xlwings_version}", f"Excel {getattr(excel, 'version', None) or 'not started'}",
            f"OS {platform.platform()}"]


def default_report(now: dt.datetime | None = None) -> Path:
    now = now or dt.datetime.now()
    return Path.cwd() / f"xlclientrank-selftest-{now:%Y%m%d-%H%M}.txt"


def scratch_parent(places: Any) -> Path | None:
    """Where the scratch folder goes: the temp folder; on a Mac Excel's own container (a sandboxed Excel
    asks for permission for files anywhere else, which a hidden Excel cannot show)."""
    if places is not None and getattr(places, "system", "") == "Darwin":
        folder = Path(places.config).parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return None


def selftest(out: TextIO, report: Path | None = None, *, connect: Callable[[], Excel] | None = None,
             places: Any = None, template: Path | None = None, timeout: float = MACRO_TIMEOUT) -> int:
    """Runs every step in a separate Excel; 0 when none failed, 1 when one did, 2 without Excel."""
    from xlclientrank.excel import install

    places = places if places is not None else install.places()
    try:
        excel = (connect or connect_xlwings)()
    except NoExcel as exc:
        print(f"xlclientrank selftest: {exc}", file=out)
        return NO_EXCEL_EXIT
    if hasattr(excel, "timeout"):
        excel.timeout = timeout
    lines: list[Line] = []
    header = ["xlclientrank selftest report", f"run {dt.datetime.now():%Y-%m-%d %H:%M:%S}"]
    template = Path(template or bundled_file("template"))
    addin_file, installed = addin_to_open(places)
    report = Path(report) if report else default_report()

    def emit(line: Line) -> None:
        print(line.text(), file=out, flush=True)

    print("xlclientrank selftest: in a separate, hidden Excel, on a scratch copy of the template "
          "(your own workbooks and Excel windows are not touched)", file=out, flush=True)
    try:
        header += versions(excel) + [f"add-in {addin_file} ({'installed' if installed else 'not installed'})",
                                     f"template {template}"]
        with tempfile.TemporaryDirectory(prefix="xlclientrank-selftest-", dir=scratch_parent(places),
                                         ignore_cleanup_errors=True) as tmp:
            try:
                scratch = Path(tmp) / template.name
                shutil.copyfile(template, scratch)
                expected = expected_of(scratch, Path(tmp) / "python")
                book = excel.open(scratch)
            except Exception as exc:
                line = failed("0. a scratch copy of the template opens in Excel", short(exc), exc)
                lines.append(line)
                emit(line)
            else:
                ctx = Context(excel, scratch, book, addin_file, installed, expected, timeout=timeout)
                lines += run_steps(ctx, emit)
            finally:
                _quit(excel)
    finally:
        _quit(excel)
        counts = {s: sum(1 for x in lines if x.status == s) for s in ("passed", "failed", "skipped")}
        verdict = f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
        body = "\n".join(header + [""] + [x.text() for x in lines] + ["", verdict]) + "\n"
        try:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(body, encoding="utf-8")
            where = str(report)
        except OSError as exc:
            where = f"not written ({exc})"
        print(verdict, file=out)
        print(f"Report: {where}" + (" (please send it to us with a description of what you did)"
                                    if counts["failed"] else ""), file=out)
    return 1 if counts["failed"] or not lines else 0


def _quit(excel: Excel) -> None:
    try:
        excel.quit()
    except Exception:
        pass


# ---------------------------------------------------------------- the real Excel, through xlwings

def connect_xlwings() -> "XlwingsExcel":
    system = platform.system()
    if system not in ("Windows", "Darwin"):
        raise NoExcel(f"Excel does not run on {system or 'this system'}, so there is nothing to test here "
                      "(xlclientrank rerank works without Excel).")
    try:
        import xlwings as xw
    except ImportError:
        raise NoExcel("xlwings is not installed, so Excel cannot be reached: run  pip install xlwings") from None
    if "excel" not in [e.name for e in xw.engines]:
        raise NoExcel("xlwings finds no Excel on this computer"
                      + (" (on Windows it needs pywin32: pip install pywin32)" if system == "Windows" else "") + ".")
    if system == "Darwin" and xw.apps.count:
        raise NoExcel("Excel is running: on a Mac the self-test cannot use a separate Excel, so quit Excel and run "
                      "it again.")
    try:
        app = xw.App(visible=False, add_book=False)
    except Exception as exc:
        raise NoExcel(f"Excel could not be started ({short(exc, 120)}); is Excel installed?") from None
    return XlwingsExcel(app)


class XlwingsExcel:
    """:class:`Excel` with the open-source part of xlwings, on one separate, hidden instance."""

    MSO_AUTOMATION_SECURITY_LOW, MSO_AUTOMATION_SECURITY_BY_UI = 1, 2

    def __init__(self, app: Any) -> None:
        self.app = app
        self.pid = app.pid
        self.windows = platform.system() == "Windows"
        self.formulas = self.windows
        self.stopped = False
        self.timeout = MACRO_TIMEOUT  # for opening and recalculating (macros get theirs from the step)
        self.version = str(app.version)
        app.display_alerts = False  # no "save changes?" or link prompts in the hidden instance

    def _book(self, name: str) -> Any:
        return self.app.books[name]

    def _watched(self, call: Callable[[], Any], timeout: float) -> tuple[Any, list[str]]:
        return watched(call, timeout, self._dialogs, self._kill)

    def _dialogs(self) -> list[str]:
        return close_dialogs(self.pid) if self.windows else []

    def _kill(self) -> None:
        self.stopped = True
        kill(self.pid)

    def open(self, path: Path, read_only: bool = False, trust_center: bool = False) -> str:
        api = self.app.api
        if self.windows:  # Trust Center settings for the add-in; a scratch copy is trusted as if "Enable Content"
            api.AutomationSecurity = self.MSO_AUTOMATION_SECURITY_BY_UI if trust_center else \
                self.MSO_AUTOMATION_SECURITY_LOW
        try:
            book, shown = self._watched(lambda: self.app.books.open(str(path), update_links=False,
                                                                    read_only=read_only), self.timeout)
        finally:
            if self.windows and not self.stopped:
                api.AutomationSecurity = self.MSO_AUTOMATION_SECURITY_LOW
        if shown and trust_center:
            raise RuntimeError("Excel showed: " + " / ".join(shown))
        return book.name

    def is_open(self, name: str) -> bool:
        try:
            self.app.books[name]
            return True
        except Exception:
            pass
        try:
            return any(a.Name == name for a in self.app.api.AddIns2)
        except Exception:
            return False

    def activate(self, book: str) -> None:
        self._book(book).activate()

    def run_macro(self, macro: str, timeout: float) -> list[str]:
        _, shown = self._watched(lambda: self.app.macro(macro)(), timeout)
        return shown

    def sheets(self, book: str) -> list[str]:
        return [s.name for s in self._book(book).sheets]

    def add_sheet(self, book: str, name: str) -> None:
        b = self._book(book)
        b.sheets.add(name, after=b.sheets[len(b.sheets) - 1])

    def _range(self, book: str, sheet: str, address: str) -> Any:
        return self._book(book).sheets[sheet].range(address)

    def read(self, book: str, sheet: str, address: str) -> Any:
        rng = self._range(book, sheet, address)
        if ":" in address:
            return rng.options(ndim=2, err_to_str=True).value
        return rng.options(err_to_str=True).value

    def write(self, book: str, sheet: str, address: str, value: Any) -> None:
        rng = self._range(book, sheet, address)
        flat = [c for r in _rows(value) for c in r]
        if any(isinstance(c, str) and c.startswith("=") for c in flat):
            rng.formula = value
        else:
            rng.value = value

    def used(self, book: str, sheet: str) -> list[list[Any]]:
        s = self._book(book).sheets[sheet]
        last = s.used_range.last_cell
        return _rows(s.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value)

    def calculate_full(self) -> None:
        self._watched(lambda: self.app.api.CalculateFull() if self.windows else self.app.calculate(), self.timeout)

    def calculate(self, book: str, sheet: str, address: str) -> None:
        rng = self._range(book, sheet, address)
        self._watched(lambda: rng.api.Calculate() if self.windows else self.app.calculate(), self.timeout)

    def quit(self) -> None:
        if self.app is None:
            return
        app, self.app = self.app, None
        if not self.stopped:
            try:
                for book in list(app.books):
                    book.close()
                app.quit()
            except Exception:
                pass
        deadline = time.monotonic() + 10
        while running(self.pid) and time.monotonic() < deadline:
            time.sleep(0.25)
        if running(self.pid):
            try:
                app.kill()
            except Exception:
                kill(self.pid)


def watched(call: Callable[[], Any], timeout: float, dialogs: Callable[[], list[str]],
            stop: Callable[[], None], poll: float = 0.5) -> tuple[Any, list[str]]:
    """Runs ``call`` while a watcher reads and closes the message boxes it shows (a hidden Excel would
    wait for them for ever) and stops Excel after ``timeout`` seconds. Returns (result, texts seen);
    raises the call's error with the texts, or ExcelStopped."""
    seen: list[str] = []
    done = threading.Event()
    timed_out = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not done.wait(poll):
            try:
                seen.extend(dialogs())
            except Exception:
                pass
            if time.monotonic() > deadline:
                timed_out.set()
                stop()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = call()
    except Exception as exc:
        if timed_out.is_set():
            raise ExcelStopped(f"Excel did not finish within {timeout:.0f} s and was stopped"
                               + _shown(seen)) from exc
        if seen:
            raise RuntimeError(f"{short(exc)}{_shown(seen)}") from exc
        raise
    finally:
        done.set()
        watcher.join(poll * 4)
    try:
        seen.extend(dialogs())
    except Exception:
        pass
    if timed_out.is_set():
        raise ExcelStopped(f"Excel did not finish within {timeout:.0f} s and was stopped" + _shown(seen))
    return result, seen


def close_dialogs(pid: int) -> list[str]:
    """Windows: the texts of the message boxes of Excel ``pid`` (its own, and those Python shows with an
    Excel window as owner), each closed after reading."""
    try:
        import win32con
        import win32gui
        import win32process
    except ImportError:
        return []
    found: list[int] = []

    def of_excel(hwnd: int) -> bool:
        for h in (hwnd, win32gui.GetWindow(hwnd, win32con.GW_OWNER)):
            if h and win32process.GetWindowThreadProcessId(h)[1] == pid:
                return True
        return False

    def each(hwnd: int, _: Any) -> bool:
        if win32gui.GetClassName(hwnd) == "#32770" and of_excel(hwnd):
            found.append(hwnd)
        return True

    win32gui.EnumWindows(each, None)
    texts = []
    for hwnd in found:
        parts = [win32gui.GetWindowText(hwnd)]

        def child(h: int, _: Any) -> bool:
            if win32gui.GetClassName(h) in ("Static", "RichEdit20W", "Edit"):
                parts.append(win32gui.GetWindowText(h))
            return True

        try:
            win32gui.EnumChildWindows(hwnd, child, None)
        except Exception:
            pass
        texts.append(": ".join(p for p in parts if p))
        win32gui.PostMessage(hwnd, win32con.WM_CLOSE, 0, 0)
    return texts


def running(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def kill(pid: int) -> None:
    """Ends the self-test's own Excel process (by its id; never any other Excel)."""
    try:
        os.kill(pid, signal.SIGTERM if os.name == "nt" else signal.SIGKILL)
    except OSError:
        pass

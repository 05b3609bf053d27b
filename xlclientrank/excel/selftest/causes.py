"""Likely causes, as data: :data:`CAUSES` is the one table that turns an error (an exception or a cell's
text) into its likely cause and fix; :func:`likely_cause` applies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


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


def messages_text(texts: list[str]) -> str:
    return "; the messages: " + " / ".join(short(t, 160) for t in texts) if texts else ""

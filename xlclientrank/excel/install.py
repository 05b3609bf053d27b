"""``xlclientrank install``, ``uninstall`` and ``doctor``: put the add-in where Excel loads it.

Install copies ``xlclientrank.xlam`` into Excel's startup folder (so its ribbon tab and cell
formulas are in every workbook after Excel restarts) and writes the add-in's xlwings settings to
the user's config file: this Python interpreter and the formulas' module. Doctor reports what it
finds and the fix for what is missing, and says plainly what it cannot check from here.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from xlclientrank.excel.build import ADDIN, PROJECT_NAME, UDF_MODULE

MAC_STARTUP = "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"


@dataclass
class Places:
    """Where Excel and the add-in's settings live on this machine (None: no Excel here)."""

    system: str
    startup: Path | None
    config: Path
    interpreter_key: str


def places(home: Path | None = None, system: str | None = None, env: dict | None = None) -> Places:
    system = system or platform.system()
    env = os.environ if env is None else env
    home = home or Path.home()
    if system == "Windows":
        appdata = Path(env.get("APPDATA", home / "AppData" / "Roaming"))
        return Places(system, appdata / "Microsoft" / "Excel" / "XLSTART",
                      Path(env.get("USERPROFILE", home)) / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf",
                      "INTERPRETER_WIN")
    if system == "Darwin":
        return Places(system, home / MAC_STARTUP, home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" /
                      f"{PROJECT_NAME}.conf", "INTERPRETER_MAC")
    return Places(system, None, home / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf", "")


def _no_excel(p: Places, out: TextIO) -> int:
    print(f"Excel does not run on {p.system or 'this system'}, so there is nothing to install here. "
          "Everything else works: xlclientrank rerank WORKBOOK ranks a workbook from the command line.", file=out)
    return 0


def write_config(p: Places, interpreter: str) -> None:
    """The add-in's xlwings settings, in xlwings' config-file format ("KEY","value" per line)."""
    lines = {"UDF MODULES": UDF_MODULE, "USE UDF SERVER": "True"}
    if p.interpreter_key:
        lines[p.interpreter_key] = interpreter
    p.config.parent.mkdir(parents=True, exist_ok=True)
    existing = {}
    if p.config.exists():
        for line in p.config.read_text(encoding="utf-8").splitlines():
            if line.startswith('"') and '","' in line:
                key, value = line[1:-1].split('","', 1)
                existing[key] = value
    existing.update(lines)
    p.config.write_text("".join(f'"{k}","{v}"\n' for k, v in existing.items()), encoding="utf-8")


def install(out: TextIO, p: Places | None = None, addin: Path = ADDIN) -> int:
    p = p or places()
    if p.startup is None:
        return _no_excel(p, out)
    p.startup.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(addin, p.startup / addin.name)
    write_config(p, sys.executable)
    print(f"Installed the Client Rank add-in in {p.startup}.\n"
          f"Settings for it (this Python, {sys.executable}) are in {p.config}.\n"
          "Restart Excel: the 'Client Rank' tab and the CLIENT_* formulas are then in every workbook.", file=out)
    return 0


def uninstall(out: TextIO, p: Places | None = None) -> int:
    p = p or places()
    if p.startup is None:
        return _no_excel(p, out)
    target = p.startup / ADDIN.name
    if target.exists():
        target.unlink()
        print(f"Removed the Client Rank add-in from {p.startup}. Restart Excel.", file=out)
    else:
        print("The Client Rank add-in was not installed; nothing to remove.", file=out)
    if p.config.exists():
        p.config.unlink()
    return 0


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ValueError:  # a stand-in module (as the add-in build puts in for pywin32) is not the real one
        return False


def doctor(out: TextIO, p: Places | None = None) -> int:
    """Prints one line a check: ok, missing (with the fix), or cannot check (and why)."""
    p = p or places()
    problems = 0

    def line(status: str, text: str) -> None:
        print(f"[{status:^12}] {text}", file=out)

    line("ok", f"Python {platform.python_version()} at {sys.executable}")
    try:
        import xlwings

        line("ok", f"xlwings {xlwings.__version__} (the open-source part is all xlclientrank uses)")
    except ImportError:
        problems += 1
        line("missing", "xlwings: run  pip install xlwings")
    spec = _importable(UDF_MODULE)
    line("ok" if spec else "missing", f"the cell formulas' module {UDF_MODULE}"
         + ("" if spec else ": reinstall xlclientrank (pip install xlclientrank)"))
    problems += not spec
    if p.startup is None:
        line("cannot check", f"Excel: it does not run on {p.system}; the add-in, ribbon and formulas need Excel "
                             "for Windows (formulas) or Windows/Mac (ribbon). The command line works here.")
        return 0
    if p.system == "Windows":
        has_pywin32 = _importable("win32com")
        line("ok" if has_pywin32 else "missing", "pywin32, which xlwings needs on Windows"
             + ("" if has_pywin32 else ": run  pip install pywin32"))
        problems += not has_pywin32
    installed = (p.startup / ADDIN.name).exists()
    line("ok" if installed else "missing", f"the add-in in Excel's startup folder {p.startup}"
         + ("" if installed else ": run  xlclientrank install"))
    problems += not installed
    configured = p.config.exists() and UDF_MODULE in p.config.read_text(encoding="utf-8")
    line("ok" if configured else "missing", f"the add-in's settings in {p.config}"
         + ("" if configured else ": run  xlclientrank install"))
    problems += not configured
    line("cannot check", "whether Excel itself is installed and loads the add-in: open Excel and look for the "
                         "'Client Rank' tab")
    return 1 if problems else 0

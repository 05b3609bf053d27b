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

from xlclientrank import __version__
from xlclientrank.excel.build import ADDIN, PROJECT_NAME, UDF_MODULE, VERSION_KEY, XLWINGS_KEY, addin_config

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


def config_encoding(system: str) -> str:
    """The encoding VBA's ``Input #`` reads the config file in: the ANSI code page on Windows ("mbcs"
    is Python's name for it there; cp1252, Western Europe's, elsewhere), UTF-8 on a Mac."""
    if system == "Windows":
        return "mbcs" if sys.platform.startswith("win") else "cp1252"
    return "utf-8"


class ConfigError(Exception):
    """The add-in's settings cannot be written so that Excel reads them back."""


def write_config(p: Places, interpreter: str) -> None:
    """The add-in's xlwings settings, in xlwings' config-file format ("KEY","value" per line).

    Only keys with a value are written: xlwings takes an empty value as the setting. "USE UDF SERVER"
    is False so that the buttons' RunPython starts its own Python (through the UDF server, RunPython
    times out after 90 s and needs @xw.sub functions); the cell formulas always use the UDF server."""
    lines = {"UDF MODULES": UDF_MODULE, "USE UDF SERVER": "False"}
    if p.interpreter_key:
        lines[p.interpreter_key] = interpreter
    encoding = config_encoding(p.system)
    p.config.parent.mkdir(parents=True, exist_ok=True)
    existing = {}
    if p.config.exists():
        for line in p.config.read_text(encoding=encoding, errors="replace").splitlines():
            if line.startswith('"') and '","' in line:
                key, value = line[1:-1].split('","', 1)
                if value:
                    existing[key] = value
    existing.update(lines)
    text = "".join(f'"{k}","{v}"\n' for k, v in existing.items())
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise ConfigError(f"the path {interpreter} has characters ({exc.object[exc.start:exc.end]!r}) that Excel's "
                          "macros cannot read on this computer; install Python in a folder whose name has only "
                          "plain letters (for example C:\\Python312) and run  xlclientrank install  again") from None
    p.config.write_bytes(data)


def read_config(p: Places) -> dict[str, str]:
    """The config file as key -> value, read as the add-in's VBA reads it."""
    if not p.config.exists():
        return {}
    out = {}
    for line in p.config.read_bytes().decode(config_encoding(p.system), errors="replace").splitlines():
        if line.startswith('"') and '","' in line:
            key, value = line[1:-1].split('","', 1)
            out[key.upper()] = value
    return out


def install(out: TextIO, p: Places | None = None, addin: Path = ADDIN) -> int:
    p = p or places()
    if p.startup is None:
        return _no_excel(p, out)
    try:
        write_config(p, sys.executable)
    except ConfigError as exc:
        print(f"Not installed: {exc}.", file=out)
        return 2
    p.startup.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(addin, p.startup / addin.name)
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
    target = p.startup / ADDIN.name
    installed = target.exists()
    line("ok" if installed else "missing", f"the add-in in Excel's startup folder {p.startup}"
         + ("" if installed else ": run  xlclientrank install"))
    problems += not installed
    if installed:
        problems += _check_addin(target, line)
    problems += _check_config(p, line)
    line("cannot check", "whether Excel itself is installed and loads the add-in: open Excel and look for the "
                         "'Client Rank' tab")
    return 1 if problems else 0


def _check_addin(target: Path, line) -> int:
    """The installed add-in was built for this package and this xlwings (its VBA names xlwings' DLL
    and AppleScript by version: run-time error 53 when they differ)."""
    config = addin_config(target)
    built_for = config.get(VERSION_KEY)
    problems = 0
    if built_for != __version__:
        problems += 1
        line("differs", f"the add-in was built for xlclientrank {built_for or 'an older version'}, this is "
                        f"{__version__}: run  xlclientrank install  again, then restart Excel")
    else:
        line("ok", f"the add-in's version {built_for} is this package's")
    wanted = config.get(XLWINGS_KEY)
    try:
        import xlwings

        have = xlwings.__version__
    except ImportError:
        have = None
    if wanted and have and wanted != have:
        problems += 1
        line("differs", f"the add-in needs xlwings {wanted}, this Python has {have}: run  "
                        f"pip install xlwings=={wanted}")
    return problems


def _check_config(p: Places, line) -> int:
    """The settings file names this package's formulas and an interpreter that exists, with xlwings'
    DLL beside it on Windows; no Python from the Microsoft Store (Excel cannot start it)."""
    config = read_config(p)
    problems = 0
    configured = UDF_MODULE in config.get("UDF MODULES", "")
    line("ok" if configured else "missing", f"the add-in's settings in {p.config}"
         + ("" if configured else ": run  xlclientrank install"))
    problems += not configured
    empty = sorted(k for k, v in config.items() if not v)
    if empty:  # xlwings takes an empty value as the setting itself (an empty interpreter starts "python")
        problems += 1
        line("problem", f"empty settings in {p.config} ({', '.join(empty)}): run  xlclientrank install  again, "
                        "which leaves them out")
    if not configured or not p.interpreter_key:
        return problems
    interpreter = config.get(p.interpreter_key, "")
    if not interpreter or not Path(interpreter).is_file():
        line("missing", f"the Python the add-in starts ({interpreter or 'none set'}): run  xlclientrank install  "
                        "with the Python you use")
        return problems + 1
    line("ok", f"the add-in starts {interpreter}")
    if "WindowsApps" in interpreter:
        problems += 1
        line("problem", "this Python comes from the Microsoft Store, which Excel cannot start ('Could not activate "
                        "Python COM server'): install Python from python.org and run  xlclientrank install  with it")
    if p.system == "Windows":
        try:
            import xlwings

            names = [f"xlwings{bits}-{xlwings.__version__}.dll" for bits in ("64", "32")]
        except ImportError:
            names = []
        folders = [Path(interpreter).parent, Path(interpreter).parent.parent]
        if names and not any((f / n).is_file() for f in folders for n in names):
            problems += 1
            line("missing", f"xlwings' DLL ({names[0]}) beside {interpreter} (run-time error 53 in Excel; antivirus "
                            "programs sometimes remove it): run  pip install --force-reinstall xlwings")
    return problems

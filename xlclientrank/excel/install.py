"""``xlclientrank install``, ``uninstall`` and ``doctor``: put the add-in where Excel loads it.

Install copies ``xlclientrank.xlam`` (from the installed package) into Excel's startup folder (so its
ribbon tab and cell formulas are in every workbook after Excel restarts) and writes the add-in's
xlwings settings to the user's config file: this Python interpreter and the formulas' module. On a
Mac it also puts xlwings' AppleScript (``xlwings-<version>.applescript``, the one the add-in's VBA
calls through ``AppleScriptTask``) into ``~/Library/Application Scripts/com.microsoft.Excel/``, the
one folder sandboxed Excel may run scripts from, as xlwings' own ``xlwings runpython install`` does.
Running install again replaces the add-in and its settings (an upgrade). What install added is
listed in ``~/.xlclientrank/installed.json``, and uninstall removes exactly that (an AppleScript
that was there before, from xlwings' own add-in, stays). Doctor reports what it finds and the fix
for what is missing, and says plainly what it cannot check from here.

``XLCLIENTRANK_SYSTEM`` (``Windows`` or ``Darwin``) makes these commands act as on that system, in
the folders under ``HOME`` (and ``APPDATA``/``USERPROFILE``): the tests install into made-up home
folders with it.
"""

from __future__ import annotations

import importlib.util
import json
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
# the only folder sandboxed Excel for Mac runs AppleScripts from (AppleScriptTask)
MAC_SCRIPTS = "Library/Application Scripts/com.microsoft.Excel"
SYSTEM_VARIABLE = "XLCLIENTRANK_SYSTEM"


@dataclass
class Places:
    """Where Excel and the add-in's settings live on this machine (None: no Excel here)."""

    system: str
    startup: Path | None
    config: Path
    interpreter_key: str
    scripts: Path | None = None     # where xlwings' AppleScript goes (a Mac only)
    record: Path | None = None      # the list of what install added, for uninstall


def places(home: Path | None = None, system: str | None = None, env: dict | None = None) -> Places:
    env = os.environ if env is None else env
    system = system or env.get(SYSTEM_VARIABLE) or platform.system()
    home = home or Path.home()
    if system == "Windows":
        appdata = Path(env.get("APPDATA", home / "AppData" / "Roaming"))
        own = Path(env.get("USERPROFILE", home)) / f".{PROJECT_NAME}"
        return Places(system, appdata / "Microsoft" / "Excel" / "XLSTART", own / f"{PROJECT_NAME}.conf",
                      "INTERPRETER_WIN", record=own / "installed.json")
    if system == "Darwin":
        return Places(system, home / MAC_STARTUP, home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" /
                      f"{PROJECT_NAME}.conf", "INTERPRETER_MAC", scripts=home / MAC_SCRIPTS,
                      record=home / f".{PROJECT_NAME}" / "installed.json")
    return Places(system, None, home / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf", "")


def applescript(addin: Path = ADDIN) -> tuple[str, Path | None]:
    """(name, source) of the xlwings AppleScript the add-in's VBA calls: its name carries the xlwings
    version the VBA was taken from; the source is that file in this Python's xlwings (None when this
    xlwings is another version, or not installed)."""
    version = addin_config(addin).get(XLWINGS_KEY, "")
    name = f"xlwings-{version}.applescript"
    try:
        import xlwings
    except ImportError:
        return name, None
    source = Path(xlwings.__file__).parent / name
    return name, source if source.is_file() else None


def _record(p: Places) -> dict:
    try:
        return json.loads(p.record.read_text(encoding="utf-8")) if p.record and p.record.exists() else {}
    except (OSError, ValueError):
        return {}


def _copy_into(source: Path, folder: Path) -> Path:
    """Copies ``source`` into ``folder`` through a temporary file in that folder, so that a copy cut
    short never leaves a half-written add-in where Excel loads it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    partial = folder / f".{source.name}.partial"
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


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
    """Installs (or, run again, replaces) the add-in, its settings and, on a Mac, xlwings' AppleScript."""
    p = p or places()
    if p.startup is None:
        return _no_excel(p, out)
    script_name, script = applescript(addin) if p.scripts is not None else ("", None)
    if p.scripts is not None and script is None and not (p.scripts / script_name).is_file():
        wanted = addin_config(addin).get(XLWINGS_KEY, "?")
        print(f"Not installed: the Re-rank button on a Mac needs xlwings' {script_name}, which this Python's "
              f"xlwings does not have (the add-in was built with xlwings {wanted}): run  pip install "
              f"xlwings=={wanted}  and then  xlclientrank install  again.", file=out)
        return 2
    try:
        write_config(p, sys.executable)
    except ConfigError as exc:
        print(f"Not installed: {exc}.", file=out)
        return 2
    record = _record(p)
    added = set(record.get("added", []))
    upgrade = (p.startup / addin.name).exists()
    added.add(str(_copy_into(addin, p.startup)))
    added.add(str(p.config))
    lines = [f"{'Replaced' if upgrade else 'Installed'} the Client Rank add-in in {p.startup}.",
             f"Settings for it (this Python, {sys.executable}) are in {p.config}."]
    if p.scripts is not None:
        target = p.scripts / script_name
        if script is not None and (not target.exists() or str(target) in added):
            _copy_into(script, p.scripts)
            added.add(str(target))
            lines.append(f"Put xlwings' {script_name} (the Re-rank button runs Python through it) in {p.scripts}.")
        else:
            lines.append(f"xlwings' {script_name} is already in {p.scripts} (left as it is).")
    if p.record is not None:
        p.record.parent.mkdir(parents=True, exist_ok=True)
        p.record.write_text(json.dumps({"version": __version__, "added": sorted(added)}, indent=1), encoding="utf-8")
    lines.append("Restart Excel: the 'Client Rank' tab and the CLIENT_* formulas are then in every workbook."
                 if p.system == "Windows" else
                 "Restart Excel: the 'Client Rank' tab is then in every workbook (the CLIENT_* cell formulas need "
                 "Excel for Windows).")
    print("\n".join(lines), file=out)
    return 0


def uninstall(out: TextIO, p: Places | None = None) -> int:
    """Removes what install added: the add-in, its settings file and (a Mac) the AppleScript it put
    there; files that were there before install stay."""
    p = p or places()
    if p.startup is None:
        return _no_excel(p, out)
    target = p.startup / ADDIN.name
    added = [Path(f) for f in _record(p).get("added", [])]
    removed = []
    for f in sorted({target, p.config, *added}):
        if f.exists():
            f.unlink()
            removed.append(f)
    if p.record is not None:
        p.record.unlink(missing_ok=True)
    if target in removed:
        print(f"Removed the Client Rank add-in from {p.startup}. Restart Excel.", file=out)
    else:
        print("The Client Rank add-in was not installed; nothing to remove.", file=out)
    for f in removed:
        if f != target:
            print(f"Removed {f}.", file=out)
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
    if p.scripts is not None:
        problems += _check_applescript(p, target if installed else ADDIN, line)
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


def _check_applescript(p: Places, addin: Path, line) -> int:
    """A Mac: the AppleScript the add-in's VBA calls is where sandboxed Excel runs scripts from."""
    name, _ = applescript(addin)
    there = (p.scripts / name).is_file()
    line("ok" if there else "missing", f"xlwings' {name} in {p.scripts}, which the Re-rank button runs Python "
                                       "through" + ("" if there else ": run  xlclientrank install"))
    return 0 if there else 1


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

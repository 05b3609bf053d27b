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
import re
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from xlclientrank import __version__
from xlclientrank.excel.build import ADDIN, PROJECT_NAME, VERSION_KEY, XLWINGS_KEY, addin_config
from xlclientrank.names import UDF_MODULE

MAC_STARTUP = "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"
# the only folder sandboxed Excel for Mac runs AppleScripts from (AppleScriptTask)
MAC_SCRIPTS = "Library/Application Scripts/com.microsoft.Excel"
SYSTEM_VARIABLE = "XLCLIENTRANK_SYSTEM"

# one line of the doctor's report: its status ("ok", "missing", ...) and what was checked
Line = Callable[[str, str], None]


@dataclass
class Places:
    """Where Excel and the add-in's settings live on this machine (None: no Excel here)."""

    system: str
    startup: Path | None
    config: Path
    interpreter_key: str
    scripts: Path | None = None     # where xlwings' AppleScript goes (a Mac only)
    record: Path | None = None      # the list of what install added, for uninstall


def places(home: Path | None = None, system: str | None = None, env: Mapping[str, str] | None = None) -> Places:
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


def _record(p: Places) -> dict[str, Any]:
    try:
        return json.loads(p.record.read_text(encoding="utf-8")) if p.record and p.record.exists() else {}
    except (OSError, ValueError):
        return {}


NEVER_INSTALLED = ("There is no Excel on this computer, so Client Rank's add-in was never installed here; nothing "
                   "to remove.")
NOT_INSTALLED = "Client Rank's add-in is not installed in Excel; nothing to remove."


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


def conda_settings(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(conda folder, environment) when this Python runs in an activated conda environment, as
    xlwings' own ``config_create`` finds them (CONDA_EXE without its Scripts folder and conda.exe)."""
    env = os.environ if env is None else env
    name, exe = env.get("CONDA_DEFAULT_ENV"), env.get("CONDA_EXE")
    if not (name and exe):
        return None
    return str(Path(exe).parent.parent), name


def config_bytes(p: Places, interpreter: str, conda: tuple[str, str] | None = None) -> bytes:
    """The add-in's xlwings settings, in xlwings' config-file format ("KEY","value" per line).

    Only keys with a value are written: xlwings takes an empty value as the setting. "USE UDF SERVER"
    is False so that the buttons' RunPython starts its own Python (through the UDF server, RunPython
    times out after 90 s and needs @xw.sub functions); the cell formulas always use the UDF server.
    In a conda environment on Windows, as xlwings' own ``config_create`` does, the conda folder and
    environment are written instead of the interpreter, so that Excel activates the environment
    (a conda Python started without it cannot load numpy's and pandas' DLLs)."""
    lines = {"UDF MODULES": UDF_MODULE, "USE UDF SERVER": "False"}
    drop = set()
    if p.system == "Windows" and conda:
        lines["CONDA PATH"], lines["CONDA ENV"] = conda
        drop.add(p.interpreter_key)
    elif p.interpreter_key:
        lines[p.interpreter_key] = interpreter
        drop |= {"CONDA PATH", "CONDA ENV"}
    encoding = config_encoding(p.system)
    existing = {}
    if p.config.exists():
        for line in p.config.read_text(encoding=encoding, errors="replace").splitlines():
            if line.startswith('"') and '","' in line:
                key, value = line[1:-1].split('","', 1)
                if value:
                    existing[key] = value
    existing = {k: v for k, v in existing.items() if k.upper() not in drop}
    existing.update(lines)
    text = "".join(f'"{k}","{v}"\n' for k, v in existing.items())
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise ConfigError(f"the path {interpreter} has characters ({exc.object[exc.start:exc.end]!r}) that Excel's "
                          "macros cannot read on this computer; install Python in a folder whose name has only "
                          "plain letters (for example C:\\Python312) and run  xlclientrank install  again") from None
    return data


def write_config(p: Places, interpreter: str, conda: tuple[str, str] | None = None) -> None:
    data = config_bytes(p, interpreter, conda)
    p.config.parent.mkdir(parents=True, exist_ok=True)
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


EXCEL_HOLDS_IT = ("Excel may have it open: quit Excel (every window; on a Mac, Excel > Quit Excel) and run the "
                  "command again")


def _copy_into(source: Path, folder: Path) -> Path:
    """Copies ``source`` into ``folder`` through a temporary file beside that folder (Excel opens
    every file in its startup folder, so a copy cut short must not lie there)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    partial = folder.parent / f".{source.name}.xlclientrank-partial"
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _cannot(what: str, path: Path, exc: OSError, out: TextIO) -> int:
    locked = isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in (5, 32, 33)
    print(f"{what}: {path} {'is in use or may not be changed' if locked else f'could not be written ({exc.strerror})'}."
          + (f" {EXCEL_HOLDS_IT}; if it still fails, check that you may change files in {path.parent}." if locked else
             " Check the folder and run the command again."), file=out)
    return 2


def install(out: TextIO, p: Places | None = None, addin: Path = ADDIN) -> int:
    """Installs (or, run again, replaces) the add-in, then its settings and, on a Mac, xlwings'
    AppleScript, then the list of what it added. A step that fails stops the install with its fix;
    the add-in is copied first, so no settings are left without an add-in."""
    p = p or places()
    if p.startup is None:
        return _no_excel(p, out)
    script_name, script = applescript(addin) if p.scripts is not None else ("", None)
    script_target = p.scripts / script_name if p.scripts is not None else None
    if script_target is not None and script is None and not script_target.is_file():
        wanted = addin_config(addin).get(XLWINGS_KEY, "?")
        print(f"Not installed: the Re-rank button on a Mac needs xlwings' {script_name}, which this Python's "
              f"xlwings does not have (the add-in was built with xlwings {wanted}): run  python3 -m pip install "
              f"xlwings=={wanted}  and then  xlclientrank install  again.", file=out)
        return 2
    conda = conda_settings() if p.system == "Windows" else None
    try:  # made before anything is copied: a path Excel's macros cannot read installs nothing
        settings = config_bytes(p, sys.executable, conda)
    except ConfigError as exc:
        print(f"Not installed: {exc}.", file=out)
        return 2
    record = _record(p)
    added = set(record.get("added", []))
    upgrade = (p.startup / addin.name).exists()
    lines = []
    try:
        added.add(str(_copy_into(addin, p.startup)))
    except OSError as exc:
        return _cannot("Not installed: the add-in could not be copied into Excel's startup folder",
                       p.startup / addin.name, exc, out)
    lines.append(f"{'Replaced' if upgrade else 'Installed'} the Client Rank add-in in {p.startup}.")
    try:
        p.config.parent.mkdir(parents=True, exist_ok=True)
        p.config.write_bytes(settings)
        added.add(str(p.config))
        which = f"conda environment {conda[1]}" if conda else f"this Python, {sys.executable}"
        lines.append(f"Settings for it ({which}) are in {p.config}.")
        if script_target is not None:
            if script is not None and (not script_target.is_file()
                                       or script_target.read_bytes() != script.read_bytes()):
                # the same name is the same xlwings version: xlwings' own add-in uses the same script
                had = script_target.exists()
                _copy_into(script, script_target.parent)
                if not had:
                    added.add(str(script_target))
                lines.append(f"Put xlwings' {script_name} (the Re-rank button runs Python through it) in "
                             f"{p.scripts}.")
            else:
                lines.append(f"xlwings' {script_name} is already in {p.scripts}.")
        if p.record is not None:
            p.record.parent.mkdir(parents=True, exist_ok=True)
            p.record.write_text(json.dumps({"version": __version__, "added": sorted(added)}, indent=1),
                                encoding="utf-8")
    except OSError as exc:
        print("\n".join(lines), file=out)
        return _cannot("The add-in is in place, but its settings could not be written", Path(exc.filename or p.config),
                       exc, out)
    lines.append("Restart Excel: the 'Client Rank' tab and the CLIENT_* formulas are then in every workbook."
                 if p.system == "Windows" else
                 "Restart Excel: the 'Client Rank' tab is then in every workbook (the CLIENT_* cell formulas need "
                 "Excel for Windows).")
    print("\n".join(lines), file=out)
    return 0


def _ours(p: Places, f: Path) -> bool:
    """Only files install makes are removed, whatever the record says."""
    folders = {p.startup, p.config.parent} | ({p.scripts} if p.scripts is not None else set())
    names = {ADDIN.name, p.config.name}
    return f.parent in folders and (f.name in names or re.fullmatch(r"xlwings-[\w.]+\.applescript", f.name) is not None)


def uninstall(out: TextIO, p: Places | None = None) -> int:
    """Removes what install added: the add-in first (when Excel holds it, nothing else is removed),
    then its settings file and (a Mac) the AppleScript it put there; files that were there before
    install stay."""
    p = p or places()
    if p.startup is None:
        print(NEVER_INSTALLED, file=out)
        return 0
    target = p.startup / ADDIN.name
    if target.exists():
        try:
            target.unlink()
        except OSError as exc:
            return _cannot("Not removed: the add-in", target, exc, out)
        print(f"Removed the Client Rank add-in from {p.startup}. Restart Excel.", file=out)
    else:
        print(NOT_INSTALLED, file=out)
    added = [Path(f) for f in _record(p).get("added", [])]
    for f in sorted({p.config, *added} - {target}):
        if f.exists() and _ours(p, f):
            try:
                f.unlink()
            except OSError as exc:
                return _cannot("Not removed", f, exc, out)
            print(f"Removed {f}.", file=out)
    if p.record is not None:
        p.record.unlink(missing_ok=True)
        try:
            p.record.parent.rmdir()  # only when empty
        except OSError:
            pass
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
    if p.system == "Darwin":
        has_appscript = _importable("appscript")
        line("ok" if has_appscript else "missing", "appscript, which xlwings needs on a Mac"
             + ("" if has_appscript else ": run  python3 -m pip install appscript"))
        problems += not has_appscript
    target = p.startup / ADDIN.name
    installed = target.exists()
    line("ok" if installed else "missing", f"the add-in in Excel's startup folder {p.startup}"
         + ("" if installed else ": run  xlclientrank install"))
    problems += not installed
    if installed:
        problems += _check_addin(target, line)
    if p.scripts is not None:
        problems += _check_applescript(p.scripts, target if installed else ADDIN, line)
    problems += _check_config(p, line)
    line("cannot check", "whether Excel itself is installed and loads the add-in: open Excel and look for the "
                         "'Client Rank' tab")
    return 1 if problems else 0


def _check_addin(target: Path, line: Line) -> int:
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


def _check_applescript(scripts: Path, addin: Path, line: Line) -> int:
    """A Mac: the AppleScript the add-in's VBA calls is where sandboxed Excel runs scripts from
    (``scripts``, the folder of a Mac's :class:`Places`)."""
    name, source = applescript(addin)
    there = (scripts / name).is_file()
    same = there and (source is None or (scripts / name).read_bytes() == source.read_bytes())
    what = f"xlwings' {name} in {scripts}, which the Re-rank button runs Python through"
    if same:
        line("ok", what)
    else:
        line("missing" if not there else "differs", what + (": run  xlclientrank install" if not there else
             ": it is not xlwings' own copy; run  xlclientrank install  again"))
    return 0 if same else 1


def _check_config(p: Places, line: Line) -> int:
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
    if config.get("CONDA PATH") and config.get("CONDA ENV"):  # Excel activates the environment, then "python"
        conda = Path(config["CONDA PATH"]) / "condabin" / "conda.bat"
        if not conda.is_file():
            line("missing", f"conda ({conda}) for the environment {config['CONDA ENV']} the add-in activates: run  "
                            "xlclientrank install  again from the environment you use")
            return problems + 1
        line("ok", f"the add-in activates the conda environment {config['CONDA ENV']} ({config['CONDA PATH']})")
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

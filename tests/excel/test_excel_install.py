"""install / doctor: the settings file as the add-in's VBA reads it, and the checks for what xlwings
users report most (versions that differ, a missing interpreter or DLL, Python from the Store)."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

import xlclientrank
from tests.helpers import ROOT
from xlclientrank import bundled
from xlclientrank.excel import build, install

ADDIN = bundled.ADDIN


@pytest.fixture(params=["Windows", "Darwin"])
def places(request, tmp_path):
    return install.places(home=tmp_path / request.param, system=request.param, env={})


def doctor_lines(p) -> tuple[int, str]:
    out = io.StringIO()
    code = install.doctor(out, p)
    return code, out.getvalue()


def test_the_config_file_has_no_empty_value_and_no_udf_server_for_the_buttons(places):
    places.config.parent.mkdir(parents=True)
    # an old file with an empty interpreter line: xlwings would take "" as the interpreter
    places.config.write_text(f'"{places.interpreter_key}",""\n"CONDA PATH",""\n"PYTHONPATH","C:\\\\mine"\n')
    assert install.install(io.StringIO(), places) == 0
    config = install.read_config(places)
    assert config[places.interpreter_key] == sys.executable
    assert config["USE UDF SERVER"] == "False" and config["UDF MODULES"] == "xlclientrank.udfs"
    assert config["PYTHONPATH"] == "C:\\\\mine"  # the owner's own settings stay
    assert all(v for v in config.values()) and "CONDA PATH" not in config


def test_the_config_file_is_written_in_the_code_page_vba_reads(tmp_path):
    p = install.places(home=tmp_path, system="Windows", env={})
    install.write_config(p, "C:\\Users\\Jérôme\\venv\\Scripts\\python.exe")
    data = p.config.read_bytes()
    assert "Jérôme".encode("cp1252") in data and "Jérôme".encode("utf-8") not in data
    with pytest.raises(install.ConfigError, match="characters .* plain letters"):
        install.write_config(p, "C:\\Users\\李\\python.exe")


def test_a_path_the_macros_cannot_read_is_refused_and_nothing_installed(tmp_path, monkeypatch):
    p = install.places(home=tmp_path, system="Windows", env={})
    monkeypatch.setattr(install.sys, "executable", "C:\\Users\\李\\python.exe")
    out = io.StringIO()
    assert install.install(out, p) == 2
    assert out.getvalue().startswith("Not installed: the path") and not (p.startup / ADDIN.name).exists()


def test_doctor_names_an_addin_of_another_version_with_the_fix(places, tmp_path):
    assert install.install(io.StringIO(), places) == 0
    code, text = doctor_lines(places)
    assert f"the add-in's version {xlclientrank.__version__} is this package's" in text
    old = tmp_path / "old.xlam"
    with zipfile.ZipFile(ADDIN) as z, zipfile.ZipFile(old, "w") as w:
        for name in z.namelist():
            data = z.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(f"<t>{xlclientrank.__version__}</t>".encode(), b"<t>0.0.9</t>")
            w.writestr(name, data)
    shutil.copyfile(old, places.startup / ADDIN.name)
    code, text = doctor_lines(places)
    assert code == 1
    assert "built for xlclientrank 0.0.9" in text and "run  xlclientrank install  again" in text


def test_doctor_finds_a_missing_interpreter_and_python_from_the_store(places):
    assert install.install(io.StringIO(), places) == 0
    install.write_config(places, str(places.config.parent / "gone" / "python.exe"))
    code, text = doctor_lines(places)
    assert code == 1 and "the Python the add-in starts" in text
    store = places.config.parent / "WindowsApps" / "python.exe"
    store.parent.mkdir()
    store.write_text("")
    install.write_config(places, str(store))
    code, text = doctor_lines(places)
    assert code == 1 and "Microsoft Store" in text and "python.org" in text


def test_doctor_on_windows_looks_for_xlwings_dll_beside_the_interpreter(tmp_path):
    import xlwings

    p = install.places(home=tmp_path, system="Windows", env={})
    assert install.install(io.StringIO(), p) == 0
    venv = tmp_path / "venv"
    (venv / "Scripts").mkdir(parents=True)
    python = venv / "Scripts" / "python.exe"
    python.write_text("")
    install.write_config(p, str(python))
    code, text = doctor_lines(p)
    assert f"xlwings64-{xlwings.__version__}.dll" in text and "error 53" in text
    (venv / f"xlwings64-{xlwings.__version__}.dll").write_text("")  # a virtual environment keeps it one up
    code, text = doctor_lines(p)
    assert "DLL" not in text


def test_the_addin_carries_its_versions():
    config = build.addin_config(ADDIN)
    assert config[build.VERSION_KEY] == xlclientrank.__version__
    assert config[build.XLWINGS_KEY] == build.xlwings_vba_version() != ""
    import xlwings

    # the VBA of xlwings.bas names its DLL and AppleScript by version: the package pins that xlwings
    assert config[build.XLWINGS_KEY] == xlwings.__version__


def test_doctor_names_empty_settings_and_install_removes_them(places):
    assert install.install(io.StringIO(), places) == 0
    with places.config.open("a", encoding="utf-8") as f:
        f.write('"CONDA PATH",""\n')
    code, text = doctor_lines(places)
    assert code == 1 and "empty settings" in text and "CONDA PATH" in text
    assert install.install(io.StringIO(), places) == 0
    code, text = doctor_lines(places)
    assert "empty settings" not in text


# ---------------------------------------------------------------- macOS: xlwings' AppleScript

def mac_places(tmp_path: Path) -> install.Places:
    return install.places(home=tmp_path / "mac-home", system="Darwin", env={})


def test_the_applescript_is_the_one_the_add_ins_vba_calls(tmp_path):
    """The VBA calls AppleScriptTask("xlwings-" & XLWINGS_VERSION & ".applescript", ...): the name
    install copies is built from the same version, read from the add-in file we ship."""
    import re

    vba = (ROOT / "workbook" / "src" / "xlwings.bas").read_text(encoding="utf-8")
    assert 'AppleScriptTask("xlwings-" & XLWINGS_VERSION & ".applescript"' in vba
    version = re.search(r'Public Const XLWINGS_VERSION As String = "([^"]+)"', vba).group(1)
    name, source = install.applescript()
    assert name == f"xlwings-{version}.applescript"
    # xlwings' own script, with the handler the VBA names
    assert source is not None and b"\non VbaHandler(" in source.read_bytes()
    assert '"VbaHandler", ParameterString)' in vba


def test_install_on_a_mac_puts_the_applescript_where_sandboxed_excel_runs_it(tmp_path):
    p = mac_places(tmp_path)
    out = io.StringIO()
    assert install.install(out, p) == 0
    name, source = install.applescript()
    script = tmp_path / "mac-home" / "Library" / "Application Scripts" / "com.microsoft.Excel" / name
    assert script.read_bytes() == source.read_bytes()
    assert "Put xlwings' " + name in out.getvalue() and "need Excel for Windows" in out.getvalue()
    code, text = doctor_lines(p)
    assert f"[     ok     ] xlwings' {name} in {p.scripts}" in text
    script.unlink()
    code, text = doctor_lines(p)
    assert code == 1 and f"[  missing   ] xlwings' {name} in {p.scripts}" in text
    assert "run  xlclientrank install" in text


def test_install_again_replaces_the_add_in_and_uninstall_removes_what_install_added(tmp_path):
    p = mac_places(tmp_path)
    assert install.install(io.StringIO(), p) == 0
    (p.startup / ADDIN.name).write_bytes(b"an older add-in")
    out = io.StringIO()
    assert install.install(out, p) == 0
    assert out.getvalue().startswith(f"Replaced the Client Rank add-in in {p.startup}.")
    assert (p.startup / ADDIN.name).read_bytes() == ADDIN.read_bytes()
    name, _ = install.applescript()
    out = io.StringIO()
    assert install.uninstall(out, p) == 0
    for gone in (p.startup / ADDIN.name, p.config, p.scripts / name, p.record):
        assert not gone.exists(), gone
    assert f"Removed {p.scripts / name}." in out.getvalue()
    assert sorted(f.name for f in p.startup.iterdir()) == []   # nothing half-written left behind


def test_uninstall_leaves_an_applescript_that_was_there_before(tmp_path):
    """xlwings' own add-in (xlwings addin install) uses the same script: it must keep working."""
    p = mac_places(tmp_path)
    name, source = install.applescript()
    p.scripts.mkdir(parents=True)
    (p.scripts / name).write_bytes(source.read_bytes())
    out = io.StringIO()
    assert install.install(out, p) == 0 and "already in" in out.getvalue()
    assert install.uninstall(io.StringIO(), p) == 0
    assert (p.scripts / name).exists() and not (p.startup / ADDIN.name).exists()


def test_a_mac_install_with_another_xlwings_is_refused_with_the_fix(tmp_path, monkeypatch):
    p = mac_places(tmp_path)
    monkeypatch.setattr(install, "applescript", lambda addin=ADDIN: ("xlwings-0.37.8.applescript", None))
    out = io.StringIO()
    assert install.install(out, p) == 2
    assert "pip install xlwings==" in out.getvalue() and not (p.startup / ADDIN.name).exists()


def test_the_system_can_be_given_for_made_up_home_folders(tmp_path):
    p = install.places(env={"XLCLIENTRANK_SYSTEM": "Darwin"}, home=tmp_path)
    assert p.system == "Darwin" and p.scripts == tmp_path / install.MAC_SCRIPTS


# ---------------------------------------------------------------- Excel holding the files, upgrades, records

def win_places(tmp_path: Path) -> install.Places:
    home = tmp_path / "win-home"
    return install.places(home=home, system="Windows", env={"APPDATA": str(home / "AppData" / "Roaming"),
                                                          "USERPROFILE": str(home)})


def test_install_while_excel_holds_the_add_in_says_to_quit_excel_and_changes_nothing(tmp_path, monkeypatch):
    p = win_places(tmp_path)
    assert install.install(io.StringIO(), p) == 0
    (p.startup / ADDIN.name).write_bytes(b"the add-in Excel has open")
    settings_before = p.config.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))
    monkeypatch.setattr(install.os, "replace", locked)
    out = io.StringIO()
    assert install.install(out, p) == 2
    text = out.getvalue()
    assert text.startswith("Not installed: the add-in could not be copied") and "quit Excel" in text
    assert (p.startup / ADDIN.name).read_bytes() == b"the add-in Excel has open"   # not half-replaced
    assert p.config.read_bytes() == settings_before                              # settings not rewritten
    assert not any(f.name.endswith("partial") for f in p.startup.parent.rglob("*"))


def test_uninstall_while_excel_holds_the_add_in_removes_nothing(tmp_path, monkeypatch):
    p = win_places(tmp_path)
    assert install.install(io.StringIO(), p) == 0
    real_unlink = Path.unlink

    def unlink(self, *a, **k):
        if self.name == ADDIN.name:
            raise PermissionError(13, "The process cannot access the file", str(self))
        return real_unlink(self, *a, **k)
    monkeypatch.setattr(Path, "unlink", unlink)
    out = io.StringIO()
    assert install.uninstall(out, p) == 2
    assert "quit Excel" in out.getvalue()
    assert (p.startup / ADDIN.name).exists() and p.config.exists() and p.record.exists()  # still a whole install


def test_a_failed_first_install_leaves_no_settings_without_an_add_in(tmp_path, monkeypatch):
    p = win_places(tmp_path)
    monkeypatch.setattr(install.shutil, "copyfile", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left")))
    assert install.install(io.StringIO(), p) == 2
    assert not p.config.exists() and not (p.startup / ADDIN.name).exists()


def test_uninstall_removes_only_files_install_makes_whatever_the_record_says(tmp_path):
    p = win_places(tmp_path)
    assert install.install(io.StringIO(), p) == 0
    precious = tmp_path / "win-home" / "Documents" / "clients.xlsx"
    precious.parent.mkdir(parents=True)
    precious.write_bytes(b"the owner's")
    import json

    record = json.loads(p.record.read_text())
    record["added"].append(str(precious))
    p.record.write_text(json.dumps(record))
    assert install.uninstall(io.StringIO(), p) == 0
    assert precious.read_bytes() == b"the owner's"
    assert not (p.startup / ADDIN.name).exists() and not p.config.exists()
    assert not p.record.parent.exists()  # the empty ~/.xlclientrank folder goes too


def test_uninstall_never_installed_or_with_a_damaged_record(tmp_path):
    p = win_places(tmp_path)
    out = io.StringIO()
    assert install.uninstall(out, p) == 0
    assert out.getvalue() == "Client Rank's add-in is not installed in Excel; nothing to remove.\n"
    assert install.install(io.StringIO(), p) == 0
    p.record.write_text("{ not json")
    out = io.StringIO()
    assert install.uninstall(out, p) == 0
    assert not (p.startup / ADDIN.name).exists() and not p.config.exists() and "Removed" in out.getvalue()


def test_a_different_applescript_of_the_same_name_is_replaced_and_doctor_says_so(tmp_path):
    p = mac_places(tmp_path)
    name, source = install.applescript()
    p.scripts.mkdir(parents=True)
    (p.scripts / name).write_bytes(b"")  # an empty or damaged copy
    assert install.install(io.StringIO(), p) == 0
    assert (p.scripts / name).read_bytes() == source.read_bytes()
    (p.scripts / name).write_bytes(b"-- something else")
    code, text = doctor_lines(p)
    assert code == 1 and f"[  differs   ] xlwings' {name}" in text
    # it was there before install: uninstall leaves it (xlwings' own add-in may use it)
    assert install.uninstall(io.StringIO(), p) == 0 and (p.scripts / name).exists()


def test_in_a_conda_environment_on_windows_the_settings_activate_it_as_xlwings_does(tmp_path, monkeypatch):
    p = win_places(tmp_path)
    conda = tmp_path / "miniconda3"
    (conda / "condabin").mkdir(parents=True)
    (conda / "condabin" / "conda.bat").write_text("@echo off")
    monkeypatch.setenv("CONDA_DEFAULT_ENV", "shop")
    monkeypatch.setenv("CONDA_EXE", str(conda / "Scripts" / "conda.exe"))
    out = io.StringIO()
    assert install.install(out, p) == 0 and "conda environment shop" in out.getvalue()
    config = install.read_config(p)
    assert config["CONDA PATH"] == str(conda) and config["CONDA ENV"] == "shop"
    assert "INTERPRETER_WIN" not in config  # xlwings then starts "python" inside the activated environment
    code, text = doctor_lines(p)
    assert "[     ok     ] the add-in activates the conda environment shop" in text
    monkeypatch.delenv("CONDA_DEFAULT_ENV")
    assert install.install(io.StringIO(), p) == 0
    config = install.read_config(p)
    assert "CONDA PATH" not in config and config["INTERPRETER_WIN"] == sys.executable

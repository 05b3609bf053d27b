"""Installed like a product: the sdist and the wheel are built from this checkout (``python -m build``:
the sdist first, then the wheel from the unpacked sdist, as PyPI users get it), the wheel is
installed into a fresh virtual environment outside the source tree (its dependencies from the
package index, as ``pip install xlclientrank`` does), and there the commands an owner runs first
work without this checkout: ``quickstart``, ``rerank`` on the sample, and ``install`` / ``doctor``
/ ``uninstall`` against made-up Windows and Mac home folders (``XLCLIENTRANK_SYSTEM``).
"""

from __future__ import annotations

import email.parser
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT
from xlclientrank import __version__, bundled

BUNDLED = ("xlclientrank.xlam", "ClientRank.xlsm", "sample_clients.xlsx")


def run(cmd, cwd: Path, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} -> {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out)
    wheels, sdists = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    return {"wheel": wheels[0], "sdist": sdists[0]}


@pytest.fixture(scope="module")
def venv(dist, tmp_path_factory) -> dict:
    """A fresh virtual environment (no system site-packages) with the wheel installed."""
    home = tmp_path_factory.mktemp("venv")
    env_dir = home / "env"
    run([sys.executable, "-m", "venv", env_dir], cwd=home)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", dist["wheel"]], cwd=home)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "XLCLIENTRANK"))}
    clean["PATH"] = f"{bindir}{os.pathsep}{clean.get('PATH', '')}"
    return {"python": python, "command": bindir / "xlclientrank", "env": clean, "root": home}


def test_the_wheel_holds_the_add_in_the_template_and_the_sample(dist):
    with zipfile.ZipFile(dist["wheel"]) as z:
        for name in BUNDLED:
            assert z.read(f"xlclientrank/bundled/{name}") == (bundled.FOLDER / name).read_bytes(), name
        meta = email.parser.Parser().parsestr(z.read(f"xlclientrank-{__version__}.dist-info/METADATA").decode())
    requires = meta.get_all("Requires-Dist")
    assert any(r.startswith("pywin32") and 'sys_platform == "win32"' in r for r in requires), requires
    # the one xlwings whose VBA the add-in carries (its DLL and AppleScript are named by version)
    from xlclientrank.excel.build import xlwings_vba_version

    assert f"xlwings=={xlwings_vba_version()}" in requires
    assert not any(r.startswith(("pytest", "hypothesis")) and "extra ==" not in r for r in requires)


def test_the_sdist_holds_the_sources_the_files_are_built_from(dist):
    with tarfile.open(dist["sdist"]) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    for src in ("workbook/src/customUI.xml", "workbook/src/ClientRank.bas", "workbook/src/xlwings.bas",
                "workbook/make_sample.py", "pyproject.toml", "README.md"):
        assert src in names, src
    assert {f"xlclientrank/bundled/{n}" for n in BUNDLED} <= names


def test_the_installed_package_is_the_wheel_not_this_checkout(venv):
    where = run([venv["python"], "-c", "import xlclientrank, sys; print(xlclientrank.__file__)"],
                cwd=venv["root"], env=venv["env"]).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv["root"].resolve()) and not Path(where).is_relative_to(ROOT)


def test_quickstart_then_rerank_on_the_sample(venv, tmp_path):
    env, xl = venv["env"], venv["command"]
    out = run([xl, "quickstart", "first-try"], cwd=tmp_path, env=env).stdout
    folder = tmp_path / "first-try"
    assert f"Wrote ClientRank.xlsm and sample_clients.xlsx in {folder}." in out and "xlclientrank install" in out
    for name in ("ClientRank.xlsm", "sample_clients.xlsx"):
        assert (folder / name).read_bytes() == (bundled.FOLDER / name).read_bytes()
    (folder / "ClientRank.xlsm").write_bytes(b"the owner's own edits")
    again = run([xl, "quickstart", "first-try"], cwd=tmp_path, env=env).stdout
    assert "ClientRank.xlsm is already in" in again
    assert (folder / "ClientRank.xlsm").read_bytes() == b"the owner's own edits"
    ranked = run([xl, "rerank", folder / "sample_clients.xlsx", "--out", "ranked.xlsx"], cwd=tmp_path, env=env).stdout
    assert "Ranked 150 clients" in ranked
    from python_calamine import CalamineWorkbook

    assert "Ranking" in CalamineWorkbook.from_path(str(tmp_path / "ranked.xlsx")).sheet_names


@pytest.mark.parametrize("system", ["Windows", "Darwin"])
def test_install_doctor_uninstall_in_a_made_up_home(venv, tmp_path, system):
    home = tmp_path / "home"
    env = dict(venv["env"], XLCLIENTRANK_SYSTEM=system, HOME=str(home), USERPROFILE=str(home),
               APPDATA=str(home / "AppData" / "Roaming"))
    xl = [venv["python"], "-m", "xlclientrank"]  # as the README's install steps run it
    startup = (home / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART" if system == "Windows" else
               home / "Library" / "Group Containers" / "UBF8T346G9.Office" / "User Content" / "Startup" / "Excel")
    out = run([*xl, "install"], cwd=tmp_path, env=env).stdout
    assert f"Installed the Client Rank add-in in {startup}." in out
    assert (startup / "xlclientrank.xlam").read_bytes() == bundled.ADDIN.read_bytes()
    doctor = subprocess.run([*xl, "doctor"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert f"[     ok     ] the add-in in Excel's startup folder {startup}" in doctor.stdout
    assert f"[     ok     ] the add-in's version {__version__} is this package's" in doctor.stdout
    assert f"[     ok     ] the add-in starts {venv['python']}" in doctor.stdout  # the venv's, not ours
    from xlclientrank.excel.build import xlwings_vba_version

    script = (home / "Library" / "Application Scripts" / "com.microsoft.Excel" /
              f"xlwings-{xlwings_vba_version()}.applescript")
    if system == "Darwin":  # appscript is installed on a Mac only (its marker): doctor names it, with the fix
        problems = [ln for ln in doctor.stdout.splitlines() if not ln.startswith(("[     ok     ]", "[cannot check]"))]
        assert doctor.returncode == 1 and problems == [
            "[  missing   ] appscript, which xlwings needs on a Mac: run  python3 -m pip install appscript"], problems
        assert script.is_file() and f"[     ok     ] xlwings' {script.name}" in doctor.stdout
    else:  # no pywin32 here (nor xlwings' Windows DLL): doctor says so, with the fix
        assert doctor.returncode == 1 and "[  missing   ] pywin32, which xlwings needs on Windows: run  pip install " \
                                          "pywin32" in doctor.stdout
        assert not (home / "Library").exists()  # nothing Mac-only on Windows
    settings = (home / ".xlclientrank" / "xlclientrank.conf" if system == "Windows" else
                home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlclientrank.conf")
    assert settings.is_file()
    again = run([*xl, "install"], cwd=tmp_path, env=env).stdout
    assert f"Replaced the Client Rank add-in in {startup}." in again
    gone = run([*xl, "uninstall"], cwd=tmp_path, env=env).stdout
    assert f"Removed the Client Rank add-in from {startup}." in gone
    assert not (startup / "xlclientrank.xlam").exists() and not script.exists() and not settings.exists()
    assert not (home / ".xlclientrank" / "installed.json").exists()


def test_the_buttons_python_is_there_in_the_installed_package(venv):
    """What the ribbon's RunPython calls (workbook/src/ClientRank.bas) imports from the wheel: the
    module and each button's function, without this checkout on the path."""
    import re

    bas = (ROOT / "workbook" / "src" / "ClientRank.bas").read_text(encoding="utf-8")
    calls = re.findall(r'RunPython "import ([\w.]+) as m; m\.(\w+)\(', bas)
    assert sorted(f for _, f in calls) == ["rerank", "settings", "share", "share_anonymously"]
    check = "; ".join(f"import {mod} as m; assert callable(m.{func})" for mod, func in calls)
    run([venv["python"], "-c", check + "; print(m.__file__)"], cwd=venv["root"], env=venv["env"])

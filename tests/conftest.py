"""Shared helpers: workbooks made with openpyxl/XlsxWriter, the command run in-process, LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest

from xlclientrank import bundled

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = bundled.SAMPLE
CORPUS = Path(__file__).resolve().parent / "corpus"


def load_module(path: Path, name: str):
    """A Python file of the tests' data (a generator, an expected-outcomes table) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def independent_pareto(values, target=0.8):
    """(count, cut-off) of the Pareto group by the definition in PRODUCT.md, written without the engine."""
    v = sorted(values, reverse=True)
    total, run = sum(v), 0.0
    for k, x in enumerate(v, 1):
        run += x
        if run >= target * total - 1e-9:
            return k, x
    return len(v), v[-1]


def run_cli(*args: str) -> tuple[int, str, str]:
    """Runs ``xlclientrank ARGS`` in-process; returns (exit code, stdout, stderr)."""
    from xlclientrank.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def make_workbook(path: Path, rows: list[list], sheet: str = "Clients", **extra_sheets: list[list]) -> Path:
    """A plain workbook written by openpyxl: ``rows`` on ``sheet``, then any extra sheets."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for name, extra in extra_sheets.items():
        ws2 = wb.create_sheet(name)
        for r in extra:
            ws2.append(r)
    wb.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def ranking_rows(path: Path, sheet: str = "Ranking") -> tuple[list[str], list[tuple]]:
    """Header and body of the ranked table (the row that starts with Rank, Client)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    for i, r in enumerate(rows):
        if r[:2] == ("Rank", "Client"):
            body = [x for x in rows[i + 1:] if x[0] is not None]
            return [c for c in r if c is not None], body
    raise AssertionError("no ranked table in the Ranking sheet")


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.fail("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    return exe


RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def libreoffice_convert(paths: list[Path], fmt: str = "pdf", recalculate: bool = False) -> dict[Path, Path]:
    """Converts workbooks with LibreOffice Calc headless in one run; returns input -> output file.

    ``recalculate``: LibreOffice recalculates every formula on load (its default is to trust the
    results saved in the file)."""
    out_dir = Path(tempfile.mkdtemp(prefix="xlcr-lo-"))
    profile = Path(tempfile.mkdtemp(prefix="xlcr-lo-profile-"))
    if recalculate:
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    # every input gets a unique stem so the outputs cannot collide
    staged = []
    for i, p in enumerate(paths):
        s = out_dir / f"in{i:03d}{p.suffix}"
        shutil.copyfile(p, s)
        staged.append(s)
    env = dict(os.environ, HOME=str(profile))
    proc = subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                           "--convert-to", fmt, "--outdir", str(out_dir / "out"), *map(str, staged)],
                          capture_output=True, text=True, timeout=600, env=env)
    result = {}
    for p, s in zip(paths, staged):
        produced = out_dir / "out" / f"{s.stem}.{fmt.split(':')[0]}"
        assert produced.exists(), f"LibreOffice did not convert {p.name}: {proc.stderr[-500:]}"
        result[p] = produced
    return result


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A fresh copy of the bundled sample workbook."""
    dst = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, dst)
    return dst

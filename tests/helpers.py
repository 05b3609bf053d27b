"""What the tests share: the repository's places, workbooks and export files built the way their
producers write them, the command run in-process, LibreOffice headless, and the client table the
command reads from a file."""

from __future__ import annotations

import csv
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
TESTS = ROOT / "tests"
SAMPLE = bundled.SAMPLE
CORPUS = TESTS / "corpus"
BAD_INPUTS = TESTS / "bad_inputs"
JAVA = TESTS / "java"


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
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
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


def write_csv(path: Path, header, rows, title_rows=(), bom: bool = False) -> Path:
    """A CSV as the product writes it: optional title rows above the header, optional UTF-8 BOM."""
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.writer(f)
        for t in title_rows:
            w.writerow(t)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows, sheet: str = "Report") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def client_table(path: Path):
    """The client table the command reads (CSV exports go through the same conversion), with its
    ``understood`` lines and the recognised ``profile``."""
    from xlclientrank.jobs.csvbook import lines_workbook
    from xlclientrank.reader import Workbook, csvfile, read_client_table

    if path.suffix == ".csv":  # the workbook of the CSV's lines
        data = lines_workbook(csvfile.read(path))
        book = path.with_suffix(".probe.xlsx")
        book.write_bytes(data)
        path = book
    return read_client_table(Workbook(path))


def left_out(t) -> str:
    return next(line for line in t.understood if line.startswith("Left out:"))


def ranked(path: Path, tmp_path: Path, name: str = "ranked.xlsx"):
    """Ranks ``path`` with the command: (client -> Revenue, client -> Orders, what it printed)."""

    out = tmp_path / name
    code, stdout, err = run_cli("rerank", path, "--out", out)
    assert code == 0, err
    head, body = ranking_rows(out)
    revenue = {r[head.index("Client")]: r[head.index("Revenue")] for r in body}
    orders = {r[head.index("Client")]: r[head.index("Orders")] for r in body} if "Orders" in head else {}
    return revenue, orders, stdout + err


def assert_revenue(got, expected) -> None:
    """Every expected client is ranked with its revenue, and no other."""
    assert sorted(got) == sorted(expected), got
    for name, value in expected.items():
        assert got[name] == pytest.approx(value), (name, got)


def refused(path: Path, tmp_path: Path):
    """Runs the command on a file it must refuse: (exit code, message); no ranking is written."""

    out = tmp_path / "refused.xlsx"
    code, stdout, err = run_cli("rerank", path, "--out", out, "--json")
    assert code not in (0, 1), (code, stdout, err)
    assert not out.exists()
    return code, err

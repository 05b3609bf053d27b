"""The catalogue of bad and unusual inputs in tests/bad_inputs/: each file ranked (or refused) as expected.py says.

For every case, whatever the outcome: the input file keeps its exact bytes and nothing new appears
beside it. An accepted file gives exit 0, the expected client count and warnings, and an output that
openpyxl opens with a Ranking sheet. A refused file gives an exit code other than 0 and 1 (1 is a
bug), one line on stderr with the expected phrase, no traceback, and no output file.

Also checked: every file has a case and every case a file, the files are small, and
tests/bad_inputs/make_catalogue.py rebuilds them (byte for byte where the producer allows, else the same
cell values).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import BAD_INPUTS, ranking_rows, run_cli

DATA = BAD_INPUTS


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"catalogue_{name}", DATA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _load("expected").CASES
catalogue = _load("make_catalogue")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def out_suffix(name: str, case: dict) -> str:
    suffix = Path(name).suffix.lower()
    return case.get("out_suffix") or (suffix if suffix in (".xlsx", ".xlsm") else ".xlsx")


# ------------------------------------------------------------------------------------------------
# the cases

@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name, tmp_path):
    case = CASES[name]
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    out_dir.mkdir()
    src = in_dir / name
    shutil.copyfile(DATA / name, src)
    before = sha256(src)
    out = out_dir / f"{src.stem}_ranked{out_suffix(name, case)}"

    code, stdout, stderr = run_cli("rerank", src, "--out", out, "--json")

    # always: the input is untouched and nothing was left beside it
    assert sha256(src) == before, "the input file was changed"
    assert sorted(p.name for p in in_dir.iterdir()) == [name], "stray files beside the input"
    assert "Traceback" not in stdout + stderr

    if case["status"] == "error":
        assert code not in (0, 1), f"exit {code}, expected a user error (2-6); stderr: {stderr!r}"
        lines = stderr.strip("\n").splitlines()
        assert len(lines) == 1 and lines[0].strip(), f"expected one line on stderr, got {stderr!r}"
        assert case["error"].lower() in stderr.lower(), f"{case['error']!r} not in {stderr!r}"
        assert list(out_dir.iterdir()) == [], "an output file was written for a refused input"
        return

    assert code == 0, f"exit {code}: {stderr.strip()}"
    summary = json.loads(stdout)
    warnings = "\n".join(summary["warnings"]).lower()
    assert summary["clients"] == case["clients"], f"warnings: {summary['warnings']}"
    for phrase in case["warnings"]:
        assert phrase.lower() in warnings, f"{phrase!r} not in warnings {summary['warnings']}"
    for phrase in case.get("absent", []):
        assert phrase.lower() not in warnings, f"{phrase!r} should not be in warnings {summary['warnings']}"
    if "tiers" in case:
        assert summary["tiers"] == case["tiers"]
    if "pareto_count" in case:
        assert summary["pareto"]["count"] == case["pareto_count"]
    if "pareto_total" in case:
        assert summary["pareto"]["total"] == pytest.approx(case["pareto_total"], rel=1e-6)
    kinds = {f["kind"] for f in summary["factors"]}
    columns = {f["column"] for f in summary["factors"]}
    for kind in case.get("factor_kinds", []):
        assert kind in kinds, f"no {kind} factor among {sorted(columns)}"
    for column in case.get("columns_absent", []):
        assert column not in columns, f"{column!r} (another table's column) among the factors {sorted(columns)}"

    assert sorted(p.name for p in out_dir.iterdir()) == [out.name], "stray files beside the output"
    wb = load_workbook(out)
    assert "Ranking" in wb.sheetnames
    if "names_in_ranking" in case:
        head, body = ranking_rows(out)
        ranked = [r[head.index("Client")] for r in body]
        assert len(ranked) == case["clients"]
        for client in case["names_in_ranking"]:
            assert client in ranked, f"{client[:60]!r} is not (exactly, as text) in the Ranking sheet"


# ------------------------------------------------------------------------------------------------
# the catalogue itself

def test_every_file_has_a_case_and_every_case_a_file():
    files = {p.name for p in DATA.iterdir() if p.is_file() and p.suffix != ".py"}
    assert files == set(CASES)
    assert set(CASES) == set(catalogue.CASES) | catalogue.LIBREOFFICE_FILES
    for name in files:
        assert (DATA / name).stat().st_size < 50_000, f"{name} is not small"


def _decrypted(data: bytes) -> bytes:
    import msoffcrypto

    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=catalogue.PASSWORD)
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def _workbook_content(data: bytes) -> dict:
    """What a workbook holds, independent of timestamps: parts, content types, and per sheet the
    formulas, the saved values, merged ranges, hidden rows/columns and tables."""
    content: dict = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content["parts"] = sorted(n for n in z.namelist() if not n.startswith("docProps/"))
        content["content_types"] = z.read("[Content_Types].xml")
        if "xl/vbaProject.bin" in z.namelist():
            content["vba"] = z.read("xl/vbaProject.bin")
    for data_only in (False, True):
        wb = load_workbook(io.BytesIO(data), data_only=data_only)
        for ws in wb.worksheets:
            key = (ws.title, data_only)
            content[key] = {
                "state": ws.sheet_state,
                "cells": [tuple(row) for row in ws.iter_rows(values_only=True)],
                "merged": sorted(str(r) for r in ws.merged_cells.ranges),
                "hidden_rows": sorted(i for i, d in ws.row_dimensions.items() if d.hidden),
                "hidden_columns": sorted(k for k, d in ws.column_dimensions.items() if d.hidden),
                "tables": sorted((t.name, t.ref) for t in ws.tables.values()),
            }
    return content


def _calamine_content(path: Path) -> dict:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


def assert_same_content(committed: Path, fresh: Path) -> None:
    a, b = committed.read_bytes(), fresh.read_bytes()
    if a == b:
        return
    name = committed.name
    suffix = committed.suffix.lower()
    if suffix in (".ods", ".xls"):
        assert _calamine_content(committed) == _calamine_content(fresh), f"{name}: cell values differ"
    elif name == "20_truncated_zip.xlsx":
        # a prefix of a workbook cannot be parsed; a new library version may change its bytes
        assert not zipfile.is_zipfile(io.BytesIO(a)) and not zipfile.is_zipfile(io.BytesIO(b))
        assert a[:4] == b[:4] == b"PK\x03\x04"
    elif suffix in (".xlsx", ".xlsm") and zipfile.is_zipfile(io.BytesIO(a)):
        assert _workbook_content(a) == _workbook_content(b), f"{name}: content differs; run make_catalogue.py"
    elif a[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # the encrypted workbook
        assert _workbook_content(_decrypted(a)) == _workbook_content(_decrypted(b)), f"{name}: content differs"
    else:
        pytest.fail(f"{name}: bytes differ; run tests/bad_inputs/make_catalogue.py")


def test_make_catalogue_is_deterministic_and_reproduces_the_committed_files(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    names = catalogue.build(first, libreoffice=False)
    catalogue.build(second, libreoffice=False)
    assert set(names) == set(catalogue.CASES)
    for name in names:
        if name not in catalogue.NOT_BYTE_IDENTICAL:
            assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between runs"
        assert_same_content(DATA / name, first / name)


@pytest.mark.libreoffice
def test_make_catalogue_reproduces_the_libreoffice_files(tmp_path):
    catalogue.libreoffice_files(tmp_path)
    for name in sorted(catalogue.LIBREOFFICE_FILES):
        assert_same_content(DATA / name, tmp_path / name)

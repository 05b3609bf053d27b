"""Export files built by the tests in a product's documented shape, and the client table the
command reads from them (tests/test_profiles*.py)."""

from __future__ import annotations

import csv
from pathlib import Path


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
    from xlclientrank.reader import Workbook, csvfile, read_client_table

    if path.suffix == ".csv":
        data, _ = csvfile.to_workbook(path)
        book = path.with_suffix(".probe.xlsx")
        book.write_bytes(data)
        path = book
    return read_client_table(Workbook(path))


def left_out(t) -> str:
    return next(line for line in t.understood if line.startswith("Left out:"))


def ranked(path: Path, tmp_path: Path, name: str = "ranked.xlsx"):
    """Ranks ``path`` with the command: (client -> Revenue, client -> Orders, what it printed)."""
    from conftest import ranking_rows, run_cli

    out = tmp_path / name
    code, stdout, err = run_cli("rerank", path, "--out", out)
    assert code == 0, err
    head, body = ranking_rows(out)
    revenue = {r[head.index("Client")]: r[head.index("Revenue")] for r in body}
    orders = {r[head.index("Client")]: r[head.index("Orders")] for r in body} if "Orders" in head else {}
    return revenue, orders, stdout + err


def assert_revenue(got, expected) -> None:
    """Every expected client is ranked with its revenue, and no other."""
    import pytest

    assert sorted(got) == sorted(expected), got
    for name, value in expected.items():
        assert got[name] == pytest.approx(value), (name, got)


def refused(path: Path, tmp_path: Path):
    """Runs the command on a file it must refuse: (exit code, message); no ranking is written."""
    from conftest import run_cli

    out = tmp_path / "refused.xlsx"
    code, stdout, err = run_cli("rerank", path, "--out", out, "--json")
    assert code not in (0, 1), (code, stdout, err)
    assert not out.exists()
    return code, err

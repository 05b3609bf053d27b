"""The command on real workbook files: results, idempotence, and one-line errors for bad input."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import SAMPLE, independent_pareto, make_workbook, parts, ranking_rows, run_cli


def sample_column(name):
    ws = load_workbook(SAMPLE, read_only=True, data_only=True)["Clients"]
    rows = list(ws.iter_rows(values_only=True))
    j = rows[0].index(name)
    return [r[j] for r in rows[1:]]


def test_sample_json_summary_matches_an_independent_computation(tmp_path):
    code, out, err = run_cli("rerank", SAMPLE, "--out", tmp_path / "r.xlsx", "--json")
    assert code == 0, err
    s = json.loads(out)
    revenue = sample_column("Revenue 2026")
    count, cutoff = independent_pareto(revenue)
    share = count / len(revenue)
    assert s["clients"] == 150 == len(revenue)
    assert s["pareto"]["column"] == "Revenue 2026"
    assert (s["pareto"]["count"], s["pareto"]["cutoff"]) == (count, cutoff)
    assert s["pareto"]["client_share"] == pytest.approx(share)
    assert s["tiers"] == {"Ideal": 30, "Core": 45, "Poor": 75}
    top = sorted(revenue, reverse=True)
    assert s["top20_share"] == pytest.approx(sum(top[:30]) / sum(top))
    assert s["importance_ratio"] == pytest.approx(max(revenue) / min(revenue))
    assert s["largest_client_share"] == pytest.approx(max(revenue) / sum(revenue))
    for key in ("gini", "warnings"):
        assert key in s


def test_ranking_sheet_has_the_named_columns_and_agrees_with_the_summary(tmp_path):
    out = tmp_path / "r.xlsx"
    code, text, err = run_cli("rerank", SAMPLE, "--out", out, "--json")
    s = json.loads(text)
    head, body = ranking_rows(out)
    for col in ("Rank", "Client", "Score", "Tier", "Revenue 2026", "Why", "Action", "Gross profit",
                "In the 80 % group of Revenue 2026"):
        assert col in head
    assert [r[0] for r in body] == list(range(1, 151))
    tiers = [r[head.index("Tier")] for r in body]
    assert tiers == ["Ideal"] * 30 + ["Core"] * 45 + ["Poor"] * 75
    assert sum(r[head.index("In the 80 % group of Revenue 2026")] == "Yes" for r in body) == s["pareto"]["count"]
    scores = [r[head.index("Score")] for r in body]
    assert scores == sorted(scores, reverse=True)
    assert set(load_workbook(out, read_only=True).sheetnames) == {
        "Clients", "Notes", "ClientRank Summary", "Ranking", "ClientRank Settings", "ClientRank Methodology",
        "Rank History", "ClientRank Calibration", "Client Notes"}


def test_in_place_rerank_twice_changes_nothing_more(sample):
    assert run_cli("rerank", sample)[0] == 0
    assert run_cli("rerank", sample)[0] == 0  # from the second run of a day on: "Nothing changed since ..."
    first = parts(sample)
    assert run_cli("rerank", sample, "--quiet")[0] == 0
    second = parts(sample)
    assert first.keys() == second.keys()
    changed = [p for p in first if first[p] != second[p]]
    assert changed == []  # same day: even our own sheets come out identical, and styles do not grow


def test_settings_edited_in_another_program_are_read_back(sample, tmp_path):
    assert run_cli("rerank", sample)[0] == 0
    wb = load_workbook(sample)
    ws = wb["ClientRank Settings"]
    for row in ws.iter_rows():
        if row[1].value == "Revenue 2026" and row[3].value is not None:
            row[3].value = 0
        if row[1].value == "Fit (1-5)":
            row[3].value = 10
    wb.save(sample)  # openpyxl rewrites the whole file, as Excel would on save
    code, out, err = run_cli("rerank", sample, "--json")
    assert code == 0, err
    weights = {f["column"]: f["weight"] for f in json.loads(out)["factors"]}
    assert weights["Revenue 2026"] == 0 and weights["Fit (1-5)"] == 10
    head, body = ranking_rows(sample)
    fits = [r[head.index("Fit (1-5)")] for r in body]
    assert fits[:5] == [5] * 5  # fit now dominates the score


def test_client_names_that_look_like_formulas_stay_text(tmp_path):
    names = ['=HYPERLINK("http://example.invalid","x")', "+44 Holdings", "-dash Ltd", "@home", "Plain Ltd"]
    rows = [[n, 100.0 * (i + 1)] for i, n in enumerate(names)]
    src = make_workbook(tmp_path / "inj.xlsx", [["Client", "Revenue"]] + rows)
    wb = load_workbook(src)
    for row in wb.active.iter_rows(min_row=2):
        row[0].data_type = "s"
    wb.save(src)
    out = tmp_path / "out.xlsx"
    assert run_cli("rerank", src, "--out", out)[0] == 0
    for name, data in parts(out).items():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in data and b"<f " not in data
    head, body = ranking_rows(out)
    assert {r[1] for r in body} == set(names)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_clean_error(args, *, contains: str, unchanged: Path | None = None):
    before = sha(unchanged) if unchanged else None
    code, out, err = run_cli(*args)
    assert code not in (0, 1), (code, err)  # 1 is reserved for bugs
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1, err
    assert contains in err, err
    if unchanged:
        assert sha(unchanged) == before
    return err


def test_missing_file(tmp_path):
    err = assert_clean_error(["rerank", tmp_path / "nope.xlsx"], contains="file not found")
    assert "nope.xlsx" in err


def test_not_a_workbook(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("this is not a workbook")
    assert_clean_error(["rerank", junk], contains="not an Excel workbook", unchanged=junk)


def test_old_xls_file(tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    said = ("is an old Excel 97-2003 (.xls) workbook, not an .xlsx; open it in Excel, choose File, Save As and the "
            "type Excel Workbook (.xlsx), then rank the .xlsx file (in LibreOffice: File, Save As, Excel 2007-365 "
            "(.xlsx))")
    assert_clean_error(["rerank", old], contains=said, unchanged=old)


def test_no_client_table(tmp_path):
    src = make_workbook(tmp_path / "notes.xlsx", [["Shopping list"], ["eggs"], ["milk"]])
    assert_clean_error(["rerank", src], contains="no sheet looks like a client list", unchanged=src)


def test_unknown_sheet_lists_the_sheets(sample):
    err = assert_clean_error(["rerank", sample, "--sheet", "Customers"], contains="there is no sheet 'Customers'",
                             unchanged=sample)
    assert "'Clients'" in err and "'Notes'" in err


def test_bad_settings_value_names_sheet_and_cell(sample):
    assert run_cli("rerank", sample)[0] == 0
    wb = load_workbook(sample)
    ws = wb["ClientRank Settings"]
    cell = next(r[3] for r in ws.iter_rows() if r[1].value == "Orders")
    cell.value = "lots"
    wb.save(sample)
    err = assert_clean_error(["rerank", sample], contains=f"sheet 'ClientRank Settings', cell {cell.coordinate}",
                             unchanged=sample)
    assert "'lots' is not a number" in err


def test_owners_own_ranking_sheet_is_never_overwritten(tmp_path):
    src = make_workbook(tmp_path / "own.xlsx", [["Client", "Revenue"], ["A", 1], ["B", 2]],
                        Ranking=[["my own notes"]])
    assert_clean_error(["rerank", src], contains="already has a sheet named 'Ranking'", unchanged=src)


def test_workbook_open_in_excel_is_refused(sample):
    lock = sample.with_name("~$" + sample.name)
    lock.write_bytes(b"owner")
    assert_clean_error(["rerank", sample], contains="open in Excel", unchanged=sample)


def test_output_must_be_a_workbook_name(sample, tmp_path):
    assert_clean_error(["rerank", sample, "--out", tmp_path / "x.csv"], contains="must end in .xlsx", unchanged=sample)


def test_failure_while_writing_leaves_the_original_and_no_temp_file(sample, monkeypatch):
    from xlclientrank.ooxml import package

    before = sha(sample)

    def boom(self, fh):
        fh.write(b"PK partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(package.Package, "write_zip", boom)
    code, out, err = run_cli("rerank", sample)
    assert code == 3 and "the disk is full" in err and "original file is unchanged" in err
    assert sha(sample) == before
    assert sorted(p.name for p in sample.parent.iterdir()) == [sample.name]


def test_module_entry_point_and_version():
    p = subprocess.run([sys.executable, "-m", "xlclientrank", "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("xlclientrank ")
    exe = shutil.which("xlclientrank")
    assert exe, "the console script is installed with the package"
    p = subprocess.run([exe, "rerank", "/nonexistent/x.xlsx"], capture_output=True, text=True)
    assert p.returncode == 3 and "Traceback" not in p.stderr


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path, monkeypatch):
    import io

    from xlclientrank import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown = Terminal()
    bar = cli.ProgressBar(shown, quiet=False, label="xlclientrank")
    assert not bar.bar.disable
    bar("reading the workbook")
    bar.close()
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        bar = cli.ProgressBar(stream, quiet=quiet, label="xlclientrank")
        assert bar.bar.disable
        bar("ranking")
        bar.close()
        assert stream.getvalue() == ""
    # the steps the command reports, in order, as the Excel status bar shows them too
    from xlclientrank.jobs.rerank import STEPS, rerank

    seen = []
    rerank(SAMPLE, out=tmp_path / "r.xlsx", progress=seen.append)
    assert seen == list(STEPS)

"""The Ranking sheet as a report, checked by re-reading the written file."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile

import numpy as np
import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import SAMPLE, make_workbook, ranking_rows
from xlclientrank.jobs.rerank import rerank

C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}


def panel(path) -> dict[str, object]:
    """Summary panel of the Ranking sheet: label (column B) -> number (column C)."""
    ws = load_workbook(path, data_only=True)["Ranking"]
    out = {}
    for row in ws.iter_rows(min_row=5, max_row=40, max_col=4, values_only=True):
        if row[0] == "Rank":
            break
        if row[1]:
            out[row[1]] = row[2]
    return out


def sentences(path) -> list[str]:
    ws = load_workbook(path, data_only=True)["Ranking"]
    return [r[3] for r in ws.iter_rows(min_row=5, max_row=40, max_col=4, values_only=True) if r[3]]


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "ranked.xlsx"
    result = rerank(SAMPLE, out=out, today=dt.date(2026, 11, 26))
    return out, result


def test_summary_figures_match_the_json_summary(ranked):
    out, result = ranked
    s, p = result.summary, panel(out)
    assert p["Clients"] == 150
    for label, count in s["tiers"].items():
        assert p[label] == count
    assert p["80/20 count"] == s["pareto"]["count"]
    assert p["80/20 cut-off"] == pytest.approx(s["pareto"]["cutoff"])
    assert p["Top 20 % share"] == pytest.approx(s["top20_share"])
    assert p["Importance ratio"] == pytest.approx(s["importance_ratio"])
    assert p["Gini"] == pytest.approx(s["gini"])
    assert p["Largest client"] == pytest.approx(s["largest_client_share"])
    # focus check: Ideal clients' share of the hours, computed here from the ranked table
    head, body = ranking_rows(out)
    hours = np.array([r[head.index("Hours spent")] for r in body], dtype=float)
    ideal = np.array([r[head.index("Tier")] == "Ideal" for r in body])
    assert p["Focus check"] == pytest.approx(hours[ideal].sum() / hours.sum())
    text = "\n".join(sentences(out))
    assert "bring 80 % of your Revenue 2026; the cut-off is" in text
    assert "of your Gross profit" in text and "times your least" in text


def test_table_has_reasons_actions_and_the_owners_number_formats(ranked):
    out, _ = ranked
    ws = load_workbook(out)["Ranking"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Rank")
    names = [c.value for c in header]
    for col in ("Helped most", "Hurt most", "Action", "Cumulative share of Revenue 2026", "In 80 % group"):
        assert col in names
    first = ws.cell(header[0].row + 1, 1).row
    fmt = {n: ws.cell(first + 3, j + 1).number_format for j, n in enumerate(names)}
    assert fmt["Revenue 2026"] == "$#,##0.00" and fmt["Client since"] == "yyyy-mm-dd"
    actions = {ws.cell(r, names.index("Tier") + 1).value: ws.cell(r, names.index("Action") + 1).value
               for r in range(first, first + 150)}
    assert actions["Ideal"].startswith("Protect") and actions["Poor"] == "Reprice or refer elsewhere"
    factors = {"Revenue 2026", "Gross profit", "Orders", "Client since", "Last order", "Hours spent", "Complaints",
               "Referrals", "Fit (1-5)", ""}
    assert {ws.cell(r, names.index("Helped most") + 1).value or "" for r in range(first, first + 150)} <= factors


def test_conditional_formats_freeze_filter_and_print_setup(ranked):
    out, _ = ranked
    ws = load_workbook(out)["Ranking"]
    header_row = next(r[0].row for r in ws.iter_rows() if r[0].value == "Rank")
    last = header_row + 150
    rules = {str(rng.sqref): [r.type for r in rule_list]
             for rng, rule_list in ws.conditional_formatting._cf_rules.items()}
    assert rules[f"D{header_row + 1}:D{last}"] == ["cellIs"] * 3          # tier colours, one rule a tier
    assert rules[f"C{header_row + 1}:C{last}"] == ["dataBar"]              # the score's data bar
    assert ws.freeze_panes == f"C{header_row + 1}"
    assert ws.auto_filter.ref.startswith(f"A{header_row}:") and ws.auto_filter.ref.endswith(str(last))
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.page_setup.orientation == "landscape"
    # fit to one page wide: fitToWidth is 1 when absent (the file format's default)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert "Page &P of &N" in ws.oddFooter.right.text


def chart_xml(path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        return [etree.fromstring(z.read(n)) for n in sorted(z.namelist()) if re.match(r"xl/charts/chart\d+\.xml$", n)]


def test_pareto_chart_series_and_axes(ranked):
    out, _ = ranked
    charts = chart_xml(out)
    pareto = next(c for c in charts if c.find(".//c:barChart", C) is not None)
    bar_refs = [f.text for f in pareto.iterfind(".//c:barChart/c:ser/c:val//c:f", C)]
    line_refs = [f.text for f in pareto.iterfind(".//c:lineChart/c:ser/c:val//c:f", C)]
    assert bar_refs == ["'ClientRank Methodology'!$B$%d:$B$%d" % (r0, r0 + 50) for r0 in
                        [int(re.search(r"\$(\d+):", bar_refs[0]).group(1))]]
    assert len(line_refs) == 2 and all(r.startswith("'ClientRank Methodology'!$") for r in line_refs)
    # the secondary axis runs from 0 to 100 %
    scalings = pareto.findall(".//c:valAx/c:scaling", C)
    assert any(s.find("c:max", C) is not None and s.find("c:max", C).get("val") == "1" for s in scalings)
    # the data: top 50 by revenue, then "All others", the cumulative share ends at 100 %
    ws = load_workbook(out, data_only=True)["ClientRank Methodology"]
    r0 = int(re.search(r"\$(\d+):", bar_refs[0]).group(1))
    rows = [[ws.cell(r, c).value for c in range(1, 5)] for r in range(r0, r0 + 51)]
    assert rows[-1][0].startswith("All others (100 clients, ") and rows[-1][1] is None
    assert rows[-1][2] == pytest.approx(1.0)
    values = [r[1] for r in rows[:-1]]
    assert values == sorted(values, reverse=True)
    assert all(r[3] == 0.8 for r in rows)
    trend = next(c for c in charts if c.find(".//c:barChart", C) is None)
    # the run table beside the clients' (history.py): K run date, L clients, M the first tier's count
    assert [f.text for f in trend.iterfind(".//c:val//c:f", C)] == ["'Rank History'!$M$2:$M$2"]
    assert [f.text for f in trend.iterfind(".//c:cat//c:f", C)] == ["'Rank History'!$K$2:$K$2"]
    hist = load_workbook(out, data_only=True)["Rank History"]
    assert (hist["K1"].value, hist["L1"].value, hist["M1"].value) == ("Run date", "Clients", "Ideal")


def test_history_and_movement_after_two_runs_with_changed_data(tmp_path):
    src = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    rerank(src, today=dt.date(2026, 10, 26))
    first = {r[1]: r[3] for r in ranking_rows(src)[1]}
    wb = load_workbook(src)
    ws = wb["Clients"]
    poor = next(r for r in ws.iter_rows(min_row=2) if first[r[0].value] == "Poor")
    poor[2].value, poor[3].value, poor[9].value = 500000, 250000, 5       # a Poor client's big year
    gone = ws.cell(5, 1).value
    ws.delete_rows(5)
    ws.append(["Brand New Ltd", "new@example.com", 1000, 300, 1, dt.datetime(2026, 11, 1),
               dt.datetime(2026, 11, 20), 5, 0, 0, 3])
    wb.save(src)
    rerank(src, today=dt.date(2026, 11, 26))
    rerank(src, today=dt.date(2026, 11, 26))  # a same-day re-run replaces that day's snapshot
    head, body = ranking_rows(src)
    since = {r[1]: r[head.index("Since last time")] for r in body}
    assert since["Brand New Ltd"] == "New"
    assert since[poor[0].value] == "Up from Poor"
    assert set(since.values()) <= {"New", "Same", "Up from Poor", "Up from Core", "Down from Ideal", "Down from Core"}
    hist = load_workbook(src, data_only=True)["Rank History"]
    runs = [r for r in hist.iter_rows(min_row=2, min_col=11, max_col=12, values_only=True) if r[0] is not None]
    assert [(r[0].date(), r[1]) for r in runs] == [(dt.date(2026, 10, 26), 150), (dt.date(2026, 11, 26), 150)]
    rows = {r[0]: r for r in hist.iter_rows(min_row=2, max_col=9, values_only=True) if r[0] is not None}
    assert len(rows) == 151                                   # 150 clients, one gone, one new: one row each
    assert rows[gone][6].endswith(" | –") and rows[gone][5].date() == dt.date(2026, 10, 26)
    assert rows["Brand New Ltd"][6].count(" | ") == 0 and rows["Brand New Ltd"][4].date() == dt.date(2026, 11, 26)
    moved = rows[poor[0].value]
    assert moved[6].startswith("Poor | ") and moved[1] in ("Core", "Ideal") and moved[6].endswith(moved[1])
    text = "\n".join(sentences(src))
    assert f"{gone} (was " in text and "1 new, 1 gone" in text


def test_same_data_same_day_gives_the_same_ranking_sheet(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    rerank(src, today=dt.date(2026, 11, 26))
    before = zipfile.ZipFile(src).read("xl/worksheets/sheet3.xml")
    rerank(src, today=dt.date(2026, 11, 26))
    assert zipfile.ZipFile(src).read("xl/worksheets/sheet3.xml") == before


@pytest.mark.parametrize("n", [20, 20000])
def test_small_and_large_lists(tmp_path, n):
    rng = np.random.default_rng(n)
    rows = [["Client", "Revenue", "Hours", "Complaints"]] + [
        [f"Client {i:05d}", float(round(rng.lognormal(8, 1.2), 2)), float(rng.integers(1, 200)), int(rng.poisson(0.4))]
        for i in range(n)]
    src = make_workbook(tmp_path / "c.xlsx", rows)
    out = tmp_path / "r.xlsx"
    result = rerank(src, out=out, today=dt.date(2026, 11, 26))
    head, body = ranking_rows(out)
    assert len(body) == n
    p = panel(out)
    assert p["80/20 count"] == result.summary["pareto"]["count"]
    bars = chart_xml(out)[0].findall(".//c:barChart/c:ser/c:cat//c:f", C)
    first, last = map(int, re.findall(r"\$(\d+)", bars[0].text))
    assert last - first + 1 == min(n, 51)

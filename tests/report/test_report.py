"""The Ranking sheet and the summary sheet as a report, checked by re-reading the written file."""

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
SUMMARY = "ClientRank Summary"


def panel(path) -> dict[str, object]:
    """The figures of the summary sheet: label (column B) -> number (column C)."""
    ws = load_workbook(path, data_only=True)[SUMMARY]
    return {r[1]: r[2] for r in ws.iter_rows(min_row=3, max_row=80, max_col=4, values_only=True)
            if r[1] and r[3]}


def sentences(path) -> list[str]:
    """Every sentence of the summary sheet (column D), then the verdict (column B, no number beside it)."""
    ws = load_workbook(path, data_only=True)[SUMMARY]
    rows = list(ws.iter_rows(min_row=3, max_row=80, max_col=4, values_only=True))
    return [r[3] for r in rows if r[3]] + [r[1] for r in rows if r[1] and not r[3] and len(str(r[1])) > 40]


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "ranked.xlsx"
    result = rerank(SAMPLE, out=out, today=dt.date(2026, 11, 26))
    return out, result


def test_summary_figures_match_the_json_summary(ranked):
    out, result = ranked
    s, p = result.summary, panel(out)
    for label, count in s["tiers"].items():
        assert p[label] == count
    assert p["Clients bringing 80 %"] == s["pareto"]["count"]
    assert p["Smallest of them"] == pytest.approx(s["pareto"]["cutoff"])
    assert p["Top 20 % share"] == pytest.approx(s["top20_share"])
    assert p["Biggest vs smallest client"] == pytest.approx(s["importance_ratio"])
    assert p["Spread of Revenue 2026"] == pytest.approx(s["gini"])
    assert p["Biggest client's share"] == pytest.approx(s["largest_client_share"])
    # focus check: Ideal clients' share of the hours, computed here from the ranked table
    head, body = ranking_rows(out)
    hours = np.array([r[head.index("Hours spent")] for r in body], dtype=float)
    ideal = np.array([r[head.index("Tier")] == "Ideal" for r in body])
    assert p["Focus check"] == pytest.approx(hours[ideal].sum() / hours.sum())
    text = "\n".join(sentences(out))
    # the cut-off in the 80/20 column's own format (the sample's is $#,##0.00)
    assert f"The smallest Revenue 2026 inside that group is ${s['pareto']['cutoff']:,.2f}." in text
    assert "of your Gross profit" in text and "times as much Revenue 2026 as your smallest" in text


def test_table_has_reasons_actions_and_the_owners_number_formats(ranked):
    out, _ = ranked
    ws = load_workbook(out)["Ranking"]
    header = next(r for r in ws.iter_rows() if r[0].value == "Rank")
    names = [c.value for c in header]
    # the printed columns first, the rest on screen after them; no running total in a table sorted by score
    assert names[:7] == ["Rank", "Client", "Score", "Tier", "Revenue 2026", "Why", "Action"]
    assert "In the 80 % group of Revenue 2026" in names
    assert not any(n and n.startswith("Cumulative share") for n in names)
    first = ws.cell(header[0].row + 1, 1).row
    fmt = {n: ws.cell(first + 3, j + 1).number_format for j, n in enumerate(names)}
    assert fmt["Revenue 2026"] == "$#,##0.00" and fmt["Client since"] == "yyyy-mm-dd"
    actions = {ws.cell(r, names.index("Tier") + 1).value: ws.cell(r, names.index("Action") + 1).value
               for r in range(first, first + 150)}
    assert actions["Ideal"].startswith("Protect")
    why = [ws.cell(r, names.index("Why") + 1).value for r in range(first, first + 150)]
    assert all(why), "every client has a reason"


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
    # the print area: the top rows and the seven printed columns (A to G)
    assert ws.print_area == [f"'Ranking'!$A$1:$G${last}"] or ws.print_area == f"'Ranking'!$A$1:$G${last}"


def chart_xml(path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        return [etree.fromstring(z.read(n)) for n in sorted(z.namelist()) if re.match(r"xl/charts/chart\d+\.xml$", n)]


def test_charts_top_clients_with_all_others_and_the_curve_to_100_percent(ranked):
    out, _ = ranked
    charts = chart_xml(out)
    assert len(charts) == 2  # a first ranking: no line over time yet
    bars = next(c for c in charts if c.find(".//c:barChart", C) is not None)
    assert bars.find(".//c:barChart/c:barDir", C).get("val") == "bar"        # horizontal bars
    cat = bars.find(".//c:barChart/c:ser/c:cat//c:f", C).text
    first, last = map(int, re.findall(r"\$(\d+)", cat))
    assert cat.startswith("'ClientRank Methodology'!$A$") and last - first + 1 == 21  # 20 clients and all others
    grey = bars.find(".//c:barChart/c:ser/c:dPt", C)
    assert grey.find("c:idx", C).get("val") == "20" and "BFBFBF" in etree.tostring(grey).decode()
    assert bars.find(".//c:valAx/c:numFmt", C).get("formatCode") == "$#,##0"  # the sample's currency
    ws = load_workbook(out, data_only=True)["ClientRank Methodology"]
    rows = [[ws.cell(r, c).value for c in range(1, 4)] for r in range(first, last + 1)]
    head, body = ranking_rows(out)
    revenue = sorted((r[head.index("Revenue 2026")] or 0 for r in body), reverse=True)
    assert [r[1] for r in rows[:20]] == pytest.approx(revenue[:20])
    assert rows[-1][0] == "All others (130 clients)" and rows[-1][1] == pytest.approx(sum(revenue[20:]))
    assert rows[-1][2] == 1.0
    curve = next(c for c in charts if c.find(".//c:scatterChart", C) is not None)
    x_ref, y_ref = (curve.find(f".//c:scatterChart/c:ser/c:{k}//c:f", C).text for k in ("xVal", "yVal"))
    first, last = map(int, re.findall(r"\$(\d+)", y_ref))
    points = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(first, last + 1)]
    assert points[0] == (0, 0) and points[-1] == (1, 1) and len(points) == 101
    # the largest 20 % of clients (30 of 150) hold the top-20 % share, computed here
    assert dict(points)[0.2] == pytest.approx(sum(revenue[:30]) / sum(revenue))
    summary = "\n".join(str(v) for r in load_workbook(out)[SUMMARY].iter_rows(values_only=True) for v in r if v)
    assert "shown from your second ranking" in summary


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
    assert f"{gone} (was " in text and "Brand New Ltd" in text
    # two runs: the best clients and the Ideal tier over time are drawn from the run table of Rank History
    # (no goal set: no goal line)
    trend = next(c for c in chart_xml(src) if c.find(".//c:lineChart", C) is not None)
    assert [f.text for f in trend.iterfind(".//c:val//c:f", C)] == ["'Rank History'!$M$2:$M$3",
                                                                    "'Rank History'!$O$2:$O$3"]
    assert {f.text for f in trend.iterfind(".//c:cat//c:f", C)} == {"'Rank History'!$K$2:$K$3"}


def test_same_data_same_day_gives_the_same_ranking(tmp_path):
    """A second run for the same day replaces the first and, nothing having changed, shows what the
    first showed: the same table, still a first ranking (no "Since last time" column)."""
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    rerank(src, today=dt.date(2026, 11, 26))
    head, body = ranking_rows(src)
    rerank(src, today=dt.date(2026, 11, 26))
    assert ranking_rows(src) == (head, body) and "Since last time" not in head


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
    assert p["Clients bringing 80 %"] == result.summary["pareto"]["count"]
    bars = next(c for c in chart_xml(out) if c.find(".//c:barChart", C) is not None)
    first, last = map(int, re.findall(r"\$(\d+)", bars.find(".//c:barChart/c:ser/c:cat//c:f", C).text))
    assert last - first + 1 == min(n, 21)


def test_a_long_sentence_of_the_summary_wraps_in_a_row_tall_enough(tmp_path):
    """Neither Excel nor LibreOffice makes a row taller when a file is opened: a sentence longer than
    column D wraps, in a row as tall as its lines."""
    src = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    rerank(src, today=dt.date(2026, 10, 31))
    wb = load_workbook(src)
    ws = wb["Clients"]
    for r in range(2, 30):  # a big year for many clients: long lists of who moved
        ws.cell(r, 3).value = 90000 - 1000 * r
    wb.save(src)
    rerank(src, today=dt.date(2026, 11, 30))
    ws = load_workbook(src)[SUMMARY]
    long = [c for c in ws["D"] if isinstance(c.value, str) and len(c.value) > 130]
    assert long, "the lists of who moved are longer than a line"
    for c in long:
        assert c.alignment.wrap_text and c.alignment.vertical == "top"
        assert ws.row_dimensions[c.row].height >= 15 * (len(c.value) // 112 + 1) - 1e-9

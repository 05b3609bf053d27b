"""What owners do to our sheets between runs: rename, delete, edit settings oddly, re-save elsewhere."""

from __future__ import annotations

import json
import posixpath
import zipfile

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import make_workbook, parts, ranking_rows, run_cli

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def marks(path):
    root = etree.fromstring(parts(path)["xl/workbook.xml"])
    return [(n.get("name"), n.text) for n in root.iterfind("m:definedNames/m:definedName", NS)
            if n.get("name", "").startswith("_xlclientrank.")]


def assert_consistent(path):
    """Every relationship target and every content-type override names a part that exists."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        ct = etree.fromstring(z.read("[Content_Types].xml"))
        for o in ct:
            if o.get("PartName"):
                assert o.get("PartName").lstrip("/") in names, o.get("PartName")
        for rels in [n for n in names if n.endswith(".rels")]:
            folder = posixpath.dirname(posixpath.dirname(rels))
            for r in etree.fromstring(z.read(rels)):
                if r.get("TargetMode") != "External":
                    t = r.get("Target")
                    target = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(folder, t))
                    assert target in names, (rels, t)
    sheets = load_workbook(path, read_only=True).sheetnames
    assert len(sheets) == len(set(sheets))


def test_a_renamed_ranking_is_kept_and_a_new_one_made(sample):
    assert run_cli("rerank", sample)[0] == 0
    wb = load_workbook(sample)
    wb["Ranking"].title = "Ranking Oct"
    # Excel and LibreOffice move a defined name along with a renamed sheet; do the same
    wb.defined_names["_xlclientrank.ranking"].attr_text = "'Ranking Oct'!$A$1"
    wb.save(sample)
    before = ranking_rows(sample, "Ranking Oct")
    assert run_cli("rerank", sample)[0] == 0
    assert ranking_rows(sample, "Ranking Oct") == before
    assert len(ranking_rows(sample)[1]) == 150
    assert marks(sample).count(("_xlclientrank.ranking", "'Ranking'!$A$1")) == 1
    assert [m for m, _ in marks(sample)].count("_xlclientrank.ranking") == 1
    assert_consistent(sample)


def test_a_deleted_ranking_leaves_no_duplicate_mark(sample):
    assert run_cli("rerank", sample)[0] == 0
    wb = load_workbook(sample)
    del wb["Ranking"]
    wb.defined_names["_xlclientrank.ranking"].attr_text = "#REF!"
    wb.save(sample)
    assert run_cli("rerank", sample)[0] == 0
    assert [m for m, _ in marks(sample)].count("_xlclientrank.ranking") == 1
    assert_consistent(sample)


def test_libreoffice_resave_then_rerank_is_consistent(tmp_path):
    from tests.helpers import SAMPLE, libreoffice_convert

    first = tmp_path / "first.xlsx"
    assert run_cli("rerank", SAMPLE, "--out", first)[0] == 0
    resaved = libreoffice_convert([first], "xlsx:Calc MS Excel 2007 XML")[first]
    again = tmp_path / "again.xlsx"
    assert run_cli("rerank", resaved, "--out", again)[0] == 0
    assert_consistent(again)
    third = tmp_path / "third.xlsx"
    assert run_cli("rerank", again, "--out", third)[0] == 0
    styles = [len(etree.fromstring(parts(p)["xl/styles.xml"]).find("m:cellXfs", NS)) for p in (again, third)]
    assert styles[0] == styles[1]


def prefixed(xml: bytes) -> bytes:
    """The same styles part with the main namespace under the prefix x: (as some producers write it)."""
    root = etree.fromstring(xml)
    main = NS["m"]
    new = etree.Element(f"{{{main}}}styleSheet", nsmap={"x": main})
    for child in root:
        new.append(child)
    return etree.tostring(new, xml_declaration=True, encoding="UTF-8", standalone=True)


def test_prefixed_styles_do_not_grow_on_every_run(sample, tmp_path):
    from xlclientrank.ooxml.package import Package

    pkg = Package.read(sample)
    pkg.set("xl/styles.xml", prefixed(pkg.parts["xl/styles.xml"]))
    pkg.write_atomic(sample)
    counts = []
    for _ in range(3):
        assert run_cli("rerank", sample)[0] == 0
        counts.append(len(etree.fromstring(parts(sample)["xl/styles.xml"]).find("m:cellXfs", NS)))
    assert counts[1] == counts[2]


def edit_settings(path, fn):
    wb = load_workbook(path)
    fn(wb["ClientRank Settings"])
    wb.save(path)


def test_a_blank_row_inside_the_factor_table_keeps_the_weights_below_it(sample):
    assert run_cli("rerank", sample)[0] == 0

    def insert_blank(ws):
        row = next(c.row for c in ws["B"] if c.value == "Orders")
        ws.insert_rows(row)
        next(r for r in ws.iter_rows() if r[1].value == "Fit (1-5)")[3].value = 9
    edit_settings(sample, insert_blank)
    code, out, err = run_cli("rerank", sample, "--json")
    assert code == 0, err
    weights = {f["column"]: f["weight"] for f in json.loads(out)["factors"]}
    assert weights["Fit (1-5)"] == 9 and weights["Orders"] == 1
    assert "New column" not in err


def test_threshold_tiers_need_every_minimum_score(sample):
    assert run_cli("rerank", sample)[0] == 0

    def thresholds(ws):
        next(r for r in ws.iter_rows() if r[0].value == "Tier method")[1].value = "Score thresholds"
    edit_settings(sample, thresholds)
    assert run_cli("rerank", sample)[0] == 0  # the tier table now shows the minimum scores, filled in
    core = []

    def blank_core(ws):
        head = next(r for r in ws.iter_rows() if r[0].value == "Tiers")
        column = next(c.column for c in head if c.value == "Minimum score")
        cell = ws.cell(next(r for r in ws.iter_rows() if r[1].value == "Core")[1].row, column)
        core.append(cell.coordinate)
        cell.value = None
    edit_settings(sample, blank_core)
    code, _, err = run_cli("rerank", sample)
    assert core == ["C" + core[0][1:]]
    assert code == 5 and "tier 'Core' has no minimum score" in err and f"cell {core[0]}" in err


def test_client_column_typed_as_a_factor_names_the_cell(sample):
    assert run_cli("rerank", sample)[0] == 0

    def weigh_names(ws):
        row = next(r for r in ws.iter_rows() if r[1].value == "Orders")
        row[1].value = "Client"
        return row[1].row
    wb = load_workbook(sample)
    row = weigh_names(wb["ClientRank Settings"])
    wb.save(sample)
    code, _, err = run_cli("rerank", sample)
    assert code == 5, err
    assert f"cell B{row}" in err and "holds the client names" in err


def test_pareto_column_that_is_not_a_factor(sample):
    assert run_cli("rerank", sample)[0] == 0

    def drop_revenue(ws):
        row = next(r for r in ws.iter_rows() if r[1].value == "Revenue 2026" and r[0].value is None)
        ws.delete_rows(row[0].row)
    edit_settings(sample, drop_revenue)
    code, out, err = run_cli("rerank", sample, "--json")
    assert code == 0, err
    s = json.loads(out)
    assert s["pareto"]["column"] == "Revenue 2026" and s["pareto"]["count"] > 0


def test_a_client_called_total_fitness_is_a_client(tmp_path):
    src = make_workbook(tmp_path / "t.xlsx", [["Client", "Revenue"], ["Total Fitness Ltd", 500], ["Acme", 100],
                                              ["Total", 600]])
    code, out, err = run_cli("rerank", src, "--out", tmp_path / "o.xlsx", "--json")
    assert code == 0 and json.loads(out)["clients"] == 2
    assert "skipped: totals row (row 4)" in err


@pytest.mark.parametrize("n", [1, 2])
def test_tiny_lists_do_not_talk_of_a_top_zero(tmp_path, n):
    src = make_workbook(tmp_path / "t.xlsx", [["Client", "Revenue"]] + [[f"C{i}", 10 * (i + 1)] for i in range(n)])
    code, out, err = run_cli("rerank", src, "--out", tmp_path / "o.xlsx")
    assert code == 0 and "top 0" not in out

"""The ClientRank Settings sheet: defaults from headers, round trip, and errors that name the cell."""

from __future__ import annotations

import pytest

from xlclientrank import headers
from xlclientrank.errors import SettingsError
from xlclientrank.stored import settings as S

SAMPLE_COLUMNS = [S.ColumnInfo("Client", "text"), S.ColumnInfo("Contact email", "text"),
                  S.ColumnInfo("Revenue 2026", "number"), S.ColumnInfo("Gross profit", "number"),
                  S.ColumnInfo("Orders", "number"), S.ColumnInfo("Client since", "date"),
                  S.ColumnInfo("Last order", "date"), S.ColumnInfo("Hours spent", "number"),
                  S.ColumnInfo("Complaints", "number"), S.ColumnInfo("Referrals", "number"),
                  S.ColumnInfo("Fit (1-5)", "number"), S.ColumnInfo("Region code", "number")]


@pytest.mark.parametrize("header,kind", [
    ("Revenue 2026", "revenue"), ("Sales", "revenue"), ("Turnover", "revenue"), ("Invoiced", "revenue"),
    ("Gross profit", "profit"), ("GP", "profit"), ("Margin %", "profit"), ("No. of orders", "orders"),
    ("Jobs", "orders"), ("Visits", "orders"), ("Customer since", "tenure"), ("First order", "tenure"),
    ("Last purchase", "recency"), ("Last order", "recency"), ("Hrs", "hours"), ("Time spent", "hours"),
    ("Complaints", "complaints"), ("Tickets", "complaints"), ("Referrals", "referrals"),
    ("Fit (1-5)", "fit"), ("Rating", "fit"), ("Average sale", "average_sale"), ("Avg order value", "average_sale"),
])
def test_headers_owners_use_are_recognised(header, kind):
    assert headers.recognise(header).key == kind
    assert headers.recognise(header.upper()).key == kind


def test_defaults_weigh_known_factors_and_list_the_rest():
    s, notes = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    w = {f.column: f.weight for f in s.factors}
    assert w["Revenue 2026"] == 3 and w["Gross profit"] == 2 and w["Fit (1-5)"] == 2 and w["Orders"] == 1
    assert w["Region code"] == 0  # unknown numeric column: listed, not weighted
    better = {f.column: f.higher_is_better for f in s.factors}
    assert better["Hours spent"] is False and better["Complaints"] is False and better["Client since"] is False
    assert s.pareto_column == "Revenue 2026"
    assert s.unused == ["Contact email"]
    assert not notes


def test_latest_year_wins_when_a_kind_appears_twice():
    cols = [S.ColumnInfo("Client", "text"), S.ColumnInfo("Revenue 2025", "number"),
            S.ColumnInfo("Revenue 2026", "number")]
    s, _ = S.infer("Clients", cols, "Client")
    assert {f.column: f.weight for f in s.factors} == {"Revenue 2025": 0, "Revenue 2026": 3}
    assert s.pareto_column == "Revenue 2026"


def test_unknown_headers_all_count_equally_with_a_note():
    cols = [S.ColumnInfo("Name", "text"), S.ColumnInfo("Alpha", "number"), S.ColumnInfo("Beta", "number")]
    s, notes = S.infer("Sheet1", cols, "Name")
    assert [f.weight for f in s.factors] == [1, 1] and notes


def test_rows_round_trip():
    s, _ = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    grid = [[None], [None], [None]] + S.to_rows(s)
    back, where = S.parse(grid)
    assert back.config() == s.config()
    assert back.unused == s.unused
    assert where["factor:Revenue 2026"].startswith("B")


def _grid_with(**changes):
    s, _ = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    rows = S.to_rows(s)
    for (r, c), v in changes.get("cells", {}).items():
        rows[r][c] = v
    return rows


def _factor_row(rows, column):
    return next(i for i, r in enumerate(rows) if len(r) > 1 and r[1] == column)


def test_bad_weight_names_the_cell():
    rows = _grid_with()
    i = _factor_row(rows, "Orders")
    rows[i][3] = "lots"
    with pytest.raises(SettingsError) as e:
        S.parse(rows, first_row=4)
    assert e.value.cell == f"D{i + 4}" and e.value.sheet == S.SHEET
    assert "'lots' is not a number" in str(e.value)


def test_bad_direction_and_kind_and_choice_name_their_cells():
    rows = _grid_with()
    i = _factor_row(rows, "Orders")
    rows[i][4] = "Sideways"
    with pytest.raises(SettingsError, match="Higher or Lower") as e:
        S.parse(rows)
    assert e.value.cell == f"E{i + 1}"
    rows[i][4] = "Higher"
    rows[i][2] = "Vibes"
    with pytest.raises(SettingsError, match="not a factor") as e:
        S.parse(rows)
    assert e.value.cell == f"C{i + 1}"
    rows[i][2] = "Orders"
    scale = next(k for k, r in enumerate(rows) if r[:1] == ["Score scale"])
    rows[scale][1] = "Loudest"
    with pytest.raises(SettingsError, match="Percentile, Min-max") as e:
        S.parse(rows)
    assert e.value.cell == f"B{scale + 1}"


def test_tier_shares_are_read_as_percentages_and_checked():
    rows = _grid_with()
    first_tier = next(i for i, r in enumerate(rows) if r[:1] == ["Tiers"]) + 1
    rows[first_tier][2] = "25%"
    rows[first_tier + 1][2] = 25
    rows[first_tier + 2][2] = 0.5
    s, _ = S.parse(rows)
    assert [t.share for t in s.tiers] == [0.25, 0.25, 0.5]
    rows[first_tier + 2][2] = 0.6
    with pytest.raises(SettingsError, match="add up to 100"):
        S.parse(rows)


def test_reconcile_adds_new_columns_with_weight_zero_and_rejects_vanished_ones():
    s, _ = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    grid = S.to_rows(s)
    saved, where = S.parse(grid)
    newer = SAMPLE_COLUMNS + [S.ColumnInfo("Upsells", "number")]
    merged, notes = S.reconcile(saved, newer, where)
    assert ("Upsells", 0.0) in [(f.column, f.weight) for f in merged.factors]
    assert any("New column 'Upsells'" in n for n in notes)
    fewer = [c for c in SAMPLE_COLUMNS if c.name != "Orders"]
    with pytest.raises(SettingsError, match="'Orders' is not in sheet 'Clients'") as e:
        S.reconcile(saved, fewer, where)
    assert e.value.cell == where["factor:Orders"]


def test_an_id_or_a_phone_is_never_weighted_nor_the_80_20_column(tmp_path):
    """Review finding: with --client-column naming the amounts, the Customer ID became the revenue."""
    import json

    from tests.helpers import make_workbook, run_cli

    rows = [["Customer ID", "Amount", "Postal code"]] + [[1000 + i, 10.0 * i, 10115 + i] for i in range(1, 13)]
    path = make_workbook(tmp_path / "ids.xlsx", rows)
    code, out, err = run_cli("rerank", path, "--out", tmp_path / "o.xlsx", "--json", "--client-column", "Amount")
    if code == 0:
        summary = json.loads(out[out.index("{"):])
        assert summary["pareto"]["column"] not in ("Customer ID", "Postal code")
        weighted = {f["column"] for f in summary["factors"] if f["weight"] > 0}
        assert not weighted & {"Customer ID", "Postal code"}
    else:
        assert "Traceback" not in err and code in (2, 3, 4, 5, 6)

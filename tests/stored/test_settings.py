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
    with pytest.raises(SettingsError, match="'Vibes' is not something Client Rank measures") as e:
        S.parse(rows)
    assert e.value.cell == f"C{i + 1}"
    rows[i][2] = "Orders"
    scale = next(k for k, r in enumerate(rows) if r[:1] == ["How values become scores"])
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


# ---------------------------------------------------------------- the owner's words on the sheet

# a settings sheet as an earlier version wrote it (its labels, every tier method's column, the old action)
EARLIER_SHEET = [
    ["xlclientrank settings"], ["Change the yellow cells, then click Re-rank (or run xlclientrank rerank) again."],
    [], [],
    ["Client sheet", "Clients"], ["Client column", "Client"], ["Rows are", "Auto"], ["Duplicate names", "Keep apart"],
    ["Score scale", "Min-max"], ["Missing values", "Leave out"], ["Tier method", "Score thresholds"],
    ["Pareto column", "Gross profit"], ["Pareto target", 0.7], [],
    ["Factors", "Column", "Factor", "Weight", "Better when"],
    ["", "Revenue 2026", "Revenue", 3, "Higher"], ["", "Client since", "Client since", 1, "Lower"], [],
    ["Tiers", "Tier", "Share of clients", "Minimum score", "Share of value (ABC)", "Action"],
    ["", "Ideal", 0.25, 65, 0.7, "Call monthly"], ["", "Core", 0.35, 35, 0.2, "Serve well; look for ways to grow"],
    ["", "Poor", 0.4, None, 0.1, "Reprice or refer elsewhere"], [],
    ["Columns not used", "Contact email"],
]


def test_a_sheet_written_by_an_earlier_version_is_read_with_every_setting():
    s, where = S.parse(EARLIER_SHEET)
    assert (s.scale, s.missing, s.tier_method) == ("minmax", "leave out", "thresholds")
    assert (s.pareto_column, s.pareto_target) == ("Gross profit", 0.7)
    assert where["pareto_column"] == "B12" and where["pareto_target"] == "B13" and where["scale"] == "B9"
    assert [(t.label, t.share, t.min_score, t.value_share, t.action) for t in s.tiers] == [
        ("Ideal", 0.25, 65, 0.7, "Call monthly"), ("Core", 0.35, 35, 0.2, "Serve well; look for ways to grow"),
        ("Poor", 0.4, None, 0.1, "Serve well; quote high for special requests")]
    # the actions it holds are kept, but for the old default of the bottom tier, which is today's default
    assert [(f.column, f.weight, f.higher_is_better) for f in s.factors] == [("Revenue 2026", 3, True),
                                                                           ("Client since", 1, False)]
    assert s.unused == ["Contact email"]
    # written again with today's words, and read back the same
    labels = [r[0] for r in S.to_rows(s) if r and r[0]]
    assert "80/20 column" in labels and "80/20 share" in labels and "How values become scores" in labels
    assert not {"Pareto column", "Pareto target", "Score scale"} & set(labels)
    again, _ = S.parse(S.to_rows(s))
    assert again.config().tiers.thresholds == (65, 35) and again.pareto_target == 0.7 and again.scale == "minmax"


def test_the_expert_choices_and_the_tiers_come_under_advanced_with_only_the_method_in_use():
    s, _ = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    rows = S.to_rows(s)
    firsts = [r[0] if r else None for r in rows]
    advanced = firsts.index("Advanced")
    assert firsts.index("Columns not used") < advanced
    assert firsts[advanced + 1:advanced + 4] == ["How values become scores", "Missing values", "Tier method"]
    assert firsts[:6] == ["Client sheet", "Client column", "Rows are", "Duplicate names", "80/20 column",
                          "80/20 share"]
    for method, header, values in (("shares", "Share of clients", [0.2, 0.3, 0.5]),
                                   ("thresholds", "Minimum score", [70, 40, None]),
                                   ("abc", "Share of value", [0.8, 0.15, 0.05])):
        shown = S.to_rows(S.Settings(**{**s.__dict__, "tier_method": method}))
        head = next(i for i, r in enumerate(shown) if r[:1] == ["Tiers"])
        assert shown[head] == ["Tiers", "Tier", header, "Action"]
        assert [r[2] for r in shown[head + 1:head + 4]] == values


@pytest.mark.parametrize("method,want", [("ABC", ("abc", [0.8, 0.15, 0.05])),
                                         ("Score thresholds", ("thresholds", [70.0, 40.0]))])
def test_another_tier_method_chosen_by_the_owner_starts_from_its_defaults(method, want):
    s, _ = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    rows = S.to_rows(s)  # shows only the shares
    rows[next(i for i, r in enumerate(rows) if r[:1] == ["Tier method"])][1] = method
    back, _ = S.parse(rows)
    cfg = back.config().tiers
    assert (cfg.method, list(cfg.value_shares if want[0] == "abc" else cfg.thresholds)) == want
    again = S.to_rows(back)
    head = next(i for i, r in enumerate(again) if r[:1] == ["Tiers"])
    assert [r[2] for r in again[head + 1:head + 3]] == want[1][:2]


def test_dates_are_better_when_earlier_or_later():
    s, _ = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    rows = S.to_rows(s)
    better = {r[1]: r[4] for r in rows if len(r) == 5 and r[0] == ""}
    assert (better["Client since"], better["Last order"], better["Hours spent"], better["Orders"]) == \
        ("Earlier", "Later", "Lower", "Higher")
    rows[_factor_row(rows, "Client since")][4] = "Later"
    rows[_factor_row(rows, "Last order")][4] = "earlier"
    back, _ = S.parse(rows)
    higher = {f.column: f.higher_is_better for f in back.factors}
    assert higher["Client since"] is True and higher["Last order"] is False


def test_columns_not_used_says_none_when_every_column_is_used():
    cols = [S.ColumnInfo("Client", "text"), S.ColumnInfo("Revenue", "number")]
    s, _ = S.infer("Clients", cols, "Client")
    rows = S.to_rows(s)
    assert ["Columns not used", "(none)"] in rows
    assert S.parse(rows)[0].unused == []


def test_new_settings_give_the_poor_fits_a_kinder_action():
    s, _ = S.infer("Clients", SAMPLE_COLUMNS, "Client")
    assert [t.action for t in s.tiers] == [
        "Protect: priority response, regular check-ins", "Serve well; look for ways to grow",
        "Serve well; quote high for special requests"]
    assert [(t.label, t.share) for t in s.tiers] == [("Ideal", 0.2), ("Core", 0.3), ("Poor", 0.5)]


@pytest.mark.parametrize("header,reason", [("Sales 2025", "its header says Sales"),
                                           ("Umsatzerlöse", "its header says Umsatzerlöse"),
                                           ("Turnover", "its header says Turnover")])
def test_the_revenue_reason_quotes_the_headers_own_word(header, reason):
    s, _ = S.infer("Clients", [S.ColumnInfo("Client", "text"), S.ColumnInfo(header, "number")], "Client")
    assert (s.pareto_column, s.pareto_reason) == (header, reason)

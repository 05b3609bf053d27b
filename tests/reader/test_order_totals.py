"""Order lines whose amount is the order's total, repeated on each line (reports with one row per
tax rate or per item, such as Open Food Network's "Sales tax by order"), counted once per order;
payments of an invoice in equal instalments, on different days, are not mistaken for them."""

from __future__ import annotations

import json

import pytest

from tests.helpers import make_workbook, run_cli


def rank(path, tmp_path):
    code, out, err = run_cli("rerank", path, "--out", tmp_path / "out.xlsx", "--json")
    assert code == 0, err
    return json.loads(out[out.index("{"):])


HEAD = ["Order number", "Tax Rate Name", "Tax Rate", "Total excl. tax", "Tax", "Order date", "Customer"]


def tax_rows():
    rows = []
    for n, (who, total, day) in enumerate([("Ada", 115.0, "2025-03-01"), ("Ada", 40.0, "2025-03-09"),
                                           ("Grace", 215.0, "2025-03-02"), ("Grace", 60.0, "2025-03-20"),
                                           ("Alan", 10.0, "2025-03-21")], 1):
        for rate_name, rate in (("State", 0.015), ("Country", 0.025)):
            rows.append([f"R{n:03d}", rate_name, rate, total, round(total * rate, 2), day, who])
    return rows


def test_an_order_total_on_each_tax_rate_row_is_counted_once(tmp_path):
    summary = rank(make_workbook(tmp_path / "tax.xlsx", [HEAD] + tax_rows()), tmp_path)
    assert summary["clients"] == 3
    assert summary["pareto"]["total"] == pytest.approx(115 + 40 + 215 + 60 + 10)
    assert any("counted once per 'Order number'" in w for w in summary["warnings"])


def test_instalments_of_one_invoice_on_different_days_are_all_counted(tmp_path):
    head = ["Invoice Number", "Payment Date", "Amount", "Client"]
    rows = [["1", "2025-01-05", 50.0, "Ada"], ["1", "2025-02-05", 50.0, "Ada"],
            ["2", "2025-01-07", 30.0, "Grace"], ["2", "2025-02-07", 30.0, "Grace"],
            ["3", "2025-01-09", 20.0, "Alan"], ["4", "2025-02-11", 25.0, "Ada"]]
    summary = rank(make_workbook(tmp_path / "payments.xlsx", [head] + rows), tmp_path)
    assert summary["pareto"]["total"] == pytest.approx(205)


def test_line_amounts_that_differ_within_an_order_are_summed(tmp_path):
    rows = tax_rows()
    rows[1][3] = 7.5  # one order's lines now carry different amounts: they are line amounts
    summary = rank(make_workbook(tmp_path / "lines.xlsx", [HEAD] + rows), tmp_path)
    assert summary["pareto"]["total"] == pytest.approx(sum(r[3] for r in rows))


def test_two_fixed_price_orders_with_a_line_amount_are_added_up(tmp_path):
    """Equal line amounts are no order total unless the header says it is a total."""
    head = ["Invoice", "Date", "Client", "Item", "Amount"]
    rows = [["101", "2025-03-01", "Acme", "Lawn mowing", 50.0], ["101", "2025-03-01", "Acme", "Lawn mowing", 50.0],
            ["102", "2025-03-02", "Beta", "Hedge trim", 80.0], ["102", "2025-03-02", "Beta", "Gutter clean", 80.0],
            ["103", "2025-03-03", "Acme", "Lawn mowing", 50.0], ["104", "2025-03-04", "Gamma", "Weeding", 30.0]]
    summary = rank(make_workbook(tmp_path / "jobs.xlsx", [head] + rows), tmp_path)
    assert summary["pareto"]["total"] == pytest.approx(340)


def test_the_revenue_line_says_an_order_total_is_counted_once(tmp_path):
    from tests.helpers import client_table

    t = client_table(make_workbook(tmp_path / "tax.xlsx", [HEAD] + tax_rows()))
    line = next(x for x in t.understood if x.startswith("Revenue:"))
    assert "Total excl. tax" in line and "once per order" in line and "rename the column" in line

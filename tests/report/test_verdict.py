"""The verdict: which sentences are chosen from the figures, and how they are worded, with numbers
and units worked out here by hand for small client lists."""

from __future__ import annotations

import pandas as pd
import pytest

from xlclientrank.engine import Factor, RankConfig, rank
from xlclientrank.report import amounts, verdict


def ranked(rows: list[tuple], factors: list[Factor], columns: list[str]):
    table = pd.DataFrame(rows, columns=["Client"] + columns)
    return rank(table, RankConfig(factors=tuple(factors), pareto_column=columns[0]), "Client")


def said(ranking, money_format: str | None = "$#,##0.00") -> list[str]:
    return [line.sentence for line in verdict.sentences(ranking, lambda x: amounts.as_text(x, money_format))]


def test_ten_clients_one_of_them_a_concentration_risk():
    # Willow Vets brings 600 of 1,500 (40 %); the other nine 100 each
    rows = [("Willow Vets", 600.0)] + [(f"Client {i}", 100.0) for i in range(9)]
    r = ranked(rows, [Factor("Sales", 1.0, True, "revenue")], ["Sales"])
    out = said(r)
    assert out[0] == "Willow Vets alone brings 40 % of your Sales: a risk if they leave."
    # 80 % of 1,500 is 1,200: Willow Vets and six others (600 + 6 x 100); the smallest of them 100
    assert out[1] == "7 of your 10 clients (70 %) bring 80 % of your Sales (each $100.00 or more)."
    # the best tier: 2 clients (20 % of 10), Willow Vets and one of 100: 700 of 1,500
    assert out[2] == "Your 2 Ideal clients (20 %) bring 46.7 % of your Sales."
    assert len(out) == 3  # the Poor half brings 500 of 1,500 (33 %), more than half its share (25 %): not said


def test_bottom_tier_hours_and_grief_chosen_and_at_most_five():
    # clients A..J: sales 1000, 900, ... 100; profit only from the top four; hours and complaints mostly
    # from the last two
    rows = []
    for i, name in enumerate("ABCDEFGHIJ"):
        sales = 1000.0 - 100 * i
        profit = [400.0, 300.0, 200.0, 100.0][i] if i < 4 else 0.0
        hours = 50.0 if name in "IJ" else 5.0
        complaints = 9 if name in "IJ" else 0
        rows.append((name, sales, profit, hours, complaints))
    factors = [Factor("Sales", 3.0, True, "revenue"), Factor("Gross profit", 1.0, True, "profit"),
               Factor("Hours", 1.0, False, "hours"), Factor("Complaints", 1.0, False, "complaints")]
    r = ranked(rows, factors, ["Sales", "Gross profit", "Hours", "Complaints"])
    out = said(r)
    assert len(out) == verdict.MAX_SENTENCES  # six apply; the grief, the least important, is left out
    assert out[0] == "A alone brings 18.2 % of your Sales: a risk if they leave."  # 1,000 of 5,500
    # 80 % of 5,500 is 4,400: 1000 + 900 + 800 + 700 + 600 = 4,000 < 4,400, with 500 it is 4,500
    assert out[1] == "6 of your 10 clients (60 %) bring 80 % of your Sales (each $500.00 or more)."
    assert not any("Complaints" in s for s in out)
    poor = [t for t in r.table["Tier"]].count("Poor")
    assert poor == 5
    assert "Your 5 Poor clients (half of your clients) bring only 0 % of your Gross profit." in out
    ideal = r.table[r.table["Tier"] == "Ideal"]
    hours_share = ideal["Hours"].sum() / r.table["Hours"].sum()
    sales_share = ideal["Sales"].sum() / r.table["Sales"].sum()
    assert hours_share < sales_share - 0.10
    focus = next(s for s in out if s.startswith("Your Ideal clients get"))
    assert focus == (f"Your Ideal clients get {verdict.pct(hours_share)} of your Hours and bring "
                     f"{verdict.pct(sales_share)} of your Sales: give them more of your time.")


def test_grief_is_said_only_when_a_minority_causes_it():
    rows = [("A", 500.0, 0), ("B", 400.0, 0), ("C", 300.0, 8), ("D", 200.0, 1), ("E", 100.0, 1)]
    r = ranked(rows, [Factor("Sales", 1.0, True, "revenue"), Factor("Complaints", 1.0, False, "complaints")],
               ["Sales", "Complaints"])
    # 80 % of 10 complaints: C alone (8), one client of five (20 %)
    assert "1 client (20 %) causes 80 % of your Complaints." in said(r)
    even = ranked([(c, 100.0, 1) for c in "ABCDE"],
                  [Factor("Sales", 1.0, True, "revenue"), Factor("Complaints", 1.0, False, "complaints")],
                  ["Sales", "Complaints"])
    assert not any("Complaints" in s for s in said(even))  # four of five clients cause 80 %: no minority


@pytest.mark.parametrize("code,text", [("#,##0.00 [$€-407]", "1,234.50 €"), ("$#,##0", "$1,235"), (None, "1234.5")])
def test_the_cut_off_is_written_in_the_columns_own_format(code, text):
    rows = [("A", 1234.5), ("B", 1234.5), ("C", 10.0)]
    r = ranked(rows, [Factor("Umsatz", 1.0, True, "revenue")], ["Umsatz"])
    assert any(f"(each {text} or more)" in s for s in said(r, code))


def test_nothing_is_said_of_an_empty_best_tier_nor_a_share_over_100_percent():
    # score thresholds nobody reaches: no Ideal client, so no sentence about them
    from xlclientrank.engine import TierRule

    table = pd.DataFrame({"Client": list("ABCD"), "Sales": [400.0, 300.0, 200.0, 100.0],
                          "Hours": [4.0, 3.0, 2.0, 1.0]})  # nobody best at both: no score reaches 99
    config = RankConfig(factors=(Factor("Sales", 1.0, True, "revenue"), Factor("Hours", 1.0, False, "hours")),
                        tiers=TierRule(method="thresholds", thresholds=(99.0, 40.0)), pareto_column="Sales")
    out = said(rank(table, config, "Client"))
    assert not any("Ideal" in s for s in out), out
    # a refund-heavy client makes the net total small: no share above 100 % or below 0 % is said
    r = ranked([("A", 1000.0), ("B", 500.0), ("C", -800.0), ("D", 20.0), ("E", None)],
               [Factor("Sales", 1.0, True, "revenue")], ["Sales"])
    for s in said(r):
        for number in (float(x) for x in __import__("re").findall(r"([-\d.]+) %", s)):
            assert 0 <= number <= 100, s


def test_one_client_and_equal_clients_in_the_singular_and_without_a_false_risk():
    one = ranked([("Solo Ltd", 500.0)], [Factor("Sales", 1.0, True, "revenue")], ["Sales"])
    assert said(one) == []  # one client: no split, no tier to compare, nobody "alone" among others
    equal = ranked([(c, 100.0) for c in "ABCD"], [Factor("Sales", 1.0, True, "revenue")], ["Sales"])
    assert not any("alone" in s or "risk" in s for s in said(equal))
    two = ranked([("X", 500.0), ("Y", 500.0), ("Z", 80.0)], [Factor("Sales", 1.0, True, "revenue")], ["Sales"])
    assert said(two)[0] == "X and Y each bring 46.3 % of your Sales: a risk if they leave."  # 500 of 1,080
    # the best tier of one client: "Your 1 Ideal client (33.3 %) brings ..."
    assert "Your 1 Ideal client (33.3 %) brings 46.3 % of your Sales." in said(two)

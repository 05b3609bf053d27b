"""A reason per client in words with its values: which factors are named and how they are said.

The four-client table is worked out by hand in the comments: factor scores are percentile ranks,
effects ``w * (s - 50) / sum(w)`` in score points."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlclientrank import engine
from xlclientrank.engine import Factor, RankConfig
from xlclientrank.report import reasons
from xlclientrank.report.reasons import texts

ON = dt.date(2026, 6, 30)
FORMATS = {"Sales": "$#,##0", "Hours": "0.0", "Complaints": "#,##0", "Client since": "yyyy-mm-dd", "Jobs": "#,##0"}


def _serial(y: int, m: int, d: int) -> float:
    return float((dt.date(y, m, d) - dt.date(1899, 12, 30)).days)


def _four() -> engine.Ranking:
    clients = pd.DataFrame({
        "Client": ["A", "B", "C", "D"],
        "Sales": [12450, 306, 5000, np.nan],
        "Hours": [40, 3.9, 120, 10],
        "Complaints": [0, 0, 3, 1],
        "Client since": [_serial(2014, 3, 1), _serial(2025, 4, 15), _serial(2020, 6, 30), _serial(2019, 1, 1)],
        "Jobs": [1, 2, 3, 4],
    })
    config = RankConfig((Factor("Sales", 3, True, "revenue"), Factor("Hours", 1, False, "hours"),
                         Factor("Complaints", 1, False, "complaints"),
                         Factor("Client since", 1, False, "tenure"), Factor("Jobs", 0, True, "orders")))
    return engine.rank(clients, config, "Client")


def _by_client(ranking: engine.Ranking, said: list[str]) -> dict[str, str]:
    return dict(zip(ranking.table["Client"], said))


def test_four_clients_worked_by_hand():
    # scores (percentile): Sales B 0, C 50, A 100, D missing -> 0; Hours (less is better) C 0, A 33.3, D 66.7,
    # B 100; Complaints (less is better) C 0, D 33.3, A and B tied 83.3; Client since (earlier is better)
    # B 0, C 33.3, D 66.7, A 100. Weights 3, 1, 1, 1 (Jobs 0): effects in points, sum of weights 6:
    # A: Sales +25, Hours -2.8, Complaints +5.6, Since +8.3 -> helped Sales, hurt Hours, third Since (8.3 >= 5)
    # B: Sales -25, Hours +8.3, Complaints +5.6, Since -8.3 -> helped Hours, hurt Sales, third Since
    # C: Sales 0, Hours -8.3, Complaints -8.3, Since -2.8 -> nothing helped; hurt Hours (first of the tie),
    #    third Complaints
    # D: Sales -25 (missing), Hours +2.8, Complaints -2.8, Since +2.8 -> helped Hours (first of the tie),
    #    hurt Sales, no third (2.8 < 5)
    r = _four()
    got = _by_client(r, texts(r, FORMATS.__getitem__, ON))
    assert got == {
        "A": "High sales ($12,450); Client for 12 years; Many hours (40.0)",
        "B": "Low sales ($306); Few hours (3.9); Client for 14 months",
        "C": "Many hours (120.0); 3 complaints",
        "D": "No Sales given; Few hours (10.0)",
    }


def test_the_engines_helped_and_hurt_columns_name_the_same_factors():
    r = _four()
    helped = dict(zip(r.table["Client"], r.table["Helped most"]))
    hurt = dict(zip(r.table["Client"], r.table["Hurt most"]))
    assert helped == {"A": "Sales", "B": "Hours", "C": "", "D": "Hours"}
    assert hurt == {"A": "Hours", "B": "Sales", "C": "Hours", "D": "Sales"}


def test_no_complaints_is_named_only_when_it_moved_the_score():
    # Sales (weight 3) 10, 20, 30, 40 -> scores 0, 33.3, 66.7, 100; Complaints (weight 1, less is better)
    # 0, 0, 0, 2 -> E, F, G tied at 66.7, H 0. Effects (sum of weights 4): Sales -37.5, -12.5, +12.5, +37.5;
    # Complaints +4.2 for E, F, G, -12.5 for H
    clients = pd.DataFrame({"Client": list("EFGH"), "Sales": [10, 20, 30, 40], "Complaints": [0, 0, 0, 2]})
    config = RankConfig((Factor("Sales", 3, True, "revenue"), Factor("Complaints", 1, False, "complaints")))
    r = engine.rank(clients, config, "Client")
    got = _by_client(r, texts(r, {"Sales": "#,##0", "Complaints": "0"}.__getitem__, ON))
    # E and F: their 0 complaints is the only thing that lifted them
    assert got["E"] == "Low sales (10); No complaints"
    assert got["F"] == "Low sales (20); No complaints"
    # G: sales lifted it; its 0 complaints moved it 4.2 points (a third factor needs 5): not named
    assert got["G"] == "High sales (30)"
    assert got["H"] == "High sales (40); 2 complaints"


def test_one_client_alone_is_described_by_its_weightiest_factor():
    clients = pd.DataFrame({"Client": ["Solo"], "Sales": [500.0], "Fit": [4.0]})
    config = RankConfig((Factor("Sales", 1, True, "revenue"), Factor("Fit", 2, True, "fit")))
    r = engine.rank(clients, config, "Client")
    assert texts(r, {"Sales": "$#,##0", "Fit": "0"}.__getitem__, ON) == ["Fit 4 of 5"]


def _say(kind: str, value: float, score: float = 80.0, higher: bool = True, code: str = "General",
         header: str = "Thing", column: tuple[float, ...] = (1.0, 5.0)) -> str:
    return reasons.phrase(Factor(header, 1, higher, kind), value, score, code, float(np.nanmax(column)), ON)


def test_how_each_kind_is_said():
    # revenue is "sales" whatever its header; an amount of 100 or more in whole units of its own currency
    assert _say("revenue", 12450.5, header="Revenue 2026", code="[$€-407]#,##0") == "High sales (€12,451)"
    assert _say("revenue", 12450.5, header="Umsatz", code="#,##0.00 [$€-407]") == "High sales (12,451 €)"
    assert _say("revenue", 99.5, score=10, header="Sales", code="$#,##0.00") == "Low sales ($99.50)"
    assert _say("profit", -513.69, score=10, header="Gross profit", code="$#,##0.00") == "Low gross profit (-$514)"
    assert _say("orders", 14, header="Jobs") == "Many jobs (14)"
    assert _say("orders", 0, score=0, header="Jobs") == "No jobs"
    assert _say("hours", 3.9, score=90, higher=False, header="Hours spent") == "Few hours (3.9)"
    assert _say("hours", 120, score=5, higher=False, header="Hours") == "Many hours (120)"
    assert _say("complaints", 1, score=20, higher=False, header="Complaints") == "1 complaint"
    assert _say("referrals", 3, header="Referrals given") == "3 referrals given"
    assert _say("referrals", 1, header="Number of referrals") == "1 referral"
    assert _say("fit", 5, header="Fit (1-5)") == "Fit 5 of 5"
    assert _say("fit", 7, header="Rating", column=(2, 9)) == "Rating 7 of 10"
    assert _say("custom", 7, header="Referrals Q3") == "High Referrals Q3 (7)"
    assert _say("custom", 0.12, score=20, header="Margin", code="0%") == "Low Margin (12%)"
    assert _say("custom", 7, score=50, header="Visits") == "Middling Visits (7)"
    assert _say("revenue", np.nan, score=np.nan, header="Sales") == "No Sales given"


def test_dates_are_counted_to_the_ranking_date():
    code = "yyyy-mm-dd"
    assert _say("tenure", _serial(2014, 6, 30), higher=False, code=code) == "Client for 12 years"
    assert _say("tenure", _serial(2014, 7, 1), higher=False, code=code) == "Client for 11 years"
    assert _say("tenure", _serial(2025, 10, 30), higher=False, code=code) == "Client for 8 months"
    assert _say("tenure", _serial(2025, 6, 30), higher=False, code=code) == "Client for 12 months"
    assert _say("tenure", _serial(2026, 5, 31), higher=False, code=code) == "Client for 1 month"
    assert _say("tenure", _serial(2026, 6, 10), higher=False, code=code) == "Client for less than a month"
    assert _say("recency", _serial(2025, 4, 30), header="Last order", code=code) == "Last order 14 months ago"
    assert _say("recency", _serial(2026, 6, 9), header="Last order", code=code) == "Last order 3 weeks ago"
    assert _say("recency", _serial(2026, 6, 29), header="Last order", code=code) == "Last order 1 day ago"
    assert _say("recency", _serial(2026, 6, 30), header="Last invoice", code=code) == "Last invoice today"
    assert _say("recency", _serial(2026, 7, 2), header="Last order", code=code) == "Last order on 2026-07-02"
    # "Years as client" is a number, not a date: said as a number
    assert _say("tenure", 12, header="Years as client") == "High years as client (12)"


# ---------------------------------------------------------------- any table

KINDS = ("revenue", "profit", "orders", "hours", "complaints", "referrals", "fit", "tenure", "recency", "custom")
NAMES = ("Alpha", "Bravo", "Charlie", "Delta")
value = st.one_of(st.just(np.nan), st.floats(min_value=0, max_value=60000, allow_nan=False))


@st.composite
def rankings(draw):
    count = draw(st.integers(1, len(NAMES)))
    factors = [Factor(NAMES[i], draw(st.sampled_from([0.0, 1.0, 2.5])), draw(st.booleans()),
                      draw(st.sampled_from(KINDS))) for i in range(count)]
    if all(f.weight == 0 for f in factors):
        factors[0] = Factor(factors[0].column, 1.0, factors[0].higher_is_better, factors[0].kind)
    n = draw(st.integers(1, 8))
    clients = pd.DataFrame({"Client": [f"client {i}" for i in range(n)]})
    for f in factors:
        clients[f.column] = draw(st.lists(value, min_size=n, max_size=n))
    missing = draw(st.sampled_from(engine.MISSING))
    scale = draw(st.sampled_from(engine.SCALES))
    config = RankConfig(tuple(factors), missing=missing, scale=scale)
    codes = {f.column: draw(st.sampled_from(["General", "$#,##0.00", "0.0", "yyyy-mm-dd", "#,##0"]))
             for f in factors}
    return engine.rank(clients, config, "Client"), codes


@settings(max_examples=150, deadline=None)
@given(rankings())
def test_every_client_gets_a_reason_and_a_factor_of_weight_0_never_appears(drawn):
    ranking, codes = drawn
    said = texts(ranking, codes.__getitem__, ON)
    assert len(said) == len(ranking.table)
    unweighted = [f.column.casefold() for f in ranking.config.factors if f.weight == 0]
    for text in said:
        assert text.strip()
        assert 1 <= len(text.split("; ")) <= 3
        assert not any(name in text.casefold() for name in unweighted)


def test_the_two_factors_chosen_for_every_client_at_once_are_those_chosen_one_client_at_a_time():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    effect = st.floats(-40, 40).map(lambda x: 0.0 if abs(x) < 1 else x)  # exact zeros too: nothing moved

    @settings(max_examples=100, deadline=None)
    @given(st.integers(1, 4).flatmap(lambda k: st.tuples(
        st.lists(st.lists(effect, min_size=k, max_size=k), min_size=1, max_size=30),
        st.lists(st.floats(0.5, 5), min_size=k, max_size=k))))
    def check(case):
        rows, weights = case
        together = reasons.chosen_two(np.array(rows, dtype=float), weights)
        assert together == [reasons.chosen(row, weights, 2) for row in rows]
    check()

"""Engine figures checked by hand (the working is in each test's comment)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from xlclientrank import engine
from xlclientrank.engine import Factor, RankConfig, TierRule
from xlclientrank.errors import RankingError


def test_percentile_scores_share_tied_ranks():
    # values 50, 30, 10, 5, 5: ascending average ranks 5, 4, 3, 1.5, 1.5 over m = 5
    # score = 100 * (r - 1) / 4 -> 100, 75, 50, 12.5, 12.5
    s = engine.factor_score(pd.Series([50, 30, 10, 5, 5]))
    assert s.tolist() == [100.0, 75.0, 50.0, 12.5, 12.5]


def test_lower_is_better_inverts_and_missing_stays_missing():
    # hours 1, 2, -, 4, 5 with lower better: present ranks best->worst 1h, 2h, 4h, 5h -> 100, 66.7, 33.3, 0
    s = engine.factor_score(pd.Series([1, 2, np.nan, 4, 5]), higher_is_better=False)
    assert s[0] == 100 and math.isclose(s[1], 200 / 3) and math.isnan(s[2]) and math.isclose(s[3], 100 / 3)
    assert s[4] == 0


def test_minmax_scale_and_single_value():
    assert engine.factor_score(pd.Series([10, 20, 40]), scale="minmax").tolist() == [0.0, 100 / 3, 100.0]
    assert engine.factor_score(pd.Series([7, 7]), scale="minmax").tolist() == [50.0, 50.0]
    assert engine.factor_score(pd.Series([7.0, np.nan])).tolist()[0] == 50.0


def _five():
    return pd.DataFrame({"Client": list("abcde"), "Rev": [50, 30, 10, 5, 5], "Hrs": [1, 2, np.nan, 4, 5]})


def test_weighted_score_missing_counts_as_worst():
    # Rev (weight 3) scores 100, 75, 50, 12.5, 12.5; Hrs (weight 1) 100, 66.67, missing->0, 33.33, 0
    # score = (3 * rev + hrs) / 4
    cfg = RankConfig((Factor("Rev", 3), Factor("Hrs", 1, False)), pareto_column="Rev")
    r = engine.rank(_five(), cfg, "Client")
    got = dict(zip(r.table["Client"], r.table["Score"]))
    want = {"a": 100, "b": (225 + 200 / 3) / 4, "c": 150 / 4, "d": (37.5 + 100 / 3) / 4, "e": 37.5 / 4}
    for k, v in want.items():
        assert math.isclose(got[k], v), k
    assert r.table["Rank"].tolist() == [1, 2, 3, 4, 5]
    assert r.table["Client"].tolist() == list("abcde")
    assert "1 client has no Hrs: c; it gets the lowest score for it." in r.warnings


def test_leave_out_scores_a_client_on_its_other_factors():
    cfg = RankConfig((Factor("Rev", 3), Factor("Hrs", 1, False)), missing="leave out")
    r = engine.rank(_five(), cfg, "Client")
    c = r.table.set_index("Client").loc["c", "Score"]
    assert c == 50.0  # only Rev counts for c: its revenue score is 50


def test_missing_value_never_beats_a_measured_one():
    df = pd.DataFrame({"Client": ["x", "y"], "Complaints": [np.nan, 9.0]})
    r = engine.rank(df, RankConfig((Factor("Complaints", 1, False),)), "Client")
    assert r.table["Client"].tolist() == ["y", "x"]


def test_tier_counts_by_share():
    assert engine.tier_counts_by_share(150, (0.2, 0.3, 0.5)) == [30, 45, 75]
    assert engine.tier_counts_by_share(10, (0.2, 0.3, 0.5)) == [2, 3, 5]
    assert engine.tier_counts_by_share(7, (0.2, 0.3, 0.5)) == [1, 3, 3]  # 1.4 -> 1, 3.5 -> 4
    assert engine.tier_counts_by_share(1, (0.2, 0.3, 0.5)) == [1, 0, 0]
    assert engine.tier_counts_by_share(2, (0.2, 0.8)) == [1, 1]


def test_threshold_tiers():
    df = pd.DataFrame({"Client": list("abcd"), "V": [1, 2, 3, 4]})  # scores 0, 33.3, 66.7, 100
    rule = TierRule(method="thresholds", labels=("A", "B", "C"), thresholds=(60.0, 30.0))
    r = engine.rank(df, RankConfig((Factor("V"),), tiers=rule), "Client")
    assert dict(zip(r.table["Client"], r.table["Tier"])) == {"d": "A", "c": "A", "b": "B", "a": "C"}
    assert r.tier_counts == {"A": 2, "B": 1, "C": 1}


def test_abc_tiers_follow_cumulative_value():
    # values 50, 30, 10, 5, 5 (total 100); share before each: 0, .5, .8, .9, .95
    # A while share before < .80, B while < .95, else C
    df = pd.DataFrame({"Client": list("abcde"), "Rev": [50, 30, 10, 5, 5]})
    rule = TierRule(method="abc", labels=("A", "B", "C"), value_shares=(0.8, 0.15, 0.05))
    r = engine.rank(df, RankConfig((Factor("Rev"),), tiers=rule, pareto_column="Rev"), "Client")
    assert dict(zip(r.table["Client"], r.table["Tier"])) == {"a": "A", "b": "A", "c": "B", "d": "B", "e": "C"}


def test_pareto_count_cutoff_and_share():
    # cumulative 50, 80 -> 80 reaches 80 % of 100 with 2 clients; cut-off is the 2nd value, 30
    p = engine.pareto([5, 50, 10, 30, 5])
    assert (p.count, p.cutoff, p.client_share) == (2, 30.0, 0.4)
    assert p.in_group.tolist() == [False, True, False, True, False]
    assert np.allclose(p.cumulative_share, [0.95, 0.5, 0.9, 0.8, 1.0])


def test_pareto_just_below_target_needs_one_more_client():
    p = engine.pareto([79.99, 10, 10.01])
    assert p.count == 2 and p.cutoff == 10.01


def test_pareto_with_no_positive_total():
    p = engine.pareto([0, 0, -3])
    assert p.count == 0 and p.cutoff is None


def test_concentration_figures():
    v = [296, 1, 0, 3]
    assert engine.importance_ratio(v) == 296.0
    assert engine.largest_share(v) == 296 / 300
    assert engine.top_share([50, 30, 10, 5, 5]) == 0.5  # top round(1.0) = 1 client
    assert engine.top_share([10] * 10) == pytest.approx(0.2)
    # Gini of (0, 0, 0, 10): 2 * (4 * 10) / (4 * 10) - 5 / 4 = 0.75
    assert engine.gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert engine.gini([-5, 0, 0, 10]) == pytest.approx(0.75)  # negatives count as 0
    assert engine.gini([3, 3, 3]) == pytest.approx(0.0)


def test_concentration_warning_at_ten_percent():
    df = pd.DataFrame({"Client": [f"c{i}" for i in range(10)], "Rev": [10.0] * 10})
    r = engine.rank(df, RankConfig((Factor("Rev"),), pareto_column="Rev"), "Client")
    assert r.largest_client_share == pytest.approx(0.1)
    assert any("Concentration risk" in w for w in r.warnings)


def test_ties_are_broken_by_value_then_name_then_row():
    df = pd.DataFrame({"Client": ["beta", "Alpha", "gamma"], "Fit": [3, 3, 3], "Rev": [1.0, 1.0, 2.0]})
    cfg = RankConfig((Factor("Fit"),), pareto_column="Rev")
    r = engine.rank(df, cfg, "Client")
    assert r.table["Client"].tolist() == ["gamma", "Alpha", "beta"]


def test_invalid_configurations_say_what_is_wrong():
    with pytest.raises(RankingError, match="weight 0"):
        engine.rank(_five(), RankConfig((Factor("Rev", 0),)), "Client")
    with pytest.raises(RankingError, match="number 0 or more"):
        Factor("Rev", -1)
    with pytest.raises(RankingError, match="add up to 100"):
        TierRule(shares=(0.2, 0.3, 0.4))
    with pytest.raises(RankingError, match="2 to 5 tiers"):
        TierRule(labels=("A",), shares=(1.0,))
    with pytest.raises(RankingError, match="no clients"):
        engine.rank(_five().iloc[:0], RankConfig((Factor("Rev"),)), "Client")


def test_engine_imports_without_excel_libraries():
    import subprocess
    import sys

    code = ("import sys\n"
            "for m in ('xlwings', 'openpyxl', 'xlsxwriter', 'python_calamine', 'lxml'):\n"
            "    sys.modules[m] = None\n"
            "import xlclientrank.engine as e\n"
            "print(e.pareto([9, 1]).count)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"


def test_scores_equal_in_exact_arithmetic_are_tied_and_broken_by_value():
    # each client has the percentile scores 0, 50 and 100 in some order: all score exactly 50
    df = pd.DataFrame({"Client": ["x", "y", "z"], "A": [1, 2, 3], "B": [2, 3, 1], "C": [3, 1, 2],
                       "Rev": [5.0, 9.0, 7.0]})
    cfg = RankConfig((Factor("A"), Factor("B"), Factor("C"), Factor("Rev", 0)), pareto_column="Rev")
    r = engine.rank(df, cfg, "Client")
    assert r.table["Score"].tolist() == [50.0, 50.0, 50.0]
    assert r.table["Client"].tolist() == ["y", "z", "x"]


def test_concentration_warning_names_the_largest_client_even_with_refunds():
    df = pd.DataFrame({"Client": ["Refunds Co", "Big Ltd", "Small"], "Rev": [-8.0, 20.0, 2.0]})
    r = engine.rank(df, RankConfig((Factor("Rev"),), pareto_column="Rev"), "Client")
    warning = next(w for w in r.warnings if "Concentration" in w)
    assert warning.startswith("Concentration risk: Big Ltd alone")


def test_the_pareto_column_is_in_the_table_even_without_weight():
    df = pd.DataFrame({"Client": ["a", "b"], "Fit": [3, 4], "Rev": [1.0, 2.0]})
    r = engine.rank(df, RankConfig((Factor("Fit"),), pareto_column="Rev"), "Client")
    assert r.table["Rev"].tolist() == [2.0, 1.0]


def test_warnings_of_missing_values_name_the_clients():
    df = pd.DataFrame({"Client": ["Acme Ltd", "Bluebell Print", "Cedar Co"], "Rating": [np.nan, np.nan, 4.0],
                       "Rev": [1.0, np.nan, 3.0]})
    r = engine.rank(df, RankConfig((Factor("Rating"), Factor("Rev")), pareto_column="Rev"), "Client")
    assert "2 clients have no Rating: Acme Ltd, Bluebell Print; they get the lowest score for it." in r.warnings
    # the 80/20 column is weighted too: one note says both what happens to the score and to the 80/20 figures
    assert [w for w in r.warnings if w.startswith("1 client has no Rev")] == [
        "1 client has no Rev: Bluebell Print; it gets the lowest score for it (0 in the 80/20 figures)."]
    unweighted = engine.rank(df, RankConfig((Factor("Rating"),), pareto_column="Rev"), "Client")
    assert "1 client has no Rev: Bluebell Print; it counts as 0 in the 80/20 figures." in unweighted.warnings


def test_a_warning_names_five_clients_and_counts_the_others():
    names = [f"Client {i}" for i in range(1, 9)]
    df = pd.DataFrame({"Client": names, "Rating": [np.nan] * 7 + [3.0], "Rev": [1.0] * 8})
    cfg = RankConfig((Factor("Rating"), Factor("Rev")), missing="leave out", pareto_column="Rating")
    r = engine.rank(df, cfg, "Client")
    assert ("7 clients have no Rating: Client 1, Client 2, Client 3, Client 4, Client 5 and 2 more; "
            "they are scored without it (0 in the 80/20 figures).") in r.warnings
    one = engine.rank(df.iloc[6:], cfg, "Client")
    assert "1 client has no Rating: Client 7; it is scored without it (0 in the 80/20 figures)." in one.warnings


def test_the_concentration_note_names_every_client_that_shares_the_largest_value():
    df = pd.DataFrame({"Client": ["X", "Y", "Z"], "Rev": [500.0, 500.0, 80.0]})
    r = engine.rank(df, RankConfig((Factor("Rev"),), pareto_column="Rev"), "Client")
    # 500 of 1,080 each: 46 %
    assert "Concentration risk: X and Y each bring 46% of your Rev (10 % or more is a warning sign)." in r.warnings

"""Invariants of the engine, tried on many generated client lists (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xlclientrank import engine
from xlclientrank.engine import Factor, RankConfig

money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
small = st.integers(min_value=0, max_value=20)


@st.composite
def client_lists(draw, min_size=1, max_size=60):
    n = draw(st.integers(min_size, max_size))
    rev = draw(st.lists(money, min_size=n, max_size=n))
    hrs = draw(st.lists(st.one_of(st.none(), st.floats(0, 500, allow_nan=False)), min_size=n, max_size=n))
    fit = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    return pd.DataFrame({"Client": [f"Client {i}" for i in range(n)], "Revenue": rev,
                         "Hours": [np.nan if h is None else h for h in hrs], "Fit": fit})


CONFIG = RankConfig((Factor("Revenue", 3), Factor("Hours", 1, False), Factor("Fit", 2)), pareto_column="Revenue")


def by_client(r: engine.Ranking) -> pd.DataFrame:
    return r.table.set_index("Client")[["Score", "Tier", "Rank"]]


@settings(max_examples=150, deadline=None)
@given(client_lists())
def test_ranks_are_a_permutation_and_scores_in_range(df):
    r = engine.rank(df, CONFIG, "Client")
    assert sorted(r.table["Rank"]) == list(range(1, len(df) + 1))
    assert r.table["Rank"].tolist() == list(range(1, len(df) + 1))
    assert ((r.table["Score"] >= 0) & (r.table["Score"] <= 100)).all()
    assert sum(r.tier_counts.values()) == len(df)
    assert r.tier_counts["Ideal"] >= 1
    assert r.table["Score"].is_monotonic_decreasing


@settings(max_examples=100, deadline=None)
@given(client_lists(), st.randoms(use_true_random=False))
def test_row_order_changes_no_score_tier_or_rank(df, rnd):
    order = list(range(len(df)))
    rnd.shuffle(order)
    a = by_client(engine.rank(df, CONFIG, "Client"))
    b = by_client(engine.rank(df.iloc[order], CONFIG, "Client")).loc[a.index]
    assert np.allclose(a["Score"], b["Score"], rtol=0, atol=1e-9)
    assert (a["Tier"] == b["Tier"]).all()
    assert (a["Rank"] == b["Rank"]).all()


@settings(max_examples=100, deadline=None)
@given(client_lists(min_size=2), st.floats(min_value=1e-3, max_value=1e6))
def test_scaling_a_column_changes_no_percentile_score(df, k):
    scaled = df.assign(Revenue=df["Revenue"] * k)
    for col in ("Revenue",):
        a = engine.factor_score(df[col])
        b = engine.factor_score(scaled[col])
        # scaling can only merge values that were distinct by less than float precision
        if df[col].nunique() == scaled[col].nunique():
            assert np.allclose(a, b, equal_nan=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(money, min_size=1, max_size=80), st.floats(0.05, 1.0))
def test_pareto_group_is_the_smallest_reaching_the_target(values, target):
    p = engine.pareto(values, target)
    v = sorted(values, reverse=True)
    total = sum(v)
    if total <= 0:
        assert p.count == 0
        return
    tol = 1e-9 * max(1.0, total)
    assert sum(v[:p.count]) >= target * total - tol - 1e-6 * total
    assert p.count == 1 or sum(v[:p.count - 1]) < target * total - tol + 1e-6 * total
    assert p.cutoff == v[p.count - 1]
    assert p.in_group.sum() == p.count


@settings(max_examples=150, deadline=None)
@given(st.lists(money, min_size=1, max_size=80))
def test_a_zero_revenue_client_leaves_the_pareto_count_unchanged(values):
    assert engine.pareto(values + [0.0]).count == engine.pareto(values).count


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5000), st.sampled_from([(0.2, 0.3, 0.5), (0.1, 0.9), (0.25, 0.25, 0.25, 0.25),
                                                (0.05, 0.15, 0.3, 0.3, 0.2)]))
def test_tier_counts_are_whole_clients_close_to_the_shares(n, shares):
    counts = engine.tier_counts_by_share(n, shares)
    assert sum(counts) == n and counts[0] >= 1 and min(counts) >= 0
    cum = np.cumsum(counts)[:-1]
    want = np.cumsum(shares)[:-1] * n
    assert np.all(np.abs(cum - want) <= 1.0 + 1e-9) or counts[0] == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e6, 1e7, allow_nan=False), min_size=1, max_size=60))
def test_gini_is_between_zero_and_one(values):
    g = engine.gini(values)
    assert g is None or -1e-9 <= g <= 1 + 1e-9

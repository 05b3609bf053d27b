"""Who the best clients are: which columns are categories, the shares per category, the test for a
category that stands out, and the sentences; on client lists whose answer is known by construction."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlclientrank.engine import Factor, RankConfig, rank
from xlclientrank.report import profile as who
from xlclientrank.report import verdict


def known_industry() -> tuple[list[str], np.ndarray]:
    """100 clients, the first 20 Ideal. Veterinary: 6 of the Ideal, 10 of all (30 % vs 10 %: 3x).
    Dental: 4 of the Ideal, 6 of all (20 % vs 6 %: 3.3x, but only 4). Retail: 5 of the Ideal, 13 of
    all (25 % vs 13 %: 1.92x). Legal: the other 5 Ideal and 71 of all."""
    ideal = ["Veterinary"] * 6 + ["Dental"] * 4 + ["Retail"] * 5 + ["Legal"] * 5
    rest = ["Veterinary"] * 4 + ["Dental"] * 2 + ["Retail"] * 8 + ["Legal"] * 66
    return ideal + rest, np.arange(100) < 20


def by_name(col: who.ColumnProfile) -> dict[str, who.Category]:
    return {c.name: c for c in col.categories}


def test_the_known_sample_says_veterinary_only():
    values, best = known_industry()
    p = who.profile({"Industry": values}, best, "Ideal")
    cats = by_name(p.columns[0])
    vet = cats["Veterinary"]
    assert (vet.best, vet.all, vet.best_share, vet.all_share, vet.stands_out) == (6, 10, 0.3, 0.1, True)
    assert not cats["Dental"].stands_out and cats["Dental"].times > 3   # 3.3x, but only 4 Ideal clients
    assert not cats["Retail"].stands_out and cats["Retail"].best == 5   # 5 Ideal clients, but only 1.92x
    assert who.sentences(p) == ["Veterinary (Industry): 30 % of your Ideal clients, 10 % of all clients."]
    assert who.as_json(p) == [{"column": "Industry", "category": "Veterinary", "best": 6, "all": 10,
                               "best_share": 0.3, "all_share": 0.1}]
    # the one that stands out first, then the largest
    assert [c.name for c in p.columns[0].categories] == ["Veterinary", "Legal", "Retail", "Dental"]


def test_exactly_twice_the_share_with_five_clients_stands_out():
    # 5 of 20 Ideal (25 %) and 12.5 % of 200 = 25 of all: exactly 2x (a rounding error must not decide)
    values = ["A"] * 5 + ["B"] * 15 + ["A"] * 20 + ["B"] * 160
    p = who.profile({"Kind": values}, np.arange(200) < 20, "Ideal")
    assert by_name(p.columns[0])["A"].stands_out
    values = ["A"] * 5 + ["B"] * 15 + ["A"] * 21 + ["B"] * 159  # 26 of all: less than 2x
    p = who.profile({"Kind": values}, np.arange(200) < 20, "Ideal")
    assert not by_name(p.columns[0])["A"].stands_out


def test_spellings_are_one_category_shown_as_most_often_written_and_blanks_count():
    values = ["Veterinary", " veterinary", "VETERINARY ", "veterinary", "veterinary", None, "", "  ", "Dental",
              float("nan")]
    p = who.profile({"Industry": values}, np.array([True] * 5 + [False] * 5), "Gold")
    cats = by_name(p.columns[0])
    assert set(cats) == {"veterinary", "Dental", who.BLANK}  # "veterinary" written 3 times (trimmed)
    assert (cats["veterinary"].all, cats[who.BLANK].all, cats["Dental"].all) == (5, 4, 1)
    assert p.columns[0].categories[-1].name == who.BLANK  # the blanks last
    # 5 of the 5 Gold clients (100 %) and 50 % of all: 2x with 5 clients
    assert who.sentences(p) == ["veterinary (Industry): 100 % of your Gold clients, 50 % of all clients."]


def test_blanks_never_stand_out():
    values = [""] * 10 + ["A"] * 10 + [""] * 5 + ["A"] * 75
    p = who.profile({"Kind": values}, np.arange(100) < 20, "Ideal")
    blank = by_name(p.columns[0])[who.BLANK]
    assert blank.best == 10 and blank.times > 3 and not blank.stands_out
    assert who.sentences(p) == []


def test_too_few_in_the_best_tier_says_nothing():
    values = ["A"] * 4 + ["B"] * 96
    p = who.profile({"Kind": values}, np.arange(100) < 4, "Ideal")
    assert p.too_few and who.sentences(p) == [] and who.as_json(p) == []


def test_at_most_two_sentences_strongest_first():
    # three columns, each with a category that stands out: 5x, 4x and 3x
    best = np.arange(100) < 20
    cols = {
        "Service": ["Audit"] * 6 + ["Tax"] * 14 + ["Audit"] * 4 + ["Tax"] * 76,        # 30 % vs 10 %: 3x
        "Region": ["North"] * 10 + ["South"] * 10 + ["South"] * 80,                     # 50 % vs 10 %: 5x
        "Source": ["Referral"] * 12 + ["Web"] * 8 + ["Referral"] * 3 + ["Web"] * 77,    # 60 % vs 15 %: 4x
    }
    p = who.profile(cols, best, "Ideal")
    said = who.standing_out(p)
    assert [(column, c.name) for column, c in said] == [("Region", "North"), ("Source", "Referral")]
    assert [c.times for _, c in said] == [pytest.approx(5), pytest.approx(4)]
    assert len(who.sentences(p)) == 2 and len(who.as_json(p)) == 3


def test_the_table_rows_keep_the_shares_whole():
    values = [f"City {i % 12}" for i in range(120)]
    p = who.profile({"City": values}, np.arange(120) < 24, "Ideal")
    rows = who.shown(p.columns[0])
    assert len(rows) == who.SHOWN and rows[-1].name == "5 others"
    assert sum(r.all for r in rows) == 120 and sum(r.best for r in rows) == 24
    assert sum(r.all_share for r in rows) == pytest.approx(1) and sum(r.best_share for r in rows) == pytest.approx(1)


@pytest.mark.parametrize("header, values, expected", [
    ("Industry", ["Vets", "Dental", "Retail"] * 10, True),
    ("Region", ["North", "South", ""] * 10, True),                      # a third blank
    ("Region", ["North", "", "", ""] * 10, False),                       # mostly blank
    ("Segment", ["Only"] * 30, False),                                   # one value
    ("Branch", [f"B{i}" for i in range(16)] * 3, False),                 # 16 values
    ("Source", [f"S{i % 12}" for i in range(30)], False),                # 12 values for 30 clients
    ("Contact email", ["a@x.com", "b@x.com"] * 15, False),               # header
    ("Contact", ["a@x.com", "b@x.com"] * 15, False),                     # header
    ("Owner", ["a@x.com", "b@x.com"] * 15, False),                       # e-mails
    ("Area", ["2000", "2010", "2040"] * 10, False),                      # postcodes
    ("Customer ID", ["C1", "C2", "C3"] * 10, False),                     # identifiers
    ("Comment", ["late payer", "good"] * 15, False),                     # notes
    ("Feedback", ["A long comment about how this client pays and talks"] * 30, False),  # free text
    ("Account manager", ["Ann", "Bob"] * 15, True),
])
def test_which_columns_are_categories(header, values, expected):
    assert who.looks_like_categories(header, values) is expected


def test_category_columns_leave_out_the_client_and_number_columns():
    frame = pd.DataFrame({"Client": [f"C{i}" for i in range(30)], "Industry": ["A", "B", "C"] * 10,
                          "Revenue": np.arange(30.0), "Kind": ["X", "Y"] * 15})
    kinds = {"Client": "text", "Industry": "text", "Revenue": "number", "Kind": "text"}
    assert who.category_columns(frame, kinds, "Client") == ["Industry", "Kind"]


def test_of_ranking_aligns_the_categories_with_the_ranked_clients():
    # 100 clients in shuffled order; the 20 with the highest revenue are Ideal; of them the 6 with an
    # even number below 12 are Veterinary, and 4 more Veterinary among the others
    rng = random.Random(3)
    order = list(range(100))
    rng.shuffle(order)
    revenue = [1000.0 - i for i in order]
    industry = ["Veterinary" if (i < 12 and i % 2 == 0) or 50 <= i < 54 else "Other" for i in order]
    frame = pd.DataFrame({"Client": [f"Client {i}" for i in order], "Revenue": revenue, "Industry": industry})
    ranking = rank(frame, RankConfig(factors=(Factor("Revenue", 1.0, True, "revenue"),), pareto_column="Revenue"),
                   "Client")
    p = who.of_ranking(ranking, frame, {"Client": "text", "Revenue": "number", "Industry": "text"}, "Client")
    vet = by_name(p.columns[0])["Veterinary"]
    assert (p.best, vet.best, vet.all, vet.stands_out) == (20, 6, 10, True)
    # the verdict says it after the best tier
    they_are = who.sentences(p)
    said = [line.sentence for line in verdict.sentences(ranking, who=they_are)]
    assert said[said.index(they_are[0]) - 1].startswith("Your 20 Ideal clients")


texts = st.sampled_from(["Vet", "vet ", " VET", "Dental", "Retail", "retail", "", None, "Legal", "Tax", "  "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(texts, st.booleans()), min_size=1, max_size=120))
def test_shares_add_up_and_every_category_said_passes_the_test(rows):
    values = [v for v, _ in rows]
    best = np.array([b for _, b in rows])
    p = who.profile({"Kind": values}, best, "Ideal")
    col = p.columns[0]
    nbest = int(best.sum())
    assert sum(c.all for c in col.categories) == len(rows)
    assert sum(c.best for c in col.categories) == nbest
    assert sum(c.all_share for c in col.categories) == pytest.approx(1)
    if nbest:
        assert sum(c.best_share for c in col.categories) == pytest.approx(1)
    # each count against one made here: trimmed, without regard to case
    keys = ["".join((v or "").split()).casefold() for v in values]
    for c in col.categories:
        key = "" if c.name == who.BLANK else "".join(c.name.split()).casefold()
        assert c.all == keys.count(key)
        assert c.best == sum(1 for k, b in zip(keys, best) if b and k == key)
    for c in col.categories:
        passes = c.name != who.BLANK and c.best >= who.MIN_BEST and c.best_share >= who.MIN_TIMES * c.all_share - 1e-12
        assert c.stands_out == passes
    for _, c in who.standing_out(p):
        assert c.best >= 5 and c.best_share >= 2 * c.all_share - 1e-12
    shown = who.shown(col)
    assert len(shown) <= who.SHOWN and sum(c.all for c in shown) == len(rows)

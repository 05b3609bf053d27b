"""The best-client bar: filled in from the data, made readable without getting stricter, met or not,
written into the settings sheet and read back, recorded in the history's run table."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xlclientrank import engine
from xlclientrank.errors import SettingsError
from xlclientrank.reader.dates import date_to_serial, serial_to_date
from xlclientrank.stored import best, history
from xlclientrank.stored import settings as settings_mod
from xlclientrank.stored.settings_place import FIRST_ROW, best_cell

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(lambda x: abs(x) > 1e-6 or x == 0)


def significant(x: float) -> int:
    """The number of significant digits of ``x`` as Python writes it (trailing zeros not counted)."""
    digits = Decimal(repr(x)).normalize().as_tuple().digits
    return len(digits)


@given(finite, st.booleans())
def test_readable_is_never_stricter_and_has_at_most_three_significant_digits(x, at_least):
    got = best.readable(x, at_least)
    assert (got <= x) if at_least else (got >= x)
    assert significant(got) <= 3


@given(st.floats(min_value=0.001, max_value=1e9, allow_nan=False), st.booleans())
def test_readable_stays_close_to_the_quartile(x, at_least):
    """No stricter, and not much looser: within 5 % of the value (one step of 5 × 10^(d-3))."""
    got = best.readable(x, at_least)
    assert abs(got - x) <= 0.05 * abs(x) + 1e-12


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False), st.booleans())
def test_a_column_of_whole_numbers_gets_a_whole_number(x, at_least):
    got = best.readable(x, at_least, whole=True)
    assert got == int(got)
    assert (got <= x) if at_least else (got >= x)


def test_readable_examples():
    assert best.readable(11_537, True) == 11_500
    assert best.readable(11_537, False) == 12_000
    assert best.readable(987, True) == 985
    assert best.readable(0.237, True) == 0.235
    assert best.readable(3.25, True, whole=True) == 3
    assert best.readable(0, False) == 0


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)), st.booleans())
def test_a_date_goes_to_the_start_or_the_end_of_its_month(day, at_least):
    got = serial_to_date(best.readable_date(date_to_serial(day), at_least))
    assert (got <= day) if at_least else (got >= day)
    assert (got.year, got.month) == (day.year, day.month)
    assert got.day == 1 if at_least else (got + dt.timedelta(days=1)).day == 1


clients = st.lists(st.tuples(st.one_of(st.none(), st.floats(0, 1e6)), st.one_of(st.none(), st.floats(0, 1e3))),
                   min_size=1, max_size=30)
BAR = [best.Criterion("Revenue", True, 5_000.0), best.Criterion("Hours", False, 100.0)]


@given(clients, st.integers(0, 29), st.floats(0, 1e6))
def test_raising_a_higher_is_better_value_never_loses_a_best_client(rows, i, more):
    assume(i < len(rows))
    table = pd.DataFrame(rows, columns=["Revenue", "Hours"], dtype=float)
    before = best.meets(table, BAR)
    raised = table.copy()
    raised.loc[i, "Revenue"] = (0.0 if pd.isna(raised.loc[i, "Revenue"]) else raised.loc[i, "Revenue"]) + more
    after = best.meets(raised, BAR)
    assert not np.any(before & ~after)
    lowered = table.copy()  # less of a lower-is-better factor: the same
    lowered.loc[i, "Hours"] = max(0.0, (lowered.loc[i, "Hours"] if pd.notna(lowered.loc[i, "Hours"]) else 0) - more)
    assert not np.any(before & ~best.meets(lowered, BAR))


@given(clients)
def test_a_best_client_has_every_value_and_meets_every_criterion(rows):
    table = pd.DataFrame(rows, columns=["Revenue", "Hours"], dtype=float)
    got = best.meets(table, BAR)
    for (revenue, hours), is_best in zip(rows, got):
        expected = revenue is not None and hours is not None and revenue >= 5_000 and hours <= 100
        assert bool(is_best) == expected


def test_no_criterion_filled_in_means_no_best_clients():
    table = pd.DataFrame({"Revenue": [1.0, 2.0]})
    assert not best.meets(table, [best.Criterion("Revenue", True, None)]).any()
    assert not best.meets(table, []).any()


def ranking(revenue, hours, fit=None):
    frame = pd.DataFrame({"Client": [f"C{i}" for i in range(len(revenue))], "Revenue": revenue, "Hours": hours})
    factors = [engine.Factor("Revenue", 3, True), engine.Factor("Hours", 1, False)]
    if fit is not None:
        frame["Fit"] = fit
        factors.append(engine.Factor("Fit", 1, True))
    return engine.rank(frame, engine.RankConfig(tuple(factors), pareto_column="Revenue"), "Client")


def quartile_inc(values, q):
    """Excel's QUARTILE.INC, written out: the value at position q × (n − 1), interpolated."""
    v = sorted(values)
    pos = q * (len(v) - 1)
    low = math.floor(pos)
    return v[low] + (pos - low) * (v[min(low + 1, len(v) - 1)] - v[low])


def test_fill_takes_the_best_tiers_quartiles_made_readable():
    rng = np.random.default_rng(4)
    revenue = rng.lognormal(9, 1, 40).round(2)
    hours = rng.uniform(5, 200, 40).round(1)
    fit = rng.integers(1, 6, 40).astype(float)
    fit[:3] = np.nan
    r = ranking(revenue, hours, fit)
    ideal = r.table[r.table["Tier"] == "Ideal"]
    got = {c.column: c for c in best.fill(r)}
    q_revenue = quartile_inc(ideal["Revenue"].tolist(), 0.25)
    q_hours = quartile_inc(ideal["Hours"].tolist(), 0.75)
    q_fit = quartile_inc(ideal["Fit"].dropna().tolist(), 0.25)
    assert got["Revenue"].at_least and got["Revenue"].value == best.readable(q_revenue, True)
    assert got["Hours"].at_least is False and got["Hours"].value == best.readable(q_hours, False)
    assert got["Fit"].value == math.floor(q_fit)  # a column of whole numbers: a whole number


def test_a_factor_without_values_in_the_best_tier_gets_no_criterion():
    r = ranking([100.0, 200, 300, 400, 500], [5.0, 4, 3, 2, 1], [3.0, np.nan, np.nan, np.nan, np.nan])
    assert r.table.iloc[0]["Tier"] == "Ideal" and pd.isna(r.table.iloc[0]["Fit"])
    got = {c.column: c.value for c in best.fill(r)}
    assert got["Fit"] is None and got["Revenue"] is not None


# ---------------------------------------------------------------- the settings sheet

def settings_with(bar: best.Bar) -> settings_mod.Settings:
    return settings_mod.Settings(
        client_sheet="Clients", client_column="Client", best=bar, date_columns=frozenset({"Since"}),
        factors=[settings_mod.FactorSetting(c, k, w, h) for c, k, w, h in (
            ("Revenue", settings_mod.headers.KIND_BY_KEY["revenue"], 3.0, True),
            ("Hours", settings_mod.headers.KIND_BY_KEY["hours"], 1.0, False),
            ("Since", settings_mod.headers.KIND_BY_KEY["tenure"], 1.0, False),
            ("Fit", settings_mod.headers.CUSTOM, 2.0, True),
            ("Orders", settings_mod.headers.CUSTOM, 0.0, True))])


BAR_SET = best.Bar((best.Criterion("Revenue", True, 11_500.0), best.Criterion("Hours", False, 120.0),
                    best.Criterion("Since", False, date_to_serial(dt.date(2019, 6, 30))),
                    best.Criterion("Fit", True, None)),
                   goal=30, goal_date=dt.date(2027, 6, 30), how="Filled in by Client Rank on 2026-03-31.",
                   written=True)


def grid_of(s: settings_mod.Settings) -> list[list]:
    """The sheet's cells as a reader gives them back: the rows from FIRST_ROW, dates as datetimes."""
    rows = [[] for _ in range(FIRST_ROW)] + settings_mod.to_rows(s)
    return [[dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) else v for v in r] for r in rows]


def test_the_bar_is_read_back_as_written():
    s = settings_with(BAR_SET)
    got, where = settings_mod.parse(grid_of(s))
    assert got.best == BAR_SET
    assert got.factors == s.factors and got.tiers == s.tiers  # the best rows are not read as tier or factor rows
    assert where["goal"] == best_cell("goal", s) and where["goal_date"] == best_cell("goal_date", s)


def test_the_best_rows_are_not_tier_rows_wherever_the_owner_moves_them():
    s = settings_with(BAR_SET)
    rows = settings_mod.to_rows(s)
    start = next(i for i, r in enumerate(rows) if r[:1] == [best.HEADING])
    end = next(i for i, r in enumerate(rows) if r[:1] == ["How it was set"]) + 1
    moved = rows[:start] + rows[end:] + [[]] + rows[start:end]  # the section below the tier table
    got, _ = settings_mod.parse(moved)
    assert got.tiers == s.tiers and got.best == BAR_SET


def test_a_sheet_without_the_section_has_a_bar_never_set():
    rows = settings_mod.to_rows(settings_with(BAR_SET))
    start = next(i for i, r in enumerate(rows) if r[:1] == [best.HEADING])
    end = next(i for i, r in enumerate(rows) if r[:1] == ["How it was set"]) + 1
    got, _ = settings_mod.parse(rows[:start] + rows[end:])
    assert got.best == best.Bar() and not got.best.written


@pytest.mark.parametrize("label,column,value,words", [
    ("Goal: best clients", 1, "thirty", "not a number"),
    ("Goal: best clients", 1, -3, "0 or more"),
    ("Goal: best clients", 1, 2.5, "whole number"),
    ("Goal date", 1, "someday", "not a date"),
    ("Goal date", 1, True, "not a date"),
    ("Revenue", 3, "lots", "not a number or a date"),
    ("Revenue", 2, "Sometimes", "At least or At most"),
])
def test_a_bad_value_is_refused_with_its_cell(label, column, value, words):
    rows = grid_of(settings_with(BAR_SET))
    at = next(i for i, r in enumerate(rows) if r[:1] == [label] or (label == "Revenue" and r[:2] == ["", label]
                                                                    and i > next(j for j, x in enumerate(rows)
                                                                                 if x[:1] == [best.HEADING])))
    rows[at] = list(rows[at]) + [None] * 4
    rows[at][column] = value
    with pytest.raises(SettingsError) as info:
        settings_mod.parse(rows)
    assert words in str(info.value)
    assert info.value.cell == f"{'ABCD'[column]}{at + 1}" and info.value.sheet == "ClientRank Settings"


def test_values_typed_as_text_are_read_in_the_owners_units():
    rows = grid_of(settings_with(BAR_SET))
    head = next(i for i, r in enumerate(rows) if r[:1] == [best.HEADING])
    rows[head + 1] = ["", "Revenue", "at least", "11,500"]     # thousands, typed as text
    rows[head + 2] = ["", "Hours", "", "12,5"]                 # a decimal comma; the direction left blank
    rows[head + 3] = ["", "Since", "On or before", "2019-06-30"]
    got, _ = settings_mod.parse(rows)
    assert [(c.column, c.at_least, c.value) for c in got.best.criteria[:3]] == [
        ("Revenue", True, 11_500.0), ("Hours", None, 12.5), ("Since", False, date_to_serial(dt.date(2019, 6, 30)))]


def test_settle_keeps_the_owners_bar_adds_blank_rows_and_drops_gone_columns():
    r = ranking([100.0, 200, 300, 400, 500], [1.0, 2, 3, 4, 5])
    bar = best.Bar((best.Criterion("Revenue", None, 250.0), best.Criterion("Gone", True, 3.0),
                    best.Criterion("Orders", True, 2.0)), written=True)
    got, notes = best.settle(bar, r, ["Revenue", "Hours", "Orders"], dt.date(2026, 4, 30))
    assert got.criteria == (best.Criterion("Revenue", True, 250.0), best.Criterion("Hours", False, None),
                            best.Criterion("Orders", True, 2.0))
    assert any("'Gone' is no longer a column" in n and "at least 3" in n for n in notes)
    assert any("'Hours' is weighted now" in n for n in notes)


# ---------------------------------------------------------------- the history's run table

def run_table(h: history.History) -> list[list]:
    """The history as the sheet's cells (client table, a gap, the run table), as written."""
    head = list(history.CLIENT_COLUMNS) + [""] + ["Run date"] + [c for c in h.runs.columns if c != "Date"]
    rows = [head]
    n = max(len(h.clients), len(h.runs))
    for i in range(n):
        left = list(h.clients.iloc[i]) if i < len(h.clients) else [None] * len(history.CLIENT_COLUMNS)
        right = list(h.runs.iloc[i]) if i < len(h.runs) else [None] * len(h.runs.columns)
        rows.append(left + [None] + [None if isinstance(v, float) and math.isnan(v) else v for v in right])
    return rows


def test_the_run_table_records_the_best_clients_and_the_goal_and_reads_them_back():
    table = pd.DataFrame({"Rank": [1, 2, 3], "Client": ["A", "B", "C"], "Score": [90.0, 50, 10],
                          "Tier": ["Ideal", "Core", "Poor"]})
    h, _ = history.update(history.empty(), table, ("Ideal", "Core", "Poor"), dt.date(2026, 1, 31))  # an old run
    h, _ = history.update(h, table, ("Ideal", "Core", "Poor"), dt.date(2026, 2, 28), best=(2, None))
    h, _ = history.update(h, table, ("Ideal", "Core", "Poor"), dt.date(2026, 3, 31), best=(3, 5))
    back, bad = history.parse(run_table(h))
    assert not bad
    runs = back.runs
    assert [c for c in runs.columns if c not in ("Date", "Clients") + history.BEST_COLUMNS] == ["Ideal", "Core", "Poor"]
    assert runs[history.BEST_COUNT].tolist()[1:] == [2.0, 3.0] and pd.isna(runs[history.BEST_COUNT].iloc[0])
    assert pd.isna(runs[history.BEST_GOAL].iloc[1]) and runs[history.BEST_GOAL].iloc[2] == 5.0
    st_ = best.standing(pd.DataFrame({best.COLUMN: [True, True, False, True]}), best.Bar(), runs, dt.date(2026, 4, 30))
    assert st_.count == 3 and st_.since_last == 0
    same_day = best.standing(pd.DataFrame({best.COLUMN: [True]}), best.Bar(), runs, dt.date(2026, 3, 31))
    assert same_day.since_last == 1 - 2  # against the run of an earlier date, not the one it replaces


def test_a_history_written_before_the_best_clients_still_reads():
    table = pd.DataFrame({"Rank": [1, 2], "Client": ["A", "B"], "Score": [90.0, 10], "Tier": ["Ideal", "Poor"]})
    h, _ = history.update(history.empty(), table, ("Ideal", "Poor"), dt.date(2026, 1, 31))
    cells = run_table(h)
    assert history.BEST_COUNT not in cells[0]
    back, bad = history.parse(cells)
    assert not bad and list(back.runs.columns) == ["Date", "Clients", "Ideal", "Poor"]
    st_ = best.standing(pd.DataFrame({best.COLUMN: [True, False]}), best.Bar(), back.runs, dt.date(2026, 2, 28))
    assert st_.count == 1 and st_.since_last is None


def test_a_criterion_every_client_meets_is_left_blank():
    import pandas as pd

    from xlclientrank import engine
    from xlclientrank.stored import best

    frame = pd.DataFrame({"Client": [f"C{i}" for i in range(20)], "Sales": [float(100 * i) for i in range(20)],
                          "Referrals": [1.0] * 5 + [0.0] * 15})
    cfg = engine.RankConfig(factors=(engine.Factor("Sales", 3.0), engine.Factor("Referrals", 1.0)))
    got = {c.column: c.value for c in best.fill(engine.rank(frame, cfg, "Client"))}
    assert got["Sales"] is not None and got["Sales"] > 0
    assert got["Referrals"] is None   # its quartile among the best, 0, is met by every client

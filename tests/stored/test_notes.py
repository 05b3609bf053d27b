"""The owner's notes read and joined to the client table (stored/notes.py), without files."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from xlclientrank.reader.table import ColumnInfo
from xlclientrank.stored import notes

HEADER = ["Client", "Fit (1-5)", "Complaints", "Referrals", "Decision", "Notes", "In this ranking"]


def grid(rows, header=HEADER, above=(["Client Notes"], ["a line"], ["another"])):
    return [list(r) for r in above] + [list(header)] + [list(r) for r in rows]


def test_the_header_is_found_below_the_title_lines_and_each_entry_keeps_its_sheet_row():
    rows = [["Acme Ltd", 4, None, 1, "Grow", "nice", "Yes"], [None] * 7, ["  Bolt  ", 2]]
    n = notes.parse(grid(rows), "Client Notes")
    assert n.header_row == 4
    assert n.rows == [5, 7]                  # the blank row 6 is no entry
    assert n.names == ["Acme Ltd", "Bolt"]
    assert n.keys == ["acme ltd", "bolt"]
    assert n.column("fit (1-5)") == 1 and n.column("IN THIS RANKING") == 6


def test_a_sheet_without_a_client_header_is_not_notes():
    assert notes.parse([["Name", "Fit"], ["Acme", 3]], "Client Notes") is None


def test_values_join_by_the_historys_key_and_a_client_without_notes_is_missing():
    n = notes.parse(grid([["ACME LTD ", 4, 2, None, "Reprice", "x", "Yes"], ["Bolt", None, 0, 3, None, None, "Yes"]]),
                    "Client Notes")
    names = pd.Series(["Bolt", "acme ltd", "Carp"])
    j = notes.join(n, names, [ColumnInfo("Client", "text"), ColumnInfo("Revenue", "number")], "Client")
    fit = j.numbers["Fit (1-5)"]
    assert math.isnan(fit[0]) and fit[1] == 4 and math.isnan(fit[2])
    assert list(j.numbers["Complaints"][:2]) == [0, 2] and math.isnan(j.numbers["Complaints"][2])
    assert list(j.decisions) == ["", "Reprice", ""]
    assert "Notes" not in j.numbers and "Notes" not in j.texts     # free text stays the owner's
    assert "In this ranking" not in j.numbers and "In this ranking" not in j.texts


def test_the_client_lists_own_column_of_a_measure_wins_and_is_said():
    n = notes.parse(grid([["Acme", 4, 1, 1, None, None, "Yes"]]), "Client Notes")
    j = notes.join(n, pd.Series(["Acme"]), [ColumnInfo("Client", "text"), ColumnInfo("Fit", "number")], "Client")
    assert "Fit (1-5)" not in j.numbers and "Complaints" in j.numbers
    assert any("'Fit (1-5)' not read" in t for t in j.notes)


def test_the_owners_own_columns_join_as_text_or_numbers_and_bad_ratings_are_named():
    header = HEADER + ["Industry", "Margin %", "Since"]
    rows = [["Acme", 9, "two", None, None, None, "Yes", "Vets", 0.3, dt.datetime(2020, 1, 1)],
            ["Bolt", 3, 1, None, None, None, "Yes", "Shops", 0.1, dt.datetime(2021, 5, 1)]]
    n = notes.parse(grid(rows, header), "Client Notes")
    j = notes.join(n, pd.Series(["Acme", "Bolt"]), [ColumnInfo("Client", "text")], "Client")
    assert list(j.texts["Industry"]) == ["Vets", "Shops"]
    assert list(j.numbers["Margin %"]) == [0.3, 0.1]
    assert "Since" in j.dates
    assert math.isnan(j.numbers["Fit (1-5)"][0]) and j.numbers["Fit (1-5)"][1] == 3   # 9 is no rating
    told = " ".join(j.notes)
    assert "B5" in told and "C5" in told and "1 cell" in told


def test_a_client_twice_in_the_notes_uses_its_first_row_and_says_so():
    n = notes.parse(grid([["Acme", 5], ["acme", 1]]), "Client Notes")
    j = notes.join(n, pd.Series(["Acme"]), [ColumnInfo("Client", "text")], "Client")
    assert j.numbers["Fit (1-5)"][0] == 5
    assert any("more than once" in t and "first row" in t for t in j.notes)


def test_the_plan_marks_every_entry_and_appends_only_new_clients_once_each():
    n = notes.parse(grid([["Acme", 4], ["Gone Co", 2], ["Bolt", None, None, None, None, None, "Yes"]]),
                    "Client Notes")
    p = notes.plan(n, ["Bolt", "New One", "ACME", "new one ", "Other"])
    assert p.marks == {5: "Yes", 6: "No"}          # Bolt says Yes already
    assert p.new_clients == ["New One", "Other"]
    assert p.in_ranking_col == 6 and not p.add_header


def test_a_sheet_whose_owner_deleted_the_in_this_ranking_column_gets_it_back_after_the_last_header():
    header = ["Client", "Fit (1-5)", "My own"]
    n = notes.parse(grid([["Acme", 4, "x"]], header), "Client Notes")
    p = notes.plan(n, ["Acme"])
    assert p.add_header and p.in_ranking_col == 3


def test_columns_for_a_list_leave_out_what_the_list_has_itself():
    cols = [ColumnInfo("Client", "text"), ColumnInfo("Revenue", "number"), ColumnInfo("Complaints 2026", "number"),
            ColumnInfo("Notes", "text")]
    assert notes.columns_for(cols, "Client") == ["Client", "Fit (1-5)", "Referrals", "Decision", "In this ranking"]


names = st.lists(st.text(alphabet="abcAB ", min_size=1, max_size=4).filter(lambda s: s.strip()), max_size=12)


@given(names, names)
def test_every_entry_is_marked_and_every_ranked_client_has_an_entry_after_the_plan(noted, ranked):
    n = notes.parse(grid([[x] for x in noted]), "Client Notes")
    p = notes.plan(n, ranked)
    assert set(p.marks) == set(n.rows)            # none marked yet: every entry gets its mark
    keys = {x.strip().casefold() for x in noted} | {x.strip().casefold() for x in p.new_clients}
    assert {x.strip().casefold() for x in ranked} <= keys
    assert len({x.casefold() for x in p.new_clients}) == len(p.new_clients)
    ranked_keys = {x.strip().casefold() for x in ranked}
    assert all((mark == "Yes") == (key in ranked_keys) for key, mark in zip(n.keys, p.marks.values()))
    marked = notes.parse(grid([[x] + [None] * 5 + [p.marks[r]] for x, r in zip(noted, n.rows)]), "Client Notes")
    assert notes.plan(marked, ranked).marks == {}  # marked as they are: nothing to write again
    assert np.all(np.array(list(p.marks)) > n.header_row)


def test_a_header_typed_twice_reads_the_first_column_and_names_both_cells():
    header = HEADER + ["Fit (1-5)"]
    n = notes.parse(grid([["Acme", 5, None, None, None, None, "Yes", 1]], header), "Client Notes")
    j = notes.join(n, pd.Series(["Acme"]), [ColumnInfo("Client", "text")], "Client")
    assert j.numbers["Fit (1-5)"][0] == 5
    assert any("B4 and H4" in t for t in j.notes)


def test_columns_named_like_the_rankings_own_are_not_read():
    header = HEADER + ["Since last time", "Score"]
    n = notes.parse(grid([["Acme", None, None, None, None, None, "Yes", "Up", 50]], header), "Client Notes")
    j = notes.join(n, pd.Series(["Acme"]), [ColumnInfo("Client", "text")], "Client")
    assert "Since last time" not in j.texts and "Score" not in j.numbers

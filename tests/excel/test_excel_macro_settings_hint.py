"""The settings sheet's hint and drop-down offer the same tier methods, and every spelling of "ABC"
an owner may type (an earlier hint said "ABC by value") is read as the ABC tier method."""

from __future__ import annotations

import pytest

from xlclientrank.errors import SettingsError
from xlclientrank.stored import settings as S

COLUMNS = [S.ColumnInfo("Client", "text"), S.ColumnInfo("Revenue 2026", "number"), S.ColumnInfo("Orders", "number")]


def _with_method(value):
    s, _ = S.infer("Clients", COLUMNS, "Client")
    rows = S.to_rows(s)
    i = next(k for k, r in enumerate(rows) if r[:1] == [S.LABELS["tier_method"]])
    rows[i][1] = value
    return rows, i


def test_the_hint_names_what_the_drop_down_offers(tmp_path):
    from openpyxl import load_workbook

    from tests.helpers import SAMPLE, run_cli

    out = tmp_path / "ranked.xlsx"
    assert run_cli("rerank", SAMPLE, "--out", out)[0] == 0
    ws = load_workbook(out)["ClientRank Settings"]
    row = next(r for r in ws.iter_rows() if r[0].value == S.LABELS["tier_method"])
    hint = row[2].value
    offered = next(dv for dv in ws.data_validations.dataValidation if row[1].coordinate in dv.sqref)
    choices = [c.strip() for c in offered.formula1.strip('"').split(",")]
    assert set(choices) == set(S.METHOD_NAMES.values())
    assert hint.startswith(", ".join(choices[:-1]) + " or " + choices[-1])
    rows, _ = _with_method("ABC by value")
    assert S.parse(rows)[0].tier_method == "abc"


@pytest.mark.parametrize("value", ["ABC by value", "abc by value", "  ABC   by  Value ", "ABC BY VALUE",
                                   "ABC (by value)", "ABC", "abc", " Abc "])
def test_abc_by_value_and_its_variants_are_abc(value):
    rows, _ = _with_method(value)
    assert S.parse(rows)[0].tier_method == "abc"


@pytest.mark.parametrize("value,key", [("Shares", "shares"), ("score  thresholds", "thresholds"),
                                       ("SCORE THRESHOLDS", "thresholds"), ("", "shares")])
def test_the_other_methods_still_read(value, key):
    rows, _ = _with_method(value)
    assert S.parse(rows)[0].tier_method == key


def test_something_else_still_names_its_cell():
    rows, i = _with_method("ABC by vibes")
    with pytest.raises(SettingsError, match="Shares, Score thresholds, ABC") as e:
        S.parse(rows)
    assert e.value.cell == f"B{i + 1}"

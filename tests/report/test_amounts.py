"""Numbers in the owner's number formats, as a spreadsheet shows them: checked against texts written
out by hand and against what LibreOffice Calc shows for the same cells."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import libreoffice_convert
from xlclientrank.headers import KIND_BY_KEY, FactorKind
from xlclientrank.render import formats as render_formats
from xlclientrank.report.amounts import KIND_FORMATS, as_text, column_format, plain

# (value, format code, what Excel shows), the expected texts typed by hand
SHOWN = [
    (12450.5, "$#,##0.00", "$12,450.50"),
    (306, "$#,##0.00", "$306.00"),
    (-306, "$#,##0.00", "-$306.00"),
    (1234.5, "#,##0.00 [$€-407]", "1,234.50 €"),
    (1234.5, "[$£-809]#,##0", "£1,235"),
    (1234.567, '"CHF" #,##0.00', "CHF 1,234.57"),
    (-1234.567, '"CHF" #,##0.00', "-CHF 1,234.57"),
    (-5, "$#,##0_);($#,##0)", "($5)"),
    (5, "$#,##0_);($#,##0)", "$5"),
    (-5, "#,##0.00;[Red](#,##0.00)", "(5.00)"),
    (-5, "#,##0.00;[Red]-#,##0.00", "-5.00"),
    (0.527, "0.0%", "52.7%"),
    (0.5, "0%", "50%"),
    (3.9, "General", "3.9"),
    (12450.5, "General", "12450.5"),
    (12, "0", "12"),
    (12450, "#,##0", "12,450"),
    (1234567.891, "#,##0.00", "1,234,567.89"),
    (0.125, "0.00", "0.13"),
    (1.005, "0.00", "1.01"),
    (2.5, "0", "3"),
    (-2.5, "0", "-3"),
    (0.5, "#.00", ".50"),
    (0.5, "0.00", "0.50"),
    (3.9, "0.0#", "3.9"),
    (3.95, "0.0#", "3.95"),
    (1234567, '#,##0,"K"', "1,235K"),
    (0, '_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)', "$-"),
    (-12, '_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)', "$(12.00)"),
    (46022, "yyyy-mm-dd", "2025-12-31"),
    (46022, "dd.mm.yyyy", "31.12.2025"),
    (46022, "d-mmm-yy", "31-Dec-25"),
    (46022.75, "h:mm AM/PM", "6:00 PM"),
]


@pytest.mark.parametrize(("value", "code", "want"), SHOWN)
def test_a_number_reads_as_its_cell_shows_it(value, code, want):
    assert as_text(value, code) == want


def test_separators_are_the_computers_not_the_codes():
    assert as_text(1234.5, "#,##0.00 [$€-407]", thousands=".", decimal=",") == "1.234,50 €"
    assert as_text(0.527, "0.0%", thousands="\u202f", decimal=",") == "52,7%"


def test_no_format_is_general():
    assert as_text(12450.5, None) == "12450.5"
    assert as_text(12450.5, "") == "12450.5"
    assert as_text(1 / 3, None) == "0.333333333"  # as in a column of standard width
    assert as_text(1e12, None) == "1E+12"


@pytest.mark.parametrize("code", ["[>1000]0;0", "0.00E+00", "# ?/?", "[h]:mm", "0-000"])
def test_a_code_not_understood_gives_plain_text(code):
    assert as_text(1234.567, code) == "1,234.57"


def test_plain_text_has_at_most_two_decimals_and_no_trailing_zeros():
    assert plain(1234.5) == "1,234.5"
    assert plain(-1234.567) == "-1,234.57"
    assert plain(4.0) == "4"
    assert plain(-0.001) == "0"


def test_missing_or_endless_numbers_give_no_text():
    assert as_text(float("nan"), "$#,##0") == ""
    assert as_text(float("inf"), "0.00") == ""


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
       st.sampled_from([s[1] for s in SHOWN] + ["[>1000]0;0", "0.00E+00", "[", '"', "\\", "_", "*", ";;;", "@"]))
def test_any_number_in_any_code_gives_text_without_error(value, code):
    assert isinstance(as_text(value, code), str)


# ---------------------------------------------------------------- the Ranking's formats

@dataclass(frozen=True)
class _Factor:  # what column_format reads of a settings factor: its column and its kind
    column: str
    kind: FactorKind


@dataclass(frozen=True)
class _Settings:
    factors: list[_Factor]


def _settings() -> _Settings:
    return _Settings([_Factor("Sales", KIND_BY_KEY["revenue"]), _Factor("Jobs", KIND_BY_KEY["orders"]),
                      _Factor("Fit", KIND_BY_KEY["fit"]), _Factor("Hours", KIND_BY_KEY["hours"]),
                      _Factor("Client since", KIND_BY_KEY["tenure"])])


def test_a_column_keeps_the_owners_format_else_one_for_its_kind():
    kinds = {"Sales": "number", "Jobs": "number", "Fit": "number", "Hours": "number", "Client since": "date"}
    own = {"Sales": "[$£-809]#,##0"}
    s = _settings()
    assert column_format("Sales", s, kinds, own) == "[$£-809]#,##0"
    assert column_format("Sales", s, kinds, {}) == "#,##0.00"
    assert column_format("Jobs", s, kinds, own) == "#,##0"
    assert column_format("Fit", s, kinds, own) == "#,##0"
    assert column_format("Hours", s, kinds, own) == "0.00"
    assert column_format("Client since", s, kinds, own) == "yyyy-mm-dd"
    assert column_format("Not a factor", s, kinds, own) == "0.00"


def test_the_kind_formats_are_the_ranking_sheets_own():
    assert KIND_FORMATS["money"] == render_formats.MONEY
    assert KIND_FORMATS["date"] == render_formats.DATE
    assert KIND_FORMATS["count"] == "#,##0" and KIND_FORMATS["number"] == "0.00"


# ---------------------------------------------------------------- against LibreOffice

@pytest.mark.libreoffice
def test_libreoffice_shows_the_same_text(tmp_path: Path):
    # cells where Excel and LibreOffice agree (LibreOffice shows "-0.00" and dates the same way too)
    cases = [c for c in SHOWN if "AM/PM" not in c[1]]
    path = tmp_path / "formats.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Amounts")
    for i, (value, code, _) in enumerate(cases):
        ws.write_number(i, 0, value, wb.add_format({"num_format": code}))
    wb.close()
    out = libreoffice_convert([path], "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true")[path]
    with open(out, encoding="utf-8") as f:
        shown = [row[0] for row in csv.reader(f)]
    got = [as_text(value, code) for value, code, _ in cases]
    assert [s.strip() for s in shown] == got

"""Dates and numbers typed as text, as owners' exports write them in seven languages:
xlclientrank/reader/cells.py reads them a column at a time, and one cell the same way."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xlclientrank.reader import cells

MARCH_15 = dt.date(2024, 3, 15)

DATES = [
    # timestamps: the time and the offset are dropped, the calendar day is kept
    ("2024-03-15", MARCH_15), ("2024/03/15", MARCH_15), ("2024-3-5", dt.date(2024, 3, 5)),
    ("2024-03-15 14:03:22 +0100", MARCH_15), ("2024-03-15T14:03:22Z", MARCH_15),
    ("2024-03-15T14:03:22.123+01:00", MARCH_15), ("2024-03-15 14:03:22", MARCH_15),
    ("2024-03-15T23:30:00-05:00", MARCH_15), ("2024-03-15 00:05 UTC", MARCH_15),
    # numbers only
    ("15.03.2024", MARCH_15), ("15.03.24", MARCH_15), ("15/03/2024 14:03", MARCH_15), ("15-03-2024", MARCH_15),
    ("5.3.2024", dt.date(2024, 3, 5)),
    # month names, seven languages
    ("Mar 15, 2024", MARCH_15), ("Mar 15, 2024 2:03 PM", MARCH_15), ("March 15, 2024", MARCH_15),
    ("15 Mar 2024", MARCH_15), ("15-Mar-2024", MARCH_15), ("15-Mar-24", MARCH_15),
    ("Fri, 15 Mar 2024 14:03:22 +0000", MARCH_15), ("December 19, 2020 11:28 pm", dt.date(2020, 12, 19)),
    ("15. März 2024", MARCH_15), ("15. Maerz 2024", None), ("15. Mrz. 2024", MARCH_15),
    ("3. Okt. 2024", dt.date(2024, 10, 3)),
    ("15 mars 2024", MARCH_15), ("1er mars 2024", dt.date(2024, 3, 1)), ("15 févr. 2024", dt.date(2024, 2, 15)),
    ("15 août 2024", dt.date(2024, 8, 15)),
    ("15 de marzo de 2024", MARCH_15), ("15 marzo 2024", MARCH_15), ("3 dic 2024", dt.date(2024, 12, 3)),
    ("15 maart 2024", MARCH_15), ("15 mrt 2024", MARCH_15), ("15 mei 2024", dt.date(2024, 5, 15)),
    ("15 giugno 2024", dt.date(2024, 6, 15)), ("15 de março de 2024", MARCH_15), ("15 out 2024", dt.date(2024, 10, 15)),
    # not dates
    ("31/04/2024", None), ("2023-02-29", None), ("15 foo 2024", None), ("hello", None), ("3M", None), ("1234", None),
    ("2024-03-15 abc", None), ("15.03.2024 12 apples", None),
]


@pytest.mark.parametrize("text,want", DATES)
def test_text_dates_in_seven_languages(text, want):
    got = cells.parse_date(text)
    assert (cells.serial_to_date(got) if got is not None else None) == want
    column = cells.parse_dates(pd.Series([text]))[0]
    assert (cells.serial_to_date(column) if not np.isnan(column) else None) == want  # one cell = the column


def test_a_timestamp_is_its_calendar_day_in_whole_days():
    assert cells.parse_date("2024-03-15T23:59:59+14:00") == cells.parse_date("2024-03-15")
    assert float(cells.parse_date("2024-03-15 14:03:22")).is_integer()


def test_two_digit_years_and_month_first_dates():
    assert cells.serial_to_date(cells.parse_date("12/31/24", day_first=False)) == dt.date(2024, 12, 31)
    assert cells.serial_to_date(cells.parse_date("12/31/70", day_first=False)) == dt.date(1970, 12, 31)
    assert cells.parse_date("12/31/24", day_first=True) is None
    # dotted dates are day first whatever the column's slashes say
    assert cells.serial_to_date(cells.parse_date("03.04.2024", day_first=False)) == dt.date(2024, 4, 3)
    c = cells.clean(["12/31/24", "01/02/24", "2/29/2020"], date_header=True)
    assert c.kind == "date" and c.day_first is False
    assert [cells.serial_to_date(v) for v in c.values] == [dt.date(2024, 12, 31), dt.date(2024, 1, 2),
                                                         dt.date(2020, 2, 29)]


def test_a_column_of_mixed_shapes_is_read_whole_and_noted():
    texts = ["2024-03-15T14:03:22Z", "15.03.2024", "15 de marzo de 2024", "Mar 15, 2024 2:03 PM", None, "",
             "unknown"]
    c = cells.clean(texts, date_header=True)
    assert c.kind == "date"
    assert [cells.serial_to_date(v) for v in c.values[:4]] == [MARCH_15] * 4
    assert np.isnan(c.values[4:]).all()
    assert [i for i, _ in c.text_dates] == [0, 1, 2, 3] and c.not_numbers == [(6, "unknown")]


def test_cleaning_one_cell_with_the_columns_decisions_reads_it_as_the_column():
    column = ["03/04/2024", "25/12/2024", "1.234,50 €", "15. März 2024"]
    whole = cells.clean(column)
    alone = [cells.clean([v], decided=whole.decisions).values[0] for v in column]
    assert alone == pytest.approx(whole.values.tolist(), nan_ok=True)


NUMBERS = [
    ("1.234,50 €", True, 1234.5), ("1 234,50 €", True, 1234.5), ("1\u202f234,50 €", True, 1234.5),
    ("1\u00a0234,50 €", True, 1234.5), ("1\u2009234,50 €", True, 1234.5), ("CHF 1'234.50", False, 1234.5),
    ("CHF 1’234.50", False, 1234.5), ("R$ 1.234,50", True, 1234.5), ("-1.234,50", True, -1234.5),
    ("1.234,50-", True, -1234.5), ("1.234,50 €-", True, -1234.5), ("(1,200.00)", False, -1200.0),
    ("(1.200,00 €)", True, -1200.0), ("$-142.85", False, -142.85), ("−5,50", True, -5.5), ("EUR -3,00", True, -3.0),
    ("99 BRL", False, 99.0), ("₪ 1,200", False, 1200.0), ("INR 4,500.00", False, 4500.0), ("12,5 %", True, 0.125),
    ("+7", False, 7.0), ("1.5 %", False, 0.015),
    ("(5", False, None), ("1e5", False, None), ("inf", False, None), ("12 apples", False, None), ("1.2.3", False, None),
]


@pytest.mark.parametrize("text,comma,want", NUMBERS)
def test_number_texts_in_european_and_accounting_forms(text, comma, want):
    assert cells.parse_number(text, comma) == (pytest.approx(want) if want is not None else None)
    column = cells.parse_numbers(pd.Series([text]), comma)[0]
    assert (None if np.isnan(column) else column) == (pytest.approx(want) if want is not None else None)


def test_a_columns_decimal_comma_is_voted_by_its_numbers_only():
    assert cells.uses_decimal_comma(["1.234,50", "12,5", "15.03.2024", "Acme"]) is True
    assert cells.uses_decimal_comma(["15.03.2024", "16.03.2024", "1,234"]) is False  # dates do not vote
    c = cells.clean(["1.234,50-", "(1.200,00 €)", "R$ 9,90", "n/a"])
    assert c.decimal_comma is True and c.values[:3].tolist() == [-1234.5, -1200.0, 9.9]


def _million(fmt: str, unique_times: bool) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(13)
    days = np.datetime64("2020-01-01") + rng.integers(0, 1500, 1_000_000)
    stamps = pd.to_datetime(days)
    if unique_times:
        stamps = stamps + pd.to_timedelta(rng.integers(0, 86400, len(days)), unit="s")
    return stamps.strftime(fmt).tolist(), (days - np.datetime64("1899-12-30")).astype(float)


@pytest.mark.parametrize("fmt,unique_times", [
    ("%Y-%m-%d", False), ("%d.%m.%Y", False), ("%-d %b %Y", False),
    ("%Y-%m-%dT%H:%M:%S+01:00", True), ("%b %-d, %Y %-I:%M %p", True),
])
def test_a_million_text_dates_are_read_a_column_at_a_time(fmt, unique_times):
    """Every date of a million right; how fast is benchmarks/dates.py's (a ratio to pandas)."""
    texts, want = _million(fmt, unique_times)
    got = cells.parse_dates(pd.Series(texts, dtype=object))
    assert np.array_equal(got, want)


def test_codes_are_not_amounts_and_currency_codes_stand_apart_from_the_digits():
    """Any three capitals are a currency code only when a space parts them from the digits: account
    codes and SKUs (Sage's ABC01, SKU123) stay text."""
    from xlclientrank.reader import cells

    for code in ("ABC01", "SKU123", "100ABC", "AB12345"):
        assert cells.parse_number(code) is None, code
    assert cells.parse_number("QAR 100") == cells.parse_number("100 QAR") == 100
    assert cells.parse_number("USD12.50") == 12.5  # a currency we know needs no space

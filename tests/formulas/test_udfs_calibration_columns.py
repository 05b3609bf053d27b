"""CLIENT_SCORE/TIER/RANK without the table argument read each cell of the row as Re-rank read it
in its column: the reader decides per column, from all its cells, whether text numbers use a
decimal comma and whether text dates are day-first (``xlclientrank.reader.cells.Decisions``); the
calibration stores those decisions, so a row's ``1.500 €`` is 1,500 in a column of German amounts
(1.5 on its own) and its ``03/04/2024`` is the date its column says.

The workbook is ranked by ``xlclientrank rerank``; the formulas are called through xlwings' own
conversion (tests/doubles/xlwings_harness.py) with a calling cell whose workbook holds the calibration, and
must equal the Ranking sheet for every client row. A calibration stored by an older version (no
decisions in its JSON) still reads, each cell then deciding alone as before.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.doubles.xlwings_harness import call_with_caller, load_udf_module
from tests.helpers import make_workbook, ranking_rows, run_cli

HEADER = ["Client", "Umsatz", "Orders", "Last order", "Client since"]
# Umsatz: German amounts typed as text. "1.500 €" and "800 €" say nothing on their own (alone,
# "1.500 €" is 1.5); "12.345,60 €" and "2.750,00 €" make it a decimal-comma column.
# Last order: day-first text dates ("25/11/2025" decides); "03/04/2025" is 3 April.
# Client since: month-first text dates ("12/25/2019" decides); "03/04/2020" is 4 March, which on
# its own would read day-first as 3 April, and "12/25/2019" alone would not read at all.
ROWS = [
    ["Bäckerei Huber", "1.500 €", 14, "03/04/2025", "03/04/2020"],
    ["Schmidt GmbH", "12.345,60 €", 40, "25/11/2025", "12/25/2019"],
    ["Café Sonne", "800 €", 6, "15/01/2025", "05/06/2018"],
    ["Müller & Söhne", "2.750,00 €", 22, "01/02/2025", "07/08/2021"],
    ["Praxis Weber", "4.200 €", 9, "30/06/2025", "01/02/2017"],
    ["Blumen Lang", "950,50 €", 3, "07/08/2024", "11/20/2022"],
    ["Autohaus Berg", "23.000 €", 31, "12/10/2025", "02/03/2016"],
    ["Kanzlei Roth", "1.200 €", 11, "28/02/2025", "09/10/2023"],
]
# what Re-rank reads (the Ranking sheet's basis), for the checks on the row formula's values
UMSATZ = {"Bäckerei Huber": 1500.0, "Schmidt GmbH": 12345.6, "Café Sonne": 800.0, "Kanzlei Roth": 1200.0}
LAST_ORDER = {"Bäckerei Huber": dt.date(2025, 4, 3), "Autohaus Berg": dt.date(2025, 10, 12)}
CLIENT_SINCE = {"Bäckerei Huber": dt.date(2020, 3, 4), "Schmidt GmbH": dt.date(2019, 12, 25),
                "Autohaus Berg": dt.date(2016, 2, 3)}
EPOCH = dt.date(1899, 12, 30)


@pytest.fixture(scope="module")
def mod():
    return load_udf_module("xlclientrank.udfs")


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    path = make_workbook(tmp_path_factory.mktemp("decisions") / "kunden.xlsx", [HEADER] + ROWS)
    code, out, err = run_cli("rerank", path)
    assert code == 0, err
    head, body = ranking_rows(path)
    want = {r[head.index("Client")]: (r[head.index("Rank")], r[head.index("Score")], r[head.index("Tier")])
            for r in body}
    assert set(want) == {r[0] for r in ROWS}
    return path, want


def calibration_grid(path: Path) -> list[list]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("ClientRank Calibration").to_python()
    return [[None if c == "" else c for c in r] for r in rows]


def without_decisions(grid: list[list]) -> list[list]:
    """The calibration sheet as a version before the decisions wrote it: no "decisions" in its JSON."""
    meta = json.loads(grid[1][0])
    meta.pop("decisions")
    old = [list(r) for r in grid]
    old[1][0] = json.dumps(meta, ensure_ascii=False)
    old[0][0] = str(old[0][0]) + " (old)"  # another stamp, so the formulas' cache does not mix them up
    return old


class Caller:
    """The calling cell as udfs._calibration reaches it: caller.sheet.book, whose sheets hold the
    calibration (its values as Excel hands them over, blanks as None)."""

    def __init__(self, grid: list[list], name: str):
        class Sheet:
            def range(self, address):
                return type("R", (), {"value": grid[0][0]})()

            used_range = type("U", (), {"options": lambda self, **kw: type("V", (), {"value": grid})()})()

        Sheet.name = "ClientRank Calibration"
        book = type("Book", (), {"name": name, "sheets": [Sheet()]})()
        self.sheet = type("S", (), {"book": book})()



def one(result):
    return result[0][0] if isinstance(result, list) and len(result) == 1 and len(result[0]) == 1 else result


def test_the_reader_keeps_each_columns_decisions(ranked):
    from xlclientrank.reader import Workbook, cells, read_client_table

    path, _ = ranked
    table = read_client_table(Workbook(path))
    assert table.decisions["Umsatz"] == cells.Decisions(decimal_comma=True, day_first=None)
    assert table.decisions["Last order"].day_first is True
    assert table.decisions["Client since"].day_first is False
    assert table.decisions["Orders"] == cells.Decisions()  # plain numbers: nothing to decide
    by_name = dict(zip(table.frame["Client"], table.frame["Umsatz"]))
    assert {k: by_name[k] for k in UMSATZ} == pytest.approx(UMSATZ)


def test_the_calibration_stores_the_decisions(ranked):
    from xlclientrank.reader import cells
    from xlclientrank.stored import calibration

    path, _ = ranked
    cal = calibration.parse(calibration_grid(path))
    weighted = {f.column for f in cal.factors}
    assert {"Umsatz", "Last order", "Client since"} <= weighted
    assert cal.decisions["Umsatz"] == cells.Decisions(decimal_comma=True)
    assert cal.decisions["Last order"].day_first is True
    assert cal.decisions["Client since"].day_first is False
    rows = {r[0]: r for r in ROWS}
    for name, want in UMSATZ.items():
        assert cal.row_values(rows[name])[1]["Umsatz"] == pytest.approx(want)
    for name, want in LAST_ORDER.items():
        assert cal.row_values(rows[name])[1]["Last order"] == (want - EPOCH).days
    for name, want in CLIENT_SINCE.items():
        assert cal.row_values(rows[name])[1]["Client since"] == (want - EPOCH).days


@pytest.mark.parametrize("form", ["one row a call", "all rows in one call"])
def test_row_formulas_against_the_calibration_equal_the_ranking_sheet(mod, ranked, form):
    path, want = ranked
    mod.invalidate()
    caller = Caller(calibration_grid(path), path.name)
    if form == "one row a call":
        for row in ROWS:
            rank, score, tier = want[row[0]]
            got = {f: one(call_with_caller(mod, f, caller, (tuple(row),)))
                   for f in ("CLIENT_TIER", "CLIENT_SCORE", "CLIENT_RANK")}
            assert got["CLIENT_TIER"] == tier, (row[0], got)
            assert got["CLIENT_RANK"] == rank, (row[0], got)
            assert got["CLIENT_SCORE"] == pytest.approx(score, abs=1e-9), (row[0], got)
    else:
        rows = tuple(tuple(r) for r in ROWS)
        for f, k in (("CLIENT_RANK", 0), ("CLIENT_SCORE", 1), ("CLIENT_TIER", 2)):
            got = [g for (g,) in call_with_caller(mod, f, caller, rows)]
            expected = [want[r[0]][k] for r in ROWS]
            assert got == (pytest.approx(expected, abs=1e-9) if k == 1 else expected), f
    mod.invalidate()


def test_an_old_calibration_without_decisions_still_reads(mod, ranked):
    from xlclientrank.stored import calibration

    path, want = ranked
    old = without_decisions(calibration_grid(path))
    cal = calibration.parse(old)
    assert cal.decisions == {}
    rows = {r[0]: r for r in ROWS}
    # as before the decisions: each cell decides alone, so "1.500 €" is 1.5 and "12.345,60 €" 12,345.60
    assert cal.row_values(rows["Bäckerei Huber"])[1]["Umsatz"] == pytest.approx(1.5)
    assert cal.row_values(rows["Schmidt GmbH"])[1]["Umsatz"] == pytest.approx(12345.6)
    assert cal.row_values(rows["Autohaus Berg"])[1]["Last order"] == (LAST_ORDER["Autohaus Berg"] - EPOCH).days

    mod.invalidate()
    caller = Caller(old, path.name + " (old)")
    for row in ROWS:
        got = {f: one(call_with_caller(mod, f, caller, (tuple(row),)))
               for f in ("CLIENT_TIER", "CLIENT_SCORE", "CLIENT_RANK")}
        assert isinstance(got["CLIENT_SCORE"], float) and 0 <= got["CLIENT_SCORE"] <= 100, (row[0], got)
        assert isinstance(got["CLIENT_RANK"], int) and got["CLIENT_TIER"] in {t for _, _, t in want.values()}
    mod.invalidate()


def test_cleaning_with_decisions_is_the_column_cleaning():
    """One definition: a column's cells cleaned one by one with its decisions read as the column."""
    from xlclientrank.reader import cells

    column = [r[1] for r in ROWS] + [None, "n/a", "(1.200,00 €)"]
    whole = cells.clean(column)
    alone = [cells.clean([v], decided=whole.decisions).values[0] for v in column]
    assert alone == pytest.approx(whole.values.tolist(), nan_ok=True)
    dates = [r[4] for r in ROWS]
    whole = cells.clean(dates, date_header=True)
    assert whole.decisions.day_first is False
    alone = [cells.clean([v], date_header=True, decided=whole.decisions).values[0] for v in dates]
    assert alone == whole.values.tolist()

"""The cell formulas through xlwings' own code (decorators, VBA wrapper generator, conversion),
with only pywin32's modules stubbed: see tests/doubles/xlwings_harness.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.doubles.xlwings_harness import call, functions, load_udf_module, wrapper_vba
from tests.helpers import ROOT, SAMPLE, independent_pareto, ranking_rows, run_cli

NAMES = {"CLIENT_TIER": ["row", "Optional table"], "CLIENT_SCORE": ["row", "Optional table"],
         "CLIENT_RANK": ["row", "Optional table"], "PARETO_COUNT": ["values", "Optional share"],
         "PARETO_CUTOFF": ["values", "Optional share"], "PARETO_SHARE": ["values", "Optional top"],
         "IMPORTANCE_RATIO": ["values"], "CLIENT_RANKING": ["table"]}


@pytest.fixture(scope="module")
def mod():
    return load_udf_module("xlclientrank.udfs")


@pytest.fixture(scope="module")
def sample_table():
    ws = load_workbook(SAMPLE, read_only=True, data_only=True).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    out = tmp_path_factory.mktemp("udf") / "ranked.xlsx"
    assert run_cli("rerank", SAMPLE, "--out", out)[0] == 0
    head, body = ranking_rows(out)
    return out, {r[1]: (r[0], r[2], r[3]) for r in body}


def one(result):
    return result[0][0] if isinstance(result, list) else result


def test_every_function_is_declared_with_its_category_and_help(mod):
    funcs = functions(mod)
    assert set(funcs) == set(NAMES)
    for name, f in funcs.items():
        info = f.__xlfunc__
        assert info["category"] == "Client Rank"
        assert info["ret"]["doc"] and "Python function" not in info["ret"]["doc"]
        for arg in info["args"]:
            if arg["name"] != "caller":
                assert not arg["doc"].startswith("Positional argument"), (name, arg["name"])


def test_the_vba_wrapper_declares_every_function_with_its_arguments(mod):
    vba = wrapper_vba(mod)
    for name, args in NAMES.items():
        assert f"Function {name}({', '.join(args)})" in vba, name
        assert re.search(rf'XLPy.CallUDF\("xlclientrank.udfs", "{name}"', vba)
    assert "caller)" not in vba.split("Function CLIENT_TIER(")[1].split(")")[0]


def test_tier_score_rank_with_the_table_equal_the_ranking_sheet(mod, sample_table, ranked):
    _, want = ranked
    table = tuple(sample_table)
    for row in sample_table[1:]:
        rank, score, tier = want[row[0]]
        assert one(call(mod, "CLIENT_TIER", (row,), table)) == tier
        assert one(call(mod, "CLIENT_RANK", (row,), table)) == rank
        assert one(call(mod, "CLIENT_SCORE", (row,), table)) == pytest.approx(score, abs=1e-9)


def calibration_of(path: Path):
    from xlclientrank.stored import calibration

    wb = CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_name(calibration.SHEET).to_python(skip_empty_area=False)
    return calibration.parse([[None if c == "" else c for c in r] for r in rows])


def test_rows_against_the_stored_calibration_equal_the_ranking_sheet(sample_table, ranked):
    from xlclientrank.formulas import functions as formulas

    out, want = ranked
    cal = calibration_of(out)
    epoch = dt.datetime(1899, 12, 30)
    for row in sample_table[1:]:
        # Excel hands dates to Python as datetimes; serial numbers must give the same
        as_serial = tuple((c - epoch).days if isinstance(c, dt.datetime) else c for c in row)
        for r in (row, as_serial):
            rank, score, tier = want[row[0]]
            assert formulas.client([list(r)], None, cal, "tier") == tier
            assert formulas.client([list(r)], None, cal, "rank") == rank
            assert formulas.client([list(r)], None, cal, "score") == pytest.approx(score, abs=1e-9)


class FakeBook:
    """Stands in for xlwings' Book/Sheet/Range objects that the formulas reach through `caller`."""

    def __init__(self, path: Path):
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("ClientRank Calibration").to_python()
        self.rows = [[None if c == "" else c for c in r] for r in rows]
        self.name = path.name  # the calibration's key when there is no COM object (see udfs.book_key)
        self.reads = 0
        book = self

        class Sheet:
            name = "ClientRank Calibration"

            def range(self, address):
                return type("R", (), {"value": book.rows[0][0]})()

            @property
            def used_range(self):
                book.reads += 1
                return type("U", (), {"options": lambda self, **kw: type("V", (), {"value": book.rows})()})()

        self.sheets = [Sheet()]
        self.caller = type("Caller", (), {"sheet": type("S", (), {"book": self})()})()


def test_formulas_read_the_calibration_once_through_the_caller(mod, sample_table, ranked):
    out, want = ranked
    mod.invalidate()
    book = FakeBook(out)
    f = functions(mod)["CLIENT_TIER"]
    for row in sample_table[1:]:
        assert f([list(row)], None, book.caller) == want[row[0]][2]
    assert book.reads == 1
    assert f([list(sample_table[1])]) .startswith("#N/A no ranking yet")


def test_pareto_functions_equal_an_independent_computation(mod, sample_table):
    col = [(r[2],) for r in sample_table[1:]]
    values = [r[0] for r in col]
    count, cutoff = independent_pareto(values)
    assert one(call(mod, "PARETO_COUNT", tuple(col))) == count
    assert one(call(mod, "PARETO_CUTOFF", tuple(col))) == cutoff
    assert one(call(mod, "PARETO_COUNT", tuple(col), 0.5)) == independent_pareto(values, 0.5)[0]
    top = sorted(values, reverse=True)
    assert one(call(mod, "PARETO_SHARE", tuple(col))) == pytest.approx(sum(top[:30]) / sum(top))
    assert one(call(mod, "IMPORTANCE_RATIO", tuple(col))) == pytest.approx(max(values) / min(values))
    # a header above and blanks and notes below the last value are not clients
    assert one(call(mod, "PARETO_COUNT", (("Revenue",),) + tuple(col) + ((None,), ("n/a",)))) == count
    assert one(call(mod, "PARETO_SHARE", (("Revenue",),) + tuple(col) + ((None,),) * 50)) == \
        pytest.approx(sum(top[:30]) / sum(top))


def test_client_ranking_spills_the_whole_ranking(mod, sample_table, ranked):
    _, want = ranked
    out = call(mod, "CLIENT_RANKING", tuple(sample_table))
    assert out[0][:4] == ["Rank", "Client", "Score", "Tier"]
    assert len(out) == 151
    for rank, name, _score, tier, *_ in out[1:]:
        assert (rank, tier) == (want[name][0], want[name][2])


@pytest.mark.parametrize("name,args,start", [
    ("PARETO_COUNT", (((1.0,), ("#N/A",)),), "#N/A #N/A in values"),
    ("PARETO_COUNT", ((("x",), (None,)),), "#VALUE! no numbers in values"),
    ("PARETO_COUNT", (((0.0,), (0.0,)),), "#VALUE! the values add up to 0"),
    ("PARETO_COUNT", (((1.0,),), "lots"), "#VALUE! share must be a number"),
    ("IMPORTANCE_RATIO", (((-1.0,), (0.0,)),), "#VALUE! no value above 0"),
    ("CLIENT_TIER", ((("Nobody", 1.0),), (("Client", "Revenue"), ("A", 2.0))), "#N/A this row is not"),
    ("CLIENT_TIER", ((("A", 1.0),),), "#N/A no ranking yet"),
    ("CLIENT_TIER", ((("A", 1.0),), (("just", "text"), ("no", "numbers"))), "#VALUE!"),
])
def test_bad_arguments_give_short_excel_style_errors(mod, name, args, start):
    got = one(call(mod, name, *args))
    assert isinstance(got, str) and got.startswith(start), got
    assert "Traceback" not in got and len(got) < 160


def test_no_xlwings_pro_in_the_formulas():
    pat = re.compile(r"xlwings\.pro|xlwings\.server|from xlwings import server|Book\(json=|mode=[\"']r[\"']")
    for f in (ROOT / "xlclientrank").rglob("*.py"):
        assert not pat.search(f.read_text()), f

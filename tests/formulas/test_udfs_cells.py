"""The cell formulas read a cell as Re-rank does, take many rows in one call, spill CLIENT_RANKING
natively, and find a workbook's calibration without xlwings' Book.fullname.

Every formula is called through xlwings' own decorators and conversion (tests/doubles/xlwings_harness.py);
the figures they must give come from ``xlclientrank rerank --json`` on the same cells.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.doubles.xlwings_harness import call, functions, load_udf_module
from tests.doubles.xlwings_harness import call_with_caller as f_call
from tests.helpers import make_workbook, ranking_rows, run_cli
from xlclientrank.formulas import cache

NA = -2146826246  # #N/A as Excel's COM hands an error cell to xlwings


@pytest.fixture(scope="module")
def mod():
    return load_udf_module("xlclientrank.udfs")


def one(result):
    return result[0][0] if isinstance(result, list) else result


def rerank_json(tmp_path: Path, rows: list[list], name: str = "c.xlsx") -> tuple[dict, Path]:
    src = make_workbook(tmp_path / name, rows)
    out = tmp_path / ("ranked_" + name)
    code, stdout, stderr = run_cli("rerank", src, "--out", out, "--json")
    assert code == 0, stderr
    return json.loads(stdout), out


def pareto_of(mod, column) -> dict:
    values = tuple((v,) for v in column)
    return {"count": one(call(mod, "PARETO_COUNT", values)), "cutoff": one(call(mod, "PARETO_CUTOFF", values)),
            "top20_share": one(call(mod, "PARETO_SHARE", values)),
            "importance_ratio": one(call(mod, "IMPORTANCE_RATIO", values))}


def assert_equal_to_summary(got: dict, summary: dict) -> None:
    assert got["count"] == summary["pareto"]["count"]
    assert got["cutoff"] == pytest.approx(summary["pareto"]["cutoff"])
    assert got["top20_share"] == pytest.approx(summary["top20_share"])
    assert got["importance_ratio"] == pytest.approx(summary["importance_ratio"])


# ---------------------------------------------------------------- 1. one way to read a cell

def test_a_number_typed_as_text_counts_as_on_the_ranking_sheet(mod, tmp_path):
    # the reported example: the Ranking sheet says 1, 1,000 and 0.917 (the formulas said 2, 30, 0.556)
    summary, _ = rerank_json(tmp_path, [["Client", "Revenue"], ["A", "1,000"], ["B", 50], ["C", 30], ["D", 10]])
    assert (summary["pareto"]["count"], summary["pareto"]["cutoff"]) == (1, 1000.0)
    assert summary["top20_share"] == pytest.approx(0.917, abs=5e-4)
    got = pareto_of(mod, ["1,000", 50.0, 30.0, 10.0])
    assert (got["count"], got["cutoff"]) == (1, 1000.0)
    assert_equal_to_summary(got, summary)


def test_blank_values_of_clients_count_as_zero_as_on_the_ranking_sheet(mod, tmp_path):
    # seven values and three blanks: ten clients, so the top 20 % are two of them (not one of seven)
    values = [500.0, None, 300.0, 200.0, None, 100.0, 50.0, None, 30.0, 20.0]
    summary, _ = rerank_json(tmp_path, [["Client", "Revenue"]] + [[f"C{i}", v] for i, v in enumerate(values)])
    assert summary["clients"] == 10 and summary["top20_share"] == pytest.approx(800 / 1200)
    got = pareto_of(mod, values)
    assert got["top20_share"] == pytest.approx(800 / 1200)
    assert_equal_to_summary(got, summary)
    # a header above and empty rows below the list (B1:B200 over ten clients) are not clients
    assert pareto_of(mod, ["Revenue"] + values + [None] * 189) == got


@pytest.mark.parametrize("cells", [
    ["$1,234.50", "(1,200)", "$300.00", "USD 50", "12%", 800.0],            # currency, negatives, percent
    ["1.234,50 €", "300,00 €", "12,5", "1.000,00 €", None, "7,25 €"],        # decimal commas, a blank
    [True, 2.0, False, 5.0, "3", " 4 "],                                   # TRUE/FALSE as 1/0, text numbers
], ids=["currency-negative-percent", "decimal-comma", "booleans-and-text"])
def test_every_kind_of_cell_is_read_as_the_reader_reads_it(mod, tmp_path, cells):
    summary, _ = rerank_json(tmp_path, [["Client", "Revenue"]] + [[f"C{i}", v] for i, v in enumerate(cells)])
    assert_equal_to_summary(pareto_of(mod, cells), summary)


def test_an_excel_error_in_the_values_gives_its_text(mod):
    # as Excel passes it: a COM error code, which xlwings turns into "#N/A" because the argument asks
    for f in ("PARETO_COUNT", "PARETO_CUTOFF", "PARETO_SHARE", "IMPORTANCE_RATIO"):
        got = one(call(mod, f, ((10.0,), (NA,), (5.0,))))
        assert got == "#N/A #N/A in values", (f, got)
    assert one(call(mod, "PARETO_COUNT", (("#DIV/0!",), (5.0,)))) == "#VALUE! #DIV/0! in values"


def test_the_whole_table_gives_the_ranking_sheets_figures_with_totals_and_blank_rows(mod, tmp_path):
    rows = [["Client", "Revenue", "Orders"], ["A", "$5,000", 3], [None, None, None], ["B", 2000.0, 1],
            ["C", None, 4], ["Total", 7000.0, 8], ["D", 700.0, 2]]
    summary, _ = rerank_json(tmp_path, rows)
    table = tuple(tuple(float(v) if isinstance(v, int) else v for v in r) for r in rows)
    got = {k: one(call(mod, f, table)) for k, f in (("count", "PARETO_COUNT"), ("cutoff", "PARETO_CUTOFF"),
                                                    ("top20_share", "PARETO_SHARE"),
                                                    ("importance_ratio", "IMPORTANCE_RATIO"))}
    assert_equal_to_summary(got, summary)
    assert one(call(mod, "PARETO_COUNT", table, 0.5)) == 1


# ---------------------------------------------------------------- 3. many rows in one call

@pytest.fixture(scope="module")
def small(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("many")
    rows = [["Client", "Revenue", "Orders"]] + [[f"Client {i:02d}", 1000.0 * (i + 1) % 7919, float(i % 5 + 1)]
                                                for i in range(25)]
    rows[1 + 7][1] = "$3,100.50"
    summary, out = rerank_json(tmp, rows)
    head, body = ranking_rows(out)
    want = {r[1]: (r[head.index("Rank")], r[head.index("Score")], r[head.index("Tier")]) for r in body}
    table = rows[:6] + [[None, None, None], ["Total", 99999.0, 75.0]] + rows[6:]
    return out, tuple(tuple(r) for r in table), want


def test_many_rows_give_one_result_per_row_as_a_column(mod, small):
    from tests.formulas.test_udfs import FakeBook

    out, table, want = small
    book = FakeBook(out)
    rows = table[1:]
    for extra in ((table,), ()):
        for f, k in (("CLIENT_RANK", 0), ("CLIENT_SCORE", 1), ("CLIENT_TIER", 2)):
            got = f_call(mod, f, book.caller, rows, *extra)
            assert isinstance(got, list) and len(got) == len(rows) and all(len(g) == 1 for g in got), (f, extra)
            for r, (g,) in zip(rows, got):
                if r[0] in want:
                    assert g == pytest.approx(want[r[0]][k], abs=1e-9), (f, r[0])
                else:  # the blank row and the totals row
                    assert g == "#N/A this row is not a client row of the table (blank name or totals row?)"
            # one row is still one value, the same as that row gives within the range
            single = f_call(mod, f, book.caller, rows[:1], *extra)
            assert single == [[got[0][0]]] and not isinstance(functions(mod)[f](
                [list(rows[0])], *(extra and [list(map(list, table))]), caller=book.caller), list)



def test_many_rows_without_a_calibration_give_one_reason(mod, small):
    _, table, _ = small
    assert one(call(mod, "CLIENT_TIER", table[1:4])).startswith("#N/A no ranking yet")


# ---------------------------------------------------------------- 4. CLIENT_RANKING spills natively

def test_client_ranking_is_a_plain_array_not_an_xlwings_expanded_one(mod, small):
    _, table, want = small
    f = functions(mod)["CLIENT_RANKING"]
    # xlwings/udfs.py call_udf: ret options with "expand" make it resize a legacy array formula itself
    assert "expand" not in f.__xlfunc__["ret"]["options"]
    got = call(mod, "CLIENT_RANKING", table)
    assert got[0][:4] == ["Rank", "Client", "Score", "Tier"] and len(got) == len(want) + 1
    assert all(len(r) == len(got[0]) for r in got)


# ---------------------------------------------------------------- 5. a workbook in OneDrive/SharePoint

class CloudBook:
    """A workbook in OneDrive: xlwings' Book.fullname raises (no local copy found); its COM object's
    FullName is the https address."""

    def __init__(self, path: Path, api: bool = True):
        from tests.formulas.test_udfs import FakeBook

        inner = FakeBook(path)
        self.sheets = inner.sheets
        self.inner = inner
        self.name = path.name
        self.fullname_calls = 0
        if api:
            self.api = type("Api", (), {"FullName": "https://d.docs.live.net/abc123/Documents/" + path.name})()
        self.caller = type("Caller", (), {"sheet": type("S", (), {"book": self})()})()

    @property
    def fullname(self):
        self.fullname_calls += 1
        raise RuntimeError("Couldn't find your local OneDrive file, see: xlwings.org/error")


@pytest.mark.parametrize("api", [True, False], ids=["com-fullname", "name-fallback"])
def test_a_workbook_whose_fullname_raises_still_finds_its_calibration(mod, small, api):
    out, table, want = small
    mod.invalidate()
    book = CloudBook(out, api)
    f = functions(mod)["CLIENT_TIER"]
    for r in table[1:]:
        if r[0] in want:
            assert f([list(r)], None, book.caller) == want[r[0]][2]
    assert book.fullname_calls == 0 and book.inner.reads == 1
    key = "https://d.docs.live.net/abc123/Documents/" + out.name if api else out.name
    assert list(cache.calibrations) == [key]
    mod.invalidate()

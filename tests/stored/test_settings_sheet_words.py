"""The settings and methodology sheets speak the owner's words: one product name, no command-line
options, plain labels, an Advanced heading over the expert choices, and the second line of the
settings sheet saying what the yellow cells do in the owner's workbook and in the advisor's copy."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.helpers import SAMPLE, run_cli

SETTINGS = "ClientRank Settings"


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    out = tmp_path_factory.mktemp("words") / "ranked.xlsx"
    code, _, err = run_cli("rerank", SAMPLE, "--out", out, "--date", "2026-11-30")
    assert code == 0, err
    return out


def rows_of(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def labelled(rows):
    return {r[0]: r[1:] for r in rows if r and r[0] != ""}


def test_the_settings_sheet_has_one_product_name_and_no_command_line_options(ranked):
    rows = rows_of(ranked, SETTINGS)
    assert rows[0][0] == "Client Rank settings"
    assert rows[1][0] == ("Change the yellow cells, then click Re-rank on the Client Rank tab (or run the command "
                          "again). Last ranked for 2026-11-30.")
    texts = [str(v) for r in rows for v in r if v != ""]
    assert not [t for t in texts if "--" in t or "xlclientrank" in t.casefold()]


def test_the_settings_read_in_plain_words(ranked):
    rows = rows_of(ranked, SETTINGS)
    by_label = labelled(rows)
    assert by_label["Client column"][:2] == ["Client", "Wrong column? Type the header of the right one here."]
    assert by_label["80/20 column"][0] == "Revenue 2026"
    assert by_label["80/20 column"][1].endswith("Wrong column? Type the header of the right one here.")
    assert by_label["80/20 share"][0] == pytest.approx(0.8)
    assert by_label["Columns not used"][0] == "Contact email"
    assert not {"Pareto column", "Pareto target", "Score scale", "Factor"} & {v for r in rows for v in r}
    factors = next(i for i, r in enumerate(rows) if r[0] == "Factors")
    assert rows[factors][:5] == ["Factors", "Column", "Measures", "Weight", "Better when"]
    end = next(i for i, r in enumerate(rows) if i > factors and r[0] != "")  # the best-client rows name them too
    better = {r[1]: r[4] for r in rows[factors + 1:end] if r[0] == "" and r[1] != ""}
    assert (better["Client since"], better["Last order"], better["Complaints"]) == ("Earlier", "Later", "Lower")


def test_the_expert_choices_are_under_advanced_and_the_tiers_show_the_method_in_use(ranked):
    rows = rows_of(ranked, SETTINGS)
    firsts = [r[0] for r in rows]
    advanced = firsts.index("Advanced")
    assert firsts.index("Columns not used") < advanced < firsts.index("Tiers")
    assert firsts[advanced + 1:advanced + 4] == ["How values become scores", "Missing values", "Tier method"]
    assert rows[advanced + 3][1] == "Shares"
    tiers = firsts.index("Tiers")
    assert rows[tiers][:4] == ["Tiers", "Tier", "Share of clients", "Action"] and rows[tiers][4:] == [""] * (
        len(rows[tiers]) - 4)
    assert [r[1:4] for r in rows[tiers + 1:tiers + 4]] == [
        ["Ideal", 0.2, "Protect: priority response, regular check-ins"],
        ["Core", 0.3, "Serve well; look for ways to grow"],
        ["Poor", 0.5, "Serve well; quote high for special requests"]]


def test_a_date_factor_offers_earlier_or_later(ranked):
    ws = load_workbook(ranked)[SETTINGS]
    row = next(r for r in ws.iter_rows() if r[1].value == "Client since")
    offered = next(dv for dv in ws.data_validations.dataValidation if row[4].coordinate in dv.sqref)
    assert offered.formula1 == '"Later,Earlier"'
    row = next(r for r in ws.iter_rows() if r[1].value == "Hours spent")
    offered = next(dv for dv in ws.data_validations.dataValidation if row[4].coordinate in dv.sqref)
    assert offered.formula1 == '"Higher,Lower"'


def test_the_methodology_names_the_figures_plainly(ranked):
    lines = [str(r[0]) for r in rows_of(ranked, "ClientRank Methodology")]
    assert lines[1] == f"Made by Client Rank from the settings in '{SETTINGS}'."
    assert "How values become scores" in lines
    assert any("the share of clients with a lower value" in line for line in lines)
    assert any(line.startswith("Spread of Revenue 2026 (0 = all equal, 1 = one client has everything): ")
               for line in lines)
    assert any(line.startswith("Biggest vs smallest client: the largest Revenue 2026 divided by the smallest")
               for line in lines)
    assert not any(line.startswith(("Gini", "Importance ratio", "Score scale")) for line in lines)
    assert not any("percentile rank" in line or "--" in line for line in lines)


def test_the_advisors_copy_says_its_yellow_cells_move_the_ranking_at_once(ranked, tmp_path):
    copy = tmp_path / "copy.xlsx"
    code, _, err = run_cli("share", ranked, "--out", copy)
    assert code == 0, err
    rows = rows_of(copy, SETTINGS)
    assert rows[0][0] == "Client Rank settings"
    assert rows[1][0].startswith("Change the yellow cells: the Score, Rank and Tier columns of the Ranking follow at "
                                 "once. Last ranked for ")
    assert not any("Re-rank" in str(v) for r in rows for v in r)

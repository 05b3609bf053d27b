"""Never silently wrong: what was understood comes first (screen, JSON, Ranking and
Methodology sheets), each line with how to correct it; --client-column and --revenue-column do what
the settings sheet's cells do; messages name a settings cell only when that sheet exists; a date is
never the revenue column; a file whose first row is data is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import BAD_INPUTS, ROOT, SAMPLE, make_workbook, ranking_rows, run_cli
from xlclientrank.reader.headerless import header_of_data
from xlclientrank.reader.notes import Understood
from xlclientrank.report import understood as report
from xlclientrank.stored import settings as S
from xlclientrank.stored.settings_place import setting_cell

DATA = BAD_INPUTS
SETTINGS = "ClientRank Settings"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def understood_lines(out: str) -> list[str]:
    """The lines printed before 'Ranked ...'."""
    lines = out.splitlines()
    return lines[:next(i for i, line in enumerate(lines) if line.startswith("Ranked "))]


def line_of(lines: list[str], label: str) -> str:
    return next(line for line in lines if line.startswith(label + ": "))


def setting(path: Path, label: str):
    ws = load_workbook(path)[SETTINGS]
    return next(row[1].value for row in ws.iter_rows() if row[0].value == label)


def sheet_block(path: Path, sheet: str | None = None) -> tuple[int, list[str]]:
    """The row of 'What was understood' and its lines (kind in B, text in D) on ``sheet``, by default
    the first of the summary sheet and the Ranking sheet that shows them."""
    book = load_workbook(path, read_only=True)
    found = []
    for name in [sheet] if sheet else [n for n in ("ClientRank Summary", "Ranking") if n in book.sheetnames]:
        rows = [tuple(c for c in r) for r in book[name].iter_rows(values_only=True)]
        found += [(i, rows) for i, r in enumerate(rows) if len(r) > 1 and r[1] == "What was understood"][:1]
    start, rows = found[0]
    lines = []
    for r in rows[start + 1:]:
        if len(r) < 4 or not r[1]:
            break
        lines.append(f"{r[1]}: {r[3]}")
    return start, lines


# ---------------------------------------------------------------- what was understood


def test_the_first_lines_say_what_was_understood_with_how_to_correct_it(tmp_path):
    code, out, err = run_cli("rerank", SAMPLE, "--out", tmp_path / "r.xlsx")
    assert code == 0, err
    lines = understood_lines(out)
    assert lines[0].startswith("Clients: Client (150 clients")
    assert line_of(lines, "Clients").endswith('Wrong column? Run again with --client-column "Header".')
    revenue = line_of(lines, "Revenue")
    assert revenue.startswith("Revenue: Revenue 2026 (its header says Revenue)")
    assert revenue.endswith('Wrong column? Run again with --revenue-column "Header".')
    # the sample has no settings sheet yet: no line names one of its cells
    assert not any("cell" in line for line in lines)


def test_json_has_the_same_lines(tmp_path):
    code, out, err = run_cli("rerank", SAMPLE, "--out", tmp_path / "r.xlsx", "--json")
    assert code == 0, err
    s = json.loads(out)
    _, text, _ = run_cli("rerank", SAMPLE, "--out", tmp_path / "r2.xlsx")
    assert s["understood"] == understood_lines(text)
    assert s["understood"][0].startswith("Clients: ")


def test_the_summary_sheet_shows_them_and_the_ranking_points_to_it_and_the_methodology_too(tmp_path):
    out = tmp_path / "r.xlsx"
    assert run_cli("rerank", SAMPLE, "--out", out)[0] == 0
    start, lines = sheet_block(out, "ClientRank Summary")
    summary = list(load_workbook(out, read_only=True)["ClientRank Summary"].iter_rows(values_only=True))
    figures = next(i for i, r in enumerate(summary) if len(r) > 1 and r[1] == "The figures")
    assert figures < start  # under the verdict, what changed and the figures
    ws = load_workbook(out, read_only=True)["Ranking"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Client ranking"
    assert "how your data was read: sheet 'ClientRank Summary'" in rows[2][0]
    assert [line.split(":")[0] for line in lines][:1] == ["Clients"] and any(
        line.startswith("Revenue: Revenue 2026") for line in lines)
    # on a sheet the lines name the settings cell to change, never a command-line option
    assert line_of(lines, "Clients").endswith(f"Wrong column? Change cell B6 in '{SETTINGS}'.")
    assert line_of(lines, "Revenue").endswith(f"Wrong column? Change cell B9 in '{SETTINGS}'.")
    assert not any("--" in line for line in lines)
    method = [r[0] for r in load_workbook(out, read_only=True)["ClientRank Methodology"].iter_rows(values_only=True)]
    assert "What was understood" in method
    assert any(str(v).startswith("Clients: Client (150 clients") for v in method)
    head, body = ranking_rows(out)
    assert len(body) == 150


def test_a_second_run_names_only_the_options_on_the_terminal_and_gives_the_same_sheet(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src)[0] == 0
    _, first = sheet_block(src)
    code, out, err = run_cli("rerank", src)
    assert code == 0, err
    lines = understood_lines(out)
    assert line_of(lines, "Clients").endswith('Wrong column? Run again with --client-column "Header".')
    assert line_of(lines, "Revenue").endswith('Wrong column? Run again with --revenue-column "Header".')
    assert not any(SETTINGS in line for line in lines)
    assert sheet_block(src)[1] == first
    assert line_of(first, "Clients").endswith(f"Wrong column? Change cell B6 in '{SETTINGS}'.")
    assert line_of(first, "Revenue").endswith(f"Wrong column? Change cell B9 in '{SETTINGS}'.")
    method = [r[0] for r in load_workbook(src, read_only=True)["ClientRank Methodology"].iter_rows(values_only=True)]
    assert f"Clients: Client (150 clients, one per row). Wrong column? Change cell B6 in '{SETTINGS}'." in method
    assert not any("--" in str(v) for v in method)
    # the cells the sheets name are where those settings are
    ws = load_workbook(src)[SETTINGS]
    assert (ws["A6"].value, ws["B6"].value) == ("Client column", "Client")
    assert (ws["A9"].value, ws["B9"].value) == ("80/20 column", "Revenue 2026")
    assert (setting_cell("client_column"), setting_cell("pareto_column")) == ("B6", "B9")


def test_order_lines_say_how_clients_rows_and_orders_were_understood(tmp_path):
    code, out, err = run_cli("rerank", DATA / "23_order_lines.xlsx", "--out", tmp_path / "r.xlsx")
    assert code == 0, err
    lines = understood_lines(out)
    clients = line_of(lines, "Clients")
    assert clients.startswith("Clients: Customer") and "37 clients from 400 order lines" in clients
    assert "Order lines, added up per client" in line_of(lines, "Rows")
    assert "'Rows are'" in line_of(lines, "Rows")
    assert line_of(lines, "Revenue").startswith("Revenue: Amount added up per client")
    assert "(its header says Amount)" in line_of(lines, "Revenue")
    assert line_of(lines, "Orders").startswith("Orders: distinct Invoice no")


def test_order_lines_name_the_columns_the_ranking_used_even_when_they_start_blank(tmp_path):
    """The Revenue and Orders lines name the columns the lines were added up by, also when those
    columns are blank on the first few hundred lines (the reader looks at every line; the lines of
    what was understood are made from what it did, not from a second look at the first rows)."""
    rows = [["Customer", "Date", "Due", "Revenue", "Amount"]]
    for i in range(400):
        late = i >= 250  # Date and Revenue are filled only from line 252 of the sheet on
        rows.append([f"Client {i % 12}", dt.datetime(2024, 1, 1) + dt.timedelta(days=i % 90) if late else None,
                     dt.datetime(2024, 2, 1) + dt.timedelta(days=i % 30), 100.0 + i if late else None, 1.0 + i % 7])
    book = make_workbook(tmp_path / "late.xlsx", rows)
    code, out, err = run_cli("rerank", book, "--out", tmp_path / "r.xlsx", "--json")
    assert code == 0, err
    summary = json.loads(out)
    lines = summary["understood"]
    assert line_of(lines, "Revenue").startswith("Revenue: Revenue added up per client")
    assert line_of(lines, "Orders").startswith("Orders: distinct dates in Date")
    code, _, err = run_cli("rerank", book, "--out", tmp_path / "r2.xlsx", "--revenue-column", "Revenue")
    assert code == 0, err


def test_rows_left_out_are_a_line(tmp_path):
    code, out, err = run_cli("rerank", DATA / "14b_rows_without_name.xlsx", "--out", tmp_path / "r.xlsx")
    assert code == 0, err
    left = line_of(understood_lines(out), "Left out")
    assert "without a client name" in left and "8, 14" in left
    code, out, err = run_cli("rerank", DATA / "12_totals_rows.xlsx", "--out", tmp_path / "t.xlsx")
    assert "totals" in line_of(understood_lines(out), "Left out")


def test_quiet_prints_nothing(tmp_path):
    assert run_cli("rerank", SAMPLE, "--out", tmp_path / "r.xlsx", "--quiet")[1] == ""


def test_the_readers_lines_win_and_every_line_ends_with_its_fix():
    got = report.understood(
        [Understood("Clients",
                    "Email (313 clients from 1,203 order lines; 12 without e-mail grouped by Billing Name)."),
         Understood("Revenue", "Total minus Refunded Amount.")],
        [Understood("Clients", "Name (300 clients)."), Understood("Revenue", "Revenue (its header says revenue)."),
         Understood("Left out", "2 rows.")],
        {"Clients": "change with --client-column", "Revenue": "change with --revenue-column",
         "Left out": "the rows are listed under Data notes"})
    assert got == [
        "Clients: Email (313 clients from 1,203 order lines; 12 without e-mail grouped by Billing Name). "
        "Change with --client-column.",
        "Revenue: Total minus Refunded Amount. Change with --revenue-column.",
        "Left out: 2 rows. The rows are listed under Data notes.",
    ]
    # another 80/20 column than the reader's revenue is said as well
    got = report.understood([Understood("Revenue", "Total minus Refunded Amount.")],
                            [Understood("Revenue", "Gross profit (given).")],
                            {"80/20": "change with --revenue-column"}, pareto_label=True)
    assert got[-1] == "80/20: Gross profit (given). Change with --revenue-column."


def test_the_sheets_name_a_settings_cell_and_the_terminal_an_option():
    sheet, terminal = report.fixes("sheet"), report.fixes("terminal", sheet_exists=True)
    assert sheet["Clients"] == f"Wrong column? Change cell B6 in '{SETTINGS}'"
    assert sheet["Revenue"] == sheet["80/20"] == f"Wrong column? Change cell B9 in '{SETTINGS}'"
    assert terminal["Clients"] == 'Wrong column? Run again with --client-column "Header"'
    assert terminal["Revenue"] == terminal["80/20"] == 'Wrong column? Run again with --revenue-column "Header"'
    assert not any("--" in fix for fix in sheet.values())
    assert set(sheet) == set(terminal)
    # without a settings sheet yet, the terminal names none of its cells
    assert not any("cell" in fix for fix in report.fixes("terminal", sheet_exists=False).values())


# ---------------------------------------------------------------- --client-column and --revenue-column


def two_name_columns(path: Path) -> Path:
    rows = [["Client", "Trading name", "Revenue", "Orders"]]
    rows += [[f"Company {i} Holdings", f"Shop {i}", 100.0 * (i + 1), i % 4 + 1] for i in range(12)]
    return make_workbook(path, rows)


def test_client_column_option_is_used_kept_and_beaten_by_the_next_option(tmp_path):
    src = two_name_columns(tmp_path / "c.xlsx")
    code, out, err = run_cli("rerank", src, "--client-column", "trading NAME")  # any case
    assert code == 0, err
    assert line_of(understood_lines(out), "Clients").startswith("Clients: Trading name")
    assert {r[1] for r in ranking_rows(src)[1]} == {f"Shop {i}" for i in range(12)}
    assert setting(src, "Client column") == "Trading name"
    code, out, err = run_cli("rerank", src)  # the settings sheet keeps it
    assert code == 0, err
    assert {r[1] for r in ranking_rows(src)[1]} == {f"Shop {i}" for i in range(12)}
    code, out, err = run_cli("rerank", src, "--client-column", "Client")  # the option wins over the sheet
    assert code == 0, err
    assert {r[1] for r in ranking_rows(src)[1]} == {f"Company {i} Holdings" for i in range(12)}
    assert setting(src, "Client column") == "Client"


def test_revenue_column_option_is_the_pareto_column_and_is_kept(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    code, out, err = run_cli("rerank", src, "--revenue-column", "gross profit", "--json")
    assert code == 0, err
    s = json.loads(out)
    assert s["pareto"]["column"] == "Gross profit"
    assert "Revenue: Gross profit (given with --revenue-column)" in s["understood"][1]
    assert setting(src, "80/20 column") == "Gross profit"
    code, out, err = run_cli("rerank", src, "--json")
    assert json.loads(out)["pareto"]["column"] == "Gross profit"
    head, _ = ranking_rows(src)
    assert "Gross profit" in head[:7] and "In the 80 % group of Gross profit" in head


@pytest.mark.parametrize("option", ["--client-column", "--revenue-column"])
def test_a_header_that_does_not_exist_is_refused_with_the_headers_found(tmp_path, option):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    before = sha(src)
    code, out, err = run_cli("rerank", src, option, "Turnover 2031")
    assert code == 5 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"{option}: there is no column 'Turnover 2031' in sheet 'Clients'; the headers found are:" in err
    assert "'Revenue 2026'" in err and SETTINGS not in err
    assert sha(src) == before


def test_client_column_of_dates_is_refused(tmp_path):
    code, out, err = run_cli("rerank", SAMPLE, "--out", tmp_path / "r.xlsx", "--client-column", "Client since")
    assert code == 5 and len(err.strip().splitlines()) == 1
    assert "--client-column: the column 'Client since' holds dates, not client names" in err and "'Client'" in err


def test_a_client_column_the_reader_groups_by_is_kept_in_the_settings(tmp_path):
    out = tmp_path / "r.xlsx"
    code, text, err = run_cli("rerank", SAMPLE, "--out", out, "--client-column", "Contact email")
    assert code == 0, err
    assert line_of(understood_lines(text), "Clients").startswith("Clients: Contact email")
    assert setting(out, "Client column") == "Contact email"
    code, text, err = run_cli("rerank", out)
    assert code == 0, err
    assert line_of(understood_lines(text), "Clients").startswith("Clients: Contact email")


def test_share_takes_the_options_and_leaves_the_workbook(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    before = sha(src)
    out = tmp_path / "copy.xlsx"
    code, text, err = run_cli("share", src, "--revenue-column", "Gross profit", "--out", out)
    assert code == 0, err
    assert text.splitlines()[0].startswith("Clients: ") and "Gross profit" in text
    assert setting(out, "80/20 column") == "Gross profit"
    assert sha(src) == before


def test_help_explains_the_options(capsys):
    code, _, _ = run_cli("rerank", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "--client-column HEADER" in text and "'Client column'" in text
    assert "--revenue-column HEADER" in text and "80/20" in text and "'80/20 column'" in text
    run_cli("share", "--help")
    assert "--revenue-column" in capsys.readouterr().out


# ---------------------------------------------------------------- a date is not revenue; where messages point


def test_a_date_column_before_the_amount_is_never_the_revenue_column(tmp_path):
    src = tmp_path / "umsatz.csv"
    src.write_text("Datum;Kunde;Kennzahl\n03.01.2026;Müller GmbH;1.200,50\n15.01.2026;Schmidt AG;800,00\n"
                   "02.02.2026;Weber KG;2.350,00\n10.02.2026;Fischer OHG;450,75\n", encoding="utf-8")
    code, out, err = run_cli("rerank", src, "--json")
    assert code == 0, err
    s = json.loads(out)
    assert s["pareto"]["column"] == "Kennzahl" and s["pareto"]["total"] == pytest.approx(4801.25)
    assert {f["column"]: f["weight"] for f in s["factors"]}["Datum"] == 0


def test_the_german_example_of_the_issue_ranks(tmp_path):
    src = tmp_path / "kunden.csv"
    src.write_text("Datum;Kunde;Betrag\n03.01.2026;Müller GmbH;1.200,50\n15.01.2026;Schmidt AG;800,00\n"
                   "02.02.2026;Weber KG;2.350,00\n", encoding="utf-8")
    code, out, err = run_cli("rerank", src)
    assert code == 0, err
    assert line_of(understood_lines(out), "Revenue").startswith("Revenue: Betrag")


def test_infer_never_picks_a_date_and_leaves_dates_out_of_equal_weights():
    cols = [S.ColumnInfo("Datum", "date"), S.ColumnInfo("Kunde", "text"), S.ColumnInfo("Punkte", "number")]
    s, notes = S.infer("Tabelle1", cols, "Kunde")
    assert s.pareto_column == "Punkte" and s.pareto_reason
    assert {f.column: f.weight for f in s.factors} == {"Datum": 0.0, "Punkte": 1.0}
    assert "'Datum'" in notes[0]
    only_dates = [S.ColumnInfo("Kunde", "text"), S.ColumnInfo("Datum", "date")]
    s, _ = S.infer("Tabelle1", only_dates, "Kunde")
    assert s.pareto_column is None and [f.weight for f in s.factors] == [1.0]


def test_a_date_as_revenue_names_the_option_when_there_is_no_settings_sheet(tmp_path):
    src = tmp_path / "umsatz.csv"
    src.write_text("Datum;Kunde;Kennzahl\n03.01.2026;Müller GmbH;1.200,50\n15.01.2026;Schmidt AG;800,00\n",
                   encoding="utf-8")
    code, out, err = run_cli("rerank", src, "--revenue-column", "Datum")
    assert code == 5
    assert "--revenue-column: the column 'Datum' holds dates, not amounts" in err and "'Kennzahl'" in err
    assert SETTINGS not in err and not (tmp_path / "umsatz.xlsx").exists()


def test_a_date_as_pareto_column_in_the_settings_names_that_cell(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src)[0] == 0
    wb = load_workbook(src)
    assert wb[SETTINGS]["A9"].value == "80/20 column"
    wb[SETTINGS]["B9"] = "Client since"
    wb.save(src)
    code, out, err = run_cli("rerank", src)
    assert code == 5
    assert f"sheet '{SETTINGS}', cell B9: the 80/20 column 'Client since' holds dates, not amounts" in err


def test_the_automatic_choice_is_never_blamed_on_a_settings_sheet(tmp_path):
    import pandas as pd

    from xlclientrank.errors import SettingsError
    from xlclientrank.jobs.load import check_pareto_column
    from xlclientrank.reader import ClientTable
    table = ClientTable(file="x.csv", sheet="x", header_row=1,
                        columns=[S.ColumnInfo("Kunde", "text"), S.ColumnInfo("Datum", "date")],
                        client_column="Kunde", frame=pd.DataFrame({"Kunde": ["A"], "Datum": [1.0]}), excel_rows=None)
    s = S.Settings(client_sheet="x", client_column="Kunde", factors=[], pareto_column="Datum")
    with pytest.raises(SettingsError) as e:
        check_pareto_column(s, table, {}, Path("x.csv"), "auto")
    assert e.value.sheet is None and SETTINGS not in str(e.value) and "--revenue-column" in str(e.value)


# ---------------------------------------------------------------- a file without a header row


def test_a_csv_without_a_header_line_is_refused_with_the_fix(tmp_path):
    src = tmp_path / "clients.csv"
    src.write_text("Acme Ltd,1200,5\nBeta Co,800,3\nGamma Inc,450,2\nDelta LLC,3000,9\n", encoding="utf-8")
    code, out, err = run_cli("rerank", src)
    assert code == 4 and out == "" and len(err.strip().splitlines()) == 1
    assert "line 1 is 'Acme Ltd, 1200, 5'" in err and "no header line" in err
    assert "such as Client,Revenue,Orders" in err
    assert not (tmp_path / "clients.xlsx").exists()


def test_a_workbook_without_a_header_row_is_refused_with_the_fix(tmp_path):
    src = make_workbook(tmp_path / "c.xlsx", [["Acme Ltd", 1200, 5], ["Beta Co", 800, 3], ["Gamma Inc", 450, 2],
                                              ["Delta LLC", 3000, 9]])
    before = sha(src)
    code, out, err = run_cli("rerank", src)
    assert code == 4 and "sheet 'Clients': row 1 holds 'Acme Ltd, 1200, 5'" in err
    assert "no header row" in err and "such as Client, Revenue, Orders" in err
    assert sha(src) == before
    # text numbers in the first row (as a program may export them)
    src = make_workbook(tmp_path / "t.xlsx", [["Acme Ltd", "Bristol", "1200"], ["Beta Co", "Leeds", 800],
                                              ["Gamma Inc", "York", 450]])
    code, out, err = run_cli("rerank", src)
    assert code == 4 and "row 1 holds 'Acme Ltd, Bristol, 1200'" in err


def test_years_as_headers_and_real_headers_are_not_data(tmp_path):
    src = make_workbook(tmp_path / "y.xlsx", [["Client", "2025", "2026"]] + [[f"C{i}", 10.0 * i, 12.0 * i]
                                                                         for i in range(1, 9)])
    code, out, err = run_cli("rerank", src, "--out", tmp_path / "r.xlsx")
    assert code == 0, err
    below = [["Acme", 1200, 5], ["Beta", 800, 3]]
    assert not header_of_data(["Client", "Revenue", "Orders"], below)
    assert not header_of_data([None, 2025, 2026], [[None, 10, 12], [None, 11, 13]])
    assert not header_of_data(["Client", 1, 2, 3], [["A", 5, 6, 7]])  # week numbers under a named client column
    assert header_of_data(["Acme Ltd", "1200", "5"], below)
    assert header_of_data(["03.01.2026", "Müller GmbH", "1.200,50"], [["15.01.2026", "Schmidt AG", "800,00"]])


def test_the_readme_example_is_what_a_second_run_of_the_sample_prints(tmp_path):
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"\*\*What was understood comes first\.\*\*.*?```text\n(.*?)```", text, flags=re.S)
    src = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src)[0] == 0
    code, out, err = run_cli("rerank", src)
    assert code == 0, err
    assert understood_lines(out) == example.group(1).strip().splitlines()


def test_a_sheet_that_does_not_exist_is_still_the_message(tmp_path):
    src = make_workbook(tmp_path / "c.xlsx", [["Acme Ltd", 1200, 5], ["Beta Co", 800, 3]])
    code, out, err = run_cli("rerank", src, "--sheet", "Customers")
    assert code == 4 and "there is no sheet 'Customers'" in err

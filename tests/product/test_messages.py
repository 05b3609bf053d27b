"""The owner's mistakes get one line that says what is really there and how to fix it: a list with
clients but no numbers, a header with nothing under it, one of our own sheets named as the client
list, and the rows left out counted in good English. Exact texts, written out here, never read
back from the code."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.helpers import BAD_INPUTS, make_workbook, run_cli


def refused(path, tmp_path, *extra):
    """The one line of a refusal (without the leading 'xlclientrank: <file>: '), its exit code checked."""
    out = tmp_path / "ranked.xlsx"
    code, stdout, stderr = run_cli("rerank", path, "--out", out, *extra)
    assert "Traceback" not in stdout + stderr
    lines = stderr.strip("\n").splitlines()
    assert len(lines) == 1, stderr
    assert not out.exists()
    prefix = f"xlclientrank: {path}: "
    assert lines[0].startswith(prefix), lines[0]
    return code, lines[0][len(prefix):]


def clients_without_numbers(tmp_path, **extra_sheets):
    rows = [["Client", "City", "Phone"]] + [[f"Client {i}", "Leeds", f"0113 555 {i:04d}"] for i in range(1, 13)]
    return make_workbook(tmp_path / "clients.xlsx", rows, **extra_sheets)


def test_a_list_of_clients_without_numbers_says_how_many_clients_on_which_rows_and_what_to_add(tmp_path):
    code, msg = refused(clients_without_numbers(tmp_path), tmp_path)
    assert code == 4
    assert msg == ("sheet 'Clients' has 12 clients (rows 2-13) but no column of numbers to rank them on (columns: "
                   "Client, City, Phone). Add a column such as Sales, Orders or Hours and run again.")


def test_the_same_list_beside_a_sheet_of_notes_names_the_sheet_once(tmp_path):
    path = clients_without_numbers(tmp_path, Notes=[["Call", "Thursday"], ["Ask", "about prices"]])
    code, msg = refused(path, tmp_path)
    assert code == 4
    assert msg.startswith("sheet 'Clients' has 12 clients (rows 2-13) but no column of numbers")
    assert msg.count("'Clients'") == 1


def test_a_list_with_a_title_above_it_counts_the_rows_of_the_sheet(tmp_path):
    rows = [["Our customers 2025"], [], ["Client", "Email"], ["Ann's Bakery", "ann@bakery.example"],
            ["Bob's Garage", "bob@garage.example"]]
    code, msg = refused(make_workbook(tmp_path / "list.xlsx", rows), tmp_path)
    assert (code, msg) == (4, "sheet 'Clients' has 2 clients (rows 4-5) but no column of numbers to rank them on "
                              "(columns: Client, Email). Add a column such as Sales, Orders or Hours and run again.")


def test_one_client_is_said_in_the_singular(tmp_path):
    path = make_workbook(tmp_path / "one.xlsx", [["Client", "Town"], ["Ann's Bakery", "York"]])
    code, msg = refused(path, tmp_path)
    assert msg.startswith("sheet 'Clients' has 1 client (row 2) but no column of numbers")


def test_rows_under_headers_no_one_recognises_are_counted_as_rows(tmp_path):
    rows = [["Kunde", "Stadt"], ["Bäckerei Lang", "Ulm"], ["Autohaus Roth", "Bonn"], ["Hotel Sonne", "Kiel"]]
    code, msg = refused(make_workbook(tmp_path / "kunden.xlsx", rows, sheet="Kunden"), tmp_path)
    assert code == 4
    assert msg.startswith("sheet 'Kunden' has ")
    assert "but no column of numbers to rank them on (columns: Kunde, Stadt). Add a column such as Sales, " \
           "Orders or Hours and run again." in msg


def test_a_sales_column_left_empty_is_named(tmp_path):
    rows = [["Client", "Sales"], ["Ann's Bakery", None], ["Bob's Garage", None], ["Cy's Cafe", None]]
    code, msg = refused(make_workbook(tmp_path / "empty.xlsx", rows), tmp_path)
    assert (code, msg) == (4, "sheet 'Clients' has 3 clients (rows 2-4) and a column 'Sales', but it is empty on "
                              "every row, so there is nothing to rank them on. Type each client's Sales as a number "
                              "and run again.")


def test_a_sales_column_of_words_quotes_them(tmp_path):
    rows = [["Client", "Sales"], ["Ann's Bakery", "n/a"], ["Bob's Garage", "tbc"], ["Cy's Cafe", "n/a"]]
    code, msg = refused(make_workbook(tmp_path / "words.xlsx", rows), tmp_path)
    assert (code, msg) == (4, "sheet 'Clients' has 3 clients (rows 2-4) and a column 'Sales', but it holds text "
                              "such as 'n/a', 'tbc', so there is nothing to rank them on. Type each client's Sales "
                              "as a number and run again.")


def test_a_header_with_nothing_under_it_says_so_with_its_row(tmp_path):
    path = make_workbook(tmp_path / "header.xlsx", [["Client", "Sales", "Orders"]])
    code, msg = refused(path, tmp_path)
    assert (code, msg) == (4, "sheet 'Clients' has a header row (row 1: Client, Sales, Orders) but no clients below "
                              "it. Type your clients under the header, one per row, with a column of numbers such "
                              "as Sales, and run again")


def test_a_csv_list_of_clients_is_told_to_export_sales_instead(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("Organization,Email\nBlue Cafe,desk@bluecafe.example\nGreen Gym,hi@greengym.example\n",
                    encoding="utf-8")
    code, msg = refused(path, tmp_path)
    assert (code, msg) == (4, "this file has 2 clients (rows 2-3) with names and e-mail addresses but no column of "
                              "numbers to rank them on (columns: Organization, Email). A list of clients alone has "
                              "nothing to rank: export your invoices, orders or payments instead and rank that file "
                              "(or add a column such as Sales, Orders or Hours)")


def ranked_workbook(tmp_path, **extra_sheets):
    rows = [["Client", "Sales"]] + [[f"Client {i}", 100 * i] for i in range(1, 7)]
    path = make_workbook(tmp_path / "book.xlsx", rows, **extra_sheets)
    code, _, err = run_cli("rerank", path, "--quiet")
    assert code == 0, err
    return path


def test_naming_our_own_ranking_sheet_names_the_owners_sheet_instead(tmp_path):
    path = ranked_workbook(tmp_path)
    for ours in ("Ranking", "ClientRank Settings", "rank history"):
        code, msg = refused(path, tmp_path, "--sheet", ours)
        spelled = {"rank history": "Rank History"}.get(ours, ours)
        assert (code, msg) == (4, f"'{spelled}' is the sheet Client Rank writes; name your client sheet instead: "
                                  "--sheet Clients")


def test_with_several_sheets_of_the_owner_the_one_with_numbers_is_offered_and_all_are_listed(tmp_path):
    path = ranked_workbook(tmp_path, **{"To do": [["Task", "When"], ["Call Ann", "Monday"]]})
    code, msg = refused(path, tmp_path, "--sheet", "Ranking")
    assert (code, msg) == (4, "'Ranking' is the sheet Client Rank writes; name your client sheet instead: "
                              "--sheet Clients (your sheets: 'Clients', 'To do')")


def test_rows_left_out_are_counted_in_the_singular_and_the_plural(tmp_path):
    one = make_workbook(tmp_path / "one.xlsx", [["Client", "Sales"], ["Ann", 100], ["Bob", 200], ["Cy", 300],
                                                ["Total", 600]])
    code, out, err = run_cli("rerank", one, "--out", tmp_path / "one-ranked.xlsx")
    assert code == 0, err
    assert "Left out: 1 row that is a total (row 5). The rows are listed under Data notes." in out.splitlines()
    assert "xlclientrank: note: 1 row skipped: totals row (row 5)." in err.splitlines()
    two = make_workbook(tmp_path / "two.xlsx", [["Client", "Sales"], ["Ann", 100], ["Bob", 200], ["Total", 300],
                                                ["Cy", 300], ["Dee", 50], ["Total", 350], [None, 40]])
    code, out, err = run_cli("rerank", two, "--out", tmp_path / "two-ranked.xlsx")
    assert code == 0, err
    assert ("Left out: 1 row without a client name (row 8); 2 rows that are totals (rows 4, 7). The rows are listed "
            "under Data notes.") in out.splitlines(), out
    assert "xlclientrank: note: 2 rows skipped: totals row (rows 4, 7)." in err.splitlines()


# ---------------------------------------------------------------- files from other programs


def not_a_workbook(path):
    """The one line for a file that is no .xlsx (exit code 3), without 'xlclientrank: <file>: '."""
    code, stdout, stderr = run_cli("rerank", path)
    assert code == 3 and "Traceback" not in stdout + stderr
    prefix = f"xlclientrank: {path}: "
    assert stderr.startswith(prefix) and stderr.count("\n") == 1, stderr
    return stderr[len(prefix):].rstrip("\n")


@pytest.mark.parametrize("name,said", [
    ("31_libreoffice.ods", "is an OpenDocument spreadsheet (.ods), not an Excel workbook; open it in LibreOffice (or "
                           "OpenOffice), choose File, Save As and the file type Excel 2007-365 (.xlsx), then rank the "
                           ".xlsx file"),
    ("31b_excel97.xls", "is an old Excel 97-2003 (.xls) workbook, not an .xlsx; open it in Excel, choose File, Save As "
                        "and the type Excel Workbook (.xlsx), then rank the .xlsx file (in LibreOffice: File, Save As, "
                        "Excel 2007-365 (.xlsx))"),
], ids=["ods told how LibreOffice saves it", "xls told how Excel saves it"])
def test_a_file_of_another_program_is_told_how_that_program_saves_it_as_xlsx(tmp_path, name, said):
    path = tmp_path / ("clients" + Path(name).suffix)
    shutil.copyfile(BAD_INPUTS / name, path)
    assert not_a_workbook(path) == said


NUMBERS_ADVICE = ("is an Apple Numbers spreadsheet, not an Excel workbook; open it in Numbers, choose File, Export To, "
                  "Excel, then rank the .xlsx file Numbers writes")


def test_a_numbers_file_is_told_how_numbers_exports_to_excel(tmp_path):
    path = tmp_path / "clients.numbers"
    with zipfile.ZipFile(path, "w") as z:  # a Numbers document as one file: a zip of .iwa parts
        z.writestr("Index/Document.iwa", b"\x00\x01")
        z.writestr("Metadata/Properties.plist", b"<plist/>")
    assert not_a_workbook(path) == NUMBERS_ADVICE


def test_a_numbers_document_kept_as_a_folder_gets_the_same_advice(tmp_path):
    path = tmp_path / "clients.numbers"
    (path / "Index").mkdir(parents=True)
    (path / "Index" / "Document.iwa").write_bytes(b"\x00\x01")
    assert not_a_workbook(path) == NUMBERS_ADVICE
    folder = tmp_path / "exports"
    folder.mkdir()
    assert not_a_workbook(folder) == ("is a folder, not a workbook file; give the name of the workbook file in it, "
                                      "such as clients.xlsx")


# ---------------------------------------------------------------- --date in the owner's own forms


def test_date_accepts_the_forms_owners_write(tmp_path):
    from openpyxl import load_workbook

    path = ranked_workbook(tmp_path)
    # each later than the one before: a date before the last ranking is refused
    for typed, iso in (("2099-01-31", "2099-01-31"), ("28.02.2099", "2099-02-28"), ("31/03/2099", "2099-03-31"),
                       ("04/30/2099", "2099-04-30"), ("31 May 2099", "2099-05-31"), ("Jun 30, 2099", "2099-06-30"),
                       ("31-07-2099", "2099-07-31")):
        code, _, err = run_cli("rerank", path, "--date", typed, "--quiet")
        assert code == 0, (typed, err)
        said = load_workbook(path, read_only=True)["ClientRank Settings"]["A2"].value
        assert f"Last ranked for {iso}." in said, (typed, said)


def test_a_date_that_reads_two_ways_is_refused_with_both_readings(tmp_path):
    code, out, err = run_cli("rerank", ranked_workbook(tmp_path), "--date", "03/04/2025")
    assert (code, out) == (2, "")
    assert err == ("xlclientrank: --date '03/04/2025' could be 3 April 2025 or 4 March 2025. Did you mean 2025-04-03 "
                   "or 2025-03-04? Write it as YYYY-MM-DD.\n")


def test_a_date_that_is_no_date_gets_one_line_and_no_usage_text(tmp_path, capsys):
    path = ranked_workbook(tmp_path)
    before = path.read_bytes()
    for typed in ("soon", "31.13.2025", "2025-02-30"):
        code, out, err = run_cli("rerank", path, "--date", typed)
        assert (code, out) == (2, "")
        assert err == f"xlclientrank: --date '{typed}' is not a date: write it as YYYY-MM-DD, e.g. 2026-12-31\n"
    assert capsys.readouterr().err == ""  # argparse printed nothing
    assert path.read_bytes() == before


# ---------------------------------------------------------------- help


COMMANDS = ("rerank", "share", "quickstart", "install", "uninstall", "doctor", "selftest")


def test_the_help_lists_every_command_on_one_line(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    code, _, _ = run_cli("--help")  # argparse prints the help on the real stdout
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    for command in COMMANDS:
        line = next(line for line in lines if line.strip().split(" ")[0] == command)
        assert len(line.split()) > 3, line  # its help beside it, not on the next line
    assert {
        "    install       add Client Rank's tab and cell formulas to Excel",
        "    uninstall     remove Client Rank's add-in from Excel",
        "    quickstart    write the template and a sample client list into a folder",
    } <= set(lines)


def test_every_command_has_a_description_and_an_example(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "200")

    def help_of(command):
        code, _, _ = run_cli(command, "--help")
        out, err = capsys.readouterr()
        assert code == 0 and err == ""
        return out

    for command in COMMANDS:
        out = help_of(command)
        parts = out.split("\n\n")
        assert parts[0].startswith(f"usage: xlclientrank {command}")
        assert len(parts[1]) > 40 and not parts[1].startswith(("options:", "positional")), (command, parts[1])
        assert parts[-1].startswith(("Example: xlclientrank ", "Examples: xlclientrank ")), (command, parts[-1])
    assert help_of("install").endswith("\n\nExample: xlclientrank install (then restart Excel)\n")
    out = help_of("uninstall")
    assert "Removes the Client Rank add-in and the settings that install wrote. Your workbooks and their Ranking " \
           "sheets stay as they are." in out

"""A list of clients keeps its text columns in the client table (as trimmed text, "" where blank), in the
clients' order; order lines, added up per client, do not."""

from __future__ import annotations

from tests.helpers import client_table, make_workbook
from xlclientrank.reader import Workbook, read_client_table


def test_text_columns_are_kept_beside_the_names(tmp_path):
    rows = [["Client", "Industry", "Revenue", "Notes"],
            ["Acme", "Retail", 100, None],
            ["Bluebell", " Dental ", 200, "Pays late"],
            ["Corvid", None, 300, "Good"]]
    t = client_table(make_workbook(tmp_path / "b.xlsx", rows))
    assert t.frame["Client"].tolist() == ["Acme", "Bluebell", "Corvid"]
    assert t.frame["Industry"].tolist() == ["Retail", "Dental", ""]  # trimmed
    assert t.frame["Notes"].tolist() == ["", "Pays late", "Good"]
    assert t.column("Industry").kind == "text"


def test_combined_names_keep_the_first_rows_text(tmp_path):
    rows = [["Client", "Industry", "Revenue"], ["Acme", "Retail", 100], ["Bluebell", "Dental", 200],
            ["acme", "Legal", 50]]
    t = read_client_table(Workbook(make_workbook(tmp_path / "b.xlsx", rows)), duplicates="combine")
    got = dict(zip(t.frame["Client"], zip(t.frame["Industry"], t.frame["Revenue"])))
    assert got == {"Acme": ("Retail", 150.0), "Bluebell": ("Dental", 200.0)}

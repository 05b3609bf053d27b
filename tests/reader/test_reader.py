"""Reading real spreadsheets: value cleaning, table finding, order lines, CSV."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections import defaultdict

import numpy as np
import pytest
import xlsxwriter
from openpyxl import load_workbook

from tests.helpers import ranking_rows, run_cli
from xlclientrank.reader import cells


@pytest.mark.parametrize("text,comma,want", [
    ("$1,234.50", False, 1234.5), ("(1,200)", False, -1200.0), ("1,200-", False, -1200.0), ("12%", False, 0.12),
    ("1.234,50 €", True, 1234.5), ("€ 1.234", True, 1234.0), ("USD 99", False, 99.0), ("-£5.25", False, -5.25),
    ("1 234,5", True, 1234.5), ("1234.5", False, 1234.5), ("abc", False, None), ("12 apples", False, None),
    ("1.2.3", False, None), ("", False, None),
])
def test_parse_number(text, comma, want):
    assert cells.parse_number(text, comma) == want


def test_column_convention_is_decided_by_its_own_values():
    assert cells.uses_decimal_comma(["1.234,50", "12,5"]) is True
    assert cells.uses_decimal_comma(["$1,234.50", "1,200,000"]) is False
    assert cells.uses_decimal_comma(["1,234"]) is False  # says nothing: thousands by default


def test_dates_typed_as_text_follow_the_columns_day_month_order():
    c = cells.clean(["03/04/2024", "25/04/2024"], date_header=True)
    assert c.kind == "date" and c.day_first is True
    assert cells.serial_to_date(c.values[0]) == dt.date(2024, 4, 3)
    c = cells.clean(["04/25/2024", "03/04/2024"], date_header=True)
    assert c.day_first is False and cells.serial_to_date(c.values[1]) == dt.date(2024, 3, 4)


def test_a_names_column_stays_text():
    c = cells.clean(["3M", "Acme", "Bob's", "1-800 Flowers", "42"])
    assert c.kind == "text"


def order_lines_workbook(path, n_clients=120, n_lines=2000, seed=7):
    """An export from a sales system: one Excel Table, a client ID and a name that varies in case."""
    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("Export")
    ws.write_string(0, 0, "Sales export 2026")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    clients = [(f"C{1000 + i}", f"Customer {i:03d} Ltd") for i in range(n_clients)]
    lines = []
    for k in range(n_lines):
        cid, name = clients[k % n_clients] if k < n_clients else rnd.choice(clients)
        shown = name.upper() if rnd.random() < 0.1 else name
        amount = round(rnd.lognormvariate(5, 1.2), 2) * (-1 if rnd.random() < 0.03 else 1)
        day = dt.datetime(2025, 1, 1) + dt.timedelta(days=rnd.randrange(600))
        lines.append([day, f"INV-{k // 2:05d}", cid, shown, amount, round(abs(amount) * 0.6, 2)])
    ws.add_table(2, 0, 2 + n_lines, 5, {"name": "Sales", "columns": [
        {"header": "Invoice date", "format": date}, {"header": "Invoice no"}, {"header": "Customer ID"},
        {"header": "Customer"}, {"header": "Amount"}, {"header": "Cost"}], "data": lines})
    wb.close()
    return lines


def test_order_lines_aggregate_to_clients_and_match_an_independent_pareto(tmp_path):
    src = tmp_path / "export.xlsx"
    lines = order_lines_workbook(src)
    code, out, err = run_cli("rerank", src, "--out", tmp_path / "r.xlsx", "--json")
    assert code == 0, err
    s = json.loads(out)
    revenue = defaultdict(float)
    for _, _, cid, _, amount, _ in lines:
        revenue[cid] += amount
    assert s["clients"] == len(revenue) == 120
    assert any("aggregated 2,000 rows into 120 clients" in w for w in s["warnings"])
    assert any("refunds" in w for w in s["warnings"])
    v = sorted(revenue.values(), reverse=True)
    total = sum(v)
    # the first client at which the running total reaches 80% of the whole, counted from 1
    count = next(i for i, run in enumerate(itertools.accumulate(v), 1) if run >= 0.8 * total - 1e-9)
    x = v[count - 1]
    assert s["pareto"]["column"] == "Revenue"
    assert (s["pareto"]["count"], s["pareto"]["cutoff"]) == (count, pytest.approx(x))
    head, body = ranking_rows(tmp_path / "r.xlsx")
    assert {"Revenue", "Gross profit", "Orders", "Client since", "Last order"} <= set(head)
    names = [r[1] for r in body]
    assert all(n.startswith("Customer ") and n.endswith(" Ltd") for n in names)  # the usual spelling wins


def test_csv_with_semicolons_and_comma_decimals(tmp_path):
    src = tmp_path / "clients.csv"
    src.write_bytes("\ufeffKlant;Omzet;Orders\nBakkerij Jansen;1.234,50;4\nGarage Pietersen;99,95;1\n"
                    "Café Noord;12.000,00;20\n".encode("utf-8"))
    code, out, err = run_cli("rerank", src, "--json")
    assert code == 0, err
    s = json.loads(out)
    assert s["output"].endswith("clients.xlsx") and s["clients"] == 3
    assert s["pareto"]["total"] == pytest.approx(1234.5 + 99.95 + 12000)
    # a second export next month replaces the data and keeps the settings the owner changed
    wb = load_workbook(tmp_path / "clients.xlsx")
    ws = wb["ClientRank Settings"]
    for row in ws.iter_rows():
        if row[1].value == "Orders":
            row[3].value = 7
    wb.save(tmp_path / "clients.xlsx")
    src.write_text("Klant;Omzet;Orders\nBakkerij Jansen;10,00;4\nGarage Pietersen;20,00;1\n", encoding="utf-8")
    code, out, err = run_cli("rerank", src, "--json")
    assert code == 0, err
    s = json.loads(out)
    assert s["clients"] == 2
    assert {f["column"]: f["weight"] for f in s["factors"]}["Orders"] == 7


def test_a_defined_name_over_the_client_list_is_used(tmp_path):
    src = tmp_path / "named.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["Client", "Revenue"])
    for i in range(5):
        ws.write_row(1 + i, 0, [f"Draft {i}", 100 * (i + 1)])
    ws.write_row(8, 0, ["Client", "Revenue"])
    for i in range(3):
        ws.write_row(9 + i, 0, [f"Final {i}", 10 * (i + 1)])
    wb.define_name("MyClients", "=Data!$A$9:$B$12")
    wb.close()
    code, out, err = run_cli("rerank", src, "--out", tmp_path / "r.xlsx", "--json")
    assert code == 0, err
    assert json.loads(out)["clients"] == 3
    assert "named range 'MyClients'" in err


def test_fast_and_careful_paths_agree_on_dates_and_numbers():
    days = [dt.datetime(2024, 3, 15), dt.date(2020, 2, 29), None, dt.datetime(2026, 11, 26, 12, 0)]
    fast = cells.clean(days)
    assert fast.kind == "date"
    want = [cells.date_to_serial(d) if d is not None else float("nan") for d in days]
    assert np.allclose(fast.values, want, equal_nan=True)
    mixed = cells.clean(days + ["2024-03-15"])  # a text date forces the careful path
    assert np.allclose(mixed.values[:4], want, equal_nan=True)
    assert cells.clean([1, 2.5, None]).values.tolist()[:2] == [1.0, 2.5]


def test_a_header_of_spaces_keeps_the_table_going_but_an_empty_column_still_ends_it(tmp_path):
    """A header cell of spaces (Wave writes one) is the exporter's own column; a truly empty
    column with nothing under it still parts the client list from a table beside it."""
    from tests.helpers import client_table, make_workbook

    rows = [["Client", "Revenue", " ", "Orders"]] + [[f"C{i}", 100.0 * i, None, i] for i in range(1, 8)]
    t = client_table(make_workbook(tmp_path / "spaced.xlsx", rows))
    assert "Orders" in t.frame.columns
    rows = [["Client", "Revenue", None, "Rate"]] + [[f"C{i}", 100.0 * i, None, 0.2] for i in range(1, 8)]
    t = client_table(make_workbook(tmp_path / "beside.xlsx", rows))
    assert "Rate" not in t.frame.columns

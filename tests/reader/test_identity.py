"""Who the client is (reader/identity.py): the key rows are grouped by and the name shown, each with its reason.

Every workbook here is built by the test in a temporary folder; the CDNOW order lines are read from
the ``lifetimes`` wheel on PyPI at test time (never copied into the repository).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from tests.helpers import independent_pareto, make_workbook, run_cli
from xlclientrank.errors import ClientTableError
from xlclientrank.reader import Workbook, read_client_table


def read(path: Path, **kw):
    return read_client_table(Workbook(path), **kw)


def shown(table) -> dict[str, dict]:
    """Client shown name -> its row of the client table."""
    f = table.frame
    return {r[table.client_column]: r for r in f.to_dict("records")}


# ---------------------------------------------------------------- 1. numbers as IDs

def test_a_column_of_customer_numbers_is_the_client(tmp_path):
    rows = [["Customer ID", "Order date", "Qty", "Amount"]]
    lines = [(1234, 19970101, 1, 11.77), (1234, 19970312, 2, 20.00), (88, 19970105, 1, 5.50),
             (88, 19970106, 5, 77.00), (88, 19970401, 1, 9.99), (7, 19970220, 3, 30.00)]
    rows += [list(x) for x in lines]
    t = read(make_workbook(tmp_path / "ids.xlsx", rows))
    assert t.rows_are == "order lines" and t.client_column == "Customer ID"
    got = shown(t)
    assert sorted(got) == ["Customer 1234", "Customer 7", "Customer 88"]
    assert got["Customer 88"]["Revenue"] == pytest.approx(92.49)
    # 19970105 is a date: 5 January 1997, as an Excel serial day
    assert got["Customer 88"]["Client since"] == (dt.date(1997, 1, 5) - dt.date(1899, 12, 30)).days
    assert got["Customer 88"]["Orders"] == 3
    assert any("numbers like 19970101 were read as dates" in n for n in t.notes)
    line = next(u for u in t.understood if u.startswith("Clients:"))
    assert line.startswith("Clients: Customer ID (3 clients from 6 order lines")
    assert "shown as 'Customer <number>'" in line


def test_customer_numbers_with_a_name_column_show_the_name(tmp_path):
    rows = [["Cust No", "Customer", "Invoice date", "Amount"],
            [501, "Acme Ltd", dt.datetime(2025, 1, 3), 100], [501, "ACME LTD", dt.datetime(2025, 2, 3), 50],
            [502, "Bolt & Co", dt.datetime(2025, 1, 9), 70], [502, "Bolt & Co", dt.datetime(2025, 3, 9), 30],
            [501, "Acme Ltd", dt.datetime(2025, 4, 1), 10]]
    t = read(make_workbook(tmp_path / "idname.xlsx", rows))
    assert sorted(shown(t)) == ["Acme Ltd", "Bolt & Co"]  # the spelling used most often per number
    assert shown(t)["Acme Ltd"]["Revenue"] == 160
    assert t.client_column == "Customer"


def lifetimes_wheel(cache: Path) -> Path:
    wheels = sorted(cache.glob("[Ll]ifetimes-0.11.3-*.whl"))
    if not wheels:
        try:
            p = subprocess.run([sys.executable, "-m", "pip", "download", "lifetimes==0.11.3", "--no-deps",
                                "--only-binary=:all:", "-d", str(cache), "-q"], capture_output=True, text=True,
                               timeout=180)
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"the lifetimes wheel (CDNOW data) cannot be downloaded here: {exc}")
        wheels = sorted(cache.glob("[Ll]ifetimes-0.11.3-*.whl"))
        if p.returncode != 0 or not wheels:
            pytest.skip("the lifetimes wheel (CDNOW data) cannot be downloaded here (pip download lifetimes: "
                        f"{(p.stderr.strip().splitlines() or ['no wheel'])[-1]})")
    return wheels[0]


def test_cdnow_order_lines_rank_23570_customers_with_7695_in_the_80_20_group(tmp_path, pytestconfig,
                                                                          tmp_path_factory):
    """The CDNOW master file (Fader & Hardie; shipped in lifetimes/datasets/CDNOW_master.txt): 69,659
    order lines of 23,570 customers, columns customer id, date as YYYYMMDD, number of CDs, dollar
    value. The accepted figure is the 80/20 count 7,695, recomputed here independently."""
    cache = getattr(pytestconfig, "cache", None)  # kept between runs when pytest's cache is on
    wheel = lifetimes_wheel(Path(cache.mkdir("lifetimes-wheel")) if cache else tmp_path_factory.mktemp("wheel"))
    with zipfile.ZipFile(wheel) as z:
        text = z.read("lifetimes/datasets/CDNOW_master.txt").decode("ascii")
    lines = [ln.split() for ln in text.splitlines()[1:] if ln.strip()]
    assert len(lines) == 69_659
    src = tmp_path / "cdnow.xlsx"
    wb = xlsxwriter.Workbook(str(src), {"constant_memory": True})
    ws = wb.add_worksheet("Orders")
    ws.write_row(0, 0, ["Customer ID", "Order date", "Qty", "Amount"])
    revenue: dict[int, float] = {}
    for i, (cid, day, qty, amount) in enumerate(lines, 1):
        ws.write_row(i, 0, [int(cid), int(day), int(qty), float(amount)])
        revenue[int(cid)] = revenue.get(int(cid), 0.0) + float(amount)
    wb.close()
    count, cutoff = independent_pareto(list(revenue.values()))
    assert (len(revenue), count) == (23_570, 7_695)

    code, out, err = run_cli("rerank", src, "--out", tmp_path / "ranked.xlsx", "--json")
    assert code == 0, err
    s = json.loads(out)
    assert s["clients"] == 23_570
    assert s["pareto"]["column"] == "Revenue"
    assert (s["pareto"]["count"], s["pareto"]["cutoff"]) == (7_695, pytest.approx(cutoff))
    assert s["pareto"]["total"] == pytest.approx(sum(revenue.values()))


# ---------------------------------------------------------------- 2. e-mail as the only identity

def shop_orders(path: Path) -> Path:
    """A shop's orders export (Shopify's shape): "Name" holds the order number, one row per line item;
    the e-mail is on every line, the billing name and total only on the order's first line."""
    rows = [["Name", "Email", "Financial Status", "Paid at", "Total", "Lineitem name", "Billing Name"]]
    orders = [("#1001", "ann@example.org", "Ann Lee", 120.0, 4), ("#1002", "bob@example.org", "Bob Roy", 40.0, 1),
              ("#1003", "ANN@example.org", "Ann Lee", 60.0, 3), ("#1004", "cy@example.org", "Cy Fox", 15.0, 1),
              ("#1005", "", "Dee Park", 30.0, 1), ("#1006", "", "Dee Park", 12.0, 2),
              ("#1007", "bob@example.org", "Robert Roy", 10.0, 1), ("#1008", "bob@example.org", "Bob Roy", 5.0, 1)]
    for k, (no, email, name, total, items) in enumerate(orders):
        day = dt.datetime(2025, 1, 1) + dt.timedelta(days=7 * k)
        for j in range(items):
            rows.append([no, email or None, "paid", day, total if j == 0 else None, f"Item {j}",
                         name if j == 0 else None])
    return make_workbook(path, rows, sheet="orders_export")


def test_email_is_the_client_when_name_holds_order_numbers(tmp_path):
    t = read(shop_orders(tmp_path / "orders_export.xlsx"))
    assert t.rows_are == "order lines"
    got = shown(t)
    assert sorted(got) == ["Ann Lee", "Bob Roy", "Cy Fox", "Dee Park"]
    assert got["Ann Lee"]["Revenue"] == 180  # ann@ and ANN@ are one address
    assert "ann@example.org" not in got and "ANN@example.org" not in got  # item lines without the name
    assert got["Bob Roy"]["Revenue"] == 55   # the name written most often for the address
    assert got["Dee Park"]["Revenue"] == 42  # no e-mail: grouped by the billing name
    line = next(u for u in t.understood if u.startswith("Clients:"))
    # 14 lines; the second line of #1006 has neither e-mail nor name (and no amount): not a client row
    assert line.startswith("Clients: Email, shown as Billing Name (4 clients from 13 order lines")
    assert "2 without e-mail grouped by Billing Name" in line
    assert "'Name' holds order numbers (#1001, #1002), not client names" in line


def test_email_alone_is_shown_when_there_is_no_name(tmp_path):
    rows = [["Customer Email", "Created (UTC)", "Amount"],
            ["a@x.com", dt.datetime(2025, 1, 1), 10], ["b@x.com", dt.datetime(2025, 1, 2), 20],
            ["a@x.com", dt.datetime(2025, 1, 3), 5], ["b@x.com", dt.datetime(2025, 1, 4), 1]]
    t = read(make_workbook(tmp_path / "mails.xlsx", rows))
    assert sorted(shown(t)) == ["a@x.com", "b@x.com"]


# ---------------------------------------------------------------- 3. first and last name

def test_first_and_last_name_are_joined_and_a_company_wins_when_filled(tmp_path):
    rows = [["First Name", "Last Name", "Company", "Revenue"],
            ["Ann", "Lee", None, 100], ["Bob", "Roy", "Roy Plumbing Ltd", 300], ["Cy", "Fox", None, 50],
            ["Dee", "Park", "", 75]]
    t = read(make_workbook(tmp_path / "people.xlsx", rows))
    assert sorted(shown(t)) == ["Ann Lee", "Cy Fox", "Dee Park", "Roy Plumbing Ltd"]
    assert t.rows_are == "clients" and t.client_column == "Company"
    assert "First Name" not in [c.name for c in t.columns if c.kind == "number"]


def test_first_and_last_name_alone(tmp_path):
    rows = [["First name", "Surname", "Sales"], ["Ann", "Lee", 1], ["Bob", "Roy", 2]]
    t = read(make_workbook(tmp_path / "names.xlsx", rows))
    assert sorted(shown(t)) == ["Ann Lee", "Bob Roy"]


# ---------------------------------------------------------------- 4. a payment's own ID is not the client

def test_a_payment_id_different_on_every_row_is_not_the_client(tmp_path):
    """Stripe's payments export: ``id`` (ch_..., py_...) is the payment; the customer is the e-mail."""
    rows = [["id", "Created (UTC)", "Amount", "Customer Email", "Customer Description"]]
    pays = [("a@x.com", "Ann Lee", 10), ("b@x.com", "Bob Roy", 20), ("a@x.com", "Ann Lee", 30),
            ("a@x.com", "Ann Lee", 1), ("b@x.com", "Bob Roy", 2), ("c@x.com", None, 3)]
    for k, (mail, desc, amount) in enumerate(pays):
        rows.append([f"{'ch' if k % 2 else 'py'}_3Nx{k:04d}AbCdEfGh", dt.datetime(2025, 2, 1 + k), amount, mail, desc])
    t = read(make_workbook(tmp_path / "payments.xlsx", rows))
    got = shown(t)
    assert sorted(got) == ["Ann Lee", "Bob Roy", "c@x.com"]
    assert got["Ann Lee"]["Revenue"] == 41
    line = next(u for u in t.understood if u.startswith("Clients:"))
    assert "'id' is different on every row" in line


def test_a_bare_id_that_repeats_still_groups(tmp_path):
    rows = [["ID", "Client", "Date", "Amount"], ["C1", "Acme", dt.datetime(2025, 1, 1), 5],
            ["C1", "Acme Ltd", dt.datetime(2025, 1, 2), 5], ["C2", "Bolt", dt.datetime(2025, 1, 3), 1],
            ["C2", "Bolt", dt.datetime(2025, 1, 4), 1]]
    t = read(make_workbook(tmp_path / "bare.xlsx", rows))
    assert len(t.frame) == 2


# ---------------------------------------------------------------- 5. grouped reports

def quickbooks_report(path: Path) -> Path:
    """The shape of QuickBooks Online's "Sales by Customer Detail" exported to Excel: title rows, a
    header row whose first cell is empty, each customer on a group row of its own in column A, its
    detail rows with column A blank, "Total for <customer>", a TOTAL row and the basis footer."""
    rows = [["Craig's Design and Landscaping Services"], ["Sales by Customer Detail"],
            ["January - December 2024"], [],
            [None, "Date", "Transaction Type", "Num", "Product/Service", "Memo/Description", "Qty", "Amount",
             "Balance"]]

    def detail(day, num, amount):
        return [None, dt.datetime(2024, 1, day), "Invoice", num, "Design", "Custom design", 1, amount, amount]
    rows += [["Amy's Bird Sanctuary"], detail(3, 1001, 250.0), detail(9, 1004, 100.0),
             ["Total for Amy's Bird Sanctuary", None, None, None, None, None, 2, 350.0, None],
             ["Freeman Sporting Goods"], ["0969 Ocean View Road"], detail(4, 1002, 80.0),
             ["Total for 0969 Ocean View Road", None, None, None, None, None, 1, 80.0, None],
             ["55 Twin Lane"], detail(5, 1003, 20.0), detail(6, 1005, 5.0),
             ["Total for 55 Twin Lane", None, None, None, None, None, 2, 25.0, None],
             ["Total for Freeman Sporting Goods", None, None, None, None, None, 3, 105.0, None],
             ["Kookies by Kathy"], detail(7, 1006, 75.0),
             ["Total for Kookies by Kathy", None, None, None, None, None, 1, 75.0, None],
             ["TOTAL", None, None, None, None, None, 6, 530.0, None], [], [],
             ["Accrual basis Monday, 3 March 2025 10:00 AM GMT"]]
    return make_workbook(path, rows, sheet="Sales by Customer Detail")


def test_quickbooks_customer_groups_without_a_header_are_the_clients(tmp_path):
    t = read(quickbooks_report(tmp_path / "qbo.xlsx"))
    got = shown(t)
    assert sorted(got) == ["Amy's Bird Sanctuary", "Freeman Sporting Goods", "Kookies by Kathy"]
    assert t.rows_are == "order lines"
    assert {k: v["Revenue"] for k, v in got.items()} == {"Amy's Bird Sanctuary": 350, "Freeman Sporting Goods": 105,
                                                         "Kookies by Kathy": 75}  # sub-customers under theirs
    line = next(u for u in t.understood if u.startswith("Clients:"))
    assert "group row" in line and "sub-customer" in line
    assert not any("Accrual" in n for n in got)


def salesforce_report(path: Path) -> Path:
    """The shape of a Salesforce summary report exported "Formatted": the grouping column holds the
    account only on the first row of its group, a Subtotal row after each group, a Total, and the
    confidentiality footer."""
    rows = [["Opportunities by Account"], ["Filtered By: Show Me: All opportunities"], [],
            ["Account Name", "Opportunity Name", "Close Date", "Amount"],
            ["Acme", "Acme - renewal", dt.datetime(2025, 1, 10), 1000],
            [None, "Acme - upsell", dt.datetime(2025, 2, 10), 500],
            [None, "Acme - training", dt.datetime(2025, 3, 10), 250],
            ["Subtotal", None, None, 1750],
            ["Globex", "Globex - new", dt.datetime(2025, 1, 5), 300],
            [None, "Globex - more", dt.datetime(2025, 4, 5), 200],
            ["Subtotal", None, None, 500],
            ["Initech", "Initech - pilot", dt.datetime(2025, 5, 1), 90],
            ["Subtotal", None, None, 90],
            ["Total", None, None, 2340], [],
            ["Confidential Information - Do Not Distribute"],
            ["Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."]]
    return make_workbook(path, rows, sheet="Report")


def test_salesforce_names_on_the_first_row_of_a_group_are_filled_down(tmp_path):
    t = read(salesforce_report(tmp_path / "sf.xlsx"))
    got = shown(t)
    assert sorted(got) == ["Acme", "Globex", "Initech"]
    assert got["Acme"]["Amount" if t.rows_are == "clients" else "Revenue"] == 1750
    assert any("filled down" in n for n in t.notes)
    assert any("report footer" in n for n in t.notes)


def test_report_footers_are_not_clients(tmp_path):
    rows = [["Client", "Revenue"], ["Acme", 10], ["Bolt", 20], ["Generated by ReportBuilder 3.1", None],
            ["Page 1 of 2", None], ["Confidential", None]]
    t = read(make_workbook(tmp_path / "footer.xlsx", rows))
    assert sorted(shown(t)) == ["Acme", "Bolt"]


# ---------------------------------------------------------------- 6. reasons and refusals

def test_a_tidy_client_list_says_so(tmp_path):
    rows = [["Client", "Revenue"], ["Acme", 10], ["Bolt", 20]]
    t = read(make_workbook(tmp_path / "tidy.xlsx", rows))
    assert t.client_column == "Client"
    assert "Clients: Client (2 clients, one per row)" in t.understood
    ids = read(make_workbook(tmp_path / "ids.xlsx", [["ID", "Name", "Revenue"], [1, "Acme", 5], [2, "Bolt", 6]]))
    assert "Clients: Name (2 clients, one per row)" in ids.understood  # a client's own number needs no word


def test_two_client_columns_that_disagree_are_refused_with_the_fix(tmp_path):
    rows = [["Customer", "Client", "Revenue"], ["Acme", "North", 10], ["Bolt", "North", 20], ["Cato", "South", 5]]
    path = make_workbook(tmp_path / "two.xlsx", rows)
    with pytest.raises(ClientTableError) as err:
        read(path)
    msg = str(err.value)
    assert "'Customer' (Acme, Bolt, Cato)" in msg and "'Client' (North, South)" in msg
    assert '--client-column "Customer"' in msg
    t = read(path, client_column="Client")  # the fix: name the column
    assert sorted(shown(t)) == ["North", "South"]


def test_no_client_column_at_all_is_refused_with_the_columns_found(tmp_path):
    rows = [["Date", "Amount"], [dt.datetime(2025, 1, 1), 10], [dt.datetime(2025, 1, 2), 20]]
    with pytest.raises(ClientTableError) as err:
        read(make_workbook(tmp_path / "none.xlsx", rows))
    msg = str(err.value)
    assert "no column that says who the client is" in msg and "'Amount' (10, 20)" in msg
    assert '--client-column "<header>"' in msg


def test_the_client_column_kept_in_the_settings_reads_the_same_clients_again(tmp_path):
    src = shop_orders(tmp_path / "orders_export.xlsx")
    first = read(src)
    again = read(src, client_column=first.client_column)
    assert sorted(shown(again)) == sorted(shown(first))
    ids = make_workbook(tmp_path / "ids.xlsx", [["Customer ID", "Order date", "Amount"], [1, 19970101, 5.0],
                                                 [1, 19970102, 5.0], [2, 19970103, 1.0], [2, 19970104, 1.0]])
    first = read(ids)
    assert read(ids, client_column=first.client_column).frame[first.client_column].tolist() == \
        first.frame[first.client_column].tolist()


def test_paypal_transaction_ids_are_not_the_client(tmp_path):
    """PayPal's activity download: a Transaction ID per payment, the payer's Name and e-mail."""
    rows = [["Date", "Name", "Type", "Gross", "From Email Address", "Transaction ID"]]
    pays = [("Ann Lee", "ann@x.com", 10), ("Bob Roy", "bob@x.com", 20), ("Ann Lee", "ann@x.com", 5),
            ("Bob Roy", "bob@x.com", 7), ("Cy Fox", "cy@x.com", 1)]
    for k, (name, mail, gross) in enumerate(pays):
        rows.append([dt.datetime(2025, 3, 1 + k), name, "Express Checkout Payment", gross, mail, f"9XK{k:05d}7H2"])
    t = read(make_workbook(tmp_path / "paypal.xlsx", rows))
    assert t.rows_are == "order lines"
    assert {k: v["Revenue"] for k, v in shown(t).items()} == {"Ann Lee": 15, "Bob Roy": 27, "Cy Fox": 1}


@pytest.mark.parametrize("rows", [
    [["Email", "First Name", "Last Name", "Order number", "Total"], ["a@x.com", "Ann", "Lee", "O1", 5],
     ["a@x.com", "Ann", "Lee", "O2", 5], ["b@x.com", "Bob", "Roy", "O3", 1], ["b@x.com", "Bob", "Roy", "O4", 2]],
    [["First Name", "Last Name", "Company", "Invoice no", "Amount"], ["Ann", "Lee", None, 1, 5],
     ["Ann", "Lee", None, 2, 5], ["Bob", "Roy", "Roy Ltd", 3, 1], ["Bob", "Roy", "Roy Ltd", 4, 2],
     ["Cy", "Fox", None, 5, 3], ["Cy", "Fox", None, 6, 1]],
], ids=["email and names", "company or names"])
def test_the_kept_client_column_reads_the_same_clients(tmp_path, rows):
    src = make_workbook(tmp_path / "kept.xlsx", rows)
    first = read(src)
    again = read(src, client_column=first.client_column)
    assert first.rows_are == again.rows_are == "order lines"
    assert {k: v["Revenue"] for k, v in shown(again).items()} == {k: v["Revenue"] for k, v in shown(first).items()}
    assert len(first.frame) == (2 if rows[0][0] == "Email" else 3)
    assert again.understood[-1].startswith("Clients: ")


def test_a_named_column_of_plain_numbers_is_the_clients_number(tmp_path):
    rows = [["Ref", "Date", "Amount"], [11, dt.datetime(2025, 1, 1), 5], [11, dt.datetime(2025, 1, 2), 5],
            [12, dt.datetime(2025, 1, 3), 1], [12, dt.datetime(2025, 1, 4), 1]]
    t = read(make_workbook(tmp_path / "ref.xlsx", rows), client_column="Ref")
    assert sorted(shown(t)) == ["Client 11", "Client 12"]  # "Ref" says no more than that it is a number


def test_a_mostly_blank_name_column_is_not_the_key(tmp_path):
    rows = [["Customer", "Email", "Date", "Amount"]]
    for k in range(8):
        rows.append(["Acme" if k == 0 else None, f"p{k % 3}@x.com", dt.datetime(2025, 1, 1 + k), 10])
    t = read(make_workbook(tmp_path / "blankish.xlsx", rows))
    assert len(t.frame) == 3 and t.rows_are == "order lines"


def test_a_contact_number_is_a_phone_not_the_client(tmp_path):
    """Review finding: 'Contact number' was taken as a client ID (two clients sharing a phone merged)."""
    from tests.helpers import client_table, make_workbook

    rows = [["Date", "Client", "Contact number", "Amount"]]
    for i, (who, phone) in enumerate([("Acme", "07700 900123"), ("Acme", ""), ("Gamma", "07700 900999"),
                                      ("Delta", "07700 900999"), ("Gamma", "07700 900999"), ("Delta", "07700 900999")]):
        rows.append([f"2025-03-{i + 1:02d}", who, phone, 100.0 * (i + 1)])
    t = client_table(make_workbook(tmp_path / "lines.xlsx", rows))
    assert sorted(t.frame["Client"]) == ["Acme", "Delta", "Gamma"]


def test_prepared_rows_whose_formulas_give_0_are_not_a_group_to_fill_down(tmp_path):
    """Review finding: unnamed template rows of zeros below the list were filled with the last name."""
    from tests.helpers import client_table, make_workbook

    rows = [["Client", "Revenue", "Orders", "Hours"], ["Alpha", 900.0, 9, 20], ["Beta", 500.0, 5, 10],
            ["Gamma", 300.0, 3, 8], ["Delta", 100.0, 1, 2]] + [[None, 0, 0, 0]] * 8
    t = client_table(make_workbook(tmp_path / "list.xlsx", rows))
    assert sorted(t.frame["Client"]) == ["Alpha", "Beta", "Delta", "Gamma"]

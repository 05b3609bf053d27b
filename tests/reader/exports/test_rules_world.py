"""The general reading rules on layouts taken from real public export files that nobody here shaped
("a larger set of real exports"). Each file below is built in the layout of a real export
kept as a test fixture by an importer, with made-up rows; the source is named above each. They were
found read wrong, or refused with a message that did not help, before these rules covered them."""

from __future__ import annotations

import pytest

from tests.helpers import client_table, write_csv
from tests.reader.exports.test_profiles_accounting import rank
from tests.reader.exports.test_refusals_help import refused


def ranked(path, tmp_path):
    """Ranks ``path`` with the command: (the JSON summary, client -> the 80/20 column's value, None)."""
    summary, rows, head = rank(path, tmp_path)
    column = summary["pareto"]["column"]
    return summary, {name: row[head.index(column)] for name, row in rows.items()}, None


# PayPal's older statement CSV (Description instead of Type, one From Email Address, a running
# Balance): OCA/bank-statement-import account_statement_import_paypal/tests/paypal_en.csv and
# tests/fixtures/statement_en.csv. Money out has a negative Gross; Gross / Fee / Net are a payment
# processor's columns, so the sign says the direction even without a To column.
PAYPAL_STATEMENT = ["Date", "Time", "Time Zone", "Description", "Currency", "Gross", "Fee ", "Net", "Balance",
                    "Transaction ID", "From Email Address", "Name", "Bank Name", "Bank Account",
                    "Shipping and Handling Amount", "Sales Tax", "Invoice ID", "Reference Txn ID"]


def test_paypal_statement_payment_made_to_a_named_party_is_no_client(tmp_path):
    rows = [["12/15/2018", "20:07:53", "CET", "Your best supplier", "USD", "-33.50", "-2.3", "-31.2", "-31.2",
             "53820712527632627", "", "John Doe", "Bank of America", "123456789", "0", "0", "INV25", "23"],
            ["12/15/2018", "22:07:53", "CET", "Your payment", "USD", "1,525.00", "0", "1,525.00", "1,493.80",
             "34731322767782103", "", "Agrolait", "", "", "0", "0", "INV/2019/0003", "24"],
            ["12/16/2018", "09:12:00", "CET", "Your payment", "USD", "200.00", "-6.10", "193.90", "1,687.70",
             "34731322767782555", "", "Camptocamp", "", "", "0", "0", "INV/2019/0004", ""]]
    path = write_csv(tmp_path / "paypal_statement.csv", PAYPAL_STATEMENT, rows)
    summary, revenue, _ = ranked(path, tmp_path)
    # money received: Agrolait 1,525.00 and Camptocamp 200.00; the 33.50 paid to John Doe is no sale
    assert revenue == pytest.approx({"Agrolait": 1525.0, "Camptocamp": 200.0})
    assert summary["pareto"]["total"] == pytest.approx(1725.0)
    money = next(u for u in summary["understood"] if u.startswith("Money:"))
    assert "to John Doe: suppliers, not clients" in money, money


# Stripe, Payments > Export (unified_payments.csv) of an account with subscriptions: a payment attempt
# whose card was refused stays a row with Status requires_payment_method, no id and no Converted Amount
# (a public repository's real export, Ra7422/meedi8 unified_payments.csv; the statuses are Stripe's
# PaymentIntent statuses, docs.stripe.com/payments/paymentintents/lifecycle).
STRIPE = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Converted Amount",
          "Converted Amount Refunded", "Converted Currency", "Decline Reason", "Description", "Fee", "Status",
          "Customer ID", "Customer Description", "Customer Email"]


def test_stripe_payment_attempts_that_took_no_money_are_no_clients(tmp_path):
    rows = [["py_1", "2025-11-19 22:17:46", "9.99", "0.00", "gbp", "true", "9.99", "0.00", "gbp", "",
             "Subscription creation", "0.52", "Paid", "cus_A", "", "a@example.com"],
            ["", "2025-11-19 22:16:37", "9.99", "", "gbp", "", "", "", "", "", "Subscription creation", "",
             "requires_payment_method", "cus_B", "", ""],
            ["", "2025-11-20 08:00:00", "9.99", "", "gbp", "", "", "", "", "", "Subscription creation", "",
             "requires_payment_method", "cus_C", "", ""],
            ["py_2", "2025-11-21 10:00:00", "19.98", "0.00", "gbp", "true", "19.98", "0.00", "gbp", "",
             "Subscription update", "0.80", "Paid", "cus_A", "", "a@example.com"]]
    path = write_csv(tmp_path / "unified_payments.csv", STRIPE, rows)
    t = client_table(path)
    assert list(t.frame["Client"]) == ["a@example.com"]  # cus_B and cus_C never paid: no clients
    assert t.frame["Revenue"].sum() == pytest.approx(9.99 + 19.98)
    status = next(u for u in t.understood if u.startswith("Status:"))
    assert "requires_payment_method 2" in status, status


# Purchase orders: Invoice Ninja's purchase-order import file (invoiceninja/invoiceninja
# tests/Feature/Import/purchase_orders.csv), and Zoho Books' purchase orders export
# (Purchases > Purchase Orders > Export: Purchase Order Date, Purchase Order Number, Vendor Name, ...,
# Total; zoho.com/books/help/purchase-order) name a vendor, never a client.
def test_purchase_orders_are_refused_as_purchases_not_sales(tmp_path):
    ninja = write_csv(tmp_path / "purchase_orders.csv",
                      ["purchase_order_number", "vendor_name", "date", "due_date", "amount", "discount", "po_number",
                       "public_notes", "private_notes", "status", "item_product_key", "item_notes", "item_cost",
                       "item_quantity"],
                      [["PO-001", "Ludwig Krajcik DVM", "2024-01-15", "2024-02-15", "100.00", "0", "EXT-PO-001", "",
                        "", "sent", "Widget A", "", "50.00", "2"],
                       ["PO-002", "Acme Supplies", "2024-01-20", "2024-02-20", "80.00", "0", "EXT-PO-002", "", "",
                        "sent", "Widget B", "", "40.00", "2"]])
    message = refused(ninja, tmp_path)
    assert "purchases from your suppliers ('vendor_name')" in message and "Export your invoices" in message
    assert "sheet '" not in message  # a text file has no sheets
    zoho = write_csv(tmp_path / "Purchase_Order.csv",
                     ["Purchase Order Date", "Purchase Order Number", "Vendor Name", "Purchase Order Status",
                      "Currency Code", "Item Name", "Quantity", "Rate", "Total"],
                     [["2025-03-01", "PO-00001", "Bolt Parts Ltd", "Issued", "USD", "Bolts", "10", "2.50", "25.00"],
                      ["2025-03-04", "PO-00002", "Kabel GmbH", "Billed", "USD", "Cable", "5", "8.00", "40.00"]])
    assert "purchases from your suppliers ('Vendor Name')" in refused(zoho, tmp_path)


def test_a_sales_export_that_also_names_vendors_is_not_taken_for_purchases(tmp_path):
    """Wave's account transactions have a Customer and a Vendor column: a sales file, ranked."""
    path = write_csv(tmp_path / "ledger.csv", ["Date", "Customer", "Vendor", "Invoice Number", "Amount"],
                     [["2025-01-02", "Ada Ltd", "", "INV-1", "100"], ["2025-01-03", "Bolt SA", "", "INV-2", "50"],
                      ["2025-01-09", "Ada Ltd", "", "INV-3", "25"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Ada Ltd": 125.0, "Bolt SA": 50.0})


# Toggl Track's detailed report of a workspace without billable rates: Duration (hh:mm:ss) and no
# amount (solidtime-io/solidtime resources/testfiles/toggl_time_entries_import_test_2.csv)
def test_time_report_without_amounts_says_it_has_time_but_no_amounts(tmp_path):
    header = ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
              "End date", "End time", "Duration", "Tags"]
    rows = [["Peter Tester", "peter@example.test", "Real World Client", "Website", "Build", "", "Yes", "2024-10-15",
             "12:00:00", "2024-10-15", "13:30:00", "01:30:00", ""],
            ["Peter Tester", "peter@example.test", "Second Client", "App", "Design", "", "Yes", "2024-10-16",
             "09:00:00", "2024-10-16", "09:45:00", "00:45:00", ""]]
    message = refused(write_csv(tmp_path / "Toggl_time_entries.csv", header, rows), tmp_path)
    assert "time report of 2 clients with their time (Duration) but no amounts" in message, message
    assert "no sales, orders or hours" not in message


def test_a_client_list_status_says_who_left_and_their_sales_still_count(tmp_path):
    """In a hand-kept list of clients (one row each, no document number), "Cancelled" or "Lost" says the
    client left: what they bought this year still counts, so the status words of documents do not apply."""
    path = write_csv(tmp_path / "clients.csv", ["Client", "Revenue 2026", "Orders", "Status"],
                     [["Acme Ltd", "12000", "5", "Active"], ["Bolt GmbH", "8000", "3", "Cancelled"],
                      ["Curie SA", "3000", "2", "Active"], ["Dune Co", "500", "1", "Lost"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 12000, "Bolt GmbH": 8000, "Curie SA": 3000, "Dune Co": 500})
    assert not any(u.startswith("Status:") for u in summary["understood"])


def test_stripe_payments_converted_into_the_account_currency_say_which_currency_is_ranked(tmp_path):
    """One payment in USD converted into the account's THB (a public repository's real export,
    streaming-overlays/stripe-country-revenue-calculator unified_payments.csv): the Currency line says
    the ranking is in THB, so 534.80 is not read as dollars."""
    rows = [["py_9", "2025-06-01 10:00:00", "15.00", "0.00", "usd", "true", "534.80", "0.00", "thb", "",
             "Overlay pack", "18.70", "Paid", "cus_Z", "", "z@example.com"]]
    path = write_csv(tmp_path / "unified_payments.csv", STRIPE, rows)
    t = client_table(path)
    assert t.frame["Revenue"].sum() == pytest.approx(534.80)
    line = next(u for u in t.understood if u.startswith("Currency:"))
    assert line == ("Currency: the payments are in USD (Currency); ranked on Converted Amount, in THB "
                    "(Converted Currency), which is in one currency."), line


def test_quickbooks_summary_with_sub_customers_and_a_client_called_total(tmp_path):
    """QuickBooks Online's Sales by Customer Summary by month (a public repository's real export,
    RulzzBot-svg/charts "SALES BY CUSTOMER SUMMARY 2025"): a parent customer heads its sub-customers on a
    row without amounts and is closed by "Total <parent>"; a real customer is called "Total Filtration
    Specialists"; TOTAL closes the report. Expected: the sub-customers and the others, never the parent's
    heading or subtotal, and the customer called Total ranked (its amounts are no sum)."""
    path = tmp_path / "SALES BY CUSTOMER SUMMARY.CSV"
    path.write_text(',"Jan","Feb","TOTAL"\n"Acme Ltd",10.00,20.00,30.00\n"Big Group","","","",\n'
                    '"Big Group - Site A",5.00,5.00,10.00\n"Big Group - Site B",1.00,1.00,2.00\n'
                    '"Total Big Group",6.00,6.00,12.00\n"Total Filtration Specialists",7.00,0.00,7.00\n'
                    '"Zeta Inc",1.00,1.00,2.00\n"TOTAL",24.00,27.00,51.00\n', encoding="utf-8")
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 30, "Big Group - Site A": 10, "Big Group - Site B": 2,
                                     "Total Filtration Specialists": 7, "Zeta Inc": 2})
    assert summary["pareto"]["total"] == pytest.approx(51)
    assert any(w.startswith("Row 7 ('Total Filtration Specialists') starts with Total") for w in summary["warnings"])

"""Refusals that help: files with no sales to a client are refused with a
message that says what the file is and what to export instead.

G: settlement, payout and fee reports name the seller's own account, never a customer. Each file is
built in the product's documented layout (headers as documented, a few made-up rows):
* Adyen Settlement details report: docs.adyen.com "Settlement details report" (the file kept by
  OCA/bank-statement-import, account_bank_statement_import_adyen/test_files/settlement_detail_report_batch_238.csv);
* Braintree Transaction Level Fee Report: developer.paypal.com/braintree "Transaction Level Fee Report
  Row" (the file kept by OCA/bank-statement-import,
  account_bank_statement_import_online_braintree/tests/fixtures/pull_report.csv);
* Stripe Balance report, balance change from activity, itemized: docs.stripe.com/reports/report-types/balance;
* Stripe Payout reconciliation, itemized: docs.stripe.com/reports/report-types/payout-reconciliation.
The general rule (a column naming the seller's own account is never the client) is checked on layouts
no catalogue entry knows.

I: a list of clients without amounts, and time entries whose Client column is empty:
* FreshBooks client list (invoiceninja/invoiceninja tests/Feature/Import/freshbooks_clients.csv);
* solidtime organisation export, clients.csv (solidtime-io/solidtime resources/testfiles/solidtime_import_test_1);
* Toggl Track detailed report (support.toggl.com "Editing and uploading a CSV file"; the export kept by
  invoiceninja/invoiceninja tests/Feature/Import/tasks.csv);
* Clockify detailed report export (clockify.me help "Detailed report": Project, Client, Description,
  Task, User, Group, Email, Tags, Billable, Start Date, Start Time, End Date, End Time, Duration (h),
  Duration (decimal)).
"""

from __future__ import annotations

import csv
import json

from tests.helpers import run_cli


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def refused(path, tmp_path):
    code, out, err = run_cli("rerank", path, "--out", tmp_path / "ranked.xlsx", "--json")
    assert code == 4, (code, out[:500], err)
    assert not (tmp_path / "ranked.xlsx").exists()
    return " ".join(err.split())


def ranked(path, tmp_path, *extra):
    code, out, err = run_cli("rerank", path, "--out", tmp_path / "ranked.xlsx", "--json", *extra)
    assert code == 0, err
    return json.loads(out[out.index("{"):])


# ---------------------------------------------------------------- G: settlement, payout and fee reports

ADYEN = ["Company Account", "Merchant Account", "Psp Reference", "Merchant Reference", "Payment Method",
         "Creation Date", "TimeZone", "Type", "Modification Reference", "Gross Currency", "Gross Debit (GC)",
         "Gross Credit (GC)", "Exchange Rate", "Net Currency", "Net Debit (NC)", "Net Credit (NC)", "Commission (NC)",
         "Markup (NC)", "Scheme Fees (NC)", "Interchange (NC)", "Payment Method Variant",
         "Modification Merchant Reference", "Batch Number", "Reserved4", "Reserved5", "Reserved6", "Reserved7",
         "Reserved8", "Reserved9", "Reserved10"]


def adyen_rows():
    blank = [""] * 7
    return [
        ["AcmeNL", "ACME_SHOP", "8815000000000001", "order-1001", "visa", "2024-03-01 10:00:00", "CET", "Settled",
         "8815000000000001", "EUR", "", "120.00", "1", "EUR", "", "118.10", "", "1.20", "0.30", "0.40", "visacredit",
         "", "12"] + blank,
        ["AcmeNL", "ACME_SHOP", "8815000000000002", "order-1002", "mc", "2024-03-01 11:00:00", "CET", "Settled",
         "8815000000000002", "EUR", "", "80.00", "1", "EUR", "", "78.70", "", "0.80", "0.20", "0.30", "mccredit",
         "", "12"] + blank,
        ["AcmeNL", "ACME_SHOP", "", "", "", "2024-03-02 02:00:00", "CET", "Fee", "Transaction Fees March 01",
         "", "", "", "", "EUR", "0.09", "", "", "", "", "", "", "", "12"] + blank,
        ["AcmeNL", "ACME_SHOP", "", "", "", "2024-03-02 02:00:00", "CET", "MerchantPayout", "Payout batch 12",
         "", "", "", "", "EUR", "196.71", "", "", "", "", "", "", "", "12"] + blank,
    ]


def test_adyen_settlement_details_report_is_refused_naming_the_export_with_shoppers(tmp_path):
    msg = refused(write_csv(tmp_path / "settlement_detail_report_batch_12.csv", ADYEN, adyen_rows()), tmp_path)
    assert "Adyen's Settlement details report" in msg
    assert "own company and merchant account" in msg and "names no shopper" in msg
    assert "Received payment details report" in msg


BRAINTREE = ["Merchant Account ID", "Transaction ID", "Original Transaction ID", "Transaction Type",
             "Presentment Currency", "Presentment Amount", "Settlement Currency", "Original Sale Amount",
             "Settlement Amount", "Settlement Date", "Disbursement Date", "Deposit ID", "Payment Instrument",
             "Card Brand", "Card Type", "First 6 of CC", "Issuing Bank", "Refunded Amount", "Refund Type",
             "Exchange Rate", "Order ID", "Acquirer Reference Number", "Card Issuing Country", "Discount",
             "Discount Credit", "Per Transaction Fee", "Per Transaction Fee Credit", "Multicurrency Fee Amount",
             "Multicurrency Fee Credit", "Braintree Total Amount", "Total Fee Amount"]


def braintree_rows():
    return [
        ["acme_usd", "k2j3h4", "", "sale", "USD", "250.00", "USD", "", "250.00", "2024-04-02", "2024-04-04", "",
         "credit_card", "Visa", "Credit", "411111", "First Bank", "0.00", "", "1", "A-17", "74000000000000000000001",
         "USA", "0.0290", "0.0000", "0.30", "0.00", "0.00", "0.00", "7.55", "7.55"],
        ["acme_usd", "m5n6p7", "", "sale", "USD", "99.00", "USD", "", "99.00", "2024-04-02", "2024-04-04", "",
         "credit_card", "Mastercard", "Debit", "555555", "Second Bank", "0.00", "", "1", "A-18",
         "74000000000000000000002", "USA", "0.0290", "0.0000", "0.30", "0.00", "0.00", "0.00", "3.17", "3.17"],
    ]


def test_braintree_transaction_level_fee_report_is_refused_naming_the_transactions_export(tmp_path):
    msg = refused(write_csv(tmp_path / "transaction_level_fees.csv", BRAINTREE, braintree_rows()), tmp_path)
    assert "Braintree's Transaction Level Fee Report" in msg
    assert "own merchant account (Merchant Account ID)" in msg and "names no customer" in msg
    assert "Customer Email" in msg


STRIPE_BALANCE = ["balance_transaction_id", "created_utc", "available_on_utc", "currency", "gross", "fee", "net",
                  "reporting_category", "description"]
STRIPE_PAYOUTS = ["automatic_payout_id", "automatic_payout_effective_at", "balance_transaction_id", "created_utc",
                  "available_on_utc", "currency", "gross", "fee", "net", "reporting_category", "description"]


def test_stripe_balance_and_payout_reconciliation_reports_are_refused_naming_the_payments_export(tmp_path):
    rows = [["txn_1A", "2024-05-01 09:00:00", "2024-05-03 00:00:00", "usd", "100.00", "3.20", "96.80", "charge",
             "Order 17"],
            ["txn_1B", "2024-05-01 10:00:00", "2024-05-03 00:00:00", "usd", "40.00", "1.46", "38.54", "charge",
             "Order 18"],
            ["txn_1C", "2024-05-02 10:00:00", "2024-05-02 10:00:00", "usd", "-135.34", "0.00", "-135.34", "payout",
             "STRIPE PAYOUT"]]
    balance = refused(write_csv(tmp_path / "balance.csv", STRIPE_BALANCE, rows), tmp_path)
    assert "Stripe's Balance report" in balance and "own Stripe balance" in balance
    assert "Export Payments instead" in balance
    payouts = refused(write_csv(tmp_path / "payouts.csv", STRIPE_PAYOUTS,
                                [["po_1X", "2024-05-06"] + r for r in rows[:2]]), tmp_path)
    assert "Stripe's Payout reconciliation report" in payouts and "Export Payments instead" in payouts


def test_any_report_of_the_sellers_own_account_without_a_customer_is_refused(tmp_path):
    # layouts no catalogue entry knows: the general rule (headers.OWN_ACCOUNT_WORDS)
    header = ["Merchant ID", "Batch Number", "Settlement Date", "Card Type", "Sales Amount", "Fee", "Net Amount"]
    rows = [["4455667788", "301", "2024-06-01", "Visa", "310.00", "6.20", "303.80"],
            ["4455667788", "302", "2024-06-02", "Mastercard", "120.00", "2.40", "117.60"],
            ["4455667788", "303", "2024-06-03", "Amex", "75.00", "2.25", "72.75"]]
    msg = refused(write_csv(tmp_path / "settlements.csv", header, rows), tmp_path)
    assert "settlement, payout or fee report of your own account" in msg
    assert "'Merchant ID'" in msg and "not a customer" in msg
    assert "Export your sales with their customers instead" in msg
    # German headers: Händlerkonto is the seller's own account
    header = ["Händlerkonto", "Auszahlungsnummer", "Datum", "Zahlungsart", "Betrag", "Gebühr"]
    rows = [["ACME_DE", "A-1", "01.06.2024", "Karte", "310,00", "6,20"],
            ["ACME_DE", "A-1", "02.06.2024", "SEPA", "120,00", "2,40"]]
    msg = refused(write_csv(tmp_path / "auszahlungen.csv", header, rows), tmp_path)
    assert "'Händlerkonto' (ACME_DE)" in msg and "own account" in msg


def test_a_sales_export_with_a_merchant_account_column_still_ranks_its_customers(tmp_path):
    # Braintree's transaction search export names the merchant account and the customer on each row
    header = ["Transaction ID", "Transaction Type", "Transaction Status", "Created Datetime", "Merchant Account",
              "Currency ISO Code", "Amount Submitted For Settlement", "Customer Company", "Customer Email"]
    rows = [["t1", "sale", "settled", "2024-04-01 10:00:00", "acme_usd", "USD", "100.00", "Blue Cafe",
             "orders@bluecafe.example"],
            ["t2", "sale", "settled", "2024-04-02 10:00:00", "acme_usd", "USD", "50.00", "Blue Cafe",
             "orders@bluecafe.example"],
            ["t3", "sale", "settled", "2024-04-03 10:00:00", "acme_usd", "USD", "70.00", "Green Gym",
             "desk@greengym.example"]]
    s = ranked(write_csv(tmp_path / "transactions.csv", header, rows), tmp_path)
    assert s["clients"] == 2
    assert s["pareto"]["total"] == 220.0
    assert "Merchant Account" not in s["understood"][0].split("(")[0]


# ---------------------------------------------------------------- I: nothing to rank

def test_freshbooks_client_list_says_it_has_names_and_addresses_but_no_sales(tmp_path):
    header = ["Organization", "First Name", "Last Name", "Email", "Phone", "Street", "City", "Province/State",
              "Country", "Postal Code", "Notes"]
    rows = [["Blue Cafe", "Ann", "Lee", "ann@bluecafe.example", "555-0100", "1 Main St", "Springfield", "Illinois",
             "United States", "", ""],
            ["Green Gym", "Bob", "Ray", "bob@greengym.example", "987654321", "", "", "", "United States", "", ""]]
    msg = refused(write_csv(tmp_path / "clients.csv", header, rows), tmp_path)
    assert "this list has 2 clients with names, e-mail addresses, phone numbers, addresses" in msg
    assert "but no column of sales, orders or hours to rank them on (columns: Organization, First Name" in msg
    assert msg.endswith("Add a column such as Sales, Orders or Hours and run again, or export your invoices, orders "
                        "or payments and rank that file")
    assert "weight 0" not in msg


def test_solidtime_clients_export_says_it_holds_names_only(tmp_path):
    header = ["id", "name", "organization_id", "archived_at", "created_at", "updated_at"]
    rows = [["b4187a44-41f4-46d7-8460-f15a25b3aad6", "Big Company", "ee5a8cd6-312f-4ae6-b044-e2014f09ecc2", "",
             "2024-08-22T10:36:48Z", "2024-08-22T10:36:48Z"],
            ["e5a4d8f5-81ae-4606-8e84-6ab1ffa58b72", "Other Company", "ee5a8cd6-312f-4ae6-b044-e2014f09ecc2", "",
             "2024-08-22T10:36:48Z", "2024-08-22T10:36:48Z"],
            ["f1a4d8f5-81ae-4606-8e84-6ab1ffa58b73", "Third Company", "ee5a8cd6-312f-4ae6-b044-e2014f09ecc2", "",
             "2024-08-23T10:36:48Z", "2024-08-23T10:36:48Z"]]
    msg = refused(write_csv(tmp_path / "clients.csv", header, rows), tmp_path)
    assert "this file has 3 clients (rows 2-4) with names" in msg
    assert "but no column of numbers to rank them on (columns: id, name, organization_id" in msg
    assert "A list of clients alone has nothing to rank: export your invoices, orders or payments instead" in msg
    assert "add your clients under the header" not in msg


def test_toggl_time_entries_without_clients_say_the_client_column_is_empty(tmp_path):
    header = ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
              "End date", "End time", "Duration", "Tags", "Amount ()"]
    rows = [["Jimmy", "jimmy@example.com", "", "Fix up my code", "", "Short and sweet", "No", "2023-10-23",
             "10:01:07", "2023-10-23", "12:15:02", "02:13:55", "", ""],
            ["Jimmy", "jimmy@example.com", "", "Fix up my code", "", "", "No", "2023-10-23", "13:07:17",
             "2023-10-23", "14:11:17", "01:04:00", "", ""],
            ["Bob", "bob@example.com", "", "Side hustle", "", "", "No", "2023-10-24", "14:49:00", "2023-10-24",
             "18:03:43", "03:14:43", "", ""]]
    msg = refused(write_csv(tmp_path / "tasks.csv", header, rows), tmp_path)
    assert "the Client column is empty on every row (3 time entries, no amount)" in msg
    assert "the time entries name no client" in msg
    assert "Give each project a client in your time tracker and export again" in msg


def test_clockify_time_entries_without_clients_are_not_ranked_by_the_team_members_email(tmp_path):
    header = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
              "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)"]
    rows = [["Website", "", "Design", "", "Ann", "", "ann@studio.example", "", "Yes", "06/03/2024", "09:00:00",
             "06/03/2024", "11:30:00", "02:30:00", "2.50"],
            ["Website", "", "Build", "", "Bob", "", "bob@studio.example", "", "Yes", "06/03/2024", "13:00:00",
             "06/03/2024", "17:00:00", "04:00:00", "4.00"],
            ["Internal", "", "Admin", "", "Ann", "", "ann@studio.example", "", "No", "06/04/2024", "09:00:00",
             "06/04/2024", "10:00:00", "01:00:00", "1.00"]]
    msg = refused(write_csv(tmp_path / "Clockify_Time_Report_Detailed.csv", header, rows), tmp_path)
    assert "the Client column is empty on every row (3 time entries)" in msg
    assert "Give each project a client in your time tracker and export again" in msg

"""General reading rules (xlclientrank/reader/rules/), money side: A, money in and out
of a payment account (PayPal, Venmo, Wise), and F, several currencies (Stripe, Xero, Harvest).

Every file is built here in the layout its product documents (the source is named above each
builder; the layouts were collected in the research notes for the general rules), ranked with the real
command (``run_cli``) or read by the reader (``tests.helpers.client_table``), and each expected
figure is worked out by hand in a comment next to it. Nothing of ours is mocked. Tests marked
xfail(strict=True) show what the program does wrong today (the reason names it)."""

from __future__ import annotations

import csv

import pytest

from tests.helpers import assert_revenue, client_table, ranked, refused, write_csv
from tests.reader.exports.test_profiles_payments import PAYPAL_EN
from xlclientrank.errors import ClientTableError

# ---------------------------------------------------------------- helpers

def line(table, start):
    return next(u for u in table.understood if u.startswith(start))


# ---------------------------------------------------------------- A: PayPal with Balance Impact

# PayPal Activity download header (the 2018+ default field set, 41 columns): gist
# https://gist.github.com/Nullreff/409f7d6d8ca82ae004cbf31cff25df62 ("Paypal's default fields in 2018
# were: ..."), the same columns in yukihiko-shinoda/zaim-csv-converter
# tests/testresources/.../pay_pal201810.csv. Balance Impact values Credit / Debit / Memo: the enum
# of zaim-csv-converter zaimcsvconverter/data/pay_pal.py (PayPal's own page,
# https://developer.paypal.com/api/nvp-soap/paypal-payments-standard/admin/download-history, says
# only "Effect of the transaction on the account balance"). A refund is a row of its own, Type
# "Payment Refund", negative Gross, whose Reference Txn ID is the payment's Transaction ID (OCA
# bank-statement-import account_statement_import_paypal/tests/fixtures/activity_en.csv links rows
# the same way); Gross is signed from the account holder's view.
PAYPAL = PAYPAL_EN  # the same 41 columns as tests/reader/exports/test_profiles_payments.py
SHOP = "shop@example.com"


def paypal_row(date, name, typ, gross, fee, payer, payee, txn, ref="", impact=None, status="Completed",
               header=PAYPAL):
    """One row; amounts written as the US web download writes them ("1,525.00", "-25.00")."""
    fields = {"Date": date, "Time": "10:01:22", "TimeZone": "PDT", "Name": name, "Type": typ, "Status": status,
              "Currency": "USD", "Gross": f"{gross:,.2f}", "Fee": f"{fee:,.2f}", "Net": f"{gross + fee:,.2f}",
              "From Email Address": payer, "To Email Address": payee, "Transaction ID": txn,
              "Reference Txn ID": ref, "Quantity": "1", "Balance": "0.00"}
    if impact is not None:
        fields["Balance Impact"] = impact
    return [fields.get(h, "") for h in header]


def test_paypal_balance_impact_refund_taken_off_its_client_supplier_and_memo_left_out(tmp_path):
    rows = [
        paypal_row("06/28/2026", "Ada Lovelace", "Express Checkout Payment", 120.00, -3.78, "ada@example.com", SHOP,
                   "8AB12345CD678901E", impact="Credit"),
        paypal_row("06/28/2026", "Grace Hopper", "Website Payment", 1525.00, -44.53, "grace@example.com", SHOP,
                   "8AB12345CD678902E", impact="Credit"),
        # Ada gets 25 back: Payment Refund, Debit, referring to her payment (fee partly returned: +0.73)
        paypal_row("06/29/2026", "Ada Lovelace", "Payment Refund", -25.00, 0.73, SHOP, "ada@example.com",
                   "1EF34567GH890123G", ref="8AB12345CD678901E", impact="Debit"),
        paypal_row("07/02/2026", "Ada Lovelace", "Website Payment", 80.00, -2.62, "ada@example.com", SHOP,
                   "8AB12345CD678903E", impact="Credit"),
        # the owner paid a supplier from the same account: Debit, not a refund, no reference
        paypal_row("06/30/2026", "Fernwood Supply", "Express Checkout Payment", -70.33, 0.00, SHOP,
                   "sales@fernwood.example", "3IJ56789KL012345I", impact="Debit"),
        # a memo: no money moved (an order authorised, not captured)
        paypal_row("07/01/2026", "Margaret Hamilton", "Order", 300.00, 0.00, "margaret@example.com", SHOP, "4MM",
                   impact="Memo"),
    ]
    path = write_csv(tmp_path / "Download.csv", PAYPAL, rows)
    revenue, orders, _ = ranked(path, tmp_path)
    # Ada: 120 + 80 - 25 = 175; Grace 1,525; Fernwood (paid by the owner) and Margaret (memo) are no clients
    assert_revenue(revenue, {"Ada Lovelace": 120 + 80 - 25, "Grace Hopper": 1525})
    assert orders == {"Ada Lovelace": 2, "Grace Hopper": 1}  # the refund is no order
    t = client_table(path)
    money = line(t, "Money:")
    assert "Balance Impact" in money and "1 refund or reversal taken off their clients" in money, money
    assert "1 payment you made left out (to Fernwood Supply: suppliers, not clients)" in money, money
    left = line(t, "Left out:")
    assert "memos (no money moved)" in left and "money you paid out (to Fernwood Supply)" in left, left


# ---------------------------------------------------------------- A: PayPal without Balance Impact

# A customised PayPal download without Balance Impact, in the shape of hledger's published example
# (hledger manual, CSV rules examples, "Paypal": examples/csv/paypal-custom.csv): the account holder
# (simon@joyful.com) pays subscriptions (negative Gross, holder in From Email Address) and PayPal
# adds a "Bank Deposit to PP Account " row (written with a trailing space; OCA's PayPal map
# hard-codes the same spelling) topping the balance up for each. Only money received is a sale.
PAYPAL_CUSTOM = ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
                 "From Email Address", "To Email Address", "Transaction ID", "Item Title", "Item ID",
                 "Reference Txn ID", "Receipt ID", "Balance", "Note"]
HOLDER = "simon@joyful.com"


def test_paypal_without_balance_impact_sign_and_holder_address_decide(tmp_path):
    def row(date, name, typ, status, gross, fee, payer, payee, txn, ref=""):
        return [date, "03:46:20", "PDT", name, typ, status, "USD", f"{gross:.2f}", f"{fee:.2f}", f"{gross + fee:.2f}",
                payer, payee, txn, "", "", ref, "", "0.00", ""]

    rows = [
        row("10/01/2019", "Calm Radio", "Subscription Payment", "Completed", -6.99, 0, HOLDER,
            "memberships@calmradio.com", "60P57143A8206782E", "I-R8YLY094FJYR"),
        row("10/01/2019", "", "Bank Deposit to PP Account ", "Pending", 6.99, 0, "", HOLDER, "0TU1544T080463733",
            "60P57143A8206782E"),
        row("10/01/2019", "Patreon", "PreApproved Payment Bill User Payment", "Completed", -7.00, 0, HOLDER,
            "support@patreon.com", "2722394R5F586712G", "B-0PG93074E7M86381S"),
        row("10/01/2019", "", "Bank Deposit to PP Account ", "Completed", 7.00, 0, "", HOLDER, "71854087RG994194F",
            "2722394R5F586712G"),
        # a subscriber pays the holder: money in, a client
        row("10/22/2019", "Noble Benefactor", "Subscription Payment", "Completed", 10.00, -0.59, "noble@bene.fac.tor",
            HOLDER, "6L8L1662YP1334033", "I-KC9VBGY2GWDB"),
        row("10/23/2019", "Ada Lovelace", "Website Payment", "Completed", 150.00, -4.65, "ada@example.com", HOLDER,
            "7ADA"),
        # Ada's refund: negative Gross, holder in From, referring to her payment
        row("10/24/2019", "Ada Lovelace", "Payment Refund", "Completed", -30.00, 0.87, HOLDER, "ada@example.com",
            "7ADB", "7ADA"),
    ]
    path = write_csv(tmp_path / "paypal-custom.csv", PAYPAL_CUSTOM, rows)
    revenue, _, _ = ranked(path, tmp_path)
    # Noble 10; Ada 150 - 30 = 120; Calm Radio and Patreon were paid by the holder; top-ups are transfers
    assert_revenue(revenue, {"Noble Benefactor": 10, "Ada Lovelace": 120})
    t = client_table(path)
    money = line(t, "Money:")
    assert "the sign of the amount" in money and "simon@joyful.com is you, the account holder" in money, money
    assert "to Calm Radio, Patreon: suppliers, not clients" in money, money
    assert "1 refund or reversal taken off their clients" in money, money


# ---------------------------------------------------------------- A: Venmo

# Venmo statement CSV (venmo.com, Statements, Download CSV), 2021-era header: two title rows
# ("Account Statement - (@user) ...", "Account Activity"), a header whose first cell is blank (every
# line starts with a comma), a beginning-balance row, signed "+ $1,150.00" / "- $220.00" amounts from
# the statement owner's view, and an ending-balance row with the disclaimer. Sources: the Ruby
# "Reunion" VenmoCsvParser comment quoting a real 2021 file, the Go test TestReadParseVenmo, and
# jakelit/cash-sync docs/specs/venmo_importer.md. On a Charge row From is the requester and To the
# payer (same sources), so From/To alone do not say who paid: the sign does.
VENMO = ["", "ID", "Datetime", "Type", "Status", "Note", "From", "To", "Amount (total)", "Amount (tip)",
         "Amount (fee)", "Funding Source", "Destination", "Beginning Balance", "Ending Balance",
         "Statement Period Venmo Fees", "Terminal Location", "Year to Date Venmo Fees", "Disclaimer"]


def venmo_file(tmp_path):
    def row(id_, when, typ, note, frm, to, amount, funding="", destination=""):
        return ["", id_, when, typ, "Complete", note, frm, to, amount, "", "", funding, destination, "", "", "",
                "Venmo", "", ""]

    width = len(VENMO)
    title = [["Account Statement - (@lilith-river) - March 27th to June 26th 2021 "] + [""] * (width - 1),
             ["Account Activity"] + [""] * (width - 1)]
    rows = [
        [""] * 13 + ["$8.00"] + [""] * 5,
        row("3240312810181230860", "2021-03-29T18:43:08", "Payment", "Logo design", "Brenda Mendez", "Lilith River",
            "+ $1,150.00", destination="Venmo balance"),
        # the holder pays for printer ink: money out, a supplier
        row("3240312810181230861", "2021-04-02T10:00:00", "Payment", "Printer ink", "Lilith River",
            "Office Depot Store", "- $220.00", funding="Visa Debit *0040"),
        # the holder charged Chuck (From = the holder, who requested; To = Chuck, who paid): money in from Chuck
        row("3240312810181230862", "2021-04-05T10:00:00", "Charge", "Website hosting", "Lilith River", "Chuck Lorax",
            "+ $300.00", destination="Venmo balance"),
        row("3240312810181230863", "2021-04-08T10:00:00", "Payment", "Logo revisions", "Brenda Mendez",
            "Lilith River", "+ $250.00", destination="Venmo balance"),
        row("3240312810181230864", "2021-04-10T10:00:00", "Standard Transfer", "", "", "", "- $1,000.00",
            destination="ALLY BANK *9391"),
        [""] * 14 + ["$488.00", "$0.00", "", "$0.00", "In case of errors or questions about your\n electronic "
                     "transfers: ..."],
    ]
    return write_csv(tmp_path / "venmo_statement.csv", VENMO, rows, title_rows=title)


def test_venmo_payments_received_are_sales_payments_sent_are_not(tmp_path):
    """What holds today: money received is counted, the ink the holder paid for is not."""
    t = client_table(venmo_file(tmp_path))
    money = line(t, "Money:")
    assert money.startswith("Money: 3 payments received counted"), money
    assert "Lilith River is you, the account holder" in money, money
    assert "Office Depot Store" not in set(t.frame[t.client_column])
    # Brenda: 1,150 + 250 = 1,400 (the money in from Brenda only)
    brenda = t.frame[t.frame[t.client_column] == "Brenda Mendez"]
    assert brenda["Revenue"].sum() == pytest.approx(1150 + 250)


def test_venmo_client_is_the_other_party_and_the_supplier_is_named(tmp_path):
    path = venmo_file(tmp_path)
    revenue, _, _ = ranked(path, tmp_path)
    # Brenda 1,150 + 250 = 1,400; Chuck paid the 300 the holder charged him; the holder is no client
    assert_revenue(revenue, {"Brenda Mendez": 1400, "Chuck Lorax": 300})
    money = line(client_table(path), "Money:")
    assert "to Office Depot Store: suppliers, not clients" in money, money


# ---------------------------------------------------------------- A: Wise

# Wise balance statement CSV (Account, [currency], Statements, CSV), the 19-20 column layout: every
# cell quoted, Date DD-MM-YYYY, Amount signed (money out negative), Payer Name filled on money in and
# Payee Name on money out, fee rows "Wise Charges for: ...". Sources: the Go test TestParseWise and
# ovidiugabriel/csv2sepa StatementRow.py (header); Wise API docs
# https://docs.wise.com/api-reference/balance-statement.md (the statement's DEBIT / CREDIT).
WISE = ["TransferWise ID", "Date", "Amount", "Currency", "Description", "Payment Reference", "Running Balance",
        "Exchange From", "Exchange To", "Exchange Rate", "Payer Name", "Payee Name", "Payee Account Number",
        "Merchant", "Card Last Four Digits", "Card Holder Full Name", "Attachment", "Note", "Total fees",
        "Exchange To Amount"]


def wise_row(id_, date, amount, description, reference, balance, payer="", payee="", account="", fees="0.00"):
    return [id_, date, amount, "EUR", description, reference, balance, "", "", "", payer, payee, account, "", "", "",
            "", "", fees, ""]


def test_wise_statement_money_received_by_payer_payments_sent_left_out(tmp_path):
    rows = [
        wise_row("TRANSFER-99", "10-09-2026", "1455.76", "Received money from PAYSURE SOLUTIONS LTD", "INV-0001",
                 "23130.93", payer="PAYSURE SOLUTIONS LTD"),
        wise_row("TRANSFER-2359487981", "08-09-2026", "-1495.06", "Sent money to Tonis Anton", "Invoice 12",
                 "21675.17", payee="Tonis Anton", account="EE382200221020145685", fees="4.94"),
        wise_row("CARD-4279179476", "03-09-2026", "-0.31", "Wise Charges for: CARD-4279179476", "", "23339.05",
                 fees="0.31"),
        wise_row("TRANSFER-98", "02-09-2026", "800.00", "Received money from Harbour Cafe", "INV-0002", "23339.36",
                 payer="Harbour Cafe"),
        wise_row("TRANSFER-97", "01-09-2026", "200.00", "Received money from PAYSURE SOLUTIONS LTD", "INV-0003",
                 "22539.36", payer="PAYSURE SOLUTIONS LTD"),
    ]
    path = tmp_path / "statement_42969426_EUR_2026-09-01_2026-09-30.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)  # the older statement quotes every cell
        w.writerow(WISE)
        w.writerows(rows)
    revenue, orders, _ = ranked(path, tmp_path)
    # PAYSURE 1,455.76 + 200 = 1,655.76; Harbour Cafe 800; Tonis Anton was paid by the holder; the fee is Wise's
    assert_revenue(revenue, {"PAYSURE SOLUTIONS LTD": 1455.76 + 200, "Harbour Cafe": 800})
    assert orders == {"PAYSURE SOLUTIONS LTD": 2, "Harbour Cafe": 1}
    money = line(client_table(path), "Money:")
    assert money.startswith("Money: 3 payments received counted; 1 payment you made left out"), money
    assert ("Money in or out read from the sign of the amount; the client is the other party: Payer Name on money "
            "in, Payee Name on money out") in money, money


# ---------------------------------------------------------------- A: only money paid out

def test_wise_statement_with_only_payments_made_is_refused(tmp_path):
    # the current 23-column Wise statement (third-party fixture stating it copies a real
    # statement_42969426_EUR... file; the same header in two unrelated repositories' tests), money out only
    header = ["TransferWise ID", "Date", "Date Time", "Amount", "Currency", "Description", "Payment Reference",
              "Running Balance", "Exchange From", "Exchange To", "Exchange Rate", "Payer Name", "Payee Name",
              "Payee Account Number", "Merchant", "Card Last Four Digits", "Card Holder Full Name", "Attachment",
              "Note", "Total fees", "Exchange To Amount", "Transaction Type", "Transaction Details Type"]

    def row(id_, date, amount, description, balance, payee, fees="0.00"):
        return [id_, date, date + " 17:23:16.284", amount, "EUR", description, "", balance, "", "", "", "", payee,
                "EE382200221020145685", "", "", "", "", "", fees, "", "DEBIT", "TRANSFER"]

    rows = [row("TRANSFER-1", "29-01-2025", "-211.27", "Geld überwiesen", "1000.00", "Max Muster"),
            row("TRANSFER-2", "30-01-2025", "-1495.06", "Sent money to Tonis Anton", "788.73", "Tonis Anton", "4.94"),
            row("TRANSFER-3", "31-01-2025", "-80.00", "Sent money to Max Muster", "708.73", "Max Muster")]
    path = write_csv(tmp_path / "statement_23243482_EUR_2025-01-04_2025-06-02.csv", header, rows)
    code, err = refused(path, tmp_path)
    # 3 rows, all negative: 3 out, 0 in
    assert "lists payments you made (3 out, 0 in" in err, err
    assert "Export the payments you received instead" in err


def test_paypal_download_with_only_debits_is_refused(tmp_path):
    rows = [paypal_row("06/30/2026", "Fernwood Supply", "Express Checkout Payment", -70.33, 0, SHOP,
                       "sales@fernwood.example", "3IJ1", impact="Debit"),
            paypal_row("07/02/2026", "Calm Radio", "Subscription Payment", -6.99, 0, SHOP,
                       "memberships@calmradio.com", "3IJ2", impact="Debit")]
    path = write_csv(tmp_path / "Download.csv", PAYPAL, rows)
    with pytest.raises(ClientTableError, match=r"lists payments you made \(2 out, 0 in, read from its column "
                                               r"Balance Impact\)"):
        client_table(path)
    code, err = refused(path, tmp_path)
    assert "lists payments you made (2 out, 0 in" in err


# ---------------------------------------------------------------- F: Stripe, converted amounts

# Stripe Payments export (unified_payments.csv), the Dashboard's default 23 columns (as listed by a
# UI clone, and the legacy column list of a 2015 script). Amount / Currency are what the customer
# was charged (lowercase codes); Converted Amount / Converted Currency the same charge in the
# account's settlement currency (Stripe docs https://docs.stripe.com/currencies/disputes-refunds).
STRIPE = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Converted Amount",
          "Converted Amount Refunded", "Converted Currency", "Decline Reason", "Description", "Fee",
          "Refunded date (UTC)", "Statement Descriptor", "Status", "Seller Message", "Taxes On Fee", "Card ID",
          "Customer ID", "Customer Description", "Customer Email", "Invoice ID", "Transfer"]


def stripe_rows():
    def row(pid, created, amount, refunded, currency, converted, converted_refunded, fee, customer, email):
        return [pid, created, amount, refunded, currency, "true", converted, converted_refunded, "eur", "",
                "Workshop", fee, "", "ACME", "Paid", "Payment complete.", "0.00", "card_" + pid[-3:], customer, "",
                email, "", "po_1"]

    return [row("ch_3Pabc", "2026-03-02 10:15:04", "60.00", "0.00", "usd", "52.80", "0.00", "1.92", "cus_1",
                "ada@example.com"),
            row("ch_3Pdef", "2026-03-03 11:00:00", "100.00", "0.00", "eur", "100.00", "0.00", "1.75", "cus_2",
                "grace@example.com"),
            row("ch_3Pghi", "2026-03-04 11:00:00", "50.00", "0.00", "gbp", "58.50", "0.00", "1.10", "cus_1",
                "ada@example.com"),
            # partly refunded in euros: 40 - 15 = 25
            row("ch_3Pjkl", "2026-03-05 11:00:00", "40.00", "15.00", "eur", "40.00", "15.00", "0.95", "cus_3",
                "linus@example.com"),
            row("ch_3Pmno", "2026-03-06 11:00:00", "10000", "0", "jpy", "61.20", "0.00", "1.30", "cus_2",
                "grace@example.com")]


# Ada: 52.80 + 58.50 = 111.30 EUR (never 60 USD + 50 GBP = "110"); Grace: 100 + 61.20 = 161.20 EUR
# (never 100 + 10,000 JPY); Linus 40 - 15 = 25
STRIPE_EXPECTED = {"ada@example.com": 52.80 + 58.50, "grace@example.com": 100 + 61.20, "linus@example.com": 25}


def test_stripe_several_currencies_ranked_on_the_converted_amounts(tmp_path):
    path = write_csv(tmp_path / "unified_payments.csv", STRIPE, stripe_rows())
    revenue, _, _ = ranked(path, tmp_path)
    assert_revenue(revenue, STRIPE_EXPECTED)
    cur = line(client_table(path), "Currency:")
    assert "4 currencies" in cur and "ranked on Converted Amount" in cur, cur


def test_stripe_resaved_with_semicolons_in_another_column_order(tmp_path):
    """The same export opened in a European Excel and saved again: ";" between cells, decimal
    commas, the columns moved around. The figures must not change."""
    order = [20, 2, 6, 4, 8, 3, 7, 14, 0, 1, 18, 19, 11, 10, 5, 9, 12, 13, 15, 16, 17, 21, 22]
    money = {2, 3, 6, 7, 11, 16}
    path = tmp_path / "unified_payments (1).csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow([STRIPE[i] for i in order])
        for r in stripe_rows():
            w.writerow([r[i].replace(".", ",") if i in money else r[i] for i in order])
    revenue, _, _ = ranked(path, tmp_path)
    assert_revenue(revenue, STRIPE_EXPECTED)
    assert "ranked on Converted Amount" in line(client_table(path), "Currency:")


# ---------------------------------------------------------------- F: no converted column

# Xero sales invoice export (Business, Invoices, Export, CSV): one row per invoice line, Currency
# per row and amounts in the invoice's currency only, no base-currency column. The 44-column header
# appears identically in four unrelated repositories (research notes, section 4c); a reduced set here.
XERO = ["ContactName", "EmailAddress", "InvoiceNumber", "Reference", "InvoiceDate", "DueDate", "Total", "TaxTotal",
        "InvoiceAmountPaid", "InvoiceAmountDue", "Description", "Quantity", "UnitAmount", "Discount", "LineAmount",
        "AccountCode", "TaxType", "TaxAmount", "Currency", "Type", "Sent", "Status"]


def xero_row(contact, number, date, net, currency, status="Paid"):
    tax = round(net * 0.15, 2)
    total = net + tax
    return [contact, "", number, "", date, date, f"{total:.4f}", f"{tax:.4f}", f"{total:.4f}", "0.0000",
            "Consulting", "1.0000", f"{net:.4f}", "", f"{net:.4f}", "200", "15% GST on Income", f"{tax:.4f}",
            currency, "Sales invoice", "Sent", status]


def test_xero_invoices_in_two_currencies_most_common_ranked_other_listed(tmp_path):
    rows = [xero_row("Harbour Cafe", "INV-1014", "24/03/2026", 1300.0, "NZD"),
            xero_row("Harbour Cafe", "INV-1015", "25/03/2026", 200.0, "NZD"),
            xero_row("Kiwi Bikes", "INV-1016", "26/03/2026", 700.0, "NZD"),
            xero_row("Sydney Surf Co", "INV-1017", "27/03/2026", 5000.0, "AUD"),
            xero_row("Kiwi Bikes", "INV-1018", "28/03/2026", 900.0, "AUD")]
    path = write_csv(tmp_path / "Export.csv", XERO, rows)
    revenue, _, printed = ranked(path, tmp_path)
    # NZD is on 3 of 5 rows: Harbour Cafe (1,495 - 195) + (230 - 30) = 1,500; Kiwi Bikes 700 (its 900
    # AUD never added); Sydney Surf Co only paid in AUD: not ranked
    assert_revenue(revenue, {"Harbour Cafe": 1300 + 200, "Kiwi Bikes": 700})
    t = client_table(path)
    cur = line(t, "Currency:")
    assert cur.startswith("Currency: NZD (3 of 5 rows") and "2 rows in AUD left out" in cur, cur
    assert "amounts in AUD, not NZD" in line(t, "Left out:")


# Harvest detailed time report (Reports, Detailed time, Export CSV); the Currency column holds the
# long name ("Euro - EUR", "Swedish Krona - SEK"), per the fixture citing Harvest's help centre
# "Detailed time and detailed expense reports" (research notes, section 4a).
HARVEST = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
           "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
           "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"]


def harvest_row(date, client, hours, rate, cost_rate, currency, rounded=None, billable=True):
    rounded = hours if rounded is None else rounded
    amount = round(rate * rounded, 2) if billable else 0
    return [date, client, "Brochure", "GL-01", "Design", "", f"{hours:g}", f"{rounded:g}",
            "Yes" if billable else "No", "No", "Yes", "Hugo", "Bernard", "Designer", "Yes",
            f"{rate if billable else 0:.2f}", f"{amount:.2f}", f"{cost_rate:.2f}", f"{cost_rate * hours:.2f}",
            currency, ""]


def test_harvest_two_currencies_in_a_tie_are_refused_with_currencies_and_counts(tmp_path):
    rows = [harvest_row("2025-01-13", "Garage Leroy", 3.5, 95, 45, "Euro - EUR"),
            harvest_row("2025-01-14", "Garage Leroy", 2, 95, 45, "Euro - EUR"),
            harvest_row("2026-07-02", "Example Client", 4, 1000, 0, "Swedish Krona - SEK"),
            harvest_row("2026-07-03", "Example Client", 1, 1000, 0, "Swedish Krona - SEK")]
    path = write_csv(tmp_path / "harvest_time_report.csv", HARVEST, rows)
    code, err = refused(path, tmp_path)
    # 2 rows each: neither currency is the more common one
    # Harvest writes the currency's name and code ("Euro - EUR"): read as the code
    assert "2 currencies (Currency: EUR 2, SEK 2 rows)" in err, err
    assert "cannot be added up" in err


def test_invoice_list_two_currencies_in_a_tie_are_refused(tmp_path):
    # a hand-kept invoice list with a currency column (the shape of Invoice Ninja's invoice export,
    # invoiceninja/invoiceninja tests/Feature/Import/invoice.csv, plus a Currency column)
    rows = [["INV-101", "2026-01-05", "Harbour Cafe", "1200.00", "EUR", "Paid"],
            ["INV-102", "2026-01-09", "Garage Leroy", "800.00", "EUR", "Paid"],
            ["INV-104", "2026-01-20", "Nordic Ltd", "5000.00", "SEK", "Paid"],
            ["INV-106", "2026-02-03", "Garage Leroy", "2500.00", "SEK", "Paid"]]
    path = write_csv(tmp_path / "invoices.csv", ["Invoice Number", "Invoice Date", "Client", "Amount", "Currency",
                                                 "Status"], rows)
    code, err = refused(path, tmp_path)
    assert "the amounts are in 2 currencies (Currency: EUR 2, SEK 2 rows)" in err, err


def test_invoice_list_most_common_currency_ranked_the_other_on_the_left_out_line(tmp_path):
    rows = [["INV-101", "2026-01-05", "Harbour Cafe", "1200.00", "EUR", "Paid"],
            ["INV-102", "2026-01-09", "Garage Leroy", "800.00", "EUR", "Paid"],
            ["INV-103", "2026-01-12", "Harbour Cafe", "300.00", "EUR", "Paid"],
            ["INV-104", "2026-01-20", "Nordic Ltd", "5000.00", "SEK", "Paid"],
            ["INV-105", "2026-02-02", "Garage Leroy", "450.00", "EUR", "Paid"],
            ["INV-106", "2026-02-03", "Garage Leroy", "2500.00", "SEK", "Paid"]]
    path = write_csv(tmp_path / "invoices.csv", ["Invoice Number", "Invoice Date", "Client", "Amount", "Currency",
                                                 "Status"], rows)
    revenue, orders, printed = ranked(path, tmp_path)
    # EUR on 4 of 6 rows: Harbour 1,200 + 300 = 1,500; Garage Leroy 800 + 450 = 1,250 (its 2,500 SEK not added)
    assert_revenue(revenue, {"Harbour Cafe": 1500, "Garage Leroy": 1250})
    assert orders == {"Harbour Cafe": 2, "Garage Leroy": 2}
    assert "Currency: EUR (4 of 6 rows, Currency); 2 rows in SEK left out" in printed, printed
    assert "Left out: 2 rows with amounts in SEK, not EUR (rows 5, 7)" in printed, printed

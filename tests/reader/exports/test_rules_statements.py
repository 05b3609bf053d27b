"""Bank and card statements read by the rule of money in and out (xlclientrank/reader/rules/): only
money received from a party makes it a client; a statement of payments made only is refused. Each
file has the layout of a real statement kept as a test fixture by a public importer (named above
it), with made-up rows; each was ranked wrong (shops and card holders as clients) before."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ranking_rows, refused, run_cli, write_csv
from tests.reader.exports.test_rules_world import ranked


def test_n26_statement_of_card_payments_is_refused_as_payments_made(tmp_path):
    # N26, older German export (bank2ynab test-data 20171001-20171106_N26_DE.csv)
    path = write_csv(tmp_path / "n26.csv", ["Datum", "Empfänger", "Kontonummer", "Transaktionstyp",
                                            "Verwendungszweck", "Kategorie", "Betrag (EUR)"],
                     [["2017-10-01", "NINTENDO OF EUROPE", "", "MasterCard Zahlung", "", "Freizeit", "-59.99"],
                      ["2017-10-02", "Vodafone GmbH", "DE12500105170648489890", "Lastschrift", "Rechnung 123",
                       "Telefon", "-36.99"]])
    code, err = refused(path, tmp_path)
    assert code == 4 and "lists payments you made (2 out, 0 in" in err, err


def test_monzo_export_of_one_purchase_is_refused(tmp_path):
    # Monzo data export (bank2ynab test-data MonzoDataExport_February2018.csv)
    path = write_csv(tmp_path / "monzo.csv", ["id", "created", "amount", "currency", "local_amount", "local_currency",
                                              "category", "emoji", "description", "address", "notes", "receipt"],
                     [["tx_00009TziTeST1NG1ZWIPGS", "2018-02-25 12:34:56 +0000", "-10", "GBP", "-10", "GBP", "general",
                       "", "Tesco", "", "", ""]])
    code, err = refused(path, tmp_path)
    assert "lists payments you made (1 out, 0 in" in err, err


def test_bunq_statement_the_payer_is_the_client_the_bank_and_the_shop_are_not(tmp_path):
    # bunq "transactieoverzicht" (bank2ynab test-data 2018-04-14_bunq-transactieoverzicht.csv)
    path = write_csv(tmp_path / "bunq.csv", ["Datum", "Bedrag", "Rekening", "Tegenrekening", "Naam", "Omschrijving"],
                     [["2018-03-01", "-2,56", "NL47BUNQ2025181418", "NL89BUNQ2025105584", "bunq", "invoice 410408"],
                      ["2018-03-09", "750,00", "NL47BUNQ2025181418", "NL77RABO0311467415", "W. KOELEWIJN EO",
                       "Naar Bunq"],
                      ["2018-03-12", "-18,90", "NL47BUNQ2025181418", "NL11INGB0001234567", "Quality Nuts",
                       "Bestelling 77"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"W. KOELEWIJN EO": 750.0})
    money = next(u for u in summary["understood"] if u.startswith("Money:"))
    assert "most amounts are negative" in money and "to Quality Nuts, bunq: suppliers" in money, money


def test_a_shop_that_refunded_part_of_a_purchase_is_no_client(tmp_path):
    # a card statement with a purchase and its partial refund (the refund comes in from the shop)
    path = write_csv(tmp_path / "card.csv", ["Date", "Name", "Description", "Amount"],
                     [["2019-02-01", "NETFLIX.COM", "subscription", "-12.99"],
                      ["2019-02-03", "NETFLIX.COM", "refund", "4.00"],
                      ["2019-02-05", "CLOUDFLARE", "hosting", "-8.78"],
                      ["2019-02-07", "Ada Lovelace", "invoice 17", "250.00"],
                      ["2019-02-09", "Hosting Co", "server", "-30.00"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Ada Lovelace": 250.0})  # Netflix paid back 4 of the 12.99 paid to it


def test_kbc_card_statement_with_credit_and_debit_columns_is_refused(tmp_path):
    # KBC Mastercard Business (bank2ynab test-data export_KBC-Mastercard_Business_Essential.csv): the card
    # holder is the owner, credit is the owner's own top-up from the checking account
    header = ["kredietkaart", "kaarthouder", "uitgavenstaat", "datum verrichting", "Datum verrekening", "bedrag",
              "credit", "debet", "munt", "koers", "bedrag in EUR", "Kosten op verrichting", "Handelaar", "locatie",
              "land", "toelichting"]
    path = tmp_path / "kbc.csv"
    rows = [["1234567890123456", "SMITH JOHN", "", "01/02/2020", "03/02/2020", "-16,52", "", "-16,52", "EUR", "1",
             "-16,52", "0", "More info", "", "", ""],
            ["", "", "", "24/01/2020", "24/01/2020", "35,77", "35,77", "", "EUR", "1", "35,77", "0",
             "Payment from Checking account", "", "", ""],
            ["1234567890123456", "SMITH JOHN", "januari 2020", "01/01/2020", "02/01/2020", "-16,52", "", "-16,52",
             "EUR", "1", "-16,52", "0", "More info", "", "", ""]]
    path.write_text(";".join(header) + "\n" + "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    code, err = refused(path, tmp_path)
    # the card holder is the owner (their own card), the credit a top-up from their checking account
    assert "a statement of your own card: 'kaarthouder' (SMITH JOHN)" in err, err


def test_revolut_business_card_payment_is_refused_not_ranked_on_its_original_amount(tmp_path):
    # Revolut Business statement (nikolausm/Revolut2Lexoffice Console_Minicon_jan_1_jan_31.csv): Orig amount
    # is the card payment in the shop's currency, Amount the money that left the account
    header = ["Date started (UTC)", "Time started (UTC)", "Date completed (UTC)", "State", "Type", "Description",
              "Reference", "Payer", "Orig currency", "Orig amount", "Payment currency", "Amount", "Fee", "Balance"]
    rows = [["2021-01-20", "18:13:08", "2021-01-21", "COMPLETED", "CARD_PAYMENT", "Kartenzahlung an Github", "",
             "John Doe", "USD", "4.00", "EUR", "-3.31", "0.00", "0"],
            ["2021-01-22", "09:00:00", "2021-01-22", "COMPLETED", "CARD_PAYMENT", "Kartenzahlung an AWS", "",
             "John Doe", "USD", "20.00", "EUR", "-18.50", "0.00", "0"]]
    code, err = refused(write_csv(tmp_path / "revolut.csv", header, rows), tmp_path)
    assert "lists payments you made (2 out, 0 in" in err, err


def test_sumup_money_in_and_out_columns_count_only_money_in(tmp_path):
    # SumUp business account (csv2ofx data/test/sumup.csv): one column of money out, one of money in
    header = ["Datum", "Referenz", "Art der Transaktion", "Zahlungsbetrag ausgehend", "Zahlungsbetrag eingehend",
              "Zahlungswährung"]
    rows = [["29.12.24", "Angelika Theissen", "Ausgehende Banküberweisung", "840.12", "0.00", "EUR"],
            ["15.03.24", "Sara Dietrich", "Eingehende Banküberweisung", "0.00", "40.00", "EUR"],
            ["20.01.24", "Hans König", "Eingehende Banküberweisung", "0.00", "10.00", "EUR"]]
    path = write_csv(tmp_path / "sumup.csv", header, rows)
    code, out, err = run_cli("rerank", path, "--out", tmp_path / "s.xlsx", "--json", "--client-column", "Referenz")
    assert code == 0, err
    summary = json.loads(out[out.index("{"):])
    head, body = ranking_rows(tmp_path / "s.xlsx")
    got = {r[head.index("Client")]: r[head.index(summary["pareto"]["column"])] for r in body}
    assert got == pytest.approx({"Sara Dietrich": 40.0, "Hans König": 10.0})
    assert summary["pareto"]["column"] == "Zahlungsbetrag eingehend"


def test_an_online_shops_order_history_of_the_owners_purchases_is_refused(tmp_path):
    # Amazon Business order history (egh/ledger-autosync fixtures/amazon.csv): Seller and one buyer, the owner
    header = ["Order Date", "Order ID", "Title", "Seller", "Purchase Price Per Unit", "Quantity",
              "Ordering Customer Email", "Buyer Name", "Item Subtotal", "Currency"]
    rows = [["01/29/16", "123-4567890-1234567", "Best Soap Ever", "Amazon.com", "$10.00", "2", "me@mailinator.com",
             "ME", "$20.00", "USD"],
            ["02/03/16", "123-4567890-7654321", "Paper", "Office Goods Inc", "$5.00", "1", "me@mailinator.com",
             "ME", "$5.00", "USD"]]
    code, err = refused(write_csv(tmp_path / "amazon.csv", header, rows), tmp_path)
    assert "purchases from your suppliers ('Seller')" in err, err


def test_a_csv_with_lines_ended_by_cr_alone_is_read(tmp_path):
    # Excel for Mac before 2016 saved CSV lines ended by CR alone (csv2ofx data/test/xero.csv has them)
    path = tmp_path / "old_mac.csv"
    path.write_bytes(b"Client,Revenue\rAcme Ltd,100\rBeta GmbH,50\r")
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 100.0, "Beta GmbH": 50.0})


def test_a_card_statement_of_purchases_and_their_refunds_is_refused_as_payments_made(tmp_path):
    # bunq statement (bank2ynab test-data 2019-03-02_bunq-statement.csv): card payments to shops and the
    # shops' refunds of some of them; no one paid the owner
    path = write_csv(tmp_path / "bunq2019.csv", ["Date", "Amount", "Account", "Counterparty", "Name", "Description"],
                     [["2018-12-06", "-8,78", "NL26BUNQ2025126409", "", "CLOUDFLARE", "CLOUDFLARE 650-3198939"],
                      ["2018-12-06", "8,78", "NL26BUNQ2025126409", "", "CLOUDFLARE", "Refund: CLOUDFLARE"],
                      ["2018-12-06", "-8,76", "NL26BUNQ2025126409", "", "CLOUDFLARE", "CLOUDFLARE 650-3198939"],
                      ["2018-12-17", "-7,99", "NL26BUNQ2025126409", "", "NETFLIX.COM", "NETFLIX.COM 14087249160"]])
    code, err = refused(path, tmp_path)
    assert "lists payments you made (3 out" in err and "the 1 in are refunds from those you paid" in err, err

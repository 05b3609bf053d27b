"""General reading rules (xlclientrank/reader/rules/ and exports.reading._revenue), document
side: C, status words, cancellation documents and quotes; B, refund and adjusted columns; D,
per-unit rates and the numbers orders are counted by.

Every file is built here in the layout its product documents (the source is named above each
builder; the layouts were collected in the research notes for the general rules), ranked with the real
command (``run_cli``) or read by the reader (``tests.helpers.client_table``), and each expected
figure is worked out by hand in a comment next to it. Nothing of ours is mocked. Tests marked
xfail(strict=True) show what the program does wrong today (the reason names it)."""

from __future__ import annotations

import csv

import pytest

from tests.helpers import assert_revenue, client_table, ranked, ranking_rows, refused, run_cli, write_csv

# ---------------------------------------------------------------- helpers

def line(table, start):
    return next(u for u in table.understood if u.startswith(start))


def semicolons(path, header, rows, title_rows=()):
    """A list as a German, French or Dutch Excel saves it: ";" between cells, UTF-8 with a BOM."""
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, delimiter=";")
        for t in title_rows:
            w.writerow(t)
        w.writerow(header)
        w.writerows(rows)
    return path


# ---------------------------------------------------------------- C: German invoice list

# A German invoice list (hand-kept or exported): ";", decimal comma, DD.MM.YYYY. The status words are
# lexoffice's (API voucher statuses draft / open / paid / voided, German UI labels Entwurf / offen /
# bezahlt / storniert; https://docs.rs/lexoffice/latest/lexoffice/model/voucherlist/struct.Voucherlist.html;
# a cancelled lexoffice invoice only gets a Storno stamp, no new document:
# https://support.lexoffice.de/de-form/articles/2112505-rechnungen-stornieren).
DE = ["Rechnungsnummer", "Datum", "Kunde", "Betrag netto", "Status"]
DE_ROWS = [["RE-2025-001", "15.01.2025", "Müller GmbH", "1.000,00", "bezahlt"],
           ["RE-2025-002", "15.01.2025", "Schmidt & Söhne", "2.500,00", "bezahlt"],
           ["RE-2025-003", "03.02.2025", "Müller GmbH", "400,00", "offen"],
           ["RE-2025-004", "10.02.2025", "Weber KG", "750,00", "storniert"],
           ["RE-2025-005", "12.02.2025", "Schmidt & Söhne", "300,00", "Entwurf"],
           ["RE-2025-006", "20.02.2025", "Weber KG", "1.200,00", "bezahlt"],
           ["RE-2025-007", "20.02.2025", "Müller GmbH", "600,00", "bezahlt"],
           ["RE-2025-008", "28.02.2025", "Schmidt & Söhne", "350,00", "offen"]]


def test_german_invoice_list_storniert_and_entwurf_left_out_status_line_lists_the_values(tmp_path):
    path = semicolons(tmp_path / "Rechnungen.csv", DE, DE_ROWS)
    revenue, orders, printed = ranked(path, tmp_path)
    # Müller 1,000 + 400 + 600 = 2,000; Schmidt 2,500 + 350 = 2,850 (the 300 draft not sent);
    # Weber 1,200 (the 750 storniert took no money)
    assert_revenue(revenue, {"Müller GmbH": 2000, "Schmidt & Söhne": 2850, "Weber KG": 1200})
    # D: orders counted by invoice number: Müller has 3 Rechnungsnummern, Schmidt 2 on 2 different dates
    # though RE-2025-001 and -002 share a date with other clients
    assert orders == {"Müller GmbH": 3, "Schmidt & Söhne": 2, "Weber KG": 1}
    assert "Orders: distinct Rechnungsnummer" in printed, printed
    status = line(client_table(path), "Status:")
    assert status.startswith("Status: left out 2 rows that are no sale (Status: storniert 1, Entwurf 1); kept 6 "
                             "(Status: bezahlt 4, offen 2)"), status
    assert "Left out: 1 row with status cancelled, voided or failed (no sale) (row 5); 1 row with status draft " \
           "(not sent yet) (row 6)" in printed, printed


# A Storno-Rechnung as several German tools write it: a new document in the same number range, with
# negative amounts and a note "Storno-Rechnung zu Rechnung: <number>", the original staying as it was
# (https://academy.surface-solutions.com/books/benutzerhandbuch-de/page/rechnungen-stornieren;
# https://docs.asello.eu/pos/stornieren-von-rechnungen; poool: "Titel der stornierten Ausgangsrechnung
# mit dem Zusatz STORNO", https://academy.poool.cc/buchhaltung/...).
DE_STORNO = ["Rechnungsnummer", "Datum", "Kunde", "Betreff", "Betrag netto", "Status"]


def test_storno_counter_document_and_its_original_are_left_out_together(tmp_path):
    rows = [["RE-2025-012", "03.03.2025", "Müller GmbH", "Beratung März", "1.000,00", "bezahlt"],
            ["RE-2025-013", "05.03.2025", "Müller GmbH", "Beratung April", "800,00", "bezahlt"],
            ["RE-2025-014", "10.03.2025", "Weber KG", "Website Relaunch", "2.000,00", "bezahlt"],
            ["RE-2025-015", "12.03.2025", "Schmidt & Söhne", "Wartung", "500,00", "bezahlt"],
            ["RE-2025-016", "20.03.2025", "Weber KG", "Storno zu RE-2025-014", "-2.000,00", "Storno"],
            ["RE-2025-017", "25.03.2025", "Weber KG", "Hosting", "300,00", "offen"],
            ["RE-2025-018", "26.03.2025", "Schmidt & Söhne", "Wartung", "250,00", "bezahlt"]]
    path = semicolons(tmp_path / "Rechnungen.csv", DE_STORNO, rows)
    revenue, orders, printed = ranked(path, tmp_path)
    # Weber: the 2,000 and its -2,000 Storno both out (never 300 - 2,000 = -1,700, never 2,300): 300 left
    assert_revenue(revenue, {"Müller GmbH": 1800, "Weber KG": 300, "Schmidt & Söhne": 750})
    assert orders["Weber KG"] == 1
    assert "documents cancelled by a cancellation document (row 4)" in printed, printed


def test_storno_with_the_original_marked_storniert_leaves_both_out(tmp_path):
    # the shape in the research notes, section 3: original "storniert", the counter-document "Storno"
    # with a reference column ("Bezug")
    rows = [["RE-2024-001", "15.01.2024", "Max Mustermann", "100,00", "storniert", ""],
            ["ST-2024-001", "20.01.2024", "Max Mustermann", "-100,00", "Storno", "RE-2024-001"],
            ["RE-2024-002", "22.01.2024", "Anna Schmidt", "1.250,00", "bezahlt", ""],
            ["RE-2024-003", "23.01.2024", "Max Mustermann", "500,00", "bezahlt", ""],
            ["RE-2024-004", "24.01.2024", "Anna Schmidt", "250,00", "bezahlt", ""]]
    path = semicolons(tmp_path / "Rechnungen.csv", ["Rechnungsnummer", "Datum", "Kunde", "Netto", "Status", "Bezug"],
                      rows)
    revenue, _, _ = ranked(path, tmp_path)
    # Max 500 (100 - 100 both gone), Anna 1,250 + 250 = 1,500
    assert_revenue(revenue, {"Max Mustermann": 500, "Anna Schmidt": 1500})


# ---------------------------------------------------------------- C: French, Dutch, Spanish

def test_french_invoice_list_annulee_and_brouillon_left_out(tmp_path):
    # statuses of the translation table in the research notes (FR: Payée, Brouillon, Annulée)
    rows = [["F-2025-001", "05/01/2025", "Boulangerie Martin", "1 200,00", "Payée"],
            ["F-2025-002", "09/01/2025", "Garage Leroy", "800,00", "Payée"],
            ["F-2025-003", "12/01/2025", "Boulangerie Martin", "300,00", "Annulée"],
            ["F-2025-004", "20/01/2025", "Garage Leroy", "450,00", "Brouillon"],
            ["F-2025-005", "02/02/2025", "Garage Leroy", "650,00", "En retard"],
            ["F-2025-006", "03/02/2025", "Boulangerie Martin", "100,00", "Payée"],
            ["F-2025-007", "04/02/2025", "Café du Port", "900,00", "annulée"]]
    path = semicolons(tmp_path / "factures.csv", ["Numéro de facture", "Date", "Client", "Montant HT", "Statut"], rows)
    revenue, orders, printed = ranked(path, tmp_path)
    # Boulangerie 1,200 + 100 = 1,300; Garage 800 + 650 = 1,450; Café du Port only cancelled: no client
    assert_revenue(revenue, {"Boulangerie Martin": 1300, "Garage Leroy": 1450})
    assert "Status: left out 3 rows that are no sale (Statut: Annulée 1, Brouillon 1, annulée 1)" in printed


def test_dutch_invoice_list_geannuleerd_and_concept_left_out(tmp_path):
    # Moneybird's states (API: draft, open, paid, ...; Dutch UI "concept", "open", "betaald"), the
    # Dutch words of the research notes' translation table
    rows = [["2025-0001", "06-01-2025", "Bakkerij de Vries", "1.500,00", "Betaald"],
            ["2025-0002", "08-01-2025", "Jansen BV", "700,00", "Concept"],
            ["2025-0003", "15-01-2025", "Bakkerij de Vries", "250,00", "Open"],
            ["2025-0004", "20-01-2025", "Jansen BV", "900,00", "Betaald"],
            ["2025-0005", "22-01-2025", "Jansen BV", "400,00", "Geannuleerd"],
            ["2025-0006", "25-01-2025", "Bakkerij de Vries", "300,00", "Betaald"]]
    path = semicolons(tmp_path / "facturen.csv", ["Factuurnummer", "Factuurdatum", "Klant", "Bedrag excl. btw",
                                                  "Status"], rows)
    revenue, orders, printed = ranked(path, tmp_path)
    # de Vries 1,500 + 250 + 300 = 2,050; Jansen 900
    assert_revenue(revenue, {"Bakkerij de Vries": 2050, "Jansen BV": 900})
    assert orders == {"Bakkerij de Vries": 3, "Jansen BV": 1}
    assert "Status: left out 2 rows that are no sale (Status: Concept 1, Geannuleerd 1)" in printed


# Holded (Spain) invoice list: "Num", "Fecha", "Cliente", Subtotal, IVA, Total, Estado
# (https://academy.holded.com/hc/en-us/articles/360024718032; the Spanish import template names the
# number "Num factura", https://academy.holded.com/hc/es/articles/360022438852)
HOLDED = ["Num factura", "Fecha", "Cliente", "Subtotal", "IVA", "Total", "Estado"]
HOLDED_ROWS = [["F25-001", "07/01/2025", "Talleres Pérez", "1.000,00", "210,00", "1.210,00", "Cobrada"],
               ["F25-002", "09/01/2025", "Bar Sol", "500,00", "105,00", "605,00", "Anulada"],
               ["F25-003", "14/01/2025", "Talleres Pérez", "200,00", "42,00", "242,00", "Pendiente"],
               ["F25-004", "20/01/2025", "Bar Sol", "800,00", "168,00", "968,00", "Cobrada"],
               ["", "22/01/2025", "Bar Sol", "300,00", "63,00", "363,00", "Borrador"],
               ["F25-005", "25/01/2025", "Talleres Pérez", "150,00", "31,50", "181,50", "Cobrada"],
               ["F25-006", "25/01/2025", "Talleres Pérez", "50,00", "10,50", "60,50", "Cobrada"]]


def test_spanish_invoice_list_anulada_and_borrador_left_out(tmp_path):
    path = semicolons(tmp_path / "facturas.csv", HOLDED, HOLDED_ROWS)
    revenue, _, printed = ranked(path, tmp_path)
    # Talleres 1,000 + 200 + 150 + 50 = 1,400 before IVA; Bar Sol 800 (500 anulada, 300 borrador)
    assert_revenue(revenue, {"Talleres Pérez": 1400, "Bar Sol": 800})
    assert "Status: left out 2 rows that are no sale (Estado: Anulada 1, Borrador 1)" in printed


def test_spanish_num_factura_counts_orders(tmp_path):
    path = semicolons(tmp_path / "facturas.csv", HOLDED, HOLDED_ROWS)
    _, orders, printed = ranked(path, tmp_path)
    # Talleres: F25-001, -003, -005, -006 = 4 invoices (two of them on the same day)
    assert orders["Talleres Pérez"] == 4
    assert "Orders: distinct Num factura" in printed, printed


# ---------------------------------------------------------------- C: quotes

def test_invoice_ninja_v4_quotes_export_is_refused_as_quotes(tmp_path):
    # invoiceninja/invoiceninja tests/Feature/Import/quotes.csv: three title rows ("Invoice Ninja
    # v4.5.49 - <date>", a blank row, "QUOTES"), then Client, Email, Quote Number, Amount, Paid, PO
    # Number, Status, Quote Date, Due Date, ..., Item Cost, Item Quantity, ...
    header = ["Client", "Email", "Quote Number", "Amount", "Paid", "PO Number", "Status", "Quote Date", "Due Date",
              "Discount", "Public Notes", "Private Notes", "Item Product", "Item Notes", "Item Cost", "Item Quantity"]
    width = len(header)
    title = [["Invoice Ninja v4.5.49 - February 7, 2022 9:33 pm"] + [""] * (width - 1), [""] * width,
             ["QUOTES"] + [""] * (width - 1)]
    rows = [["Jody Cartwright Jr.", "julian50@example.com", "0002", "$5.55", "$0.00", "", "Sent", "2021-08-09",
             "2021-09-20", "", "", "", "quod", "", "5.55", "1"],
            ["Keyshawn Hahn", "lewis.harris@example.com", "0013", "$23.73", "$0.00", "", "Sent", "2021-09-02",
             "2021-06-23", "", "", "", "ratione", "", "3.39", "7"],
            ["Keyshawn Hahn", "lewis.harris@example.com", "0014", "$6.69", "$0.00", "", "Sent", "2021-06-11",
             "2021-07-20", "", "", "", "dolor", "", "2.23", "3"]]
    path = write_csv(tmp_path / "quotes.csv", header, rows, title_rows=title)
    _, err = refused(path, tmp_path)
    assert "lists quotes (offers), not sales" in err and "'Quote Number'" in err, err


def test_a_type_column_mixing_invoices_and_quotes_leaves_the_quotes_out(tmp_path):
    # lexoffice voucher types (invoice, quotation, ... : the lexoffice API voucher list above) in a
    # list that holds both, German labels "Rechnung" and "Angebot"; and English rows "Invoice" / "Quote"
    header = ["Belegnummer", "Belegdatum", "Kunde", "Belegart", "Betrag netto"]
    rows = [["RE-2025-101", "02.04.2025", "Müller GmbH", "Rechnung", "1.200,00"],
            ["AN-2025-040", "01.04.2025", "Müller GmbH", "Angebot", "5.000,00"],
            ["RE-2025-102", "08.04.2025", "Weber KG", "Rechnung", "700,00"],
            ["AN-2025-041", "09.04.2025", "Schmidt & Söhne", "Angebot", "3.000,00"],
            ["RE-2025-103", "15.04.2025", "Weber KG", "Rechnung", "450,00"],
            ["RE-2025-104", "16.04.2025", "Müller GmbH", "Rechnung", "300,00"]]
    path = semicolons(tmp_path / "Belege.csv", header, rows)
    revenue, _, printed = ranked(path, tmp_path)
    # Müller 1,200 + 300 = 1,500 (the 5,000 offer is no sale); Weber 700 + 450 = 1,150; Schmidt only an offer
    assert_revenue(revenue, {"Müller GmbH": 1500, "Weber KG": 1150})
    assert "quotes or estimates (no sale)" in printed, printed

    rows = [["INV-1", "2025-04-02", "Ada Ltd", "Invoice", "1200.00"],
            ["Q-7", "2025-04-01", "Ada Ltd", "Quote", "9000.00"],
            ["INV-2", "2025-04-08", "Babbage & Co", "Invoice", "700.00"],
            ["INV-3", "2025-04-15", "Babbage & Co", "Invoice", "300.00"],
            ["Q-8", "2025-04-16", "Curie SA", "Quote", "2500.00"]]
    path = write_csv(tmp_path / "documents.csv", ["Number", "Date", "Customer", "Type", "Amount"], rows)
    revenue, _, _ = ranked(path, tmp_path, "ranked2.xlsx")
    assert_revenue(revenue, {"Ada Ltd": 1200, "Babbage & Co": 1000})


def test_a_list_of_drafts_only_is_ranked_with_a_note(tmp_path):
    rows = [[r[0], r[1], r[2], r[3], "Entwurf"] for r in DE_ROWS[:5]]
    path = semicolons(tmp_path / "Rechnungen.csv", DE, rows)
    revenue, _, printed = ranked(path, tmp_path)
    # every row a draft: all counted; Müller 1,000 + 400, Schmidt 2,500 + 300, Weber 750
    assert_revenue(revenue, {"Müller GmbH": 1400, "Schmidt & Söhne": 2800, "Weber KG": 750})
    assert "Every row is a draft (Status: Entwurf 5); they are ranked, since there is nothing else." in printed


# ---------------------------------------------------------------- B: refund and adjusted columns

# Etsy Sold Orders CSV header (US shop): Scala decoder comment and the Vietnamese spec table of its
# positions (research notes, section 2a). Adjusted Order Total is 0.00 on every order never adjusted
# (a public analysis of real EtsySoldOrders2021/2022 files reads "Adjusted ... if != 0 else ...");
# Etsy Help 360016265394: "Adjusted Gross: Order amount after any refund issued".
ETSY = ["Sale Date", "Order ID", "Buyer User ID", "Full Name", "First Name", "Last Name", "Number of Items",
        "Payment Method", "Date Shipped", "Street 1", "Street 2", "Ship City", "Ship State", "Ship Zipcode",
        "Ship Country", "Currency", "Order Value", "Coupon Code", "Coupon Details", "Discount Amount",
        "Shipping Discount", "Shipping", "Sales Tax", "Order Total", "Status", "Card Processing Fees", "Order Net",
        "Adjusted Order Total", "Adjusted Card Processing Fees", "Adjusted Net Order Amount", "Buyer", "Order Type",
        "Payment Type", "InPerson Discount", "InPerson Location", "SKU"]


def etsy(date, order, user, name, value, discount, shipping, tax, adjusted=("0.00", "0.00", "0.00")):
    first, last = name.split(" ", 1)
    total = value - discount + shipping + tax
    fee = round(total * 0.03 + 0.25, 2)
    return [date, order, user, name, first, last, "1", "Credit Card", date, "12 Secret Lane", "", "Kamloops", "BC",
            "V2C 1A1", "Canada", "CAD", f"{value:.2f}", "", "", f"{discount:.2f}", "0", f"{shipping:.2f}",
            f"{tax:.2f}", f"{total:.2f}", "Completed", f"{fee:.2f}", f"{total - fee:.2f}", *adjusted, user, "online",
            "online_cc", "", "", ""]


def test_etsy_adjusted_0_on_ordinary_orders_and_a_partial_refund_uses_the_adjusted_figure(tmp_path):
    rows = [etsy("09/03/26", "9001", "janedoe", "Jane Doe", 68.00, 0, 8.00, 0),
            etsy("09/05/26", "9003", "janedoe", "Jane Doe", 20.00, 0, 4.00, 0),
            # Bob: 27 - 2.70 coupon + 6 shipping = 30.30; refunded down to 15.15 (Adjusted Order Total)
            etsy("09/12/26", "9002", "bobsmith", "Bob Smith", 27.00, 2.70, 6.00, 0, ("15.15", "0.58", "14.57")),
            etsy("09/14/26", "9004", "annlee", "Ann Lee", 45.00, 0, 5.00, 3.60)]
    path = write_csv(tmp_path / "EtsySoldOrders2026-9.csv", ETSY, rows)
    revenue, orders, _ = ranked(path, tmp_path)
    # Jane: (76 - 8) + (24 - 4) = 88; Bob: 15.15 - 6 shipping = 9.15; Ann: 53.60 - 5 - 3.60 = 45
    assert_revenue(revenue, {"Jane Doe": 68 + 20, "Bob Smith": 15.15 - 6, "Ann Lee": 45})
    assert orders == {"Jane Doe": 2, "Bob Smith": 1, "Ann Lee": 1}


# Shopify Orders export (Orders, Export, CSV): the first columns as ids 68493366614, 38857112271 and
# 55494690058 of the research notes show them; Financial Status values of
# https://shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus; Refunded Amount
# is the money refunded for the order, tax and shipping included (research notes, section 2b).
SHOPIFY = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
           "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount",
           "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
           "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable",
           "Lineitem fulfillment status", "Billing Name", "Refunded Amount"]


def shopify(name, email, status, subtotal, shipping, taxes, refunded, billing, created):
    total = subtotal + shipping + taxes
    return [name, email, status, created, "fulfilled", created, "no", "EUR", f"{subtotal:.2f}", f"{shipping:.2f}",
            f"{taxes:.2f}", f"{total:.2f}", "", "0.00", "Standard", created, "1", "Matcha Essence 100 gram",
            f"{subtotal:.2f}", "", "MAT-100", "true", "true", "fulfilled", billing, f"{refunded:.2f}"]


def test_shopify_partial_refund_taken_off_in_proportion(tmp_path):
    rows = [shopify("#1050", "koper@example.com", "paid", 100.00, 0.00, 21.00, 0, "Koper BV",
                    "2026-05-01 10:00:00 +0200"),
            # 200 goods + 20 shipping + 30 tax = 250; 50 refunded, tax and shipping included
            shopify("#1051", "lotte@example.com", "partially_refunded", 200.00, 20.00, 30.00, 50.00, "Lotte Smit",
                    "2026-05-02 10:00:00 +0200")]
    path = write_csv(tmp_path / "orders_export_1.csv", SHOPIFY, rows)
    revenue, _, _ = ranked(path, tmp_path)
    # Lotte: the refund gives back goods in the share 200/250 of the order: 200 - 50 x 200/250 = 160
    # (never 250 - 50 - 20 - 30 = 150, which takes the refunded tax and shipping off twice)
    assert_revenue(revenue, {"Koper BV": 100, "Lotte Smit": 200 - 50 * 200 / 250})


# Stripe unified_payments.csv (see tests/reader/exports/test_rules_money.py for the sources): Amount Refunded is the
# refund in the charge's currency
STRIPE = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Decline Reason",
          "Description", "Fee", "Status", "Customer ID", "Customer Description", "Customer Email"]


def test_stripe_amount_refunded_larger_than_the_amount_gives_no_negative_client(tmp_path):
    rows = [["ch_1", "2026-03-02 10:00:00", "100.00", "0.00", "eur", "true", "", "Course", "1.75", "Paid", "cus_1",
             "", "ada@example.com"],
            ["ch_2", "2026-03-03 10:00:00", "50.00", "20.00", "eur", "true", "", "Course", "1.00", "Paid", "cus_2",
             "", "grace@example.com"],
            # a refund column larger than the sale (an amount already net of it, or a wrong column)
            ["ch_3", "2026-03-04 10:00:00", "30.00", "80.00", "eur", "true", "", "Course", "0.70", "Paid", "cus_3",
             "", "linus@example.com"]]
    path = write_csv(tmp_path / "unified_payments.csv", STRIPE, rows)
    revenue, _, printed = ranked(path, tmp_path)
    # Ada 100; Grace 50 - 20 = 30; Linus: 30 - 80 would be -50: nothing taken off, 30
    assert_revenue(revenue, {"ada@example.com": 100, "grace@example.com": 30, "linus@example.com": 30})
    assert all(v >= 0 for v in revenue.values())
    notes = client_table(path).notes
    assert any("1 row has an Amount Refunded larger than its Amount (row 3 of the list)" in n for n in notes), notes


def test_hand_list_with_a_refund_column_larger_than_the_sale(tmp_path):
    rows = [["2026-01-05", "INV-1", "Ada Ltd", "1000.00", "0.00"],
            ["2026-01-06", "INV-2", "Babbage & Co", "400.00", "100.00"],
            ["2026-01-07", "INV-3", "Babbage & Co", "200.00", "0.00"],
            ["2026-01-08", "INV-4", "Curie SA", "300.00", "450.00"],
            ["2026-01-09", "INV-5", "Ada Ltd", "250.00", "0.00"],
            ["2026-01-10", "INV-6", "Curie SA", "150.00", "0.00"]]
    path = write_csv(tmp_path / "sales.csv", ["Date", "Invoice", "Client", "Sales", "Refunded"], rows)
    revenue, _, printed = ranked(path, tmp_path)
    # Ada 1,000 + 250; Babbage 400 - 100 + 200 = 500; Curie: 450 refunded of a 300 sale is not taken off
    # (never 300 - 450 + 150 = 0 or below): 300 + 150 = 450
    assert all(v >= 0 for v in revenue.values()), revenue
    assert_revenue(revenue, {"Ada Ltd": 1250, "Babbage & Co": 500, "Curie SA": 450})
    assert "Refunded larger than its Sales" in printed, printed


# ---------------------------------------------------------------- D: per-unit rates

HARVEST = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
           "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
           "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"]


def test_harvest_billable_amount_never_a_rate_cost_rate_never_a_cost(tmp_path):
    # Harvest detailed time report (research notes 4a; Harvest help "Detailed time and detailed
    # expense reports"): Billable Amount = rate x Hours Rounded (0.20 h worked, 0.25 billed)
    rows = [["2025-01-13", "Garage Leroy", "Brochure", "GL-01", "Design", "", "3.5", "3.5", "Yes", "Yes", "Yes",
             "Hugo", "Bernard", "Designer", "Yes", "95.00", "332.50", "45.00", "157.50", "Euro - EUR", ""],
            ["2025-01-15", "Garage Leroy", "Brochure", "GL-01", "Meetings", "", "1", "1", "No", "No", "Yes",
             "Julien", "Roux", "Designer", "No", "0", "0", "50.00", "50.00", "Euro - EUR", ""],
            ["2025-01-16", "Example Client", "Migration", "EX-1", "Consulting", "", "0.20", "0.25", "Yes", "No", "No",
             "Ada", "Lovelace", "", "Yes", "1000", "250", "40.00", "8.00", "Euro - EUR", ""]]
    path = write_csv(tmp_path / "harvest_time_report.csv", HARVEST, rows)
    out = tmp_path / "ranked.xlsx"
    code, stdout, err = run_cli("rerank", path, "--out", out)
    assert code == 0, err
    head, body = ranking_rows(out)
    got = {r[head.index("Client")]: r for r in body}
    # Garage Leroy: 332.50 (+ 0 not billable); cost 157.50 + 50 = 207.50 (Cost Amount, never Cost Rate 45 + 50)
    assert got["Garage Leroy"][head.index("Revenue")] == pytest.approx(332.50)
    assert got["Garage Leroy"][head.index("Gross profit")] == pytest.approx(332.50 - 207.50)
    # Example Client: 250 (Billable Amount), never 1,000 (the rate); cost 8
    assert got["Example Client"][head.index("Revenue")] == pytest.approx(250)
    assert got["Example Client"][head.index("Gross profit")] == pytest.approx(250 - 8)


def test_clockify_billable_amount_not_the_rate(tmp_path):
    # Clockify Detailed report CSV (research notes 4b): the currency in the header
    header = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
              "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)", "Billable Rate (USD)",
              "Billable Amount (USD)"]
    rows = [["Mobile App", "Acme Corp", "Push notifications", "", "Ada", "", "ada@x.com", "dev", "Yes", "03/06/2024",
             "10:00:00 AM", "03/06/2024", "12:00:00 PM", "02:00:00", "2.00", "150.00", "300.00"],
            ["Alpha", "Beta LLC", "API work", "", "Ada", "", "ada@x.com", "backend", "Yes", "03/07/2024",
             "09:00:00 AM", "03/07/2024", "11:30:00 AM", "02:30:00", "2.50", "50.00", "125.00"],
            ["Mobile App", "Acme Corp", "Review", "", "Ada", "", "ada@x.com", "dev", "Yes", "03/08/2024",
             "01:00:00 PM", "03/08/2024", "01:30:00 PM", "00:30:00", "0.50", "150.00", "75.00"],
            ["Internal Training", "Beta LLC", "Documentation writing", "Writing", "Ada", "", "ada@x.com", "", "No",
             "03/09/2024", "10:00:00 AM", "03/09/2024", "12:00:00 PM", "02:00:00", "2.00", "", "0"]]
    path = write_csv(tmp_path / "Clockify_Time_Report_Detailed_2024-03-01-2024-03-31.csv", header, rows)
    revenue, _, _ = ranked(path, tmp_path)
    # Acme 300 + 75 = 375 (rates 150 + 150 = 300 would be wrong); Beta 125 + 0 = 125
    assert_revenue(revenue, {"Acme Corp": 375, "Beta LLC": 125})


# Xero sales invoice export (research notes 4c: the 44-column header identical in four unrelated
# repositories): one row per invoice LINE, UnitAmount the price per unit, LineAmount the line, Total
# and TaxTotal the invoice's, repeated on every line
XERO = ["ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4",
        "POCity", "PORegion", "POPostalCode", "POCountry", "SAAddressLine1", "SAAddressLine2", "SAAddressLine3",
        "SAAddressLine4", "SACity", "SARegion", "SAPostalCode", "SACountry", "InvoiceNumber", "Reference",
        "InvoiceDate", "DueDate", "PlannedDate", "Total", "TaxTotal", "InvoiceAmountPaid", "InvoiceAmountDue",
        "InventoryItemCode", "Description", "Quantity", "UnitAmount", "Discount", "LineAmount", "AccountCode",
        "TaxType", "TaxAmount", "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2", "Currency",
        "Type", "Sent", "Status"]
# (contact, invoice, date, [(description, quantity, unit amount)]), 15% GST on top
XERO_INVOICES = [("Harbour Cafe", "INV-1014", "24/03/2026", [("Wholesale coffee", 4, 325.0), ("Filters", 10, 2.5)]),
                 ("Kiwi Bikes", "INV-1015", "25/03/2026", [("Service", 3, 80.0)]),
                 ("Harbour Cafe", "INV-1016", "28/03/2026", [("Wholesale coffee", 1, 325.0)])]


def xero_lines(without=()):
    rows = []
    for contact, number, date, lines in XERO_INVOICES:
        net = sum(q * u for _, q, u in lines)
        tax = round(net * 0.15, 2)
        for description, q, u in lines:
            f = {"ContactName": contact, "POCity": "Nelson", "POPostalCode": "7010", "POCountry": "NZ",
                 "InvoiceNumber": number, "InvoiceDate": date, "DueDate": date, "Total": f"{net + tax:.4f}",
                 "TaxTotal": f"{tax:.4f}", "InvoiceAmountPaid": "0.0000", "InvoiceAmountDue": f"{net + tax:.4f}",
                 "Description": description, "Quantity": f"{q:.4f}", "UnitAmount": f"{u:.4f}",
                 "LineAmount": f"{q * u:.4f}", "AccountCode": "200", "TaxType": "15% GST on Income",
                 "TaxAmount": f"{q * u * 0.15:.4f}", "Currency": "NZD", "Type": "Sales invoice", "Sent": "Sent",
                 "Status": "Awaiting Payment"}
            rows.append([f.get(h, "") for h in XERO if h not in without])
    return [h for h in XERO if h not in without], rows


# Harbour: 4 x 325 + 10 x 2.50 + 1 x 325 = 1,650 (UnitAmount would give 325 + 2.50 + 325 = 652.50); Kiwi 3 x 80 = 240
XERO_EXPECTED = {"Harbour Cafe": 4 * 325 + 10 * 2.5 + 325, "Kiwi Bikes": 3 * 80}


def test_xero_invoice_export_line_amounts_never_unit_amount(tmp_path):
    header, rows = xero_lines()
    path = write_csv(tmp_path / "Export.csv", header, rows)
    revenue, orders, _ = ranked(path, tmp_path)
    assert_revenue(revenue, XERO_EXPECTED)
    assert orders == {"Harbour Cafe": 2, "Kiwi Bikes": 1}


def test_xero_lines_without_invoice_totals_line_amount_per_contact(tmp_path):
    header, rows = xero_lines(without=("Total", "TaxTotal", "InvoiceAmountPaid", "InvoiceAmountDue"))
    path = write_csv(tmp_path / "Export.csv", header, rows)
    revenue, orders, printed = ranked(path, tmp_path)
    assert_revenue(revenue, XERO_EXPECTED)
    assert "Revenue: LineAmount" in printed


def test_stundensatz_times_stunden_when_no_amount(tmp_path):
    header = ["Rechnungsnummer", "Datum", "Kunde", "Stunden", "Stundensatz"]
    rows = [["RE-2025-001", "15.01.2025", "Müller GmbH", "10", "95,00"],
            ["RE-2025-002", "22.01.2025", "Schmidt & Söhne", "4,5", "110,00"],
            ["RE-2025-003", "03.02.2025", "Müller GmbH", "2", "95,00"],
            ["RE-2025-004", "10.02.2025", "Weber KG", "8", "80,00"],
            ["RE-2025-005", "12.02.2025", "Schmidt & Söhne", "1", "110,00"],
            ["RE-2025-006", "20.02.2025", "Weber KG", "3", "80,00"],
            ["RE-2025-007", "21.02.2025", "Müller GmbH", "1,5", "95,00"]]
    path = semicolons(tmp_path / "Stunden.csv", header, rows)
    revenue, orders, printed = ranked(path, tmp_path)
    expected = {}
    for _, _, client, hours, rate in rows:
        value = float(hours.replace(",", ".")) * float(rate.replace(",", "."))
        expected[client] = expected.get(client, 0) + value
    # Müller (10 + 2 + 1.5) x 95 = 1,282.50; Schmidt 5.5 x 110 = 605; Weber 11 x 80 = 880
    assert_revenue(revenue, expected)
    assert orders == {"Müller GmbH": 3, "Schmidt & Söhne": 2, "Weber KG": 2}
    assert "Revenue: Stundensatz x Stunden on each row" in printed, printed
    assert "Orders: distinct Rechnungsnummer" in printed, printed


def test_unit_price_times_qty_when_no_amount(tmp_path):
    header = ["Order", "Date", "Customer", "Item", "Qty", "Unit price"]
    rows = [["1001", "2026-02-01", "Ada Ltd", "Brass gear", "3", "12.50"],
            ["1001", "2026-02-01", "Ada Ltd", "Punch cards", "2", "40.00"],
            ["1002", "2026-02-03", "Babbage & Co", "Brass gear", "10", "12.50"],
            ["1003", "2026-02-05", "Ada Ltd", "Manual", "1", "20.00"]]
    path = write_csv(tmp_path / "order_lines.csv", header, rows)
    revenue, orders, printed = ranked(path, tmp_path)
    # Ada 37.50 + 80 + 20 = 137.50; Babbage 125
    assert_revenue(revenue, {"Ada Ltd": 137.50, "Babbage & Co": 125})
    assert "Revenue: Unit price x Qty on each row" in printed, printed

"""Header words in the seven languages (xlclientrank/headers/): which columns are revenue, which
amount is *the* revenue, and which columns are no factor at all."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT
from xlclientrank import headers


def key(header):
    kind = headers.recognise(header)
    return kind.key if kind else None


REVENUE = [
    # English, from shop, invoice and accounting exports
    "Revenue 2026", "Sales", "Total", "Total Spent", "Gross", "Net sales", "Amount", "LineAmount", "TotalAmount",
    "SubTotal", "Line Total", "Total excl. tax ($)", "Total incl. tax ($)", "Amount Before Sales Tax",
    "Paid to Date", "Billable Amount", "Order total", "Lifetime value",
    # German
    "Umsatz", "Umsatz 2025", "Umsatzerlöse", "Nettoumsatz", "Betrag", "Brutto", "Netto", "Gesamt", "Gesamtbetrag",
    "Rechnungsbetrag", "Nettobetrag", "Betrag (EUR)",
    # French
    "Chiffre d'affaires", "CA HT", "Montant", "Montant HT", "Montant TTC", "Total TTC", "Ventes",
    # Spanish
    "Ventas", "Importe", "Importe total", "Total", "Base imponible", "Ingresos",
    # Dutch
    "Omzet", "Bedrag", "Factuurbedrag", "Totaal", "Bedrag excl. btw",
    # Italian
    "Fatturato", "Importo", "Totale", "Imponibile", "Ricavi",
    # Portuguese
    "Receita", "Faturamento", "Valor", "Valor total", "Vendas",
]


@pytest.mark.parametrize("header", REVENUE)
def test_amount_headers_in_seven_languages_are_revenue(header):
    assert key(header) == "revenue"


NOT_A_FACTOR = [
    # what was taken as revenue before the header words of seven languages
    "Fee", "Fee Amount", "Sales Tax", "Discount Amount", "Sales price", "Annual Revenue", "Stripe Fee",
    # tax
    "Tax", "Tax Amount", "TotalTaxAmount", "Steuer", "MwSt", "Umsatzsteuer", "Steuerbetrag", "TVA", "Montant TVA",
    "IVA", "Importe IVA", "BTW", "omzetbelasting", "Imposta", "Imposto", "GST",
    # fees, discounts, shipping
    "Gebühr", "Gebühren", "Frais", "Comisión", "Rabatt", "Rabattbetrag", "Remise", "Descuento", "Korting", "Sconto",
    "Desconto", "Shipping", "ShipAmount", "Versand", "Versandkosten", "Livraison", "Frais de port", "Envío",
    "Verzendkosten", "Spedizione", "Frete",
    # prices and quantities
    "Unit price", "Item Price", "Rate", "Einzelpreis", "Prix unitaire", "Precio unitario", "Prezzo unitario",
    "Preço unitário", "Quantity", "Qty", "Menge", "Quantité", "Cantidad", "Aantal", "Quantità", "Quantidade",
    # what a CRM says about the prospect itself
    "Annual revenue", "Jahresumsatz", "Chiffre d'affaires annuel", "Ingresos anuales", "Number of Employees",
    "Employees", "Mitarbeiter",
    # money still owed, identifiers, addresses
    "Balance", "Balance Due", "BalanceDueAmount", "Outstanding Amount", "Amount due", "Saldo",
    "Postal code", "Billing Postal Code", "PLZ", "Code postal", "Código postal", "Phone", "Telefon", "Téléphone",
    "ID", "Invoice ID", "Order ID", "Customer ID", "Transaction ID", "Kundennummer", "Rechnungsnummer",
    "Numéro de facture", "Exchange Rate", "Tax Rate", "Discount Percent",
    # names, dates and times of day that only look like factor words
    "Billing Name", "Paid at", "Created at", "Start time", "End time", "TimeZone",
]


@pytest.mark.parametrize("header", NOT_A_FACTOR)
def test_tax_fee_discount_shipping_price_quantity_and_ids_are_no_factor(header):
    assert headers.recognise(header) is None


@pytest.mark.parametrize("header,want", [
    ("Total hours", "hours"), ("Total orders", "orders"), ("Gross profit", "profit"), ("Net profit", "profit"),
    ("Number of orders", "orders"), ("No. of orders", "orders"), ("Rechnungen", "orders"),
    ("Anzahl Rechnungen", "orders"), ("Factures", "orders"), ("Facturas", "orders"), ("Facturen", "orders"),
    ("Fatture", "orders"), ("Faturas", "orders"), ("Bestellungen", "orders"), ("Commandes", "orders"),
    ("Pedidos", "orders"), ("Ordini", "orders"),
    ("Stunden", "hours"), ("Heures", "hours"), ("Horas", "hours"), ("Uren", "hours"), ("Ore", "hours"),
    ("Gesamtstunden", "hours"),
    ("Marge", "profit"), ("Rohertrag", "profit"), ("Deckungsbeitrag", "profit"), ("Bénéfice", "profit"),
    ("Margen", "profit"), ("Winst", "profit"), ("Margine", "profit"), ("Lucro", "profit"),
    ("Kunde seit", "tenure"), ("Client depuis", "tenure"), ("Cliente desde", "tenure"), ("Klant sinds", "tenure"),
    ("Letzte Bestellung", "recency"), ("Dernière commande", "recency"), ("Última compra", "recency"),
    ("Panier moyen", "average_sale"), ("Average order value", "average_sale"),
    ("Reklamationen", "complaints"), ("Réclamations", "complaints"), ("Quejas", "complaints"),
    ("Klachten", "complaints"), ("Empfehlungen", "referrals"), ("Bewertung", "fit"), ("Valutazione", "fit"),
    ("Duration", "hours"), ("Dauer", "hours"), ("Durée", "hours"), ("Payment Count", "orders"),
    ("Transaction Count", "orders"), ("Brut", "revenue"), ("Amount in company currency", "revenue"),
])
def test_other_kinds_in_seven_languages(header, want):
    assert key(header) == want


@pytest.mark.parametrize("header", ["Date Paid", "DatePaid", "Invoice Date", "Order Date", "Date/Time",
                                    "Rechnungsdatum", "Date de facture"])
def test_a_date_column_is_no_amount_or_count(header):
    assert headers.recognise(header) is None or headers.recognise(header).value == "date"


@pytest.mark.parametrize("header_list,want", [
    (["Total", "Subtotal", "Tax"], "Subtotal"),
    (["Montant TTC", "Montant HT", "TVA"], "Montant HT"),
    (["Brutto", "Netto", "MwSt"], "Netto"),
    (["TotalAmount", "SubtotalAmount", "AmountPaidAmount", "TotalTaxAmount"], "SubtotalAmount"),
    (["Total incl. tax ($)", "Total excl. tax ($)"], "Total excl. tax ($)"),
    (["Grand Total", "Net Total", "Base Grand Total"], "Net Total"),
    (["Gross sales", "Discounts", "Net sales", "Taxes", "Total sales"], "Net sales"),
    (["Amount", "Paid"], "Amount"),
    (["Paid to Date", "Balance"], "Paid to Date"),
    (["Importe", "IVA", "Total con IVA"], "Importe"),
    # a payment processor's payout after its fee is not revenue net of tax
    (["Gross", "Fee", "Net"], "Gross"),
    (["Amount", "Fee", "Net"], "Amount"),
    (["Avant commission", "Frais", "Net"], "Avant commission"),  # PayPal in French
    (["Fee", "Sales Tax", "Quantity"], None),
])
def test_the_revenue_is_the_amount_before_sales_tax(header_list, want):
    assert headers.best_revenue(header_list) == want


@pytest.mark.parametrize("header", [
    "Client", "Customer name", "Company", "Kunde", "Kundenname", "Firma", "client", "Société", "Raison sociale",
    "Cliente", "Razón social", "Empresa", "Klant", "Bedrijf", "Ragione sociale", "Azienda", "Party", "Nom du client",
])
def test_client_headers_in_seven_languages(header):
    assert headers.is_client_header(header)


@pytest.mark.parametrize("header", ["Amount", "Umsatz", "Kundennummer", "Contact email", "Datum"])
def test_other_headers_are_no_client_header(header):
    assert not headers.is_client_header(header)


@pytest.mark.parametrize("role,header", [
    ("date", "Datum"), ("date", "Rechnungsdatum"), ("date", "Date de facture"), ("date", "Fecha"),
    ("date", "Factuurdatum"), ("date", "Data fattura"), ("date", "Data"),
    ("client_id", "Kundennummer"), ("client_id", "Kunden-Nr."), ("client_id", "N° client"),
    ("client_id", "Código de cliente"), ("client_id", "Klantnummer"), ("client_id", "Codice cliente"),
    ("order_id", "Rechnungsnummer"), ("order_id", "N° facture"), ("order_id", "Número de factura"),
    ("order_id", "Factuurnummer"), ("order_id", "Numero fattura"), ("order_id", "Número da fatura"),
    ("cost", "Kosten"), ("cost", "Coût"), ("cost", "Coste"), ("cost", "Costo"), ("cost", "Custo"),
])
def test_order_line_role_words(role, header):
    assert headers.role(header, role)


def test_every_language_has_words_for_every_kind_and_the_lists():
    for kind in headers.KINDS:
        assert set(headers.WORDS[kind.key]) == set(headers.LANGUAGES), kind.key
    assert set(headers.NOT_A_FACTOR) == set(headers.CLIENT_WORDS) == set(headers.LANGUAGES)
    for table in headers.ROLE_WORDS.values():
        assert set(table) == set(headers.LANGUAGES)


def test_fold_splits_camel_case_and_drops_accents_and_punctuation():
    assert headers.fold("TotalAmount") == "total amount"
    assert headers.fold("Montant HT (€)") == "montant ht"
    assert headers.fold("Umsatzerlöse") == "umsatzerlose"
    assert headers.fold("Größe") == "grosse"


def test_the_readme_factor_table_is_what_recognise_does():
    """Every example header in README's factor table is recognised as its row's factor."""

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    labels = {k.label: k.key for k in headers.KINDS}
    rows = [line.split("|")[1:3] for line in readme.splitlines()
            if line.startswith("| ") and line.split("|")[1].strip() in labels]
    assert len(rows) == len(headers.KINDS)
    for label, examples in rows:
        for example in examples.replace(";", ",").split(","):
            assert key(example.strip()) == labels[label.strip()], (label, example)


def test_the_net_of_tax_column_is_the_revenue_in_a_client_list_and_in_order_lines(tmp_path):
    """When a table has Total and Subtotal (or Brutto and Netto), revenue is the one before tax,
    whichever comes first: as the README's "Which amount is your revenue" says."""
    import json

    from tests.helpers import make_workbook, run_cli

    rows = [["Client", "Total", "Subtotal"]] + [[f"C{i}", 119.0 * i, 100.0 * i] for i in range(1, 11)]
    code, out, err = run_cli("rerank", make_workbook(tmp_path / "list.xlsx", rows), "--out", tmp_path / "o.xlsx",
                             "--json")
    assert code == 0, err
    assert json.loads(out[out.index("{"):])["pareto"]["column"] == "Subtotal"
    lines = [["Kunde", "Datum", "Brutto", "Netto"]]
    for i in range(30):
        lines.append([f"K{i % 5}", f"0{1 + i % 9}.03.2025", 119.0 * (i + 1), 100.0 * (i + 1)])
    code, out, err = run_cli("rerank", make_workbook(tmp_path / "lines.xlsx", lines), "--out", tmp_path / "p.xlsx",
                             "--json")
    assert code == 0, err
    assert json.loads(out[out.index("{"):])["pareto"]["total"] == sum(100.0 * (i + 1) for i in range(30))


def test_fees_are_what_a_practice_bills_a_fee_is_a_processor_s():
    from xlclientrank import headers

    assert headers.recognise("Fees").key == headers.recognise("Professional fees 2025").key == "revenue"
    for h in ("Fee", "Fee Amount", "Processing Fees", "Transaction fee", "PayPal fee"):
        assert headers.recognise(h) is None, h

"""The words of the general reading rules (:mod:`xlclientrank.reader.rules`), as data, per language
(English, German, French, Spanish, Dutch, Italian, Portuguese), in the notation of
:mod:`xlclientrank.headers` (whole words of the folded text; ``"-x"`` a word ending, ``"x-"`` a word
start, ``"(s)"`` an optional ending, ``"..."`` any words between).

Each table applies to every file, known export or not; the catalogue entries
(:mod:`xlclientrank.reader.exports.catalogue`) only add what a product documents beyond them.

* :data:`STATUS_HEADERS`, :data:`DOCUMENT_TYPE_HEADERS`: the columns that say a document's status
  or what kind of document a row is;
* :data:`NOT_A_SALE`: the status values of documents that took no money (cancelled, voided,
  deleted, failed), :data:`DRAFT` (not sent yet: no sale unless drafts are all there is) and
  :data:`QUOTE` (offers, estimates, pro-forma documents);
* :data:`QUOTE_HEADERS`: a quote's own number as a header: a file of quotes (its rows are offers);
  :data:`SUPPLIER_HEADERS`: a
  header that names a supplier (a file of purchases, when no header names a client);
* :data:`DIRECTION_HEADERS`, :data:`MONEY_IN`, :data:`MONEY_OUT`, :data:`NO_MONEY`: a payment
  account's column that says whether money came in or went out, and its values;
* :data:`MONEY_IN_HEADERS`, :data:`MONEY_OUT_HEADERS`: a statement's two amount columns, money in
  and money out (Paid in / Paid out, Credit / Debit), read only as a pair;
* :data:`PARTY_PAIRS`: the two columns of a payment's payer and payee (From / To);
* :data:`REFUND_TYPES`: transaction types that give a client's money back (a refund is theirs;
  any other money going out is a payment the owner made);
* :data:`REFERENCE_HEADERS`: a row's reference to another transaction or document;
* a rate or a price per hour or per unit is never an amount: its words are header words,
  ``headers.PER_UNIT`` (with ``headers.QUANTITY``, what a rate is multiplied by);
* :data:`CURRENCY_HEADERS`, :data:`CONVERTED`: the currency of a row's amounts, and an amount
  converted into one currency (the account's, the company's, the base currency).
"""

from __future__ import annotations

STATUS_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("status", "state", "invoice status", "order status", "document status", "payment status",
           "financial status", "stage"),
    "de": ("status", "-status", "zustand", "belegstatus", "rechnungsstatus"),
    "fr": ("statut", "etat", "statut de la facture"),
    "es": ("estado", "estado de la factura"),
    "nl": ("status", "-status", "staat"),
    "it": ("stato", "stato documento"),
    "pt": ("estado", "situacao", "status"),
}

DOCUMENT_TYPE_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("type", "document type", "doc type", "invoice type", "transaction type", "voucher type", "kind"),
    "de": ("typ", "art", "belegart", "belegtyp", "dokumenttyp", "dokumentart", "rechnungsart", "-typ"),
    "fr": ("type", "type de document", "type de piece"),
    "es": ("tipo", "tipo de documento", "tipo de factura"),
    "nl": ("type", "soort", "documenttype", "documentsoort"),
    "it": ("tipo", "tipo documento", "tipologia"),
    "pt": ("tipo", "tipo de documento"),
}

# whole values (the folded cell, optionally followed by more words: "Cancelled by customer")
NOT_A_SALE: dict[str, tuple[str, ...]] = {
    "en": ("cancelled", "canceled", "cancellation", "void", "voided", "deleted", "failed", "declined",
           "rejected", "reversed", "expired", "abandoned", "incomplete",
           # Stripe's payment attempts that took no money (PaymentIntent statuses)
           "requires payment method", "requires confirmation", "requires action"),
    "de": ("storniert", "storno", "stornorechnung", "stornobeleg", "annulliert", "geloscht", "ungultig",
           "fehlgeschlagen", "abgelehnt", "abgebrochen"),
    "fr": ("annule", "annulee", "annulation", "supprime", "supprimee", "echoue", "echouee", "refuse", "refusee"),
    "es": ("anulada", "anulado", "cancelada", "cancelado", "anulacion", "eliminada", "eliminado", "fallido",
           "fallida", "rechazado", "rechazada"),
    "nl": ("geannuleerd", "geannulleerd", "vervallen", "verwijderd", "mislukt", "geweigerd"),
    "it": ("annullata", "annullato", "stornata", "stornato", "eliminata", "eliminato", "fallito", "rifiutato",
           "rifiutata"),
    "pt": ("cancelada", "cancelado", "anulada", "anulado", "excluida", "excluido", "falhou", "recusado",
           "recusada"),
}

DRAFT: dict[str, tuple[str, ...]] = {
    "en": ("draft", "unsent draft"),
    "de": ("entwurf",),
    "fr": ("brouillon",),
    "es": ("borrador",),
    "nl": ("concept",),
    "it": ("bozza",),
    "pt": ("rascunho",),
}

QUOTE: dict[str, tuple[str, ...]] = {
    "en": ("quote", "quotation", "estimate", "offer", "proposal", "pro forma", "proforma", "proforma invoice",
           "pro forma invoice"),
    "de": ("angebot", "kostenvoranschlag", "proformarechnung", "proforma rechnung"),
    "fr": ("devis", "facture proforma", "facture pro forma", "proposition"),
    "es": ("presupuesto", "cotizacion", "oferta", "factura proforma"),
    "nl": ("offerte", "proformafactuur", "pro forma factuur"),
    "it": ("preventivo", "offerta", "fattura proforma"),
    "pt": ("orcamento", "cotacao", "proposta", "fatura proforma"),
}

QUOTE_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("quote number", "quote no", "quote id", "quote #", "estimate number", "estimate no", "estimate id",
           "estimate #", "quotation number", "quotation no", "proposal number", "offer number"),
    "de": ("angebotsnummer", "angebots nr", "angebotsnr", "kostenvoranschlag nr"),
    "fr": ("numero de devis", "n devis", "n de devis", "numero du devis"),
    "es": ("numero de presupuesto", "n presupuesto", "n de presupuesto", "numero de cotizacion"),
    "nl": ("offertenummer", "offerte nr", "offertenr"),
    "it": ("numero preventivo", "n preventivo", "numero offerta"),
    "pt": ("numero do orcamento", "n orcamento", "numero da cotacao"),
}

# a header that names the other party as a supplier: a file of purchases (purchase orders, bills)
SUPPLIER_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("vendor", "vendor name", "supplier", "supplier name", "payee vendor", "seller", "seller name", "sold by"),
    "de": ("lieferant", "lieferantenname", "kreditor", "kreditorenname"),
    "fr": ("fournisseur", "nom du fournisseur"),
    "es": ("proveedor", "nombre del proveedor", "acreedor"),
    "nl": ("leverancier", "crediteur"),
    "it": ("fornitore", "nome fornitore"),
    "pt": ("fornecedor", "nome do fornecedor"),
}

DIRECTION_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("balance impact", "direction", "debit credit", "credit debit", "dr cr", "cr dr", "in out",
           "money in out", "transaction direction"),
    "de": ("auswirkung auf guthaben", "soll haben", "richtung"),
    "fr": ("impact sur le solde", "debit credit", "sens"),
    "es": ("impacto en el saldo", "debe haber", "direccion"),
    "nl": ("invloed op saldo", "af bij", "bij af", "richting"),
    "it": ("impatto sul saldo", "dare avere", "direzione"),
    "pt": ("impacto no saldo", "debito credito", "direcao"),
}

MONEY_IN: dict[str, tuple[str, ...]] = {
    "en": ("credit", "cr", "in", "incoming", "money in", "received", "inflow"),
    "de": ("haben", "gutschrift", "eingang", "eingehend"),
    "fr": ("credit", "entrant", "encaissement"),
    "es": ("credito", "haber", "entrada", "entrante"),
    "nl": ("bij", "credit", "inkomend"),
    "it": ("avere", "credito", "entrata", "in entrata"),
    "pt": ("credito", "entrada"),
}

MONEY_OUT: dict[str, tuple[str, ...]] = {
    "en": ("debit", "dr", "out", "outgoing", "money out", "sent", "outflow"),
    "de": ("soll", "lastschrift", "belastung", "ausgang", "ausgehend"),
    "fr": ("debit", "sortant", "decaissement"),
    "es": ("debito", "debe", "salida", "saliente"),
    "nl": ("af", "debet", "uitgaand"),
    "it": ("dare", "debito", "uscita", "in uscita"),
    "pt": ("debito", "saida"),
}

NO_MONEY: dict[str, tuple[str, ...]] = {
    "en": ("memo",), "de": ("memo",), "fr": ("memo", "note"), "es": ("memo", "nota"), "nl": ("memo",),
    "it": ("memo", "nota"), "pt": ("memo", "nota"),
}

# the two amount columns of a statement that keeps money in and money out apart (Paid in / Paid out,
# Credit / Debit, Zahlungsbetrag eingehend / ausgehend): read only as a pair
MONEY_IN_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("paid in", "money in", "amount in", "credit", "credits", "credit amount", "incoming", "deposit(s)",
           "receipts"),
    "de": ("eingehend", "eingang", "haben", "gutschrift(en)", "einzahlung(en)"),
    "fr": ("credit", "credits", "entrant", "encaissement(s)"),
    "es": ("entrante", "haber", "abono(s)", "ingreso(s)"),
    "nl": ("bij", "inkomend", "credit"),
    "it": ("entrata", "entrate", "in entrata", "avere", "accrediti"),
    "pt": ("entrada(s)", "credito(s)"),
}
MONEY_OUT_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("paid out", "money out", "amount out", "debit", "debits", "debit amount", "outgoing", "withdrawal(s)",
           "payments"),
    "de": ("ausgehend", "ausgang", "soll", "lastschrift(en)", "auszahlung(en)", "belastung(en)"),
    "fr": ("debit", "debits", "sortant", "decaissement(s)"),
    "es": ("saliente", "debe", "cargo(s)", "pago(s)"),
    "nl": ("af", "uitgaand", "debet"),
    "it": ("uscita", "uscite", "in uscita", "dare", "addebiti"),
    "pt": ("saida(s)", "debito(s)"),
}

# (payer, payee): the first header of a pair names who paid, the second who was paid
PARTY_PAIRS: tuple[tuple[str, str], ...] = (
    ("from", "to"), ("from email address", "to email address"), ("from email", "to email"),
    ("from name", "to name"), ("payer", "payee"), ("payer name", "payee name"), ("sender", "recipient"),
    ("sender name", "recipient name"), ("absender", "empfanger"),
    ("absender e mail adresse", "empfanger e mail adresse"),
    ("zahler", "empfanger"), ("de", "a"), ("de l adresse email", "a l adresse email"), ("payeur", "beneficiaire"),
    ("de", "para"), ("correo electronico del remitente", "correo electronico del destinatario"),
    ("pagador", "beneficiario"), ("ordenante", "beneficiario"), ("van", "naar"), ("betaler", "begunstigde"),
    ("da", "a"), ("pagante", "beneficiario"), ("ordinante", "beneficiario"), ("remetente", "destinatario"),
)

REFUND_TYPES: dict[str, tuple[str, ...]] = {
    "en": ("refund", "refunded", "payment refund", "refund payment", "reversal", "payment reversal", "chargeback",
           "charge back", "dispute", "credit note", "credit memo", "return"),
    "de": ("ruckzahlung", "ruckerstattung", "erstattung", "ruckbuchung", "gutschrift", "lastschriftruckgabe"),
    "fr": ("remboursement", "rembourse", "avoir", "retrofacturation", "contestation"),
    "es": ("reembolso", "devolucion", "contracargo", "abono", "nota de credito"),
    "nl": ("terugbetaling", "restitutie", "creditnota", "terugboeking", "storno"),
    "it": ("rimborso", "storno", "nota di credito", "riaddebito"),
    "pt": ("reembolso", "estorno", "devolucao", "nota de credito"),
}

REFERENCE_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("reference txn id", "reference transaction id", "original transaction id", "related transaction",
           "refers to", "original invoice", "original invoice number", "original document", "corrected invoice",
           "cancels", "reference"),
    "de": ("zugehoriger transaktionscode", "bezug", "bezugsrechnung", "ursprungsrechnung", "referenz",
           "stornierte rechnung", "storno zu"),
    "fr": ("n de transaction de reference", "numero de transaction de reference", "facture d origine",
           "reference"),
    "es": ("id de referencia de trans", "factura original", "referencia", "factura rectificada"),
    "nl": ("oorspronkelijke factuur", "referentie"),
    "it": ("fattura originale", "fattura di riferimento", "riferimento"),
    "pt": ("fatura original", "referencia"),
}

CURRENCY_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("currency", "currency code", "ccy", "curr", "gross currency", "presentment currency"),
    "de": ("wahrung", "wahrungscode"),
    "fr": ("devise", "monnaie"),
    "es": ("moneda", "divisa"),
    "nl": ("valuta", "munt", "munteenheid"),
    "it": ("valuta", "divisa"),
    "pt": ("moeda", "divisa"),
}

# an amount (or currency) converted into one currency: the account's, the company's, the base one
CONVERTED: dict[str, tuple[str, ...]] = {
    "en": ("converted", "base", "home", "functional", "in company currency", "company currency", "base currency",
           "local currency", "settlement"),
    "de": ("umgerechnet", "hauswahrung", "in hauswahrung", "basiswahrung", "buchungswahrung"),
    "fr": ("converti", "devise de base", "devise societe", "en devise de base"),
    "es": ("convertido", "moneda base", "moneda de la empresa", "moneda local"),
    "nl": ("omgerekend", "basisvaluta", "bedrijfsvaluta"),
    "it": ("convertito", "valuta base", "valuta aziendale"),
    "pt": ("convertido", "moeda base", "moeda da empresa"),
}

# a code or a name of a currency as exports write it ("€", "Euro - EUR", "US Dollar"): read as the ISO code
CURRENCY_SYMBOLS: dict[str, str] = {
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₪": "ILS", "₩": "KRW", "₽": "RUB", "₺": "TRY", "zł": "PLN",
    "kč": "CZK", "r$": "BRL", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "us$": "USD", "nz$": "NZD",
    "hk$": "HKD", "s$": "SGD", "fr.": "CHF", "sfr": "CHF",
}
CURRENCY_NAMES: dict[str, str] = {
    "euro": "EUR", "euros": "EUR", "us dollar": "USD", "us dollars": "USD", "dollar americain": "USD",
    "pound sterling": "GBP", "pounds sterling": "GBP", "british pound": "GBP", "livre sterling": "GBP",
    "swiss franc": "CHF", "franc suisse": "CHF", "schweizer franken": "CHF", "yen": "JPY",
    "canadian dollar": "CAD", "australian dollar": "AUD", "zloty": "PLN", "real": "BRL",
}

# a column of refunds: what was given back of the sale (Refunded Amount, Amount Refunded, Erstattet ...)
REFUND_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("refund(s)", "refunded"),
    "de": ("erstattet", "erstattung", "ruckerstattung", "erstattungen"),
    "fr": ("rembourse", "remboursement(s)"),
    "es": ("reembolsado", "reembolso(s)", "devuelto"),
    "nl": ("terugbetaald", "terugbetaling(en)"),
    "it": ("rimborsato", "rimborso", "rimborsi"),
    "pt": ("reembolsado", "reembolso(s)"),
}
# ... which is a count or a rate, not money given back (Refund count, Refund rate, % refunded)
NOT_MONEY: dict[str, tuple[str, ...]] = {
    "en": ("count", "number", "rate", "ratio", "percent", "percentage", "pct", "share", "qty", "quantity", "days"),
    "de": ("anzahl", "quote", "prozent", "anteil", "menge", "tage"),
    "fr": ("nombre", "taux", "pourcentage", "part", "quantite", "jours"),
    "es": ("numero", "tasa", "porcentaje", "cantidad", "dias"),
    "nl": ("aantal", "percentage", "ratio", "dagen"),
    "it": ("numero", "tasso", "percentuale", "quantita", "giorni"),
    "pt": ("numero", "taxa", "percentagem", "porcentagem", "quantidade", "dias"),
}

# tax, shipping and duties: collected for the state or the carrier and passed on (a refund gives back
# a share of them too)
PASSED_ON_HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("tax(es)", "vat", "gst", "sales tax", "shipping", "duties", "duty", "freight", "postage"),
    "de": ("mwst", "ust", "-steuer", "versand", "versandkosten", "fracht", "zoll"),
    "fr": ("tva", "taxe(s)", "livraison", "port", "frais de port", "droits de douane"),
    "es": ("iva", "impuesto(s)", "envio", "gastos de envio", "aranceles"),
    "nl": ("btw", "verzending", "verzendkosten"),
    "it": ("iva", "spedizione", "dazi"),
    "pt": ("iva", "imposto(s)", "frete", "portes"),
}

# a rate that is no price of the goods or the hours (never multiplied into an amount)
NOT_A_PRICE: dict[str, tuple[str, ...]] = {
    "en": ("exchange", "conversion", "tax", "vat", "discount", "fee", "commission", "interest", "success", "win",
           "conversion rate", "churn"),
    "de": ("wechselkurs", "kurs", "steuersatz", "mwst", "rabatt", "zins", "provision"),
    "fr": ("change", "taux de change", "tva", "remise", "interet", "commission"),
    "es": ("cambio", "tipo de cambio", "iva", "descuento", "interes", "comision"),
    "nl": ("wisselkoers", "btw", "korting", "rente", "provisie"),
    "it": ("cambio", "iva", "sconto", "interesse", "provvigione"),
    "pt": ("cambio", "iva", "desconto", "juros", "comissao"),
}

# a column of the way a customer paid (card type, payment method): its Credit and Debit are cards, not
# money in and out
PAYMENT_MEANS: dict[str, tuple[str, ...]] = {
    "en": ("card", "payment method", "payment type", "method", "funding", "instrument", "tender"),
    "de": ("karte", "zahlungsart", "zahlungsmittel", "zahlweise"),
    "fr": ("carte", "moyen de paiement", "mode de paiement"),
    "es": ("tarjeta", "metodo de pago", "forma de pago", "medio de pago"),
    "nl": ("kaart", "betaalmethode", "betaalwijze"),
    "it": ("carta", "metodo di pagamento", "modalita di pagamento"),
    "pt": ("cartao", "metodo de pagamento", "forma de pagamento"),
}

"""The header words, per language (English, German, French, Spanish, Dutch, Italian, Portuguese): data
only; :mod:`xlclientrank.headers` compiles them and reads headers with them.

Word notation: words match whole words of the folded header (lower case, accents removed, CamelCase
and punctuation split: ``"TotalAmount"`` -> ``"total amount"``, ``"Total excl. tax ($)"`` -> ``"total
excl tax"``). ``"umsatz-"`` also matches at the start of a longer word (German and Dutch compounds:
Umsatzerlöse), ``"-betrag"`` at its end (Rechnungsbetrag), ``"-steuer-"`` anywhere in it
(Umsatzsteuerbetrag); ``"(s)"`` is an optional ending; ``"..."`` stands for any words in between.
"""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "es", "nl", "it", "pt")

# Header words per factor kind and language.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "tenure": {
        "en": ("client(s) since", "customer(s) since", "since", "first order", "first purchase", "first sale",
               "first invoice", "first job", "start date", "joined", "tenure", "years as client", "member since"),
        "de": ("kunde seit", "kunden seit", "seit", "erste bestellung", "erster auftrag", "erste rechnung",
               "erstkauf", "kundenbeziehung seit", "startdatum"),
        "fr": ("client depuis", "depuis", "premiere commande", "premier achat", "premiere facture",
               "date de debut", "anciennete"),
        "es": ("cliente desde", "desde", "primer pedido", "primera compra", "primera factura",
               "fecha de alta", "fecha de inicio", "antiguedad"),
        "nl": ("klant sinds", "sinds", "eerste bestelling", "eerste aankoop", "eerste factuur", "startdatum"),
        "it": ("cliente dal", "cliente da", "primo ordine", "primo acquisto", "prima fattura", "data inizio",
               "anzianita"),
        "pt": ("cliente desde", "primeiro pedido", "primeira compra", "primeira fatura", "data de inicio",
               "antiguidade"),
    },
    "recency": {
        "en": ("last order", "last purchase", "last sale", "last invoice", "last job", "last visit",
               "last contact", "last payment", "recency", "most recent", "last seen"),
        "de": ("letzte bestellung", "letzter auftrag", "letzte rechnung", "letzter kauf", "letzter kontakt",
               "letzter besuch"),
        "fr": ("derniere commande", "dernier achat", "derniere facture", "derniere visite", "dernier contact"),
        "es": ("ultimo pedido", "ultima compra", "ultima factura", "ultima visita", "ultimo contacto"),
        "nl": ("laatste bestelling", "laatste aankoop", "laatste factuur", "laatste bezoek", "laatste contact"),
        "it": ("ultimo ordine", "ultimo acquisto", "ultima fattura", "ultima visita", "ultimo contatto"),
        "pt": ("ultimo pedido", "ultima compra", "ultima fatura", "ultima visita", "ultimo contato",
               "ultimo contacto"),
    },
    "average_sale": {
        "en": ("average ... sale(s)", "average ... order(s)", "average ... invoice(s)", "average ... ticket",
               "average ... spend", "average ... value", "average ... basket", "avg ... sale(s)", "avg ... order(s)",
               "avg ... invoice(s)", "avg ... ticket", "avg ... spend", "avg ... value", "avg ... basket",
               "mean ... sale(s)", "mean ... order(s)", "mean ... value", "aov"),
        "de": ("durchschnittlicher ... umsatz", "durchschnittlicher ... bestellwert", "durchschnittsbon",
               "durchschnittlicher warenkorb", "-bestellwert", "durchschnitt-", "o umsatz"),
        "fr": ("panier moyen", "ticket moyen", "vente moyenne", "commande moyenne", "montant moyen"),
        "es": ("ticket medio", "ticket promedio", "venta media", "venta promedio", "pedido medio",
               "valor medio", "importe medio"),
        "nl": ("gemiddelde ... orderwaarde", "gemiddelde ... bestelling", "gemiddelde ... verkoop",
               "gemiddeld ... bedrag", "gemiddelde ... omzet", "-orderwaarde"),
        "it": ("scontrino medio", "ordine medio", "valore medio", "importo medio", "vendita media"),
        "pt": ("ticket medio", "venda media", "pedido medio", "valor medio"),
    },
    "profit": {
        "en": ("gross profit", "profit", "gp", "margin", "contribution", "earnings"),
        "de": ("rohertrag", "-gewinn", "gewinn-", "deckungsbeitrag", "db", "marge", "ertrag"),
        "fr": ("marge", "benefice", "marge brute", "resultat"),
        "es": ("margen", "beneficio", "ganancia(s)", "utilidad"),
        "nl": ("winst", "brutowinst", "marge", "-winst"),
        "it": ("margine", "utile", "profitto", "guadagno"),
        "pt": ("margem", "lucro", "lucro bruto"),
    },
    "orders": {
        "en": ("orders", "number of orders", "order count", "jobs", "visits", "invoices", "purchases",
               "transactions", "bookings", "frequency", "number of sales", "sales count", "transaction count",
               "payment count", "invoice count", "purchase count", "projects",
               "appointments"),
        "de": ("bestellungen", "auftrage", "rechnungen", "kaufe", "besuche", "buchungen", "termine",
               "anzahl auftrage", "haufigkeit"),
        "fr": ("commandes", "factures", "achats", "visites", "reservations", "nombre de commandes",
               "frequence"),
        "es": ("pedidos", "facturas", "compras", "visitas", "reservas", "numero de pedidos", "frecuencia"),
        "nl": ("bestellingen", "orders", "facturen", "aankopen", "bezoeken", "boekingen", "opdrachten",
               "aantal orders", "frequentie"),
        "it": ("ordini", "fatture", "acquisti", "visite", "prenotazioni", "numero ordini", "frequenza"),
        "pt": ("pedidos", "faturas", "compras", "visitas", "reservas", "encomendas", "numero de pedidos",
               "frequencia"),
    },
    "hours": {
        "en": ("hour(s)", "hr(s)", "time spent", "time", "billable hours", "man hours", "duration"),
        "de": ("stunden", "std", "-stunden", "zeitaufwand", "arbeitszeit", "aufwand", "dauer"),
        "fr": ("heure(s)", "temps passe", "temps", "duree"),
        "es": ("hora(s)", "tiempo", "tiempo dedicado", "duracion"),
        "nl": ("uren", "uur", "-uren", "tijd", "bestede tijd", "duur"),
        "it": ("ore", "tempo", "tempo impiegato", "durata"),
        "pt": ("hora(s)", "tempo", "tempo gasto", "duracao"),
    },
    "complaints": {
        "en": ("complaint(s)", "ticket(s)", "issue(s)", "dispute(s)", "return(s)", "chargeback(s)"),
        "de": ("reklamation(en)", "beschwerde(n)", "retoure(n)", "tickets", "storno(s)"),
        "fr": ("reclamation(s)", "plainte(s)", "litige(s)", "retour(s)"),
        "es": ("reclamacion(es)", "queja(s)", "incidencia(s)", "devolucion(es)"),
        "nl": ("klacht(en)", "retour(en)", "geschil(len)"),
        "it": ("reclamo", "reclami", "lamentela", "lamentele", "resi", "contestazioni"),
        "pt": ("reclamacao", "reclamacoes", "queixa(s)", "devolucao", "devolucoes"),
    },
    "referrals": {
        "en": ("referral(s)", "referred", "referrer"),
        "de": ("empfehlung(en)", "weiterempfehlung(en)"),
        "fr": ("recommandation(s)", "parrainage(s)"),
        "es": ("referido(s)", "recomendacion(es)"),
        "nl": ("doorverwijzing(en)", "aanbeveling(en)", "verwijzing(en)"),
        "it": ("segnalazione", "segnalazioni", "referenze", "passaparola"),
        "pt": ("indicacao", "indicacoes", "recomendacao", "recomendacoes"),
    },
    "fit": {
        "en": ("fit", "rating", "score", "enjoy", "enjoyment", "grade", "star(s)"),
        "de": ("bewertung", "passung", "note", "sterne"),
        "fr": ("note", "evaluation", "etoiles", "adequation"),
        "es": ("valoracion", "puntuacion", "calificacion", "estrellas", "encaje"),
        "nl": ("beoordeling", "cijfer", "sterren", "waardering"),
        "it": ("valutazione", "voto", "punteggio", "stelle"),
        "pt": ("avaliacao", "nota", "pontuacao", "estrelas"),
    },
    "revenue": {
        "en": ("revenue(s)", "sales", "turnover", "amount", "invoiced", "billings", "billed", "income", "fees",
               "spend", "spent", "total", "subtotal", "sub total", "gross", "net", "value", "paid",
               "received", "collected", "sum"),
        "de": ("umsatz-", "-umsatz", "umsatze", "-erlos-", "einnahmen", "betrag", "-betrag", "brutto-", "netto-",
               "gesamt-", "summe", "-summe", "rechnungsbetrag", "honorar(e)", "bezahlt", "wert"),
        "fr": ("chiffre d'affaires", "ca", "ventes", "recettes", "montant", "brut", "avant commission", "montant ht",
               "montant ttc", "total",
               "sous-total", "montant facture", "total facture", "honoraires", "paye", "encaisse"),
        "es": ("ventas", "importe", "ingresos", "facturacion", "facturado", "total", "subtotal", "monto",
               "bruto", "neto", "base imponible", "cobrado", "pagado"),
        "nl": ("omzet-", "-omzet", "opbrengst(en)", "bedrag", "-bedrag", "totaal", "-totaal", "subtotaal", "bruto",
               "netto", "gefactureerd", "betaald"),
        "it": ("fatturato", "ricavi", "ricavo", "vendite", "importo", "totale", "subtotale", "imponibile",
               "lordo", "netto", "incassato", "pagato"),
        "pt": ("receita(s)", "faturamento", "faturacao", "vendas", "valor", "total", "subtotal", "bruto",
               "liquido", "faturado", "recebido", "pago"),
    },
}

# Words that make a column no factor at all, whatever else its header says.
NOT_A_FACTOR: dict[str, tuple[str, ...]] = {
    # "Fee" (one fee: PayPal's and Stripe's processor fee) is no factor, nor are processing or
    # transaction fees; "Fees" alone is what a consultancy or practice bills, its revenue
    "en": ("tax", "taxes", "vat", "gst", "hst", "pst", "withholding", "fee", "fee amount", "processing fee(s)",
           "transaction fee(s)", "payment fee(s)", "card fee(s)", "platform fee(s)", "stripe fee(s)",
           "paypal fee(s)", "merchant fee(s)", "late fee(s)", "commission(s)", "surcharge",
           "discount(s)", "rebate", "coupon", "shipping", "ship", "freight", "delivery", "postage", "handling",
           "unit price", "price", "rate", "cost", "costs", "cogs", "quantity", "qty", "units",
           "annual revenue", "employees", "headcount", "balance", "due", "outstanding", "owed", "owing",
           "receivable", "credit", "debit", "refunded", "tip", "tips", "deposit", "exchange",
           "id", "ids", "identifier", "number", "no", "nr", "code", "ref", "reference", "uuid", "account id",
           "zip", "zip code", "postal code", "postcode", "phone", "mobile", "fax", "tel", "email", "e mail",
           "latitude", "longitude", "percent", "percentage", "time zone", "timezone", "timestamp", "start time",
           "end time", "age", "size", "name", "address", "street", "city", "country", "description", "notes", "memo",
           "status", "type"),
    "de": ("-steuer-", "mwst", "ust", "-gebuhr-", "provision", "-rabatt-", "skonto", "nachlass", "versand-",
           "porto", "fracht", "lieferkosten", "-preis", "-kosten", "-menge", "stuck", "jahresumsatz",
           "jahrlicher umsatz", "mitarbeiter", "beschaftigte", "saldo", "offen", "offener ...", "ausstehend",
           "-nummer", "-nr", "plz", "postleitzahl", "telefon-", "handy", "ust idnr", "kurs", "satz"),
    "fr": ("tva", "taxe(s)", "impot(s)", "frais", "commission", "remise", "rabais", "ristourne", "escompte",
           "livraison", "port", "expedition", "prix unitaire", "prix", "cout", "couts", "tarif", "quantite",
           "qte", "chiffre d'affaires annuel", "employes", "salaries", "effectif", "solde", "restant du",
           "impaye", "numero", "n", "code postal", "telephone", "siret", "siren", "taux"),
    "es": ("iva", "impuesto(s)", "igic", "irpf", "retencion", "comision", "comisiones", "tarifa", "descuento(s)",
           "rebaja", "envio", "transporte", "porte(s)", "precio unitario", "precio", "coste", "costo", "cantidad",
           "unidades", "ingresos anuales", "empleados", "pendiente", "adeudado", "numero", "codigo postal",
           "telefono", "cif", "nif", "tasa", "tipo"),
    "nl": ("btw", "-belasting-", "provisie", "-korting-", "verzend-", "-kosten", "bezorg-", "levering",
           "-prijs", "aantal", "stuks", "jaaromzet", "werknemers", "medewerkers", "openstaand", "-nummer",
           "postcode", "telefoon-", "kvk"),
    "it": ("imposta", "imposte", "tasse", "ritenuta", "commissione", "commissioni", "sconto", "sconti",
           "spedizione", "trasporto", "consegna", "prezzo unitario", "prezzo", "costo", "costi", "quantita",
           "fatturato annuo", "dipendenti", "residuo", "da pagare", "scaduto", "numero", "cap", "telefono",
           "partita iva", "codice fiscale", "aliquota", "tasso"),
    "pt": ("imposto(s)", "icms", "iss", "taxa(s)", "comissao", "comissoes", "tarifa", "desconto(s)", "frete",
           "envio", "entrega", "porte", "preco unitario", "preco", "custo(s)", "quantidade", "receita anual",
           "funcionarios", "empregados", "saldo", "em aberto", "pendente", "numero", "cep", "codigo postal",
           "telefone", "cnpj", "cpf", "nif", "aliquota"),
}

# Phrases that only qualify an amount; taken out of the header before NOT_A_FACTOR is looked up, so
# "Total excl. tax", "Amount before sales tax", "Montant HT", "Number of employees"-style counts and
# "Gesamtpreis" (a line's total) are read by their other words.
QUALIFIERS: dict[str, dict[str, tuple[str, ...]]] = {
    "net_of_tax": {
        "en": ("excl tax", "excl vat", "excl gst", "excluding tax", "excluding vat", "ex tax", "ex vat", "ex gst",
               "before tax", "before sales tax", "before taxes", "pre tax", "pretax", "without tax", "net of tax",
               "tax excl", "tax excluded", "tax exclusive"),
        "de": ("exkl mwst", "excl mwst", "ohne mwst", "ohne ust", "zzgl mwst", "zzgl ust", "ohne steuer",
               "vor steuern", "exkl ust"),
        "fr": ("ht", "hors taxe(s)", "hors tva", "sans tva", "tva non comprise", "hors frais"),
        "es": ("sin iva", "sin impuestos", "iva excluido", "antes de impuestos", "sin igic"),
        "nl": ("excl btw", "exclusief btw", "zonder btw", "ex btw"),
        "it": ("senza iva", "iva esclusa", "esclusa iva", "al netto di iva", "netto iva"),
        "pt": ("sem iva", "sem impostos", "antes de impostos", "iva excluido"),
    },
    "incl_tax": {
        "en": ("incl tax", "incl vat", "incl gst", "inc tax", "inc vat", "inc gst", "including tax", "including vat",
               "with tax", "after tax", "tax incl", "tax included", "tax inclusive", "vat included"),
        "de": ("inkl mwst", "incl mwst", "inkl ust", "mit mwst", "inkl steuer", "inkl steuern"),
        "fr": ("ttc", "toutes taxes comprises", "tva incluse", "tva comprise", "taxes incluses"),
        "es": ("con iva", "iva incluido", "impuestos incluidos", "iva incl"),
        "nl": ("incl btw", "inclusief btw", "met btw"),
        "it": ("iva inclusa", "iva compresa", "ivato", "ivata", "con iva"),
        "pt": ("com iva", "com impostos", "iva incluido", "impostos incluidos"),
    },
    "count": {
        "en": ("number of", "no of", "count of", "total price", "line total", "amount spent"),
        "de": ("anzahl", "gesamtpreis", "positionsbetrag"),
        "fr": ("nombre de", "prix total", "montant total", "avant commission", "avant frais"),
        "es": ("numero de", "cantidad de", "precio total"),
        "nl": ("aantal", "totaalprijs"),
        "it": ("numero di", "numero", "prezzo totale"),
        "pt": ("numero de", "quantidade de", "preco total"),
    },
}

# A rate or a price per hour or per unit (Cost Rate, UnitAmount, Item Cost, Einzelpreis, prix unitaire):
# never an amount to add up per client, nor a cost of sales, nor revenue (recognise); with a quantity
# (QUANTITY, or hours) it is multiplied into one (reader/orders.py).
PER_UNIT: dict[str, tuple[str, ...]] = {
    "en": ("rate", "unit price", "unit cost", "unit amount", "price per ...", "cost per ...",
           "per unit", "per hour", "hourly", "item cost", "item price", "price each", "unit value",
           "list price", "sales price", "sale price", "price"),
    "de": ("einzelpreis", "stuckpreis", "stundensatz", "tagessatz", "verrechnungssatz", "kostensatz", "preis pro ...",
           "preis je ...", "ek preis",
           "vk preis", "listenpreis"),
    "fr": ("prix unitaire", "tarif", "tarif horaire", "taux horaire", "cout unitaire", "prix de vente"),
    "es": ("precio unitario", "tarifa", "tarifa por hora", "coste unitario", "costo unitario", "precio"),
    "nl": ("eenheidsprijs", "stukprijs", "uurtarief", "tarief", "prijs per ..."),
    "it": ("prezzo unitario", "tariffa", "tariffa oraria", "costo unitario", "prezzo"),
    "pt": ("preco unitario", "valor unitario", "tarifa", "tarifa por hora", "custo unitario", "preco"),
}
QUANTITY: dict[str, tuple[str, ...]] = {
    "en": ("quantity", "qty", "units", "item quantity", "lineitem quantity"),
    "de": ("menge", "anzahl", "stuck", "stuckzahl"),
    "fr": ("quantite", "qte"),
    "es": ("cantidad", "unidades"),
    "nl": ("aantal", "hoeveelheid", "stuks"),
    "it": ("quantita", "qta"),
    "pt": ("quantidade", "qtd", "qtde"),
}



# Words that rank an amount among the revenue columns (see the docstring of xlclientrank.headers).
NET_WORDS = ("subtotal", "sub total", "net", "netto", "netto-", "neto", "sous-total", "zwischensumme",
             "base imponible", "imponibile", "subtotaal", "subtotale", "liquido", "net sales")
GROSS_WORDS = ("gross", "brutto", "brutto-", "bruto", "brut", "avant commission", "lordo", "grand total", "gesamtsumme",
               "endbetrag",
               "total general", "totale generale", "eindtotaal")
COLLECTED_WORDS = ("paid", "received", "collected", "bezahlt", "gezahlt", "paye", "encaisse", "pagado",
                   "cobrado", "betaald", "ontvangen", "pagato", "incassato", "pago", "recebido", "paid to date")
BARE_NET = ("net", "netto", "neto", "net amount", "liquido")

# A header that names the client (matched from the start of the header).
CLIENT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("client(s)", "customer(s)", "account(s)", "company", "companies", "business", "client name",
           "customer name", "account name", "company name", "name", "organisation", "organization", "buyer",
           "debtor", "trading name", "party", "bill to", "sold to", "contact name"),
    "de": ("kunde", "kunden", "kundenname", "kunde name", "firma", "firmenname", "unternehmen", "auftraggeber",
           "debitor", "name", "rechnungsempfanger", "mandant", "kontaktname", "kontakt name"),
    "fr": ("client", "clients", "nom du client", "nom client", "societe", "raison sociale", "entreprise", "nom",
           "acheteur", "debiteur", "nom du contact", "nom contact"),
    "es": ("cliente", "clientes", "nombre del cliente", "nombre cliente", "razon social", "empresa", "nombre",
           "comprador", "deudor", "nombre del contacto", "nombre de contacto", "nombre contacto"),
    "nl": ("klant", "klanten", "klantnaam", "naam klant", "bedrijf", "bedrijfsnaam", "naam", "debiteur",
           "opdrachtgever", "contactnaam", "naam contact"),
    "it": ("cliente", "clienti", "nome cliente", "ragione sociale", "azienda", "societa", "nome", "committente",
           "debitore", "nome contatto", "nome del contatto"),
    "pt": ("cliente", "clientes", "nome do cliente", "nome cliente", "empresa", "razao social", "nome",
           "comprador", "devedor", "nome do contato", "nome do contacto", "nome contato"),
}

# Whole headers of a column of client names, by how strongly they say so (reader/client_columns.py
# ranks the columns with them), in the languages of CLIENT_WORDS too. They are kept apart from
# CLIENT_WORDS on purpose: these are the whole header, lower case with "_", "." and ":" as spaces and
# accents kept ("société"), a plural "s" allowed after the client words; CLIENT_WORDS is matched from
# the start of the folded header and says only whether a header names the client at all ("Client ID",
# "Name" and "Account" do, and are no client-name or company column).
CLIENT_NAME_HEADERS: dict[str, tuple[str, ...]] = {  # the header says client or customer
    "en": ("client", "customer", "buyer", "debtor", "client name", "customer name", "customer full name",
           "client full name", "customer display name", "client display name"),
    "de": ("kunde", "kundenname", "kunden", "kunde name", "auftraggeber", "debitor", "rechnungsempfänger", "mandant"),
    "fr": ("nom du client", "client", "nom client", "acheteur", "débiteur", "debiteur"),
    "es": ("cliente", "nombre del cliente", "nombre cliente", "comprador", "deudor"),
    "nl": ("klant", "klantnaam", "naam klant", "debiteur", "opdrachtgever", "klanten"),
    "it": ("cliente", "clienti", "nome cliente", "committente", "debitore"),
    "pt": ("cliente", "nome do cliente", "nome cliente", "comprador", "devedor"),
}
COMPANY_HEADERS: dict[str, tuple[str, ...]] = {  # a company or business
    "en": ("company", "company name", "business", "business name", "organisation", "organization",
           "organisation name", "organization name", "firm", "trading name", "customer company", "client company"),
    "de": ("firma", "firmenname", "unternehmen"),
    "fr": ("société", "societe", "raison sociale", "entreprise"),
    "es": ("empresa", "razón social", "razon social"),
    "nl": ("bedrijf", "bedrijfsnaam"),
    "it": ("ragione sociale", "azienda", "società", "societa"),
    "pt": ("empresa", "razão social", "razao social"),
}

# Words for the parts of an order-line table other than factors (used by reader/orders.py's roles).
ROLE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "date": {
        "en": ("date", "invoice date", "order date", "sale date", "transaction date", "day", "when", "created",
               "issued", "date issued", "paid at", "created at", "updated at", "processed at", "fulfilled at",
               "cancelled at", "closed at"),
        "de": ("datum", "-datum", "rechnungsdatum", "bestelldatum", "belegdatum", "buchungsdatum", "tag"),
        "fr": ("date", "date de facture", "date facture", "date de commande", "jour"),
        "es": ("fecha", "fecha de factura", "fecha factura", "fecha de pedido", "dia"),
        "nl": ("datum", "-datum", "factuurdatum", "besteldatum", "dag"),
        "it": ("data", "data fattura", "data ordine", "data documento", "giorno"),
        "pt": ("data", "data da fatura", "data do pedido", "data de emissao", "dia"),
    },
    "client_id": {
        "en": ("client id", "customer id", "account id", "client no", "customer no", "account no", "client number",
               "customer number", "account number", "client code", "customer code", "client ref", "customer ref",
               "cust id", "acct id", "debtor no"),
        "de": ("kundennummer", "kunden nr", "kundennr", "kd nr", "kunden id", "debitorennummer", "debitor nr"),
        "fr": ("numero client", "n client", "no client", "code client", "id client", "reference client"),
        "es": ("numero de cliente", "n de cliente", "codigo de cliente", "codigo cliente", "id cliente",
               "id de cliente"),
        "nl": ("klantnummer", "klant nr", "klantnr", "klant id", "debiteurnummer"),
        "it": ("codice cliente", "numero cliente", "id cliente", "cod cliente"),
        "pt": ("numero do cliente", "codigo do cliente", "codigo cliente", "id do cliente", "id cliente"),
    },
    "order_id": {
        "en": ("invoice no", "invoice number", "invoice id", "order no", "order number", "order id",
               "receipt no", "transaction id", "document no"),
        "de": ("rechnungsnummer", "rechnungs nr", "rechnungsnr", "re nr", "auftragsnummer", "bestellnummer",
               "belegnummer", "beleg nr"),
        "fr": ("numero de facture", "n facture", "no facture", "numero facture", "n de facture", "num facture",
               "numero de commande", "n commande", "n de commande"),
        "es": ("numero de factura", "n factura", "n de factura", "num factura", "num de factura", "nro factura",
               "no factura", "numero de pedido", "n pedido", "num pedido"),
        "nl": ("factuurnummer", "factuur nr", "factuurnr", "nr factuur", "ordernummer", "bestelnummer"),
        "it": ("numero fattura", "n fattura", "num fattura", "nr fattura", "numero ordine", "n ordine"),
        "pt": ("numero da fatura", "n fatura", "n da fatura", "num fatura", "numero do pedido", "n pedido",
               "numero da encomenda"),
    },
    "cost": {
        "en": ("cost", "costs", "cogs", "cost of sales", "cost price", "cost amount"),
        "de": ("kosten", "einstandspreis", "wareneinsatz", "einkaufspreis", "ek preis"),
        "fr": ("cout", "couts", "prix de revient", "cout d'achat"),
        "es": ("coste", "costo", "costes", "costos", "coste de ventas"),
        "nl": ("kosten", "kostprijs", "inkoopprijs"),
        "it": ("costo", "costi", "costo del venduto"),
        "pt": ("custo", "custos", "custo das vendas"),
    },
}

# Words of a totals or subtotal row's label (the client name cell of a row that adds up others), used by
# reader/totals.py, in the notation of the module docstring, matched against the whole folded label:
# "total" and "subtotal": the label alone is a totals row ("Summe", "Total général", "Eindtotaal");
# "of": a word joining it to what it adds up ("Total of revenue", "Somme des ventes", "Summe der Umsätze");
# "period" and "region": words that may stand before or after it ("Summe 2026", "Total Q1", "Gesamt Süd",
# "Nord gesamt"); a year or other number, a quarter (Q1) or a fiscal year (FY2026) may too. A label with a
# company suffix (Ltd, GmbH, SARL) is a client, never a totals row; the label followed by a header word
# ("Summe Umsatz", "Totale vendite") is one. Words that are also a person's or a firm's name on their own
# (Som, Soma, Somma, Parziale, Complessivo) are not listed: such a row is a totals row by its sums only.
TOTAL_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "total": {
        "en": ("total(s)", "grand total(s)", "overall total", "total overall", "sum", "sum total", "all clients",
               "all customers", "totals overall"),
        "de": ("summe", "summen", "gesamt", "gesamtsumme", "insgesamt", "gesamtergebnis", "endsumme", "gesamtbetrag",
               "gesamttotal", "total", "summe gesamt", "gesamt summe", "summe insgesamt"),
        "fr": ("total", "totaux", "total general", "totaux generaux", "somme", "total global", "grand total",
               "somme totale", "montant total"),
        "es": ("total", "totales", "total general", "suma", "suma total", "gran total", "total global",
               "totales generales"),
        "nl": ("totaal", "totalen", "eindtotaal", "totaalbedrag", "generaal totaal", "algemeen totaal",
               "totaal generaal", "eindtotalen"),
        "it": ("totale", "totali", "totale complessivo", "totale generale", "totale globale", "totale finale"),
        "pt": ("total", "totais", "total geral", "total global", "soma total", "totais gerais"),
    },
    "subtotal": {
        "en": ("subtotal(s)", "sub total(s)", "sub-total(s)", "partial total", "running total"),
        "de": ("zwischensumme", "zwischensummen", "teilsumme", "teilsummen", "zwischenergebnis", "teilergebnis",
               "zwischentotal", "teilbetrag"),
        "fr": ("sous-total", "sous total", "sous-totaux", "sous totaux", "total partiel"),
        "es": ("subtotal", "subtotales", "suma parcial", "total parcial"),
        "nl": ("subtotaal", "subtotalen", "tussentotaal", "deeltotaal"),
        "it": ("subtotale", "subtotali", "totale parziale"),
        "pt": ("subtotal", "subtotais", "total parcial", "soma parcial"),
    },
    "of": {
        "en": ("of", "for", "of all", "for all"),
        "de": ("von", "der", "des", "aller", "fur", "fur alle"),
        "fr": ("de", "des", "du", "de la", "pour", "de tous les", "de toutes les"),
        "es": ("de", "del", "de los", "de las", "para", "de todos los"),
        "nl": ("van", "voor", "van alle"),
        "it": ("di", "dei", "delle", "del", "degli", "per", "di tutti i"),
        "pt": ("de", "do", "da", "dos", "das", "para", "de todos os"),
    },
    "period": {
        "en": ("year", "month", "quarter", "week", "ytd", "year to date", "fy", "financial year", "fiscal year",
               "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
               "nov", "dec"),
        "de": ("jahr", "monat", "quartal", "woche", "geschaftsjahr", "kw", "januar", "februar", "marz", "mai", "juni",
               "juli", "oktober", "dezember", "jan", "feb", "mrz", "okt", "dez"),
        "fr": ("annee", "mois", "trimestre", "semaine", "exercice", "janvier", "fevrier", "mars", "avril", "mai",
               "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"),
        "es": ("ano", "mes", "trimestre", "semana", "ejercicio", "enero", "febrero", "marzo", "abril", "mayo", "junio",
               "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
        "nl": ("jaar", "maand", "kwartaal", "week", "boekjaar", "januari", "februari", "maart", "april", "mei", "juni",
               "juli", "augustus", "september", "oktober", "november", "december"),
        "it": ("anno", "mese", "trimestre", "settimana", "esercizio", "gennaio", "febbraio", "marzo", "aprile",
               "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"),
        "pt": ("ano", "mes", "trimestre", "semana", "exercicio", "janeiro", "fevereiro", "marco", "abril", "maio",
               "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"),
    },
    "region": {
        "en": ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central",
               "region", "area", "domestic", "international", "export", "emea", "apac", "americas", "europe", "uk",
               "us", "usa", "eu"),
        "de": ("nord", "sud", "ost", "west", "mitte", "nordost", "nordwest", "sudost", "sudwest", "region", "gebiet",
               "inland", "ausland", "dach", "deutschland", "osterreich", "schweiz"),
        "fr": ("nord", "sud", "est", "ouest", "centre", "region", "secteur", "france", "export", "international"),
        "es": ("norte", "sur", "este", "oeste", "centro", "region", "zona", "nacional", "internacional", "espana"),
        "nl": ("noord", "zuid", "oost", "west", "midden", "regio", "binnenland", "buitenland", "nederland", "belgie"),
        "it": ("nord", "sud", "est", "ovest", "centro", "regione", "zona", "italia", "estero"),
        "pt": ("norte", "sul", "leste", "oeste", "centro", "regiao", "zona", "portugal", "brasil"),
    },
}


# A header that names the seller's own account at a payment provider or bank (Adyen's Company Account and
# Merchant Account, Braintree's Merchant Account ID, a Store ID, a payout or settlement batch): the same
# on every row of a settlement, payout or fee report, never the client (reader/identity.py). Matched as
# whole words of the folded header; a header with a "/" is left alone (Salesforce's "Company / Account"
# is the lead's company).
OWN_ACCOUNT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("merchant account(s)", "merchant account id", "merchant id", "merchant number", "merchant no",
           "company account", "store id", "shop id", "terminal id", "payout id", "automatic payout id",
           "batch number", "batch id", "batch no", "settlement batch", "settlement id", "deposit id",
           "disbursement id", "card holder", "cardholder", "card holder name", "card holder full name"),
    "de": ("handlerkonto", "handler id", "handlerkennung", "handlernummer", "handler nr", "firmenkonto",
           "karteninhaber",
           "filial id", "terminal id", "auszahlungs id", "auszahlungsnummer", "stapelnummer", "batch nummer"),
    "fr": ("compte marchand", "compte commercant", "id marchand", "identifiant marchand", "numero de commercant",
           "numero commercant", "id du marchand", "id de versement", "numero de lot", "id de lot", "id boutique"),
    "es": ("cuenta de comerciante", "cuenta del comercio", "id de comerciante", "id del comercio",
           "numero de comercio", "id de tienda", "id de pago al vendedor", "numero de lote", "id de lote"),
    "nl": ("merchant account", "handelaarsaccount", "handelaar id", "winkel id", "uitbetalings id", "batchnummer",
           "kaarthouder"),
    "it": ("conto esercente", "id esercente", "codice esercente", "id negozio", "numero lotto", "numero batch"),
    "pt": ("conta de comerciante", "conta do lojista", "id do comerciante", "id do lojista", "id da loja",
           "numero do lote", "id do lote"),
}

# Headers of text columns that are never columns of categories for "who your best clients are"
# (report/profile.py): identifiers, e-mail, phone, web and postal addresses, names of people, free
# text. City, country, region, type and status are categories there (though never factors).
NOT_A_CATEGORY: dict[str, tuple[str, ...]] = {
    "en": ("id", "ids", "identifier", "number", "no", "nr", "code", "ref", "reference", "uuid", "account id",
           "zip", "zip code", "postal code", "postcode", "phone", "mobile", "cell", "fax", "tel", "email", "e mail",
           "website", "web", "url", "homepage", "address", "street", "contact", "name", "first name",
           "last name", "surname", "person", "description", "notes", "note", "memo", "comment(s)", "remark(s)",
           "vat number", "tax id", "iban", "bic", "swift"),
    "de": ("-nummer", "-nr", "plz", "postleitzahl", "telefon-", "handy", "adresse", "anschrift", "strasse",
           "ansprechpartner", "kontakt", "vorname", "nachname", "bemerkung(en)", "notiz(en)", "kommentar(e)",
           "beschreibung", "ust idnr"),
    "fr": ("numero", "n", "code postal", "telephone", "portable", "courriel", "adresse", "rue", "prenom", "nom",
           "remarque(s)", "commentaire(s)", "siret", "siren"),
    "es": ("numero", "codigo postal", "telefono", "movil", "correo", "correo electronico", "direccion", "calle",
           "nombre", "apellido(s)", "observaciones", "comentario(s)", "nota(s)", "cif", "nif"),
    "nl": ("-nummer", "postcode", "telefoon-", "mobiel", "adres", "straat", "voornaam", "achternaam",
           "opmerking(en)", "notitie(s)", "kvk"),
    "it": ("numero", "cap", "telefono", "cellulare", "indirizzo", "nome", "cognome", "note", "commento",
           "commenti", "partita iva", "codice fiscale"),
    "pt": ("numero", "cep", "codigo postal", "telefone", "celular", "endereco", "rua", "nome", "sobrenome",
           "observacoes", "comentario(s)", "cnpj", "cpf", "nif"),
}

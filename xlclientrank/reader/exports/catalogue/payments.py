"""Payment providers (Stripe, PayPal):
entries of the export catalogue (see xlclientrank/reader/exports/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test file in tests/reader/exports/test_profiles_payments.py.

Revenue is the amount the client paid (gross), after refunds. The provider's fee is the owner's
cost, never revenue, and Net (gross minus fee) is not the sale either."""

from __future__ import annotations

from xlclientrank.reader.exports.catalogue.entry import Conversion, Profile, Rule  # noqa: F401

# PayPal's activity download in the languages it writes it in. Column names: OCA
# bank-statement-import, account_statement_import_paypal/data/maps.xml (activity maps EN, ES, DE:
# Name/Nombre, Type/Typ/Tipo, Gross/Brutto/Bruto, Fee/Gebühr/Tarifa, From Email Address/Absender
# E-Mail-Adresse/Correo electrónico del remitente) and Banana Accounting's PayPal import (the French
# header: Nom, État, Devise, Brut or Avant commission, Frais, Net, De l'adresse email; "Impact sur
# le solde"). PayPal's Help Center describes the download ("How do I download my transaction
# history?", Activity > Statements > Activity download); page not opened here.
_PAYPAL_COMPLETED = ("Completed", "Abgeschlossen", "Completado", "Terminé",
                     # a refunded payment's own row can show Refunded / Partially Refunded; its refund
                     # is a row of its own (negative Gross), so both are kept and add up to what stayed
                     "Refunded", "Partially Refunded")
# Types that move the owner's own money or only reserve it. English and German names from public
# parsers of the activity download (see tests/reader/exports/test_profiles_payments.py); Spanish and French type
# names are not listed (no published list found): those rows usually carry no Name and are left out
# as rows without a client.
_PAYPAL_TRANSFERS = ("General Withdrawal", "General Withdrawal - Bank Account", "User Initiated Withdrawal",
                     "Bank Deposit to PP Account", "General Card Deposit", "Allgemeine Abbuchung",
                     "Auszahlung auf das Bankkonto", "Bankgutschrift auf PayPal-Konto",
                     "Bankabbuchung von PayPal-Konto", "Allgemeine interne Kontobewegung")
_PAYPAL_CONVERSIONS = ("General Currency Conversion", "Allgemeine Währungsumrechnung")
_PAYPAL_HOLDS = ("Hold on Balance for Dispute Investigation", "Cancellation of Hold for Dispute Resolution",
                 "Account Hold for Open Authorization", "Reversal of General Account Hold",
                 "General Authorization", "Void of Authorization", "Einbehaltung für offene Autorisierung",
                 "Rückbuchung allgemeiner Einbehaltung")
# a cart payment lists each item again on a row of its own: counting them would count the sale twice
_PAYPAL_CART_ITEMS = ("Shopping Cart Item", "Warenkorbartikel")
PROFILES: tuple[Profile, ...] = (
    # Stripe, Payments > Export (unified_payments.csv): one row per payment. Stripe lists the
    # export's columns in the Dashboard's export dialog (not in its public docs); the header as
    # Stripe writes it, checked against public parsers and fixtures of unified_payments.csv: id,
    # Created date (UTC) (older files: Created (UTC)),
    # Amount, Amount Refunded, Currency, Captured, Converted Amount, Converted Amount Refunded,
    # Converted Currency, Decline Reason, Description, Fee, Mode, PaymentIntent ID, ..., Status,
    # ..., Customer ID, Customer Description, Customer Email, .... Status: Paid, Refunded, Failed
    # (Uncaptured for an authorization not captured).
    # `id` is the payment (py_/ch_...), not the client: clients are the Customer ID, or the
    # e-mail when the payment has no customer object. Revenue: Converted Amount minus Converted
    # Amount Refunded (in the account's currency, so payments in other currencies add up);
    # Amount minus Amount Refunded when the converted columns are missing. Failed payments took no
    # money; test-mode payments are not real.
    Profile(
        key="stripe_payments", product="Stripe", export="Payments export",
        how="Stripe Dashboard, Payments, Export, All columns, CSV.",
        # the export dialog lets the owner drop columns: the signature asks only for those it needs
        signatures=(("id", "Amount", "Amount Refunded", "Currency", "Fee", "Status", "Customer Email"),),
        client_key=("Customer ID",), client_name=("Customer Email", "Customer Description"),
        revenue=("Converted Amount", "Amount"),
        subtract=(("Converted Amount Refunded", "Amount Refunded"),),
        order_id=("id",), date=("Created date (UTC)", "Created (UTC)"),
        leave_out=(Rule(("Status",), ("Failed",), "failed payment"),
                   Rule(("Status",), ("Uncaptured",), "uncaptured payment"),
                   Rule(("Mode",), ("Test",), "test-mode payment")),
        # the converted amounts are all in the account's currency (reader/rules/amounts.py: never several added)
    ),
    # Stripe, Customers > Export (unified_customers.csv): one row per customer: id, Description,
    # Email, Name, Created (UTC), Delinquent, Plan, Status, Total Spend, Payment Count, Refunded
    # Volume, Dispute Losses, ... (the Dashboard export as public tools reproduce it). Total Spend is
    # the customer's successful payments; refunds and lost disputes are taken off it.
    Profile(
        key="stripe_customers", product="Stripe", export="Customers export",
        how="Stripe Dashboard, Customers, Export, CSV.",
        signatures=(("id", "Email", "Name", "Total Spend", "Payment Count", "Refunded Volume"),),
        rows="clients",
        client_key=("id",), client_name=("Name", "Description", "Email"),
        revenue=("Total Spend",), subtract=(("Refunded Volume",), ("Dispute Losses",)), orders=("Payment Count",),
        leave_out=(Rule(("Payment Count",), ("0",), "customer without payments", unless_all=True),),
    ),
    # PayPal, Activity > Statements > Activity download (CSV, "Balance affecting" or all): one row per
    # transaction, in the account's language (see above). Name is the other party: the payer of a
    # payment received and the receiver of a refund, so clients are grouped by Name (From Email
    # Address is the owner's own address on a refund). Revenue: Gross; a refund has a negative Gross
    # and reduces the client's revenue. Only completed transactions count; money the owner sent (a
    # debit that is not a refund, reversal or chargeback of a client's payment) is not a client's
    # (reader/rules/, with the refund types of every language in reader/rules/words.py). A payment in another
    # currency without its conversion rows is not added to the others (reader/rules/amounts.py).
    Profile(
        key="paypal_activity", product="PayPal", export="Activity download",
        how="Activity, Statements, Activity download (or Reports, Activity download), CSV.",
        signatures=(("Date", "Time", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net", "From Email Address"),
                    ("Datum", "Uhrzeit", "Name", "Typ", "Status", "Währung", "Brutto", "Gebühr", "Netto",
                     "Absender E-Mail-Adresse"),
                    ("Fecha", "Hora", "Nombre", "Tipo", "Estado", "Divisa", "Bruto", "Tarifa", "Neto",
                     "Correo electrónico del remitente"),
                    ("Date", "Heure", "Nom", "Type", "État", "Devise", "Brut", "Frais", "Net", "De l'adresse email"),
                    ("Date", "Heure", "Nom", "Type", "État", "Devise", "Avant commission", "Net",
                     "De l'adresse email")),
        client_name=("Name", "Nom", "Nombre"),
        revenue=("Gross", "Brutto", "Bruto", "Brut", "Avant commission"),
        order_id=("Transaction ID", "Transaktionscode", "Id. de transacción", "Numéro de transaction"),
        date=("Date", "Datum", "Fecha"),
        leave_out=(Rule(("Type", "Typ", "Tipo"), _PAYPAL_TRANSFERS, "transfer to or from the bank"),
                   Rule(("Type", "Typ", "Tipo"), _PAYPAL_CONVERSIONS, "currency conversion"),
                   Rule(("Type", "Typ", "Tipo"), _PAYPAL_HOLDS, "hold or authorization"),
                   Rule(("Type", "Typ", "Tipo"), _PAYPAL_CART_ITEMS, "shopping-cart item (its payment is counted)")),
        # money going out (Balance Impact Debit, or a negative Gross with the owner's address in From
        # Email Address) and memos are read by the general rule of money in and out (reader/rules/)
        keep_only=(Rule(("Status", "Estado", "État"), _PAYPAL_COMPLETED, "completed"),),
        # a payment in another currency: two conversion rows refer to it, the amount out in its
        # currency and the amount in the account's; it counts at that rate
        conversion=Conversion(Rule(("Type", "Typ", "Tipo"), _PAYPAL_CONVERSIONS, "currency conversion"),
                              reference=("Reference Txn ID", "Zugehöriger Transaktionscode",
                                         "Id. de referencia de trans.", "Nº de transaction de référence"),
                              txn=("Transaction ID", "Transaktionscode", "Id. de transacción",
                                   "Numéro de transaction")),
        languages=("en", "de", "es", "fr"),
    ),
)

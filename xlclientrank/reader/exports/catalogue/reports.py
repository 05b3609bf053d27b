"""Settlement, payout and fee reports of payment providers (Adyen, Braintree, Stripe):
entries of the export catalogue (see xlclientrank/reader/exports/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test in tests/reader/exports/test_refusals_help.py.

These reports reconcile the money a provider pays out to the seller's own bank account: their rows
are payments, fees, refunds and balance transfers of the seller's own account (a merchant account,
a payout, a settlement batch), and they name no customer. Ranking them would rank the seller's own
account as "the client"; each is refused, naming the export of the same product that lists customers.
Files of the same kind from other providers are refused by the general rule in reader/identity.py (a
column that names the seller's own account is never the client; headers.OWN_ACCOUNT_WORDS)."""

from __future__ import annotations

from xlclientrank.reader.exports.catalogue.entry import Profile

PROFILES: tuple[Profile, ...] = (
    # Adyen, Customer Area > Reports > Settlement details report (settlement_detail_report_batch_N.csv):
    # Company Account, Merchant Account, Psp Reference, Merchant Reference, Payment Method, Creation
    # Date, TimeZone, Type, Modification Reference, Gross Currency, Gross Debit (GC), Gross Credit (GC),
    # Exchange Rate, Net Currency, Net Debit (NC), Net Credit (NC), Commission (NC), Markup (NC), Scheme
    # Fees (NC), Interchange (NC), Payment Method Variant, Modification Merchant Reference, Batch Number,
    # Reserved4 ... Reserved10. Layout: docs.adyen.com "Settlement details report" (the same first
    # columns as the "Received payment details report" page: Company Account and Merchant Account are
    # the seller's own accounts); the file kept by OCA/bank-statement-import,
    # account_bank_statement_import_adyen/test_files/settlement_detail_report_batch_238.csv.
    Profile(
        key="adyen_settlement_details", product="Adyen", export="Settlement details report",
        how="Customer Area, Reports, Settlement details report.",
        signatures=(("Company Account", "Merchant Account", "Psp Reference", "Merchant Reference", "Type",
                     "Modification Reference", "Gross Debit (GC)", "Net Credit (NC)", "Batch Number"),),
        refuse=("it lists the payments, fees and balance transfers of a settlement batch of your own company "
                "and merchant account (Company Account, Merchant Account) and names no shopper. Export the "
                "Received payment details report instead (Customer Area, Reports), which has each payment's "
                "shopper e-mail and reference, or your invoices or orders."),
    ),
    # Braintree, Control Panel > Reporting > Transaction Level Fees (now "Payment Level Fees"): Merchant
    # Account ID, Transaction ID, Original Transaction ID, Transaction Type, Presentment Currency,
    # Presentment Amount, Settlement Currency, Original Sale Amount, Settlement Amount, Settlement Date,
    # Disbursement Date, Deposit ID, Payment Instrument, Card Brand, Card Type, First 6 of CC, Issuing
    # Bank, Refunded Amount, Refund Type, Exchange Rate, Order ID, Acquirer Reference Number, Card Issuing
    # Country, Discount, Discount Credit, Per Transaction Fee, ..., Braintree Total Amount, Total Fee
    # Amount. Layout: developer.paypal.com/braintree "Transaction Level Fee Report Row" (the report's
    # fields, "Braintree Total Amount: total amount of fees that Braintree assessed"); the file kept by
    # OCA/bank-statement-import, account_bank_statement_import_online_braintree/tests/fixtures/pull_report.csv.
    Profile(
        key="braintree_transaction_fees", product="Braintree", export="Transaction Level Fee Report",
        how="Control Panel, Reporting, Transaction Level Fees (Payment Level Fees), Download.",
        signatures=(("Merchant Account ID", "Transaction ID", "Transaction Type", "Settlement Amount",
                     "Braintree Total Amount", "Total Fee Amount"),),
        refuse=("it lists the fees Braintree took from each transaction of your own merchant account (Merchant "
                "Account ID) and names no customer. Export your transactions instead (Control Panel, "
                "Transactions, search, Download) with the customer columns (Customer Company, Customer Email, "
                "Customer ID)."),
    ),
    # Stripe, Reports > Balance (balance summary), "Balance change from activity", Download itemized
    # (report type balance_change_from_activity.itemized.N): balance_transaction_id, created_utc /
    # created, available_on_utc / available_on, currency, gross, fee, net, reporting_category,
    # description (customer columns only when chosen). Layout: docs.stripe.com/reports/balance and
    # docs.stripe.com/reports/report-types/balance (the CSV's columns).
    Profile(
        key="stripe_balance_itemized", product="Stripe", export="Balance report (balance change from activity, "
        "itemized)",
        how="Dashboard, Reports, Balance, Balance change from activity, Download, Itemized.",
        signatures=(("balance_transaction_id", "currency", "gross", "fee", "net", "reporting_category"),),
        refuse=("its rows are the movements of your own Stripe balance (charges, refunds, fees, payouts, "
                "transfers), not sales to customers. Export Payments instead (Dashboard, Payments, Export, All "
                "columns), which names the customer of each payment."),
    ),
    # Stripe, Reports > Payout reconciliation, Download itemized (payout_reconciliation.itemized.N,
    # ending_balance_reconciliation.itemized.N): automatic_payout_id, automatic_payout_effective_at,
    # balance_transaction_id, created, available_on, currency, gross, fee, net, reporting_category,
    # description; and the payouts list (payouts.itemized.N): payout_id, effective_at, currency, gross,
    # fee, net, reporting_category, description, payout_expected_arrival_date, payout_status, ...
    # Layout: docs.stripe.com/reports/payout-reconciliation and
    # docs.stripe.com/reports/report-types/payout-reconciliation (the CSV's columns).
    Profile(
        key="stripe_payout_reconciliation", product="Stripe", export="Payout reconciliation report",
        how="Dashboard, Reports, Payout reconciliation, Download, Itemized.",
        signatures=(("automatic_payout_id", "balance_transaction_id", "currency", "gross", "fee", "net",
                     "reporting_category"),
                    ("payout_id", "effective_at", "currency", "gross", "net", "reporting_category"),
                    ("payout_id", "effective_at_utc", "currency", "gross", "net", "reporting_category")),
        refuse=("it matches the payouts to your own bank account with the balance transactions they settle, "
                "not sales to customers. Export Payments instead (Dashboard, Payments, Export, All columns), "
                "which names the customer of each payment."),
    ),
)

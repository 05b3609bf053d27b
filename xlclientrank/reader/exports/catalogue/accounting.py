"""Accounting and invoicing (QuickBooks, Xero, FreshBooks, Zoho, Sage, ...):
entries of the export catalogue (see xlclientrank/reader/exports/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test file in tests/reader/exports/test_profiles.py
and tests/reader/exports/test_profiles_accounting.py."""

from __future__ import annotations

from xlclientrank.reader.exports.catalogue.entry import Profile, Rule  # noqa: F401

PROFILES: tuple[Profile, ...] = (
    Profile(
        key="zoho_invoices", product="Zoho Invoice / Zoho Books", export="Invoices export",
        how="Sales > Invoices, the menu at the top right, Export Invoices (CSV or XLSX).",
        signatures=(("Invoice Date", "Invoice ID", "Invoice Number", "Invoice Status", "Customer Name", "Total"),),
        client_key=("Customer ID", "Customer Name"), client_name=("Customer Name", "Company Name"),
        revenue=("SubTotal", "Total"), once_per=("Invoice ID", "Invoice Number"), order_id=("Invoice ID",),
        date=("Invoice Date",),
        # Zoho: a void invoice "will not reflect on any of your sales transactions or reports";
        # drafts are not sent yet, but an export of drafts only is ranked on them (with a note)
        leave_out=(Rule(("Invoice Status",), ("void", "voided"), "voided invoice"),
                   Rule(("Invoice Status",), ("draft",), "draft invoice", unless_all=True)),
    ),
    # Xero, Business > Invoices > Export (CSV): one row per invoice line; ContactName, EmailAddress,
    # PO/SA address, InvoiceNumber, Reference, InvoiceDate, DueDate, Total, TaxTotal,
    # InvoiceAmountPaid, InvoiceAmountDue, InventoryItemCode, Description, Quantity, UnitAmount,
    # Discount, LineAmount, AccountCode, TaxType, TaxAmount, Tracking..., Currency, Type, Sent, Status.
    # The invoice's Total and TaxTotal stand on every line. Layout: Xero's invoice CSV template, as
    # documented in https://docs.milientsoftware.com/help/moment-by-topic/integrations/file-exports/
    # file-export-accounting-system/xero (Status "Awaiting Payment", Type "Sales Invoice").
    # Status: Xero reports count approved invoices only ("Awaiting Payment", "Paid"; Income by Contact
    # "shows receive money transactions and approved sales invoices", help.xero.com/uk/Report_IncomeContact):
    # Voided and Deleted never were sales; Draft and Awaiting Approval are not approved yet (kept
    # only when the export holds nothing else, with a note). API spellings (VOIDED, DRAFT, SUBMITTED) too.
    Profile(
        key="xero_invoices", product="Xero", export="Invoices export",
        how="Business > Invoices, select the tab (All), Export, CSV.",
        signatures=(("ContactName", "InvoiceNumber", "InvoiceDate", "Total", "TaxTotal"),
                    ("*ContactName", "*InvoiceNumber", "*InvoiceDate", "Total", "TaxTotal")),
        client_key=("ContactName", "*ContactName"), client_name=("ContactName", "*ContactName"),
        revenue=("Total",), subtract=(("TaxTotal",),), once_per=("InvoiceNumber", "*InvoiceNumber"),
        date=("InvoiceDate", "*InvoiceDate"),
        leave_out=(Rule(("Status",), ("voided", "void", "deleted"), "voided or deleted invoice"),
                   Rule(("Status",), ("draft",), "draft invoice", unless_all=True),
                   Rule(("Status",), ("awaiting approval", "submitted"), "invoice awaiting approval",
                        unless_all=True)),
        # a credit note's Total is positive too: it is taken off the client's revenue
        negate=(Rule(("Type",), ("sales credit note", "credit note", "accreccredit"), "credit note"),),
    ),
    # Xero, Reports > Income by Contact (exported to Excel): one row per contact, one column per
    # period and a Total column, a Total row at the foot; "shows receive money transactions and
    # approved sales invoices" (https://help.xero.com/uk/Report_IncomeContact).
    Profile(
        key="xero_income_by_contact", product="Xero", export="Income by Contact report",
        how="Reports > All Reports > Income by Contact, Export, Excel.",
        signatures=(("Contact", "Total"),), rows="clients",
        client_name=("Contact",), revenue=("Total",),
        leave_out=(Rule(("Contact",), ("total", "total income"), "totals"),),
    ),
    # QuickBooks Online, Reports > Sales by Customer Detail, Export to Excel: report title rows, a
    # header row whose first column is empty, each customer alone in that column above its rows,
    # "Total for <name>" below them, TOTAL and an "Accrual basis ..." footer. Such grouped reports
    # are read by the general reading of report layouts (reader/grouped.py), with Amount as the
    # revenue (a Sales Price is no factor): no entry here, since the layout, not the headers, says
    # who the client is (tests/reader/exports/test_profiles_accounting.py checks the result).
    # FreshBooks, Reports > Invoice Details (invoice lines), Export CSV: Client Name, Invoice #,
    # Date Issued, Invoice Status, Date Paid, Item Name, Item Description, Rate, Quantity,
    # Discount Percentage, Line Subtotal, Tax 1 Type, Tax 1 Amount, Tax 2 Type, Tax 2 Amount,
    # Line Total, Currency. Layout: the FreshBooks export kept by Invoice Ninja's importer,
    # invoiceninja/invoiceninja tests/Feature/Import/freshbooks_invoices.csv. Revenue: Line Total
    # minus its two taxes (net, like every entry here); drafts are not sent yet.
    Profile(
        key="freshbooks_invoice_lines", product="FreshBooks", export="Invoice details export",
        how="Reports > Invoice Details, Export, CSV.",
        signatures=(("Client Name", "Invoice #", "Date Issued", "Invoice Status", "Line Total"),),
        client_name=("Client Name",), revenue=("Line Total",),
        subtract=(("Tax 1 Amount",), ("Tax 2 Amount",)), order_id=("Invoice #",), date=("Date Issued",),
        leave_out=(Rule(("Invoice Status",), ("draft",), "draft invoice", unless_all=True),),
    ),
    # Sage 50 Accounts, audit trail transactions exported to CSV (File > Export / Transactions list,
    # the same layout Sage imports): Type, Account Reference, Nominal A/C Ref, Department Code, Date,
    # Reference, Details, Net Amount, Tax Code, Tax Amount, Exchange Rate, Extra Reference, User Name.
    # Type SI is a sales invoice, SC a sales credit (positive amounts), SR/SA receipts and payments
    # on account. Layout: Sage 50 import/export field list, makingithappen.co.uk/CI/std/mediuminvoice.htm
    # and help.thelayer.com "Importing invoice payments into Sage 50" (Audit Trail transactions).
    # Revenue: Net Amount of SI rows; SC credits would have to be subtracted (a sign rule the
    # profile machinery lacks): they are left out and named.
    Profile(
        key="sage50_transactions", product="Sage 50 Accounts", export="Audit trail transactions export",
        how="Transactions (or Customers > Activity), Export to CSV.",
        signatures=(("Type", "Account Reference", "Nominal A/C Ref", "Date", "Reference", "Net Amount",
                     "Tax Amount"),),
        client_key=("Account Reference",), client_name=("Account Reference",),
        revenue=("Net Amount",), order_id=("Reference",), date=("Date",),
        keep_only=(Rule(("Type",), ("SI", "SC"), "sales invoices or credit notes (SI, SC)"),),
        negate=(Rule(("Type",), ("SC",), "sales credit note (SC)"),),
    ),
    # Invoice Ninja v4, Settings > Export, CSV, Invoices: three title rows (version and date, empty,
    # INVOICES), then Client, Email, Invoice Number, Amount, Paid, PO Number, Status, Invoice Date,
    # Due Date, Discount, Partial/Deposit, ..., Item Product, Item Notes, Item Cost, Item Quantity:
    # one row per item, the invoice's Amount on each. Layout: invoiceninja/invoiceninja
    # tests/Feature/Import/invoice.csv (its own export, read by its importer). Status Draft is not
    # sent; Cancelled and Reversed invoices are not sales.
    Profile(
        key="invoiceninja_invoices", product="Invoice Ninja", export="Invoices export",
        how="Settings > Export, format CSV, entity Invoices.",
        signatures=(("Client", "Email", "Invoice Number", "Amount", "Paid", "Status", "Invoice Date"),),
        client_name=("Client", "Email"), revenue=("Amount",), once_per=("Invoice Number",),
        date=("Invoice Date",),
        leave_out=(Rule(("Status",), ("cancelled", "reversed"), "cancelled invoice"),
                   Rule(("Status",), ("draft",), "draft invoice", unless_all=True)),
    ),
    # Invoice Ninja v4 payments export: title rows, then Client, Invoice Number, Amount, Date; a
    # refund is an amount in parentheses. Layout: invoiceninja/invoiceninja tests/Feature/Import/payments.csv.
    Profile(
        key="invoiceninja_payments", product="Invoice Ninja", export="Payments export",
        how="Settings > Export, format CSV, entity Payments.",
        signatures=(("Client", "Invoice Number", "Amount", "Date"),),
        client_name=("Client",), revenue=("Amount",), order_id=("Invoice Number",), date=("Date",),
    ),
    # Invoice Ninja v4 clients export: title rows, then Name, Balance, Paid to Date, Billing ...,
    # ID Number, VAT Number, Website, Phone, Currency, ..., Email. Paid to Date is what the client
    # paid; Balance is what is still owed (not revenue). Layout: invoiceninja/invoiceninja
    # tests/Feature/Import/clients.csv.
    Profile(
        key="invoiceninja_clients", product="Invoice Ninja", export="Clients export",
        how="Settings > Export, format CSV, entity Clients.",
        signatures=(("Name", "Balance", "Paid to Date", "ID Number", "VAT Number"),), rows="clients",
        client_name=("Name",), revenue=("Paid to Date",),
    ),
    # Wave, Accounting > Transactions > Export (CSV, "Account transactions"): Transaction ID,
    # Transaction Date, Account Name, Transaction Description, Transaction Line Description,
    # Amount (One column), an unnamed column, Debit Amount (Two Column Approach), Credit Amount
    # (Two Column Approach), Other Accounts for this Transaction, Customer, Vendor, Invoice Number,
    # Bill Number, Notes / Memo, Amount Before Sales Tax, Sales Tax Amount, Sales Tax Name, ...,
    # Account Group, Account Type, Account ID. Every transaction is there twice (its income lines
    # and the receivable; payments and cash): only Account Group = Income lines are sales, before
    # sales tax (the tax goes to a liability account). Layout: invoiceninja/invoiceninja
    # tests/Feature/Import/wave_invoices.csv and its Wave importer.
    Profile(
        key="wave_transactions", product="Wave", export="Account transactions export",
        how="Accounting > Transactions, Export (or Reports > Account Transactions, Export CSV).",
        signatures=(("Customer", "Vendor", "Invoice Number", "Bill Number", "Account Group", "Account Type"),),
        client_name=("Customer",), revenue=("Amount (One column)", "Amount Before Sales Tax"),
        order_id=("Invoice Number",), date=("Transaction Date", "Transaction Date Added"),
        keep_only=(Rule(("Account Group",), ("Income",), "income lines"),),
    ),
    # Invoice2go, Settings > Export data, Invoices (CSV with a UTF-8 BOM): one row per invoice; Id,
    # AccountId, State, LastUpdated, CreatedDate, DocumentDate, DocumentNumber, Comment, Name,
    # EmailRecipient, DocumentStatus, OutputStatus, ..., Items, CurrencyCode, TotalAmount,
    # BalanceDueAmount, AmountPaidAmount, DiscountAmount, SubtotalAmount, TotalTaxAmount, ...
    # Layout: invoiceninja/invoiceninja tests/Feature/Import/i2g_invoices.csv. Revenue: SubtotalAmount
    # (before tax); deleted or voided documents are left out.
    Profile(
        key="invoice2go_invoices", product="Invoice2go", export="Invoices export",
        how="Settings > Export data, Invoices (CSV).",
        signatures=(("DocumentNumber", "Name", "EmailRecipient", "DocumentStatus", "TotalAmount", "SubtotalAmount"),),
        client_key=("Name", "EmailRecipient"), client_name=("Name", "EmailRecipient"),
        revenue=("SubtotalAmount", "TotalAmount"), order_id=("DocumentNumber",), date=("DocumentDate",),
        leave_out=(Rule(("State",), ("deleted",), "deleted invoice"),
                   Rule(("DocumentStatus",), ("void", "voided", "deleted"), "voided invoice")),
    ),
    # Frappe Books, Sales Invoices list > Export (CSV): a header of labels (Invoice No, Date, Party,
    # ..., Net Total, Grand Total, Base Grand Total, ..., Submitted, Cancelled, then the TaxSummary
    # and SalesInvoiceItem child columns), a second header row of field paths (SalesInvoice.name,
    # ...), then one row per tax and item child, each repeating the invoice. Submitted = 1 is a
    # posted invoice (0: draft); Cancelled = 1 a cancelled one. Base Grand Total is in the company's
    # currency (Grand Total is in the customer's). Layout: frappe/books tests/sales_invoices.csv.
    # The field-path row is not submitted, so keep_only drops it with the drafts.
    Profile(
        key="frappebooks_sales_invoices", product="Frappe Books", export="Sales invoices export",
        how="Sales > Sales Invoices, the menu at the top right, Export (CSV).",
        signatures=(("Invoice No", "Party", "Base Grand Total", "Submitted", "Cancelled"),),
        client_name=("Party",), revenue=("Base Grand Total", "Grand Total"), once_per=("Invoice No",),
        date=("Date",),
        keep_only=(Rule(("Submitted",), ("1", "true"), "submitted invoices"),),
        leave_out=(Rule(("Cancelled",), ("1", "true"), "cancelled invoice"),),
    ),
)

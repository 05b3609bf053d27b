"""Several sheets: a workbook that holds one sheet per table is read on the sheet
that names the customer, never on a sheet whose "name" column holds field paths or codes.

* Akaunting's invoice export, one sheet per table (invoices, invoice_items, invoice_item_taxes,
  invoice_histories, invoice_totals, invoice_transactions): the layout of akaunting/akaunting
  public/files/import/invoices.xlsx (the import/export sample; the customer is `contact_name` on
  `invoices`; `invoice_totals.name` holds field paths such as invoices.sub_total);
* Xero: the invoices export (Business > Invoices > Export; columns as in catalogue/accounting.py's
  xero_invoices entry) saved in one workbook with the chart of accounts export (Accounting > Chart of
  accounts > Export: *Code, *Name, *Type, *Tax Code, Description, Dashboard, Expense Claims, Enable
  Payments; Xero help "Import a chart of accounts").
Rows are made up; each file is ranked through the command.
"""

from __future__ import annotations

import datetime as dt
import json

from tests.helpers import make_workbook, run_cli


def save(path, sheets: dict[str, list[list]]):
    (first, rows), *rest = sheets.items()
    return make_workbook(path, rows, first, **dict(rest))


def rank(path, tmp_path, *extra):
    code, out, err = run_cli("rerank", path, "--out", tmp_path / "ranked.xlsx", "--json", *extra)
    assert code == 0, err
    return json.loads(out[out.index("{"):]), err


def akaunting(customers=(("Test Customer", "test@customer.com", 100, 10),)):
    day = dt.datetime(2020, 1, 1)
    invoices = [["invoice_number", "order_number", "status", "invoiced_at", "due_at", "amount", "discount_type",
                 "discount_rate", "currency_code", "currency_rate", "category_name", "contact_name", "contact_email",
                 "contact_tax_number", "contact_phone", "contact_address", "contact_country", "contact_state",
                 "contact_zip_code", "contact_city", "title", "subheading", "notes", "footer", "template", "color"]]
    items = [["invoice_number", "item_name", "item_description", "item_type", "quantity", "discount_type",
              "discount_rate", "price", "total", "tax"]]
    totals = [["invoice_number", "code", "name", "amount", "sort_order"]]
    transactions = [["invoice_number", "transaction_number", "paid_at", "amount", "currency_code", "currency_rate",
                     "account_name", "contact_email", "category_name", "description", "payment_method", "reference",
                     "reconciled"]]
    for i, (name, email, amount, discount) in enumerate(customers, 1):
        number = f"INV-{i:05d}"
        paid = amount * (100 - discount) / 100
        invoices.append([number, None, "paid", day, day, amount, "percentage", discount, "USD", 1, "Sales", name,
                         email, None, None, None, None, None, None, None, "invoice", None, "Est.", None, "default",
                         "#55588b"])
        items.append([number, "Test Item", "test invoice item", "product", 1, "percentage", 0, amount, amount, None])
        totals += [[number, "sub_total", "invoices.sub_total", amount, 1],
                   [number, "discount", "invoices.total", amount - paid, 2],
                   [number, "total", "invoices.total", paid, 3]]
        transactions.append([number, f"TRA-{i:05d}", day, paid, "USD", 1, "Cash", email, "Sales", None,
                             "offline-payments.cash.1", None, None])
    return {"invoices": invoices, "invoice_items": items,
            "invoice_item_taxes": [["invoice_number", "item_name", "tax_name", "tax_rate", "amount"]],
            "invoice_histories": [["invoice_number", "status", "notify", "description"],
                                  ["INV-00001", "draft", None, "INV-00001 added!"],
                                  ["INV-00001", "paid", None, "$90.00 Payment"]],
            "invoice_totals": totals, "invoice_transactions": transactions}


def test_akaunting_invoices_are_read_on_the_sheet_that_names_the_customer(tmp_path):
    s, _ = rank(save(tmp_path / "invoices.xlsx", akaunting()), tmp_path)
    assert s["sheet"] == "invoices"
    assert s["clients"] == 1
    assert s["pareto"]["total"] in (90.0, 100.0)
    assert "contact_name" in s["understood"][0]


def test_akaunting_with_several_customers(tmp_path):
    s, _ = rank(save(tmp_path / "invoices.xlsx", akaunting((("Blue Cafe", "a@blue.example", 100, 10),
                                                              ("Green Gym", "b@green.example", 300, 0),
                                                              ("Red Shop", "c@red.example", 50, 0)))), tmp_path)
    assert s["sheet"] == "invoices"
    assert s["clients"] == 3
    assert s["pareto"]["total"] in (450.0, 440.0)


def test_field_paths_and_codes_are_never_client_names(tmp_path):
    # the totals sheet alone: its name column holds field paths, its code column codes
    book = save(tmp_path / "totals.xlsx", {"invoice_totals": akaunting()["invoice_totals"]})
    code, out, err = run_cli("rerank", book, "--out", tmp_path / "ranked.xlsx", "--json")
    assert code == 4, out[:300]
    assert "no column that says who the client is" in err and "'name' (invoices.sub_total" in err


XERO = ["ContactName", "EmailAddress", "POAddressLine1", "POCity", "POPostalCode", "POCountry", "InvoiceNumber",
        "Reference", "InvoiceDate", "DueDate", "Total", "TaxTotal", "InvoiceAmountPaid", "InvoiceAmountDue",
        "InventoryItemCode", "Description", "Quantity", "UnitAmount", "Discount", "LineAmount", "AccountCode",
        "TaxType", "TaxAmount", "Currency", "Type", "Sent", "Status"]
CHART = ["*Code", "*Name", "*Type", "*Tax Code", "Description", "Dashboard", "Expense Claims", "Enable Payments"]


def test_xero_invoices_beside_the_chart_of_accounts_are_read_on_the_invoices_sheet(tmp_path):
    day = dt.datetime(2024, 3, 1)
    chart = [CHART,
             [200, "Sales", "Revenue", "Tax on Sales", "Income from any normal business activity", "No", "No", "No"],
             [260, "Other Revenue", "Revenue", "Tax on Sales", "Any other income", "No", "No", "No"],
             [400, "Advertising", "Expense", "Tax on Purchases", "Advertising and marketing", "No", "Yes", "No"],
             [404, "Bank Fees", "Expense", "Tax Exempt", "Fees charged by your bank", "No", "No", "No"],
             [610, "Accounts Receivable", "Accounts Receivable", "Tax Exempt", "Invoices not yet paid", "No", "No",
              "No"]]
    invoices = [XERO,
                ["Blue Cafe", "a@blue.example", "1 Main St", "Leeds", "LS1", "UK", "INV-0001", "", day, day, 120.0,
                 20.0, 120.0, 0.0, "", "Coffee beans", 10, 10.0, "", 100.0, 200, "20% (VAT on Income)", 20.0, "GBP",
                 "Sales invoice", "Sent", "Paid"],
                ["Green Gym", "b@green.example", "2 High St", "York", "YO1", "UK", "INV-0002", "", day, day, 360.0,
                 60.0, 0.0, 360.0, "", "Consulting", 3, 100.0, "", 300.0, 200, "20% (VAT on Income)", 60.0, "GBP",
                 "Sales invoice", "Sent", "Awaiting Payment"]]
    s, _ = rank(save(tmp_path / "xero.xlsx", {"Chart of accounts": chart, "Invoices": invoices}), tmp_path)
    assert s["sheet"] == "Invoices"
    assert s["clients"] == 2
    assert s["pareto"]["total"] == 400.0

"""Accounting and invoicing (QuickBooks, Xero, FreshBooks, Zoho, Sage, ...):
entries of the export catalogue (see xlclientrank/reader/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test file in tests/test_profiles.py and tests/test_profiles_accounting.py."""

from __future__ import annotations

from xlclientrank.reader.profiles import Profile, Rule  # noqa: F401

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
)

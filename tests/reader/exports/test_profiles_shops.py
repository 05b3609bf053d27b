"""Shop and marketplace exports read by their profile (xlclientrank/reader/exports/catalogue/shops.py):
each file is built here in the shape the product documents (header names and values as the product
writes them), ranked with the command, and every choice of the profile is checked: who the clients
are, the revenue of each (worked out by hand below), orders, the rows left out and the 'understood'
lines. Tests marked xfail need an addition to reader/exports/profiles.py (named in their reason)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import client_table as table_of
from tests.helpers import left_out, run_cli, write_csv

# ---------------------------------------------------------------- helpers



def from_dicts(header, dicts):
    """Rows in the header's order; the columns a row does not name are empty, as in the export."""
    unknown = {k for d in dicts for k in d} - set(header)
    assert not unknown, unknown
    return [[d.get(h, "") for h in header] for d in dicts]


def rank(path, tmp_path):
    out = tmp_path / "ranked.xlsx"
    code, stdout, err = run_cli("rerank", path, "--out", out, "--json")
    assert code == 0, err
    return json.loads(stdout[stdout.index("{"):]), out


def clients_of(out):
    from tests.helpers import ranking_rows

    head, body = ranking_rows(out)
    return {r[head.index("Client")]: r for r in body}, head




def check(path, tmp_path, profile, revenue, orders=None, understood=(), left_out=None):
    """Ranks ``path`` and checks the clients and their revenue (and orders), the profile recognised,
    the 'understood' lines and the 'Left out' line (``None``: no row left out)."""
    summary, out = rank(path, tmp_path)
    rows, head = clients_of(out)
    assert sorted(rows) == sorted(revenue)
    assert summary["clients"] == len(revenue)
    assert summary["pareto"]["total"] == pytest.approx(sum(revenue.values()))
    for name, value in revenue.items():
        assert rows[name][head.index("Revenue")] == pytest.approx(value), name
    for name, n in (orders or {}).items():
        assert rows[name][head.index("Orders")] == n, name
    table = table_of(path)
    assert table.profile == profile
    for line in understood:
        assert line in table.understood, (line, table.understood)
    left = [line for line in table.understood if line.startswith("Left out:")]
    assert left == ([] if left_out is None else [left_out]), table.understood
    return table, rows, head


# ---------------------------------------------------------------- Shopify: orders

# The Orders export's header as Shopify writes it (Orders > Export, CSV for Excel).
SHOPIFY_ORDERS = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
    "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method",
    "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
    "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status",
    "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City",
    "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
    "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at",
    "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee",
    "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name",
    "Tax 1 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name",
    "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References"]


def shopify_order(name, email, status, subtotal, shipping, taxes, total, refunded, billing, created, items,
                  discount=0.0, cancelled=""):
    """One order: its first line carries the order-level fields, the other lines only Name, Email,
    Created at and the line item, as in Shopify's export."""
    first = {"Name": name, "Email": email, "Financial Status": status, "Paid at": created if status == "paid" else "",
             "Fulfillment Status": "fulfilled", "Accepts Marketing": "no", "Currency": "USD",
             "Subtotal": f"{subtotal:.2f}", "Shipping": f"{shipping:.2f}", "Taxes": f"{taxes:.2f}",
             "Total": f"{total:.2f}", "Discount Amount": f"{discount:.2f}", "Shipping Method": "Standard",
             "Billing Name": billing, "Billing Country": "US", "Shipping Name": billing, "Cancelled at": cancelled,
             "Payment Method": "Shopify Payments", "Refunded Amount": f"{refunded:.2f}",
             "Outstanding Balance": "0.00", "Id": "5" + name[1:] + "0000001", "Risk Level": "Low", "Source": "web",
             "Tax 1 Name": "State Tax 8%", "Tax 1 Value": f"{taxes:.2f}", "Duties": "0.00"}
    rows = []
    for i, (qty, item, price) in enumerate(items):
        line = dict(first) if i == 0 else {"Name": name, "Email": email, "Created at": created}
        line.update({"Created at": created, "Lineitem quantity": qty, "Lineitem name": item,
                     "Lineitem price": f"{price:.2f}", "Lineitem sku": item[:4].upper(),
                     "Lineitem requires shipping": "true", "Lineitem taxable": "true",
                     "Lineitem fulfillment status": "fulfilled", "Vendor": "Analytical Goods"})
        rows.append(line)
    return rows


def shopify_orders():
    return (
        # Ada, paid, two lines: 118 - taxes 8 - shipping 10 = 100 (the Subtotal)
        shopify_order("#1001", "ada@example.com", "paid", 100, 10, 8, 118, 0, "Ada Lovelace",
                      "2025-01-10 10:00:00 -0500", [(2, "Brass gear", 30.0), (1, "Punch card deck", 40.0)])
        # Grace, partially refunded: Refunded Amount 54 gives back 50 of the goods and 4 of the tax (it
        # includes the tax refunded), so 216 - 54 = 162 paid, of which 200/216 is goods: 150 (after a 20
        # discount); taking the whole 54 off 216 - 16 would take the refunded tax off twice (146)
        + shopify_order("#1002", "grace@example.com", "partially_refunded", 200, 0, 16, 216, 54, "Grace Hopper",
                        "2025-01-12 09:30:00 -0500", [(4, "Compiler manual", 55.0)], discount=20)
        # Ada again: 59 - 4 - 5 = 50
        + shopify_order("#1003", "ada@example.com", "paid", 50, 5, 4, 59, 0, "Ada Lovelace",
                        "2025-02-01 14:00:00 -0500", [(1, "Brass gear", 50.0)])
        # Linus, voided (payment never taken): left out
        + shopify_order("#1004", "linus@example.com", "voided", 80, 0, 6.4, 86.4, 0, "Linus Torvalds",
                        "2025-02-03 11:00:00 -0500", [(1, "Kernel poster", 80.0)],
                        cancelled="2025-02-03 12:00:00 -0500")
        # Grace, refunded in full (Refunded Amount = Total, tax and shipping included): left out
        + shopify_order("#1005", "grace@example.com", "refunded", 40, 5, 3.2, 48.2, 48.2, "Grace Hopper",
                        "2025-02-05 16:00:00 -0500", [(1, "Nanosecond wire", 40.0)])
        # Margaret, pending (bank transfer not arrived yet): a sale, 324 - 24 = 300
        + shopify_order("#1006", "margaret@example.com", "pending", 300, 0, 24, 324, 0, "Margaret Hamilton",
                        "2025-02-07 08:15:00 -0500", [(3, "Flight checklist", 100.0)])
    )


def test_shopify_orders_revenue_without_tax_shipping_and_refunds_void_and_refunded_left_out(tmp_path):
    path = write_csv(tmp_path / "orders_export_1.csv", SHOPIFY_ORDERS, from_dicts(SHOPIFY_ORDERS, shopify_orders()))
    check(path, tmp_path, "shopify_orders",
          revenue={"Ada Lovelace": 100 + 50, "Grace Hopper": 150, "Margaret Hamilton": 300},
          orders={"Ada Lovelace": 2, "Grace Hopper": 1, "Margaret Hamilton": 1},
          understood=["Export: Shopify, Orders export (recognised from its headers).",
                      "Clients: grouped by Email, shown as Billing Name.",
                      "Revenue: Total minus Taxes minus Shipping minus Duties, minus Refunded Amount in the same "
                      "proportion (a refund gives back tax and shipping too), counted once per Name (the goods "
                      "after discounts and refunds, without tax and shipping; the Customers export's Total Spent "
                      "includes them, so the two exports of one shop differ by the tax and shipping).",
                      "Orders: distinct Name."],
          left_out="Left out: 1 voided order row (Financial Status); 1 refunded order row (Financial Status).")


def test_shopify_orders_as_xlsx(tmp_path):
    from tests.helpers import make_workbook

    path = make_workbook(tmp_path / "orders_export.xlsx",
                         [SHOPIFY_ORDERS] + from_dicts(SHOPIFY_ORDERS, shopify_orders()), sheet="orders_export")
    check(path, tmp_path, "shopify_orders",
          revenue={"Ada Lovelace": 150, "Grace Hopper": 150, "Margaret Hamilton": 300},
          left_out="Left out: 1 voided order row (Financial Status); 1 refunded order row (Financial Status).")


def test_shopify_order_level_fields_apply_to_every_line_of_the_order(tmp_path):
    """Financial Status and Billing Name stand on an order's first line only (fill_order): a voided
    order's second line is left out with it, and a client whose order has three lines is still shown
    by name, not by the e-mail on the other two."""
    rows = (shopify_order("#2001", "hedy@example.com", "paid", 90, 0, 7.2, 97.2, 0, "Hedy Lamarr",
                          "2025-03-01 10:00:00 -0500",
                          [(1, "Radio kit", 30.0), (1, "Antenna", 30.0), (1, "Manual", 30.0)])
            + shopify_order("#2002", "linus@example.com", "voided", 80, 0, 6.4, 86.4, 0, "Linus Torvalds",
                            "2025-03-02 10:00:00 -0500", [(1, "Kernel poster", 40.0), (1, "Penguin", 40.0)])
            + shopify_order("#2003", "ada@example.com", "paid", 50, 5, 4, 59, 0, "Ada Lovelace",
                            "2025-03-03 10:00:00 -0500", [(1, "Brass gear", 50.0)]))
    path = write_csv(tmp_path / "orders_export_2.csv", SHOPIFY_ORDERS, from_dicts(SHOPIFY_ORDERS, rows))
    table, _, _ = check(path, tmp_path, "shopify_orders", revenue={"Hedy Lamarr": 90, "Ada Lovelace": 50},
                        orders={"Hedy Lamarr": 1, "Ada Lovelace": 1},
                        understood=["Clients: grouped by Email, shown as Billing Name."],
                        left_out="Left out: 2 voided order rows (Financial Status).")


def test_shopify_orders_in_several_currencies_are_never_added_up(tmp_path):
    """An order in CAD among orders in USD (Shopify writes each order's Currency): ranked on the USD
    orders, the CAD one listed as left out (reader/rules/amounts.py), never added to them."""
    rows = shopify_orders()
    for r in rows:
        if r["Name"] == "#1006" and "Currency" in r:
            r["Currency"] = "CAD"
    path = write_csv(tmp_path / "orders_export_3.csv", SHOPIFY_ORDERS, from_dicts(SHOPIFY_ORDERS, rows))
    table = table_of(path)
    assert "Margaret Hamilton" not in set(table.frame["Client"])
    line = next(u for u in table.understood if u.startswith("Currency:"))
    assert line.startswith("Currency: USD (") and "1 row in CAD left out" in line, line
    assert "amounts in CAD, not USD" in left_out(table)


# ---------------------------------------------------------------- Shopify: customers

SHOPIFY_CUSTOMERS = [
    "Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company",
    "Default Address Address1", "Default Address Address2", "Default Address City", "Default Address Province Code",
    "Default Address Country Code", "Default Address Zip", "Default Address Phone", "Phone", "Accepts SMS Marketing",
    "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags"]


def shopify_customers():
    return [
        ["7412345678901", "Ada", "Lovelace", "ada@example.com", "yes", "Analytical Ltd", "12 St James's Sq", "",
         "London", "", "GB", "SW1Y 4JH", "", "", "no", "150.00", "2", "", "no", "vip"],
        ["7412345678902", "Grace", "Hopper", "grace@example.com", "no", "", "1 Navy Way", "", "Arlington", "VA",
         "US", "22201", "", "", "no", "1250.50", "7", "", "no", ""],
        # a newsletter sign-up who never ordered: not a client
        ["7412345678903", "Margaret", "Hamilton", "margaret@example.com", "yes", "", "", "", "", "", "", "", "", "",
         "no", "0.00", "0", "", "no", "newsletter"],
        ["7412345678904", "Linus", "Torvalds", "linus@example.com", "no", "", "", "", "Portland", "OR", "US", "",
         "", "", "no", "89.90", "1", "", "no", ""],
    ]


def test_shopify_customers_total_spent_per_customer_without_sign_ups(tmp_path):
    path = write_csv(tmp_path / "customers_export.csv", SHOPIFY_CUSTOMERS, shopify_customers())
    check(path, tmp_path, "shopify_customers",
          revenue={"Ada Lovelace": 150.00, "Grace Hopper": 1250.50, "Linus Torvalds": 89.90},
          orders={"Ada Lovelace": 2, "Grace Hopper": 7, "Linus Torvalds": 1},
          understood=["Export: Shopify, Customers export (recognised from its headers).",
                      "Clients: grouped by Customer ID, shown as First Name + Last Name.",
                      "Revenue: Total Spent (what Shopify reports the customer spent, tax and shipping included; the "
                      "Orders export gives the same clients' revenue without them).", "Orders: Total Orders."],
          left_out="Left out: 1 customer without orders row (Total Orders).")


def test_shopify_customers_without_a_name_are_shown_by_their_email(tmp_path):
    rows = shopify_customers()
    rows[3][1] = rows[3][2] = ""  # Linus checked out as a guest: only his e-mail
    path = write_csv(tmp_path / "customers_export.csv", SHOPIFY_CUSTOMERS, rows)
    check(path, tmp_path, "shopify_customers",
          revenue={"Ada Lovelace": 150.00, "Grace Hopper": 1250.50, "linus@example.com": 89.90},
          orders={"Ada Lovelace": 2, "Grace Hopper": 7, "linus@example.com": 1},
          understood=["Clients: grouped by Customer ID, shown as First Name + Last Name (1 without it by Email)."],
          left_out="Left out: 1 customer without orders row (Total Orders).")


# ---------------------------------------------------------------- WooCommerce

# Analytics > Orders > Download
WOO_ORDERS = ["Date", "Order #", "Status", "Customer", "Customer type", "Product(s)", "Items sold", "Coupon(s)",
              "Net Sales", "Attribution"]


def test_woocommerce_orders_net_sales_with_refund_rows_and_unpaid_orders_left_out(tmp_path):
    rows = [
        ["2025-03-01", "101", "Completed", "Ada Lovelace", "new", "Brass gear", "2", "", "40.00", "Direct"],
        ["2025-03-02", "102", "Processing", "Grace Hopper", "new", "Compiler manual", "3", "SPRING10", "120.00",
         "Organic: Google"],
        ["2025-03-05", "103", "Completed", "Ada Lovelace", "returning", "Punch card deck", "1", "", "60.00", "Direct"],
        ["2025-03-06", "104", "Refunded", "Grace Hopper", "returning", "Nanosecond wire", "1", "", "30.00", "Direct"],
        # the refund of order 104, as Analytics lists it: negative net sales
        ["2025-03-07", "104", "Refunded", "Grace Hopper", "returning", "Nanosecond wire", "-1", "", "-30.00", "Direct"],
        ["2025-03-08", "106", "Failed", "Linus Torvalds", "new", "Kernel poster", "1", "", "99.00", "Direct"],
        ["2025-03-09", "107", "Cancelled", "Margaret Hamilton", "new", "Flight checklist", "1", "", "55.00", "Direct"],
        ["2025-03-10", "108", "Pending payment", "Margaret Hamilton", "new", "Flight checklist", "1", "", "70.00",
         "Direct"],
        # on hold: awaiting the bank transfer, a sale all the same
        ["2025-03-11", "109", "On hold", "Margaret Hamilton", "new", "Slide rule", "1", "", "25.00", "Direct"],
    ]
    path = write_csv(tmp_path / "wc-orders-report-export-17404.csv", WOO_ORDERS, rows)
    check(path, tmp_path, "woocommerce_orders",
          # Ada 40 + 60; Grace 120 + 30 - 30 (order 104 refunded, so it is no order); Margaret only 109
          revenue={"Ada Lovelace": 100, "Grace Hopper": 120, "Margaret Hamilton": 25},
          orders={"Ada Lovelace": 2, "Grace Hopper": 1, "Margaret Hamilton": 1},
          understood=["Export: WooCommerce, Analytics orders report (recognised from its headers).",
                      "Clients: by Customer.", "Revenue: Net Sales.", "Orders: distinct Order #."],
          left_out="Left out: 1 failed order row (Status); 1 cancelled order row (Status); "
                   "1 unpaid order (pending payment) row (Status).")


# Analytics > Customers > Download
WOO_CUSTOMERS = ["Name", "Username", "Last active", "Date registered", "Email", "Orders", "Total spend", "AOV",
                 "Country / Region", "City", "Region", "Postal code"]


def test_woocommerce_customers_total_spend_per_customer(tmp_path):
    rows = [
        ["Ada Lovelace", "ada", "2025-03-05", "2024-01-01", "ada@example.com", "2", "100.00", "50.00", "GB", "London",
         "", "SW1Y 4JH"],
        ["Grace Hopper", "grace", "2025-03-06", "2024-02-01", "grace@example.com", "3", "420.50", "140.17", "US",
         "Arlington", "VA", "22201"],
        # a guest: no username
        ["Margaret Hamilton", "", "2025-03-11", "", "margaret@example.com", "1", "25.00", "25.00", "US", "Boston",
         "MA", "02101"],
        ["Linus Torvalds", "linus", "2024-06-01", "2024-06-01", "linus@example.com", "0", "0.00", "0.00", "US",
         "Portland", "OR", ""],
    ]
    path = write_csv(tmp_path / "wc-customers-report-export.csv", WOO_CUSTOMERS, rows)
    check(path, tmp_path, "woocommerce_customers",
          revenue={"Ada Lovelace": 100.00, "Grace Hopper": 420.50, "Margaret Hamilton": 25.00},
          orders={"Ada Lovelace": 2, "Grace Hopper": 3, "Margaret Hamilton": 1},
          understood=["Export: WooCommerce, Analytics customers report (recognised from its headers).",
                      "Clients: grouped by Email, shown as Name.", "Revenue: Total spend.", "Orders: Orders."],
          left_out="Left out: 1 customer without orders row (Orders).")


# ---------------------------------------------------------------- Square

SQUARE_TRANSACTIONS = [
    "Date", "Time", "Time Zone", "Gross Sales", "Discounts", "Service Charges", "Net Sales", "Gift Card Sales", "Tax",
    "Tip", "Partial Refunds", "Total Collected", "Source", "Card", "Card Entry Methods", "Cash", "Square Gift Card",
    "Other Tender", "Other Tender Type", "Tender Note", "Fees", "Net Total", "Transaction ID", "Payment ID",
    "Card Brand", "PAN Suffix", "Device Name", "Staff Name", "Staff ID", "Details", "Description", "Event Type",
    "Location", "Dining Option", "Customer ID", "Customer Name", "Customer Reference ID", "Device Nickname",
    "Third Party Fees", "Deposit ID", "Deposit Date", "Deposit Details", "Fee Percentage Rate", "Fee Fixed Rate",
    "Refund Reason", "Discount Name", "Transaction Status", "Cash App", "Order Reference ID", "Fulfillment Note",
    "Free Processing Applied", "Channel", "Unattributed Tips", "Table Info", "International Fee"]


def square_row(date, gross, discount, net, tax, tip, fees, txn, event, customer_id, customer, refund_reason=""):
    collected = net + tax + tip
    money = lambda v: ("-$" if v < 0 else "$") + f"{abs(v):,.2f}"  # noqa: E731 (Square writes -$5.00)
    return {"Date": date, "Time": "14:30:00", "Time Zone": "Eastern Time (US & Canada)", "Gross Sales": money(gross),
            "Discounts": money(discount), "Service Charges": "$0.00", "Net Sales": money(net),
            "Gift Card Sales": "$0.00", "Tax": money(tax), "Tip": money(tip), "Partial Refunds": "$0.00",
            "Total Collected": money(collected), "Source": "Point of Sale", "Card": money(collected),
            "Card Entry Methods": "Tapped", "Cash": "$0.00", "Square Gift Card": "$0.00", "Other Tender": "$0.00",
            "Fees": money(fees), "Net Total": money(collected + fees), "Transaction ID": txn,
            "Payment ID": "P" + txn, "Card Brand": "Visa", "PAN Suffix": "4242", "Device Name": "Counter iPad",
            "Details": "https://squareup.com/dashboard/sales/transactions/" + txn, "Description": "Custom Amount",
            "Event Type": event, "Location": "Main Street", "Customer ID": customer_id, "Customer Name": customer,
            "Refund Reason": refund_reason, "Transaction Status": "Complete", "Channel": "Point of Sale"}


def test_square_transactions_net_sales_refund_rows_and_sales_without_a_customer(tmp_path):
    rows = [
        # Ada: 60 less a 5 discount = 55 net sales (tax, tip and Square's fee are not sales)
        square_row("2025-04-01", 60, -5, 55, 4.40, 10, -2.31, "T1", "Payment", "CUST-A", "Ada Lovelace"),
        square_row("2025-04-03", 30, 0, 30, 2.40, 0, -1.17, "T2", "Payment", "CUST-A", "Ada Lovelace"),
        square_row("2025-04-04", 120, 0, 120, 9.60, 15, -4.36, "T3", "Payment", "CUST-G", "Grace Hopper"),
        # Grace returned part of it: a refund row with negative amounts
        square_row("2025-04-06", -40, 0, -40, -3.20, 0, 0, "T3", "Refund", "CUST-G", "Grace Hopper",
                   refund_reason="Returned goods"),
        # a walk-in card sale with no customer profile: no client
        square_row("2025-04-06", 15, 0, 15, 1.20, 0, -0.56, "T5", "Payment", "", ""),
        square_row("2025-04-08", 200, 0, 200, 16, 20, -6.90, "T6", "Payment", "CUST-M", "Margaret Hamilton"),
    ]
    path = write_csv(tmp_path / "transactions-2025-04-01-2025-05-01.csv", SQUARE_TRANSACTIONS,
                     from_dicts(SQUARE_TRANSACTIONS, rows))
    check(path, tmp_path, "square_transactions",
          revenue={"Ada Lovelace": 55 + 30, "Grace Hopper": 120 - 40, "Margaret Hamilton": 200},
          orders={"Ada Lovelace": 2, "Grace Hopper": 1, "Margaret Hamilton": 1},
          understood=["Export: Square, Transactions export (recognised from its headers).",
                      "Clients: grouped by Customer ID, shown as Customer Name.",
                      "Revenue: Net Sales.", "Orders: distinct Transaction ID."],
          left_out="Left out: 1 row without a client.")


SQUARE_CUSTOMERS = ["First Name", "Last Name", "Email Address", "Phone Number", "Nickname", "Company Name",
                    "Street Address 1", "Street Address 2", "City", "State", "Postal Code", "Birthday", "Memo",
                    "Square Customer ID", "Creation Source", "First Visit", "Last Visit", "Transaction Count",
                    "Lifetime Spend", "Email Subscription Status", "Instant Profile", "Reference ID"]


def test_square_customers_lifetime_spend_without_customers_who_never_bought(tmp_path):
    def row(first, last, email, cid, count, spend):
        return [first, last, email, "", "", "", "", "", "Springfield", "IL", "62701", "", "", cid, "Directory",
                "2024-05-01", "2025-04-08", count, spend, "subscribed", "No", ""]

    rows = [row("Ada", "Lovelace", "ada@example.com", "CUST-A", "2", "$85.00"),
            row("Grace", "Hopper", "grace@example.com", "CUST-G", "1", "$80.00"),
            row("Margaret", "Hamilton", "margaret@example.com", "CUST-M", "1", "$1,200.00"),
            row("Linus", "Torvalds", "linus@example.com", "CUST-L", "0", "$0.00")]
    path = write_csv(tmp_path / "customers.csv", SQUARE_CUSTOMERS, rows)
    check(path, tmp_path, "square_customers",
          revenue={"Ada Lovelace": 85, "Grace Hopper": 80, "Margaret Hamilton": 1200},
          orders={"Ada Lovelace": 2, "Grace Hopper": 1, "Margaret Hamilton": 1},
          understood=["Clients: grouped by Square Customer ID, shown as First Name + Last Name.",
                      "Revenue: Lifetime Spend.", "Orders: Transaction Count."],
          left_out="Left out: 1 customer without purchases row (Transaction Count).")


# ---------------------------------------------------------------- Etsy

ETSY_ORDERS = ["Sale Date", "Order ID", "Buyer User ID", "Full Name", "First Name", "Last Name", "Number of Items",
               "Payment Method", "Date Shipped", "Street 1", "Street 2", "Ship City", "Ship State", "Ship Zipcode",
               "Ship Country", "Currency", "Order Value", "Coupon Code", "Coupon Details", "Discount Amount",
               "Shipping Discount", "Shipping", "Sales Tax", "Order Total", "Status", "Card Processing Fees",
               "Order Net", "Adjusted Order Total", "Adjusted Card Processing Fees", "Adjusted Net Order Amount",
               "Buyer", "Order Type", "Payment Type", "InPerson Discount", "InPerson Location", "SKU"]


def etsy_row(date, order, user, name, items, value, discount, shipping, tax, status="", adjusted="0.00"):
    """A row of EtsySoldOrders*.csv. Real shops' files write 0.00 in the three Adjusted columns of every
    order never adjusted (a public analysis of real EtsySoldOrders2021/2022 files reads
    "Adjusted Net Order Amount if != 0 else Order Net"; Etsy Help 360016265394 defines the Adjusted
    figures of the Payments Sales CSV as the amounts after a refund)."""
    first, last = name.split(" ", 1)
    total = value - discount + shipping + tax
    fees = round(total * 0.03 + 0.25, 2)
    return [date, order, user, name, first, last, str(items), "Other", "", "1 Main St", "", "Springfield", "IL",
            "62701", "United States", "USD", f"{value:.2f}", "SPRING" if discount else "",
            "10% off" if discount else "", f"{discount:.2f}", "0", f"{shipping:.2f}", f"{tax:.2f}", f"{total:.2f}",
            status, f"{fees:.2f}", f"{total - fees:.2f}", adjusted, "0.00", "0.00", f"{name} ({user})", "online",
            "online_cc", "", "", ""]


def test_etsy_sold_orders_items_after_discount_before_shipping_and_tax(tmp_path):
    rows = [
        # Ada: order value 50 less a 5 coupon = 45 (shipping 6 and sales tax 3.60 are not the sale)
        etsy_row("01/05/25", "3001", "ada_l", "Ada Lovelace", 2, 50, 5, 6, 3.60),
        etsy_row("01/09/25", "3002", "grace_h", "Grace Hopper", 3, 120, 0, 0, 9.60),
        etsy_row("02/02/25", "3003", "ada_l", "Ada Lovelace", 1, 30, 0, 4, 2.40),
        etsy_row("02/03/25", "3004", "linus_t", "Linus Torvalds", 1, 75, 0, 5, 6, status="Canceled"),
        etsy_row("02/04/25", "3005", "margaret_h", "Margaret Hamilton", 1, 20, 0, 3, 1.60, status="Refunded",
                 adjusted="0.00"),
        etsy_row("02/06/25", "3006", "margaret_h", "Margaret Hamilton", 2, 80, 0, 0, 6.40),
    ]
    path = write_csv(tmp_path / "EtsySoldOrders2025.csv", ETSY_ORDERS, rows)
    check(path, tmp_path, "etsy_orders",
          revenue={"Ada Lovelace": 45 + 30, "Grace Hopper": 120, "Margaret Hamilton": 80},
          orders={"Ada Lovelace": 2, "Grace Hopper": 1, "Margaret Hamilton": 1},
          understood=["Export: Etsy, Sold orders CSV (recognised from its headers).",
                      "Clients: grouped by Buyer User ID, shown as Full Name.",
                      "Revenue: Adjusted Order Total where it is filled and not 0, else Order Total minus Shipping "
                      "minus Sales Tax.",
                      "Orders: distinct Order ID."],
          left_out="Left out: 1 cancelled order row (Status); 1 refunded order row (Status).")


def test_etsy_partial_refund_reduces_revenue_and_0_adjusted_is_no_refund(tmp_path):
    rows = [
        # Grace's order 3007: total 64.80 (tax 4.80), 20 refunded (Adjusted Order Total 44.80): 44.80 - 4.80 = 40
        etsy_row("03/01/25", "3007", "grace_h", "Grace Hopper", 2, 60, 0, 0, 4.80, adjusted="44.80"),
        etsy_row("03/02/25", "3008", "ada_l", "Ada Lovelace", 1, 30, 0, 0, 2.40),
        # never adjusted: 0.00, as real files write it on every ordinary order; 25 counts
        etsy_row("03/03/25", "3009", "ada_l", "Ada Lovelace", 1, 25, 0, 3, 2.24),
    ]
    path = write_csv(tmp_path / "EtsySoldOrders2025-3.csv", ETSY_ORDERS, rows)
    check(path, tmp_path, "etsy_orders", revenue={"Grace Hopper": 40, "Ada Lovelace": 30 + 25})


def test_etsy_file_of_ordinary_orders_is_ranked_not_all_refunded(tmp_path):
    """Every order with Adjusted Order Total 0.00 (nothing adjusted): all are sales, and the note says
    the adjusted column was not used."""
    rows = [etsy_row("04/01/25", str(4000 + i), f"buyer{i}", f"Buyer Number{i}", 1, 10.0 * (i + 1), 0, 2, 0.8)
            for i in range(4)]
    path = write_csv(tmp_path / "EtsySoldOrders2025-4.csv", ETSY_ORDERS, rows)
    check(path, tmp_path, "etsy_orders", revenue={f"Buyer Number{i}": 10.0 * (i + 1) for i in range(4)})
    assert any("'Adjusted Order Total' is 0 on every row" in n for n in table_of(path).notes)


# ---------------------------------------------------------------- Amazon: refused

AMAZON_ALL_ORDERS = ["amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
                     "fulfillment-channel", "sales-channel", "order-channel", "url", "ship-service-level",
                     "product-name", "sku", "asin", "item-status", "quantity", "currency", "item-price", "item-tax",
                     "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount",
                     "ship-promotion-discount", "ship-city", "ship-state", "ship-postal-code", "ship-country",
                     "promotion-ids", "is-business-order", "purchase-order-number", "price-designation"]


def test_amazon_all_orders_report_is_refused_with_the_reason_and_what_to_use(tmp_path):
    from tests.helpers import make_workbook

    rows = [[f"113-000000{i}-000000{i}", "", "2025-03-0{}T10:00:00+00:00".format(i),
             "2025-03-0{}T12:00:00+00:00".format(i),
             "Shipped", "Amazon", "Amazon.com", "", "", "Standard", "Brass gear", "BG-1", "B00000000" + str(i),
             "Shipped", "1", "USD", "25.00", "2.00", "0.00", "0.00", "", "", "", "", "SEATTLE", "WA", "98101", "US",
             "", "false", "", ""] for i in range(1, 4)]
    path = make_workbook(tmp_path / "All Orders.xlsx", [AMAZON_ALL_ORDERS] + rows, sheet="All Orders")
    code, _, err = run_cli("rerank", path, "--out", tmp_path / "ranked.xlsx", "--json")
    assert code not in (0, 1), err
    assert "Amazon Seller Central's Order report" in err
    assert "do not say who the buyer is" in err and "export them from your own shop" in err
    assert not (tmp_path / "ranked.xlsx").exists()


def test_amazon_date_range_report_is_refused_too(tmp_path):
    header = ["date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace",
              "account type", "fulfillment", "order city", "order state", "order postal", "tax collection model",
              "product sales", "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits",
              "giftwrap credits tax", "promotional rebates", "promotional rebates tax", "marketplace withheld tax",
              "selling fees", "fba fees", "other transaction fees", "other", "total"]
    rows = [["Mar 1, 2025 10:00:00 AM PST", "1234567890", "Order", "113-0000001-0000001", "BG-1", "Brass gear", "1",
             "amazon.com", "Standard Orders", "Amazon", "SEATTLE", "WA", "98101", "MarketplaceFacilitator", "25.00",
             "2.00", "0", "0", "0", "0", "0", "0", "-2.00", "-3.75", "-3.22", "0", "0", "18.03"]]
    path = write_csv(tmp_path / "2025MarMonthlyTransaction.csv", header, rows)
    code, _, err = run_cli("rerank", path, "--out", tmp_path / "ranked.xlsx")
    assert code not in (0, 1), err
    assert "do not say who the buyer is" in err

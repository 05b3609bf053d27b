"""Online shops and marketplaces (Shopify, WooCommerce, Square, Etsy, Amazon):
entries of the export catalogue (see xlclientrank/reader/exports/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test file in tests/reader/exports/test_profiles_shops.py.

Revenue is what the owner sold: the goods and services after discounts, without the sales tax or
VAT they collect for the state and without the shipping they pass on to the carrier, and after
refunds. Fees the platform keeps are a cost, never revenue."""

from __future__ import annotations

from xlclientrank.reader.exports.catalogue.entry import Profile, Rule  # noqa: F401

PROFILES: tuple[Profile, ...] = (
    # Shopify, Orders > Export: one row per line item. Shopify's Help Center documents the export
    # ("Exporting orders", help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders);
    # the column names, and the order-level fields (Financial Status, Subtotal, Shipping, Taxes,
    # Total, Refunded Amount, Billing Name, ...) standing on the order's first line only with Name
    # and Email on every line, checked against docs.xbp.app/docs/development/integrations/shopify/
    # order-format (a real export quoted) and public test fixtures of real exports. Financial Status
    # is Shopify's OrderFinancialStatus
    # (shopify.dev/docs/api/storefront/latest/enums/orderfinancialstatus): pending, authorized,
    # partially_paid, paid, partially_refunded, refunded, voided.
    # Revenue: Total minus Taxes, Shipping and Duties, minus Refunded Amount. That equals Subtotal
    # (after discounts) in shops that add tax to prices, and stays without VAT in shops whose prices
    # include it (there Subtotal includes the VAT). Voided orders took no money; refunded orders
    # gave it all back (Refunded Amount includes the tax and shipping refunded, so Total minus it
    # would go below zero). Pending, authorized and partially paid orders are sales, as in Shopify's
    # own sales reports.
    Profile(
        key="shopify_orders", product="Shopify", export="Orders export",
        how="Orders, Export, All orders (or a date range), CSV for Excel.",
        signatures=(("Name", "Email", "Financial Status", "Subtotal", "Shipping", "Taxes", "Total",
                     "Lineitem quantity", "Lineitem name"),),
        client_key=("Email",), client_name=("Billing Name", "Shipping Name", "Email"),
        revenue=("Total",), subtract=(("Taxes",), ("Shipping",), ("Duties",), ("Refunded Amount",)),
        once_per=("Name",), order_id=("Name",), date=("Created at", "Paid at"),
        # the order's status, buyer and currency apply to all its lines (amounts: once_per)
        fill_order=("Financial Status", "Billing Name", "Shipping Name", "Currency"),
        revenue_means="the goods after discounts and refunds, without tax and shipping; the Customers export's "
                      "Total Spent includes them, so the two exports of one shop differ by the tax and shipping",
        leave_out=(Rule(("Financial Status",), ("voided",), "voided order"),
                   Rule(("Financial Status",), ("refunded",), "refunded order")),
    ),
    # Shopify, Customers > Export: one row per customer. Help Center "Exporting customers"
    # (help.shopify.com/en/manual/customers/import-export-customers): First Name, Last Name, Email,
    # (Default Address) Company, ..., Total Spent, Total Orders, Tags, Note, Tax Exempt.
    # Total Spent is what Shopify reports the customer spent (it includes tax and shipping; the
    # export has nothing to take them off). Accounts that never ordered (newsletter sign-ups) are
    # left out: they are not clients.
    Profile(
        key="shopify_customers", product="Shopify", export="Customers export",
        how="Customers, Export, All customers, CSV for Excel.",
        signatures=(("First Name", "Last Name", "Email", "Total Spent", "Total Orders"),),
        rows="clients",
        client_key=("Customer ID", "Email"),
        client_name=("First Name+Last Name", "Default Address Company", "Company", "Email"),
        revenue=("Total Spent",), orders=("Total Orders",),
        leave_out=(Rule(("Total Orders",), ("0",), "customer without orders", unless_all=True),),
        revenue_means="what Shopify reports the customer spent, tax and shipping included; the Orders export "
                      "gives the same clients' revenue without them",
    ),
    # WooCommerce, Analytics > Orders > Download: one row per order (refunds on rows of their own,
    # with negative Net Sales). WooCommerce documentation "Analytics: Orders report"
    # (woocommerce.com/document/woocommerce-analytics/orders-report/): Date, Order #, Status,
    # Customer, Customer type, Product(s), Items sold, Coupon(s), Net Sales (after coupons and
    # refunds, without tax and shipping; page not opened here, the column names as WooCommerce Admin
    # labels them). Customer is a name only, so clients are grouped by name.
    # Failed, cancelled and unpaid (pending payment) orders took no money.
    Profile(
        key="woocommerce_orders", product="WooCommerce", export="Analytics orders report",
        how="Analytics, Orders, choose the dates, Download.",
        signatures=(("Date", "Order #", "Status", "Customer", "Customer type", "Net Sales"),),
        client_name=("Customer",),
        revenue=("Net Sales",), order_id=("Order #",), date=("Date",),
        leave_out=(Rule(("Status",), ("failed",), "failed order"),
                   Rule(("Status",), ("cancelled", "canceled"), "cancelled order"),
                   Rule(("Status",), ("pending payment", "pending"), "unpaid order (pending payment)")),
    ),
    # WooCommerce, Analytics > Customers > Download: one row per customer. The report's fields as
    # WooCommerce's own data package types them (@woocommerce/data, reports/types.d.ts,
    # CustomerReport): Name, Username, Last active, Date registered, Email, Orders, Total spend,
    # AOV, Country / Region, City, Region, Postal code.
    Profile(
        key="woocommerce_customers", product="WooCommerce", export="Analytics customers report",
        how="Analytics, Customers, choose the dates, Download.",
        signatures=(("Name", "Username", "Email", "Orders", "Total Spend"),),
        rows="clients",
        client_key=("Email", "Username"), client_name=("Name", "Username", "Email"),
        revenue=("Total Spend",), orders=("Orders",),
        leave_out=(Rule(("Orders",), ("0",), "customer without orders", unless_all=True),),
    ),
    # Square, Dashboard > Transactions > Export > Transactions CSV: one row per payment or refund.
    # Square Help Center, "Sales summary, sales trends and payment methods reports"
    # (squareup.com/help/us/en/article/5530), defines the amounts: Gross Sales before discounts and
    # refunds, without tax and tips; Net Sales = gross sales minus discounts and refunds. The header as
    # Square writes it (Date, Time, Time Zone, Gross Sales, Discounts, Service Charges, Net Sales,
    # Gift Card Sales, Tax, Tip, Partial Refunds, Total Collected, ..., Fees, Net Total,
    # Transaction ID, Payment ID, ..., Event Type, ..., Customer ID, Customer Name, Customer
    # Reference ID, ..., Transaction Status) from public exports. Revenue: Net Sales (gross sales
    # minus discounts; tax, tips and Square's fees are not the owner's sales). A refund is a row
    # with Event Type "Refund" and negative amounts, so it reduces the client's revenue. Sales
    # without a customer attached (most walk-in card and cash sales) have no client and are left out.
    Profile(
        key="square_transactions", product="Square", export="Transactions export",
        how="Square Dashboard, Transactions, choose the dates, Export, Transactions CSV.",
        signatures=(("Date", "Time", "Gross Sales", "Net Sales", "Tax", "Tip", "Total Collected", "Fees",
                     "Transaction ID", "Event Type", "Customer ID", "Customer Name"),),
        client_key=("Customer ID",), client_name=("Customer Name",),
        revenue=("Net Sales",), order_id=("Transaction ID",), date=("Date",),
    ),
    # Square, Customers > Directory > Export customers: one row per customer. Square Help Center
    # "Manage your Customer Directory online" (squareup.com/help/us/en/article/5498) describes the
    # directory; the columns used (First Name, Last Name, Email Address, Company Name, Square Customer
    # ID, First Visit, Last Visit, Transaction Count, Lifetime Spend) are Square's export names, not
    # checked against a published header.
    Profile(
        key="square_customers", product="Square", export="Customer directory export",
        how="Square Dashboard, Customers, Directory, Export customers.",
        signatures=(("First Name", "Last Name", "Email Address", "Square Customer ID", "Transaction Count",
                     "Lifetime Spend"),),
        rows="clients",
        client_key=("Square Customer ID",), client_name=("First Name+Last Name", "Company Name", "Email Address"),
        revenue=("Lifetime Spend",), orders=("Transaction Count",),
        leave_out=(Rule(("Transaction Count",), ("0",), "customer without purchases", unless_all=True),),
    ),
    # Etsy, Shop Manager > Settings > Options > Download Data > Orders (EtsySoldOrders*.csv): one row
    # per order. Etsy's Help Center documents the download ("Download your orders as a CSV"; page not
    # opened here); the header (Sale Date, Order ID, Buyer User ID, Full Name, First Name, Last Name,
    # Number of Items, ..., Currency, Order Value, Coupon Code, Coupon Details, Discount Amount,
    # Shipping Discount, Shipping, Sales Tax, Order Total, Status, Card Processing Fees, Order Net,
    # Adjusted Order Total, Adjusted Card Processing Fees, Adjusted Net Order Amount, Buyer, Order
    # Type, Payment Type, ...) from public parsers of the file. The Status values Canceled and
    # Refunded are an assumption (Status is blank on ordinary orders in the files seen). Revenue:
    # Order Total (Adjusted Order Total where a refund set it) minus Shipping and Sales Tax: the
    # items after the shop's discounts and refunds, before shipping and tax (equal to Order Value
    # minus Discount Amount when nothing was refunded; a shipping discount lowers it). Order Net is
    # after Etsy's card fees, so it is not the sale. Real shops' files write Adjusted Order Total
    # 0.00 on every order never adjusted (public analyses of real EtsySoldOrders files read it as
    # "Adjusted ... if != 0 else Order ..."; Etsy's help for the sibling Payments Sales CSV: "Adjusted
    # Gross: Order amount after any refund issued"), so 0.00 there is no refund: the adjusted figure
    # counts only where it is not 0 (exports.reading._revenue). Cancelled and refunded orders are left out
    # by their Status.
    Profile(
        key="etsy_orders", product="Etsy", export="Sold orders CSV",
        how="Shop Manager, Settings, Options, Download Data, CSV type Orders, Download CSV.",
        signatures=(("Sale Date", "Order ID", "Full Name", "Order Value", "Discount Amount", "Shipping",
                     "Sales Tax", "Order Total", "Order Net"),),
        client_key=("Buyer User ID", "User ID", "Buyer"), client_name=("Full Name", "Buyer"),
        revenue=("Order Total",), revenue_override=("Adjusted Order Total",),
        subtract=(("Shipping",), ("Sales Tax",)),
        order_id=("Order ID",), date=("Sale Date",),
        leave_out=(Rule(("Status",), ("canceled", "cancelled"), "cancelled order"),
                   Rule(("Status",), ("refunded", "fully refunded"), "refunded order")),
    ),
    # Amazon Seller Central order reports: the All Orders report (Reports > Fulfillment > All
    # Orders; flat file amazon-order-id, merchant-order-id, purchase-date, last-updated-date,
    # order-status, fulfillment-channel, ..., sku, asin, item-status, quantity, currency, item-price,
    # item-tax, ..., ship-city, ship-state, ship-postal-code, ship-country, ...) and the Date Range
    # transaction report (Payments > Reports Repository: date/time, settlement id, type, order id,
    # sku, description, quantity, marketplace, ..., order city, order state, order postal, ...,
    # product sales, ...). Documented in Seller Central Help ("All Orders Report", "Date Range
    # Reports"). Neither names the buyer: Amazon keeps its customers' identity from sellers.
    Profile(
        key="amazon_orders", product="Amazon Seller Central", export="Order report",
        how="Reports, Fulfillment, All Orders (or Payments, Date Range Reports).",
        signatures=(("amazon-order-id", "purchase-date", "order-status", "sku", "asin", "item-price"),
                    ("date/time", "settlement id", "type", "order id", "sku", "product sales")),
        refuse=("Amazon's order reports do not say who the buyer is (Amazon keeps its customers' names and "
                "e-mail addresses from sellers; a row has only an order ID and a ship-to city), so there are "
                "no clients to rank. Rank the customers you sell to directly instead: export them from your own "
                "shop, invoicing or accounting system"),
    ),
)

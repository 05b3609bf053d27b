"""Generate xlclientrank/bundled/sample_clients.xlsx, the sample workbook for xlclientrank.

It holds 150 made-up clients of a small marketing/IT services agency on a
`Clients` sheet (header in row 1, one row per client) plus a short `Notes`
sheet. Revenue is heavy-tailed (top ~20% of clients bring ~75% of revenue,
no single client above 10%), 8 clients are loss-making and 10 are
"high-maintenance" (many hours and complaints for their revenue).

The output is deterministic (fixed seed, fixed document properties), so
re-running gives a byte-identical file. Regenerate with:

    python workbook/make_sample.py [OUT]

OUT defaults to xlclientrank/bundled/sample_clients.xlsx (the package data ``quickstart`` copies).
"""
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import xlsxwriter

SEED = 20260101
N_CLIENTS = 150
N_LOSS_MAKING = 8
N_HIGH_MAINTENANCE = 10
HEADER = ["Client", "Contact email", "Revenue 2026", "Gross profit", "Orders",
          "Client since", "Last order", "Hours spent", "Complaints",
          "Referrals", "Fit (1-5)"]
WIDTHS = [34, 48, 14, 14, 8, 12, 12, 12, 11, 10, 9]
NOTES = ["Prices reviewed every January.",
         "Revenue and gross profit are for calendar year 2026, excl. VAT.",
         "Hours spent come from the timesheet export (billable + support).",
         "Fit (1-5) is the account manager's gut feel; 5 = ideal client."]

# Word lists for company names. Fixed names cover the apostrophe/ampersand cases.
FIXED_NAMES = ["Nguyen & Sons Plumbing", "O'Brien's Family Bakery"]
FIRST = ["Harbour", "Bright Path", "Northgate", "Riverside", "Oakwood", "Summit",
         "Bluebell", "Cedar", "Kestrel", "Meadow", "Granite", "Silver Birch",
         "Lakeside", "Redfern", "Ashford", "Willow", "Coastal", "Hilltop",
         "Evergreen", "Parkview", "Foxglove", "Westbrook", "Ironbridge", "Sunrise"]
TRADE = ["Dental Clinic", "Tutoring", "Physio Clinic", "Plumbing", "Accountants",
         "Bakery", "Veterinary Practice", "Florists", "Joinery", "Fitness",
         "Legal", "Roofing", "Opticians", "Catering", "Landscaping", "Architects",
         "Pet Care", "Electrical", "Yoga Studio", "Print Shop", "Dental Group"]
SUFFIX = ["Ltd", "Ltd", "Co", "", "", ""]
CONTACTS = ["anna", "ben", "chloe", "david", "emma", "farid", "grace", "hugo",
            "isla", "james", "kiran", "lena", "mo", "nina", "oscar", "priya",
            "quinn", "rosa", "sam", "tariq", "uma", "victor", "wei", "zoe"]


def make_names(rng):
    """Return N_CLIENTS unique company names (deterministic for a given rng)."""
    names, seen = list(FIXED_NAMES), set(FIXED_NAMES)
    while len(names) < N_CLIENTS:
        parts = [rng.choice(FIRST), rng.choice(TRADE), rng.choice(SUFFIX)]
        name = " ".join(p for p in parts if p)
        if name not in seen:
            seen.add(name)
            names.append(name)
    order = rng.permutation(N_CLIENTS)
    return [names[i] for i in order]


def email_for(name, contact, domain):
    slug = "".join(ch for ch in name.lower() if ch.isalnum())
    return f"{contact}.{slug}@{domain}"


def random_dates(rng, start, end, size):
    """Uniform whole-day dates in [start, end]; start may be an array."""
    start = np.broadcast_to(np.asarray(start, dtype="datetime64[D]"), (size,))
    span = (np.datetime64(end, "D") - start).astype(int)
    days = np.floor(rng.uniform(0, 1, size) * (span + 1)).astype(int)
    return start + days


def make_data(rng):
    n = N_CLIENTS
    names = make_names(rng)
    # Revenue: jittered ranks mapped onto a convex log scale from $150 to $60k.
    # This fixes the shape (top 20% ~ 75% of revenue, max ~ 5%) for any seed.
    u = rng.permutation((np.arange(n) + rng.uniform(0.1, 0.9, n)) / n)
    revenue = np.round(np.exp(np.log(150) + np.log(400) * u ** 1.25), 2)
    margin = rng.uniform(0.20, 0.60, n)
    loss = rng.choice(n, N_LOSS_MAKING, replace=False)
    margin[loss] = -rng.uniform(0.05, 0.35, N_LOSS_MAKING)
    gross_profit = np.round(revenue * margin, 2)
    orders = np.clip(np.round(1 + 2.2 * np.log(revenue / 150) ** 1.3
                              * rng.lognormal(0, 0.35, n)), 1, 40).astype(int)
    since = random_dates(rng, "2012-01-01", "2026-06-30", n)
    last = random_dates(rng, np.maximum(since, np.datetime64("2025-06-01")),
                        "2026-11-20", n)
    # Hours: a few per order plus time proportional to revenue (~$95/hour).
    hours = (1.5 * orders + revenue / 95) * rng.lognormal(0, 0.25, n)
    complaints = np.minimum(rng.poisson(0.35, n), 9)
    high = rng.choice(n, N_HIGH_MAINTENANCE, replace=False)
    hours[high] *= rng.uniform(3, 6, N_HIGH_MAINTENANCE)
    complaints[high] = np.minimum(complaints[high] + rng.integers(2, 6, N_HIGH_MAINTENANCE), 9)
    hours = np.round(hours, 1)
    referrals = np.minimum(rng.poisson(0.3, n), 5)
    fit = rng.choice([1, 2, 3, 4, 5], n, p=[0.08, 0.17, 0.35, 0.27, 0.13])
    contacts = rng.choice(CONTACTS, n)
    domains = rng.choice(["example.com", "example.org"], n)
    return [[names[i], email_for(names[i], contacts[i], domains[i]),
             float(revenue[i]), float(gross_profit[i]), int(orders[i]),
             since[i].astype(datetime), last[i].astype(datetime),
             float(hours[i]), int(complaints[i]), int(referrals[i]), int(fit[i])]
            for i in range(n)]


def write_workbook(path, rows):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                         "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"created": datetime(2026, 1, 1, 9, 0, 0),
                       "author": "xlclientrank sample",
                       "title": "Sample client list"})
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "$#,##0.00"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    col_fmt = {2: money, 3: money, 7: wb.add_format({"num_format": "0.0"})}
    ws = wb.add_worksheet("Clients")
    ws.write_row(0, 0, HEADER, bold)
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if c in (5, 6):
                ws.write_datetime(r, c, datetime.combine(value, datetime.min.time()), date)
            else:
                ws.write(r, c, value, col_fmt.get(c))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(HEADER) - 1)

    notes = wb.add_worksheet("Notes")
    notes.set_column(0, 0, 70)
    for r, line in enumerate(NOTES):
        notes.write_string(r, 0, line)
    wb.close()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    bundled = Path(__file__).resolve().parents[1] / "xlclientrank" / "bundled"
    out = Path(argv[0]) if argv else bundled / "sample_clients.xlsx"
    rows = make_data(np.random.default_rng(SEED))
    write_workbook(out, rows)
    print(f"wrote {len(rows)} clients to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

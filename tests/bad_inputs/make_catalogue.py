"""Regenerates the catalogue of bad and unusual input files in tests/bad_inputs/.

Each file is one small case for the input reader; ``tests/bad_inputs/expected.py`` says what
``xlclientrank rerank FILE --out OUT --json`` must do with it and ``tests/reader/test_bad_inputs.py``
checks it. The generated files are committed; run this again after changing a case:

    python tests/bad_inputs/make_catalogue.py                  # rebuild every file into tests/bad_inputs/
    python tests/bad_inputs/make_catalogue.py --out DIR        # build into another folder
    python tests/bad_inputs/make_catalogue.py --no-libreoffice # skip the .ods/.xls files (no soffice needed)

Determinism: every case uses its own fixed random seed and fixed document properties.
XlsxWriter files are byte-identical on every run. The openpyxl files are saved without the
"modified now" stamp and re-zipped with fixed entry times, so they are byte-identical too.
Three files cannot be: the encrypted workbook (msoffcrypto uses a random salt and the current
time), and the .ods and .xls files (LibreOffice stamps the save time). ``NOT_BYTE_IDENTICAL``
lists them; the tests compare their decrypted/parsed cell values instead.

Needs XlsxWriter, openpyxl and msoffcrypto-tool; LibreOffice (``soffice``) for the .ods/.xls cases.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CREATED = dt.datetime(2026, 1, 1)
PASSWORD = "Clients2026"
DEFAULT_HEADER = ["Client", "Revenue", "Gross profit", "Orders", "Client since", "Last order", "Hours", "Complaints"]

# Files whose bytes differ on every run (their cell values do not).
NOT_BYTE_IDENTICAL = {"22_encrypted.xlsx", "31_libreoffice.ods", "31b_excel97.xls"}
LIBREOFFICE_FILES = {"31_libreoffice.ods", "31b_excel97.xls"}

# --------------------------------------------------------------------------------------------
# realistic small-business client names

_FIRST = ["Hartley", "Bluebell", "Oakwood", "Riverside", "Kestrel", "Meadow", "Harbour", "Ashford",
          "Greenway", "Northgate", "Willow", "Summit", "Beacon", "Foxglove", "Ironbridge", "Lakeside",
          "Millstone", "Redbrick", "Saltmarsh", "Thornbury", "Copper Kettle", "Brightwater", "Elmfield",
          "Highfield", "Larkspur", "Maple", "Pennine", "Quayside", "Rosewood", "Stonegate", "Castle",
          "Fenwick", "Gable", "Heron", "Juniper", "Kingfisher", "Linden", "Moorland", "Orchard", "Primrose"]
_TRADE = ["Plumbing", "Bakery", "Dental Practice", "Joinery", "Florists", "Accountants", "Garage", "Vets",
          "Print Shop", "Cafe", "Electrical", "Landscaping", "Builders", "Physio", "Opticians", "Catering",
          "Roofing", "Kitchens", "Pharmacy", "Hair Studio", "Yoga Studio", "Cleaning Services", "Removals",
          "Pet Supplies", "Bike Repairs", "Solicitors", "Estate Agents", "Brewery", "Deli", "Surveyors"]
_SUFFIX = ["Ltd", "Ltd", "Ltd", "& Co", "Limited", "LLP", "", "", "Group", "& Sons"]


def client_names(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct names like 'Kestrel Joinery Ltd'."""
    pairs = rng.sample([(f, t) for f in _FIRST for t in _TRADE], n)
    return [" ".join(x for x in (f, t, rng.choice(_SUFFIX)) if x) for f, t in pairs]


def money(rng: random.Random, lo: float = 7.0, hi: float = 10.5) -> float:
    """A revenue figure with a long tail (a few big clients, many small ones)."""
    return round(min(max(rng.lognormvariate((lo + hi) / 2, 0.9), 150.0), 90000.0), 2)


def day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def client_rows(rng: random.Random, n: int, names: list[str] | None = None) -> list[list]:
    """Rows under DEFAULT_HEADER: name, revenue, gross profit, orders, client since, last order, hours, complaints."""
    names = names or client_names(rng, n)
    rows = []
    for name in names:
        rev = money(rng)
        rows.append([name, rev, round(rev * rng.uniform(0.18, 0.55), 2), rng.randint(1, 40),
                     day(rng, dt.date(2012, 1, 1), dt.date(2024, 12, 31)),
                     day(rng, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                     round(rng.uniform(2, 120), 1), rng.choice([0, 0, 0, 0, 1, 1, 2, 3])])
    return rows


# --------------------------------------------------------------------------------------------
# writers

def xlsxwriter_book(path: Path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    wb.set_properties({"created": CREATED, "author": "xlclientrank tests"})
    return wb


class XW:
    """An XlsxWriter workbook with the formats the cases need."""

    def __init__(self, path: Path) -> None:
        self.wb = xlsxwriter_book(path)
        self.date = self.wb.add_format({"num_format": "yyyy-mm-dd"})
        self.money = self.wb.add_format({"num_format": "#,##0.00"})
        self.bold = self.wb.add_format({"bold": True})

    def write(self, ws, r: int, c: int, v) -> None:
        """Writes a Python value with the right cell type (strings always as text)."""
        if v is None:
            return
        if isinstance(v, bool):
            ws.write_boolean(r, c, v)
        elif isinstance(v, (dt.date, dt.datetime)):
            ws.write_datetime(r, c, v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day),
                              self.date)
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v, self.money if isinstance(v, float) else None)
        else:
            ws.write_string(r, c, str(v))

    def table(self, ws, top: int, left: int, rows: list[list], header_bold: bool = True) -> None:
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if i == 0 and header_bold and isinstance(v, str):
                    ws.write_string(top, left + j, v, self.bold)
                else:
                    self.write(ws, top + i, left + j, v)

    def close(self) -> None:
        self.wb.close()


def openpyxl_save(wb, path: Path) -> None:
    """Saves an openpyxl workbook reproducibly: fixed created/modified, fixed zip entry times."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = CREATED
    wb.properties.modified = CREATED
    wb.properties.creator = "xlclientrank tests"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # save_workbook() would stamp 'modified' with the current time
    path.write_bytes(fixed_zip_times(buf.getvalue()))


def fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 (so two runs give the same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def openpyxl_rows(ws, rows: list[list], start_row: int = 1) -> None:
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is None:
                continue
            cell = ws.cell(row=start_row + i, column=j + 1, value=v)
            if isinstance(v, (dt.date, dt.datetime)):
                cell.number_format = "yyyy-mm-dd"


def simple_client_list(path: Path, seed: int, n: int) -> None:
    """The plain case: DEFAULT_HEADER in row 1 and ``n`` clients (XlsxWriter)."""
    rng = random.Random(seed)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + client_rows(rng, n))
    x.close()


# --------------------------------------------------------------------------------------------
# the cases (one function per file; the docstring says what the file holds)

def c01(path: Path) -> None:
    """An empty workbook: one sheet, no cells."""
    x = XW(path)
    x.wb.add_worksheet("Sheet1")
    x.close()


def c02(path: Path) -> None:
    """The default header row and nothing under it."""
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER])
    x.close()


def c03(path: Path) -> None:
    """Exactly one client."""
    simple_client_list(path, 3, 1)


def c04(path: Path) -> None:
    """10 clients with identical figures (same revenue, profit, orders, dates, hours, complaints)."""
    rng = random.Random(4)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    rows = [[name, 2500.0, 900.0, 6, dt.date(2020, 6, 1), dt.date(2025, 11, 3), 12.5, 0]
            for name in client_names(rng, 10)]
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


def c05(path: Path) -> None:
    """8 clients whose revenue (and gross profit) are all 0; the other columns are normal."""
    rng = random.Random(5)
    rows = client_rows(rng, 8)
    for r in rows:
        r[1], r[2] = 0.0, 0.0
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


def c06(path: Path) -> None:
    """12 clients, 3 with negative revenue (refunds larger than sales); the total is positive."""
    rng = random.Random(6)
    rows = client_rows(rng, 12)
    for i, amount in ((2, -850.0), (7, -120.5), (10, -2300.0)):
        rows[i][1], rows[i][2] = amount, round(amount * 0.4, 2)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


def c06b(path: Path) -> None:
    """10 clients, mostly refunds: the revenue total is negative."""
    rng = random.Random(61)
    rows = client_rows(rng, 10)
    for i, r in enumerate(rows):
        r[1] = round(-abs(r[1]), 2) if i < 7 else round(r[1] / 20, 2)
        r[2] = round(r[1] * 0.3, 2)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


def c07(path: Path) -> None:
    """12 clients; 'n/a' and 'tbc' typed into the Revenue and Orders columns."""
    rng = random.Random(7)
    rows = client_rows(rng, 12)
    rows[3][1] = "n/a"
    rows[8][1] = "tbc"
    rows[5][3] = "tbc"
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


US_REVENUE = ["$1,234.50", "$12,000", "$860.00", "(1,200)", "$45,310.75", "$3,999.99", "$250", "$7,420.10",
              "$18,005.00", "$0.00", "$2,640.40", "$9,100.00"]
US_MARGIN = ["12%", "35%", "8.5%", "0%", "41%", "22%", "15%", "30%", "27.5%", "", "18%", "33%"]
EU_REVENUE = ["1.234,50 €", "12.000,00 €", "860,00 €", "-1.200,00 €", "45.310,75 €", "3.999,99 €", "250,00 €",
              "7.420,10 €", "18.005,00 €", "0,00 €", "2.640,40 €", "9.100,00 €"]
EU_MARGIN = ["12 %", "35 %", "8,5 %", "0 %", "41 %", "22 %", "15 %", "30 %", "27,5 %", "", "18 %", "33 %"]


def _currency(path: Path, seed: int, revenue: list[str], margin: list[str]) -> None:
    rng = random.Random(seed)
    names = client_names(rng, len(revenue))
    header = ["Client", "Revenue", "Margin", "Orders", "Complaints"]
    rows = [[n, rv, m or None, rng.randint(1, 30), rng.choice([0, 0, 1, 2])]
            for n, rv, m in zip(names, revenue, margin)]
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [header] + rows)
    x.close()


def c08a(path: Path) -> None:
    """12 clients; Revenue typed as US currency text ('$1,234.50', '(1,200)'), Margin as '12%' text."""
    _currency(path, 8, US_REVENUE, US_MARGIN)


def c08b(path: Path) -> None:
    """The same 12 amounts in European formats ('1.234,50 €', '-1.200,00 €', '8,5 %') as text."""
    _currency(path, 8, EU_REVENUE, EU_MARGIN)


def c09(path: Path) -> None:
    """12 clients; 'Client since' and 'Last order' typed as text ('2024-03-15', '15/03/2024'); days > 12."""
    rng = random.Random(9)
    rows = client_rows(rng, 12)
    for i, r in enumerate(rows):
        since, last = r[4], r[5]
        since = since.replace(day=max(since.day, 13))
        last = last.replace(day=max(last.day, 13))
        r[4] = since.isoformat() if i % 2 == 0 else since.strftime("%d/%m/%Y")
        r[5] = last.strftime("%d/%m/%Y") if i % 3 else last.isoformat()
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


def c10(path: Path) -> None:
    """12 clients; real error cells with cached values: #N/A (=NA()) and #DIV/0! (=1/0)."""
    rng = random.Random(10)
    rows = client_rows(rng, 12)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    ws.write_formula(3, 2, "=NA()", None, "#N/A")       # C4: Gross profit
    ws.write_formula(7, 2, "=NA()", None, "#N/A")       # C8
    ws.write_formula(5, 3, "=1/0", None, "#DIV/0!")     # D6: Orders
    x.close()


def c11(path: Path) -> None:
    """12 clients; Gross profit is '=B2*0.4' formulas saved by openpyxl, which stores no result."""
    from openpyxl import Workbook

    rng = random.Random(11)
    rows = client_rows(rng, 12)
    for i, r in enumerate(rows):
        r[2] = f"=B{i + 2}*0.4"
    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    openpyxl_rows(ws, [DEFAULT_HEADER] + rows)
    openpyxl_save(wb, path)


def c12(path: Path) -> None:
    """14 clients in two regions, each followed by 'Total North'/'Total South', then 'Grand total'.

    The totals are SUM formulas with their results saved (as Excel would)."""
    rng = random.Random(12)
    rows = client_rows(rng, 14)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER])
    r = 1
    subtotal_rows = []
    for label, group in (("Total North", rows[:7]), ("Total South", rows[7:])):
        first = r
        x.table(ws, r, 0, group, header_bold=False)
        r += len(group)
        ws.write_string(r, 0, label, x.bold)
        for j, col in ((1, "B"), (2, "C"), (3, "D")):
            total = round(sum(g[j] for g in group), 2)
            ws.write_formula(r, j, f"=SUM({col}{first + 1}:{col}{r})", x.bold, total)
        subtotal_rows.append((r, group))
        r += 1
    ws.write_string(r, 0, "Grand total", x.bold)
    for j, col in ((1, "B"), (2, "C"), (3, "D")):
        total = round(sum(g[j] for g in rows), 2)
        ws.write_formula(r, j, "=" + "+".join(f"{col}{s + 1}" for s, _ in subtotal_rows), x.bold, total)
    x.close()


def c13(path: Path) -> None:
    """Title in row 1, a note in row 2; a two-row header in rows 4-5: 'Client' (A4:A5 merged),
    'Revenue' merged over B4:C4 with the years 2025 | 2026 (numbers) under it, 'Orders' (D4:D5)."""
    rng = random.Random(13)
    names = client_names(rng, 12)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    title = x.wb.add_format({"bold": True, "font_size": 14})
    head = x.wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    ws.merge_range("A1:D1", "Kestrel Joinery - client review 2026", title)
    ws.write_string(1, 0, "Figures exclude VAT. Updated by hand at the end of each month.")
    ws.merge_range("A4:A5", "Client", head)
    ws.merge_range("B4:C4", "Revenue", head)
    ws.merge_range("D4:D5", "Orders", head)
    ws.write_number(4, 1, 2025, head)
    ws.write_number(4, 2, 2026, head)
    for i, name in enumerate(names):
        r = 5 + i
        ws.write_string(r, 0, name)
        ws.write_number(r, 1, money(rng), x.money)
        ws.write_number(r, 2, money(rng), x.money)
        ws.write_number(r, 3, rng.randint(1, 25))
    ws.set_column("A:A", 34)
    x.close()


def c14(path: Path) -> None:
    """20 clients with four completely blank rows inside the table (one of them two rows high)."""
    rng = random.Random(14)
    rows = client_rows(rng, 20)
    for at in (16, 10, 10, 4):
        rows.insert(at, [None] * len(DEFAULT_HEADER))
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


def c14b(path: Path) -> None:
    """15 clients plus 2 rows that have figures but an empty Client cell (openpyxl)."""
    from openpyxl import Workbook

    rng = random.Random(141)
    rows = client_rows(rng, 15)
    extra = client_rows(rng, 2)
    for r in extra:
        r[0] = None
    rows.insert(6, extra[0])
    rows.insert(12, extra[1])
    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    openpyxl_rows(ws, [DEFAULT_HEADER] + rows)
    openpyxl_save(wb, path)


def c15(path: Path) -> None:
    """A title in A1; the clients as an Excel Table 'ClientList' (15 clients) from A3; two rows
    below it, an unrelated Excel Table 'PriceList' (Product | Unit price | Stock)."""
    rng = random.Random(15)
    rows = client_rows(rng, 15)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    ws.write_string(0, 0, "Bluebell Florists - clients", x.wb.add_format({"bold": True, "font_size": 14}))
    data = [[(dt.datetime(v.year, v.month, v.day) if isinstance(v, dt.date) else v) for v in r] for r in rows]
    ws.add_table(2, 0, 2 + len(rows), len(DEFAULT_HEADER) - 1, {
        "name": "ClientList", "data": data, "style": "Table Style Medium 2",
        "columns": [{"header": h, **({"format": x.date} if h in ("Client since", "Last order") else {})}
                    for h in DEFAULT_HEADER]})
    products = [["Bouquet, small", 25.0, 40], ["Bouquet, large", 55.0, 18], ["Wedding arch", 420.0, 2],
                ["Table centrepiece", 38.0, 25], ["Wreath", 65.0, 7]]
    top = 2 + len(rows) + 3
    ws.add_table(top, 0, top + len(products), 2, {
        "name": "PriceList", "data": products, "style": "Table Style Light 9",
        "columns": [{"header": "Product"}, {"header": "Unit price"}, {"header": "Stock"}]})
    ws.set_column("A:A", 30)
    x.close()


def c16(path: Path) -> None:
    """14 rows of a client list (no dates) in which two names each appear twice."""
    rng = random.Random(16)
    names = client_names(rng, 12)
    names.insert(5, names[1])
    names.insert(11, names[8])
    header = ["Client", "Revenue", "Gross profit", "Orders", "Hours", "Complaints"]
    rows = []
    for name in names:
        rev = money(rng)
        rows.append([name, rev, round(rev * 0.35, 2), rng.randint(1, 30), round(rng.uniform(1, 60), 1),
                     rng.choice([0, 0, 1])])
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [header] + rows)
    x.close()


LONG_NAME = ("The Northern Counties Association of Independent Family-Run Bakeries, Tea Rooms, Village Shops and "
             "Community Cafes (Yorkshire, Lancashire, Cumbria, Northumberland and Durham Branches) Cooperative "
             "Purchasing Group - Trading as Northern Bakers Buying Circle, incorporating the former Teesside and "
             "Wearside Independent Grocers Federation Limited")
UNICODE_NAMES = ["Café Müller GmbH", "Łódź Hydraulika Sp. z o.o.", "株式会社さくら商店", "מאפיית השכונה בע״מ",
                 "مطعم الياسمين", "🌮 Taco Loco Food Truck", "Zoë's Bakery 🍰", "Ngô Gia Phát Co.",
                 "Ολυμπία Ταβέρνα", "👨‍👩‍👧 Family Dental Care", "Ångström Optik AB", LONG_NAME]


def c17(path: Path) -> None:
    """12 clients with unicode names: accents, CJK, Hebrew and Arabic (RTL), emoji (incl. a ZWJ
    sequence), and one name of 300+ characters."""
    assert len(LONG_NAME) > 300
    rng = random.Random(17)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + client_rows(rng, len(UNICODE_NAMES), UNICODE_NAMES))
    x.close()


FORMULA_LIKE_NAMES = ['=HYPERLINK("http://example.invalid","x")', "+44 Holdings", "-dash Ltd", "@home",
                      "=1+1 Accountants", "Riverside Cafe", "Harbour Garage Ltd", "Kestrel Joinery"]


def c18(path: Path) -> None:
    """8 clients whose names look like formulas ('=HYPERLINK(...)', '+44 Holdings', '-dash Ltd', '@home'),
    stored as text."""
    rng = random.Random(18)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + client_rows(rng, len(FORMULA_LIKE_NAMES), FORMULA_LIKE_NAMES))
    x.close()


def c19(path: Path) -> None:
    """16 clients; rows 5 and 10 (two clients) are hidden, and the Hours column (G) is hidden."""
    rng = random.Random(19)
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + client_rows(rng, 16))
    ws.set_row(4, None, None, {"hidden": True})
    ws.set_row(9, None, None, {"hidden": True})
    ws.set_column("G:G", None, None, {"hidden": True})
    x.close()


def c20(path: Path) -> None:
    """The first 60 % of the bytes of a valid 30-client workbook (a truncated download)."""
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.xlsx"
        simple_client_list(full, 20, 30)
        data = full.read_bytes()
    path.write_bytes(data[: len(data) * 60 // 100])


def c21(path: Path) -> None:
    """A plain text note saved with a .xlsx name."""
    path.write_bytes(
        "Client list moved to the shared drive.\n"
        "Ask Sarah for the latest copy before the monthly review.\n"
        "Remember: reprice the two smallest accounts in March.\n".encode("utf-8"))


def c22(path: Path) -> None:
    """A valid 12-client workbook encrypted with a password (Agile encryption, msoffcrypto-tool)."""
    import msoffcrypto.format.ooxml

    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.xlsx"
        simple_client_list(plain, 22, 12)
        out = io.BytesIO()
        with plain.open("rb") as fh:
            msoffcrypto.format.ooxml.OOXMLFile(fh).encrypt(PASSWORD, out)
    path.write_bytes(out.getvalue())


INVOICE_HEADER = ["Date", "Invoice no", "Customer", "Amount", "Cost"]


def order_lines(rng: random.Random, customers: list[str], lines: int, start: dt.date, end: dt.date,
                refunds: int = 0) -> list[list]:
    """Invoice lines sorted by date; every customer has at least one; ``refunds`` credit notes."""
    weights = [rng.paretovariate(1.2) for _ in customers]
    who = list(customers) + rng.choices(customers, weights, k=lines - len(customers))
    rng.shuffle(who)
    rows = []
    for c in who:
        amount = round(rng.uniform(40, 2400), 2)
        rows.append([day(rng, start, end), None, c, amount, round(amount * rng.uniform(0.45, 0.8), 2)])
    for i in rng.sample(range(len(rows)), refunds):
        amount = -round(rng.uniform(20, 600), 2)
        rows[i][3], rows[i][4] = amount, round(amount * 0.6, 2)
    rows.sort(key=lambda r: (r[0], r[2]))
    n_inv = n_cn = 0
    for r in rows:
        if r[3] < 0:
            n_cn += 1
            r[1] = f"CN-{n_cn:04d}"
        else:
            n_inv += 1
            r[1] = f"INV-{10000 + n_inv}"
    return rows


def c23(path: Path) -> None:
    """400 invoice lines (Date, Invoice no, Customer, Amount, Cost) for 37 customers, one row per invoice."""
    rng = random.Random(23)
    rows = order_lines(rng, client_names(rng, 37), 400, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    x = XW(path)
    ws = x.wb.add_worksheet("Invoices")
    x.table(ws, 0, 0, [INVOICE_HEADER] + rows)
    x.close()


def c24(path: Path) -> None:
    """180 invoice lines for 22 customers, 9 of them credit notes with negative Amount and Cost."""
    rng = random.Random(24)
    rows = order_lines(rng, client_names(rng, 22), 180, dt.date(2025, 1, 1), dt.date(2025, 12, 31), refunds=9)
    x = XW(path)
    ws = x.wb.add_worksheet("Invoices")
    x.table(ws, 0, 0, [INVOICE_HEADER] + rows)
    x.close()


def name_variant(rng: random.Random, name: str) -> str:
    """The same customer typed slightly differently: 'ACME Ltd', 'Acme Ltd.', 'Acme  Ltd', 'acme ltd '."""
    kind = rng.choice(["same", "same", "same", "upper", "dot", "lower", "double space", "trailing space"])
    if kind == "upper":
        words = name.split(" ")
        return " ".join([words[0].upper()] + words[1:])
    if kind == "dot":
        return name if name.endswith(".") else name + "."
    if kind == "lower":
        return name.lower()
    if kind == "double space":
        return name.replace(" ", "  ", 1)
    if kind == "trailing space":
        return name + " "
    return name


def c25(path: Path) -> None:
    """2,000 order lines for 120 clients in an Excel Table 'Orders': Date, Client ID, Client, Amount
    (no order number column: it keeps the file under 50 KB). The name of one client ID varies slightly
    from line to line ('ACME Ltd' vs 'Acme Ltd.')."""
    rng = random.Random(25)
    names = client_names(rng, 120)
    ids = {n: f"C{1001 + i}" for i, n in enumerate(names)}
    weights = [rng.paretovariate(1.1) for _ in names]
    who = list(names) + rng.choices(names, weights, k=2000 - len(names))
    rng.shuffle(who)
    start = dt.date(2025, 1, 1)
    rows = []
    for k, n in enumerate(who):
        rows.append([dt.datetime.combine(start + dt.timedelta(days=k * 365 // 2000), dt.time()),
                     ids[n], name_variant(rng, n), float(10 * rng.randrange(2, 150))])
    x = XW(path)
    ws = x.wb.add_worksheet("Orders")
    ws.add_table(0, 0, len(rows), 3, {
        "name": "Orders", "data": rows, "style": "Table Style Light 1",
        "columns": [{"header": "Date", "format": x.date}, {"header": "Client ID"}, {"header": "Client"},
                    {"header": "Amount"}]})
    x.close()


def c26(path: Path) -> None:
    """Two tables on one sheet, side by side from row 1: the client list in A:F (15 clients), column G
    empty, and a region lookup in H:J (Region | Manager | Target revenue, 4 rows)."""
    rng = random.Random(26)
    regions = ["North", "South", "East", "West"]
    header = ["Client", "Region", "Revenue", "Gross profit", "Orders", "Client since"]
    rows = []
    for r in client_rows(rng, 15):
        rows.append([r[0], rng.choice(regions), r[1], r[2], r[3], r[4]])
    lookup = [["Region", "Manager", "Target revenue"], ["North", "Sarah Hartley", 120000.0],
              ["South", "Tom Okafor", 95000.0], ["East", "Priya Shah", 80000.0], ["West", "Dan Evans", 60000.0]]
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [header] + rows)
    x.table(ws, 0, 7, lookup)
    x.close()


def c27(path: Path) -> None:
    """The first sheet 'Cover' holds only text (title, who prepared it, notes); the clients are on the
    second sheet 'Clients' (12 clients). openpyxl."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rng = random.Random(27)
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "Hartley & Sons Joinery"
    cover["A1"].font = Font(bold=True, size=16)
    cover["A3"] = "Client review - January 2026"
    cover["A5"] = "Prepared by:"
    cover["B5"] = "Sarah Hartley"
    cover["A6"] = "Reviewed with:"
    cover["B6"] = "Mark Evans (business coach)"
    cover["A8"] = "This workbook holds our client list (sheet Clients). Please do not sort the sheet."
    cover["A9"] = "Confidential - not for circulation."
    ws = wb.create_sheet("Clients")
    openpyxl_rows(ws, [DEFAULT_HEADER] + client_rows(rng, 12))
    openpyxl_save(wb, path)


def c28(path: Path) -> None:
    """An export note in rows 1-2, the header in row 4 in an unusual order and case:
    'hrs' | 'REVENUE' | 'client NAME' | 'Gross PROFIT' | 'ORDERS' | 'complaints'; 14 clients."""
    rng = random.Random(28)
    header = ["hrs", "REVENUE", "client NAME", "Gross PROFIT", "ORDERS", "complaints"]
    rows = [[r[6], r[1], r[0], r[2], r[3], r[7]] for r in client_rows(rng, 14)]
    x = XW(path)
    ws = x.wb.add_worksheet("Export")
    ws.write_string(0, 0, "Exported from FreshDesk CRM")
    ws.write_string(1, 0, "Generated 2026-01-05 09:12 by s.hartley")
    x.table(ws, 3, 0, [header] + rows, header_bold=False)
    x.close()


def c29(path: Path) -> None:
    """12 clients; Revenue and Gross profit are numbers stored as text ('1234.5'), Orders too ('12')."""
    rng = random.Random(29)
    rows = client_rows(rng, 12)
    for r in rows:
        r[1], r[2], r[3] = f"{r[1]:.2f}".rstrip("0").rstrip("."), f"{r[2]:.2f}", str(r[3])
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [DEFAULT_HEADER] + rows)
    x.close()


def c30(path: Path) -> None:
    """12 clients with a 'Referral' column of real TRUE/FALSE cells."""
    rng = random.Random(30)
    header = ["Client", "Revenue", "Gross profit", "Orders", "Referral", "Complaints"]
    rows = [[r[0], r[1], r[2], r[3], rng.random() < 0.4, r[7]] for r in client_rows(rng, 12)]
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [header] + rows)
    x.close()


def c34(path: Path) -> None:
    """12 clients known only by a customer number (a list from a till or an accounting system that
    gives no names): 'Customer ID' holds numbers such as 10452; the Ranking shows 'Customer 10452'."""
    rng = random.Random(34)
    header = ["Customer ID", "Revenue", "Gross profit", "Orders", "Complaints"]
    ids = rng.sample(range(10_000, 99_999), 12)
    rows = [[cid, r[1], r[2], r[3], r[7]] for cid, r in zip(ids, client_rows(rng, 12))]
    x = XW(path)
    ws = x.wb.add_worksheet("Clients")
    x.table(ws, 0, 0, [header] + rows)
    x.close()


def c32(path: Path) -> None:
    """A macro-enabled workbook (.xlsm content type) with no VBA project: what Excel saves when a
    workbook is kept as .xlsm but has no macros. 12 clients."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.xlsx"
        simple_client_list(plain, 32, 12)
        out = io.BytesIO()
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    data = data.replace(
                        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                    assert b"macroEnabled" in data
                dst.writestr(info, data)
    path.write_bytes(out.getvalue())


def c32b(path: Path) -> None:
    """A .xlsm with a VBA project: xlwings' quickstart vbaProject.bin (BSD-3; module code only, no
    auto-run macros), added with XlsxWriter. 12 clients."""
    import xlwings

    rng = random.Random(321)
    vba = Path(xlwings.__file__).parent / "quickstart.xlsm"
    with tempfile.TemporaryDirectory() as tmp:
        bin_path = Path(tmp) / "vbaProject.bin"
        with zipfile.ZipFile(vba) as z:
            bin_path.write_bytes(z.read("xl/vbaProject.bin"))
        x = XW(path)
        ws = x.wb.add_worksheet("Clients")
        x.table(ws, 0, 0, [DEFAULT_HEADER] + client_rows(rng, 12))
        x.wb.add_vba_project(str(bin_path))
        x.close()


CSV_ROWS = [("Café Lumière", "1234,50", "410,20", "14", "0"), ("Smith; Jones & Co", "12000,00", "4100,00", "31", "2"),
            ("Kestrel Joinery Ltd", "860,00", "301,00", "3", "0"),
            ("Harbour Garage", "45310,75", "12050,10", "40", "1"),
            ("Oakwood Dental Practice", "3999,99", "1700,00", "9", "0"),
            ("Bluebell Florists", "250,00", "90,50", "2", "0"),
            ("Riverside Cafe", "7420,10", "2100,00", "22", "3"),
            ("Pennine Roofing Ltd", "18005,00", "5400,00", "6", "0"),
            ("Maple Bakery", "0,00", "0,00", "0", "0"), ("Thornbury Vets LLP", "2640,40", "1000,00", "8", "1"),
            ("Juniper Yoga Studio", "9100,00", "3900,25", "18", "0"),
            ("Heron Print Shop", "512,30", "150,00", "4", "0"),
            ("Linden Opticians", "6780,00", "2500,00", "11", "0"), ("Quayside Deli", "1499,95", "600,00", "25", "1"),
            ("Ashford Electrical & Sons", "23450,00", "7000,00", "12", "2")]


def c33(path: Path) -> None:
    """A CSV client list as saved by a European Excel: UTF-8 with BOM, ';' separators, ',' decimals,
    CRLF line ends, one quoted name containing ';'. 15 clients."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["Client", "Revenue", "Gross profit", "Orders", "Complaints"])
    w.writerows(CSV_ROWS)
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))


def libreoffice_files(out_dir: Path) -> None:
    """31: a 12-client list saved by LibreOffice as .ods and as .xls (Excel 97-2003)."""
    with tempfile.TemporaryDirectory(prefix="xlcr-cat-") as tmp:
        tmp = Path(tmp)
        src = tmp / "clients.xlsx"
        simple_client_list(src, 31, 12)
        for fmt, name in (("ods", "31_libreoffice.ods"), ("xls:MS Excel 97", "31b_excel97.xls")):
            conv = tmp / fmt.split(":")[0]
            _soffice(["--convert-to", fmt, "--outdir", str(conv), str(src)], tmp)
            produced = conv / f"clients.{fmt.split(':')[0]}"
            if not produced.exists():
                raise RuntimeError(f"LibreOffice did not write {produced.name}")
            shutil.copyfile(produced, out_dir / name)


def _soffice(args: list[str], tmp: Path, timeout: int = 180) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is needed for the .ods/.xls cases; or use --no-libreoffice")
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    cmd = [exe, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={home.as_uri()}/lo", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, HOME=str(home)),
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # only the group this call started
        proc.communicate()
        raise RuntimeError(f"soffice timed out: {' '.join(cmd)}") from None
    if proc.returncode != 0:
        raise RuntimeError(f"soffice failed ({proc.returncode}): {err.decode(errors='replace')[-400:]}")


CASES = {
    "01_empty_workbook.xlsx": c01,
    "02_header_only.xlsx": c02,
    "03_one_client.xlsx": c03,
    "04_all_values_equal.xlsx": c04,
    "05_all_revenue_zero.xlsx": c05,
    "06_negative_revenue.xlsx": c06,
    "06b_negative_total_revenue.xlsx": c06b,
    "07_text_in_number_column.xlsx": c07,
    "08a_currency_text_us.xlsx": c08a,
    "08b_currency_text_european.xlsx": c08b,
    "09_dates_as_text.xlsx": c09,
    "10_error_cells.xlsx": c10,
    "11_formulas_without_results.xlsx": c11,
    "12_totals_rows.xlsx": c12,
    "13_title_and_merged_header.xlsx": c13,
    "14_blank_rows.xlsx": c14,
    "14b_rows_without_name.xlsx": c14b,
    "15_excel_table_with_title_and_second_table.xlsx": c15,
    "16_duplicate_names.xlsx": c16,
    "17_unicode_and_long_names.xlsx": c17,
    "18_names_like_formulas.xlsx": c18,
    "19_hidden_rows_and_columns.xlsx": c19,
    "20_truncated_zip.xlsx": c20,
    "21_text_file.xlsx": c21,
    "22_encrypted.xlsx": c22,
    "23_order_lines.xlsx": c23,
    "24_order_lines_with_refunds.xlsx": c24,
    "25_order_lines_ids_in_table.xlsx": c25,
    "26_two_tables_side_by_side.xlsx": c26,
    "27_client_list_on_second_sheet.xlsx": c27,
    "28_header_lower_unusual_order.xlsx": c28,
    "29_numbers_as_text.xlsx": c29,
    "30_booleans.xlsx": c30,
    "32_xlsm_without_vba.xlsm": c32,
    "32b_xlsm_with_vba.xlsm": c32b,
    "33_semicolon_comma_decimals.csv": c33,
    "34_customer_numbers.xlsx": c34,
}


def build(out_dir: Path = HERE, libreoffice: bool = True) -> list[str]:
    """Writes every case into ``out_dir``; returns the file names written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        make(out_dir / name)
    written = list(CASES)
    if libreoffice:
        libreoffice_files(out_dir)
        written += sorted(LIBREOFFICE_FILES)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: tests/data)")
    ap.add_argument("--no-libreoffice", action="store_true", help="skip the .ods/.xls cases")
    args = ap.parse_args()
    for name in build(args.out, libreoffice=not args.no_libreoffice):
        size = (args.out / name).stat().st_size
        print(f"{size:>7,} {name}")


if __name__ == "__main__":
    main()

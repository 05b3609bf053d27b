"""Rebuild the owner-workbook fixtures in tests/corpus/.

These workbooks are test fixtures for "xlclientrank leaves every part of the
owner's workbook byte-for-byte intact". Each one holds a client list on its
first sheet ("Clients": header row 1 = Client, Region, Revenue, Orders, then
30 clients) plus parts our tool must never touch: pivot tables, charts,
defined names, notes, custom XML, external links and more.

Files made (the .xlsx files are committed; the tests never run this script):

* libreoffice_pivot_chart.xlsx - made BY LIBREOFFICE CALC, driven headless
  through UNO: Clients sheet, a DataPilot (pivot table) "RevenueByRegion" on
  sheet "Pivot" summing Revenue by Region, a column chart of revenue on the
  Clients sheet, a defined name "ClientRevenue", stored with the filter
  "Calc MS Excel 2007 XML".
* xlsxwriter_pivot_chart.xlsx - made by XlsxWriter (same Clients data, held in
  an Excel table "ClientList"): a column chart, a PNG image, a data
  validation list, a cell comment, a hidden sheet "Lists", defined names
  "RegionList" and "ClientRevenue"; then a pivot table (cache definition,
  cache records, pivotTableDefinition on sheet "Pivot") is added by
  post-processing the zip, following the ECMA-376 element order.
* openpyxl_features.xlsx - made by OPENPYXL (its own part names and XML:
  absolute relationship targets, xmlns:r on every <sheet>, no XML
  declarations): three notes (xl/comments/comment1.xml + a VML drawing), two
  data validations (a list from the name "RegionList", a whole number), four
  conditional formats (cell rule, formula rule, colour scale, data bar),
  workbook names (one with a comment, one a constant) and sheet-scoped names
  on a visible, the hidden and the very hidden sheet, print titles + print
  area + autofilter (_xlnm names), frozen header, an openpyxl bar chart, a
  PNG image (written without Pillow), a merged title and internal/external
  hyperlinks on sheet "Owner Notes", a hidden sheet "Lists" and a VERY HIDDEN,
  protected sheet "Pricing" (sheet_state "veryHidden").
* xlsxwriter_more.xlsx - made by XlsxWriter: the Clients list as an Excel
  table "ClientTotals" WITH A TOTALS ROW (SUBTOTAL formulas, cached values),
  client names that are hyperlinks, two notes, a column sparkline (x14 extLst)
  and a textbox on the Clients sheet, a CHARTSHEET "Revenue Chart" (second in
  the tab order) showing a bar chart of sheet "Regions", line and win/loss
  sparklines on "Trends", on "Notes" external/internal/mailto links, a
  dynamic array formula and a picture in a cell (xl/metadata.xml,
  xl/richData/*), and document custom properties (docProps/custom.xml:
  text, number, float, yes/no, date).
* custom_parts.xlsx - XlsxWriter base WITHOUT any defined name (so a tool
  that adds one must place <definedNames> after <externalReferences>), then
  post-processed: two custom XML items related from the workbook part as
  Excel does (customXml/item1.xml UTF-8 and item2.xml UTF-16 with a BOM, each
  with itemProps and _rels) and an external workbook link
  (xl/externalLinks/externalLink1.xml with cached values, its rels pointing at
  "Budget 2026.xlsx" with TargetMode External, <externalReferences> in
  workbook.xml) used by formulas "=[1]Targets!$B$2" and "=[1]!TargetRevenue"
  on sheet "Budget".
* chartex_waterfall.xlsx - XlsxWriter base with a classic column chart on
  sheet "Bridge", then an Excel 2016 WATERFALL chart added to that sheet's
  drawing: xl/charts/chartEx1.xml (content type
  application/vnd.ms-office.chartex+xml, relationship
  .../office/2014/relationships/chartEx) with its chartStyle and colorStyle
  parts (style1.xml, colors1.xml), anchored in an mc:AlternateContent
  (Choice Requires="cx1", Fallback = the "This chart isn't available" text
  box that LibreOffice and older Excel show).

How to run (from the repository root):

    python tests/corpus/make_corpus.py            # build all, then verify
    python tests/corpus/make_corpus.py --only xlsxwriter   # or: libreoffice,
        # openpyxl, xlsxwriter-more, custom-parts, chartex (repeatable)
    python tests/corpus/make_corpus.py --verify-only       # just re-check

Needs:

* the project's Python (3.10+) with XlsxWriter, plus openpyxl and
  python-calamine for the checks;
* LibreOffice (``soffice`` on PATH; Debian: apt-get install libreoffice-calc)
  for the LibreOffice file and for all the verification steps;
* python3-uno (Debian: apt-get install python3-uno) for the LibreOffice file.
  UNO is only importable from the *system* Python (/usr/bin/python3), so the
  script re-runs itself under that interpreter for the UNO part
  (``--uno-worker OUT``). Override the interpreter with XLCR_UNO_PYTHON.

Every soffice process gets a throw-away profile (-env:UserInstallation) and is
waited for / killed by its own pid, so nothing is left running.

Verification done after building (also ``--verify-only``):

1. zipfile: the expected parts exist (pivotTables/pivotTable*.xml,
   pivotCache/pivotCacheDefinition*.xml, pivotCache/pivotCacheRecords*.xml,
   charts/chart*.xml, ...; for the newer files their own list, FEATURE_PARTS);
   every part is well-formed XML (UTF-16 included); every relationship
   target exists; every part has a content type; file < 100 KB; "Clients" is
   the first sheet and python-calamine reads the 30 clients from it.
2. LibreOffice headless converts the file to PDF (non-empty PDF, exit 0).
3. Round trip ``soffice --convert-to xlsx``: the output still has a pivot
   table part, and its Pivot sheet shows the right grand total (LibreOffice
   really understood the pivot, it did not just drop it). For the newer
   files: the round trip keeps the sheets in order, and for custom_parts.xlsx
   LibreOffice writes its own external link part and shows the cached value
   of =[1]Targets!$B$2.
4. openpyxl loads the file and finds the pivot table on sheet "Pivot" and the
   client list on the first sheet; for the newer files it finds what they
   exercise (sheet states, notes, validations, conditional formats, names,
   chartsheet, table totals row), plus checks of the raw XML (FEATURE_CHECKS).

Rebuilding is deterministic for every file except the LibreOffice one (fixed
properties and zip timestamps; openpyxl's writer is driven directly so that
it does not stamp the save time). The LibreOffice file embeds the save time
(docProps/core.xml, zip entry times), so a rebuild differs in those bytes
only: to leave it alone, rebuild the others with --only.

No Pillow is needed: the PNG is made with zlib, and openpyxl's Image is
subclassed to take the bytes as they are.
"""
import argparse
import io
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
LO_FILE = HERE / "libreoffice_pivot_chart.xlsx"
XW_FILE = HERE / "xlsxwriter_pivot_chart.xlsx"
OPX_FILE = HERE / "openpyxl_features.xlsx"
XWM_FILE = HERE / "xlsxwriter_more.xlsx"
CUSTOM_FILE = HERE / "custom_parts.xlsx"
CHARTEX_FILE = HERE / "chartex_waterfall.xlsx"
MAX_BYTES = 100 * 1024

HEADER = ("Client", "Region", "Revenue", "Orders")
# (client, region, revenue for the year, orders). Made-up small-business
# clients of a small agency; names include "&" and "'" on purpose.
CLIENTS = [
    ("Harbour Dental Clinic", "North", 48200, 31),
    ("Kestrel Joinery Ltd", "South", 12950, 9),
    ("Nguyen & Sons Plumbing", "East", 27400, 18),
    ("O'Brien's Family Bakery", "West", 6150, 14),
    ("Bright Path Tutoring", "East", 7300, 22),
    ("Meadow Veterinary Practice", "West", 33100, 27),
    ("Northgate Accountants", "North", 61800, 12),
    ("Riverside Physio Clinic", "South", 18750, 20),
    ("Oakwood Florists", "North", 4200, 11),
    ("Summit Roofing Co", "West", 22600, 7),
    ("Granite Legal LLP", "East", 74500, 16),
    ("Silver Birch Opticians", "South", 9800, 13),
    ("Lakeside Catering", "North", 15300, 25),
    ("Redfern Architects", "East", 39900, 8),
    ("Ashford Pet Care", "West", 3650, 19),
    ("Willow Yoga Studio", "South", 2900, 17),
    ("Coastal Electrical Ltd", "North", 21050, 10),
    ("Hilltop Landscaping", "West", 11400, 6),
    ("Evergreen Print Shop", "East", 8650, 28),
    ("Parkview Dental Group", "South", 52300, 24),
    ("Foxglove Fitness", "North", 5750, 15),
    ("Westbrook Wine Merchants", "West", 17800, 21),
    ("Ironbridge Engineering", "East", 44100, 9),
    ("Sunrise Childcare", "South", 13250, 30),
    ("Bluebell Tea Rooms", "North", 2400, 12),
    ("Cedar & Pine Interiors", "West", 28900, 11),
    ("Marlowe Estate Agents", "East", 19600, 14),
    ("Thistle Garden Centre", "South", 10150, 23),
    ("Pemberton Solicitors", "North", 36700, 10),
    ("Greenfield Veterinary", "East", 24350, 19),
]
REGIONS = sorted({r for _, r, _, _ in CLIENTS})          # East, North, South, West
N = len(CLIENTS)
LAST_ROW = N + 1                                          # header is row 1
REVENUE_BY_REGION = {reg: sum(v for _, r, v, _ in CLIENTS if r == reg)
                     for reg in REGIONS}
GRAND_TOTAL = sum(REVENUE_BY_REGION.values())

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_PIVOT_TABLE = NS_R + "/pivotTable"
REL_PIVOT_CACHE_DEF = NS_R + "/pivotCacheDefinition"
REL_PIVOT_CACHE_REC = NS_R + "/pivotCacheRecords"
CT_BASE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
CT_PIVOT_TABLE = CT_BASE + "pivotTable+xml"
CT_PIVOT_CACHE_DEF = CT_BASE + "pivotCacheDefinition+xml"
CT_PIVOT_CACHE_REC = CT_BASE + "pivotCacheRecords+xml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------
# soffice helpers (used by the UNO worker and by the verification)
# --------------------------------------------------------------------------

def _soffice():
    exe = shutil.which("soffice") or "/usr/bin/soffice"
    if not os.path.exists(exe):
        raise SystemExit("LibreOffice 'soffice' not found")
    return exe


def _file_url(path):
    return Path(path).resolve().as_uri()


def _run_soffice(args, timeout=180):
    """Run one headless soffice with a private profile; kill it by pid on timeout."""
    profile = tempfile.mkdtemp(prefix="xlcr_lo_profile_")
    cmd = [_soffice(), "--headless", "--invisible", "--norestore", "--nologo",
           "--nodefault", "--nolockcheck",
           "-env:UserInstallation=" + _file_url(profile)] + list(args)
    env = dict(os.environ, HOME=profile)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)   # the group soffice started in
        out, err = proc.communicate()
        raise RuntimeError("soffice timed out: %s" % " ".join(cmd)) from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def soffice_convert(src, fmt, outdir):
    """soffice --convert-to FMT; return the path of the converted file."""
    rc, out, err = _run_soffice(["--convert-to", fmt, "--outdir", str(outdir), str(src)])
    ext = fmt.split(":")[0]
    dst = Path(outdir) / (Path(src).stem + "." + ext)
    if rc != 0 or not dst.exists() or dst.stat().st_size == 0 or "Error" in err:
        raise RuntimeError("soffice --convert-to %s failed for %s (rc=%s)\nstdout: %s\nstderr: %s"
                           % (fmt, src, rc, out, err))
    return dst


# --------------------------------------------------------------------------
# 1. LibreOffice file, built through UNO (runs under the system python3)
# --------------------------------------------------------------------------

def uno_worker(out_path):
    """Build libreoffice_pivot_chart.xlsx in a headless soffice driven by UNO."""
    import time

    import uno
    from com.sun.star.awt import Rectangle
    from com.sun.star.beans import PropertyValue
    from com.sun.star.sheet.DataPilotFieldOrientation import DATA, ROW
    from com.sun.star.sheet.GeneralFunction import SUM
    from com.sun.star.table import CellAddress, CellRangeAddress
    from com.sun.star.util import DateTime

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    def range_address(sheet, c0, r0, c1, r1):
        a = CellRangeAddress()
        a.Sheet, a.StartColumn, a.StartRow, a.EndColumn, a.EndRow = sheet, c0, r0, c1, r1
        return a

    out_path = os.path.abspath(out_path)
    profile = tempfile.mkdtemp(prefix="xlcr_uno_profile_")
    pipe = "xlcr_corpus_%d" % os.getpid()
    cmd = [_soffice(), "--headless", "--invisible", "--norestore", "--nologo",
           "--nodefault", "--nolockcheck",
           "-env:UserInstallation=" + _file_url(profile),
           "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe]
    proc = subprocess.Popen(cmd, env=dict(os.environ, HOME=profile),
                            start_new_session=True)
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception as exc:
                if proc.poll() is not None:
                    raise RuntimeError("soffice exited early (rc=%s)" % proc.returncode) from exc
                time.sleep(0.25)
        if ctx is None:
            raise RuntimeError("could not connect to soffice over UNO")
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                           (prop("Hidden", True),))
        sheets = doc.Sheets
        clients = sheets.getByIndex(0)
        clients.Name = "Clients"
        sheets.insertNewByName("Pivot", 1)

        # Client list, header in row 1.
        rows = [HEADER] + [(c, r, float(v), float(o)) for c, r, v, o in CLIENTS]
        clients.getCellRangeByPosition(0, 0, 3, N).setDataArray(tuple(rows))
        for col, width in enumerate((6400, 2200, 2600, 2000)):   # 1/100 mm
            clients.Columns.getByIndex(col).Width = width
        header = clients.getCellRangeByPosition(0, 0, 3, 0)
        header.CharWeight = 150.0                                 # bold
        fmt = doc.NumberFormats.queryKey("#,##0", doc.CharLocale, False)
        if fmt == -1:
            fmt = doc.NumberFormats.addNew("#,##0", doc.CharLocale)
        clients.getCellRangeByPosition(2, 1, 2, N).NumberFormat = fmt

        # DataPilot: sum of Revenue by Region, on sheet "Pivot" at A1.
        pilots = sheets.getByName("Pivot").getDataPilotTables()
        desc = pilots.createDataPilotDescriptor()
        desc.setSourceRange(range_address(0, 0, 0, 3, N))
        fields = desc.getDataPilotFields()
        fields.getByName("Region").Orientation = ROW
        revenue = fields.getByName("Revenue")
        revenue.Orientation = DATA
        revenue.Function = SUM
        dest = CellAddress()
        dest.Sheet, dest.Column, dest.Row = 1, 0, 0
        pilots.insertNewByName("RevenueByRegion", dest, desc)

        # Column chart of revenue per client (categories = Client column).
        rect = Rectangle()
        rect.X, rect.Y, rect.Width, rect.Height = 14000, 500, 18000, 9000
        clients.getCharts().addNewByName(
            "RevenueChart", rect,
            (range_address(0, 0, 0, 0, N), range_address(0, 2, 0, 2, N)),
            True, True)

        # Workbook-scoped defined name.
        origin = CellAddress()
        origin.Sheet, origin.Column, origin.Row = 0, 0, 0
        doc.NamedRanges.addNewByName("ClientRevenue", "$Clients.$C$2:$C$%d" % LAST_ROW,
                                     origin, 0)

        # Fixed document properties (LibreOffice still stamps the save time).
        when = DateTime()
        when.Year, when.Month, when.Day, when.Hours = 2026, 1, 1, 9
        props = doc.DocumentProperties
        props.Author = "xlclientrank test corpus"
        props.Title = "Clients with pivot and chart (LibreOffice)"
        props.CreationDate = when
        props.ModificationDate = when

        doc.storeToURL(uno.systemPathToFileUrl(out_path),
                       (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass      # the bridge goes away while terminating
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _uno_python():
    override = os.environ.get("XLCR_UNO_PYTHON")
    if override:
        return override
    try:
        import uno  # noqa: F401
        return sys.executable
    except ImportError:
        return "/usr/bin/python3"


def build_libreoffice(out=LO_FILE):
    py = _uno_python()
    subprocess.run([py, str(Path(__file__).resolve()), "--uno-worker", str(out)],
                   check=True, timeout=600)
    print("built", out)


# --------------------------------------------------------------------------
# 2. XlsxWriter file + hand-written pivot table
# --------------------------------------------------------------------------

def tiny_png(width=16, height=16):
    """A small RGB PNG (a blue 'logo' with an orange diagonal), pure zlib/struct."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)                      # filter type: None
        for x in range(width):
            if abs(x - y) <= 1:
                raw += bytes((0xF2, 0x8C, 0x28))
            else:
                raw += bytes((0x1F, 0x4E, 0x79))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def write_xlsxwriter_base(path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "Clients with pivot and chart (XlsxWriter)",
                       "author": "xlclientrank test corpus",
                       "created": datetime(2026, 1, 1, 9, 0, 0)})
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0"})

    ws = wb.add_worksheet("Clients")
    pivot = wb.add_worksheet("Pivot")
    lists = wb.add_worksheet("Lists")

    # Client list as an Excel table (header row 1).
    ws.add_table(0, 0, N, 3, {
        "name": "ClientList",
        "style": "Table Style Medium 2",
        "columns": [{"header": HEADER[0]}, {"header": HEADER[1]},
                    {"header": HEADER[2], "format": money}, {"header": HEADER[3]}],
        "data": [list(row) for row in CLIENTS],
    })
    ws.set_column(0, 0, 30)
    ws.set_column(1, 3, 11)
    ws.write_comment("C1", "Revenue for calendar year 2026, excl. VAT.",
                     {"author": "Owner"})
    ws.data_validation(1, 1, N, 1, {"validate": "list", "source": "=RegionList",
                                    "error_title": "Region",
                                    "error_message": "Pick a region from the list."})
    ws.insert_image("F1", "logo.png", {"image_data": io.BytesIO(tiny_png()),
                                       "description": "Agency logo"})

    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "=Clients!$C$1",
                      "categories": "=Clients!$A$2:$A$%d" % LAST_ROW,
                      "values": "=Clients!$C$2:$C$%d" % LAST_ROW})
    chart.set_title({"name": "Revenue by client"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 720, "height": 320})
    ws.insert_chart("F4", chart)

    # Pivot sheet: the values a spreadsheet app shows for the pivot table in
    # A3:B8 (the pivot parts themselves are added afterwards).
    pivot.write("A3", "Row Labels", bold)
    pivot.write("B3", "Sum of Revenue", bold)
    for i, reg in enumerate(REGIONS):
        pivot.write(3 + i, 0, reg)
        pivot.write_number(3 + i, 1, REVENUE_BY_REGION[reg], money)
    pivot.write(3 + len(REGIONS), 0, "Grand Total", bold)
    pivot.write_number(3 + len(REGIONS), 1, GRAND_TOTAL, money)
    pivot.set_column(0, 1, 16)

    # Hidden lookup sheet + defined names.
    lists.write_column(0, 0, REGIONS)
    lists.hide()
    wb.define_name("RegionList", "=Lists!$A$1:$A$%d" % len(REGIONS))
    wb.define_name("ClientRevenue", "=Clients!$C$2:$C$%d" % LAST_ROW)
    wb.close()


def pivot_parts():
    """The three pivot parts (+ rels of cache and table), ECMA-376 element order."""
    clients_sorted = sorted(c for c, _, _, _ in CLIENTS)
    client_idx = {c: i for i, c in enumerate(clients_sorted)}
    region_idx = {r: i for i, r in enumerate(REGIONS)}
    revenues = [v for _, _, v, _ in CLIENTS]
    orders = [o for _, _, _, o in CLIENTS]

    def num_shared(values):
        return ('<sharedItems containsSemiMixedTypes="0" containsString="0" '
                'containsNumber="1" containsInteger="1" minValue="%d" maxValue="%d"/>'
                % (min(values), max(values)))

    def str_shared(values):
        return ('<sharedItems count="%d">%s</sharedItems>'
                % (len(values), "".join("<s v=%s/>" % quoteattr(v) for v in values)))

    # CT_PivotCacheDefinition: cacheSource, cacheFields, (cacheHierarchies, kpis,
    # tupleCache, calculatedItems, calculatedMembers, dimensions, measureGroups,
    # maps, extLst).
    cache_def = (
        XML_DECL +
        '<pivotCacheDefinition xmlns="%s" xmlns:r="%s" r:id="rId1" '
        'refreshedBy="xlclientrank test corpus" refreshedDate="46023.375" '
        'createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" '
        'recordCount="%d">' % (NS_MAIN, NS_R, N) +
        '<cacheSource type="worksheet"><worksheetSource ref="A1:D%d" sheet="Clients"/>'
        '</cacheSource>' % LAST_ROW +
        '<cacheFields count="4">'
        '<cacheField name="Client" numFmtId="0">%s</cacheField>' % str_shared(clients_sorted) +
        '<cacheField name="Region" numFmtId="0">%s</cacheField>' % str_shared(REGIONS) +
        '<cacheField name="Revenue" numFmtId="0">%s</cacheField>' % num_shared(revenues) +
        '<cacheField name="Orders" numFmtId="0">%s</cacheField>' % num_shared(orders) +
        '</cacheFields></pivotCacheDefinition>')
    cache_def_rels = (
        XML_DECL +
        '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s" '
        'Target="pivotCacheRecords1.xml"/></Relationships>' % (NS_PKG_REL, REL_PIVOT_CACHE_REC))

    # CT_PivotCacheRecords: r*, extLst. Fields with shared items use <x v=index/>.
    records = "".join(
        '<r><x v="%d"/><x v="%d"/><n v="%d"/><n v="%d"/></r>'
        % (client_idx[c], region_idx[r], v, o) for c, r, v, o in CLIENTS)
    cache_rec = (XML_DECL + '<pivotCacheRecords xmlns="%s" xmlns:r="%s" count="%d">'
                 % (NS_MAIN, NS_R, N) + records + '</pivotCacheRecords>')

    # CT_pivotTableDefinition: location, pivotFields, rowFields, rowItems,
    # colFields, colItems, pageFields, dataFields, formats, conditionalFormats,
    # chartFormats, pivotHierarchies, pivotTableStyleInfo, filters,
    # rowHierarchiesUsage, colHierarchiesUsage, extLst.
    n_reg = len(REGIONS)
    region_items = "".join('<item x="%d"/>' % i for i in range(n_reg)) + '<item t="default"/>'
    row_items = ('<i><x/></i>'
                 + "".join('<i><x v="%d"/></i>' % i for i in range(1, n_reg))
                 + '<i t="grand"><x/></i>')
    table = (
        XML_DECL +
        '<pivotTableDefinition xmlns="%s" name="RevenueByRegion" cacheId="1" '
        'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" '
        'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" '
        'dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" '
        'useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0" '
        'outline="1" outlineData="1" multipleFieldFilters="0">' % NS_MAIN +
        '<location ref="A3:B%d" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
        % (3 + n_reg + 1) +
        '<pivotFields count="4">'
        '<pivotField showAll="0"/>'
        '<pivotField axis="axisRow" showAll="0"><items count="%d">%s</items></pivotField>'
        % (n_reg + 1, region_items) +
        '<pivotField dataField="1" showAll="0"/>'
        '<pivotField showAll="0"/>'
        '</pivotFields>'
        '<rowFields count="1"><field x="1"/></rowFields>'
        '<rowItems count="%d">%s</rowItems>' % (n_reg + 1, row_items) +
        '<colItems count="1"><i/></colItems>'
        '<dataFields count="1"><dataField name="Sum of Revenue" fld="2" '
        'baseField="0" baseItem="0"/></dataFields>'
        '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" '
        'showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>'
        '</pivotTableDefinition>')
    table_rels = (
        XML_DECL +
        '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s" '
        'Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>'
        % (NS_PKG_REL, REL_PIVOT_CACHE_DEF))
    return {
        "xl/pivotCache/pivotCacheDefinition1.xml": cache_def,
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": cache_def_rels,
        "xl/pivotCache/pivotCacheRecords1.xml": cache_rec,
        "xl/pivotTables/pivotTable1.xml": table,
        "xl/pivotTables/_rels/pivotTable1.xml.rels": table_rels,
    }


def _next_rid(rels_xml):
    ids = [int(m) for m in re.findall(r'Id="rId(\d+)"', rels_xml)]
    return "rId%d" % (max(ids, default=0) + 1)


def _add_relationship(rels_xml, rid, rel_type, target):
    rel = '<Relationship Id="%s" Type="%s" Target="%s"/>' % (rid, rel_type, target)
    assert "</Relationships>" in rels_xml
    return rels_xml.replace("</Relationships>", rel + "</Relationships>")


def _sheet_part(files, name):
    """Path of the worksheet part named NAME (via workbook.xml + its rels)."""
    wb = files["xl/workbook.xml"].decode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    m = re.search(r'<sheet name=%s sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"/>'
                  % re.escape(quoteattr(name)), wb)
    rid = m.group(1)
    target = re.search(r'<Relationship Id="%s" Type="[^"]+" Target="([^"]+)"/>' % rid,
                       rels).group(1)
    return _resolve("xl/workbook.xml", target)


def add_pivot_to_xlsx(path):
    """Post-process the XlsxWriter zip: add a pivot table on sheet 'Pivot'."""
    with zipfile.ZipFile(path) as z:
        order = [i.filename for i in z.infolist()]
        files = {n: z.read(n) for n in order}

    sheet = _sheet_part(files, "Pivot")                 # xl/worksheets/sheet2.xml
    sheet_rels = "xl/worksheets/_rels/%s.rels" % sheet.rsplit("/", 1)[1]
    parts = pivot_parts()

    # workbook.xml.rels -> pivotCacheDefinition; workbook.xml <pivotCaches>.
    wb_rels = files["xl/_rels/workbook.xml.rels"].decode()
    rid = _next_rid(wb_rels)
    files["xl/_rels/workbook.xml.rels"] = _add_relationship(
        wb_rels, rid, REL_PIVOT_CACHE_DEF, "pivotCache/pivotCacheDefinition1.xml").encode()
    wb = files["xl/workbook.xml"].decode()
    # CT_Workbook order: ... definedNames, calcPr, oleSize, customWorkbookViews,
    # pivotCaches, smartTagPr, ... XlsxWriter ends with calcPr (no later elements).
    assert "<pivotCaches" not in wb and re.search(r"<calcPr[^>]*/></workbook>", wb), wb
    wb = wb.replace("</workbook>",
                    '<pivotCaches><pivotCache cacheId="1" r:id="%s"/></pivotCaches></workbook>'
                    % rid)
    files["xl/workbook.xml"] = wb.encode()

    # sheet -> pivotTable (no element in the sheet XML; only the relationship).
    if sheet_rels in files:
        srels = files[sheet_rels].decode()
    else:
        srels = XML_DECL + '<Relationships xmlns="%s"></Relationships>' % NS_PKG_REL
        order.insert(order.index(sheet), sheet_rels)
    files[sheet_rels] = _add_relationship(srels, _next_rid(srels), REL_PIVOT_TABLE,
                                          "../pivotTables/pivotTable1.xml").encode()

    # Content types.
    ct = files["[Content_Types].xml"].decode()
    overrides = "".join('<Override PartName="/%s" ContentType="%s"/>' % (p, t) for p, t in (
        ("xl/pivotCache/pivotCacheDefinition1.xml", CT_PIVOT_CACHE_DEF),
        ("xl/pivotCache/pivotCacheRecords1.xml", CT_PIVOT_CACHE_REC),
        ("xl/pivotTables/pivotTable1.xml", CT_PIVOT_TABLE)))
    files["[Content_Types].xml"] = ct.replace("</Types>", overrides + "</Types>").encode()

    # New parts go right after the worksheets.
    last_sheet = max(i for i, n in enumerate(order) if n.startswith("xl/worksheets/"))
    for offset, name in enumerate(parts):
        order.insert(last_sheet + 1 + offset, name)
        files[name] = parts[name].encode()

    tmp = Path(str(path) + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, files[name])
    os.replace(tmp, path)


def build_xlsxwriter(out=XW_FILE):
    write_xlsxwriter_base(out)
    add_pivot_to_xlsx(out)
    print("built", out)


# --------------------------------------------------------------------------
# Shared helpers for the post-processed files
# --------------------------------------------------------------------------

def _read_zip(path):
    """(part names in zip order, {name: bytes})."""
    with zipfile.ZipFile(path) as z:
        order = [i.filename for i in z.infolist()]
        return order, {n: z.read(n) for n in order}


def _write_zip(path, order, files):
    """Writes the parts in ORDER with fixed timestamps (deterministic bytes)."""
    tmp = Path(str(path) + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, files[name])
    os.replace(tmp, path)


def _add_override(files, part, content_type):
    ct = files["[Content_Types].xml"].decode()
    assert ('PartName="/%s"' % part) not in ct, part
    files["[Content_Types].xml"] = ct.replace(
        "</Types>", '<Override PartName="/%s" ContentType="%s"/></Types>'
        % (part, content_type)).encode()


def _insert_after(order, anchor_prefix, names):
    """Put NAMES into ORDER after the last part whose name starts with ANCHOR_PREFIX."""
    last = max(i for i, n in enumerate(order) if n.startswith(anchor_prefix))
    for k, name in enumerate(names):
        order.insert(last + 1 + k, name)


# --------------------------------------------------------------------------
# 3. openpyxl file: notes, validation, conditional formats, names, hidden sheets
# --------------------------------------------------------------------------

def build_openpyxl(out=OPX_FILE):
    """openpyxl_features.xlsx, written by openpyxl itself (its own part layout)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, DataBarRule, FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    class PngImage(Image):
        """openpyxl's Image without Pillow: the PNG bytes and size given directly."""
        def __init__(self, data, width, height):   # no super().__init__: it needs Pillow
            self.ref, self._png = None, data
            self.width, self.height, self.format = width, height, "png"

        def _data(self):
            return self._png

    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    lists = wb.create_sheet("Lists")
    notes = wb.create_sheet("Owner Notes")
    secret = wb.create_sheet("Pricing")

    # Client list, header in row 1.
    ws.append(list(HEADER))
    for row in CLIENTS:
        ws.append(list(row))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for (cell,) in ws.iter_rows(min_row=2, max_row=LAST_ROW, min_col=3, max_col=3):
        cell.number_format = "#,##0"
    ws.column_dimensions["A"].width = 30
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = "A1:D%d" % LAST_ROW

    # Notes (legacy comments: xl/comments/comment1.xml + a VML drawing).
    ws["A1"].comment = Comment("One row per client; names as on the invoices.", "Owner")
    ws["C1"].comment = Comment("Revenue for 2026, excl. VAT.", "Bookkeeper")
    ws["A12"].comment = Comment("Largest client: renew the contract in March.", "Owner")

    # Data validation: Region from a list (a named range on the hidden sheet),
    # Orders a whole number >= 0.
    lists.append(["Regions"])
    for reg in REGIONS:
        lists.append([reg])
    lists.sheet_state = "hidden"
    wb.defined_names["RegionList"] = DefinedName(
        "RegionList", attr_text="Lists!$A$2:$A$%d" % (len(REGIONS) + 1))
    dv = DataValidation(type="list", formula1="=RegionList", allow_blank=False,
                        showErrorMessage=True, errorTitle="Region",
                        error="Pick a region from the list.")
    dv.add("B2:B%d" % LAST_ROW)
    ws.add_data_validation(dv)
    dv2 = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    dv2.add("D2:D%d" % LAST_ROW)
    ws.add_data_validation(dv2)

    # Conditional formatting: cell rule, formula rule, colour scale, data bar.
    ws.conditional_formatting.add(
        "C2:C%d" % LAST_ROW,
        CellIsRule(operator="greaterThan", formula=["40000"],
                   fill=PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE"),
                   font=Font(color="006100")))
    ws.conditional_formatting.add(
        "A2:A%d" % LAST_ROW,
        FormulaRule(formula=["$D2<10"], font=Font(italic=True, color="9C0006")))
    ws.conditional_formatting.add(
        "D2:D%d" % LAST_ROW,
        ColorScaleRule(start_type="min", start_color="F8696B", mid_type="percentile",
                       mid_value=50, mid_color="FFEB84", end_type="max", end_color="63BE7B"))
    ws.conditional_formatting.add(
        "C2:C%d" % LAST_ROW,
        DataBarRule(start_type="min", end_type="max", color="5B9BD5"))

    # Defined names: workbook scope and sheet scope (on a visible, a hidden and
    # the very hidden sheet), print titles and a print area (sheet-scoped
    # _xlnm names that openpyxl writes itself).
    wb.defined_names["ClientRevenue"] = DefinedName(
        "ClientRevenue", attr_text="Clients!$C$2:$C$%d" % LAST_ROW)
    wb.defined_names["VatRate"] = DefinedName("VatRate", attr_text="0.2",
                                              comment="Standard VAT rate")
    ws.defined_names["TopClient"] = DefinedName("TopClient", attr_text="Clients!$A$12")
    lists.defined_names["FirstRegion"] = DefinedName("FirstRegion", attr_text="Lists!$A$2")
    secret.defined_names["Discount"] = DefinedName("Discount", attr_text="Pricing!$B$2")
    ws.print_title_rows = "1:1"
    ws.print_area = "A1:D%d" % LAST_ROW
    ws.page_setup.orientation = "portrait"

    # A bar chart made by openpyxl (its own chart XML) and a PNG image.
    chart = BarChart()
    chart.title = "Revenue by client"
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=LAST_ROW), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=LAST_ROW))
    chart.legend = None
    chart.width, chart.height = 18, 8
    ws.add_chart(chart, "F4")
    logo = PngImage(tiny_png(), 16, 16)
    ws.add_image(logo, "F1")

    # Owner's notes sheet: merged title, an internal and an external hyperlink.
    notes["A1"] = "Account review notes"
    notes["A1"].font = Font(bold=True, size=14)
    notes.merge_cells("A1:D1")
    notes["A3"] = "Back to the client list"
    notes["A3"].hyperlink = "#Clients!A1"
    notes["A4"] = "Pricing policy (intranet)"
    notes["A4"].hyperlink = "https://intranet.example.com/pricing"
    notes["A6"] = "Review every quarter with the advisor."
    notes.sheet_properties.tabColor = "1F4E79"

    # Very hidden sheet (only VBA or a file editor can show it), protected.
    secret.append(["Tier", "Discount"])
    secret.append(["Ideal", 0.05])
    secret.append(["Core", 0.02])
    secret.sheet_state = "veryHidden"
    secret.protection.sheet = True

    props = wb.properties
    props.creator = props.lastModifiedBy = "xlclientrank test corpus"
    props.title = "Clients with notes, names and hidden sheets (openpyxl)"
    props.created = props.modified = datetime(2026, 1, 1, 9, 0, 0)

    # openpyxl.save_workbook() would stamp "modified" with the current time;
    # drive its writer directly, then fix the zip timestamps.
    buf = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buf) as z:
        order = [i.filename for i in z.infolist()]
        files = {n: z.read(n) for n in order}
    _write_zip(out, order, files)
    print("built", out)


# --------------------------------------------------------------------------
# 4. XlsxWriter file: table with totals, sparklines, textbox, chartsheet, ...
# --------------------------------------------------------------------------

def build_xlsxwriter_more(out=XWM_FILE):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out))
    wb.set_properties({"title": "Clients table with totals, sparklines and a chartsheet",
                       "author": "xlclientrank test corpus",
                       "company": "Example Agency Ltd",
                       "created": datetime(2026, 1, 1, 9, 0, 0)})
    wb.set_custom_property("Checked by", "Owner")
    wb.set_custom_property("Client count", N)
    wb.set_custom_property("Margin target", 0.35)
    wb.set_custom_property("Reviewed", True)
    wb.set_custom_property("Review date", datetime(2026, 1, 15))
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0"})
    link = wb.add_format({"font_color": "blue", "underline": 1})

    ws = wb.add_worksheet("Clients")
    chartsheet = wb.add_chartsheet("Revenue Chart")
    regions = wb.add_worksheet("Regions")
    trends = wb.add_worksheet("Trends")
    notes = wb.add_worksheet("Notes")

    # Excel table with a totals row (SUBTOTAL formulas with cached values).
    ws.add_table(0, 0, N + 1, 3, {
        "name": "ClientTotals",
        "style": "Table Style Medium 9",
        "total_row": True,
        "columns": [
            {"header": HEADER[0], "total_string": "Total"},
            {"header": HEADER[1]},
            {"header": HEADER[2], "total_function": "sum", "format": money,
             "total_value": GRAND_TOTAL},
            {"header": HEADER[3], "total_function": "sum",
             "total_value": sum(o for _, _, _, o in CLIENTS)},
        ],
        "data": [list(row) for row in CLIENTS],
    })
    ws.set_column(0, 0, 30)
    ws.set_column(1, 3, 11)
    # Client names that are hyperlinks to the client's website.
    for i in (0, 6, 10):
        name = CLIENTS[i][0]
        slug = re.sub(r"[^a-z]+", "-", name.lower()).strip("-")
        ws.write_url(1 + i, 0, "https://%s.example.com/" % slug, link, string=name,
                     tip="Client website")
    ws.write_comment("D1", "Orders invoiced in 2026.", {"author": "Bookkeeper"})
    ws.write_comment("A2", "Key account since 2019.", {"author": "Owner", "visible": False})
    # Sparkline of the whole revenue column, next to the table.
    ws.write("F1", "Revenue profile", bold)
    ws.add_sparkline("F2", {"range": "Clients!C2:C%d" % LAST_ROW, "type": "column",
                            "high_point": True, "low_point": True})
    ws.set_column(5, 5, 18)
    ws.insert_textbox("F4", "Ideal clients get a call every month.\nReview this list quarterly.",
                      {"width": 260, "height": 70,
                       "fill": {"color": "#FFF2CC"}, "line": {"color": "#BF9000"},
                       "font": {"size": 10}})
    ws.freeze_panes(1, 0)

    # Regions summary + chartsheet showing it.
    regions.write_row(0, 0, ["Region", "Revenue"], bold)
    for i, reg in enumerate(REGIONS):
        regions.write(1 + i, 0, reg)
        regions.write_formula(1 + i, 1, '=SUMIF(Clients!$B$2:$B$%d,A%d,Clients!$C$2:$C$%d)'
                              % (LAST_ROW, 2 + i, LAST_ROW), money, REVENUE_BY_REGION[reg])
    regions.set_column(0, 1, 14)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"name": "Revenue", "categories": "=Regions!$A$2:$A$5",
                      "values": "=Regions!$B$2:$B$5", "data_labels": {"value": True}})
    chart.set_title({"name": "Revenue by region"})
    chart.set_legend({"none": True})
    chartsheet.set_chart(chart)
    chartsheet.set_landscape()

    # Monthly revenue of the five largest clients, each with a line sparkline,
    # and a win/loss sparkline of the month-on-month change.
    top = sorted(CLIENTS, key=lambda c: -c[2])[:5]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    trends.write_row(0, 0, ["Client"] + months + ["Trend", "Up/down"], bold)
    trends.write_row(7, 0, ["Change"] + months[1:], bold)
    for r, (name, _, revenue, _) in enumerate(top, start=1):
        base = revenue / 12.0
        values = [round(base * (1 + 0.08 * ((m * (r + 2)) % 5 - 2)), 2) for m in range(6)]
        trends.write(r, 0, name)
        trends.write_row(r, 1, values, money)
        trends.write(7 + r, 0, name)
        trends.write_row(7 + r, 1, [round(b - a, 2) for a, b in zip(values, values[1:])], money)
        trends.add_sparkline(r, 7, {"range": "Trends!B%d:G%d" % (r + 1, r + 1),
                                    "markers": True})
        trends.add_sparkline(r, 8, {"range": "Trends!B%d:F%d" % (r + 8, r + 8),
                                    "type": "win_loss", "negative_points": True})
    trends.set_column(0, 0, 28)

    # Notes: hyperlinks (external, internal, mailto), a dynamic array formula,
    # and a picture placed in a cell (Excel 365 rich data).
    notes.write("A1", "Links", bold)
    notes.write_url("A2", "https://www.example.com/crm", string="CRM")
    notes.write_url("A3", "internal:'Revenue Chart'!A1", string="Revenue chart")
    notes.write_url("A4", "internal:Clients!A1", string="Client list")
    notes.write_url("A5", "mailto:advisor@example.com", string="Mail the advisor")
    notes.write("C1", "Regions in use", bold)
    notes.write_dynamic_array_formula("C2:C5", "=_xlfn.UNIQUE(Clients!B2:B%d)" % LAST_ROW,
                                      None, "North")
    notes.write("E1", "Logo", bold)
    notes.embed_image("E2", "logo.png", {"image_data": io.BytesIO(tiny_png()),
                                          "description": "Agency logo"})
    notes.set_column(0, 0, 20)
    notes.set_column(2, 2, 16)
    wb.close()
    print("built", out)


def _write_client_rows(wb, ws):
    """The Clients list as plain cells (header row 1), XlsxWriter."""
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0"})
    ws.write_row(0, 0, HEADER, bold)
    for i, (client, region, revenue, orders) in enumerate(CLIENTS, start=1):
        ws.write_string(i, 0, client)
        ws.write_string(i, 1, region)
        ws.write_number(i, 2, revenue, money)
        ws.write_number(i, 3, orders)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 3, 11)
    return bold, money


# --------------------------------------------------------------------------
# 5. custom XML parts + an external workbook link (post-processed zip)
# --------------------------------------------------------------------------

REL_CUSTOM_XML = NS_R + "/customXml"
REL_CUSTOM_XML_PROPS = NS_R + "/customXmlProps"
REL_EXTERNAL_LINK = NS_R + "/externalLink"
REL_EXTERNAL_LINK_PATH = NS_R + "/externalLinkPath"
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
CT_EXTERNAL_LINK = CT_BASE + "externalLink+xml"
NS_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
EXTERNAL_BOOK = "Budget%202026.xlsx"          # relative to the workbook, as Excel writes it
BUDGET_TARGET = 650000                         # [1]Targets!$B$2, cached in the link part


def custom_xml_parts():
    """customXml/item1 (UTF-8) and item2 (UTF-16 with BOM, as Power Query and
    some add-ins store theirs), each with itemProps and the item's rels."""
    item1 = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<crm:ClientSync xmlns:crm="urn:example:crm-sync:v1">'
        '<crm:Source>Example CRM</crm:Source><crm:LastSync>2026-01-01T09:00:00Z</crm:LastSync>'
        '<crm:Clients count="%d"/></crm:ClientSync>' % N).encode()
    item2 = ('<?xml version="1.0" encoding="UTF-16" standalone="no"?>\r\n'
             '<ClientNotes xmlns="urn:example:client-notes">'
             '<Note client="Granite Legal LLP">Renew in March; fee review \u20ac / \u00a3.</Note>'
             '<Note client="Nguyen &amp; Sons Plumbing">Prefers calls to e-mail.</Note>'
             '</ClientNotes>').encode("utf-16")          # BOM + UTF-16-LE
    parts = {"customXml/item1.xml": item1, "customXml/item2.xml": item2}
    for k, (item_id, schema) in enumerate((
            ("{5C2F8A4E-1B7D-4E3A-9C61-2F0B8D4A7E11}", "urn:example:crm-sync:v1"),
            ("{9E0D3B72-6A15-4F8C-B2D4-7C1E5A9F3B20}", None)), start=1):
        refs = ('<ds:schemaRefs><ds:schemaRef ds:uri="%s"/></ds:schemaRefs>' % schema
                if schema else "<ds:schemaRefs/>")
        parts["customXml/itemProps%d.xml" % k] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            '<ds:datastoreItem ds:itemID="%s" xmlns:ds="%s">%s</ds:datastoreItem>'
            % (item_id, NS_DS, refs)).encode()
        parts["customXml/_rels/item%d.xml.rels" % k] = (
            XML_DECL + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s" '
            'Target="itemProps%d.xml"/></Relationships>'
            % (NS_PKG_REL, REL_CUSTOM_XML_PROPS, k)).encode()
    return parts


def external_link_parts():
    link = (
        XML_DECL +
        '<externalLink xmlns="%s">'
        '<externalBook xmlns:r="%s" r:id="rId1">'
        '<sheetNames><sheetName val="Targets"/><sheetName val="Notes"/></sheetNames>'
        '<definedNames><definedName name="TargetRevenue" refersTo="=Targets!$B$2"/></definedNames>'
        '<sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>%d</v></cell></row>'
        '</sheetData><sheetData sheetId="1"/></sheetDataSet>'
        '</externalBook></externalLink>' % (NS_MAIN, NS_R, BUDGET_TARGET))
    rels = (XML_DECL + '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s" '
            'Target="%s" TargetMode="External"/></Relationships>'
            % (NS_PKG_REL, REL_EXTERNAL_LINK_PATH, EXTERNAL_BOOK))
    return {"xl/externalLinks/externalLink1.xml": link.encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels.encode()}


def build_custom_parts(out=CUSTOM_FILE):
    """XlsxWriter base (no defined names at all, on purpose: a tool that adds
    one must put <definedNames> after <externalReferences>), then customXml
    items and an external link added to the zip."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out))
    wb.set_properties({"title": "Clients with custom XML and an external link",
                       "author": "xlclientrank test corpus",
                       "created": datetime(2026, 1, 1, 9, 0, 0)})
    ws = wb.add_worksheet("Clients")
    budget = wb.add_worksheet("Budget")
    bold, money = _write_client_rows(wb, ws)
    pct = wb.add_format({"num_format": "0.0%"})
    budget.write("A1", "Budget from head office", bold)
    budget.write("A2", "Revenue target 2026")
    # [1] is the first <externalReference>: Targets!$B$2 of Budget 2026.xlsx.
    budget.write_formula("B2", "=[1]Targets!$B$2", money, BUDGET_TARGET)
    budget.write("A3", "Our revenue")
    budget.write_formula("B3", "=SUM(Clients!C2:C%d)" % LAST_ROW, money, GRAND_TOTAL)
    budget.write("A4", "Share of target")
    budget.write_formula("B4", "=B3/B2", pct, GRAND_TOTAL / BUDGET_TARGET)
    budget.write("A5", "Target (named in the budget file)")
    budget.write_formula("B5", "=[1]!TargetRevenue", money, BUDGET_TARGET)
    budget.set_column(0, 0, 34)
    budget.set_column(1, 1, 14)
    wb.close()

    order, files = _read_zip(out)
    wb_xml = files["xl/workbook.xml"].decode()
    assert "<definedNames" not in wb_xml and "</sheets>" in wb_xml, wb_xml

    # External link: workbook rels -> externalLink1.xml (-> the external file);
    # <externalReferences> right after <sheets> (CT_Workbook order).
    wb_rels = files["xl/_rels/workbook.xml.rels"].decode()
    link_rid = _next_rid(wb_rels)
    wb_rels = _add_relationship(wb_rels, link_rid, REL_EXTERNAL_LINK,
                                "externalLinks/externalLink1.xml")
    wb_xml = wb_xml.replace("</sheets>", '</sheets><externalReferences><externalReference '
                            'r:id="%s"/></externalReferences>' % link_rid)
    files["xl/workbook.xml"] = wb_xml.encode()
    link_parts = external_link_parts()
    _add_override(files, "xl/externalLinks/externalLink1.xml", CT_EXTERNAL_LINK)
    _insert_after(order, "xl/worksheets/", list(link_parts))
    files.update(link_parts)

    # Custom XML items, related from the workbook part as Excel does.
    cx_parts = custom_xml_parts()
    for k in (1, 2):
        wb_rels = _add_relationship(wb_rels, _next_rid(wb_rels), REL_CUSTOM_XML,
                                    "../customXml/item%d.xml" % k)
        _add_override(files, "customXml/itemProps%d.xml" % k, CT_CUSTOM_XML_PROPS)
    files["xl/_rels/workbook.xml.rels"] = wb_rels.encode()
    assert '<Default Extension="xml" ContentType="application/xml"/>' in \
        files["[Content_Types].xml"].decode()          # item*.xml are plain XML
    order.extend(cx_parts)
    files.update(cx_parts)
    _write_zip(out, order, files)
    print("built", out)


# --------------------------------------------------------------------------
# 6. Excel 2016 chart (chartEx waterfall) with its drawing fallback
# --------------------------------------------------------------------------

REL_CHART_EX = "http://schemas.microsoft.com/office/2014/relationships/chartEx"
REL_CHART_STYLE = "http://schemas.microsoft.com/office/2011/relationships/chartStyle"
REL_CHART_COLORS = "http://schemas.microsoft.com/office/2011/relationships/chartColorStyle"
CT_CHART_EX = "application/vnd.ms-office.chartex+xml"
CT_CHART_STYLE = "application/vnd.ms-office.chartstyle+xml"
CT_CHART_COLORS = "application/vnd.ms-office.chartcolorstyle+xml"
NS_CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
NS_CX1 = "http://schemas.microsoft.com/office/drawing/2015/9/8/chartex"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_CS = "http://schemas.microsoft.com/office/drawing/2012/chartStyle"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Revenue bridge 2025 -> 2026: start, change per region, end (= GRAND_TOTAL).
BRIDGE_CHANGES = [("North", 14250), ("South", -6300), ("East", 21400), ("West", 5150)]
BRIDGE_START = GRAND_TOTAL - sum(v for _, v in BRIDGE_CHANGES)
BRIDGE = ([("Revenue 2025", BRIDGE_START)] + BRIDGE_CHANGES + [("Revenue 2026", GRAND_TOTAL)])


def chart_ex_xml():
    n = len(BRIDGE)
    cats = "".join('<cx:pt idx="%d">%s</cx:pt>' % (i, c) for i, (c, _) in enumerate(BRIDGE))
    vals = "".join('<cx:pt idx="%d">%d</cx:pt>' % (i, v) for i, (_, v) in enumerate(BRIDGE))
    return (
        XML_DECL +
        '<cx:chartSpace xmlns:a="%s" xmlns:r="%s" xmlns:cx="%s">' % (NS_A, NS_R, NS_CX) +
        '<cx:chartData><cx:data id="0">'
        '<cx:strDim type="cat"><cx:f>Bridge!$A$2:$A$%d</cx:f><cx:lvl ptCount="%d">%s</cx:lvl>'
        '</cx:strDim>' % (n + 1, n, cats) +
        '<cx:numDim type="val"><cx:f>Bridge!$B$2:$B$%d</cx:f>'
        '<cx:lvl ptCount="%d" formatCode="#,##0">%s</cx:lvl></cx:numDim>' % (n + 1, n, vals) +
        '</cx:data></cx:chartData>'
        '<cx:chart><cx:title pos="t" align="ctr" overlay="0"><cx:tx><cx:txData>'
        '<cx:v>Revenue bridge 2025 to 2026</cx:v></cx:txData></cx:tx></cx:title>'
        '<cx:plotArea><cx:plotAreaRegion>'
        '<cx:series layoutId="waterfall" uniqueId="{3F6B2C1D-8E4A-4B7F-9D20-5A1C7E3B9F64}">'
        '<cx:tx><cx:txData><cx:f>Bridge!$B$1</cx:f><cx:v>Revenue</cx:v></cx:txData></cx:tx>'
        '<cx:dataLabels pos="outEnd"><cx:visibility seriesName="0" categoryName="0" value="1"/>'
        '</cx:dataLabels><cx:dataId val="0"/>'
        '<cx:layoutPr><cx:subtotals><cx:idx val="0"/><cx:idx val="%d"/></cx:subtotals>'
        '</cx:layoutPr></cx:series></cx:plotAreaRegion>' % (n - 1) +
        '<cx:axis id="0"><cx:catScaling gapWidth="0.5"/><cx:tickLabels/></cx:axis>'
        '<cx:axis id="1"><cx:valScaling/><cx:majorGridlines/><cx:tickLabels/></cx:axis>'
        '</cx:plotArea><cx:legend pos="t" align="ctr" overlay="0"/></cx:chart></cx:chartSpace>')


def chart_style_xml():
    """A chartStyle part (Excel writes one per chart): every CT_ChartStyle entry,
    in schema order, each with the four required references."""
    entries = ("axisTitle categoryAxis chartArea dataLabel dataLabelCallout dataPoint "
               "dataPoint3D dataPointLine dataPointMarker dataPointWireframe dataTable "
               "downBar dropLine errorBar floor gridlineMajor gridlineMinor hiLoLine "
               "leaderLine legend plotArea plotArea3D seriesAxis seriesLine title trendline "
               "trendlineLabel upBar valueAxis wall").split()
    body = "".join(
        '<cs:%s><cs:lnRef idx="0"/><cs:fillRef idx="0"/><cs:effectRef idx="0"/>'
        '<cs:fontRef idx="minor"><a:schemeClr val="tx1"/></cs:fontRef></cs:%s>' % (e, e)
        for e in entries)
    return XML_DECL + '<cs:chartStyle xmlns:cs="%s" xmlns:a="%s" id="395">%s</cs:chartStyle>' % (
        NS_CS, NS_A, body)


def chart_colors_xml():
    return (XML_DECL + '<cs:colorStyle xmlns:cs="%s" xmlns:a="%s" meth="cycle" id="10">'
            % (NS_CS, NS_A) +
            "".join('<a:schemeClr val="accent%d"/>' % i for i in range(1, 7)) +
            '<cs:variation/><cs:variation><a:lumMod val="60000"/></cs:variation>'
            '</cs:colorStyle>')


def chart_ex_anchor(rid, shape_id, col0, row0, col1, row1):
    """A drawing anchor as Excel 2016 writes a chartEx: the graphic frame for
    readers that know cx1, and a plain text box for those that do not."""
    def marker(tag, col, row):
        return ('<xdr:%s><xdr:col>%d</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>%d</xdr:row>'
                '<xdr:rowOff>0</xdr:rowOff></xdr:%s>' % (tag, col, row, tag))
    name = "Chart %d" % (shape_id - 1)
    return (
        '<xdr:twoCellAnchor editAs="oneCell">' + marker("from", col0, row0) +
        marker("to", col1, row1) +
        '<mc:AlternateContent xmlns:mc="%s">' % NS_MC +
        '<mc:Choice xmlns:cx1="%s" Requires="cx1">' % NS_CX1 +
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="%d" name="%s"/>'
        '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' % (shape_id, name) +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
        '<a:graphic><a:graphicData uri="%s"><cx:chart xmlns:cx="%s" xmlns:r="%s" r:id="%s"/>'
        '</a:graphicData></a:graphic></xdr:graphicFrame></mc:Choice>' % (NS_CX, NS_CX, NS_R, rid) +
        '<mc:Fallback><xdr:sp macro="" textlink=""><xdr:nvSpPr>'
        '<xdr:cNvPr id="%d" name="%s"/><xdr:cNvSpPr><a:spLocks noTextEdit="1"/></xdr:cNvSpPr>'
        '</xdr:nvSpPr>' % (shape_id, name) +
        '<xdr:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm>'
        % (col0 * 609600, row0 * 190500, (col1 - col0) * 609600, (row1 - row0) * 190500) +
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:prstClr val="white"/>'
        '</a:solidFill><a:ln w="1"><a:solidFill><a:prstClr val="green"/></a:solidFill></a:ln>'
        '</xdr:spPr><xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip"/><a:lstStyle/>'
        '<a:p><a:r><a:rPr lang="en-GB" sz="1100"/><a:t>This chart isn\'t available in your '
        'version of Excel.</a:t></a:r></a:p><a:p><a:endParaRPr lang="en-GB" sz="1100"/></a:p>'
        '<a:p><a:r><a:rPr lang="en-GB" sz="1100"/><a:t>Editing this shape or saving this '
        'workbook into a different file format will permanently break the chart.</a:t></a:r>'
        '</a:p></xdr:txBody></xdr:sp></mc:Fallback></mc:AlternateContent>'
        '<xdr:clientData/></xdr:twoCellAnchor>')


def build_chartex(out=CHARTEX_FILE):
    """XlsxWriter base with a classic column chart on sheet 'Bridge'; the
    waterfall (xl/charts/chartEx1.xml + style1/colors1) is added to that
    sheet's drawing afterwards."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out))
    wb.set_properties({"title": "Clients with a waterfall chart (chartEx)",
                       "author": "xlclientrank test corpus",
                       "created": datetime(2026, 1, 1, 9, 0, 0)})
    ws = wb.add_worksheet("Clients")
    bridge = wb.add_worksheet("Bridge")
    bold, money = _write_client_rows(wb, ws)
    ws.autofilter(0, 0, N, 3)
    bridge.write_row(0, 0, ["Step", "Revenue"], bold)
    for i, (step, value) in enumerate(BRIDGE[:-1], start=1):
        bridge.write(i, 0, step)
        bridge.write_number(i, 1, value, money)
    last = len(BRIDGE)
    bridge.write(last, 0, BRIDGE[-1][0], bold)
    bridge.write_formula(last, 1, "=SUM(B2:B%d)" % last, money, GRAND_TOTAL)
    bridge.write("D1", "Revenue by region", bold)
    for i, reg in enumerate(REGIONS, start=1):
        bridge.write(i, 3, reg)
        bridge.write_number(i, 4, REVENUE_BY_REGION[reg], money)
    bridge.set_column(0, 0, 16)
    bridge.set_column(1, 1, 12)
    bridge.set_column(3, 4, 12)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "Revenue", "categories": "=Bridge!$D$2:$D$5",
                      "values": "=Bridge!$E$2:$E$5"})
    chart.set_title({"name": "Revenue by region"})
    chart.set_legend({"none": True})
    bridge.insert_chart("G2", chart)
    wb.close()

    order, files = _read_zip(out)
    sheet = _sheet_part(files, "Bridge")
    sheet_rels = "xl/worksheets/_rels/%s.rels" % sheet.rsplit("/", 1)[1]
    drawing = _resolve(sheet, re.search(r'Type="[^"]+/drawing" Target="([^"]+)"',
                                        files[sheet_rels].decode()).group(1))
    drawing_rels = "xl/drawings/_rels/%s.rels" % drawing.rsplit("/", 1)[1]
    assert not any(n.startswith("xl/charts/chartEx") or n.startswith("xl/charts/style")
                   for n in files), sorted(files)

    d_rels = files[drawing_rels].decode()
    rid = _next_rid(d_rels)
    files[drawing_rels] = _add_relationship(d_rels, rid, REL_CHART_EX,
                                            "../charts/chartEx1.xml").encode()
    d_xml = files[drawing].decode()
    assert d_xml.count("<xdr:twoCellAnchor") == 1 and "</xdr:wsDr>" in d_xml
    files[drawing] = d_xml.replace(
        "</xdr:wsDr>", chart_ex_anchor(rid, 3, 0, 9, 6, 27) + "</xdr:wsDr>").encode()

    new = {
        "xl/charts/chartEx1.xml": chart_ex_xml().encode(),
        "xl/charts/_rels/chartEx1.xml.rels": (
            XML_DECL + '<Relationships xmlns="%s">'
            '<Relationship Id="rId1" Type="%s" Target="style1.xml"/>'
            '<Relationship Id="rId2" Type="%s" Target="colors1.xml"/></Relationships>'
            % (NS_PKG_REL, REL_CHART_STYLE, REL_CHART_COLORS)).encode(),
        "xl/charts/style1.xml": chart_style_xml().encode(),
        "xl/charts/colors1.xml": chart_colors_xml().encode(),
    }
    _add_override(files, "xl/charts/chartEx1.xml", CT_CHART_EX)
    _add_override(files, "xl/charts/style1.xml", CT_CHART_STYLE)
    _add_override(files, "xl/charts/colors1.xml", CT_CHART_COLORS)
    _insert_after(order, "xl/charts/", list(new))
    files.update(new)
    _write_zip(out, order, files)
    print("built", out)


# --------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------

def _resolve(base_part, target):
    if target.startswith("/"):
        return target.lstrip("/")
    parts = base_part.split("/")[:-1]
    for seg in target.split("/"):
        if seg == "..":
            parts.pop()
        elif seg not in ("", "."):
            parts.append(seg)
    return "/".join(parts)


PIVOT_PARTS = (r"xl/pivotTables/pivotTable\d+\.xml",
               r"xl/pivotCache/pivotCacheDefinition\d+\.xml",
               r"xl/pivotCache/pivotCacheRecords\d+\.xml",
               r"xl/charts/chart\d+\.xml")


def check_package(path, required=PIVOT_PARTS, pivot=True):
    """Static checks with zipfile + an XML parser. Returns the part names.

    REQUIRED: regular expressions of part names that must exist; PIVOT: the
    workbook must have <pivotCaches> and a defined name."""
    from xml.dom import minidom

    size = path.stat().st_size
    assert size < MAX_BYTES, "%s is %d bytes" % (path, size)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = z.namelist()
        data = {n: z.read(n) for n in names}
    for n, b in data.items():
        if n.endswith((".xml", ".rels", ".vml")):
            minidom.parseString(b)                       # well-formed
    for pattern in required:
        assert any(re.fullmatch(pattern, n) for n in names), (path.name, pattern)
    # Every internal relationship target exists.
    for n in names:
        if not n.endswith(".rels"):
            continue
        src = n.replace("_rels/", "").rsplit(".rels", 1)[0]
        for m in re.finditer(r"<Relationship ([^>]*)/>", data[n].decode()):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if attrs.get("TargetMode") == "External":
                continue
            tgt = _resolve(src if src else "", attrs["Target"])
            assert tgt in data, "%s: %s -> %s missing" % (path.name, n, tgt)
    # Every part has a content type.
    ct = data["[Content_Types].xml"].decode()
    defaults = set(re.findall(r'<Default Extension="([^"]+)"', ct))
    overrides = set(re.findall(r'<Override PartName="/([^"]+)"', ct))
    for n in names:
        if n != "[Content_Types].xml" and n not in overrides:
            assert n.rsplit(".", 1)[-1] in defaults, "%s: no content type for %s" % (path.name, n)
    wb = data["xl/workbook.xml"].decode()
    if pivot:
        assert "<pivotCaches>" in wb and "<definedName" in wb
    first = re.search(r"<sheet [^>]*>", wb).group(0)            # any attribute order
    assert ' name="Clients"' in first, first
    return names


def check_first_sheet(path):
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names[0] == "Clients", wb.sheet_names
    rows = wb.get_sheet_by_index(0).to_python()
    assert tuple(rows[0][:4]) == HEADER, rows[0]
    got = [(r[0], r[1], int(r[2]), int(r[3])) for r in rows[1:N + 1]]
    assert got == CLIENTS, got[:3]


def check_openpyxl(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Clients"
    pivots = wb["Pivot"]._pivots
    assert len(pivots) == 1, pivots
    pt = pivots[0]
    assert [f.name for f in pt.cache.cacheFields] == list(HEADER)
    assert len(pt.cache.records.r) == N


def check_libreoffice(path):
    """PDF conversion + xlsx round trip through LibreOffice headless."""
    with tempfile.TemporaryDirectory(prefix="xlcr_verify_") as tmp:
        pdf = soffice_convert(path, "pdf", tmp)
        assert pdf.read_bytes().startswith(b"%PDF")
        rt_dir = Path(tmp) / "roundtrip"
        rt_dir.mkdir()
        rt = soffice_convert(path, "xlsx", rt_dir)
        with zipfile.ZipFile(rt) as z:
            names = z.namelist()
            assert any(re.fullmatch(r"xl/pivotTables/pivotTable\d+\.xml", n) for n in names), names
            assert any(re.fullmatch(r"xl/pivotCache/pivotCacheDefinition\d+\.xml", n)
                       for n in names), names
            table = next(z.read(n).decode() for n in names if n.startswith("xl/pivotTables/")
                         and n.endswith(".xml"))
        assert 'axis="axisRow"' in table and "<dataField " in table, table
        # LibreOffice re-computed the pivot output: the grand total must match.
        from python_calamine import CalamineWorkbook
        rows = CalamineWorkbook.from_path(str(rt)).get_sheet_by_name("Pivot").to_python()
        totals = [r[1] for r in rows if r and isinstance(r[0], str)
                  and r[0].lower().startswith(("grand total", "total result"))]
        assert totals and float(totals[0]) == GRAND_TOTAL, rows
        return pdf.stat().st_size, sorted(names)


def verify(path):
    names = check_package(path)
    check_first_sheet(path)
    check_openpyxl(path)
    pdf_size, rt_names = check_libreoffice(path)
    print("OK %s (%d bytes): %d parts; PDF %d bytes; LibreOffice round trip keeps %s"
          % (path.name, path.stat().st_size, len(names), pdf_size,
             [n for n in rt_names if "pivot" in n]))
    for n in names:
        print("   ", n)



# Checks of the files made by the builders 3-6 (the first two: verify()).

def _zip_text(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode()


def check_openpyxl_features(path):
    import openpyxl
    wb_xml = _zip_text(path, "xl/workbook.xml")
    assert 'state="hidden"' in wb_xml and 'state="veryHidden"' in wb_xml, wb_xml
    for name in ("_xlnm.Print_Titles", "_xlnm.Print_Area", "RegionList", "ClientRevenue",
                 "VatRate", "TopClient", "FirstRegion", "Discount"):
        assert 'name="%s"' % name in wb_xml, name
    assert wb_xml.count("localSheetId=") >= 5, wb_xml
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Clients", "Lists", "Owner Notes", "Pricing"], wb.sheetnames
    assert [s.sheet_state for s in wb.worksheets] == ["visible", "hidden", "visible",
                                                      "veryHidden"]
    ws = wb["Clients"]
    assert sum(1 for row in ws.iter_rows() for c in row if c.comment) == 3
    assert len(ws.data_validations.dataValidation) == 2
    assert sum(len(cf.rules) for cf in ws.conditional_formatting) == 4
    assert len(ws._charts) == 1     # (openpyxl reads images back only with Pillow)
    assert 'Target="/xl/media/image1.png"' in _zip_text(path, "xl/drawings/_rels/drawing1.xml.rels")
    assert ws.print_title_rows == "$1:$1", ws.print_title_rows
    assert set(ws.defined_names) == {"TopClient"}
    assert set(wb.defined_names) >= {"RegionList", "ClientRevenue", "VatRate"}


def check_xlsxwriter_more(path):
    import openpyxl
    table = _zip_text(path, "xl/tables/table1.xml")
    assert 'totalsRowCount="1"' in table and 'totalsRowFunction="sum"' in table, table
    sheet1 = _zip_text(path, "xl/worksheets/sheet1.xml")
    assert "x14:sparklineGroups" in sheet1 and "<hyperlinks>" in sheet1
    custom = _zip_text(path, "docProps/custom.xml")
    for name in ("Checked by", "Client count", "Margin target", "Reviewed", "Review date"):
        assert 'name="%s"' % name in custom, name
    wb_xml = _zip_text(path, "xl/workbook.xml")
    assert '<sheet name="Revenue Chart"' in wb_xml
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["Clients", "Revenue Chart"], wb.sheetnames
    assert type(wb["Revenue Chart"]).__name__ == "Chartsheet"
    t = wb["Clients"].tables["ClientTotals"]
    assert t.totalsRowCount == 1 and t.ref == "A1:D%d" % (LAST_ROW + 1), t.ref


def check_custom_parts(path):
    wb_xml = _zip_text(path, "xl/workbook.xml")
    assert re.search(r"</sheets><externalReferences><externalReference r:id=\"rId\d+\"/>"
                     r"</externalReferences><calcPr", wb_xml), wb_xml
    assert "<definedNames" not in wb_xml
    rels = _zip_text(path, "xl/_rels/workbook.xml.rels")
    assert rels.count(REL_CUSTOM_XML + '"') == 2 and REL_EXTERNAL_LINK + '"' in rels, rels
    with zipfile.ZipFile(path) as z:
        assert z.read("customXml/item2.xml").startswith(b"\xff\xfe<\x00?\x00x\x00")  # UTF-16 BOM
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Budget").to_python()
    assert rows[1][1] == BUDGET_TARGET, rows


def check_chartex(path):
    drawing = _zip_text(path, "xl/drawings/drawing1.xml")
    assert 'Requires="cx1"' in drawing and "<mc:Fallback>" in drawing
    assert 'uri="%s"' % NS_CX in drawing
    d_rels = _zip_text(path, "xl/drawings/_rels/drawing1.xml.rels")
    assert REL_CHART_EX in d_rels and 'Target="../charts/chartEx1.xml"' in d_rels
    ct = _zip_text(path, "[Content_Types].xml")
    assert 'PartName="/xl/charts/chartEx1.xml" ContentType="%s"' % CT_CHART_EX in ct
    cx = _zip_text(path, "xl/charts/chartEx1.xml")
    assert 'layoutId="waterfall"' in cx


def check_libreoffice_opens(path, roundtrip_check=None):
    """PDF conversion; optionally an xlsx round trip whose result is checked."""
    with tempfile.TemporaryDirectory(prefix="xlcr_verify_") as tmp:
        pdf = soffice_convert(path, "pdf", tmp)
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
        if roundtrip_check is not None:
            rt_dir = Path(tmp) / "roundtrip"
            rt_dir.mkdir()
            roundtrip_check(soffice_convert(path, "xlsx", rt_dir))
        return pdf.stat().st_size


def _lo_kept_external_link(rt):
    """LibreOffice read the external reference: it writes its own link part and
    shows the cached value of [1]Targets!$B$2."""
    with zipfile.ZipFile(rt) as z:
        names = z.namelist()
    assert any(n.startswith("xl/externalLinks/externalLink") for n in names), names
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(str(rt)).get_sheet_by_name("Budget").to_python()
    assert float(rows[1][1]) == BUDGET_TARGET, rows


def _lo_kept_sheets(expected):
    def check(rt):
        from python_calamine import CalamineWorkbook
        names = CalamineWorkbook.from_path(str(rt)).sheet_names
        assert names[:len(expected)] == expected, names
    return check


FEATURE_PARTS = {
    "openpyxl": [r"xl/comments/comment1\.xml", r"xl/drawings/commentsDrawing1\.vml",
                 r"xl/drawings/drawing1\.xml", r"xl/charts/chart1\.xml",
                 r"xl/media/image1\.png"],
    "xlsxwriter-more": [r"xl/tables/table1\.xml", r"xl/chartsheets/sheet1\.xml",
                        r"docProps/custom\.xml", r"xl/comments1\.xml",
                        r"xl/drawings/vmlDrawing1\.vml", r"xl/drawings/drawing\d+\.xml",
                        r"xl/charts/chart1\.xml", r"xl/metadata\.xml",
                        r"xl/richData/rdrichvalue\.xml", r"xl/media/image1\.png"],
    "custom-parts": [r"customXml/item1\.xml", r"customXml/itemProps1\.xml",
                     r"customXml/_rels/item1\.xml\.rels", r"customXml/item2\.xml",
                     r"xl/externalLinks/externalLink1\.xml",
                     r"xl/externalLinks/_rels/externalLink1\.xml\.rels"],
    "chartex": [r"xl/charts/chartEx1\.xml", r"xl/charts/_rels/chartEx1\.xml\.rels",
                r"xl/charts/style1\.xml", r"xl/charts/colors1\.xml",
                r"xl/charts/chart1\.xml"],
}
FEATURE_CHECKS = {
    "openpyxl": (check_openpyxl_features,
                 _lo_kept_sheets(["Clients", "Lists", "Owner Notes", "Pricing"])),
    "xlsxwriter-more": (check_xlsxwriter_more, _lo_kept_sheets(["Clients", "Revenue Chart"])),
    "custom-parts": (check_custom_parts, _lo_kept_external_link),
    "chartex": (check_chartex, _lo_kept_sheets(["Clients", "Bridge"])),
}


def verify_features(path, key):
    names = check_package(path, FEATURE_PARTS[key], pivot=False)
    check_first_sheet(path)
    own_check, lo_check = FEATURE_CHECKS[key]
    own_check(path)
    pdf_size = check_libreoffice_opens(path, lo_check)
    print("OK %s (%d bytes): %d parts; PDF %d bytes" % (path.name, path.stat().st_size,
                                                        len(names), pdf_size))
    for n in names:
        print("   ", n)


# name for --only: (file, builder, checker)
TARGETS = {
    "libreoffice": (LO_FILE, build_libreoffice, verify),
    "xlsxwriter": (XW_FILE, build_xlsxwriter, verify),
    "openpyxl": (OPX_FILE, build_openpyxl, lambda p: verify_features(p, "openpyxl")),
    "xlsxwriter-more": (XWM_FILE, build_xlsxwriter_more,
                        lambda p: verify_features(p, "xlsxwriter-more")),
    "custom-parts": (CUSTOM_FILE, build_custom_parts,
                     lambda p: verify_features(p, "custom-parts")),
    "chartex": (CHARTEX_FILE, build_chartex, lambda p: verify_features(p, "chartex")),
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--only", choices=tuple(TARGETS), action="append",
                    help="build/verify only this file (repeatable); default: all")
    ap.add_argument("--verify-only", action="store_true")
    ap.add_argument("--no-verify", action="store_true")
    ap.add_argument("--uno-worker", metavar="OUT", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.uno_worker:
        uno_worker(args.uno_worker)
        return
    for key in args.only or TARGETS:
        path, build, check = TARGETS[key]
        if not args.verify_only:
            build(path)
        if not args.no_verify:
            check(path)


if __name__ == "__main__":
    main()

"""Rebuild the owner-workbook fixtures in tests/corpus/.

These workbooks are test fixtures for "xlclientrank leaves every part of the
owner's workbook byte-for-byte intact". Each one holds a client list on its
first sheet ("Clients": header row 1 = Client, Region, Revenue, Orders, then
30 clients) plus parts our tool must never touch: a pivot table with its pivot
cache definition and records, a chart, a defined name, and more.

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

How to run (from the repository root):

    python tests/corpus/make_corpus.py            # build both, then verify
    python tests/corpus/make_corpus.py --only xlsxwriter   # or: libreoffice
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
   charts/chart*.xml, ...); every part is well-formed XML; every relationship
   target exists; every part has a content type; file < 100 KB.
2. LibreOffice headless converts the file to PDF (non-empty PDF, exit 0).
3. Round trip ``soffice --convert-to xlsx``: the output still has a pivot
   table part, and its Pivot sheet shows the right grand total (LibreOffice
   really understood the pivot, it did not just drop it).
4. openpyxl loads the file and finds the pivot table on sheet "Pivot" and the
   client list on the first sheet.

Rebuilding is deterministic for the XlsxWriter file (fixed properties and zip
timestamps). The LibreOffice file embeds the save time (docProps/core.xml,
zip entry times), so a rebuild differs in those bytes only.
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
        raise RuntimeError("soffice timed out: %s" % " ".join(cmd))
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
            except Exception:
                if proc.poll() is not None:
                    raise RuntimeError("soffice exited early (rc=%s)" % proc.returncode)
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


def check_package(path):
    """Static checks with zipfile + an XML parser. Returns the part names."""
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
    for pattern in (r"xl/pivotTables/pivotTable\d+\.xml",
                    r"xl/pivotCache/pivotCacheDefinition\d+\.xml",
                    r"xl/pivotCache/pivotCacheRecords\d+\.xml",
                    r"xl/charts/chart\d+\.xml"):
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
    assert "<pivotCaches>" in wb and "<definedName" in wb
    assert re.search(r'<sheet name="Clients"', wb).start() == wb.find("<sheet ")
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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--only", choices=("libreoffice", "xlsxwriter"))
    ap.add_argument("--verify-only", action="store_true")
    ap.add_argument("--no-verify", action="store_true")
    ap.add_argument("--uno-worker", metavar="OUT", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.uno_worker:
        uno_worker(args.uno_worker)
        return
    targets = []
    if args.only in (None, "libreoffice"):
        targets.append((LO_FILE, build_libreoffice))
    if args.only in (None, "xlsxwriter"):
        targets.append((XW_FILE, build_xlsxwriter))
    for path, build in targets:
        if not args.verify_only:
            build(path)
        if not args.no_verify:
            verify(path)


if __name__ == "__main__":
    main()

"""The workbook written for a .csv (or any delimited text): the CSV's lines on one sheet, or for
order lines the clients table, under a line saying from how many lines of which file (any number
of lines fits, and the file stays small). The client table itself is read from the CSV's own cells
(:class:`xlclientrank.reader.csvfile.CsvBook`), read once for the workbook and the ranking.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from xlclientrank import filekind
from xlclientrank.errors import ClientTableError, SettingsError, WorkbookFileError
from xlclientrank.names import SETTINGS_SHEET, SHEETS
from xlclientrank.ooxml import guard
from xlclientrank.ooxml.files import check_not_open, check_workbook_file, check_writable
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.rows import Column, TableTail
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader import ClientTable, Workbook, csvfile, csvlayout, read_client_table
from xlclientrank.reader.csvfile import SHEET_ROWS, CsvBook, CsvSheet
from xlclientrank.reader.csvlayout import DATE_FORMAT
from xlclientrank.stored import settings as settings_mod

_EPOCH = dt.datetime(1899, 12, 30)
# column widths (characters) that print at 100 % on a portrait page, and at about 8 pt (of 11) on a
# landscape one
PORTRAIT_WIDTH, ONE_PAGE_WIDE = 85, 170
LINE_HEIGHT = 15   # points: a line of the default font (Calibri 11)
HEAD = {"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}   # the heading row


def lines_workbook(sheet: CsvSheet) -> bytes:
    """The .xlsx bytes of a workbook with the CSV's lines on one sheet (numbers as numbers, dates as
    dates with the format ``yyyy-mm-dd``, the rest as text), laid out to read: each column as wide as
    its heading and values (:mod:`csvlayout`), numbers formatted, the heading row bold, frozen and with
    filter buttons."""
    if sheet.rows > SHEET_ROWS:
        raise WorkbookFileError(f"has {sheet.rows:,} lines, more than an Excel sheet holds ({SHEET_ROWS:,}), and "
                                "they are not order lines to add up per client; split the file",
                                file=str(sheet.path))
    with tempfile.TemporaryDirectory(prefix="xlclientrank-csv-") as tmp:
        out = Path(tmp) / "csv.xlsx"
        wb = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "constant_memory": True})
        ws = wb.add_worksheet(sheet.name)
        date_format = wb.add_format({"num_format": DATE_FORMAT})
        head = wb.add_format(HEAD)
        columns = [c.tolist() for c in sheet.columns]
        layouts = [csvlayout.layout(sheet.header[j] if j < len(sheet.header) else None, col)
                   for j, col in enumerate(columns)]
        number_formats = [wb.add_format({"num_format": lay.num_format}) if lay.num_format not in (None, DATE_FORMAT)
                          else None for lay in layouts]   # what CsvBook.formats says of these cells
        for j, lay in enumerate(layouts):
            ws.set_column(j, j, lay.width)
        ws.set_row(0, LINE_HEIGHT * csvlayout.heading_lines(sheet.header, layouts))
        for j, v in enumerate(sheet.header):
            if v is not None:
                ws.write_string(0, j, v, head)
        for i in range(sheet.rows - 1):
            for j, col in enumerate(columns):
                v = col[i]
                if v is None:
                    continue
                if isinstance(v, float):
                    ws.write_number(i + 1, j, v, number_formats[j])
                elif isinstance(v, dt.date):
                    ws.write_datetime(i + 1, j, dt.datetime(v.year, v.month, v.day), date_format)
                else:
                    ws.write_string(i + 1, j, v)
        _reading_aids(ws, 0, max(sheet.rows - 1, 1), max(len(columns), len(sheet.header)) - 1,
                      [lay.width for lay in layouts])
        wb.close()
        return out.read_bytes()


def _reading_aids(ws: Worksheet, header_row: int, last_row: int, last_col: int, widths: list[float]) -> None:
    """The heading row frozen, with filter buttons, and printed on every page; printed one page wide
    (landscape when the columns are wider than a portrait page) unless that would make the text too
    small to read, when the columns go on as many pages as they need."""
    if last_col < 0:
        return
    ws.freeze_panes(header_row + 1, 0)
    ws.autofilter(header_row, 0, last_row, last_col)
    ws.repeat_rows(header_row)
    total = sum(widths)
    if total > PORTRAIT_WIDTH:
        ws.set_landscape()
    if total <= ONE_PAGE_WIDE:
        ws.fit_to_pages(1, 0)
    ws.set_footer("&L&F&RPage &P of &N")


def clients_workbook(sheet: CsvSheet, table: ClientTable | None) -> bytes:
    """The .xlsx bytes of a workbook whose one sheet holds the clients table of order lines: a line
    saying from how many lines of which file, then the table (one row per client, the added-up
    columns; dates with the format ``yyyy-mm-dd``)."""
    if table is None:
        with tempfile.TemporaryDirectory(prefix="xlclientrank-csv-") as tmp:
            out = Path(tmp) / "csv.xlsx"
            wb = xlsxwriter.Workbook(str(out))
            wb.add_worksheet(sheet.name)
            wb.close()
            return out.read_bytes()
    frame = table.frame
    kinds = {c.name: c.kind for c in table.columns}
    names = [n for n in frame.columns if n in kinds]
    with tempfile.TemporaryDirectory(prefix="xlclientrank-csv-") as tmp:
        out = Path(tmp) / "csv.xlsx"
        wb = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
        ws = wb.add_worksheet(sheet.name)
        head = wb.add_format(HEAD)
        layouts = {n: csvlayout.layout(n, _cells(frame[n].to_numpy(), kinds[n])) for n in names}
        formats = {n: wb.add_format({"num_format": lay.num_format}) if lay.num_format else None
                   for n, lay in layouts.items()}
        ws.write_string(0, 0, note_line(sheet, table))
        ws.set_row(1, LINE_HEIGHT * csvlayout.heading_lines(names, list(layouts.values())))
        ws.write_row(1, 0, names, head)
        first = 2
        columns = []
        for j, n in enumerate(names):
            values = frame[n].to_numpy()
            if len(values) == 0:
                continue
            v = values[0]
            if kinds[n] == "text":
                ws.write_string(first, j, str(v))
                columns.append(Column("text", [str(x) for x in values[1:]]))
            else:
                x = float(v)
                if x == x:
                    if formats[n] is not None:
                        ws.write_number(first, j, x, formats[n])
                    else:
                        ws.write_number(first, j, x)
                elif formats[n] is not None:
                    ws.write_blank(first, j, None, formats[n])
                columns.append(Column("number", np.asarray(values[1:], dtype=float)))
            ws.set_column(j, j, layouts[n].width)
        _reading_aids(ws, first - 1, first + len(frame) - 1, len(names) - 1, [lay.width for lay in layouts.values()])
        wb.close()
        data = out.read_bytes()
    if len(frame) < 2:
        return data
    pkg = Package.from_bytes(data)
    part = next(p for p in pkg.parts if p.startswith("xl/worksheets/sheet") and p.endswith(".xml"))
    tail = TableTail(template_row=first + 1, columns=columns, width=len(names))
    pkg.parts[part] = tail.apply(pkg.parts[part])
    return pkg.to_bytes()


def _cells(values: np.ndarray, kind: str) -> list[Any]:
    """A column of the clients table as the cells written (text, float or date), to lay it out."""
    if kind == "text":
        return [str(v) for v in values.tolist()]
    if kind == "date":   # Excel's day numbers
        return [_EPOCH + dt.timedelta(days=v) if v == v else None for v in values.astype(float).tolist()]
    return [float(v) for v in values.tolist()]


def data_sheet(sheet: CsvSheet, saved: settings_mod.Settings | None = None, client_column: str | None = None
               ) -> bytes:
    """The .xlsx bytes of the workbook written for a .csv: the clients table when its lines are
    order lines (:func:`clients_workbook`), else the lines themselves (:func:`lines_workbook`).

    Decided by reading the client table as the ranking will (``saved``: the settings sheet of the
    workbook written before, ``client_column``: the owner's option); the table read is kept in
    ``sheet.read_cache``, so the ranking reads it from there. A file whose client table cannot be
    read gets its lines (the ranking then says why)."""
    try:
        table = read_client_table(CsvBook(sheet), client_column=client_column,
                                  rows_are=saved.rows_are if saved else "auto",
                                  duplicates=saved.duplicates if saved else "keep apart")
    except ClientTableError:
        table = None
    if table is not None and table.rows_are == "order lines":
        return clients_workbook(sheet, table)
    if sheet.rows > SHEET_ROWS and table is None:
        return clients_workbook(sheet, None)  # too long for a sheet: the ranking says what is wrong
    return lines_workbook(sheet)


def saved_settings(target: Path, package: Package | None) -> settings_mod.Settings | None:
    """The settings sheet of the workbook written for the .csv before (None when there is none or
    it cannot be read: the ranking then says why)."""
    if package is None:
        return None
    try:
        wb = Workbook(target, data=package.data, package=package)
        found = wb.find_sheet(SETTINGS_SHEET)
        return settings_mod.parse(wb.grid(found))[0] if found is not None else None
    except (SettingsError, WorkbookFileError):
        return None


def note_line(sheet: CsvSheet, table: ClientTable) -> str:
    return (f"One row per client, added up from the {table.source_rows:,} order lines of {sheet.path.name} "
            f"(the lines themselves stay in that file; rerank it to update this sheet).")


def workbook_for_csv(path: Path, target: Path, remove_signature: bool = False, *,
              client_column: str | None = None) -> tuple[Package, CsvBook]:
    """The workbook to rank for a .csv file (or any delimited text, a tab-separated .txt too):
    ``target`` with its data sheet replaced (keeping its settings) when it exists, else a new
    workbook holding just that sheet. The data sheet holds the CSV's lines, or for order lines the
    clients table (:func:`data_sheet`); the client table is read from the CSV's own cells
    all the same (the :class:`CsvBook` returned, which the reader uses for that sheet), read once for both."""
    if not path.exists():
        raise WorkbookFileError("file not found; check the name and the folder", file=str(path))
    sheet = csvfile.read(path)
    into = None
    if target.exists():
        kind = filekind.of(target)
        if kind is not None and kind.kind != filekind.WORKBOOK:
            raise WorkbookFileError("already exists and is not an Excel workbook, so the result was not written "
                                    "over it; choose another name ending in .xlsx with --out", file=str(target))
        check_workbook_file(target)
        check_not_open(target)
        check_writable(target)
        into = Package.read(target)
        guard.check_may_change(into, remove_signature=remove_signature)
        guard.check_own_names(into, dict(SHEETS))
    data = data_sheet(sheet, saved_settings(target, into), client_column)
    donor = Package.from_bytes(data, source=str(path))
    if into is not None:
        splicer = Splicer(into)
        splicer.put(donor, DonorSheet("data", sheet.name))
    else:
        splicer = Splicer(donor)
        splicer.mark("data", sheet.name)
    package = splicer.finish()
    package.data = package.to_bytes()
    return package, CsvBook(sheet)

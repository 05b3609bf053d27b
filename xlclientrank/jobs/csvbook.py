"""The workbook written for a .csv (or any delimited text): the CSV's lines on one sheet, or for
order lines the clients table, under a line saying from how many lines of which file (any number
of lines fits, and the file stays small). The client table itself is read from the CSV's own cells
(:class:`xlclientrank.reader.csvfile.CsvBook`), read once for the workbook and the ranking.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import xlsxwriter

from xlclientrank import filekind
from xlclientrank.errors import ClientTableError, SettingsError, WorkbookFileError
from xlclientrank.names import SETTINGS_SHEET, SHEETS
from xlclientrank.ooxml import guard
from xlclientrank.ooxml.files import check_not_open, check_workbook_file, check_writable
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.rows import Column, TableTail
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader import ClientTable, Workbook, csvfile, read_client_table
from xlclientrank.reader.csvfile import DATE_FORMAT, SHEET_ROWS, CsvBook, CsvSheet
from xlclientrank.stored import settings as settings_mod


def lines_workbook(sheet: CsvSheet) -> bytes:
    """The .xlsx bytes of a workbook with the CSV's lines on one sheet (numbers as numbers, dates as
    dates with the format ``yyyy-mm-dd``, the rest as text)."""
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
        for j, v in enumerate(sheet.header):
            if v is not None:
                ws.write_string(0, j, v)
        columns = [c.tolist() for c in sheet.columns]
        for i in range(sheet.rows - 1):
            for j, col in enumerate(columns):
                v = col[i]
                if v is None:
                    continue
                if isinstance(v, float):
                    ws.write_number(i + 1, j, v)
                elif isinstance(v, dt.date):
                    ws.write_datetime(i + 1, j, dt.datetime(v.year, v.month, v.day), date_format)
                else:
                    ws.write_string(i + 1, j, v)
        wb.close()
        return out.read_bytes()


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
        bold = wb.add_format({"bold": True})
        date_format = wb.add_format({"num_format": DATE_FORMAT})
        money = wb.add_format({"num_format": "#,##0.00"})
        ws.write_string(0, 0, note_line(sheet, table))
        ws.write_row(1, 0, names, bold)
        formats = {n: date_format if kinds[n] == "date" else money if kinds[n] == "number" and n not in
                   ("Orders",) else None for n in names}
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
            ws.set_column(j, j, 28 if kinds[n] == "text" else 13)
        ws.freeze_panes(first, 0)
        wb.close()
        data = out.read_bytes()
    if len(frame) < 2:
        return data
    pkg = Package.from_bytes(data)
    part = next(p for p in pkg.parts if p.startswith("xl/worksheets/sheet") and p.endswith(".xml"))
    tail = TableTail(template_row=first + 1, columns=columns, width=len(names))
    pkg.parts[part] = tail.apply(pkg.parts[part])
    return pkg.to_bytes()


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

"""A .csv client list -> a one-sheet workbook, so it is ranked like any other (the result is .xlsx).

The encoding (UTF-8 with or without BOM, else Windows-1252) and the separator (``,`` ``;`` tab or
``|``) are detected. Numbers (in the column's own decimal convention, with currency symbols or
thousands separators) and dates are written as numbers and dates; everything else as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import xlsxwriter

from xlclientrank.errors import WorkbookFileError
from xlclientrank.reader import cells

MAX_BYTES = 512 << 20


def sheet_name(path: Path) -> str:
    """The file's name, made a valid sheet name (31 characters, no ``[]:*?/\\``)."""
    name = re.sub(r"[\[\]:*?/\\']", " ", path.stem).strip() or "Clients"
    return name[:31]


def read_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkbookFileError(f"cannot be read ({exc.strerror})", file=str(path)) from exc
    if len(raw) > MAX_BYTES:
        raise WorkbookFileError("is larger than 512 MB; split it or import it into Excel first", file=str(path))
    if b"\x00" in raw[:4096]:
        raise WorkbookFileError("is not a text .csv file; export it from your system as CSV (UTF-8)", file=str(path))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(",;\t|", key=sample.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def to_workbook(path: Path) -> tuple[bytes, str]:
    """The .xlsx bytes of a workbook with the CSV's rows on one sheet, and that sheet's name."""
    rows = read_rows(path)
    width = max((len(r) for r in rows), default=0)
    comma = [cells._decimal_comma([r[j] for r in rows[1:] if j < len(r) and r[j]]) for j in range(width)]
    name = sheet_name(path)
    with tempfile.TemporaryDirectory(prefix="xlclientrank-csv-") as tmp:
        out = Path(tmp) / "csv.xlsx"
        wb = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "constant_memory": True})
        ws = wb.add_worksheet(name)
        date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if i == 0 and value and not value.strip():
                    ws.write_string(i, j, " ")  # a header of spaces: the export's own (empty-named) column
                    continue
                value = value.strip()
                if not value:
                    continue
                # a run of more than 15 digits is an ID (an invoice or customer number): as a number
                # it would lose its last digits (Excel keeps 15), and different IDs would become equal
                long_id = len(value) > 15 and value.isdigit()
                number = cells.parse_number(value, comma[j]) if i > 0 and not long_id else None
                if number is not None:
                    ws.write_number(i, j, number)
                    continue
                serial = cells.parse_date(value) if i > 0 and re.search(r"\d", value) else None
                if serial is not None:
                    ws.write_datetime(i, j, cells.EXCEL_EPOCH + dt.timedelta(days=serial), date_format)
                else:
                    ws.write_string(i, j, value)
        wb.close()
        return out.read_bytes(), name

"""The sheet ``Client Notes`` as the first run makes it (:mod:`xlclientrank.stored.notes`): a title,
two lines on what it is for, and one row per client with empty cells for the owner, a drop-down for
the Decision and checks on the ratings. Written as a workbook of its own, which the splicer moves
into the owner's; later runs never write it again (they only add rows: :mod:`xlclientrank.ooxml.sheet_edit`).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Callable, Sequence

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from xlclientrank.names import NOTES_SHEET, RANKING_SHEET, SETTINGS_SHEET
from xlclientrank.ooxml.rows import Column, TableTail
from xlclientrank.render.formats import WORKBOOK_OPTIONS, Formats
from xlclientrank.stored import notes as notes_mod

WIDTHS = {notes_mod.FIT: 10, notes_mod.COMPLAINTS: 12, notes_mod.REFERRALS: 11, notes_mod.DECISION: 17,
          notes_mod.NOTES: 48, notes_mod.IN_RANKING: 15}
LINES = (
    "Your own view of each client. Client Rank keeps all you type or add here, and adds new clients at the bottom.",
    "Fit: 1 = you wish you could let them go, 5 = you love this work. Fit, Complaints and Referrals count in "
    "the score.",
    f"A Decision replaces the tier's action on the '{RANKING_SHEET}' sheet. The weights are in '{SETTINGS_SHEET}'.",
)


def donor(names: Sequence[str], columns: Sequence[str]) -> tuple[bytes, TableTail]:
    """The .xlsx bytes of a workbook with the notes sheet for the clients ``names`` (rank order) and
    the notes ``columns`` (:func:`xlclientrank.stored.notes.columns_for`), and the rows after the
    first client's, which the splicer adds (:class:`xlclientrank.ooxml.rows.TableTail`: a long list
    in a fraction of the time)."""
    with tempfile.TemporaryDirectory(prefix="xlclientrank-notes-") as tmp:
        path = Path(tmp) / "notes.xlsx"
        wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)  # rows written in order: little memory
        ws = wb.add_worksheet(NOTES_SHEET)
        fmt = Formats(wb)
        title, note, head, text = fmt.title, fmt.note, fmt.head, fmt.text
        number = wb.add_format({"num_format": "0"})
        ws.write_string(0, 0, NOTES_SHEET, title)
        for i, line in enumerate(LINES):
            ws.write_string(1 + i, 0, line, note)
        header = notes_mod.HEADER_ROW - 1
        first, last = header + 1, header + max(len(names), 1)
        for j, name in enumerate(columns):
            ws.write_string(header, j, name, head)
            if name == notes_mod.CLIENT:
                longest = max((len(n) for n in names[:2000]), default=10)
                ws.set_column(j, j, max(20, min(40, longest + 2)), text)
            else:
                ws.set_column(j, j, WIDTHS.get(name, 14), number if name in notes_mod.FACTORS else text)
        client = columns.index(notes_mod.CLIENT)
        marks = columns.index(notes_mod.IN_RANKING) if notes_mod.IN_RANKING in columns else None
        if len(names):  # the first client's row; the others follow it (TableTail)
            ws.write_string(first, client, str(names[0]), text)
            if marks is not None:
                ws.write_string(first, marks, notes_mod.YES, text)
        rest = [str(n) for n in names[1:]]
        tail = TableTail(template_row=first + 1, width=len(columns), columns=[
            Column("text", rest) if j == client else
            Column("text", [notes_mod.YES] * len(rest)) if j == marks else
            Column("text", [None] * len(rest), blanks=False) for j in range(len(columns))])
        _checks(ws, columns, first, last)
        ws.freeze_panes(first, client + 1)
        ws.autofilter(header, 0, last, len(columns) - 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header)
        wb.close()
        return path.read_bytes(), tail


def copy_donor(read: notes_mod.Notes, text: Callable[[str], str] = str) -> bytes:
    """The .xlsx bytes of a workbook with the owner's notes as read (every column and entry, values
    only), for the advisor's copy of the ranking; every text goes through ``text`` (in an anonymous
    copy: client names by their aliases, e-mail addresses and phone numbers removed)."""
    with tempfile.TemporaryDirectory(prefix="xlclientrank-notes-") as tmp:
        path = Path(tmp) / "notes.xlsx"
        wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        ws = wb.add_worksheet(NOTES_SHEET)
        fmt = Formats(wb)
        head, day = fmt.head, fmt.date
        ws.write_string(0, 0, NOTES_SHEET, fmt.title)
        ws.write_string(1, 0, "The owner's own view of each client.", fmt.note)
        header = 3
        columns = sorted(read.header)
        for j, col in enumerate(columns):
            name = read.header[col]
            ws.write_string(header, j, text(name), head)
            ws.set_column(j, j, WIDTHS.get(name, 30 if col == read.client_col else 14))
        for i in range(len(read.rows)):
            for j, col in enumerate(columns):
                v = read.cells[col][i]
                if v is None or v == "":
                    continue
                if isinstance(v, bool) or not isinstance(v, (int, float, dt.date)):
                    ws.write_string(header + 1 + i, j, text(str(v)))
                elif isinstance(v, dt.date):
                    ws.write_datetime(header + 1 + i, j, dt.datetime(v.year, v.month, v.day) if not isinstance(
                        v, dt.datetime) else v, day)
                else:
                    ws.write_number(header + 1 + i, j, v)
        ws.freeze_panes(header + 1, 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header)
        wb.close()
        return path.read_bytes()


def _checks(ws: Worksheet, columns: Sequence[str], first: int, last: int) -> None:
    """A drop-down for the Decision, and checks that warn (the owner may keep what they typed) on a
    rating outside 1-5 and on counts that are not whole numbers of 0 or more."""
    for j, name in enumerate(columns):
        if name == notes_mod.DECISION:
            ws.data_validation(first, j, last, j, {
                "validate": "list", "source": list(notes_mod.DECISIONS), "error_type": "warning",
                "input_title": "Decision", "input_message": "What you will do: Protect, Grow, Reprice or "
                                                            "Refer elsewhere (or leave it empty)",
                "error_title": "Decision", "error_message": "Choose Protect, Grow, Reprice or Refer elsewhere, "
                                                            "or leave it empty."})
        elif name == notes_mod.FIT:
            low, high = notes_mod.FIT_RANGE
            ws.data_validation(first, j, last, j, {
                "validate": "decimal", "criteria": "between", "minimum": low, "maximum": high,
                "error_type": "warning", "input_title": "Fit",
                "input_message": "1 = you wish you could let them go ... 5 = you love this work",
                "error_title": "Fit", "error_message": "Type a rating from 1 to 5, or leave it empty."})
        elif name in (notes_mod.COMPLAINTS, notes_mod.REFERRALS):
            ws.data_validation(first, j, last, j, {
                "validate": "integer", "criteria": ">=", "value": 0, "error_type": "warning",
                "error_title": name, "error_message": "Type a whole number, 0 or more, or leave it empty."})

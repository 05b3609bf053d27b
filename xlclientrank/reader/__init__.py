"""Reads the owner's workbook into a table of clients (values only; the file is never changed).

Cell values come from python-calamine (fast; for formula cells, the result Excel saved), or from
openpyxl for a sheet python-calamine cannot read (:mod:`.values`, which also says what the values
readers are given and why: only the client sheet's size matters). The sheet XML adds what values
alone do not say: Excel Tables, hidden rows, error cells and formulas without
a saved result. Where the table is: :mod:`.locate`; how values are cleaned: :mod:`.cells`; order
lines: :mod:`.orders`. Every row skipped, value cleaned or guess made is reported in
``ClientTable.notes``, grouped and with row numbers.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from typing import Any, Iterator

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.filekind import TEXT_SUFFIXES
from xlclientrank.names import OUR_SHEETS
from xlclientrank.ooxml.book import SheetFacts
from xlclientrank.reader import cells, general, identity, locate, orders, totals, values
from xlclientrank.reader.client_columns import looks_like_codes
from xlclientrank.reader.column_notes import column_notes, digit_date_notes, hidden_rows_notes, place_notes
from xlclientrank.reader.duplicates import duplicate_names
from xlclientrank.reader.exports import profiles
from xlclientrank.reader.notes import SKIPPED, Note, is_kind, left_out_text, skipped
from xlclientrank.reader.nothing_to_rank import column_list, nothing_to_rank
from xlclientrank.reader.order_lines import add_up, drop_role_texts, line_roles
from xlclientrank.reader.profile_table import read_profile
from xlclientrank.reader.rules.documents import quote_file, supplier_file
from xlclientrank.reader.sources import GridBook, OneSheetBook, SheetSource, column_of
from xlclientrank.reader.table import ClientTable, ColumnInfo, python_strings
from xlclientrank.reader.values import Workbook

# what the reader offers the layers above (the sources, the table and how it is read)
__all__ = ["ClientTable", "ColumnInfo", "GridBook", "OneSheetBook", "SheetSource", "Workbook", "find_region",
           "read_client_table"]


def read_client_table(wb: SheetSource, sheet: str | None = None, preferred: str | None = None,
                      client_column: str | None = None, rows_are: str = "auto",
                      duplicates: str = "keep apart") -> ClientTable:
    """Finds and reads the client table.

    ``sheet``: the sheet the owner named (``--sheet``); it must exist and hold a client list.
    ``preferred``: the sheet the settings name; used when it exists. Otherwise the most plausible
    sheet (ours excepted; visible before hidden, then by how much it looks like a client list).
    ``client_column``: the header of the names column when the settings say so.
    ``rows_are``: "auto", "clients" or "order lines". ``duplicates``: "keep apart" or "combine".
    The frames are built with text as Python strings (:func:`table.python_strings`).
    """
    with python_strings():
        return _find_and_read(wb, sheet, preferred, client_column, rows_are, duplicates)


def _find_and_read(wb: SheetSource, sheet: str | None, preferred: str | None, client_column: str | None,
                   rows_are: str, duplicates: str) -> ClientTable:
    if sheet is not None:
        named = _named_sheet(wb, sheet)
        return _noted(wb, _read(wb, named, _region_or_error(wb, named), client_column, rows_are, duplicates))
    chosen = wb.find_sheet(preferred) if preferred else None
    if chosen and chosen not in OUR_SHEETS:
        return _noted(wb, _read(wb, chosen, _region_or_error(wb, chosen), client_column, rows_are, duplicates))
    too_large = wb.too_large
    order = [s for s in wb.visible if s not in OUR_SHEETS] + \
            [s for s in wb.worksheets if s not in wb.visible and s not in OUR_SHEETS]
    exported = getattr(wb, "csv_sheet", None)  # a workbook written for a .csv: the export's lines are the list
    if exported in order:
        order = [exported]
    large = [s for s in order if s in too_large]  # only the sheet read may be too large: search the others
    order = [s for s in order if s not in too_large]
    regions = [(s, r) for s, r in ((s, find_region(wb, s)) for s in order) if r is not None]
    found = [(s, r) for s, r in regions if _has_numbers(wb, s, r)]
    if not found:
        raise _no_client_list(wb, order, large)
    # a sheet whose client column holds a program's codes (invoices.sub_total) names no client
    scores = {s: r.score - (3 if _client_is_codes(wb, s, r) else 0) for s, r in found}
    best = max(found, key=lambda sr: (scores[sr[0]], -order.index(sr[0])))
    table = _read(wb, best[0], best[1], client_column, rows_are, duplicates)
    others = [s for s, r in found if s != best[0] and scores[s] >= scores[best[0]] - 1]
    if others:
        table.notes.insert(0, f"Used sheet '{best[0]}'; {', '.join(repr(s) for s in others)} also looks like a "
                              "client list (choose with --sheet).")
    table.notes += [values.too_large_note(s, too_large[s]) for s in large]
    return _noted(wb, table)


def _named_sheet(wb: SheetSource, sheet: str) -> str:
    """The sheet the owner named, as the workbook spells it; an error when there is none by that name."""
    found = wb.find_sheet(sheet)
    if found in OUR_SHEETS:
        raise ClientTableError(_ours_named(wb, found), file=str(wb.path))
    if found is not None:
        return found
    skipped = wb.skipped
    empty = next((s for s in skipped if s.casefold() == sheet.casefold()), None)
    if empty is not None:
        raise ClientTableError(f"sheet '{empty}' has no content in the file ({skipped[empty]}), so it has "
                               "no clients to read. The sheets are: "
                               f"{', '.join(repr(s) for s in wb.worksheets)}", file=str(wb.path))
    raise ClientTableError(f"there is no sheet '{sheet}'; the sheets are: "
                           f"{', '.join(repr(s) for s in wb.worksheets)}", file=str(wb.path))


def _ours_named(wb: SheetSource, ours: str) -> str:
    """The refusal for ``--sheet`` naming a sheet Client Rank writes: the owner's sheet to name instead."""
    own = [s for s in wb.worksheets if s not in OUR_SHEETS]
    if not own:
        return (f"'{ours}' is the sheet Client Rank writes, and this workbook has no sheet of your own; put your "
                "client list on a sheet of its own and run again")
    listed = [(s, r) for s, r in ((s, find_region(wb, s)) for s in own) if r is not None]
    with_numbers = [s for s, r in listed if _has_numbers(wb, s, r)]
    best = (with_numbers or [s for s, _ in listed] or own)[0]
    option = f'--sheet "{best}"' if " " in best or not best else f"--sheet {best}"
    yours = f" (your sheets: {', '.join(repr(s) for s in own)})" if len(own) > 1 else ""
    return f"'{ours}' is the sheet Client Rank writes; name your client sheet instead: {option}{yours}"


def _no_client_list(wb: SheetSource, order: list[str], large: list[str]) -> ClientTableError:
    """Why no sheet of ``order`` holds a client list to read (``large``: the sheets too large to read)."""
    if large:  # the list is most likely on the sheet too large to read: say so, and what to do
        wb.grid(large[0])
    headed = [(s, r) for s, r in ((s, find_region(wb, s)) for s in order) if r is not None]
    if headed:
        s, r = max(headed, key=lambda sr: (sr[1].score, -order.index(sr[0])))
        names = [n for _, n in r.columns]
        why = nothing_to_rank(names, _raw(wb, s, r), has_numbers=False, where=_where(wb, s),
                              first_row=r.data_first + 1, export=_is_text_file(wb))
        return ClientTableError(why or _header_only(wb, s, r), file=str(wb.path))
    return ClientTableError("no sheet looks like a client list (a header row with a client name column and at "
                            "least one column of numbers such as revenue); if your client names stand in a "
                            "column without a header (as in a report), type one above them, such as Client; "
                            "if the list is on another sheet, name it with --sheet", file=str(wb.path))


def _is_text_file(wb: SheetSource) -> bool:
    """Whether the table comes from a text file (a .csv export), whose fix is another export."""
    return wb.path.suffix.lower() in TEXT_SUFFIXES


def _where(wb: SheetSource, sheet: str) -> str:
    """The table as a refusal names it first: ``"sheet 'Clients'"``, ``"this file"`` for a text file."""
    return "this file" if _is_text_file(wb) else f"sheet '{sheet}'"


def _header_only(wb: SheetSource, sheet: str, region: locate.Region) -> str:
    """The refusal for a header row with nothing below it: where it is and what to type."""
    names = [n for _, n in region.columns]
    return (f"{_where(wb, sheet)} has a header row (row {region.header_last + 1}: {column_list(names)}) but no clients "
            "below it. Type your clients under the header, one per row, with a column of numbers such as Sales, "
            "and run again")


def _all_left_out(wb: SheetSource, sheet: str, region: locate.Region, notes: list[str]) -> str:
    """The refusal for a table whose every row was left out: the reasons, with their rows."""
    reasons = [left_out_text(n) for n in notes if isinstance(n, Note) and is_kind(n, SKIPPED)]
    said = "; ".join(reasons) if reasons else "none has a client name and a number"
    return (f"{_where(wb, sheet)} has rows under its header (row {region.header_last + 1}) but none could be "
            f"ranked: {said}. Each client needs its own row with a name and a number such as Sales")


def _raw(wb: SheetSource, sheet: str, region: locate.Region, limit: int = 5000) -> dict[str, list[Any]]:
    """Header -> the values below it (at most ``limit`` rows), for saying what a table holds."""
    grid = wb.grid(sheet)
    last = min(region.data_last, region.data_first + limit - 1)
    return {n: list(column_of(grid, c, region.data_first, last)) for c, n in region.columns}


def _client_is_codes(wb: SheetSource, sheet: str, region: locate.Region) -> bool:
    """Whether every column whose header names the client holds codes or field paths, not names."""
    client = [n for _, n in region.columns if headers.is_client_header(n)]
    if not client:
        return False
    raw = _raw(wb, sheet, region, 200)
    return all(looks_like_codes(locate.texts(raw[n])) for n in client)


def _noted(wb: SheetSource, table: ClientTable) -> ClientTable:
    """The table with what the owner should know about how its workbook was read (:meth:`SheetSource.notes`)."""
    table.notes += wb.notes(table.sheet)
    return table


def find_region(wb: SheetSource, sheet: str) -> locate.Region | None:
    """Where the client table of a sheet is (its header and data rows), or None."""
    return locate.find(wb.grid(sheet), wb.tables(sheet), wb.merged(sheet))


def _has_numbers(wb: SheetSource, sheet: str, region: locate.Region) -> bool:
    grid = wb.grid(sheet)
    for r in range(region.data_first, min(region.data_last + 1, region.data_first + 200)):
        row = grid[r]
        for c, _ in region.columns:
            v = row[c] if c < len(row) else None
            if isinstance(v, (int, float)) and not isinstance(v, bool) or \
                    isinstance(v, str) and cells.parse_number(v) is not None:
                return True
    return False


def _region_or_error(wb: SheetSource, sheet: str) -> locate.Region:
    region = find_region(wb, sheet)
    if region is None:
        raise ClientTableError("this sheet does not look like a client list: it needs a header row with a column "
                               "of client names and at least one column of numbers (revenue, orders, ...)",
                               file=str(wb.path), sheet=sheet)
    return region


def _read(wb: SheetSource, sheet: str, region: locate.Region, client_column: str | None, rows_are: str,
          duplicates: str) -> ClientTable:
    """The client table of ``region``. A workbook that keeps the tables read from a sheet
    (``read_cache``: a CSV read once for the workbook written for it, then again to rank it) gives
    a copy of the one read before with the same choices."""
    cache = wb.read_cache(sheet)
    key = (repr(region), client_column, rows_are, duplicates)
    if cache is not None and key in cache:
        cached: ClientTable = copy.deepcopy(cache[key])
        return cached
    table = _read_table(wb, sheet, region, client_column, rows_are, duplicates)
    if cache is not None:
        cache[key] = copy.deepcopy(table)
    return table


def _read_table(wb: SheetSource, sheet: str, region: locate.Region, client_column: str | None, rows_are: str,
                duplicates: str) -> ClientTable:
    """The client table of ``region`` read afresh: its columns cleaned, a known export read by its
    profile, else who the client is, the rows kept and, when they are order lines, added up."""
    grid = wb.grid(sheet)
    facts = wb.facts(sheet)
    first, last = region.data_first, region.data_last
    names = [n for _, n in region.columns]
    # a grid kept column by column (a long sheet, a CSV): its columns as they are
    raw: dict[str, Any] = {n: column_of(grid, c, first, last) for c, n in region.columns}
    cleaned = _cleaned(region, raw, facts)
    kinds = {n: cleaned[n].kind for n in names}
    refused = quote_file(names) or supplier_file(names, raw)
    if refused:
        raise ClientTableError(refused, file=str(wb.path), sheet=sheet)
    profile = profiles.match(names, kinds)
    if profile is not None:
        return read_profile(str(wb.path), sheet, region, profile, names, raw, cleaned, client_column)
    aside = [line for line in [profiles.stepped_aside(names, kinds)] if line]
    kinds.update({n: cleaned[n].kind for n in names})
    body_rows = max(min(last, len(grid) - 1) - first + 1, 0)
    # who the client is: the key rows are grouped by and the name shown (reader/identity.py)
    has_values = cells.has_values([cleaned[n] for n in names], body_rows)
    flow = general.money(names, raw, cleaned, kinds, client_column)
    names, raw = flow.names, flow.raw
    with _on_sheet(wb, sheet):
        ident = identity.choose(flow.who, raw, kinds, has_values, grid, region, client_column)
    kinds.update({n: "text" for n in ident.columns})  # a column of customer numbers names clients; no factor
    sums = totals.by_sums(ident, {n: c.values for n, c in cleaned.items()}, kinds, first + 1)  # totals rows by sums
    notes: list[str] = digit_date_notes(cleaned) + ident.notes + identity.skip_notes(ident, first + 1) + sums
    with _on_sheet(wb, sheet):
        ruled = general.general_rules(names, raw, kinds, cleaned, ident, flow.flow, flow.amount, body_rows)
    notes += ruled.notes + [skipped([int(r) for r in rows + first + 1], what) for what, rows in ruled.skipped.items()]
    keep = [i for i in ident.keep if not ruled.drop[i]]
    numeric = [n for n in names if kinds[n] in ("number", "date")]
    if not keep or not numeric:
        why = nothing_to_rank(names, raw, has_numbers=bool(numeric) and bool(has_values.any()),
                              where=_where(wb, sheet), first_row=first + 1, export=_is_text_file(wb))
        if why is None and any((locate.texts(raw[n]) != "").any() for n in names):
            why = _all_left_out(wb, sheet, region, notes)
        raise ClientTableError(why or _header_only(wb, sheet, region), file=str(wb.path))
    keep_arr = np.asarray(keep)
    notes += hidden_rows_notes(facts, region, keep)
    notes += column_notes(region, cleaned, keep, facts, first)
    frame = pd.DataFrame({ident.column: np.asarray(ident.names, dtype=object)[keep_arr].tolist(),
                          identity.KEY: np.asarray(ident.keys, dtype=object)[keep_arr].tolist()})
    for n in numeric:
        frame[n] = cleaned[n].values[keep_arr]
    general.take_off_refunds(frame, flow.amount, numeric, ruled, keep_arr, first, notes)
    table = ClientTable(file=str(wb.path), sheet=sheet, header_row=region.header_last + 1,
                        columns=[ColumnInfo(n, kinds[n]) for n in names], client_column=ident.column, frame=frame,
                        excel_rows=keep_arr + first + 1, notes=notes, source_rows=len(keep),
                        decisions={n: cleaned[n].decisions for n in numeric}, understood=list(ruled.lines) + aside)
    by_col = wb.formats(sheet, first + keep[0])
    table.formats = {n: by_col[c] for c, n in region.columns if c in by_col}
    place_notes(notes, region, sheet, wb.trimmed.get(sheet))
    r = line_roles(table, ident, names, numeric, kinds, raw, keep_arr)
    if rows_are == "order lines" or (rows_are == "auto" and orders.looks_like_order_lines(r, frame[identity.KEY])):
        if r.amount is None:
            raise ClientTableError("the rows are order lines but no column holds the amounts (Amount, Sales, "
                                   "Revenue, ...)", file=str(wb.path), sheet=sheet)
        return add_up(table, r, ident, len(keep))
    drop_role_texts(table, r, kinds)
    for n in names:  # the other text columns, as text: who the best clients are (report/profile.py)
        if kinds[n] == "text" and n not in table.frame:
            table.frame[n] = locate.texts(np.asarray(raw[n], dtype=object)[keep_arr]).tolist()
    duplicate_names(table, duplicates)
    table.understood += ident.lines(len(table.frame), len(keep), table.rows_are)
    return table


def _cleaned(region: locate.Region, raw: dict[str, Any], facts: SheetFacts) -> dict[str, cells.Cleaned]:
    """Each column's values cleaned (:func:`cells.clean`), with the sheet's error cells in it."""
    first, last = region.data_first, region.data_last
    errors_by_col: dict[int, dict[int, str]] = {}
    for (row, c), e in facts.errors.items():
        if first <= row <= last:
            errors_by_col.setdefault(c, {})[row - first] = e
    cleaned = {}
    for c, n in region.columns:
        kind = headers.recognise(n)
        date_header = bool(kind and kind.value == "date") or bool(orders.DATE.search(headers.normalise(n)))
        cleaned[n] = cells.clean(raw[n], errors_by_col.get(c), date_header=date_header)
    return cleaned


@contextmanager
def _on_sheet(wb: SheetSource, sheet: str) -> Iterator[None]:
    """A :class:`ClientTableError` raised inside says which file and sheet it is about."""
    try:
        yield
    except ClientTableError as exc:
        exc.file, exc.sheet = str(wb.path), sheet
        raise



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

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.names import OUR_SHEETS
from xlclientrank.ooxml.rows import column_letter
from xlclientrank.reader import cells, identity, locate, orders, rules, totals, values
from xlclientrank.reader.client_columns import looks_like_codes
from xlclientrank.reader.exports import profiles, reading
from xlclientrank.reader.exports.catalogue.entry import Profile
from xlclientrank.reader.notes import ONCE_PER_ORDER, Note, Understood, is_kind, rows_text, skipped
from xlclientrank.reader.nothing_to_rank import nothing_to_rank
from xlclientrank.reader.rules.amounts import converted, refund_column, take_off
from xlclientrank.reader.rules.documents import quote_file, supplier_file
from xlclientrank.reader.rules.money import (
    BY_SIGN,
    PARTY,
    Direction,
    bare_pair,
    direction,
    in_and_out,
    mostly_out,
    split_direction,
)
from xlclientrank.reader.rules.outcome import Outcome
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
    skipped, too_large = wb.skipped, wb.too_large
    if sheet is not None:
        found = wb.find_sheet(sheet)
        if found is None:
            empty = next((s for s in skipped if s.casefold() == sheet.casefold()), None)
            if empty is not None:
                raise ClientTableError(f"sheet '{empty}' has no content in the file ({skipped[empty]}), so it has "
                                       "no clients to read. The sheets are: "
                                       f"{', '.join(repr(s) for s in wb.worksheets)}", file=str(wb.path))
            raise ClientTableError(f"there is no sheet '{sheet}'; the sheets are: "
                                   f"{', '.join(repr(s) for s in wb.worksheets)}", file=str(wb.path))
        return _noted(wb, _read(wb, found, _region_or_error(wb, found), client_column, rows_are, duplicates))
    if preferred and wb.find_sheet(preferred):
        found = wb.find_sheet(preferred)
        return _noted(wb, _read(wb, found, _region_or_error(wb, found), client_column, rows_are, duplicates))
    order = [s for s in wb.visible if s not in OUR_SHEETS] + \
            [s for s in wb.worksheets if s not in wb.visible and s not in OUR_SHEETS]
    large = [s for s in order if s in too_large]  # only the sheet read may be too large: search the others
    order = [s for s in order if s not in too_large]
    found = [(s, r) for s, r in ((s, find_region(wb, s)) for s in order) if r is not None]
    found = [(s, r) for s, r in found if _has_numbers(wb, s, r)]
    if not found:
        if large:  # the list is most likely on the sheet too large to read: say so, and what to do
            wb.grid(large[0])
        headed = [(s, r) for s, r in ((s, find_region(wb, s)) for s in order) if r is not None]
        if headed:
            s, r = max(headed, key=lambda sr: (sr[1].score, -order.index(sr[0])))
            why = nothing_to_rank([n for _, n in r.columns], _raw(wb, s, r), has_numbers=False)
            raise ClientTableError(why or "has a header row but no clients below it (no rows with a client name "
                                   "and numbers); add your clients under the header", file=str(wb.path),
                                   sheet=s if why and len(wb.worksheets) > 1 else None)
        raise ClientTableError("no sheet looks like a client list (a header row with a client name column and at "
                               "least one column of numbers such as revenue); if your client names stand in a "
                               "column without a header (as in a report), type one above them, such as Client; "
                               "if the list is on another sheet, name it with --sheet", file=str(wb.path))
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


def _raw(wb: SheetSource, sheet: str, region: locate.Region, limit: int = 5000) -> dict[str, list]:
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


def _cells_text(items, limit: int = 3) -> str:
    shown = ", ".join(f"{ref} {text!r}" for ref, text in items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def _read(wb: SheetSource, sheet: str, region: locate.Region, client_column: str | None, rows_are: str,
          duplicates: str) -> ClientTable:
    """The client table of ``region``. A workbook that keeps the tables read from a sheet
    (``read_cache``: a CSV read once for the workbook written for it, then again to rank it) gives
    a copy of the one read before with the same choices."""
    cache = wb.read_cache(sheet)
    key = (repr(region), client_column, rows_are, duplicates)
    if cache is not None and key in cache:
        return copy.deepcopy(cache[key])
    table = _read_table(wb, sheet, region, client_column, rows_are, duplicates)
    if cache is not None:
        cache[key] = copy.deepcopy(table)
    return table


def _read_table(wb: SheetSource, sheet: str, region: locate.Region, client_column: str | None, rows_are: str,
                duplicates: str) -> ClientTable:
    grid = wb.grid(sheet)
    facts = wb.facts(sheet)
    first, last = region.data_first, region.data_last
    names = [n for _, n in region.columns]
    col_of = {n: c for c, n in region.columns}
    # a grid kept column by column (a long sheet, a CSV): its columns as they are
    raw = {n: column_of(grid, c, first, last) for c, n in region.columns}
    body_rows = max(min(last, len(grid) - 1) - first + 1, 0)
    errors_by_col: dict[int, dict[int, str]] = {}
    for (row, c), e in facts.errors.items():
        if first <= row <= last:
            errors_by_col.setdefault(c, {})[row - first] = e
    cleaned = {}
    for n in names:
        kind = headers.recognise(n)
        date_header = bool(kind and kind.value == "date") or bool(orders.DATE.search(headers.normalise(n)))
        cleaned[n] = cells.clean(raw[n], errors_by_col.get(col_of[n]), date_header=date_header)
    kinds = {n: cleaned[n].kind for n in names}
    refused = quote_file(names) or supplier_file(names, raw)
    if refused:
        raise ClientTableError(refused, file=str(wb.path), sheet=sheet)
    profile = profiles.match(names, kinds)
    if profile is not None:
        return _read_profile(wb, sheet, region, profile, names, raw, cleaned, client_column)
    aside = [line for line in [profiles.stepped_aside(names, kinds)] if line]

    digit_notes = [f"Column '{n}': {cleaned[n].digit_dates:,} numbers like {cleaned[n].digit_date_example} were "
                   "read as dates (year, month, day)." for n in names if cleaned[n].digit_dates]
    kinds.update({n: cleaned[n].kind for n in names})
    # who the client is: the key rows are grouped by and the name shown (reader/identity.py)
    has_values = cells.has_values([cleaned[n] for n in names], body_rows)
    split = in_and_out(names, kinds)
    if split is not None:  # a statement's money in and money out: the out column is no figure to rank on
        kinds[split[1]] = "text"
    amount_col = split[0] if split else headers.best_revenue([n for n in names if kinds[n] == "number"])
    flow = direction(names, raw, cleaned[amount_col].values if amount_col else None, kinds)
    if flow is None and split is not None:
        flow = split_direction(cleaned[split[0]].values, cleaned[split[1]].values, split)
    if flow is None and _dated(names, kinds):  # a statement lists dated transactions, a client list clients
        flow = mostly_out({n: cleaned[n].values for n in names if kinds[n] == "number"
                                 and (k := headers.recognise(n)) is not None and k.key == "revenue"})
    who = names
    if flow is not None and flow.pair is not None and (client_column in names or any(
            headers.is_client_header(n) and n not in flow.pair for n in names)):
        # a column names the client: the payer and payee are not it, and a bare From and To (places,
        # as likely as parties) said nothing of the money's direction
        flow = None if bare_pair(flow.pair) and flow.how == BY_SIGN else Direction(flow.flow,
                                                                                                      flow.how)
    if flow is not None and flow.party is not None and client_column not in names:
        # a payment account's From and To: the client is the other party of each payment, not a
        # column of its own (an account number may be the owner's on money in)
        names = [PARTY] + names
        raw = {PARTY: flow.party.tolist(), **raw}
        kinds[PARTY] = "text"
        who = [PARTY] + [n for n in names if kinds[n] == "date"]
    try:
        ident = identity.choose(who, raw, kinds, has_values, grid, region, client_column)
    except ClientTableError as exc:
        exc.file, exc.sheet = str(wb.path), sheet
        raise
    client = ident.column
    kinds.update({n: "text" for n in ident.columns})  # a column of customer numbers names clients; no factor
    sums = totals.by_sums(ident, {n: c.values for n, c in cleaned.items()}, kinds, first + 1)  # totals rows by sums
    notes: list[str] = digit_notes + ident.notes + identity.skip_notes(ident, first + 1) + sums
    try:
        ruled = _general_rules(names, raw, kinds, cleaned, ident, flow, amount_col, body_rows)
    except ClientTableError as exc:
        exc.file, exc.sheet = str(wb.path), sheet
        raise
    notes += ruled.notes + [skipped(rows + first + 1, what) for what, rows in ruled.skipped.items()]
    keep = [i for i in ident.keep if not ruled.drop[i]]
    numeric = [n for n in names if kinds[n] in ("number", "date")]
    if not keep or not numeric:
        why = nothing_to_rank(names, raw, has_numbers=bool(numeric) and bool(has_values.any()))
        raise ClientTableError(why or "has a header row but no clients below it (no rows with a client name and "
                               "numbers); add your clients under the header", file=str(wb.path), sheet=sheet)
    keep_arr = np.asarray(keep)
    hidden = sorted(r + 1 for r in facts.hidden_rows if first <= r <= last and (r - first) in set(keep))
    if hidden:
        notes.append(f"{len(hidden):,} hidden rows were included ({rows_text(hidden)}); delete rows you do not "
                     "want ranked.")
    notes += _column_notes(region, cleaned, keep, facts, first)

    frame = pd.DataFrame({client: np.asarray(ident.names, dtype=object)[keep_arr].tolist(),
                          identity.KEY: np.asarray(ident.keys, dtype=object)[keep_arr].tolist()})
    for n in numeric:
        frame[n] = cleaned[n].values[keep_arr]
    if ruled.sign is not None and amount_col in frame:  # money given back counts against its client
        frame[amount_col] = np.where(ruled.sign[keep_arr] < 0, -np.abs(frame[amount_col]), frame[amount_col])
    # a refund column beside a gross amount, in a list of documents: taken off row by row
    refunds = [n for n in numeric if n != amount_col and refund_column(n)] \
        if amount_col in frame and headers.revenue_preference(amount_col) != 0 and ruled.documents else []
    for n in refunds:  # a refund column beside the amount: taken off it, row by row
        frame[amount_col], larger = take_off(frame[amount_col], frame[n])
        if larger.any():
            notes.append(f"{int(larger.sum()):,} row(s) have a {n} larger than their {amount_col} ("
                         f"{rows_text(keep_arr[larger] + first + 1)}): their {amount_col} was taken as already net "
                         "of the refund, so nothing was taken off them. Check that the columns are what they seem.")
    if refunds:
        ruled.lines.append(Understood("Revenue", f"{amount_col} minus {' and '.join(refunds)} on each row (what was "
                                      "given back), added up per client where a client has several rows."))
    columns = [ColumnInfo(n, kinds[n]) for n in names]
    excel_rows = keep_arr + first + 1
    table = ClientTable(file=str(wb.path), sheet=sheet, header_row=region.header_last + 1, columns=columns,
                        client_column=client, frame=frame, excel_rows=excel_rows, notes=notes,
                        source_rows=len(keep), decisions={n: cleaned[n].decisions for n in numeric},
                        understood=list(ruled.lines) + aside)
    by_col = wb.formats(sheet, first + keep[0])
    table.formats = {n: by_col[c] for c, n in region.columns if c in by_col}
    if sheet in wb.trimmed:
        removed, example = wb.trimmed[sheet]
        notes.append(f"{removed:,} cell(s) far to the right of the sheet (for example {example}) were left out; "
                     "a client list never reaches that far.")
    if region.table:
        notes.insert(0, f"Read the table or named range '{region.table}' on sheet '{sheet}'.")
    if region.unnamed_client is not None:
        notes.insert(0, f"Column {column_letter(region.unnamed_client)} has no header; its names were taken as the "
                        f"clients (called '{locate.NO_HEADER_CLIENT}' here). Type a header above them to name it.")

    r = orders.roles({n: kinds[n] for n in names}, client, key=identity.KEY, label=ident.key.label)
    if r.amount is None:  # only a rate or a price: times the quantity it is for
        unit = orders.rate_and_quantity({n: kinds[n] for n in numeric})
        if unit is not None:
            rate, qty = unit
            frame[orders.LINE_AMOUNT] = frame[rate] * frame[qty]
            r.amount, r.made_from = orders.LINE_AMOUNT, (rate, qty)
            table.columns.append(ColumnInfo(orders.LINE_AMOUNT, "number"))
            table.understood.append(Understood("Revenue", f"{rate} x {qty} on each row ('{orders.LINE_AMOUNT}'; "
                                               f"{rate} is per unit or per hour and no column holds the amount)."))
    for n in names:  # keep text columns the order-line roles need (order numbers, client IDs)
        if n in (r.order_id, r.client_id) and n not in frame:
            frame[n] = locate.texts(np.asarray(raw[n], dtype=object)[keep_arr]).tolist()
    if rows_are == "order lines" or (rows_are == "auto" and orders.looks_like_order_lines(r, frame[identity.KEY])):
        if r.amount is None:
            raise ClientTableError("the rows are order lines but no column holds the amounts (Amount, Sales, "
                                   "Revenue, ...)", file=str(wb.path), sheet=sheet)
        agg, agg_kinds, agg_notes = orders.aggregate(frame, r)
        src = table.formats
        table.formats = {k: src[v] for k, v in orders.format_sources(r).items() if v in src}
        table.frame = agg
        table.columns = [ColumnInfo(n, k) for n, k in agg_kinds.items()]
        table.excel_rows = None
        table.decisions = {}
        table.rows_are = "order lines"
        table.order_roles = r
        table.notes = agg_notes + notes
        table.understood += ident.lines(len(agg), len(keep), table.rows_are)
        once = next((n for n in agg_notes if is_kind(n, ONCE_PER_ORDER)), None)
        if isinstance(once, Note):
            table.understood.append(Understood("Revenue", f"{r.amount}, '{once.detail}' once per order (it is the "
                                               "same on every line of an order: the order's total). To add up every "
                                               "line, rename the column (say to Line amount)."))
        return table
    for extra in (r.order_id, r.client_id):
        if extra in frame and kinds.get(extra, "text") == "text":
            del frame[extra]
    _duplicates(table, duplicates)
    table.understood += ident.lines(len(table.frame), len(keep), table.rows_are)
    return table


def _dated(names: list[str], kinds: dict[str, str]) -> bool:
    """Whether the rows carry a date of their own (Date, Invoice date, Datum), as transactions and
    documents do; a client list's dates (Client since, Last order) are factors."""
    return any(kinds[n] == "date" and orders.date_header(n) and headers.recognise(n) is None for n in names)


def _general_rules(names: list[str], raw: dict[str, list], kinds: dict[str, str], cleaned: dict[str, cells.Cleaned],
                   ident: identity.Identity, flow: Direction | None, amount_col: str | None,
                   body_rows: int) -> Outcome:
    """The general reading rules (:func:`rules.apply`) on the rows of a list that is no known export.
    Changes ``kinds`` where a converted amount replaces amounts in several currencies."""
    keep = np.zeros(body_rows, dtype=bool)
    keep[ident.keep] = True
    doc = next((n for n in names if kinds[n] != "number" and orders.order_number(n)), None)
    keys = np.asarray(ident.keys, dtype=object)
    amounts = [n for n in names if kinds[n] == "number" and (k := headers.recognise(n)) is not None
               and k.key == "revenue"]
    out = rules.apply(names, raw, keep, amount=cleaned[amount_col].values if amount_col else None, doc=doc,
                      keys=keys, names=np.asarray(ident.names, dtype=object), flow=flow, amounts=amounts,
                      documents=rules.is_documents(keys[keep].tolist(), doc, _dated(names, kinds)))
    if out.use_column:
        for a in amounts:
            if a != out.use_column and not converted(a):
                kinds[a] = "text"  # in several currencies: not a figure to rank on
    return out


def _read_profile(wb: SheetSource, sheet: str, region: locate.Region, profile: Profile, names: list[str],
                  raw: dict[str, list], cleaned: dict[str, cells.Cleaned], client_column: str | None) -> ClientTable:
    """A known export (reader/exports/profiles.py) read by its profile: who the client is, which amount is
    revenue and which rows are left out come from the catalogue, each stated in ``understood``."""
    try:
        got = reading.read(profile, names, raw, cleaned, client_column)
    except ClientTableError as exc:
        exc.file, exc.sheet = str(wb.path), sheet
        raise
    if got.frame.empty:
        raise ClientTableError(f"looks like {profile.product}'s {profile.export}, but no row is left to rank "
                               f"({' '.join(got.understood[-1:])})", file=str(wb.path), sheet=sheet)
    f = got.frame
    first = region.data_first
    extra = [c for c in (reading.PROFIT, reading.HOURS, reading.ORDERS) if c in f]
    if profile.rows == "clients":
        frame = f[[reading.NAME, reading.REVENUE] + extra].reset_index(drop=True)
        kinds = {reading.NAME: "text", reading.REVENUE: "number", **{c: "number" for c in extra}}
        excel_rows, notes, rows_are = got.kept + first + 1, [], "clients"
    else:
        r = orders.Roles(reading.NAME, reading.KEY, reading.DATE if reading.DATE in f else None,
                         reading.REVENUE, reading.PROFIT if reading.PROFIT in f else None, None,
                         reading.ORDER if reading.ORDER in f else None,
                         [reading.HOURS] if reading.HOURS in f else [], got.grouped_by)
        frame, kinds, notes = orders.aggregate(f, r, repeated_totals=False)
        if not profile.count_orders:  # a time report: its days are not orders
            frame = frame.drop(columns=[orders.ORDERS, orders.AVERAGE], errors="ignore")
            kinds = {k: v for k, v in kinds.items() if k in frame}
        excel_rows, rows_are = None, "order lines"
    table = ClientTable(file=str(wb.path), sheet=sheet, header_row=region.header_last + 1,
                        columns=[ColumnInfo(n, k) for n, k in kinds.items()], client_column=reading.NAME,
                        frame=frame, excel_rows=excel_rows, notes=got.notes + notes, rows_are=rows_are,
                        source_rows=len(f), understood=got.understood, profile=profile.key)
    return table


def _column_notes(region, cleaned, keep, facts, first) -> list[str]:
    notes = []
    kept = set(keep)
    letter = {n: column_letter(c) for c, n in region.columns}
    col_index = {n: c for c, n in region.columns}
    no_result: dict[int, list[int]] = {}
    for r, c in facts.no_result:
        if first <= r <= region.data_last and (r - first) in kept:
            no_result.setdefault(c, []).append(r + 1)
    for n, cl in cleaned.items():
        if cl.kind == "text":
            continue
        ref = letter[n]
        tn = [(f"{ref}{first + i + 1}", t) for i, t, _ in cl.text_numbers if i in kept]
        if tn:
            notes.append(f"Column '{n}': {len(tn):,} cell(s) held numbers as text and were read as numbers "
                         f"({_cells_text(tn)}).")
        td = [(f"{ref}{first + i + 1}", t) for i, t in cl.text_dates if i in kept]
        if td:
            order = {True: "day/month/year", False: "month/day/year", None: "day/month/year"}[cl.day_first]
            notes.append(f"Column '{n}': {len(td):,} dates typed as text were read as dates, {order} "
                         f"({_cells_text(td)}).")
        bad = [(f"{ref}{first + i + 1}", t) for i, t in cl.not_numbers if i in kept]
        if bad:
            notes.append(f"Column '{n}': {len(bad):,} cell(s) are not numbers ({_cells_text(bad)}); they count "
                         "as missing.")
        errs = [(f"{ref}{first + i + 1}", t) for i, t in cl.errors if i in kept]
        if errs:
            shown = ", ".join(f"{a} {b}" for a, b in errs[:3]) + (f" and {len(errs) - 3:,} more" if len(errs) > 3 else "")
            notes.append(f"Column '{n}': {len(errs):,} cell(s) are Excel errors ({shown}); they count as missing.")
        nr = no_result.get(col_index[n], [])
        if nr:
            notes.append(f"Column '{n}': {len(nr):,} formula cell(s) have no saved result ({ref}{nr[0]}"
                         f"{' and more' if len(nr) > 1 else ''}): the file was saved by a program that does not "
                         "calculate. Open and save it in Excel; until then they count as missing.")
        if cl.booleans:
            notes.append(f"Column '{n}': TRUE/FALSE read as 1/0.")
    return notes


COMBINE_RULES = {"tenure": "min", "recency": "max", "fit": "mean", "average_sale": "mean"}


def _duplicates(table: ClientTable, how: str) -> None:
    """Reports client names that appear more than once; combines them when the settings say so."""
    f = table.frame
    key = f[table.client_column].astype(str).str.strip().str.casefold()
    dup = key.duplicated(keep=False)
    if not dup.any():
        return
    groups = pd.Series(table.excel_rows[dup.to_numpy()], index=f.loc[dup, table.client_column]).groupby(
        key[dup].to_numpy(), sort=False)
    shown = []
    for _, rows in list(groups)[:3]:
        shown.append(f"{rows.index[0]}: {rows_text(rows.tolist(), 4)}")
    n = key[dup].nunique()
    more = f" and {n - 3:,} more" if n > 3 else ""
    if how == "combine":
        agg = {}
        for c in f.columns:
            if c == table.client_column:
                agg[c] = "first"
            else:
                kind = headers.recognise(c)
                agg[c] = COMBINE_RULES.get(kind.key if kind else "", "sum")
        combined = f.groupby(key.to_numpy(), sort=False).agg(agg)
        for c, rule in agg.items():
            if rule == "sum":
                # a sum of blanks stays blank instead of becoming 0
                present = f[c].notna().groupby(key.to_numpy(), sort=False).any()
                combined.loc[~present.reindex(combined.index).to_numpy(), c] = np.nan
        first_rows = pd.Series(table.excel_rows).groupby(key.to_numpy(), sort=False).min()
        table.frame = combined.reset_index(drop=True)
        table.excel_rows = first_rows.reindex(combined.index).to_numpy()
        table.notes.append(f"{n:,} client name(s) appear more than once ({'; '.join(shown)}{more}); each was "
                           "combined into one client (sums; earliest 'since', latest 'last').")
    else:
        table.notes.append(f"{n:,} client name(s) appear more than once ({'; '.join(shown)}{more}); they are "
                           "ranked as separate clients (set 'Duplicate names' to Combine to merge them).")

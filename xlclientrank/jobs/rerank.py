"""The whole job: read a workbook, rank its clients, and write the Ranking and settings sheets.

Used by the command line; the Re-rank button will call the same function. The owner's file is read
once; the result is written atomically to the same file (or to ``out``), with every part that is
not ours left byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence


from xlclientrank import engine, headers, render
from xlclientrank.stored import calibration
from xlclientrank.stored import history
from xlclientrank.report import summary as report
from xlclientrank.stored import settings as settings_mod
from xlclientrank.errors import ClientTableError, RankingError, SettingsError, WorkbookFileError
from xlclientrank.ooxml import guard
from xlclientrank.ooxml.files import check_not_open, check_workbook_file, check_writable
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader import OUR_SHEETS, ClientTable, Workbook, cells, csvfile, locate, orders, read_client_table
from xlclientrank.reader import _region as find_region


@dataclass
class Result:
    ranking: engine.Ranking
    table: ClientTable
    settings: settings_mod.Settings
    summary: dict[str, Any]
    output: Path
    movement: history.Movement | None = None
    understood: list[str] = field(default_factory=list)


@dataclass
class Loaded:
    """What one read of the workbook gives: its parts, clients, settings, history and notes, and
    what was understood (one line each, ending with how to correct it)."""

    package: Package
    table: ClientTable
    settings: settings_mod.Settings
    snapshots: history.History
    notes: list[str]
    understood: list[str] = field(default_factory=list)
    has_settings_sheet: bool = False
    # the same lines for our sheets, which always name the settings cells: the workbook they are in
    # has the settings sheet (the lines above name them only when it was there before this run)
    understood_in_sheets: list[str] = field(default_factory=list)


CLIENT_OPTION, REVENUE_OPTION = "--client-column", "--revenue-column"


def load(path: Path, sheet: str | None = None, package: Package | None = None, *,
         client_column: str | None = None, revenue_column: str | None = None) -> Loaded:
    """Reads the workbook once: its parts, its client table, the settings to use and the history.

    ``client_column`` / ``revenue_column``: the owner's choice on the command line. Each does what
    the settings sheet's "Client column" and "Pareto column" do, wins over them, and is written into
    the settings sheet with the rest, so that the next run keeps it.
    """
    package = package or Package.read(path)
    guard.check_own_names(package, dict(render.SHEETS))
    # our sheets this run writes again without reading them (the Ranking, Calibration, ...): not
    # even decompressed, as they grow with the workbook's history
    ours_read = {settings_mod.SHEET, history.SHEET}  # read for their values, then written again
    unread = {name for _, name in render.SHEETS} - ours_read
    wb = Workbook(path, data=package.data, package=package, unread=unread, values_only=ours_read)
    saved, where = None, {}
    settings_sheet = wb.find_sheet(settings_mod.SHEET)
    if settings_sheet is not None:
        saved, where = settings_mod.parse(wb.grid(settings_sheet))
    use_saved = saved is not None and (sheet is None or saved.client_sheet is None
                                       or saved.client_sheet.casefold() == sheet.casefold())
    if saved is not None and sheet is None and saved.client_sheet and wb.find_sheet(saved.client_sheet) is None:
        raise SettingsError(f"the client sheet '{saved.client_sheet}' does not exist; type the name of the sheet "
                            f"with your clients (sheets: {', '.join(wb.worksheets)})",
                            file=str(path), sheet=settings_mod.SHEET, cell=where.get("client_sheet"))
    client_choice = client_column if client_column is not None else (saved.client_column if use_saved else None)

    def read(client: str | None) -> ClientTable:
        try:
            return read_client_table(wb, sheet, preferred=saved.client_sheet if use_saved else None,
                                     client_column=client, rows_are=saved.rows_are if saved else "auto",
                                     duplicates=saved.duplicates if saved else "keep apart")
        except ClientTableError as exc:
            _refuse_headerless(wb, sheet, path, exc)
            if getattr(package, "csv_book", None) is not None and exc.sheet == package.csv_book.sheet.name:
                exc.sheet = None  # a text file has no sheets: its name alone says where
            raise
    table = _read_as_chosen(read, client_column, client_choice)
    region = find_region(wb, table.sheet)
    _refuse_header_of_data(wb, table.sheet, region, path)
    sheet_headers = [n for _, n in region.columns] if region is not None else [c.name for c in table.columns]
    profile = getattr(table, "profile", None)

    if client_column is not None:
        found = _match(client_column, sheet_headers)
        if found is None:
            raise SettingsError(f"{CLIENT_OPTION}: there is no column '{client_column}' {_in(table, path)}; "
                                f"the headers found are: {settings_mod._list(sheet_headers)}", file=str(path))
        if found != client_column:  # typed in another case: read again with the header's own spelling
            table = read(found)
        if not _taken(table, found, sheet_headers):
            holds = "dates" if table.column(found).kind == "date" else "numbers"
            texts = [c.name for c in table.columns if c.kind == "text"]
            raise SettingsError(f"{CLIENT_OPTION}: the column '{found}' holds {holds}, not client names; give the "
                                "header of the column with the names"
                                + (f" (columns of text: {settings_mod._list(texts)})" if texts else ""),
                                file=str(path))
        client_choice = found
    accepted = client_choice is not None and _taken(table, client_choice, sheet_headers)
    chosen_client = client_choice if accepted else table.client_column

    if use_saved:
        check = saved
        if accepted:  # the reader took it, showing its own client column (a name, or a known export's)
            check = replace(check, client_column=table.client_column)
        if revenue_column is not None:
            check = replace(check, pareto_column=None)  # the option's own check follows
        settings, notes = settings_mod.reconcile(check, table.columns, where)
        settings.client_sheet = table.sheet
        pareto_from = "settings"
    else:
        settings, notes = settings_mod.infer(table.sheet, table.columns, table.client_column)
        if saved is not None:
            notes.append(f"The settings were for sheet '{saved.client_sheet}'; they now start afresh for sheet "
                         f"'{table.sheet}'.")
        pareto_from = "auto"
    settings.client_column = chosen_client
    roles = _order_roles(wb, table, region) if table.rows_are == "order lines" and profile is None else None
    if revenue_column is not None:
        settings.pareto_column = _revenue_option(revenue_column, table, roles, path)
        settings.pareto_reason = ""
        pareto_from = "option"
    _check_pareto_column(settings, table, where, path, pareto_from)
    snapshots = history.empty()
    history_sheet = wb.find_sheet(history.SHEET)
    if history_sheet is not None:
        snapshots, bad = history.parse(wb.grid(history_sheet))
        notes += snapshots.notes
        if bad:
            notes.append(f"{bad:,} row(s) of sheet '{history.SHEET}' could not be read (no client, dates or "
                         "tiers); they were dropped from the history.")
    client_from = ("option" if client_column is not None else "settings" if use_saved and accepted else "auto")
    screen, sheet_lines = _understood(table, settings, saved if use_saved else None, roles, client_from,
                                      pareto_from, settings_sheet is not None)
    return Loaded(package, table, settings, snapshots, notes, screen, settings_sheet is not None, sheet_lines)


def _read_as_chosen(read: Callable[[str | None], ClientTable], option: str | None, saved: str | None) -> ClientTable:
    """The client table, read with the owner's client column. A column the settings sheet holds
    because an earlier run chose it (the automatic choice, written there) is read as that choice,
    so that it keeps the reason it was first chosen for and running twice gives the same sheets;
    only a column the owner changed there is read as theirs (then the table is read a second time)."""
    if option is not None or saved is None:
        return read(option)
    try:
        auto = read(None)
    except ClientTableError:
        return read(saved)  # the owner's column settles what the automatic choice could not
    return auto if auto.client_column == saved else read(saved)


def _taken(table: ClientTable, choice: str, sheet_headers: Sequence[str]) -> bool:
    """Whether the reader took the owner's ``choice`` as the client column. It may show another
    column's names (a customer number or an e-mail address groups the rows, a name column is shown),
    so only a choice it left as a column of numbers or dates to rank on was not taken."""
    if choice == table.client_column:
        return True
    if choice not in sheet_headers:
        return False
    kind = next((c.kind for c in table.columns if c.name == choice), None)
    return kind not in ("number", "date")


def _match(name: str, names: Sequence[str]) -> str | None:
    """The header ``name`` names: exactly, else ignoring case and runs of spaces."""
    if name in names:
        return name
    key = " ".join(name.split()).casefold()
    return next((n for n in names if " ".join(n.split()).casefold() == key), None)


def _in(table: ClientTable, path: Path) -> str:
    return "in the file" if path.suffix.lower() == ".csv" else f"in sheet '{table.sheet}'"


def _revenue_option(name: str, table: ClientTable, roles: orders.Roles | None, path: Path) -> str:
    per_client = [c.name for c in table.columns if c.name != table.client_column]
    found = _match(name, per_client)
    if found is None and roles is not None and roles.amount is not None and _match(name, [roles.amount]):
        found = orders.REVENUE  # the order lines' amount column, added up per client
    if found is None:
        lines = (" (the order lines are added up per client into these columns)"
                 if table.rows_are == "order lines" else "")
        raise SettingsError(f"{REVENUE_OPTION}: there is no column '{name}' {_in(table, path)}; the headers "
                            f"found are: {settings_mod._list(per_client)}{lines}", file=str(path))
    return found


def _check_pareto_column(settings: settings_mod.Settings, table: ClientTable, where: dict[str, str],
                         path: Path, source: str = "settings") -> None:
    """The Pareto (revenue) column must hold amounts. The message says where the choice came from:
    the settings sheet's cell (only when that sheet exists), the option, or the automatic choice."""
    col = settings.pareto_column
    if col is None:
        return
    kind = table.column(col).kind
    if kind == "number":
        return
    holds = {"date": "dates", "text": "text", "empty": "nothing"}.get(kind, kind)
    amounts = [c.name for c in table.columns if c.kind == "number" and c.name != table.client_column]
    others = f" (columns of numbers: {settings_mod._list(amounts)})" if amounts else ""
    if source == "settings":
        raise SettingsError(f"the Pareto column '{col}' holds {holds}, not amounts; type the header of a column of "
                            f"numbers such as revenue{others}", file=str(path), sheet=settings_mod.SHEET,
                            cell=where.get("pareto_column"))
    if source == "option":
        raise SettingsError(f"{REVENUE_OPTION}: the column '{col}' holds {holds}, not amounts; give the header of "
                            f"a column of numbers such as revenue{others}", file=str(path))
    raise SettingsError(f"the revenue column chosen from the headers, '{col}', holds {holds}, not amounts; choose "
                        f"one with {REVENUE_OPTION}{others}", file=str(path))


# ---------------------------------------------------------------- a file without a header row

def _cell_kind(v: Any) -> str:
    """"number" or "date" for a cell that holds a value rather than a word, else "text" (or "")."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return ""
    if isinstance(v, bool):
        return "number"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return "date"
    t = str(v).strip()
    if cells.parse_number(t) is not None or cells.parse_number(t, True) is not None:
        return "number"
    if re.search(r"\d", t) and cells.parse_date(t) is not None:
        return "date"
    return "text"


def _is_year(v: Any) -> bool:
    try:
        x = float(str(v).strip()) if not isinstance(v, (int, float)) else float(v)
    except ValueError:
        return False
    return x.is_integer() and 1900 <= x <= 2100


def header_of_data(header: Sequence[Any], below: Sequence[Sequence[Any]]) -> bool:
    """True when a header row holds values like the rows below it (numbers or dates in the columns
    that hold numbers or dates): the first row of data, not headers. Years as column titles
    ("2025", "2026") and a row that names the client column (Client, Customer, ...) are headers."""
    cols = [j for j, v in enumerate(header) if _cell_kind(v)]
    if not cols:
        return False
    data = []
    for j in cols:
        kind = _cell_kind(header[j])
        if kind == "text":
            continue
        under = [_cell_kind(r[j]) for r in below if j < len(r) and _cell_kind(r[j])][:20]
        if under and sum(k == kind for k in under) * 2 > len(under):
            data.append(j)
    if not data or all(_is_year(header[j]) for j in data):
        return False
    words = [str(header[j]) for j in cols if _cell_kind(header[j]) == "text"]
    if any(headers.is_client_header(w) for w in words):
        return False
    return 2 * len(data) >= len(cols) or not any(headers.recognise(w) for w in words)


def _headerless_error(wb: Workbook, sheet: str, row: int, header: Sequence[Any], below, path: Path) -> ClientTableError:
    shown = [locate.text(v) for v in header if _cell_kind(v)]
    preview = ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")
    names, numbers = [], iter(("Revenue", "Orders", "Hours", "Complaints"))
    for j, v in enumerate(header):
        if not _cell_kind(v):
            continue
        under = [_cell_kind(r[j]) for r in below if j < len(r) and _cell_kind(r[j])][:20]
        kind = max(set(under), key=under.count) if under else _cell_kind(v)
        names.append("Client" if kind == "text" and "Client" not in names else
                     "Date" if kind == "date" and "Date" not in names else
                     next(numbers, "...") if kind == "number" else "...")
    suggestion = ", ".join(names[:6]).replace("..., ...", "...")
    if path.suffix.lower() == ".csv":
        return ClientTableError(f"line {row} is '{preview}': values like the lines below it, not column names, so "
                                "the file has no header line. Add a first line that names each column, such as "
                                f"{suggestion.replace(', ', ',')}", file=str(path))
    return ClientTableError(f"row {row} holds '{preview}': values like the rows below it, not column headers, so "
                            f"the list has no header row. Insert a row above it that names each column, such as "
                            f"{suggestion}", file=str(path), sheet=sheet)


def _refuse_header_of_data(wb: Workbook, sheet: str, region, path: Path) -> None:
    if region is None:
        return
    grid = wb.grid(sheet)
    row = grid[region.header_last] if region.header_last < len(grid) else []
    cols = [c for c, _ in region.columns]
    header = [row[c] if c < len(row) else None for c in cols]
    below = [[r[c] if c < len(r) else None for c in cols] for r in grid[region.data_first:region.data_first + 20]]
    if region.header_first == region.header_last and header_of_data(header, below):
        raise _headerless_error(wb, sheet, region.header_last + 1, header, below, path)


def _refuse_headerless(wb: Workbook, sheet: str | None, path: Path, exc: ClientTableError) -> None:
    """When no client list was found and a sheet's first row looks like data, says that instead."""
    found = wb.find_sheet(sheet) if sheet is not None else None
    if sheet is not None and found is None:
        return  # the sheet named does not exist: that is the message
    names = [found] if found else [s for s in wb.visible if s not in OUR_SHEETS]
    for name in names:
        try:
            grid = wb.grid(name)
        except WorkbookFileError:
            continue
        first = next((i for i, r in enumerate(grid[:30]) if any(_cell_kind(v) for v in r)), None)
        if first is None:
            continue
        if header_of_data(grid[first], grid[first + 1:first + 21]):
            raise _headerless_error(wb, name, first + 1, grid[first], grid[first + 1:first + 21], path) from exc


# ---------------------------------------------------------------- what was understood

def _order_roles(wb: Workbook, table: ClientTable, region) -> orders.Roles | None:
    """Which column of the order lines played which part (client ID, amount, order number, date),
    found as the reader finds them, from the first rows; for the lines of what was understood."""
    if region is None:
        return None
    grid = wb.grid(table.sheet)
    kinds = {}
    for c, n in region.columns:
        values = [r[c] if c < len(r) else None for r in grid[region.data_first:region.data_first + 200]]
        kind = headers.recognise(n)
        date_header = bool(kind and kind.value == "date") or bool(orders.DATE.search(headers.normalise(n)))
        kinds[n] = cells.clean(values, date_header=date_header).kind
    if table.client_column not in kinds:
        return None
    return orders.roles(kinds, table.client_column)


SKIPPED = re.compile(r"^([\d,]+) row\(s\) skipped: (.+?) \((rows? [^)]*)\)\.$")


def _understood(table: ClientTable, settings: settings_mod.Settings, saved: settings_mod.Settings | None,
                roles: orders.Roles | None, client_from: str, pareto_from: str,
                sheet_existed: bool) -> tuple[list[str], list[str]]:
    """The reader's lines (``table.understood``) and, for what they do not say, lines made from what
    the table and the settings know; each ends with how to correct it (see report.understood).
    Returns the lines for the screen (a settings cell named only when the settings sheet was there
    before this run) and for our sheets (always in a workbook with the settings sheet).

    A choice the settings sheet holds because an earlier run wrote it there is given with the
    reason it was first made, so that running twice gives the same Ranking sheet."""
    n = len(table.frame)
    col = table.client_column
    if client_from == "option":
        reason = f"given with {CLIENT_OPTION}"
    elif headers.is_client_header(col):
        reason = "its header names the client"
    elif client_from == "settings":
        reason = f"as set in '{settings_mod.SHEET}'"
    else:
        reason = "the first column of text; no header says Client, Customer or Name"
    auto_pareto, auto_reason = settings.pareto_column, settings.pareto_reason
    if pareto_from == "settings":
        guess, _ = settings_mod.infer(table.sheet, table.columns, table.client_column)
        auto_pareto, auto_reason = guess.pareto_column, guess.pareto_reason
    lines = []
    if table.rows_are == "order lines":
        grouped = f", grouped by {roles.client_id}" if roles is not None and roles.client_id else ""
        lines.append(f"Clients: {col} ({n:,} clients from {table.source_rows:,} order lines{grouped}; {reason}).")
        why = ("as set in 'Rows are'" if saved is not None and saved.rows_are == "order lines" else
               "clients come back on several rows, with a date and an amount")
        lines.append(f"Rows: Order lines, added up per client ({why}).")
    else:
        lines.append(f"Clients: {col} ({n:,} clients, one row each; {reason}).")
    p = settings.pareto_column
    why = {"settings": f"as set in '{settings_mod.SHEET}'", "option": f"given with {REVENUE_OPTION}"}.get(pareto_from)
    if pareto_from == "settings" and p == auto_pareto:
        why = None
    if p is None:
        lines.append("Revenue: none (no column holds amounts, so there are no 80/20 figures).")
    elif table.rows_are == "order lines" and p == orders.REVENUE and roles is not None and roles.amount:
        lines.append(f"Revenue: {roles.amount} added up per client, refunds (negative amounts) taken off "
                     f"({why or 'its header says revenue'}); the 80/20 figures use it.")
    else:
        lines.append(f"Revenue: {p} ({why or auto_reason or 'chosen from the headers'}); the 80/20 "
                     "figures use it.")
    orders_fix = None
    if roles is not None:
        if roles.order_id:
            lines.append(f"Orders: distinct {roles.order_id} (its header names an order or invoice number).")
        elif roles.date:
            lines.append(f"Orders: distinct dates in {roles.date}, one order a client a day (no column is headed "
                         "as an order or invoice number).")
            orders_fix = "to count by order or invoice number instead, head that column 'Order number'"
    left = []
    for note in table.notes:
        m = SKIPPED.match(note)
        if m:
            count, what, rows = m.groups()
            left.append(f"{count} {'row' if count == '1' else 'rows'} with {what} ({rows})"
                        .replace("with no ", "without a ").replace("with totals row", "that are totals"))
    if left:
        lines.append("Left out: " + "; ".join(left) + ".")
    out = []
    for with_cells in (sheet_existed, True):
        fixes = _fixes(with_cells)
        if orders_fix:
            fixes["Orders"] = orders_fix
        out.append(report.understood(table.understood, lines, fixes, pareto_label=p != orders.REVENUE))
    return out[0], out[1]


def _fixes(with_cells: bool) -> dict[str, str]:
    """How to correct each kind of line. A settings cell is named only when the settings sheet
    exists (``with_cells``); else only the option. Every run writes the settings in the same
    places (render.settings_sheet), so the cell is where the value is after this run."""
    from xlclientrank.render.settings_sheet import setting_cell

    def cell(key: str) -> str:
        return f", or in '{settings_mod.SHEET}' cell {setting_cell(key)}" if with_cells else ""
    rows = (f"to rank each row as a client, set 'Rows are' to Clients in '{settings_mod.SHEET}' cell "
            f"{setting_cell('rows_are')}" if with_cells else
            f"to rank each row as a client, set 'Rows are' to Clients in '{settings_mod.SHEET}' after this run")
    return {
        "Export": f"if that is wrong, choose the columns with {CLIENT_OPTION} and {REVENUE_OPTION}",
        "Clients": f"change with {CLIENT_OPTION}" + cell("client_column"),
        "Rows": rows,
        "Revenue": f"change with {REVENUE_OPTION}" + cell("pareto_column"),
        "80/20": f"change with {REVENUE_OPTION}" + cell("pareto_column"),
        "Orders": "if that is not the order number, head the right column 'Order number'",
        "Left out": "the rows are listed under Data notes",
        "Money": "if a client's payment was taken as one you made, check the sign of its amount in the file",
        "Status": "to count such a row after all, change its status in the file",
        "Currency": f"to rank on other amounts, convert them into one currency in a column of their own and "
                    f"name it with {REVENUE_OPTION}",
    }


Progress = Callable[[str], None]
MAX_CLIENTS = 1_048_576 - 100  # a sheet's rows, less the Ranking sheet's title, panel and header
STEPS = ("reading the workbook", "ranking", "writing the sheets", "saving")


@dataclass
class Prepared:
    """A workbook read and ranked: what both the Ranking sheet and the advisor's copy are made from."""

    loaded: Loaded
    ranking: engine.Ranking
    snapshots: history.History
    movement: history.Movement
    source: render.Source
    when: dt.date


def prepare(path: Path, sheet: str | None, package: Package | None, today: dt.date | None,
            progress: Progress, *, client_column: str | None = None, revenue_column: str | None = None) -> Prepared:
    progress(STEPS[0])
    loaded = load(path, sheet, package, client_column=client_column, revenue_column=revenue_column)
    progress(STEPS[1])
    table, settings = loaded.table, loaded.settings
    when = today or dt.date.today()
    try:  # before any work: the history only moves forward
        history.check_date(loaded.snapshots, when)
    except SettingsError as exc:
        exc.file = str(path)
        raise
    config = None
    try:
        config = settings.config()
        ranking = engine.rank(table.frame, config, table.client_column)
    except RankingError as exc:
        if config is not None and not config.weighted and not loaded.has_settings_sheet:
            # nothing was recognised to rank on: say what the file is and what to export instead
            from xlclientrank.reader import identity

            names = [c.name for c in table.columns]
            numbers = [c.name for c in table.columns if c.kind == "number" and c.name != table.client_column
                       and not headers.never_a_factor(c.name)]
            hint = (f"; to rank on {numbers[0]!r} after all, choose it with {REVENUE_OPTION} \"{numbers[0]}\""
                    if numbers else "")
            raise ClientTableError(identity.list_without_amounts(names, len(table.frame)) + hint,
                                   file=str(path)) from exc
        if loaded.has_settings_sheet:
            raise SettingsError(f"{exc}; correct it in '{settings_mod.SHEET}'", file=str(path)) from exc
        raise SettingsError(f"{exc} (with the columns chosen from the headers); choose them with {CLIENT_OPTION} "
                            f"and {REVENUE_OPTION}", file=str(path)) from exc
    if len(ranking.table) > MAX_CLIENTS:  # our Ranking and Calibration sheets list one client a row
        raise ClientTableError(f"has {len(ranking.table):,} clients, more than an Excel sheet can list "
                               f"({history.MAX_ROWS:,} rows, with our headings: {MAX_CLIENTS:,} clients); rank "
                               "part of them at a time, for example one region or one year per workbook",
                               file=str(path))
    ranking.warnings[:0] = table.notes + loaded.notes
    snapshots, movement = history.update(loaded.snapshots, ranking.table, config.tiers.labels, when)
    loaded.snapshots = snapshots  # the history before this run is not needed again: let it go (memory)
    ranking.warnings += snapshots.notes
    source = render.Source(file=path.name, sheet=table.sheet, column_kinds={c.name: c.kind for c in table.columns},
                           formats=table.formats, rows_are=table.rows_are, source_rows=table.source_rows,
                           understood=tuple(loaded.understood_in_sheets))
    return Prepared(loaded, ranking, snapshots, movement, source, when)


def _silent(step: str) -> None:
    pass


def rerank(path: str | Path, out: str | Path | None = None, sheet: str | None = None,
           today: dt.date | None = None, progress: Progress = _silent, *, client_column: str | None = None,
           revenue_column: str | None = None, remove_signature: bool = False) -> Result:
    """Ranks the clients of ``path`` and writes the result to ``out`` (default: ``path`` itself;
    for a .csv file, the .xlsx of the same name: see :func:`filekind.output_for`; the file's kind is
    told by its content, not its name). ``progress`` is told each step (see STEPS).
    ``client_column`` / ``revenue_column``: the owner's choice (see :func:`load`).

    Refused before any work, changing nothing: a workbook whose structure is protected, a signed one
    (unless ``remove_signature``: the signature parts are then left out of the result), a read-only
    file to write over (see :mod:`xlclientrank.ooxml.guard`)."""
    from xlclientrank.reader import filekind

    path = Path(path)
    found = filekind.of(path)  # by content, not name: tab-separated .txt, an .xlsx named .csv or .xls
    if found is not None and found.kind == filekind.DELIMITED:
        target = Path(out) if out is not None else filekind.output_for(path, found)
        _check_target(target, ".xlsx")
        if target.resolve() == path.resolve():
            raise WorkbookFileError("is a text export, so the result cannot be written over it; choose another "
                                    "name ending in .xlsx with --out", file=str(path))
        package = _from_csv(path, target, remove_signature, client_column=client_column)
    else:
        check_workbook_file(path)
        target = Path(out) if out is not None else filekind.output_for(path, found)
        if out is None and target != path and target.exists():  # an .xlsx named .csv, .xls, ...
            raise WorkbookFileError(f"is really an Excel workbook, though its name ends in '{path.suffix}', and "
                                    f"{target.name}, where the result would go, already exists; choose another name "
                                    f"for the result with --out, such as --out \"{target.stem} ranked{target.suffix}\"",
                                    file=str(path))
        suffix = path.suffix.lower()
        _check_target(target, suffix if suffix in filekind.WORKBOOK_SUFFIXES or found is None else found.suffix)
        check_not_open(path)
        check_writable(target)
        package = Package.read(path)
        guard.check_may_change(package, remove_signature=remove_signature)
    p = prepare(path, sheet, package, today, progress, client_column=client_column, revenue_column=revenue_column)
    ranking, table, settings = p.ranking, p.loaded.table, p.loaded.settings
    progress(STEPS[2])
    cal = calibration.build(ranking, [c.name for c in table.columns], table.client_column, table.decisions)
    stamp = hashlib.sha1(calibration.settings_json(cal).encode() + ranking.table["Score"].to_numpy().tobytes()
                         ).hexdigest()[:12]
    donor_bytes, tails = render.render(ranking, settings, p.source, p.when, p.snapshots, p.movement, cal, stamp)
    donor = Package.from_bytes(donor_bytes)
    splicer = Splicer(p.loaded.package)
    for key, name in render.SHEETS:
        splicer.put(donor, DonorSheet(key, name), tails.get(name))
    progress(STEPS[3])
    written = splicer.finish()
    if remove_signature:
        guard.remove_signature(written)
    written.write_atomic(target, mode_from=path if target == path else None)
    summary = report.summary(ranking, file=str(path), sheet=table.sheet, output=str(target),
                             understood=p.loaded.understood)
    return Result(ranking, table, settings, summary, target, p.movement, p.loaded.understood)


def _check_target(target: Path, suffix: str) -> None:
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookFileError("the output must end in .xlsx (or .xlsm for a workbook with macros)",
                                file=str(target))
    if target.suffix.lower() != suffix:
        raise WorkbookFileError(f"the output must end in {suffix}, like the input", file=str(target))


def _from_csv(path: Path, target: Path, remove_signature: bool = False, *,
              client_column: str | None = None) -> Package:
    """The workbook to rank for a .csv file (or any delimited text, a tab-separated .txt too):
    ``target`` with its data sheet replaced (keeping its settings) when it exists, else a new
    workbook holding just that sheet. The data sheet holds the CSV's lines, or for order lines the
    clients table (:func:`csvfile.data_sheet`); the client table is read from the CSV's own cells
    all the same (``package.csv_book``, which the reader uses for that sheet), read once for both."""
    from xlclientrank.reader import filekind

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
        guard.check_own_names(into, dict(render.SHEETS))
    data = csvfile.data_sheet(sheet, csvfile.saved_settings(target, into), client_column)
    donor = Package.from_bytes(data, source=str(path))
    if into is not None:
        splicer = Splicer(into)
        splicer.put(donor, DonorSheet("data", sheet.name))
    else:
        splicer = Splicer(donor)
        splicer.mark("data", sheet.name)
    package = splicer.finish()
    package.data = package.to_bytes()
    package.csv_book = csvfile.CsvBook(sheet)
    return package

"""Loading a workbook for a job: its parts, its client table read as the owner chose, the settings
to use, the history, and what was understood (the lines and how to correct each).

The owner's choices come from the command line (``--client-column``, ``--revenue-column``) and
from the settings sheet; a choice that names no column, or a column that cannot be used, is
refused here with the headers there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from xlclientrank import headers
from xlclientrank.errors import ClientTableError, SettingsError, WorkbookFileError
from xlclientrank.names import HISTORY_SHEET, NOTES_KEY, NOTES_SHEET, SETTINGS_SHEET, SHEETS
from xlclientrank.ooxml import guard
from xlclientrank.ooxml.marks import marked_sheet
from xlclientrank.ooxml.package import Package
from xlclientrank.reader import ClientTable, Workbook, find_region, locate, orders, read_client_table
from xlclientrank.reader.headerless import refuse_header_of_data, refuse_headerless
from xlclientrank.reader.notes import counted
from xlclientrank.reader.sources import SheetSource
from xlclientrank.reader.table import ColumnInfo
from xlclientrank.report import understood as said
from xlclientrank.report.understood import CLIENT_OPTION, REVENUE_OPTION
from xlclientrank.stored import history
from xlclientrank.stored import notes as notes_mod
from xlclientrank.stored import settings as settings_mod


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
    client_notes: ClientNotes | None = None


@dataclass
class ClientNotes:
    """The owner's notes sheet as this run found it (:mod:`xlclientrank.stored.notes`): ``read`` is
    None when the workbook has none yet (``make``: the columns of the one to make); ``columns``: the
    columns its values added to the client table (never columns of the owner's sheet: the cell
    formulas find their values by client); ``decisions``: per client table row, "" where none."""

    read: notes_mod.Notes | None
    make: list[str]
    columns: list[str]
    decisions: np.ndarray | None


@dataclass
class _Saved:
    """The settings sheet as read: the settings (None without the sheet), where each is, whether
    they apply to the sheet being read, and whether the sheet was there."""

    settings: settings_mod.Settings | None
    where: dict[str, str]
    apply: bool
    sheet_existed: bool

    @property
    def used(self) -> settings_mod.Settings | None:
        return self.settings if self.apply else None


def open_workbook(path: Path, package: Package, csv: SheetSource | None = None) -> Workbook:
    """The workbook opened for reading; our sheets this run writes again without reading them (the
    Ranking, Calibration, ...) are not even decompressed, as they grow with the workbook's history.
    ``csv``: the .csv a workbook was written for (its data sheet is read from the CSV's cells)."""
    guard.check_own_names(package, dict(SHEETS))
    ours_read = {SETTINGS_SHEET, HISTORY_SHEET}  # read for their values, then written again
    unread = {name for _, name in SHEETS} - ours_read
    return Workbook(path, data=package.data, package=package, unread=unread, values_only=ours_read, csv=csv)


def _saved_settings(wb: Workbook, sheet: str | None, path: Path) -> _Saved:
    saved: settings_mod.Settings | None = None
    where: dict[str, str] = {}
    settings_sheet = wb.find_sheet(SETTINGS_SHEET)
    if settings_sheet is not None:
        saved, where = settings_mod.parse(wb.grid(settings_sheet))
    apply = saved is not None and (sheet is None or saved.client_sheet is None
                                   or saved.client_sheet.casefold() == sheet.casefold())
    if saved is not None and sheet is None and saved.client_sheet and wb.find_sheet(saved.client_sheet) is None:
        raise SettingsError(f"the client sheet '{saved.client_sheet}' does not exist; type the name of the sheet "
                            f"with your clients (sheets: {', '.join(wb.worksheets)})",
                            file=str(path), sheet=SETTINGS_SHEET, cell=where.get("client_sheet"))
    return _Saved(saved, where, apply, settings_sheet is not None)


def load(path: Path, sheet: str | None = None, package: Package | None = None, *,
         client_column: str | None = None, revenue_column: str | None = None,
         csv: SheetSource | None = None) -> Loaded:
    """Reads the workbook once: its parts, its client table, the settings to use and the history.

    ``client_column`` / ``revenue_column``: the owner's choice on the command line. Each does what
    the settings sheet's "Client column" and "80/20 column" do, wins over them, and is written into
    the settings sheet with the rest, so that the next run keeps it. ``csv``: the .csv the workbook
    was written for (:func:`open_workbook`).
    """
    package = package or Package.read(path)
    wb = open_workbook(path, package, csv)
    saved = _saved_settings(wb, sheet, path)
    client_choice = client_column if client_column is not None else (
        saved.settings.client_column if saved.apply and saved.settings is not None else None)

    def read(client: str | None) -> ClientTable:
        return _read(wb, sheet, saved, client, path, csv)
    table = _read_as_chosen(read, client_column, client_choice)
    region = find_region(wb, table.sheet)
    refuse_header_of_data(wb, table.sheet, region, path)
    sheet_headers = [n for _, n in region.columns] if region is not None else [c.name for c in table.columns]
    if client_column is not None:
        table, client_choice = _client_option(client_column, table, sheet_headers, read, path)
    accepted = client_choice is not None and _taken(table, client_choice, sheet_headers)
    table, client_notes, notes = _with_notes(wb, table)
    weighed = [c for c in client_notes.columns  # Fit, Complaints, Referrals: the owner's own numbers weigh 0
               if (kind := headers.recognise(c)) is not None and kind.key in notes_mod.RATED]
    empty = [c for c in client_notes.columns if table.frame[c].isna().all()]
    settings, notes_of_settings, pareto_from = _settings(table, saved, accepted, revenue_column is not None, weighed,
                                                         empty)
    notes += notes_of_settings
    if pareto_from == "auto" and settings.pareto_column in client_notes.columns:
        settings.pareto_column, settings.pareto_reason = None, ""  # a rating or a count of the notes: no 80/20
    settings.left_out = frozenset(empty)
    settings.client_column = client_choice if accepted and client_choice is not None else table.client_column
    roles = _order_roles(table, sheet_headers) if region is not None else None
    if revenue_column is not None:
        settings.pareto_column = _revenue_option(revenue_column, table, roles, path)
        settings.pareto_reason = ""
        pareto_from = "option"
    check_pareto_column(settings, table, saved.where, path, pareto_from)
    snapshots = _history(wb, notes)
    client_from = ("option" if client_column is not None else "settings" if saved.apply and accepted else "auto")
    screen, sheet_lines = _understood(table, settings, saved.used, roles, client_from, pareto_from,
                                      saved.sheet_existed)
    return Loaded(package, table, settings, snapshots, notes, screen, saved.sheet_existed, sheet_lines, client_notes)


def notes_sheet(wb: Workbook) -> str | None:
    """The owner's notes sheet: the one our mark points at (the owner may have renamed it), else one
    named like it."""
    return marked_sheet(wb.package, NOTES_KEY) or wb.find_sheet(NOTES_SHEET)


def _with_notes(wb: Workbook, table: ClientTable) -> tuple[ClientTable, ClientNotes, list[str]]:
    """The client table with what the owner's notes add (:func:`xlclientrank.stored.notes.join`), the
    notes as found, and what to tell the owner. Without a notes sheet yet, the factor columns the one
    to make will have are added empty, so that the settings list them with their weights from the start
    (an empty column counts once it has values); so do those a notes sheet lost."""
    name = notes_sheet(wb)
    told: list[str] = []
    try:
        read = notes_mod.parse(wb.grid(name), name) if name is not None else None
        if name is not None and read is None:
            told.append(f"Sheet '{name}' has no column headed '{notes_mod.CLIENT}' in its first rows, so it was not "
                        "read as your notes; put the header back (or rename the sheet, and Client Rank makes a new "
                        "one).")
    except WorkbookFileError as exc:  # a sheet too large or unreadable: the ranking goes on without the notes
        read = None
        told.append(f"Sheet '{name}' could not be read ({exc.message}), so your notes were left out of this "
                    "ranking and the sheet was not changed.")
    decisions = None
    own = next((c.name for c in table.columns if c.kind == "text" and notes_mod.is_decision_header(c.name)), None)
    if own is not None:  # the list's own Decision column
        decisions = locate.texts(table.frame[own].to_numpy(dtype=object)).to_numpy(dtype=object)
    if read is None:
        make = [] if name is not None else notes_mod.columns_for(table.columns, table.client_column)
        added, infos = {}, []
    else:
        make = []
        joined = notes_mod.join(read, table.frame[table.client_column], table.columns, table.client_column)
        told += joined.notes
        added = {**joined.numbers, **joined.texts}
        infos = joined.columns
        if own is None:
            decisions = joined.decisions
    # a rating the notes no longer have (the owner deleted its column, or the sheet) stays an empty
    # column, left out of the scores, rather than a setting that names a column there is not
    for c in notes_mod.columns_for(list(table.columns) + infos, table.client_column):
        if c in notes_mod.FACTORS:
            added[c] = np.full(len(table.frame), np.nan)
            infos.append(ColumnInfo(c, "number"))
    if added:
        table = replace(table, frame=table.frame.assign(**added), columns=list(table.columns) + infos)
    return table, ClientNotes(read, make, list(added), decisions), told


def _read(wb: Workbook, sheet: str | None, saved: _Saved, client: str | None, path: Path,
          csv: SheetSource | None) -> ClientTable:
    """The client table read with ``client`` as the client column; a list without a header row is
    refused as such."""
    s = saved.settings
    try:
        return read_client_table(wb, sheet, preferred=s.client_sheet if saved.apply and s is not None else None,
                                 client_column=client, rows_are=s.rows_are if s else "auto",
                                 duplicates=s.duplicates if s else "keep apart")
    except ClientTableError as exc:
        refuse_headerless(wb, sheet, path, exc)
        if csv is not None and exc.sheet is not None and csv.find_sheet(exc.sheet) == exc.sheet:
            exc.sheet = None  # a text file has no sheets: its name alone says where
        raise


def _client_option(client_column: str, table: ClientTable, sheet_headers: Sequence[str],
                   read: Callable[[str | None], ClientTable], path: Path) -> tuple[ClientTable, str]:
    """The table read with the column ``--client-column`` names (in the header's own spelling),
    refused when there is no such column or it holds numbers or dates."""
    found = _match(client_column, sheet_headers)
    if found is None:
        raise SettingsError(f"{CLIENT_OPTION}: there is no column '{client_column}' {_in(table, path)}; "
                            f"the headers found are: {settings_mod.quoted_names(sheet_headers)}", file=str(path))
    if found != client_column:  # typed in another case: read again with the header's own spelling
        table = read(found)
    if not _taken(table, found, sheet_headers):
        holds = "dates" if table.column(found).kind == "date" else "numbers"
        texts = [c.name for c in table.columns if c.kind == "text"]
        raise SettingsError(f"{CLIENT_OPTION}: the column '{found}' holds {holds}, not client names; give the "
                            "header of the column with the names"
                            + (f" (columns of text: {settings_mod.quoted_names(texts)})" if texts else ""),
                            file=str(path))
    return table, found


def _settings(table: ClientTable, saved: _Saved, accepted: bool, revenue_option: bool,
              from_notes: Sequence[str] = (), empty: Sequence[str] = ()
              ) -> tuple[settings_mod.Settings, list[str], str]:
    """The settings to use (the saved ones checked against the table, or inferred from it), the
    notes about them, and where the Pareto column came from ("settings" or "auto"). A column of the
    owner's notes (``from_notes``) new to saved settings comes with the weight its header has by default."""
    if saved.apply and saved.settings is not None:
        check = saved.settings
        if accepted:  # the reader took it, showing its own client column (a name, or a known export's)
            check = replace(check, client_column=table.client_column)
        if revenue_option:
            check = replace(check, pareto_column=None)  # the option's own check follows
        settings, notes = settings_mod.reconcile(check, table.columns, saved.where, defaults=from_notes)
        settings.client_sheet = table.sheet
        return settings, notes, "settings"
    # the settings are inferred from the list as if the notes' empty columns were not there (what is
    # recognised, what counts equally when nothing is, the 80/20 column), which then follow the list's
    # factors with their headers' weights: they count once they have values
    settings, notes = settings_mod.infer(table.sheet, [c for c in table.columns if c.name not in empty],
                                         table.client_column)
    for name in empty:
        kind = headers.recognise(name)
        if kind is not None and kind.key in notes_mod.RATED and table.column(name).kind == "number":
            settings.factors.append(settings_mod.FactorSetting(name, kind, float(kind.default_weight),
                                                               kind.higher_is_better))
    if saved.settings is not None:
        notes.append(f"The settings were for sheet '{saved.settings.client_sheet}'; they now start afresh for "
                     f"sheet '{table.sheet}'.")
    return settings, notes, "auto"


def _history(wb: Workbook, notes: list[str]) -> history.History:
    """The history sheet as read (empty without one); what could not be read is added to ``notes``."""
    history_sheet = wb.find_sheet(HISTORY_SHEET)
    if history_sheet is None:
        return history.empty()
    snapshots, bad = history.parse(wb.grid(history_sheet))
    notes += snapshots.notes
    if bad:
        notes.append(f"{counted(bad, 'row')} of sheet '{HISTORY_SHEET}' could not be read (no client, dates or "
                     "tiers); they were dropped from the history.")
    return snapshots


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
                            f"found are: {settings_mod.quoted_names(per_client)}{lines}", file=str(path))
    return found


def check_pareto_column(settings: settings_mod.Settings, table: ClientTable, where: dict[str, str],
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
    others = f" (columns of numbers: {settings_mod.quoted_names(amounts)})" if amounts else ""
    if source == "settings":
        raise SettingsError(f"the 80/20 column '{col}' holds {holds}, not amounts; type the header of a column of "
                            f"numbers such as revenue{others}", file=str(path), sheet=SETTINGS_SHEET,
                            cell=where.get("pareto_column"))
    if source == "option":
        raise SettingsError(f"{REVENUE_OPTION}: the column '{col}' holds {holds}, not amounts; give the header of "
                            f"a column of numbers such as revenue{others}", file=str(path))
    raise SettingsError(f"the revenue column chosen from the headers, '{col}', holds {holds}, not amounts; choose "
                        f"one with {REVENUE_OPTION}{others}", file=str(path))



# ---------------------------------------------------------------- what was understood

def _order_roles(table: ClientTable, sheet_headers: Sequence[str]) -> orders.Roles | None:
    """Which column of the order lines played which part (client ID, amount, order number, date), as
    the reader found them when it added the lines up, named as the sheet's headers name them: the client
    ID is the column whose header says so (the reader grouped by its own key column); an amount the
    reader made from a rate and a quantity is no column of the sheet (None here, as the Revenue line
    then names the column ranked on); and when the client column is no header of the sheet (the other
    party of a payment, a report's customer groups) there is no line of the roles at all."""
    r = table.order_roles
    if r is None or table.client_column not in sheet_headers:
        return None
    return replace(r, client_id=orders.id_column(sheet_headers, table.client_column),
                   amount=None if r.made_from else r.amount)


def _understood(table: ClientTable, settings: settings_mod.Settings, saved: settings_mod.Settings | None,
                roles: orders.Roles | None, client_from: str, pareto_from: str,
                sheet_existed: bool) -> tuple[list[str], list[str]]:
    """The reader's lines (``table.understood``) and, for what they do not say, lines made from what
    the table and the settings know; each ends with how to correct it (see report.understood).
    Returns the lines for the screen (a settings cell named only when the settings sheet was there
    before this run) and for our sheets (always in a workbook with the settings sheet).

    A choice the settings sheet holds because an earlier run wrote it there is given with the
    reason it was first made, so that running twice gives the same Ranking sheet."""
    lines = said.client_lines(table, roles, saved, client_from)
    lines.append(said.revenue_line(table, settings, roles, pareto_from))
    orders_lines, orders_fix = said.order_lines(roles)
    lines += orders_lines + said.left_out_line(table)
    out = []
    for how in (said.fixes("terminal", sheet_existed), said.fixes("sheet")):
        if orders_fix:
            how["Orders"] = orders_fix
        out.append(said.understood(table.understood, lines, how,
                                   pareto_label=settings.pareto_column != orders.REVENUE))
    return out[0], out[1]

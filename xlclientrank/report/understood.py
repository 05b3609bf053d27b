"""What was understood about the owner's data, in the words the owner reads: one line each
("Clients: ...", "Revenue: ...", "Orders: ...", "Left out: ..."), each ending with how to correct it:
on our sheets by changing a cell of the settings sheet, on the terminal (and in the JSON) by running
the command again with an option (:func:`fixes`).

The reader states what it read (``ClientTable.understood``) and, as records, the rows it left out
(``ClientTable.notes``); the lines it does not state are made here from what the table and the
settings know. Shown first on the screen, in the JSON summary and on the Ranking sheet.
"""

from __future__ import annotations

from typing import Literal, Sequence

from xlclientrank import headers
from xlclientrank.names import SETTINGS_SHEET
from xlclientrank.reader import orders
from xlclientrank.reader.notes import SKIPPED, Note, Understood, label_of, left_out_text
from xlclientrank.reader.table import ClientTable
from xlclientrank.stored import settings as settings_mod
from xlclientrank.stored.settings_place import setting_cell
from xlclientrank.stored.settings_words import header_word

# the command-line options the lines name as the way to change a choice
CLIENT_OPTION, REVENUE_OPTION = "--client-column", "--revenue-column"

# the kinds of line, in the order they are shown
UNDERSTOOD_ORDER = ("Export", "Clients", "Rows", "Revenue", "80/20", "Orders", "Money", "Status", "Currency",
                    "Left out")


def fixes(where: Literal["sheet", "terminal"], sheet_exists: bool = True) -> dict[str, str]:
    """How to correct each kind of line: on our sheets (``where="sheet"``) by changing a cell of the
    settings sheet, never with a command-line option; on the terminal by running the command again
    with an option. A terminal line names a settings cell only where no option does the same and
    the settings sheet is there before this run (``sheet_exists``). Every run writes the settings in
    the same places (:func:`xlclientrank.stored.settings_place.setting_cell`), so the cell is where
    the value is after this run."""
    def change(key: str) -> str:
        return f"Wrong column? Change cell {setting_cell(key)} in '{SETTINGS_SHEET}'"
    rows_cell = f"'{SETTINGS_SHEET}' cell {setting_cell('rows_are')}"
    common = {
        "Orders": "if that is not the order number, head the right column 'Order number'",
        "Left out": "the rows are listed under Data notes",
        "Money": "if a client's payment was taken as one you made, check the sign of its amount in the file",
        "Status": "to count such a row after all, change its status in the file",
    }
    if where == "sheet":
        return {
            **common,
            "Export": f"if that is wrong, type the right headers in cells {setting_cell('client_column')} and "
                      f"{setting_cell('pareto_column')} of '{SETTINGS_SHEET}'",
            "Clients": change("client_column"),
            "Rows": f"to rank each row as a client, set 'Rows are' to Clients in {rows_cell}",
            "Revenue": change("pareto_column"),
            "80/20": change("pareto_column"),
            "Currency": "to rank on other amounts, convert them into one currency in a column of their own and "
                        f"type its header in cell {setting_cell('pareto_column')} of '{SETTINGS_SHEET}'",
        }
    return {
        **common,
        "Export": f"if that is wrong, choose the columns with {CLIENT_OPTION} and {REVENUE_OPTION}",
        "Clients": f'Wrong column? Run again with {CLIENT_OPTION} "Header"',
        "Rows": (f"to rank each row as a client, set 'Rows are' to Clients in {rows_cell}" if sheet_exists else
                 f"to rank each row as a client, set 'Rows are' to Clients in '{SETTINGS_SHEET}' after this run"),
        "Revenue": f'Wrong column? Run again with {REVENUE_OPTION} "Header"',
        "80/20": f'Wrong column? Run again with {REVENUE_OPTION} "Header"',
        "Currency": "to rank on other amounts, convert them into one currency in a column of their own and "
                    f"name it with {REVENUE_OPTION}",
    }


def understood(reader: Sequence[str], defaults: Sequence[str], fixes: dict[str, str],
               pareto_label: bool = False) -> list[str]:
    """What was understood, one line each, every line ending with how to correct it.

    ``reader``: the reader's own lines (``ClientTable.understood``), which win; ``defaults``: lines
    made from what the table and the settings know, used for each kind the reader did not state.
    When the reader has stated the revenue and the 80/20 column is another one (``pareto_label``),
    the default revenue line is shown as an "80/20:" line. ``fixes``: label -> how to correct it.
    """
    said = {label_of(line) for line in reader}
    lines = list(reader)
    for line in defaults:
        label = label_of(line)
        if label == "Revenue" and "Revenue" in said:
            if not pareto_label or not isinstance(line, Understood):
                continue
            line, label = Understood("80/20", line.text), "80/20"
        if label not in said:
            lines.append(line)
    rank = {label: i for i, label in enumerate(UNDERSTOOD_ORDER)}
    lines.sort(key=lambda line: rank.get(label_of(line), len(rank)))
    return [_with_fix(line, fixes.get(label_of(line))) for line in lines]


def _with_fix(line: str, fix: str | None) -> str:
    """The line without trailing spaces and, where there is one, how to correct it after it."""
    if not isinstance(line, Understood):
        return line.rstrip()
    text = line.text.rstrip()
    if fix:
        text = (text if text.endswith(".") else text + ".") + f" {fix[:1].upper()}{fix[1:]}."
    return Understood(line.label, text)


def client_reason(column: str, client_from: str) -> str:
    """Why the client column is the one it is."""
    if client_from == "option":
        return f"given with {CLIENT_OPTION}"
    if headers.is_client_header(column):
        return "its header names the client"
    if client_from == "settings":
        return f"as set in '{SETTINGS_SHEET}'"
    return "the first column of text; no header says Client, Customer or Name"


def client_lines(table: ClientTable, roles: orders.Roles | None, saved: settings_mod.Settings | None,
                 client_from: str) -> list[str]:
    """The "Clients:" line, and for order lines the "Rows:" line."""
    n, col = len(table.frame), table.client_column
    reason = client_reason(col, client_from)
    if table.rows_are != "order lines":
        return [Understood("Clients", f"{col} ({n:,} clients, one row each; {reason}).")]
    grouped = f", grouped by {roles.client_id}" if roles is not None and roles.client_id else ""
    why = ("as set in 'Rows are'" if saved is not None and saved.rows_are == "order lines" else
           "clients come back on several rows, with a date and an amount")
    return [Understood("Clients", f"{col} ({n:,} clients from {table.source_rows:,} order lines{grouped}; {reason})."),
            Understood("Rows", f"Order lines, added up per client ({why}).")]


def revenue_line(table: ClientTable, settings: settings_mod.Settings, roles: orders.Roles | None,
                 pareto_from: str) -> str:
    """The "Revenue:" line: the column the 80/20 figures use, and why it is that one."""
    auto_pareto, auto_reason = settings.pareto_column, settings.pareto_reason
    if pareto_from == "settings":
        guess, _ = settings_mod.infer(table.sheet, table.columns, table.client_column)
        auto_pareto, auto_reason = guess.pareto_column, guess.pareto_reason
    p = settings.pareto_column
    why = {"settings": f"as set in '{SETTINGS_SHEET}'", "option": f"given with {REVENUE_OPTION}"}.get(pareto_from)
    if pareto_from == "settings" and p == auto_pareto:
        why = None
    if p is None:
        return Understood("Revenue", "none (no column holds amounts, so there are no 80/20 figures).")
    if table.rows_are == "order lines" and p == orders.REVENUE and roles is not None and roles.amount:
        word = header_word(roles.amount, "revenue")
        said = f"its header says {word}" if word else "its header names an amount"
        return Understood("Revenue", f"{roles.amount} added up per client, refunds (negative amounts) taken off "
                                     f"({why or said}); the 80/20 figures use it.")
    return Understood("Revenue", f"{p} ({why or auto_reason or 'chosen from the headers'}); the 80/20 figures use it.")


def order_lines(roles: orders.Roles | None) -> tuple[list[str], str | None]:
    """The "Orders:" line for order lines, and how to correct it when it differs from the usual."""
    if roles is None:
        return [], None
    if roles.order_id:
        return [Understood("Orders", f"distinct {roles.order_id} (its header names an order or invoice number).")], None
    if roles.date:
        return ([Understood("Orders", f"distinct dates in {roles.date}, one order a client a day (no column is "
                                      "headed as an order or invoice number).")],
                "to count by order or invoice number instead, head that column 'Order number'")
    return [], None


def left_out_line(table: ClientTable) -> list[str]:
    """The "Left out:" line: the rows the reader skipped, by reason (its notes of that kind)."""
    left = []
    for note in table.notes:
        if isinstance(note, Note) and note.kind == SKIPPED:
            left.append(left_out_text(note))
    return [Understood("Left out", "; ".join(left) + ".")] if left else []

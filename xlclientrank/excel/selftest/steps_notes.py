"""Step 9: the owner's notes in Excel. A value typed in 'Client Notes' (made by step 2's Re-rank)
survives a second Re-rank through the ribbon's macro, and a client added to the list meanwhile is
added at the bottom of the notes, marked as in this ranking. Runs last: it changes the scratch
workbook's client list.
"""

from __future__ import annotations

from xlclientrank.names import NOTES_SHEET
from xlclientrank.ooxml.rows import column_letter  # 0 -> A, 26 -> AA
from xlclientrank.stored import notes as notes_mod

from .buttons import run_button
from .causes import INSTALL, messages_text
from .cells import client_sheet
from .context import Context
from .report import Line, failed, passed, skipped

T_NOTES = "9. a value typed in 'Client Notes' survives a second Re-rank, and a new client is added at the bottom"
TYPED = "xlclientrank selftest: typed by you"
NEW_CLIENT = "Selftest New Client Ltd"
SEND = "please send us the report file"


def step_notes(ctx: Context) -> Line:
    if ctx.addin is None:
        return skipped(T_NOTES, "needs the add-in (step 1)")
    excel = ctx.excel
    if NOTES_SHEET not in excel.sheets(ctx.book):
        return failed(T_NOTES, f"Re-rank made no sheet '{NOTES_SHEET}'",
                      fix="the add-in runs another xlclientrank than this one: " + INSTALL.replace("then ", ""))
    before = notes_mod.parse(excel.used(ctx.book, NOTES_SHEET), NOTES_SHEET)
    column = before.column(notes_mod.NOTES) if before is not None else None
    if before is None or not before.rows or column is None:
        return failed(T_NOTES, f"'{NOTES_SHEET}' has no header row with the columns Client and Notes, or no client",
                      fix=SEND)
    typed_at = f"{column_letter(column)}{before.rows[0]}"
    excel.write(ctx.book, NOTES_SHEET, typed_at, TYPED)
    clients = client_sheet(excel, ctx.book)
    if not clients.rows:
        return failed(T_NOTES, "the Clients sheet has no clients", fix="reinstall xlclientrank")
    width = clients.live if clients.live is not None else len([c for c in clients.header if c])  # A..last
    figures = (list(clients.rows[-1]) + [None] * width)[1:width]
    row = len(clients.rows) + 2  # below the last client: a copy of its figures under a new name
    excel.write(ctx.book, "Clients", f"A{row}:{clients.last}{row}", [[NEW_CLIENT] + figures])
    shown, bad = run_button(ctx, "ReRankActiveWorkbook", T_NOTES)
    if bad:
        return bad
    after = notes_mod.parse(excel.used(ctx.book, NOTES_SHEET), NOTES_SHEET)
    kept = excel.read(ctx.book, NOTES_SHEET, typed_at)
    if kept != TYPED:
        return failed(T_NOTES, f"the value typed in '{NOTES_SHEET}'!{typed_at} reads {kept!r} after the second "
                      "Re-rank" + messages_text(shown), " ".join(shown), fix=SEND)
    if after is None or not after.names or after.names[-1] != NEW_CLIENT:
        last = after.names[-1] if after is not None and after.names else "none"
        return failed(T_NOTES, f"the new client '{NEW_CLIENT}' is not the last one in '{NOTES_SHEET}' (the last is "
                      f"'{last}')" + messages_text(shown), " ".join(shown), fix=SEND)
    mark = after.column(notes_mod.IN_RANKING)
    said = excel.read(ctx.book, NOTES_SHEET, f"{column_letter(mark)}{after.rows[-1]}") if mark is not None else None
    if after.rows[-1] != before.rows[-1] + 1 or said != notes_mod.YES:
        return failed(T_NOTES, f"'{NEW_CLIENT}' is in row {after.rows[-1]} (the last client was in row "
                      f"{before.rows[-1]}), '{notes_mod.IN_RANKING}' says {said!r}", fix=SEND)
    return passed(T_NOTES, f"'{NOTES_SHEET}'!{typed_at} kept what was typed; '{NEW_CLIENT}' added in row "
                           f"{after.rows[-1]}, marked {notes_mod.YES}" + messages_text(shown))

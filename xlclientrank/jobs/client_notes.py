"""The owner's notes sheet at each run (:mod:`xlclientrank.stored.notes`): made by the first run,
afterwards only added to in place: each client marked as in this ranking or not, the new clients
appended at the bottom. Everything else the owner has in it stays as it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from xlclientrank.jobs.load import ClientNotes
from xlclientrank.names import NOTES_KEY, NOTES_SHEET
from xlclientrank.ooxml import sheet_edit
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader.notes import counted
from xlclientrank.render import notes_sheet
from xlclientrank.stored import notes as notes_mod


@dataclass
class Kept:
    """What this run did to the notes: the sheet's name, whether this run ``made`` it, the cells it
    wrote in an existing one (1-based row, 0-based column -> text: the header and marks of ``In this
    ranking`` and the appended clients' cells), how many clients it ``added``, and what to tell the
    owner; ``template``: the row whose formats the appended rows took (the last client row, None
    without one). The Re-rank button writes the same cells into the open workbook."""

    sheet: str = ""
    made: bool = False
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    added: int = 0
    told: list[str] = field(default_factory=list)
    template: int | None = None


def update(package: Package, notes: ClientNotes, ranked: Sequence[str]) -> Kept:
    """Marks and appends in the existing notes sheet of ``package`` (the clients ``ranked`` in rank
    order). A sheet the owner protected is left as it is, and said."""
    read = notes.read
    if read is None:
        return Kept()
    part = sheet_edit.sheet_part(package, read.sheet)
    if part is None:
        return Kept()
    plan = notes_mod.plan(read, ranked)
    if sheet_edit.protected(package, part):
        if not plan.new_clients:
            return Kept()
        new = counted(len(plan.new_clients), "new client was", "new clients were")
        return Kept(told=[f"'{read.sheet}' is protected, so {new} not added to it; unprotect it (Review > "
                          "Unprotect Sheet) and run again."])
    cells: dict[tuple[int, int], str | None] = {(row, plan.in_ranking_col): mark for row, mark in plan.marks.items()}
    if plan.add_header:
        cells[(read.header_row, plan.in_ranking_col)] = notes_mod.IN_RANKING
    append = [{read.client_col: name, plan.in_ranking_col: notes_mod.YES} for name in plan.new_clients]
    if not cells and not append:
        return Kept(read.sheet)  # nothing changes: the sheet keeps its bytes
    template = read.last_row if read.rows else None
    try:
        rows = sheet_edit.edit_sheet(package, part, sheet_edit.SheetEdit(
            cells=cells, append=append, template_row=template, header_row=read.header_row))
    except sheet_edit.SheetEditRefused as exc:
        return Kept(told=[f"'{read.sheet}' was left as it is ({exc}), so new clients were not added to it."])
    told = []
    if plan.new_clients:
        told.append(f"{counted(len(plan.new_clients), 'new client was', 'new clients were')} added at the bottom "
                    f"of '{read.sheet}'.")
    written = {k: v for k, v in cells.items() if v is not None}
    written.update({(row, col): text for row, values in zip(rows, append) for col, text in values.items()})
    return Kept(read.sheet, False, written, len(plan.new_clients), told, template)


def make(splicer: Splicer, notes: ClientNotes, ranked: Sequence[str]) -> Kept:
    """Adds the notes sheet to a workbook that has none (through ``splicer``)."""
    if notes.read is not None or not notes.make:
        return Kept()
    data, tail = notes_sheet.donor(list(ranked), notes.make)
    splicer.put(Package.from_bytes(data), DonorSheet(NOTES_KEY, NOTES_SHEET), tail)
    return Kept(NOTES_SHEET, made=True, told=to_make(notes))


def to_make(notes: ClientNotes) -> list[str]:
    """What to tell the owner when this run makes the notes sheet (nothing otherwise)."""
    if notes.read is not None or not notes.make:
        return []
    return [f"Sheet '{NOTES_SHEET}' was added, one row per client: type your own view of each client there (fit, "
            "complaints, referrals, a decision, notes); it is kept from run to run."]

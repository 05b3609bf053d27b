"""What a Re-rank did to the owner's notes sheet ('Client Notes'), done again in the workbook Excel has open.

The Re-rank button ranks a saved copy of the open workbook (:mod:`xlclientrank.excel.live`), and the
ranked copy holds what the run did to the notes (:class:`xlclientrank.jobs.client_notes.Kept`):

* a notes sheet the run **made** is copied into the open workbook with our sheets (Excel's own sheet
  copy, named and marked as the notes; it lands after our sheets), unless a sheet of that name is
  there by then: the owner's sheet is never replaced or deleted (:func:`sheet_to_copy`);
* the **cells** the run wrote in the owner's existing notes sheet (the ``In this ranking`` marks, that
  header when the owner deleted the column, the new clients at the bottom) are written into the
  same sheet of the open workbook as text, the appended rows first taking the formats and drop-downs
  of the last client row, as in the ranked copy (:func:`write_cells`, :func:`layout`).

A protected notes sheet gets nothing: the run already wrote nothing into it and said so. Every step
that fails here is said to the owner in the button's closing message; nothing the owner typed is
ever written over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from xlclientrank.jobs.client_notes import Kept


class NotesBook(Protocol):
    """What this module needs of the open workbook (part of :class:`xlclientrank.excel.live.LiveBook`)."""

    def has_sheet(self, name: str) -> bool:
        """The workbook has a sheet called ``name`` (case aside, as Excel compares sheet names)."""

    def write_cells(self, sheet: str, cells: dict[tuple[int, int], str], appended: list[int],
                    template: int | None) -> list[str]:
        """Writes ``cells`` (1-based row, 0-based column -> text) into ``sheet`` as text, never as a
        formula or a number, each cell keeping its format; the ``appended`` rows first take the
        formats and drop-downs of row ``template`` (none: they keep their own). Returns what it could
        not do, for the owner (the values are in all the same)."""


@dataclass(frozen=True)
class Layout:
    """Where the cells of a run go: ``appended``, the 1-based rows of the clients added at the bottom
    (consecutive, after the last row holding a value); ``template``, the row whose formats and
    drop-downs they take (the last client row above them, as the run's edit of the file does; None
    when the sheet had no client row)."""

    appended: list[int] = field(default_factory=list)
    template: int | None = None


def layout(kept: Kept) -> Layout:
    """The rows of ``kept.cells``: the appended clients are the last ``kept.added`` rows written (the
    marks and the header are written above them), the template the row the run's edit took."""
    rows = sorted({r for r, _ in kept.cells})
    appended = rows[len(rows) - kept.added:] if kept.added > 0 else []
    return Layout(appended, kept.template if appended else None)


def sheet_to_copy(book: NotesBook, kept: Kept | None) -> tuple[list[str], list[str]]:
    """The notes sheet to copy in with our sheets (none, or the one the run made) and what to tell
    the owner when a sheet of its name is in the open workbook by then (it is left as it is)."""
    if kept is None or not kept.made or not kept.sheet:
        return [], []
    if book.has_sheet(kept.sheet):
        return [], [f"A sheet named '{kept.sheet}' is in your workbook now, so Client Rank left it as it is and did "
                    "not add its own notes sheet. Click Re-rank again: it reads that sheet as your notes if it has "
                    "a column headed 'Client'."]
    return [kept.sheet], []


def write_cells(book: NotesBook, kept: Kept | None, changed: list[str]) -> list[str]:
    """Writes the cells the run wrote in the owner's notes sheet into the open workbook; appends
    "notes" to ``changed`` once the open workbook may have changed. Returns what to tell the owner
    (nothing when all went in)."""
    if kept is None or kept.made or not kept.cells or not kept.sheet:
        return []
    rows = layout(kept)
    try:
        changed.append("notes")
        return book.write_cells(kept.sheet, dict(kept.cells), rows.appended, rows.template) or []
    except Exception as exc:  # noqa: BLE001 - the ranking is in; the owner is told what is missing and how to fix it
        what = "the new clients and the 'In this ranking' marks" if kept.added else "the 'In this ranking' marks"
        return [f"The ranking is updated, but writing {what} into '{kept.sheet}' stopped part-way "
                f"({type(exc).__name__}: {str(exc)[:150]}). Click Re-rank again: it adds what is missing and keeps "
                "what you typed."]

"""What the anonymizer did, counted per kind of place, what it left, and the notes for the owner
(which name real clients: they are for the owner's screen, never for the copy)."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("shared_strings", "cells", "formulas", "comments", "threaded_comments", "charts", "drawings",
         "pivot_caches", "pivot_tables", "tables", "defined_names", "data_validations", "other")
_KIND_WORDS = {"shared_strings": "cell texts", "cells": "cells' own texts", "formulas": "formulas",
               "comments": "notes", "threaded_comments": "comments", "charts": "charts",
               "drawings": "text boxes and pictures", "pivot_caches": "pivot table data",
               "pivot_tables": "pivot table labels", "tables": "table columns", "defined_names": "named ranges",
               "data_validations": "drop-down lists and input messages", "other": "other places"}


@dataclass(frozen=True)
class Left:
    """A client's name the anonymizer left in a part (found by the final scan)."""

    part: str
    where: str   # in plain words: "the name of a named range", "a file embedded in the workbook", ...
    name: str    # the real name found


@dataclass
class Report:
    """What :func:`anonymize_package` did. Each count is the number of places (a text, a cell, a
    formula, an item) in which something was replaced."""

    shared_strings: int = 0     # items of the shared strings table
    cells: int = 0              # inline strings and formulas' saved text results
    formulas: int = 0           # string literals of cell formulas (and conditional formats)
    comments: int = 0           # legacy comments (notes) and their authors
    threaded_comments: int = 0  # threaded comments and their persons
    charts: int = 0             # chart and chartEx caches, titles and labels
    drawings: int = 0           # text boxes, shapes' names and alt texts, VML text
    pivot_caches: int = 0       # pivot cache items, field names, records
    pivot_tables: int = 0       # pivot table item and field names, captions
    tables: int = 0             # Excel Table column names (with their structured references)
    defined_names: int = 0      # defined names' literals and comments
    data_validations: int = 0   # list literals, prompts, error messages
    other: int = 0              # anything else (document properties, headers and footers, filters, ...)
    emails: int = 0             # e-mail addresses removed (counted once each)
    phones: int = 0             # phone numbers removed
    parts_changed: list[str] = field(default_factory=list)
    sheet_names_with_clients: list[str] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(getattr(self, k) for k in KINDS)

    def counts(self) -> dict[str, int]:
        """The kinds of place with at least one replacement -> how many."""
        return {k: getattr(self, k) for k in KINDS if getattr(self, k)}


def _quoted(items: list[str], most: int = 8) -> str:
    shown = ", ".join(f"'{x}'" for x in items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def notes_for(r: Report) -> list[str]:
    notes = []
    counts = r.counts()
    if counts:
        parts = ", ".join(f"{n:,} in {_KIND_WORDS[k]}" for k, n in counts.items())
        notes.append(f"Client names were replaced by their aliases in {r.total:,} places of the copy ({parts}).")
    removed = []
    if r.emails:
        removed.append(f"{r.emails:,} e-mail address{'es' if r.emails != 1 else ''}")
    if r.phones:
        removed.append(f"{r.phones:,} phone number{'s' if r.phones != 1 else ''}")
    if removed:
        notes.append(" and ".join(removed) + " were removed.")
    if r.sheet_names_with_clients:
        n = len(r.sheet_names_with_clients)
        if n == 1:
            notes.append(f"1 sheet name still holds a client name: {_quoted(r.sheet_names_with_clients)}; "
                         "rename it before sending the copy (Excel updates the formulas that use it).")
        else:
            notes.append(f"{n} sheet names still hold client names: {_quoted(r.sheet_names_with_clients)}; "
                         "rename them before sending the copy (Excel updates the formulas that use them).")
    if r.left:
        by_where: dict[str, list[str]] = {}
        for x in r.left:
            by_where.setdefault(x.where, []).append(x.name)
        places = "; ".join(f"{w}: {_quoted(list(dict.fromkeys(ns)), 4)}" for w, ns in list(by_where.items())[:8])
        more = f"; and {len(by_where) - 8} more places" if len(by_where) > 8 else ""
        notes.append(f"Client names are still in {len(by_where)} place{'s' if len(by_where) != 1 else ''} the "
                     f"anonymous copy could not change: {places}{more}. Open the copy and check them before "
                     "sending it.")
    return notes

"""The notes about a client table's columns and rows that the owner reads beside the ranking:
cells read as numbers or dates although typed as text, cells that are no numbers, Excel errors,
formulas without a saved result, hidden rows included, and where on the sheet the table was found.
"""

from __future__ import annotations

from typing import Sequence

from xlclientrank.ooxml.book import SheetFacts
from xlclientrank.ooxml.rows import column_letter
from xlclientrank.reader import locate
from xlclientrank.reader.cells import Cleaned
from xlclientrank.reader.notes import counted, rows_text


def cells_text(items: Sequence[tuple[str, str]], limit: int = 3) -> str:
    """``[("B4", "12,5"), ...]`` -> ``"B4 '12,5', ... and 4 more"``."""
    shown = ", ".join(f"{ref} {text!r}" for ref, text in items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def digit_date_notes(cleaned: dict[str, Cleaned]) -> list[str]:
    """The columns whose numbers like 20240131 were read as dates."""
    return [f"Column '{n}': {c.digit_dates:,} numbers like {c.digit_date_example} were read as dates "
            "(year, month, day)." for n, c in cleaned.items() if c.digit_dates]


def hidden_rows_notes(facts: SheetFacts, region: locate.Region, keep: Sequence[int]) -> list[str]:
    """The note that hidden rows were read with the others, when some were."""
    first, kept = region.data_first, set(keep)
    hidden = sorted(r + 1 for r in facts.hidden_rows if first <= r <= region.data_last and (r - first) in kept)
    if not hidden:
        return []
    return [f"{len(hidden):,} hidden rows were included ({rows_text(hidden)}); delete rows you do not want ranked."]


def column_notes(region: locate.Region, cleaned: dict[str, Cleaned], keep: Sequence[int], facts: SheetFacts,
                 first: int) -> list[str]:
    """Per number or date column, what was read differently from how it was typed (kept rows only)."""
    kept = set(keep)
    letter = {n: column_letter(c) for c, n in region.columns}
    col_index = {n: c for c, n in region.columns}
    no_result: dict[int, list[int]] = {}
    for r, c in facts.no_result:
        if first <= r <= region.data_last and (r - first) in kept:
            no_result.setdefault(c, []).append(r + 1)
    notes: list[str] = []
    for n, cl in cleaned.items():
        if cl.kind == "text":
            continue
        notes += _typed_as_text(n, cl, letter[n], kept, first)
        notes += _not_read(n, cl, letter[n], kept, first, no_result.get(col_index[n], []))
        if cl.booleans:
            notes.append(f"Column '{n}': TRUE/FALSE read as 1/0.")
    return notes


def _typed_as_text(n: str, cl: Cleaned, ref: str, kept: set[int], first: int) -> list[str]:
    """Numbers and dates typed as text, read as numbers and dates."""
    notes = []
    tn = [(f"{ref}{first + i + 1}", t) for i, t, _ in cl.text_numbers if i in kept]
    if tn:
        notes.append(f"Column '{n}': {counted(len(tn), 'cell')} held numbers as text and were read as numbers "
                     f"({cells_text(tn)}).")
    td = [(f"{ref}{first + i + 1}", t) for i, t in cl.text_dates if i in kept]
    if td:
        order = {True: "day/month/year", False: "month/day/year", None: "day/month/year"}[cl.day_first]
        notes.append(f"Column '{n}': {len(td):,} dates typed as text were read as dates, {order} "
                     f"({cells_text(td)}).")
    return notes


def _not_read(n: str, cl: Cleaned, ref: str, kept: set[int], first: int, no_result: list[int]) -> list[str]:
    """Cells that count as missing: no numbers, Excel errors, formulas without a saved result."""
    notes = []
    bad = [(f"{ref}{first + i + 1}", t) for i, t in cl.not_numbers if i in kept]
    if bad:
        one = len(bad) == 1
        notes.append(f"Column '{n}': {counted(len(bad), 'cell')} {'is not a number' if one else 'are not numbers'} "
                     f"({cells_text(bad)}); {'it counts' if one else 'they count'} as missing.")
    errs = [(f"{ref}{first + i + 1}", t) for i, t in cl.errors if i in kept]
    if errs:
        shown = ", ".join(f"{a} {b}" for a, b in errs[:3]) + (f" and {len(errs) - 3:,} more" if len(errs) > 3 else "")
        one = len(errs) == 1
        notes.append(f"Column '{n}': {counted(len(errs), 'cell')} {'is an Excel error' if one else 'are Excel errors'} "
                     f"({shown}); {'it counts' if one else 'they count'} as missing.")
    if no_result:
        notes.append(f"Column '{n}': {counted(len(no_result), 'formula cell')} "
                     f"{'has' if len(no_result) == 1 else 'have'} no saved result ({ref}{no_result[0]}"
                     f"{' and more' if len(no_result) > 1 else ''}): the file was saved by a program that does not "
                     "calculate. Open and save it in Excel; until then they count as missing.")
    return notes


def place_notes(notes: list[str], region: locate.Region, sheet: str, trimmed: tuple[int, str] | None) -> None:
    """Adds to ``notes`` where the table was found: cells left out far to the right (``trimmed``:
    how many, one of them), the Excel Table or named range read, a names column without a header."""
    if trimmed is not None:
        removed, example = trimmed
        notes.append(f"{counted(removed, 'cell')} far to the right of the sheet (for example {example}) "
                     f"{'was' if removed == 1 else 'were'} left out; "
                     "a client list never reaches that far.")
    if region.table:
        notes.insert(0, f"Read the table or named range '{region.table}' on sheet '{sheet}'.")
    if region.unnamed_client is not None:
        notes.insert(0, f"Column {column_letter(region.unnamed_client)} has no header; its names were taken as the "
                        f"clients (called '{locate.NO_HEADER_CLIENT}' here). Type a header above them to name it.")

"""The owner's notes sheet in the open workbook, through xlwings: the part of
:class:`xlclientrank.excel.macro.XlwingsBook` that writes what a Re-rank did to 'Client Notes'
(:mod:`xlclientrank.excel.live_notes` decides what; this module only talks to Excel).

Only xlwings' open-source, cross-platform calls: ``Range.value``, ``Range.copy`` (to Excel's
clipboard), ``Range.paste`` with ``formats`` and ``validation`` (Paste Special: xlPasteFormats,
xlPasteValidation) and ``App.cut_copy_mode``, with screen updating, events and calculation off for
the block, as for the sheet swap.
"""

from __future__ import annotations

from typing import Any, Iterator

from xlclientrank.excel.platforms import app_settings

# text Excel would not keep as typed: a formula, a number, a date, a truth value or an error
_NOT_PLAIN_START = ("=", "+", "-", "@", "#", "'")
_TRUTH = ("TRUE", "FALSE")


def as_text(text: str) -> str:
    """What to write into a cell's value so that Excel keeps ``text`` exactly, as text: with Excel's
    text mark, a leading apostrophe (not shown in the cell, nor read back), when Excel would take it
    for something else: it starts with = + - @ # or ', has a digit (a number, a date, a time, a
    percentage), is TRUE or FALSE, or has spaces around it. Other text goes in as it is."""
    if not text:
        return text
    if (text.startswith(_NOT_PLAIN_START) or any(ch.isdigit() for ch in text)
            or text.strip().upper() in _TRUTH or text != text.strip()):
        return "'" + text
    return text


def runs(rows: list[int]) -> Iterator[tuple[int, int]]:
    """The runs of consecutive numbers in ``rows`` (sorted), as (first, last)."""
    start = prev = None
    for r in rows:
        if start is None or prev is None or r != prev + 1:
            if start is not None and prev is not None:
                yield start, prev
            start = r
        prev = r
    if start is not None and prev is not None:
        yield start, prev


class NotesCells:
    """The notes sheet's part of the open workbook (implements ``has_sheet`` and ``write_cells`` of
    :class:`xlclientrank.excel.live.LiveBook`)."""

    book: Any  # xlwings' Book
    app: Any   # xlwings' App

    def has_sheet(self, name: str) -> bool:
        return name.casefold() in {str(s.name).casefold() for s in self.book.sheets}

    def write_cells(self, sheet: str, cells: dict[tuple[int, int], str], appended: list[int],
                    template: int | None) -> list[str]:
        target = self.book.sheets[sheet]
        told: list[str] = []
        with app_settings(self.app, screen_updating=False, enable_events=False, calculation="manual"):
            if appended and template is not None:
                told += self._format_like(target, template, appended)
            by_column: dict[int, dict[int, str]] = {}
            for (row, col), text in cells.items():
                by_column.setdefault(col, {})[row] = text
            for col, texts in sorted(by_column.items()):  # one write per run of rows: few calls to Excel
                for first, last in runs(sorted(texts)):
                    target.range((first, col + 1), (last, col + 1)).value = [
                        [as_text(texts[r])] for r in range(first, last + 1)]
        return told

    def _format_like(self, target: Any, template: int, appended: list[int]) -> list[str]:
        """The ``appended`` rows take the formats and the drop-downs (data validation) of row
        ``template``: the row copied, then Paste Special, formats and validation (never its values,
        comments or links); Excel's copy mode is ended afterwards."""
        try:
            target.range(f"{template}:{template}").copy()
            try:
                for first, last in runs(sorted(appended)):
                    rows = target.range(f"{first}:{last}")
                    rows.paste(paste="formats")
                    rows.paste(paste="validation")
            finally:
                self.app.cut_copy_mode = False
        except Exception:  # noqa: BLE001 - the new clients still go in; the owner is told what is missing
            return [f"The new clients at the bottom of '{target.name}' are in, but Excel did not copy the format and "
                    "the drop-downs of the row above onto them: select that row, click the Format Painter and "
                    "click the new rows."]
        return []

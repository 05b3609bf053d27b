"""What the reader tells the owner, as records: the notes about their rows and the lines of what was
understood. Each record is the sentence the owner reads (it prints, compares and searches as the
text it is) and carries what the sentence says as data, so that no part of the program reads a
sentence back to learn what another part meant.

* :class:`Note`: one remark about the rows (``ClientTable.notes``): its ``kind``, the sheet ``rows``
  it concerns and a ``detail`` of its kind (the reason rows were skipped, the column an amount is
  counted once per). The sentences of the kinds other parts act on are made here.
* :class:`Understood`: one line of what was understood (``ClientTable.understood``): its ``label``
  ("Clients", "Revenue", ...) and its ``text``; printed as ``"Label: text"``.
"""

from __future__ import annotations

from typing import Iterable, Sequence

# the kinds of note other parts of the program act on
REMARK = "remark"  # a note only to be read
SKIPPED = "skipped"  # rows left out; detail: why, in the words "N rows skipped: <detail>" uses
ONCE_PER_ORDER = "once per order"  # an order's total repeated on its lines; detail: the order column
ORDER_LINES_ONLY = "order lines only"  # a reason worth saying only where the rows are order lines


class Note(str):
    """A sentence for the owner about how their rows were read, with its ``kind``, ``rows`` (sheet
    rows) and ``detail`` (see the module)."""

    kind: str
    rows: tuple[int, ...]
    detail: str

    def __new__(cls, text: str, kind: str = REMARK, rows: Iterable[int] = (), detail: str = "") -> Note:
        note = super().__new__(cls, text)
        note.kind, note.rows, note.detail = kind, tuple(int(r) for r in rows), detail
        return note

    def __reduce__(self) -> tuple[type[Note], tuple[str, str, tuple[int, ...], str]]:  # copied and pickled whole
        return Note, (str(self), self.kind, self.rows, self.detail)


def is_kind(note: str, kind: str) -> bool:
    """Whether ``note`` (a plain sentence or a :class:`Note`) is a note of ``kind``."""
    return isinstance(note, Note) and note.kind == kind


def agree(n: int, one: str, many: str) -> str:
    """The word that goes with ``n`` things: ``agree(1, "is", "are")`` -> ``"is"``."""
    return one if n == 1 else many


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``(1, "row")`` -> ``"1 row"``, ``(3, "row")`` -> ``"3 rows"``, ``(1200, "entry", "entries")`` ->
    ``"1,200 entries"``: a count with its word in the singular or the plural."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def row_span(rows: Sequence[int]) -> str:
    """The sheet rows a block covers, first to last: ``[2, 5, 13]`` -> ``"rows 2-13"``, ``[7]`` -> ``"row 7"``."""
    first, last = min(rows), max(rows)
    return f"row {first}" if first == last else f"rows {first}-{last}"


def left_out_text(note: Note) -> str:
    """A note of rows skipped as the 'Left out' line says it, singular and plural right:
    ``"1 row that is a total (row 14)"``, ``"3 rows without a client name (rows 4, 9, 12)"``,
    ``"2 rows with amounts in SEK, not EUR (rows 5, 7)"``."""
    count = len(note.rows)
    if note.detail == "totals row":
        what = "that is a total" if count == 1 else "that are totals"
    elif note.detail.startswith("no "):
        what = f"without a {note.detail[3:]}"
    else:
        what = f"with {note.detail}"
    return f"{counted(count, 'row')} {what} ({rows_text(note.rows)})"


def rows_text(rows: Iterable[int], limit: int = 8) -> str:
    """``[45, 46, 80]`` -> ``"rows 45, 46, 80"``; long lists end with ``"and 12 more"``."""
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:limit])
    more = f" and {len(rows) - limit:,} more" if len(rows) > limit else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def skipped(rows: Sequence[int], why: str) -> Note:
    """``"3 rows skipped: no client name (rows 4, 9, 12)."`` (``"1 row skipped: ..."``): ``rows`` are sheet rows."""
    return Note(f"{counted(len(rows), 'row')} skipped: {why} ({rows_text(rows)}).", SKIPPED, rows, why)


def once_per_order(amount: str, orders: int, order_column: str) -> Note:
    """The note that an amount repeated on every line of an order is counted once per order."""
    return Note(f"'{amount}' is the same on every line of each of the {orders:,} orders with several lines "
                f"(an order's total, repeated): it is counted once per '{order_column}'.",
                ONCE_PER_ORDER, (), order_column)


class Understood(str):
    """One line of what was understood: ``label`` and ``text``, read as ``"Label: text"``."""

    label: str
    text: str

    def __new__(cls, label: str, text: str) -> Understood:
        line = super().__new__(cls, f"{label}: {text}")
        line.label, line.text = label, text
        return line

    def __reduce__(self) -> tuple[type[Understood], tuple[str, str]]:  # copied and pickled whole
        return Understood, (self.label, self.text)


def label_of(line: str) -> str:
    """The label of a line of what was understood (``""`` for a line that has none)."""
    return line.label if isinstance(line, Understood) else ""

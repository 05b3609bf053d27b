"""Re-rank in the workbook Excel has open: the logic, with Excel behind a small interface.

The layout has one source of truth: the workbook is saved as a copy (with unsaved edits), ranked
by exactly the code behind ``xlclientrank rerank``, and our sheets are then copied from the result
into the open workbook with Excel's own sheet copy. :class:`LiveBook` is that boundary; macro.py
implements it with xlwings, the tests with files.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Callable, Protocol, TypeVar

from xlclientrank import render
from xlclientrank.errors import ClientRankError
from xlclientrank.rerank import Result, rerank

SHEET_NAMES = [name for _, name in render.SHEETS]
MARKS = {name: key for key, name in render.SHEETS}
T = TypeVar("T")


class LiveBook(Protocol):
    name: str
    fullname: str  # the workbook's path ("" or a bare name when it was never saved)

    def save_copy(self, path: Path) -> None:
        """Saves the workbook as it is now (unsaved edits included) to ``path``; the open one stays."""

    def replace_sheets(self, source: Path, names: list[str], marks: dict[str, str]) -> None:
        """Deletes our sheets ``names`` from the open workbook, copies them in from ``source`` (in one
        copy, so references between them stay inside the workbook), and marks them as ours."""

    def calculate_full(self) -> None:
        """Recalculates every formula, so that the CLIENT_* formulas use the new calibration."""

    def status(self, text: str | None) -> None:
        """Shows ``text`` in Excel's status bar (None gives the bar back to Excel)."""

    def alert(self, text: str, title: str) -> None:
        """A message box."""


def _run(book: LiveBook, work: Callable[[Path], T]) -> T | None:
    """Runs ``work`` on a saved copy of the open workbook (in a scratch folder). A user error ends in
    a message box naming the workbook, a bug in a plain one (never a traceback window); the status
    bar is given back to Excel either way. Returns None after an error."""
    try:
        with tempfile.TemporaryDirectory(prefix="xlclientrank-") as tmp:
            suffix = Path(book.name).suffix.lower()
            copy = Path(tmp) / f"{Path(book.name).stem or 'workbook'}{suffix if suffix in ('.xlsx', '.xlsm') else '.xlsx'}"
            book.save_copy(copy)
            return work(copy)
    except ClientRankError as exc:
        book.alert(_for_owner(exc, book.name), "Client Rank")
        return None
    except Exception as exc:  # a bug: say so plainly, without a traceback window
        book.alert(f"Something went wrong inside xlclientrank ({type(exc).__name__}: {str(exc)[:200]}). "
                   "Your workbook was not changed. Please report this.", "Client Rank")
        return None
    finally:
        book.status(None)


def rerank_live(book: LiveBook, today: dt.date | None = None) -> Result | None:
    """Re-ranks the open workbook. User errors end in a message box; returns None then."""
    def work(copy: Path) -> Result:
        out = copy.with_name("ranked" + copy.suffix)
        result = rerank(copy, out=out, today=today, progress=lambda step: book.status(f"Client Rank: {step}..."))
        book.status("Client Rank: copying the sheets into your workbook...")
        book.replace_sheets(out, SHEET_NAMES, MARKS)
        from xlclientrank import udfs_cache

        udfs_cache.invalidate()
        book.status("Client Rank: recalculating...")
        book.calculate_full()
        return result

    book.status("Client Rank: reading your clients...")
    return _run(book, work)


def share_live(book: LiveBook, today: dt.date | None = None) -> Path | None:
    """The Share with advisor button: writes '<name> - for advisor.xlsx' beside the workbook."""
    from xlclientrank.share import default_out, share

    folder = Path(book.fullname).parent
    if not book.fullname or not Path(book.fullname).is_absolute() or not folder.is_dir():
        book.alert("Save your workbook first: the copy for your advisor is written next to it.", "Client Rank")
        return None

    def work(copy: Path) -> Path:
        out = share(copy, out=default_out(Path(book.fullname)), today=today,
                    progress=lambda step: book.status(f"Client Rank, copy for your advisor: {step}..."))
        book.alert(f"The copy for your advisor is ready:\n{out}\n\nIt opens in Excel, LibreOffice, Google Sheets "
                   "and Numbers without Python. For an anonymous copy run: xlclientrank share --anonymize",
                   "Client Rank")
        return out

    book.status("Client Rank: writing the copy for your advisor...")
    return _run(book, work)


def _for_owner(exc: ClientRankError, name: str) -> str:
    """The error's sentence with the temporary copy's path replaced by the workbook's name."""
    exc.file = name
    return str(exc)

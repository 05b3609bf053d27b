"""Re-rank in the workbook Excel has open: the logic, with Excel behind a small interface.

The layout has one source of truth: the workbook is saved as a copy (with unsaved edits), ranked
by exactly the code behind ``xlclientrank rerank``, and our sheets are then copied from the result
into the open workbook with Excel's own sheet copy. :class:`LiveBook` is that boundary; macro.py
implements it with xlwings, the tests with doubles.

Every button ends in one message box (or, in a self-test, none: see macro.py), never in xlwings'
traceback window, and says truthfully whether the workbook was changed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, TypeVar

from lxml import etree

from xlclientrank.errors import ClientRankError, WorkbookFileError
from xlclientrank.excel import live_notes
from xlclientrank.formulas import cache
from xlclientrank.jobs import share as share_job  # its functions read when called: a test replaces them
from xlclientrank.jobs.rerank import Result, rerank
from xlclientrank.names import ALIASES_SHEET, NOTES_KEY, SHEETS
from xlclientrank.ooxml import book
from xlclientrank.ooxml.book import q, rels_name, resolve, sheet_parts
from xlclientrank.ooxml.ns import NS, NS_REL
from xlclientrank.ooxml.package import Package
from xlclientrank.render.share_sheets import aliases_donor

SHEET_NAMES = [name for _, name in SHEETS]
MARKS = {name: key for key, name in SHEETS}
# what the reader opens (xlclientrank.ooxml.files.check_workbook_file); Excel's SaveCopyAs keeps the
# workbook's own format, so a copy of anything else could not be read
READABLE = (".xlsx", ".xlsm")
T = TypeVar("T")


@dataclass(frozen=True)
class Where:
    """Where the open workbook is saved."""

    local: Path | None = None  # its file on this computer (for OneDrive/SharePoint: the synced copy, if found)
    url: str = ""              # its web address when Excel has it from OneDrive/SharePoint


@dataclass(frozen=True)
class Kept:
    """Owner cells whose formulas refer to our sheets: Excel turns them into #REF! when our old sheet
    is deleted, so their formulas are read before and written back after the swap."""

    sheet: str
    ref: str            # "B2" or "B2:B40" (a shared formula's range)
    kind: str = "cell"  # "cell", "array" (Ctrl+Shift+Enter, over ref) or "spill" (a dynamic array's anchor)


class LiveBook(live_notes.NotesBook, Protocol):
    name: str

    def where(self) -> Where:
        """Where the workbook is saved (read only when needed: xlwings can raise for cloud files)."""

    def save_copy(self, path: Path) -> None:
        """Saves the workbook as it is now (unsaved edits included) to ``path``; the open one stays.
        Raises :class:`Cancelled` when the owner declines a question it asks."""

    def replace_sheets(self, source: Path, names: list[str], marks: dict[str, str], keep: list[Kept]) -> list[str]:
        """Copies our sheets ``names`` in from ``source`` first, then deletes our old ones, names the
        copies and marks them as ours; restores the owner's formulas in ``keep`` (and the owner's names
        that refer to our sheets). A failure before the old sheets are deleted removes the copies (the
        workbook is as it was); a later one raises :class:`PartlyChanged`. Returns the owner's
        formulas and names it could not put back (they show #REF!)."""

    def calculate_full(self) -> None:
        """Recalculates every formula, so that the CLIENT_* formulas use the new calibration."""

    def status(self, text: str | None) -> None:
        """Shows ``text`` in Excel's status bar (None gives the bar back to Excel)."""

    def alert(self, text: str, title: str) -> None:
        """A message box."""

    def ask(self, text: str, title: str) -> str:
        """A Yes / No / Cancel question: "yes", "no" or "cancel" (in a self-test: "no", unasked)."""


class Cancelled(Exception):
    """The owner said no to a question; the button stops without a further message."""


class PartlyChanged(Exception):
    """The sheet swap failed after the workbook had been changed; ``str()`` says what is where."""


class Refused(Exception):
    """The button cannot run now (the workbook was never saved, ...); ``str()`` is the message."""


def _run(book: LiveBook, work: Callable[[Path, Path, list[str]], T], what: str = "Re-rank",
         first: Callable[[], None] | None = None) -> T | None:
    """Runs ``work(copy, scratch, changed)`` on a saved copy of the open workbook (in a scratch
    folder). ``work`` appends to ``changed`` once it has changed the open workbook, so that an error
    message never says "not changed" when it was. ``first`` runs before the copy is saved (inside
    the same error handling). Returns None after an error (message shown)."""
    changed: list[str] = []
    scratch_folder: list[Path] = []
    try:
        if first is not None:
            first()
        suffix = Path(book.name).suffix.lower() or ".xlsx"  # a workbook never saved has no suffix yet
        if suffix not in READABLE:
            # the reader's wording (ooxml.files.check_workbook_file), for a workbook that is open
            raise WorkbookFileError(f"is a {suffix} file, which Client Rank cannot read; save it as Excel "
                                    "Workbook (.xlsx) with File > Save As, then click "
                                    f"{what} in the .xlsx workbook", file=book.name)
        # Excel may hold the ranked copy a moment after closing it: a scratch file left behind is no error
        with tempfile.TemporaryDirectory(prefix="xlclientrank-", ignore_cleanup_errors=True) as tmp:
            scratch_folder.append(Path(tmp))
            copy = Path(tmp) / "copy" / f"{Path(book.name).stem or 'workbook'}{suffix}"
            copy.parent.mkdir()
            scratch = Path(tmp) / "out"
            scratch.mkdir()
            book.save_copy(copy)
            return work(copy, scratch, changed)
    except Cancelled:
        return None
    except Refused as exc:
        book.alert(str(exc), "Client Rank")
        return None
    except ClientRankError as exc:
        book.alert(message_for_owner(exc, book.name, scratch_folder), "Client Rank")
        return None
    except PartlyChanged as exc:
        book.alert(f"Client Rank stopped part-way: {exc}", "Client Rank")
        return None
    except Exception as exc:  # a bug or an Excel failure: say so plainly, without a traceback window
        what_now = ("The new sheets are in your workbook but the step after it failed; click Re-rank again."
                    if changed else "Your workbook was not changed.")
        book.alert(f"Something went wrong inside Client Rank ({type(exc).__name__}: {str(exc)[:200]}). "
                   f"{what_now} Please report this.", "Client Rank")
        return None
    finally:
        book.status(None)


def ranked_name(book_name: str, suffix: str) -> str:
    """The ranked output's file name: Excel cannot open two workbooks of the same name, so it is one
    no owner's workbook has (and is in its own folder)."""
    while True:
        name = f"xlclientrank-ranked-{uuid.uuid4().hex[:12]}{suffix}"
        if name.lower() != book_name.lower():
            return name


def rerank_live(book: LiveBook, today: dt.date | None = None) -> Result | None:
    """Re-ranks the open workbook. User errors end in a message box; returns None then."""
    def work(copy: Path, scratch: Path, changed: list[str]) -> Result:
        out = scratch / ranked_name(book.name, copy.suffix)
        result = rerank(copy, out=out, today=today, progress=lambda step: book.status(f"Client Rank: {step}..."))
        book.status("Client Rank: copying the sheets into your workbook...")
        keep, lost = _scan(copy, SHEET_NAMES)
        notes, told = live_notes.sheet_to_copy(book, result.notes)  # the notes sheet this run made, if any
        try:
            lost = (book.replace_sheets(out, SHEET_NAMES + notes, {**MARKS, **dict.fromkeys(notes, NOTES_KEY)},
                                        keep) or []) + lost
        except PartlyChanged:
            changed.append("sheets")
            raise
        changed.append("sheets")
        told += live_notes.write_cells(book, result.notes, changed)
        cache.invalidate()  # the cell formulas read the new calibration
        book.status("Client Rank: recalculating...")
        book.calculate_full()
        if lost:
            told.append("The ranking is updated. Re-rank replaces its own sheets, so these of yours that referred to "
                        f"them now show #REF!: {', '.join(lost[:6])}{' and more' if len(lost) > 6 else ''}. Point "
                        "them at the new sheets again.")
        if told:
            book.alert("\n\n".join(told), "Client Rank")
        return result

    book.status("Client Rank: reading your clients...")
    return _run(book, work)


def advisor_folder(home: Path | None = None) -> Path:
    """Where the advisor's copy of a workbook that has no folder on this computer goes: the
    owner's Documents folder (Excel's own default place), else their home folder."""
    home = home or Path.home()
    for folder in (home / "Documents", home / "OneDrive" / "Documents", home):
        if folder.is_dir():
            return folder
    return home


@dataclass
class _Destination:
    """Where the advisor's copy goes and what the owner is told of it, decided before the workbook is copied."""

    target: Path | None = None
    note: str = ""
    whole: bool = False
    kept: Path | None = None  # a copy already there under the copy's own name, kept (the new one is numbered)


def share_live(book: LiveBook, today: dt.date | None = None, home: Path | None = None,
               anonymize: bool = False) -> Path | None:
    """The Share with advisor button (and, with ``anonymize``, Share anonymously): writes '<name> - for
    advisor.xlsx' ('<name> - for advisor (anonymous).xlsx') beside the workbook (for a
    OneDrive/SharePoint workbook without a synced folder: in the Documents folder, and says so). A
    copy already there is kept and the new one numbered ' (2)', ... An anonymous copy's who-is-who
    sheet goes into the open workbook (see :func:`_put_aliases`)."""
    place = _Destination()

    def locate() -> None:
        where = book.where()
        local = where.local
        if local is not None and not (local.is_absolute() and local.parent.is_dir()):
            local = None
        if local is None and not where.url:
            raise Refused("Save your workbook first: the copy for your advisor is written next to it.")
        answer = book.ask(ANONYMOUS_WHOLE_OR_RANKING if anonymize else WHOLE_OR_RANKING,
                          "Client Rank: share anonymously" if anonymize else "Client Rank: share with your advisor")
        if answer == "cancel":
            raise Cancelled()
        whole = place.whole = answer == "yes"
        if local is not None:
            wanted, place.note = share_job.default_out(local, whole, anonymize), ""
        else:
            stem = Path(book.name).stem or "workbook"
            wanted = share_job.default_out(advisor_folder(home) / f"{stem}.xlsx", whole, anonymize)
            place.note = ("Your workbook is on OneDrive or SharePoint and has no synced folder on this computer, "
                          f"so the copy for your advisor is in your {wanted.parent.name} folder.\n\n")
        place.target = share_job.numbered(wanted)
        place.kept = wanted if place.target != wanted else None

    def work(copy: Path, scratch: Path, changed: list[str]) -> Path:
        shared = share_job.share(copy, out=place.target, today=today, whole_workbook=place.whole,
                                 anonymize=anonymize, keep_aliases=False,
                                 progress=lambda step: book.status(f"Client Rank, copy for your advisor: {step}..."))
        out = shared.path
        if anonymize:
            _put_aliases(book, copy, scratch, shared, changed)
        what = "your whole workbook" if place.whole else "the ranking"
        kept = (f"\n\n'{place.kept.name}' was already there and is kept; this copy has the next free number."
                if place.kept is not None else "")
        told = "".join(f"\n\n{n}" for n in shared.notes)
        if anonymize:
            said = (f"The anonymous copy of {what} for your advisor is ready:\n{out}{kept}\n\n"
                    + share_job.who_is_who(shared.aliases, shared.former, book.name, where="this workbook")
                    + " Save this workbook to keep the list.")
        else:
            said = (f"The copy of {what} for your advisor is ready:\n{out}{kept}\n\nIt shows your clients' "
                    "names; for a copy without them, click Share anonymously.")
        book.alert(f"{place.note}{said}\n\nIt opens in Excel, LibreOffice, Google Sheets and Numbers, without "
                   f"Client Rank.{told}", "Client Rank")
        return out

    book.status("Client Rank: writing the copy for your advisor...")
    return _run(book, work, what="Share anonymously" if anonymize else "Share with advisor", first=locate)


def _put_aliases(book: LiveBook, copy: Path, scratch: Path, shared: share_job.Shared, changed: list[str]) -> None:
    """Puts the who-is-who sheet of the anonymous copy just written into the open workbook (Excel's own
    sheet copy, as Re-rank's sheets). Should that fail, the copy is deleted again: there is never an
    anonymous copy whose who-is-who list is nowhere."""
    book.status("Client Rank: keeping who is who in your workbook...")
    donor = scratch / ranked_name(book.name, ".xlsx")
    try:
        aliases_donor({**shared.aliases, **shared.former}).write_atomic(donor)
        keep, _ = _scan(copy, [ALIASES_SHEET])
        book.replace_sheets(donor, [ALIASES_SHEET], {ALIASES_SHEET: "aliases"}, keep)
    except BaseException as exc:
        if isinstance(exc, PartlyChanged):
            changed.append("aliases")
        shared.path.unlink(missing_ok=True)
        raise
    changed.append("aliases")


WHOLE_OR_RANKING = ("Send your whole workbook to your advisor?\n\n"
                    "Yes: the whole workbook, your own sheets too. Every Client Rank formula in it becomes its "
                    "value, and it has no macros and no link to the add-in, so it opens anywhere.\n\n"
                    "No: only the ranking (summary, ranking, settings, history), in a small workbook of its own.")

ANONYMOUS_WHOLE_OR_RANKING = (
    "Send your whole workbook to your advisor, anonymously?\n\n"
    "In the copy your clients are called Client 001, Client 002, ... and e-mail addresses and phone numbers "
    f"are removed. Who is who goes into this workbook, on the sheet '{ALIASES_SHEET}'.\n\n"
    "Yes: the whole workbook, your own sheets too, with every client name replaced.\n\n"
    "No: only the ranking (summary, ranking, settings, history), in a small workbook of its own.")


def message_for_owner(exc: ClientRankError, name: str, scratch: Sequence[Path] = ()) -> str:
    """The error's sentence with the temporary copy's path replaced by the workbook's name (a file
    of the owner's, such as the advisor's copy, keeps its own)."""
    if not exc.file or not scratch or any(Path(exc.file).is_relative_to(t) for t in scratch):
        exc.file = name
    if exc.in_excel:  # the fix done in Excel, where a command-line option is no help
        exc.message = exc.in_excel
    return str(exc)


# ---------------------------------------------------------------- the owner's references to our sheets

# the owner's references to our sheets are found as the advisor's copy finds them (ooxml/book.py)
reference_pattern = book.sheet_reference_pattern


def owner_references(copy: Path, names: list[str]) -> list[Kept]:
    """The owner's cells (in the saved copy) whose formulas refer to our sheets."""
    return _scan(copy, names)[0]


def owner_places_lost(copy: Path, names: list[str]) -> list[str]:
    """The owner's charts, conditional formats and data validations (in the saved copy) that refer
    to our sheets: Excel turns them into #REF! when our old sheets are deleted, and Re-rank cannot
    write them back, so the owner is told."""
    return _scan(copy, names)[1]


def _lazy_package(path: Path, package_class):
    """The saved copy as a Package whose parts are read from the zip when first asked for (the
    scan needs the workbook's few small parts and the owner's sheets, not the whole file again)."""
    z = zipfile.ZipFile(path)
    present = set(z.namelist())

    class Parts(dict):
        def __missing__(self, name):
            if name not in present:
                raise KeyError(name)
            self[name] = data = z.read(name)
            return data

        def __contains__(self, name):
            return name in present

        def get(self, name, default=None):
            return self[name] if name in present else default

        def close(self):
            z.close()

    return package_class(Parts(), {}, str(path))


def _scan(copy: Path, names: list[str]) -> tuple[list[Kept], list[str]]:
    pkg = _lazy_package(copy, Package)
    try:
        return _scan_package(pkg, names)
    finally:
        pkg.parts.close()  # Windows cannot delete the scratch folder while the zip is open


def _scan_package(pkg, names: list[str]) -> tuple[list[Kept], list[str]]:
    pattern = reference_pattern(names)
    ours = {n.lower() for n in names}
    needles = [n.encode("utf-8").lower() for n in names]
    kept: list[Kept] = []
    lost: list[str] = []

    def mentions(data: bytes) -> bool:
        low = data.lower()
        return any(n in low for n in needles)

    def targets(part: str, kind: str) -> list[str]:
        rels = rels_name(part)
        if not pkg.has(rels):
            return []
        return [resolve(part, r.get("Target", "")) for r in pkg.xml(rels).findall(q(NS_REL, "Relationship"))
                if r.get("Type", "").endswith("/" + kind) and r.get("TargetMode") != "External"]

    for sheet, part in sheet_parts(pkg).items():
        if sheet.lower() in ours:
            continue
        data = pkg.parts.get(part, b"")
        charts = [c for d in targets(part, "drawing") if pkg.has(d) for c in targets(d, "chart") if pkg.has(c)]
        if any(pattern.search(pkg.parts[c].decode("utf-8", "replace")) for c in charts if mentions(pkg.parts[c])):
            lost.append(f"a chart on sheet '{sheet}'")
        if not mentions(data):
            continue
        rules = {"conditional formatting": False, "data validation": False}
        for _, el in etree.iterparse(io.BytesIO(data), events=("end",), huge_tree=True):
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if tag == "c":
                kept += _kept_formula(el, sheet, pattern)
            elif tag == "row":  # done with the row: keep memory flat on a long sheet
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif tag in ("formula", "formula1", "formula2") and el.text and pattern.search(el.text):
                rule = _rule_of(el)
                if rule is not None:
                    rules[rule] = True
        lost += [f"{what} on sheet '{sheet}'" for what, found in rules.items() if found]
    return kept, lost


def _kept_formula(cell: Any, sheet: str, pattern: re.Pattern[str]) -> list[Kept]:
    """The cell's formula when it names one of our sheets (as a one-item list), else none."""
    f = cell.find(q(NS, "f"))
    if f is None or not f.text or not pattern.search(f.text):
        return []
    ref = f.get("ref") or cell.get("r")
    if f.get("t") == "array":
        return [Kept(sheet, cell.get("r") if cell.get("cm") else ref, "spill" if cell.get("cm") else "array")]
    return [Kept(sheet, ref if f.get("t") == "shared" else cell.get("r"))]


def _rule_of(formula: Any) -> str | None:
    """Which kind of rule a rule's formula belongs to: conditional formatting, data validation or neither."""
    parent = formula.getparent()
    while parent is not None and etree.QName(parent).localname not in ("conditionalFormatting", "dataValidation"):
        parent = parent.getparent()
    if parent is None:
        return None
    return "conditional formatting" if etree.QName(parent).localname == "conditionalFormatting" else "data validation"

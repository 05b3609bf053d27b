"""The ribbon's Python macros, run by xlwings' ``RunPython`` from the add-in's buttons.

Thin on purpose: :class:`XlwingsBook` is the only code that talks to Excel, through xlwings'
open-source, cross-platform API (``Book.caller()``, ``Sheet.copy``, ``Sheet.visible``,
``Names.add``, ``App.display_alerts`` ...). The few things xlwings has no call for go through
:mod:`xlclientrank.excel.platforms` (:class:`Windows`: COM; :class:`Mac`: appscript). The work is
in :mod:`xlclientrank.excel.live`, which the tests drive without Excel.

Each button takes the version of xlclientrank the add-in was built for (``m.rerank("0.1.0")``; none
from an add-in older than that check) and refuses to run with mismatched parts. Each run leaves
its outcome in ``last-run.json`` (see :class:`xlclientrank.excel.run_status.Run`), written before
any message box, so that ``xlclientrank selftest`` can check what a button did.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Callable, Sequence

from xlclientrank import __version__
from xlclientrank.errors import WorkbookFileError
from xlclientrank.excel.live import (
    Cancelled,
    Kept,
    PartlyChanged,
    Refused,
    Where,
    reference_pattern,
    rerank_live,
    share_live,
)

# re-exported: the buttons' names for the platform calls and the run status stay importable from here
from xlclientrank.excel.platforms import Mac, Windows, app_settings, platform  # noqa: F401
from xlclientrank.excel.run_status import (  # noqa: F401
    SELFTEST_FRESH_SECONDS,
    SELFTEST_MARKER,
    XLWINGS_VBA,
    Run,
    selftest_running,
    status_dir,
    version_problem,
)
from xlclientrank.excel.xlwings_notes import NotesCells
from xlclientrank.names import (
    ALIASES_SHEET,
    CLIENT_TIER,
    HISTORY_SHEET,
    METHODOLOGY_SHEET,
    PARETO_COUNT,
    RANKING_SHEET,
    SETTINGS_SHEET,
    WHOLE_SUMMARY_SHEET,
)
from xlclientrank.ooxml.splice import MARK, quote_sheet

TITLE = "Client Rank"
ADDIN_SUFFIXES = (".xlam", ".xla")
NO_WORKBOOK = "Open your client workbook first, then click the button again."

# the Help button's text; the add-in's ShowHelp (workbook/src/ClientRank.bas) shows the same (a test keeps them equal)
HELP = (f"Client Rank ranks your clients on the sheet '{RANKING_SHEET}'.\n\n"
        "Re-rank: reads your client list, gives every client a score from 0 to 100 and a tier, and rebuilds the "
        f"sheets {WHOLE_SUMMARY_SHEET} (the verdict, the figures, the charts), {RANKING_SHEET}, {METHODOLOGY_SHEET} "
        f"and {HISTORY_SHEET}. Click it again after you change your list or the settings.\n"
        "Share with advisor: writes a copy for your coach or accountant, with your clients' names, that opens in "
        "Excel, Numbers or Google Sheets without Client Rank.\n"
        "Share anonymously: the same copy, with your clients called Client 001, Client 002, ... Who is who stays in "
        f"your workbook, on the sheet '{ALIASES_SHEET}': do not send your workbook itself.\n"
        "Settings: how much each column counts, the tiers and the 80/20 column (the yellow cells); then click "
        "Re-rank.\n"
        f"Formulas for your own cells: ={CLIENT_TIER}(A2:K2) shows a client's tier, ={PARETO_COUNT}(B2:B200) how "
        "many clients bring 80 % of the total.\n\n"
        f"Add-in version {__version__}. To check that everything works, type  xlclientrank selftest  in a terminal.")


# ---------------------------------------------------------------- the workbook, through xlwings

class XlwingsBook(NotesCells):
    """The owner's open workbook, through xlwings (implements :class:`live.LiveBook`, with NotesCells)."""

    def __init__(self, book, run: Run | None = None) -> None:
        self.book = book
        self.app = book.app
        self.name = book.name
        self.run = run
        self.os = platform()

    # -- where it is saved (never read in __init__: xlwings raises for an unsynced cloud file)

    def where(self) -> Where:
        try:
            full = str(self.book.fullname or "")  # xlwings maps OneDrive/SharePoint addresses to the synced file
        except Exception:  # noqa: BLE001 - xlwings found no local copy of a cloud workbook
            full = ""
        try:
            raw = self.os.full_name(self.book)
        except Exception:  # noqa: BLE001
            raw = ""
        local = Path(full) if full and "://" not in full and Path(full).is_absolute() and Path(full).exists() else None
        url = raw if "://" in raw else (full if "://" in full else "")
        return Where(local, url)

    def save_copy(self, path: Path) -> None:
        if self.os is Windows:
            self.os.save_copy(self.book, path)
            return
        # Mac: the saved file is the copy; with unsaved edits, the owner is asked to save first
        where = self.where()
        if where.local is None:
            raise Refused("Save your workbook in a folder on this Mac first (File > Save As), then click the button "
                          "again." if not where.url else
                          "Your workbook is on OneDrive or SharePoint and Client Rank found no synced folder for "
                          "it on this Mac. Save a copy in a folder on this Mac (File > Save As), then click the "
                          "button in it.")
        try:
            saved = self.os.saved(self.book)
        except Exception:  # noqa: BLE001
            saved = False
        if not saved:
            answer = "ok" if self.run is not None and self.run.quiet else self.app.alert(
                "Client Rank reads the saved file. Save your workbook now, with your latest changes?",
                title=TITLE, buttons="ok_cancel")
            if answer != "ok":
                raise Cancelled()
            self.book.save()
        shutil.copyfile(where.local, path)

    # -- the sheet swap

    def marked(self) -> dict[str, str]:
        """Our mark's key -> the sheet it marks (workbook-level names ``_xlclientrank.<key>``)."""
        out = {}
        for n in self.book.names:
            name = n.name
            if name.lower().startswith(MARK.lower()):
                m = re.match(r"^=?(?:'((?:[^']|'')+)'|([^!]+))!", n.refers_to or "")
                if m:
                    out[name[len(MARK):].lower()] = (m.group(1) or "").replace("''", "'") or m.group(2)
        return out

    def replace_sheets(self, source: Path, names: list[str], marks: dict[str, str],
                       keep: Sequence[Kept] = ()) -> list[str]:
        book, app = self.book, self.app
        present = {s.name.lower(): s.name for s in book.sheets}
        ours = self.marked()
        old = []
        for name in names:
            if name.lower() in present:
                if (ours.get(marks[name].lower()) or "").lower() != name.lower():
                    raise WorkbookFileError(f"has its own sheet '{present[name.lower()]}'; rename it and click "
                                            "Re-rank", file=self.name)
                old.append(present[name.lower()])
        try:
            active = book.sheets.active.name
        except Exception:  # noqa: BLE001
            active = ""
        pattern = reference_pattern(names)
        with app_settings(app, display_alerts=False, screen_updating=False, enable_events=False,
                          calculation="manual"):
            formulas = [(k, self._read(k)) for k in keep]  # None: could not be read
            owner_names = [(n.name, n.refers_to) for n in book.names
                           if sheet_scope(n.name).lower() not in [x.lower() for x in names]  # go with our sheets
                           and not n.name.lower().split("!")[-1].startswith(MARK.lower())
                           and pattern.search(n.refers_to or "")]
            src = app.books.open(str(source), update_links=False, read_only=True)
            try:
                copies = self._copy_in(src, names)
            finally:
                try:
                    src.close()
                except Exception:  # noqa: BLE001 - a read-only scratch copy left open changes nothing
                    pass
            self._delete_old(old, copies)
            try:
                for name, sheet in copies.items():
                    if sheet.name != name:
                        sheet.name = name
                self._repoint_links(self._source_name)  # now that our sheets have their own names
                self._mark(names, marks)
            except Exception as exc:
                raise PartlyChanged(f"your old Client Rank sheets are deleted and the new ones are in, but naming "
                                    f"or linking them failed ({type(exc).__name__}: {str(exc)[:150]}). Click Re-rank "
                                    "again, or close the workbook without saving to keep the version on disk.") from exc
            lost = self._restore(formulas, owner_names)
            self._select(active if active in [s.name for s in book.sheets] else names[0])
        return lost

    def _copy_in(self, src, names: list[str]) -> dict[str, Any]:
        """Copies our sheets in after the last visible sheet (Excel names a copy 'Ranking (2)' while the
        old one is there). On a failure the copies (and the names they brought) are removed again."""
        book = self.book
        before = [s.name for s in book.sheets]
        names_before = {n.name for n in book.names}
        self._as_it_was = (before, names_before)
        try:
            hidden = [n for n in names if not src.sheets[n].visible]
            for n in hidden:  # Excel copies a group of sheets only when all are visible (src is a read-only copy)
                src.sheets[n].visible = True
            # after the last visible sheet: never after a hidden one (our calibration sheet is last)
            last = [sh for sh in book.sheets if sh.visible][-1]
            self.os.copy_sheets(src, names, after=last)
            new = [s for s in book.sheets if s.name not in before]
            copies = {}
            for s in new:
                base = re.sub(r" \(\d+\)$", "", s.name)
                match = next((n for n in names if n.lower() in (s.name.lower(), base.lower())), None)
                if match is None or match in copies:
                    raise RuntimeError(f"Excel copied an unexpected sheet '{s.name}'")
                copies[match] = s
            if len(copies) != len(names):
                raise RuntimeError(f"Excel copied {len(copies)} of our {len(names)} sheets")
            self._select(copies[names[0]].name)  # Excel leaves the copies grouped: one sheet, before hiding any
            for n in hidden:
                copies[n].visible = False
            self._source_name = str(src.name)
            return copies
        except BaseException:
            self._remove_new(before, names_before)
            raise

    def _remove_new(self, before: list[str], names_before: set[str]) -> None:
        book = self.book
        for s in [s for s in book.sheets if s.name not in before]:
            try:
                s.delete()
            except Exception:  # noqa: BLE001 - remove the others all the same
                pass
        for n in [n for n in book.names if n.name not in names_before]:
            try:
                n.delete()
            except Exception:  # noqa: BLE001
                pass

    def _repoint_links(self, source: str) -> None:
        """A sheet copied alone refers to the other sheets of the file it came from (a Mac copies one
        sheet at a time); such links to the ranked copy, deleted afterwards, are pointed at the
        owner's own workbook, where our sheets now have the same names."""
        links = self.os.link_sources(self.book)
        if not links:
            return
        source_name = Path(source).name.lower()
        own = self.os.full_name(self.book)
        for link in links:
            if re.split(r"[\\/:]", str(link))[-1].lower() == source_name:
                self.os.change_link(self.book, link, own)

    def _delete_old(self, old: list[str], copies: dict[str, Any]) -> None:
        deleted = 0
        try:
            for name in old:
                self.book.sheets[name].delete()
                deleted += 1
        except Exception as exc:
            if deleted == 0:
                self._remove_new(*self._as_it_was)
                raise
            raise PartlyChanged(f"{deleted} of your {len(old)} old Client Rank sheets are deleted and the new ones "
                                f"are in as '{next(iter(copies.values())).name}' and so on, but deleting the rest "
                                f"failed ({type(exc).__name__}: {str(exc)[:150]}). Close the workbook without saving "
                                "to keep the version on disk, or delete the old sheets and click Re-rank.") from exc

    def _mark(self, names: list[str], marks: dict[str, str]) -> None:
        """Our marks: one hidden workbook-level name per sheet. Stale ones (#REF! after the delete,
        sheet-level ones the copies brought along, and the old marks of the sheets being marked) are
        removed first; the marks of our other sheets stay (the who-is-who sheet's when Re-rank
        replaces the others, and theirs when the who-is-who sheet is replaced)."""
        keys = {MARK.lower() + marks[name].lower() for name in names}
        for n in [n for n in self.book.names if n.name.lower().split("!")[-1].startswith(MARK.lower())]:
            if "!" in n.name or n.name.lower() in keys or "#REF!" in (n.refers_to or "").upper():
                n.delete()
        for name in names:
            added = self.book.names.add(MARK + marks[name], f"={quote_sheet(name)}!$A$1")
            try:
                self.os.hide_name(added)
            except Exception:  # noqa: BLE001 - a visible mark still works
                pass

    def _read(self, k: Kept) -> Any:
        try:
            rng = self.book.sheets[k.sheet].range(k.ref)
            return rng.formula_array if k.kind == "array" else rng.formula2 if k.kind == "spill" else rng.formula
        except Exception:  # noqa: BLE001 - reported as not put back; the Re-rank goes on
            return None

    def _restore(self, formulas: list[tuple[Kept, Any]], owner_names: list[tuple[str, str]]) -> list[str]:
        """Writes back the owner's formulas and names that referred to our old sheets; returns those
        that could not be written (for the owner's message)."""
        lost = []
        for k, formula in formulas:
            try:
                if formula is None:
                    raise ValueError("not read")
                rng = self.book.sheets[k.sheet].range(k.ref)
                if k.kind == "array":
                    rng.formula_array = formula
                elif k.kind == "spill":
                    rng.formula2 = formula
                else:
                    rng.formula = formula
            except Exception:  # noqa: BLE001
                lost.append(f"the formula in {quote_sheet(k.sheet)}!{k.ref}")
        for name, refers_to in owner_names:
            try:
                self.book.names[name].refers_to = refers_to
            except Exception:  # noqa: BLE001
                lost.append(f"the name {name}")
        return lost

    def _select(self, sheet: str) -> None:
        """Selects one sheet only (ungroups the copies), so the owner's next edit lands on it alone."""
        try:
            self.book.sheets[sheet].select()
        except Exception:  # noqa: BLE001 - cosmetic; the sheets are in
            pass

    # -- the rest

    def calculate_full(self) -> None:
        self.os.calculate_full(self.app)

    def status(self, text: str | None) -> None:
        try:
            self.app.status_bar = text if text else False
        except Exception:  # noqa: BLE001 - the status bar is a nicety
            pass

    def alert(self, text: str, title: str) -> None:
        _alert(self.app, text, title, self.run)

    def ask(self, text: str, title: str) -> str:
        if self.run is not None and self.run.quiet:  # a self-test: its marker says which copy
            return self.run.answer
        answer = self.app.alert(text, title=title, buttons="yes_no_cancel") if self.app is not None else "no"
        return answer if answer in ("yes", "cancel") else "no"


def sheet_scope(name: str) -> str:
    """The sheet of a sheet-level name as Excel gives it ('Rank History'!Print_Titles), "" for a
    workbook-level one."""
    if "!" not in name:
        return ""
    sheet = name.rsplit("!", 1)[0]
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") and sheet.endswith("'") else sheet


def _alert(app, text: str, title: str, run: Run | None) -> None:
    if run is not None:
        run.message(text)
        if run.quiet:
            return
    if app is not None:
        app.alert(text, title=title)


# ---------------------------------------------------------------- the buttons

def _active_book(app):
    """``app.books.active``, or None: xlwings wraps Excel's Nothing in a Book whose calls fail."""
    try:
        book = app.books.active
        if book is None or not book.name:
            return None
        return book
    except Exception:  # noqa: BLE001
        return None


def book_caller():
    """(app, workbook): the workbook the owner is working in, or (app, None) when there is none.

    RunPython passes ActiveWorkbook's name, which xlwings' Book.caller() opens; from the add-in with no
    workbook open that is the add-in itself (or Book.caller() fails), and there is nothing to rank."""
    import xlwings as xw

    try:
        caller = xw.Book.caller()
        app = caller.app
    except Exception:  # noqa: BLE001
        caller = None
        try:
            app = xw.apps.active
        except Exception:  # noqa: BLE001
            app = None
    active = _active_book(app) if app is not None else None
    book = active if active is not None else caller
    try:
        if book is not None and Path(book.name).suffix.lower() in ADDIN_SUFFIXES:
            book = None
    except Exception:  # noqa: BLE001
        book = None
    return app, book


# what a button's work gives: whether it was done, and what to say of it in last-run.json
Outcome = tuple[bool, dict[str, Any] | None]
# a button's work on the owner's workbook (with xlwings' App and the run), and work that needs no workbook
BookAction = Callable[[XlwingsBook, Any, Run], Outcome]
AppAction = Callable[[Any, Run], Outcome]


def _button(command: str, addin_version: str | None, quiet: bool, action: BookAction,
            without_book: AppAction | None = None) -> dict[str, Any]:
    """Runs one button: the version checks, the workbook, ``action``; never an xlwings traceback
    window. With no workbook open, ``without_book`` runs instead (none: the owner is told to open
    one). Returns (and leaves in last-run.json) the run's status."""
    run = Run(command, addin_version, quiet)
    app = None
    ok: bool = False
    result: dict[str, Any] | None = None
    try:
        try:
            app, book = book_caller()
        except Exception:  # noqa: BLE001 - xlwings itself is broken: the version check says why
            app, book = None, None
        problem = version_problem(addin_version)
        if problem:
            raise Refused(problem)
        if book is None:
            if without_book is None:
                raise Refused(NO_WORKBOOK)
            ok, result = without_book(app, run)
        else:
            run.data["workbook"] = book.name
            ok, result = action(XlwingsBook(book, run), app, run)
    except Refused as exc:
        _safe_alert(app, str(exc), run)
    except BaseException as exc:  # noqa: BLE001 - a message box, never a traceback window
        _safe_alert(app, f"Something went wrong inside Client Rank ({type(exc).__name__}: {str(exc)[:200]}). "
                         "Please report this.", run)
    finally:
        run.finish(ok, result)
    return run.data


def _safe_alert(app, text: str, run: Run) -> None:
    try:
        _alert(app, text, TITLE, run)
    except Exception:  # noqa: BLE001 - the status file has it
        pass


def rerank(addin_version: str | None = None, quiet: bool = False) -> dict[str, Any]:
    """The Re-rank button (and the self-test's ReRankActiveWorkbook)."""
    def action(b: XlwingsBook, app: Any, run: Run) -> Outcome:
        result = rerank_live(b)
        if result is None:
            return False, None
        return True, {"clients": len(result.ranking.table), "sheet": RANKING_SHEET}

    return _button("rerank", addin_version, quiet, action)


def settings(addin_version: str | None = None, quiet: bool = False) -> dict[str, Any]:
    """The Settings button: opens the settings sheet (Re-rank creates it the first time)."""
    def action(b: XlwingsBook, app: Any, run: Run) -> Outcome:
        names = [s.name for s in b.book.sheets]
        if SETTINGS_SHEET not in names:
            if rerank_live(b) is None:
                return False, None
            names = [s.name for s in b.book.sheets]
        if SETTINGS_SHEET not in names:
            return False, None
        b.book.sheets[SETTINGS_SHEET].activate()
        return True, {"sheet": SETTINGS_SHEET}

    return _button("settings", addin_version, quiet, action)


def share(addin_version: str | None = None, quiet: bool = False, anonymize: bool = False) -> dict[str, Any]:
    """The Share with advisor button (and the self-test's ShareActiveWorkbook); with ``anonymize``,
    Share anonymously."""
    def action(b: XlwingsBook, app: Any, run: Run) -> Outcome:
        out = share_live(b, anonymize=anonymize)
        return (out is not None), ({"path": str(out), "anonymous": anonymize} if out is not None else None)

    return _button("share anonymously" if anonymize else "share", addin_version, quiet, action)


def share_anonymously(addin_version: str | None = None, quiet: bool = False) -> dict[str, Any]:
    """The Share anonymously button (and ShareAnonymouslyActiveWorkbook): clients called Client 001,
    Client 002, ... in the copy, who is who kept in the open workbook's sheet ClientRank Aliases."""
    return share(addin_version, quiet, anonymize=True)


def help(addin_version: str | None = None, quiet: bool = False) -> dict[str, Any]:  # noqa: A001 - the ribbon button's name
    """The Help button."""
    def show(app: Any, run: Run) -> Outcome:
        _alert(app, HELP, TITLE, run)
        return True, None

    def action(_book: XlwingsBook, app: Any, run: Run) -> Outcome:
        return show(app, run)

    return _button("help", addin_version, quiet, action, without_book=show)

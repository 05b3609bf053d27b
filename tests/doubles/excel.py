"""A small model of Excel behind xlwings' API, for the Re-rank button's xlwings side (macro.py).

It models what the desk review named: a Mac ``.api`` is an appscript object (COM names raise
AttributeError), a Windows ``.api`` speaks COM; Excel's application settings stay as code leaves
them; copied sheets stay grouped (selected together); a sheet copied alone refers to the other sheets
of its source workbook (an external link), a group copy keeps those references inside; a copy is
named "Ranking (2)" while "Ranking" exists; deleting a sheet turns formulas and names that refer to
it into #REF!; Excel cannot open two workbooks of the same name; ``Book.fullname`` raises for a
OneDrive/SharePoint workbook without a synced folder; events run Workbook_Open unless disabled.
Any step can be made to fail (``app.fail``). Cells, formats, drop-downs and Paste Special: excel_cells.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from openpyxl import load_workbook

from tests.doubles.excel_cells import Grid, Range


class Boom(Exception):
    """An Excel call that failed (the double's stand-in for a COM or AppleScript error)."""


def _mentions(text: str, sheet: str) -> bool:
    return bool(re.search(r"(?:'" + re.escape(sheet.replace("'", "''")) + r"'|(?<![\w.\]\['])" + re.escape(sheet)
                          + r")!", text or "", re.IGNORECASE))


def _quote(sheet: str) -> str:
    return sheet if re.fullmatch(r"\w+", sheet) else "'" + sheet.replace("'", "''") + "'"


def _resheet(text: str, old: str, new: str) -> str:
    """``text`` with references to sheet ``old`` pointing at ``new`` (as Excel re-writes them)."""
    pattern = r"(?:'" + re.escape(old.replace("'", "''")) + r"'|(?<![\w.\]\['])" + re.escape(old) + r")!"
    return re.sub(pattern, lambda _: _quote(new) + "!", text or "", flags=re.IGNORECASE)


class App:
    def __init__(self, mac: bool = True, answer: str = "ok") -> None:
        self.mac = mac
        self.display_alerts = True
        self.screen_updating = True
        self.enable_events = True
        self.calculation = "automatic"
        self.status_bar = False
        self.books = Books(self)
        self.alerts: list[str] = []
        self.questions: list[str] = []
        self.answer = answer
        self.fail: set[str] = set()
        self.steps: list[str] = []
        self.opened: list[dict] = []
        self.recalculated = 0
        self.workbook_open_ran: list[str] = []
        self.clipboard = None  # the range last copied (Excel's copy mode: the marching ants)
        self.writes: list = []  # every (sheet, (row, column), value) code wrote
        self.api = MacAppApi(self) if mac else WinAppApi(self)

    def step(self, name: str) -> None:
        self.steps.append(name)
        if name in self.fail:
            raise Boom(f"Excel failed at {name}")

    @property
    def cut_copy_mode(self):
        return "copy" if self.clipboard is not None else None

    @cut_copy_mode.setter
    def cut_copy_mode(self, value):
        if value is False:
            self.clipboard = None

    def settings(self) -> dict:
        return {k: getattr(self, k) for k in ("display_alerts", "screen_updating", "enable_events", "calculation")}

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        if buttons == "ok_cancel":
            self.questions.append(prompt)
            return self.answer
        if buttons == "yes_no_cancel":  # Share with advisor: whole workbook or the ranking only
            self.questions.append(prompt)
            return getattr(self, "share_answer", "no")
        self.alerts.append(prompt)
        return "ok"


class Books:
    def __init__(self, app: App) -> None:
        self.app = app
        self.items: list[Book] = []

    @property
    def active(self):
        return self.items[0] if self.items else NoBook()

    def __iter__(self):
        return iter(self.items)

    def open(self, fullname, update_links=None, read_only=None, **kw):
        app = self.app
        name = Path(fullname).name
        if any(b.name.lower() == name.lower() for b in self.items):  # as xlwings' Books.open
            raise ValueError(f"Cannot open two workbooks named '{name}', even if they are saved in different "
                             "locations.")
        app.step("open")
        app.opened.append({"update_links": update_links, "read_only": read_only, "enable_events": app.enable_events,
                           "display_alerts": app.display_alerts, "screen_updating": app.screen_updating})
        book = Book.from_file(app, Path(fullname), register=True)
        if app.enable_events:
            app.workbook_open_ran.append(name)
        return book


class NoBook:
    """What xlwings' ``books.active`` gives with no workbook open: a Book around Excel's Nothing."""

    @property
    def name(self):
        raise AttributeError("'NoneType' object has no attribute 'Name'")


class Book:
    def __init__(self, app: App, name: str, path: Path | None = None, register: bool = True) -> None:
        self.app = app
        self.name = name
        self.path = path
        self.url = ""            # a OneDrive/SharePoint address (Excel's FullName)
        self.synced: Path | None = None  # the synced local file xlwings finds for it, if any
        self.saved = True
        self.sheet_list: list[Sheet] = []
        self.sheets = Sheets(self)
        self.names = Names(self)
        self.selected: list[Sheet] = []
        self.active_sheet: Sheet | None = None
        self.closed = False
        self.api = MacBookApi(self) if app.mac else WinBookApi(self)
        if register:
            app.books.items.append(self)

    @classmethod
    def from_file(cls, app: App, path: Path, register: bool = True) -> "Book":
        book = cls(app, path.name, path, register)
        wb = load_workbook(path, read_only=False)
        for ws in wb.worksheets:
            s = Sheet(book, ws.title, visible=ws.sheet_state == "visible")
            s.grid = Grid.from_openpyxl(ws)
            book.sheet_list.append(s)
        for name, dn in wb.defined_names.items():
            book.names.items.append(Name(book, name, "=" + (dn.attr_text or "")))
        for ws, s in zip(wb.worksheets, book.sheet_list):  # sheet-level names: filters, print areas
            q = f"'{ws.title}'" if not re.fullmatch(r"\w+", ws.title) else ws.title
            local = {"_FilterDatabase": ws.auto_filter.ref and q + "!" + re.sub(r"([A-Z]+)(\d+)", r"$\1$\2",
                                                                               ws.auto_filter.ref),
                     "Print_Titles": ws.print_title_rows and q + "!" + ws.print_title_rows,
                     "Print_Area": ws.print_area or None}
            for name, ref in local.items():
                if ref:
                    book.names.items.append(Name(book, name, "=" + ref, scope=s))
        # the Ranking sheet's charts read Methodology and Rank History
        for s in book.sheet_list:
            if s.name == "Ranking":
                s.refs = {(None, "ClientRank Methodology"), (None, "Rank History")}
        book.active_sheet = book.sheet_list[0]
        book.selected = [book.sheet_list[0]]
        return book

    @property
    def fullname(self) -> str:
        if self.url:
            if self.synced is None:
                raise Exception("Couldn't find your local OneDrive file, see: xlwings.org/error")
            return str(self.synced)
        return str(self.path) if self.path else self.name

    def full_name(self) -> str:
        return self.url or (str(self.path) if self.path else self.name)

    def save(self, path=None):
        self.app.step("save")
        self.saved = True

    def close(self):
        self.app.step("close")
        self.closed = True
        self.app.books.items.remove(self)

    def activate(self, steal_focus=False):
        pass

    def links(self) -> set[str]:
        return {b for s in self.sheet_list for b, _ in s.refs if b is not None}

    def state(self) -> dict:
        """Everything a failed Re-rank must leave as it was."""
        return {"sheets": [(s.name, s.visible) for s in self.sheet_list],
                "names": sorted((n.name, n.refers_to) for n in self.names.items),
                "formulas": {s.name: dict(s.formulas) for s in self.sheet_list}}


class Sheets:
    def __init__(self, book: Book) -> None:
        self.book = book

    def __iter__(self):
        return iter(list(self.book.sheet_list))

    def __len__(self):
        return len(self.book.sheet_list)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.book.sheet_list[key]
        for s in self.book.sheet_list:
            if s.name.lower() == key.lower():
                return s
        raise KeyError(key)

    @property
    def active(self):
        return self.book.active_sheet


class Sheet:
    def __init__(self, book: Book, name: str, visible: bool = True) -> None:
        self.book = book
        self._name = name
        self._visible = visible
        self.formulas: dict[str, str] = {}
        self.grid = Grid()  # its cells (excel_cells.py)
        self.refs: set[tuple[str | None, str]] = set()  # (other workbook or None for this one, sheet)
        self.api = MacSheetApi(self) if book.app.mac else WinSheetApi(self)

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        self.book.app.step("rename")
        if any(s.name.lower() == value.lower() for s in self.book.sheet_list if s is not self):
            raise Boom(f"a sheet named {value} exists")
        old = self._name
        self._name = value
        for s in self.book.sheet_list:  # Excel follows a renamed sheet in formulas, names and charts
            s.formulas = {a: _resheet(f, old, value) for a, f in s.formulas.items()}
            s.refs = {(b, value if b is None and n == old else n) for b, n in s.refs}
        for n in self.book.names.items:
            n.refers_to = _resheet(n.refers_to, old, value)

    @property
    def visible(self):
        return self._visible

    @visible.setter
    def visible(self, value):
        self.book.app.step(f"visible:{self.name}")
        if not value and self in self.book.selected and len(self.book.selected) > 1:
            raise Boom("cannot hide a sheet of a group")
        if not value and sum(s.visible for s in self.book.sheet_list) <= 1:
            raise Boom("a workbook must keep one visible sheet")
        self._visible = bool(value)

    def _free_name(self, target: Book) -> str:
        taken = {s.name.lower() for s in target.sheet_list}
        if self.name.lower() not in taken:
            return self.name
        k = 2
        while f"{self.name} ({k})".lower() in taken:
            k += 1
        return f"{self.name} ({k})"

    def _copy_into(self, target: Book, index: int, group: set[str]) -> "Sheet":
        new = Sheet(target, self._free_name(target), self.visible)
        new.formulas, new.grid = dict(self.formulas), self.grid.copy()
        src = self.book
        new.refs = {((src.name if b is None and n not in group else b), n) for b, n in self.refs}
        target.sheet_list.insert(index, new)
        for n in [n for n in src.names.items if n.scope is self]:  # its sheet-level names come along
            target.names.items.append(Name(target, n.base, _resheet(n.refers_to, self.name, new.name), scope=new))
        # workbook-level names that refer to the sheet come along unless the target has the name
        for n in src.names.items:
            if n.scope is None and _mentions(n.refers_to, self.name) and \
                    not any(m.name == n.name for m in target.names.items):
                target.names.items.append(Name(target, n.name, _resheet(n.refers_to, self.name, new.name)))
        return new

    def copy(self, before=None, after=None, name=None):
        """xlwings' Sheet.copy: one sheet, to after/before a sheet of any open workbook."""
        self.book.app.step(f"copy:{self.name}")
        target = (after or before).book
        index = target.sheet_list.index(after) + 1 if after else target.sheet_list.index(before)
        new = self._copy_into(target, index, group={self.name})
        new.refs = {(b, new.name if b is None and n == self.name else n) for b, n in new.refs}
        target.selected, target.active_sheet = [new], new
        return new

    def delete(self):
        book = self.book
        book.app.step(f"delete:{self.name}")
        if sum(s.visible for s in book.sheet_list if s is not self) == 0:
            raise Boom("a workbook must keep one visible sheet")
        book.sheet_list.remove(self)
        book.names.items = [n for n in book.names.items if n.scope is not self]
        for s in book.sheet_list:
            s.refs = {(b, "#REF!" if b is None and n == self.name else n) for b, n in s.refs}
            s.formulas = {a: (re.sub(r"(?:'[^']*'|\w+)!", "#REF!", f) if _mentions(f, self.name) else f)
                          for a, f in s.formulas.items()}
        for n in book.names.items:
            if _mentions(n.refers_to, self.name):
                n.refers_to = "=#REF!$A$1"
        book.selected = [s for s in book.selected if s is not self] or [book.sheet_list[0]]
        if book.active_sheet is self:
            book.active_sheet = book.selected[0]

    def select(self):
        self.book.app.step("select")
        self.book.selected, self.book.active_sheet = [self], self

    def activate(self):  # activating a sheet of a group keeps the group
        if self not in self.book.selected:
            self.book.selected = [self]
        self.book.active_sheet = self

    def range(self, ref, ref2=None):
        return Range(self, ref, ref2)


class Names:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.items: list[Name] = []

    def __iter__(self):
        return iter(list(self.items))

    def __getitem__(self, key):
        for n in self.items:
            if n.name.lower() == key.lower():
                return n
        raise KeyError(key)

    def add(self, name, refers_to):
        self.book.app.step("names.add")
        for n in self.items:
            if n.name.lower() == name.lower():
                n.refers_to = refers_to
                return n
        n = Name(self.book, name, refers_to)
        self.items.append(n)
        return n


class Name:
    def __init__(self, book: Book, name: str, refers_to: str, scope: Sheet | None = None) -> None:
        self.book, self.base, self.refers_to, self.scope = book, name, refers_to, scope
        self.hidden = False
        self.api = MacNameApi(self) if book.app.mac else WinNameApi(self)

    @property
    def name(self):
        """As Excel's Name.Name: 'Rank History'!Print_Titles for a sheet-level name."""
        if self.scope is None:
            return self.base
        sheet = self.scope.name
        return (f"'{sheet}'" if not re.fullmatch(r"\w+", sheet) else sheet) + "!" + self.base

    def delete(self):
        self.book.names.items.remove(self)


# ---------------------------------------------------------------- .api: appscript on a Mac, COM on Windows

class _Prop:
    def __init__(self, get, set_=None):
        self._get, self._set = get, set_

    def get(self):
        return self._get()

    def set(self, value):
        self._set(value)


class MacAppApi:
    """appscript: lower-case commands; a COM name (CalculateFull, ...) is an AttributeError."""

    def __init__(self, app):
        self._app = app

    def calculate_full(self):
        self._app.step("calculate")
        self._app.recalculated += 1


class MacBookApi:
    def __init__(self, book):
        self._book = book
        self.saved = _Prop(lambda: book.saved)
        self.full_name = _Prop(book.full_name)

    def link_sources(self, type=None):
        return sorted(self._book.links()) or None

    def change_link(self, name, new_name, type=None):
        book = self._book
        book.app.step("links")
        if new_name != book.full_name():
            raise Boom("change link to another workbook")
        for s in book.sheet_list:
            s.refs = {(None if b == name else b, n) for b, n in s.refs}


class MacSheetApi:
    def __init__(self, sheet):
        self._sheet = sheet


class MacNameApi:
    def __init__(self, name):
        self.visible = _Prop(lambda: not name.hidden, lambda v: setattr(name, "hidden", not v))


class WinAppApi:
    def __init__(self, app):
        self._app = app

    def CalculateFull(self):  # noqa: N802 - COM
        self._app.step("calculate")
        self._app.recalculated += 1


class WinBookApi:
    def __init__(self, book):
        self._book = book

    @property
    def FullName(self):  # noqa: N802
        return self._book.full_name()

    def SaveCopyAs(self, path):  # noqa: N802
        self._book.app.step("save_copy")
        shutil.copyfile(self._book.path, path)

    def Sheets(self, names):  # noqa: N802
        return _WinSheetGroup(self._book, list(names))

    def LinkSources(self, kind):  # noqa: N802
        return tuple(sorted(self._book.links())) or None

    def ChangeLink(self, Name, NewName, Type):  # noqa: N802, N803
        MacBookApi(self._book).change_link(Name, NewName)


class _WinSheetGroup:
    def __init__(self, book, names):
        self.book, self.names = book, names

    def Copy(self, After=None, Before=None):  # noqa: N802, N803
        """A group copy: the sheets in the source's tab order, references among them kept inside."""
        self.book.app.step("copy")
        sheets = [s for s in self.book.sheet_list if s.name in self.names]
        if not all(s.visible for s in sheets):
            raise Boom("Copy method of Sheets class failed (a hidden sheet in the group)")
        target_sheet = After._sheet
        target = target_sheet.book
        index = target.sheet_list.index(target_sheet) + 1
        new = []
        for s in sheets:
            new.append(s._copy_into(target, index, group=set(self.names)))
            index += 1
        renamed = {s.name: c.name for s, c in zip(sheets, new)}
        for c in new:
            c.refs = {(b, renamed.get(n, n) if b is None else n) for b, n in c.refs}
        target.selected, target.active_sheet = new, new[0]  # Excel leaves the copies grouped


class WinSheetApi:
    def __init__(self, sheet):
        self._sheet = sheet


class WinNameApi:
    def __init__(self, name):
        self._name = name

    @property
    def Visible(self):  # noqa: N802
        return not self._name.hidden

    @Visible.setter
    def Visible(self, value):  # noqa: N802
        self._name.hidden = not value

"""The real Excel, through xlwings: :func:`connect_xlwings` starts a separate, hidden instance and
:class:`XlwingsExcel` implements :class:`~xlclientrank.excel.selftest.boundary.Excel` with the
open-source part of xlwings. The only module of the self-test that imports xlwings, inside
:func:`connect_xlwings`, so the rest imports without it.
"""

from __future__ import annotations

import platform
import time
from pathlib import Path
from typing import Any, Callable

from .boundary import MACRO_TIMEOUT, NoExcel
from .causes import short
from .cells import as_rows
from .watch import close_dialogs, kill, running, watched


def connect_xlwings() -> "XlwingsExcel":
    system = platform.system()
    if system not in ("Windows", "Darwin"):
        raise NoExcel(f"Excel does not run on {system or 'this system'}, so there is nothing to test here "
                      "(xlclientrank rerank works without Excel).")
    try:
        import xlwings as xw
    except ImportError:
        raise NoExcel("xlwings is not installed, so Excel cannot be reached: run  pip install xlwings") from None
    if "excel" not in [e.name for e in xw.engines]:
        raise NoExcel("xlwings finds no Excel on this computer"
                      + (" (on Windows it needs pywin32: pip install pywin32)" if system == "Windows" else "") + ".")
    if system == "Darwin" and xw.apps.count:
        raise NoExcel("Excel is running: on a Mac the self-test cannot use a separate Excel, so quit Excel and run "
                      "it again.")
    try:
        app = xw.App(visible=False, add_book=False)
    except Exception as exc:
        raise NoExcel(f"Excel could not be started ({short(exc, 120)}); is Excel installed?") from None
    return XlwingsExcel(app)


class XlwingsExcel:
    """:class:`Excel` with the open-source part of xlwings, on one separate, hidden instance."""

    MSO_AUTOMATION_SECURITY_LOW, MSO_AUTOMATION_SECURITY_BY_UI = 1, 2

    def __init__(self, app: Any) -> None:
        self.app = app
        self.pid = app.pid
        self.windows = platform.system() == "Windows"
        self.formulas = self.windows
        self.stopped = False
        self.timeout = MACRO_TIMEOUT  # for opening and recalculating (macros get theirs from the step)
        self.version = str(app.version)
        app.display_alerts = False  # no "save changes?" or link prompts in the hidden instance

    def _book(self, name: str) -> Any:
        return self.app.books[name]

    def _watched(self, call: Callable[[], Any], timeout: float) -> tuple[Any, list[str]]:
        return watched(call, timeout, self._dialogs, self._kill)

    def _dialogs(self) -> list[str]:
        return close_dialogs(self.pid) if self.windows else []

    def _kill(self) -> None:
        self.stopped = True
        kill(self.pid)

    def open(self, path: Path, read_only: bool = False, trust_center: bool = False) -> str:
        api = self.app.api
        if self.windows:  # Trust Center settings for the add-in; a scratch copy is trusted as if "Enable Content"
            api.AutomationSecurity = self.MSO_AUTOMATION_SECURITY_BY_UI if trust_center else \
                self.MSO_AUTOMATION_SECURITY_LOW
        try:
            book, shown = self._watched(lambda: self.app.books.open(str(path), update_links=False,
                                                                    read_only=read_only), self.timeout)
        finally:
            if self.windows and not self.stopped:
                api.AutomationSecurity = self.MSO_AUTOMATION_SECURITY_LOW
        if shown and trust_center:
            raise RuntimeError("Excel showed: " + " / ".join(shown))
        return str(book.name)

    def open_shown(self, path: Path) -> tuple[str, list[str]]:
        book, shown = self._watched(lambda: self.app.books.open(str(path), update_links=False, read_only=True),
                                    self.timeout)
        return book.name, shown

    def close(self, book: str) -> None:
        self._book(book).close()

    def is_open(self, name: str) -> bool:
        try:
            self.app.books[name]
            return True
        except Exception:
            pass
        try:
            return any(a.Name == name for a in self.app.api.AddIns2)
        except Exception:
            return False

    def activate(self, book: str) -> None:
        self._book(book).activate()

    def run_macro(self, macro: str, timeout: float) -> list[str]:
        _, shown = self._watched(lambda: self.app.macro(macro)(), timeout)
        return shown

    def sheets(self, book: str) -> list[str]:
        return [s.name for s in self._book(book).sheets]

    def add_sheet(self, book: str, name: str) -> None:
        b = self._book(book)
        b.sheets.add(name, after=b.sheets[len(b.sheets) - 1])

    def _range(self, book: str, sheet: str, address: str) -> Any:
        return self._book(book).sheets[sheet].range(address)

    def read(self, book: str, sheet: str, address: str) -> Any:
        rng = self._range(book, sheet, address)
        if ":" in address:
            return rng.options(ndim=2, err_to_str=True).value
        return rng.options(err_to_str=True).value

    def write(self, book: str, sheet: str, address: str, value: Any) -> None:
        rng = self._range(book, sheet, address)
        flat = [c for r in as_rows(value) for c in r]
        if any(isinstance(c, str) and c.startswith("=") for c in flat):
            rng.formula = value
        else:
            rng.value = value

    def used(self, book: str, sheet: str) -> list[list[Any]]:
        s = self._book(book).sheets[sheet]
        last = s.used_range.last_cell
        return as_rows(s.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value)

    def calculate_full(self) -> None:
        self._watched(lambda: self.app.api.CalculateFull() if self.windows else self.app.calculate(), self.timeout)

    def calculate(self, book: str, sheet: str, address: str) -> None:
        rng = self._range(book, sheet, address)
        self._watched(lambda: rng.api.Calculate() if self.windows else self.app.calculate(), self.timeout)

    def quit(self) -> None:
        if self.app is None:
            return
        app, self.app = self.app, None
        if not self.stopped:
            try:
                for book in list(app.books):
                    book.close()
                app.quit()
            except Exception:
                pass
        deadline = time.monotonic() + 10
        while running(self.pid) and time.monotonic() < deadline:
            time.sleep(0.25)
        if running(self.pid):
            try:
                app.kill()
            except Exception:
                kill(self.pid)

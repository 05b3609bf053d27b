"""The Excel boundary: what the steps need from one separate Excel instance (:class:`Excel`), and the
two ways it can fail them (:class:`NoExcel`, :class:`ExcelStopped`).

:class:`xlclientrank.excel.selftest.adapter.XlwingsExcel` implements it with xlwings; the tests
implement it with files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

MACRO_TIMEOUT = 180.0  # seconds a call into Excel may take before Excel is stopped


class NoExcel(Exception):
    """Excel cannot be started here (not Windows/Mac, no xlwings engine, Excel not installed)."""


class ExcelStopped(Exception):
    """A call into Excel did not finish in time; Excel was stopped."""


class Excel(Protocol):
    """What the steps need from one separate Excel instance. Books are named as Excel names them
    (``ClientRank.xlsm``); addresses are A1-style on a sheet of that book."""

    version: str       # Excel's version (app.version)
    formulas: bool     # the CLIENT_* cell formulas run here (xlwings: Excel for Windows only)
    stopped: bool      # Excel had to be stopped (a call hung); nothing more can be asked of it

    def open(self, path: Path, read_only: bool = False, trust_center: bool = False) -> str:
        """Opens a workbook or add-in in this instance and returns its name. ``trust_center``: macros
        only as the owner's Trust Center settings allow (as when Excel loads the add-in itself)."""

    def open_shown(self, path: Path) -> tuple[str, list[str]]:
        """Opens a workbook read-only as an owner would (macros as for any file); returns its name and
        the texts of the boxes Excel showed while opening it (read and closed), such as "We found a
        problem with some content"."""

    def close(self, book: str) -> None:
        """Closes a book without saving."""

    def is_open(self, name: str) -> bool:
        """The book or add-in ``name`` is open in this instance (app.books or AddIns)."""

    def activate(self, book: str) -> None:
        """Makes ``book`` the active workbook (the one the ribbon's macros work on)."""

    def run_macro(self, macro: str, timeout: float) -> list[str]:
        """Runs a VBA macro (Application.Run); returns the texts of message boxes it showed (they are
        read and closed); raises the COM error, or ExcelStopped after ``timeout`` seconds."""

    def sheets(self, book: str) -> list[str]:
        """The book's sheet names."""

    def add_sheet(self, book: str, name: str) -> None:
        """Adds an empty sheet at the end."""

    def read(self, book: str, sheet: str, address: str) -> Any:
        """A cell's value, or a range's rows of values (cell errors as text, e.g. '#NAME?')."""

    def write(self, book: str, sheet: str, address: str, value: Any) -> None:
        """Writes a value or formula ('=...') to a cell, or rows of them to a range."""

    def used(self, book: str, sheet: str) -> list[list[Any]]:
        """The sheet's values from A1 to its last used cell."""

    def calculate_full(self) -> None:
        """Recalculates every formula of every open book (CalculateFull)."""

    def calculate(self, book: str, sheet: str, address: str) -> None:
        """Recalculates the cells of one range (Range.Calculate)."""

    def quit(self) -> None:
        """Closes every book without saving and ends the instance (kills it when it does not end)."""

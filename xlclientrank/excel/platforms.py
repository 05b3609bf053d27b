"""The platform's own Excel calls, where xlwings has none: :class:`Windows` (COM, ``.api`` on
Windows) and :class:`Mac` (appscript, ``.api`` on a Mac, the commands of Excel's AppleScript
dictionary that xlwings' own ``_xlmac.py`` uses); :func:`platform` picks one. :func:`app_settings`
sets Excel's application settings for a block and puts them back.

Standard library only (appscript is imported inside :func:`_keyword`).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

WINDOWS = sys.platform.startswith("win")


def _keyword(name: str):
    """An appscript keyword (``k.name``); its name where appscript is not installed (the tests)."""
    try:
        from appscript import k

        return getattr(k, name)
    except ImportError:
        return name


class Windows:
    """Excel's COM object model, where xlwings has no call of its own."""

    @staticmethod
    def save_copy(book, path: Path) -> None:
        book.api.SaveCopyAs(str(path))  # keeps the workbook's own file format

    @staticmethod
    def full_name(book) -> str:
        return str(book.api.FullName)

    @staticmethod
    def copy_sheets(src, names: list[str], after) -> None:
        # one copy of the group keeps the references between our sheets (the Ranking sheet's charts
        # read Methodology and Rank History) inside the owner's workbook
        src.api.Sheets(list(names)).Copy(After=after.api)

    @staticmethod
    def link_sources(book) -> list[str]:
        return list(book.api.LinkSources(1) or ())  # 1: xlExcelLinks

    @staticmethod
    def change_link(book, old: str, new: str) -> None:
        book.api.ChangeLink(Name=old, NewName=new, Type=1)

    @staticmethod
    def hide_name(name) -> None:
        name.api.Visible = False

    @staticmethod
    def calculate_full(app) -> None:
        app.api.CalculateFull()


class Mac:
    """Excel's AppleScript dictionary (appscript; xlwings' mac_dict.py), where xlwings has no call.

    It has no counterpart of SaveCopyAs: ``save workbook as`` re-targets the open workbook (xlwings'
    ``_xlmac.Book.save`` rebinds to the new name), so the copy is the saved file itself."""

    @staticmethod
    def save_copy(book, path: Path) -> None:
        raise NotImplementedError  # see XlwingsBook.save_copy

    @staticmethod
    def saved(book) -> bool:
        return bool(book.api.saved.get())

    @staticmethod
    def full_name(book) -> str:
        return str(book.api.full_name.get())

    @staticmethod
    def copy_sheets(src, names: list[str], after) -> None:
        for n in names:  # Excel's AppleScript copies one worksheet at a time: xlwings' Sheet.copy
            after = src.sheets[n].copy(after=after)

    @staticmethod
    def link_sources(book) -> list[str]:
        return list(book.api.link_sources(type=_keyword("link_type_Excel_links")) or ())

    @staticmethod
    def change_link(book, old: str, new: str) -> None:
        book.api.change_link(name=old, new_name=new, type=_keyword("link_type_Excel_links"))

    @staticmethod
    def hide_name(name) -> None:
        name.api.visible.set(False)

    @staticmethod
    def calculate_full(app) -> None:
        app.api.calculate_full()


def platform():
    return Windows if WINDOWS else Mac


@contextmanager
def app_settings(app, **values: Any) -> Iterator[None]:
    """Sets Excel's application settings for the block and puts every one that was changed back,
    whatever fails (Excel does not reset them after code from another process). Like xlwings'
    ``App.properties``, but a setting that cannot be changed or restored does not stop the others."""
    changed: list[tuple[str, Any]] = []
    try:
        for key, value in values.items():
            try:
                old = getattr(app, key)
            except Exception:  # noqa: BLE001 - e.g. no calculation mode to read: leave it alone
                continue
            if old == value:
                continue
            setattr(app, key, value)
            changed.append((key, old))
        yield
    finally:
        for key, old in reversed(changed):
            try:
                setattr(app, key, old)
            except Exception:  # noqa: BLE001 - restore the others all the same
                pass


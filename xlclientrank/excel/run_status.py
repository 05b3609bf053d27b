"""What a button's run leaves for ``xlclientrank selftest``: ``last-run.json`` (see :class:`Run`) in
:func:`status_dir`, the self-test's marker that silences the message boxes, and the check that the
add-in, this package and xlwings belong together (:func:`version_problem`).

Standard library only (xlwings is imported inside :func:`installed_xlwings_version`), so the ribbon's
``import xlclientrank.excel.macro`` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

from xlclientrank import __version__

# the xlwings whose VBA module the add-in carries (workbook/src/xlwings.bas, Const XLPyDLLName): its
# DLL (Windows) and AppleScript (Mac) are named by this version, so Python's xlwings must be the same
XLWINGS_VBA = "0.37.8"
# a self-test creates this file (in the status folder) to run the buttons without message boxes;
# older than this many seconds it is ignored, so a forgotten one never silences the owner's buttons
SELFTEST_MARKER = "selftest"
SELFTEST_FRESH_SECONDS = 15 * 60


def status_dir() -> Path:
    """Where ``last-run.json`` goes: XLCLIENTRANK_STATUS_DIR, else ~/.xlclientrank."""
    try:
        return Path(os.environ.get("XLCLIENTRANK_STATUS_DIR") or Path.home() / ".xlclientrank")
    except Exception:  # noqa: BLE001 - no home folder: the status is a nicety
        import tempfile

        return Path(tempfile.gettempdir()) / "xlclientrank"


def selftest_running(folder: Path | None = None) -> bool:
    marker = (folder or status_dir()) / SELFTEST_MARKER
    try:
        return time.time() - marker.stat().st_mtime < SELFTEST_FRESH_SECONDS
    except OSError:
        return False


SHARE_WHOLE = "share: whole workbook"  # the marker's text when the self-test wants the whole workbook shared


def selftest_answer(folder: Path | None = None) -> str:
    """How a quiet run answers the Share button's question "Send your whole workbook?": "yes" when the
    self-test's marker says :data:`SHARE_WHOLE`, else "no" (the ranking-only copy)."""
    try:
        text = ((folder or status_dir()) / SELFTEST_MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "no"
    return "yes" if text.strip() == SHARE_WHOLE else "no"


def mark_selftest(text: str = "", folder: Path | None = None) -> Path | None:
    """Writes the self-test's marker (the buttons then show no message box, see :class:`Run`); ``text``:
    :data:`SHARE_WHOLE` for the whole workbook's copy. None when the status folder cannot be written."""
    marker = (folder or status_dir()) / SELFTEST_MARKER
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return marker


def touch_selftest(folder: Path | None = None) -> None:
    """Keeps the marker fresh (:data:`SELFTEST_FRESH_SECONDS`), if there is one."""
    try:
        os.utime((folder or status_dir()) / SELFTEST_MARKER)
    except OSError:
        pass


def unmark_selftest(folder: Path | None = None) -> None:
    try:
        ((folder or status_dir()) / SELFTEST_MARKER).unlink()
    except OSError:
        pass


class Run:
    """One click of a button: ``last-run.json`` in :func:`status_dir` says what it did.

    Keys: ``command`` ("rerank", "share", "settings", "help"), ``state`` ("running", then "done"),
    ``ok`` (true when the button did its work; false after a refusal or an error; null while running),
    ``message`` (the text of the last message box, "" if none), ``messages`` (all of them),
    ``workbook`` (the workbook's name), ``result`` (rerank: clients and ranking sheet; share: the
    copy's path), ``addin_version``, ``package_version``, ``xlwings_version``, ``started``/``finished``.
    The file is rewritten before each message box is shown, so it is current while a box is open."""

    def __init__(self, command: str, addin_version: str | None, quiet: bool = False) -> None:
        self.quiet = quiet or selftest_running()
        self.answer = selftest_answer() if self.quiet else "no"  # to the Share button's question, when quiet
        self.data: dict[str, Any] = {
            "command": command, "state": "running", "ok": None, "message": "", "messages": [], "workbook": "",
            "result": None, "addin_version": addin_version, "package_version": __version__,
            "xlwings_version": installed_xlwings_version(), "started": _now(), "finished": None}
        self.write()

    def message(self, text: str) -> None:
        self.data["messages"].append(text)
        self.data["message"] = text
        self.write()

    def finish(self, ok: bool, result: Any = None) -> None:
        self.data.update(state="done", ok=ok, result=result, finished=_now())
        self.write()

    def write(self) -> None:
        try:
            folder = status_dir()
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / "last-run.json.tmp"
            tmp.write_text(json.dumps(self.data, indent=1, default=str), encoding="utf-8")
            os.replace(tmp, folder / "last-run.json")
        except OSError:
            pass  # the status is for a self-test; the button works without it


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def installed_xlwings_version() -> str:
    """The version of the xlwings this Python imports, "" when it has none."""
    try:
        import xlwings

        return xlwings.__version__
    except Exception:  # noqa: BLE001 - not installed: said by version_problem
        return ""


def version_problem(addin_version: str | None, xlwings_version: str | None = None) -> str | None:
    """The message when the add-in and this Python do not belong together, else None."""
    fix = "Run  xlclientrank install  again in a terminal, then restart Excel."
    if addin_version is not None and str(addin_version).strip() != __version__:
        return (f"The Client Rank add-in in Excel is version {addin_version}, but the xlclientrank Python package "
                f"is version {__version__}: they must be the same. {fix}")
    xlwings_version = installed_xlwings_version() if xlwings_version is None else xlwings_version
    if xlwings_version != XLWINGS_VBA:
        return (f"The Client Rank add-in was made for xlwings {XLWINGS_VBA}, but Python has xlwings "
                f"{xlwings_version or '(none)'}. In a terminal run  pip install \"xlwings=={XLWINGS_VBA}\"  and then  "
                f"xlclientrank install  again, then restart Excel.")
    return None

"""Keeping a hidden Excel from hanging: :func:`watched` runs a call while it reads and closes the message
boxes Excel shows (:func:`close_dialogs`, Windows) and stops Excel after a timeout; :func:`running` and
:func:`kill` look at and end the self-test's own Excel process by its id.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import Any, Callable

from .boundary import ExcelStopped
from .causes import messages_text, short


def watched(call: Callable[[], Any], timeout: float, dialogs: Callable[[], list[str]],
            stop: Callable[[], None], poll: float = 0.5) -> tuple[Any, list[str]]:
    """Runs ``call`` while a watcher reads and closes the message boxes it shows (a hidden Excel would
    wait for them for ever) and stops Excel after ``timeout`` seconds. Returns (result, texts seen);
    raises the call's error with the texts, or ExcelStopped."""
    seen: list[str] = []
    done = threading.Event()
    timed_out = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not done.wait(poll):
            try:
                seen.extend(dialogs())
            except Exception:
                pass
            if time.monotonic() > deadline:
                timed_out.set()
                stop()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = call()
    except Exception as exc:
        if timed_out.is_set():
            raise ExcelStopped(f"Excel did not finish within {timeout:.0f} s and was stopped"
                               + messages_text(seen)) from exc
        if seen:
            raise RuntimeError(f"{short(exc)}{messages_text(seen)}") from exc
        raise
    finally:
        done.set()
        watcher.join(poll * 4)
    try:
        seen.extend(dialogs())
    except Exception:
        pass
    if timed_out.is_set():
        raise ExcelStopped(f"Excel did not finish within {timeout:.0f} s and was stopped" + messages_text(seen))
    return result, seen


def close_dialogs(pid: int) -> list[str]:
    """Windows: the texts of the message boxes of Excel ``pid`` (its own, and those Python shows with an
    Excel window as owner), each closed after reading."""
    try:
        import win32con
        import win32gui
        import win32process
    except ImportError:
        return []
    found: list[int] = []

    def of_excel(hwnd: int) -> bool:
        for h in (hwnd, win32gui.GetWindow(hwnd, win32con.GW_OWNER)):
            if h and win32process.GetWindowThreadProcessId(h)[1] == pid:
                return True
        return False

    def each(hwnd: int, _: Any) -> bool:
        if win32gui.GetClassName(hwnd) == "#32770" and of_excel(hwnd):
            found.append(hwnd)
        return True

    win32gui.EnumWindows(each, None)
    texts = []
    for hwnd in found:
        parts = [win32gui.GetWindowText(hwnd)]

        def child(h: int, parts: list[str]) -> bool:
            if win32gui.GetClassName(h) in ("Static", "RichEdit20W", "Edit"):
                parts.append(win32gui.GetWindowText(h))
            return True

        try:
            win32gui.EnumChildWindows(hwnd, child, parts)
        except Exception:
            pass
        texts.append(": ".join(p for p in parts if p))
        win32gui.PostMessage(hwnd, win32con.WM_CLOSE, 0, 0)
    return texts


def running(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def kill(pid: int) -> None:
    """Ends the self-test's own Excel process (by its id; never any other Excel)."""
    try:
        os.kill(pid, signal.SIGTERM if os.name == "nt" else signal.SIGKILL)
    except OSError:
        pass

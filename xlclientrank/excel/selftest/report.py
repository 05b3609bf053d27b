"""The lines of a run (``[passed] ...``, ``[failed] ...: why — likely cause and fix``, ``[skipped] ...:
why``) and the report file: the versions of everything, the lines, the verdict.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from xlclientrank import __version__

from .boundary import Excel
from .causes import UNKNOWN, likely_cause


@dataclass
class Line:
    status: str           # passed, failed, skipped
    title: str
    detail: str = ""      # what was seen (passed), why (failed, skipped)
    fix: str = ""         # failed: the likely cause and what to do

    def text(self) -> str:
        out = f"[{self.status}] {self.title}"
        if self.detail:
            out += f": {self.detail}"
        if self.status == "failed":
            out += f" — {self.fix or UNKNOWN}"
        return out


def passed(title: str, detail: str = "") -> Line:
    return Line("passed", title, detail)


def failed(title: str, why: str, cause: Any = None, fix: str | None = None) -> Line:
    return Line("failed", title, why, fix if fix is not None else likely_cause(cause if cause is not None else why))


def skipped(title: str, why: str) -> Line:
    return Line("skipped", title, why)


def versions(excel: Excel | None) -> list[str]:
    try:
        from importlib.metadata import version as dist_version

        xlwings_version = dist_version("xlwings")
    except Exception:
        xlwings_version = "not installed"
    return [f"xlclientrank {__version__}", f"Python {platform.python_version()} ({sys.executable})",
            f"xlwings {xlwings_version}", f"Excel {getattr(excel, 'version', None) or 'not started'}",
            f"OS {platform.platform()}"]


def default_report(now: dt.datetime | None = None) -> Path:
    now = now or dt.datetime.now()
    return Path.cwd() / f"xlclientrank-selftest-{now:%Y%m%d-%H%M}.txt"


def tally(lines: Sequence[Line]) -> dict[str, int]:
    """How many lines passed, failed and were skipped."""
    return {s: sum(1 for x in lines if x.status == s) for s in ("passed", "failed", "skipped")}


def verdict(counts: dict[str, int]) -> str:
    return f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"


def write_report(report: Path, header: Sequence[str], lines: Sequence[Line], summary: str) -> str:
    """Writes the report file; returns where it is, or "not written (why)"."""
    body = "\n".join(list(header) + [""] + [x.text() for x in lines] + ["", summary]) + "\n"
    try:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(body, encoding="utf-8")
        return str(report)
    except OSError as exc:
        return f"not written ({exc})"

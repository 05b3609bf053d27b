"""The command ``xlclientrank selftest``: :func:`selftest` starts a separate Excel, runs the steps on a
scratch copy of the template, prints one line each and writes the report file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, TextIO

from xlclientrank.excel import run_status

from . import files
from .adapter import connect_xlwings
from .boundary import MACRO_TIMEOUT, Excel, NoExcel
from .causes import short
from .context import Context, expected_of
from .report import Line, default_report, failed, tally, verdict, versions, write_report
from .steps import run_steps

NO_EXCEL_EXIT = 2


def selftest(out: TextIO, report: Path | None = None, *, connect: Callable[[], Excel] | None = None,
             places: Any = None, template: Path | None = None, timeout: float = MACRO_TIMEOUT) -> int:
    """Runs every step in a separate Excel; 0 when none failed, 1 when one did, 2 without Excel."""
    from xlclientrank.excel import install

    places = places if places is not None else install.places()
    try:
        excel = (connect or connect_xlwings)()
    except NoExcel as exc:
        print(f"xlclientrank selftest: {exc}", file=out)
        return NO_EXCEL_EXIT
    if hasattr(excel, "timeout"):
        excel.timeout = timeout
    lines: list[Line] = []
    header = ["xlclientrank selftest report", f"run {dt.datetime.now():%Y-%m-%d %H:%M:%S}"]
    template = Path(template or files.bundled_file("template"))
    addin_file, installed = files.addin_to_open(places)
    report = Path(report) if report else default_report()

    def emit(line: Line) -> None:
        print(line.text(), file=out, flush=True)

    print("xlclientrank selftest: in a separate, hidden Excel, on a scratch copy of the template "
          "(your own workbooks and Excel windows are not touched)", file=out, flush=True)
    try:
        header += versions(excel) + [f"add-in {addin_file} ({'installed' if installed else 'not installed'})",
                                     f"template {template}"]
        with tempfile.TemporaryDirectory(prefix="xlclientrank-selftest-", dir=files.scratch_parent(places),
                                         ignore_cleanup_errors=True) as tmp:
            try:
                scratch = Path(tmp) / template.name
                shutil.copyfile(template, scratch)
                expected = expected_of(scratch, Path(tmp) / "python")
                book = excel.open(scratch)
            except Exception as exc:
                line = failed("0. a scratch copy of the template opens in Excel", short(exc), exc)
                lines.append(line)
                emit(line)
            else:
                ctx = Context(excel, scratch, book, addin_file, installed, expected, timeout=timeout)
                # the buttons' Python then shows no message box (the boxes' texts go to last-run.json) and
                # answers the Share button's question as the steps say (run_status.mark_selftest)
                run_status.mark_selftest()
                try:
                    lines += run_steps(ctx, emit)
                finally:
                    run_status.unmark_selftest()
            finally:
                _quit(excel)
    finally:
        _quit(excel)
        counts = tally(lines)
        summary = verdict(counts)
        where = write_report(report, header, lines, summary)
        print(summary, file=out)
        print(f"Report: {where}" + (" (please send it to us with a description of what you did)"
                                    if counts["failed"] else ""), file=out)
    return 1 if counts["failed"] or not lines else 0


def _quit(excel: Excel) -> None:
    try:
        excel.quit()
    except Exception:
        pass

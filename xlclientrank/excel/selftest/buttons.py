"""Runs one of the add-in's buttons (its macro) in the scratch workbook, as the steps do: the texts
the button showed or, during a self-test, wrote into last-run.json instead of a message box.
"""

from __future__ import annotations

from pathlib import Path

from .causes import short
from .context import Context
from .report import Line, failed


def run_button(ctx: Context, sub: str, title: str) -> tuple[list[str], Line | None]:
    """Activates the scratch workbook and runs one of the add-in's macros; a failed line on error.
    Returns the texts of the boxes Excel showed and of the messages the button gave instead of boxes
    (during a self-test its run writes them to last-run.json: run_status.Run)."""
    from xlclientrank.excel import run_status

    status = run_status.status_dir() / "last-run.json"
    try:  # what a button run writes now is this macro's
        status.unlink()
    except OSError:
        pass
    run_status.touch_selftest()  # the marker stays fresh however long the steps before took
    try:
        ctx.excel.activate(ctx.book)
        shown = ctx.excel.run_macro(ctx.macro(sub), ctx.timeout)
    except Exception as exc:
        return [], failed(title, f"Application.Run {ctx.macro(sub)} failed ({short(exc)})", exc)
    return shown + [m for m in button_messages(status) if m not in shown], None


def button_messages(status: Path) -> list[str]:
    """The messages the button run of this macro wrote into last-run.json, if it wrote one."""
    import json

    try:
        data = json.loads(status.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(m) for m in data.get("messages", [])] if isinstance(data, dict) else []

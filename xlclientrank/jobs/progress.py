"""The steps a job tells its caller about (the command line's progress bar, the Excel status bar)."""

from __future__ import annotations

from typing import Callable

Progress = Callable[[str], None]
STEPS = ("reading the workbook", "ranking", "writing the sheets", "saving")


def silent(step: str) -> None:
    """A progress that shows nothing."""

"""The cell formulas' cache of calibrations, apart from udfs.py so that Re-rank can clear it
without importing xlwings' UDF decorators."""

from __future__ import annotations

from typing import Any

# workbook key (udfs.book_key: its COM FullName, else its name) -> (time looked at, stamp, calibration)
calibrations: dict[str, tuple[float, Any, Any]] = {}


def invalidate() -> None:
    """Forgets every calibration read (Re-rank calls this after writing a new one)."""
    calibrations.clear()

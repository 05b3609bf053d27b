"""One line of what a ranking says: a label, a number with its kind, and a sentence.

The summary panel (:mod:`.summary`), the verdict and the change report are all lists of these, so the
Ranking sheet, the advisor's Summary and the command line show them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line of the summary panel: a label, a number (or None) with its kind, and a sentence."""

    label: str
    value: float | int | str | None
    kind: str  # "count", "percent", "money", "ratio", "number" or "text"
    sentence: str

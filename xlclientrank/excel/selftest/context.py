"""What the steps share: the independent side (:class:`Expected`, xlclientrank's own Python ranking of
the scratch file) and the run's :class:`Context`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .boundary import MACRO_TIMEOUT, Excel


@dataclass
class Expected:
    """The independent side: xlclientrank's own Python ranking of the scratch file."""

    ranking: dict[str, tuple[int, float, str]]  # client -> (rank, score, tier)
    pareto_count: int
    pareto_column: str
    calibration: Any
    clients: int


@dataclass
class Context:
    excel: Excel
    scratch: Path
    book: str
    addin_file: Path
    installed: bool
    expected: Expected
    timeout: float = MACRO_TIMEOUT
    addin: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)

    def macro(self, sub: str) -> str:
        return f"'{self.addin or Path(self.addin_file).name}'!{sub}"


def expected_of(scratch: Path, work: Path) -> Expected:
    """Ranks the scratch file with xlclientrank's own Python (as ``xlclientrank rerank --json``)."""
    from xlclientrank.jobs.rerank import rerank

    work.mkdir(parents=True, exist_ok=True)
    result = rerank(scratch, out=work / scratch.name)
    t = result.ranking.table
    ranking = {str(c): (int(r), float(s), str(tier)) for c, r, s, tier in zip(t["Client"], t["Rank"], t["Score"],
                                                                              t["Tier"])}
    cal = result.calibration  # as stored in the workbook (the notes' columns are no columns of the sheet)
    if cal is None:  # a rerank always stores one
        raise RuntimeError("the ranking stored no calibration")
    p = result.summary["pareto"]
    return Expected(ranking, int(p["count"]), str(p["column"]), cal, int(result.summary["clients"]))

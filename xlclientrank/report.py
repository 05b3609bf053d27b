"""What a ranking says, as data: the JSON summary and the plain sentences of the summary panel.

Both the Ranking sheet and the command line take their words and numbers from here, so they
always agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from xlclientrank.engine import Ranking


@dataclass(frozen=True)
class Line:
    """One line of the summary panel: a label, a number (or None) with its kind, and a sentence."""

    label: str
    value: float | int | str | None
    kind: str  # "count", "percent", "money", "ratio", "number" or "text"
    sentence: str


def _num(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if math.isnan(x) else float(x)
    return x


def summary(ranking: Ranking, *, file: str, sheet: str, output: str | None = None) -> dict[str, Any]:
    """The JSON summary printed by ``xlclientrank rerank --json``."""
    cfg = ranking.config
    par = ranking.pareto
    return {
        "file": file,
        "sheet": sheet,
        "output": output,
        "clients": int(len(ranking.table)),
        "tier_method": cfg.tiers.method,
        "tiers": dict(ranking.tier_counts),
        "pareto": {
            "column": cfg.pareto_column,
            "target": cfg.pareto_target,
            "count": None if par is None or par.count == 0 else par.count,
            "client_share": None if par is None else _num(par.client_share),
            "cutoff": None if par is None else _num(par.cutoff),
            "total": None if par is None else _num(par.total),
        },
        "top20_share": _num(ranking.top20_share),
        "importance_ratio": _num(ranking.importance_ratio),
        "gini": _num(ranking.gini),
        "largest_client_share": _num(ranking.largest_client_share),
        "factors": [{"column": f.column, "kind": f.kind, "weight": f.weight,
                     "better": "higher" if f.higher_is_better else "lower"} for f in cfg.factors],
        "warnings": list(ranking.warnings),
    }


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %".replace(".0 %", " %")


def _money(x: float) -> str:
    return f"{x:,.2f}"


def lines(ranking: Ranking) -> list[Line]:
    """The summary panel, best first. Money is shown without a currency symbol. The data notes
    (``ranking.warnings``) are shown apart from these lines."""
    cfg = ranking.config
    n = len(ranking.table)
    col = cfg.pareto_column
    out = [Line("Clients", n, "count", f"{n} clients ranked on a score from 0 to 100.")]
    value = None
    if col is not None:
        value = np.nan_to_num(ranking.table[col].to_numpy(dtype=float), nan=0.0)
    total = float(value.sum()) if value is not None else 0.0
    for label, count in ranking.tier_counts.items():
        text = f"{count} clients ({_pct(count / n)} of clients)"
        if value is not None and total > 0:
            share = float(value[(ranking.table["Tier"] == label).to_numpy()].sum()) / total
            text += f" bring {_pct(share)} of your {col}."
        else:
            text += "."
        out.append(Line(label, count, "count", text))
    par = ranking.pareto
    if par is not None and par.count:
        out.append(Line("80/20 count", par.count, "count",
                        f"{par.count} clients ({_pct(par.client_share)}) bring {_pct(cfg.pareto_target)} of your {col}."))
        out.append(Line("80/20 cut-off", par.cutoff, "money",
                        f"The smallest {col} inside that group is {_money(par.cutoff)}."))
    k = int(math.floor(0.2 * n + 0.5))
    if ranking.top20_share is not None and k > 0:
        out.append(Line("Top 20 % share", ranking.top20_share, "percent",
                        f"Your top {k} clients by {col} bring {_pct(ranking.top20_share)} of it."))
    if ranking.importance_ratio is not None:
        out.append(Line("Importance ratio", ranking.importance_ratio, "ratio",
                        f"Your largest client is worth {ranking.importance_ratio:,.0f} times your smallest."))
    if ranking.gini is not None:
        out.append(Line("Gini", ranking.gini, "number",
                        f"Gini coefficient {ranking.gini:.2f}: how unequal your clients are "
                        "(0 = all the same, 1 = one client has everything)."))
    if ranking.largest_client_share is not None:
        out.append(Line("Largest client", ranking.largest_client_share, "percent",
                        f"Your largest client brings {_pct(ranking.largest_client_share)} of your {col} "
                        "(10 % or more is a concentration risk)."))
    return out

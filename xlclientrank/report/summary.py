"""What a ranking says, as data: the JSON summary and the plain sentences of the summary panel.

Both the Ranking sheet and the command line take their words and numbers from here, so they
always agree. What was understood about the owner's data is said by :mod:`.understood`.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from xlclientrank.engine import CONCENTRATION_LIMIT, Ranking, pareto
from xlclientrank.report.lines import Line
from xlclientrank.stored.history import Movement


def _num(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if math.isnan(x) else float(x)
    return x


def summary(ranking: Ranking, *, file: str, sheet: str, output: str | None = None,
            understood: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON summary printed by ``xlclientrank rerank --json``."""
    cfg = ranking.config
    par = ranking.pareto
    return {
        "file": file,
        "sheet": sheet,
        "output": output,
        "understood": list(understood),
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
    text = f"{x * 100:.1f} %".replace(".0 %", " %")
    return "0 %" if text in ("-0 %", "-0.0 %") else text


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _column_of(ranking: Ranking, kind: str) -> str | None:
    """The first factor column of a kind (hours, complaints, profit) that the table holds."""
    return next((f.column for f in ranking.config.factors if f.kind == kind and f.column in ranking.table), None)


def _values(ranking: Ranking, column: str) -> np.ndarray:
    values: np.ndarray = np.nan_to_num(ranking.table[column].to_numpy(dtype=float), nan=0.0)
    return values


def lines(ranking: Ranking, movement: Movement | None = None) -> list[Line]:
    """The summary panel, in reading order. Money is shown without a currency symbol. The data
    notes (``ranking.warnings``) are shown apart from these lines."""
    cfg = ranking.config
    table = ranking.table
    n = len(table)
    col = cfg.pareto_column
    out = [Line("Clients", n, "count", f"{n:,} clients ranked on a score from 0 to 100.")]
    value = _values(ranking, col) if col is not None else None
    total = float(value.sum()) if value is not None else 0.0
    profit_col = _column_of(ranking, "profit")
    profit = _values(ranking, profit_col) if profit_col and profit_col != col else None
    for label, count in ranking.tier_counts.items():
        text = f"{count:,} clients ({_pct(count / n)} of clients)"
        in_tier = (table["Tier"] == label).to_numpy()
        if value is not None and total > 0:
            text += f" bring {_pct(float(value[in_tier].sum()) / total)} of your {col}"
            if profit is not None and profit.sum() > 0:
                text += f" and {_pct(float(profit[in_tier].sum()) / float(profit.sum()))} of your {profit_col}"
        out.append(Line(label, count, "count", text + "."))
    par = ranking.pareto
    if par is not None and par.count and par.client_share is not None and par.cutoff is not None:
        out.append(Line("80/20 count", par.count, "count",
                        f"{par.count:,} clients ({_pct(par.client_share)}) bring {_pct(cfg.pareto_target)} of your "
                        f"{col}; the cut-off is {_money(par.cutoff)}."))
        out.append(Line("80/20 cut-off", par.cutoff, "money",
                        f"The smallest {col} inside that group."))
    k = int(math.floor(0.2 * n + 0.5))
    if ranking.top20_share is not None and k > 0:
        out.append(Line("Top 20 % share", ranking.top20_share, "percent",
                        f"Your top {k:,} clients by {col} bring {_pct(ranking.top20_share)} of it."))
    if ranking.importance_ratio is not None:
        out.append(Line("Importance ratio", ranking.importance_ratio, "ratio",
                        f"Your most important client is worth {ranking.importance_ratio:,.0f} times your least."))
    if ranking.largest_client_share is not None:
        share = ranking.largest_client_share
        risk = share >= CONCENTRATION_LIMIT - 1e-12
        out.append(Line("Largest client", share, "percent",
                        f"{'Concentration risk: o' if risk else 'O'}ne client brings {_pct(share)} of your {col}"
                        f"{' (10 % or more)' if risk else ' (below the 10 % warning level)'}."))
    if ranking.gini is not None:
        out.append(Line("Gini", ranking.gini, "number",
                        f"How unequal your clients are: {ranking.gini:.2f} (0 = all the same, 1 = one client has "
                        "everything)."))
    out += _time_and_grief(ranking, value, total)
    if movement is not None:
        out += _movement(ranking, movement)
    return out


def _time_and_grief(ranking: Ranking, value: np.ndarray | None, total: float) -> list[Line]:
    out = []
    labels = list(ranking.tier_counts)
    hours_col = _column_of(ranking, "hours")
    if hours_col:
        hours = _values(ranking, hours_col)
        if hours.sum() > 0:
            first = (ranking.table["Tier"] == labels[0]).to_numpy()
            share = float(hours[first].sum() / hours.sum())
            text = f"{labels[0]} clients get {_pct(share)} of your {hours_col}"
            if value is not None and total > 0:
                text += f" and bring {_pct(float(value[first].sum()) / total)} of your {ranking.config.pareto_column}"
            out.append(Line("Focus check", share, "percent", text + "."))
    for kind, verb in (("hours", "take"), ("complaints", "cause")):
        column = _column_of(ranking, kind)
        if not column:
            continue
        grief = pareto(_values(ranking, column), ranking.config.pareto_target)
        if grief.count and grief.client_share is not None:
            out.append(Line(f"80/20 of {column}", grief.count, "count",
                            f"{grief.count:,} clients ({_pct(grief.client_share)}) {verb} "
                            f"{_pct(ranking.config.pareto_target)} of your {column}."))
    return out


def _movement(ranking: Ranking, m: Movement) -> list[Line]:
    labels = list(ranking.tier_counts)
    now = ranking.tier_counts[labels[0]]
    if m.previous is None:
        return [Line("Since last time", None, "text",
                     "First ranking: the next one shows who moved (see 'Rank History').")]
    text = (f"Since {m.previous:%Y-%m-%d}: {m.up:,} moved up a tier, {m.down:,} moved down, {m.new:,} new, "
            f"{len(m.gone):,} gone.")
    out = [Line("Since last time", None, "text", text)]
    if m.gone:
        gone = ", ".join(f"{c} (was {t})" for c, t in m.gone[:3])
        more = f" and {len(m.gone) - 3:,} more (sheet 'Rank History')" if len(m.gone) > 3 else ""
        out.append(Line("Gone", len(m.gone), "count", f"{gone}{more}."))
    if m.first_tier_before is not None:
        change = now - m.first_tier_before
        trend = "up" if change > 0 else "down" if change < 0 else "the same"
        out.append(Line(f"{labels[0]} clients", now, "count",
                        f"{now:,} {labels[0]} clients, {trend} from {m.first_tier_before:,} last time: "
                        "the number to grow."))
    return out

"""What a ranking says, as data: the JSON summary and the plain sentences of the summary panel.

Both the Ranking sheet and the command line take their words and numbers from here, so they
always agree. What was understood about the owner's data is said by :mod:`.understood`.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from xlclientrank.engine import CONCENTRATION_LIMIT, Ranking
from xlclientrank.report import amounts, best_clients, changes, verdict
from xlclientrank.report import profile as who_they_are
from xlclientrank.report.lines import Line
from xlclientrank.stored.best import Standing
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
            understood: Sequence[str] = (), movement: Movement | None = None,
            money: Callable[[float], str] = "{:,.2f}".format,
            profile: who_they_are.Profile | None = None, best: Standing | None = None) -> dict[str, Any]:
    """The JSON summary printed by ``xlclientrank rerank --json``; ``verdict``: the verdict's
    sentences, amounts written by ``money`` (see :func:`money_for`); ``profile``: the categories
    that stand out among the best tier's clients (:func:`xlclientrank.report.profile.as_json`)."""
    they_are = who_they_are.sentences(profile) if profile is not None else []
    cfg = ranking.config
    par = ranking.pareto
    return {
        "file": file,
        "sheet": sheet,
        "output": output,
        "understood": list(understood),
        "verdict": [line.sentence for line in verdict.sentences(ranking, money, they_are)],
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
        "changes": changes.as_json(movement),
        "profile": who_they_are.as_json(profile),
        "best_clients": best_clients.as_json(best),  # the clients meeting the bar (stored.best)
    }


SPREAD_EVEN, SPREAD_UNEVEN = 0.35, 0.6   # Gini bands for "fairly even", "uneven", "very uneven"
USUAL_SPLIT = (0.15, 0.30)               # the share of clients that usually brings 80 %


_pct, _column_of, _values = verdict.pct, verdict.column_of, verdict.values


def money_for(ranking: Ranking, settings: amounts.HasFactors, kinds: Mapping[str, str],
              formats: Mapping[str, str]) -> Callable[[float], str]:
    """Writes an amount of the 80/20 column as the Ranking's cell shows it (the owner's currency)."""
    col = ranking.config.pareto_column
    code = amounts.column_format(col, settings, kinds, formats) if col else None
    return lambda x: amounts.as_text(x, code)


def _spread(gini: float) -> str:
    if gini < SPREAD_EVEN:
        return "Fairly even: no small group of clients carries the business"
    if gini < SPREAD_UNEVEN:
        return "Uneven, as in most businesses"
    return "Very uneven: a few clients matter most"


def _split(client_share: float) -> str:
    if client_share < USUAL_SPLIT[0]:
        return "fewer than the usual 15-30 %: much depends on a small group"
    if client_share <= USUAL_SPLIT[1]:
        return "about the usual 80/20"
    return "more evenly spread than the usual 80/20"


def _figures(ranking: Ranking, money: Callable[[float], str]) -> list[Line]:
    """The 80/20 figures, each with a plain name and a sentence that says what it means."""
    cfg, n, col = ranking.config, len(ranking.table), ranking.config.pareto_column
    out = []
    par = ranking.pareto
    if par is not None and par.count and par.client_share is not None and par.cutoff is not None:
        out.append(Line(f"Clients bringing {_pct(cfg.pareto_target)}", par.count, "count",
                        f"{par.count:,} clients ({_pct(par.client_share)}) bring {_pct(cfg.pareto_target)} of your "
                        f"{col}: {_split(par.client_share)}."))
        out.append(Line("Smallest of them", par.cutoff, "money",
                        f"The smallest {col} inside that group is {money(par.cutoff)}."))
    k = int(math.floor(0.2 * n + 0.5))
    if ranking.top20_share is not None and k > 0:
        out.append(Line("Top 20 % share", ranking.top20_share, "percent",
                        f"Your top {k:,} clients by {col} bring {_pct(ranking.top20_share)} of it (the 80/20 rule "
                        "says about 80 %)."))
    if ranking.importance_ratio is not None:
        ratio = ranking.importance_ratio
        said = (f"Your biggest client brings {ratio:,.0f} times as much {col} as your smallest (hundreds of times "
                "is common)." if ratio >= 1.5 else
                f"Your biggest client brings about as much {col} as your smallest ({ratio:,.1f} times).")
        out.append(Line("Biggest vs smallest client", ratio, "ratio", said))
    share = ranking.largest_client_share
    if share is not None and col is not None:
        who = verdict.who_brings(verdict.largest(ranking)).replace(" alone brings", " brings")
        if share >= CONCENTRATION_LIMIT - 1e-12:
            said = f"Concentration risk: {who} {_pct(share)} of your {col} (10 % or more): a risk if they leave."
        else:
            said = f"{who} {_pct(share)} of your {col}: below the 10 % warning level, good."
        out.append(Line("Biggest client's share", share, "percent", said))
    if ranking.gini is not None:
        out.append(Line(f"Spread of {col}", ranking.gini, "number",
                        f"{ranking.gini:.2f} on a scale from 0 (all clients equal) to 1 (one client has everything). "
                        f"{_spread(ranking.gini)}."))
    below = int((ranking.table[col].to_numpy(dtype=float) < 0).sum()) if col is not None else 0
    if below:
        out.append(Line("Below zero", below, "count",
                        f"{verdict.clients(below)} {'has' if below == 1 else 'have'} a {col} below 0 (refunds or "
                        "losses): the shares above are of the net total, so one can be over 100 %."))
    return out


def lines(ranking: Ranking, movement: Movement | None = None,
          money: Callable[[float], str] = "{:,.2f}".format, who: Sequence[str] = ()) -> list[Line]:
    """The summary panel, in reading order: clients per tier, who the best tier's clients are
    (``who``: :func:`xlclientrank.report.profile.sentences`), the 80/20 figures each with a plain
    name and a sentence that says whether it is good, where the time and the grief go, and (with
    ``movement``) what changed. ``money`` writes an amount as its cell shows it (see
    :func:`money_for`). The data notes (``ranking.warnings``) are shown apart from these lines."""
    n = len(ranking.table)
    out = [Line("Clients", n, "count", f"{verdict.clients(n)} ranked on a score from 0 to 100.")]
    for i, (label, count) in enumerate(ranking.tier_counts.items()):
        shares = verdict.tier_shares(ranking, verdict.tier_mask(ranking, i))
        text = f"{verdict.clients(count)} ({_pct(count / n)} of clients)"
        if shares:
            text += f" {verdict.verb(count, 'bring')} {' and '.join(shares)}"
        out.append(Line(label, count, "count", text + "."))
    best = list(ranking.tier_counts)[0] if ranking.tier_counts else ""
    out += [Line(f"Who your {best} clients are" if i == 0 else "", None, "text", s) for i, s in enumerate(who)]
    out += _figures(ranking, money)
    out += _time_and_grief(ranking)
    if movement is not None:
        out += changes.lines(ranking, movement)
    return out


def _time_and_grief(ranking: Ranking) -> list[Line]:
    """Where the time goes (the best tier's hours against its value) and who causes the grief."""
    out = []
    hours_col = _column_of(ranking, "hours")
    focus = verdict.focus(ranking)
    if hours_col and focus is not None:
        first = verdict.tier_mask(ranking, 0)
        hours = _values(ranking, hours_col)
        out.append(Line("Focus check", float(hours[first].sum() / hours.sum()), "percent", focus))
    for column, plural_verb, grief in verdict.griefs(ranking):
        if grief.count and grief.client_share is not None:
            out.append(Line(f"80/20 of {column}", grief.count, "count", verdict.grief_sentence(
                grief.count, grief.client_share, plural_verb, ranking.config.pareto_target, column)))
    return out

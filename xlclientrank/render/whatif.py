"""Native Excel formulas that recompute scores, ranks and tiers from the weights in the settings
sheet, for the advisor's copy: the same definitions as :mod:`xlclientrank.engine`, written with
functions Excel 2010+ and LibreOffice both have (SUMPRODUCT, ISNUMBER, COUNT, MIN, MAX, ROUND, IF).

Each formula reads whole columns of the ranked table (``$C$12:$C$161``), so a sheet of ``n``
clients costs about ``n * n * factors`` comparisons to recalculate: what-if is offered up to
:data:`MAX_CLIENTS` clients.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlclientrank.engine import RankConfig

MAX_CLIENTS = 2000


@dataclass(frozen=True)
class FactorRef:
    letter: str        # the factor's column in the ranked table
    higher: bool
    weight_cell: str   # e.g. 'ClientRank Settings'!$D$16


@dataclass(frozen=True)
class Layout:
    """Where things are: the table's first and last data rows (1-based) and columns."""

    first: int
    last: int
    score: str
    rank: str
    name: str
    value: str | None               # the Pareto column, for ties
    factors: tuple[FactorRef, ...]


def _range(letter: str, lay: Layout) -> str:
    return f"${letter}${lay.first}:${letter}${lay.last}"


def _quote(text: str) -> str:
    return '"' + str(text).replace('"', '""') + '"'


def factor_score(f: FactorRef, row: int, lay: Layout, scale: str, missing: str) -> str:
    """0-100 score of one factor for the client in ``row`` (engine.factor_score)."""
    x, r = f"{f.letter}{row}", _range(f.letter, lay)
    if scale == "percentile":
        worse = "<" if f.higher else ">"
        score = (f"IF(COUNT({r})>1,100*(SUMPRODUCT(ISNUMBER({r})*({r}{worse}{x}))"
                 f"+(SUMPRODUCT(ISNUMBER({r})*({r}={x}))-1)/2)/(COUNT({r})-1),50)")
    else:
        low, high = f"MIN({r})", f"MAX({r})"
        part = f"({x}-{low})" if f.higher else f"({high}-{x})"
        score = f"IF({high}={low},50,100*{part}/({high}-{low}))"
    return f"IF(ISNUMBER({x}),{score},0)"


def score(row: int, lay: Layout, config: RankConfig) -> str:
    """The weighted 0-100 score (engine.score), rounded to 1e-9 as the engine rounds it."""
    top = "+".join(f"{f.weight_cell}*{factor_score(f, row, lay, config.scale, config.missing)}" for f in lay.factors)
    if config.missing == "worst":
        bottom = "+".join(f.weight_cell for f in lay.factors)
    else:
        bottom = "+".join(f"{f.weight_cell}*ISNUMBER({f.letter}{row})" for f in lay.factors)
    return f"IF(({bottom})=0,0,MIN(100,MAX(0,ROUND(({top})/({bottom}),9))))"


def rank(row: int, lay: Layout) -> str:
    """Rank by score, then value (high first), then name (engine.rank_order)."""
    s, sr = _range(lay.score, lay), f"{lay.score}{row}"
    n, nr = _range(lay.name, lay), f"{lay.name}{row}"
    parts = [f"SUMPRODUCT(({s}>{sr})*1)"]
    if lay.value:
        v, vr = _range(lay.value, lay), f"{lay.value}{row}"
        parts.append(f"SUMPRODUCT(({s}={sr})*({v}>{vr}))")
        parts.append(f"SUMPRODUCT(({s}={sr})*({v}={vr})*({n}<{nr}))")
    else:
        parts.append(f"SUMPRODUCT(({s}={sr})*({n}<{nr}))")
    return "1+" + "+".join(parts)


def tier(row: int, lay: Layout, config: RankConfig, cells: dict[str, str]) -> str | None:
    """The tier from the rank (shares) or the score (thresholds); None for ABC (by value, which
    the weights do not change)."""
    t = config.tiers
    labels = list(t.labels)
    if t.method == "shares":
        n = lay.last - lay.first + 1
        bounds: list[str] = []
        cum: list[str] = []
        for i, label in enumerate(labels[:-1]):
            cum.append(cells[f"share:{label}"])
            b = f"ROUND({n}*({'+'.join(cum)}),0)"
            bounds.append(f"MAX(1,{b})" if i == 0 else f"MIN({n},MAX({bounds[-1]},{b}))")
        test = [f"{lay.rank}{row}<={b}" for b in bounds]
    elif t.method == "thresholds":
        test = [f"{lay.score}{row}>={cells[f'min:{label}']}-0.000000001" for label in labels[:-1]]
    else:
        return None
    formula = _quote(labels[-1])
    for condition, label in reversed(list(zip(test, labels[:-1]))):
        formula = f"IF({condition},{_quote(label)},{formula})"
    return formula

"""What changed and why: this run against the ranking it replaces and against last month's.

The settings the owner changed ("Sales weight 3 -> 5"), then by name who moved up or down a tier,
who is new and who is gone: every name up to :data:`SHOWN`, then how many more and the filter that
lists them all (on ``Rank History``, or on the Ranking sheet's "Since last time" column when the run
replaces one of the same day, which Rank History no longer holds). The same lines go to the
Ranking sheet's panel, the advisor's Summary and the command line; :func:`as_json` gives the same
facts to ``rerank --json``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from xlclientrank.engine import Ranking
from xlclientrank.names import HISTORY_SHEET, RANKING_SHEET
from xlclientrank.report.lines import Line
from xlclientrank.stored.movement import SEP, Movement

SHOWN = 12            # names listed in a line (a screenful); the rest are counted, with where to find them
HEAD = "Since last time"
SINCE_COLUMN = "Since last time"   # the Ranking sheet's column of marks ("Up from Core", "New", ...)


def lines(ranking: Ranking, movement: Movement) -> list[Line]:
    """The change report, in reading order: what changed since the ranking this run replaces, who
    moved, last month's counts (when that is another run), and the first tier's count."""
    m = movement
    if m.previous is None:
        return [Line(HEAD, None, "text", "First ranking: the next one shows who moved and why.")]
    labels = list(ranking.tier_counts)
    if m.unchanged and not m.settings:
        same = "same tiers" if m.settings is None else "same settings, same tiers"
        out = [Line(HEAD, None, "text", f"Nothing changed since {_when(m)}: {same}.")]
    else:
        out = [Line(HEAD, None, "text", _head(m))] + _moves(m, labels) + _fresh(m) + _gone(m)
    if m.last_month is not None:
        out.append(_month(m.last_month))
    if m.first_tier_before is not None and labels:
        now = ranking.tier_counts[labels[0]]
        change = now - m.first_tier_before
        trend = (f"up from {m.first_tier_before:,}" if change > 0 else f"down from {m.first_tier_before:,}"
                 if change < 0 else f"the same as the {m.first_tier_before:,}")
        tiers = ranking.config.tiers  # a share of the clients is not a number to grow: the best clients are
        share = (f" (the top {tiers.shares[0] * 100:g} % of your clients: it moves with their number)"
                 if tiers.method == "shares" else "")
        out.append(Line(f"{labels[0]} clients", now, "count",
                        f"{now:,} {labels[0]} clients, {trend} last time{share}."))
    return out


def _when(m: Movement) -> str:
    assert m.previous is not None
    return f"{m.previous:%Y-%m-%d}, the same date" if m.same_day else f"{m.previous:%Y-%m-%d}"


def _head(m: Movement) -> str:
    where = "the ranking this one replaces" if m.same_day else "the last ranking"
    said = f"Compared with {where} ({_when(m)}): "
    if m.settings:
        said += "; ".join(m.settings) + ". "
    elif m.settings is not None:
        said += "same settings; "
    if m.unchanged:
        return said + "Every client is in the same tier."  # only with settings changed (else: nothing changed)
    other = len(m.moved) - m.up - m.down
    renamed = f", {other:,} from a tier no longer used" if other else ""
    return said + f"{m.up:,} moved up a tier, {m.down:,} moved down{renamed}, {m.new:,} new, {len(m.gone):,} gone."


def _clients(n: int) -> str:
    return f"{n:,} client{'' if n == 1 else 's'}"


def _listed(names: Sequence[str], where: str) -> str:
    """Every name up to SHOWN, then how many more and ``where`` to find them all."""
    shown = ", ".join(names[:SHOWN])
    rest = len(names) - SHOWN
    return f"{shown} and {rest:,} more: {where}." if rest > 0 else f"{shown}."


def _moves(m: Movement, labels: list[str]) -> list[Line]:
    """One line per pair of tiers (from, to): up moves first (best tier reached first), then down
    moves (best tier left first), then moves from a tier no longer used."""
    order = {label: i for i, label in enumerate(labels)}
    groups: dict[tuple[str, str], list[str]] = {}
    for client, was, now in m.moved:
        groups.setdefault((was, now), []).append(client)

    def kind(pair: tuple[str, str]) -> int:
        a, b = (order.get(t) for t in pair)
        return 2 if a is None or b is None else 0 if a > b else 1

    def sort_key(pair: tuple[str, str]) -> tuple[int, int, int]:
        a, b = (order.get(t, len(order)) for t in pair)
        k = kind(pair)
        return (k, b, a) if k == 0 else (k, a, b)
    out = []
    for pair in sorted(groups, key=sort_key):
        names = groups[pair]
        label = ("Moved up", "Moved down", "Moved")[kind(pair)]
        mark = ("Up from", "Down from", "Was")[kind(pair)]
        if m.same_day:
            where = (f"on the '{RANKING_SHEET}' sheet filter '{SINCE_COLUMN}' on \"{mark} {pair[0]}\" "
                     f"and 'Tier' on {pair[1]}")
        else:
            where = (f"in '{HISTORY_SHEET}' filter 'Tier by run' with Text Filters, Ends With "
                     f"\"{pair[0]}{SEP}{pair[1]}\"")
        out.append(Line(label, len(names), "count",
                        f"{_clients(len(names))} from {pair[0]} to {pair[1]}: {_listed(names, where)}"))
    return out


def _fresh(m: Movement) -> list[Line]:
    if not m.fresh:
        return []
    names = [f"{client} ({tier})" for client, tier in m.fresh]
    where = f"on the '{RANKING_SHEET}' sheet filter '{SINCE_COLUMN}' on \"New\""
    return [Line("New", len(names), "count", f"{_clients(len(names))}: {_listed(names, where)}")]


def _gone(m: Movement) -> list[Line]:
    if not m.gone:
        return []
    names = [f"{client} (was {tier})" for client, tier in m.gone]
    if m.same_day:  # they were only in the ranking replaced, which Rank History no longer holds
        where = "the ranking replaced is not kept, so they are not listed"
    else:
        where = f"in '{HISTORY_SHEET}' filter 'Last ranked' on {m.previous:%Y-%m-%d}"
    return [Line("Gone", len(names), "count", f"{_clients(len(names))}: {_listed(names, where)}")]


def _month(m: Movement) -> Line:
    assert m.previous is not None
    return Line("Since last month", None, "text",
                f"Compared with last month's ranking ({m.previous:%Y-%m-%d}): {m.up:,} up, {m.down:,} down, "
                f"{m.new:,} new, {len(m.gone):,} gone.")


# ---------------------------------------------------------------- for --json

def as_json(movement: Movement | None) -> dict[str, Any] | None:
    """The change report for ``rerank --json``: ``compared_with`` (the date of the ranking this run
    replaces, None on a first ranking), ``same_day``, ``settings`` (what changed; None when not
    known), ``tiers``: per tier the clients that entered and left it (new and gone ones included),
    the ``moved`` (client, from, to), ``new`` and ``gone`` lists, and ``since_last_month`` (the same,
    against the last run of an earlier month, or None)."""
    if movement is None:
        return None
    out = _comparison(movement)
    out["since_last_month"] = _comparison(movement.last_month) if movement.last_month is not None else None
    return out


def _comparison(m: Movement) -> dict[str, Any]:
    tiers: dict[str, dict[str, list[str]]] = {}

    def tier(name: str) -> dict[str, list[str]]:
        return tiers.setdefault(name, {"entered": [], "left": []})
    for client, was, now in m.moved:
        tier(now)["entered"].append(client)
        tier(was)["left"].append(client)
    for client, now in m.fresh:
        tier(now)["entered"].append(client)
    for client, was in m.gone:
        tier(was)["left"].append(client)
    return {
        "compared_with": _date(m.previous), "same_day": m.same_day,
        "settings": list(m.settings) if m.settings is not None else None,
        "tiers": tiers, "up": m.up, "down": m.down,
        "moved": [{"client": c, "from": a, "to": b} for c, a, b in m.moved],
        "new": [{"client": c, "tier": t} for c, t in m.fresh],
        "gone": [{"client": c, "tier": t} for c, t in m.gone],
    }


def _date(day: dt.date | None) -> str | None:
    return None if day is None else f"{day:%Y-%m-%d}"

"""What the summary says about the best clients (:mod:`xlclientrank.stored.best`): one line for the
summary sheet and the command line, and the ``best_clients`` object of ``rerank --json``.

The line: ``"23 best clients (goal 30 by 2027-06-30: 7 to go; +2 since last run)."``; without a goal
it says where to set one (the settings cell); a goal reached is said so; a goal date gone by without
reaching it is said so; with no criterion filled in there are no best clients and the line says
where to set the bar.
"""

from __future__ import annotations

import textwrap
from typing import Any

from xlclientrank.names import SETTINGS_SHEET
from xlclientrank.reader.notes import counted
from xlclientrank.report.lines import Line
from xlclientrank.stored.best import Standing, describe, said_value
from xlclientrank.stored.settings import Settings
from xlclientrank.stored.settings_place import best_cell
from xlclientrank.stored.settings_words import BEST_HEADER, BEST_LABELS

LABEL = "Best clients"
METHODOLOGY_WIDTH = 150  # characters of a Methodology line (the sheet prints one page wide: no longer lines)


def _since(n: int | None) -> str | None:
    if n is None:
        return None
    return "same as last run" if n == 0 else f"{n:+,} since last run"


def sentence(st: Standing, goal_cell: str) -> str:
    """The line's sentence (see the module docstring); ``goal_cell``: where the goal is typed
    (``"B24"``). A goal date before the ranking's date is said to have passed."""
    when = st.when
    where = f"'{SETTINGS_SHEET}'"
    if not st.bar.filled:
        return (f"No best clients: the bar under '{BEST_HEADER[0]}' in {where} has no value filled in; type a "
                "minimum (or a maximum) for the columns that make a client one of your best.")
    bar = st.bar
    parts = []
    if bar.goal is not None:
        by = f" by {bar.goal_date:%Y-%m-%d}" if bar.goal_date is not None else ""
        if st.count >= bar.goal:
            parts.append(f"goal {bar.goal:,}{by} reached")
        else:
            late = ", a date now past" if bar.goal_date is not None and when is not None and bar.goal_date < when \
                else ""
            parts.append(f"goal {bar.goal:,}{by}{late}: {st.to_go:,} to go")
    since = _since(st.since_last)
    if since:
        parts.append(since)
    elif bar.changed:
        parts.append("the bar changed since last run, so the counts are not compared")
    text = counted(st.count, "best client") + (f" ({'; '.join(parts)})" if parts else "")
    if bar.goal is None:
        text += f"; set a goal in {where} {goal_cell} ('{BEST_LABELS['goal']}')"
    return text + "."


def line(st: Standing, settings: Settings) -> Line:
    """The summary panel's line: label, the count, the sentence (the goal's cell found from ``settings``)."""
    return Line(LABEL, st.count, "count", sentence(st, best_cell("goal", settings)))


def as_json(st: Standing | None) -> dict[str, Any] | None:
    """``{"count", "goal", "goal_date", "since_last", "criteria": [{"column", "at_least" | "at_most"}]}``:
    the goal date as YYYY-MM-DD, a criterion's value in its column's units (a date as YYYY-MM-DD)."""
    if st is None:
        return None
    dates = st.date_columns

    def value(c: Any) -> Any:
        return said_value(c, dates) if c.column in dates else c.value
    return {
        "count": st.count,
        "goal": st.bar.goal,
        "goal_date": st.bar.goal_date.isoformat() if st.bar.goal_date is not None else None,
        "since_last": st.since_last,
        "bar_changed": list(st.bar.changed),  # what differs from the last run's bar (since_last is then null)
        "criteria": [{"column": c.column, "at_least" if c.at_least is not False else "at_most": value(c)}
                     for c in st.bar.filled],
    }


def methodology(settings: Settings, tiers: Any) -> list[str]:
    """The Methodology's lines on the best clients: what a best client is (the bar, as set), how the
    bar was set, why it differs from the first tier, the goal and what "since last run" compares.
    ``tiers``: the ranking's tier rule (:class:`xlclientrank.engine.TierRule`)."""
    bar = settings.best
    factors = {f.column for f in settings.factors}
    shown = [describe(c, settings.date_columns) for c in bar.filled if c.column in factors]
    where = f"under '{BEST_HEADER[0]}' in '{SETTINGS_SHEET}'"
    out = [f"A best client meets every value of the bar {where} (a missing value never meets one):"]
    out += [f"    {c}" for c in shown] or ["    None is filled in, so no client counts as a best client yet."]
    if bar.how:
        out += textwrap.wrap(bar.how, METHODOLOGY_WIDTH)
    share = (f" (the top {tiers.shares[0] * 100:g} % are {tiers.labels[0]} however the business does)"
             if tiers.method == "shares" else "")
    out.append(f"Unlike the tiers{share}, the bar is fixed in your own units, so the number of best clients "
               "moves only when clients do.")
    goal = (f"Goal: {counted(bar.goal, 'best client')}" + (f" by {bar.goal_date:%Y-%m-%d}" if bar.goal_date else "")
            + "." if bar.goal is not None else f"No goal is set ('{BEST_LABELS['goal']}' is blank).")
    out += [goal, "\"Since last run\" compares with the last ranking of an earlier date; 'Rank History' keeps the "
                  "number of best clients and the goal of every run."]
    return out

"""Month-to-month tracking, in a layout that stays within Excel's limits for good.

Our sheet ``Rank History`` holds two tables side by side:

* **one row per client** ever ranked: Client, its Tier, Rank and Score when last ranked, Ranked since,
  Last ranked, and three cells that list its tier, rank and score at every run since it was first
  ranked, oldest first, separated by `` | `` (``–`` for a run it was not in). So the sheet grows by
  a few characters per client per run, not by a row per client per run: 100,000 clients ranked
  monthly for 10 years stay 100,001 rows, and a cell holds about 2,000 runs before the 32,767
  characters Excel allows (each run adds 7 or 8 characters);
* **one row per run**: the date, the number of clients, the number of best clients and the goal
  then (:data:`BEST_COUNT`, :data:`BEST_GOAL`: blank for a run made before they were recorded, and a
  goal blank when none was set) and the number in each tier, every run in full (the trend chart on the
  summary sheet reads it). The run table's columns are read by their headers: the best-client ones
  are never taken for tier labels.

Each run adds its date (``rerank --date``, default today); a second run for the same date replaces
that run; a date before the latest run is refused. The Ranking sheet compares the run with the one
it replaces (and with last month's): who moved up or down a tier, who is new, who is gone
(:mod:`.movement`). Clients are matched by name, ignoring
case and surrounding spaces. When a limit would still be reached, the oldest detail goes (a client
not ranked for longest when the rows run out; a client's oldest runs when its cell is full), with a
note on the sheet and on the screen; the run table keeps every run.

A history sheet in the earlier layout (Date, Rank, Client, Score, Tier: one row per client per run)
is read and converted, every run kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank.errors import SettingsError
from xlclientrank.names import HISTORY_SHEET as SHEET
from xlclientrank.reader.keys import client_keys
from xlclientrank.reader.sources import ColumnGrid
from xlclientrank.stored import movement
from xlclientrank.stored.movement import ABSENT as ABSENT  # read as history.ABSENT, history.SEP, history.Movement
from xlclientrank.stored.movement import SEP as SEP
from xlclientrank.stored.movement import Movement as Movement

CLIENT_COLUMNS = ("Client", "Tier", "Rank", "Score", "Ranked since", "Last ranked", "Tier by run", "Rank by run",
                  "Score by run")
RUN_FIRST_COLUMN = len(CLIENT_COLUMNS) + 1   # one empty column between the tables
OLD_COLUMNS = ("Date", "Rank", "Client", "Score", "Tier")
BEST_COUNT, BEST_GOAL = "Best clients", "Best-client goal"   # the run table's columns besides the tiers'
BEST_COLUMNS = (BEST_COUNT, BEST_GOAL)
MAX_ROWS, MAX_CELL = 1_048_576, 32_767
_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class History:
    """The history as the sheet holds it. ``clients``: one row per client (columns
    :data:`CLIENT_COLUMNS`, dates as datetime.date); ``runs``: Date, Clients, one count column per
    tier label of that run and, once a run recorded them, :data:`BEST_COLUMNS` (NaN where not known);
    ``notes``: what the owner should know (folding, conversion)."""

    clients: pd.DataFrame
    runs: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def dates(self) -> list[dt.date]:
        return list(self.runs["Date"])

    def __len__(self) -> int:
        return len(self.clients)


def empty() -> History:
    return History(pd.DataFrame({c: [] for c in CLIENT_COLUMNS}), pd.DataFrame({"Date": [], "Clients": []}))


# ---------------------------------------------------------------- reading

def parse(grid: Sequence[Sequence[Any]]) -> tuple[History, int]:
    """The history in the sheet's cell values (either layout), and how many rows could not be read.
    A grid kept column by column (:class:`xlclientrank.reader.sources.ColumnGrid`) is read a column at a time."""
    header_at = next((i for i, r in enumerate(grid[:5]) if r and str(r[0]).strip() in ("Client", "Date")), None)
    if header_at is None:
        return empty(), 0
    head = [str(v).strip() if v is not None else "" for v in grid[header_at]]
    if head[:len(OLD_COLUMNS)] == list(OLD_COLUMNS):
        return _convert_old(grid[header_at + 1:])
    if isinstance(grid, ColumnGrid):
        columns = [np.asarray(grid.column(c, header_at + 1, len(grid) - 1), dtype=object) for c in range(grid.width)]
    else:
        body = grid[header_at + 1:]
        width = max((len(r) for r in body), default=0)
        columns = [np.array([r[c] if c < len(r) else None for r in body], dtype=object) for c in range(width)]
    return _parse_new(columns, head)


def _column(columns: list[np.ndarray], i: int, n: int) -> np.ndarray:
    return columns[i] if i < len(columns) else np.full(n, None, dtype=object)


def _parse_new(columns: list[np.ndarray], head: list[str]) -> tuple[History, int]:
    n = len(columns[0]) if columns else 0
    cols = [_column(columns, i, n) for i in range(len(CLIENT_COLUMNS))]
    present = [pd.notna(pd.Series(c, dtype=object)).to_numpy() for c in cols]
    used = np.logical_or.reduce(present) if n else np.zeros(0, bool)
    since, last = _dates(cols[4]), _dates(cols[5])
    ok = used & present[0] & present[6] & np.array([d is not None for d in since], dtype=bool) & \
        np.array([d is not None for d in last], dtype=bool)
    bad = int((used & ~ok).sum())
    clients = pd.DataFrame({
        "Client": [str(v).strip() for v in cols[0][ok]], "Tier": _texts_of(cols[1][ok]),
        "Rank": pd.to_numeric(pd.Series(cols[2][ok], dtype=object), errors="coerce").to_numpy(dtype=float),
        "Score": pd.to_numeric(pd.Series(cols[3][ok], dtype=object), errors="coerce").to_numpy(dtype=float),
        "Ranked since": since[ok], "Last ranked": last[ok], "Tier by run": _texts_of(cols[6][ok]),
        "Rank by run": _texts_of(cols[7][ok]), "Score by run": _texts_of(cols[8][ok])}, columns=list(CLIENT_COLUMNS))
    run_head = head[RUN_FIRST_COLUMN:]
    # by header: the count columns (Clients, the best clients and goal, the tiers) wherever they are
    named = [(j, h) for j, h in enumerate(run_head) if j >= 1 and h]
    days = _dates(_column(columns, RUN_FIRST_COLUMN, n)) if run_head else np.array([], dtype=object)
    has = np.array([d is not None for d in days], dtype=bool)
    if has.any():
        frame = pd.DataFrame({"Date": list(days[has])})
        for j, name in named:
            c = _column(columns, RUN_FIRST_COLUMN + j, n)
            frame[name] = pd.to_numeric(pd.Series(c[has], dtype=object), errors="coerce").to_numpy(dtype=float)
    else:
        frame = pd.DataFrame({"Date": [], "Clients": []})
    return History(clients, frame), bad


def _dates(column: np.ndarray) -> np.ndarray:
    """A column's cells as dates (None where not one); each distinct value read once (dates repeat:
    one a run)."""
    known: dict[Any, dt.date | None] = {}
    out = np.empty(len(column), dtype=object)
    for i, v in enumerate(column.tolist()):
        if v is None:
            out[i] = None
            continue
        try:
            d = known[v]
        except KeyError:
            d = known[v] = _date(v)
        except TypeError:   # an unhashable value cannot be a date
            d = None
        out[i] = d
    return out


def _texts_of(column: np.ndarray) -> list[str]:
    return [v.strip() if isinstance(v, str) else _text(v) for v in column.tolist()]


def _convert_old(body: Sequence[Sequence[Any]]) -> tuple[History, int]:
    """The earlier layout (one row per client per run) as the new one, every run kept."""
    rows, bad = [], 0
    for r in body:
        cells = list(r) + [None] * 5
        if all(c is None for c in cells[:5]):
            continue
        day = _date(cells[0])
        if day is None or cells[2] is None or cells[4] is None:
            bad += 1
            continue
        rows.append((day, _num(cells[1]), str(cells[2]).strip(), _num(cells[3]), str(cells[4]).strip()))
    h = empty()
    if not rows:
        return h, bad
    old = pd.DataFrame(rows, columns=list(OLD_COLUMNS))
    labels = list(dict.fromkeys(old.sort_values(["Date", "Rank"])["Tier"]))
    for day, snap in old.sort_values(["Date", "Rank"]).groupby("Date", sort=True):
        table = pd.DataFrame({"Rank": snap["Rank"], "Client": snap["Client"], "Score": snap["Score"],
                              "Tier": snap["Tier"]})
        h, _ = update(h, table, labels, day)
    h.notes.append(f"{SHEET} was converted to the layout that fits Excel for good (one row per client, "
                   f"{len(h.runs):,} runs kept in full).")
    return h, bad


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and 1 < v < 2958466:
        return (_EPOCH + dt.timedelta(days=float(v))).date()
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    return None


def _num(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


# ---------------------------------------------------------------- a run

def check_date(h: History, day: dt.date) -> None:
    """Refuses a run dated before the latest one (the history only moves forward)."""
    if len(h.runs) and day < h.dates[-1]:
        raise SettingsError(f"the date {day:%Y-%m-%d} is before the last ranking in '{SHEET}' "
                            f"({h.dates[-1]:%Y-%m-%d}); rank for that date or a later one (--date YYYY-MM-DD)")


def _texts(values: np.ndarray, form: str) -> np.ndarray:
    """Numbers as the history's text (blank for a missing one), a whole column at once."""
    out = np.array(pd.Series(values).map(form.format, na_action="ignore").fillna("").tolist(), dtype=object)
    return out


def _drop_last_run(h: History) -> History:
    """The history without its latest run (a second run for the same date replaces it)."""
    last = h.dates[-1]
    out = []
    for row in h.clients.itertuples(index=False):
        tiers, ranks, scores = (str(x).split(SEP) for x in (row[6], row[7], row[8]))
        if row[4] == last:       # first ranked in that run: it goes with it
            continue
        tiers, ranks, scores = tiers[:-1], ranks[:-1], scores[:-1]
        keep = list(row)
        if row[5] == last:       # last ranked in it: back to its run before
            k = max((i for i, t in enumerate(tiers) if t != ABSENT), default=None)
            if k is None:
                continue
            runs_since = [d for d in h.dates[:-1] if d >= row[4]]
            keep[1], keep[2], keep[3] = tiers[k], _num(ranks[k]), _num(scores[k])
            keep[5] = runs_since[k] if k < len(runs_since) else row[4]
        keep[6], keep[7], keep[8] = SEP.join(tiers), SEP.join(ranks), SEP.join(scores)
        out.append(keep)
    clients = pd.DataFrame(out, columns=list(CLIENT_COLUMNS))
    return History(clients, h.runs.iloc[:-1].reset_index(drop=True), list(h.notes))


def update(h: History, table: pd.DataFrame, labels: Sequence[str], today: dt.date,
           best: tuple[int, int | None] | None = None) -> tuple[History, Movement]:
    """Adds the run of ``table`` (Rank, Client, Score, Tier) dated ``today`` to ``h`` (replacing one of
    the same date) and compares it with the run before. ``best``: the run's number of best clients and
    its goal (None: no goal), recorded in :data:`BEST_COLUMNS`. Column operations over the clients: the
    cost does not grow with the number of past runs (only the cells' text gets a few characters longer)."""
    check_date(h, today)
    replaced = None
    if len(h.runs) and h.dates[-1] == today:
        replaced = movement.at_run(h.clients, h.runs, len(h.runs) - 1, labels)
        h = _drop_last_run(h)
    names = table["Client"].astype(str).reset_index(drop=True)
    tiers = table["Tier"].astype(str).reset_index(drop=True)
    ranks = table["Rank"].to_numpy(dtype=float)
    scores = table["Score"].to_numpy(dtype=float)
    keys = client_keys(names)
    old = h.clients.reset_index(drop=True)
    old_keys = client_keys(old["Client"]).astype(object)
    pos = pd.Series(range(len(keys)), index=keys)
    pos = pos[~pos.index.duplicated()]
    at = old_keys.map(pos)                                  # the old row's place in this run, or NaN
    present = at.notna().to_numpy()
    idx = at[present].astype(int).to_numpy()
    rank_text = _texts(ranks, "{:.0f}")
    score_text = _texts(scores, "{:.2f}")
    clients = old.copy()

    def add(col: str, new: np.ndarray) -> list[str]:  # one new string per client (not two)
        return [f"{before}{SEP}{now}" for before, now in zip(clients[col].tolist(), new.tolist())]
    tier_new = np.full(len(old), ABSENT, dtype=object)
    rank_new, score_new = tier_new.copy(), tier_new.copy()
    tier_new[present] = tiers.to_numpy(dtype=object)[idx]
    rank_new[present], score_new[present] = rank_text[idx], score_text[idx]
    clients["Tier by run"], clients["Rank by run"], clients["Score by run"] = (
        add("Tier by run", tier_new), add("Rank by run", rank_new), add("Score by run", score_new))
    rows = np.flatnonzero(present)
    for col, values in (("Client", names.to_numpy(dtype=object)[idx]), ("Tier", tiers.to_numpy(dtype=object)[idx]),
                        ("Rank", ranks[idx]), ("Score", scores[idx])):
        clients.loc[rows, col] = values
    clients.loc[rows, "Last ranked"] = today
    fresh_at = np.setdiff1d(np.arange(len(keys)), idx)
    fresh_at = fresh_at[~keys.iloc[fresh_at].duplicated().to_numpy()] if len(fresh_at) else fresh_at
    if len(fresh_at):
        first = pd.DataFrame({"Client": names.iloc[fresh_at].to_numpy(), "Tier": tiers.iloc[fresh_at].to_numpy(),
                              "Rank": ranks[fresh_at], "Score": scores[fresh_at], "Ranked since": today,
                              "Last ranked": today, "Tier by run": tiers.iloc[fresh_at].to_numpy(),
                              "Rank by run": rank_text[fresh_at], "Score by run": score_text[fresh_at]})
        clients = pd.concat([clients, first], ignore_index=True) if len(clients) else first
    clients = clients[list(CLIENT_COLUMNS)]
    run = {"Date": today, "Clients": float(len(table))}
    if best is not None:
        run.update({BEST_COUNT: float(best[0]), BEST_GOAL: float("nan") if best[1] is None else float(best[1])})
    run.update({label: float((tiers == label).sum()) for label in labels})
    runs = pd.concat([h.runs, pd.DataFrame([run])], ignore_index=True) if len(h.runs) else pd.DataFrame([run])
    new = History(clients, runs, [])
    twice = int(keys.duplicated().sum())
    if twice:
        new.notes.append(f"{twice:,} client {'name is' if twice == 1 else 'names are'} in the ranking more than once; "
                         f"'{SHEET}' keeps one row per "
                         "name, the best-ranked (set 'Duplicate names' to Combine to rank them as one).")
    _within_limits(new)
    return new, _movement(h, old_keys, names, tiers, labels, today, replaced)


def _movement(h: History, old_keys: pd.Series, names: pd.Series, tiers: pd.Series, labels: Sequence[str],
              today: dt.date, replaced: movement.Before | None) -> Movement:
    """This run against the ranking it replaces (``replaced``, a run of the same date, or the last
    run of ``h``) and against the last run of an earlier month when that is another run."""
    known = set(old_keys.tolist())
    earlier = movement.first(len(names)) if not len(h.runs) else movement.compare(
        names, tiers, movement.at_run(h.clients, h.runs, len(h.runs) - 1, labels), labels, known=known)
    month = movement.last_of_earlier_month(h.dates, today)
    since_month = None
    if month is not None:
        since_month = earlier if month == len(h.runs) - 1 else movement.compare(
            names, tiers, movement.at_run(h.clients, h.runs, month, labels), labels, known=known)
    if replaced is None:
        out = earlier
    else:
        out = movement.compare(names, tiers, replaced, labels, known=known, same_day=True)
        out.instead = earlier
    for m in (out, earlier):
        if since_month is not None and m.previous != since_month.previous:
            m.last_month = since_month
    return out


def _within_limits(h: History) -> None:
    """Folds the oldest detail when a limit of Excel's would be reached: rows (the clients not ranked
    for longest go) and characters per cell (a client's oldest runs go); a note says what went."""
    room = MAX_ROWS - 1
    if len(h.clients) > room:
        order = h.clients.sort_values("Last ranked", kind="stable")
        drop = len(h.clients) - room
        gone = order.iloc[:drop]
        h.clients = h.clients.drop(index=gone.index).reset_index(drop=True)
        h.notes.append(f"{drop:,} clients not ranked since {max(gone['Last ranked']):%Y-%m-%d} or earlier were "
                       f"taken out of '{SHEET}' (a sheet holds {MAX_ROWS:,} rows); the run table keeps their "
                       "counts.")
    lengths = np.zeros(len(h.clients), dtype=int)
    for c in ("Tier by run", "Rank by run", "Score by run"):
        lengths = np.maximum(lengths, h.clients[c].astype(str).str.len().to_numpy())
    long = np.flatnonzero(lengths > MAX_CELL).tolist()
    if not long:
        return
    dates = h.dates
    for i in long:
        row = h.clients.iloc[i]
        parts = [str(row[c]).split(SEP) for c in ("Tier by run", "Rank by run", "Score by run")]
        cut = 0
        while max(len(SEP.join(p[cut:])) for p in parts) > MAX_CELL:
            cut += 1
        since = [d for d in dates if d >= row["Ranked since"]]
        h.clients.at[h.clients.index[i], "Ranked since"] = since[cut] if cut < len(since) else row["Ranked since"]
        for c, p in zip(("Tier by run", "Rank by run", "Score by run"), parts):
            h.clients.at[h.clients.index[i], c] = SEP.join(p[cut:])
    h.notes.append(f"For {len(long):,} client(s) the oldest runs no longer fit in one cell ({MAX_CELL:,} characters) "
                   f"and were taken out of their row in '{SHEET}'; the run table keeps every run.")


def to_serial(days: Sequence[dt.date]) -> np.ndarray:
    return np.array([(dt.datetime(d.year, d.month, d.day) - _EPOCH).days for d in days], dtype=float)

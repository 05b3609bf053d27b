"""The best-client bar: what makes a client a **best client**, how many there are, and the goal.

Definitions (the Methodology sheet and the README say the same):

- A **criterion** is a minimum ("at least") or, for a factor where less is better, a maximum ("at
  most") on one factor, in the factor's own units: a number as the client list holds it, or for a
  column of dates a date (held as Excel's serial day number, as the engine holds dates; "on or
  after" / "on or before").
- A **best client** meets every filled-in criterion; a missing value never meets one. With no
  criterion filled in there are no best clients (and the summary says where to set one).
- The **bar** is the criteria, a **goal** (a whole number of best clients, or none) and a **goal
  date** (or none). It lives in the section "Best client" of the settings sheet: at the first run
  it is filled in from the data (:func:`fill`), written down, and from then on read back unchanged,
  so that the count moves only when clients do, never because the ranks moved.
- **Filled in from the data**: for each weighted factor, the values of the best-tier clients (the
  first tier label) that have one; their lower quartile (the 25th percentile, interpolated between
  values as Excel's QUARTILE.INC does) as a minimum, or for a factor where less is better their
  upper quartile (the 75th percentile) as a maximum; then made readable in the direction that keeps
  the bar no stricter (:func:`readable`). A factor without values in the best tier gets no criterion,
  nor does one whose readable value every client with a value meets (it would ask nothing).
- **Readable**: a multiple of ``5 × 10^(d − 3)``, ``d`` being the number of digits of the whole part
  (11,537 -> at least 11,500; 987 -> 985; 0.237 -> 0.235): at most three significant digits; a
  column of whole numbers gets a whole number (3.25 -> at least 3); a date goes to the first day of
  its month (on or after) or the last (on or before).
- **Since last run**: this run's count less the count of the last run of an earlier date recorded
  in Rank History (none before the first run that recorded one). A run that replaces one of the
  same date is compared with the run before it, so running twice gives the same figure.

The section's rows (:func:`rows`) and their reading (:func:`read`) are here; the settings module
hooks them into the sheet's rows. Pure: no files, no Excel.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from xlclientrank.engine import Ranking
from xlclientrank.errors import SettingsError
from xlclientrank.names import SETTINGS_SHEET as SHEET
from xlclientrank.reader.dates import date_to_serial, parse_date, serial_to_date
from xlclientrank.reader.notes import counted
from xlclientrank.stored import history
from xlclientrank.stored.settings_cells import number, text
from xlclientrank.stored.settings_words import (
    AT_LEAST_NAMES,
    AT_LEAST_WORDS,
    AT_MOST_WORDS,
    BEST_HEADER,
    BEST_LABELS,
    DATE_AT_LEAST_NAMES,
)

HEADING = BEST_HEADER[0]  # the settings sheet's section ("Best client")
COLUMN = "Best client"  # the ranking table's column: whether the client meets the bar (bool)
QUARTILE = 25           # the percentile of the best tier's values a minimum is filled in from

__all__ = ["HEADING", "COLUMN", "Criterion", "Bar", "Standing", "fill", "how_filled", "readable", "readable_date",
           "meets", "settle", "mark", "standing", "rows", "read", "said_value", "describe"]


@dataclass(frozen=True)
class Criterion:
    """``column`` at least (``at_least``) or at most ``value``, in the column's own units (a date as a
    serial day number); ``value`` None: not a criterion (a blank cell). ``at_least`` is None only as
    read from a sheet whose direction cell was blank: :func:`settle` sets it from the factor."""

    column: str
    at_least: bool | None
    value: float | None


@dataclass(frozen=True)
class Bar:
    """The best-client bar: the criteria (one per row of the section), the goal (a whole number of
    best clients) and its date, how it was first set (a sentence), and whether it was ever set
    (False until a first run fills it in: then :func:`settle` fills it from the data)."""

    criteria: tuple[Criterion, ...] = ()
    goal: int | None = None
    goal_date: dt.date | None = None
    how: str = ""
    written: bool = False
    # what differs from the bar of the last ranking of an earlier date, when it is known (its stored
    # criteria: :func:`compare`): then the counts are not compared ("since last run" is not said)
    changed: tuple[str, ...] = field(default=(), compare=False)

    @property
    def filled(self) -> tuple[Criterion, ...]:
        """The criteria with a value (those a best client must meet)."""
        return tuple(c for c in self.criteria if c.value is not None)


# ---------------------------------------------------------------- filling in from the data

def readable(x: float, at_least: bool, whole: bool = False) -> float:
    """``x`` made readable (see the module docstring) in the direction that is no stricter: down for
    a minimum (``at_least``), up for a maximum. ``whole``: a column of whole numbers (a whole result)."""
    if not math.isfinite(x) or x == 0:
        return float(x)
    digits = math.floor(math.log10(abs(x))) + 1
    step = Decimal(5).scaleb(digits - 3)
    if whole:
        step = max(step, Decimal(1))
    exact = Decimal(x)
    k = (exact / step).to_integral_value(rounding=ROUND_FLOOR)
    if not at_least and k * step < exact:
        k += 1
    out = float(k * step)
    # a float nearest to k × step may lie a hair on the stricter side of x: one step less strict then
    while (out > x) if at_least else (out < x):
        k += -1 if at_least else 1
        out = float(k * step)
    return out


def readable_date(serial: float, at_least: bool) -> float:
    """A date (serial day number) as the first day of its month (``at_least``: on or after) or the
    last (on or before): no stricter, and readable."""
    day = serial_to_date(math.floor(serial) if at_least else math.ceil(serial))
    if at_least:
        return date_to_serial(day.replace(day=1))
    return date_to_serial(day.replace(day=calendar.monthrange(day.year, day.month)[1]))


def _whole(values: pd.Series) -> bool:
    v = values.dropna().to_numpy(dtype=float)
    return bool(len(v)) and bool(np.all(v == np.round(v)))


def fill(ranking: Ranking, date_columns: Iterable[str] = ()) -> list[Criterion]:
    """The criteria filled in from the data (see the module docstring): one per weighted factor
    (``ranking.config.weighted``, values in ``ranking.table[f.column]``), in their order; value None
    for a factor none of the best-tier clients has a value for, and for one whose value every client
    with a value meets (it would ask nothing but a value). ``date_columns``: the factors that hold
    dates (serial day numbers)."""
    table, labels = ranking.table, ranking.config.tiers.labels
    best_tier = (table["Tier"].astype(str) == str(labels[0])).to_numpy()
    dates = set(date_columns)
    out = []
    for f in ranking.config.weighted:
        if f.column not in table:
            out.append(Criterion(f.column, f.higher_is_better, None))
            continue
        column = pd.to_numeric(table[f.column], errors="coerce").astype(float)
        values = column[best_tier].dropna().to_numpy()
        if not len(values):
            out.append(Criterion(f.column, f.higher_is_better, None))
            continue
        quartile = float(np.percentile(values, QUARTILE if f.higher_is_better else 100 - QUARTILE))
        value: float | None = readable_date(quartile, f.higher_is_better) if f.column in dates else \
            readable(quartile, f.higher_is_better, _whole(column))
        every = column.dropna()
        if value is not None and (value <= every.min() if f.higher_is_better else value >= every.max()):
            value = None  # every client with a value meets it ("Referrals at least 0"): it asks nothing
        out.append(Criterion(f.column, f.higher_is_better, value))
    return out


def how_filled(ranking: Ranking, when: dt.date) -> str:
    """The sentence that says how :func:`fill` set the bar, for the settings sheet and the Methodology."""
    label = ranking.config.tiers.labels[0]
    n = ranking.tier_counts.get(label, 0)
    return (f"Filled in by Client Rank on {when:%Y-%m-%d} from your {counted(n, label + ' client')}: for each "
            "weighted column, a value 3 in 4 of them reach (their lower quartile; where less is better, the "
            "upper quartile as a maximum), rounded to a readable number that is no stricter. It stays as it is "
            "until you change it.")


# ---------------------------------------------------------------- who meets it

def meets(table: pd.DataFrame, criteria: Sequence[Criterion]) -> np.ndarray:
    """Per row of ``table``, whether the client meets every criterion with a value (a bool array).
    A missing value (blank, text, or a column the table lacks) never meets one; with no criterion
    filled in, no client is a best client."""
    filled = [c for c in criteria if c.value is not None]
    out = np.full(len(table), bool(filled))
    for c in filled:
        assert c.value is not None
        if c.column not in table:
            return np.zeros(len(table), dtype=bool)
        v = pd.to_numeric(table[c.column], errors="coerce").to_numpy(dtype=float)
        slack = 1e-9 * max(1.0, abs(c.value))  # a sum's rounding noise is not a shortfall
        with np.errstate(invalid="ignore"):
            ok = v >= c.value - slack if c.at_least is not False else v <= c.value + slack
        out &= ok & ~np.isnan(v)
    return out


# ---------------------------------------------------------------- from run to run

def settle(bar: Bar, ranking: Ranking, factor_columns: Sequence[str], when: dt.date,
           date_columns: Iterable[str] = ()) -> tuple[Bar, list[str]]:
    """The bar to use for this run, and notes for the owner. A bar never set is filled in from the
    data (:func:`fill`). A bar read from the sheet is kept as the owner left it: every weighted
    factor gets a row (a factor weighted since: a blank row, never a new value), a criterion on a
    factor that is no longer weighted stays while its column is a factor (``factor_columns``), and
    one whose column is gone is dropped with a note. A direction left blank follows the factor."""
    weighted = ranking.config.weighted
    if not bar.written:
        criteria = tuple(fill(ranking, date_columns))
        shown = [describe(c, date_columns) for c in criteria if c.value is not None]
        note = (f"The best-client bar was set from your data ({'; '.join(shown)}); it stays as it is until you "
                f"change it under 'Best client' in '{SHEET}'." if shown else
                f"No best-client bar could be set from your data (your best tier has no values); type one under "
                f"'Best client' in '{SHEET}'.")
        return Bar(criteria, bar.goal, bar.goal_date, how_filled(ranking, when), True), [note]
    direction = {f.column: f.higher_is_better for f in ranking.config.factors}
    own = {c.column.casefold(): c for c in bar.criteria}
    notes, out, seen = [], [], set()
    for f in weighted:
        c = own.get(f.column.casefold())
        seen.add(f.column.casefold())
        if c is None:
            c = Criterion(f.column, f.higher_is_better, None)
            if bar.criteria:
                notes.append(f"'{f.column}' is weighted now: the best-client bar has no value for it yet; type one "
                             f"under 'Best client' in '{SHEET}' to count it.")
        out.append(replace(c, column=f.column, at_least=f.higher_is_better if c.at_least is None else c.at_least))
    columns = {name.casefold(): name for name in factor_columns}
    for c in bar.criteria:
        key = c.column.casefold()
        if key in seen or c.value is None:
            continue
        if key in columns:
            name = columns[key]
            out.append(replace(c, column=name, at_least=direction.get(name, True) if c.at_least is None
                               else c.at_least))
        else:
            notes.append(f"'{c.column}' is no longer a column of your clients, so the best-client bar no longer "
                         f"asks for it (it was {describe(c, date_columns, column=False)}).")
    return replace(bar, criteria=tuple(out)), notes


def stored(bar: Bar) -> list[list[Any]]:
    """The bar's filled-in criteria as the calibration stores them: ``[column, at_least, value]``."""
    return [[c.column, c.at_least is not False, c.value] for c in bar.filled]


def compare(bar: Bar, earlier: Sequence[Any] | None, date_columns: Iterable[str] = ()) -> Bar:
    """``bar`` with what differs from the ``earlier`` bar (as :func:`stored` keeps it; None: not
    known, nothing said), one description each: ``"Revenue at least 5,950 -> at least 20,000"``,
    ``"Hours at most 550 -> not asked"``, ``"Fit (1-5) not asked -> at least 4"``."""
    if not isinstance(earlier, (list, tuple)):
        return bar
    try:
        before = {str(c[0]): Criterion(str(c[0]), bool(c[1]), float(c[2])) for c in earlier}
    except (TypeError, ValueError, IndexError):
        return bar  # a calibration this version did not write: not known
    now = {c.column: c for c in bar.filled}
    out = []
    for column in list(now) + [c for c in before if c not in now]:
        old, new = before.get(column), now.get(column)
        if old is not None and new is not None and old.at_least == (new.at_least is not False) and \
                abs(float(old.value or 0) - float(new.value or 0)) <= 1e-9:
            continue
        said = [describe(c, date_columns, column=False) if c is not None else "not asked" for c in (old, new)]
        out.append(f"{column} {said[0]} -> {said[1]}")
    return replace(bar, changed=tuple(out))


def said_value(c: Criterion, date_columns: Iterable[str] = ()) -> str:
    """The criterion's value as the owner reads it: ``11,500``, ``0.235``, ``2019-06-01``."""
    if c.value is None:
        return ""
    if c.column in set(date_columns):
        return f"{serial_to_date(c.value):%Y-%m-%d}"
    return f"{c.value:,.0f}" if float(c.value).is_integer() else f"{c.value:,.10g}"


def describe(c: Criterion, date_columns: Iterable[str] = (), column: bool = True) -> str:
    """``"Revenue at least 11,500"`` (``column`` False: ``"at least 11,500"``)."""
    dates = set(date_columns)
    names = DATE_AT_LEAST_NAMES if c.column in dates else AT_LEAST_NAMES
    said = f"{names[c.at_least is not False].lower()} {said_value(c, dates)}"
    return f"{c.column} {said}" if column else said


@dataclass(frozen=True)
class Standing:
    """This run's best clients: how many, the bar (its goal and date), and the change since the
    last run of an earlier date (None when no such run recorded a count)."""

    count: int
    bar: Bar
    since_last: int | None
    date_columns: frozenset[str] = field(default=frozenset())
    when: dt.date | None = None  # the ranking's date

    @property
    def to_go(self) -> int | None:
        """Best clients still to find to reach the goal (0 when reached), None without a goal."""
        return None if self.bar.goal is None else max(self.bar.goal - self.count, 0)


def standing(table: pd.DataFrame, bar: Bar, runs: pd.DataFrame, when: dt.date,
             date_columns: Iterable[str] = ()) -> Standing:
    """The standing of the ranking ``table`` (its :data:`COLUMN`, else the bar met afresh) against
    the history's run table ``runs`` (its column :data:`history.BEST_COUNT`)."""
    mask = table[COLUMN].to_numpy(dtype=bool) if COLUMN in table else meets(table, bar.criteria)
    count = int(mask.sum())
    since = None
    if history.BEST_COUNT in runs and len(runs) and not bar.changed:  # counts under another bar: not compared
        earlier = runs[[d < when for d in runs["Date"]]][history.BEST_COUNT].dropna()
        if len(earlier):
            since = count - int(earlier.iloc[-1])
    return Standing(count, bar, since, frozenset(date_columns), when)


# ---------------------------------------------------------------- the settings sheet's section

def rows(bar: Bar, weighted: Sequence[tuple[str, bool]], factor_columns: Sequence[str],
         date_columns: Iterable[str] = ()) -> list[list[Any]]:
    """The section's rows (cell values from column A): a blank row, the heading with the table's
    header, one row per criterion whose column is a factor (``factor_columns``: a column left out of
    an advisor's copy is not shown) and per weighted factor without one (``weighted``: column and
    whether higher is better; its value blank, its direction the factor's), then the goal, the
    goal date and how the bar was set. A direction is written as its name (At least, At most; for a
    column of dates: On or after, On or before)."""
    dates = set(date_columns)
    factors = set(factor_columns)
    listed = [c for c in bar.criteria if c.column in factors]
    have = {c.column for c in listed}
    listed += [Criterion(w, higher, None) for w, higher in weighted if w not in have]
    out: list[list[Any]] = [[], list(BEST_HEADER)]
    for c in listed:
        names = DATE_AT_LEAST_NAMES if c.column in dates else AT_LEAST_NAMES
        out.append(["", c.column, "" if c.at_least is None else names[c.at_least], c.value])
    out.append([BEST_LABELS["goal"], bar.goal])
    out.append([BEST_LABELS["goal_date"], bar.goal_date])
    out.append([BEST_LABELS["how"], bar.how])
    return out


def read(grid: Sequence[Sequence[Any]], first_row: int = 1) -> tuple[Bar, dict[str, str]]:
    """The bar in the settings sheet's cell values (row by row from column A; ``first_row`` the Excel
    row of ``grid[0]``) and where each part is (``"best:<column>"`` -> its value's cell, ``"goal"``,
    ``"goal_date"``). A sheet without the section gives a bar never set. Raises
    :class:`SettingsError` naming the cell of a value that cannot be read."""
    by_label = {v.casefold(): k for k, v in BEST_LABELS.items()}
    heading = BEST_HEADER[0].casefold()
    where: dict[str, str] = {}
    values: dict[str, Any] = {}
    criteria: list[Criterion] = []
    written, inside = False, False
    for i, row in enumerate(grid):
        r = first_row + i
        cells = list(row) + [None] * 4
        label = text(cells[0]).casefold()
        if label == heading:
            written = inside = True
            continue
        if label:
            inside = False
            if label in by_label:
                values[by_label[label]], where[by_label[label]] = cells[1], f"B{r}"
                written = True
            continue
        if inside and text(cells[1]):
            c = _criterion(cells, r)
            if any(x.column.casefold() == c.column.casefold() for x in criteria):
                raise SettingsError(f"'{c.column}' is listed twice under 'Best client'; delete one of the rows",
                                    sheet=SHEET, cell=f"B{r}")
            criteria.append(c)
            where[f"best:{c.column}"] = f"D{r}"
    goal = _goal(values.get("goal"), where.get("goal"))
    goal_date = _goal_date(values.get("goal_date"), where.get("goal_date"))
    return Bar(tuple(criteria), goal, goal_date, text(values.get("how")), written), where


def _criterion(cells: list[Any], r: int) -> Criterion:
    column = text(cells[1])
    direction = " ".join(text(cells[2]).casefold().split())
    if direction in AT_LEAST_WORDS:
        at_least: bool | None = True
    elif direction in AT_MOST_WORDS:
        at_least = False
    elif direction == "":
        at_least = None
    else:
        raise SettingsError(f"'Best when' must be At least or At most (for a column of dates: On or after or On or "
                            f"before), not {cells[2]!r}", sheet=SHEET, cell=f"C{r}")
    return Criterion(column, at_least, _value(cells[3], f"D{r}", column))


def _value(v: Any, cell: str, column: str) -> float | None:
    """A criterion's value: a number, a date (as a serial day number) or blank (None)."""
    if isinstance(v, dt.datetime):
        return date_to_serial(v.replace(hour=0, minute=0, second=0, microsecond=0))
    if isinstance(v, dt.date):
        return date_to_serial(v)
    typed = text(v)
    if typed == "":
        return None
    if isinstance(v, str):
        plain = typed.strip("$€£¥ ").replace("\u00a0", "").replace(" ", "")
        if plain.count(",") and plain.replace(",", "").replace(".", "", 1).lstrip("-").isdigit() and \
                all(len(part) == 3 for part in plain.split(".")[0].split(",")[1:]):
            plain = plain.replace(",", "")  # 11,500 typed as text: thousands, not a decimal comma
        try:
            return number(plain, cell, "value", default=None)
        except SettingsError:
            serial = parse_date(typed)
            if serial is not None:
                return serial
            raise SettingsError(f"the value {v!r} for '{column}' is not a number or a date; type one (for example "
                                "11500), or leave the cell blank for no criterion", sheet=SHEET, cell=cell) from None
    return number(v, cell, f"value for '{column}'", default=None)


def _goal(v: Any, cell: str | None) -> int | None:
    goal = number(v, cell, "goal", default=None)
    if goal is None:
        return None
    if goal < 0 or not float(goal).is_integer():
        raise SettingsError(f"the goal {v!r} must be a whole number of best clients, 0 or more (for example 30); "
                            "or leave it blank", sheet=SHEET, cell=cell)
    return int(goal)


def _goal_date(v: Any, cell: str | None) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    typed = text(v)
    if typed == "":
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v < 2958466:
        return serial_to_date(float(v))
    serial = parse_date(typed) if isinstance(v, str) else None
    if serial is None:
        raise SettingsError(f"the goal date {v!r} is not a date; type one such as 2027-06-30, or leave it blank",
                            sheet=SHEET, cell=cell)
    return serial_to_date(serial)



def mark(bar: Bar, ranking: Ranking, factor_columns: Sequence[str], when: dt.date,
         date_columns: Iterable[str] = ()) -> tuple[Bar, list[str]]:
    """The bar settled for this run (:func:`settle`) and its notes; each client of ``ranking.table``
    marked in the column :data:`COLUMN` (whether it meets the bar)."""
    bar, notes = settle(bar, ranking, factor_columns, when, date_columns)
    ranking.table[COLUMN] = meets(ranking.table, bar.criteria)
    return bar, notes

"""The owner's settings: which column is which factor, weights, directions, tiers, the 80/20 column.

They live in the workbook, in a sheet named ``ClientRank Settings`` that the owner reads and edits
in Excel. This module turns that sheet (as a grid of cell values) into :class:`Settings` and back
into rows for the renderer; it also infers sensible defaults from the client table's headers the
first time. It reads and writes no files itself. The sheet's words are in :mod:`.settings_words`,
how a cell is read in :mod:`.settings_cells`.

Sheet layout (column A holds the labels; the parser finds them wherever they are, under today's
labels and those of earlier sheets: Pareto column, Pareto target, Score scale):

============================  ===========================================================
``Client sheet``              name of the sheet with the client list
``Client column``             header of the column with the client names
``Rows are``                  ``Auto``, ``Clients`` (one row per client) or ``Order lines`` (one row per sale)
``Duplicate names``           ``Keep apart`` or ``Combine`` (clients listed twice in a client list)
``80/20 column``              header of the value column for the 80/20 figures and ABC tiers
``80/20 share``               e.g. 80 %
``Factors``                   section: Column | Measures | Weight | Better when (one row per column)
``Columns not used``          the text columns, or "(none)"
``Advanced``                  a heading over the expert choices and the tiers
``How values become scores``  ``Percentile`` or ``Min-max``
``Missing values``            ``Worst`` or ``Leave out``
``Tier method``               ``Shares``, ``Score thresholds`` or ``ABC``
``Tiers``                     section: Tier | the method's column | Action, the method's column
                              being Share of clients, Minimum score or Share of value (an earlier
                              sheet showed all three: its table is read by its headers)
============================  ===========================================================
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from xlclientrank import engine, headers
from xlclientrank.errors import RankingError, SettingsError
from xlclientrank.names import SETTINGS_SHEET as SHEET
from xlclientrank.reader.table import ColumnInfo
from xlclientrank.stored import best as best_bar
from xlclientrank.stored.settings_cells import choice, fraction, number, text
from xlclientrank.stored.settings_words import (
    ACTION_HEADER,
    ADVANCED,
    ADVANCED_HEADING,
    BASIC,
    DATE_DIRECTION_NAMES,
    DEFAULT_ACTIONS,
    DEFAULT_OPTIONS,
    DEFAULT_TIERS,
    DIRECTION_NAMES,
    DUPLICATE_NAMES,
    FACTORS_HEADER,
    HIGHER_WORDS,
    LABELS,
    LOWER_WORDS,
    METHOD_ALIASES,
    METHOD_NAMES,
    MISSING_NAMES,
    NONE_UNUSED,
    OLD_LABELS,
    OLD_LAST_ACTION,
    OLD_TIER_COLUMNS,
    OPTION_HEADERS,
    OPTION_OF_METHOD,
    ROWS_NAMES,
    SCALE_NAMES,
    TIER_COLUMNS_READ,
    TIER_LABEL_HEADER,
    TIERS_HEADING,
    UNUSED_LABEL,
    default_action,
    header_word,
)

# read here as settings.ColumnInfo, settings.LABELS and so on, as before the words had a module of their own
__all__ = ["ColumnInfo", "DEFAULT_ACTIONS", "DEFAULT_TIERS", "FACTORS_HEADER", "LABELS", "METHOD_NAMES",
           "MISSING_NAMES", "ROWS_NAMES", "SCALE_NAMES", "DUPLICATE_NAMES", "UNUSED_LABEL", "SHEET",
           "FactorSetting", "TierSetting", "Settings", "default_action", "infer", "reconcile", "quoted_names",
           "to_rows", "parse"]

@dataclass(frozen=True)
class FactorSetting:
    column: str
    kind: headers.FactorKind
    weight: float
    higher_is_better: bool


@dataclass(frozen=True)
class TierSetting:
    label: str
    share: float | None
    min_score: float | None
    value_share: float | None
    action: str = ""


@dataclass
class Settings:
    """Everything the owner can set. :meth:`config` turns it into the engine's :class:`RankConfig`."""

    client_sheet: str | None
    client_column: str
    factors: list[FactorSetting]
    tiers: list[TierSetting] = field(default_factory=lambda: [TierSetting(*t) for t in DEFAULT_TIERS])
    scale: str = "percentile"
    missing: str = "worst"
    tier_method: str = "shares"
    pareto_column: str | None = None
    pareto_target: float = engine.DEFAULT_TARGET
    unused: list[str] = field(default_factory=list)
    rows_are: str = "auto"
    duplicates: str = "keep apart"
    # why the 80/20 (revenue) column was chosen when Client Rank chose it ("" when the owner did);
    # said in the "Revenue:" line of what was understood, never saved in the sheet
    pareto_reason: str = field(default="", compare=False)
    # the factor columns that hold dates, whose "Better when" reads Earlier or Later (from the client
    # table: never saved in the sheet)
    date_columns: frozenset[str] = field(default=frozenset(), compare=False)
    # factor columns without a single value yet (the owner's notes before any is typed): left out of
    # the scores, whatever their weight, which an empty column would lower for every client alike
    left_out: frozenset[str] = field(default=frozenset(), compare=False)
    best: best_bar.Bar = field(default_factory=best_bar.Bar, compare=False)  # the best-client bar (.best)

    def config(self) -> engine.RankConfig:
        rule = engine.TierRule(
            method=self.tier_method,
            labels=tuple(t.label for t in self.tiers),
            shares=tuple(t.share or 0.0 for t in self.tiers),
            thresholds=tuple(t.min_score if t.min_score is not None else 0.0 for t in self.tiers[:-1]),
            value_shares=tuple(t.value_share or 0.0 for t in self.tiers),
        )
        return engine.RankConfig(
            factors=tuple(engine.Factor(f.column, 0.0 if f.column in self.left_out else f.weight, f.higher_is_better,
                                        f.kind.key) for f in self.factors),
            tiers=rule, scale=self.scale, missing=self.missing,
            pareto_column=self.pareto_column, pareto_target=self.pareto_target,
        )


# ---------------------------------------------------------------- defaults from headers

def infer(sheet: str, columns: Sequence[ColumnInfo], client_column: str) -> tuple[Settings, list[str]]:
    """Default settings for a client table seen for the first time, and notes for the owner.

    Each recognised factor kind gets its default weight and direction for one column (the one
    with the latest year in its header, else the first); other numeric columns are listed with
    weight 0, so the owner can weigh them. Text columns are listed as not used.
    """
    notes: list[str] = []
    factors: list[FactorSetting] = []
    unused: list[str] = []
    chosen: dict[str, str] = {}
    numeric = [c for c in columns if c.name != client_column and c.kind in ("number", "date")]
    for kind_key, cols in _group_by_kind(numeric).items():
        if kind_key != "custom":
            # the latest year first; among revenue columns of a year, net of tax before gross
            names = [n.name for n in numeric]
            chosen[kind_key] = max(cols, key=lambda c: (_year(c.name), -headers.revenue_preference(c.name, names)
                                                        if kind_key == "revenue" else 0, -numeric.index(c))).name
    for c in columns:
        if c.name == client_column:
            continue
        if c not in numeric:
            unused.append(c.name)
            continue
        kind = headers.recognise(c.name) or headers.CUSTOM
        higher = kind.higher_is_better
        if kind.key == "tenure" and c.kind != "date":
            higher = True  # "Years as client": more is better; only a start date is better when lower
        weight = kind.default_weight if chosen.get(kind.key) == c.name else 0.0
        factors.append(FactorSetting(c.name, kind, float(weight), higher))
    dates = {c.name for c in columns if c.kind == "date"}
    if factors and all(f.weight == 0 for f in factors):
        # a column of dates (an invoice date, say) is not a measure of the client: it stays at weight 0
        # unless there is nothing else to rank on
        # nor is a column that is never a factor (an ID, a phone, a postal code)
        equal = [f for f in factors if f.column not in dates and not headers.never_a_factor(f.column)] or \
            [f for f in factors if not headers.never_a_factor(f.column)]
        factors = [replace(f, weight=1.0) if f in equal else f for f in factors]
        left = [f.column for f in factors if f.weight == 0]
        notes.append("No column header was recognised as revenue, profit, orders, hours and so on, so every "
                     "numeric column counts equally"
                     + (f" (dates have weight 0: {quoted_names(left)})" if left else "")
                     + f"; set the weights in '{SHEET}'.")
    pareto, reason = _pick_pareto(factors, dates)
    return Settings(client_sheet=sheet, client_column=client_column, factors=factors, pareto_column=pareto,
                    unused=unused, pareto_reason=reason, date_columns=frozenset(dates)), notes


def _group_by_kind(columns: Sequence[ColumnInfo]) -> dict[str, list[ColumnInfo]]:
    out: dict[str, list[ColumnInfo]] = {}
    for c in columns:
        kind = headers.recognise(c.name) or headers.CUSTOM
        out.setdefault(kind.key, []).append(c)
    return out


def _year(header: str) -> int:
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", header)]
    return max(years) if years else 0


def _pick_pareto(factors: Sequence[FactorSetting], dates: Collection[str] = frozenset()) -> tuple[str | None, str]:
    """The value column for the 80/20 figures, and why: revenue, else profit, else another money
    column, else the first weighted column of numbers. Never a column of dates (an invoice date is
    not an amount, however many days it counts) nor one that is never a factor (an ID, a phone)."""
    amounts = [f for f in factors if f.column not in dates and f.kind.value != "date"
               and not headers.never_a_factor(f.column)]
    for key, why in (("revenue", "its header says {word}"),
                     ("profit", "no header says revenue; this one says {word}")):
        for f in amounts:
            if f.kind.key == key and f.weight > 0:
                return f.column, why.format(word=header_word(f.column, key) or key)
    money = [f for f in amounts if f.kind.value == "money"]
    if money:
        return money[0].column, f"no header says revenue; this one says {money[0].kind.label.lower()}"
    weighted = [f for f in amounts if f.weight > 0] or amounts
    if weighted:
        return weighted[0].column, "no header says revenue or sales, so the first column of numbers"
    return None, "no column holds amounts"


def reconcile(saved: Settings, columns: Sequence[ColumnInfo], where: dict[str, str],
              defaults: Collection[str] = ()) -> tuple[Settings, list[str]]:
    """Checks saved settings against the current table; adds new columns with weight 0 (those in
    ``defaults``, the owner's notes, with their header's default weight).

    ``where`` maps ``"factor:<column>"``, ``"client_column"`` and ``"pareto_column"`` to the cell
    that holds it, for error messages. Raises :class:`SettingsError` for a setting that names a
    column the table no longer has (when it matters); returns the settings to use and notes.
    """
    names = [c.name for c in columns]
    notes: list[str] = []
    if saved.client_column not in names:
        raise SettingsError(f"the client column '{saved.client_column}' is not a header of sheet "
                            f"'{saved.client_sheet}'; type one of: {quoted_names(names)}",
                            sheet=SHEET, cell=where.get("client_column"))
    kinds = {c.name: c.kind for c in columns}
    if kinds[saved.client_column] != "text":
        raise SettingsError(f"the client column '{saved.client_column}' holds numbers, not client names; type the "
                            "header of the column with the names", sheet=SHEET, cell=where.get("client_column"))
    factors = []
    for f in saved.factors:
        cell = where.get(f"factor:{f.column}")
        if f.column not in names:
            if f.weight > 0:
                raise SettingsError(f"the column '{f.column}' is not in sheet '{saved.client_sheet}' any more; "
                                    "correct the name or set its weight to 0", sheet=SHEET, cell=cell)
            notes.append(f"Column '{f.column}' is gone from sheet '{saved.client_sheet}'; "
                         "removed it from the settings.")
        elif f.column == saved.client_column or kinds[f.column] not in ("number", "date"):
            if f.weight > 0:
                what = "the client names" if f.column == saved.client_column else "text"
                raise SettingsError(f"the column '{f.column}' holds {what}, not numbers; set its weight to 0 or "
                                    "delete the row", sheet=SHEET, cell=cell)
        else:
            factors.append(f)
    listed = {f.column for f in factors} | set(saved.unused) | {saved.client_column}
    unused = [u for u in saved.unused if u in names and u != saved.client_column]
    for c in columns:
        if c.name in listed:
            continue
        if c.kind in ("number", "date"):
            kind = headers.recognise(c.name) or headers.CUSTOM
            higher_is_better = kind.higher_is_better if kind.key != "tenure" or c.kind == "date" else True
            weight = float(kind.default_weight) if c.name in defaults else 0.0
            factors.append(FactorSetting(c.name, kind, weight, higher_is_better))
            notes.append(f"New column '{c.name}' found; it has weight {weight:g}"
                         + (f" (change it in '{SHEET}')." if weight else f" until you give it one in '{SHEET}'."))
        else:
            unused.append(c.name)
    if saved.pareto_column is not None and saved.pareto_column not in names:
        raise SettingsError(f"the 80/20 column '{saved.pareto_column}' is not a header of sheet "
                            f"'{saved.client_sheet}'; type one of: {quoted_names(names)}",
                            sheet=SHEET, cell=where.get("pareto_column"))
    dates = frozenset(c.name for c in columns if c.kind == "date")
    return replace(saved, factors=factors, unused=unused, date_columns=dates), notes


def quoted_names(names: Sequence[str]) -> str:
    """``['Client', 'Revenue']`` -> ``"'Client', 'Revenue'"`` (the first twelve, then "...")."""
    shown = ", ".join(f"'{n}'" for n in names[:12])
    return shown + (", ..." if len(names) > 12 else "")


# ---------------------------------------------------------------- the sheet as rows

def to_rows(s: Settings) -> list[list[Any]]:
    """The settings as rows of cell values (the renderer adds formatting and explanations): the
    settings every owner may change first, then the factors, the columns not used and, under the
    Advanced heading, the expert choices and the tiers with the column of the tier method in use."""
    values = {
        "client_sheet": s.client_sheet or "", "client_column": s.client_column, "rows_are": ROWS_NAMES[s.rows_are],
        "duplicates": DUPLICATE_NAMES[s.duplicates], "pareto_column": s.pareto_column or "",
        "pareto_target": s.pareto_target, "scale": SCALE_NAMES[s.scale], "missing": MISSING_NAMES[s.missing],
        "tier_method": METHOD_NAMES[s.tier_method],
    }
    rows: list[list[Any]] = [[LABELS[k], values[k]] for k in BASIC]
    rows += [[], list(FACTORS_HEADER)]
    for f in s.factors:
        names = DATE_DIRECTION_NAMES if f.column in s.date_columns else DIRECTION_NAMES
        rows.append(["", f.column, f.kind.label, f.weight, names[f.higher_is_better]])
    rows += [[], [UNUSED_LABEL, ", ".join(s.unused) or NONE_UNUSED]] + best_bar.rows(
        s.best, [(f.column, f.higher_is_better) for f in s.factors if f.weight > 0], [f.column for f in s.factors],
        s.date_columns)
    rows += [[], [ADVANCED_HEADING]]
    rows += [[LABELS[k], values[k]] for k in ADVANCED]
    option = OPTION_OF_METHOD[s.tier_method]
    rows += [[], [TIERS_HEADING, TIER_LABEL_HEADER, OPTION_HEADERS[option], ACTION_HEADER]]
    for t in s.tiers:
        rows.append(["", t.label, getattr(t, option), t.action])
    return rows


def _letter(index: int) -> str:
    return chr(ord("A") + index)


@dataclass
class _SheetRows:
    """What the settings sheet's rows hold, as read: the labelled values and the two tables."""

    values: dict[str, Any] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # key -> the cell it came from
    factors: list[FactorSetting] = field(default_factory=list)
    tiers: list[TierSetting] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    # the tier table's columns (index -> TierSetting field), as its header row names them
    tier_columns: dict[int, str] = field(default_factory=lambda: dict(OLD_TIER_COLUMNS))


def _tier_columns(cells: Sequence[Any]) -> dict[int, str]:
    """The tier table's columns as its header row names them; an earlier sheet's fixed columns when
    it names no tier column."""
    named = {j: TIER_COLUMNS_READ[text(v).casefold()] for j, v in enumerate(cells)
             if j > 0 and text(v).casefold() in TIER_COLUMNS_READ}
    return named if "label" in named.values() else dict(OLD_TIER_COLUMNS)


def _read_rows(grid: Sequence[Sequence[Any]], first_row: int) -> _SheetRows:
    """The labelled values, the Factors and the Tiers rows of the sheet, each with its cell."""
    read = _SheetRows()
    section = None
    by_label = {v.casefold(): k for k, v in LABELS.items()}
    by_label.update({old.casefold(): k for k, olds in OLD_LABELS.items() for old in olds})
    for i, row in enumerate(grid):
        r = first_row + i
        cells = list(row) + [None] * 6
        label = text(cells[0]).casefold()
        if label == FACTORS_HEADER[0].casefold():
            section = "factors"
            continue
        if label == TIERS_HEADING.casefold():
            section = "tiers"
            read.tier_columns = _tier_columns(cells)
            continue
        if label == UNUSED_LABEL.casefold():
            listed = text(cells[1])
            read.unused = [] if listed.casefold() == NONE_UNUSED else [u.strip() for u in listed.split(",")
                                                                       if u.strip()]
            section = None
            continue
        if label in (ADVANCED_HEADING.casefold(), best_bar.HEADING.casefold()):  # the best-client rows: .best
            section = None
            continue
        if label in by_label:
            key = by_label[label]
            read.values[key] = cells[1]
            read.where[key] = f"B{r}"
            section = None
            continue
        if label or all(text(c) == "" for c in cells[1:6]):
            continue  # a blank row or the owner's own note: a section ends only at the next heading
        if section == "factors":
            f = _parse_factor(cells, r)
            read.factors.append(f)
            read.where[f"factor:{f.column}"] = f"B{r}"
        elif section == "tiers":
            t = _parse_tier(cells, r, read.tier_columns)
            read.tiers.append(t)
            read.where[f"tier:{t.label}"] = f"B{r}"
    return read


def _with_defaults(tiers: list[TierSetting]) -> list[TierSetting]:
    """The tiers with each tier method's column filled with its defaults where the sheet left all of
    it blank (the sheet shows only the column of the method in use, so the owner who chooses another
    method finds its column filled in after the next run), and each blank action with the default;
    the bottom tier's action an earlier version wrote by default ("Reprice or refer elsewhere") is
    the default of today (an action the owner typed stays)."""
    for option, by_count in DEFAULT_OPTIONS.items():
        ranked = tiers[:-1] if option == "min_score" else tiers
        defaults = by_count.get(len(tiers))
        if defaults is not None and all(getattr(t, option) is None for t in ranked):
            filled: list[dict[str, Any]] = [{option: v} for v in defaults]
            tiers = [replace(t, **f) for t, f in zip(tiers, filled)] + tiers[len(defaults):]
    return [replace(t, action=default_action(i, len(tiers)) if not t.action or (
        i == len(tiers) - 1 and t.action == OLD_LAST_ACTION) else t.action) for i, t in enumerate(tiers)]


def parse(grid: Sequence[Sequence[Any]], first_row: int = 1) -> tuple[Settings, dict[str, str]]:
    """Reads the settings sheet's cell values (row by row, from column A) back into Settings.

    ``first_row``: the Excel row number of ``grid[0]``. Returns the settings and where each came
    from (see :func:`reconcile`). Raises :class:`SettingsError` naming the cell of a bad value.
    """
    read = _read_rows(grid, first_row)
    bar, bar_where = best_bar.read(grid, first_row)
    values, where, factors, unused = read.values, read.where | bar_where, read.factors, read.unused
    for key in ("client_column",):
        if not text(values.get(key)):
            raise SettingsError(f"'{LABELS[key]}' is missing or blank; type the header of the column with your "
                                "client names", sheet=SHEET, cell=where.get(key, "A1"))
    names = [f.column for f in factors]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SettingsError(f"column '{dupes[0]}' is listed twice under Factors; delete one of the rows", sheet=SHEET,
                            cell=where.get(f"factor:{dupes[0]}"))
    method = choice(values.get("tier_method"), METHOD_NAMES, "shares", where.get("tier_method"),
                    aliases=METHOD_ALIASES)
    s = Settings(
        client_sheet=text(values.get("client_sheet")) or None,
        client_column=text(values["client_column"]),
        factors=factors,
        tiers=_with_defaults(read.tiers) if read.tiers else [TierSetting(*t) for t in DEFAULT_TIERS],
        scale=choice(values.get("scale"), SCALE_NAMES, "percentile", where.get("scale")),
        missing=choice(values.get("missing"), MISSING_NAMES, "worst", where.get("missing")),
        tier_method=method,
        pareto_column=text(values.get("pareto_column")) or None,
        pareto_target=fraction(values.get("pareto_target"), where.get("pareto_target"), default=0.8,
                               allow_zero=False),
        unused=unused, best=bar,
        rows_are=choice(values.get("rows_are"), ROWS_NAMES, "auto", where.get("rows_are")),
        duplicates=choice(values.get("duplicates"), DUPLICATE_NAMES, "keep apart", where.get("duplicates")),
    )
    first_tier = next((v for k, v in where.items() if k.startswith("tier:")), None)
    if s.tier_method == "thresholds":
        minimum = next((_letter(j) for j, name in read.tier_columns.items() if name == "min_score"), "D")
        for t in s.tiers[:-1]:
            if t.min_score is None:
                cell = minimum + where[f"tier:{t.label}"][1:]
                raise SettingsError(f"tier '{t.label}' has no minimum score; type one (0 to 100) for every tier "
                                    "but the last", sheet=SHEET, cell=cell)
    try:
        s.config()
    except RankingError as exc:
        raise SettingsError(f"{exc}; correct the Tiers table", sheet=SHEET, cell=first_tier) from exc
    return s, where


def _parse_factor(cells: list[Any], r: int) -> FactorSetting:
    column = text(cells[1])
    if not column:
        raise SettingsError("a factor row has no column name; type the column header or delete the row",
                            sheet=SHEET, cell=f"B{r}")
    kind_text = text(cells[2]).casefold()
    kind = headers.KIND_BY_LABEL.get(kind_text) or headers.KIND_BY_KEY.get(kind_text)
    if kind is None:
        choices = ", ".join(k.label for k in headers.KINDS + (headers.CUSTOM,))
        raise SettingsError(f"'{cells[2]}' is not something Client Rank measures; use one of: {choices}",
                            sheet=SHEET, cell=f"C{r}")
    weight = number(cells[3], f"D{r}", "weight", default=0.0)
    if weight < 0:
        raise SettingsError(f"the weight {cells[3]!r} is below 0; type 0 or more", sheet=SHEET, cell=f"D{r}")
    direction = text(cells[4]).casefold()
    if direction in HIGHER_WORDS:
        higher = True
    elif direction in LOWER_WORDS:
        higher = False
    elif direction == "":
        higher = kind.higher_is_better
    else:
        raise SettingsError(f"'Better when' must be Higher or Lower (for a column of dates: Later or Earlier), "
                            f"not {cells[4]!r}", sheet=SHEET, cell=f"E{r}")
    return FactorSetting(column, kind, weight, higher)


def _parse_tier(cells: list[Any], r: int, columns: dict[int, str]) -> TierSetting:
    at = {name: j for j, name in columns.items()}

    def cell(name: str) -> tuple[Any, str]:
        j = at.get(name)
        return (cells[j] if j is not None and j < len(cells) else None), _letter(j if j is not None else 0) + str(r)
    label_value, label_cell = cell("label")
    label = text(label_value)
    if not label:
        raise SettingsError("a tier row has no name; type one (for example Ideal) or delete the row",
                            sheet=SHEET, cell=label_cell)
    share = fraction(*cell("share"), default=None)
    min_value, min_cell = cell("min_score")
    min_score = number(min_value, min_cell, "minimum score", default=None)
    if min_score is not None and not 0 <= min_score <= 100:
        raise SettingsError(f"the minimum score {min_value!r} must be between 0 and 100", sheet=SHEET, cell=min_cell)
    value_share = fraction(*cell("value_share"), default=None)
    return TierSetting(label, share, min_score, value_share, text(cell("action")[0]))

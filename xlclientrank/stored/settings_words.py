"""The words of the settings sheet: its labels and headings, the names of the choices, the default
tiers and actions, and the earlier words that are still read, so that a workbook written before
keeps working (its sheet is then written again with the words of today).

Defined once here; :mod:`.settings` reads and writes the sheet with them and
:mod:`xlclientrank.render.settings_sheet` lays it out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from xlclientrank import headers
from xlclientrank.headers.words import WORDS

LABELS = {
    "client_sheet": "Client sheet",
    "client_column": "Client column",
    "rows_are": "Rows are",
    "duplicates": "Duplicate names",
    "pareto_column": "80/20 column",
    "pareto_target": "80/20 share",
    "scale": "How values become scores",
    "missing": "Missing values",
    "tier_method": "Tier method",
}
# the labels of earlier settings sheets, still read
OLD_LABELS = {
    "pareto_column": ("Pareto column",),
    "pareto_target": ("Pareto target",),
    "scale": ("Score scale",),
}
# the settings above the factors, and those under the Advanced heading (with the tiers)
BASIC = ("client_sheet", "client_column", "rows_are", "duplicates", "pareto_column", "pareto_target")
ADVANCED = ("scale", "missing", "tier_method")
ADVANCED_HEADING = "Advanced"

FACTORS_HEADER = ("Factors", "Column", "Measures", "Weight", "Better when")
TIERS_HEADING = "Tiers"
TIER_LABEL_HEADER = "Tier"
ACTION_HEADER = "Action"
# the column of the tier table each tier method uses, by TierSetting field
OPTION_HEADERS = {"share": "Share of clients", "min_score": "Minimum score", "value_share": "Share of value"}
OPTION_OF_METHOD = {"shares": "share", "thresholds": "min_score", "abc": "value_share"}
# the tier table's headers as read: today's and an earlier sheet's (which showed every method's column)
TIER_COLUMNS_READ = {
    "tier": "label", "share of clients": "share", "minimum score": "min_score", "share of value": "value_share",
    "share of value (abc)": "value_share", "action": "action",
}
# an earlier sheet's tier table: Tier | Share of clients | Minimum score | Share of value (ABC) | Action
OLD_TIER_COLUMNS = {1: "label", 2: "share", 3: "min_score", 4: "value_share", 5: "action"}

UNUSED_LABEL = "Columns not used"
NONE_UNUSED = "(none)"

# the best-client bar (stored.best): its heading and table header, the goal's cells, how it was set, and
# the names of a criterion's direction (for a column of dates: On or after, On or before)
BEST_HEADER = ("Best client", "Column", "Best when", "Value")
BEST_LABELS = {"goal": "Goal: best clients", "goal_date": "Goal date", "how": "How it was set"}
AT_LEAST_NAMES = {True: "At least", False: "At most"}
DATE_AT_LEAST_NAMES = {True: "On or after", False: "On or before"}
AT_LEAST_WORDS = ("at least", "on or after", "minimum", "min", ">=", "from", "after", "higher", "more")
AT_MOST_WORDS = ("at most", "on or before", "maximum", "max", "<=", "until", "before", "lower", "less")

SCALE_NAMES = {"percentile": "Percentile", "minmax": "Min-max"}
MISSING_NAMES = {"worst": "Worst", "leave out": "Leave out"}
METHOD_NAMES = {"shares": "Shares", "thresholds": "Score thresholds", "abc": "ABC"}
# an earlier settings sheet's hint said "ABC by value": that longer name is accepted too
METHOD_ALIASES = {"abc by value": "abc", "abc (by value)": "abc", "abc - by value": "abc"}
ROWS_NAMES = {"auto": "Auto", "clients": "Clients", "order lines": "Order lines"}
DUPLICATE_NAMES = {"keep apart": "Keep apart", "combine": "Combine"}
DIRECTION_NAMES = {True: "Higher", False: "Lower"}
DATE_DIRECTION_NAMES = {True: "Later", False: "Earlier"}  # a column of dates: a later date is a higher one
HIGHER_WORDS = ("higher", "more", "high", "up", "later", "newer")
LOWER_WORDS = ("lower", "less", "low", "down", "earlier", "older")

# what the practice advises for each tier; shown in the Ranking sheet's Action column, editable in the
# settings. The last tier is a poor fit, not a client to drop: serve it well, at the standard terms.
DEFAULT_ACTIONS = {
    "first": "Protect: priority response, regular check-ins",
    "middle": "Serve well; look for ways to grow",
    "last": "Serve well; quote high for special requests",
}
OLD_LAST_ACTION = "Reprice or refer elsewhere"  # the bottom tier's default before; read as today's default
DEFAULT_TIERS = (("Ideal", 0.2, 70.0, 0.8, DEFAULT_ACTIONS["first"]),
                 ("Core", 0.3, 40.0, 0.15, DEFAULT_ACTIONS["middle"]),
                 ("Poor", 0.5, None, 0.05, DEFAULT_ACTIONS["last"]))
# each method's defaults for 2 to 5 tiers, best first: filled in when the owner switches to a method
# whose column the sheet did not show (the minimum scores are those of every tier but the last)
DEFAULT_OPTIONS: dict[str, dict[int, tuple[float, ...]]] = {
    "share": {2: (0.2, 0.8), 3: (0.2, 0.3, 0.5), 4: (0.1, 0.2, 0.3, 0.4), 5: (0.1, 0.15, 0.2, 0.25, 0.3)},
    "min_score": {2: (50.0,), 3: (70.0, 40.0), 4: (75.0, 50.0, 25.0), 5: (80.0, 60.0, 40.0, 20.0)},
    "value_share": {2: (0.8, 0.2), 3: (0.8, 0.15, 0.05), 4: (0.6, 0.2, 0.15, 0.05),
                    5: (0.5, 0.25, 0.15, 0.07, 0.03)},
}


def default_action(index: int, count: int) -> str:
    """The default action for tier ``index`` (0 = best) of ``count`` tiers."""
    return DEFAULT_ACTIONS["first" if index == 0 else "last" if index == count - 1 else "middle"]


@lru_cache(maxsize=None)
def _kind_pattern(kind_key: str) -> re.Pattern[str]:
    return headers.word_pattern(WORDS[kind_key])


def header_word(header: str, kind_key: str) -> str | None:
    """The word of ``header`` that made it a column of ``kind_key``, as the header spells it:
    ``("Sales 2025", "revenue")`` -> ``"Sales"``; None when no word of that kind is in it."""
    found = _kind_pattern(kind_key).search(headers.fold(header))
    if found is None:
        return None
    word = found.group().strip()
    # the same letters in the header itself, in its own case, with whatever it has between the words
    spelled = r"[\W_]*".join(re.escape(part) for part in word.split())
    own = re.search(spelled, header, flags=re.IGNORECASE)
    if own:
        return own.group()
    # accents or a letter folded otherwise ("Umsatzerlöse"): the shortest part of the header that folds to it
    for i in range(len(header)):
        for j in range(i + 1, len(header) + 1):
            if headers.fold(header[i:j]) == word:
                return header[i:j].strip()
    return word

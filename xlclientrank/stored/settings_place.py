"""Where each setting is on the ``ClientRank Settings`` sheet: the cell of a setting (what the
"understood" lines name) and the cells the advisor's what-if formulas refer to.

The sheet is written by :mod:`xlclientrank.render.settings_sheet` from the rows of
:func:`xlclientrank.stored.settings.to_rows`, from row :data:`FIRST_ROW` on, so the places follow
from the settings alone.
"""

from __future__ import annotations

from xlclientrank.names import SETTINGS_SHEET
from xlclientrank.stored import settings as settings_mod
from xlclientrank.stored import settings_words as words

FIRST_ROW = 4  # 0-based row of the first setting

__all__ = ["FIRST_ROW", "cells", "setting_cell", "best_cell"]


def setting_cell(key: str, s: settings_mod.Settings | None = None) -> str:
    """The cell the settings sheet puts a setting's value in (``"client_column"`` -> ``"B6"``). The settings
    every owner may change come first, in a fixed order, so their place is the same for every
    workbook; the expert ones (``scale``, ``missing``, ``tier_method``) follow the factors, so their
    place needs the settings ``s``."""
    if key in words.ADVANCED and s is None:
        raise ValueError(f"the cell of {key!r} depends on the factors: give the settings")
    s = s or settings_mod.Settings(client_sheet=None, client_column="", factors=[])
    rows = settings_mod.to_rows(s)
    label = settings_mod.LABELS[key]
    return f"B{FIRST_ROW + 1 + next(i for i, r in enumerate(rows) if r[:1] == [label])}"


def best_cell(key: str, s: settings_mod.Settings) -> str:
    """The cell of a part of the best-client section: ``"goal"`` or ``"goal_date"`` (their value, in
    B: ``"B24"``) or ``"heading"`` (the section's heading, in A). The section follows the factors, so
    its place needs the settings ``s``."""
    label = words.BEST_HEADER[0] if key == "heading" else words.BEST_LABELS[key]
    rows = settings_mod.to_rows(s)
    at = FIRST_ROW + 1 + next(i for i, r in enumerate(rows) if r[:1] == [label])
    return f"{'A' if key == 'heading' else 'B'}{at}"


def cells(s: settings_mod.Settings) -> dict[str, str]:
    """Where the settings sheet puts the cells formulas may refer to: ``"weight:<column>"`` and, for the
    tier method in use, ``"share:<tier>"``, ``"min:<tier>"`` or ``"value:<tier>"`` -> absolute
    references like ``'ClientRank Settings'!$D$15``."""
    sheet = "'" + SETTINGS_SHEET.replace("'", "''") + "'"
    prefix = {"share": "share", "min_score": "min", "value_share": "value"}[words.OPTION_OF_METHOD[s.tier_method]]
    out = {}
    section = None
    for i, row in enumerate(settings_mod.to_rows(s)):
        excel_row = FIRST_ROW + i + 1
        if row[:1] in ([words.FACTORS_HEADER[0]], [words.TIERS_HEADING]):
            section = row[0]
            continue
        if not row or row[0]:
            section = None if not row else section
            continue
        if section == words.FACTORS_HEADER[0]:
            out[f"weight:{row[1]}"] = f"{sheet}!$D${excel_row}"
        elif section == words.TIERS_HEADING:
            out[f"{prefix}:{row[1]}"] = f"{sheet}!$C${excel_row}"
    return out

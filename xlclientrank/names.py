"""The names Excel sees, each written here once: our sheets, the cell functions and the module the
add-in calls for them.

Whatever writes, finds, reads or names one of these imports it from here, so that renaming a sheet
is one change. This module imports nothing of xlclientrank: every layer may use it.
"""

from __future__ import annotations

# ---------------------------------------------------------------- our sheets in the owner's workbook

RANKING_SHEET = "Ranking"
SETTINGS_SHEET = "ClientRank Settings"
METHODOLOGY_SHEET = "ClientRank Methodology"
HISTORY_SHEET = "Rank History"
CALIBRATION_SHEET = "ClientRank Calibration"  # what the cell formulas score against
ALIASES_SHEET = "ClientRank Aliases"          # who is who in an anonymous copy for the advisor

WHOLE_SUMMARY_SHEET = "ClientRank Summary"  # the verdict, the figures and the charts, beside the owner's sheets

# (key of our mark, sheet name), in the order Re-rank adds them to a workbook
SHEETS = (("summary", WHOLE_SUMMARY_SHEET), ("ranking", RANKING_SHEET), ("settings", SETTINGS_SHEET),
          ("methodology", METHODOLOGY_SHEET), ("history", HISTORY_SHEET), ("calibration", CALIBRATION_SHEET))

# the owner's own judgments of each client (Fit, Complaints, Decision, ...): made by the first run, then
# only added to (new clients at the bottom), never rebuilt; found by our mark when the owner renamed it
NOTES_SHEET = "Client Notes"
NOTES_KEY = "notes"

# ---------------------------------------------------------------- the advisor's copy

SUMMARY_SHEET = "Summary"  # the summary's name in the copy of the ranking only (no owner's sheet beside it)

# never read as the owner's client list: our sheets, the who-is-who sheet of an anonymous copy and the notes
OUR_SHEETS = tuple(name for _, name in SHEETS) + (ALIASES_SHEET, NOTES_SHEET)

# ---------------------------------------------------------------- the cell formulas

# xlwings names each formula after its Python function in UDF_MODULE (xlclientrank/udfs.py), so
# those functions carry these names; a test keeps the two equal.
CLIENT_TIER = "CLIENT_TIER"
CLIENT_SCORE = "CLIENT_SCORE"
CLIENT_RANK = "CLIENT_RANK"
PARETO_COUNT = "PARETO_COUNT"
PARETO_CUTOFF = "PARETO_CUTOFF"
PARETO_SHARE = "PARETO_SHARE"
IMPORTANCE_RATIO = "IMPORTANCE_RATIO"
CLIENT_RANKING = "CLIENT_RANKING"
FUNCTION_NAMES = (CLIENT_TIER, CLIENT_SCORE, CLIENT_RANK, PARETO_COUNT, PARETO_CUTOFF, PARETO_SHARE,
                  IMPORTANCE_RATIO, CLIENT_RANKING)

UDF_MODULE = "xlclientrank.udfs"  # the add-in's "UDF Modules": keep this import path

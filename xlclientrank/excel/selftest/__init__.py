"""``xlclientrank selftest``: proves the whole user story in real Excel, on the user's computer.

It starts its **own, hidden Excel instance** (never the owner's Excel windows), opens the add-in
and a **scratch copy of the template** ``ClientRank.xlsm`` in a temporary folder, and runs the
steps below, one line each: ``[passed] ...``, ``[failed] ...: why — likely cause and fix`` or
``[skipped] ...: why``. The lines also go to a report file with the versions of everything.

1. the add-in is loaded and carries this package's version (config sheet row "xlclientrank version");
2. Re-rank through the ribbon's macro (``Application.Run`` of ``ReRankActiveWorkbook``) builds the
   Ranking sheet, equal to xlclientrank's own Python ranking of the same file;
3. after ``CalculateFull`` every CLIENT_TIER / CLIENT_SCORE / CLIENT_RANK cell equals the Ranking
   sheet for its client (and none shows ``#N/A no ranking yet``);
4. PARETO_COUNT over the revenue column equals the 80/20 count of the Python ranking;
5. doubling one client's revenue changes its formulas exactly as the calibration says;
6. Share (``ShareActiveWorkbook``) writes "<name> - for advisor.xlsx" beside the scratch workbook;
7. timing: one CLIENT_TIER call, full recalculation of the template, N single-row formulas
   against one many-row formula.

The steps are plain functions over :class:`Excel`, a small boundary interface. :class:`XlwingsExcel`
implements it with the open-source part of xlwings (imported only there); the tests implement it
with files. Errors are matched to their likely cause and fix in one table, :data:`CAUSES`.

The modules, in the order the dependencies flow (each imports only those above it):

- ``boundary``: the :class:`Excel` interface, :class:`NoExcel`, :class:`ExcelStopped`;
- ``causes``: the table of likely causes and its matcher, :func:`likely_cause`;
- ``report``: the line format (:func:`passed`, :func:`failed`, :func:`skipped`) and the report file;
- ``files``: where the add-in and template are, the Mark of the Web, the scratch folder;
- ``cells``: cell helpers and the template's client table;
- ``context``: what the steps share (the Python ranking, the run's context);
- ``steps``: the seven steps and :func:`run_steps`;
- ``watch``: the message-box watcher and the Excel process;
- ``adapter``: :class:`XlwingsExcel`, the only module that imports xlwings (lazily);
- ``command``: :func:`selftest`, the command.
"""

from xlclientrank.ooxml.rows import column_letter  # 0 -> A, 26 -> AA

from .adapter import XlwingsExcel, connect_xlwings
from .boundary import MACRO_TIMEOUT, Excel, ExcelStopped, NoExcel
from .causes import CAUSES, INSTALL, UNKNOWN, Cause, likely_cause, short
from .cells import LIVE_COLUMN, ClientSheet, client_sheet, ranking_table
from .command import NO_EXCEL_EXIT, selftest
from .context import Context, Expected, expected_of
from .files import addin_to_open, bundled_file, marked_from_internet, scratch_parent
from .report import Line, default_report, failed, passed, skipped, versions
from .steps import (
    CONF_SHEET,
    NO_FORMULAS,
    SELFTEST_SHEET,
    STEPS,
    T_ADDIN,
    T_EDIT,
    T_FORMULAS,
    T_PARETO,
    T_RERANK,
    T_SHARE,
    T_TIMING,
    TIMING_CALLS,
    TIMING_ROWS,
    TITLES,
    VERSION_KEY,
    run_steps,
    step_addin,
    step_edit,
    step_formulas,
    step_pareto,
    step_rerank,
    step_share,
    step_timing,
)
from .steps_notes import T_NOTES, step_notes
from .watch import close_dialogs, kill, running, watched

__all__ = [
    "CAUSES", "CONF_SHEET", "INSTALL", "LIVE_COLUMN", "MACRO_TIMEOUT", "NO_EXCEL_EXIT", "NO_FORMULAS",
    "SELFTEST_SHEET", "STEPS", "TIMING_CALLS", "TIMING_ROWS", "TITLES", "T_ADDIN", "T_EDIT", "T_FORMULAS",
    "T_NOTES", "T_PARETO", "T_RERANK", "T_SHARE", "T_TIMING", "UNKNOWN", "VERSION_KEY",
    "Cause", "ClientSheet", "Context", "Excel", "ExcelStopped", "Expected", "Line", "NoExcel", "XlwingsExcel",
    "addin_to_open", "bundled_file", "client_sheet", "close_dialogs", "column_letter", "connect_xlwings",
    "default_report", "expected_of", "failed", "kill", "likely_cause", "marked_from_internet", "passed",
    "ranking_table", "run_steps", "running", "scratch_parent", "selftest", "short", "skipped", "step_addin",
    "step_edit", "step_formulas", "step_notes", "step_pareto", "step_rerank", "step_share", "step_timing", "versions",
    "watched",
]

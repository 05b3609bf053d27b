"""The ``xlclientrank`` command.

``main(argv, stdout, stderr) -> exit code`` so tests can run it in-process. A user error prints
one line on stderr (``xlclientrank: <file>: <what is wrong and what to do>``) and returns the
error's exit code; an unexpected failure prints one line asking for a report (set
``XLCLIENTRANK_DEBUG=1`` to see the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import traceback
from pathlib import Path
from typing import Sequence, TextIO

from xlclientrank import __version__
from xlclientrank.date_option import read_date_option
from xlclientrank.errors import ClientRankError
from xlclientrank.jobs.progress import STEPS
from xlclientrank.names import ALIASES_SHEET, HISTORY_SHEET, RANKING_SHEET, SETTINGS_SHEET
from xlclientrank.report import best_clients, verdict
from xlclientrank.report import profile as who
from xlclientrank.report import summary as report

BUG_EXIT = 1


CLIENT_HELP = ("the header of the column with your client names, when the one xlclientrank chose is wrong "
               f"(the same as 'Client column' in the sheet '{SETTINGS_SHEET}'; kept for the next run)")
REVENUE_HELP = ("the header of the column with the amounts the 80/20 figures use, usually revenue, when the one "
                f"xlclientrank chose is wrong (the same as '80/20 column' in the sheet '{SETTINGS_SHEET}'; "
                "kept for the next run)")


def _choices(p: argparse.ArgumentParser) -> None:
    p.add_argument("--client-column", metavar="HEADER", help=CLIENT_HELP)
    p.add_argument("--revenue-column", metavar="HEADER", help=REVENUE_HELP)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="xlclientrank", formatter_class=_OneLineEach,
        description="Rank your clients (Ideal, Core, Poor; 80/20) inside your Excel workbook.",
        epilog="Example: xlclientrank rerank clients.xlsx. Help on one command: xlclientrank COMMAND --help")
    p.add_argument("--version", action="version", version=f"xlclientrank {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    r = sub.add_parser("rerank", help="rank the clients and rebuild the Ranking sheet",
                       epilog="Examples: xlclientrank rerank clients.xlsx; xlclientrank rerank orders.csv --date "
                              "2025-12-31",
                       description=f"Ranks the clients in WORKBOOK and builds or rebuilds its '{RANKING_SHEET}' sheet. "
                                   f"Settings are kept in the sheet '{SETTINGS_SHEET}'. It first says what it "
                                   "understood (which column holds the clients, which the revenue, how orders were "
                                   "counted, which rows were left out), each with how to correct it.")
    r.add_argument("workbook", metavar="WORKBOOK",
                   help="the .xlsx or .xlsm file with your client list, or a CSV or tab-separated export (.csv, .txt, "
                        ".tsv); what the file holds counts, not its name")
    r.add_argument("--sheet", metavar="NAME", help="the sheet with the client list (default: found automatically)")
    r.add_argument("--out", metavar="PATH", help="write the result to PATH instead of changing WORKBOOK")
    r.add_argument("--date", metavar="YYYY-MM-DD",
                   help=f"the date the ranking is recorded for in '{HISTORY_SHEET}' (default: today), for example the "
                        "last day of the month you rank, as 2025-12-31 (31.12.2025, 31/12/2025 and 31 Dec 2025 are "
                        "read too); a date before the last ranking is refused")
    r.add_argument("--remove-signature", action="store_true",
                   help="rank a digitally signed workbook anyway: its signature is removed (it would no longer be "
                        "valid); sign it again in Excel afterwards")
    _choices(r)
    r.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    r.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    sh = sub.add_parser("share", help="write a copy for your advisor that opens without Python",
                        epilog="Example: xlclientrank share clients.xlsx --anonymize",
                        description="Writes an .xlsx (no macros) with the ranking, its charts, the settings, the "
                                    "methodology and the history, next to WORKBOOK by default. With --whole-workbook "
                                    "the copy is your whole workbook, your own sheets too, with the Client Rank "
                                    "formulas turned into their values. WORKBOOK is not changed (with --anonymize, "
                                    f"only the sheet '{ALIASES_SHEET}' is added to it).")
    sh.add_argument("workbook", metavar="WORKBOOK", help="the .xlsx or .xlsm file with your client list")
    sh.add_argument("--out", metavar="PATH",
                    help="where to write the copy (default: '<name> - for advisor.xlsx' beside WORKBOOK, "
                         "'<name> - for advisor (anonymous).xlsx' with --anonymize; a copy already there is kept and "
                         "the new one is numbered ' (2)', ' (3)', ...)")
    sh.add_argument("--replace", action="store_true",
                    help="write over a copy that is already there (the file given with --out, which is otherwise "
                         "refused, or the default name, which is otherwise numbered)")
    sh.add_argument("--whole-workbook", action="store_true",
                    help="send your whole workbook (your sheets too): every Client Rank formula becomes its value, "
                         "the link to the add-in and the macros are removed")
    sh.add_argument("--anonymize", action="store_true",
                    help="call clients Client 001, Client 002, ... and remove e-mail addresses and phone numbers; "
                         f"who is who is kept in WORKBOOK, in the sheet '{ALIASES_SHEET}' (then do not send WORKBOOK "
                         "itself)")
    sh.add_argument("--drop-columns", metavar="COLUMN", nargs="+", default=[],
                    help="columns of the ranking to leave out of the copy")
    sh.add_argument("--sheet", metavar="NAME", help="the sheet with the client list (default: found automatically)")
    _choices(sh)
    qs = sub.add_parser("quickstart", help="write the template and a sample client list into a folder",
                        epilog="Example: xlclientrank quickstart ClientRank",
                        description="Writes ClientRank.xlsm (the ready template: the sample clients, ranked, with a "
                                    "live Tier formula and the Client Rank tab) and sample_clients.xlsx into FOLDER, "
                                    "and says what to open first. Files already there are never overwritten.")
    qs.add_argument("folder", metavar="FOLDER", nargs="?", help="where to write them (default: this folder)")
    sub.add_parser("install", help="add Client Rank's tab and cell formulas to Excel",
                   description="Installs the Client Rank add-in in Excel on this computer (Windows or Mac): its tab "
                               "on the ribbon (Re-rank, Share) and its cell formulas, in every workbook once Excel "
                               "is restarted. Running it again updates the add-in.",
                   epilog="Example: xlclientrank install (then restart Excel)")
    sub.add_parser("uninstall", help="remove Client Rank's add-in from Excel",
                   description="Removes the Client Rank add-in and the settings that install wrote. Your workbooks "
                               "and their Ranking sheets stay as they are.",
                   epilog="Example: xlclientrank uninstall (close Excel first)")
    sub.add_parser("doctor", help="check the Excel add-in and say how to fix what is missing",
                   description="Checks what the Excel add-in needs on this computer (Excel's add-in folder, the "
                               "add-in, this Python and its packages) and prints one line a check, with how to fix "
                               "what is missing. Your workbooks are not touched.",
                   epilog="Example: xlclientrank doctor")
    st = sub.add_parser("selftest", help="try the add-in, Re-rank, Share and the formulas in Excel",
                        epilog="Example: xlclientrank selftest --report selftest.txt",
                        description="Runs the whole story in a separate, hidden Excel on a scratch copy of the "
                                    "template (your own workbooks are not touched) and prints one line a step. "
                                    "Exit code 0: no step failed; 1: a step failed; 2: no Excel here.")
    st.add_argument("--report", metavar="PATH",
                    help="where to write the report (default: xlclientrank-selftest-YYYYMMDD-HHMM.txt here)")
    st.add_argument("--timeout", metavar="SECONDS", type=float, default=180.0,
                    help="stop Excel when one macro or recalculation takes longer (default: 180)")
    return p


class _OneLineEach(argparse.HelpFormatter):
    """The help's layout: every command's name and its line of help side by side (argparse puts the
    help of a name longer than the others' under it)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=18)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        self._action_max_length = max(self._action_max_length, 16)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or --version already
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(stdout)
        return 2
    try:
        if args.command == "selftest":
            from xlclientrank.excel import selftest

            return selftest.selftest(stdout, args.report, timeout=args.timeout)
        if args.command == "quickstart":
            from xlclientrank.jobs.quickstart import quickstart

            return quickstart(args.folder, stdout)
        if args.command in ("install", "uninstall", "doctor"):
            from xlclientrank.excel import install

            command = {"install": install.install, "uninstall": install.uninstall, "doctor": install.doctor}
            return command[args.command](stdout)
        if args.command == "share":
            from xlclientrank.jobs.share import share

            progress = ProgressBar(stderr, False, "xlclientrank share")
            try:
                shared = share(args.workbook, out=args.out, anonymize=args.anonymize, drop_columns=args.drop_columns,
                               sheet=args.sheet, progress=progress, client_column=args.client_column,
                               revenue_column=args.revenue_column, whole_workbook=args.whole_workbook,
                               replace=args.replace)
            finally:
                progress.close()
            for line in shared.lines():
                print(line, file=stdout)
            print(shared.wrote(Path(args.workbook).name), file=stdout)
            return 0
        return _rerank(args, stdout, stderr)
    except ClientRankError as exc:
        print(f"xlclientrank: {exc}", file=stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into a program that stopped reading (head, ...)
        return 0
    except KeyboardInterrupt:
        print("xlclientrank: stopped; your workbook was not changed", file=stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line, keep the details for a report
        if os.environ.get("XLCLIENTRANK_DEBUG"):
            traceback.print_exc(file=stderr)
        print(f"xlclientrank: unexpected error ({type(exc).__name__}: {str(exc)[:200]}); your workbook was not "
              "changed. Please report this; set XLCLIENTRANK_DEBUG=1 to see the details.", file=stderr)
        return BUG_EXIT


class ProgressBar:
    """A progress bar on stderr for work that takes more than a second, by steps (tqdm); silent when
    stderr is not a terminal or with --quiet. A small thread keeps the elapsed time moving."""

    def __init__(self, stderr: TextIO, quiet: bool, label: str) -> None:
        from tqdm import tqdm  # deferred: only a command that reranks or shares draws a bar

        self.label = label
        self.bar = tqdm(total=len(STEPS), desc=label, file=stderr, delay=1.0, leave=False,
                        disable=quiet or not getattr(stderr, "isatty", lambda: False)(),
                        bar_format="{desc} {bar:12} {n_fmt}/{total_fmt} [{elapsed}]")
        self.started = False
        self.done = threading.Event()
        if not self.bar.disable:
            threading.Thread(target=self._tick, daemon=True).start()

    def _tick(self) -> None:
        while not self.done.wait(0.5):
            self.bar.refresh()

    def __call__(self, step: str) -> None:
        if self.started:
            self.bar.update(1)
        self.started = True
        self.bar.set_description_str(f"{self.label}: {step}")

    def close(self) -> None:
        self.done.set()
        self.bar.close()


def _rerank(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xlclientrank.jobs.rerank import rerank

    day = read_date_option(args.date) if args.date is not None else None
    progress = ProgressBar(stderr, args.quiet, "xlclientrank")
    try:
        result = rerank(args.workbook, out=args.out, sheet=args.sheet, progress=progress,
                        client_column=args.client_column, revenue_column=args.revenue_column,
                        remove_signature=args.remove_signature, today=day)
    finally:
        progress.close()
    if not args.quiet:
        for note in result.ranking.warnings:
            print(f"xlclientrank: note: {note}", file=stderr)
    if args.json:
        print(json.dumps(result.summary, ensure_ascii=False, indent=2), file=stdout)
    elif not args.quiet:
        for line in result.understood:  # what was understood comes first, each with how to correct it
            print(line, file=stdout)
        print(f"Ranked {result.summary['clients']} clients from sheet '{result.table.sheet}' -> "
              f"sheet '{RANKING_SHEET}' in {result.output}", file=stdout)
        money = report.money_for(result.ranking, result.settings, {c.name: c.kind for c in result.table.columns},
                                 result.table.formats)
        they_are = who.sentences(result.profile) if result.profile is not None else []
        print("In short:", file=stdout)
        for said in verdict.sentences(result.ranking, money, they_are):
            print(f"  {said.sentence}", file=stdout)
        print("The figures:", file=stdout)
        shown = report.lines(result.ranking, result.movement, money, they_are)
        if result.best_clients is not None:  # after the tiers' lines, as on the summary sheet
            shown.insert(1 + len(result.ranking.tier_counts), best_clients.line(result.best_clients, result.settings))
        for said in shown[1:]:
            print(f"  {said.label}: {said.sentence}" if said.label else f"    {said.sentence}", file=stdout)
    return 0

"""The whole job: read a workbook, rank its clients, and write the Ranking and settings sheets.

Used by the command line; the Re-rank button will call the same function. The owner's file is read
once; the result is written atomically to the same file (or to ``out``), with every part that is
not ours left byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlclientrank import engine, filekind, headers, render
from xlclientrank.errors import ClientTableError, RankingError, SettingsError, WorkbookFileError
from xlclientrank.jobs import client_notes as notes_job
from xlclientrank.jobs.csvbook import workbook_for_csv
from xlclientrank.jobs.load import Loaded, load
from xlclientrank.jobs.progress import STEPS, Progress, silent
from xlclientrank.names import SETTINGS_SHEET, SHEETS
from xlclientrank.ooxml import guard
from xlclientrank.ooxml.files import check_not_open, check_workbook_file, check_writable
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader import ClientTable
from xlclientrank.reader.nothing_to_rank import list_without_amounts
from xlclientrank.reader.sources import SheetSource
from xlclientrank.reader.table import python_strings
from xlclientrank.report import profile as who
from xlclientrank.report import summary as report
from xlclientrank.report.understood import CLIENT_OPTION, REVENUE_OPTION
from xlclientrank.stored import best, calibration, history, last_settings, movement
from xlclientrank.stored import settings as settings_mod


@dataclass
class Result:
    ranking: engine.Ranking
    table: ClientTable
    settings: settings_mod.Settings
    summary: dict[str, Any]
    output: Path
    movement: history.Movement | None = None
    understood: list[str] = field(default_factory=list)
    profile: who.Profile | None = None  # who the best tier's clients are
    best_clients: best.Standing | None = None  # how many clients meet the best-client bar
    notes: notes_job.Kept | None = None  # what this run did to the owner's Client Notes
    calibration: calibration.Calibration | None = None  # what the cell formulas now score against


MAX_CLIENTS = 1_048_576 - 100  # a sheet's rows, less the Ranking sheet's title, panel and header


@dataclass
class Prepared:
    """A workbook read and ranked: what both the Ranking sheet and the advisor's copy are made from."""

    loaded: Loaded
    ranking: engine.Ranking
    snapshots: history.History
    movement: history.Movement
    source: render.Source
    when: dt.date
    earlier_bar: tuple[dt.date, Any] | None = None  # the best-client bar of the last run of an earlier date


def prepare(path: Path, sheet: str | None, package: Package | None, today: dt.date | None,
            progress: Progress, *, client_column: str | None = None, revenue_column: str | None = None,
            csv: SheetSource | None = None) -> Prepared:
    """The workbook read (:func:`load`) and ranked, its history moved on. Text in the frames built
    meanwhile is kept as Python strings, as the reader keeps its own
    (:func:`xlclientrank.reader.table.python_strings`)."""
    with python_strings():
        progress(STEPS[0])
        loaded = load(path, sheet, package, client_column=client_column, revenue_column=revenue_column, csv=csv)
        progress(STEPS[1])
        when = today or dt.date.today()
        try:  # before any work: the history only moves forward
            history.check_date(loaded.snapshots, when)
        except SettingsError as exc:
            exc.file = str(path)
            raise
        ranking = _rank(loaded, path)
        return _moved_on(loaded, ranking, path, when)


def _rank(loaded: Loaded, path: Path) -> engine.Ranking:
    """The ranking of the loaded table; a table nothing can be ranked on, or with more clients than
    a sheet lists, is refused with what to do."""
    table, settings = loaded.table, loaded.settings
    config = None
    try:
        config = settings.config()
        ranking = engine.rank(table.frame, config, table.client_column)
    except RankingError as exc:
        if config is not None and not config.weighted and not loaded.has_settings_sheet:
            # nothing was recognised to rank on: say what the file is and what to export instead
            notes = set(loaded.client_notes.columns) if loaded.client_notes is not None else set()
            names = [c.name for c in table.columns if c.name not in notes]  # the list's own, not the notes'
            numbers = [c.name for c in table.columns if c.kind == "number" and c.name != table.client_column
                       and not headers.never_a_factor(c.name) and c.name not in notes]
            hint = (f"; to rank on {numbers[0]!r} after all, choose it with {REVENUE_OPTION} \"{numbers[0]}\""
                    if numbers else "")
            raise ClientTableError(list_without_amounts(names, len(table.frame)) + hint,
                                   file=str(path)) from exc
        if loaded.has_settings_sheet:
            raise SettingsError(f"{exc}; correct it in '{SETTINGS_SHEET}'", file=str(path)) from exc
        raise SettingsError(f"{exc} (with the columns chosen from the headers); choose them with {CLIENT_OPTION} "
                            f"and {REVENUE_OPTION}", file=str(path)) from exc
    if len(ranking.table) > MAX_CLIENTS:  # our Ranking and Calibration sheets list one client a row
        raise ClientTableError(f"has {len(ranking.table):,} clients, more than an Excel sheet can list "
                               f"({history.MAX_ROWS:,} rows, with our headings: {MAX_CLIENTS:,} clients); rank "
                               "part of them at a time, for example one region or one year per workbook",
                               file=str(path))
    return ranking


def _moved_on(loaded: Loaded, ranking: engine.Ranking, path: Path, when: dt.date) -> Prepared:
    """The ranking with the data notes, and the history moved on to ``when``."""
    table = loaded.table
    ranking.warnings[:0] = table.notes + loaded.notes
    s = loaded.settings  # the best-client bar: filled in at the first run, then as the owner left it
    s.best, said = best.mark(s.best, ranking, [f.column for f in s.factors], when, s.date_columns)
    ranking.warnings += said
    before = last_settings.read(loaded.package)
    earlier = last_settings.earlier_bar(before, when)  # the bar of the last run of an earlier date
    s.best = best.compare(s.best, earlier[1] if earlier is not None else None, s.date_columns)
    snapshots, moved = history.update(loaded.snapshots, ranking.table, ranking.config.tiers.labels, when,
                                      best=(int(ranking.table[best.COLUMN].sum()), s.best.goal))
    movement = _with_settings(moved, loaded, ranking, before)
    loaded.snapshots = snapshots  # the history before this run is not needed again: let it go (memory)
    ranking.warnings += snapshots.notes
    kinds = {c.name: c.kind for c in table.columns}
    source = render.Source(file=path.name, sheet=table.sheet, column_kinds=kinds,
                           formats=table.formats, rows_are=table.rows_are, source_rows=table.source_rows,
                           understood=tuple(loaded.understood_in_sheets), decisions=_decisions(loaded, ranking),
                           profile=who.of_ranking(ranking, table.frame, kinds, table.client_column),
                           best_clients=best.standing(ranking.table, s.best, snapshots.runs, when, s.date_columns))
    return Prepared(loaded, ranking, snapshots, movement, source, when, earlier)


def _bars(bar: best.Bar, earlier: tuple[dt.date, Any] | None) -> dict[str, Any]:
    """The bars the calibration keeps: this run's, and that of the last run of an earlier date (for a
    run of the same date that replaces this one: whether the owner changed the bar since that one)."""
    return {"criteria": best.stored(bar),
            "earlier": {"date": earlier[0].isoformat(), "criteria": earlier[1]} if earlier is not None else None}


def _decisions(loaded: Loaded, ranking: engine.Ranking) -> tuple[str, ...]:
    """The owner's decision for each ranked client, in rank order ("" where none; empty: no decisions)."""
    decided = loaded.client_notes.decisions if loaded.client_notes is not None else None
    if decided is None:
        return ()
    return tuple(decided[ranking.table["row"].to_numpy(dtype=int)].tolist())


def _with_settings(moved: history.Movement, loaded: Loaded, ranking: engine.Ranking,
                   before: last_settings.Stored | None) -> history.Movement:
    """The movement with the settings changed since the ranking it replaces: those the calibration
    stored for that ranking's date (``before``) against this run's (not known, so not said, otherwise),
    the best-client bar's among them."""
    changed = None
    if before is not None and before.date == moved.previous:
        columns = loaded.table.columns
        changed = last_settings.changes(before, ranking.config, loaded.table.client_column,
                                        [c.name for c in columns], {c.name for c in columns if c.kind == "date"})
        changed += [f"Best client: {x}" for x in loaded.settings.best.changed]
    return movement.settle(moved, changed)


def rerank(path: str | Path, out: str | Path | None = None, sheet: str | None = None,
           today: dt.date | None = None, progress: Progress = silent, *, client_column: str | None = None,
           revenue_column: str | None = None, remove_signature: bool = False) -> Result:
    """Ranks the clients of ``path`` and writes the result to ``out`` (default: ``path`` itself;
    for a .csv file, the .xlsx of the same name: see :func:`filekind.output_for`; the file's kind is
    told by its content, not its name). ``progress`` is told each step (see STEPS).
    ``client_column`` / ``revenue_column``: the owner's choice (see :func:`load`).

    Refused before any work, changing nothing: a workbook whose structure is protected, a signed one
    (unless ``remove_signature``: the signature parts are then left out of the result), a read-only
    file to write over (see :mod:`xlclientrank.ooxml.guard`)."""
    path = Path(path)
    found = filekind.of(path)  # by content, not name: tab-separated .txt, an .xlsx named .csv or .xls
    if found is not None and found.kind == filekind.DELIMITED:
        target = Path(out) if out is not None else filekind.output_for(path, found)
        _check_target(target, ".xlsx")
        if target.resolve() == path.resolve():
            raise WorkbookFileError("is a text export, so the result cannot be written over it; choose another "
                                    "name ending in .xlsx with --out", file=str(path))
        package, csv = workbook_for_csv(path, target, remove_signature, client_column=client_column)
    else:
        check_workbook_file(path)
        target = Path(out) if out is not None else filekind.output_for(path, found)
        if out is None and target != path and target.exists():  # an .xlsx named .csv, .xls, ...
            raise WorkbookFileError(f"is really an Excel workbook, though its name ends in '{path.suffix}', and "
                                    f"{target.name}, where the result would go, already exists; choose another name "
                                    f"for the result with --out, such as --out \"{target.stem} ranked{target.suffix}\"",
                                    file=str(path))
        suffix = path.suffix.lower()
        _check_target(target, suffix if suffix in filekind.WORKBOOK_SUFFIXES or found is None else found.suffix)
        check_not_open(path)
        check_writable(target)
        package, csv = Package.read(path), None
        guard.check_may_change(package, remove_signature=remove_signature)
    p = prepare(path, sheet, package, today, progress, client_column=client_column, revenue_column=revenue_column,
                csv=csv)
    ranking, table, settings = p.ranking, p.loaded.table, p.loaded.settings
    progress(STEPS[2])
    notes = p.loaded.client_notes
    from_notes = set(notes.columns) if notes is not None else set()
    # the sheet's own columns: a row formula finds the values the notes add by its client
    cal = calibration.build(ranking, [c.name for c in table.columns if c.name not in from_notes], table.client_column,
                            table.decisions, best=_bars(settings.best, p.earlier_bar))
    stamp = hashlib.sha1(calibration.settings_json(cal).encode() + ranking.table["Score"].to_numpy().tobytes()
                         ).hexdigest()[:12]
    ranked = ranking.table["Client"].astype(str).tolist()
    kept = None
    if notes is not None:  # before our sheets are written, which show what was done to the notes
        kept = notes_job.update(p.loaded.package, notes, ranked)
        ranking.warnings += kept.told + notes_job.to_make(notes)
    donor_bytes, tails = render.render(ranking, settings, p.source, p.when, p.snapshots, p.movement, cal, stamp)
    donor = Package.from_bytes(donor_bytes)
    splicer = Splicer(p.loaded.package)
    for key, name in SHEETS:
        splicer.put(donor, DonorSheet(key, name), tails.get(name))
    if notes is not None and notes.read is None:
        kept = notes_job.make(splicer, notes, ranked)
    progress(STEPS[3])
    written = splicer.finish()
    if remove_signature:
        guard.remove_signature(written)
    written.write_atomic(target, mode_from=path if target == path else None)
    standing = p.source.best_clients
    summary = report.summary(ranking, file=str(path), sheet=table.sheet, output=str(target),
                             understood=p.loaded.understood, movement=p.movement,
                             money=report.money_for(ranking, settings, {c.name: c.kind for c in table.columns},
                                                    table.formats), profile=p.source.profile, best=standing)
    return Result(ranking, table, settings, summary, target, p.movement, p.loaded.understood, p.source.profile,
                  standing, kept, cal)


def _check_target(target: Path, suffix: str) -> None:
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookFileError("the output must end in .xlsx (or .xlsm for a workbook with macros)",
                                file=str(target))
    if target.suffix.lower() != suffix:
        raise WorkbookFileError(f"the output must end in {suffix}, like the input", file=str(target))

"""The whole job: read a workbook, rank its clients, and write the Ranking and settings sheets.

Used by the command line; the Re-rank button will call the same function. The owner's file is read
once; the result is written atomically to the same file (or to ``out``), with every part that is
not ours left byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from xlclientrank import calibration, engine, history, render, report, settings as settings_mod
from xlclientrank.errors import RankingError, SettingsError, WorkbookFileError
from xlclientrank.ooxml.package import Package, check_not_open, check_workbook_file
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader import ClientTable, Workbook, csvfile, read_client_table


@dataclass
class Result:
    ranking: engine.Ranking
    table: ClientTable
    settings: settings_mod.Settings
    summary: dict[str, Any]
    output: Path
    movement: history.Movement | None = None


@dataclass
class Loaded:
    """What one read of the workbook gives: its parts, clients, settings, history and notes."""

    package: Package
    table: ClientTable
    settings: settings_mod.Settings
    snapshots: pd.DataFrame
    notes: list[str]


def load(path: Path, sheet: str | None = None, package: Package | None = None) -> Loaded:
    """Reads the workbook once: its parts, its client table, the settings to use and the history."""
    package = package or Package.read(path)
    wb = Workbook(path, data=package.data, package=package)
    saved, where = None, {}
    settings_sheet = wb.find_sheet(settings_mod.SHEET)
    if settings_sheet is not None:
        saved, where = settings_mod.parse(wb.grid(settings_sheet))
    use_saved = saved is not None and (sheet is None or saved.client_sheet is None
                                       or saved.client_sheet.casefold() == sheet.casefold())
    if saved is not None and sheet is None and saved.client_sheet and wb.find_sheet(saved.client_sheet) is None:
        raise SettingsError(f"the client sheet '{saved.client_sheet}' does not exist; type the name of the sheet "
                            f"with your clients (sheets: {', '.join(wb.worksheets)})",
                            file=str(path), sheet=settings_mod.SHEET, cell=where.get("client_sheet"))
    table = read_client_table(wb, sheet, preferred=saved.client_sheet if use_saved else None,
                              client_column=saved.client_column if use_saved else None,
                              rows_are=saved.rows_are if saved else "auto",
                              duplicates=saved.duplicates if saved else "keep apart")
    if use_saved:
        settings, notes = settings_mod.reconcile(saved, table.columns, where)
        settings.client_sheet = table.sheet
        settings.client_column = table.client_column
    else:
        settings, notes = settings_mod.infer(table.sheet, table.columns, table.client_column)
        if saved is not None:
            notes.append(f"The settings were for sheet '{saved.client_sheet}'; they now start afresh for sheet "
                         f"'{table.sheet}'.")
    _check_pareto_column(settings, table, where, path)
    snapshots = history.parse([])[0]
    history_sheet = wb.find_sheet(history.SHEET)
    if history_sheet is not None:
        snapshots, bad = history.parse(wb.grid(history_sheet))
        if bad:
            notes.append(f"{bad:,} row(s) of sheet '{history.SHEET}' could not be read (no date, client or tier); "
                         "they were dropped from the history.")
    return Loaded(package, table, settings, snapshots, notes)


def _check_pareto_column(settings: settings_mod.Settings, table: ClientTable, where: dict[str, str],
                         path: Path) -> None:
    col = settings.pareto_column
    if col is not None and table.column(col).kind != "number":
        raise SettingsError(f"the Pareto column '{col}' does not hold amounts; type the header of a column of "
                            "numbers such as revenue", file=str(path), sheet=settings_mod.SHEET,
                            cell=where.get("pareto_column"))


Progress = Callable[[str], None]
STEPS = ("reading the workbook", "ranking", "writing the sheets", "saving")


@dataclass
class Prepared:
    """A workbook read and ranked: what both the Ranking sheet and the advisor's copy are made from."""

    loaded: Loaded
    ranking: engine.Ranking
    snapshots: pd.DataFrame
    movement: history.Movement
    source: render.Source
    when: dt.date


def prepare(path: Path, sheet: str | None, package: Package | None, today: dt.date | None,
            progress: Progress) -> Prepared:
    progress(STEPS[0])
    loaded = load(path, sheet, package)
    progress(STEPS[1])
    table, settings = loaded.table, loaded.settings
    when = today or dt.date.today()
    try:
        config = settings.config()
        ranking = engine.rank(table.frame, config, table.client_column)
    except RankingError as exc:
        raise SettingsError(f"{exc}; correct it in '{settings_mod.SHEET}'", file=str(path)) from exc
    ranking.warnings[:0] = table.notes + loaded.notes
    snapshots, movement = history.update(loaded.snapshots, ranking.table, config.tiers.labels, when)
    source = render.Source(file=path.name, sheet=table.sheet, column_kinds={c.name: c.kind for c in table.columns},
                           formats=table.formats, rows_are=table.rows_are, source_rows=table.source_rows)
    return Prepared(loaded, ranking, snapshots, movement, source, when)


def _silent(step: str) -> None:
    pass


def rerank(path: str | Path, out: str | Path | None = None, sheet: str | None = None,
           today: dt.date | None = None, progress: Progress = _silent) -> Result:
    """Ranks the clients of ``path`` and writes the result to ``out`` (default: ``path`` itself;
    for a .csv file, the .xlsx of the same name). ``progress`` is told each step (see STEPS)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        target = Path(out) if out is not None else path.with_suffix(".xlsx")
        _check_target(target, ".xlsx")
        package = _from_csv(path, target)
    else:
        check_workbook_file(path)
        target = Path(out) if out is not None else path
        _check_target(target, path.suffix.lower())
        check_not_open(path)
        package = None
    p = prepare(path, sheet, package, today, progress)
    ranking, table, settings = p.ranking, p.loaded.table, p.loaded.settings
    progress(STEPS[2])
    cal = calibration.build(ranking, [c.name for c in table.columns], table.client_column, table.decisions)
    stamp = hashlib.sha1(calibration.settings_json(cal).encode() + ranking.table["Score"].to_numpy().tobytes()
                         ).hexdigest()[:12]
    donor_bytes, tails = render.render(ranking, settings, p.source, p.when, p.snapshots, p.movement, cal, stamp)
    donor = Package.from_bytes(donor_bytes)
    splicer = Splicer(p.loaded.package)
    for key, name in render.SHEETS:
        splicer.put(donor, DonorSheet(key, name), tails.get(name))
    progress(STEPS[3])
    splicer.finish().write_atomic(target, mode_from=path if target == path else None)
    return Result(ranking, table, settings,
                  report.summary(ranking, file=str(path), sheet=table.sheet, output=str(target)), target, p.movement)


def _check_target(target: Path, suffix: str) -> None:
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookFileError("the output must end in .xlsx (or .xlsm for a workbook with macros)",
                                file=str(target))
    if target.suffix.lower() != suffix:
        raise WorkbookFileError(f"the output must end in {suffix}, like the input", file=str(target))


def _from_csv(path: Path, target: Path) -> Package:
    """The workbook to rank for a .csv file: ``target`` with its data sheet replaced by the CSV's rows
    (keeping its settings) when it exists, else a new workbook holding just that sheet."""
    if not path.exists():
        raise WorkbookFileError("file not found; check the name and the folder", file=str(path))
    data, name = csvfile.to_workbook(path)
    donor = Package.from_bytes(data, source=str(path))
    if target.exists():
        check_workbook_file(target)
        check_not_open(target)
        splicer = Splicer(Package.read(target))
        splicer.put(donor, DonorSheet("data", name))
    else:
        splicer = Splicer(donor)
        splicer.mark("data", name)
    package = splicer.finish()
    package.data = package.to_bytes()
    return package

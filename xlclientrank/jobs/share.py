"""``xlclientrank share``: a copy of the ranking for the owner's coach or advisor.

Two copies. With ``whole_workbook``, the owner's whole workbook made fit to send (:func:`_whole`).
Otherwise, the default, the copy is a new .xlsx made only of our sheets (a one-page Summary, the
Ranking with its charts, the settings, the methodology and the history): none of the owner's own
sheets, parts, properties, comments or macros, so it opens anywhere (Excel on Windows, Mac and the
web, LibreOffice, Google Sheets, Numbers) without Python and without links to an add-in. In the
Ranking table, Score, Rank and Tier are native formulas that follow the weights in the settings
sheet (what-if), up to :data:`xlclientrank.render.whatif.MAX_CLIENTS` clients.

With ``anonymize``, clients are called ``Client 001``, ``Client 002``, ... in rank order (the list
of who is who goes into the owner's workbook, in our sheet ``ClientRank Aliases``, never into the
copy), and e-mail addresses and phone numbers are removed from the notes. Contact columns (e-mail,
phone, address, contact person) never go into the copy: only factor columns do, and
``drop_columns`` leaves out factor columns as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from xlclientrank import render
from xlclientrank.engine import Ranking
from xlclientrank.errors import WorkbookFileError
from xlclientrank.jobs.progress import STEPS, Progress, silent
from xlclientrank.jobs.rerank import Prepared, prepare
from xlclientrank.names import (
    ALIASES_SHEET,
    CALIBRATION_SHEET,
    SETTINGS_SHEET,
    SHEETS,
    SUMMARY_SHEET,
    WHOLE_SUMMARY_SHEET,
)
from xlclientrank.ooxml import book, freeze, guard
from xlclientrank.ooxml.anonymize import anonymize_package
from xlclientrank.ooxml.files import check_not_open, check_workbook_file, check_writable
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.scrub import EMAIL, EMAIL_REMOVED, PHONE, PHONE_REMOVED
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader.keys import client_key
from xlclientrank.render import whatif
from xlclientrank.render.ranking import Share
from xlclientrank.render.settings_sheet import cells as settings_cells
from xlclientrank.render.share_sheets import add_note_rows, aliases_donor
from xlclientrank.stored import history
from xlclientrank.stored.settings import Settings

ALIAS_WORDS = ("Client", "Anonymous client", "Client no.", "Anon")
# our sheets in the whole-workbook copy: its Summary and the usual ones, less the calibration
SHARED_SHEETS = tuple((k, n) for k, n in SHEETS if k != "calibration")


@dataclass
class Shared:
    """What :func:`share` did: the copy it wrote, and what to tell the owner, in this order."""

    path: Path
    understood: list[str] = field(default_factory=list)  # what was understood, one line each
    notes: list[str] = field(default_factory=list)       # what the owner should know about the copy

    def lines(self) -> list[str]:
        return self.understood + self.notes


def default_out(path: Path, whole_workbook: bool = False) -> Path:
    return path.with_name(f"{path.stem} - {'whole workbook ' if whole_workbook else ''}for advisor.xlsx")


def _norm(text: str) -> str:
    """A name as it reads: case and spacing aside, numbers by value ("Client 1" reads as "client 001")."""
    text = " ".join(str(text).casefold().split())
    return re.sub(r"\d+", lambda m: str(int(m.group())), text)


def _readings(alias: str) -> set[str]:
    """Every run of whole words of an alias ("anonymous", "client 1", "anonymous client 1", ...)."""
    words = _norm(alias).split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


def aliases(names: list[str], avoid=(), words: tuple[str, ...] = ALIAS_WORDS) -> dict[str, str]:
    """Client name -> "Client 001" ... in the order given (rank order). No alias can be taken for a
    real client (of ``names`` or ``avoid``, such as former clients): it never reads as a real name,
    numbers by value ("Client 1" is "Client 001"), and holds no real name as whole words ("Anonymous
    client 001" is not used when a client is called "Anonymous"). Otherwise another word is used, and
    as a last resort a number is added to the word."""
    width = max(3, len(str(len(names))))
    real = {_norm(n) for n in list(names) + list(avoid) if str(n).strip()}
    k = 0
    while True:  # ends: only finitely many names can collide, and every round makes new aliases
        word = words[k] if k < len(words) else f"Client {k - len(words) + 1}-"
        made = {name: f"{word}{'' if word.endswith('-') else ' '}{i:0{width}d}" for i, name in enumerate(names, 1)}
        if not any(_readings(a) & real for a in made.values()):
            return made
        k += 1


def _scrub(text: str, names: dict[str, str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, names[name])
    return PHONE.sub(PHONE_REMOVED, EMAIL.sub(EMAIL_REMOVED, text))


def share(path: str | Path, out: str | Path | None = None, anonymize: bool = False,
          drop_columns: list[str] | None = None, sheet: str | None = None,
          today: dt.date | None = None, progress: Progress = silent, *, client_column: str | None = None,
          revenue_column: str | None = None, whole_workbook: bool = False) -> Shared:
    """Writes the advisor's copy of ``path``'s ranking; returns where, and what to tell the owner.

    ``client_column`` / ``revenue_column``: as for rerank (the copy's settings keep them; the
    workbook is not changed). ``whole_workbook``: the copy is the whole workbook, the owner's sheets
    too (see :func:`_whole`)."""
    path = Path(path)
    check_workbook_file(path)
    target = _target(path, out, whole_workbook)
    package = _owner_package(path) if anonymize else None
    p = prepare(path, sheet, package, today, progress, client_column=client_column, revenue_column=revenue_column)
    done = Shared(target, understood=list(p.loaded.understood))
    progress(STEPS[2])
    ranking = p.ranking
    settings, dropped, weighted_dropped = _drop_columns(ranking, p.loaded.settings, drop_columns or [])
    names, everyone = {}, {}
    snapshots, movement = p.snapshots, p.movement
    if anonymize:
        names, everyone, snapshots, movement = _anonymize(ranking, snapshots, movement)
    copy = _ranking_copy(p, ranking, settings, snapshots, movement, weighted_dropped, whole_workbook)
    if whole_workbook:
        if dropped:
            done.notes.append(f"Left out of the ranking only: {', '.join(dropped)}; your own sheets in the copy "
                              "still hold those columns (delete them in the copy if your advisor should not see "
                              "them).")
        copy = _whole(path, p.loaded.package, copy, everyone, done.notes)
    progress(STEPS[3])
    copy.write_atomic(target)
    if anonymize:
        _write_aliases(path, p.loaded.package, names)
    return done


def _target(path: Path, out: str | Path | None, whole_workbook: bool) -> Path:
    """Where the copy goes: an .xlsx that is not the workbook itself and can be written."""
    target = Path(out) if out else default_out(path, whole_workbook)
    if target.suffix.lower() != ".xlsx":
        raise WorkbookFileError("the advisor's copy must be an .xlsx file (it has no macros)", file=str(target))
    if target.resolve() == path.resolve():
        raise WorkbookFileError("the advisor's copy must not replace your workbook; choose another name with --out",
                                file=str(target))
    check_writable(target, "choose another name for the copy with --out")
    return target


def _owner_package(path: Path) -> Package:
    """The owner's workbook, read to keep who is who in it: it is written, so the owner's protection counts."""
    check_not_open(path)
    check_writable(path, "share it without --anonymize, which does not change it")
    package = Package.read(path)
    guard.check_may_change(package, anyway="To share it anonymously, first rank it with xlclientrank rerank "
                                           "--remove-signature (which removes the signature), or share it "
                                           "without --anonymize, which does not change it")
    guard.check_own_names(package, {"aliases": ALIASES_SHEET})
    return package


def _drop_columns(ranking: Ranking, settings: Settings, drop_columns: list[str]
                  ) -> tuple[Settings, list[str], list[str]]:
    """Leaves ``drop_columns`` out of ``ranking`` (changed in place) and of the settings; returns the
    settings, the columns left out and those of them that had a weight."""
    config = ranking.config
    dropped = [c for c in drop_columns if c in ranking.table.columns and c != "Client"]
    unknown = [c for c in drop_columns if c not in dropped]
    if unknown:
        ranking.warnings.append("Not in the ranking, so nothing to leave out: " + ", ".join(unknown) + ".")
    weighted_dropped = [c for c in dropped if any(f.column == c and f.weight > 0 for f in config.factors)]
    if dropped:
        ranking.table = ranking.table.drop(columns=dropped)
        keep = tuple(f for f in config.factors if f.column not in dropped)
        ranking.config = dataclasses.replace(config, factors=keep,
                                             pareto_column=None if config.pareto_column in dropped
                                             else config.pareto_column)
        settings = dataclasses.replace(settings, factors=[f for f in settings.factors if f.column not in dropped])
    return settings, dropped, weighted_dropped


def _anonymize(ranking: Ranking, snapshots: history.History, movement: history.Movement):
    """Aliases in place of the client names in ``ranking`` (changed in place), the history and the
    notes; returns the aliases of the current clients, those of everyone ever ranked, the history
    and the movement."""
    current = [str(n) for n in ranking.table["Client"]]
    keys = {client_key(n) for n in current}
    formers = list(dict.fromkeys(str(c) for c in snapshots.clients["Client"] if client_key(c) not in keys))
    names = aliases(current, avoid=formers)
    everyone = {**names, **aliases(formers, avoid=current, words=("Former client",))}
    ranking.table = ranking.table.assign(Client=[names[str(n)] for n in ranking.table["Client"]])
    snapshots, movement = _anonymize_history(snapshots, movement, everyone)
    ranking.warnings = [_scrub(w, everyone) for w in ranking.warnings]
    return names, everyone, snapshots, movement


def _what_if(n: int, weighted_dropped: list[str], when: dt.date) -> tuple[bool, str]:
    """Whether the copy's scores are formulas that follow the weights, and the note that says so."""
    if n <= whatif.MAX_CLIENTS and not weighted_dropped:
        return True, (f"What-if: change a weight in '{SETTINGS_SHEET}' and the Score, Rank and Tier columns "
                      f"follow. The summary above stays as it was on {when:%Y-%m-%d}.")
    if weighted_dropped:
        return False, (f"What-if is off in this copy: the weighted column(s) {', '.join(weighted_dropped)} were "
                       f"left out, so the scores are values as of {when:%Y-%m-%d}.")
    return False, (f"What-if is off in this copy: with {n:,} clients the formulas would make the workbook very "
                   f"slow (more than {whatif.MAX_CLIENTS:,}); the scores are values as of {when:%Y-%m-%d}.")


def _ranking_copy(p: Prepared, ranking: Ranking, settings: Settings, snapshots: history.History,
                  movement: history.Movement, weighted_dropped: list[str], whole_workbook: bool) -> Package:
    """The copy made only of our sheets, the advisor's way (a Summary first, what-if formulas)."""
    what_if, note = _what_if(len(ranking.table), weighted_dropped, p.when)
    data, tails = render.render(ranking, settings, p.source, p.when, snapshots, movement, None,
                                share=Share(what_if, note, settings_cells(settings)),
                                summary_name=WHOLE_SUMMARY_SHEET if whole_workbook else SUMMARY_SHEET)
    copy = Package.from_bytes(data)
    parts = book.sheet_parts(copy)
    for sheet_name, tail in tails.items():
        if tail is not None:
            copy.set(parts[sheet_name], tail.apply(copy.parts[parts[sheet_name]]))
    return copy


def _whole(path: Path, owner: Package, ours: Package, names: dict[str, str], notes: list[str]) -> Package:
    """The owner's whole workbook with our advisor's sheets (what-if formulas) in place of our sheets,
    without the calibration and the who-is-who sheet, every formula of the add-in frozen to its value,
    the link to the add-in and the macros removed (:mod:`xlclientrank.ooxml.freeze`) and, with
    ``names`` (anonymous), client names replaced everywhere (:mod:`xlclientrank.ooxml.anonymize`)."""
    assert owner.data is not None  # read from the file (Package.read), which keeps its bytes
    whole = Package.from_bytes(owner.data, source=str(path))
    splicer = Splicer(whole)
    for key, name in SHARED_SHEETS:
        splicer.put(ours, DonorSheet(key, name))
    splicer.remove("calibration", CALIBRATION_SHEET)
    splicer.remove("aliases", ALIASES_SHEET)
    whole = splicer.finish()
    where = book.sheet_parts(whole)
    skip = {where[name] for _, name in SHARED_SHEETS if name in where}
    frozen = freeze.make_sendable(whole, skip, our_sheets=[n for _, n in SHARED_SHEETS],
                                  removed_sheets=[CALIBRATION_SHEET, ALIASES_SHEET])
    said = frozen.notes()
    if guard.signature_parts(whole):  # a copy with changed parts carries no valid signature
        guard.remove_signature(whole)
        said.append("Your workbook is digitally signed; the copy is not (its signature would no longer be valid).")
    if said:  # what the copy's reader should know goes into the copy too, on its Summary
        add_note_rows(whole, where[WHOLE_SUMMARY_SHEET], [_scrub(n, names) if names else n for n in said])
    notes.extend(said)
    if names:
        notes.extend(anonymize_package(whole, names, skip).notes)
    return whole


def _anonymize_history(snapshots: history.History, movement: history.Movement, names: dict[str, str]):
    by_key = {client_key(k): v for k, v in names.items()}
    former: dict[str, str] = {}

    def alias(name: str) -> str:
        key = client_key(name)
        if key in by_key:
            return by_key[key]
        if key not in former:
            former[key] = f"Former client {len(former) + 1:03d}"
        return former[key]

    snapshots = dataclasses.replace(snapshots, clients=snapshots.clients.assign(
        Client=[alias(c) for c in snapshots.clients["Client"]]))
    movement = dataclasses.replace(movement, gone=[(alias(c), t) for c, t in movement.gone])
    return snapshots, movement


def _write_aliases(path: Path, package: Package, names: dict[str, str]) -> None:
    """Keeps who is who in the owner's workbook, in our sheet ClientRank Aliases (the copy never has it)."""
    check_not_open(path)
    donor = aliases_donor(names)
    assert package.data is not None  # read from the file (Package.read), which keeps its bytes
    splicer = Splicer(Package.from_bytes(package.data, source=str(path)))
    splicer.put(donor, DonorSheet("aliases", ALIASES_SHEET))
    splicer.finish().write_atomic(path, mode_from=path)

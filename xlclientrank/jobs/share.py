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

The who-is-who sheet is left visible on purpose: the owner needs it to answer the advisor ("who is
Client 007?"), and a hidden sheet would not protect the names (anyone can unhide it) but would hide
from the owner that the workbook holds the key to the anonymous copy, which is why the owner is told
not to send the workbook itself (:meth:`Shared.wrote`).

The copies have their own names (:func:`default_out`), and none is ever written over silently: a
copy already there under the default name is kept and the new one numbered like a browser's
downloads ("... for advisor (2).xlsx", :func:`numbered`); a file named with ``out`` is refused unless
``replace``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Sequence

from xlclientrank import render
from xlclientrank.engine import Ranking
from xlclientrank.errors import WorkbookFileError
from xlclientrank.jobs.progress import STEPS, Progress, silent
from xlclientrank.jobs.rerank import Prepared, prepare
from xlclientrank.names import (
    ALIASES_SHEET,
    CALIBRATION_SHEET,
    NOTES_KEY,
    NOTES_SHEET,
    SETTINGS_SHEET,
    SHEETS,
    SUMMARY_SHEET,
    WHOLE_SUMMARY_SHEET,
)
from xlclientrank.ooxml import book, freeze, guard
from xlclientrank.ooxml.anonymize import anonymize_package
from xlclientrank.ooxml.files import check_not_open, check_workbook_file, check_writable
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.scrub import EMAIL, EMAIL_REMOVED, PHONE, PHONE_REMOVED, Scrubber
from xlclientrank.ooxml.splice import DonorSheet, Splicer
from xlclientrank.reader.keys import client_key
from xlclientrank.reader.notes import agree
from xlclientrank.render import notes_sheet, whatif
from xlclientrank.render.ranking import Share
from xlclientrank.render.share_sheets import add_note_rows, aliases_donor
from xlclientrank.report import profile as who
from xlclientrank.stored import history
from xlclientrank.stored.notes import Notes
from xlclientrank.stored.settings import Settings
from xlclientrank.stored.settings_place import cells as settings_cells

ALIAS_WORDS = ("Client", "Anonymous client", "Client no.", "Anon")
# our sheets in the whole-workbook copy: its Summary and the usual ones, less the calibration
SHARED_SHEETS = tuple((k, n) for k, n in SHEETS if k != "calibration")


@dataclass
class Shared:
    """What :func:`share` did: the copy it wrote, and what to tell the owner, in this order."""

    path: Path
    understood: list[str] = field(default_factory=list)  # what was understood, one line each
    notes: list[str] = field(default_factory=list)       # what the owner should know about the copy
    aliases: dict[str, str] = field(default_factory=dict)  # anonymous: client -> alias, in rank order
    former: dict[str, str] = field(default_factory=dict)   # anonymous: clients of earlier rankings only -> alias
    kept: Path | None = None  # a copy already there under the default name, kept (this one is numbered)

    def lines(self) -> list[str]:
        return self.understood + self.notes

    def wrote(self, workbook: str, *, replace_hint: str = " (add --replace to write over it instead)") -> str:
        """The sentence that says where the copy is; for an anonymous copy also how clients are shown,
        where the who-is-who list is (in ``workbook``, the owner's file) and that it must not be sent."""
        said = (f"Wrote the anonymous copy for your advisor: {self.path}. "
                + who_is_who(self.aliases, self.former, workbook)
                if self.aliases else f"Wrote the copy for your advisor: {self.path}")
        if self.kept is not None:
            said += (f"\n'{self.kept.name}' was already there and is kept; this copy is '{self.path.name}'"
                     f"{replace_hint}.")
        return said


def who_is_who(aliases: dict[str, str], former: dict[str, str], workbook: str,
               where: str = "your own workbook") -> str:
    """How clients are shown in an anonymous copy (its own aliases, ``former``: of clients of earlier
    rankings only) and where the list of who is who lives, with the warning not to send ``workbook``."""
    said = f"Clients are shown as {_examples(list(aliases.values()))}"
    if former:
        said += f", clients of earlier rankings as {_examples(list(former.values()))}"
    return (f"{said}{' ' if said.endswith('...') else '. '}The who-is-who list is in {where}, sheet "
            f"'{ALIASES_SHEET}' (a visible sheet, so that you can look clients up): do not send '{workbook}' itself.")


def _examples(aliases: list[str]) -> str:
    return ", ".join(aliases[:2]) + (", ..." if len(aliases) > 2 else "")


def default_out(path: Path, whole_workbook: bool = False, anonymize: bool = False) -> Path:
    """The copy's own name beside ``path``: '<name> - for advisor.xlsx', '<name> - whole workbook for
    advisor.xlsx', and ' (anonymous)' before the suffix for an anonymous copy."""
    return path.with_name(f"{path.stem} - {'whole workbook ' if whole_workbook else ''}for advisor"
                          f"{' (anonymous)' if anonymize else ''}.xlsx")


MAX_NUMBER = 999


def numbered(target: Path) -> Path:
    """``target`` if nothing is there, else the first free 'name (2).xlsx', 'name (3).xlsx', ... (as a
    browser numbers downloads): a file already there is never written over."""
    if not os.path.lexists(target):
        return target
    for k in range(2, MAX_NUMBER + 1):
        candidate = target.with_name(f"{target.stem} ({k}){target.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise WorkbookFileError(f"and {MAX_NUMBER - 1} numbered copies of it are already there; delete the old copies "
                            "for your advisor or choose another name with --out", file=str(target))


def _norm(text: str) -> str:
    """A name as it reads: case and spacing aside, numbers by value ("Client 1" reads as "client 001")."""
    text = " ".join(str(text).casefold().split())
    return re.sub(r"\d+", lambda m: str(int(m.group())), text)


def _readings(alias: str) -> set[str]:
    """Every run of whole words of an alias ("anonymous", "client 1", "anonymous client 1", ...), less
    a number alone: a client called "1" is not named by "Client 001" (and would otherwise rule out
    every numbered alias)."""
    words = _norm(alias).split()
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return {r for r in runs if not r.isdigit()}


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
        word = words[k] if k < len(words) else f"Client{k - len(words) + 1}-"  # one word, new each round
        made = {name: f"{word}{'' if word.endswith('-') else ' '}{i:0{width}d}" for i, name in enumerate(names, 1)}
        if not any(_readings(a) & real for a in made.values()):
            return made
        k += 1


def _scrub(text: str, names: dict[str, str]) -> str:
    return _scrubbing(names)(text)


def _scrubbing(names: dict[str, str]) -> Callable[[str], str]:
    """A text made anonymous: a client's name (case and spaces aside, the whole text or a word of it)
    by its alias, e-mail addresses and phone numbers (anywhere in it) by placeholders."""
    scrubber = Scrubber(names)

    def clean(text: str) -> str:
        return PHONE.sub(PHONE_REMOVED, EMAIL.sub(EMAIL_REMOVED, scrubber.text(text)))
    return clean


def _anonymous_profile(profile: who.Profile | None, clean: Callable[[str], str]) -> who.Profile | None:
    """Who the best tier's clients are, with every category's name made anonymous (a column of
    categories may name clients: "Referred by", "Parent company")."""
    if profile is None:
        return None
    return dataclasses.replace(profile, columns=tuple(
        dataclasses.replace(col, categories=tuple(dataclasses.replace(c, name=clean(c.name)) for c in col.categories))
        for col in profile.columns))


def share(path: str | Path, out: str | Path | None = None, anonymize: bool = False,
          drop_columns: list[str] | None = None, sheet: str | None = None,
          today: dt.date | None = None, progress: Progress = silent, *, client_column: str | None = None,
          revenue_column: str | None = None, whole_workbook: bool = False, replace: bool = False,
          keep_aliases: bool = True) -> Shared:
    """Writes the advisor's copy of ``path``'s ranking; returns where, and what to tell the owner.

    ``client_column`` / ``revenue_column``: as for rerank (the copy's settings keep them; the
    workbook is not changed). ``whole_workbook``: the copy is the whole workbook, the owner's sheets
    too (see :func:`_whole`). ``out`` already there is refused unless ``replace``; without ``out``,
    a copy already there under the default name is kept and this one numbered (:func:`numbered`).
    ``keep_aliases`` False: the who-is-who list is only returned (``Shared.aliases``), for a caller
    that puts it into the workbook itself (the ribbon's button, into the open workbook)."""
    path = Path(path)
    check_workbook_file(path)
    target, kept = _target(path, out, whole_workbook, anonymize, replace)
    package = _owner_package(path) if anonymize else None  # checked also for the ribbon's scratch copy
    p = prepare(path, sheet, package, today, progress, client_column=client_column, revenue_column=revenue_column)
    done = Shared(target, understood=list(p.loaded.understood), kept=kept)
    progress(STEPS[2])
    ranking = p.ranking
    notes = p.loaded.client_notes.read if p.loaded.client_notes is not None else None
    in_notes = {h.strip().casefold() for h in notes.header.values()} if notes is not None else set()
    settings, dropped, weighted_dropped = _drop_columns(ranking, p.loaded.settings, drop_columns or [], in_notes)
    names, everyone = {}, {}
    snapshots, movement = p.snapshots, p.movement
    if anonymize:
        names, everyone, snapshots, movement = _anonymize(ranking, snapshots, movement)
        p.source = dataclasses.replace(p.source, profile=_anonymous_profile(p.source.profile, _scrubbing(everyone)))
    copy = _ranking_copy(p, ranking, settings, snapshots, movement, weighted_dropped, whole_workbook)
    if notes is not None and not whole_workbook:  # the whole workbook has them already, as the owner keeps them
        copy = _with_notes(copy, notes, everyone, drop_columns or [])
    if whole_workbook:
        if dropped:
            done.notes.append(f"Left out of the ranking only: {', '.join(dropped)}; your own sheets in the copy "
                              "still hold those columns (delete them in the copy if your advisor should not see "
                              "them).")
        copy = _whole(path, p.loaded.package, copy, everyone, done.notes)
    progress(STEPS[3])
    copy.write_atomic(target)
    if anonymize:
        done.aliases, done.former = names, {k: v for k, v in everyone.items() if k not in names}
        if keep_aliases:
            try:
                _write_aliases(path, p.loaded.package, everyone)
            except BaseException:  # never an anonymous copy whose who-is-who list is nowhere
                target.unlink(missing_ok=True)
                raise
    return done


def _target(path: Path, out: str | Path | None, whole_workbook: bool, anonymize: bool,
            replace: bool) -> tuple[Path, Path | None]:
    """Where the copy goes (an .xlsx that is not the workbook itself and can be written), and the
    copy already there under the default name that is kept instead of written over (or None)."""
    kept = None
    if out:
        target = Path(out)
    else:
        target = default_out(path, whole_workbook, anonymize)
        if not replace and (free := numbered(target)) != target:
            kept, target = target, free
    if target.suffix.lower() != ".xlsx":
        raise WorkbookFileError("the advisor's copy must be an .xlsx file (it has no macros)", file=str(target))
    if target.resolve() == path.resolve():
        raise WorkbookFileError("the advisor's copy must not replace your workbook; choose another name with --out",
                                file=str(target))
    if out and not replace and os.path.lexists(target):
        raise WorkbookFileError("is already there and was not changed; choose another name with --out, delete or "
                                "rename the old file, or add --replace to write over it", file=str(target))
    check_writable(target, "choose another name for the copy with --out")
    return target, kept


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


def _drop_columns(ranking: Ranking, settings: Settings, drop_columns: list[str], elsewhere: Collection[str] = ()
                  ) -> tuple[Settings, list[str], list[str]]:
    """Leaves ``drop_columns`` out of ``ranking`` (changed in place) and of the settings; returns the
    settings, the columns left out and those of them that had a weight. A column neither in the ranking
    nor ``elsewhere`` (the notes' columns, casefolded) is said to be nowhere."""
    config = ranking.config
    dropped = [c for c in drop_columns if c in ranking.table.columns and c != "Client"]
    unknown = [c for c in drop_columns if c not in dropped and c.strip().casefold() not in elsewhere]
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
        return False, (f"What-if is off in this copy: the weighted {agree(len(weighted_dropped), 'column', 'columns')} "
                       f"{', '.join(weighted_dropped)} {agree(len(weighted_dropped), 'was', 'were')} "
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


def _with_notes(copy: Package, notes: Notes, names: dict[str, str], dropped: Sequence[str] = ()) -> Package:
    """The copy of the ranking with the owner's notes, without the ``dropped`` columns, anonymous like
    the rest when ``names``: each client by its alias (its name as the notes spell it matched by the
    history's key), and client names, e-mail addresses and phone numbers taken out of every text."""
    leave = {d.strip().casefold() for d in dropped}
    if leave:
        notes = dataclasses.replace(notes, header={j: h for j, h in notes.header.items()
                                                   if j == notes.client_col or h.strip().casefold() not in leave})
    by_key = {client_key(k): v for k, v in names.items()}
    clean = _scrubbing(names) if names else str
    if names:  # an entry for someone never ranked (a prospect the owner noted) has no alias: left out
        keep = [i for i, key in enumerate(notes.keys) if key in by_key]
        notes = dataclasses.replace(notes, rows=[notes.rows[i] for i in keep], names=[notes.names[i] for i in keep],
                                    keys=[notes.keys[i] for i in keep],
                                    cells={j: [c[i] for i in keep] for j, c in notes.cells.items()})

    def text(value: str) -> str:
        if not names:
            return value
        alias = by_key.get(client_key(value))
        return alias if alias is not None else clean(value)
    splicer = Splicer(copy)
    splicer.put(Package.from_bytes(notes_sheet.copy_donor(notes, text)), DonorSheet(NOTES_KEY, NOTES_SHEET))
    return splicer.finish()


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
    movement = movement.renamed(alias)  # every name it lists: gone, moved, new, last month's
    return snapshots, movement


def _write_aliases(path: Path, package: Package, names: dict[str, str]) -> None:
    """Keeps who is who in the owner's workbook, in our sheet ClientRank Aliases (the copy never has it)."""
    check_not_open(path)
    donor = aliases_donor(names)
    assert package.data is not None  # read from the file (Package.read), which keeps its bytes
    splicer = Splicer(Package.from_bytes(package.data, source=str(path)))
    splicer.put(donor, DonorSheet("aliases", ALIASES_SHEET))
    splicer.finish().write_atomic(path, mode_from=path)

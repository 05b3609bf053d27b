"""Totals and subtotal rows: by their label, in the owner's language, and by their sums.

A totals row is never a client: ranked, it would be the tallest bar of the 80/20 chart and a
"concentration risk". Two things say a row is one:

* **its label** (:func:`is_totals_row`): the client name cell holds a word of
  :data:`xlclientrank.headers.words.TOTAL_WORDS` in one of the seven languages ("Total", "Grand total",
  "Summe", "Gesamtergebnis", "Zwischensumme", "Total général", "Sous-total", "Suma", "Totaal",
  "Eindtotaal", "Totale complessivo", "Total geral" ...), alone or with a year, a period or a region
  word ("Summe 2026", "Total Q1", "Gesamt Süd"), or as "sum of" something ("Summe Umsatz", "Total of
  revenue", "Somme des ventes"). A name with a company suffix ("Total Fitness Ltd", "Gesamtschule
  Nord GmbH") is a client, and words only need to match whole words ("Summit Foods" is a client).
  English keeps its older, looser rule: "Total" and two more words without a company suffix.
* **its sums** (:func:`by_sums`): a row whose amounts equal the sum of the client rows above it,
  or of its group (the client rows since the previous totals or subtotal row), in every number
  column where it has a value (within 0.005), is a totals row whatever it is called.

When both say so, the row is left out and counted under "totals row" in the notes. When only one
does:

* the label says total but the amounts are not the sum of the rows above it (nor of the rows below
  it, up to the next totals row: a totals row at the top): the row is still left out, as before,
  and a note names the row and the first amount that disagrees, so that a client called "Total
  Care" is not dropped silently;
* the amounts agree but the label is a normal-looking name: the row is left out, with a note naming
  it, only when the evidence is strong: at least two number columns with a sum other than 0 that
  agree, summing at least three client rows, or one such column summing at least five (in a
  hand-made list of 100, 200, 300 with 1, 2, 3 orders, or of retainers of 500, 1,000, 1,500 and
  3,000, the last client is a client). The row has no
  date (a totals row has none), its name is on no other row (an order line's client is on
  other lines), and no totals row of the owner's own (by its label) adds it up (a "Summe" at the
  top of the list is the sum of all the rows below it, the last one too). Otherwise it stays a
  client.

Columns that hold averages or dates (Average sale, Fit, Client since, Last order) are not added up.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.headers.words import LANGUAGES, TOTAL_WORDS
from xlclientrank.reader.notes import agree, counted

# Today's English rule: a totals row says only that ("Total", "Grand total:", "Total 2026", "Sum of
# revenue", "Total South"), so a client called "Total Fitness Ltd" (a company suffix) is not one
TOTAL_ROW = re.compile(r"^\s*((grand|sub)[\s-]?)?totals?\s*[:.]?\s*(\d{4})?\s*$|^\s*(sum|totals?)\s+(of|for)\b|"
                       r"^\s*sum\s*:?\s*$|^\s*all clients\s*$", re.IGNORECASE)
TOTAL_WORD = re.compile(r"^\s*((grand|sub)[\s-]?)?totals?\b", re.IGNORECASE)
COMPANY = re.compile(r"\b(ltd|limited|inc|llc|llp|plc|co|corp|company|group|gmbh|bv|nv|sa|sarl|pty|ag|ab|oy|"
                     r"as|srl|spa|kg|partners|services|solutions|studio|shop|store|clinic|fitness|foods?|"
                     r"mbh|ug|ohg|gbr|e\.\s?k|sas|sasu|eurl|snc|sl|slu|lda|ltda|vof|bvba|srls|sas)\b\.?",
                     re.IGNORECASE)

TOLERANCE = 0.005
NOT_ADDED = ("fit", "average_sale", "tenure", "recency")  # averages and dates: a totals row does not add them up
MAX_FOUND = 100  # totals rows found by their sums alone, at most (each one makes the sums be looked at again)
SHOWN = 3  # label-only warnings written out one by one; the rest are counted


def _words(*groups: str) -> list[str]:
    return [w for g in groups for lang in LANGUAGES for w in TOTAL_WORDS[g].get(lang, ())]


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(f"(?:{headers.word_regex(w)})" for w in sorted(set(words), key=len, reverse=True))


_TOT = _alternatives(_words("total", "subtotal"))
_OF = _alternatives(_words("of"))
_QUAL = _alternatives(_words("period", "region")) + r"|(?:(?:fy|q|h|kw|t|s)?\d{1,4})"
# the label alone, with periods, years and regions before or after it
_ALONE = re.compile(rf"^(?:(?:{_QUAL}) )*(?:{_TOT})(?: (?:{_QUAL}))*$")
# "sum of" what it adds up
_OF_RX = re.compile(rf"^(?:{_TOT}) (?:{_OF}) (\S+(?: \S+){{0,3}})$")
# the label and a header word after or before it: "Summe Umsatz", "Umsatz gesamt 2026"
_AFTER = re.compile(rf"^(?:{_TOT}) (\S+(?: \S+){{0,2}}?)(?: (?:{_QUAL}))*$")
_BEFORE = re.compile(rf"^(?:(?:{_QUAL}) )*(\S+(?: \S+){{0,2}}?) (?:{_TOT})(?: (?:{_QUAL}))*$")


def _hints() -> re.Pattern[str]:
    """A quick look for any totals word in the label before it is folded and read in full: one word
    of each totals phrase (a single-word phrase itself, else its first word that is one)."""
    single = {headers.fold(re.sub(r"\(\w+\)", "", w)) for w in _words("total", "subtotal")}
    single = {w for w in single if " " not in w}
    hints = set(single)
    for w in _words("total", "subtotal"):
        parts = headers.fold(re.sub(r"\(\w+\)", "", w)).split()
        if not any(p in single for p in parts):
            hints.add(" ".join(parts))
    return re.compile("|".join(re.escape(h) for h in sorted(hints, key=len, reverse=True)))


_HINT = _hints()


def is_totals_row(name: str) -> bool:
    """True for the name cell of a totals or subtotal row, in any of the supported languages (see
    the module docstring): "Total", "Summe 2026", "Gesamt Süd", "Total général", "Sous-total",
    "Eindtotaal", "Totale complessivo", "Summe Umsatz"; not "Total Fitness Ltd" or "Summit Foods"."""
    if name[:1] in "TtGgSsAa":  # today's English rule first (every label it knows starts so)
        if TOTAL_ROW.match(name):
            return True
        if TOTAL_WORD.match(name) and len(name.split()) <= 3 and not COMPANY.search(name):
            return True
    if not _HINT.search(name.casefold()):
        return False
    return _label_says_total(name)


@lru_cache(maxsize=8192)
def _label_says_total(name: str) -> bool:
    if COMPANY.search(name):
        return False
    text = headers.fold(name)
    if not text:
        return False
    if _ALONE.match(text) or _OF_RX.match(text):
        return True
    for rx in (_AFTER, _BEFORE):
        m = rx.match(text)
        if m and headers.recognise(m.group(1)) is not None:
            return True
    return False


# ---------------------------------------------------------------- sums


class ClientRows(Protocol):
    """What :func:`by_sums` reads and updates of the reader's choice of clients (identity.Identity):
    each row's key and name, the rows kept and the rows skipped by reason."""

    keys: list[str]
    names: list[str]
    keep: list[int]
    skipped: dict[str, list[int]]


def by_sums(ident: ClientRows, values: dict[str, np.ndarray], kinds: dict[str, str], first_row: int) -> list[str]:
    """Looks at the amounts of the client rows and of the rows labelled as totals (see the module
    docstring); leaves out, in ``ident`` (an :class:`xlclientrank.reader.identity.Identity`), the
    rows whose sums say they are totals, and returns the notes: each row left out by its sums alone,
    and each totals row by its label whose amounts are not a sum. ``values``: header -> the body's
    values (floats, NaN when blank) of the number and date columns; ``kinds``: header ->
    number/date/...; ``first_row``: the sheet row of the body's first row."""
    n = len(ident.keys)
    added = [c for c, k in kinds.items() if k == "number" and c in values and len(values[c]) == n
             and ((factor := headers.recognise(c)) is None or factor.key not in NOT_ADDED)]
    if not added or not n or (not ident.keep and not ident.skipped.get("totals")):
        return []
    x = np.column_stack([np.asarray(values[c], dtype=float) for c in added])
    group_totals = _group_totals(ident, x)
    labelled = np.asarray(sorted(ident.skipped.get("totals", [])), dtype=np.int64)
    dated = np.zeros(n, dtype=bool)
    for c, kind in kinds.items():
        if kind == "date" and c in values and len(values[c]) == n:
            dated |= ~np.isnan(np.asarray(values[c], dtype=float))
    client = np.zeros(n, dtype=bool)
    client[np.asarray(ident.keep, dtype=np.int64)] = True
    eligible = client & ~dated
    # a totals row's name is on no other row (order lines repeat their clients): when no row is both
    # undated and alone with its name, and no row is a totals row by its label, there is nothing to add up
    once = ~pd.Series(ident.keys, dtype=object).where(client, None).duplicated(keep=False).to_numpy()
    if not (eligible & once).any() and not len(labelled):
        return []
    resets = np.zeros(n, dtype=bool)
    resets[labelled] = True
    found = _sums_found(x, client, eligible, once, resets, labelled)
    rescued, labelled = _loose_labels_rescued(ident, x, client, resets, labelled, group_totals)
    p, k = _prefix(x, client)
    notes = [f"Row {first_row + int(r)} ('{ident.names[r]}') starts with Total, but its amounts are not the sum of "
             "any rows: it was ranked as a client. If it is a totals row, correct its amounts or delete it."
             for r in rescued]
    for row, lo, hi in found:
        summed = np.flatnonzero(client[lo:hi]) + lo
        notes.append(f"Row {first_row + row} ('{ident.names[row]}') was left out as a totals row: its amounts equal "
                     f"the sum of {_span(summed, first_row)} ({', '.join(_agreeing(x, p, row, lo, hi, added))}). "
                     "If it is a client, check its amounts.")
    # a group's subtotal adds up its own group (checked by the layout, _group_totals): no note for it
    notes += _label_only(x, p, k, np.setdiff1d(labelled, np.asarray(sorted(group_totals), dtype=np.int64)), resets,
                         client, ident.names, added, first_row)
    if found or len(rescued):
        rows = [r for r, _, _ in found]
        ident.keep = sorted(set(np.asarray(ident.keep)[client[np.asarray(ident.keep)]].tolist())
                            | set(rescued.tolist()))
        ident.skipped["totals"] = sorted((set(ident.skipped.get("totals", [])) | set(rows)) - set(rescued.tolist()))
    return notes


def _sums_found(x: np.ndarray, client: np.ndarray, eligible: np.ndarray, once: np.ndarray, resets: np.ndarray,
                labelled: np.ndarray) -> list[tuple[int, int, int]]:
    """The rows whose amounts are the sum of the client rows above them, from the top: (row, first,
    end) of the rows summed. Each row found is taken out of ``client`` and ``eligible`` and starts a
    new group in ``resets`` (the arrays are changed in place)."""
    n = len(client)
    found: list[tuple[int, int, int]] = []  # (row, first, end) of the rows summed
    start = 0
    for _ in range(MAX_FOUND):
        p, k = _prefix(x, client)
        rows = np.flatnonzero(eligible[start:]) + start
        if not len(rows):
            break
        group = _group_starts(resets)[rows]
        hit = None
        for lo in (np.zeros(len(rows), dtype=np.int64), group):
            agree, strength, count = _agree(x, p, k, rows, lo, rows)
            # by the sums alone, only on strong evidence: two columns agreeing over at least three rows,
            # or one over at least five (one column over a few rows happens to add up in hand-kept lists:
            # retainers of 500, 1,000, 1,500 and 3,000)
            strong = agree & (((strength >= 2) & (count >= 3)) | (count >= 5))
            strong &= once[rows]
            if strong.any():
                j = int(np.argmax(strong))
                if hit is None or rows[j] < hit[0]:
                    hit = (int(rows[j]), int(lo[j]), int(rows[j]))
        if hit is None:
            break
        client[hit[0]] = eligible[hit[0]] = False
        resets[hit[0]] = True
        if len(labelled) and (before := _labelled_ok(x, client | _only(n, hit[0]), resets & ~_only(n, hit[0]),
                                                     labelled)).any() \
                and (before & ~_labelled_ok(x, client, resets, labelled)).any():
            # a totals row of the owner's own counts it in: a client after all
            client[hit[0]], resets[hit[0]] = True, False
            continue
        found.append(hit)
        start = hit[0] + 1
    return found


def _loose_labels_rescued(ident: ClientRows, x: np.ndarray, client: np.ndarray, resets: np.ndarray,
                          labelled: np.ndarray, group_totals: set[int]) -> tuple[np.ndarray, np.ndarray]:
    """The rows labelled by the looser English rule whose amounts are no sum (ranked as clients after
    all: ``client`` and ``resets`` changed in place), and the labelled rows left."""
    # a label of the looser English rule ("Total" and up to two more words) whose amounts are no sum of
    # the rows above or below it is a client called so ("Total Filtration Specialists"): ranked, with a note
    rescued = np.zeros(0, dtype=np.int64)
    if len(labelled):
        loose = np.array([loose_label(ident.names[r]) and r not in group_totals for r in labelled], dtype=bool)
        if loose.any():
            ok = _labelled_ok(x, client, resets, labelled)
            rescued = labelled[loose & ~ok & ~np.isnan(x[labelled]).all(axis=1)]
            client[rescued], resets[rescued] = True, False
            labelled = np.setdiff1d(labelled, rescued)
    return rescued, labelled


def loose_label(name: str) -> bool:
    """Whether a name is a totals label only by the looser English rule ("Total" and up to two more
    words without a company suffix: "Total Care", "Total Filtration Specialists"), not by a label
    that says nothing else ("Total", "Grand total 2026", "Summe", "Total of revenue")."""
    return bool(TOTAL_WORD.match(name)) and not TOTAL_ROW.match(name) and not _label_says_total(name)


def _group_totals(ident: ClientRows, x: np.ndarray) -> set[int]:
    """A report's groups (QuickBooks' Sales by Customer Summary with sub-customers): a row "Total X"
    below a row named X that has no amounts is X's subtotal, and X the group's heading; both are
    left out (the subtotal as a totals row, the heading as a group row of the report). Returns the
    subtotal rows."""
    names = ident.names
    keep = set(ident.keep)
    candidates = [i for i in sorted(keep | set(ident.skipped.get("totals", [])))
                  if names[i][:6].casefold() == "total " and len(names[i]) > 6]
    if not candidates:
        return set()
    empty_rows: dict[str, int] = {}
    kept = np.zeros(len(names), dtype=bool)
    kept[list(keep)] = True
    for j in np.flatnonzero(kept & np.isnan(x).all(axis=1)):  # rows with a name and no amounts: few
        empty_rows.setdefault(" ".join(names[j].split()).casefold(), int(j))
    found: set[int] = set()
    for i in candidates:
        earlier = empty_rows.get(" ".join(names[i][6:].split()).casefold())
        if earlier is not None and earlier < i:
            found.add(i)
            keep.discard(i)
            keep.discard(earlier)
            ident.skipped["totals"] = sorted(set(ident.skipped.get("totals", [])) | {i})
            ident.skipped["report"] = sorted(set(ident.skipped.get("report", [])) | {earlier})
    if found:
        ident.keep = sorted(keep)
    return found


def _prefix(x: np.ndarray, client: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sums and counts of the client rows before each row: ``p[i]`` adds up rows ``0 .. i-1``."""
    added = np.where(client[:, None], np.nan_to_num(x, nan=0.0), 0.0)
    p = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(added, axis=0)])
    k = np.concatenate([[0], np.cumsum(client)])
    return p, k


def _group_starts(resets: np.ndarray) -> np.ndarray:
    """Per row, the first row of its group: the row after the last totals row above it (0 if none)."""
    idx = np.where(resets, np.arange(len(resets)) + 1, 0)
    before = np.maximum.accumulate(idx)
    return np.concatenate([[0], before[:-1]]).astype(np.int64)


def _group_ends(resets: np.ndarray) -> np.ndarray:
    """Per row, the end of the rows below it up to the next totals row (or the end of the table)."""
    n = len(resets)
    idx = np.where(resets, np.arange(n), n)
    after = np.minimum.accumulate(idx[::-1])[::-1]
    return np.concatenate([after[1:], [n]]).astype(np.int64)


def _close(v: np.ndarray, s: np.ndarray) -> np.ndarray:
    close: np.ndarray = np.abs(v - s) <= TOLERANCE + 1e-9 * np.abs(s)
    return close


def _agree(x: np.ndarray, p: np.ndarray, k: np.ndarray, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of ``rows``: whether its values equal the sums of the client rows ``lo .. hi-1`` in
    every column where it has one (and it has one); in how many of those the sum is not 0; how many
    client rows were added up."""
    v = x[rows]
    s = p[hi] - p[lo]
    count = k[hi] - k[lo]
    has = ~np.isnan(v)
    agree = (_close(v, s) | ~has).all(axis=1) & has.any(axis=1) & (count >= 1)
    strength = (has & (np.abs(s) > TOLERANCE)).sum(axis=1)
    return agree & (strength >= 1), strength, count


def _span(rows: np.ndarray, first_row: int) -> str:
    if not len(rows):
        return "no rows"
    a, b = first_row + int(rows[0]), first_row + int(rows[-1])
    return f"row {a}" if a == b else f"rows {a}-{b}"


def _agreeing(x: np.ndarray, p: np.ndarray, row: int, lo: int, hi: int, added: list[str]) -> list[str]:
    s = p[hi] - p[lo]
    return [c for j, c in enumerate(added) if not np.isnan(x[row, j]) and abs(s[j]) > TOLERANCE]


def _amount(v: float) -> str:
    return f"{v:,.2f}"


def _only(n: int, row: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[row] = True
    return out


def _labelled_ok(x: np.ndarray, client: np.ndarray, resets: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each of ``rows`` (totals rows by their label): whether its amounts are the sum of the
    client rows above it, of its group, or of the rows below it up to the next totals row."""
    p, k = _prefix(x, client)
    starts, ends = _group_starts(resets)[rows], _group_ends(resets)[rows]
    ok = np.zeros(len(rows), dtype=bool)
    for lo, hi in ((np.zeros(len(rows), dtype=np.int64), rows), (starts, rows), (rows + 1, ends)):
        ok |= _agree(x, p, k, rows, lo, hi)[0]
    return ok


def _label_only(x: np.ndarray, p: np.ndarray, k: np.ndarray, labelled: np.ndarray, resets: np.ndarray,
                client: np.ndarray, names: list[str], added: list[str], first_row: int) -> list[str]:
    """Notes for the rows left out by their label whose amounts are not a sum of the rows above or below them."""
    if not len(labelled):
        return []
    rows = labelled[~np.isnan(x[labelled]).all(axis=1)]
    if not len(rows):
        return []
    starts = _group_starts(resets)[rows]
    wrong = rows[~_labelled_ok(x, client, resets, rows)]
    notes = []
    for row in wrong[:SHOWN]:
        lo = int(starts[np.searchsorted(rows, row)])
        s = p[row] - p[lo]
        j = next((j for j in range(len(added)) if not np.isnan(x[row, j]) and not _close(x[row, j], s[j])), None)
        if j is None:
            j = next(j for j in range(len(added)) if not np.isnan(x[row, j]))
        summed = np.flatnonzero(client[lo:row]) + lo
        seen = (f"{added[j]}: {_amount(x[row, j])} here, {_amount(s[j])} in {_span(summed, first_row)}"
                if len(summed) else f"{added[j]}: {_amount(x[row, j])} here, and no client rows above it")
        notes.append(f"Row {first_row + int(row)} ('{names[row]}') was left out as a totals row by its name, but its "
                     f"amounts are not the sum of the rows above it ({seen}). If it is a client, write its full "
                     "name (with Ltd, GmbH, ...) so that it is ranked.")
    if len(wrong) > SHOWN:
        rest = [first_row + int(r) for r in wrong[SHOWN:]]
        notes.append(f"{counted(len(rest), 'more row')} left out as totals rows by their name "
                     f"{agree(len(rest), 'is', 'are')} not the sum of the rows "
                     f"above them (row {rest[0]}{' and more' if len(rest) > 1 else ''}).")
    return notes

"""Who the client is: the key rows are grouped by and the name shown, chosen separately, each with its reason.

Exports say who the customer is in many ways: a name, a customer number, an e-mail address, a first
and a last name, a group row of a report. Two things are decided here, column by column, from the
headers *and* the values:

* the **key** that tells clients apart (rows with the same key are one client): a client ID, a
  client name column, an e-mail address, ...; rows without it fall back to the next source, with
  a note ("12 without e-mail grouped by Billing Name");
* the **name** shown for each client: the best name column (a company when filled, else
  "First Last"), else the key itself; a customer number alone is shown as "Customer 1234", because a
  bare number in the Client column of the Ranking reads like an amount or a rank, while
  "Customer 1234" still holds the number to look it up.

What is never the client: a row's or payment's own ID (different on every row: Stripe's ``ch_...``,
PayPal's Transaction ID), order numbers (Shopify's "Name" column of ``#1001``), an ID shared by
rows with many different names (the seller's own account number), IDs longer than the 15 digits a
spreadsheet number keeps. Report layouts are read too: the customer on a group row followed by its
detail rows and a "Total for <name>" row (QuickBooks), the name only on the first row of its group
(Salesforce; filled down), and report footers ("Accrual basis ...", "Confidential", "Page 1 of 2");
those layouts are read in :mod:`.grouped`.

What each column could be is read in :mod:`.client_columns`, the choice among them made in
:mod:`.client_choice` (which refuses, with the one-line fix ``--client-column "<header>"``, when two
columns could both be the client and disagree or nothing says who the client is), and a table with
nothing to rank explained in :mod:`.nothing_to_rank`. This module puts the choice on the rows: each
row's key and shown name, and the rows that are no client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank.errors import ClientTableError
from xlclientrank.reader.client_choice import pick
from xlclientrank.reader.client_columns import (
    CLIENT_HEADER,
    DIGITS,
    UNKNOWN,
    Candidate,
    Source,
    candidate,
    header_tier,
    norm_header,
    validate_ids,
)
from xlclientrank.reader.distinct import per_distinct
from xlclientrank.reader.grouped import FIELD_PATH, FOOTER, fill_down, report_groups
from xlclientrank.reader.keys import client_keys
from xlclientrank.reader.locate import Region
from xlclientrank.reader.locate import texts as cell_texts
from xlclientrank.reader.notes import ORDER_LINES_ONLY, Note, Understood, agree, counted, is_kind, skipped
from xlclientrank.reader.nothing_to_rank import is_time_report, nothing_to_rank
from xlclientrank.reader.totals import is_totals_row

KEY = "\x00client key"  # frame column with each row's client key (never a header: a NUL cannot be typed)


@dataclass
class Identity:
    """Who the client is, per data row (positions in the table's body).

    ``column``: the header the owner names in "Client column" / ``--client-column`` (the shown name's
    column, or the key's when the name is made from it); ``key``/``shown``: the sources chosen;
    ``keys``: per row the client key ("" = not a client row); ``names``: per row the shown name;
    ``keep``: the positions of client rows; ``columns``: the headers used for the identity (not
    factors); ``skipped``: reason -> positions; ``notes``; ``reasons``: why each choice was made.
    """

    column: str
    key: Source
    shown: list[Source]
    keys: list[str]
    names: list[str]
    keep: list[int]
    columns: list[str]
    skipped: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    fallback: dict[str, int] = field(default_factory=dict)  # fallback source label -> rows keyed by it

    def lines(self, clients: int, rows: int, rows_are: str) -> list[str]:
        return self.identity_lines(clients, rows, rows_are)

    def identity_lines(self, clients: int, rows: int, rows_are: str) -> list[str]:
        """The "what was understood" line(s) about the client, for ``ClientTable.understood``:
        ``Clients: Email, shown as Billing Name (313 clients from 1,203 order lines; ...)``."""
        what = self.key.label if self.key.role != "report" else "the customer groups of the report"
        shown = [s.label for s in self.shown if s.columns != self.key.columns]
        if shown:
            what += f", shown as {' or '.join(shown)}"
        counts = (f"{clients:,} clients from {rows:,} order lines" if rows_are == "order lines"
                  else f"{clients:,} clients, one per row")
        lines = rows_are == "order lines"
        reasons = [str(r) for r in self.reasons if lines or not is_kind(r, ORDER_LINES_ONLY)]
        if shown and rows_are == "order lines":
            reasons.append(f"each shown by the name written most often for its {self.key.label}")
        return [Understood("Clients", f"{what} ({'; '.join([counts] + reasons)})")]



def choose(names: Sequence[str], raw: dict[str, list[Any]], kinds: dict[str, str], has_values: np.ndarray,
           grid: Sequence[Sequence[Any]] = (), region: Region | None = None,
           forced: str | None = None) -> Identity:
    """Decides who the client is. ``raw``: header -> the body's cell values; ``kinds``: header ->
    number/date/text/empty (after cleaning); ``has_values``: per row, whether any number or date
    column has a value; ``grid``/``region``: the sheet, for report columns without a header;
    ``forced``: the header the owner named (settings or ``--client-column``), used when it exists.
    Raises :class:`ClientTableError` (without file and sheet) when it cannot tell."""
    n = len(has_values)
    has_values = np.asarray(has_values, dtype=bool)
    if forced is None and is_time_report(names):
        # a time tracker's Client column empty on every row: the e-mail beside it is the team member's
        empty = [c for c in names if (header_tier(c) or UNKNOWN) >= CLIENT_HEADER
                 and not (cell_texts(raw[c]) != "").any()]
        why = nothing_to_rank(names, raw, has_numbers=bool(has_values.any())) if empty else None
        if why:
            raise ClientTableError(why)
    report = _report_column(grid, region, names, raw, has_values)
    if report is not None and (forced is None or forced not in names):
        return report
    found = {c: candidate(c, raw[c], kinds[c]) for c in names if kinds[c] != "date"}
    cols = {c: p for c, p in found.items() if p is not None}
    if forced is not None and forced in names and forced not in cols and kinds[forced] in ("number", "text"):
        col = Candidate(forced, cell_texts(raw[forced]), kinds[forced], "id", explicit=True)
        if col.filled.any():
            cols[forced] = col  # the owner named a column of numbers: they are the client's numbers
    validate_ids(cols, n)
    chosen = pick(cols, forced, names, raw)
    ident = _assign(chosen.key, chosen.fallbacks, chosen.shown, cols, n, has_values, raw, names)
    ident.reasons[:0] = chosen.reasons
    return ident



def _values(src: Source, cols: dict[str, Candidate], raw: dict[str, list[Any]], names: Sequence[str]) -> pd.Series:
    if src.role == "first last":
        a = cols[src.columns[0]].texts
        b = cols[src.columns[1]].texts
        return (a + " " + b).str.strip()
    c = cols.get(src.columns[0])
    return c.texts if c is not None else cell_texts(raw[src.columns[0]])


def id_label(header: str) -> str:
    """The word a customer number is shown with: "Customer ID" -> "Customer", "Acct no" -> "Account"."""
    words = [w for w in norm_header(header).split() if w not in ("id", "no", "number", "#", "code", "ref", "nr", "num")]
    word = " ".join(words) or "client"
    word = {"cust": "customer", "acct": "account", "kunden": "kunde"}.get(word, word)
    return word[:1].upper() + word[1:]


def _assign(key: Source, fallbacks: list[Source], shown: list[Source], cols: dict[str, Candidate], n: int,
            has_values: np.ndarray, raw: dict[str, list[Any]], names: Sequence[str]) -> Identity:
    """The choice put on the rows: each row's key and shown name, the rows kept and those skipped."""
    key_text, keys, filled_down, notes, reasons = _keys(key, fallbacks, cols, has_values, raw, names)
    shown_text, shown_reasons = _shown_names(key, shown, key_text, keys, cols, raw, names)
    skipped, keep = _skipped(cols, key, keys, shown_text, has_values, filled_down)
    columns = sorted({c for s in [key, *fallbacks, *shown] for c in s.columns if c in cols or c in raw},
                     key=list(names).index)
    column = next((s.columns[0] for s in shown if s.role != "report"), key.columns[0])
    if shown and shown[0].role == "first last" and key.role == "first last":
        column = key.columns[0]
    return Identity(column=column, key=key, shown=shown, keys=keys.tolist(), names=shown_text.tolist(), keep=keep,
                    columns=columns, skipped=skipped, notes=notes, reasons=reasons + shown_reasons)


def _keys(key: Source, fallbacks: list[Source], cols: dict[str, Candidate], has_values: np.ndarray,
          raw: dict[str, list[Any]], names: Sequence[str]) -> tuple[pd.Series, pd.Series, bool, list[str], list[str]]:
    """Per row, the key source's text and the client key ("" = none; a name filled down its group, a
    blank key taken from the fallbacks), whether names were filled down, the notes and the reasons."""
    notes: list[str] = []
    reasons: list[str] = []
    key_text = _values(key, cols, raw, names)
    filled_down = _fill_down(key, key_text, has_values)
    if filled_down is not None:
        key_text, count = filled_down
        notes.append(f"Column '{key.label}': the client stands only on the first row of each group; it was filled "
                     f"down to the {counted(count, 'row')} below it.")
        reasons.append("names filled down their groups")
    norm = per_distinct(key_text, client_keys) if key.role != "id" else key_text
    keys = norm.where(key_text != "", "")
    for i, fb in enumerate(fallbacks, 1):
        fb_text = _values(fb, cols, raw, names)
        take = (keys == "") & (fb_text != "")
        if take.any():
            keys = keys.where(~take, per_distinct(fb_text, partial(_fallback_keys, i=i)))
            what = {"email": "without e-mail", "id": "without an ID"}.get(key.role, f"without {key.label}")
            reasons.append(f"{int(take.sum()):,} {what} grouped by {fb.label}")
            n = int(take.sum())
            notes.append(f"{counted(n, 'row')} {what} {agree(n, 'was', 'were')} grouped by {fb.label}.")
    return key_text, keys, filled_down is not None, notes, reasons


def _fallback_keys(texts: pd.Series, i: int) -> pd.Series:
    """The keys of rows grouped by the ``i``-th fallback source, apart from the keys of every other source."""
    return f"\x00{i}:" + client_keys(texts)


def _shown_names(key: Source, shown: list[Source], key_text: pd.Series, keys: pd.Series, cols: dict[str, Candidate],
                 raw: dict[str, list[Any]], names: Sequence[str]) -> tuple[pd.Series, list[str]]:
    """Per row, the name shown: the first filled shown source, else the name its client has on other
    rows, else the key as written ("Customer 1234" for a bare customer number); and the reasons."""
    reasons: list[str] = []
    shown_text = pd.Series("", index=keys.index)
    for s in shown:
        t = key_text if s.columns == key.columns else _values(s, cols, raw, names)
        shown_text = shown_text.where(shown_text != "", t)
    # a row without a name (an order's second line) takes the name its client has on other rows
    has = (shown_text != "") & (keys != "")
    if has.any() and not has.all():
        counts = pd.DataFrame({"key": keys[has], "name": shown_text[has]}).value_counts(sort=True).reset_index()
        best = counts.drop_duplicates("key").set_index("key")["name"]
        shown_text = shown_text.where(has | (keys == ""), keys.map(best).fillna(""))
    no_name_column = not any(s.columns != key.columns for s in shown)
    if key.role == "id":
        digits = per_distinct(key_text, lambda t: t.str.match(DIGITS))
        label = id_label(key.columns[0])
        as_id = per_distinct(key_text, lambda t: t.where(~t.str.match(DIGITS), label + " " + t))
        if no_name_column:
            reasons.append(f"shown as '{label} <number>', as there is no name column" if digits.any()
                           else "shown as the ID, as there is no name column")
        shown_text = shown_text.where(shown_text != "", as_id)
    else:
        shown_text = shown_text.where(shown_text != "", key_text)
    if key.role == "email" and no_name_column:
        reasons.append("shown as the e-mail, as there is no name column")
    return shown_text, reasons


def _skipped(cols: dict[str, Candidate], key: Source, keys: pd.Series, shown_text: pd.Series, has_values: np.ndarray,
             filled_down: bool) -> tuple[dict[str, list[int]], list[int]]:
    """The rows that are no client, by reason (blank, a totals row, a report footer, a second header
    row of field names), and the positions of the client rows kept."""
    other_text = _other_texts(cols, key) if filled_down else None
    footer, totals = _labels(shown_text)
    no_key = (keys == "").to_numpy()
    if other_text is not None:
        other_footer, other_totals = _labels(pd.Series(other_text, dtype=object))
        footer |= no_key & other_footer
        totals |= other_totals
    field_names = np.zeros(len(keys), dtype=bool)
    if len(keys) and FIELD_PATH.match(shown_text.iat[0]):
        field_names[0] = True
    field_names &= ~footer
    totals &= ~footer & ~field_names
    rest = ~footer & ~field_names & ~totals
    skipped: dict[str, list[int]] = {"no client": np.flatnonzero(rest & no_key & has_values).tolist(),
                                     "totals": np.flatnonzero(totals).tolist(),
                                     "footer": np.flatnonzero(footer).tolist(),
                                     "field names": np.flatnonzero(field_names).tolist()}
    return skipped, np.flatnonzero(rest & ~no_key).tolist()


def _labels(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per row, whether its text is a report footer and whether it labels a totals row; each
    distinct text is looked at once."""
    texts = texts.astype(str)
    footer = per_distinct(texts, lambda u: [bool(FOOTER.search(t)) for t in u]).to_numpy(dtype=bool)
    totals = per_distinct(texts, lambda u: [is_totals_row(t) for t in u]).to_numpy(dtype=bool)
    return footer, totals


def _other_texts(cols: dict[str, Candidate], key: Source) -> list[str]:
    """Per row, the first text of the other text columns (a "Subtotal" label beside a blank group cell)."""
    others = [c.texts for c in cols.values() if c.name not in key.columns and c.kind == "text"]
    if not others:
        return [""] * len(next(iter(cols.values())).texts)
    out = others[0]
    for t in others[1:]:
        out = out.where(out != "", t)
    joined: list[str] = out.tolist()
    return joined


def _fill_down(key: Source, text: pd.Series, has_values: np.ndarray) -> tuple[pd.Series, int] | None:
    return fill_down(text, has_values) if key.role in ("name", "id") else None


def _report_column(grid: Sequence[Sequence[Any]], region: Region | None, names: Sequence[str],
                   raw: dict[str, list[Any]], has_values: np.ndarray) -> Identity | None:
    found = report_groups(grid, region, raw, has_values)
    if found is None:
        return None
    column = found.header or next(w for w in ("Customer", "Client", "Customer name") if w not in names)
    src = Source((column,), "report", CLIENT_HEADER)
    return Identity(column=column, key=src, shown=[src], keys=found.keys, names=found.names, keep=found.keep,
                    columns=[found.header] if found.header else [], skipped=found.skipped, reasons=found.reasons)


def skip_notes(ident: Identity, first_row: int) -> list[Note]:
    """Notes for the rows left out, with their sheet rows (``first_row``: the sheet row of position 0)."""
    out: list[Note] = []
    text = {"no client": "no client name", "totals": "totals row", "footer": "report footer (not a client)",
            "report": "group and 'Total for' rows of the report",
            "field names": "a second header row of field names"}
    for reason, rows in ident.skipped.items():
        if rows:
            out.append(skipped([first_row + i for i in rows], text[reason]))
    return out

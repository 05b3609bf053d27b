"""Document status: quotes and purchases refused, cancelled, voided and draft documents left out, and
cancellations written as negative counter-documents taken out with their originals."""

from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.reader import locate
from xlclientrank.reader.notes import Understood, agree, counted
from xlclientrank.reader.rules import words
from xlclientrank.reader.rules.outcome import Outcome, counts_text, ending_pattern, find, fold, matching, start_pattern

_STATUS_H, TYPE_HEADER = ending_pattern(words.STATUS_HEADERS), ending_pattern(words.DOCUMENT_TYPE_HEADERS)
_VOID, _DRAFT, _QUOTE = start_pattern(words.NOT_A_SALE), start_pattern(words.DRAFT), start_pattern(words.QUOTE)
_QUOTE_H = ending_pattern(words.QUOTE_HEADERS)


def quote_file(columns: Sequence[str]) -> str | None:
    """The refusal for a file whose rows are quotes: a quote's own number is a header ("Quote Number",
    "Angebotsnummer", "Numéro de devis") and no invoice or order number is; None otherwise (a "Last
    quote date" beside a client's sales says nothing of its rows)."""
    quote = find(columns, _QUOTE_H)
    if not quote or any(headers.role(c, "order_id") and not _QUOTE_H.search(fold(c)) for c in columns):
        return None
    return (f"lists quotes (offers), not sales: its columns say so ({', '.join(repr(c) for c in quote[:3])}). A "
            "quote is not money earned. Export your invoices (or the payments you received) instead")


_SUPPLIER_H = ending_pattern(words.SUPPLIER_HEADERS)


def supplier_file(columns: Sequence[str], raw: dict[str, list[Any]] | None = None) -> str | None:
    """The refusal for a file of purchases: a header names a vendor or supplier (vendor_name,
    Lieferant, fournisseur, Seller) and none names a client, or every column that does holds one
    name on every row (the owner, as buyer of an online shop's order history); None otherwise."""
    supplier = find(columns, _SUPPLIER_H)
    clients = [c for c in columns if headers.is_client_header(c) and not _SUPPLIER_H.search(fold(c))]
    if not supplier:
        return None
    if clients and raw is not None:
        if not all(len(set(locate.texts(raw[c]).str.casefold()) - {""}) <= 1 for c in clients):
            return None
    elif clients:
        return None
    return (f"lists purchases from your suppliers ({', '.join(repr(c) for c in supplier[:2])}): purchase orders or "
            "bills are money you pay, not sales, and the file names no client. Export your invoices (or the "
            "payments you received) instead")


def status(columns: Sequence[str], raw: dict[str, list[Any]], keep: np.ndarray, amount: np.ndarray | None,
           doc_column: str | None) -> Outcome:
    """Rows whose status or document type says they are no sale (see the module docstring).
    ``keep``: the rows still in play; ``amount``: each row's amount (for counter-documents);
    ``doc_column``: the document (invoice, order) number, for references to it."""
    n = len(keep)
    out = Outcome.nothing(n)
    cols = find(columns, _STATUS_H) + find(columns, TYPE_HEADER)
    cols = list(dict.fromkeys(cols))
    if not cols:
        return out
    void = np.zeros(n, dtype=bool)
    draft = np.zeros(n, dtype=bool)
    quote = np.zeros(n, dtype=bool)
    shown: dict[str, pd.Series] = {}
    for c in cols:
        v, d, q = (matching(raw[c], rx) for rx in (_VOID, _DRAFT, _QUOTE))
        if (v | d | q).any():
            shown[c] = locate.texts(raw[c])
        void |= v
        draft |= d & ~v
        quote |= q & ~v & ~d
    void &= keep
    draft &= keep
    quote &= keep
    if not (void | draft | quote).any():
        return out
    if quote.any() and not (keep & ~quote & ~void).any():
        raise ClientTableError("lists quotes (offers), not sales: every row is a quote or estimate ("
                               + "; ".join(f"{c}: {counts_text(t, quote)}" for c, t in shown.items())
                               + "). A quote is not money earned. Export your invoices (or the payments you "
                               "received) instead")
    out.leave_out("status cancelled, voided or failed (no sale)", void)
    out.leave_out("quotes or estimates (no sale)", quote)
    rest = keep & ~out.drop
    if draft.any() and (rest & ~draft).any():
        out.leave_out("status draft (not sent yet)", draft)
    elif draft.any():
        out.notes.append("Every row is a draft (" + "; ".join(f"{c}: {counts_text(t, draft)}" for c, t in shown.items())
                         + "); they are ranked, since there is nothing else.")
    if void.any() and amount is not None:
        _counter_documents(out, columns, raw, keep, amount, doc_column)
    if not out.drop.any():
        return out
    kept = keep & ~out.drop
    left = "; ".join(f"{c}: {counts_text(t, out.drop)}" for c, t in shown.items())
    kept_values = "; ".join(f"{c}: {counts_text(t, kept)}" for c, t in shown.items())
    dropped = int(out.drop.sum())
    out.lines.append(Understood("Status", f"left out {counted(dropped, 'row')} that {agree(dropped, 'is', 'are')} no "
                                          f"sale ({left}); "
                                          f"kept {int(kept.sum()):,} ({kept_values or 'none'})."))
    return out


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/_.]*[A-Za-z0-9]|\d")


def _counter_documents(out: Outcome, columns: Sequence[str], raw: dict[str, list[Any]], keep: np.ndarray,
                       amount: np.ndarray, doc: str | None) -> None:
    """A cancellation written as a negative counter-document that refers to the original (a
    Storno-Rechnung): both counted or both left out. A left-out negative row that refers to a kept
    document takes it out too; a kept negative row that refers to a left-out document goes too; a
    left-out negative row whose original is not found is counted after all (with its original, if
    that is in the file: the two cancel out), and a note names it."""
    negative = keep & (np.nan_to_num(amount) < 0)
    if not negative.any():
        return
    if doc is None:
        unpaired = np.flatnonzero(negative & out.drop)
    else:
        numbers = locate.texts(raw[doc]).to_numpy(dtype=object)
        others = [c for c in columns if c != doc]
        # the document numbers each negative row names (few rows: their cells only are read)
        named = {int(i): {tok for c in others for tok in _TOKEN.findall(locate.text(raw[c][i]))} - {numbers[i]}
                 for i in np.flatnonzero(negative)}
        wanted = set().union(*named.values()) if named else set()
        by_number: dict[str, list[int]] = {}
        for i in np.flatnonzero(keep & np.isin(numbers, list(wanted))) if wanted else ():
            by_number.setdefault(numbers[i], []).append(int(i))

        def refers(i: int) -> list[int]:
            return [j for tok in named[i] for j in by_number.get(tok, ())]
        originals = np.zeros(len(keep), dtype=bool)
        unpaired_list = []
        for i in np.flatnonzero(negative & out.drop):
            found = refers(int(i))
            originals[found] = True
            if not found:
                unpaired_list.append(int(i))
        out.leave_out("documents cancelled by a cancellation document", originals & keep)
        counter = np.zeros(len(keep), dtype=bool)
        for i in np.flatnonzero(negative & ~out.drop):
            if any(out.drop[j] for j in refers(int(i))):
                counter[i] = True
        out.leave_out("cancellation documents of cancelled documents", counter)
        unpaired = np.asarray(unpaired_list, dtype=np.int64)
    if len(unpaired):
        rows = np.zeros(len(keep), dtype=bool)
        rows[unpaired] = True
        out.keep_again(rows)
        one = len(unpaired) == 1
        out.notes.append(f"{counted(len(unpaired), 'cancellation row')} with a negative amount "
                         f"{'refers' if one else 'refer'} to no document found in the file; "
                         f"{'it was' if one else 'they were'} counted, so that "
                         f"{'it cancels its' if one else 'they cancel their'} original if it is in the file "
                         "(never the original without its cancellation). Check those clients' revenue.")

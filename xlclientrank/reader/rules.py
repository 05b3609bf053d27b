"""General reading rules: which rows of any export are sales to a client, applied to every file.

A known export's catalogue entry (:mod:`.profiles`) says what its product documents; these rules
say what holds for every invoice list, order export and payment account, known or not, with their
words in seven languages as data (:mod:`.catalogue.words`, ``headers.PER_UNIT``):

* **Status** (:func:`status`): a document that is cancelled, voided, deleted or failed took no
  money; a draft is not sent yet (kept only when drafts are all there is); a quote, estimate or
  offer is no sale (a file of quotes only is refused, :func:`quote_file`). A cancellation that
  is a negative counter-document referring to the original (a Storno-Rechnung) is counted with
  the original or left out with it, never one without the other.
* **Currency** (:func:`currency`): amounts in several currencies are never added up. When a
  converted or base-currency amount exists, it is used; otherwise the rows in the most common
  currency are ranked and the others are listed; a tie is refused.
* **Money in and out** (:func:`direction`, :func:`money_out`): a payment account's download lists
  money received and money paid. Only money received is a sale; money going out reduces a client
  only when it gives back one of that client's payments (a refund, reversal or chargeback: by its
  type, by a reference to the payment, or, with neither column, by the same party having paid);
  a party that only ever received money is a supplier; the account holder is no client; a file
  with nothing received is refused.

Each function works on the body of one table: ``columns`` (headers), ``raw`` (header -> the
cells of each row) and numpy arrays with one entry per row; each returns an :class:`Outcome`,
which says which rows to leave out, why (``skipped``: what -> positions), and the lines of what
was understood ("Status: ...", "Currency: ...", "Money: ..."). :func:`apply` runs them in turn,
for a known export and for any other file alike.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.reader import locate
from xlclientrank.reader.catalogue import words
from xlclientrank.reader.distinct import per_distinct

_fold = headers.fold


def _ending(table) -> re.Pattern[str]:
    """Matches a folded header that is one of ``table``'s words or ends with one ("Invoice Status")."""
    inner = headers.word_pattern(table).pattern
    return re.compile(rf"^(?:\S+ )*?(?:{inner})$")


def _whole(table) -> re.Pattern[str]:
    """Matches a folded value that starts with one of ``table``'s words ("cancelled by customer")."""
    return headers.word_pattern(table, anchored=True)


_STATUS_H, _TYPE_H = _ending(words.STATUS_HEADERS), _ending(words.DOCUMENT_TYPE_HEADERS)
_VOID, _DRAFT, _QUOTE = _whole(words.NOT_A_SALE), _whole(words.DRAFT), _whole(words.QUOTE)
_QUOTE_H = _ending(words.QUOTE_HEADERS)
_DIRECTION_H = _ending(words.DIRECTION_HEADERS)
_IN, _OUT, _MEMO = (re.compile(rf"^(?:{headers.word_pattern(t).pattern})$")
                    for t in (words.MONEY_IN, words.MONEY_OUT, words.NO_MONEY))
_REFUND = _whole(words.REFUND_TYPES)
_REFERENCE_H = _ending(words.REFERENCE_HEADERS)
_CURRENCY_H = _ending(words.CURRENCY_HEADERS)
_CONVERTED = headers.word_pattern(words.CONVERTED)
_REFUND_HEADER = headers.word_pattern(words.REFUND_HEADERS)
_NOT_MONEY = headers.word_pattern(words.NOT_MONEY)
_PASSED_ON = headers.word_pattern(words.PASSED_ON_HEADERS)
_NOT_A_PRICE = headers.word_pattern(words.NOT_A_PRICE)
_MEANS = headers.word_pattern(words.PAYMENT_MEANS)
_IN_H, _OUT_H = _ending(words.MONEY_IN_HEADERS), _ending(words.MONEY_OUT_HEADERS)
_CODE_AT_END = re.compile(r"(?<![A-Za-z])([A-Za-z]{3})\s*\)?\s*$")
_CODE_IN_HEADER = re.compile(r"\(\s*(?:[A-Z]{3}|[€£¥$₹₪])\s*\)|(?<![A-Za-z])(?:in )?(?:EUR|USD|GBP|CHF)$")
# bare From / To style pairs, which may be places (a transport firm's From and To): trusted only when
# the account holder stands on one side of the rows, and no other column names the client
_BARE_PAIRS = {("from", "to"), ("de", "a"), ("de", "para"), ("van", "naar"), ("da", "a")}
BY_SIGN = "the sign of the amount"  # how a direction read from signed amounts is said
# the column made for a payment account's payer and payee: on each row, the party that is not the owner
PARTY = "Payer or payee"


@dataclass
class Outcome:
    """What a rule decided: ``drop`` (per row: left out), ``skipped`` (what -> positions, for the
    "Left out" line and the notes), ``lines`` (what was understood), ``notes`` (warnings), and
    the sign each kept row's amount counts with (``sign``: +1, or -1 for money given back)."""

    drop: np.ndarray
    skipped: dict[str, np.ndarray] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    use_column: str | None = None   # currency: the converted amount to rank on
    sign: np.ndarray | None = None  # money: -1 where money given back counts against the client
    documents: bool = True          # whether the rows were taken as documents (status words applied)

    @classmethod
    def nothing(cls, n: int) -> "Outcome":
        return cls(np.zeros(n, dtype=bool))

    def merge(self, other: "Outcome") -> None:
        """Adds what ``other`` leaves out, its lines and notes (its sign and column are not taken)."""
        for what, rows in other.skipped.items():
            mask = np.zeros(len(self.drop), dtype=bool)
            mask[rows] = True
            self.leave_out(what, mask)
        self.lines += other.lines
        self.notes += other.notes

    def leave_out(self, what: str, rows: np.ndarray) -> None:
        """Leaves out ``rows`` (a mask) for the reason ``what``, adding to the rows already left out for it."""
        rows = rows & ~self.drop
        if rows.any():
            self.drop |= rows
            before = self.skipped.get(what, np.zeros(0, dtype=np.int64))
            self.skipped[what] = np.union1d(before, np.flatnonzero(rows))

    def keep_again(self, rows: np.ndarray) -> None:
        """Counts ``rows`` (a mask) after all."""
        self.drop &= ~rows
        for what in list(self.skipped):
            left = self.skipped[what][~rows[self.skipped[what]]]
            if len(left):
                self.skipped[what] = left
            else:
                del self.skipped[what]


def find(columns: Sequence[str], pattern: re.Pattern[str], exclude: Sequence[str] = ()) -> list[str]:
    """The headers ``pattern`` matches (folded), in the table's order."""
    return [c for c in columns if c not in exclude and pattern.search(_fold(c))]


def _folded_values(values: Sequence) -> pd.Series:
    return per_distinct(locate.texts(values), lambda u: np.array([_fold(t) for t in u], dtype=object))


def _matching(values: Sequence, pattern: re.Pattern[str]) -> np.ndarray:
    """Per row, whether its folded value starts with a word of ``pattern`` (each distinct value looked at once)."""
    return per_distinct(locate.texts(values).to_numpy(),
                        lambda u: np.array([bool(t) and bool(pattern.match(t)) for t in map(_fold, u)], dtype=bool))


def _counts(texts: pd.Series, rows: np.ndarray) -> str:
    shown = Counter(texts[rows].tolist()).most_common()
    return ", ".join(f"{v or '(blank)'} {n:,}" for v, n in shown[:6]) + (" and more" if len(shown) > 6 else "")


# ---------------------------------------------------------------- quotes and document status

def quote_file(columns: Sequence[str]) -> str | None:
    """The refusal for a file whose rows are quotes: a quote's own number is a header ("Quote Number",
    "Angebotsnummer", "Numéro de devis") and no invoice or order number is; None otherwise (a "Last
    quote date" beside a client's sales says nothing of its rows)."""
    quote = find(columns, _QUOTE_H)
    if not quote or any(headers.role(c, "order_id") and not _QUOTE_H.search(_fold(c)) for c in columns):
        return None
    return (f"lists quotes (offers), not sales: its columns say so ({', '.join(repr(c) for c in quote[:3])}). A "
            "quote is not money earned. Export your invoices (or the payments you received) instead")


_SUPPLIER_H = _ending(words.SUPPLIER_HEADERS)


def supplier_file(columns: Sequence[str], raw: dict[str, list] | None = None) -> str | None:
    """The refusal for a file of purchases: a header names a vendor or supplier (vendor_name,
    Lieferant, fournisseur, Seller) and none names a client, or every column that does holds one
    name on every row (the owner, as buyer of an online shop's order history); None otherwise."""
    supplier = find(columns, _SUPPLIER_H)
    clients = [c for c in columns if headers.is_client_header(c) and not _SUPPLIER_H.search(_fold(c))]
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


def status(columns: Sequence[str], raw: dict[str, list], keep: np.ndarray, amount: np.ndarray | None,
           doc_column: str | None) -> Outcome:
    """Rows whose status or document type says they are no sale (see the module docstring).
    ``keep``: the rows still in play; ``amount``: each row's amount (for counter-documents);
    ``doc_column``: the document (invoice, order) number, for references to it."""
    n = len(keep)
    out = Outcome.nothing(n)
    cols = find(columns, _STATUS_H) + find(columns, _TYPE_H)
    cols = list(dict.fromkeys(cols))
    if not cols:
        return out
    void = np.zeros(n, dtype=bool)
    draft = np.zeros(n, dtype=bool)
    quote = np.zeros(n, dtype=bool)
    shown: dict[str, pd.Series] = {}
    for c in cols:
        v, d, q = (_matching(raw[c], rx) for rx in (_VOID, _DRAFT, _QUOTE))
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
                               + "; ".join(f"{c}: {_counts(t, quote)}" for c, t in shown.items())
                               + "). A quote is not money earned. Export your invoices (or the payments you "
                               "received) instead")
    out.leave_out("status cancelled, voided or failed (no sale)", void)
    out.leave_out("quotes or estimates (no sale)", quote)
    rest = keep & ~out.drop
    if draft.any() and (rest & ~draft).any():
        out.leave_out("status draft (not sent yet)", draft)
    elif draft.any():
        out.notes.append("Every row is a draft (" + "; ".join(f"{c}: {_counts(t, draft)}" for c, t in shown.items())
                         + "); they are ranked, since there is nothing else.")
    if void.any() and amount is not None:
        _counter_documents(out, columns, raw, keep, amount, doc_column)
    if not out.drop.any():
        return out
    kept = keep & ~out.drop
    left = "; ".join(f"{c}: {_counts(t, out.drop)}" for c, t in shown.items())
    kept_values = "; ".join(f"{c}: {_counts(t, kept)}" for c, t in shown.items())
    out.lines.append(f"Status: left out {int(out.drop.sum()):,} row(s) that are no sale ({left}); kept "
                     f"{int(kept.sum()):,} ({kept_values or 'none'}).")
    return out


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/_.]*[A-Za-z0-9]|\d")


def _counter_documents(out: Outcome, columns, raw, keep: np.ndarray, amount: np.ndarray, doc: str | None) -> None:
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
        out.notes.append(f"{len(unpaired):,} cancellation row(s) with a negative amount refer to no document found in "
                         "the file; they were counted, so that they cancel their original if it is in the file "
                         "(never the original without its cancellation). Check those clients' revenue.")


# ---------------------------------------------------------------- refunds

def refund_column(header: str) -> bool:
    """True for a column of amounts given back (Refunded Amount, Erstattet, Remboursé, ...), not a
    count or a rate of refunds (Refund count, Refund rate)."""
    folded = _fold(header)
    return bool(_REFUND_HEADER.search(folded)) and not _NOT_MONEY.search(folded) and not headers.per_unit(header)


def passed_on(header: str) -> bool:
    """True for a column of tax, shipping or duties (collected for the state or the carrier)."""
    return bool(_PASSED_ON.search(_fold(header)))


def price(header: str) -> bool:
    """True for a rate or price of the goods or the hours (``headers.PER_UNIT``), not an exchange,
    tax, discount or fee rate."""
    return headers.per_unit(header) and not _NOT_A_PRICE.search(_fold(header))


def take_off(gross, refund, share=1.0) -> tuple[np.ndarray, np.ndarray]:
    """Each row's amount less its refund (times ``share``: the part of the amount that is the sale,
    when the refund gives back tax and shipping too). A refund larger than its amount means the
    amount is already net of it, or the columns are not what they seem: it is not taken off (never
    a client below zero for it). Returns the amounts and which rows had such a refund."""
    g = np.nan_to_num(np.asarray(gross, dtype=float))
    r = np.nan_to_num(np.asarray(refund, dtype=float))
    larger = (r > np.abs(g) + 0.005) & (r > 0)
    return g - np.where(larger, 0.0, r) * share, larger


# ---------------------------------------------------------------- currencies

def converted(header: str) -> bool:
    """True when a header says its amounts are in one currency: converted into it (Converted Amount,
    Base Grand Total, Betrag in Hauswährung) or named (Revenue (EUR), Umsatz (€))."""
    return bool(_CONVERTED.search(_fold(header)) or _CODE_IN_HEADER.search(str(header)))


def currency_code(value: str) -> str:
    """A currency as exports write it, as its code: "EUR", "eur", "€", "Euro - EUR", "Euro" -> "EUR"."""
    text = " ".join(str(value).split())
    if not text:
        return ""
    low = text.casefold()
    if low in words.CURRENCY_SYMBOLS:
        return words.CURRENCY_SYMBOLS[low]
    m = _CODE_AT_END.search(text)
    if m:
        return m.group(1).upper()
    return words.CURRENCY_NAMES.get(_fold(text), text.upper())


def currency(columns: Sequence[str], raw: dict[str, list], keep: np.ndarray, amounts: Sequence[str],
             in_one: Sequence[str]) -> Outcome:
    """Never adds amounts in different currencies. ``amounts``: the amount columns the table may
    rank on; ``in_one``: those among all columns whose header says they are converted into one
    currency. With several currencies: rank on a converted amount when there is one
    (``use_column``), else on the rows in the most common currency; a tie is refused."""
    n = len(keep)
    out = Outcome.nothing(n)
    cols = [c for c in find(columns, _CURRENCY_H) if not converted(c)]
    into = [c for c in find(columns, _CURRENCY_H) if converted(c)]
    into_codes = sorted({currency_code(v) for v in locate.texts(raw[into[0]])[keep]} - {""}) if into else []
    unit = f", in {into_codes[0]} ({into[0]})" if len(into_codes) == 1 else ""
    if not cols:
        return out
    texts = locate.texts(raw[cols[0]])
    code = per_distinct(texts, lambda u: np.array([currency_code(t) for t in u], dtype=object))
    present = keep & (code != "").to_numpy()
    counts = Counter(code[present].tolist()).most_common()
    listed = ", ".join(f"{c} {k:,}" for c, k in counts)
    if in_one and (len(counts) > 1 or (unit and counts and counts[0][0] != into_codes[0])):
        # the amounts converted into one currency: said whenever that is not the payments' own
        out.use_column = in_one[0]
        where = (f"the amounts are in {len(counts)} currencies ({cols[0]}: {listed} rows)" if len(counts) > 1
                 else f"the payments are in {counts[0][0]} ({cols[0]})")
        out.lines.append(f"Currency: {where}; ranked on {in_one[0]}{unit}, which is in one currency.")
        return out
    if len(counts) < 2:
        return out
    (top, top_n), (_, second_n) = counts[0], counts[1]
    if top_n == second_n:
        raise ClientTableError(f"the amounts are in {len(counts)} currencies ({cols[0]}: {listed} rows) and no column "
                               "converts them into one; amounts in different currencies cannot be added up. Export "
                               "in one currency, or add a column with the amounts converted into yours")
    other = present & (code != top).to_numpy()
    others = ", ".join(c for c, _ in counts[1:])
    out.leave_out(f"amounts in {others}, not {top}", other)
    out.lines.append(f"Currency: {top} ({top_n:,} of {int(present.sum()):,} rows, {cols[0]}); {int(other.sum()):,} "
                     f"row(s) in {others} left out, since amounts in different currencies cannot be added up.")
    return out


# ---------------------------------------------------------------- money in and out

@dataclass
class Direction:
    """Per row: +1 money received, -1 money paid out, 0 no money moved (a memo) or unknown;
    ``how``: what said so; ``party``: with a payer and a payee column, the other party of each
    row (never the account holder, ``holder``), ``pair`` its two headers."""

    flow: np.ndarray
    how: str
    party: pd.Series | None = None
    pair: tuple[str, str] | None = None
    holder: str | None = None


def direction(columns: Sequence[str], raw: dict[str, list], amount: np.ndarray | None,
              kinds: dict[str, str] | None = None) -> Direction | None:
    """Whether each row is money in or out, for a payment account's download: from a column that
    says so (PayPal's Balance Impact: Credit / Debit / Memo; Wise's Credit / Debit type), else from
    the sign of the amount in a file with a payer and a payee column (From / To) or a payment
    processor's Gross / Fee / Net. None for any other file
    (an invoice or order list, whose negative amounts are credit notes and refunds). ``kinds``
    (header -> number/date/text/empty): a From and a To that hold dates (a period) are no parties."""
    n = len(amount) if amount is not None else len(next(iter(raw.values()), []))
    pair = _party_pair(columns)
    if pair is not None and kinds is not None and any(kinds.get(c) in ("date", "number") for c in pair):
        pair = None
    # a column that says so: by its header, or a type column whose Credit and Debit agree with the
    # sign of the amounts (Wise); a card type or payment method's Credit and Debit are cards
    dir_col = next(iter(find(columns, _DIRECTION_H)), None) or next(
        (c for c in find(columns, _TYPE_H) if not _MEANS.search(_fold(c)) and _says_direction(raw[c], amount)), None)
    flow = np.zeros(n, dtype=int)
    how = ""
    if dir_col is not None:
        folded = _folded_values(raw[dir_col])
        is_in = folded.str.match(_IN).to_numpy(dtype=bool)
        is_out = folded.str.match(_OUT).to_numpy(dtype=bool)
        if (is_in | is_out).sum() >= 0.5 * max(1, (folded != "").sum()):
            flow[is_in] = 1
            flow[is_out] = -1
            how = f"its column {dir_col}"
    if not how:
        # a payer and a payee, or a payment processor's Gross / Fee / Net (PayPal's statement): a
        # running balance alone says too little (an invoice report's Balance column runs too)
        if amount is None or (pair is None and not _fee_and_net(columns)):
            return None
        a = np.nan_to_num(amount)
        if not (a < 0).any():
            return None
        flow[a > 0] = 1
        flow[a < 0] = -1
        how = BY_SIGN
    if pair is None:
        return Direction(flow, how)
    payer, payee = (locate.texts(raw[c]) for c in pair)
    holder = _holder(payer, payee, flow)
    if holder is None and bare_pair(pair):
        # a bare From and To with no one on one side of most rows: places or people, not a payment's parties
        return Direction(flow, how) if how != BY_SIGN or _fee_and_net(columns) else None
    party = payer.where(flow >= 0, payee)
    shown = holder
    if holder:
        fold = lambda s: s.str.casefold()  # noqa: E731
        both = pd.concat([payer, payee])
        shown = both[fold(both) == holder].iloc[0]  # as the file writes it
        party = party.where(fold(party) != holder, payee.where(fold(payer) == holder, payer))
        party = party.where(fold(party) != holder, "")
    return Direction(flow, how, party.reset_index(drop=True), pair, shown)


def in_and_out(columns: Sequence[str], kinds: dict[str, str]) -> tuple[str, str] | None:
    """A statement's two amount columns of numbers, money in and money out (Paid in / Paid out,
    Credit / Debit, Zahlungsbetrag eingehend / ausgehend), or None: each is read only beside the other."""
    numbers = [c for c in columns if kinds.get(c) == "number"]
    money_in = next((c for c in numbers if _IN_H.search(_fold(c))), None)
    money_out = next((c for c in numbers if c != money_in and _OUT_H.search(_fold(c))), None)
    return (money_in, money_out) if money_in and money_out else None


def split_direction(money_in: np.ndarray, money_out: np.ndarray, pair: tuple[str, str]) -> Direction:
    """The direction of each row of a statement with a column of money in and one of money out."""
    a, b = np.abs(np.nan_to_num(money_in)), np.abs(np.nan_to_num(money_out))
    flow = np.where(a > 0, 1, np.where(b > 0, -1, 0))
    return Direction(flow, f"its columns {pair[0]} and {pair[1]}")


def mostly_out(amounts: dict[str, np.ndarray]) -> Direction | None:
    """For a file no column says is a payment account's: when most of the non-zero amounts of an
    amount column are negative, the file is a statement of money paid out (a bank or card account's),
    not an invoice list with a few credit notes; the sign then says the direction. None otherwise."""
    for column, values in amounts.items():
        a = np.nan_to_num(np.asarray(values, dtype=float))
        nonzero = int((a != 0).sum())
        if nonzero and (a < 0).sum() * 2 > nonzero:
            return Direction(np.sign(a).astype(int), f"the sign of {column}: most amounts are negative, money "
                                                      "paid out")
    return None


def _fee_and_net(columns: Sequence[str]) -> bool:
    """Whether the headers are a payment processor's: a bare Net beside a fee column (the payout
    after the fee; ``headers.revenue_preference`` ranks such a Net last)."""
    return any(_fold(c) in headers.BARE_NET and headers.revenue_preference(c, columns) == 3 for c in columns)


def _says_direction(values: Sequence, amount: np.ndarray | None) -> bool:
    """Whether a column's values are Credit and Debit (money in and out) and the amounts' signs agree."""
    if amount is None:
        return False
    folded = _folded_values(values)
    is_in, is_out = folded.str.match(_IN).to_numpy(bool), folded.str.match(_OUT).to_numpy(bool)
    filled = (folded != "").to_numpy()
    if not filled.any() or (is_in | is_out).sum() < 0.9 * filled.sum():
        return False
    a = np.nan_to_num(amount)
    agree = (is_in & (a > 0)) | (is_out & (a < 0))
    return bool(agree.sum() >= 0.9 * ((is_in | is_out) & (a != 0)).sum() and (is_out & (a < 0)).any())


def _party_pair(columns: Sequence[str]) -> tuple[str, str] | None:
    by_fold = {_fold(c): c for c in columns}
    for a, b in words.PARTY_PAIRS:
        if a in by_fold and b in by_fold:
            return by_fold[a], by_fold[b]
    return None


def _holder(payer: pd.Series, payee: pd.Series, flow: np.ndarray) -> str | None:
    """The account holder: the party on the receiving side of money in and the paying side of
    money out, on at least half of the rows that name one (casefolded); None when no party stands
    out so."""
    sides = pd.concat([payee.str.casefold()[flow > 0], payer.str.casefold()[flow < 0]])
    sides = sides[sides != ""]
    if len(sides) < 2:
        return None
    top, count = Counter(sides.tolist()).most_common(1)[0]
    return top if count >= 0.5 * len(sides) else None


def bare_pair(pair: tuple[str, str] | None) -> bool:
    """Whether a payer and payee pair is a bare From and To (Van / Naar, De / A ...), which may be places."""
    return pair is not None and tuple(_fold(c) for c in pair) in _BARE_PAIRS


def money_out(d: Direction, keys: np.ndarray, keep: np.ndarray, columns: Sequence[str], raw: dict[str, list],
              names: np.ndarray, txn_column: str | None, amount: np.ndarray | None = None) -> Outcome:
    """Leaves out money the owner paid (see the module docstring); refuses a file with nothing
    received. ``keys``: each row's client key ("" none); ``names``: each row's shown name;
    ``amount``: each row's amount (a party paid more by the owner than it paid is a supplier that
    gave some back, not a client)."""
    n = len(keep)
    out = Outcome.nothing(n)
    out.sign = np.ones(n)
    flow = d.flow
    memo = keep & (flow == 0)
    incoming = keep & (flow > 0)
    outgoing = keep & (flow < 0)
    if not incoming.any():
        raise ClientTableError(f"lists payments you made ({int(outgoing.sum()):,} out, 0 in, read from {d.how}): it "
                               "holds no money received from clients. Export the payments you received instead (in "
                               "your payment account: the activity or transactions download, all transactions or "
                               "money received)")
    type_col = next(iter(find(columns, _TYPE_H)), None)
    ref_col = next(iter(find(columns, _REFERENCE_H)), None)
    refund = np.zeros(n, dtype=bool)
    if type_col is not None:
        refund |= _matching(raw[type_col], _REFUND)
    key_series = pd.Series(np.asarray(keys, dtype=object))
    if ref_col is not None and txn_column is not None:
        # a reference to a payment the same client made
        txn = locate.texts(raw[txn_column])
        owner_of = pd.Series(key_series[incoming].to_numpy(), index=txn[incoming].to_numpy())
        owner_of = owner_of[owner_of.index != ""]
        owner_of = owner_of[~owner_of.index.duplicated()]
        refs = locate.texts(raw[ref_col])
        refund |= ((refs != "") & (refs.map(owner_of).to_numpy() == key_series.to_numpy())).to_numpy(dtype=bool)
    if type_col is None and ref_col is None:
        paid_keys = set(key_series[incoming]) - {""}
        refund |= key_series.isin(paid_keys).to_numpy()
    given_back = outgoing & refund
    paid = outgoing & ~refund
    if amount is not None and given_back.any():
        # a party the owner paid more than it paid the owner: a supplier (a shop that refunded a purchase)
        money = pd.DataFrame({"key": np.asarray(keys, dtype=object), "a": np.abs(np.nan_to_num(amount)),
                              "in": incoming, "back": given_back})
        got = money[money["in"]].groupby("key")["a"].sum()
        back = money[money["back"]].groupby("key")["a"].sum()
        over = set(back.index[back > got.reindex(back.index).fillna(0) + 0.005])
        if over:
            supplier = key_series.isin(over).to_numpy()
            paid |= given_back & supplier
            given_back &= ~supplier
            out.leave_out("money from parties you paid more than they paid you (suppliers' refunds)",
                          incoming & supplier)
            if not (incoming & ~supplier).any():
                raise ClientTableError(f"lists payments you made ({int(outgoing.sum()):,} out, read from {d.how}; "
                                       f"the {int((incoming & supplier).sum()):,} in are refunds from those you "
                                       "paid): it holds no money received from clients. Export the payments you "
                                       "received instead (in your payment account: the activity or transactions "
                                       "download, all transactions or money received)")
    own = keep & (np.asarray(keys, dtype=object) == "") & ~memo
    out.leave_out("memos (no money moved)", memo)
    suppliers = sorted({str(x) for x in np.asarray(names, dtype=object)[paid & ~own]} - {""})
    out.leave_out("money you paid out" + (f" (to {_few(suppliers)})" if suppliers else ""), paid & ~own)
    out.leave_out("transfers of your own (no other party)", own)
    out.sign[given_back] = -1
    received = int((incoming & ~out.drop).sum())
    # what was counted first, then how it was read (a long line is cut at its end on a narrow screen)
    text = f"Money: {received:,} payment(s) received counted"
    if paid.any():
        text += (f"; {int((paid & ~own).sum()):,} payment(s) you made left out"
                 + (f" (to {_few(suppliers)}: suppliers, not clients)" if suppliers else ""))
    if given_back.any():
        text += f"; {int(given_back.sum()):,} refund(s) or reversal(s) taken off their clients"
    text += f". Money in or out read from {d.how}"
    if d.pair is not None:
        text += f"; the client is the other party: {d.pair[0]} on money in, {d.pair[1]} on money out"
        if d.holder:
            text += f"; {d.holder} is you, the account holder"
    out.lines.append(text + ".")
    return out


def _few(names: list[str], k: int = 4) -> str:
    return ", ".join(names[:k]) + (f" and {len(names) - k:,} more" if len(names) > k else "")


# ---------------------------------------------------------------- all of them

def is_documents(keys: Sequence[str], doc: str | None, dated: bool) -> bool:
    """Whether a table's rows are documents (invoices, orders, payments), to which status words
    apply: it has a document number or a date per row, or most of its clients come back on several
    rows. In a list of clients, "Cancelled" says the client left, and what they bought still counts."""
    keys = [k for k in keys if k]
    return doc is not None or dated or (len(keys) > 0 and len(keys) >= 1.5 * len(set(keys)))


def apply(columns: Sequence[str], raw: dict[str, list], keep: np.ndarray, *, amount: np.ndarray | None,
          doc: str | None, keys: np.ndarray, names: np.ndarray, flow: Direction | None,
          amounts: Sequence[str] = (), documents: bool = True) -> Outcome:
    """The rules in turn on the rows still kept (``keep``): status words (only when the rows are
    ``documents``), currencies (``amounts``: the columns the table may rank on), money in and out
    (when ``flow`` says the file is a payment account's). ``amount``: each row's amount; ``doc``:
    the document number column; ``keys``/``names``: each row's client key ("" none) and shown name.
    Returns what they leave out, their lines and notes, the converted amount to rank on
    (``use_column``) and the sign money given back counts with (``sign``)."""
    out = Outcome.nothing(len(keep))
    out.documents = documents
    if documents:
        out.merge(status(columns, raw, keep, amount, doc))
    got = currency(columns, raw, keep & ~out.drop, amounts, [a for a in amounts if converted(a)])
    out.merge(got)
    out.use_column = got.use_column
    if flow is not None and amount is not None:
        got = money_out(flow, keys, keep & ~out.drop, columns, raw, names, doc, amount)
        out.merge(got)
        out.sign = got.sign
    return out

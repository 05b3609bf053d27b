"""Money in and out of a payment account: which rows are money received, which give a client's
payment back, and who the party of each row is."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.headers.words import BARE_NET
from xlclientrank.reader import locate
from xlclientrank.reader.notes import Understood, counted
from xlclientrank.reader.rules import words
from xlclientrank.reader.rules.documents import TYPE_HEADER
from xlclientrank.reader.rules.outcome import (
    Outcome,
    ending_pattern,
    find,
    fold,
    folded_values,
    matching,
    start_pattern,
)

_DIRECTION_H = ending_pattern(words.DIRECTION_HEADERS)
_IN, _OUT, _MEMO = (re.compile(rf"^(?:{headers.word_pattern(t).pattern})$")
                    for t in (words.MONEY_IN, words.MONEY_OUT, words.NO_MONEY))
_REFUND = start_pattern(words.REFUND_TYPES)
_REFERENCE_H = ending_pattern(words.REFERENCE_HEADERS)
_MEANS = headers.word_pattern(words.PAYMENT_MEANS)
_IN_H, _OUT_H = ending_pattern(words.MONEY_IN_HEADERS), ending_pattern(words.MONEY_OUT_HEADERS)
# bare From / To style pairs, which may be places (a transport firm's From and To): trusted only when
# the account holder stands on one side of the rows, and no other column names the client
_BARE_PAIRS = {("from", "to"), ("de", "a"), ("de", "para"), ("van", "naar"), ("da", "a")}
BY_SIGN = "the sign of the amount"  # how a direction read from signed amounts is said
# the column made for a payment account's payer and payee: on each row, the party that is not the owner
PARTY = "Payer or payee"


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


def direction(columns: Sequence[str], raw: dict[str, list[Any]], amount: np.ndarray | None,
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
        (c for c in find(columns, TYPE_HEADER) if not _MEANS.search(fold(c)) and _says_direction(raw[c], amount)), None)
    flow = np.zeros(n, dtype=int)
    how = ""
    if dir_col is not None:
        folded = folded_values(raw[dir_col])
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
        both = pd.concat([payer, payee])
        shown = both[_casefold(both) == holder].iloc[0]  # as the file writes it
        party = party.where(_casefold(party) != holder, payee.where(_casefold(payer) == holder, payer))
        party = party.where(_casefold(party) != holder, "")
    return Direction(flow, how, party.reset_index(drop=True), pair, shown)


def in_and_out(columns: Sequence[str], kinds: dict[str, str]) -> tuple[str, str] | None:
    """A statement's two amount columns of numbers, money in and money out (Paid in / Paid out,
    Credit / Debit, Zahlungsbetrag eingehend / ausgehend), or None: each is read only beside the other."""
    numbers = [c for c in columns if kinds.get(c) == "number"]
    money_in = next((c for c in numbers if _IN_H.search(fold(c))), None)
    money_out = next((c for c in numbers if c != money_in and _OUT_H.search(fold(c))), None)
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
    return any(fold(c) in BARE_NET and headers.revenue_preference(c, columns) == 3 for c in columns)


def _casefold(texts: pd.Series) -> pd.Series:
    return texts.str.casefold()


def _says_direction(values: Sequence[Any], amount: np.ndarray | None) -> bool:
    """Whether a column's values are Credit and Debit (money in and out) and the amounts' signs agree."""
    if amount is None:
        return False
    folded = folded_values(values)
    is_in, is_out = folded.str.match(_IN).to_numpy(bool), folded.str.match(_OUT).to_numpy(bool)
    filled = (folded != "").to_numpy()
    if not filled.any() or (is_in | is_out).sum() < 0.9 * filled.sum():
        return False
    a = np.nan_to_num(amount)
    agree = (is_in & (a > 0)) | (is_out & (a < 0))
    return bool(agree.sum() >= 0.9 * ((is_in | is_out) & (a != 0)).sum() and (is_out & (a < 0)).any())


def _party_pair(columns: Sequence[str]) -> tuple[str, str] | None:
    by_fold = {fold(c): c for c in columns}
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
    return pair is not None and tuple(fold(c) for c in pair) in _BARE_PAIRS


def money_out(d: Direction, keys: np.ndarray, keep: np.ndarray, columns: Sequence[str], raw: dict[str, list[Any]],
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
    type_col = next(iter(find(columns, TYPE_HEADER)), None)
    ref_col = next(iter(find(columns, _REFERENCE_H)), None)
    refund = np.zeros(n, dtype=bool)
    if type_col is not None:
        refund |= matching(raw[type_col], _REFUND)
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
    text = f"{counted(received, 'payment')} received counted"
    if paid.any():
        text += (f"; {counted(int((paid & ~own).sum()), 'payment')} you made left out"
                 + (f" (to {_few(suppliers)}: suppliers, not clients)" if suppliers else ""))
    if given_back.any():
        back = counted(int(given_back.sum()), "refund or reversal", "refunds or reversals")
        text += f"; {back} taken off their clients"
    text += f". Money in or out read from {d.how}"
    if d.pair is not None:
        text += f"; the client is the other party: {d.pair[0]} on money in, {d.pair[1]} on money out"
        if d.holder:
            text += f"; {d.holder} is you, the account holder"
    out.lines.append(Understood("Money", text + "."))
    return out


def _few(names: list[str], k: int = 4) -> str:
    return ", ".join(names[:k]) + (f" and {len(names) - k:,} more" if len(names) > k else "")

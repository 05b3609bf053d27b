"""Which columns say who the client is: the key rows are grouped by, its fallbacks and the names shown.

Among the :class:`~.client_columns.Candidate` columns of a table, :func:`pick` chooses, best first: a
client ID, a column whose header says client or customer, a company, an e-mail address, a plain
name, a first and a last name joined, a billing name, a column of names whose header says nothing.
The column the owner named (``--client-column`` or the settings) wins over that choice. Each step
returns the reasons it gives, for the "what was understood" line. When two columns could both be the
client and disagree, or nothing says who the client is, it refuses with the columns found and the
one-line fix ``--client-column "<header>"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.reader.client_columns import (
    BILLING_NAME,
    CLIENT_HEADER,
    CLIENT_WORD,
    COMPANY,
    FIRST_AND_LAST,
    GENERIC_ID,
    ONE_NAME_PART,
    OWNER_NAMED,
    UNKNOWN,
    Candidate,
    Source,
    examples,
    norm_header,
    same_clients,
)
from xlclientrank.reader.locate import text as cell_text
from xlclientrank.reader.notes import ORDER_LINES_ONLY, Note
from xlclientrank.reader.nothing_to_rank import column_list


@dataclass
class Choice:
    """The key source, the sources its rows fall back to when it is blank, the shown-name sources
    (best first), and the reasons for the choice."""

    key: Source
    fallbacks: list[Source]
    shown: list[Source]
    reasons: list[str]


@dataclass
class Pool:
    """The candidate columns by role: IDs (those whose header names the client first), e-mail
    addresses, names (strongest first), a first and a last name joined, the seller's own accounts."""

    ids: list[Candidate]
    emails: list[Candidate]
    names: list[Candidate]
    pair: Source | None
    own: list[Candidate]

    @classmethod
    def of(cls, cols: dict[str, Candidate]) -> Pool:
        def by_role(role: str) -> list[Candidate]:
            return [c for c in cols.values() if c.role == role]

        names = sorted(by_role("name"), key=lambda c: -c.tier)
        firsts, lasts = by_role("first"), by_role("last")
        pair = Source((firsts[0].name, lasts[0].name), "first last", FIRST_AND_LAST) if firsts and lasts else None
        if pair is None and (firsts or lasts):
            half = (firsts or lasts)[0]
            names.append(Candidate(half.name, half.texts, "text", "name", ONE_NAME_PART))
            names.sort(key=lambda c: -c.tier)
        return cls(sorted(by_role("id"), key=lambda c: not c.explicit), by_role("email"), names, pair,
                   by_role("own"))

    def shown(self) -> list[Source]:
        """What an owner reads as the name, best first: client, company and name columns, then First
        Last, then billing names; never a column with an unknown header unless it is the key."""
        shown = [_name_source(c) for c in self.names if c.tier >= BILLING_NAME]
        if self.pair is not None:
            shown.append(self.pair)
        shown.sort(key=lambda s: -s.tier)
        return shown


def pick(cols: dict[str, Candidate], forced: str | None, names: Sequence[str], raw: dict[str, list[Any]]) -> Choice:
    """Chooses the key, its fallbacks and the shown names among ``cols``; ``forced``: the header the
    owner named, if any. Raises :class:`ClientTableError` when it cannot tell."""
    pool = Pool.of(cols)
    shown = pool.shown()
    refused: ClientTableError | None = None
    try:
        key, reasons = _automatic(pool, cols, names, raw)
    except ClientTableError as exc:
        key, reasons, refused = None, [], exc
    if forced is not None and forced in cols:
        key, shown = _owner_named(cols[forced], key, pool.pair, shown)
        reasons = ["the client column you named"] + reasons
    elif refused is not None:
        if forced is not None and forced in names:
            refused.message = f"'{forced}' (the client column named) holds dates, not clients; " + refused.message
            refused.args = (refused.message,)
        raise refused
    assert key is not None
    reasons += _why_not_the_client(cols)
    fallbacks, shown = _fallbacks_and_shown(key, pool.pair, shown)
    return Choice(key, fallbacks, shown, reasons)


def _name_source(c: Candidate) -> Source:
    return Source((c.name,), "name", c.tier)


def _automatic(pool: Pool, cols: dict[str, Candidate], names: Sequence[str], raw: dict[str, list[Any]]
               ) -> tuple[Source, list[str]]:
    """The key read without the owner naming it, and its reasons: first among the columns filled on
    most rows, then among all."""
    for strict in (True, False):
        found = _best_source(pool, names, strict)
        if found is not None:
            return found
        if not (pool.names or pool.emails):
            break
    _refuse(cols, names, raw, "found a table but no column that says who the client is (a name, a client "
                              "number or an e-mail address)")
    raise AssertionError  # _refuse raises


def _best_source(pool: Pool, names: Sequence[str], strict: bool) -> tuple[Source, list[str]] | None:
    """The best key among the columns filled enough (``strict``; a company column mostly blank still
    leads when First and Last name fill its gaps), or among all; None when there is none."""
    def enough(c: Candidate, share: float = 0.5) -> bool:
        return not strict or c.filled.mean() >= share or (COMPANY <= c.tier < CLIENT_HEADER and pool.pair is not None)

    usable = [c for c in pool.names if enough(c)]
    mails = [c for c in pool.emails if enough(c, 0.3)]
    strong = [c for c in usable if c.tier >= COMPANY]
    middle = [c for c in usable if CLIENT_WORD <= c.tier < COMPANY]
    weak = [c for c in usable if UNKNOWN < c.tier < CLIENT_WORD]
    unknown = [c for c in usable if c.tier == UNKNOWN]
    if pool.own and not ([c for c in pool.ids if c.explicit] or strong or mails or middle or pool.pair is not None
                         or [c for c in weak if c.tier >= BILLING_NAME]):
        _refuse_own_account(pool.own, names)
    if pool.ids:
        return Source((pool.ids[0].name,), "id"), []
    if strong:
        _refuse_if_contradictory([c for c in strong if c.tier == strong[0].tier])
        return _name_source(strong[0]), []
    if mails:
        return Source((mails[0].name,), "email"), []
    if middle:
        _refuse_if_contradictory([c for c in middle if c.tier == middle[0].tier])
        return _name_source(middle[0]), []
    if pool.pair is not None:
        return pool.pair, []
    if weak:
        return _name_source(weak[0]), []
    if len(unknown) == 1:
        return _name_source(unknown[0]), ["the only column of names; if that is wrong: --client-column \"<header>\""]
    if unknown:
        _refuse_if_contradictory(unknown, weak_evidence=True)
        return _name_source(unknown[0]), []
    return None


def _owner_named(f: Candidate, key: Source | None, pair: Source | None, shown: list[Source]
                 ) -> tuple[Source, list[Source]]:
    """The key and the shown names when the owner named column ``f``."""
    if f.role in ("id", "email"):
        return Source((f.name,), f.role), shown
    if key is not None and f.name in key.columns:
        return key, shown  # the client read without naming it: the same again (the settings keep the name column)
    if key is not None and key.role in ("id", "email"):
        src = pair if f.role in ("first", "last") and pair is not None else Source((f.name,), "name", OWNER_NAMED)
        return key, [src] + [s for s in shown if s.columns != src.columns]
    if f.role in ("first", "last") and pair is not None:
        return pair, shown
    return Source((f.name,), "name", OWNER_NAMED), shown


def _why_not_the_client(cols: dict[str, Candidate]) -> list[str]:
    """Why a column that looks like the client is not (an ID different on every row is worth saying
    only where rows repeat a client: order lines)."""
    reasons = []
    for c in cols.values():
        if c.why and c.role in ("rowid", "order") and (c.explicit or GENERIC_ID.search(norm_header(c.name))
                                                       or headers.is_client_header(c.name)
                                                       or "order numbers" in c.why):
            why = f"'{c.name}' {c.why}"
            only_lines = c.why.startswith("is different on every row")
            reasons.append(Note(why, ORDER_LINES_ONLY) if only_lines else why)
    return reasons


def _fallbacks_and_shown(key: Source, pair: Source | None, shown: list[Source]) -> tuple[list[Source], list[Source]]:
    """The sources a blank key falls back to, and the shown names in the order they are tried."""
    fallbacks: list[Source] = []
    if key.role in ("id", "email"):
        fallbacks = [s for s in shown if s.columns != key.columns][:1]
    elif key.role == "name" and COMPANY <= key.tier < CLIENT_HEADER and pair is not None:
        fallbacks = [pair]  # a company when filled, else the person's name
        shown = [key, pair] + [s for s in shown if s.columns not in (key.columns, pair.columns)]
    if key.role == "name" and key.tier == OWNER_NAMED:
        shown = [key] + [s for s in shown if s.columns != key.columns]
    elif key.role == "name":
        shown = [key] + fallbacks
    elif key.role == "first last":
        shown = [key]
    return fallbacks, shown


def _refuse_if_contradictory(candidates: list[Candidate], weak_evidence: bool = False) -> None:
    """Refuses when the first of equally strong candidates and another split the rows into different clients."""
    if len(candidates) < 2:
        return
    a = candidates[0]
    others = [c for c in candidates[1:] if not same_clients(a.texts, c.texts)]
    if others:
        what = ("several columns could hold the client names and none says so in its header" if weak_evidence else
                "two columns could both be the client and they disagree")
        _refuse({c.name: c for c in [a] + others}, [c.name for c in [a] + others], None, what,
                suggest=a.name)


def _refuse(cols: dict[str, Candidate], names: Sequence[str], raw: dict[str, list[Any]] | None, what: str,
            suggest: str | None = None) -> None:
    """Refuses with ``what``, the columns with examples of their values and the --client-column fix."""
    shown = []
    for n in list(names)[:10]:
        if n in cols:
            shown.append(f"'{n}' ({examples(cols[n])})")
        elif raw is not None and n in raw:
            vals = [cell_text(v) for v in raw[n][:50] if v is not None][:3]
            shown.append(f"'{n}' ({', '.join(vals)})")
    more = f" and {len(names) - 10} more" if len(names) > 10 else ""
    header = suggest or "<header>"
    raise ClientTableError(f"{what}: {'; '.join(shown)}{more}; say which column is the client with "
                           f"--client-column \"{header}\"")


def _refuse_own_account(own: list[Candidate], names: Sequence[str]) -> None:
    """A settlement, payout or fee report: its account columns name the seller, and nothing names a customer."""
    shown = ", ".join(f"'{c.name}' ({examples(c, 2)})" for c in own[:2])
    raise ClientTableError(
        "looks like a settlement, payout or fee report of your own account, or a statement of your own card: "
        f"{shown} "
        f"name{'s' if len(own[:2]) == 1 else ''} your own account, not a customer, and no column names a customer "
        f"(columns: {column_list(names)}), so there is no one to rank. Export your sales with their customers "
        "instead: your payment provider's payments or transactions export with its customer columns (name, e-mail "
        "or customer ID), or your invoices or orders; if a column does name the client, say which with "
        "--client-column \"<header>\"")


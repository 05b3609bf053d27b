"""Known export layouts, as data: which system an export comes from and what its columns mean.

Owners rarely type a client list: they export one from the system they sell or invoice with, and
each system has its own idea of who the customer is, which amount is the sale and what a row is.
Each :class:`Profile` below says, for one export of one product:

* how to recognise it: ``signatures``, alternative sets of headers (one per language it exports
  in) that must all be present, compared case-insensitively after tidying white space;
* who the client is: ``client_key`` (what rows are grouped by, e.g. an e-mail or customer ID) and
  ``client_name`` (what the owner sees; ``"First Name+Last Name"`` joins two columns);
* which amount is revenue (``revenue``), what is taken off it (``subtract``: refunds), and whether
  the amount is repeated on every line of an order or invoice (``once_per``: counted once per
  value of that column);
* how orders are counted (``order_id``), the date, and profit, cost and hours where the export has them;
* which rows to leave out (``leave_out``) or keep only (``keep_only``), each with its reason, and
  which count with the opposite sign (``negate``: credit notes written with positive amounts);
* how the export is laid out: values only on a group's first row (``fill_down``) or on an order's
  first line (``fill_order``), an adjusted amount that replaces the amount where it is filled
  (``revenue_override``); amounts in several currencies are never added up (the general rule of
  reader/rules/, for every file);
* ``client_name`` alternatives are taken per row: the first one filled is the name shown;
* ``conversion``: payments in another currency converted by rows of their own (PayPal), counted at
  the rate those rows give;
* ``refuse``: exports that cannot be ranked (no buyer identity), with the reason and what to export instead.

Every entry names alternatives in order of preference: the first header present wins. The code
that applies a profile (:func:`.reading.read`) is small and the same for all; a new
export is a new entry and a test file built from the product's public documentation
(tests/reader/exports/).
"""

from __future__ import annotations

from typing import Any, Sequence

from xlclientrank import headers
from xlclientrank.reader.exports.catalogue import accounting, crm, payments, reports, shops, timetracking
from xlclientrank.reader.exports.catalogue.entry import Profile
from xlclientrank.reader.notes import Understood

# ---------------------------------------------------------------- the catalogue
# one module a kind of system, each a tuple PROFILES of entries (reader/exports/catalogue/)


def _catalogue() -> tuple[Profile, ...]:
    return (shops.PROFILES + payments.PROFILES + accounting.PROFILES + timetracking.PROFILES + crm.PROFILES
            + reports.PROFILES)


# ---------------------------------------------------------------- recognising an export

def _norm(header: Any) -> str:
    return headers.normalise(header)


# factor kinds an owner's own list may carry beside a signature's headers; a profile that would
# not use such a column is not the export (it would throw the owner's factor away)
# (dates and averages are left out of this: exports carry many of them, derived from their own rows)
OWNER_FACTORS = ("profit", "orders", "hours", "complaints", "referrals", "fit")


def _used(p: Profile) -> set[str]:
    """Every header a profile reads (normalised; a joined "First+Last" counts as both)."""
    alts = [p.client_key, p.client_name, p.revenue, p.once_per, p.order_id, p.date, p.profit, p.cost, p.hours,
            p.fill_down, p.fill_order, p.revenue_override, p.orders, *p.subtract]
    for rule in p.leave_out + p.keep_only + p.negate:
        alts.append(rule.column)
        alts.extend(a for a, _ in rule.unless)
    return {_norm(part) for group in alts for alt in group for part in alt.split("+")} | \
        {_norm(h) for sig in p.signatures for h in sig} | {_norm(h) for h in p.documented}


def match(columns: Sequence[str], kinds: dict[str, str] | None = None) -> Profile | None:
    """The profile whose signature the headers hold; the most specific (most headers) wins. A
    profile is not taken when the table has a column of numbers that names a factor the profile
    would not read and its product does not document (Orders, Hours, Complaints ... of a hand-kept
    list whose other headers happen to match an export's: :func:`stepped_aside` says which).
    ``kinds``: header -> number/date/text/empty (all count when None)."""
    found = _signature(columns)
    return found if found is not None and _owner_factor(found, columns, kinds) is None else None


def stepped_aside(columns: Sequence[str], kinds: dict[str, str] | None = None) -> str | None:
    """When a known export's headers are there but the profile stepped aside (:func:`match`), the
    "what was understood" line that says which and why; None otherwise."""
    found = _signature(columns)
    column = _owner_factor(found, columns, kinds) if found is not None else None
    if found is None or column is None:
        return None
    factor = headers.recognise(column)
    assert factor is not None  # _owner_factor returns only a column that names a factor
    return Understood("Export", f"not read as {found.product}'s {found.export}, though its headers are there: the "
                                f"column '{column}' is not one that export has (a factor of your own, "
                                f"{factor.label}), so the file was read as a list of your own.")


def _signature(columns: Sequence[str]) -> Profile | None:
    have = {_norm(c) for c in columns}
    best: tuple[int, Profile] | None = None
    for p in PROFILES:
        for sig in p.signatures:
            if all(_norm(h) in have for h in sig) and (best is None or len(sig) > best[0]):
                best = (len(sig), p)
    return best[1] if best is not None else None


def _owner_factor(p: Profile, columns: Sequence[str], kinds: dict[str, str] | None) -> str | None:
    """The first column of numbers that names a factor ``p`` neither reads nor documents."""
    used = _used(p)
    for c in columns:
        kind = headers.recognise(c)
        numeric = kinds is None or kinds.get(c) == "number"
        if numeric and kind is not None and kind.key in OWNER_FACTORS and _norm(c) not in used:
            return c
    return None


PROFILES: tuple[Profile, ...] = _catalogue()


def describe(p: Profile) -> str:
    """What xlclientrank takes from an export, in a sentence (the README's table)."""
    if p.refuse:
        return f"Refused: {p.refuse}"
    who = (p.client_key or p.client_name)[0].replace("+", " + ")
    shown = p.client_name[0].replace("+", " + ") if p.client_name else who
    text = f"Clients by {who}" + (f" (shown as {shown})" if shown != who else "")
    revenue = p.revenue[0] + "".join(f" minus {alts[0]}" for alts in p.subtract)
    if p.revenue_override:
        revenue = f"{p.revenue_override[0]} where filled, else {revenue}"
    if p.once_per:
        revenue += f", once per {p.once_per[0]}"
    text += f"; revenue: {revenue}"
    if p.negate:
        text += "; " + ", ".join(r.reason for r in p.negate) + " taken off"
    out = [r.reason for r in p.leave_out if not r.unless_all] + \
        [f"{r.reason} (unless that is all there is)" for r in p.leave_out if r.unless_all]
    if p.keep_only:
        out.append("all but " + ", ".join(r.reason for r in p.keep_only))
    if out:
        text += "; leaves out: " + ", ".join(dict.fromkeys(out))
    extra = [name for name, alts in (("hours", p.hours), ("gross profit", p.profit or p.cost)) if alts]
    if extra:
        text += "; also " + " and ".join(extra)
    return text + "."


def catalogue_markdown() -> str:
    """The README's table of known exports (tests/reader/exports/test_profiles.py keeps the README equal to it)."""
    rows = ["| From | Export, and how to make it | What is taken |", "|---|---|---|"]
    for p in sorted(PROFILES, key=lambda p: (p.refuse is not None, p.product.casefold(), p.export)):
        rows.append(f"| {p.product} | {p.export}: {p.how} | {describe(p)} |")
    return "\n".join(rows) + "\n"


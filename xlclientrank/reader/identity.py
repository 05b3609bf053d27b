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

When two columns could both be the client and disagree, or nothing says who the client is, the
reader refuses with the columns found and the one-line fix ``--client-column "<header>"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from xlclientrank import headers
from xlclientrank.errors import ClientTableError
from xlclientrank.reader import grouped, locate
from xlclientrank.reader.distinct import per_distinct
from xlclientrank.reader.totals import is_totals_row

KEY = "\x00client key"  # frame column with each row's client key (never a header: a NUL cannot be typed)

# ---------------------------------------------------------------- what headers say (normalised: lower case,
# '_' and '.' as spaces, sort arrows removed)
# ("contact number" is a phone number, not the client's: contact is not among these)
ID_HEADER = re.compile(r"\b(client|customer|account|cust|acct|debtor|buyer|member|patient)\s*(id|no|number|#|"
                       r"code|ref|nr|num)\b|^(client|customer|kunden|klant|debitor)(nummer|nr|id)$|^(debtor|account) no$")
GENERIC_ID = re.compile(r"^(id|#|no|nr|ref|reference|key|uuid|guid|record id|row id)$")
ROW_ID = re.compile(r"\b(invoice|order|receipt|transaction|sale|job|ticket|document|doc|payment|charge|txn|"
                    r"booking|line|item)\s*(no|number|#|id|ref|nr|num)\b|^(invoice|receipt|transaction)s?$|"
                    r"^(num|number|invoice|order)$")
EMAIL_HEADER = re.compile(r"e ?-?mail")
FIRST = re.compile(r"\b(first|given|fore) ?name\b|^(vorname|prenom|prénom|nombre)$")
LAST = re.compile(r"\b(last|family|sur) ?name\b|^(surname|nachname|apellidos?)$")
# name headers by strength: a header that says client or customer beats a company, a bare "Name",
# a billing name and a ledger "Account"
TIERS = (
    (50, re.compile(r"^(client|customer|klant|kunde|cliente|buyer|debtor|client name|customer name|klantnaam|"
                    r"kundenname|nom du client|nombre del cliente|customer full name|client full name|"
                    r"customer display name|client display name)s?$")),
    (40, re.compile(r"^(company|company name|business|business name|organi[sz]ation|organi[sz]ation name|firm|"
                    r"trading name|customer company|client company|firma|société|societe|empresa|bedrijf|"
                    r"bedrijfsnaam)$")),
    (30, re.compile(r"^(full )?name$|^display name$")),
    (28, re.compile(r"^party( name)?$")),
    (20, re.compile(r"\b(billing|bill to|sold to|invoice to|shipping|ship to|contact|recipient|payer|purchaser|"
                    r"payee)\b.*\bname\b|^(bill|sold|invoice|ship) to$|^contact( person)?$|"
                    r"^customer description$|^(payer|recipient|counterparty|from|to|payer or payee)$")),
    (10, re.compile(r"^account( name)?$")),
)
NOT_NAME = re.compile(r"\b(currency|type|status|group|category|segment|class|since|notes?|memo|comments?|"
                      r"description|address|street|city|state|province|region|country|zip|postal|post code|"
                      r"phone|mobile|fax|website|url|vat|tax|terms|po|balance|tags?|source|channel|rep|owner|"
                      r"stage|level|rating|tier|method|product|item|sku|service|project|task|vendor|supplier|"
                      r"employee|user|created|modified|template|unit|discount|fulfil+ment|gateway|card|"
                      r"distributor|location|branch|warehouse|salesperson|agent)\b")

EMAIL_VALUE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[a-z]{2,}$", re.IGNORECASE)
ORDER_NO_VALUE = re.compile(r"^#\s?\d+$")
DIGITS = re.compile(r"^\d+$")
MAX_EXACT = 2 ** 53  # a spreadsheet number holds about 15 digits; a longer ID is no longer itself
ORDER_LINES_ONLY = "\x00order lines:"  # a reason said only when the rows are order lines
FOOTER, FIELD_PATH = grouped.FOOTER, grouped.FIELD_PATH
# a program's own code for a value ("sub_total", "invoices.sub_total"): never a client's name
CODE_VALUE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$|" + FIELD_PATH.pattern)


def _norm(header: str) -> str:
    h = headers.normalise(header)
    h = re.sub(r"[↑↓▲▼]", " ", h)
    return " ".join(re.sub(r"[_.:]+", " ", h).split())


@dataclass
class Source:
    """Where a row's key or name comes from: one column, or a first and a last name joined."""

    columns: tuple[str, ...]
    role: str   # "id", "email", "name", "first last", "report"
    tier: int = 0

    @property
    def label(self) -> str:
        return " + ".join(self.columns)


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
        reasons = [r.removeprefix(ORDER_LINES_ONLY) for r in self.reasons
                   if lines or not r.startswith(ORDER_LINES_ONLY)]
        if shown and rows_are == "order lines":
            reasons.append(f"each shown by the name written most often for its {self.key.label}")
        return [f"Clients: {what} ({'; '.join([counts] + reasons)})"]


@dataclass
class _Col:
    name: str
    texts: pd.Series          # tidied text per row ("" = blank)
    kind: str
    role: str = "other"       # id, email, name, first, last, order, rowid, other
    tier: int = 0
    explicit: bool = False    # an ID header that names the client (Customer ID), not a bare "ID"
    why: str = ""             # why it is not the client, for the reasons and the refusal
    too_long: bool = False

    @property
    def filled(self) -> pd.Series:
        if getattr(self, "_filled", None) is None or len(self._filled) != len(self.texts):
            self._filled = self.texts != ""
        return self._filled

    def distinct(self) -> int:
        """How many different values the column holds, ignoring case (each distinct text looked at once)."""
        if getattr(self, "_distinct", None) is None:
            uniques = pd.unique(self.texts[self.filled].to_numpy(dtype=object))
            self._distinct = len({u.casefold() for u in uniques})
        return self._distinct


def choose(names: Sequence[str], raw: dict[str, list], kinds: dict[str, str], has_values: np.ndarray,
           grid: Sequence[Sequence[Any]] = (), region: locate.Region | None = None,
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
        empty = [c for c in names if next((t for t, p in TIERS if p.search(_norm(c))), 0) >= 50
                 and not (_texts(raw[c]) != "").any()]
        why = nothing_to_rank(names, raw, has_numbers=bool(has_values.any())) if empty else None
        if why:
            raise ClientTableError(why)
    report = _report_column(grid, region, names, raw, has_values)
    if report is not None and (forced is None or forced not in names):
        return report
    cols = {c: _profile(c, raw[c], kinds[c]) for c in names if kinds[c] != "date"}
    cols = {c: p for c, p in cols.items() if p is not None}
    if forced in names and forced not in cols and kinds[forced] in ("number", "text"):
        col = _Col(forced, _texts(raw[forced]), kinds[forced], "id", explicit=True)
        if col.filled.any():
            cols[forced] = col  # the owner named a column of numbers: they are the client's numbers
    _validate_ids(cols, n)
    key, fallbacks, shown, reasons = _pick(cols, forced, names, raw)
    ident = _assign(key, fallbacks, shown, cols, n, has_values, raw, names)
    ident.reasons[:0] = reasons
    return ident


# ---------------------------------------------------------------- columns


_texts = locate.texts


def _profile(name: str, values: list, kind: str) -> _Col | None:
    h = _norm(name)
    numeric = kind == "number"
    tier = next((t for t, p in TIERS if p.search(h)), None)
    if headers.names_own_account(name):  # Merchant Account, Company Account, Payout ID: the seller's own
        col = _Col(name, _texts(values), kind, "own", why="names your own account, not a customer")
        # ... when it holds one value, or a few on many rows (a seller has one or a few accounts); many
        # values are the stores or merchants of the owner's clients (a roaster's list of cafés' Store IDs)
        if col.filled.any() and (col.distinct() == 1 or col.distinct() * 10 <= int(col.filled.sum())):
            return col
        if not col.filled.any():
            return None
    if numeric and not (ID_HEADER.search(h) or GENERIC_ID.search(h) or (tier or 0) >= 40):
        return None  # amounts, quantities
    col = _Col(name, _texts(values), kind)
    if numeric:
        v = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        col.too_long = bool((v.abs() >= MAX_EXACT).any())
    filled = col.texts[col.filled]
    if filled.empty:
        return None
    sample = filled.iloc[:2000]
    email = sample.str.match(EMAIL_VALUE).mean()
    order_no = sample.str.match(ORDER_NO_VALUE).mean()
    digits = sample.str.match(DIGITS).mean()
    unique = sample.str.casefold().nunique() >= 0.5 * len(sample)
    if EMAIL_HEADER.search(h) or email >= 0.8:
        col.role = "email"
    elif ID_HEADER.search(h) or (numeric and (tier or 0) >= 40):
        col.role, col.explicit = "id", True
    elif GENERIC_ID.search(h):
        col.role = "id"
    elif order_no >= 0.8 or (tier in (20, 30) and digits >= 0.9 and unique):
        col.role, col.why = "order", f"holds order numbers ({', '.join(list(dict.fromkeys(filled.iloc[:50]))[:2])}), not client names"
    elif ROW_ID.search(h):
        col.role, col.why = "order", "is an order, invoice or payment number, not the client"
    elif FIRST.search(h):
        col.role = "first"
    elif LAST.search(h):
        col.role = "last"
    elif tier is not None:
        col.role, col.tier = "name", tier
    elif NOT_NAME.search(h):
        col.role = "other"
    elif headers.is_client_header(name):
        col.role, col.tier = "name", 10 if h.startswith("account") else 25
    else:
        col.role, col.tier = "name", 0
    if col.role == "name" and col.tier < 40 and digits >= 0.9 and not numeric:
        col.role, col.why = "other", "holds numbers, not names"
    if col.role == "name" and col.tier == 0 and re.fullmatch(r"(code|codes|slug|key name|code name)", h):
        col.role, col.why = "other", "holds codes, not client names"
    # (a header that says client or customer is believed: usernames such as ada_l are names there)
    if col.role in ("name", "first", "last") and col.tier < 50 and looks_like_codes(sample):
        col.role, col.why = "other", f"holds field names or codes ({_examples(col, 2)}), not client names"
    return col


def looks_like_codes(texts: pd.Series) -> bool:
    """Whether most filled texts are a program's codes or field paths (``sub_total``, ``invoices.total``)."""
    filled = texts[texts != ""]
    return len(filled) > 0 and filled.iloc[:2000].str.match(CODE_VALUE).mean() >= 0.8


def _validate_ids(cols: dict[str, _Col], n: int) -> None:
    """An ID column is a client key only when it is mostly filled, exact, repeats when it is a bare
    "ID", and does not lump together rows with many different names."""
    names = [c for c in cols.values() if c.role == "name" and c.tier >= 20]
    for c in cols.values():
        if c.role != "id":
            continue
        filled, distinct = int(c.filled.sum()), c.distinct()
        if filled < 0.5 * n:
            c.role, c.why = "rowid", "is mostly blank"
        elif c.too_long:
            c.role, c.why = "rowid", ("has more digits than a spreadsheet number keeps (15), so different IDs "
                                      "can no longer be told apart")
        elif not c.explicit and distinct == filled and filled > 1:
            c.role, c.why = "rowid", "is different on every row (a row's or payment's own ID), not the client"
        elif names and max(x.distinct() for x in names) >= max(2 * distinct, distinct + 1):
            c.role, c.why = "rowid", (f"has {distinct:,} value(s) for {max(x.distinct() for x in names):,} "
                                      "different names, so it does not tell clients apart")


def _partition_equal(a: pd.Series, b: pd.Series) -> bool:
    """Whether two columns split the rows (where both are filled) into the same clients."""
    present = (a != "") & (b != "")
    x, y = a[present].str.casefold(), b[present].str.casefold()
    both = pd.DataFrame({"a": x, "b": y})
    pairs = both.drop_duplicates()
    return len(pairs) == x.nunique() == y.nunique()


def _pick(cols: dict[str, _Col], forced: str | None, names: Sequence[str], raw) -> tuple[
        Source, list[Source], list[Source], list[str]]:
    """The key source, its fallbacks, the shown-name sources, and the reasons."""
    reasons: list[str] = []
    by_role = lambda role: [c for c in cols.values() if c.role == role]  # noqa: E731
    ids = sorted(by_role("id"), key=lambda c: not c.explicit)
    emails = by_role("email")
    name_cols = sorted(by_role("name"), key=lambda c: -c.tier)
    firsts, lasts = by_role("first"), by_role("last")
    pair = Source((firsts[0].name, lasts[0].name), "first last", 35) if firsts and lasts else None
    if pair is None and (firsts or lasts):
        name_cols.append(_Col((firsts or lasts)[0].name, (firsts or lasts)[0].texts, "text", "name", 15))
        name_cols.sort(key=lambda c: -c.tier)

    # what an owner reads as the name, best first: client/company/name columns, then First Last,
    # then billing names; never a column with an unknown header unless it is the key
    shown = [Source((c.name,), "name", c.tier) for c in name_cols if c.tier >= 20]
    if pair is not None:
        shown.append(pair)
    shown.sort(key=lambda s: -s.tier)

    def name_source(c: _Col) -> Source:
        return Source((c.name,), "name", c.tier)

    def auto(strict: bool = True) -> Source:
        # first among the columns filled on most rows (a company column mostly blank still leads when
        # First and Last name fill its gaps); then among all
        def enough(c: _Col, share: float = 0.5) -> bool:
            return not strict or c.filled.mean() >= share or (40 <= c.tier < 50 and pair is not None)
        usable = [c for c in name_cols if enough(c)]
        mails = [c for c in emails if enough(c, 0.3)]
        strong = [c for c in usable if c.tier >= 40]
        middle = [c for c in usable if 25 <= c.tier < 40]
        weak = [c for c in usable if 0 < c.tier < 25]
        unknown = [c for c in usable if c.tier == 0]
        own = by_role("own")
        if own and not ([c for c in ids if c.explicit] or strong or mails or middle or pair is not None
                        or [c for c in weak if c.tier >= 20]):
            _refuse_own_account(own, names)
        if ids:
            return Source((ids[0].name,), "id")
        if strong:
            _refuse_if_contradictory([c for c in strong if c.tier == strong[0].tier])
            return name_source(strong[0])
        if mails:
            return Source((mails[0].name,), "email")
        if middle:
            _refuse_if_contradictory([c for c in middle if c.tier == middle[0].tier])
            return name_source(middle[0])
        if pair is not None:
            return pair
        if weak:
            return name_source(weak[0])
        if len(unknown) == 1:
            reasons.append("the only column of names; if that is wrong: --client-column \"<header>\"")
            return name_source(unknown[0])
        if unknown:
            _refuse_if_contradictory(unknown, weak_evidence=True)
            return name_source(unknown[0])
        if strict and (name_cols or emails):
            return auto(False)
        _refuse(cols, names, raw, "found a table but no column that says who the client is (a name, a client "
                                  "number or an e-mail address)")
        raise AssertionError  # _refuse raises

    refused: ClientTableError | None = None
    try:
        key: Source | None = auto()
    except ClientTableError as exc:
        key, refused = None, exc
    if forced is not None and forced in cols:
        f = cols[forced]
        reasons.insert(0, "the client column you named")
        if f.role in ("id", "email"):
            key = Source((forced,), f.role)
        elif key is not None and forced in key.columns:
            pass  # the client read without naming it: the same again (the settings keep the name column)
        elif key is not None and key.role in ("id", "email"):
            src = pair if f.role in ("first", "last") and pair is not None else Source((forced,), "name", 99)
            shown = [src] + [s for s in shown if s.columns != src.columns]
        elif f.role in ("first", "last") and pair is not None:
            key = pair
        else:
            key = Source((forced,), "name", 99)
    elif refused is not None:
        if forced is not None and forced in names:
            refused.message = f"'{forced}' (the client column named) holds dates, not clients; " + refused.message
            refused.args = (refused.message,)
        raise refused
    assert key is not None
    for c in cols.values():  # say why a column that looks like the client is not
        if c.why and c.role in ("rowid", "order") and (c.explicit or GENERIC_ID.search(_norm(c.name))
                                                       or headers.is_client_header(c.name)
                                                       or "order numbers" in c.why):
            # an ID different on every row is worth saying only where rows repeat a client (order lines)
            mark = ORDER_LINES_ONLY if c.why.startswith("is different on every row") else ""
            reasons.append(f"{mark}'{c.name}' {c.why}")
    fallbacks: list[Source] = []
    if key.role in ("id", "email"):
        fallbacks = [s for s in shown if s.columns != key.columns][:1]
    elif key.role == "name" and 40 <= key.tier < 50 and pair is not None:
        fallbacks = [pair]  # a company when filled, else the person's name
        shown = [key, pair] + [s for s in shown if s.columns not in (key.columns, pair.columns)]
    if key.role == "name" and key.tier == 99:
        shown = [key] + [s for s in shown if s.columns != key.columns]
    elif key.role == "name":
        shown = [key] + fallbacks
    elif key.role == "first last":
        shown = [key]
    return key, fallbacks, shown, reasons


def _refuse_if_contradictory(candidates: list[_Col], weak_evidence: bool = False) -> None:
    if len(candidates) < 2:
        return
    a = candidates[0]
    others = [c for c in candidates[1:] if not _partition_equal(a.texts, c.texts)]
    if others:
        what = ("several columns could hold the client names and none says so in its header" if weak_evidence else
                "two columns could both be the client and they disagree")
        _refuse({c.name: c for c in [a] + others}, [c.name for c in [a] + others], None, what,
                suggest=a.name)


def _examples(c: _Col, k: int = 3) -> str:
    vals = list(dict.fromkeys(v for v in c.texts[c.filled].iloc[:200]))[:k]
    return ", ".join(v[:30] for v in vals)


def _refuse(cols: dict[str, _Col], names: Sequence[str], raw, what: str, suggest: str | None = None) -> None:
    shown = []
    for n in list(names)[:10]:
        if n in cols:
            shown.append(f"'{n}' ({_examples(cols[n])})")
        elif raw is not None and n in raw:
            vals = [locate.text(v) for v in raw[n][:50] if v is not None][:3]
            shown.append(f"'{n}' ({', '.join(vals)})")
    more = f" and {len(names) - 10} more" if len(names) > 10 else ""
    header = suggest or "<header>"
    raise ClientTableError(f"{what}: {'; '.join(shown)}{more}; say which column is the client with "
                           f"--client-column \"{header}\"")


def _refuse_own_account(own: list[_Col], names: Sequence[str]) -> None:
    """A settlement, payout or fee report: its account columns name the seller, and nothing names a customer."""
    shown = ", ".join(f"'{c.name}' ({_examples(c, 2)})" for c in own[:2])
    raise ClientTableError(
        "looks like a settlement, payout or fee report of your own account, or a statement of your own card: "
        f"{shown} "
        f"name{'s' if len(own[:2]) == 1 else ''} your own account, not a customer, and no column names a customer "
        f"(columns: {_column_list(names)}), so there is no one to rank. Export your sales with their customers "
        "instead: your payment provider's payments or transactions export with its customer columns (name, e-mail "
        "or customer ID), or your invoices or orders; if a column does name the client, say which with "
        "--client-column \"<header>\"")


def _column_list(names: Sequence[str], limit: int = 12) -> str:
    names = list(names)
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


# what kinds of columns a table without anything to rank holds, by header (for the refusal that says so)
_DESCRIBED = (
    ("names", lambda h, n: headers.is_client_header(n) or bool(FIRST.search(h) or LAST.search(h))
     or any(p.search(h) for _, p in TIERS)),
    ("e-mail addresses", lambda h, n: bool(EMAIL_HEADER.search(h))),
    ("phone numbers", lambda h, n: bool(re.search(r"\b(phone|mobile|fax|tel|telefon|telephone|telefono)\b", h))),
    ("addresses", lambda h, n: bool(re.search(r"\b(address\d*|street|city|state|province|country|zip|postal|"
                                             r"post ?code|postcode|region|adresse|strasse|ort|plz|ville|pays|"
                                             r"direccion|ciudad|pais)\b", h))),
    ("notes", lambda h, n: bool(re.search(r"\b(notes?|memo|comments?|description|tags?)\b", h))),
    ("IDs", lambda h, n: bool(GENERIC_ID.search(h) or ID_HEADER.search(h) or re.search(r"\bid$", h))),
    ("dates", lambda h, n: bool(re.search(r"\b(date|created|updated|archived|time|at)\b", h))),
)
_TIME_ENTRY = re.compile(r"\b(duration|start time|end time|start|end|hours|project|task|billable|time entry)\b")


def describe_columns(names: Sequence[str]) -> str:
    """What a table's columns hold, by their headers: ``"names, addresses and e-mail addresses"``."""
    found: list[str] = []
    for n in names:
        h = _norm(n)
        what = next((label for label, test in _DESCRIBED if test(h, n)), None)
        if what is not None and what not in found:
            found.append(what)
    order = [label for label, _ in _DESCRIBED]
    found = sorted(found, key=order.index) or ["text"]
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def is_time_report(names: Sequence[str]) -> bool:
    """Whether the headers are those of a time tracker's entries (Duration, Start time, Project, Task ...)."""
    return sum(bool(_TIME_ENTRY.search(_norm(n))) for n in names) >= 3


def list_without_amounts(names: Sequence[str], clients: int) -> str:
    """The refusal for a list of clients with nothing to rank them on: what it holds and what to export."""
    return (f"this is a list of {clients:,} client{'s' if clients != 1 else ''} with {describe_columns(names)} but "
            f"no sales, orders or hours (columns: {_column_list(names)}): there is nothing to rank them on. Export "
            "your invoices, orders or payments instead (or add a column such as Revenue)")


def nothing_to_rank(names: Sequence[str], raw: dict[str, list], has_numbers: bool) -> str | None:
    """Why a table with a header row has nothing to rank, said so that the owner knows what was found
    and what to export instead; None when that cannot be told. ``raw``: header -> the body's values;
    ``has_numbers``: whether any column holds an amount."""
    texts = {n: _texts(raw[n]) for n in names}
    rows = max((int((t != "").sum()) for t in texts.values()), default=0)
    if rows == 0:
        return None
    time_report = is_time_report(names)
    unit = "time entries" if time_report else "rows"
    client = [n for n in names if next((t for t, p in TIERS if p.search(_norm(n))), 0) >= 40
              or (headers.is_client_header(n) and not NOT_NAME.search(_norm(n)))]
    empty = [n for n in client if not (texts[n] != "").any()]
    if client and len(empty) == len(client):
        fix = ("Give each project a client in your time tracker and export again" if time_report else
               "Fill in the client on each row, or export again with the customer included")
        amount = "" if has_numbers else ", no amount"
        return (f"the {empty[0]} column is empty on every row ({rows:,} {unit}{amount}): the {unit} name no "
                f"client. {fix}")
    filled = [n for n in client if (texts[n] != "").any()]
    if filled and not has_numbers:
        clients = int(texts[filled[0]][texts[filled[0]] != ""].str.casefold().nunique())
        hours = [n for n in names if (k := headers.recognise(n)) is not None and k.key == "hours"]
        if time_report and hours:
            return (f"this is a time report of {clients:,} client{'s' if clients != 1 else ''} with their time "
                    f"({hours[0]}) but no amounts ({rows:,} {unit}): time alone says what a client costs you, not "
                    "what they bring. Export the report with billable amounts (set billable rates in your time "
                    "tracker), or rank your invoices")
        return list_without_amounts(names, clients)
    return None


# ---------------------------------------------------------------- rows


def _values(src: Source, cols: dict[str, _Col], raw, names) -> pd.Series:
    if src.role == "first last":
        a = cols[src.columns[0]].texts
        b = cols[src.columns[1]].texts
        return (a + " " + b).str.strip()
    c = cols.get(src.columns[0])
    return c.texts if c is not None else _texts(raw[src.columns[0]])


def id_label(header: str) -> str:
    """The word a customer number is shown with: "Customer ID" -> "Customer", "Acct no" -> "Account"."""
    words = [w for w in _norm(header).split() if w not in ("id", "no", "number", "#", "code", "ref", "nr", "num")]
    word = " ".join(words) or "client"
    word = {"cust": "customer", "acct": "account", "kunden": "kunde"}.get(word, word)
    return word[:1].upper() + word[1:]


def _assign(key: Source, fallbacks: list[Source], shown: list[Source], cols: dict[str, _Col], n: int,
            has_values: np.ndarray, raw, names) -> Identity:
    notes: list[str] = []
    reasons: list[str] = []
    key_text = _values(key, cols, raw, names)
    filled_down = _fill_down(key, key_text, has_values)
    if filled_down is not None:
        key_text, count = filled_down
        notes.append(f"Column '{key.label}': the client stands only on the first row of each group; it was filled "
                     f"down to the {count:,} row(s) below it.")
        reasons.append("names filled down their groups")
    norm = per_distinct(key_text, lambda t: t.str.casefold()) if key.role != "id" else key_text
    keys = norm.where(key_text != "", "")
    used = pd.Series("", index=keys.index)
    for i, fb in enumerate(fallbacks, 1):
        fb_text = _values(fb, cols, raw, names)
        take = (keys == "") & (fb_text != "")
        if take.any():
            keys = keys.where(~take, per_distinct(fb_text, lambda t, i=i: f"\x00{i}:" + t.str.casefold()))
            used = used.where(~take, fb.label)
            what = {"email": "without e-mail", "id": "without an ID"}.get(key.role, f"without {key.label}")
            reasons.append(f"{int(take.sum()):,} {what} grouped by {fb.label}")
            notes.append(f"{int(take.sum()):,} row(s) {what} were grouped by {fb.label}.")
    # the shown name: the first filled shown source, else the key as written
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
    if key.role == "id":
        digits = per_distinct(key_text, lambda t: t.str.match(DIGITS))
        label = id_label(key.columns[0])
        as_id = per_distinct(key_text, lambda t: t.where(~t.str.match(DIGITS), label + " " + t))
        if not any(s.columns != key.columns for s in shown):
            reasons.append(f"shown as '{label} <number>', as there is no name column" if digits.any()
                           else "shown as the ID, as there is no name column")
        shown_text = shown_text.where(shown_text != "", as_id)
    else:
        shown_text = shown_text.where(shown_text != "", key_text)
    if key.role == "email" and not any(s.columns != key.columns for s in shown):
        reasons.append("shown as the e-mail, as there is no name column")
    # rows that are no client: blank, a totals row, a report footer
    # (each distinct name is looked at once: order lines repeat them)
    other_text = _row_texts(cols, key) if filled_down is not None else None
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
    keep: list[int] = np.flatnonzero(rest & ~no_key).tolist()
    columns = sorted({c for s in [key, *fallbacks, *shown] for c in s.columns if c in cols or c in raw},
                     key=list(names).index)
    column = next((s.columns[0] for s in shown if s.role != "report"), key.columns[0])
    if shown and shown[0].role == "first last" and key.role == "first last":
        column = key.columns[0]
    return Identity(column=column, key=key, shown=shown, keys=keys.tolist(), names=shown_text.tolist(), keep=keep,
                    columns=columns, skipped=skipped, notes=notes, reasons=reasons)


def _labels(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per row, whether its text is a report footer and whether it labels a totals row; each
    distinct text is looked at once."""
    texts = texts.astype(str)
    footer = per_distinct(texts, lambda u: [bool(FOOTER.search(t)) for t in u]).to_numpy(dtype=bool)
    totals = per_distinct(texts, lambda u: [is_totals_row(t) for t in u]).to_numpy(dtype=bool)
    return footer, totals


def _row_texts(cols: dict[str, _Col], key: Source) -> list[str]:
    """Per row, the first text of the other text columns (a "Subtotal" label beside a blank group cell)."""
    others = [c.texts for c in cols.values() if c.name not in key.columns and c.kind == "text"]
    if not others:
        return [""] * len(next(iter(cols.values())).texts)
    out = others[0]
    for t in others[1:]:
        out = out.where(out != "", t)
    return out.tolist()


def _fill_down(key: Source, text: pd.Series, has_values: np.ndarray) -> tuple[pd.Series, int] | None:
    return grouped.fill_down(text, has_values) if key.role in ("name", "id") else None


def _report_column(grid, region, names, raw, has_values) -> Identity | None:
    found = grouped.report_groups(grid, region, raw, has_values)
    if found is None:
        return None
    column = found.header or next(w for w in ("Customer", "Client", "Customer name") if w not in names)
    src = Source((column,), "report", 50)
    return Identity(column=column, key=src, shown=[src], keys=found.keys, names=found.names, keep=found.keep,
                    columns=[found.header] if found.header else [], skipped=found.skipped, reasons=found.reasons)


def skip_notes(ident: Identity, first_row: int, rows_text) -> list[str]:
    """Notes for the rows left out, with their sheet rows (``first_row``: the sheet row of position 0)."""
    out = []
    text = {"no client": "no client name", "totals": "totals row", "footer": "report footer (not a client)",
            "report": "group and 'Total for' rows of the report",
            "field names": "a second header row of field names"}
    for reason, rows in ident.skipped.items():
        if rows:
            out.append(f"{len(rows):,} row(s) skipped: {text[reason]} ({rows_text([first_row + i for i in rows])}).")
    return out

"""What each column of a table could say about who the client is, from its header and its values.

A column is a :class:`Candidate` with a role: a client ID, an e-mail address, a name (with a tier that
says how strongly its header names the client), a first or a last name, an order or a row's own
number, the seller's own account, or something else (with the reason it is not the client). A
:class:`Source` is where rows' keys or names are read from: one column, or a first and a last name
joined. :mod:`.client_choice` chooses among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xlclientrank import headers
from xlclientrank.headers.words import CLIENT_NAME_HEADERS, COMPANY_HEADERS, LANGUAGES
from xlclientrank.reader.grouped import FIELD_PATH
from xlclientrank.reader.keys import client_keys
from xlclientrank.reader.locate import texts as cell_texts
from xlclientrank.reader.notes import counted

# How strongly a column says it holds the client's name (a Candidate's and a Source's tier); the
# strongest source is the client. Compared by rank only: what matters is their order.
OWNER_NAMED = 99     # the column the owner named (settings or --client-column)
CLIENT_HEADER = 50   # the header says client or customer (Client, Customer name, Kunde, Klantnaam)
COMPANY = 40         # a company or business (Company, Organisation, Firma, Société)
FIRST_AND_LAST = 35  # a first and a last name column, joined
PLAIN_NAME = 30      # a bare Name, Full name, Display name
PARTY_NAME = 28      # a ledger's Party
CLIENT_WORD = 25     # another header that starts with a client word (headers.CLIENT_WORDS)
BILLING_NAME = 20    # a billing, shipping or contact person's name, a payer, a recipient, From or To
ONE_NAME_PART = 15   # a first name or a last name without the other
LEDGER_ACCOUNT = 10  # a ledger's Account or Account name
UNKNOWN = 0          # a text column whose header says nothing of clients

# ---------------------------------------------------------------- what headers say (normalised: lower case,
# '_' and '.' as spaces, sort arrows removed)
# ("contact number" is a phone number, not the client's: contact is not among these)
ID_HEADER = re.compile(r"\b(client|customer|account|cust|acct|debtor|buyer|member|patient)\s*(id|no|number|#|"
                       r"code|ref|nr|num)\b|^(client|customer|kunden|klant|debitor)(nummer|nr|id)$|"
                       r"^(debtor|account) no$")
GENERIC_ID = re.compile(r"^(id|#|no|nr|ref|reference|key|uuid|guid|record id|row id)$")
ROW_ID = re.compile(r"\b(invoice|order|receipt|transaction|sale|job|ticket|document|doc|payment|charge|txn|"
                    r"booking|line|item)\s*(no|number|#|id|ref|nr|num)\b|^(invoice|receipt|transaction)s?$|"
                    r"^(num|number|invoice|order)$")
EMAIL_HEADER = re.compile(r"e ?-?mail")
FIRST = re.compile(r"\b(first|given|fore) ?name\b|^(vorname|prenom|prénom|nombre)$")
LAST = re.compile(r"\b(last|family|sur) ?name\b|^(surname|nachname|apellidos?)$")


def _whole_header(table: dict[str, tuple[str, ...]], plural: bool = False) -> re.Pattern[str]:
    """Matches a :func:`norm_header`-ed header that is one of ``table``'s words (``plural``: or that word and "s")."""
    words = sorted({w for lang in LANGUAGES for w in table.get(lang, ())}, key=len, reverse=True)
    return re.compile(f"^({'|'.join(re.escape(w) for w in words)}){'s?' if plural else ''}$")


# name headers by strength: a header that says client or customer beats a company, a bare "Name",
# a billing name and a ledger "Account"
TIERS = (
    (CLIENT_HEADER, _whole_header(CLIENT_NAME_HEADERS, plural=True)),
    (COMPANY, _whole_header(COMPANY_HEADERS)),
    (PLAIN_NAME, re.compile(r"^(full )?name$|^display name$")),
    (PARTY_NAME, re.compile(r"^party( name)?$")),
    (BILLING_NAME, re.compile(r"\b(billing|bill to|sold to|invoice to|shipping|ship to|contact|recipient|payer|"
                    r"purchaser|"
                    r"payee)\b.*\bname\b|^(bill|sold|invoice|ship) to$|^contact( person)?$|"
                    r"^customer description$|^(payer|recipient|counterparty|from|to|payer or payee)$")),
    (LEDGER_ACCOUNT, re.compile(r"^account( name)?$")),
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
# a program's own code for a value ("sub_total", "invoices.sub_total"): never a client's name
CODE_VALUE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$|" + FIELD_PATH.pattern)


def norm_header(header: str) -> str:
    h = headers.normalise(header)
    h = re.sub(r"[↑↓▲▼]", " ", h)
    return " ".join(re.sub(r"[_.:]+", " ", h).split())


def header_tier(header: str) -> int | None:
    """The tier the words of a header give a column of names (:data:`TIERS`); None when they give none."""
    h = norm_header(header)
    return next((t for t, p in TIERS if p.search(h)), None)


@dataclass
class Source:
    """Where a row's key or name comes from: one column, or a first and a last name joined."""

    columns: tuple[str, ...]
    role: str   # "id", "email", "name", "first last", "report"
    tier: int = UNKNOWN

    @property
    def label(self) -> str:
        return " + ".join(self.columns)



@dataclass
class Candidate:
    """A column that could say who the client is: its tidied texts and the role its header and values suggest."""

    name: str
    texts: pd.Series          # tidied text per row ("" = blank)
    kind: str
    role: str = "other"       # id, email, name, first, last, order, rowid, other
    tier: int = UNKNOWN
    explicit: bool = False    # an ID header that names the client (Customer ID), not a bare "ID"
    why: str = ""             # why it is not the client, for the reasons and the refusal
    too_long: bool = False
    _filled: pd.Series | None = field(default=None, init=False, repr=False, compare=False)  # filled, once worked out

    @property
    def filled(self) -> pd.Series:
        """Per row, whether the column has a value there (worked out once, again when ``texts`` changes length)."""
        if self._filled is None or len(self._filled) != len(self.texts):
            self._filled = self.texts != ""
        return self._filled

    def distinct(self) -> int:
        """How many different values the column holds, ignoring case (each distinct text looked at once)."""
        if getattr(self, "_distinct", None) is None:
            uniques = pd.unique(self.texts[self.filled].to_numpy(dtype=object))
            self._distinct = len({u.casefold() for u in uniques})
        return self._distinct


def candidate(name: str, values: list[Any], kind: str) -> Candidate | None:
    """What column ``name`` (its cell ``values``, of ``kind``) could be as the client: its role (an
    e-mail, an ID, an order number, a first or last name, a name of some tier, other) and why; None
    when it cannot name clients at all (amounts, quantities, an empty column)."""
    h = norm_header(name)
    numeric = kind == "number"
    tier = header_tier(name)
    if headers.names_own_account(name):  # Merchant Account, Company Account, Payout ID: the seller's own
        own = _own_account(name, values, kind)
        if own is not None:
            return own if own.filled.any() else None
    if numeric and not (ID_HEADER.search(h) or GENERIC_ID.search(h) or (tier or UNKNOWN) >= COMPANY):
        return None  # amounts, quantities
    col = Candidate(name, cell_texts(values), kind)
    if numeric:
        v = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        col.too_long = bool((v.abs() >= MAX_EXACT).any())
    filled = col.texts[col.filled]
    if filled.empty:
        return None
    sample = filled.iloc[:2000]
    _role_by_header_and_values(col, h, tier, numeric, filled)
    _no_name_after_all(col, h, numeric, sample)
    return col


def _own_account(name: str, values: list[Any], kind: str) -> Candidate | None:
    """A header that names the seller's own account: the column as such when it holds one value, or a
    few on many rows (a seller has one or a few accounts), or nothing at all (returned, with nothing
    filled); None when its many values are the stores or merchants of the owner's clients (a
    roaster's list of cafés' Store IDs), read as any other column."""
    col = Candidate(name, cell_texts(values), kind, "own", why="names your own account, not a customer")
    if not col.filled.any() or col.distinct() == 1 or col.distinct() * 10 <= int(col.filled.sum()):
        return col
    return None


def _role_by_header_and_values(col: Candidate, h: str, tier: int | None, numeric: bool, filled: pd.Series) -> None:
    """The column's role (and tier, why) from its header ``h`` and its ``filled`` texts: the first
    that holds of e-mail, ID, order number, first name, last name, a name of a header tier, other."""
    sample = filled.iloc[:2000]
    email = sample.str.match(EMAIL_VALUE).mean()
    order_no = sample.str.match(ORDER_NO_VALUE).mean()
    digits = sample.str.match(DIGITS).mean()
    unique = sample.str.casefold().nunique() >= 0.5 * len(sample)
    if EMAIL_HEADER.search(h) or email >= 0.8:
        col.role = "email"
    elif ID_HEADER.search(h) or (numeric and (tier or UNKNOWN) >= COMPANY):
        col.role, col.explicit = "id", True
    elif GENERIC_ID.search(h):
        col.role = "id"
    elif order_no >= 0.8 or (tier in (BILLING_NAME, PLAIN_NAME) and digits >= 0.9 and unique):
        shown = ", ".join(list(dict.fromkeys(filled.iloc[:50]))[:2])
        col.role, col.why = "order", f"holds order numbers ({shown}), not client names"
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
    elif headers.is_client_header(col.name):
        col.role, col.tier = "name", LEDGER_ACCOUNT if h.startswith("account") else CLIENT_WORD
    else:
        col.role, col.tier = "name", UNKNOWN


def _no_name_after_all(col: Candidate, h: str, numeric: bool, sample: pd.Series) -> None:
    """A column taken as names whose values are no names: numbers, codes or field names ("other")."""
    digits = sample.str.match(DIGITS).mean()
    if col.role == "name" and col.tier < COMPANY and digits >= 0.9 and not numeric:
        col.role, col.why = "other", "holds numbers, not names"
    if col.role == "name" and col.tier == UNKNOWN and re.fullmatch(r"(code|codes|slug|key name|code name)", h):
        col.role, col.why = "other", "holds codes, not client names"
    # (a header that says client or customer is believed: usernames such as ada_l are names there)
    if col.role in ("name", "first", "last") and col.tier < CLIENT_HEADER and looks_like_codes(sample):
        col.role, col.why = "other", f"holds field names or codes ({examples(col, 2)}), not client names"


def looks_like_codes(texts: pd.Series) -> bool:
    """Whether most filled texts are a program's codes or field paths (``sub_total``, ``invoices.total``)."""
    filled = texts[texts != ""]
    return len(filled) > 0 and filled.iloc[:2000].str.match(CODE_VALUE).mean() >= 0.8


def validate_ids(cols: dict[str, Candidate], n: int) -> None:
    """An ID column is a client key only when it is mostly filled, exact, repeats when it is a bare
    "ID", and does not lump together rows with many different names."""
    names = [c for c in cols.values() if c.role == "name" and c.tier >= BILLING_NAME]
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
            c.role, c.why = "rowid", (f"has {counted(distinct, 'value')} for {max(x.distinct() for x in names):,} "
                                      "different names, so it does not tell clients apart")


def same_clients(a: pd.Series, b: pd.Series) -> bool:
    """Whether two columns split the rows (where both are filled) into the same clients."""
    present = (a != "") & (b != "")
    x, y = client_keys(a[present]), client_keys(b[present])
    both = pd.DataFrame({"a": x, "b": y})
    pairs = both.drop_duplicates()
    return bool(len(pairs) == x.nunique() == y.nunique())



def examples(c: Candidate, k: int = 3) -> str:
    vals = list(dict.fromkeys(v for v in c.texts[c.filled].iloc[:200]))[:k]
    return ", ".join(v[:30] for v in vals)

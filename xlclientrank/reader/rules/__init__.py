"""General reading rules: which rows of any export are sales to a client, applied to every file.

A known export's catalogue entry (:mod:`xlclientrank.reader.exports.profiles`) says what its
product documents; these rules say what holds for every invoice list, order export and payment
account, known or not, with their words in seven languages as data
(:mod:`xlclientrank.reader.rules.words`, ``headers.PER_UNIT``), one module a kind of
rule (:mod:`.documents`, :mod:`.amounts`, :mod:`.money`; :mod:`.outcome`: what each decides):

* **Status** (:func:`.documents.status`): a document that is cancelled, voided, deleted or failed took no
  money; a draft is not sent yet (kept only when drafts are all there is); a quote, estimate or
  offer is no sale (a file of quotes only is refused, :func:`.documents.quote_file`). A cancellation that
  is a negative counter-document referring to the original (a Storno-Rechnung) is counted with
  the original or left out with it, never one without the other.
* **Currency** (:func:`.amounts.currency`): amounts in several currencies are never added up. When a
  converted or base-currency amount exists, it is used; otherwise the rows in the most common
  currency are ranked and the others are listed; a tie is refused.
* **Money in and out** (:func:`.money.direction`, :func:`.money.money_out`): a payment account's download lists
  money received and money paid. Only money received is a sale; money going out reduces a client
  only when it gives back one of that client's payments (a refund, reversal or chargeback: by its
  type, by a reference to the payment, or, with neither column, by the same party having paid);
  a party that only ever received money is a supplier; the account holder is no client; a file
  with nothing received is refused.

Each function works on the body of one table: ``columns`` (headers), ``raw`` (header -> the
cells of each row) and numpy arrays with one entry per row; each returns an :class:`.outcome.Outcome`,
which says which rows to leave out, why (``skipped``: what -> positions), and the lines of what
was understood ("Status: ...", "Currency: ...", "Money: ..."). :func:`apply` runs them in turn,
for a known export and for any other file alike.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from xlclientrank.reader.rules.amounts import converted, currency
from xlclientrank.reader.rules.documents import status
from xlclientrank.reader.rules.money import Direction, money_out
from xlclientrank.reader.rules.outcome import Outcome


def is_documents(keys: Sequence[str], doc: str | None, dated: bool) -> bool:
    """Whether a table's rows are documents (invoices, orders, payments), to which status words
    apply: it has a document number or a date per row, or most of its clients come back on several
    rows. In a list of clients, "Cancelled" says the client left, and what they bought still counts."""
    keys = [k for k in keys if k]
    return doc is not None or dated or (len(keys) > 0 and len(keys) >= 1.5 * len(set(keys)))


def apply(columns: Sequence[str], raw: dict[str, list[Any]], keep: np.ndarray, *, amount: np.ndarray | None,
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

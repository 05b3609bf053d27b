"""A report's group subtotal ("Total X" below a heading row X without amounts): the subtotal and
its own heading are left out, every other row without amounts stays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from xlclientrank.reader import totals


@dataclass
class Rows:
    keys: list[str]
    names: list[str]
    keep: list[int]
    skipped: dict[str, list[int]] = field(default_factory=dict)


def test_the_subtotal_leaves_out_its_own_heading_not_the_last_row_without_amounts():
    names = ["Freeman Sporting", "Sub-customer A", "Total Freeman Sporting", "Bob's Bikes", "Heading Two"]
    rows = Rows(keys=[n.casefold() for n in names], names=names, keep=[0, 1, 2, 3, 4])
    revenue = np.array([np.nan, 10.0, 10.0, 5.0, np.nan])
    assert totals.by_sums(rows, {"Revenue": revenue}, {"Revenue": "number"}, first_row=2) == []
    assert rows.keep == [1, 3, 4]
    assert rows.skipped == {"totals": [2], "report": [0]}

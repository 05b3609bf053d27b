"""The owner changes the best-client bar: the count made under the new bar is not compared with the
last run's (made under the old one), the change is said in "What changed", and a second run of the
same date still knows the earlier run's bar."""

from __future__ import annotations

from tests.jobs.test_best_clients import DAY, bar_rows, book, edit  # noqa: F401 - book is a fixture
from xlclientrank.jobs.rerank import rerank
from xlclientrank.report import best_clients


def test_a_bar_the_owner_changed_is_said_and_its_count_not_compared(book):  # noqa: F811
    first = rerank(book, today=DAY[0])
    assert first.best_clients is not None
    rows = bar_rows(book)
    revenue_row, _, old = rows["Revenue"]
    edit(book, {f"D{revenue_row}": old * 3})          # a stricter bar, nothing else changed
    for _ in range(2):                                 # twice on the same date: still not compared
        again = rerank(book, today=DAY[1])
        st = again.best_clients
        assert st is not None and st.since_last is None
        assert any(x.startswith("Revenue at least") for x in st.bar.changed)
        assert "counts are not compared" in best_clients.line(st, again.settings).sentence
        assert again.summary["best_clients"]["since_last"] is None
        assert again.summary["best_clients"]["bar_changed"]
    said = " ".join(str(v) for v in again.summary["changes"].values())
    assert "Best client: Revenue at least" in said


def test_an_unchanged_bar_compares_the_counts(book):  # noqa: F811
    rerank(book, today=DAY[0])
    again = rerank(book, today=DAY[1])
    assert again.best_clients is not None and again.best_clients.since_last == 0
    assert again.best_clients.bar.changed == ()

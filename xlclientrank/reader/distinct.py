"""Work done once per distinct value of a column, then spread back over its rows.

Order lines repeat their clients' names, IDs, dates and currencies on many rows, so the reader tidies,
matches or parses each distinct value once (:func:`per_distinct`) instead of once per row.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

_NOT_GIVEN = object()


def per_distinct(values: Sequence[Any] | pd.Series | np.ndarray, fn: Callable[[pd.Series], Any],
                 missing: Any = _NOT_GIVEN) -> Any:
    """``fn`` applied to the distinct values of ``values`` once, its results put back on every row.

    ``fn`` is given the distinct values as a Series (index 0, 1, ...; the dtype of ``values`` when it
    is a Series) and returns one result per value (a Series, an array or a list). The answer is a
    Series on the index of ``values`` when that is a Series, else an array. A missing value (None,
    NaN) is one more distinct value given to ``fn``, unless ``missing`` is given: then each missing
    value's result is ``missing`` and ``fn`` never sees it.

    >>> per_distinct(pd.Series(["Ada", "Bob", "Ada"]), lambda u: u.str.upper()).tolist()
    ['ADA', 'BOB', 'ADA']
    >>> per_distinct(["2", None, "2"], lambda u: [int(v) for v in u], missing=-1).tolist()
    [2, -1, 2]
    """
    index = values.index if isinstance(values, pd.Series) else None
    column = values if isinstance(values, (pd.Series, np.ndarray)) else np.asarray(values, dtype=object)
    sentinel = missing is not _NOT_GIVEN
    codes, uniques = pd.factorize(column, use_na_sentinel=sentinel)
    done = fn(pd.Series(uniques, dtype=column.dtype if len(uniques) else object))
    with_missing = sentinel and bool((codes < 0).any())  # code -1: the value put last, for missing values
    if isinstance(done, pd.Series):  # a Series keeps its dtype (pandas' own text dtype too)
        done = done.reset_index(drop=True)
        if with_missing:
            done = pd.concat([done, pd.Series([missing], dtype=done.dtype)], ignore_index=True)
        out = done.take(codes)
        return out.set_axis(index) if index is not None else out.to_numpy(copy=True)
    # an array keeps its dtype; a list is a column of objects
    array = done if isinstance(done, np.ndarray) else np.array(done, dtype=object)
    if with_missing:
        array = np.append(array, np.array([missing], dtype=array.dtype))
    spread = array[codes]
    return pd.Series(spread, index=index, dtype=spread.dtype, copy=False) if index is not None else spread

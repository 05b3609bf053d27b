"""Where the time of one ``xlclientrank rerank`` goes, stage by stage, without a profiler's overhead.

    python benchmarks/stages.py INPUT.xlsx [--out OUTPUT.xlsx]

Runs the real ``xlclientrank.rerank.rerank`` once, in this process, with timing wrappers put (in this
process only) around the functions it calls; nothing in ``xlclientrank/`` is changed. Use a workbook
made by ``benchmarks/run.py --keep DIR`` (e.g. ``DIR/clients_100000.xlsx``; it is not modified, the
result goes to ``--out`` or a temporary file). Imports are timed separately. Nested stages are
marked "· " under the stage that calls them. "peak RSS so far" is this process's ru_maxrss when the
stage (last) returned, i.e. the high-water mark up to that point.
"""

from __future__ import annotations

import argparse
import functools
import resource
import tempfile
import time
from pathlib import Path

T_IMPORT = time.perf_counter()
import xlsxwriter  # noqa: E402

import xlclientrank.reader as reader  # noqa: E402
import xlclientrank.rerank as rerank_mod  # noqa: E402
from xlclientrank import engine, render, report, settings  # noqa: E402
from xlclientrank.ooxml import package, rows, splice  # noqa: E402

T_IMPORT = time.perf_counter() - T_IMPORT

_stack: list[str] = []
_totals: dict[str, list] = {}  # name -> [seconds, calls, depth, first start, peak RSS MB after]


def _timed(name: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        _stack.append(name)
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            dt = time.perf_counter() - t0
            _stack.pop()
            entry = _totals.setdefault(name, [0.0, 0, len(_stack), t0, 0.0])
            entry[0] += dt
            entry[1] += 1
            entry[4] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return wrapper


def _wrap(owner, attr: str, name: str, kind: str = "plain") -> None:
    raw = owner.__dict__[attr] if isinstance(owner, type) else getattr(owner, attr)
    if kind == "classmethod":
        setattr(owner, attr, classmethod(_timed(name, raw.__func__)))
    else:
        setattr(owner, attr, _timed(name, raw))


def install() -> None:
    # reading (rerank.load)
    _wrap(rerank_mod, "load", "read: load (whole)")
    _wrap(package.Package, "read", "read: zip parts into memory (Package.read)", "classmethod")
    _wrap(reader.Workbook, "__init__", "read: calamine opens the workbook")
    _wrap(reader.Workbook, "grid", "read: calamine cell values -> Python lists (grid)")
    _wrap(rerank_mod, "read_client_table", "read: client table (incl. grid)")
    _wrap(reader.locate, "find", "read: locate the table")
    _wrap(reader.cells, "clean", "read: clean values (per column)")
    _wrap(reader.Workbook, "facts", "read: sheet XML facts (errors, hidden rows)")
    _wrap(rerank_mod.settings_mod, "infer", "read: infer settings")
    _wrap(rerank_mod.history, "parse", "read: history snapshots")
    # engine
    _wrap(engine, "rank", "engine: rank")
    _wrap(rerank_mod.history, "update", "history: add today's snapshot")
    # rendering with XlsxWriter (donor workbook)
    _wrap(render, "render", "render: donor workbook (whole)")
    _wrap(render.ranking_sheet, "write", "render: Ranking sheet")
    _wrap(render.methodology, "write", "render: methodology sheet")
    _wrap(render.history_sheet, "write", "render: history sheet")
    _wrap(render.settings_sheet, "write", "render: settings sheet")
    _wrap(xlsxwriter.Workbook, "close", "render: XlsxWriter close (assemble + zip donor)")
    _wrap(report, "lines", "render/report: summary lines")
    # splicing into the owner's package
    _wrap(package.Package, "from_bytes", "splice: unzip (Package.from_bytes)", "classmethod")
    _wrap(splice.Splicer, "__init__", "splice: parse owner workbook/styles")
    _wrap(splice.Splicer, "put", "splice: put sheet (x4)")
    _wrap(splice, "remap_sheet", "splice: remap_sheet regex over sheet XML")
    _wrap(rows.TableTail, "apply", "splice: bulk table rows (TableTail.apply)")
    _wrap(splice.Splicer, "finish", "splice: finish")
    # writing
    _wrap(package.Package, "write_atomic", "write: write_atomic (whole)")
    _wrap(package.Package, "_write_zip", "write: deflate + zip all parts (_write_zip)")
    _wrap(report, "summary", "report: JSON summary")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("workbook")
    p.add_argument("--out")
    args = p.parse_args(argv)
    install()
    with tempfile.TemporaryDirectory(prefix="xlclientrank-stages-") as tmp:
        out = Path(args.out) if args.out else Path(tmp) / ("out" + Path(args.workbook).suffix)
        t0 = time.perf_counter()
        rerank_mod.rerank(args.workbook, out=out)
        total = time.perf_counter() - t0
    order = sorted(_totals.items(), key=lambda kv: kv[1][3])
    print(f"imports (xlclientrank, pandas, numpy, lxml, xlsxwriter): {T_IMPORT:.2f} s")
    print(f"rerank() total: {total:.2f} s\n")
    print("| stage | seconds | share of rerank() | calls | peak RSS so far (MB) |")
    print("|---|---:|---:|---:|---:|")
    top = 0.0
    for name, (secs, calls, depth, _, rss) in order:
        if depth == 0:
            top += secs
        indent = "· " * depth
        print(f"| {indent}{name} | {secs:.2f} | {100 * secs / total:.0f} % | {calls} | {rss:.0f} |")
    print(f"| other (outside the stages above) | {total - top:.2f} | {100 * (total - top) / total:.0f} % | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where the time of one ``xlclientrank rerank`` goes, stage by stage, without a profiler's overhead.

    python benchmarks/stages.py INPUT.xlsx [--out OUTPUT.xlsx]

Runs the real ``xlclientrank.jobs.rerank.rerank`` once, in this process, with timing wrappers put (in this
process only) around the functions it calls; nothing in ``xlclientrank/`` is changed. Use a workbook
made by ``benchmarks/run.py --keep DIR`` (e.g. ``DIR/clients_100000.xlsx``; it is not modified, the
result goes to ``--out`` or a temporary file). Imports are timed separately. Nested stages are
marked "· " under the stage that calls them. "peak RSS so far" is this process's ru_maxrss when the
stage (last) returned, i.e. the high-water mark up to that point. ``benchmarks/run.py`` imports
:func:`measure` and runs it in a child process for each workbook it measures.
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

import xlclientrank.jobs.client_notes as notes_job  # noqa: E402
import xlclientrank.jobs.load as load_mod  # noqa: E402
import xlclientrank.jobs.rerank as rerank_mod  # noqa: E402
import xlclientrank.reader as reader  # noqa: E402
import xlclientrank.stored.notes as notes_mod  # noqa: E402
from xlclientrank import engine, render  # noqa: E402
from xlclientrank.ooxml import package, rows, sheet_edit, splice  # noqa: E402
from xlclientrank.report import summary as report  # noqa: E402

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
    _wrap(load_mod, "read_client_table", "read: client table (incl. grid)")
    _wrap(reader.locate, "find", "read: locate the table")
    _wrap(reader.cells, "clean", "read: clean values (per column)")
    _wrap(reader.orders, "aggregate", "read: aggregate order lines per client")
    _wrap(reader.Workbook, "facts", "read: sheet XML facts (errors, hidden rows)")
    _wrap(load_mod.settings_mod, "infer", "read: infer settings")
    _wrap(rerank_mod.history, "parse", "read: history snapshots")
    _wrap(notes_mod, "parse", "read: Client Notes (cells to entries)")
    _wrap(notes_mod, "join", "read: Client Notes joined to the clients")
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
    _wrap(notes_job, "update", "notes: mark and append in place (whole)")
    _wrap(sheet_edit, "edit_sheet", "notes: edit the sheet XML")
    _wrap(notes_job, "make", "notes: make the sheet (first run)")
    _wrap(splice.Splicer, "finish", "splice: finish")
    # writing
    _wrap(package.Package, "write_atomic", "write: write_atomic (whole)")
    _wrap(package.Package, "write_zip", "write: deflate + zip all parts (write_zip)")
    _wrap(report, "summary", "report: JSON summary")


def measure(workbook: str | Path, out: str | Path | None = None) -> dict:
    """Runs ``rerank()`` once on ``workbook`` with the timers installed; returns the stage figures.

    Call it once per process: the timers are installed in this process and add up across calls.
    Returns ``{"imports", "total", "peak_rss_mb", "stages": [{"name", "seconds", "calls", "depth",
    "peak_rss_mb"}, ...] (in the order the stages first started), "rows_are", "clients"}``.
    """
    install()
    with tempfile.TemporaryDirectory(prefix="xlclientrank-stages-") as tmp:
        suffix = ".xlsx" if Path(workbook).suffix.lower() == ".csv" else Path(workbook).suffix
        target = Path(out) if out else Path(tmp) / ("out" + suffix)
        t0 = time.perf_counter()
        result = rerank_mod.rerank(workbook, out=target)
        total = time.perf_counter() - t0
    order = sorted(_totals.items(), key=lambda kv: kv[1][3])
    return {"imports": T_IMPORT, "total": total,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "stages": [{"name": name, "seconds": secs, "calls": calls, "depth": depth, "peak_rss_mb": rss}
                       for name, (secs, calls, depth, _, rss) in order],
            "rows_are": result.table.rows_are, "source_rows": result.table.source_rows,
            "clients": len(result.ranking.table)}


def markdown(m: dict) -> str:
    """The stage table of :func:`measure`'s result, in Markdown."""
    total = m["total"]
    lines = [f"imports (xlclientrank, pandas, numpy, lxml, xlsxwriter): {m['imports']:.2f} s",
             f"rerank() total: {total:.2f} s ({m['clients']:,} clients"
             + (f" from {m['source_rows']:,} order lines" if m["rows_are"] == "order lines" else "")
             + f"; peak RSS {m['peak_rss_mb']:.0f} MB)", "",
             "| stage | seconds | share of rerank() | calls | peak RSS so far (MB) |",
             "|---|---:|---:|---:|---:|"]
    top = 0.0
    for st in m["stages"]:
        if st["depth"] == 0:
            top += st["seconds"]
        indent = "· " * st["depth"]
        lines.append(f"| {indent}{st['name']} | {st['seconds']:.2f} | {100 * st['seconds'] / total:.0f} % | "
                     f"{st['calls']} | {st['peak_rss_mb']:.0f} |")
    lines.append(f"| other (outside the stages above) | {total - top:.2f} | {100 * (total - top) / total:.0f} % | | |")
    return "\n".join(lines)


def groups(m: dict) -> dict[str, float]:
    """Seconds per top-level group: read, engine, history, render, splice, write, report, other."""
    out: dict[str, float] = {}
    for st in m["stages"]:
        if st["depth"] == 0:
            key = st["name"].split(":", 1)[0].split("/", 1)[0]
            out[key] = out.get(key, 0.0) + st["seconds"]
    out["other"] = m["total"] - sum(out.values())
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("workbook")
    p.add_argument("--out")
    args = p.parse_args(argv)
    print(markdown(measure(args.workbook, args.out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

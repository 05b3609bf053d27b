"""The steps, plain functions over :class:`~xlclientrank.excel.selftest.boundary.Excel`, each ending in
one line; :func:`run_steps` runs them in order (:data:`STEPS`, :data:`TITLES`).

1. the add-in is loaded and carries this package's version (config sheet row "xlclientrank version");
2. Re-rank through the ribbon's macro builds the Ranking sheet, equal to xlclientrank's own Python ranking;
3. every CLIENT_TIER / CLIENT_SCORE / CLIENT_RANK cell equals the Ranking sheet for its client;
4. PARETO_COUNT over the revenue column equals the 80/20 count of the Python ranking;
5. doubling one client's revenue changes its formulas exactly as the calibration says;
6. Share writes "<name> - for advisor.xlsx" beside the scratch workbook;
7. timing of the cell formulas;
8. Share with the whole workbook: Excel opens the copy without a repair box, without our calibration,
   and its client sheet shows the values the scratch workbook shows (its CLIENT_TIER formulas frozen);
9. a value typed in 'Client Notes' survives a second Re-rank, and a new client is added at its bottom
   (steps_notes.py).

The steps never import the xlwings adapter.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from xlclientrank import __version__
from xlclientrank.names import CALIBRATION_SHEET, CLIENT_RANK, CLIENT_SCORE, CLIENT_TIER, RANKING_SHEET
from xlclientrank.ooxml.rows import column_letter  # 0 -> A, 26 -> AA

from . import files
from .buttons import run_button
from .causes import INSTALL, messages_text, short
from .cells import LIVE_COLUMN, as_rows, client_sheet, close_enough, is_error, ranking_table
from .context import Context
from .report import Line, failed, passed, skipped
from .steps_notes import T_NOTES, step_notes

VERSION_KEY = "xlclientrank version"
CONF_SHEET = "xlclientrank.conf"
SELFTEST_SHEET = "Selftest"
TIMING_ROWS = 2000
TIMING_CALLS = 20


def _ensure_sheet(ctx: Context, name: str) -> None:
    if name not in ctx.excel.sheets(ctx.book):
        ctx.excel.add_sheet(ctx.book, name)


T_ADDIN = "1. the add-in is loaded and has this package's version"
T_RERANK = "2. Re-rank through the ribbon's macro builds the Ranking sheet"
T_FORMULAS = "3. CLIENT_TIER, CLIENT_SCORE and CLIENT_RANK equal the Ranking sheet"
T_PARETO = "4. PARETO_COUNT equals the 80/20 count"
T_EDIT = "5. an edited row changes its formulas as the calibration says"
T_SHARE = "6. Share writes the advisor's copy"
T_TIMING = "7. timing of the cell formulas"
T_WHOLE = "8. Share with the whole workbook: Excel opens the copy as it is"
NO_FORMULAS = ("xlwings runs Python cell formulas only in Excel for Windows; on a Mac use the values Re-rank "
               "writes on the Ranking sheet")


def step_addin(ctx: Context) -> Line:
    excel = ctx.excel
    if not Path(ctx.addin_file).exists():
        return failed(T_ADDIN, f"no add-in file at {ctx.addin_file}", fix="reinstall xlclientrank (pip install "
                      "--force-reinstall xlclientrank), " + INSTALL)
    if files.marked_from_internet(ctx.addin_file) and not ctx.installed:
        return failed(T_ADDIN, f"{ctx.addin_file} is marked as downloaded from the internet", "mark of the web")
    try:
        ctx.addin = excel.open(ctx.addin_file, read_only=True, trust_center=True)
    except Exception as exc:
        return failed(T_ADDIN, f"Excel could not open {ctx.addin_file} ({short(exc)})", exc)
    if not excel.is_open(ctx.addin):
        return failed(T_ADDIN, f"{ctx.addin} does not appear among Excel's books and add-ins after opening it",
                      fix="the file may be damaged: " + INSTALL.replace("then ", ""))
    try:
        rows = as_rows(excel.read(ctx.addin, CONF_SHEET, "A1:B40"))
    except Exception as exc:
        return failed(T_ADDIN, f"its settings sheet '{CONF_SHEET}' could not be read ({short(exc)})",
                      fix="the add-in is older than this xlclientrank: " + INSTALL.replace("then ", ""))
    version = next((r[1] for r in rows if len(r) > 1 and str(r[0] or "").strip().lower() == VERSION_KEY), None)
    if version is None:
        return failed(T_ADDIN, f"the add-in has no '{VERSION_KEY}' row, so it is older than xlclientrank "
                      f"{__version__}", "run-time error 53: different versions")
    if str(version).strip() != __version__:
        return failed(T_ADDIN, f"the add-in is version {version}, the Python package {__version__}",
                      "run-time error 53: different versions")
    where = f"from Excel's startup folder ({ctx.addin_file})" if ctx.installed else str(ctx.addin_file)
    if not ctx.installed:
        return failed(T_ADDIN, f"version {version} opens, but it is not in Excel's startup folder, so your Excel "
                      "does not load it (no Client Rank tab)", fix="run  xlclientrank install  and restart Excel")
    return passed(T_ADDIN, f"{ctx.addin} version {version}, {where}")


def step_rerank(ctx: Context) -> Line:
    if ctx.addin is None:
        return skipped(T_RERANK, "needs the add-in (step 1)")
    excel = ctx.excel
    marker = "xlclientrank selftest: not rebuilt yet"
    if RANKING_SHEET in excel.sheets(ctx.book):  # the template has one: mark it, Re-rank must replace it
        excel.write(ctx.book, RANKING_SHEET, "A1", marker)
    shown, bad = run_button(ctx, "ReRankActiveWorkbook", T_RERANK)
    if bad:
        return bad
    if RANKING_SHEET not in excel.sheets(ctx.book):
        return failed(T_RERANK, "the macro ran but there is no Ranking sheet" + messages_text(shown), " ".join(shown))
    rows = excel.used(ctx.book, RANKING_SHEET)
    if rows and rows[0] and rows[0][0] == marker:
        return failed(T_RERANK, "the macro ran but the Ranking sheet was not rebuilt" + messages_text(shown),
                      " ".join(shown) or "did not finish within")
    table = ranking_table(rows)
    if table is None:
        return failed(T_RERANK, "the Ranking sheet has no ranked table (no header row Rank, Client)"
                      + messages_text(shown), " ".join(shown))
    head, body = table
    got = {str(r[1]): (r[0], r[2] if len(r) > 2 else None, r[3] if len(r) > 3 else None) for r in body}
    want = ctx.expected.ranking
    wrong = [name for name, (rank, score, tier) in want.items()
             if name not in got or got[name][0] != rank or not close_enough(got[name][1], score)
             or got[name][2] != tier]
    if len(body) != len(want) or wrong:
        example = wrong[0] if wrong else ""
        return failed(T_RERANK, f"the Ranking sheet has {len(body)} clients, xlclientrank's Python ranks {len(want)}"
                      + (f"; {len(wrong)} differ, e.g. {example}: Excel {got.get(example)}, Python "
                         f"{want.get(example)}" if wrong else ""),
                      fix="the add-in runs another xlclientrank than this one: " + INSTALL.replace("then ", ""))
    return passed(T_RERANK, f"{len(body)} clients ranked, the same as xlclientrank rerank" + messages_text(shown))


def step_formulas(ctx: Context) -> Line:
    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_FORMULAS, NO_FORMULAS)
    cs = client_sheet(excel, ctx.book)
    ctx.facts["clients"] = cs
    if cs.live is None:
        return failed(T_FORMULAS, f"the template's Clients sheet has no column '{LIVE_COLUMN}'",
                      fix="reinstall xlclientrank: the template is damaged")
    started = time.perf_counter()
    excel.calculate_full()
    ctx.facts["template_full"] = time.perf_counter() - started
    n = len(cs.rows)
    _ensure_sheet(ctx, SELFTEST_SHEET)
    excel.write(ctx.book, SELFTEST_SHEET, "A1", [[CLIENT_SCORE, CLIENT_RANK]])
    excel.write(ctx.book, SELFTEST_SHEET, f"A2:B{n + 1}",
                [[f"={CLIENT_SCORE}(Clients!{cs.block(r)})", f"={CLIENT_RANK}(Clients!{cs.block(r)})"]
                 for r in range(2, n + 2)])
    excel.calculate_full()
    tiers = [r[0] for r in as_rows(excel.read(ctx.book, "Clients", f"{column_letter(cs.live)}2:"
                                                                  f"{column_letter(cs.live)}{n + 1}"))]
    score_rank = as_rows(excel.read(ctx.book, SELFTEST_SHEET, f"A2:B{n + 1}"))
    table = ranking_table(excel.used(ctx.book, RANKING_SHEET)) if RANKING_SHEET in excel.sheets(ctx.book) else None
    if table is None:
        return failed(T_FORMULAS, "no ranked table on the Ranking sheet to compare with", fix="see step 2")
    sheet = {str(r[1]): (r[0], r[2], r[3]) for r in table[1]}
    errors, wrong = [], []
    for row, tier, (score, rank) in zip(cs.rows, tiers, score_rank):
        name = str(row[0])
        for what, v in ((CLIENT_TIER, tier), (CLIENT_SCORE, score), (CLIENT_RANK, rank)):
            if is_error(v) or v is None:
                errors.append((name, what, v if v is not None else "(empty)"))
        want = sheet.get(name)
        if want is None:
            wrong.append(f"{name} is not on the Ranking sheet")
        elif not errors and (tier != want[2] or not close_enough(score, want[1]) or not close_enough(rank, want[0])):
            wrong.append(f"{name}: formulas give {tier}, {score}, {rank}; the Ranking sheet {want[2]}, {want[1]}, "
                         f"{want[0]}")
    if errors:
        name, what, v = errors[0]
        return failed(T_FORMULAS, f"{len(errors)} of {3 * n} cells show an error, e.g. {what} for {name}: {short(v)}",
                      v)
    if wrong:
        return failed(T_FORMULAS, f"{len(wrong)} of {n} clients differ, e.g. {wrong[0]}",
                      fix="the formulas use an old calibration: click Re-rank; if it stays, " + INSTALL)
    return passed(T_FORMULAS, f"{3 * n} cells for {n} clients equal the Ranking sheet")


def step_pareto(ctx: Context) -> Line:
    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_PARETO, NO_FORMULAS)
    cs = ctx.facts.get("clients") or client_sheet(excel, ctx.book)
    col = ctx.expected.pareto_column
    if col not in cs.header:
        return failed(T_PARETO, f"the Clients sheet has no column '{col}'", fix="reinstall xlclientrank")
    letter = column_letter(cs.header.index(col))
    _ensure_sheet(ctx, SELFTEST_SHEET)
    excel.write(ctx.book, SELFTEST_SHEET, "D1", f"=PARETO_COUNT(Clients!{letter}2:{letter}{len(cs.rows) + 1})")
    excel.calculate(ctx.book, SELFTEST_SHEET, "D1")
    got = excel.read(ctx.book, SELFTEST_SHEET, "D1")
    want = ctx.expected.pareto_count
    if is_error(got) or got is None:
        return failed(T_PARETO, f"PARETO_COUNT shows {short(got)}", got if got is not None else "#NAME?")
    if not close_enough(got, want, 0):
        return failed(T_PARETO, f"PARETO_COUNT gives {got}, xlclientrank's Python {want} ({col})",
                      fix="the add-in runs another xlclientrank than this one: " + INSTALL.replace("then ", ""))
    return passed(T_PARETO, f"{int(got)} clients bring 80 % of {col}, as in the Python summary")


def step_edit(ctx: Context) -> Line:
    from xlclientrank.formulas import functions

    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_EDIT, NO_FORMULAS)
    cs = ctx.facts.get("clients") or client_sheet(excel, ctx.book)
    col = ctx.expected.pareto_column
    if col not in cs.header or not cs.rows or cs.live is None:
        return failed(T_EDIT, f"the Clients sheet has no column '{col}' or no live formula column",
                      fix="reinstall xlclientrank")
    c = cs.header.index(col)
    # a client in the middle of the ranking: doubling its revenue moves it
    by_rank = sorted(ctx.expected.ranking.items(), key=lambda kv: kv[1][0])
    name = by_rank[len(by_rank) // 2][0]
    i = next((k for k, r in enumerate(cs.rows) if str(r[0]) == name), 0)
    r = i + 2
    before = excel.read(ctx.book, SELFTEST_SHEET, f"A{r}") if SELFTEST_SHEET in excel.sheets(ctx.book) else None
    value = cs.rows[i][c]
    if not isinstance(value, (int, float)):
        return failed(T_EDIT, f"{name}'s {col} is not a number ({value!r})", fix="reinstall xlclientrank")
    _ensure_sheet(ctx, SELFTEST_SHEET)
    excel.write(ctx.book, SELFTEST_SHEET, f"A{r}:B{r}", [[f"={CLIENT_SCORE}(Clients!{cs.block(r)})",
                                                          f"={CLIENT_RANK}(Clients!{cs.block(r)})"]])
    excel.write(ctx.book, "Clients", f"{column_letter(c)}{r}", value * 2)
    excel.calculate_full()
    row = as_rows(excel.read(ctx.book, "Clients", cs.block(r)))[0]
    score, rank = as_rows(excel.read(ctx.book, SELFTEST_SHEET, f"A{r}:B{r}"))[0]
    tier = excel.read(ctx.book, "Clients", f"{column_letter(cs.live)}{r}")
    cal = ctx.expected.calibration
    want = tuple(functions.client([row], None, cal, what) for what in ("score", "rank", "tier"))
    for v in (score, rank, tier):
        if is_error(v) or v is None:
            return failed(T_EDIT, f"after doubling {name}'s {col} a formula shows {short(v)}", v or "#NAME?")
    if not (close_enough(score, want[0]) and close_enough(rank, want[1], 0) and tier == want[2]):
        return failed(T_EDIT, f"after doubling {name}'s {col} the formulas give score {score}, rank {rank}, {tier}; "
                      f"the calibration says {want[0]:.4f}, {want[1]}, {want[2]}",
                      fix="the formulas do not read the calibration Re-rank stored: " + INSTALL.replace("then ", ""))
    if close_enough(before, score, 1e-12):
        return failed(T_EDIT, f"doubling {name}'s {col} did not change its score ({score})",
                      fix="Excel does not recalculate the formulas: set File, Options, Formulas to Automatic")
    was = ctx.expected.ranking[name]
    return passed(T_EDIT, f"{name}: {col} doubled, score {was[1]:.2f} -> {float(score):.2f}, rank {was[0]} -> "
                  f"{int(rank)}, {was[2]} -> {tier}, as the calibration says")


def _share(ctx: Context, title: str, whole: bool) -> tuple[Path, Line | None]:
    """Runs the Share button's macro, its question answered as ``whole`` says; the copy it should have
    written beside the scratch workbook, and a failed line when it did not."""
    from xlclientrank.excel import run_status
    from xlclientrank.jobs.share import default_out

    out = default_out(ctx.scratch, whole)
    if out.exists():
        out.unlink()
    if whole:
        run_status.mark_selftest(run_status.SHARE_WHOLE)  # the button's question answered "Yes"
    try:
        shown, bad = run_button(ctx, "ShareActiveWorkbook", title)
    finally:
        if whole:
            run_status.mark_selftest()
    if bad is None and not out.exists():
        bad = failed(title, f"no '{out.name}' beside the scratch workbook" + messages_text(shown),
                     " ".join(shown) or "did not finish within")
    return out, bad


def step_share(ctx: Context) -> Line:
    if ctx.addin is None:
        return skipped(T_SHARE, "needs the add-in (step 1)")
    out, bad = _share(ctx, T_SHARE, whole=False)
    if bad:
        return bad
    try:
        from openpyxl import load_workbook

        names = load_workbook(out, read_only=True).sheetnames
    except Exception as exc:
        return failed(T_SHARE, f"'{out.name}' does not open with openpyxl ({short(exc)})",
                      fix="please send us the report file and the copy")
    if RANKING_SHEET not in names:
        return failed(T_SHARE, f"'{out.name}' has no Ranking sheet (sheets: {', '.join(names)})",
                      fix="please send us the report file and the copy")
    return passed(T_SHARE, f"'{out.name}' written, sheets {', '.join(names)}")


def step_timing(ctx: Context) -> Line:
    excel = ctx.excel
    if not excel.formulas:
        return skipped(T_TIMING, NO_FORMULAS)
    cs = ctx.facts.get("clients") or client_sheet(excel, ctx.book)
    if not cs.rows:
        return failed(T_TIMING, "the Clients sheet has no clients", fix="reinstall xlclientrank")
    _ensure_sheet(ctx, SELFTEST_SHEET)
    tick = time.perf_counter
    excel.write(ctx.book, SELFTEST_SHEET, "F1", f"={CLIENT_TIER}(Clients!{cs.block(2)})")
    started = tick()
    for _ in range(TIMING_CALLS):
        excel.calculate(ctx.book, SELFTEST_SHEET, "F1")
    per_call = (tick() - started) / TIMING_CALLS
    one = excel.read(ctx.book, SELFTEST_SHEET, "F1")
    if is_error(one) or one is None:
        return failed(T_TIMING, f"{CLIENT_TIER} shows {short(one)}", one or "#NAME?")
    full = ctx.facts.get("template_full")
    if full is None:
        started = tick()
        excel.calculate_full()
        full = tick() - started
    n, width = TIMING_ROWS, len(cs.header) if cs.live is None else cs.live
    data = [[row[j] if j < len(row) else None for j in range(width)] for row in
            (cs.rows[k % len(cs.rows)] for k in range(n))]
    many, single = f"{SELFTEST_SHEET} {n}", f"{SELFTEST_SHEET} 1"
    for name in (many, single):
        _ensure_sheet(ctx, name)
    excel.write(ctx.book, many, f"A1:{cs.last}1", [cs.header[:width]])
    excel.write(ctx.book, many, f"A2:{cs.last}{n + 1}", data)
    rows_col = column_letter(width + 1)
    excel.write(ctx.book, many, f"{rows_col}2:{rows_col}{n + 1}",
                [[f"={CLIENT_TIER}(A{r}:{cs.last}{r})"] for r in range(2, n + 2)])
    started = tick()
    excel.calculate(ctx.book, many, f"{rows_col}2:{rows_col}{n + 1}")
    t_single = tick() - started
    excel.write(ctx.book, single, "A2", f"={CLIENT_TIER}('{many}'!A2:{cs.last}{n + 1})")
    started = tick()
    excel.calculate(ctx.book, single, "A2")
    t_many = tick() - started
    results = [r[0] for r in as_rows(excel.read(ctx.book, single, f"A2:A{n + 1}"))]
    good = sum(1 for v in results if v not in (None, "") and not is_error(v))
    detail = (f"one {CLIENT_TIER} {per_call * 1000:.1f} ms per call (average of {TIMING_CALLS}); full recalculation of "
              f"the template {full:.2f} s; {n:,} single-row formulas {t_single:.2f} s "
              f"({t_single / n * 1000:.2f} ms each) vs one formula over {n:,} rows {t_many:.2f} s")
    if good == n:
        detail += f" ({n:,} results, one per row)"
    else:
        detail += (f" (it gave {good:,} results for {n:,} rows" + (f": {short(results[0], 80)}" if results and
                                                                    is_error(results[0]) else "")
                   + "; one result per row needs a newer xlclientrank or Excel with dynamic arrays)")
    ctx.facts["timing"] = {"per_call": per_call, "template_full": full, "single_rows": t_single, "many_rows": t_many}
    return passed(T_TIMING, detail)


def step_share_whole(ctx: Context) -> Line:
    if ctx.addin is None:
        return skipped(T_WHOLE, "needs the add-in (step 1)")
    out, bad = _share(ctx, T_WHOLE, whole=True)
    if bad:
        return bad
    left = our_formulas_left(out)  # read from the file itself: Excel, with the add-in loaded, would compute them
    if left:
        return failed(T_WHOLE, f"'{out.name}' still calls our functions ({left})",
                      fix="please send us the report file and the copy")
    excel = ctx.excel
    try:
        copy, boxes = excel.open_shown(out)
    except Exception as exc:
        return failed(T_WHOLE, f"Excel could not open '{out.name}' ({short(exc)})", exc,
                      fix="please send us the report file and the copy")
    try:
        if boxes:
            return failed(T_WHOLE, f"Excel showed, opening '{out.name}': {' / '.join(boxes)}",
                          fix="please send us the report file and the copy")
        sheets = excel.sheets(copy)
        if CALIBRATION_SHEET in sheets or "Clients" not in sheets:
            return failed(T_WHOLE, f"'{out.name}' has the sheets {', '.join(sheets)}",
                          fix="please send us the report file and the copy")
        if not excel.formulas:  # Excel for Mac: the scratch workbook's CLIENT_* cells do not run here
            return passed(T_WHOLE, f"'{out.name}' opens without a box, sheets {', '.join(sheets)} (its values are "
                                   "not compared: " + NO_FORMULAS + ")")
        mine, theirs = excel.used(ctx.book, "Clients"), excel.used(copy, "Clients")
        errors = [v for row in theirs for v in row if is_error(v)]
        if errors:
            return failed(T_WHOLE, f"its Clients sheet shows {short(errors[0])} ({len(errors)} cells)",
                          fix="please send us the report file and the copy")
        differ = [(r, c) for r, row in enumerate(mine) for c, v in enumerate(row)
                  if v not in (None, "") and not _same(v, theirs[r][c] if r < len(theirs) and c < len(theirs[r])
                                                       else None)]
        if differ:
            r, c = differ[0]
            return failed(T_WHOLE, f"its Clients sheet differs from the scratch workbook's in {len(differ)} cells, "
                          f"first {column_letter(c)}{r + 1}", fix="please send us the report file and the copy")
    finally:
        try:
            excel.close(copy)
        except Exception:  # the check is made; Excel quits at the end anyway
            pass
    return passed(T_WHOLE, f"'{out.name}' opens without a box, sheets {', '.join(sheets)}; its Clients sheet "
                           f"shows the scratch workbook's {sum(len(r) for r in mine):,} cells")


def our_formulas_left(path: Path) -> str:
    """The first cell of the copy whose formula calls one of our functions ("" when none does)."""
    from openpyxl import load_workbook

    from xlclientrank.ooxml.freeze import calls_ours

    wb = load_workbook(path, read_only=True)
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    v = getattr(c.value, "text", c.value)  # an array formula comes as ArrayFormula
                    if isinstance(v, str) and v.startswith("=") and calls_ours(v[1:]):
                        return f"'{ws.title}'!{c.coordinate}: {v}"
    finally:
        wb.close()
    return ""


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return close_enough(a, b)
    return a == b


STEPS: tuple[Callable[[Context], Line], ...] = (step_addin, step_rerank, step_formulas, step_pareto, step_edit,
                                                step_share, step_timing, step_share_whole, step_notes)
TITLES = (T_ADDIN, T_RERANK, T_FORMULAS, T_PARETO, T_EDIT, T_SHARE, T_TIMING, T_WHOLE, T_NOTES)


def run_steps(ctx: Context, emit: Callable[[Line], None]) -> list[Line]:
    lines = []
    for step, title in zip(STEPS, TITLES):
        if ctx.excel.stopped:
            line = skipped(title, "Excel had to be stopped in an earlier step")
        else:
            try:
                line = step(ctx)
            except Exception as exc:  # a step must end in a line, whatever Excel raised
                line = failed(title, f"{type(exc).__name__}: {short(exc)}", exc)
        if line.status == "failed":
            ctx.failed.add(title)
        lines.append(line)
        emit(line)
    return lines

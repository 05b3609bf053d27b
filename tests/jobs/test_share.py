"""The advisor's copy: opens anywhere, what-if weights recalculated by LibreOffice, nothing leaked."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from openpyxl import load_workbook

from tests.helpers import SAMPLE, libreoffice_convert, make_workbook, parts, run_cli
from xlclientrank import engine
from xlclientrank.jobs.rerank import load
from xlclientrank.jobs.share import share
from xlclientrank.ooxml import book
from xlclientrank.ooxml.package import Package
from xlclientrank.stored.settings_place import cells

ERRORS = re.compile(r"^#(N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!)")


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("share")
    src = tmp / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    before = src.read_bytes()
    out = share(src, today=dt.date(2026, 11, 26)).path
    assert src.read_bytes() == before, "the original is untouched"
    return src, out


def table_of(path, data_only=True):
    ws = load_workbook(path, data_only=data_only)["Ranking"]
    rows = list(ws.iter_rows(values_only=True))
    i = next(k for k, r in enumerate(rows) if r[:2] == ("Rank", "Client"))
    head = list(rows[i])
    return head, [r for r in rows[i + 1:] if r[1] is not None]


def test_the_copy_holds_only_our_sheets_and_no_macros_links_or_addin_paths(shared):
    src, out = shared
    assert out.name == "clients - for advisor.xlsx" and out.parent == src.parent
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Ranking", "ClientRank Settings", "ClientRank Methodology", "Rank History"]
    names = set(parts(out))
    assert not any("vbaProject" in n or "externalLink" in n or "customUI" in n for n in names)
    for name, data in parts(out).items():
        text = data.decode("utf-8", "replace")
        assert "xlam" not in text and "CLIENT_" not in text and "PARETO_" not in text, name


def test_libreoffice_opens_it_with_no_error_value_and_the_scores_the_engine_gives(shared):
    _, out = shared
    recalculated = libreoffice_convert([out], "xlsx:Calc MS Excel 2007 XML", recalculate=True)[out]
    for ws in load_workbook(recalculated, data_only=True).worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, str) and ERRORS.match(v)), (ws.title, v)
    head, body = table_of(recalculated)
    ours_head, ours = table_of(out)
    assert [r[head.index("Score")] for r in body] == pytest.approx([r[ours_head.index("Score")] for r in ours],
                                                                   abs=1e-9)
    assert [r[0] for r in body] == [r[0] for r in ours]


def set_weights(path, new: dict[str, float]):
    """Types new weights into the copy's settings sheet, as the advisor would, and drops the saved
    results of every formula, so nothing but a recalculation can fill them in."""
    loaded = load(SAMPLE)
    where = cells(loaded.settings)
    pkg = Package.read(path)
    sheets = book.sheet_parts(pkg)
    settings_part = sheets["ClientRank Settings"]
    xml = pkg.parts[settings_part].decode()
    for column, weight in new.items():
        ref = where[f"weight:{column}"].split("!")[1].replace("$", "")
        xml, k = re.subn(rf'(<c r="{ref}"[^>]*>)<v>[^<]*</v>', rf"\g<1><v>{weight}</v>", xml)
        assert k == 1, ref
    pkg.set(settings_part, xml.encode())
    ranking_part = sheets["Ranking"]
    pkg.set(ranking_part, re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", pkg.parts[ranking_part]))
    pkg.write_atomic(path)


def test_changing_a_weight_moves_scores_ranks_and_tiers_like_the_engine(shared, tmp_path):
    _, out = shared
    copy = tmp_path / "what-if.xlsx"
    shutil.copyfile(out, copy)
    new = {"Revenue 2026": 1, "Complaints": 5, "Fit (1-5)": 0}
    set_weights(copy, new)
    recalculated = libreoffice_convert([copy], "xlsx:Calc MS Excel 2007 XML", recalculate=True)[copy]
    head, body = table_of(recalculated)
    got = {r[1]: (r[head.index("Score")], r[head.index("Rank")], r[head.index("Tier")]) for r in body}
    loaded = load(SAMPLE)
    config = loaded.settings.config()
    factors = tuple(engine.Factor(f.column, new.get(f.column, f.weight), f.higher_is_better, f.kind)
                    for f in config.factors)
    want = engine.rank(loaded.table.frame, engine.RankConfig(factors, config.tiers, config.scale, config.missing,
                                                             config.pareto_column), "Client").table
    assert len(got) == len(want) == 150
    for name, score, rank, tier in want[["Client", "Score", "Rank", "Tier"]].itertuples(index=False):
        assert got[name][0] == pytest.approx(score, abs=1e-9), name
        assert (got[name][1], got[name][2]) == (rank, tier), name
    before = {r[1]: r[0] for r in table_of(out)[1]}
    assert sum(before[n] != got[n][1] for n in got) > 50  # the weights really moved the ranking


def test_anonymized_copy_leaks_no_name_email_or_phone(tmp_path):
    src = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    wb = load_workbook(src)
    ws = wb["Clients"]
    ws.cell(1, 12).value = "Phone"
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 12).value = f"+44 20 7946 {r:04d}"
    ws.cell(7, 3).value = "ask jane@example.com"  # a note typed into a number column, quoted in the data notes
    wb.save(src)
    originals = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    emails = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)] + ["jane@example.com"]
    phones = [ws.cell(r, 12).value for r in range(2, ws.max_row + 1)]
    out = tmp_path / "anon.xlsx"
    code, _, err = run_cli("share", src, "--anonymize", "--out", out)
    assert code == 0, err
    for name, data in parts(out).items():
        text = data.decode("utf-8", "replace")
        for needle in originals + emails + phones:
            assert needle not in text, (name, needle)
        assert "@" not in text or name.endswith(".rels") or "schemas" in text
    ranked = load_workbook(out, data_only=True)["Ranking"]
    assert any(c.value == "Client 001" for c in ranked["B"])
    aliases = load_workbook(src, read_only=True)["ClientRank Aliases"]
    pairs = {r[0]: r[1] for r in aliases.iter_rows(min_row=4, values_only=True)}
    assert len(pairs) == 150 and set(pairs.values()) == set(originals)


def test_an_anonymous_copy_names_no_client_in_what_changed(tmp_path):
    """The summary's change lines name who moved, who is new and who is gone: in the anonymous copy
    they name the aliases only. A copy made the day of the last ranking says what changed as that
    ranking did (against the run before it), not that nothing changed since earlier that day."""
    src = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src, "--date", "2026-10-31")[0] == 0
    wb = load_workbook(src)
    ws = wb["Clients"]
    originals = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    for r in range(2, 40):  # a big year for some clients: they move up
        ws.cell(r, 3).value = 250000 - 1000 * r
    ws.delete_rows(60)       # one client gone
    wb.save(src)
    assert run_cli("rerank", src, "--date", "2026-11-30")[0] == 0
    summary = [str(c) for r in load_workbook(src, read_only=True)["ClientRank Summary"].iter_rows(values_only=True)
               for c in r if c]
    assert any("Moved up" in line for line in summary) and any(n in " ".join(summary) for n in originals)
    out = tmp_path / "anon.xlsx"
    share(src, out=out, anonymize=True, today=dt.date(2026, 11, 30))  # the day of the last ranking
    for name, data in parts(out).items():
        text = data.decode("utf-8", "replace")
        for needle in originals:
            assert needle not in text, (name, needle)
    copy = [str(c) for r in load_workbook(out, read_only=True)["Summary"].iter_rows(values_only=True) for c in r if c]
    assert any(re.search(r"from \w+ to \w+: Client \d{3}", line) for line in copy)  # the movers, as aliases


def test_drop_columns_and_large_lists_switch_what_if_off_with_a_reason(tmp_path):
    src = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    out = tmp_path / "dropped.xlsx"
    code, _, err = run_cli("share", src, "--drop-columns", "Gross profit", "--out", out)
    assert code == 0, err
    head, body = table_of(out, data_only=False)
    assert "Gross profit" not in head and not str(body[0][head.index("Score")]).startswith("=")
    ws = load_workbook(out)["Ranking"]
    assert "What-if is off" in ws["A4"].value and "Gross profit" in ws["A4"].value
    rows = [["Client", "Revenue"]] + [[f"C{i}", float(i + 1)] for i in range(2500)]
    big = make_workbook(tmp_path / "big.xlsx", rows)
    out = tmp_path / "big - copy.xlsx"
    assert run_cli("share", big, "--out", out)[0] == 0
    assert "2,500 clients" in load_workbook(out)["Ranking"]["A4"].value


def test_share_errors_are_one_line(tmp_path):
    code, out, err = run_cli("share", tmp_path / "missing.xlsx")
    assert code == 3 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    code, out, err = run_cli("share", src, "--out", src)
    assert code == 3 and "must not replace your workbook" in err

"""The owner workbooks of tests/corpus/real/ (what real files carry) each get their expected outcome.

Each file (made by tests/corpus/make_real_features.py) holds the same 20 clients on "Clients" plus
one feature real workbooks carry; tests/corpus/real/expected.py says whether ``rerank`` ranks it
(every part not ours byte for byte) or refuses it (one line, nothing written). The fixtures are
also checked to be real: consistent packages that openpyxl and LibreOffice read (except where
expected.NOT_READ_BY says a reader does not support the feature).
"""

from __future__ import annotations

import posixpath
import shutil
import warnings
from pathlib import Path

import pytest
from lxml import etree

from tests.helpers import CORPUS, libreoffice_convert, load_module, parts, ranking_rows, run_cli
from tests.ooxml.test_preservation import assert_preserved

REAL = CORPUS / "real"
REFUSAL_EXIT = 3  # a refusal about the file itself: WorkbookFileError (xlclientrank/errors.py)
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


expected = load_module(REAL / "expected.py", "corpus_real_expected")
generator = load_module(CORPUS / "make_real_features.py", "make_real_features")
EXPECTED = expected.EXPECTED
FILES = sorted(EXPECTED)
RANKS = [n for n in FILES if EXPECTED[n]["outcome"] == "ranks"]
REFUSED = [n for n in FILES if EXPECTED[n]["outcome"] == "refused"]
WITH_OPTION = [n for n in FILES if "with_option" in EXPECTED[n]]
CLIENT_NAMES = sorted(c[0] for c in generator.CLIENTS)
STANDARD_NAMES = {"m_part_names.xlsx"}  # assert_preserved assumes xl/workbook.xml and xl/styles.xml


def reads(reader: str, name: str) -> bool:
    return reader not in expected.NOT_READ_BY.get(name, {})


# ---------------------------------------------------------------------------------- packages

def _office_document(p: dict[str, bytes]) -> str:
    for r in etree.fromstring(p["_rels/.rels"]).iter(REL_NS + "Relationship"):
        if r.get("Type").endswith("/officeDocument"):
            return r.get("Target").lstrip("/")
    raise AssertionError("no officeDocument relationship in _rels/.rels")


def _rels_of(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _relationships(p: dict[str, bytes], rels: str):
    """(relationship element, resolved target part or None for external) of one .rels part."""
    source_dir = posixpath.dirname(posixpath.dirname(rels))
    for r in etree.fromstring(p[rels]).iter(REL_NS + "Relationship"):
        if r.get("TargetMode") == "External":
            yield r, None
            continue
        t = r.get("Target")
        yield r, (t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(source_dir, t)))


def _ours(p: dict[str, bytes]) -> set[str]:
    """The parts a rebuild of our sheets may rewrite: content types, the workbook part (wherever
    _rels/.rels puts it), its relationships, its styles (append-only, checked below) and calcChain."""
    wb = _office_document(p)
    out = {"[Content_Types].xml", wb, _rels_of(wb)}
    for r, target in _relationships(p, _rels_of(wb)):
        if target and r.get("Type").rsplit("/", 1)[1] in ("styles", "calcChain"):
            out.add(target)
    return out


def _content_types(p: dict[str, bytes]) -> set[tuple]:
    return {tuple(sorted(e.attrib.items())) for e in etree.fromstring(p["[Content_Types].xml"])}


def assert_owner_parts_kept(before: Path, after: Path, gone: tuple[str, ...] = ()) -> None:
    """Every part that is not ours keeps its bytes; the owner's sheets, names, styles, relationships
    and content types are all still there. ``gone``: parts that must have been removed, with every
    relationship to them and their content types. Works for any workbook part name and namespace
    (Strict, x: prefix), unlike test_preservation.assert_preserved."""
    a, b = parts(before), parts(after)
    may_change = _ours(a) | ({"_rels/.rels"} if gone else set())
    lost = [n for n in a if n not in b and n not in gone]
    changed = [n for n in a if n in b and a[n] != b[n] and n not in may_change]
    assert not lost and not changed, (lost, changed)
    for n in gone:
        assert n not in b, f"{n} is still there"
    wb = _office_document(a)
    assert _office_document(b) == wb
    ra, rb = etree.fromstring(a[wb]), etree.fromstring(b[wb])
    ns = etree.QName(ra).namespace
    sheets = lambda root: [dict(s.attrib) for s in root.iterfind(f"{{{ns}}}sheets/{{{ns}}}sheet")]  # noqa: E731
    assert sheets(ra), "the owner's sheets are found"
    assert sheets(rb)[:len(sheets(ra))] == sheets(ra), "the owner's sheets keep name, id, order and relationship"
    names = lambda root: {(d.get("name"), d.get("localSheetId"), d.text)  # noqa: E731
                          for d in root.iterfind(f"{{{ns}}}definedNames/{{{ns}}}definedName")}
    assert names(ra) <= names(rb), names(ra) - names(rb)
    styles = [t for r, t in _relationships(a, _rels_of(wb)) if t and r.get("Type").endswith("/styles")]
    for part in styles:
        sa, sb = etree.fromstring(a[part]), etree.fromstring(b[part])
        sns = etree.QName(sa).namespace
        for tag in ("numFmts", "fonts", "fills", "borders", "cellXfs", "cellStyleXfs", "dxfs"):
            ea, eb = sa.find(f"{{{sns}}}{tag}"), sb.find(f"{{{sns}}}{tag}")
            if ea is None:
                continue
            old = [etree.tostring(e) for e in ea]
            assert eb is not None and [etree.tostring(e) for e in eb][:len(old)] == old, f"{part}: {tag}"
    for rels in [n for n in a if n.endswith(".rels") and n not in gone]:
        assert rels in b, rels
        kept = {tuple(sorted(r.attrib.items())) for r, t in _relationships(a, rels) if t not in gone}
        now = {tuple(sorted(r.attrib.items())) for r, _ in _relationships(b, rels)}
        assert kept <= now, (rels, kept - now)
    for rels in [n for n in b if n.endswith(".rels")]:
        for _, t in _relationships(b, rels):
            assert t not in gone, f"{rels} still relates {t}"
    gone_names = {"/" + n.lower() for n in gone}
    still_used = {n.rpartition(".")[2].lower() for n in b}
    kept_ct = {e for e in _content_types(a)
               if dict(e).get("PartName", "").lower() not in gone_names
               and (dict(e).get("Extension") is None or dict(e)["Extension"].lower() in still_used)}
    assert kept_ct <= _content_types(b), kept_ct - _content_types(b)
    for e in _content_types(b):
        assert dict(e).get("PartName", "").lower() not in gone_names, e


def _ranked_clients(path: Path, name: str) -> list[str]:
    """The client names of the Ranking sheet's table (openpyxl via tests.helpers.ranking_rows; python-calamine
    for the files openpyxl does not read)."""
    if reads("openpyxl", name):
        head, body = ranking_rows(path)
        return sorted(r[head.index("Client")] for r in body)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Ranking").to_python()
    for i, r in enumerate(rows):
        if list(r[:2]) == ["Rank", "Client"]:
            return sorted(x[1] for x in rows[i + 1:] if x[0] not in ("", None))
    raise AssertionError("no ranked table in the Ranking sheet")


def _copy(name: str, tmp_path: Path) -> Path:
    src = tmp_path / name
    shutil.copyfile(REAL / name, src)
    return src


def _assert_ranked(src: Path, out: Path, name: str, code: int, err: str, gone=()) -> None:
    assert code == 0, err
    assert "Traceback" not in err, err
    assert _ranked_clients(out, name) == CLIENT_NAMES
    assert_owner_parts_kept(src, out, tuple(gone))
    if not gone and name not in STANDARD_NAMES:
        assert_preserved(src, out)
    before, after = parts(src), parts(out)
    for part in EXPECTED[name].get("unchanged", []):
        assert part in before and after.get(part) == before[part], part


# ---------------------------------------------------------------------------------- the fixtures

def test_the_table_names_every_file_of_the_folder():
    assert sorted(p.name for p in REAL.glob("*.xls[xm]")) == FILES
    assert set(expected.NOT_READ_BY) <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_each_fixture_is_a_consistent_package(name):
    """Well-formed XML, every internal relationship reaches a part, every part has a content type."""
    p = parts(REAL / name)
    ct = etree.fromstring(p["[Content_Types].xml"])
    defaults = {e.get("Extension").lower() for e in ct.iter(CT_NS + "Default")}
    overrides = {e.get("PartName").lstrip("/") for e in ct.iter(CT_NS + "Override")}
    for n, data in p.items():
        if n.endswith((".xml", ".rels", ".vml")):
            etree.fromstring(data)
        if n != "[Content_Types].xml":
            assert n in overrides or n.rpartition(".")[2].lower() in defaults, f"{n} has no content type"
    assert overrides <= set(p), overrides - set(p)
    for rels in [n for n in p if n.endswith(".rels")]:
        for r, target in _relationships(p, rels):
            assert target is None or target in p, f"{rels}: {r.get('Id')} -> {target}"
    assert "Clients" in etree.tostring(etree.fromstring(p[_office_document(p)])).decode()


@pytest.mark.parametrize("name", [n for n in FILES if reads("openpyxl", n)])
def test_each_fixture_opens_in_openpyxl(name):
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(REAL / name, keep_vba=name.endswith(".xlsm"))
    rows = list(wb["Clients"].iter_rows(values_only=True))
    assert list(rows[0]) == generator.HEADER
    assert sorted(r[0] for r in rows[1:]) == CLIENT_NAMES


@pytest.mark.parametrize("name,reader", [(n, r) for n in FILES for r in expected.NOT_READ_BY.get(n, {})])
def test_a_reader_said_not_to_read_a_fixture_indeed_does_not(name, reader):
    """So that NOT_READ_BY stays true: the day openpyxl reads it, the fixture is checked with it."""
    assert reader == "openpyxl"
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = load_workbook(REAL / name)
        except Exception:
            return
    assert "Clients" not in wb.sheetnames or wb["Clients"].max_row < 21


# ---------------------------------------------------------------------------------- the outcomes

@pytest.mark.parametrize("name", FILES)
def test_each_fixture_gets_its_expected_outcome(name, tmp_path):
    want = EXPECTED[name]
    src = _copy(name, tmp_path)
    original = src.read_bytes()
    out = tmp_path / ("ranked" + src.suffix)
    code, stdout, err = run_cli("rerank", src, "--out", out)
    if want["outcome"] == "ranks":
        _assert_ranked(src, out, name, code, err)
        return
    assert want["outcome"] == "refused"
    lines = err.strip().splitlines()
    assert code == REFUSAL_EXIT, (code, err)
    assert len(lines) == 1, err
    assert name in lines[0], lines[0]
    for word in want["phrase"].split():
        assert word in lines[0].lower(), (word, lines[0])
    assert "Traceback" not in err + stdout
    assert src.read_bytes() == original, "the refused workbook is unchanged"
    assert not out.exists(), "no output is written for a refused workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name], "nothing left beside the workbook"


@pytest.mark.parametrize("name", WITH_OPTION)
def test_the_option_gets_its_outcome(name, tmp_path):
    opt = EXPECTED[name]["with_option"]
    assert opt["outcome"] == "ranks"
    src = _copy(name, tmp_path)
    out = tmp_path / ("ranked" + src.suffix)
    code, _, err = run_cli("rerank", src, "--out", out, opt["option"])
    _assert_ranked(src, out, name, code, err, gone=opt["removed"])
    assert not any(n.startswith("_xmlsignatures/") for n in parts(out))
    rels = parts(out)["_rels/.rels"].decode()
    assert "digital-signature" not in rels
    assert "digital-signature" not in parts(out)["[Content_Types].xml"].decode()


# ---------------------------------------------------------------------------------- LibreOffice

@pytest.mark.libreoffice
def test_libreoffice_reads_every_fixture_and_opens_every_ranked_result(tmp_path):
    """LibreOffice reads each fixture's client list (re-saved as .xlsx, read back) and opens every
    workbook rerank wrote (converted to PDF, and re-saved with the Ranking sheet and its 20 clients)."""
    from python_calamine import CalamineWorkbook

    resaved = libreoffice_convert([REAL / n for n in FILES], "xlsx:Calc MS Excel 2007 XML")
    for n in FILES:
        rows = CalamineWorkbook.from_path(str(resaved[REAL / n])).get_sheet_by_name("Clients").to_python()
        assert list(rows[0][:4]) == generator.HEADER, n
        assert sorted(r[0] for r in rows[1:] if r[0]) == CLIENT_NAMES, n
    ranked = {}
    runs = [(n, ()) for n in RANKS] + [(n, (EXPECTED[n]["with_option"]["option"],)) for n in WITH_OPTION]
    for i, (n, options) in enumerate(runs):
        (tmp_path / f"in{i}").mkdir()
        src = _copy(n, tmp_path / f"in{i}")
        out = tmp_path / f"in{i}" / ("ranked" + src.suffix)
        if run_cli("rerank", src, "--out", out, *options)[0] == 0:  # a failure is test_..._outcome's to report
            ranked[(n, options)] = out
    assert ranked, "nothing was ranked"
    pdfs = libreoffice_convert(list(ranked.values()), "pdf")
    again = libreoffice_convert(list(ranked.values()), "xlsx:Calc MS Excel 2007 XML")
    for key, out in ranked.items():
        assert pdfs[out].read_bytes()[:5] == b"%PDF-", key
        rows = CalamineWorkbook.from_path(str(again[out])).get_sheet_by_name("Ranking").to_python()
        for i, r in enumerate(rows):
            if list(r[:2]) == ["Rank", "Client"]:
                assert sorted(x[1] for x in rows[i + 1:] if x[0] not in ("", None)) == CLIENT_NAMES, key
                break
        else:
            raise AssertionError(f"{key}: LibreOffice shows no ranked table")

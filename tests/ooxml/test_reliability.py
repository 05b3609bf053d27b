"""Never lose or damage the owner's workbook: injected faults, untrusted files, and fuzzing."""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import CORPUS, SAMPLE, make_workbook, run_cli


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(args, contains: str, unchanged: Path):
    before = sha(unchanged)
    t = time.monotonic()
    code, out, err = run_cli(*args)
    assert code not in (0, 1), (code, err)
    assert contains in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert sha(unchanged) == before
    assert time.monotonic() - t < 30


# ---------------------------------------------------------------- injected faults

def test_an_exception_in_the_renderer_leaves_the_original_and_no_temp_file(sample, monkeypatch):
    from xlclientrank import render

    before = sha(sample)

    def boom(*args, **kwargs):
        raise RuntimeError("renderer failed")
    monkeypatch.setattr(render, "render", boom)
    code, _, err = run_cli("rerank", sample)
    assert code == 1 and "unexpected error" in err and "workbook was not changed" in err
    assert sha(sample) == before and sorted(p.name for p in sample.parent.iterdir()) == [sample.name]


def test_a_folder_that_cannot_be_written(sample, monkeypatch):
    import types

    from xlclientrank.ooxml import files as package

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    # the folder refuses the temporary file (as a read-only folder does for everyone but root)
    monkeypatch.setattr(package, "tempfile", types.SimpleNamespace(mkstemp=denied))
    assert_refused(["rerank", sample], "choose a folder you may write to", sample)


def big_workbook(path: Path, n: int = 20000) -> Path:
    rows = [["Client", "Revenue", "Orders", "Hours"]] + [[f"Client {i:05d}", float(i % 997 + 1), i % 13, i % 7]
                                                         for i in range(n)]
    return make_workbook(path, rows)


def test_killing_the_process_at_any_moment_leaves_the_original(tmp_path):
    src = big_workbook(tmp_path / "clients.xlsx")
    before = sha(src)
    start = time.monotonic()
    finished = subprocess.run([sys.executable, "-m", "xlclientrank", "rerank", str(src), "--out",
                               str(tmp_path / "probe.xlsx"), "-q"], capture_output=True)
    full = time.monotonic() - start
    assert finished.returncode == 0
    for fraction in (0.2, 0.4, 0.6, 0.8, 0.95):
        p = subprocess.Popen([sys.executable, "-m", "xlclientrank", "rerank", str(src), "-q"])
        time.sleep(full * fraction)
        p.send_signal(signal.SIGKILL)
        p.wait()
        if sha(src) != before:  # the run may have finished: then the file must be a complete ranking
            from openpyxl import load_workbook
            assert "Ranking" in load_workbook(src, read_only=True).sheetnames
            shutil.copyfile(tmp_path / "probe.xlsx", src)
            before = sha(src)
        assert zipfile.ZipFile(src).testzip() is None
    # a temporary file left by a killed run is removed by a later run once it is stale
    stale = [p for p in tmp_path.glob(".~clients.*.tmp")]
    for p in stale:
        os.utime(p, (time.time() - 3600, time.time() - 3600))
    assert run_cli("rerank", src, "-q")[0] == 0
    assert not list(tmp_path.glob(".~clients.*.tmp"))


# ---------------------------------------------------------------- untrusted files

def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path):
    src = tmp_path / "bomb.xlsx"
    shutil.copyfile(SAMPLE, src)
    data = bytearray(src.read_bytes())
    # claim 4 GB for the first sheet in the central directory, as a bomb would
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + length] == name:
            data[at + 24:at + 28] = struct.pack("<I", 0xFFFFFFF0)
            break
        at = data.find(b"PK\x01\x02", at + 4)
    src.write_bytes(bytes(data))
    assert_refused(["rerank", src], "expands to more than", src)


def test_an_honest_but_huge_part_is_refused(tmp_path, monkeypatch):
    from xlclientrank.ooxml import package

    monkeypatch.setattr(package, "MAX_PART_BYTES", 20 << 20)
    src = tmp_path / "big.xlsx"
    with zipfile.ZipFile(SAMPLE) as z, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, z.read(info))
        out.writestr("xl/media/filler.bin", bytes(60 << 20))
    assert_refused(["rerank", src], "expands to more than", src)


def with_part(src: Path, out: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            w.writestr(info, data if info.filename == name else z.read(info))
        if name not in z.namelist():
            w.writestr(name, data)
    return out


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>"""


def test_entity_expansion_is_refused(tmp_path):
    src = make_workbook(tmp_path / "base.xlsx", [["Client", "Revenue"], ["A", 1], ["B", 2]])
    bad = with_part(src, tmp_path / "laughs.xlsx", "xl/sharedStrings.xml", BILLION_LAUGHS)
    assert_refused(["rerank", bad], "declares a DOCTYPE", bad)


def test_deeply_nested_xml_is_refused(tmp_path):
    src = make_workbook(tmp_path / "base.xlsx", [["Client", "Revenue"], ["A", 1], ["B", 2]])
    with zipfile.ZipFile(src) as z:
        wb = z.read("xl/workbook.xml")
    deep = wb.replace(b"</workbook>", b"<extLst>" + b"<a>" * 100000 + b"</a>" * 100000 + b"</extLst></workbook>")
    bad = with_part(src, tmp_path / "deep.xlsx", "xl/workbook.xml", deep)
    assert_refused(["rerank", bad], "damaged", bad)


def test_a_stray_value_far_away_is_left_out_and_a_giant_sheet_refused(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in [["Client", "Revenue"], ["A", 1.0], ["B", 2.0]]:
        ws.append(row)
    ws["XFD1048576"] = "stray"
    far = tmp_path / "far.xlsx"
    wb.save(far)
    code, out, err = run_cli("rerank", far, "--out", tmp_path / "o.xlsx", "--json")
    assert code == 0 and "for example XFD1048576" in err
    from openpyxl.utils import get_column_letter

    for col in range(1, 46):  # a million rows of 45 columns: more than the reader lays out
        ws[f"{get_column_letter(col)}1048576"] = 1
    giant = tmp_path / "giant.xlsx"
    wb.save(giant)
    assert_refused(["rerank", giant], "more cells than xlclientrank reads", giant)


def stored_with_damage(src: Path, out: Path, *names: str) -> Path:
    """``src`` with the parts ``names`` stored uncompressed and one byte of each changed: their CRC no
    longer matches, as in a file damaged on a disk or in a download."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            w.writestr(info.filename, z.read(info),
                       compress_type=zipfile.ZIP_STORED if info.filename in names else zipfile.ZIP_DEFLATED)
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as z:
        infos = [z.getinfo(n) for n in names]
    for info in infos:
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        assert data[start:start + 1] == b"<", "the stored part's data starts here"
        data[start + info.file_size // 2] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def test_a_damaged_part_of_the_owner_is_refused_and_the_file_left_as_it_was(tmp_path):
    """Parts are decompressed when first needed: one the run only copies (the document properties)
    is found damaged when the result is written, still before the owner's file is touched."""
    src = make_workbook(tmp_path / "base.xlsx", [["Client", "Revenue"], ["A", 1], ["B", 2]])
    with zipfile.ZipFile(src) as z:
        props = next(n for n in z.namelist() if n.startswith("docProps/"))
    bad = stored_with_damage(src, tmp_path / "bad.xlsx", props)
    with zipfile.ZipFile(bad) as z:
        assert z.testzip() == props  # zipfile itself sees the damage
    assert_refused(["rerank", bad], f"part {props}", bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "base.xlsx"]  # no temporary file left


def test_our_sheets_that_a_run_replaces_are_not_read(tmp_path):
    """The Ranking and Calibration sheets of the run before are replaced without being decompressed
    (they grow with the workbook; reading them would cost every monthly run): even a damaged one is
    simply written again, while the owner's sheets and the history are read as before. (Only the first
    4 KB of every part are read, for the DOCTYPE check: the sheets here are longer.)"""
    rows = [["Client", "Revenue"]] + [[f"Client {i:03d}", float(i)] for i in range(1, 301)] + [["C", 1000.0]]
    src = make_workbook(tmp_path / "base.xlsx", rows)
    code, _, err = run_cli("rerank", src, "--date", "2026-01-31")
    assert code == 0, err
    from xlclientrank.ooxml import book
    from xlclientrank.ooxml.package import Package

    entries = {e.name: e.part for e in book.sheet_entries(Package.read(src))}
    with zipfile.ZipFile(src) as z:
        assert min(z.getinfo(entries[n]).file_size for n in ("Ranking", "ClientRank Calibration")) > 4096
    bad = stored_with_damage(src, tmp_path / "bad.xlsx", entries["Ranking"], entries["ClientRank Calibration"])
    code, _, err = run_cli("rerank", bad, "--date", "2026-02-28")
    assert code == 0, err
    with zipfile.ZipFile(bad) as z:
        assert z.testzip() is None
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(bad))
    ranking = wb.get_sheet_by_name("Ranking").to_python()
    assert sum("C" in r for r in ranking) == 1 and sum(r.count("Client 150") for r in ranking) == 1
    history = wb.get_sheet_by_name("Rank History").to_python()
    assert history[1][6] == history[1][1] + " | " + history[1][1]  # both runs kept: the history was read
    damaged_history = stored_with_damage(bad, tmp_path / "bad3.xlsx", entries["Rank History"])
    assert_refused(["rerank", damaged_history, "--date", "2026-03-31"], "damaged", damaged_history)


def test_a_damaged_part_that_only_the_values_reader_reads_is_refused(tmp_path):
    """python-calamine reads the shared strings from the file itself, without checking their checksum:
    they are checked before, so a damaged one is refused by share (which writes none of the owner's
    parts) as by rerank, instead of ranking garbled names."""
    src = SAMPLE  # its texts are shared strings, as Excel writes them
    with zipfile.ZipFile(src) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    bad = stored_with_damage(src, tmp_path / "bad.xlsx", "xl/sharedStrings.xml")
    assert_refused(["share", bad, "--out", tmp_path / "advisor.xlsx"], "part xl/sharedStrings.xml", bad)
    assert not (tmp_path / "advisor.xlsx").exists()
    assert_refused(["rerank", bad], "part xl/sharedStrings.xml", bad)


def test_our_replaced_sheets_are_not_read_when_the_values_reader_needs_its_own_copy(tmp_path):
    """A sheet entry with an empty r:id (real .xlsm files have them) makes the reader write a copy of
    the workbook for python-calamine: our sheets a run replaces are left out of it, not decompressed."""
    rows = [["Client", "Revenue"]] + [[f"Client {i:03d}", float(i)] for i in range(1, 301)]
    src = make_workbook(tmp_path / "base.xlsx", rows)
    assert run_cli("rerank", src, "--date", "2026-01-31")[0] == 0
    from lxml import etree

    with zipfile.ZipFile(src) as z:
        root = etree.fromstring(z.read("xl/workbook.xml"))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    entry = etree.SubElement(root.find(f"{{{main}}}sheets"), f"{{{main}}}sheet", nsmap={"r": rel})
    entry.set("name", "Old macro sheet")
    entry.set("sheetId", "99")
    entry.set(f"{{{rel}}}id", "")
    dangling = with_part(src, tmp_path / "dangling.xlsx", "xl/workbook.xml", etree.tostring(root))
    from xlclientrank.ooxml import book
    from xlclientrank.ooxml.package import Package

    ranking = next(e.part for e in book.sheet_entries(Package.read(dangling)) if e.name == "Ranking")
    bad = stored_with_damage(dangling, tmp_path / "bad.xlsx", ranking)
    code, out, err = run_cli("rerank", bad, "--date", "2026-02-28")
    assert code == 0 and "Old macro sheet" in err + out, err  # the empty entry is said, as before
    with zipfile.ZipFile(bad) as z:
        assert z.testzip() is None


def test_part_names_in_another_case_than_the_relationships_say(tmp_path):
    """The packaging standard compares part names case aside (ECMA-376 Part 2, 6.2.2.3), as Excel does:
    a workbook stored as xl/Workbook.xml and xl/worksheets/Sheet1.xml, its relationships saying
    xl/workbook.xml and worksheets/sheet1.xml, ranks; every part keeps its name and (but the parts
    a run changes) its bytes, and no two names of the result differ in case alone."""
    src = make_workbook(tmp_path / "base.xlsx", [["Client", "Revenue"], ["A", 1.0], ["B", 2.0], ["C", 3.0]])
    odd = tmp_path / "odd.xlsx"
    renamed = {"xl/workbook.xml": "xl/Workbook.xml", "xl/worksheets/sheet1.xml": "xl/worksheets/Sheet1.xml"}
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as w:
        assert set(renamed) <= set(z.namelist())
        for info in z.infolist():
            w.writestr(renamed.get(info.filename, info.filename), z.read(info))
    before = {i.filename: zipfile.ZipFile(odd).read(i) for i in zipfile.ZipFile(odd).infolist()}
    for day in ("2026-01-31", "2026-02-28"):
        code, _, err = run_cli("rerank", odd, "--date", day)
        assert code == 0, err
    with zipfile.ZipFile(odd) as z:
        names = z.namelist()
        assert len({n.lower() for n in names}) == len(names)
        changed = {"[Content_Types].xml", "xl/Workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
        for name, data in before.items():
            assert name in names, name
            if name not in changed:
                assert z.read(name) == data, name
    from python_calamine import CalamineWorkbook

    ranking = CalamineWorkbook.from_path(str(odd)).get_sheet_by_name("Ranking").to_python()
    assert sum("C" in r for r in ranking) == 1


# ---------------------------------------------------------------- fuzzing

FUZZ_EXAMPLES = int(os.environ.get("XLCR_FUZZ_EXAMPLES", "40"))
SEEDS = [SAMPLE] + sorted(CORPUS.glob("*.xlsx"))


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """One of: flip bytes, truncate, drop a zip entry, or damage one part's XML."""
    kind = rnd.choice(["flip", "truncate", "drop", "xml", "xml"])
    if kind == "flip":
        b = bytearray(data)
        for _ in range(rnd.randint(1, 20)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        return bytes(b)
    if kind == "truncate":
        return data[:rnd.randrange(len(data))]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(i, z.read(i)) for i in z.infolist()]
    victim = rnd.randrange(len(entries))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as w:
        for k, (info, part) in enumerate(entries):
            if k == victim and kind == "drop":
                continue
            if k == victim and kind == "xml" and part:
                a, b = sorted(rnd.randrange(len(part)) for _ in range(2))
                junk = rnd.choice([b"", b"<", b">", b"&", b'"', b"</x>", b"<c r=\"ZZZ9\">", b"\x00", b"\xff\xfe",
                                   b"<v>1e999</v>", b"<v>NaN</v>", b'r="A0"', b"#N/A"])
                part = part[:a] + junk + part[b:]
            w.writestr(info, part)
    return buf.getvalue()


class Timeout(Exception):
    pass


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, len(SEEDS) - 1), st.integers(0, 2**32 - 1))
def test_fuzz_every_run_ends_in_a_result_or_a_clear_error(tmp_path_factory, seed_index, seed):
    rnd = random.Random(seed)
    folder = tmp_path_factory.mktemp("fuzz")
    src = folder / "in.xlsx"
    src.write_bytes(mutate(SEEDS[seed_index].read_bytes(), rnd))
    before = sha(src)

    def alarm(*_):
        raise Timeout()
    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(60)
    try:
        code, out, err = run_cli("rerank", src, "--out", folder / "out.xlsx")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert code != 1, f"seed {seed} on {SEEDS[seed_index].name}: {err}"
    assert "Traceback" not in out + err
    assert sha(src) == before
    if code == 0:
        assert zipfile.ZipFile(folder / "out.xlsx").testzip() is None

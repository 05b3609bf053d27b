"""The owner's own protection and the file's identity.

* structure protection (Review > Protect Workbook) and a document signature refuse the run and
  change nothing; ``--remove-signature`` goes ahead and removes exactly the signature parts;
* a read-only file is not written over (``--out`` is the way);
* a symbolic link is written through; owner, group, permissions and hard links stay;
* an owner's sheet with one of our names is refused with its name and the fix, for each of ours;
* the temporary files of a killed run go as soon as their process is gone;
* the Re-rank button says the protection refusals with the fix done in Excel.

Signatures are built in the package layout of ECMA-376 Part 2 (Open Packaging Conventions) §13:
the origin part ``_xmlsignatures/origin.sigs`` reached from ``_rels/.rels`` by the
``digital-signature/origin`` relationship, the XML signature parts related from it, their content
types; the signature XML has the structure Office writes (W3C XML-DSig with a package Object and
Manifest), not a valid signature value (no reader we use verifies it).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.workbook.protection import WorkbookProtection

from tests.helpers import CORPUS, parts, ranking_rows, run_cli
from xlclientrank import render
from xlclientrank.ooxml import files, guard  # files: the file-system side of writing, which tests below patch
from xlclientrank.ooxml.package import Package

ROWS = [["Client", "Revenue", "Orders"]] + [[f"Client {i:02d}", 1000.0 + 97 * i, i % 5 + 1] for i in range(12)]
SIG = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/"


def book(path: Path, protect: bool = False) -> Path:
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "Clients"
    for r in ROWS:
        ws.append(r)
    wb.create_sheet("Notes").append(["Owner's notes"])
    if protect:  # what Review > Protect Workbook writes (openpyxl hashes the password as Excel's legacy hash)
        wb.security = WorkbookProtection(workbookPassword="secret", lockStructure=True)
    wb.save(path)
    return path


SIGNATURE_XML = (b'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#" Id="idPackageSignature"><SignedInfo>
<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>
<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
<Reference Type="http://www.w3.org/2000/09/xmldsig#Object" URI="#idPackageObject">
<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>AAAA</DigestValue></Reference>
</SignedInfo><SignatureValue>AAAA</SignatureValue><KeyInfo><X509Data><X509Certificate>AAAA</X509Certificate>
</X509Data></KeyInfo><Object Id="idPackageObject"><Manifest>
<Reference URI="/xl/workbook.xml?ContentType=application/vnd.openxmlformats-officedocument.spreadsheetml.'''
    b'''sheet.main+xml">
<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>AAAA</DigestValue></Reference>
</Manifest></Object></Signature>''')


def signed(path: Path) -> Path:
    book(path)
    with zipfile.ZipFile(path) as z:
        p = {n: z.read(n) for n in z.namelist()}
    p["_rels/.rels"] = p["_rels/.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdSig" Type="{SIG}origin" Target="_xmlsignatures/origin.sigs"/>'
                             "</Relationships>".encode())
    p["_xmlsignatures/origin.sigs"] = b""
    p["_xmlsignatures/_rels/origin.sigs.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.'
        f'org/package/2006/relationships"><Relationship Id="rId1" Type="{SIG}signature" Target="sig1.xml"/>'
        "</Relationships>").encode()
    p["_xmlsignatures/sig1.xml"] = SIGNATURE_XML
    p["[Content_Types].xml"] = p["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="sigs" ContentType="application/vnd.openxmlformats-package.digital-signature'
                     b'-origin"/><Override PartName="/_xmlsignatures/sig1.xml" ContentType="application/vnd.'
                     b'openxmlformats-package.digital-signature-xmlsignature+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in p.items():
            z.writestr(n, b)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(args, phrase: str, unchanged: Path) -> str:
    before = sha(unchanged)
    code, out, err = run_cli(*args)
    assert code not in (0, 1) and "Traceback" not in err + out, (code, err)
    assert len(err.strip().splitlines()) == 1 and phrase in err, err
    assert sha(unchanged) == before
    return err


# ---------------------------------------------------------------- 1. the owner's protection

def test_a_workbook_with_protected_structure_is_refused_in_place_and_with_out(tmp_path):
    src = book(tmp_path / "clients.xlsx", protect=True)
    err = refused(["rerank", src], "its structure is protected", src)
    assert "Review > Protect Workbook" in err and "Nothing was changed" in err and "run xlclientrank again" in err
    refused(["rerank", src, "--out", tmp_path / "ranked.xlsx"], "its structure is protected", src)
    assert not (tmp_path / "ranked.xlsx").exists()
    assert [f.name for f in tmp_path.iterdir()] == ["clients.xlsx"]  # no temporary file either


def test_a_structure_protection_without_lock_is_no_protection(tmp_path):
    src = book(tmp_path / "clients.xlsx", protect=True)
    with zipfile.ZipFile(src) as z:
        p = {n: z.read(n) for n in z.namelist()}
    p["xl/workbook.xml"] = p["xl/workbook.xml"].replace(b'lockStructure="1"', b'lockStructure="0"')
    with zipfile.ZipFile(src, "w") as z:
        for n, b in p.items():
            z.writestr(n, b)
    assert run_cli("rerank", src)[0] == 0


def test_a_signed_workbook_is_refused_and_remove_signature_removes_exactly_the_signature(tmp_path):
    src = signed(tmp_path / "signed.xlsx")
    assert guard.signature_parts(Package.read(src)) != []
    err = refused(["rerank", src], "is digitally signed", src)
    assert "--remove-signature" in err and "Nothing was changed" in err
    out = tmp_path / "ranked.xlsx"
    code, _, e = run_cli("rerank", src, "--out", out, "--remove-signature")
    assert code == 0, e
    before, after = parts(src), parts(out)
    gone = {"_xmlsignatures/origin.sigs", "_xmlsignatures/_rels/origin.sigs.rels", "_xmlsignatures/sig1.xml"}
    assert gone <= set(before) and not gone & set(after)
    assert b"digital-signature" not in after["_rels/.rels"] and b"digital-signature" not in after["[Content_Types].xml"]
    for name in set(before) - gone - {"_rels/.rels", "[Content_Types].xml", "xl/workbook.xml",
                                       "xl/_rels/workbook.xml.rels", "xl/styles.xml"}:
        assert after[name] == before[name], name
    # the package relationships keep everything else, byte for byte in meaning
    assert after["_rels/.rels"].count(b"<Relationship ") == before["_rels/.rels"].count(b"<Relationship ") - 1
    assert len(ranking_rows(out)[1]) == 12
    assert guard.signature_parts(Package.read(out)) == []


def test_a_signed_vba_project_is_not_a_document_signature():
    """The macros' signature signs the VBA project only, which is never changed: no refusal (the
    corpus file has Excel's vbaProject.bin with a vbaProjectSignature.bin related from it)."""
    pkg = Package.read(CORPUS / "real" / "b_signed_vba.xlsm")
    assert "xl/vbaProjectSignature.bin" in pkg.parts
    assert guard.signature_parts(pkg) == []
    guard.check_may_change(pkg)


@pytest.mark.parametrize("value", ["1", "true"])
def test_structure_protection_as_excel_and_other_writers_write_it(tmp_path, value):
    src = book(tmp_path / "clients.xlsx", protect=True)
    pkg = Package.read(src)
    pkg.set("xl/workbook.xml", pkg.parts["xl/workbook.xml"].replace(b'lockStructure="1"',
                                                                    f'lockStructure="{value}"'.encode()))
    assert guard.structure_protected(pkg)


def test_the_re_rank_button_says_the_fix_done_in_excel(tmp_path):
    from xlclientrank.excel import live

    exc = None
    try:
        guard.check_may_change(Package.read(book(tmp_path / "p.xlsx", protect=True)))
    except guard.ProtectedWorkbookError as e:
        exc = e
    text = live.message_for_owner(exc, "Clients.xlsx", [tmp_path])
    assert text.startswith("Clients.xlsx: its structure is protected") and "click Re-rank again" in text
    assert "xlclientrank" not in text.replace("Clients.xlsx", "")
    try:
        guard.check_may_change(Package.read(signed(tmp_path / "s.xlsx")))
    except guard.ProtectedWorkbookError as e:
        exc = e
    text = live.message_for_owner(exc, "Clients.xlsx", [tmp_path])
    assert "View Signatures" in text and "--remove-signature" not in text


def test_a_read_only_file_is_not_written_over(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    os.chmod(src, 0o444)  # the read-only attribute (root could still write: the mark is what counts)
    try:
        err = refused(["rerank", src], "is read-only", src)
        assert "--out" in err
        out = tmp_path / "ranked.xlsx"
        assert run_cli("rerank", src, "--out", out)[0] == 0 and len(ranking_rows(out)[1]) == 12
        os.chmod(out, 0o444)
        refused(["rerank", src, "--out", out], "is read-only", out)   # nor an existing --out file
    finally:
        os.chmod(src, 0o644)


# ---------------------------------------------------------------- 2. the file's identity

def test_a_symbolic_link_is_written_through_to_its_workbook(tmp_path):
    (tmp_path / "real").mkdir()
    real = book(tmp_path / "real" / "clients.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    assert run_cli("rerank", link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(ranking_rows(real)[1]) == 12


def test_a_hard_link_stays_one_file(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    other = tmp_path / "also.xlsx"
    os.link(src, other)
    inode = src.stat().st_ino
    assert run_cli("rerank", src)[0] == 0
    assert src.stat().st_ino == inode and src.stat().st_nlink == 2
    assert other.read_bytes() == src.read_bytes() and len(ranking_rows(other)[1]) == 12


def test_permissions_stay(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    os.chmod(src, 0o640)
    assert run_cli("rerank", src)[0] == 0
    assert src.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
def test_another_users_file_keeps_its_owner_and_group(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    os.chown(src, 12345, 23456)
    assert run_cli("rerank", src)[0] == 0
    st = src.stat()
    assert (st.st_uid, st.st_gid) == (12345, 23456) and len(ranking_rows(src)[1]) == 12


def _half_writes(monkeypatch, fail_times: int):
    """files.overwrite writes half of the new content, then fails, ``fail_times`` times."""
    real = files.overwrite
    calls = []

    def overwrite(source, target):
        calls.append(source)
        if len(calls) <= fail_times:
            with open(target, "r+b") as fh:
                fh.write(Path(source).read_bytes()[:50])
            raise OSError(5, "Input/output error")
        return real(source, target)
    monkeypatch.setattr(files, "overwrite", overwrite)
    return calls


def test_writing_in_place_puts_the_old_bytes_back_from_a_backup_when_it_fails(tmp_path, monkeypatch):
    src = book(tmp_path / "clients.xlsx")
    os.link(src, tmp_path / "also.xlsx")          # a hard link: the write goes into the same file
    before = src.read_bytes()
    _half_writes(monkeypatch, 1)
    code, _, err = run_cli("rerank", src)
    assert code == 3 and "the original file is unchanged" in err
    assert src.read_bytes() == before and (tmp_path / "also.xlsx").read_bytes() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["also.xlsx", "clients.xlsx"]   # no backup left


def test_when_the_old_content_cannot_be_put_back_both_files_are_kept_and_named(tmp_path, monkeypatch):
    src = book(tmp_path / "clients.xlsx")
    os.link(src, tmp_path / "also.xlsx")
    before = src.read_bytes()
    _half_writes(monkeypatch, 2)
    code, _, err = run_cli("rerank", src)
    assert code == 3 and "could not be put back" in err and "unchanged" not in err
    backup = Path(re.search(r"it is saved in (\S+\.backup)", err).group(1))
    assert backup.read_bytes() == before
    assert run_cli("rerank", src)[0] == 0 and backup.exists()  # a later run never deletes the backup


def test_another_users_file_is_written_in_place_when_its_owner_cannot_be_kept(tmp_path, monkeypatch):
    """As an ordinary user: chown is refused, so the finished content goes into the same file."""
    src = book(tmp_path / "clients.xlsx")
    inode = src.stat().st_ino
    monkeypatch.setattr(files, "same_owner", lambda tmp, old: False)
    assert run_cli("rerank", src)[0] == 0
    assert src.stat().st_ino == inode and len(ranking_rows(src)[1]) == 12


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="extended attributes are a Linux call here")
def test_extended_attributes_stay(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    try:
        os.setxattr(src, "user.owner-tag", b"keep me")
    except OSError:
        pytest.skip("this file system has no user attributes")
    assert run_cli("rerank", src)[0] == 0
    assert os.getxattr(src, "user.owner-tag") == b"keep me"


def test_a_relative_symbolic_link_and_a_chain_of_links(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    real = book(tmp_path / "real" / "c.xlsx")
    (tmp_path / "links" / "a.xlsx").symlink_to(Path("..") / "real" / "c.xlsx")
    (tmp_path / "links" / "b.xlsx").symlink_to("a.xlsx")
    assert run_cli("rerank", tmp_path / "links" / "b.xlsx")[0] == 0
    assert (tmp_path / "links" / "b.xlsx").is_symlink() and (tmp_path / "links" / "a.xlsx").is_symlink()
    assert len(ranking_rows(real)[1]) == 12


def test_a_link_to_a_workbook_open_in_excel_is_refused(tmp_path):
    (tmp_path / "real").mkdir()
    real = book(tmp_path / "real" / "c.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    (tmp_path / "real" / "~$c.xlsx").write_bytes(b"")   # Excel's lock file beside the real workbook
    refused(["rerank", link], "is open in Excel", real)


# ---------------------------------------------------------------- 4. our sheet names on the owner's sheets

@pytest.mark.parametrize("key,name", render.SHEETS)
def test_an_owners_sheet_with_one_of_our_names_is_refused_with_its_name(tmp_path, key, name):
    src = tmp_path / "clients.xlsx"
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "Clients"
    for r in ROWS:
        ws.append(r)
    wb.create_sheet(name.upper() if key == "history" else name).append(["the owner's own", "sheet"])
    wb.save(src)
    err = refused(["rerank", src], "that xlclientrank did not make", src)
    shown = name.upper() if key == "history" else name
    assert f"'{shown}'" in err and "rename that sheet" in err and "Nothing was changed".lower() in err.lower()


def test_our_own_sheets_are_rebuilt_not_refused(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    assert run_cli("rerank", src)[0] == 0
    assert run_cli("rerank", src)[0] == 0  # the second run finds its marks


# ---------------------------------------------------------------- 5. temporary files of a killed run

def test_the_temporary_file_of_a_killed_run_goes_at_the_next_run(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    code = ("import sys, time; from pathlib import Path; from xlclientrank.ooxml import files; "
            "import tempfile; t = Path(sys.argv[1]); "
            "fd, name = tempfile.mkstemp(prefix=files.temp_prefix(t), suffix='.tmp', dir=t.parent); "
            "print(name, flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(src)], stdout=subprocess.PIPE, text=True)
    left = Path(proc.stdout.readline().strip())
    try:
        assert left.exists()
        assert run_cli("rerank", src)[0] == 0
        assert left.exists(), "a run that is still writing keeps its file"
    finally:
        proc.kill()
        proc.wait()
    assert run_cli("rerank", src)[0] == 0
    assert not left.exists(), "its process is gone: the file goes at once, not after 15 minutes"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["clients.xlsx"]


def test_another_computers_temporary_file_is_left_for_15_minutes(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    other = tmp_path / ".~clients.OTHERPC.1.abcd.tmp"
    other.write_bytes(b"")
    assert run_cli("rerank", src)[0] == 0 and other.exists()
    old = other.stat().st_mtime - 16 * 60
    os.utime(other, (old, old))
    assert run_cli("rerank", src)[0] == 0 and not other.exists()


def test_share_leaves_a_protected_workbook_alone_and_says_so_when_it_would_write_to_it(tmp_path):
    """Share writes a new file; only --anonymize writes into the owner's workbook (who is who)."""
    src = book(tmp_path / "clients.xlsx", protect=True)
    code, _, err = run_cli("share", src, "--out", tmp_path / "advisor.xlsx")
    assert code == 0, err
    refused(["share", src, "--out", tmp_path / "anon.xlsx", "--anonymize"], "its structure is protected", src)
    assert not (tmp_path / "anon.xlsx").exists()
    sig = signed(tmp_path / "signed.xlsx")
    err = refused(["share", sig, "--out", tmp_path / "anon2.xlsx", "--anonymize"], "is digitally signed", sig)
    assert "without --anonymize" in err


def test_strict_and_own_name_refusals_come_before_any_work_and_say_the_buttons_fix(tmp_path):
    from xlclientrank.excel import live

    strict = tmp_path / "strict.xlsx"
    strict.write_bytes((CORPUS / "real" / "n_strict.xlsx").read_bytes())
    code, _, err = run_cli("rerank", strict)
    assert code == 3 and "Strict Open XML Spreadsheet" in err and "nothing was changed" in err
    code, _, err = run_cli("share", strict, "--anonymize", "--out", tmp_path / "anon.xlsx")
    assert code == 3 and "Strict Open XML" in err and not (tmp_path / "anon.xlsx").exists()
    src = book(tmp_path / "clients.xlsx")
    pkg = Package.read(src)
    try:
        guard.check_own_names(pkg, {"ranking": "Notes"})
    except guard.ProtectedWorkbookError as exc:
        assert "click the button again" in live.message_for_owner(exc, "clients.xlsx", [tmp_path])


def test_share_anonymize_checks_the_workbook_before_writing_the_copy(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(src)
    wb.create_sheet("ClientRank Aliases").append(["the owner's own", "list"])
    wb.save(src)
    out = tmp_path / "anon.xlsx"
    refused(["share", src, "--anonymize", "--out", out], "that xlclientrank did not make", src)
    assert not out.exists()


def test_share_does_not_replace_a_read_only_copy(tmp_path):
    src = book(tmp_path / "clients.xlsx")
    out = tmp_path / "advisor.xlsx"
    assert run_cli("share", src, "--out", out)[0] == 0
    os.chmod(out, 0o444)
    err = refused(["share", src, "--out", out, "--replace"], "is read-only", out)  # even when told to replace it
    assert "choose another name for the copy with --out" in err


def test_our_sheet_renamed_in_another_case_is_still_ours(tmp_path):
    """Excel moves our mark along when the owner renames a sheet; sheet names compare case aside."""
    src = book(tmp_path / "clients.xlsx")
    assert run_cli("rerank", src)[0] == 0
    with zipfile.ZipFile(src) as z:
        p = {n: z.read(n) for n in z.namelist()}
    p["xl/workbook.xml"] = p["xl/workbook.xml"].replace(b'name="Ranking"', b'name="RANKING"').replace(
        b"Ranking!$A$1", b"RANKING!$A$1")
    with zipfile.ZipFile(src, "w") as z:
        for n, b in p.items():
            z.writestr(n, b)
    code, _, err = run_cli("rerank", src)
    assert code == 0, err

"""The owner's own protection, respected before anything is written.

* **Workbook structure protection** (Review > Protect Workbook: ``<workbookProtection
  lockStructure="1">``): no sheet may be added, removed or renamed, so Excel itself would not let
  our sheets in. Refused, with how to unprotect.
* **A digital signature** on the document (the package's ``_xmlsignatures`` parts, reached through
  the ``digital-signature/origin`` relationship, ECMA-376 Part 2 §13): any change to the signed
  parts breaks it. Refused, unless the owner says to remove it (``--remove-signature``), which takes
  out the signature parts, their relationships and content types and nothing else. A signed VBA
  project (``xl/vbaProjectSignature.bin``) signs the macros only; we never change them, so it stays.
* **Our sheet names on the owner's own sheets**: a sheet called "Ranking" (or any of our names) that
  carries no mark of ours is the owner's; it is never read as ours nor replaced.
"""

from __future__ import annotations

import posixpath

from xlclientrank.errors import WorkbookFileError
from xlclientrank.ooxml.book import part_tree, q, rels_name, resolve, sheet_of, workbook_part
from xlclientrank.ooxml.ns import NS, NS_CT, NS_REL, REL_SIG_ORIGIN, REL_SIGNATURE, STRICT_NS
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import MARK


class ProtectedWorkbookError(WorkbookFileError):
    """The owner's protection forbids the change. ``in_excel`` is the same message for the Re-rank
    button, whose fix is done in Excel rather than with a command-line option."""

    def __init__(self, message: str, in_excel: str, *, file: str | None = None) -> None:
        super().__init__(message, file=file)
        self.in_excel = in_excel


def structure_protected(pkg: Package) -> bool:
    wb = pkg.xml(workbook_part(pkg))
    for ns in (NS, STRICT_NS):
        el = wb.find(q(ns, "workbookProtection"))
        if el is not None and el.get("lockStructure", "0").lower() in ("1", "true"):
            return True
    return False


def signature_parts(pkg: Package) -> list[str]:
    """The parts of the document's digital signatures: the origin part, the signatures and
    certificates it relates to, and their relationship parts (empty when unsigned)."""
    if not pkg.has("_rels/.rels"):
        return []
    origins = [resolve("", r.get("Target", "")) for r in pkg.xml("_rels/.rels").iter(q(NS_REL, "Relationship"))
               if r.get("Type") == REL_SIG_ORIGIN and r.get("TargetMode") != "External"]
    tree = part_tree(pkg, origins, follow=lambda r: r.get("Type", "").startswith(REL_SIGNATURE))
    return [x for p in tree for x in (p, rels_name(p)) if pkg.has(x)]


RERANK_ANYWAY = ("To rank it anyway and remove the signature, run again with --remove-signature (you can sign it "
                 "again in Excel afterwards: File > Info > Protect Workbook > Add a Digital Signature); or rank a "
                 "copy without the signature")


def check_may_change(pkg: Package, *, remove_signature: bool = False, anyway: str = RERANK_ANYWAY) -> None:
    """Refuses (changing nothing) a workbook whose structure is protected, or that is signed unless
    ``remove_signature``; ``anyway`` says how to go ahead with a signed one on the command line."""
    wb = pkg.xml(workbook_part(pkg))
    if wb.tag == q(STRICT_NS, "workbook"):  # read, never written into (our sheets are Transitional XML)
        why = ("is saved as 'Strict Open XML Spreadsheet', which Client Rank reads but does not write into; nothing "
               "was changed: in Excel, File > Save As, choose 'Excel Workbook (.xlsx)', and ")
        raise ProtectedWorkbookError(why + "run again", why + "click the button again", file=pkg.source)
    if structure_protected(pkg):
        fix = ("unprotect it in Excel (Review > Protect Workbook, then its password if it has one), {again}, "
               "then protect it again the same way")
        why = ("its structure is protected (Review > Protect Workbook), so no sheet may be added or removed, and "
               "Client Rank adds its own sheets. Nothing was changed: ")
        raise ProtectedWorkbookError(why + fix.format(again="run xlclientrank again"),
                                     why + fix.format(again="click Re-rank again"), file=pkg.source)
    if signature_parts(pkg) and not remove_signature:
        why = ("is digitally signed, and adding the ranking changes it, which would break the signature. "
               "Nothing was changed. ")
        raise ProtectedWorkbookError(
            why + anyway,
            why + "To rank it anyway, remove the signature first (File > Info > View Signatures, then Remove "
                  "Signature), click Re-rank again, and sign it again afterwards",
            file=pkg.source)


def remove_signature(pkg: Package) -> list[str]:
    """Takes the document's signatures out of ``pkg``: their parts, the origin relationship and their
    content types (an extension's default only when no part is left with it). Returns the parts
    removed."""
    parts = signature_parts(pkg)
    if not parts:
        return []
    root = pkg.xml("_rels/.rels")
    for rel in list(root.iter(q(NS_REL, "Relationship"))):
        if rel.get("Type") == REL_SIG_ORIGIN:
            parent = rel.getparent()
            assert parent is not None  # found below the root
            parent.remove(rel)
    pkg.set_xml("_rels/.rels", root)
    for part in parts:
        pkg.delete(part)
    ct = pkg.xml("[Content_Types].xml")
    gone = {"/" + p.lower() for p in parts}
    left = {posixpath.splitext(p)[1].lstrip(".").lower() for p in pkg.parts}
    for el in list(ct):
        if el.tag == q(NS_CT, "Override") and el.get("PartName", "").lower() in gone:
            ct.remove(el)
        elif el.tag == q(NS_CT, "Default") and "digital-signature" in el.get("ContentType", "") \
                and el.get("Extension", "").lower() not in left:
            ct.remove(el)
    pkg.set_xml("[Content_Types].xml", ct)
    return parts


def foreign_sheets(pkg: Package, ours: dict[str, str]) -> list[str]:
    """The owner's sheets that carry one of our sheet names (``ours``: key -> name) without our mark
    (the hidden defined name ``_xlclientrank.<key>`` pointing at that sheet)."""
    wb = pkg.xml(workbook_part(pkg))
    ns = STRICT_NS if wb.tag == q(STRICT_NS, "workbook") else NS
    sheets = wb.find(q(ns, "sheets"))
    names = [s.get("name", "") for s in ([] if sheets is None else sheets.findall(q(ns, "sheet")))]
    marked = {}
    dn = wb.find(q(ns, "definedNames"))
    for n in [] if dn is None else dn.findall(q(ns, "definedName")):
        key = n.get("name", "")
        if key.lower().startswith(MARK.lower()):
            marked[key[len(MARK):].lower()] = (sheet_of(n.text or "") or "").casefold()
    out = []
    for key, name in ours.items():  # names compared as Excel does, case aside (splice.Splicer.ours alike)
        for sheet in names:
            if sheet.casefold() == name.casefold() and marked.get(key.lower()) != sheet.casefold():
                out.append(sheet)
    return out


def check_own_names(pkg: Package, ours: dict[str, str]) -> None:
    """Refuses a workbook with an owner's sheet named like one of ours, naming it and the fix."""
    found = foreign_sheets(pkg, ours)
    if found:
        listed = ", ".join(f"'{s}'" for s in found)
        one = len(found) == 1
        why = (f"already has {'a sheet' if one else 'sheets'} named {listed} that xlclientrank did not make, and "
               f"Client Rank writes its own sheet{'' if one else 's'} of that name; nothing was changed: rename "
               f"{'that sheet' if one else 'them'} (right-click its tab, Rename) and ")
        raise ProtectedWorkbookError(why + "run again", why + "click the button again", file=pkg.source)

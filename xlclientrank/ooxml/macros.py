"""Parts taken out of a package with what hangs off them, and the macros taken out so that the
package is an .xlsx: the VBA project and its signature, the ribbon's callbacks and Excel 4.0 macro
sheets (with the defined names that call them)."""

from __future__ import annotations

import posixpath

from lxml import etree

from xlclientrank.ooxml.book import forget_sheet, part_tree, q, rels_name, resolve, source_of
from xlclientrank.ooxml.ns import CT_XLSX_MAIN, NS, NS_CT, NS_R, NS_REL, REL_MACROSHEETS, REL_UI, REL_UI14, REL_VBA
from xlclientrank.ooxml.package import Package


def drop_override(pkg: Package, part: str) -> None:
    """The part's content type override goes from ``[Content_Types].xml``."""
    ct = pkg.xml("[Content_Types].xml")
    changed = False
    for o in list(ct.findall(q(NS_CT, "Override"))):
        if o.get("PartName", "").lower() == "/" + part.lower():
            ct.remove(o)
            changed = True
    if changed:
        pkg.set_xml("[Content_Types].xml", ct)


def delete_tree(pkg: Package, part: str) -> None:
    """A part, its relationship part, and the parts it leads to that nothing else refers to."""
    tree = part_tree(pkg, part)
    inside = {rels_name(p) for p in tree}
    elsewhere = {resolve(source_of(rp), r.get("Target", ""))
                 for rp in pkg.parts if rp.endswith(".rels") and rp not in inside
                 for r in pkg.xml(rp).findall(q(NS_REL, "Relationship")) if r.get("TargetMode") != "External"}
    for p in tree:
        if p == part or p not in elsewhere:
            pkg.delete(p)
            pkg.delete(rels_name(p))
            drop_override(pkg, p)


def remove_macros(pkg: Package, wb_part: str, rels: etree._Element) -> bool:
    """The VBA project (with its signature) and the ribbon's callbacks go, and the workbook's content
    type becomes an .xlsx's. True when there was any of it."""
    removed = False
    for rel in list(rels.findall(q(NS_REL, "Relationship"))):
        if rel.get("Type") == REL_VBA:
            delete_tree(pkg, resolve(wb_part, rel.get("Target", "")))
            rels.remove(rel)
            removed = True
    if pkg.has("_rels/.rels"):  # the ribbon's callbacks are macros
        root = pkg.xml("_rels/.rels")
        ui = [r for r in root.findall(q(NS_REL, "Relationship")) if r.get("Type") in (REL_UI, REL_UI14)]
        for r in ui:
            delete_tree(pkg, resolve("", r.get("Target", "")))
            root.remove(r)
        if ui:
            pkg.set_xml("_rels/.rels", root)
            removed = True
    ct = pkg.xml("[Content_Types].xml")
    for o in ct.findall(q(NS_CT, "Override")):
        if o.get("PartName", "").lower() == "/" + wb_part.lower() and "macroEnabled" in o.get("ContentType", ""):
            o.set("ContentType", CT_XLSX_MAIN)
            removed = True
    for d in list(ct.findall(q(NS_CT, "Default"))):  # vbaProject.bin's type, when no .bin part is left
        ext = d.get("Extension", "").lower()
        if "vbaProject" in d.get("ContentType", "") and not any(posixpath.splitext(p)[1][1:].lower() == ext
                                                               for p in pkg.parts):
            ct.remove(d)
    pkg.set_xml("[Content_Types].xml", ct)
    return removed


def remove_macro_sheets(pkg: Package, wb_part: str, wb: etree._Element, rels: etree._Element) -> list[str]:
    """Excel 4.0 macro sheets are macros: an .xlsx holds none. Their entries, parts and the names
    that call them (function, vbProcedure or xlm) go. Returns the names of the sheets removed."""
    removed = []
    sheets = wb.find(q(NS, "sheets"))
    assert sheets is not None  # CT_Workbook requires <sheets> (ECMA-376 Part 1 §18.2.27)
    by_id = {r.get("Id"): r for r in rels.findall(q(NS_REL, "Relationship"))}
    for el in list(sheets.findall(q(NS, "sheet"))):
        rel = by_id.get(el.get(q(NS_R, "id")))
        if rel is None or rel.get("Type") not in REL_MACROSHEETS:
            continue
        index = list(sheets).index(el)
        sheets.remove(el)
        forget_sheet(wb, NS, index)
        delete_tree(pkg, resolve(wb_part, rel.get("Target", "")))
        rels.remove(rel)
        removed.append(el.get("name", ""))
    dn = wb.find(q(NS, "definedNames"))
    if dn is not None:
        for n in list(dn):
            if any(n.get(a) in ("1", "true") for a in ("function", "vbProcedure", "xlm")):
                dn.remove(n)
    return removed

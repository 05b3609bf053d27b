"""Puts our sheets (written by the renderer into a separate "donor" workbook) into the owner's.

Only these parts of the owner's package are rewritten: ``xl/workbook.xml`` (one ``<sheet>`` and a
few defined names of ours), its relationships, ``[Content_Types].xml``, ``xl/styles.xml`` (formats
added, none changed) and, when it lists cells of a sheet we replace, ``xl/calcChain.xml``. Our own
sheet parts and what hangs off them (drawings, charts) are added or replaced. Every other part keeps
its exact bytes.

Our sheets are recognised by a hidden defined name ``_xlclientrank.<key>`` that points at them. A
sheet with our name but without that mark belongs to the owner and is never overwritten.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from lxml import etree

from xlclientrank.errors import WorkbookFileError
from xlclientrank.ooxml.book import (
    attributes,
    forget_sheet,
    part_tree,
    q,
    rels_name,
    resolve,
    sheet_of,
    source_of,
    workbook_part,
)
from xlclientrank.ooxml.ns import (
    CT_SHEET,
    CT_STYLES,
    NS,
    NS_CT,
    NS_R,
    NS_REL,
    REL_CALC,
    REL_SHEET,
    REL_STYLES,
    STRICT_NS,
)
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.rows import TableTail
from xlclientrank.ooxml.styles import StyleMerger, remap_sheet

MARK = "_xlclientrank."
WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                  "functionGroups", "externalReferences", "definedNames")


def relative(source: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


@dataclass
class DonorSheet:
    key: str     # stable identifier of our sheet, e.g. "ranking"
    name: str    # its sheet name in the donor and in the owner's workbook


class Splicer:
    """Edits an owner package in memory; call :meth:`put` for each sheet, then :meth:`finish`."""

    def __init__(self, owner: Package) -> None:
        self.pkg = owner
        self.workbook_part = workbook_part(owner)
        self.wb = owner.xml(self.workbook_part)
        if self.wb.tag == q(STRICT_NS, "workbook"):
            raise WorkbookFileError("is saved as 'Strict Open XML Spreadsheet', which Client Rank reads but does not "
                                    "write into; nothing was changed: in Excel, File > Save As, choose 'Excel "
                                    "Workbook (.xlsx)', and run again", file=owner.source)
        self.wb_rels_part = rels_name(self.workbook_part)
        # lxml-stubs type nsmap's keys as str; None is the default namespace's key, as lxml documents
        self.rels = owner.xml(self.wb_rels_part) if owner.has(self.wb_rels_part) else etree.Element(
            q(NS_REL, "Relationships"), nsmap={None: NS_REL})  # type: ignore[dict-item]
        self.ct = owner.xml("[Content_Types].xml")
        sheets_el = self.wb.find(q(NS, "sheets"))
        if sheets_el is None:
            raise WorkbookFileError("has no list of sheets; open it in Excel and save it again", file=owner.source)
        self.sheets_el: etree._Element = sheets_el
        self.styles_part = self._styles_part()
        self.styles = owner.xml(self.styles_part) if owner.has(self.styles_part) else None
        self.merger = StyleMerger(self.styles) if self.styles is not None else None
        self.replaced_sheet_ids: set[str | None] = set()
        self._style_maps: dict[int, tuple[dict[int, int], dict[int, int]]] = {}

    # ------------------------------------------------------------ lookups

    def _rel_targets(self, rel_type: str) -> list[tuple[etree._Element, str]]:
        return [(r, resolve(self.workbook_part, r.get("Target", "")))
                for r in self.rels.findall(q(NS_REL, "Relationship"))
                if r.get("Type") == rel_type and r.get("TargetMode") != "External"]

    def _styles_part(self) -> str:
        found = self._rel_targets(REL_STYLES)
        if found:
            return found[0][1]
        return posixpath.join(posixpath.dirname(self.workbook_part), "styles.xml")

    def _rel_by_id(self, rid: str | None) -> etree._Element | None:
        for r in self.rels.findall(q(NS_REL, "Relationship")):
            if r.get("Id") == rid:
                return r
        return None

    def _defined_names(self) -> etree._Element | None:
        return self.wb.find(q(NS, "definedNames"))

    def _defined_names_made(self) -> etree._Element:
        """The workbook's ``<definedNames>``, made in its schema position when it has none."""
        dn = self._defined_names()
        if dn is None:
            dn = etree.Element(q(NS, "definedNames"))
            anchor = None
            for tag in WORKBOOK_ORDER:
                el = self.wb.find(q(NS, tag))
                if el is not None:
                    anchor = el
            assert anchor is not None  # <sheets>, one of WORKBOOK_ORDER, is there (__init__ checked)
            anchor.addnext(dn)
        return dn

    def sheet_names(self) -> list[str]:
        return [s.get("name", "") for s in self.sheets_el.findall(q(NS, "sheet"))]

    def _marks(self, key: str) -> list[etree._Element]:
        dn = self._defined_names()
        if dn is None:
            return []
        return [n for n in dn.findall(q(NS, "definedName")) if n.get("name", "").lower() == (MARK + key).lower()]

    def ours(self, key: str, name: str) -> etree._Element | None:
        """The ``<sheet>`` element of our sheet ``key``, if the workbook has one named ``name`` that
        carries our mark. Marks that point anywhere else are stale and removed: the owner renamed
        our sheet to keep it (Excel and LibreOffice move the mark along) or deleted it (#REF!)."""
        found = None
        for mark in self._marks(key):
            target = (sheet_of(mark.text or "") or "").casefold()  # sheet names compare as in Excel: case aside
            sheet = next((s for s in self.sheets_el.findall(q(NS, "sheet")) if s.get("name", "").casefold() == target),
                         None)
            if sheet is not None and target == name.casefold() and found is None:
                found = sheet
            else:
                _remove(mark)
        return found

    # ------------------------------------------------------------ the work

    def put(self, donor: Package, sheet: DonorSheet, tail: TableTail | None = None) -> None:
        """Adds our sheet ``sheet.name`` from the donor package, or replaces the one we made before.

        ``tail``: rows to append to the sheet's table (written by :mod:`xlclientrank.ooxml.rows`)."""
        donor_wb_part = "xl/workbook.xml"
        donor_wb = donor.xml(donor_wb_part)
        donor_rels = donor.xml(rels_name(donor_wb_part))
        donor_sheets_el = donor_wb.find(q(NS, "sheets"))
        assert donor_sheets_el is not None  # the donor is our renderer's workbook
        donor_sheets = donor_sheets_el.findall(q(NS, "sheet"))
        d_sheet = next(s for s in donor_sheets if s.get("name") == sheet.name)
        d_index = donor_sheets.index(d_sheet)
        d_rel = next(r for r in donor_rels.findall(q(NS_REL, "Relationship"))
                     if r.get("Id") == d_sheet.get(q(NS_R, "id")))
        d_part = resolve(donor_wb_part, d_rel.get("Target", ""))

        existing = self.ours(sheet.key, sheet.name)
        if existing is None and sheet.name.casefold() in (n.casefold() for n in self.sheet_names()):
            raise WorkbookFileError(f"already has a sheet named '{sheet.name}' that xlclientrank did not make; "
                                    "rename that sheet (right-click its tab, Rename) and run again",
                                    file=self.pkg.source)
        code = None
        if existing is not None:
            rel = self._rel_by_id(existing.get(q(NS_R, "id")))
            assert rel is not None  # ours() found the sheet through its entry's relationship
            part = resolve(self.workbook_part, rel.get("Target", ""))
            # a macro workbook's document module stays attached to the sheet through its code name
            code = code_name(self.pkg.head(part)) if self.pkg.has(part) else None
            self._remove_part_tree(part)
            self.replaced_sheet_ids.add(existing.get("sheetId"))
            index = self.sheets_el.findall(q(NS, "sheet")).index(existing)
            self._drop_local_names(index)
        else:
            part = self.pkg.free_name(posixpath.join(posixpath.dirname(self.workbook_part), "worksheets/sheet1.xml"))
            rid = self._free_rid()
            rel = etree.SubElement(self.rels, q(NS_REL, "Relationship"))
            rel.set("Id", rid)
            rel.set("Type", REL_SHEET)
            rel.set("Target", relative(self.workbook_part, part))
            existing = etree.SubElement(self.sheets_el, q(NS, "sheet"), nsmap={"r": NS_R})
            existing.set("name", sheet.name)
            ids = [int(s.get("sheetId", "0")) for s in self.sheets_el.findall(q(NS, "sheet")) if s.get("sheetId")]
            existing.set("sheetId", str(max(ids + [0]) + 1))
            state = d_sheet.get("state")
            if state:
                existing.set("state", state)
            existing.set(q(NS_R, "id"), rid)
            index = len(self.sheets_el.findall(q(NS, "sheet"))) - 1
        self._override(part, CT_SHEET)

        xml = _inline_strings(donor.parts[d_part], donor)
        xml = xml.replace(b' tabSelected="1"', b"")
        if self.merger is not None:
            if id(donor) not in self._style_maps:
                self._style_maps[id(donor)] = self.merger.merge(donor.xml("xl/styles.xml"))
            xml = remap_sheet(xml, *self._style_maps[id(donor)])
        elif not self.pkg.has(self.styles_part):
            self._adopt_donor_styles(donor)
        if tail is not None:
            xml = tail.apply(xml)
        if code:
            xml = with_code_name(xml, code)
        self.pkg.set(part, xml)
        self._copy_related(donor, d_part, part)
        self._copy_local_names(donor_wb, d_index, index)
        self.mark(sheet.key, sheet.name)

    def mark(self, key: str, name: str) -> None:
        """Marks the existing sheet ``name`` as ours (key ``key``), so a later run may replace it."""
        for old in self._marks(key):
            _remove(old)
        dn = self._defined_names_made()
        mark = etree.SubElement(dn, q(NS, "definedName"))
        mark.set("name", MARK + key)
        mark.set("hidden", "1")
        mark.text = f"{quote_sheet(name)}!$A$1"

    def remove(self, key: str, name: str) -> bool:
        """Removes our sheet ``key`` (named ``name``), when the workbook has it: its parts, its entry,
        relationship, content type, local names and mark. Later sheets' local names and the workbook
        view's tab numbers move down by one. False when there was no such sheet of ours."""
        existing = self.ours(key, name)
        if existing is None:
            return False
        sheets = self.sheets_el.findall(q(NS, "sheet"))
        index = sheets.index(existing)
        rel = self._rel_by_id(existing.get(q(NS_R, "id")))
        if rel is not None:
            part = resolve(self.workbook_part, rel.get("Target", ""))
            self._remove_part_tree(part)
            self.rels.remove(rel)
        self.replaced_sheet_ids.add(existing.get("sheetId"))
        self._drop_local_names(index)
        self.sheets_el.remove(existing)
        forget_sheet(self.wb, NS, index)
        return True

    def finish(self) -> Package:
        """Writes the edited workbook parts back into the package and returns it."""
        self._prune_calc_chain()
        self.pkg.set_xml(self.workbook_part, self.wb)
        self.pkg.set_xml(self.wb_rels_part, self.rels)
        self.pkg.set_xml("[Content_Types].xml", self.ct)
        if self.merger is not None and self.merger.changed:
            self.pkg.set_xml(self.styles_part, self.merger.owner)  # self.styles, merged into
        return self.pkg

    # ------------------------------------------------------------ helpers

    def _free_rid(self) -> str:
        ids = {r.get("Id") for r in self.rels.findall(q(NS_REL, "Relationship"))}
        k = len(ids) + 1
        while f"rId{k}" in ids:
            k += 1
        return f"rId{k}"

    def _override(self, part: str, content_type: str) -> None:
        name = "/" + part
        for o in self.ct.findall(q(NS_CT, "Override")):
            if o.get("PartName", "").lower() == name.lower():
                o.set("ContentType", content_type)
                return
        o = etree.SubElement(self.ct, q(NS_CT, "Override"))
        o.set("PartName", name)
        o.set("ContentType", content_type)

    def _drop_override(self, part: str) -> None:
        name = "/" + part
        for o in self.ct.findall(q(NS_CT, "Override")):
            if o.get("PartName", "").lower() == name.lower():
                self.ct.remove(o)

    def _ensure_default(self, ext: str, content_type: str) -> None:
        for d in self.ct.findall(q(NS_CT, "Default")):
            if d.get("Extension", "").lower() == ext.lower():
                return
        d = etree.Element(q(NS_CT, "Default"))
        d.set("Extension", ext)
        d.set("ContentType", content_type)
        self.ct.insert(0, d)

    def _targets(self, ignore: set[str]) -> set[str]:
        """Every part that a relationship outside ``ignore`` (rels parts) points to."""
        out = set()
        for name in self.pkg.parts:
            if name.endswith(".rels") and name not in ignore:
                source = source_of(name)
                for r in self.pkg.xml(name).findall(q(NS_REL, "Relationship")):
                    if r.get("TargetMode") != "External":
                        out.add(resolve(source, r.get("Target", "")))
        return out

    def _remove_part_tree(self, part: str) -> None:
        """Deletes a part of ours and the parts only it refers to (drawings, charts, ...)."""
        tree = part_tree(self.pkg, part)
        shared = self._targets({rels_name(p) for p in tree})
        for p in tree:
            if p != part and p in shared:
                continue
            self.pkg.delete(p)
            self.pkg.delete(rels_name(p))
            self._drop_override(p)
            self._drop_override(rels_name(p))

    def _copy_related(self, donor: Package, d_part: str, part: str) -> None:
        """Copies the parts our donor sheet refers to, renamed where the owner has the same name."""
        d_rels = rels_name(d_part)
        if not donor.has(d_rels):
            return
        donor_ct = donor.xml("[Content_Types].xml")
        renamed: dict[str, str] = {d_part: part}
        todo = [d_part]
        while todo:
            src = todo.pop()
            rp = rels_name(src)
            if not donor.has(rp):
                continue
            root = donor.xml(rp)
            for r in root.findall(q(NS_REL, "Relationship")):
                if r.get("TargetMode") == "External":
                    continue
                target = resolve(src, r.get("Target", ""))
                if target not in renamed:
                    renamed[target] = self.pkg.free_name(target, set(renamed.values()))
                    self.pkg.set(renamed[target], donor.parts[target])
                    ct = _content_type(donor_ct, target)
                    if ct[0] == "override":
                        self._override(renamed[target], ct[1])
                    elif ct[0] == "default":
                        self._ensure_default(posixpath.splitext(target)[1].lstrip("."), ct[1])
                    todo.append(target)
                r.set("Target", relative(renamed[src], renamed[target]))
            self.pkg.set(rels_name(renamed[src]), etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                                 standalone=True))

    def _drop_local_names(self, index: int) -> None:
        """Removes the names that belong to our sheet at ``index``: its local names (print titles,
        filter range) and our mark, which :meth:`put` writes again."""
        dn = self._defined_names()
        if dn is None:
            return
        own = self.sheets_el.findall(q(NS, "sheet"))[index].get("name")
        for name in dn.findall(q(NS, "definedName")):
            mark = name.get("name", "").lower().startswith(MARK.lower()) and sheet_of(name.text or "") == own
            if name.get("localSheetId") == str(index) or mark:
                dn.remove(name)

    def _copy_local_names(self, donor_wb: etree._Element, d_index: int, index: int) -> None:
        d_dn = donor_wb.find(q(NS, "definedNames"))
        if d_dn is None:
            return
        for name in d_dn.findall(q(NS, "definedName")):
            if name.get("localSheetId") == str(d_index):
                new = etree.SubElement(self._defined_names_made(), q(NS, "definedName"))
                for k, v in attributes(name):
                    new.set(k, v)
                new.set("localSheetId", str(index))
                new.text = name.text

    def _adopt_donor_styles(self, donor: Package) -> None:
        """The owner's package has no styles part (rare): use ours as it is."""
        self.pkg.set(self.styles_part, donor.parts["xl/styles.xml"])
        rel = etree.SubElement(self.rels, q(NS_REL, "Relationship"))
        rel.set("Id", self._free_rid())
        rel.set("Type", REL_STYLES)
        rel.set("Target", relative(self.workbook_part, self.styles_part))
        self._override(self.styles_part, CT_STYLES)

    def _prune_calc_chain(self) -> None:
        """Removes calculation-chain entries of sheets we replaced (the chain is Excel's cache)."""
        if not self.replaced_sheet_ids:
            return
        for rel, part in self._rel_targets(REL_CALC):
            if not self.pkg.has(part):
                continue
            root = self.pkg.xml(part)
            current = None
            stale = []
            for c in root:  # an entry without i is on the same sheet as the entry before it
                current = c.get("i", current)
                if current in self.replaced_sheet_ids:
                    stale.append(c)
            if not stale:
                continue
            for c in stale:
                root.remove(c)
            if len(root) == 0:
                self.pkg.delete(part)
                self._drop_override(part)
                self.rels.remove(rel)
            else:
                self.pkg.set_xml(part, root)


_SHARED_CELL = re.compile(rb'<c\b([^>]*?)\st="s"([^>]*)>\s*<v>(\d+)</v>\s*</c>')


_CODE_NAME = re.compile(rb'<(?:\w+:)?sheetPr\b[^>]*?\bcodeName="([^"]+)"')


def code_name(xml: bytes) -> str | None:
    """A sheet part's code name (``sheetPr codeName``, the name of its VBA document module)."""
    m = _CODE_NAME.search(xml[:4096])
    return m.group(1).decode("utf-8") if m else None


def _remove(el: etree._Element) -> None:
    """Takes ``el`` out of the element that holds it."""
    parent = el.getparent()
    assert parent is not None  # found below the root
    parent.remove(el)


def with_code_name(xml: bytes, code: str) -> bytes:
    """The sheet part with code name ``code`` (sheetPr is the worksheet's first child)."""
    attr = b'codeName="' + code.encode("utf-8") + b'"'
    if _CODE_NAME.search(xml[:4096]):
        return re.sub(rb'(<(?:\w+:)?sheetPr\b[^>]*?\b)codeName="[^"]*"', rb"\g<1>" + attr, xml, count=1)
    m = re.search(rb"<((?:\w+:)?)sheetPr\b", xml[:4096])
    if m:
        return xml[:m.end()] + b" " + attr + xml[m.end():]
    m = re.search(rb"<((?:\w+:)?)worksheet\b[^>]*>", xml)
    assert m is not None  # a worksheet part's root element
    return xml[:m.end()] + b"<" + m.group(1) + b"sheetPr " + attr + b"/>" + xml[m.end():]


def _inline_strings(xml: bytes, donor: Package) -> bytes:
    """The sheet with its shared strings written into the cells: the owner's shared-string table
    stays untouched, so our sheets must not refer to one."""
    if b't="s"' not in xml or not donor.has("xl/sharedStrings.xml"):
        return xml
    items = [b"".join(etree.tostring(child) for child in si) for si in donor.xml("xl/sharedStrings.xml")]
    return _SHARED_CELL.sub(lambda m: b"<c" + m.group(1) + b' t="inlineStr"' + m.group(2) + b"><is>" +
                            items[int(m.group(3))] + b"</is></c>", xml)


def _content_type(ct: etree._Element, part: str) -> tuple[str, str]:
    for o in ct.findall(q(NS_CT, "Override")):
        if o.get("PartName", "").lower() == "/" + part.lower():
            return "override", o.get("ContentType", "")
    ext = posixpath.splitext(part)[1].lstrip(".").lower()
    for d in ct.findall(q(NS_CT, "Default")):
        if d.get("Extension", "").lower() == ext:
            return "default", d.get("ContentType", "")
    return "none", ""

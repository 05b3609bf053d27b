"""What a sheet edit (:mod:`xlclientrank.ooxml.sheet_edit`) changes beyond the cells it writes.

- Ranges that hold the list's last row grow down to the last appended row: the sheet's dimension,
  its filter (with its sort) and the workbook's ``_xlnm._FilterDatabase`` name for it, drop-downs
  and other data validations, conditional formats (also Excel 2010's, in ``extLst``), and an Excel
  Table's range and filter. A range *holds* row n when it starts at or above n and ends at or below;
  a range that already reaches further keeps its end. Drop-downs and conditional formats grow only
  when the list has rows below its header.
- A header written in a Table's header row renames that Table column (Excel requires the two to be
  equal); one written just right of a Table's header makes the Table one column wider, as Excel does
  when a header is typed there.
- Formulas: a formula in a written cell goes, and so does its entry in Excel's calculation chain
  (``xl/calcChain.xml``, Excel's cache of the order in which it calculates). A shared formula whose
  first cell is written over is given to each of its other cells as a formula of its own; an array
  formula with a written cell inside it goes, its cells keeping their last results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from xlclientrank.ooxml.book import column_index, parse_ref, q, rels_name, resolve, sheet_entries, workbook_part
from xlclientrank.ooxml.macros import drop_override
from xlclientrank.ooxml.ns import NS, NS_R, NS_REL, REL_CALC, REL_TABLE
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.rows import cell_text, column_letter

NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"  # Excel 2010 extensions' xm:sqref and xm:f
_RANGE = re.compile(r"(\$?[A-Z]{1,3})(\$?)(\d+)(?::(\$?[A-Z]{1,3})(\$?)(\d+))?")
_DEFINED_NAME = re.compile(rb"(<(?:\w+:)?definedName\b([^>]*)>)([^<]*)(</(?:\w+:)?definedName>)")


@dataclass
class Changes:
    """What an edit did to the list: ``last`` is its last row before rows were appended, ``new_last``
    the last appended row (``last`` when none), ``header`` its header row, ``written`` the cells
    given text ((1-based row, 0-based column) -> text)."""

    sheet_part: str
    last: int
    new_last: int
    header: int | None
    written: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def grows(self) -> bool:
        return self.new_last > self.last


def extend_range(ref: str, last: int, new_last: int) -> str:
    """One range (``A1:G30``, ``$A$1:$G$30``, ``E30``): when it holds row ``last``, it ends at
    ``new_last`` or further; otherwise, or when not a range, it is returned as it is."""
    m = _RANGE.fullmatch(ref)
    if not m:
        return ref
    c0, d0, r0, c1, d1, r1 = m.groups()
    if c1 is None:
        c1, d1, r1 = c0, d0, r0
    if not int(r0) <= last <= int(r1) or int(r1) >= new_last:
        return ref
    return f"{c0}{d0}{r0}:{c1}{d1}{new_last}"


def extend_sqref(sqref: str, last: int, new_last: int) -> str:
    """A space-separated list of ranges, each extended by :func:`extend_range`."""
    parts = sqref.split()
    grown = [extend_range(p, last, new_last) for p in parts]
    return " ".join(grown) if grown != parts else sqref


def _extend_refs(el: etree._Element, ch: Changes) -> None:
    """``el`` and its descendants with a ``ref`` (a filter, its sort and sort keys)."""
    for node in el.iter():
        ref = node.get("ref") if isinstance(node.tag, str) else None
        if ref:
            grown = extend_range(ref, ch.last, ch.new_last)
            if grown != ref:
                node.set("ref", grown)


def extend_sheet(root: etree._Element, ns: str, ch: Changes) -> None:
    """The sheet's dimension, filter, sort, data validations and conditional formats (see the module)."""
    dim = root.find(q(ns, "dimension"))
    box = parse_ref(dim.get("ref", "")) if dim is not None else None
    if dim is not None and box is not None:
        rows = [r - 1 for r, _ in ch.written] + ([ch.new_last - 1] if ch.grows else [])
        cols = [c for _, c in ch.written]
        r0, c0 = min([box[0], *rows]), min([box[1], *cols])
        r1, c1 = max([box[2], *rows]), max([box[3], *cols])
        if (r0, c0, r1, c1) != box:
            dim.set("ref", f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}")
    if not ch.grows:
        return
    for tag in ("autoFilter", "sortState"):
        el = root.find(q(ns, tag))
        if el is not None:
            _extend_refs(el, ch)
    if ch.header is None or ch.last <= ch.header:  # a header without rows: nothing to follow yet
        return
    ranged = root.findall(q(ns, "conditionalFormatting")) + root.findall(f"{q(ns, 'dataValidations')}/*")
    for el in ranged:  # (the worksheet's own children: not a walk through every cell)
        sqref = el.get("sqref")
        if sqref:
            el.set("sqref", extend_sqref(sqref, ch.last, ch.new_last))
    for ext in root.findall(q(ns, "extLst")):
        for el in ext.iter(q(NS_XM, "sqref")):
            parent = el.getparent()
            if parent is not None and etree.QName(parent).localname in ("dataValidation", "conditionalFormatting"):
                el.text = extend_sqref(el.text or "", ch.last, ch.new_last)


# ---------------------------------------------------------------- Excel Tables

def plan_tables(pkg: Package, ch: Changes) -> tuple[list[tuple[str, etree._Element]], str | None]:
    """The sheet's Tables as they become ((part, root) of each one that changes), or, when rows must
    be added to a Table with a totals row, the reason to give the owner instead."""
    rp = rels_name(ch.sheet_part)
    if not pkg.has(rp):
        return [], None
    changed = []
    for rel in pkg.xml(rp).findall(q(NS_REL, "Relationship")):
        part = resolve(ch.sheet_part, rel.get("Target", ""))
        if rel.get("Type") != REL_TABLE or rel.get("TargetMode") == "External" or not pkg.has(part):
            continue
        root = pkg.xml(part)
        before = etree.tostring(root)
        _name_columns(root, ch)
        box = parse_ref(root.get("ref", ""))
        if box is not None and ch.grows and box[0] + 1 <= ch.last <= box[2] + 1:
            if root.get("totalsRowCount", "0") not in ("0", ""):
                label = root.get("displayName") or root.get("name") or ""
                return [], (f"the Excel Table '{label}' has a totals row, and new clients cannot be added above "
                            "it; turn the totals row off (Table Design, Total Row) and run again")
            _extend_refs(root, ch)
        if etree.tostring(root) != before:
            changed.append((part, root))
    return changed, None


def _name_columns(root: etree._Element, ch: Changes) -> None:
    """Header cells written in the Table's header row name its columns; one just right of it widens it."""
    box = parse_ref(root.get("ref", ""))
    ns = etree.QName(root).namespace or NS
    columns = root.find(q(ns, "tableColumns"))
    if box is None or columns is None or root.get("headerRowCount", "1") == "0":
        return
    for (r, c), text in sorted(ch.written.items(), key=lambda kv: kv[0][1]):
        if r != box[0] + 1:
            continue
        listed = columns.findall(q(ns, "tableColumn"))
        name = cell_text(text)
        if box[1] <= c <= box[3] and c - box[1] < len(listed):
            listed[c - box[1]].set("name", name)
        elif c == box[3] + 1:
            new = etree.SubElement(columns, q(ns, "tableColumn"))
            new.set("id", str(max((int(t.get("id", "0")) for t in listed), default=0) + 1))
            new.set("name", name)
            columns.set("count", str(len(listed) + 1))
            for node in [root, *root.iter(q(ns, "autoFilter"))]:
                area = parse_ref(node.get("ref", ""))
                if area is not None and area[3] == box[3]:
                    node.set("ref", f"{column_letter(area[1])}{area[0] + 1}:{column_letter(c)}{area[2] + 1}")
            box = (box[0], box[1], box[2], c)


# ---------------------------------------------------------------- formulas

def release_formulas(root: etree._Element, ns: str, targets: set[tuple[int, int]]) -> list[str]:
    """Before the cells ``targets`` ((1-based row, 0-based column)) are written: shared formulas
    whose first cell is among them become formulas of their other cells, and array formulas with one
    of them inside go (their cells keep their last results). Returns the cells whose formula went."""
    f_tag = q(ns, "f")
    formulas = list(root.iter(f_tag)) if targets else []
    if not formulas:
        return []
    gone = []
    groups: dict[str, list[tuple[tuple[int, int], etree._Element]]] = {}
    for f in formulas:
        cell = f.getparent()
        at = _position(cell.get("r", "") if cell is not None else "")
        if cell is None or at is None:
            continue
        kind = f.get("t")
        if kind == "shared" and f.get("si") is not None:
            groups.setdefault(f.get("si", ""), []).append((at, f))
        elif kind in ("array", "dataTable") and at not in targets:
            box = parse_ref(f.get("ref", ""))
            if box and any(box[0] + 1 <= r <= box[2] + 1 and box[1] <= c <= box[3] for r, c in targets):
                cell.remove(f)
                cell.attrib.pop("cm", "")
                gone.append(cell.get("r", ""))
    for members in groups.values():
        master = next(((at, f) for at, f in members if f.text and f.get("ref")), None)
        if master is None or master[0] not in targets:
            continue
        for at, f in members:
            if at not in targets and f is not master[1]:
                f.text = _translate(master[1].text or "", master[0], at)
                for attr in ("t", "si", "ref"):
                    f.attrib.pop(attr, "")
    return gone


def _position(ref: str) -> tuple[int, int] | None:
    m = _RANGE.fullmatch(ref)
    return (int(m.group(3)), column_index(m.group(1))) if m and m.group(4) is None else None


def _translate(formula: str, origin: tuple[int, int], to: tuple[int, int]) -> str:
    """A shared formula as it reads in another of its cells (relative references moved)."""
    from openpyxl.formula.translate import Translator  # openpyxl's tokenizer knows every reference form

    src, dst = (f"{column_letter(c)}{r}" for r, c in (origin, to))
    return str(Translator("=" + formula, origin=src).translate_formula(dst))[1:]


def forget_calculations(pkg: Package, ch: Changes, refs: list[str]) -> None:
    """The cells ``refs`` of the sheet leave Excel's calculation chain (the part goes when empty)."""
    if not refs:
        return
    wb_part = workbook_part(pkg)
    entry = next((e for e in sheet_entries(pkg) if e.part == ch.sheet_part), None)
    sheets = pkg.xml(wb_part).find(q(NS, "sheets"))
    sheet_id = next((s.get("sheetId") for s in (sheets if sheets is not None else [])
                     if entry is not None and s.get(q(NS_R, "id")) == entry.rid), None)
    rels_part = rels_name(wb_part)
    if sheet_id is None or not pkg.has(rels_part):
        return
    rels = pkg.xml(rels_part)
    stale = set(refs)
    for rel in rels.findall(q(NS_REL, "Relationship")):
        part = resolve(wb_part, rel.get("Target", ""))
        if rel.get("Type") != REL_CALC or not pkg.has(part):
            continue
        root = pkg.xml(part)
        kept, current, said = [], None, None
        for c in list(root):
            current = c.get("i", current)  # an entry without i is on the sheet of the entry before it
            if current == sheet_id and c.get("r") in stale:
                continue
            if current is not None and current != said:
                c.set("i", current)
            kept.append(c)
            said = current
        if len(kept) == len(root):
            continue
        if kept:
            for c in list(root):
                root.remove(c)
            root.extend(kept)
            pkg.set_xml(part, root)
        else:
            pkg.delete(part)
            drop_override(pkg, part)
            rels.remove(rel)
            pkg.set_xml(rels_part, rels)


def extend_filter_name(pkg: Package, ch: Changes) -> None:
    """The workbook's ``_xlnm._FilterDatabase`` name of the sheet follows its filter (the workbook
    part is changed in that name's text only)."""
    if not ch.grows:
        return
    wb_part = workbook_part(pkg)
    index = next((str(i) for i, e in enumerate(sheet_entries(pkg)) if e.part == ch.sheet_part), None)
    xml = pkg.parts[wb_part]
    if index is None or b"_xlnm._FilterDatabase" not in xml:
        return

    def grow(m: re.Match[bytes]) -> bytes:
        attrs = m.group(2)
        if b'name="_xlnm._FilterDatabase"' not in attrs or b'localSheetId="%s"' % index.encode() not in attrs:
            return m.group(0)
        text = m.group(3).decode("utf-8")
        sheet, bang, ref = text.rpartition("!")
        grown = extend_range(ref, ch.last, ch.new_last)
        return m.group(1) + (sheet + bang + grown).encode("utf-8") + m.group(4)
    new = _DEFINED_NAME.sub(grow, xml)
    if new != xml:
        pkg.set(wb_part, new)

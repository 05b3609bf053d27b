"""Adds the cell formats of our sheets to the owner's ``xl/styles.xml`` without changing theirs.

Every font, fill, border, number format, cell format (``xf``) and differential format (``dxf``)
that our sheets use is looked up in the owner's styles first (by its canonical XML) and added only
when missing, so ranking the same workbook again adds nothing. Existing entries keep their
positions, so every style index in the owner's sheets still means what it meant.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import etree

from xlclientrank.ooxml.book import attributes
from xlclientrank.ooxml.ns import NS

Q = "{%s}" % NS
ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
         "tableStyles", "colors", "extLst")
FIRST_CUSTOM_NUMFMT = 164
# an element as (tag, sorted attributes, text, children)
Canonical = tuple[str, tuple[tuple[str, str], ...], str, tuple["Canonical", ...]]


def canonical(el: etree._Element) -> Canonical:
    """The element as (tag, attributes, text, children) with namespaces spelled out, so that equal
    formats compare equal whatever prefixes and whitespace the producer used."""
    text = (el.text or "").strip() if len(el) else (el.text or "")
    return (el.tag, tuple(sorted(attributes(el))), text,
            tuple(canonical(c) for c in el if isinstance(c.tag, str)))


def child(root: etree._Element, tag: str) -> etree._Element:
    """The styleSheet's child ``tag``, created in its schema position when missing."""
    found = root.find(Q + tag)
    if found is not None:
        return found
    new = etree.Element(Q + tag, nsmap=None)
    new.set("count", "0")
    later = ORDER[ORDER.index(tag) + 1:]
    for i, existing in enumerate(root):
        if isinstance(existing.tag, str) and etree.QName(existing).localname in later:
            root.insert(i, new)
            break
    else:
        root.append(new)
    return new


class StyleMerger:
    """Merges donor styles into the owner's styles root (an lxml ``styleSheet`` element)."""

    def __init__(self, owner: etree._Element) -> None:
        self.owner = owner
        self.changed = False
        self._index: dict[str, dict[Canonical, int]] = {}

    def _lookup(self, tag: str, item: str) -> dict[Canonical, int]:
        if tag not in self._index:
            parent = self.owner.find(Q + tag)
            items = [] if parent is None else parent.findall(Q + item)
            self._index[tag] = {}
            for i, el in enumerate(items):
                self._index[tag].setdefault(canonical(el), i)
        return self._index[tag]

    def _add(self, tag: str, item: str, el: etree._Element) -> int:
        """Index of an equal element in the owner's ``tag`` list, appending ``el`` if none."""
        index = self._lookup(tag, item)
        key = canonical(el)
        if key in index:
            return index[key]
        parent = child(self.owner, tag)
        new = copy.deepcopy(el)
        new.tail = None
        parent.append(new)
        n = len(parent.findall(Q + item))
        parent.set("count", str(n))
        index[key] = n - 1
        self.changed = True
        return n - 1

    def merge(self, donor: etree._Element) -> tuple[dict[int, int], dict[int, int]]:
        """Adds what the donor's cell formats need; returns (xf index map, dxf index map)."""
        numfmt = self._merge_numfmts(donor)
        maps: dict[str, dict[int, int]] = {}
        for tag, item, keep in (("fonts", "font", 1), ("fills", "fill", 2), ("borders", "border", 1)):
            maps[item] = {}
            parent = donor.find(Q + tag)
            for i, el in enumerate([] if parent is None else parent.findall(Q + item)):
                maps[item][i] = i if i < keep else self._add(tag, item, el)
        xf_map: dict[int, int] = {}
        donor_xfs = donor.find(Q + "cellXfs")
        for i, xf in enumerate([] if donor_xfs is None else donor_xfs.findall(Q + "xf")):
            if i == 0:
                xf_map[0] = 0  # the workbook's default cell format
                continue
            new = copy.deepcopy(xf)
            for attr, m in (("fontId", maps["font"]), ("fillId", maps["fill"]), ("borderId", maps["border"]),
                            ("numFmtId", numfmt)):
                value = new.get(attr)
                if value is not None:
                    new.set(attr, str(m.get(int(value), int(value))))
            new.set("xfId", "0")
            xf_map[i] = self._add("cellXfs", "xf", new)
        dxf_map: dict[int, int] = {}
        donor_dxfs = donor.find(Q + "dxfs")
        for i, dxf in enumerate([] if donor_dxfs is None else donor_dxfs.findall(Q + "dxf")):
            dxf_map[i] = self._add("dxfs", "dxf", dxf)
        return xf_map, dxf_map

    def _merge_numfmts(self, donor: etree._Element) -> dict[int, int]:
        mapping: dict[int, int] = {}
        parent = donor.find(Q + "numFmts")
        if parent is None:
            return mapping
        owner_parent = self.owner.find(Q + "numFmts")
        existing = {} if owner_parent is None else {
            el.get("formatCode"): int(el.get("numFmtId", "")) for el in owner_parent.findall(Q + "numFmt")}
        for el in parent.findall(Q + "numFmt"):
            # numFmtId and formatCode are required (ECMA-376 Part 1 §18.8.30); the donor is our renderer's
            code, old = el.get("formatCode", ""), int(el.get("numFmtId", ""))
            if code in existing:
                mapping[old] = existing[code]
                continue
            owner_parent = child(self.owner, "numFmts")
            used = [int(e.get("numFmtId", "")) for e in owner_parent.findall(Q + "numFmt")]
            new_id = max(used + [FIRST_CUSTOM_NUMFMT - 1]) + 1
            new = etree.SubElement(owner_parent, Q + "numFmt")
            new.set("numFmtId", str(new_id))
            new.set("formatCode", code)
            owner_parent.set("count", str(len(used) + 1))
            existing[code] = new_id
            mapping[old] = new_id
            self.changed = True
        return mapping


_CELL_STYLE = re.compile(rb'(<(?:c|row)\b[^>]*?\ss=")(\d+)(")')
_COL_STYLE = re.compile(rb'(<col\b[^>]*?\sstyle=")(\d+)(")')
_DXF = re.compile(rb'(\sdxfId=")(\d+)(")')


def remap_sheet(xml: bytes, xf_map: dict[int, int], dxf_map: dict[int, int]) -> bytes:
    """Rewrites the style indices of a sheet part written by our renderer to the merged indices."""
    def sub(m: dict[int, int]) -> Callable[[re.Match[bytes]], bytes]:
        return lambda g: g.group(1) + str(m.get(int(g.group(2)), 0)).encode() + g.group(3)

    xml = _CELL_STYLE.sub(sub(xf_map), xml)
    xml = _COL_STYLE.sub(sub(xf_map), xml)
    return _DXF.sub(sub(dxf_map), xml)

"""Read-only facts about a workbook package that a values reader does not give: which part holds
which sheet, Excel Tables, hidden rows and columns, error cells, and formulas without a saved result.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

from lxml import etree

from xlclientrank.errors import WorkbookFileError
from xlclientrank.ooxml.ns import NS, NS_R, NS_REL, REL_TABLE
from xlclientrank.ooxml.package import Package


def q(ns: str, tag: str) -> str:
    return "{%s}%s" % (ns, tag)


def attributes(el: etree._Element) -> list[tuple[str, str]]:
    """The element's attributes as (name, value) pairs, in the element's order."""
    # lxml gives names and values as str; its stubs say str or bytes
    return cast("list[tuple[str, str]]", el.attrib.items())


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def source_of(rels_part: str) -> str:
    """The part a relationship part belongs to (``xl/_rels/workbook.xml.rels`` -> ``xl/workbook.xml``)."""
    folder, base = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def resolve(source: str, target: str) -> str:
    """Part name of a relationship target, relative to the source part (or absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def workbook_part(pkg: Package) -> str:
    """The part that holds the workbook (``xl/workbook.xml`` in files from every producer we know)."""
    if pkg.has("_rels/.rels"):
        for rel in pkg.xml("_rels/.rels").findall(q(NS_REL, "Relationship")):
            if rel.get("Type", "").endswith("/officeDocument"):
                part = resolve("", rel.get("Target", ""))
                if pkg.has(part):
                    return part
    if pkg.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise WorkbookFileError("is not an Excel workbook (it has no workbook part); save it from Excel as .xlsx",
                            file=pkg.source)


@dataclass(frozen=True)
class SheetEntry:
    """One ``<sheet>`` of the workbook part, as the file lists it."""

    name: str
    part: str | None  # the part that holds it; None when its r:id is empty or leads to no part
    state: str        # visible, hidden or veryHidden
    kind: str         # what the relationship says it is: worksheet, chartsheet, dialogsheet, ...
    rid: str = ""


def sheet_entries(pkg: Package) -> list[SheetEntry]:
    """Every sheet entry of the workbook, in order, with the part it resolves to (if any).

    Excel, LibreOffice and openpyxl read a file whose entry has ``r:id=""`` or an r:id with no
    relationship (real .xlsm files from Excel have them) and leave that sheet out."""
    wb_part = workbook_part(pkg)
    rels_part = rels_name(wb_part)
    rels = pkg.xml(rels_part).findall(q(NS_REL, "Relationship")) if pkg.has(rels_part) else []
    targets = {r.get("Id"): (resolve(wb_part, r.get("Target", "")), r.get("Type", "").rsplit("/", 1)[-1])
               for r in rels if r.get("TargetMode") != "External"}
    out = []
    sheets = pkg.xml(wb_part).find(q(NS, "sheets"))
    for s in [] if sheets is None else sheets.findall(q(NS, "sheet")):
        rid = s.get(q(NS_R, "id")) or ""
        part, kind = targets.get(rid, (None, ""))
        out.append(SheetEntry(s.get("name") or "", part if part and pkg.has(part) else None,
                              s.get("state") or "visible", kind, rid))
    return out


def part_tree(pkg: Package, starts: str | Iterable[str],
              follow: Callable[[etree._Element], bool] | None = None) -> list[str]:
    """The parts ``starts`` and those their relationships lead to inside the package (through the
    relationships ``follow(rel)`` accepts; all by default), each once, parents first. Relationship
    parts are not listed."""
    found: list[str] = []
    todo = [s for s in ([starts] if isinstance(starts, str) else starts) if pkg.has(s)][::-1]
    while todo:
        part = todo.pop()
        if part in found:
            continue
        found.append(part)
        rels = rels_name(part)
        if pkg.has(rels):
            children = [resolve(part, r.get("Target", "")) for r in pkg.xml(rels).findall(q(NS_REL, "Relationship"))
                        if r.get("TargetMode") != "External" and (follow is None or follow(r))]
            todo += [c for c in children if pkg.has(c)][::-1]
    return found


def sheet_reference_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Matches a reference to one of the sheets ``names`` in a formula ('Rank History'!A1, Ranking!A1),
    not one to another workbook's sheet ([1]Ranking!A1, '[x.xlsx]Ranking'!A1)."""
    parts = []
    for n in names:
        parts.append("'" + re.escape(n.replace("'", "''")) + "'!")
        if re.fullmatch(r"[A-Za-z_][\w.]*", n):
            parts.append(r"(?<![\w.\]\['])" + re.escape(n) + "!")
    return re.compile("|".join(parts), re.IGNORECASE)


def sheet_of(ref: str) -> str | None:
    """The sheet a reference names (``'Rank History'!$A$1`` -> ``Rank History``), None without one."""
    m = re.match(r"^'?(.*?)'?!", ref.strip())
    return m.group(1).replace("''", "'") if m else None


def forget_sheet(wb: etree._Element, ns: str, index: int) -> None:
    """What the workbook part says about the sheet at ``index`` (0-based) once its entry is gone: its
    local names go, later sheets' local names and the view's tab numbers move down by one. Call it
    after removing the ``<sheet>`` element."""
    dn = wb.find(q(ns, "definedNames"))
    if dn is not None:
        for n in dn.findall(q(ns, "definedName")):
            local = n.get("localSheetId")
            if local is None or not local.isdigit():
                continue
            if int(local) == index:
                dn.remove(n)
            elif int(local) > index:
                n.set("localSheetId", str(int(local) - 1))
    sheets = wb.find(q(ns, "sheets"))
    left = len(sheets) if sheets is not None else 0
    for view in wb.iter(q(ns, "workbookView")):
        for attr in ("activeTab", "firstSheet"):
            value = view.get(attr)
            if value is not None and value.isdigit() and (int(value) > index or int(value) >= left):
                view.set(attr, str(max(0, min(int(value) - 1, left - 1))))


def sheet_parts(pkg: Package) -> dict[str, str]:
    """Sheet name -> the part that holds it (sheets whose entry leads to no part are left out)."""
    return {e.name: e.part for e in sheet_entries(pkg) if e.part}


def without_sheets(wb_xml: bytes, drop: set[int]) -> bytes:
    """The workbook part without the sheet entries at the positions ``drop`` (0-based), for a copy
    handed to a values reader: the sheet-local defined names and the active tab follow the sheets
    that stay, and the names local to a dropped sheet go with it."""
    root = etree.fromstring(wb_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    sheets = root.find(q(NS, "sheets"))
    entries = [] if sheets is None else sheets.findall(q(NS, "sheet"))
    if sheets is not None:
        for i in sorted(drop, reverse=True):
            if i < len(entries):
                sheets.remove(entries[i])
    kept = len(entries) - len(drop)

    def moved(index: int) -> int | None:
        return None if index in drop else index - sum(1 for d in drop if d < index)
    dn = root.find(q(NS, "definedNames"))
    if dn is not None:
        for name in dn.findall(q(NS, "definedName")):
            local = name.get("localSheetId")
            if local is not None and local.isdigit():
                now = moved(int(local))
                if now is None:
                    dn.remove(name)
                else:
                    name.set("localSheetId", str(now))
    for view in root.iter(q(NS, "workbookView")):
        for attr in ("activeTab", "firstSheet"):
            at = view.get(attr)
            if at is not None and at.isdigit():
                now = moved(int(at))
                view.set(attr, str(min(now if now is not None else 0, max(kept - 1, 0))))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass(frozen=True)
class Table:
    """An Excel Table (ListObject): its name and cell range (0-based, inclusive)."""

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    header_rows: int
    totals_rows: int


_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def parse_ref(ref: str) -> tuple[int, int, int, int] | None:
    """``"B3:F40"`` -> (2, 1, 39, 5), 0-based (first row, first col, last row, last col)."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    r0, c0 = int(m.group(2)) - 1, column_index(m.group(1))
    r1, c1 = (int(m.group(4)) - 1, column_index(m.group(3))) if m.group(3) else (r0, c0)
    return r0, c0, r1, c1


def tables(pkg: Package, sheet_part: str) -> list[Table]:
    """The Excel Tables on a sheet."""
    rp = rels_name(sheet_part)
    if not pkg.has(rp):
        return []
    out = []
    for rel in pkg.xml(rp).findall(q(NS_REL, "Relationship")):
        if rel.get("Type") != REL_TABLE:
            continue
        part = resolve(sheet_part, rel.get("Target", ""))
        if not pkg.has(part):
            continue
        root = pkg.xml(part)
        ref = parse_ref(root.get("ref", ""))
        if ref is None:
            continue
        out.append(Table(root.get("displayName") or root.get("name") or "", *ref,
                         header_rows=int(root.get("headerRowCount", "1")),
                         totals_rows=int(root.get("totalsRowCount", "0"))))
    return out


_NAMED_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)$")


def named_ranges(pkg: Package) -> dict[str, list[Table]]:
    """Sheet name -> the workbook's defined names that cover a range of two rows or more on it
    (the owner's own names only: not Excel's built-in ``_xlnm.`` names, not hidden ones)."""
    out: dict[str, list[Table]] = {}
    dn = pkg.xml(workbook_part(pkg)).find(q(NS, "definedNames"))
    for name in [] if dn is None else dn.findall(q(NS, "definedName")):
        label = name.get("name", "")
        if label.startswith("_") or name.get("hidden") in ("1", "true"):
            continue
        m = _NAMED_RANGE.match((name.text or "").strip())
        if not m:
            continue
        sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
        ref = parse_ref(m.group(3))
        if ref and ref[2] > ref[0] and ref[3] > ref[1]:
            out.setdefault(sheet, []).append(Table(label, *ref, header_rows=1, totals_rows=0))
    return out


@dataclass
class SheetFacts:
    """What the sheet XML says beyond the values: 0-based row indices and (row, col) cells."""

    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[int] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    no_result: list[tuple[int, int]] = field(default_factory=list)


_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN_COL = re.compile(rb'<(?:\w+:)?col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_MIN_MAX = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>')


def sheet_facts(pkg: Package, sheet_part: str) -> SheetFacts:
    """Hidden rows and columns, error cells and formula cells without a saved result."""
    xml = pkg.parts[sheet_part]
    facts = SheetFacts()
    hidden = b'hidden="' in xml  # a fast look before the slow one
    for m in _HIDDEN_ROW.finditer(xml) if hidden else ():
        r = _ROW_NUMBER.search(m.group(0))
        if r:
            facts.hidden_rows.append(int(r.group(1)) - 1)
    for m in _HIDDEN_COL.finditer(xml) if hidden else ():
        mm = _MIN_MAX.search(m.group(0))
        if mm:
            lo, hi = (mm.group(1), mm.group(2)) if mm.group(1) else (mm.group(4), mm.group(3))
            facts.hidden_cols.extend(range(int(lo) - 1, min(int(hi), 16384)))
    # every formula ends in </f> (a shared formula's master cell is in the same sheet)
    if b't="e"' not in xml and b"</f>" not in xml and b":f>" not in xml:
        return facts
    for m in _CELL.finditer(xml):
        attrs, body = m.group(1), m.group(2) or b""
        is_error = b't="e"' in attrs
        is_formula = b"<f" in body or b":f" in body
        if not (is_error or is_formula):
            continue
        ref = _CELL_REF.search(attrs)
        if not ref:
            continue
        cell = (int(ref.group(2)) - 1, column_index(ref.group(1).decode()))
        value = _VALUE.search(body)
        if is_error:
            facts.errors[cell] = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
        elif value is None or value.group(1) == b"":
            facts.no_result.append(cell)
    return facts


BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: "$#,##0_);($#,##0)", 6: "$#,##0_);[Red]($#,##0)",
    7: "$#,##0.00_);($#,##0.00)", 8: "$#,##0.00_);[Red]($#,##0.00)", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy-mm-dd h:mm", 37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 49: "@",
}


def cell_formats(pkg: Package, sheet_part: str, row: int) -> dict[int, str]:
    """Column (0-based) -> number format code of the cells in one row (0-based) of a sheet.

    Built-in format 14 is the locale's short date; it is given here as ``yyyy-mm-dd``.
    """
    xml = pkg.parts.get(sheet_part, b"")
    start = re.search(rb'<(?:\w+:)?row\b[^>]*?\br="%d"' % (row + 1), xml)
    if not start:
        return {}
    end = xml.find(b"row>", start.end())
    styles_of: dict[int, int] = {}
    for m in _CELL.finditer(xml, start.end(), end if end > 0 else len(xml)):
        ref = _CELL_REF.search(m.group(1))
        style = re.search(rb'\bs="(\d+)"', m.group(1))
        if ref and style:
            styles_of[column_index(ref.group(1).decode())] = int(style.group(1))
    if not styles_of:
        return {}
    wb = workbook_part(pkg)
    styles_part = None
    rp = rels_name(wb)
    if pkg.has(rp):
        for rel in pkg.xml(rp).findall(q(NS_REL, "Relationship")):
            if rel.get("Type", "").endswith("/styles"):
                styles_part = resolve(wb, rel.get("Target", ""))
    if not styles_part or not pkg.has(styles_part):
        return {}
    root = pkg.xml(styles_part)
    custom = {int(n.get("numFmtId", "")): n.get("formatCode") for n in root.iter(q(NS, "numFmt"))}
    xfs_el = root.find(q(NS, "cellXfs"))
    xfs = [] if xfs_el is None else xfs_el.findall(q(NS, "xf"))
    out: dict[int, str] = {}
    for col, s in styles_of.items():
        if s < len(xfs):
            fid = int(xfs[s].get("numFmtId", "0"))
            code = custom.get(fid) or BUILTIN_FORMATS.get(fid)
            if code and code != "General":
                out[col] = code
    return out


# ---------------------------------------------------------------- untrusted extents

MAX_COLUMNS = 256          # a client table never needs more; cells further right are left out
MAX_CELLS = 40_000_000     # rows x columns the reader may lay out (a million order lines of 40 columns)
_ANY_WIDE = re.compile(rb' r="[A-Z]{2}')
_ANY_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d+"')
_WIDE_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{2,3})(\d+)"')
_FAR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{2,3})\d+"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)', re.S)


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(last row, last column), 1-based, of the cells a sheet part holds (not what it claims)."""
    last_row = 0
    at = max(xml.rfind(b"<c "), xml.rfind(b":c "))  # rows come in order: the last cell is in the last row
    if at >= 0:
        m = _CELL_REF.search(xml, at)
        last_row = int(m.group(2)) if m else 0
    last_col = 26 if b'<c ' in xml or b':c ' in xml else 0
    for m in _WIDE_REF.finditer(xml) if _ANY_WIDE.search(xml) else ():  # one quick look first
        last_col = max(last_col, column_index(m.group(1).decode()) + 1)
    if last_col == 26 and last_row * 26 > MAX_CELLS:  # only then is the exact column worth a full scan
        letters = {m.group(1) for m in _ANY_REF.finditer(xml)}
        last_col = max((column_index(x.decode()) + 1 for x in letters), default=0)
    return last_row, last_col


def trim_far_cells(xml: bytes) -> tuple[bytes, int, str | None]:
    """The sheet without cells right of column :data:`MAX_COLUMNS`; how many went, and one of them."""
    removed, example = 0, None

    def drop(m: re.Match[bytes]) -> bytes:
        nonlocal removed, example
        if column_index(m.group(1).decode()) < MAX_COLUMNS:
            return m.group(0)
        removed += 1
        if example is None:
            ref = _CELL_REF.search(m.group(0))
            assert ref is not None  # _FAR_CELL matched only a cell with an r="..." reference
            example = ref.group(0).decode().split('"')[1]
        return b""
    return _FAR_CELL.sub(drop, xml), removed, example


_EMPTY_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?(?:/>|>(?:(?!</?(?:\w+:)?(?:v|f|is)\b).)*?</(?:\w+:)?c>)', re.S)
_EMPTY_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?(?:/>|>\s*</(?:\w+:)?row>)')


def drop_empty_cells(xml: bytes) -> bytes:
    """The sheet without the cells that hold nothing (no value, formula or inline text: only a
    style, as Gnumeric and LibreOffice write a formatted range) and without the rows left empty."""
    out = _EMPTY_CELL.sub(b"", xml)
    return _EMPTY_ROW.sub(b"", out) if len(out) != len(xml) else xml

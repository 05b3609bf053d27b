"""Edits one of the owner's worksheets in place: text into given cells, and new rows at the bottom.

Everything else the owner made stays: their values, rows, columns and formats, their own columns,
sorting, filters, Tables, conditional formats and drop-downs. Every other part of the package keeps
its bytes; the sheet part is parsed and written back with lxml, which keeps its namespaces,
``mc:Ignorable``, extensions and the order of everything in it (an unchanged sheet comes back byte
for byte). The ranges that cover the rows of the list (:mod:`xlclientrank.ooxml.sheet_ranges`) grow
with the appended rows.

Definitions used below:

- a row *holds a value* when one of its cells has a value, a formula or inline text; a row of empty
  formatted cells (a range the owner formatted ahead) does not, and appended rows fill it;
- the *last row* is the last row holding a value after the cell writes; appended rows follow it;
- the *header row* is the one the edit names (:attr:`SheetEdit.header_row`), by default the first row
  holding a value.

Text is written as an inline string (``t="inlineStr"``), never as a formula and never into the shared
strings, so ``=1+1`` stays text and ``xl/sharedStrings.xml`` keeps its bytes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from lxml import etree

from xlclientrank.errors import ClientRankError
from xlclientrank.ooxml import sheet_ranges
from xlclientrank.ooxml.book import column_index, q, sheet_entries
from xlclientrank.ooxml.ns import XML_SPACE
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.rows import cell_text, column_letter


@dataclass
class SheetEdit:
    """What to change in a sheet. ``cells``: (1-based row, 0-based column) -> text to write, None or
    "" to make the cell empty (its format stays). ``append``: rows to add after the last row, each
    0-based column -> text. ``template_row``: the row whose cell formats the appended rows copy
    (default: the last row, unless that is the header row). ``header_row``: the list's header (1-based;
    default: the first row holding a value), whose formats data cells never copy."""

    cells: dict[tuple[int, int], str | None] = field(default_factory=dict)
    append: list[dict[int, str]] = field(default_factory=list)
    template_row: int | None = None
    header_row: int | None = None


class SheetEditRefused(ClientRankError, ValueError):
    """The edit would break something the owner made (a Table with a totals row under the list, a
    protected sheet); nothing was changed. Its text is the reason and what to do, without the sheet's
    name (the caller says which sheet)."""


_ROW_LOOKS = ("ht", "customHeight", "s", "customFormat")   # a template row's attributes new rows copy
_PROTECTED = re.compile(rb'<(?:\w+:)?sheetProtection\b[^>]*?\bsheet="(?:1|true)"')
_ROOT_START = re.compile(rb"<(?![?!])")
_START_TAG = re.compile(rb"<[^>]*>")
_ATTRIBUTE = re.compile(rb"""[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*')""")


def sheet_part(package: Package, sheet_name: str) -> str | None:
    """The part of the worksheet called ``sheet_name`` (Excel's comparison: case aside), None if the
    workbook has no such worksheet (or the sheet is a chart sheet)."""
    entries = [e for e in sheet_entries(package) if e.kind == "worksheet" and e.part]
    for e in entries:
        if e.name == sheet_name:
            return e.part
    for e in entries:
        if e.name.casefold() == sheet_name.casefold():
            return e.part
    return None


def protected(package: Package, sheet_part: str) -> bool:
    """The sheet is protected (``<sheetProtection sheet="1">``): Excel lets nobody change its cells."""
    xml = package.peek(sheet_part)
    at = xml.rfind(b"sheetProtection")
    return at >= 0 and _PROTECTED.search(xml, max(0, xml.rfind(b"<", 0, at))) is not None


def edit_sheet(package: Package, sheet_part: str, edit: SheetEdit) -> list[int]:
    """Applies ``edit`` to the sheet in ``package`` (see :class:`SheetEdit`); returns the 1-based
    numbers of the appended rows. Raises :class:`SheetEditRefused`, leaving the package as it was,
    for a protected sheet or when rows must be added to an Excel Table that has a totals row."""
    if not edit.cells and not edit.append:
        return []
    if protected(package, sheet_part):
        raise SheetEditRefused("the sheet is protected; unprotect it (Review, Unprotect Sheet) and run again")
    original = package.parts[sheet_part]
    root = package.xml(sheet_part)
    grid = Grid(root)
    header = edit.header_row if edit.header_row is not None else grid.first_value_row()
    written = {key: text for key, text in edit.cells.items() if text}
    removed = sheet_ranges.release_formulas(root, grid.ns, set(edit.cells))
    for (r, c), text in sorted(edit.cells.items()):
        removed += grid.write(r, c, text or None, header)
    last = grid.last_value_row()
    appended = list(range(last + 1, last + 1 + len(edit.append)))
    changes = sheet_ranges.Changes(sheet_part, last, appended[-1] if appended else last,
                                   header, written)
    tables, refusal = sheet_ranges.plan_tables(package, changes)
    if refusal:  # before anything in the package has changed
        raise SheetEditRefused(refusal)
    if edit.append:
        template = edit.template_row if edit.template_row is not None else (
            last if header is None or last > header else None)
        for r, values in zip(appended, edit.append):
            grid.append_row(r, values, template)
    sheet_ranges.extend_sheet(root, grid.ns, changes)
    for part, table in tables:
        package.set(part, serialize(package.parts[part], table))
    package.set(sheet_part, serialize(original, root))
    sheet_ranges.forget_calculations(package, changes, removed)
    sheet_ranges.extend_filter_name(package, changes)
    return appended


def serialize(original: bytes, root: etree._Element) -> bytes:
    """The edited tree with the original part's XML declaration and what came before and after its
    root element, so that only what was edited differs."""
    m = _ROOT_START.search(original)
    head = original[:m.start()] if m else b""
    if b"encoding" in head.lower() and not re.search(rb"encoding=[\"']utf-?8[\"']", head, re.I):
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    tail = original[len(original.rstrip()):]
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    # lxml writes the root's namespace declarations before its attributes (Excel mixes them): the
    # original start tag, when it says the same
    old_tag, new_tag = _START_TAG.match(original, len(head)), _START_TAG.match(body)
    if old_tag and new_tag and sorted(_ATTRIBUTE.findall(old_tag[0])) == sorted(_ATTRIBUTE.findall(new_tag[0])):
        body = old_tag[0] + body[new_tag.end():]
    return head + body + tail


class Grid:
    """The rows of a worksheet's ``<sheetData>`` by number, and the cells of a row by column."""

    def __init__(self, root: etree._Element) -> None:
        self.ns = etree.QName(root).namespace or ""
        data = root.find(q(self.ns, "sheetData"))
        if data is None:
            data = etree.SubElement(root, q(self.ns, "sheetData"))  # (a damaged sheet: Excel requires it)
        self.data = data
        self.row_tag, self.cell_tag = q(self.ns, "row"), q(self.ns, "c")
        self.values = {q(self.ns, t) for t in ("v", "f", "is")}
        self.rows: dict[int, etree._Element] = {}
        n = 0
        for row in data.iterchildren(self.row_tag):
            r = row.get("r")
            n = int(r) if r else n + 1
            if not r:  # (a row number left to its position: said, so that rows added before it keep it)
                row.set("r", str(n))
            self.rows[n] = row
        self.numbers = sorted(self.rows)
        self.created: set[tuple[int, int]] = set()
        self.col_styles = [(int(c.get("min", "0")), int(c.get("max", "0")), c.get("style"))
                           for c in root.findall(f"{q(self.ns, 'cols')}/{q(self.ns, 'col')}")
                           if c.get("style") not in (None, "0")]

    # ------------------------------------------------------------ reading

    def cells(self, r: int) -> dict[int, etree._Element]:
        """0-based column -> cell of row ``r`` (none for a row the sheet does not have)."""
        row = self.rows.get(r)
        if row is None:
            return {}
        out: dict[int, etree._Element] = {}
        c = -1
        for cell in row.iterchildren(self.cell_tag):
            ref = cell.get("r")
            c = column_index(ref.rstrip("0123456789").upper()) if ref else c + 1
            if not ref:
                cell.set("r", f"{column_letter(c)}{r}")
            out[c] = cell
        return out

    def holds_value(self, r: int) -> bool:
        return any(child.tag in self.values for cell in self.rows[r].iterchildren(self.cell_tag) for child in cell)

    def first_value_row(self) -> int | None:
        return next((r for r in self.numbers if self.holds_value(r)), None)

    def last_value_row(self) -> int:
        return next((r for r in reversed(self.numbers) if self.holds_value(r)), 0)

    def style_for(self, r: int, c: int, header: int | None, template: int | None = None) -> str | None:
        """The format of a new cell at (r, c): the template row's cell in its column (appended rows);
        else the cell above as it was before this edit, not a header cell; in the header row, the
        nearest header cell to its left; else the row's format, else the column's, else none."""
        if template is not None:
            cell = self.cells(template).get(c)
            if cell is not None and cell.get("s") not in (None, "0"):
                return cell.get("s")
        elif r == header:
            left = [cell for k, cell in self.cells(r).items() if k < c and cell.get("s") not in (None, "0")]
            if left:
                return left[-1].get("s")
        elif r - 1 != header and (r - 1, c) not in self.created:
            above = self.cells(r - 1).get(c)
            if above is not None and above.get("s") not in (None, "0"):
                return above.get("s")
        row = self.rows.get(r)
        if row is not None and row.get("customFormat") in ("1", "true") and row.get("s") not in (None, "0"):
            return row.get("s")
        return next((s for lo, hi, s in self.col_styles if lo <= c + 1 <= hi), None)

    # ------------------------------------------------------------ writing

    def row(self, r: int) -> etree._Element:
        """Row ``r``, made in its place when the sheet does not have it."""
        found = self.rows.get(r)
        if found is not None:
            return found
        new = etree.Element(self.row_tag)
        new.set("r", str(r))
        at = bisect.bisect(self.numbers, r)
        if at < len(self.numbers):
            self.rows[self.numbers[at]].addprevious(new)
        else:
            self.data.append(new)
        self.numbers.insert(at, r)
        self.rows[r] = new
        return new

    def cell(self, r: int, c: int, style: str | None) -> etree._Element:
        """A new cell at (r, c) with format ``style``, in column order in its row."""
        row = self.row(r)
        new = etree.Element(self.cell_tag)
        new.set("r", f"{column_letter(c)}{r}")
        if style not in (None, "0"):
            new.set("s", style)
        after = [cell for k, cell in self.cells(r).items() if k > c]
        if after:
            after[0].addprevious(new)
        else:
            ext = row.find(q(self.ns, "extLst"))
            if ext is not None:
                ext.addprevious(new)
            else:
                row.append(new)
        row.attrib.pop("spans", "")
        self.created.add((r, c))
        return new

    def write(self, r: int, c: int, text: str | None, header: int | None) -> list[str]:
        """Writes ``text`` (None: nothing) into (r, c), keeping the cell's format; returns the cell's
        reference when a formula went."""
        cell = self.cells(r).get(c)
        if cell is None:
            if text is None:
                return []
            cell = self.cell(r, c, self.style_for(r, c, header))
        had_formula = cell.find(q(self.ns, "f")) is not None
        self.put(cell, text)
        if text is None and cell.get("s") in (None, "0"):
            parent = cell.getparent()
            assert parent is not None  # a cell of a row
            parent.remove(cell)
        self.rows[r].attrib.pop("spans", "")
        return [f"{column_letter(c)}{r}"] if had_formula else []

    def put(self, cell: etree._Element, text: str | None) -> None:
        """The cell's content becomes ``text`` (an inline string), or nothing; its format stays."""
        for child in list(cell):
            cell.remove(child)
        for attr in ("t", "vm", "cm"):
            cell.attrib.pop(attr, "")
        if text:
            cell.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(cell, q(self.ns, "is")), q(self.ns, "t"))
            t.text = cell_text(text)
            if t.text[:1] in (" ", "\t", "\n", "\r") or t.text[-1:] in (" ", "\t", "\n", "\r"):
                t.set(XML_SPACE, "preserve")

    def append_row(self, r: int, values: dict[int, str], template: int | None) -> None:
        """Row ``r`` (empty or missing) gets ``values``, the template row's looks and, in every
        column where the template has a formatted cell, a cell of that format."""
        row = self.row(r)
        model = self.rows.get(template) if template is not None else None
        if model is not None:
            for k, v in model.attrib.items():
                if (k in _ROW_LOOKS or etree.QName(k).localname == "dyDescent") and k not in row.attrib:
                    row.set(k, v)
        styled = {c for c, cell in self.cells(template).items()
                  if cell.get("s") not in (None, "0")} if template is not None else set()
        have = self.cells(r)
        for c in sorted(set(values) | styled):
            cell = have.get(c)
            if cell is None:
                style = self.style_for(r, c, None, template if model is not None else None)
                if not values.get(c) and style is None:
                    continue
                cell = self.cell(r, c, style)
            if values.get(c):
                self.put(cell, values[c])

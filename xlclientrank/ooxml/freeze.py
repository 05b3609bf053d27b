"""The owner's whole workbook made fit to send: our add-in's formulas frozen to their values, the link
to the add-in removed, no macros.

When a workbook whose cells call the add-in's functions is saved, Excel stores each call as a name
in an external book, the add-in at its path on the owner's computer (ClosedXML's and EPPlus's
readers meet the same shape): the formula is ``[1]!CLIENT_TIER(A2:G2)`` and
``xl/externalLinks/externalLink1.xml`` names ``CLIENT_TIER`` in an ``externalBook`` whose
relationship (type ``externalLinkPath``, TargetMode External) points at ``file:///C:\\...\\
xlclientrank.xlam`` (ECMA-376 Part 1 §18.14; [MS-XLSX]). A workbook that carries the functions' VBA
itself (our template) stores them as plain ``CLIENT_TIER(``. On another computer either form shows
errors after a recalculation, so in the advisor's copy:

* every cell whose formula calls one of :data:`FUNCTION_NAMES` (alone or inside a larger formula, as
  ``[n]!NAME(``, ``_xludf.NAME(``, ``'...\\xlclientrank.xlam'!NAME(`` or ``NAME(``) keeps only its
  last saved value: shared formulas (the whole group), array formulas and dynamic-array anchors
  (their spilled cells already hold values) included; their calculation-chain entries go;
* formulas of ours that cannot become a value (defined names, data validation, conditional
  formats) are listed for the owner, and lose their link to the add-in (``NAME(`` stays, which Excel
  shows as #NAME?), so that no reference to a removed link is left;
* the external link to our add-in is removed, and only it: references ``[k]`` to the owner's other
  linked workbooks are renumbered where a link before them went;
* macros go (the copy is an .xlsx): the VBA project, its signature and the ribbon's callbacks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Sequence
from urllib.parse import unquote

from lxml import etree

from xlclientrank.names import FUNCTION_NAMES  # the add-in's cell formulas
from xlclientrank.ooxml.book import q, rels_name, resolve, sheet_parts, sheet_reference_pattern, workbook_part
from xlclientrank.ooxml.macros import delete_tree, drop_override, remove_macro_sheets, remove_macros
from xlclientrank.ooxml.ns import NS, NS_R, NS_REL, REL_EXTERNAL_LINK, XML_SPACE
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import MARK

ADDIN_FILE = "xlclientrank.xlam"

_NAMES = "|".join(FUNCTION_NAMES)
# one of our calls, with whatever Excel put before the name: [1]!, _xludf., 'C:\...\xlclientrank.xlam'!
_CALL = re.compile(r"(?<![\w.])((?:\[\d+\]!|_xludf\.|'[^']*'!|[\w.\\:-]*xlclientrank\.xlam!)?)(" + _NAMES +
                   r")\s*\(", re.IGNORECASE)
# what is not formula text: a string literal ("" is a quote inside) or a quoted sheet or book name
# ('' is a quote inside), which may hold anything, even "CLIENT_TIER ("
_LITERAL = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'')
# an external book's index: [2]Sheet!A1, '[2]My sheet'!A1, [2]!Name; never a table's column [2024],
# [[2]:[5]] (after a name, a bracket or a colon, and with no "!" after it before a bracket)
_BOOK_INDEX = re.compile(r"(?<![\w\]\[.:])\[(\d+)\](?=[^\[\]()!,;{}]*!)")
_QUOTED_ADDIN = re.compile(r"'[^']*xlclientrank\.xlam'!(?=(?:" + "|".join(FUNCTION_NAMES) + r")\s*\()", re.IGNORECASE)


@dataclass
class Frozen:
    """What :func:`make_sendable` did, for the owner."""

    cells: dict[str, int] = field(default_factory=dict)   # sheet -> cells frozen to their value
    without_value: list[str] = field(default_factory=list)  # "Sheet!B2": a formula of ours never calculated
    cannot: list[str] = field(default_factory=list)         # places whose formula cannot become a value
    table_columns: list[str] = field(default_factory=list)  # table column formulas removed
    macro_sheets: list[str] = field(default_factory=list)   # Excel 4.0 macro sheets left out
    macros_removed: bool = False

    def notes(self) -> list[str]:
        out = []
        total = sum(self.cells.values())
        if total:
            where = ", ".join(f"'{s}' ({n:,})" for s, n in self.cells.items())
            out.append(f"{total:,} {'cell' if total == 1 else 'cells'} with Client Rank formulas now "
                       f"{'holds its' if total == 1 else 'hold their'} last value: {where}.")
        if self.without_value:
            out.append("These Client Rank formulas had never been calculated, so they are empty in the copy: "
                       + ", ".join(self.without_value[:8]) + (" and more" if len(self.without_value) > 8 else "")
                       + ". Open the workbook in Excel, let it calculate, save, and share again.")
        if self.cannot:
            counted = Counter(self.cannot)
            listed = [f"{w} ({n})" if n > 1 else w for w, n in counted.items()]
            out.append("These use Client Rank formulas that cannot be turned into a value, so they show #NAME? for "
                       "your advisor: " + "; ".join(listed[:8]) + (" and more" if len(listed) > 8 else "") + ".")
        if self.table_columns:
            out.append("New rows of these table columns no longer get the Client Rank formula (their cells hold "
                       "their values): " + "; ".join(self.table_columns[:8]) + ".")
        if self.macro_sheets:
            out.append("These Excel 4.0 macro sheets are left out of the copy (an .xlsx holds no macros): "
                       + ", ".join(f"'{m}'" for m in self.macro_sheets) + ".")
        if self.macros_removed:
            out.append("The copy has no macros (it is an .xlsx); buttons or formulas that need your own macros do "
                       "not work in it.")
        return out


def calls_ours(formula: str) -> bool:
    return _CALL.search(_LITERAL.sub("''", formula)) is not None


_TEXT = re.compile(r'"(?:[^"]|"")*"')


def _outside_strings(formula: str, fn: Callable[[str], str], names_too: bool = True) -> str:
    """``fn`` applied to the parts of ``formula`` outside its string literals (and, with
    ``names_too``, its quoted sheet and book names)."""
    out, last = [], 0
    for m in (_LITERAL if names_too else _TEXT).finditer(formula):
        out.append(fn(formula[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(fn(formula[last:]))
    return "".join(out)


def _unlink(formula: str) -> str:
    """Our calls without the book they were found in: ``[1]!CLIENT_TIER(`` -> ``CLIENT_TIER(``."""
    formula = _QUOTED_ADDIN.sub("", formula)
    return _outside_strings(formula, lambda s: _CALL.sub(lambda m: m.group(2) + "(", s))


def _mentions(formula: str, pattern: re.Pattern[str] | None) -> bool:
    """The formula text (literals aside) matches ``pattern`` (a sheet of ours, a name that calls ours)."""
    if pattern is None:
        return False
    literals_emptied = _LITERAL.sub(lambda m: m.group(0) if m.group(0).startswith("'") else '""', formula)
    return pattern.search(literals_emptied) is not None


def _without_book(formula: str, book: int) -> str:
    """``[book]!NAME(`` -> ``NAME(`` for our names, outside string literals."""
    call = re.compile(rf"\[{book}\]!(?=(?:{_NAMES})\s*\()", re.IGNORECASE)
    return _outside_strings(formula, lambda s: call.sub("", s))


def _renumber(formula: str, gone: int) -> str:
    """External book ``[k]`` references after the removed book ``gone`` move down by one."""
    def shift(s: str) -> str:
        return _BOOK_INDEX.sub(lambda m: f"[{int(m.group(1)) - 1}]" if int(m.group(1)) > gone else m.group(0), s)
    return _outside_strings(formula, shift, names_too=False)  # '[2]My prices'!A1 holds its index inside quotes


# ---------------------------------------------------------------- cells

def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def freeze_cell(c: etree._Element, f: etree._Element) -> bool:
    """The cell keeps its saved value only; False when it had none."""
    c.remove(f)
    c.attrib.pop("cm", "")        # the dynamic-array flag is about the formula
    v = c.find(q(NS, "v"))
    if v is None:
        c.attrib.pop("t", "")
        return False
    if c.get("t") == "str":       # a formula's text result: as a constant it is an inline string
        text = v.text or ""
        at = list(c).index(v)
        c.remove(v)
        c.set("t", "inlineStr")
        is_ = etree.Element(q(NS, "is"))
        c.insert(at, is_)         # where the value stood: before any extLst, as the schema orders a cell
        t = etree.SubElement(is_, q(NS, "t"))
        t.text = text
        if text != text.strip():
            t.set(XML_SPACE, "preserve")
    return True


@dataclass
class Rules:
    """Which formulas of the owner's become values: those that call our functions, that read one of
    our sheets (in the copy our sheets are the advisor's, laid out differently, or are left out), or
    that use a defined name which calls ours."""

    sheets: re.Pattern[str] | None = None
    names: re.Pattern[str] | None = None

    def freezes(self, formula: str) -> bool:
        return calls_ours(formula) or _mentions(formula, self.sheets) or _mentions(formula, self.names)


def _sheet_pattern(sheets: Sequence[str]) -> re.Pattern[str] | None:
    return sheet_reference_pattern(sheets) if sheets else None


def _freeze_sheet(xml: bytes, sheet: str, frozen: Frozen, rules: Rules) -> tuple[bytes | None, set[str]]:
    """The sheet with those formulas frozen (None when it has none); the cell refs frozen."""
    root = etree.fromstring(xml)
    cells = list(root.iter(q(NS, "c")))
    shared_frozen = set()
    for c in cells:
        f = c.find(q(NS, "f"))
        if f is not None and f.get("t") == "shared" and f.text and rules.freezes(f.text):
            shared_frozen.add(f.get("si"))
    refs, valued = set(), 0
    for c in cells:
        f = c.find(q(NS, "f"))
        if f is None:
            continue
        if not ((f.text and rules.freezes(f.text)) or (f.get("t") == "shared" and f.get("si") in shared_frozen)):
            continue
        ref = c.get("r", "")
        if freeze_cell(c, f):
            valued += 1
        else:
            frozen.without_value.append(f"'{sheet}'!{ref}")
        refs.add(ref)
    changed = bool(refs)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = _local(el)
        if name in ("formula", "formula1", "formula2", "f") and el.text and calls_ours(el.text):
            parent = el.getparent()
            kinds = {"cfRule": "a conditional format", "dataValidation": "a data validation"}
            what = kinds.get(_local(parent)) if parent is not None else None
            grandparent = parent.getparent() if parent is not None else None
            if what is None and grandparent is not None:
                what = kinds.get(_local(grandparent), "a rule")
            frozen.cannot.append(f"{what} on sheet '{sheet}'")
            el.text = _unlink(el.text)
            changed = True
    if valued:
        frozen.cells[sheet] = frozen.cells.get(sheet, 0) + valued
    if not changed:
        return None, set()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), refs


def _freeze_tables(pkg: Package, frozen: Frozen) -> None:
    """An Excel Table's column formula that calls ours would fill new rows with it again: it goes
    (the column's cells hold their values); a totals-row formula of ours is unlinked and listed."""
    for part in [p for p in pkg.parts if p.startswith("xl/tables/") and p.endswith(".xml")]:
        if not any(n.encode() in pkg.parts[part].upper() for n in FUNCTION_NAMES):
            continue
        root = pkg.xml(part)
        changed = False
        for col in root.iter(q(NS, "tableColumn")):
            for el in list(col):
                if not (isinstance(el.tag, str) and el.text and calls_ours(el.text)):
                    continue
                if _local(el) == "calculatedColumnFormula":
                    col.remove(el)
                    frozen.table_columns.append(f"column '{col.get('name')}' of table '{root.get('name')}'")
                else:
                    el.text = _unlink(el.text)
                    frozen.cannot.append(f"the totals row of table '{root.get('name')}'")
                changed = True
        if changed:
            pkg.set_xml(part, root)


def _prune_calc_chain(pkg: Package, wb_part: str, rels: etree._Element, wb: etree._Element,
                      frozen_refs: dict[str, set[str]]) -> None:
    """The frozen cells leave Excel's calculation chain (one pass; an entry's sheet is its own i or
    the one before it)."""
    sheets = wb.find(q(NS, "sheets"))
    assert sheets is not None  # CT_Workbook requires <sheets> (ECMA-376 Part 1 §18.2.27)
    ids = {s.get("sheetId"): s.get("name") for s in sheets.findall(q(NS, "sheet"))}
    for rel in rels.findall(q(NS_REL, "Relationship")):
        if not rel.get("Type", "").endswith("/calcChain"):
            continue
        part = resolve(wb_part, rel.get("Target", ""))
        if not pkg.has(part) or not any(frozen_refs.values()):
            continue
        root = pkg.xml(part)
        kept: list[etree._Element] = []
        current: str | None = None
        last_written: str | None = None
        for c in list(root):
            current = c.get("i", current)
            sheet = ids.get(current, "")
            if sheet is not None and c.get("r") in frozen_refs.get(sheet, ()):
                continue
            if current is not None and current != last_written:  # say the sheet again where the entry that said it went
                c.set("i", current)
            kept.append(c)
            last_written = current
        if len(kept) == len(root):
            continue
        for c in list(root):
            root.remove(c)
        root.extend(kept)
        if len(root):
            pkg.set_xml(part, root)
        else:
            pkg.delete(part)
            rels.remove(rel)
            drop_override(pkg, part)


# ---------------------------------------------------------------- the link to the add-in

def is_addin_link(pkg: Package, link_part: str) -> bool:
    """An external link to our add-in: its book is a file named xlclientrank.xlam, or every name it
    holds is one of our functions."""
    rp = rels_name(link_part)
    targets = []
    if pkg.has(rp):
        targets = [r.get("Target", "") for r in pkg.xml(rp).findall(q(NS_REL, "Relationship"))]
    # file:///C:\...\xlclientrank.xlam, file:///Users/.../xlclientrank.xlam, an old Mac path
    # Macintosh HD:Users:...:xlclientrank.xlam, percent-encoded or not
    if any(re.split(r"[\\/:]", unquote(t))[-1].lower() == ADDIN_FILE for t in targets):
        return True
    root = pkg.xml(link_part)
    names = [n.get("name", "").upper() for n in root.iter(q(NS, "definedName"))]
    return bool(names) and all(n in FUNCTION_NAMES for n in names) and root.find(q(NS, "externalBook")) is not None


def _formula_parts(pkg: Package, wb_part: str) -> list[str]:
    """Every part whose XML holds formulas that may name an external book by index: sheets, tables,
    charts, pivot caches, drawings (a shape's text link), form controls and their VML."""
    out = list(sheet_parts(pkg).values())
    out += [p for p in pkg.parts if p.startswith(("xl/charts/", "xl/chartsheets/", "xl/pivotCache/", "xl/tables/",
                                                  "xl/drawings/", "xl/ctrlProps/")) and p.endswith((".xml", ".vml"))]
    return [p for p in dict.fromkeys(out) if pkg.has(p) and p != wb_part]


FORMULA_ELEMENTS = ("f", "formula", "formula1", "formula2", "calculatedColumnFormula", "totalsRowFormula",
                    "FmlaLink", "FmlaRange", "FmlaTxbx", "FmlaMacro")
FORMULA_ATTRIBUTES = ("textlink", "fmlaLink", "fmlaRange", "fmlaTxbx", "fmlaMacro")


def _rewrite_formulas(pkg: Package, wb: etree._Element, parts: list[str], fn: Callable[[str], str]) -> None:
    for el in wb.iter(q(NS, "definedName")):
        if el.text:
            el.text = fn(el.text)
    for part in parts:
        data = pkg.parts[part]
        if b"[" not in data:
            continue
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError:  # legacy VML that is not well-formed XML: Excel rewrites it, we leave it
            continue
        changed = False
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            if _local(el) in FORMULA_ELEMENTS and el.text:
                new = fn(el.text)
                if new != el.text:
                    el.text, changed = new, True
            for attr in FORMULA_ATTRIBUTES:
                value = el.get(attr)
                if value:
                    new = fn(value)
                    if new != value:
                        el.set(attr, new)
                        changed = True
        if changed:
            pkg.set_xml(part, root)


def _book_gone(k: int) -> Callable[[str], str]:
    """What a formula becomes once book ``[k]`` is gone: our calls lose that book, later books move down."""
    def rewrite(f: str) -> str:
        return _renumber(_without_book(f, k), k)
    return rewrite


def _remove_addin_links(pkg: Package, wb_part: str, wb: etree._Element, rels: etree._Element) -> None:
    """The external links to our add-in go, with their parts; the books after them move down by one
    in every formula that names a book by its index."""
    refs_el = wb.find(q(NS, "externalReferences"))
    if refs_el is None:
        return
    by_id = {r.get("Id"): r for r in rels.findall(q(NS_REL, "Relationship"))}
    for pos, ref in reversed(list(enumerate(refs_el.findall(q(NS, "externalReference")), 1))):
        rel = by_id.get(ref.get(q(NS_R, "id")))
        if rel is None or rel.get("Type") != REL_EXTERNAL_LINK:
            continue
        part = resolve(wb_part, rel.get("Target", ""))
        if not pkg.has(part) or not is_addin_link(pkg, part):
            continue
        # what still names this book (rules that could not be frozen) loses the book, then later books move down
        _rewrite_formulas(pkg, wb, _formula_parts(pkg, wb_part), _book_gone(pos))
        refs_el.remove(ref)
        rels.remove(rel)
        delete_tree(pkg, part)
    if len(refs_el) == 0:
        wb.remove(refs_el)


def _unlink_defined_names(wb: etree._Element, frozen: Frozen, gone: re.Pattern[str] | None) -> list[str]:
    """The defined names that call our functions lose the link to the add-in (listed for the owner);
    those that point at a sheet of ours left out of the copy (``gone``) become #REF!. Returns the
    names that call ours (formulas that use them are frozen too)."""
    calling = []
    for el in wb.iter(q(NS, "definedName")):
        name = el.get("name", "")
        if name.startswith(MARK) or not el.text:
            continue
        if calls_ours(el.text):
            frozen.cannot.append(f"the defined name '{name}'")
            el.text = _unlink(el.text)
            calling.append(name)
        elif _mentions(el.text, gone):
            el.text = "#REF!"
            frozen.cannot.append(f"the defined name '{name}' (it pointed at a Client Rank sheet left out of the copy)")
    return calling


def _freeze_sheets(pkg: Package, skip: AbstractSet[str], frozen: Frozen, rules: Rules,
                   tokens: list[bytes]) -> dict[str, set[str]]:
    """Freezes the formulas ``rules`` picks in every sheet but those in ``skip``; a sheet whose bytes
    hold none of ``tokens`` (upper case) is not parsed. Returns sheet -> the cell refs frozen."""
    refs: dict[str, set[str]] = {}
    for sheet, part in sheet_parts(pkg).items():
        if part in skip:
            continue
        upper = pkg.parts[part].upper()
        if not any(t in upper for t in tokens):
            continue
        xml, done = _freeze_sheet(pkg.parts[part], sheet, frozen, rules)
        if xml is not None:
            pkg.set(part, xml)
            refs[sheet] = done
    return refs


def make_sendable(pkg: Package, skip: AbstractSet[str] = frozenset(), our_sheets: Sequence[str] = (),
                  removed_sheets: Sequence[str] = ()) -> Frozen:
    """Freezes, in every sheet but the parts in ``skip`` (our own sheets), the formulas that call our
    functions, that read one of ``our_sheets`` or ``removed_sheets``, or that use a name calling ours;
    removes the link to the add-in and the macros. Defined names that point at a removed sheet become
    #REF!, as when Excel deletes a sheet. Parts without any of this keep their bytes."""
    frozen = Frozen()
    wb_part = workbook_part(pkg)
    wb = pkg.xml(wb_part)
    rels_part = rels_name(wb_part)
    rels = pkg.xml(rels_part)
    calling = _unlink_defined_names(wb, frozen, gone=_sheet_pattern(list(removed_sheets)))
    names = re.compile(r"(?<![\w.!\]'])(?:" + "|".join(re.escape(n) for n in calling) + r")(?![\w.(!])",
                       re.IGNORECASE) if calling else None
    rules = Rules(_sheet_pattern(list(our_sheets) + list(removed_sheets)), names)
    tokens = [n.encode().upper() for n in FUNCTION_NAMES + tuple(our_sheets) + tuple(removed_sheets) + tuple(calling)]
    refs = _freeze_sheets(pkg, skip, frozen, rules, tokens)
    _freeze_tables(pkg, frozen)
    _prune_calc_chain(pkg, wb_part, rels, wb, refs)
    _remove_addin_links(pkg, wb_part, wb, rels)
    frozen.macro_sheets.extend(remove_macro_sheets(pkg, wb_part, wb, rels))
    frozen.macros_removed = remove_macros(pkg, wb_part, rels) or bool(frozen.macro_sheets)
    pkg.set_xml(wb_part, wb)
    pkg.set_xml(rels_part, rels)
    return frozen

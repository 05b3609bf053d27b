"""Client names replaced by their aliases everywhere in a workbook package, the owner's sheets included.

:func:`anonymize_package` goes through every XML part of the package (except ``skip``, our own
sheets, which are anonymous already, and the parts only they use) and replaces each client's name
by its alias in the places where real files keep text:

* shared strings (``xl/sharedStrings.xml``, ECMA-376 Part 1 §18.4: plain ``<t>`` and rich-text runs
  ``<r><t>``; an item in which a name spans several runs is rewritten as one plain text, and its
  phonetic runs ``<rPh>`` go when its text changes);
* cells (§18.3.1.4): inline strings ``<is>``, the saved text result of formulas (``t="str"``) and
  the string literals of formulas (``"..."`` in ``<f>``); numbers stored as numbers are never
  touched;
* data validation (§18.3.1.32: list literals ``"A,B,C"`` item by item, prompt and error texts),
  conditional formats (literals and the ``text`` of "contains" rules), autofilter values, header
  and footer texts, hyperlink display texts and tooltips;
* legacy comments (§18.7) and threaded comments ([MS-XLSX] 2.6.205 CT_ThreadedComment, with the
  positions of their @mentions, 2.6.202 CT_Mention, kept right), the persons who wrote them;
* charts (DrawingML charts, §21.2: ``c:strCache``/``c:strLit`` points, titles, labels and rich text
  ``a:t``) and Excel 2016 charts (chartEx, [MS-ODRAWXML] 2.24.3.79 CT_StringDimension); number
  caches are left alone;
* drawings: text boxes and shapes (``a:p``/``a:r``/``a:t``, §21.1.2), the shapes' names and alt
  texts (``cNvPr`` name, descr, title);
* pivot caches (§18.10: ``sharedItems``/``groupItems`` ``<s v>``, field names and captions, the
  string literals of calculated fields; records ``<s v>``) and pivot tables (item names ``n``,
  field and data field names, captions, label filters); slicers' captions and source names follow;
* Excel Tables (§18.5): a column whose header is a client's name is renamed with its header cell,
  and the formulas' structured references to it (``Table1[Acme Ltd]``) follow;
* the workbook's defined names (§18.2.5: string literals, list-aware, and their comments);
* any other XML part of the owner's (document properties, custom XML, external links' cached
  values, VML text, ...): the text of its elements, and in XML of the owner's own vocabulary (a
  namespace that is not one of the formats', as in custom XML data) its attribute values too;
* e-mail addresses in any attribute (a person's user id) and in ``mailto:`` link targets
  (percent-encoded there, so that the address stays valid).

Matching is :class:`xlclientrank.ooxml.scrub.Scrubber`'s (names by their aliases, e-mail addresses
and whole phone numbers by placeholders; see :mod:`xlclientrank.ooxml.scrub`). Numbers (number
cells, chart number caches, pivot ``<n v>``) and references are never changed; a pivot field's
items are kept distinct.

Sheet names are never renamed (every formula that points at a sheet would break): the tabs named
after a client are reported (:attr:`Report.sheet_names_with_clients`) for the owner to rename. A
final scan of every part (text, attributes, the bytes of binary parts and the XML inside embedded
Office files; not compressed pictures) reports what is left (:attr:`Report.left`), in plain sentences in :attr:`Report.notes`. The notes
name real clients: they are for the owner's screen, never for the copy.

A part with nothing to replace keeps its bytes exactly; a changed part is rewritten with lxml
(namespaces and prefixes as they were).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from xlclientrank.ooxml.book import rels_name, resolve, sheet_entries, workbook_part
from xlclientrank.ooxml.ns import FORMAT_NS_PREFIXES, NS_A, XML_SPACE
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.scrub import (EMAIL, EMAIL_REMOVED, Scrubber, formula_tokens, is_number, name_key, scrub_formula,
                                     without_sheet_refs)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False, strip_cdata=False,
                          huge_tree=True)
BIG_BINARY = 64 << 20  # binary parts larger than this are not scanned for names (reported as not checked)


# ---------------------------------------------------------------------------------------- report

KINDS = ("shared_strings", "cells", "formulas", "comments", "threaded_comments", "charts", "drawings",
         "pivot_caches", "pivot_tables", "tables", "defined_names", "data_validations", "other")
_KIND_WORDS = {"shared_strings": "cell texts", "cells": "cells' own texts", "formulas": "formulas",
               "comments": "notes", "threaded_comments": "comments", "charts": "charts",
               "drawings": "text boxes and pictures", "pivot_caches": "pivot table data",
               "pivot_tables": "pivot table labels", "tables": "table columns", "defined_names": "named ranges",
               "data_validations": "drop-down lists and input messages", "other": "other places"}


@dataclass(frozen=True)
class Left:
    """A client's name the anonymizer left in a part (found by the final scan)."""

    part: str
    where: str   # in plain words: "the name of a named range", "a file embedded in the workbook", ...
    name: str    # the real name found


@dataclass
class Report:
    """What :func:`anonymize_package` did. Each count is the number of places (a text, a cell, a
    formula, an item) in which something was replaced."""

    shared_strings: int = 0     # items of the shared strings table
    cells: int = 0              # inline strings and formulas' saved text results
    formulas: int = 0           # string literals of cell formulas (and conditional formats)
    comments: int = 0           # legacy comments (notes) and their authors
    threaded_comments: int = 0  # threaded comments and their persons
    charts: int = 0             # chart and chartEx caches, titles and labels
    drawings: int = 0           # text boxes, shapes' names and alt texts, VML text
    pivot_caches: int = 0       # pivot cache items, field names, records
    pivot_tables: int = 0       # pivot table item and field names, captions
    tables: int = 0             # Excel Table column names (with their structured references)
    defined_names: int = 0      # defined names' literals and comments
    data_validations: int = 0   # list literals, prompts, error messages
    other: int = 0              # anything else (document properties, headers and footers, filters, ...)
    emails: int = 0             # e-mail addresses removed (counted once each)
    phones: int = 0             # phone numbers removed
    parts_changed: list[str] = field(default_factory=list)
    sheet_names_with_clients: list[str] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(getattr(self, k) for k in KINDS)

    def counts(self) -> dict[str, int]:
        """The kinds of place with at least one replacement -> how many."""
        return {k: getattr(self, k) for k in KINDS if getattr(self, k)}


# ---------------------------------------------------------------------------------------- the places

def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _ns(el) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


# elements whose text is a formula (SpreadsheetML, x14 extensions' xm:f, DrawingML charts' c:f and
# chartEx cx:f, VML form controls' x:Fmla*)
FORMULA_TAGS = {"f", "formula", "formula1", "formula2", "definedName", "calculatedColumnFormula",
                "totalsRowFormula", "FmlaLink", "FmlaRange", "FmlaMacro", "FmlaTxbx", "FmlaGroup", "FmlaPict", "nf"}
# elements whose text is a reference, a number list or an identifier: never changed
NO_TEXT = {"sqref", "Anchor", "Row", "Column", "ref"}
HEADER_FOOTER = {"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"}
_HF_CODE = re.compile(r'(&(?:\d+|"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|.))', re.S)


def _header_footer(text: str, scrub) -> str:
    """A page header or footer (§18.3.1.46): the texts between its ``&`` codes (``&L``, ``&12``,
    ``&"Arial,Bold"``, ``&KFF0000``, ...) one by one, so that a name right after a font size is
    found."""
    return "".join(p if i % 2 else scrub(p) for i, p in enumerate(_HF_CODE.split(text)))
# subtrees of numbers (chart number caches and literals, chartEx numeric dimensions)
NUMBER_TREES = {"numCache", "numLit", "numDim"}
# attribute -> the elements on which it is text for people (None: on any element)
TEXT_ATTRS: dict[str, set[str] | None] = {
    "descr": None, "title": None, "tooltip": None, "caption": None, "comment": None,
    "display": {"hyperlink"},
    "prompt": {"dataValidation"}, "promptTitle": {"dataValidation"},
    "error": {"dataValidation"}, "errorTitle": {"dataValidation"},
    "description": {"definedName"}, "help": {"definedName"}, "statusBar": {"definedName"},
    "customMenu": {"definedName"},
    "n": {"item"}, "v": {"s"}, "val": {"filter", "customFilter"}, "text": {"cfRule"},
    "stringValue1": {"filter"}, "stringValue2": {"filter"},
    "name": {"dataField", "pivotField", "cacheField", "tableColumn", "cNvPr", "queryTableField"},
    "displayName": {"person"}, "userId": {"person"},   # [MS-XLSX] 2.6.203: with providerId "None", a name
    "sourceName": {"slicerCacheDefinition", "timelineCacheDefinition"},
    "dataCaption": None, "grandTotalCaption": None, "errorCaption": None, "missingCaption": None,
    "rowHeaderCaption": None, "colHeaderCaption": None, "totalsRowLabel": None,
}
LIST_ATTRS = {"customList": {"sortCondition"}}
FORMULA_ATTRS = {"formula": {"cacheField", "calculatedItem", "calculatedMember"}}
# attributes that hold sheet names or references (the final scan reads them without sheet names)
REF_ATTRS = {"location", "sheet", "ref", "refersTo", "sqref", "link", "r:id", "id"}


class _Part:
    """Replaces in one parsed part, counting per kind of place."""

    def __init__(self, scrubber: Scrubber, kind: str, counts: Counter, renames: dict[str, str]) -> None:
        self.s = scrubber
        self.worksheet = kind == "cells"
        self.kind = "other" if kind in ("cells", "defined_names") else kind
        self.counts = counts
        self.renames = renames
        self.changed = False

    def hit(self, kind: str | None = None) -> None:
        self.counts[kind or self.kind] += 1
        self.changed = True

    def retext(self, el, kind: str | None, new_of) -> None:
        """The element's text as ``new_of`` gives it, counted as a replacement when that changes it."""
        if el.text:
            new = new_of(el.text)
            if new != el.text:
                el.text = new
                self.hit(kind)

    # -------------------------------------------------------------- walking

    def walk(self, el, kind: str | None = None, lists: bool = False) -> None:
        tag = _local(el)
        if not tag:
            return  # comments and processing instructions
        if tag in NUMBER_TREES:
            return
        if tag == "sheetData" and self.worksheet:
            self.sheet_data(el)
            return
        if tag in ("dataValidation", "dataValidations"):
            kind, lists = "data_validations", True
        elif tag == "definedName":
            kind, lists = "defined_names", True
        elif tag in ("conditionalFormatting", "cfRule"):
            kind = kind or "formulas"
        self.attributes(el, kind)
        if tag in ("si", "is") or (tag == "text" and self.kind == "comments"):
            if self.rich(el):
                self.hit(kind)
            return
        if tag == "threadedComment":
            self.threaded(el, kind)
            return
        if tag == "p" and _ns(el) == NS_A:
            if self.paragraph(el):
                self.hit(kind)
            return
        if tag in HEADER_FOOTER:
            self.retext(el, kind, lambda text: _header_footer(text, self.s.text))
            return
        if tag == "formatCode":
            self.retext(el, kind, lambda text: scrub_formula(text, self.s.text))
            return
        if tag == "sharedItems":
            self.shared_items(el, kind)
            return
        if tag in FORMULA_TAGS:
            scrub = self.s.items if lists else self.s.text
            self.retext(el, kind, lambda text: scrub_formula(text, scrub, self.renames))
            for child in el:
                self.walk(child, kind, lists)
            return
        if el.text and tag not in NO_TEXT and not is_number(el.text):
            new = self.s.text(el.text)
            if new != el.text:
                el.text = _set_text(el, new)
                self.hit(kind)
        for child in el:
            self.walk(child, kind, lists)
            if child.tail and not child.tail.isspace():
                new = self.s.text(child.tail)
                if new != child.tail:
                    child.tail = new
                    self.hit(kind)

    def attributes(self, el, kind: str | None) -> None:
        tag = _local(el)
        foreign = not _ns(el).startswith(FORMAT_NS_PREFIXES)  # the owner's own XML: every attribute is text
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1]
            where = TEXT_ATTRS.get(local, False)
            if where is None or (where and tag in where) or (foreign and not name.startswith("{")):
                if is_number(value) and not (tag == "s" and local == "v"):  # <s v> is a text, whatever it says
                    continue
                new = self.s.text(value)
                if tag == "tableColumn" and local == "name" and new != value:
                    self.renames[value.casefold()] = new
            elif local in LIST_ATTRS and tag in LIST_ATTRS[local]:
                new = self.s.items(value)
            elif local in FORMULA_ATTRS and tag in FORMULA_ATTRS[local]:
                new = scrub_formula(value, self.s.text, self.renames)
            elif local == "formatCode":
                new = scrub_formula(value, self.s.text)
            elif "@" in value:
                new = _without_emails(self.s, value, url=local == "Target")
            else:
                continue
            if new != value:
                el.set(name, new)
                self.hit(kind)

    # -------------------------------------------------------------- cells

    def sheet_data(self, sheet_data) -> None:
        ns = _ns(sheet_data)
        c_tag, is_tag, v_tag, f_tag = (f"{{{ns}}}{t}" if ns else t for t in ("c", "is", "v", "f"))
        for c in sheet_data.iter(c_tag):
            t = c.get("t")
            if t == "inlineStr":
                inline = c.find(is_tag)
                if inline is not None and self.rich(inline):
                    self.hit("cells")
            elif t == "str":
                v = c.find(v_tag)
                if v is not None and v.text:
                    new = self.s.text(v.text)
                    if new != v.text:
                        v.text = _set_text(v, new)
                        self.hit("cells")
            f = c.find(f_tag)
            if f is not None and f.text:
                new = scrub_formula(f.text, self.s.text, self.renames)
                if new != f.text:
                    f.text = new
                    self.hit("formulas")

    # -------------------------------------------------------------- rich text

    def rich(self, container) -> bool:
        """A shared string item, an inline string or a comment's text: plain ``<t>`` or runs
        ``<r><t>``. True when it changed."""
        children = [ch for ch in container if _local(ch)]
        plain = [ch for ch in children if _local(ch) == "t"]
        runs = [ch for ch in children if _local(ch) == "r"]
        if plain and not runs:
            t = plain[0]
            old = t.text or ""
            new = self.s.text(old)
            if new == old:
                return False
            t.text = _set_text(t, new)
        elif runs:
            ts = []
            for r in runs:
                t = next((x for x in r if _local(x) == "t"), None)
                ts.append(t)
            texts = [(t.text or "") if t is not None else "" for t in ts]
            joined = "".join(texts)
            whole = self.s.text(joined)
            if whole == joined:
                return False
            per = [self.s.quiet(x) for x in texts]
            if "".join(per) == whole:
                for t, new, old in zip(ts, per, texts):
                    if t is not None and new != old:
                        t.text = _set_text(t, new)
            else:  # a name across runs: the item becomes one plain text
                ns = _ns(container)
                t = etree.Element(f"{{{ns}}}t" if ns else "t")
                t.text = _set_text(t, whole)
                container.insert(container.index(runs[0]), t)
                for r in runs:
                    container.remove(r)
        else:
            return False
        for ph in [ch for ch in children if _local(ch) == "rPh"]:
            container.remove(ph)  # phonetic runs point at character positions of the old text
        return True

    def paragraph(self, p) -> bool:
        """A DrawingML paragraph (text boxes, chart titles and labels): runs between line breaks
        are one text; when a name spans runs, the first run takes the text and the others go."""
        changed = False
        segment: list = []

        def flush() -> None:
            nonlocal changed
            ts = [(r, next((x for x in r if _local(x) == "t"), None)) for r in segment]
            ts = [(r, t) for r, t in ts if t is not None]
            segment.clear()
            if not ts:
                return
            texts = [t.text or "" for _, t in ts]
            joined = "".join(texts)
            whole = self.s.text(joined)
            if whole == joined:
                return
            changed = True
            per = [self.s.quiet(x) for x in texts]
            if "".join(per) == whole:
                for (_, t), new in zip(ts, per):
                    t.text = new
            else:
                ts[0][1].text = whole
                for r, _ in ts[1:]:
                    p.remove(r)

        for child in list(p):
            tag = _local(child)
            if tag == "r":
                segment.append(child)
                continue
            flush()
            if tag == "fld":
                t = next((x for x in child if _local(x) == "t"), None)
                if t is not None and t.text:
                    new = self.s.text(t.text)
                    if new != t.text:
                        t.text = new
                        changed = True
        flush()
        return changed

    def threaded(self, el, kind: str | None) -> None:
        """A threaded comment: its text, keeping each @mention where it is ([MS-XLSX] 2.6.202)."""
        text = next((x for x in el if _local(x) == "text"), None)
        if text is None or not text.text:
            return
        mentions = sorted((m for m in el.iter() if _local(m) == "mention"),
                          key=lambda m: int(m.get("startIndex", "0") or 0))
        old = text.text
        spans = []
        for m in mentions:
            try:
                start, length = int(m.get("startIndex", "")), int(m.get("length", ""))
            except ValueError:
                continue
            if 0 <= start and start + length <= len(old) and (not spans or start >= spans[-1][1]):
                spans.append((start, start + length, m))
        pieces, pos, shift = [], 0, 0
        for start, end, m in spans:
            gap = self.s.text(old[pos:start])
            pieces.append(gap)
            shift += len(gap) - (start - pos)
            if shift:
                m.set("startIndex", str(start + shift))
            pieces.append(old[start:end])
            pos = end
        pieces.append(self.s.text(old[pos:]))
        new = "".join(pieces)
        if new != old:
            text.text = new
            self.hit(kind)

    # -------------------------------------------------------------- pivot items

    def shared_items(self, shared, kind: str | None) -> None:
        """A pivot field's items (ECMA-376 Part 1 §18.10.1.90 sharedItems): each ``<s v>`` scrubbed;
        an item that became equal to another one (two e-mail addresses both removed, two spellings
        of one client) is numbered, so that the items stay distinct as a pivot cache needs."""
        items = [x for x in shared if _local(x) == "s" and x.get("v") is not None]
        before = [x.get("v") for x in items]
        for child in shared:
            self.walk(child, kind)
        taken = {x.get("v").casefold() for x, old in zip(items, before) if x.get("v") == old}
        for x, old in zip(items, before):
            v = x.get("v")
            if v == old:
                continue
            if v.casefold() in taken:
                k = 2
                while f"{v} ({k})".casefold() in taken:
                    k += 1
                v = f"{v} ({k})"
                x.set("v", v)
            taken.add(v.casefold())


def _set_text(el, text: str) -> str:
    """``text`` for a SpreadsheetML ``<t>``/``<v>``: leading or trailing spaces need xml:space."""
    if text != text.strip() and _local(el) == "t":
        el.set(XML_SPACE, "preserve")
    return text


def _without_emails(s: Scrubber, value: str, url: bool) -> str:
    """E-mail addresses out of an attribute; in a link target (``mailto:``) the placeholder is
    percent-encoded so that the target stays a valid address."""
    def sub(_m):
        s.emails += 1
        return "%5Be-mail%20removed%5D" if url else EMAIL_REMOVED
    return EMAIL.sub(sub, value)


# ---------------------------------------------------------------------------------------- package

def _content_types(pkg: Package) -> tuple[dict[str, str], dict[str, str]]:
    try:
        root = pkg.xml("[Content_Types].xml")
    except Exception:
        return {}, {}
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
                 for o in root if _local(o) == "Override"}
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in root if _local(d) == "Default"}
    return overrides, defaults


def _kind(name: str, ctype: str) -> str:
    c, n = ctype.lower(), name.lower()
    for marker, kind in (("sharedstrings", "shared_strings"), ("threadedcomments", "threaded_comments"),
                         ("person", "threaded_comments"), ("comments", "comments"), ("chartex", "charts"),
                         ("chartusershapes", "drawings"), ("drawingml.chart", "charts"), ("drawing", "drawings"),
                         ("vml", "drawings"), ("pivotcache", "pivot_caches"), ("pivottable", "pivot_tables"),
                         ("table+xml", "tables"), ("slicer", "pivot_tables"), ("timeline", "pivot_tables"),
                         ("worksheet", "cells"), ("sheet.main", "defined_names"), ("template.main", "defined_names"),
                         ("macroenabled.main", "defined_names")):
        if marker in c:
            return kind
    for marker, kind in (("sharedstrings", "shared_strings"), ("threadedcomments/", "threaded_comments"),
                         ("persons/", "threaded_comments"), ("comments", "comments"), ("charts/", "charts"),
                         ("drawings/", "drawings"), ("pivotcache/", "pivot_caches"), ("pivottables/", "pivot_tables"),
                         ("tables/", "tables"), ("worksheets/", "cells"), ("workbook.xml", "defined_names")):
        if marker in n:
            return kind
    return "other"


def _is_xml(name: str, ctype: str) -> bool:
    c = ctype.lower()
    return c.endswith("xml") or name.lower().endswith((".xml", ".rels", ".vml"))


def _related(pkg: Package, part: str) -> list[str]:
    rp = rels_name(part)
    if not pkg.has(rp):
        return []
    try:
        rels = pkg.xml(rp)
    except Exception:
        return []
    return [resolve(part, r.get("Target", "")) for r in rels if _local(r) == "Relationship"
            and r.get("TargetMode") != "External" and pkg.has(resolve(part, r.get("Target", "")))]


def _skipped(pkg: Package, skip: set[str]) -> set[str]:
    """``skip`` with the parts only they use (their drawings, charts, ...) and their relationships."""
    skip = {s for s in skip if pkg.has(s)}
    if not skip:
        return set()

    def reach(starts: list[str], avoid: set[str]) -> set[str]:
        seen, todo = set(), list(starts)
        while todo:
            p = todo.pop()
            if p in seen or p in avoid:
                continue
            seen.add(p)
            todo.extend(_related(pkg, p))
        return seen

    roots = [resolve("", r.get("Target", "")) for r in (pkg.xml("_rels/.rels") if pkg.has("_rels/.rels") else [])
             if _local(r) == "Relationship" and r.get("TargetMode") != "External"]
    owners = reach([r for r in roots if pkg.has(r)], skip)
    only_ours = reach(sorted(skip), set()) - owners
    return only_ours | {rels_name(p) for p in only_ours if pkg.has(rels_name(p))}


def anonymize_package(pkg: Package, names: dict[str, str], skip: set[str] = frozenset()) -> Report:
    """Replaces every client's name (``names``: real name as the ranking shows it -> alias) by its
    alias in every part of ``pkg`` but those in ``skip`` (our own sheets, already anonymous; the
    parts only they use are left too), e-mail addresses and phone numbers by placeholders; changes
    ``pkg`` in place and returns what was done and what is left (see the module's description)."""
    report = Report()
    scrubber = Scrubber(names)
    if not scrubber.alias:
        return report
    skipped = _skipped(pkg, set(skip))
    overrides, defaults = _content_types(pkg)

    def ctype(name: str) -> str:
        return overrides.get(name) or defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")

    todo = [n for n in pkg.parts if n not in skipped and n != "[Content_Types].xml" and _is_xml(n, ctype(n))]
    counts: Counter = Counter()
    renames = _table_renames(pkg, [n for n in todo if _kind(n, ctype(n)) == "tables"], scrubber)
    broken: set[str] = set()
    for name in todo:
        try:
            root = etree.fromstring(pkg.parts[name], _PARSER)
        except etree.XMLSyntaxError:
            broken.add(name)  # not well-formed (some VML): only scanned, below
            continue
        part = _Part(scrubber, _kind(name, ctype(name)), counts, renames)
        if name.endswith(".rels"):
            for rel in root:
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" and "@" in target:
                    new = _without_emails(scrubber, target, url=True)
                    if new != target:
                        rel.set("Target", new)
                        part.hit("other")
        else:
            part.walk(root)
        if part.changed:
            tree = root.getroottree()
            pkg.set(name, etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                         standalone=tree.docinfo.standalone))
            report.parts_changed.append(name)
    for k in KINDS:
        setattr(report, k, counts[k])
    report.emails, report.phones = scrubber.emails, scrubber.phones
    try:
        sheets = [e.name for e in sheet_entries(pkg)]
    except Exception:  # no workbook part: nothing to report about tabs
        sheets = []
    report.sheet_names_with_clients = [n for n in sheets if scrubber.find(n)]
    report.left = _scan(pkg, scrubber, skipped, ctype, broken)
    report.notes = _notes(report)
    return report


def _table_renames(pkg: Package, tables: list[str], s: Scrubber) -> dict[str, str]:
    """Table column name (case-folded) -> its new name, for the structured references of every
    formula (a table's column names are its header cells' texts, §18.5.1.3 tableColumn)."""
    renames: dict[str, str] = {}
    for name in tables:
        try:
            root = etree.fromstring(pkg.parts[name], _PARSER)
        except etree.XMLSyntaxError:
            continue
        for col in root.iter():
            if _local(col) == "tableColumn" and col.get("name"):
                new = s.quiet(col.get("name"))
                if new != col.get("name"):
                    renames[col.get("name").casefold()] = new
    return renames


# ---------------------------------------------------------------------------------------- final scan

_PART_WORDS = {"shared_strings": "the texts of the cells", "cells": "a sheet", "comments": "a note",
               "threaded_comments": "a comment", "charts": "a chart", "drawings": "a drawing or text box",
               "pivot_caches": "the data of a pivot table", "pivot_tables": "a pivot table or slicer",
               "tables": "a table", "defined_names": "the workbook's settings", "other": "a part of the file"}
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp")  # compressed pixels: no text to find


def _where(part: str, kind: str, tag: str = "", attr: str | None = None) -> str:
    """Where a name was left, in plain words (the part's name in brackets for whoever looks inside)."""
    p = part.lower()
    if p.startswith("xl/embeddings/"):
        return f"a file embedded in the workbook ({part})"
    if p.startswith("xl/media/"):
        return f"a picture ({part})"
    if "externallink" in p:
        return f"the saved values of a linked workbook ({part})"
    if p.endswith(".rels"):
        return f"a link's address ({part})"
    if p.startswith("docprops/"):
        return f"the document's properties ({part})"
    if tag == "definedName" and attr == "name":
        return "the name of a named range"
    if tag == "table" and attr in ("name", "displayName"):
        return f"the name of a table ({part})"
    if tag == "pivotTableDefinition" and attr == "name":
        return f"the name of a pivot table ({part})"
    if tag in FORMULA_TAGS:
        return f"a formula in {_PART_WORDS.get(kind, 'a part of the file')} ({part})"
    return f"{_PART_WORDS.get(kind, 'a part of the file')} ({part})"


def _scan(pkg: Package, s: Scrubber, skipped: set[str], ctype, broken: set[str]) -> list[Left]:
    """Every real name still in the package (text, attributes, binary parts), but the sheet names
    of the workbook part and the sheet names in references (``'Acme Ltd'!A1``)."""
    left: list[Left] = []
    seen: set[tuple[str, str, str]] = set()
    try:
        wb = workbook_part(pkg)
    except Exception:
        wb = ""

    def add(part: str, where: str, found: list[str]) -> None:
        for name in found:
            if (part, where, name) not in seen:
                seen.add((part, where, name))
                left.append(Left(part, where, name))

    for name, data in pkg.parts.items():
        if name in skipped or name == "[Content_Types].xml":
            continue
        kind = _kind(name, ctype(name))
        if _is_xml(name, ctype(name)) and name not in broken:
            try:
                root = etree.fromstring(data, _PARSER)
            except etree.XMLSyntaxError:
                root = None
            if root is not None:
                _scan_xml(root, name, kind, name == wb, s, add)
                continue
        if not name.lower().endswith(_IMAGES):
            add(name, _where(name, kind), _scan_bytes(data, s))
    return left


def _scan_formula(text: str, s: Scrubber) -> list[str]:
    found = []
    for k, piece in formula_tokens(text):
        if k == "str":
            found += s.find(piece[1:-1].replace('""', '"'))
        elif k in ("code", "bracket"):
            found += s.find(without_sheet_refs(piece))
    return found


def _scan_xml(root, part: str, kind: str, is_workbook: bool, s: Scrubber, add) -> None:
    def visit(el) -> None:
        tag = _local(el)
        if not tag or tag in NUMBER_TREES:
            return
        for attr, value in el.attrib.items():
            local = attr.rsplit("}", 1)[-1]
            if (is_workbook and tag == "sheet" and local == "name") or (tag == "worksheetSource" and local == "sheet"):
                continue  # sheet names: reported on their own
            found = (_scan_formula(value, s) if local in REF_ATTRS or local in FORMULA_ATTRS or local == "formatCode"
                     else s.find(value))
            add(part, _where(part, kind, tag, local), found)
        if el.text and not el.text.isspace():
            if tag in FORMULA_TAGS or tag in NO_TEXT or tag == "formatCode":
                add(part, _where(part, kind, tag), _scan_formula(el.text, s))
            else:
                add(part, _where(part, kind, tag), s.find(el.text))
        for child in el:
            visit(child)
            if child.tail and not child.tail.isspace():
                add(part, _where(part, kind, tag), s.find(child.tail))

    visit(root)


def _scan_bytes(data: bytes, s: Scrubber) -> list[str]:
    """Names in a binary part: as UTF-8 or UTF-16 text in its bytes, or inside the XML of an
    embedded package (a Word or Excel file kept in the workbook)."""
    if s.words is None or len(data) > BIG_BINARY:
        return []
    found: list[str] = []
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist()[:2000]:
                    if info.file_size < BIG_BINARY and info.filename.lower().endswith((".xml", ".rels", ".vml")):
                        text = re.sub(r"<[^>]*>", " ", z.read(info).decode("utf-8", "replace"))
                        found += s.find(html.unescape(text))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            pass
    for text in (data.decode("latin-1"), data.decode("utf-8", "ignore"),
                 data[: len(data) // 2 * 2].decode("utf-16-le", "replace"),
                 data[1: 1 + (len(data) - 1) // 2 * 2].decode("utf-16-le", "replace")):
        found += [s.real[name_key(m.group(0))] for m in s.words.finditer(text) if name_key(m.group(0)) in s.real]
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------- notes

def _quoted(items: list[str], most: int = 8) -> str:
    shown = ", ".join(f"'{x}'" for x in items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _notes(r: Report) -> list[str]:
    notes = []
    counts = r.counts()
    if counts:
        parts = ", ".join(f"{n:,} in {_KIND_WORDS[k]}" for k, n in counts.items())
        notes.append(f"Client names were replaced by their aliases in {r.total:,} places of the copy ({parts}).")
    removed = []
    if r.emails:
        removed.append(f"{r.emails:,} e-mail address{'es' if r.emails != 1 else ''}")
    if r.phones:
        removed.append(f"{r.phones:,} phone number{'s' if r.phones != 1 else ''}")
    if removed:
        notes.append(" and ".join(removed) + " were removed.")
    if r.sheet_names_with_clients:
        n = len(r.sheet_names_with_clients)
        if n == 1:
            notes.append(f"1 sheet name still holds a client name: {_quoted(r.sheet_names_with_clients)}; "
                         "rename it before sending the copy (Excel updates the formulas that use it).")
        else:
            notes.append(f"{n} sheet names still hold client names: {_quoted(r.sheet_names_with_clients)}; "
                         "rename them before sending the copy (Excel updates the formulas that use them).")
    if r.left:
        by_where: dict[str, list[str]] = {}
        for x in r.left:
            by_where.setdefault(x.where, []).append(x.name)
        places = "; ".join(f"{w}: {_quoted(list(dict.fromkeys(ns)), 4)}" for w, ns in list(by_where.items())[:8])
        more = f"; and {len(by_where) - 8} more places" if len(by_where) > 8 else ""
        notes.append(f"Client names are still in {len(by_where)} place{'s' if len(by_where) != 1 else ''} the "
                     f"anonymous copy could not change: {places}{more}. Open the copy and check them before "
                     "sending it.")
    return notes

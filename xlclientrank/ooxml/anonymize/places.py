"""The places in one XML part where real files keep text, and the replacement of client names there.

:class:`PartScrubber` walks a parsed part and replaces each client's name by its alias (and e-mail
addresses and whole phone numbers by placeholders, through :class:`xlclientrank.ooxml.scrub.Scrubber`),
counting per kind of place:

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

Numbers (number cells, chart number caches, pivot ``<n v>``) and references are never changed; a
pivot field's items are kept distinct.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from lxml import etree

from xlclientrank.ooxml.book import attributes
from xlclientrank.ooxml.ns import FORMAT_NS_PREFIXES, NS_A, XML_SPACE
from xlclientrank.ooxml.scrub import EMAIL, EMAIL_REMOVED, Scrubber, is_number, scrub_formula


def local_name(el: etree._Element) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace_of(el: etree._Element) -> str:
    """An element's namespace ("" when it has none)."""
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


def _header_footer(text: str, scrub: Callable[[str], str]) -> str:
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
_NOWHERE: frozenset[str] = frozenset()  # an attribute TEXT_ATTRS does not name
LIST_ATTRS = {"customList": {"sortCondition"}}
FORMULA_ATTRS = {"formula": {"cacheField", "calculatedItem", "calculatedMember"}}
# attributes that hold sheet names or references (the final scan reads them without sheet names)
REF_ATTRS = {"location", "sheet", "ref", "refersTo", "sqref", "link", "r:id", "id"}


class PartScrubber:
    """Replaces in one parsed part, counting per kind of place."""

    def __init__(self, scrubber: Scrubber, kind: str, counts: Counter[str], renames: dict[str, str]) -> None:
        self.s = scrubber
        self.worksheet = kind == "cells"
        self.kind = "other" if kind in ("cells", "defined_names") else kind
        self.counts = counts
        self.renames = renames
        self.changed = False

    def hit(self, kind: str | None = None) -> None:
        self.counts[kind or self.kind] += 1
        self.changed = True

    def retext(self, el: etree._Element, kind: str | None, new_of: Callable[[str], str]) -> None:
        """The element's text as ``new_of`` gives it, counted as a replacement when that changes it."""
        if el.text:
            new = new_of(el.text)
            if new != el.text:
                el.text = new
                self.hit(kind)

    # -------------------------------------------------------------- walking

    def walk(self, el: etree._Element, kind: str | None = None, lists: bool = False) -> None:
        tag = local_name(el)
        if not tag:
            return  # comments and processing instructions
        if tag in NUMBER_TREES:
            return
        if tag == "sheetData" and self.worksheet:
            self.sheet_data(el)
            return
        kind, lists = _place_of(tag, kind, lists)
        self.attributes(el, kind)
        if not self.whole(el, tag, kind, lists):
            self.texts(el, kind, lists)

    def whole(self, el: etree._Element, tag: str, kind: str | None, lists: bool) -> bool:
        """The elements whose text is replaced as one piece (rich text, a threaded comment, a
        DrawingML paragraph, a header or footer, a number format, a pivot field's items, a formula);
        False when ``el`` is none of them."""
        if tag in ("si", "is") or (tag == "text" and self.kind == "comments"):
            if self.rich(el):
                self.hit(kind)
        elif tag == "threadedComment":
            self.threaded(el, kind)
        elif tag == "p" and namespace_of(el) == NS_A:
            if self.paragraph(el):
                self.hit(kind)
        elif tag in HEADER_FOOTER:
            self.retext(el, kind, lambda text: _header_footer(text, self.s.text))
        elif tag == "formatCode":
            self.retext(el, kind, lambda text: scrub_formula(text, self.s.text))
        elif tag == "sharedItems":
            self.shared_items(el, kind)
        elif tag in FORMULA_TAGS:
            scrub = self.s.items if lists else self.s.text
            self.retext(el, kind, lambda text: scrub_formula(text, scrub, self.renames))
            for child in el:
                self.walk(child, kind, lists)
        else:
            return False
        return True

    def texts(self, el: etree._Element, kind: str | None, lists: bool) -> None:
        """The element's own text, its children walked, and the text after each child."""
        tag = local_name(el)
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

    def attributes(self, el: etree._Element, kind: str | None) -> None:
        tag = local_name(el)
        foreign = not namespace_of(el).startswith(FORMAT_NS_PREFIXES)  # the owner's own XML: every attribute is text
        for name, value in attributes(el):
            local = name.rsplit("}", 1)[-1]
            where = TEXT_ATTRS.get(local, _NOWHERE)
            if where is None or tag in where or (foreign and not name.startswith("{")):
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
                new = without_emails(self.s, value, url=local == "Target")
            else:
                continue
            if new != value:
                el.set(name, new)
                self.hit(kind)

    # -------------------------------------------------------------- cells

    def sheet_data(self, sheet_data: etree._Element) -> None:
        ns = namespace_of(sheet_data)
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

    def rich(self, container: etree._Element) -> bool:
        """A shared string item, an inline string or a comment's text: plain ``<t>`` or runs
        ``<r><t>``. True when it changed."""
        children = [ch for ch in container if local_name(ch)]
        plain = [ch for ch in children if local_name(ch) == "t"]
        runs = [ch for ch in children if local_name(ch) == "r"]
        if plain and not runs:
            t = plain[0]
            old = t.text or ""
            new = self.s.text(old)
            if new == old:
                return False
            t.text = _set_text(t, new)
        elif runs:
            ts = [next((x for x in r if local_name(x) == "t"), None) for r in runs]
            texts = [(run_t.text or "") if run_t is not None else "" for run_t in ts]
            joined = "".join(texts)
            whole = self.s.text(joined)
            if whole == joined:
                return False
            per = [self.s.quiet(x) for x in texts]
            if "".join(per) == whole:
                for run_t, new, old in zip(ts, per, texts):
                    if run_t is not None and new != old:
                        run_t.text = _set_text(run_t, new)
            else:  # a name across runs: the item becomes one plain text
                ns = namespace_of(container)
                one = etree.Element(f"{{{ns}}}t" if ns else "t")
                one.text = _set_text(one, whole)
                container.insert(container.index(runs[0]), one)
                for r in runs:
                    container.remove(r)
        else:
            return False
        for ph in [ch for ch in children if local_name(ch) == "rPh"]:
            container.remove(ph)  # phonetic runs point at character positions of the old text
        return True

    def paragraph(self, p: etree._Element) -> bool:
        """A DrawingML paragraph (text boxes, chart titles and labels): runs between line breaks
        are one text; when a name spans runs, the first run takes the text and the others go."""
        changed = False
        segment: list[etree._Element] = []

        def flush() -> None:
            nonlocal changed
            ts: list[tuple[etree._Element, etree._Element]] = []
            for r in segment:
                t = next((x for x in r if local_name(x) == "t"), None)
                if t is not None:
                    ts.append((r, t))
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
            tag = local_name(child)
            if tag == "r":
                segment.append(child)
                continue
            flush()
            if tag == "fld":
                t = next((x for x in child if local_name(x) == "t"), None)
                if t is not None and t.text:
                    new = self.s.text(t.text)
                    if new != t.text:
                        t.text = new
                        changed = True
        flush()
        return changed

    def threaded(self, el: etree._Element, kind: str | None) -> None:
        """A threaded comment: its text, keeping each @mention where it is ([MS-XLSX] 2.6.202)."""
        text = next((x for x in el if local_name(x) == "text"), None)
        if text is None or not text.text:
            return
        mentions = sorted((m for m in el.iter() if local_name(m) == "mention"),
                          key=lambda m: int(m.get("startIndex", "0") or 0))
        old = text.text
        spans: list[tuple[int, int, etree._Element]] = []
        for m in mentions:
            try:
                start, length = int(m.get("startIndex", "")), int(m.get("length", ""))
            except ValueError:
                continue
            if 0 <= start and start + length <= len(old) and (not spans or start >= spans[-1][1]):
                spans.append((start, start + length, m))
        pieces: list[str] = []
        pos, shift = 0, 0
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

    def shared_items(self, shared: etree._Element, kind: str | None) -> None:
        """A pivot field's items (ECMA-376 Part 1 §18.10.1.90 sharedItems): each ``<s v>`` scrubbed;
        an item that became equal to another one (two e-mail addresses both removed, two spellings
        of one client) is numbered, so that the items stay distinct as a pivot cache needs."""
        items = [x for x in shared if local_name(x) == "s" and x.get("v") is not None]
        before = [x.get("v", "") for x in items]
        for child in shared:
            self.walk(child, kind)
        taken = {old.casefold() for x, old in zip(items, before) if x.get("v") == old}
        for x, old in zip(items, before):
            v = x.get("v", "")  # replaced, never removed
            if v == old:
                continue
            if v.casefold() in taken:
                k = 2
                while f"{v} ({k})".casefold() in taken:
                    k += 1
                v = f"{v} ({k})"
                x.set("v", v)
            taken.add(v.casefold())


def _place_of(tag: str, kind: str | None, lists: bool) -> tuple[str | None, bool]:
    """The kind of place an element and its subtree count as, and whether their literals are lists
    (``"A,B,C"``): data validations and defined names set both, conditional formats the kind when
    none is set yet."""
    if tag in ("dataValidation", "dataValidations"):
        return "data_validations", True
    if tag == "definedName":
        return "defined_names", True
    if tag in ("conditionalFormatting", "cfRule"):
        return kind or "formulas", lists
    return kind, lists


def _set_text(el: etree._Element, text: str) -> str:
    """``text`` for a SpreadsheetML ``<t>``/``<v>``: leading or trailing spaces need xml:space."""
    if text != text.strip() and local_name(el) == "t":
        el.set(XML_SPACE, "preserve")
    return text


def without_emails(s: Scrubber, value: str, url: bool) -> str:
    """E-mail addresses out of an attribute; in a link target (``mailto:``) the placeholder is
    percent-encoded so that the target stays a valid address."""
    def sub(_m: re.Match[str]) -> str:
        s.emails += 1
        return "%5Be-mail%20removed%5D" if url else EMAIL_REMOVED
    return EMAIL.sub(sub, value)

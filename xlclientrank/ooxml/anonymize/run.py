"""The whole package anonymized: every XML part but ours through :class:`PartScrubber`, Excel
Tables' column renames first (so the formulas' structured references follow), then the final scan
and the notes."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Set as AbstractSet

from lxml import etree

from xlclientrank.ooxml.anonymize.parts import PARSER, content_types, is_xml, kind_of, skipped_parts
from xlclientrank.ooxml.anonymize.places import PartScrubber, local_name, without_emails
from xlclientrank.ooxml.anonymize.report import KINDS, Report, notes_for
from xlclientrank.ooxml.anonymize.scan import final_scan
from xlclientrank.ooxml.book import sheet_entries
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.scrub import Scrubber


def anonymize_package(pkg: Package, names: dict[str, str], skip: AbstractSet[str] = frozenset()) -> Report:
    """Replaces every client's name (``names``: real name as the ranking shows it -> alias) by its
    alias in every part of ``pkg`` but those in ``skip`` (our own sheets, already anonymous; the
    parts only they use are left too), e-mail addresses and phone numbers by placeholders; changes
    ``pkg`` in place and returns what was done and what is left (see :mod:`xlclientrank.ooxml.anonymize`)."""
    report = Report()
    scrubber = Scrubber(names)
    if not scrubber.alias:
        return report
    skipped = skipped_parts(pkg, set(skip))
    overrides, defaults = content_types(pkg)

    def ctype(name: str) -> str:
        return overrides.get(name) or defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")

    todo = [n for n in pkg.parts if n not in skipped and n != "[Content_Types].xml" and is_xml(n, ctype(n))]
    counts: Counter[str] = Counter()
    renames = _table_renames(pkg, [n for n in todo if kind_of(n, ctype(n)) == "tables"], scrubber)
    broken: set[str] = set()
    for name in todo:
        try:
            root = etree.fromstring(pkg.parts[name], PARSER)
        except etree.XMLSyntaxError:
            broken.add(name)  # not well-formed (some VML): only scanned, below
            continue
        part = PartScrubber(scrubber, kind_of(name, ctype(name)), counts, renames)
        if name.endswith(".rels"):
            for rel in root:
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" and "@" in target:
                    new = without_emails(scrubber, target, url=True)
                    if new != target:
                        rel.set("Target", new)
                        part.hit("other")
        else:
            part.walk(root)
        if part.changed:
            pkg.set(name, _xml_bytes(root.getroottree()))
            report.parts_changed.append(name)
    for k in KINDS:
        setattr(report, k, counts[k])
    report.emails, report.phones = scrubber.emails, scrubber.phones
    try:
        sheets = [e.name for e in sheet_entries(pkg)]
    except Exception:  # no workbook part: nothing to report about tabs
        sheets = []
    report.sheet_names_with_clients = [n for n in sheets if scrubber.find(n)]
    report.left = final_scan(pkg, scrubber, skipped, ctype, broken)
    report.notes = notes_for(report)
    return report


def _xml_bytes(tree: etree._ElementTree) -> bytes:
    """The part's XML in UTF-8, its declaration standalone as it was (or without the attribute)."""
    standalone = tree.docinfo.standalone
    if standalone is None:
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=standalone)


def _table_renames(pkg: Package, tables: list[str], s: Scrubber) -> dict[str, str]:
    """Table column name (case-folded) -> its new name, for the structured references of every
    formula (a table's column names are its header cells' texts, §18.5.1.3 tableColumn)."""
    renames: dict[str, str] = {}
    for name in tables:
        try:
            root = etree.fromstring(pkg.parts[name], PARSER)
        except etree.XMLSyntaxError:
            continue
        for col in root.iter():
            if local_name(col) != "tableColumn":
                continue
            old = col.get("name")
            if old:
                new = s.quiet(old)
                if new != old:
                    renames[old.casefold()] = new
    return renames

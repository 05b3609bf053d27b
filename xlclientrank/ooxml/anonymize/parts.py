"""The package part by part: how a part is parsed, its content type and the kind of place it is,
and the parts left alone (ours, and those only ours use)."""

from __future__ import annotations

from lxml import etree

from xlclientrank.ooxml.anonymize.places import local_name
from xlclientrank.ooxml.book import rels_name, resolve
from xlclientrank.ooxml.package import Package

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False, strip_cdata=False,
                          huge_tree=True)


def content_types(pkg: Package) -> tuple[dict[str, str], dict[str, str]]:
    try:
        root = pkg.xml("[Content_Types].xml")
    except Exception:
        return {}, {}
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
                 for o in root if local_name(o) == "Override"}
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in root if local_name(d) == "Default"}
    return overrides, defaults


def kind_of(name: str, ctype: str) -> str:
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


def is_xml(name: str, ctype: str) -> bool:
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
    return [resolve(part, r.get("Target", "")) for r in rels if local_name(r) == "Relationship"
            and r.get("TargetMode") != "External" and pkg.has(resolve(part, r.get("Target", "")))]


def skipped_parts(pkg: Package, skip: set[str]) -> set[str]:
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
             if local_name(r) == "Relationship" and r.get("TargetMode") != "External"]
    owners = reach([r for r in roots if pkg.has(r)], skip)
    only_ours = reach(sorted(skip), set()) - owners
    return only_ours | {rels_name(p) for p in only_ours if pkg.has(rels_name(p))}

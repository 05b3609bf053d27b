"""The final scan: every client's real name still in the package after the replacement (text,
attributes, the bytes of binary parts and the XML inside embedded Office files; not compressed
pictures), with where it is in plain words. The sheet names of the workbook part and the sheet names
in references (``'Acme Ltd'!A1``) are not reported here (sheets are never renamed)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable

from lxml import etree

from xlclientrank.ooxml.anonymize.parts import PARSER, is_xml, kind_of
from xlclientrank.ooxml.anonymize.places import (
    FORMULA_ATTRS,
    FORMULA_TAGS,
    NO_TEXT,
    NUMBER_TREES,
    REF_ATTRS,
    local_name,
)
from xlclientrank.ooxml.anonymize.report import Left
from xlclientrank.ooxml.book import attributes, workbook_part
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.scrub import Scrubber, formula_tokens, name_key, without_sheet_refs

BIG_BINARY = 64 << 20  # binary parts larger than this are not scanned for names (reported as not checked)

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


def final_scan(pkg: Package, s: Scrubber, skipped: set[str], ctype: Callable[[str], str],
               broken: set[str]) -> list[Left]:
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
        kind = kind_of(name, ctype(name))
        if is_xml(name, ctype(name)) and name not in broken:
            try:
                root = etree.fromstring(data, PARSER)
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


def _scan_xml(root: etree._Element, part: str, kind: str, is_workbook: bool, s: Scrubber,
              add: Callable[[str, str, list[str]], None]) -> None:
    def visit(el: etree._Element) -> None:
        tag = local_name(el)
        if not tag or tag in NUMBER_TREES:
            return
        for attr, value in attributes(el):
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

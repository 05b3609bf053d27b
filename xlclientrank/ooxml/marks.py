"""Which sheet carries one of our marks (the hidden defined name ``_xlclientrank.<key>`` the splicer
gives our sheets), read from the workbook part alone. Excel and LibreOffice move the mark along when
the owner renames the sheet, so a sheet the owner keeps and may rename (the notes) is found by it."""

from __future__ import annotations

from xlclientrank.ooxml.book import q, sheet_entries, sheet_of, workbook_part
from xlclientrank.ooxml.ns import NS
from xlclientrank.ooxml.package import Package
from xlclientrank.ooxml.splice import MARK


def marked_sheet(pkg: Package, key: str) -> str | None:
    """The name of the worksheet our mark ``key`` points at, as the workbook spells it; None when
    no mark points at a worksheet of the workbook."""
    names = pkg.xml(workbook_part(pkg)).find(q(NS, "definedNames"))
    if names is None:
        return None
    sheets = {e.name.casefold(): e.name for e in sheet_entries(pkg) if e.kind == "worksheet"}
    for dn in names.findall(q(NS, "definedName")):
        if dn.get("name", "").casefold() == (MARK + key).casefold():
            target = sheet_of(dn.text or "")
            if target is not None and target.casefold() in sheets:
                return sheets[target.casefold()]
    return None

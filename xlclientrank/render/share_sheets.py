"""What the advisor's copy writes besides our usual sheets: the rows that tell the reader of a
whole-workbook copy what was changed in it (added to its Summary sheet as it is), and the
who-is-who sheet of an anonymous copy, which stays in the owner's workbook."""

from __future__ import annotations

import tempfile
from pathlib import Path

import xlsxwriter
from lxml import etree

from xlclientrank.names import ALIASES_SHEET
from xlclientrank.ooxml.book import q
from xlclientrank.ooxml.ns import NS
from xlclientrank.ooxml.package import Package

ABOUT_THE_COPY = "About this copy of your workbook"
# every text written as text: a client called "=1+1" or "www.x.com" stays as typed
TEXT_ONLY = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def add_note_rows(pkg: Package, part: str, lines: list[str]) -> None:
    """``lines`` as text rows below everything on the sheet ``part`` (a heading, then one a row)."""
    root = pkg.xml(part)
    data = root.find(q(NS, "sheetData"))
    assert data is not None  # every worksheet has its <sheetData> (the schema requires it)
    last = max((int(r.get("r", "0")) for r in data.findall(q(NS, "row"))), default=0)
    for i, text in enumerate([ABOUT_THE_COPY] + lines):
        row = etree.SubElement(data, q(NS, "row"))
        row.set("r", str(last + 2 + i))
        c = etree.SubElement(row, q(NS, "c"))
        c.set("r", f"A{last + 2 + i}")
        c.set("t", "inlineStr")
        etree.SubElement(etree.SubElement(c, q(NS, "is")), q(NS, "t")).text = text
    pkg.set_xml(part, root)


def aliases_donor(names: dict[str, str]) -> Package:
    """A one-sheet workbook holding the sheet ``ClientRank Aliases``: each alias beside the client
    it stands for (``names``: client -> alias), for the splicer to put into the owner's workbook."""
    with tempfile.TemporaryDirectory(prefix="xlclientrank-") as tmp:
        donor_path = Path(tmp) / "aliases.xlsx"
        wb = xlsxwriter.Workbook(str(donor_path), TEXT_ONLY)
        ws = wb.add_worksheet(ALIASES_SHEET)
        bold = wb.add_format({"bold": True})
        ws.write_string(0, 0, "Who is who in the anonymous copy for your advisor (this sheet stays here).", bold)
        ws.write_string(2, 0, "Alias", bold)
        ws.write_string(2, 1, "Client", bold)
        for i, (name, alias) in enumerate(names.items(), 3):
            ws.write_string(i, 0, alias)
            ws.write_string(i, 1, name)
        ws.set_column(0, 0, 14)
        ws.set_column(1, 1, 40)
        wb.close()
        return Package.read(donor_path)

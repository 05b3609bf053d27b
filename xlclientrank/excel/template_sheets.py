"""The template workbook's own sheet and settings (``ClientRank.xlsm``, built by
:mod:`xlclientrank.excel.build`): the Clients sheet's layout and print, and a calculation setting that
keeps the saved results of its =CLIENT_TIER cells when Excel opens it."""

from __future__ import annotations

import re
from typing import Any

# The Clients sheet of the template (the sample's columns, then the live Tier): widths that fit its
# values (headings wrap onto two lines), number formats, and a print one landscape page wide.
CLIENT_WIDTHS = (35, 38, 12, 12, 8, 11, 11, 8, 11, 10, 9, 10)
CLIENT_NUMBERS = ("", "", "$#,##0.00", "$#,##0.00", "#,##0", "", "", "#,##0.0", "#,##0", "#,##0", "0")
# the calculation engine of Excel 2016 and later (Microsoft 365); XlsxWriter writes Excel 2007's
CALC_ID = "191029"


def clients_formats(wb: Any) -> dict[str, Any]:
    return {"head": wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}),
            "numbers": [wb.add_format({"num_format": code}) if code else None for code in CLIENT_NUMBERS],
            "tier": wb.add_format({"indent": 1})}   # clear of the Fit number on its left


def clients_layout(ws: Any, clients: int, last: int) -> None:
    """The template's Clients sheet: column widths, the heading row two lines tall, frozen with the
    names, and printed landscape, one page wide, headings on every page, page numbers below."""
    for j, w in enumerate(CLIENT_WIDTHS[:last + 1]):
        ws.set_column(j, j, w)
    ws.set_row(0, 30)
    ws.freeze_panes(1, 1)
    ws.set_landscape()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, clients, last)
    ws.set_footer("&L&F&CClients&RPage &P of &N")


def keep_saved_results(workbook_xml: bytes) -> bytes:
    """``workbook.xml`` with a calculation that keeps the results saved in the file: no
    ``fullCalcOnLoad`` (XlsxWriter's default, which makes Excel recalculate every formula on opening,
    so without the add-in all 150 =CLIENT_TIER cells would turn #NAME?), and the calcId of current
    Excel (an older calcId also makes Excel recalculate everything on opening). A Tier then shows
    its saved value until its row changes."""
    xml = workbook_xml.decode("utf-8")
    xml, n = re.subn(r"<calcPr\b[^>]*/>", f'<calcPr calcId="{CALC_ID}"/>', xml)
    assert n == 1, "workbook.xml: no calcPr element; update keep_saved_results"
    return xml.encode("utf-8")

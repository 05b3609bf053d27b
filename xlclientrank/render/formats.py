"""Cell formats shared by our sheets, defined once."""

from __future__ import annotations

import xlsxwriter

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
PERCENT = "0.0%"
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "constant_memory": True}
# tier fills from best to worst; they differ in lightness too, so they still read in grey print
TIER_STYLES = (
    {"bg_color": "#38761D", "font_color": "#FFFFFF", "bold": True},
    {"bg_color": "#D9EAD3"},
    {"bg_color": "#FFFFFF", "font_color": "#990000", "italic": True},
    {"bg_color": "#EFEFEF", "italic": True},
    {"bg_color": "#FFFFFF", "font_color": "#7F7F7F", "italic": True},
)


def tier_styles(count: int) -> list[dict]:
    """Styles for ``count`` tiers: the best always dark, the worst always italic on white."""
    if count == 2:
        return [TIER_STYLES[0], TIER_STYLES[2]]
    if count == 3:
        return list(TIER_STYLES[:3])
    if count == 4:
        return [TIER_STYLES[0], TIER_STYLES[1], TIER_STYLES[3], TIER_STYLES[2]]
    return [TIER_STYLES[0], TIER_STYLES[1], TIER_STYLES[3], TIER_STYLES[2], TIER_STYLES[4]]


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.heading = wb.add_format({"bold": True, "font_size": 12})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.warning = wb.add_format({"bold": True, "font_color": "#990000", "indent": 1})
        self.warning_wrap = wb.add_format({"bold": True, "font_color": "#990000", "indent": 1, "text_wrap": True,
                                           "valign": "top"})
        self.label = wb.add_format({"bold": True})
        self.head = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top",
                                   "bg_color": "#F2F2F2"})
        self.count = wb.add_format({"num_format": "#,##0"})
        self.money = wb.add_format({"num_format": MONEY})
        self.date = wb.add_format({"num_format": DATE})
        self.percent = wb.add_format({"num_format": PERCENT})
        self.ratio = wb.add_format({"num_format": "#,##0"})
        self.number = wb.add_format({"num_format": "0.00"})
        self.score = wb.add_format({"num_format": "0.0"})
        self.text = wb.add_format({})
        self.sentence = wb.add_format({"indent": 1, "text_wrap": True, "valign": "top"})  # a long one wraps
        self.label_top = wb.add_format({"bold": True, "valign": "top"})
        self.verdict = wb.add_format({"font_size": 12, "font_color": "#1F4E79"})
        self.tier = wb.add_format({"border": 1, "border_color": "#BFBFBF"})
        self.input = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"})
        self.input_pct = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF",
                                        "num_format": "0%"})
        # what was understood: a pale blue band with a dark blue edge on its left
        self.understood = wb.add_format({"bg_color": "#EAF1FB", "indent": 1})
        edge = {"bg_color": "#EAF1FB", "bold": True, "font_color": "#1F4E79", "left": 5, "left_color": "#1F4E79"}
        self.understood_label = wb.add_format(edge)
        self.understood_heading = wb.add_format({**edge, "font_size": 12})
        self.up = wb.add_format({"font_color": "#38761D", "bold": True})
        self.down = wb.add_format({"font_color": "#990000", "bold": True})
        self.kinds = {"count": self.count, "money": self.money, "percent": self.percent, "ratio": self.ratio,
                      "number": self.number, "text": self.text, "date": self.date, "rating": self.count}
        self._custom: dict[str, object] = {}

    def tier_fills(self, count: int) -> list:
        return [self.wb.add_format(style) for style in tier_styles(count)]

    def top(self, base):
        """``base`` (a number format of ours) aligned to the top of its cell, beside a wrapped sentence."""
        code = getattr(base, "num_format", 0) or "General"
        key = "top:" + str(code)
        if key not in self._custom:
            self._custom[key] = self.wb.add_format({"num_format": code, "valign": "top"})
        return self._custom[key]

    def number_format(self, code: str):
        """A format with the owner's own number format code (currency, percent, date, ...)."""
        if code not in self._custom:
            self._custom[code] = self.wb.add_format({"num_format": code})
        return self._custom[code]

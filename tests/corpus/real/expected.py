"""What ``xlclientrank rerank FILE --out OUT`` must do with each workbook of this folder.

The workbooks are made by tests/corpus/make_real_features.py (which says, next to each builder,
which specification the feature's XML is taken from); tests/ooxml/test_corpus_real.py checks this table.

* ``{"outcome": "ranks"}``: exit 0, the Ranking sheet holds the 20 clients, every part that is not
  ours keeps its bytes. ``"unchanged"`` names parts that must be checked explicitly too.
* ``{"outcome": "refused", "phrase": "..."}``: exit code 2, one line on stderr naming the file and
  containing every word of the phrase, no traceback, the file unchanged, no output written.
* ``"with_option"``: the same file run with that option has that outcome; ``"removed"`` lists the
  parts that must be gone then (with every relationship to them and their content types), while
  every other part keeps its bytes.
"""

SIGNATURE_PARTS = ["_xmlsignatures/origin.sigs", "_xmlsignatures/sig1.xml", "_xmlsignatures/_rels/origin.sigs.rels"]

EXPECTED = {
    # the owner protected the structure: Excel itself would not let a sheet be added
    "a_protected_structure_sha512.xlsx": {"outcome": "refused", "phrase": "protected"},
    "a_protected_structure_legacy.xlsx": {"outcome": "refused", "phrase": "protected"},
    # a document signature would be broken by any change: refused, unless the owner says to remove it
    "b_signed_document.xlsx": {"outcome": "refused", "phrase": "signed",
                               "with_option": {"option": "--remove-signature", "outcome": "ranks",
                                               "removed": SIGNATURE_PARTS}},
    # the VBA project's own signature covers only vbaProject.bin, which stays as it is: it stays valid
    "b_signed_vba.xlsm": {"outcome": "ranks", "unchanged": ["xl/vbaProject.bin", "xl/vbaProjectSignature.bin",
                                                            "xl/_rels/vbaProject.bin.rels"]},
    "c_sheet_rid_empty.xlsm": {"outcome": "ranks"},
    "d_far_formatted_cells.xlsx": {"outcome": "ranks"},
    "e_x14_conditional_formats.xlsx": {"outcome": "ranks"},
    "f_table_slicer.xlsx": {"outcome": "ranks"},
    "g_timeline.xlsx": {"outcome": "ranks"},
    "h_threaded_comments.xlsx": {"outcome": "ranks"},
    "i_power_query.xlsx": {"outcome": "ranks"},
    "j_activex.xlsm": {"outcome": "ranks", "unchanged": ["xl/activeX/activeX1.xml", "xl/activeX/activeX1.bin"]},
    "k_chartsheet_first.xlsx": {"outcome": "ranks"},
    "l_x_prefixed.xlsx": {"outcome": "ranks"},
    "m_part_names.xlsx": {"outcome": "ranks"},
    # read, but not written into: our sheets are Transitional XML, and a package mixing the two is
    # not one Excel is known to accept; the owner is told how to save it in the usual format
    "n_strict.xlsx": {"outcome": "refused", "phrase": "strict open xml"},
}

# Readers known not to read a file (so the fixture is checked with the others only), and why.
NOT_READ_BY = {
    "m_part_names.xlsx": {
        "openpyxl": "openpyxl reads the styles from the fixed name xl/styles.xml (openpyxl/styles/stylesheet.py "
                    "apply_stylesheet, ARC_STYLE) instead of following the workbook's relationship, so the "
                    "cells' style indexes of xl/Styles.xml point nowhere (IndexError)"},
    "n_strict.xlsx": {
        "openpyxl": "openpyxl does not support Strict Open XML: it finds no sheet relationship in the "
                    "purl.oclc.org namespace and drops every sheet"},
}

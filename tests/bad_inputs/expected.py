"""What ``xlclientrank rerank FILE --out OUT --json`` must do with each file of the catalogue.

``CASES[filename]`` is one of

* ``{"status": "ok", "clients": N, "warnings": [...], ...optional keys}``: exit code 0, the JSON
  ``clients`` is N, and every phrase in ``warnings`` occurs in the JSON ``warnings`` (joined by
  newlines, compared in lower case);
* ``{"status": "error", "error": "phrase"}``: an exit code other than 0 (success) and 1 (a bug),
  exactly one line on stderr, containing the phrase (lower case), and no traceback.

Optional keys of an "ok" case:

* ``tiers``: the JSON ``tiers`` exactly; ``pareto_count``: the JSON ``pareto.count``;
* ``pareto_total``: the JSON ``pareto.total`` (relative tolerance 1e-6): proves numbers were parsed
  (comma decimals, currency text) and rows aggregated or skipped correctly;
* ``absent``: phrases that must NOT occur in the warnings (e.g. a blank row is not a nameless row);
* ``factor_kinds``: kinds (``xlclientrank.headers`` keys) that must occur among the JSON ``factors``;
* ``columns_absent``: headers that must NOT occur among the JSON ``factors`` (another table's columns);
* ``names_in_ranking``: client names that must occur, exactly, in the Client column of the Ranking sheet;
* ``out_suffix``: the suffix of the output file (default: the input's own, .xlsx/.xlsm).

The phrases are the ones the reader promises (see tests/reader/test_bad_inputs.py): "skipped: no client name",
"skipped: totals row", "not numbers", "read as numbers", "dates typed as text", "excel errors",
"no saved result", "appear more than once", "aggregated", "refunds", "no 80/20 split", "hidden rows";
errors: "no sheet looks like a client list", "no clients", "not an excel workbook", "damaged",
"password", "save it as excel workbook", "choose file, save as".

The files are made by tests/bad_inputs/make_catalogue.py; its docstrings say what each one holds.
"""

LONG_NAME = ("The Northern Counties Association of Independent Family-Run Bakeries, Tea Rooms, Village Shops and "
             "Community Cafes (Yorkshire, Lancashire, Cumbria, Northumberland and Durham Branches) Cooperative "
             "Purchasing Group - Trading as Northern Bakers Buying Circle, incorporating the former Teesside and "
             "Wearside Independent Grocers Federation Limited")

CASES = {
    # ---- no usable client list -----------------------------------------------------------
    "01_empty_workbook.xlsx": {"status": "error", "error": "no sheet looks like a client list"},
    "02_header_only.xlsx": {"status": "error", "error": "no clients"},

    # ---- degenerate but valid lists --------------------------------------------------------
    "03_one_client.xlsx": {"status": "ok", "clients": 1, "warnings": [],
                           "tiers": {"Ideal": 1, "Core": 0, "Poor": 0}, "pareto_count": 1},
    "04_all_values_equal.xlsx": {"status": "ok", "clients": 10, "warnings": [],
                                 "tiers": {"Ideal": 2, "Core": 3, "Poor": 5}, "pareto_count": 8,
                                 "pareto_total": 25000.0},
    "05_all_revenue_zero.xlsx": {"status": "ok", "clients": 8, "warnings": ["no 80/20 split"]},
    # negative revenue stays negative (not dropped, not made positive): total 52,933.85
    "06_negative_revenue.xlsx": {"status": "ok", "clients": 12, "warnings": [], "pareto_total": 52933.85},
    "06b_negative_total_revenue.xlsx": {"status": "ok", "clients": 10, "warnings": ["no 80/20 split"]},

    # ---- cell contents -----------------------------------------------------------------------
    "07_text_in_number_column.xlsx": {"status": "ok", "clients": 12, "warnings": ["not numbers"]},
    "08a_currency_text_us.xlsx": {"status": "ok", "clients": 12, "warnings": ["read as numbers"],
                                  "pareto_total": 99620.74, "factor_kinds": ["revenue", "profit"]},
    "08b_currency_text_european.xlsx": {"status": "ok", "clients": 12, "warnings": ["read as numbers"],
                                        "pareto_total": 99620.74, "factor_kinds": ["revenue", "profit"]},
    "09_dates_as_text.xlsx": {"status": "ok", "clients": 12, "warnings": ["dates typed as text"],
                              "factor_kinds": ["tenure", "recency"]},
    "10_error_cells.xlsx": {"status": "ok", "clients": 12, "warnings": ["excel errors"]},
    "11_formulas_without_results.xlsx": {"status": "ok", "clients": 12, "warnings": ["no saved result"]},
    "29_numbers_as_text.xlsx": {"status": "ok", "clients": 12, "warnings": ["read as numbers"],
                                "pareto_total": 95884.85, "factor_kinds": ["revenue", "profit", "orders"]},
    "30_booleans.xlsx": {"status": "ok", "clients": 12, "warnings": []},
    "34_customer_numbers.xlsx": {"status": "ok", "clients": 12, "warnings": []},

    # ---- table layout ------------------------------------------------------------------------
    # 14 clients; with the three totals rows counted the 80/20 count would be 5 and the total 3x
    "12_totals_rows.xlsx": {"status": "ok", "clients": 14, "warnings": ["skipped: totals row"],
                            "pareto_count": 9, "pareto_total": 196345.36},
    "13_title_and_merged_header.xlsx": {"status": "ok", "clients": 12, "warnings": [],
                                        "absent": ["skipped: no client name"],
                                        "factor_kinds": ["revenue", "orders"]},
    "14_blank_rows.xlsx": {"status": "ok", "clients": 20, "warnings": [], "absent": ["skipped: no client name"]},
    "14b_rows_without_name.xlsx": {"status": "ok", "clients": 15, "warnings": ["skipped: no client name"]},
    "15_excel_table_with_title_and_second_table.xlsx": {
        "status": "ok", "clients": 15, "warnings": [], "absent": ["not numbers", "skipped: no client name"],
        "columns_absent": ["Unit price", "Stock"]},
    # judgement call: in a client list (no dates) duplicates are reported and ranked as separate rows
    "16_duplicate_names.xlsx": {"status": "ok", "clients": 14, "warnings": ["appear more than once"]},
    "19_hidden_rows_and_columns.xlsx": {"status": "ok", "clients": 16, "warnings": ["hidden rows"]},
    "26_two_tables_side_by_side.xlsx": {"status": "ok", "clients": 15, "warnings": [], "absent": ["not numbers"],
                                        "columns_absent": ["Manager", "Target revenue"]},
    "27_client_list_on_second_sheet.xlsx": {"status": "ok", "clients": 12, "warnings": []},
    "28_header_lower_unusual_order.xlsx": {"status": "ok", "clients": 14, "warnings": [],
                                           "factor_kinds": ["hours", "revenue", "profit", "orders", "complaints"]},

    # ---- client names ------------------------------------------------------------------------
    "17_unicode_and_long_names.xlsx": {
        "status": "ok", "clients": 12, "warnings": [],
        "names_in_ranking": ["Café Müller GmbH", "Łódź Hydraulika Sp. z o.o.", "株式会社さくら商店",
                             "מאפיית השכונה בע״מ", "مطعم الياسمين", "🌮 Taco Loco Food Truck", "Zoë's Bakery 🍰",
                             "Ngô Gia Phát Co.", "Ολυμπία Ταβέρνα", "👨‍👩‍👧 Family Dental Care",
                             "Ångström Optik AB", LONG_NAME]},
    "18_names_like_formulas.xlsx": {
        "status": "ok", "clients": 8, "warnings": [],
        "names_in_ranking": ['=HYPERLINK("http://example.invalid","x")', "+44 Holdings", "-dash Ltd", "@home",
                             "=1+1 Accountants", "Riverside Cafe", "Harbour Garage Ltd", "Kestrel Joinery"]},

    # ---- order lines instead of a client list --------------------------------------------------
    "23_order_lines.xlsx": {"status": "ok", "clients": 37, "warnings": ["aggregated"],
                            "pareto_count": 13, "pareto_total": 491623.0},
    # refunds are netted against the same customer's sales: total 201,034.45
    "24_order_lines_with_refunds.xlsx": {"status": "ok", "clients": 22, "warnings": ["aggregated", "refunds"],
                                         "pareto_total": 201034.45},
    # grouped by Client ID (grouping by the varying names would give 369 clients)
    "25_order_lines_ids_in_table.xlsx": {"status": "ok", "clients": 120, "warnings": ["aggregated"],
                                         "pareto_count": 18, "pareto_total": 1497880.0},

    # ---- not a readable .xlsx ------------------------------------------------------------------
    "20_truncated_zip.xlsx": {"status": "error", "error": "damaged"},
    "21_text_file.xlsx": {"status": "error", "error": "not an excel workbook"},
    "22_encrypted.xlsx": {"status": "error", "error": "password"},
    "31_libreoffice.ods": {"status": "error", "error": "open it in libreoffice (or openoffice), choose file, save as "
                                                         "and the file type excel 2007-365 (.xlsx)"},
    "31b_excel97.xls": {"status": "error", "error": "open it in excel, choose file, save as and the type excel "
                                                      "workbook (.xlsx)"},

    # ---- other accepted formats ----------------------------------------------------------------
    "32_xlsm_without_vba.xlsm": {"status": "ok", "clients": 12, "warnings": [], "out_suffix": ".xlsm"},
    "32b_xlsm_with_vba.xlsm": {"status": "ok", "clients": 12, "warnings": [], "out_suffix": ".xlsm"},
    "33_semicolon_comma_decimals.csv": {
        "status": "ok", "clients": 15, "warnings": [], "out_suffix": ".xlsx", "pareto_total": 133062.99,
        "factor_kinds": ["revenue", "profit", "orders", "complaints"],
        "names_in_ranking": ["Smith; Jones & Co", "Café Lumière", "Ashford Electrical & Sons"]},
}

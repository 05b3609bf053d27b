"""names.py: each name Excel sees is written once, and the add-in's functions carry those names."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.doubles.xlwings_harness import functions, load_udf_module
from xlclientrank import names

PACKAGE = Path(names.__file__).parent


def test_the_cell_functions_are_the_ones_the_add_in_registers():
    assert sorted(names.FUNCTION_NAMES) == sorted(functions(load_udf_module(names.UDF_MODULE)))


def test_every_sheet_of_ours_is_kept_out_of_the_client_list():
    ours = {name for _, name in names.SHEETS} | {names.ALIASES_SHEET, names.NOTES_SHEET}
    assert set(names.OUR_SHEETS) == ours and len(names.OUR_SHEETS) == len(ours)


def test_no_other_module_writes_a_name_of_ours_as_a_literal():
    # a mark's key (NOTES_KEY: "notes") is part of a hidden name, and a word used elsewhere too
    literals = {v for k, v in vars(names).items() if k.isupper() and not k.endswith("_KEY") and isinstance(v, str)}
    found = [f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}" for path in sorted(PACKAGE.rglob("*.py"))
             if path.name != "names.py" for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and node.value in literals]
    assert found == []

"""Importing xlclientrank changes no pandas option: the reader chooses how text is stored only
around the frames it builds (reader/table.py python_strings)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from xlclientrank.reader.table import python_strings

# every module of the package imported in a fresh interpreter, pandas' options compared before and
# after; __main__ runs the command, so it is imported with --version and its exit caught
SCRIPT = r"""
import importlib, json, pkgutil, sys, warnings
warnings.simplefilter("ignore")
import pandas as pd
import xlclientrank

def options(wrapper, prefix=""):
    out = {}
    for name in dir(wrapper):
        value = getattr(wrapper, name)
        if isinstance(value, type(pd.options)):
            out.update(options(value, prefix + name + "."))
        else:
            out[prefix + name] = repr(value)
    return out

before = options(pd.options)
names = []
for module in pkgutil.walk_packages(xlclientrank.__path__, "xlclientrank."):
    sys.argv = ["xlclientrank", "--version"]
    try:
        importlib.import_module(module.name)
    except SystemExit:
        pass
    names.append(module.name)
after = options(pd.options)
changed = {k: [before[k], after.get(k)] for k in before if before[k] != after.get(k)}
print(json.dumps({"modules": names, "changed": changed}))
"""


def test_importing_every_module_changes_no_pandas_option():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert "xlclientrank.reader" in found["modules"] and "xlclientrank.jobs.rerank" in found["modules"]
    assert found["changed"] == {}


def test_the_reader_chooses_python_strings_only_where_it_builds_frames():
    before = pd.get_option("mode.string_storage")
    with python_strings():
        assert pd.get_option("mode.string_storage") == "python"
        built = pd.Series(["a", "b"])
    assert pd.get_option("mode.string_storage") == before
    assert built.dtype.storage == "python"

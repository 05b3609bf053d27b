"""The files that come with the package (package data, so they are there after ``pip install``):

* ``xlclientrank.xlam``: the Excel add-in (the Client Rank tab and the cell formulas);
* ``ClientRank.xlsm``: the ready template workbook (the sample clients, ranked, with a live
  ``=CLIENT_TIER(...)`` column);
* ``sample_clients.xlsx``: the sample client list.

The add-in and the template are built from ``workbook/src`` by ``python -m xlclientrank.excel.build``
and the sample by ``python workbook/make_sample.py``; tests keep these copies equal to a fresh build.
This module is the one place that knows where they are.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
ADDIN = FOLDER / "xlclientrank.xlam"
TEMPLATE = FOLDER / "ClientRank.xlsm"
SAMPLE = FOLDER / "sample_clients.xlsx"

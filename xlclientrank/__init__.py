"""xlclientrank: rank a small business's clients inside the Excel workbook they already keep.

The package is layered so that the dependencies flow one way:

* :mod:`xlclientrank.engine` - pure pandas: per-factor scores, the 0-100 score, tiers, Pareto figures;
* :mod:`xlclientrank.headers` - which column is which factor, from the words owners use;
* :mod:`xlclientrank.stored.settings` - the owner-editable ``ClientRank Settings`` sheet as data;
* :mod:`xlclientrank.reader` - the owner's workbook -> a table of clients;
* :mod:`xlclientrank.report.summary` and :mod:`xlclientrank.render` - the Ranking sheet;
* :mod:`xlclientrank.ooxml` - puts our sheets into the owner's file and leaves every other part alone;
* :mod:`xlclientrank.cli` - the ``xlclientrank`` command.
"""

__version__ = "0.1.0"

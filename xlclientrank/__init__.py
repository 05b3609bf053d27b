"""xlclientrank: rank a small business's clients inside the Excel workbook they already keep.

A ranking flows through the packages in one direction: :mod:`.reader` (the owner's workbook or
.csv -> a ClientTable) -> :mod:`.engine` (scores, ranks, tiers; :mod:`.figures` the 80/20 figures)
-> :mod:`.report` (what it means, in the owner's words) -> :mod:`.render` (our sheets) ->
:mod:`.ooxml` (into the owner's file, every other part left alone). :mod:`.stored` keeps the
settings, the history and the calibration in the workbook; :mod:`.jobs` run it all from a file to
a file for :mod:`.cli`, the ribbon buttons (:mod:`.excel`) and the cell formulas (:mod:`.formulas`,
handed to Excel by :mod:`.udfs`). :mod:`.names`, :mod:`.errors`, :mod:`.headers` and
:mod:`.filekind` are the ground every part stands on. README.md, "Development", draws the tree.
"""

__version__ = "0.1.0"

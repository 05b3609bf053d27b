"""Client names replaced by their aliases everywhere in a workbook package, the owner's sheets included.

:func:`anonymize_package` goes through every XML part of the package (except ``skip``, our own
sheets, which are anonymous already, and the parts only they use) and replaces each client's name
by its alias in the places where real files keep text. Matching is
:class:`xlclientrank.ooxml.scrub.Scrubber`'s (names by their aliases, e-mail addresses and whole
phone numbers by placeholders).

Sheet names are never renamed (every formula that points at a sheet would break): the tabs named
after a client are reported (:attr:`Report.sheet_names_with_clients`) for the owner to rename. A
final scan of every part (text, attributes, the bytes of binary parts and the XML inside embedded
Office files; not compressed pictures) reports what is left (:attr:`Report.left`), in plain
sentences in :attr:`Report.notes`. The notes name real clients: they are for the owner's screen, never for the copy.

A part with nothing to replace keeps its bytes exactly; a changed part is rewritten with lxml
(namespaces and prefixes as they were).

The parts:

* :mod:`.places`: the places in one XML part where files keep text, and the replacing there;
* :mod:`.parts`: the package part by part (content types, kinds of part, the parts left alone);
* :mod:`.scan`: the final scan for names left;
* :mod:`.report`: what was done and left, and the notes for the owner;
* :mod:`.run`: :func:`anonymize_package`, the whole package through all of them.
"""

from xlclientrank.ooxml.anonymize.report import Left, Report
from xlclientrank.ooxml.anonymize.run import anonymize_package

__all__ = ["Left", "Report", "anonymize_package"]

"""Known exports: the profiles and their catalogue.

:mod:`.profiles` recognises which export a file is (and says what is taken from each, the README's
table); :mod:`.reading` reads a file by its entry; :mod:`.catalogue` holds the entries, as data, one
module a kind of system.
"""

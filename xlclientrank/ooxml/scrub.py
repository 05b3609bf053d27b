"""Client names, e-mail addresses and phone numbers in one text or one formula: the matching that
:mod:`xlclientrank.ooxml.anonymize` applies to every place of a workbook, and the ranking-only
advisor's copy (:mod:`xlclientrank.jobs.share`) to its texts.

Matching (:class:`Scrubber`): a text equal to a client's name (case and white space aside)
becomes its alias; a name inside longer text is replaced where it stands as whole words (longest
names first, case-insensitive, one trie-shaped regular expression for thousands of names); names
of fewer than 3 characters only as whole texts. E-mail addresses become ``[e-mail removed]``, a
text that is wholly a phone number ``[phone removed]`` (dates, number ranges such as a pivot
group's "1000-1999", numbers with thousands separators and runs of digits not starting with 0 are
not taken for phone numbers). Formulas (:func:`scrub_formula`): only their string literals, and the
table columns their structured references name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# e-mail addresses and phone numbers in the owner's text: removed from every copy for the advisor
# (share.py's ranking-only copy takes them from here)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.])\+?\d[\d ()./-]{6,}\d(?![\w.])")
EMAIL_REMOVED = "[e-mail removed]"
PHONE_REMOVED = "[phone removed]"
SHORT = 3  # names shorter than this are replaced only where they are the whole text


# ---------------------------------------------------------------------------------------- matching

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-", "\u2014": "-", "\u2011": "-"})
_EQUIVALENT = {"'": "['\u2019\u2018\u02bc]", "-": "[-\u2013\u2014\u2011]"}
_NUMBER = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")
_DATE_LIKE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|"
                        r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_RANGE = re.compile(r"([1-9]\d*)\s?[-\u2013]\s?([1-9]\d*)")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?")


def tidy(text: str) -> str:
    """A name as the ranking shows it: white space collapsed, typographic apostrophes and dashes plain."""
    return " ".join(str(text).translate(_QUOTES).split())


def name_key(text: str) -> str:
    return tidy(text).casefold()


def is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def is_phone(text: str) -> bool:
    """A text that is wholly a phone number (:data:`PHONE`), but not a date,
    a number range such as a pivot group's "1000-1999", a number with thousands separators, or a
    plain run of digits that does not start with 0 (more often an order or customer number)."""
    core = text.strip()
    candidate = core[1:] if core.startswith("(") and ")" in core else core
    if not PHONE.fullmatch(candidate) or sum(ch.isdigit() for ch in core) < 7:
        return False
    if _DATE_LIKE.fullmatch(core) or _THOUSANDS.fullmatch(core):
        return False
    r = _RANGE.fullmatch(core)
    if r and int(r.group(1)) < int(r.group(2)):
        return False
    return not (core.isdigit() and not core.startswith("0"))


# a trie of words: character -> the trie of what follows it; the key "" marks the end of a word
Trie = dict[str, "Trie"]


def _trie_pattern(words: list[str]) -> str:
    """One regular expression matching any of ``words`` (lower case, single spaces), built as a trie
    so that thousands of names cost little per character; a longer name wins over a shorter one
    that begins it."""
    trie: Trie = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def atom(ch: str) -> str:
        if ch == " ":
            return r"\s+"
        return _EQUIVALENT.get(ch, re.escape(ch))

    def build(node: Trie) -> str:
        out = []
        while True:  # a chain of single children is a plain sequence (keeps the nesting shallow)
            keys = [k for k in node if k]
            if len(keys) == 1 and "" not in node:
                out.append(atom(keys[0]))
                node = node[keys[0]]
                continue
            break
        keys = sorted(k for k in node if k)
        if not keys:
            return "".join(out)
        alts = [atom(k) + build(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return "".join(out) + body

    return build(trie)


class Scrubber:
    """Replaces client names by aliases, e-mail addresses and phone numbers by placeholders."""

    def __init__(self, names: dict[str, str]) -> None:
        self.alias: dict[str, str] = {}
        self.real: dict[str, str] = {}
        for real, alias in names.items():
            k = name_key(real)
            if k and k not in self.alias:
                self.alias[k] = str(alias)
                self.real[k] = tidy(real)
        long = sorted({tidy(self.real[k]).lower() for k in self.alias if len(k) >= SHORT}, key=len, reverse=True)
        self.words = (re.compile(r"(?<!\w)" + _trie_pattern(long) + r"(?!\w)", re.IGNORECASE) if long else None)
        known = sorted({re.escape(a) for a in self.alias.values()} | {re.escape(EMAIL_REMOVED),
                                                                    re.escape(PHONE_REMOVED)}, key=len, reverse=True)
        self._ours = re.compile("|".join(known))
        self.emails = 0
        self.phones = 0

    # -------------------------------------------------------------- replacing

    def text(self, s: str) -> str:
        """``s`` with names, e-mail addresses and a whole phone number replaced."""
        if not s or s.isspace():
            return s
        k = name_key(s)
        if k in self.alias:
            return _same_space(s, self.alias[k])
        if is_phone(s):
            self.phones += 1
            return _same_space(s, PHONE_REMOVED)
        if "@" in s:
            pieces, last = [], 0
            for m in EMAIL.finditer(s):
                pieces.append(self._words(s[last:m.start()]))
                pieces.append(EMAIL_REMOVED)
                self.emails += 1
                last = m.end()
            pieces.append(self._words(s[last:]))
            return "".join(pieces)
        return self._words(s)

    def _words(self, s: str) -> str:
        if self.words is None or not s:
            return s
        return self.words.sub(lambda m: self.alias.get(name_key(m.group(0)), m.group(0)), s)

    def items(self, s: str) -> str:
        """A list such as a drop-down's ``"A,B,C"``: the whole text, then each item (so that short
        names and phone numbers are found as whole items), then names as words across the list (a
        name may hold a comma)."""
        k = name_key(s)
        if k in self.alias:
            return _same_space(s, self.alias[k])
        if "," not in s or "\x00" in s:
            return self.text(s)
        kept: list[str] = []
        pieces = []
        for item in s.split(","):
            ik = name_key(item)
            if ik in self.alias or is_phone(item):
                if ik not in self.alias:
                    self.phones += 1
                kept.append(_same_space(item, self.alias.get(ik, PHONE_REMOVED)))
                pieces.append(f"\x00{len(kept) - 1}\x00")
            else:
                pieces.append(item)
        out = self.text(",".join(pieces))
        return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], out)

    def quiet(self, s: str) -> str:
        """:meth:`text` without counting what it removes (for a second look at the same text)."""
        counts = self.emails, self.phones
        try:
            return self.text(s)
        finally:
            self.emails, self.phones = counts

    # -------------------------------------------------------------- finding

    def find(self, s: str) -> list[str]:
        """The real names still in ``s`` (aliases and our placeholders are not looked into)."""
        if not s or s.isspace() or is_number(s):
            return []
        k = name_key(s)
        if k in self.alias:
            return [self.real[k]]
        found = []
        if "," in s:
            found += [self.real[name_key(i)] for i in s.split(",") if name_key(i) in self.alias]
        rest = self._ours.sub("\x00", s)
        if self.words is not None:
            found += [self.real[name_key(m.group(0))] for m in self.words.finditer(rest)
                      if name_key(m.group(0)) in self.real]
        return list(dict.fromkeys(found))


def _same_space(original: str, new: str) -> str:
    """``new`` with the white space ``original`` had around it."""
    lead = original[:len(original) - len(original.lstrip())]
    trail = original[len(original.rstrip()):]
    return lead + new + trail


# ---------------------------------------------------------------------------------------- formulas

def formula_tokens(f: str) -> Iterator[tuple[str, str]]:
    """Splits a formula into (kind, text) pieces: "str" (a string literal, quotes included), "sheet"
    (a quoted sheet name), "bracket" (a [...] group: structured reference or book index), "code"."""
    i, n, start = 0, len(f), 0
    while i < n:
        ch = f[i]
        if ch in "\"'[":
            if start < i:
                yield "code", f[start:i]
            j = i + 1
            if ch == "[":
                depth = 1
                while j < n and depth:
                    if f[j] == "'" and j + 1 < n:
                        j += 2
                        continue
                    depth += {"[": 1, "]": -1}.get(f[j], 0)
                    j += 1
                yield "bracket", f[i:j]
            else:
                while j < n:
                    if f[j] == ch:
                        if j + 1 < n and f[j + 1] == ch:
                            j += 2
                            continue
                        j += 1
                        break
                    j += 1
                yield ("str" if ch == '"' else "sheet"), f[i:j]
            i = start = j
        else:
            i += 1
    if start < n:
        yield "code", f[start:]


_INNER = re.compile(r"\[((?:'.|[^\[\]'])*)\]")


def _structured_escape(name: str) -> str:
    return re.sub(r"(['\[\]#@])", r"'\1", name)


def _rename_columns(bracket: str, renames: dict[str, str]) -> str:
    """A structured reference with renamed table columns (``[Acme Ltd]``, ``[@Acme Ltd]``,
    ``[@[Acme Ltd]]``; ``'`` escapes ``[ ] # ' @`` inside)."""
    def sub(m: re.Match[str]) -> str:
        inner = m.group(1)
        at = inner.startswith("@")
        raw = re.sub(r"'(.)", r"\1", inner[1:] if at else inner)
        new = renames.get(raw.casefold())
        if new is None:
            return m.group(0)
        new = _structured_escape(new)
        if at:  # the short form [@Name] holds only a plain name; [@[Client 001]] otherwise
            return "[@" + (new if re.fullmatch(r"\w+", new) else "[" + new + "]") + "]"
        return "[" + new + "]"
    return _INNER.sub(sub, bracket)


def scrub_formula(f: str, scrub: Callable[[str], str], renames: dict[str, str] | None = None) -> str:
    """The formula with ``scrub`` applied to the text of each string literal (and renamed table
    columns in its structured references); sheet names and everything else as they were."""
    if '"' not in f and not (renames and "[" in f):
        return f
    out = []
    for kind, piece in formula_tokens(f):
        if kind == "str" and piece.endswith('"') and len(piece) >= 2:
            inner = piece[1:-1].replace('""', '"')
            out.append('"' + scrub(inner).replace('"', '""') + '"')
        elif kind == "bracket" and renames:
            out.append(_rename_columns(piece, renames))
        else:
            out.append(piece)
    return "".join(out)


_SHEET_REF = re.compile(r"(?:'(?:[^']|'')+'|[^\s'!(),;:=+\-*/&^<>{}\"\[\]]+)!")


def without_sheet_refs(f: str) -> str:
    """A formula (or reference) without its sheet names, for the final scan: what is left are its
    literals, functions and names."""
    return _SHEET_REF.sub("!", f)

"""The settings of the ranking a run replaces, and what the owner changed since ("Sales weight 3 -> 5").

The settings sheet is read at the start of a run and already holds the owner's new values; the
settings the last Re-rank used are in the hidden calibration sheet (:mod:`.calibration`): cell A1
says the date it was made for, A2 holds them as JSON (the client table's columns, the client
column, each weighted factor's weight, direction and kind, the score scale, missing values, the
tier rule, the 80/20 column and, from this version on, the 80/20 share). Only those two cells are
read, a part's first bytes at a time (the sheet holds a row per client below them), as
XlsxWriter writes them (inline text) or as Excel and LibreOffice save them (shared strings).

What cannot be known (no calibration, one made for another date than the ranking replaced, a
setting an older version did not store) is not said: never a false "changed".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Collection, Iterator, Literal, Sequence

from lxml import etree

from xlclientrank import engine, headers
from xlclientrank.names import CALIBRATION_SHEET
from xlclientrank.ooxml import book
from xlclientrank.ooxml.ns import NS_REL
from xlclientrank.ooxml.package import Package
from xlclientrank.stored import settings as settings_mod

FIRST_LOOK = 1 << 16          # bytes of a part looked at first; then 8 times more, and so on
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class Stored:
    """The settings a Re-rank stored: the date it ranked for, and its settings as the JSON holds them."""

    date: dt.date
    meta: dict[str, Any]


def read(pkg: Package) -> Stored | None:
    """The settings of the last Re-rank of the workbook, or None when they cannot be read."""
    try:
        part = book.sheet_parts(pkg).get(CALIBRATION_SHEET)
        if part is None:
            return None
        cells = _first_cells(pkg, part)
        stamp, meta = (_text(pkg, *cells[ref]) if ref in cells else None for ref in ("A1", "A2"))
        found = _DATE.search(stamp or "")
        settings = json.loads(meta) if meta else None
        if found is None or not isinstance(settings, dict):
            return None
        return Stored(dt.date.fromisoformat(found.group(1)), settings)
    except Exception:  # a damaged or foreign sheet: the settings then are not known, and nothing is said
        return None


def earlier_bar(before: Stored | None, when: dt.date) -> tuple[dt.date, Any] | None:
    """The date and the best-client bar (as stored: :func:`xlclientrank.stored.best.stored`) of the
    last ranking of a date before ``when``: the stored run's own when it is of an earlier date, else
    (a run of the same date replaced) the earlier one it kept; None when not known."""
    kept = before.meta.get("best") if before is not None else None
    if before is None or not isinstance(kept, dict):
        return None
    if before.date < when:
        return before.date, kept.get("criteria")
    earlier = kept.get("earlier")
    if isinstance(earlier, dict) and isinstance(earlier.get("date"), str):
        try:
            return dt.date.fromisoformat(earlier["date"]), earlier.get("criteria")
        except ValueError:
            return None
    return None


def _first_cells(pkg: Package, part: str) -> dict[str, tuple[str, str]]:
    """Cells A1 and A2 of a sheet part: reference -> (type, text or shared-string index)."""
    size = FIRST_LOOK
    while True:
        data = pkg.head(part, size)
        found, done = _scan_cells(data)
        if done or len(data) < size:
            return found
        size *= 8


def _scan_cells(data: bytes) -> tuple[dict[str, tuple[str, str]], bool]:
    """The wanted cells in the first bytes of a sheet, and whether the rows after them were reached."""
    found: dict[str, tuple[str, str]] = {}
    for event, el, name in _events(data, ("start", "end")):
        ref = el.get("r") or ""
        if event == "start":
            if name == "row" and ref.isdigit() and int(ref) > 2:
                return found, True
            continue
        if name == "c" and ref in ("A1", "A2"):
            kind = el.get("t") or "n"
            if kind == "inlineStr":
                found[ref] = (kind, _item_text(el))
            else:
                found[ref] = (kind, next((v.text or "" for v in el if _local(v) == "v"), ""))
        elif name == "sheetData":
            return found, True
    return found, False


def _events(data: bytes, events: tuple[Literal["start", "end"], ...]) -> Iterator[tuple[str, etree._Element, str]]:
    """(event, element, its local name) of the elements complete in ``data`` (the first bytes of a part)."""
    parser = etree.XMLPullParser(events=events, huge_tree=True)
    parser.feed(data)
    for event, el in parser.read_events():
        if isinstance(el, etree._Element):
            yield event, el, _local(el)


def _local(el: etree._Element | None) -> str:
    return etree.QName(el).localname if el is not None and isinstance(el.tag, str) else ""


def _item_text(el: etree._Element) -> str:
    """The text of an inline string or a shared-string item, its phonetic runs (``rPh``) left out."""
    parts = []
    for t in el.iter():
        if _local(t) == "t" and _local(t.getparent()) != "rPh":
            parts.append(t.text or "")
    return "".join(parts)


def _text(pkg: Package, kind: str, value: str) -> str | None:
    if kind != "s":
        return value
    return _shared(pkg, int(value))


def _shared(pkg: Package, index: int) -> str | None:
    """Item ``index`` of the workbook's shared strings."""
    wb = book.workbook_part(pkg)
    rels = book.rels_name(wb)
    if not pkg.has(rels):
        return None
    part = next((book.resolve(wb, r.get("Target", "")) for r in pkg.xml(rels).iter(book.q(NS_REL, "Relationship"))
                 if r.get("Type", "").endswith("/sharedStrings")), None)
    if part is None or not pkg.has(part):
        return None
    size = FIRST_LOOK
    while True:
        data = pkg.head(part, size)
        seen = 0
        for _, el, name in _events(data, ("end",)):
            if name == "si" and _local(el.getparent()) == "sst":
                if seen == index:
                    return _item_text(el)
                seen += 1
        if len(data) < size:
            return None
        size *= 8


# ---------------------------------------------------------------- what changed

def changes(before: Stored, config: engine.RankConfig, client_column: str, columns: Sequence[str],
            date_columns: Collection[str] = ()) -> list[str]:
    """The settings that differ between ``before`` and this run's (``config``, the client column,
    the client table's ``columns``, those of them that hold dates), in plain words ("Sales weight
    3 -> 5"); a setting ``before`` does not hold is not compared."""
    meta = before.meta
    labels = settings_mod.LABELS
    out = _factor_changes(meta, config, columns, date_columns)
    old_client = meta.get("client_column")
    if isinstance(old_client, str) and old_client and old_client != client_column:
        out.append(f"{labels['client_column']} {old_client} -> {client_column}")
    for key, names, now in (("scale", settings_mod.SCALE_NAMES, config.scale),
                            ("missing", settings_mod.MISSING_NAMES, config.missing)):
        old = meta.get(key)
        if old in names and old != now:
            out.append(f"{labels[key]} {names[old]} -> {names[now]}")
    out += _tier_changes(meta.get("tiers"), config.tiers)
    if "pareto_column" in meta and meta["pareto_column"] != config.pareto_column:
        out.append(f"{labels['pareto_column']} {meta['pareto_column'] or 'none'} -> {config.pareto_column or 'none'}")
    target = meta.get("pareto_target")
    if isinstance(target, (int, float)) and abs(target - config.pareto_target) > 1e-9:
        out.append(f"{labels['pareto_target']} {_pct(target)} -> {_pct(config.pareto_target)}")
    return out


def _factor_changes(meta: dict[str, Any], config: engine.RankConfig, columns: Sequence[str],
                    date_columns: Collection[str]) -> list[str]:
    old = {str(f[0]): (float(f[1]), bool(f[2]), str(f[3])) for f in meta.get("factors", [])}
    had_columns = set(meta.get("columns", []))
    now = {f.column: f for f in config.weighted}
    kinds = {k.key: k.label for k in headers.KINDS + (headers.CUSTOM,)}
    measures = settings_mod.FACTORS_HEADER[2].lower()
    out = []
    for column in list(now) + [c for c in old if c not in now]:
        f = now.get(column)
        if f is None:
            gone = "" if column in columns else " (its column is no longer in the list)"
            out.append(f"{column} weight {_num(old[column][0])} -> 0{gone}")
            continue
        if column not in old:
            fresh = "" if column in had_columns else " (a new column)"
            out.append(f"{column} weight 0 -> {_num(f.weight)}{fresh}")
            continue
        weight, higher, kind = old[column]
        if abs(weight - f.weight) > 1e-9:
            out.append(f"{column} weight {_num(weight)} -> {_num(f.weight)}")
        if higher != f.higher_is_better:
            dates = column in date_columns
            out.append(f"{column} better when {_direction(higher, dates)} -> {_direction(f.higher_is_better, dates)}")
        if kind != f.kind and kind in kinds and f.kind in kinds:
            out.append(f"{column} {measures} {kinds[kind]} -> {kinds[f.kind]}")
    return out


def _tier_changes(old: Any, rule: engine.TierRule) -> list[str]:
    if not isinstance(old, dict) or not isinstance(old.get("labels"), list):
        return []
    out = []
    labels = [str(x) for x in old["labels"]]
    if labels != list(rule.labels):
        out.append(f"Tier names {', '.join(labels)} -> {', '.join(rule.labels)}")
    method = old.get("method")
    names = settings_mod.METHOD_NAMES
    if method in names and method != rule.method:
        out.append(f"{settings_mod.LABELS['tier_method']} {names[method]} -> {names[rule.method]}")
        return out
    if len(labels) != len(rule.labels):
        return out
    key, now, what, show = {
        "shares": ("shares", rule.shares, "share of clients", _pct),
        "thresholds": ("thresholds", rule.thresholds, "minimum score", _num),
        "abc": ("value_shares", rule.value_shares, "share of value", _pct),
    }[rule.method]
    before = old.get(key)
    if not isinstance(before, list) or len(before) != len(now):
        return out
    for label, a, b in zip(rule.labels, before, now):
        if isinstance(a, (int, float)) and abs(float(a) - b) > 1e-9:
            out.append(f"{label} {what} {show(float(a))} -> {show(b)}")
    return out


def _direction(higher: bool, dates: bool) -> str:
    """As the settings sheet says it: Higher or Lower, for a column of dates Later or Earlier."""
    return ("later" if higher else "earlier") if dates else "higher" if higher else "lower"


def _num(x: float) -> str:
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def _pct(x: float) -> str:
    return f"{_num(x * 100)} %"

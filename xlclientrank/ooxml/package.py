"""An .xlsx/.xlsm file as a zip package of parts, read safely and written atomically.

Untouched parts are written back with exactly the bytes they had. Reading refuses what is not a
workbook (zip bombs, DOCTYPEs); writing goes through :mod:`xlclientrank.ooxml.files`, which puts
the file in place in one step, so a failure at any moment leaves the original file as it was.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator, MutableMapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import IO, BinaryIO

from lxml import etree

from xlclientrank.errors import WorkbookFileError
from xlclientrank.ooxml.files import check_workbook_file, write_atomic

# Refuse packages that would expand beyond these (zip bombs): a real client workbook is far smaller.
MAX_PART_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
MAX_PARTS = 20_000
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
BIG_PART = 8 << 20

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=False)


class Parts(MutableMapping[str, bytes]):
    """Part name -> bytes of a package read from a file, in the file's order. A part is decompressed
    when it is first read: the parts a run replaces (our sheets of the run before, which grow with
    the workbook's history) are never decompressed at all. A part that cannot be decompressed (a
    damaged file) raises :class:`WorkbookFileError` when it is read.

    Part names compare as the packaging standard says, ASCII case aside (ECMA-376 Part 2 §6.2.2.3:
    a relationship to ``xl/workbook.xml`` finds the part stored as ``xl/Workbook.xml``, as Excel
    finds it); a part keeps the spelling it is stored under, and a name set again replaces it there."""

    def __init__(self, zf: zipfile.ZipFile, names: list[str], source: str) -> None:
        self._zip = zf
        self._source = source
        self._packed = dict.fromkeys(names)      # parts still only in the file, in its order
        self._data: dict[str, bytes] = {}
        self._order: dict[str, None] = dict.fromkeys(names)
        self._fold = {_fold(n): n for n in names}

    def copy(self) -> "Parts":
        out = Parts(self._zip, [], self._source)
        out._packed, out._data, out._order = dict(self._packed), dict(self._data), dict(self._order)
        out._fold = dict(self._fold)
        return out

    def stored(self, name: str) -> str | None:
        """The name a part is stored under (``name`` itself, or it in another case), None if none."""
        return name if name in self._order else self._fold.get(_fold(name))

    def __getitem__(self, name: str) -> bytes:
        name = self.stored(name) or name
        try:
            return self._data[name]
        except KeyError:
            if name not in self._packed:
                raise
        data = self._data[name] = self._unpack(name, None)
        del self._packed[name]
        return data

    def peek(self, name: str) -> bytes:
        """A part's bytes, without keeping them: for a part read once (our sheet a run reads the
        values of and then writes again) that should not stay in memory for the rest of the run."""
        name = self.stored(name) or name
        if name in self._data or name not in self._packed:
            return self[name]
        return self._unpack(name, None)

    def head(self, name: str, size: int) -> bytes:
        """The first ``size`` bytes of a part, without decompressing the rest of a packed one."""
        name = self.stored(name) or name
        if name in self._data or name not in self._packed:
            return self[name][:size]
        return self._unpack(name, size)

    def is_packed(self, name: str) -> bool:
        """The part is still only in the file (never read, nor set)."""
        return (self.stored(name) or name) in self._packed

    def stream(self, name: str, into: IO[bytes] | None = None, chunk: int = 1 << 20) -> None:
        """Decompresses a packed part a chunk at a time into the file object ``into`` (or nowhere: its
        checksum is verified), without keeping it; a damaged part raises :class:`WorkbookFileError`."""
        name = self.stored(name) or name
        try:
            with self._zip.open(name) as fh:
                while True:
                    block = fh.read(chunk)
                    if not block:
                        break
                    if into is not None:
                        into.write(block)
        except WorkbookFileError:
            raise
        except Exception as exc:  # zlib and CRC errors in a broken file
            raise self._damaged(name, exc) from exc

    def _unpack(self, name: str, size: int | None) -> bytes:
        try:
            with self._zip.open(name) as fh:
                return fh.read() if size is None else fh.read(size)
        except Exception as exc:  # zlib and CRC errors in a broken file
            raise self._damaged(name, exc) from exc

    def _damaged(self, name: str, exc: Exception) -> WorkbookFileError:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return WorkbookFileError(f"is damaged (part {name}: {detail}); open it in Excel and save it again",
                                 file=self._source)

    def __setitem__(self, name: str, data: bytes) -> None:
        name = self.stored(name) or name
        self._packed.pop(name, None)
        self._data[name] = data
        self._order[name] = None
        self._fold.setdefault(_fold(name), name)

    def __delitem__(self, name: str) -> None:
        stored = self.stored(name)
        if stored is None:
            raise KeyError(name)
        self._packed.pop(stored, None)
        self._data.pop(stored, None)
        del self._order[stored]
        if self._fold.get(_fold(stored)) == stored:
            del self._fold[_fold(stored)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.stored(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


def _set_level(info: zipfile.ZipInfo, level: int) -> None:
    """The deflate level of a part written through ``ZipFile.open(info, "w")`` (Python 3.13 names
    the attribute ``compress_level``; before, ``_compresslevel``, which ``writestr`` sets)."""
    # typeshed declares neither attribute of ZipInfo
    try:
        info.compress_level = level  # type: ignore[attr-defined]  # Python 3.13 and later
    except AttributeError:
        info._compresslevel = level  # type: ignore[attr-defined]  # before Python 3.13


def _fold(name: str) -> str:
    """A part name with ASCII letters in lower case (the packaging standard's comparison)."""
    return name.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Package:
    """The parts of a zip package in their original order. ``parts`` maps part name -> bytes (for a
    package read from a file, a :class:`Parts`: each part decompressed when first read)."""

    def __init__(self, parts: MutableMapping[str, bytes], infos: dict[str, zipfile.ZipInfo],
                 source: str = "") -> None:
        self.parts = parts
        self.infos = infos
        self.source = source
        self.data: bytes | None = None

    def copy(self) -> "Package":
        """A package of the same parts whose parts can be set and deleted without touching this one."""
        parts = self.parts.copy() if isinstance(self.parts, Parts) else dict(self.parts)
        out = Package(parts, dict(self.infos), self.source)
        return out

    @classmethod
    def read(cls, path: str | Path) -> "Package":
        """Reads a workbook file; ``.data`` keeps its bytes (so values can be read from the same read)."""
        path = Path(path)
        check_workbook_file(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise WorkbookFileError(f"cannot be read ({exc.strerror})", file=str(path)) from exc
        return cls.from_bytes(data, source=str(path))

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "") -> "Package":
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise WorkbookFileError(f"has {len(infos)} parts, more than any workbook should; it is not "
                                        "a workbook xlclientrank can open", file=source)
            total = sum(i.file_size for i in infos)
            if total > MAX_TOTAL_BYTES or any(i.file_size > MAX_PART_BYTES for i in infos):
                raise WorkbookFileError("expands to more than 2 GB; it is damaged or not a real workbook",
                                        file=source)
            by_name = {i.filename: i for i in infos if not i.is_dir()}
        except WorkbookFileError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError) as exc:
            raise WorkbookFileError(f"is damaged ({exc}); open it in Excel and save it again", file=source) from exc
        parts = Parts(z, list(by_name), source)
        if "[Content_Types].xml" not in parts:
            raise WorkbookFileError("is a zip file but not an Excel workbook; save it from Excel as .xlsx",
                                    file=source)
        for name in parts:
            # Excel never writes a DOCTYPE; one is how entity-expansion attacks ("billion laughs") start
            if name.endswith((".xml", ".rels", ".vml")) and b"<!doctype" in parts.head(name, 4096).lower():
                raise WorkbookFileError(f"part {name} declares a DOCTYPE, which Excel files never do; the file is "
                                        "not a workbook xlclientrank will open", file=source)
        pkg = cls(parts, by_name, source)
        pkg.data = data
        return pkg

    # ------------------------------------------------------------ parts

    def has(self, name: str) -> bool:
        return name in self.parts

    def peek(self, name: str) -> bytes:
        """A part's bytes; a packed one is not kept decompressed (see :meth:`Parts.peek`)."""
        return self.parts.peek(name) if isinstance(self.parts, Parts) else self.parts[name]

    def verify(self, name: str) -> None:
        """Checks that a part not yet read decompresses to its checksum (without keeping it): for the
        parts another reader (python-calamine) reads from :attr:`data` itself."""
        if isinstance(self.parts, Parts) and self.parts.is_packed(name):
            self.parts.stream(name)

    def head(self, name: str, size: int = 4096) -> bytes:
        """The first ``size`` bytes of a part (a packed one is not decompressed further)."""
        return self.parts.head(name, size) if isinstance(self.parts, Parts) else self.parts[name][:size]

    def xml(self, name: str) -> etree._Element:
        try:
            return etree.fromstring(self.parts[name], _PARSER)
        except etree.XMLSyntaxError as exc:
            raise WorkbookFileError(f"part {name} is damaged ({exc}); open the workbook in Excel and save it again",
                                    file=self.source) from exc

    def set_xml(self, name: str, root: etree._Element) -> None:
        self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def set(self, name: str, data: bytes) -> None:
        self.parts[name] = data

    def delete(self, name: str) -> None:
        stored = self.parts.stored(name) if isinstance(self.parts, Parts) else name
        if stored is not None and stored in self.parts:
            del self.parts[stored]  # (not pop: that would decompress a part only to throw it away)
            self.infos.pop(stored, None)

    def free_name(self, wanted: str, taken: AbstractSet[str] | None = None) -> str:
        """``wanted`` or the same name with the next free number (``sheet3.xml`` -> ``sheet4.xml``)."""
        taken = set(self.parts) | (taken or set())
        lower = {t.lower() for t in taken}
        if wanted.lower() not in lower:
            return wanted
        folder, base = posixpath.split(wanted)
        stem, ext = posixpath.splitext(base)
        stem = stem.rstrip("0123456789")
        k = 1
        while True:
            candidate = posixpath.join(folder, f"{stem}{k}{ext}")
            if candidate.lower() not in lower:
                return candidate
            k += 1

    # ------------------------------------------------------------ writing

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.write_zip(buf)
        return buf.getvalue()

    def write_zip(self, fh: BinaryIO) -> None:
        """Writes the package as a zip to the open binary file ``fh``: ``[Content_Types].xml`` first,
        parts never read streamed from the old file, large parts deflated at level 1."""
        lazy = self.parts if isinstance(self.parts, Parts) else None
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as z:
            names = sorted(self.parts, key=lambda n: n != "[Content_Types].xml")
            for name in names:
                old = self.infos.get(name)
                info = zipfile.ZipInfo(name, date_time=old.date_time if old else FIXED_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                if lazy is not None and old is not None and lazy.is_packed(name):
                    # a part never read: from the old file to the new a chunk at a time, not kept in memory
                    info.file_size = old.file_size
                    _set_level(info, 1 if old.file_size > BIG_PART else 6)
                    with z.open(info, "w") as out:
                        lazy.stream(name, out)
                    continue
                data = self.parts[name]
                # large parts deflate three times faster at level 1, for a file about a quarter larger
                z.writestr(info, data, compresslevel=1 if len(data) > BIG_PART else 6)

    def write_atomic(self, target: str | Path, mode_from: str | Path | None = None) -> None:
        """Writes the package to ``target`` through a complete temporary file in the same folder that
        then replaces it, keeping the file's identity (see :func:`xlclientrank.ooxml.files.write_atomic`)."""
        write_atomic(target, self.write_zip, mode_from)

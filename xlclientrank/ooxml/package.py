"""An .xlsx/.xlsm file as a zip package of parts, read safely and written atomically.

Untouched parts are written back with exactly the bytes they had. The write goes to a temporary
file in the target's folder, is flushed to disk, then replaces the target in one step, so a failure
at any moment leaves the original file as it was.
"""

from __future__ import annotations

import errno
import glob
import os
import posixpath
import shutil
import socket
import tempfile
import zipfile
from collections.abc import Iterator, MutableMapping
from pathlib import Path

from lxml import etree

from xlclientrank.errors import WorkbookFileError

# Refuse packages that would expand beyond these (zip bombs): a real client workbook is far smaller.
MAX_PART_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
MAX_PARTS = 20_000
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
BIG_PART = 8 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=False)


def check_workbook_file(path: Path) -> None:
    """Raises :class:`WorkbookFileError` unless ``path`` is an existing .xlsx/.xlsm zip package, told
    by its content, not its name (:mod:`xlclientrank.reader.filekind`): an .xlsx named .csv or .xls
    passes; text, an old .xls, a PDF or a picture get a message saying what to do."""
    from xlclientrank.reader import filekind

    name = str(path)
    if not path.exists():
        raise WorkbookFileError("file not found; check the name and the folder", file=name)
    if path.is_dir():
        raise WorkbookFileError("is a folder, not a workbook file", file=name)
    try:
        with path.open("rb") as fh:
            fh.read(8)
    except OSError as exc:
        raise WorkbookFileError(f"cannot be opened ({exc.strerror}); close it in other programs and check "
                                "that you may read it", file=name) from exc
    found = filekind.of(path)
    if found is None or found.kind == filekind.WORKBOOK:
        return
    if found.kind == filekind.OLD_XLS:
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise WorkbookFileError("is protected with a password; open it in Excel, remove the password (File, "
                                    "Info, Protect Workbook) and save it as Excel Workbook (.xlsx)", file=name)
        raise WorkbookFileError("is an old Excel 97-2003 (.xls) workbook; open it in Excel and save it as Excel "
                                "Workbook (.xlsx)", file=name)
    if found.kind == filekind.DELIMITED:
        raise WorkbookFileError(f"is a text export (values separated by {found.separated_by}), which this command "
                                f"does not read; rank it first with xlclientrank rerank \"{path.name}\", then use the "
                                f"workbook that writes, {filekind.output_for(path, found).name}", file=name)
    raise WorkbookFileError(filekind.what_to_do(found), file=name)


class Parts(MutableMapping):
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

    def stream(self, name: str, into=None, chunk: int = 1 << 20) -> None:
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
    try:
        info.compress_level = level
    except AttributeError:
        info._compresslevel = level


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
        import io

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

    def free_name(self, wanted: str, taken: set[str] | None = None) -> str:
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
        import io

        buf = io.BytesIO()
        self._write_zip(buf)
        return buf.getvalue()

    def _write_zip(self, fh) -> None:
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
        """Writes the package to ``target`` through a complete temporary file in the same folder.

        The file keeps its identity: a symbolic link is written through to the file it points to;
        the permissions stay (or come from ``mode_from``); when the new file could not keep the
        owner and group (another user's file) or the file has other hard links, the finished
        content is written into the same file instead of replacing it (the original bytes are put
        back if that write fails)."""
        link = Path(target)
        target = Path(os.path.realpath(link)) if link.is_symlink() else link
        folder = target.parent if str(target.parent) else Path(".")
        check_not_open(target)
        if target != link:
            check_not_open(link)
        _remove_stale_temps(folder, target)
        try:
            fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp", dir=folder)
        except FileNotFoundError as exc:
            raise WorkbookFileError("cannot be written: the folder does not exist", file=str(link)) from exc
        except OSError as exc:
            raise WorkbookFileError(f"cannot be written in folder '{folder}' ({exc.strerror}); choose a folder you "
                                    "may write to with --out", file=str(link)) from exc
        try:
            with os.fdopen(fd, "wb") as fh:
                self._write_zip(fh)
                fh.flush()
                os.fsync(fh.fileno())
            old = target.stat() if target.exists() else None
            source = Path(mode_from) if mode_from else target
            os.chmod(tmp, source.stat().st_mode & 0o7777 if source.exists() else 0o666 & ~_umask())
            if old is not None and (old.st_nlink > 1 or _has_extras(target) or not _same_owner(tmp, old)):
                _write_in_place(Path(tmp), target)
                try:
                    os.unlink(tmp)
                except OSError:
                    pass  # the workbook is written; a leftover temporary file goes at the next run
                return
            else:
                os.replace(tmp, target)
                _fsync_folder(folder)
        except BaseException as exc:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(exc, InPlaceFailed):
                raise WorkbookFileError(str(exc), file=str(link)) from exc
            if isinstance(exc, OSError):
                what = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
                raise WorkbookFileError(f"could not be written ({what}); the original file is unchanged",
                                        file=str(link)) from exc
            raise


def _same_owner(tmp: str, old: os.stat_result) -> bool:
    """Gives the new file the old one's owner and group (possible for root, and for a group the user
    is in); False when it cannot have them."""
    if not hasattr(os, "chown"):
        return True  # Windows: the replaced file's owner is not a file attribute Python can keep
    new = os.stat(tmp)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return True
    try:
        os.chown(tmp, old.st_uid if new.st_uid != old.st_uid else -1, old.st_gid)
    except OSError:
        return False
    new = os.stat(tmp)
    return (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid)


class InPlaceFailed(Exception):
    """Writing into the same file failed and its old content could not be put back either."""


def _has_extras(target: Path) -> bool:
    """The file carries extended attributes (and with them any access list), which a new file in its
    place would not have."""
    try:
        return bool(os.listxattr(target)) if hasattr(os, "listxattr") else False
    except OSError:
        return False


def _write_in_place(done: Path, target: Path) -> None:
    """Writes the finished content ``done`` into ``target`` itself (same file: its owner, group, hard
    links, attributes and access lists stay). The old content is first saved, flushed to disk, in a
    backup file beside it (``.~<name>.<...>.backup``); if the write fails it is put back from there
    and the backup removed; if putting it back fails too, both files are kept and named."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, backup = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".backup", dir=folder)
    with os.fdopen(fd, "wb") as fh:
        with open(target, "rb") as old:
            shutil.copyfileobj(old, fh)
        fh.flush()
        os.fsync(fh.fileno())
    _fsync_folder(folder)
    try:
        _overwrite(done, target)
    except BaseException as exc:
        try:
            _overwrite(Path(backup), target)
        except BaseException:
            raise InPlaceFailed(f"could not be written ({getattr(exc, 'strerror', None) or exc}), and its old content "
                                f"could not be put back: it is saved in {backup}, and the new one in {done}; copy "
                                f"the old one over the workbook to get it back") from exc
        os.unlink(backup)
        raise
    os.unlink(backup)


def _overwrite(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "r+b") as fh:
        shutil.copyfileobj(src, fh)
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())


RANKED_ELSEWHERE = "write the ranked workbook to a new file with --out, for example --out ranked.xlsx"


def check_writable(path: Path, elsewhere: str = RANKED_ELSEWHERE) -> None:
    """Refuses to write over a read-only file (read-only attribute, or no permission to write), as
    Excel does, changing nothing; ``elsewhere`` says how to write somewhere else instead. A file that
    does not exist yet is fine."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not real.exists():
        return
    mode = real.stat().st_mode
    if not mode & 0o222:
        raise WorkbookFileError("is read-only, so it was not changed (Excel would not save over it either); "
                                f"{elsewhere}, or remove its read-only mark first", file=str(path))
    if not os.access(real, os.W_OK):
        raise WorkbookFileError("may not be changed by you (it belongs to another user, or you may only read it), so "
                                f"it was not changed; {elsewhere}", file=str(path))


STALE_SECONDS = 15 * 60


def _host() -> str:
    """This computer, as a short stable code (a hash of its name: two computers with similar long
    names stay apart)."""
    import hashlib

    return "h" + hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:10]


def temp_prefix(target: Path) -> str:
    """Our temporary files' names say which file, computer and process they belong to:
    ``.~<name>.<computer>.<process id>.`` + a random part (+ ``.tmp`` or ``.backup``)."""
    return f".~{target.stem[:40]}.{_host()}.{os.getpid()}."


def _remove_stale_temps(folder: Path, target: Path) -> None:
    """Removes our temporary files that a killed run left behind: those of this computer whose
    process is gone, at once; any other one (another computer's, on a shared folder) after 15
    minutes, so a run still writing is never disturbed."""
    import time

    import psutil

    host = _host()
    stem = target.stem[:40]
    for stale in folder.glob(f".~{glob.escape(stem)}.*.tmp"):
        # .~<stem>.<host>.<pid>.<random>.tmp, read from the right (the stem may hold dots)
        fields = stale.name[len(f".~{stem}."):-len(".tmp")].rsplit(".", 2)
        try:
            mine = len(fields) == 3 and fields[0] == host and fields[1].isdecimal() and fields[1].isascii()
            gone = mine and int(fields[1]) != os.getpid() and not psutil.pid_exists(int(fields[1]))
            if gone or time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
        except (OSError, ValueError):
            pass


def check_not_open(path: Path) -> None:
    """Refuses a workbook that Excel has open (its lock file ``~$name.xlsx`` lies beside it)."""
    for lock in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])):
        if lock.exists() and lock != path:
            raise WorkbookFileError("is open in Excel (its lock file is there); close it in Excel and try again",
                                    file=str(path))
    lo_lock = path.with_name(f".~lock.{path.name}#")
    if lo_lock.exists():
        raise WorkbookFileError("is open in LibreOffice; close it there and try again", file=str(path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every OS (Windows); the replace itself is already done
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

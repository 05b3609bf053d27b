"""The workbook file on disk, handled safely: refused when it is not a workbook, open in Excel or
LibreOffice, or read-only; written through a temporary file in its folder that replaces it in one step.

A failure at any moment leaves the original file as it was. The file keeps its identity (a symbolic
link is written through, permissions, owner and group stay; a file with hard links or extended
attributes is written into in place, with a backup put back on failure). Temporary files a killed
run left behind are removed by the next run. What is written is not known here: the caller passes
the function that writes it (:meth:`xlclientrank.ooxml.package.Package.write_atomic` the zip).
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import psutil

from xlclientrank import filekind
from xlclientrank.errors import WorkbookFileError


def check_workbook_file(path: Path) -> None:
    """Raises :class:`WorkbookFileError` unless ``path`` is an existing .xlsx/.xlsm zip package, told
    by its content, not its name (:mod:`xlclientrank.filekind`): an .xlsx named .csv or .xls
    passes; text, an old .xls, a PDF or a picture get a message saying what to do."""
    name = str(path)
    if not path.exists():
        raise WorkbookFileError("file not found; check the name and the folder", file=name)
    if path.is_dir():
        raise WorkbookFileError(filekind.folder_message(path), file=name)
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
        raise WorkbookFileError(filekind.what_to_do(found), file=name)
    if found.kind == filekind.DELIMITED:
        raise WorkbookFileError(f"is a text export (values separated by {found.separated_by}), which this command "
                                f"does not read; rank it first with xlclientrank rerank \"{path.name}\", then use the "
                                f"workbook that writes, {filekind.output_for(path, found).name}", file=name)
    raise WorkbookFileError(filekind.what_to_do(found), file=name)


def write_atomic(target: str | Path, write: Callable[[BinaryIO], None], mode_from: str | Path | None = None) -> None:
    """Writes ``target`` through a complete temporary file in the same folder: ``write(fh)`` fills the
    temporary file, which is flushed to disk and then replaces the target in one step.

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
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        old = target.stat() if target.exists() else None
        source = Path(mode_from) if mode_from else target
        os.chmod(tmp, source.stat().st_mode & 0o7777 if source.exists() else 0o666 & ~_umask())
        if old is not None and (old.st_nlink > 1 or _has_extras(target) or not same_owner(tmp, old)):
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


def same_owner(tmp: str, old: os.stat_result) -> bool:
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
        overwrite(done, target)
    except BaseException as exc:
        try:
            overwrite(Path(backup), target)
        except BaseException:
            raise InPlaceFailed(f"could not be written ({getattr(exc, 'strerror', None) or exc}), and its old content "
                                f"could not be put back: it is saved in {backup}, and the new one in {done}; copy "
                                f"the old one over the workbook to get it back") from exc
        os.unlink(backup)
        raise
    os.unlink(backup)


def overwrite(source: Path, target: Path) -> None:
    """Copies the bytes of ``source`` over those of ``target`` (the same file, truncated to the new
    length) and flushes them to disk."""
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
    return "h" + hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:10]


def temp_prefix(target: Path) -> str:
    """Our temporary files' names say which file, computer and process they belong to:
    ``.~<name>.<computer>.<process id>.`` + a random part (+ ``.tmp`` or ``.backup``)."""
    return f".~{target.stem[:40]}.{_host()}.{os.getpid()}."


def _remove_stale_temps(folder: Path, target: Path) -> None:
    """Removes our temporary files that a killed run left behind: those of this computer whose
    process is gone, at once; any other one (another computer's, on a shared folder) after 15
    minutes, so a run still writing is never disturbed."""
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

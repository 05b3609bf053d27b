"""What a file is, from its first bytes, not from its name.

Owners' files often carry a name that does not say what they hold: Amazon's reports and some PayPal
and Etsy downloads are tab-separated text named ``.txt``, some systems write a real .xlsx and call it
``.csv`` or ``.xls``, and a PDF statement may be saved as ``clients.xlsx``. :func:`of` looks at the
content and gives one of:

- ``workbook``: a zip package with ``[Content_Types].xml`` and a workbook part (.xlsx, .xlsm);
- ``delimited``: text (UTF-8, UTF-16 with its BOM, or Windows-1252) whose lines are values separated
  by commas, semicolons, tabs or ``|``, read like a .csv;
- ``old_xls``: an OLE compound file (Excel 97-2003, or a password-protected workbook);
- ``other``: anything else, with ``seems`` saying what it looks like when that is easy (a PDF, a
  picture, an .xlsb or .ods spreadsheet, a web page, a damaged zip), for the message.

The name counts for one thing only: text named ``.csv``, ``.txt``, ``.tsv`` or ``.tab`` is read as
delimited text even without a separator (a one-column export); under any other name, text is
delimited only when its first lines have the same separator (a note saved as ``clients.xlsx`` is
``other``).
"""

from __future__ import annotations

import codecs
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

WORKBOOK, DELIMITED, OLD_XLS, OTHER = "workbook", "delimited", "old_xls", "other"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")
HEAD = 64 << 10
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "'|' signs"}
_MAGIC = (  # (first bytes, what the file seems to be)
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF87a", "a picture (GIF)"),
    (b"GIF89a", "a picture (GIF)"),
    (b"II*\x00", "a picture (TIFF)"),
    (b"MM\x00*", "a picture (TIFF)"),
    (b"{\\rtf", "a Word document (RTF)"),
)


@dataclass(frozen=True)
class FileKind:
    kind: str               # WORKBOOK, DELIMITED, OLD_XLS or OTHER
    seems: str = ""         # OTHER: what the file looks like ("a PDF document"), "" when not known
    macros: bool = False    # WORKBOOK: a macro-enabled workbook (.xlsm)
    separator: str = ""     # DELIMITED: the separator of the first line, "" when it has none

    @property
    def suffix(self) -> str:
        """The name ending the content calls for: .xlsx or .xlsm for a workbook, .csv for text."""
        if self.kind == WORKBOOK:
            return ".xlsm" if self.macros else ".xlsx"
        return ".csv" if self.kind == DELIMITED else ""

    @property
    def separated_by(self) -> str:
        return _SEPARATORS.get(self.separator, "commas")


def of(path: Path) -> FileKind | None:
    """The kind of the file at ``path`` from its content; None when it cannot be read (missing, a
    folder, no permission): the caller's own check says so."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as fh:
            head = fh.read(HEAD)
            longer = bool(fh.read(1))
    except OSError:
        return None
    if not head:
        return FileKind(OTHER, "an empty file (0 bytes)")
    if head.startswith(OLE_MAGIC):
        return FileKind(OLD_XLS)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(path)
    for magic, seems in _MAGIC:
        if head.startswith(magic):
            return FileKind(OTHER, seems)
    text = _decoded(head, longer)
    if text is None:
        return FileKind(OTHER)
    return _text(text, path)


def _zip(path: Path) -> FileKind:
    try:
        with zipfile.ZipFile(path) as z:
            names = {n.casefold(): n for n in z.namelist()}
            types = _start(z, names.get("[content_types].xml"), 20000)
            mimetype = _start(z, names.get("mimetype"), 100)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError,
            RuntimeError):
        return FileKind(OTHER, "a damaged or incomplete file")
    if "xl/workbook.bin" in names:
        return FileKind(OTHER, "an Excel Binary Workbook (.xlsb)")
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return FileKind(OTHER, "an OpenDocument spreadsheet (.ods)")
    if any(n.startswith("index/") and n.endswith(".iwa") for n in names) or "index.zip" in names:
        return FileKind(OTHER, "an Apple Numbers spreadsheet")
    if "xl/workbook.xml" in names or (types and (b"spreadsheetml" in types or b"ms-excel.sheet" in types)):
        return FileKind(WORKBOOK, macros=b"macroEnabled" in types or "xl/vbaproject.bin" in names)
    if "word/document.xml" in names:
        return FileKind(OTHER, "a Word document")
    if "ppt/presentation.xml" in names:
        return FileKind(OTHER, "a PowerPoint presentation")
    if any(n.endswith((".csv", ".txt", ".tsv", ".xlsx")) for n in names):
        return FileKind(OTHER, "a zip file (a compressed folder) with files in it")
    return FileKind(OTHER, "a zip file (a compressed folder)")


def _start(z: zipfile.ZipFile, name: str | None, size: int) -> bytes:
    """The first ``size`` bytes of a part, b"" when it cannot be read (a damaged part is said by the
    reader of the workbook, which names it)."""
    if name is None:
        return b""
    try:
        with z.open(name) as fh:
            return fh.read(size)
    except (zlib.error, zipfile.BadZipFile, EOFError, NotImplementedError, OSError, RuntimeError):
        return b""


def _decoded(head: bytes, longer: bool) -> str | None:
    """The text of the file's first bytes, or None when they are not text."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            body = head[len(bom):]
            return body[:len(body) - len(body) % 2].decode(codec, "replace")
    if b"\x00" in head:
        return None
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    try:
        text = head.decode("utf-8") if not longer else codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        text = head.decode("latin-1")  # Windows-1252 and Latin-1 read every byte
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return None if controls > max(2, len(text) // 100) else text


def _text(text: str, path: Path) -> FileKind:
    start = text.lstrip().lower()[:1000]
    if start.startswith(("<!doctype html", "<html")) or "<table" in start:
        return FileKind(OTHER, "a web page (HTML)")
    if start.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text[:5000]:
            return FileKind(OTHER, "an Excel 2003 XML spreadsheet")
        return FileKind(OTHER, "an XML file")
    lines = [line for line in text.splitlines() if line.strip()][:20]
    first = lines[0] if lines else ""
    found = [s for s in _SEPARATORS if s in first]
    separator = max(found, key=first.count) if found else ""
    if path.suffix.lower() in TEXT_SUFFIXES or (separator and all(separator in line for line in lines[1:3])):
        return FileKind(DELIMITED, separator=separator)
    return FileKind(OTHER, "a text file without columns (no commas, semicolons or tabs between values)")


def output_for(path: Path, found: FileKind | None) -> Path:
    """Where the result goes by default. A workbook named .xlsx or .xlsm: the file itself. Text: the
    .xlsx of the same name (``clients.csv`` -> ``clients.xlsx``), ``<name> - ranked.xlsx`` when the
    text is itself named .xlsx. A workbook under another name (``clients.csv``, ``clients.xls``): the
    .xlsx (.xlsm with macros) of the same name, never the mislabelled file itself."""
    suffix = path.suffix.lower()
    if found is None:
        return path
    if found.kind == DELIMITED:
        return path.with_name(f"{path.stem} - ranked.xlsx") if suffix == ".xlsx" else path.with_suffix(".xlsx")
    if suffix in WORKBOOK_SUFFIXES:
        return path
    return path.with_suffix(found.suffix or ".xlsx")


SAVE_IN_EXCEL = "open it in Excel, choose File, Save As and the type Excel Workbook (.xlsx), then rank the .xlsx file"
SAVE_IN_LIBREOFFICE = ("open it in LibreOffice (or OpenOffice), choose File, Save As and the file type "
                       "Excel 2007-365 (.xlsx), then rank the .xlsx file")
EXPORT_FROM_NUMBERS = "open it in Numbers, choose File, Export To, Excel, then rank the .xlsx file Numbers writes"


def what_to_do(found: FileKind) -> str:
    """The message for a file that is not a workbook nor delimited text: what it seems to be (when
    known) and how to save it as .xlsx in the program it came from."""
    seems = found.seems
    if found.kind == OLD_XLS:
        return (f"is an old Excel 97-2003 (.xls) workbook, not an .xlsx; {SAVE_IN_EXCEL} (in LibreOffice: File, "
                "Save As, Excel 2007-365 (.xlsx))")
    if seems.startswith("an OpenDocument"):
        return f"is {seems}, not an Excel workbook; {SAVE_IN_LIBREOFFICE}"
    if seems.startswith(("an Excel Binary", "an Excel 2003", "a web page")):
        return f"is {seems}, not an Excel workbook (.xlsx); {SAVE_IN_EXCEL}"
    if seems.startswith("an Apple Numbers"):
        return f"is {seems}, not an Excel workbook; {EXPORT_FROM_NUMBERS}"
    if seems.startswith("a damaged"):
        return ("is damaged or incomplete, so it cannot be opened as an Excel workbook; download or copy it again, "
                f"or {SAVE_IN_EXCEL}")
    if seems.startswith("a zip file") and seems.endswith("in it"):
        return f"is {seems}, not an Excel workbook; unzip it and rank the export inside it"
    what = f"is {seems}, not an Excel workbook or a CSV export" if seems else \
        "is not an Excel workbook or a CSV export (its content is not known)"
    return f"{what}; export your client list from your system as CSV or as an Excel workbook (.xlsx) and rank that file"


def folder_message(path: Path) -> str:
    """The message for a folder given as the workbook: a Numbers document saved as a package is one."""
    if path.suffix.lower() == ".numbers":
        return f"is an Apple Numbers spreadsheet, not an Excel workbook; {EXPORT_FROM_NUMBERS}"
    return "is a folder, not a workbook file; give the name of the workbook file in it, such as clients.xlsx"

"""Where the files are: the add-in and template that come with this package, the add-in to open, whether
a file carries the Mark of the Web, and where the scratch folder goes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any


def bundled_file(which: str) -> Path:
    """The add-in ("addin") or the template ("template") that comes with this package (its package
    data, :mod:`xlclientrank.bundled`)."""
    from xlclientrank import bundled

    return {"addin": bundled.ADDIN, "template": bundled.TEMPLATE}[which]


def addin_to_open(places: Any) -> tuple[Path, bool]:
    """(add-in file, installed): the copy in Excel's startup folder when there is one (what the
    owner's Excel loads), else the package's own."""
    bundled = bundled_file("addin")
    if places is not None and places.startup is not None:
        installed = Path(places.startup) / bundled.name
        if installed.exists():
            return installed, True
    return bundled, False


def marked_from_internet(path: Path) -> bool:
    """Windows: the file carries the Mark of the Web (its Zone.Identifier stream says zone 3 or 4)."""
    if os.name != "nt":
        return False
    try:
        text = Path(f"{path}:Zone.Identifier").read_text(errors="replace")
    except OSError:
        return False
    return bool(re.search(r"ZoneId\s*=\s*[34]", text))


def scratch_parent(places: Any) -> Path | None:
    """Where the scratch folder goes: the temp folder; on a Mac Excel's own container (a sandboxed Excel
    asks for permission for files anywhere else, which a hidden Excel cannot show)."""
    if places is not None and getattr(places, "system", "") == "Darwin":
        folder = Path(places.config).parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return None

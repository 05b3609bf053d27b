"""``xlclientrank quickstart [FOLDER]``: the files to try xlclientrank with, from the installed package.

Writes the ready template workbook (``ClientRank.xlsm``: the sample clients, ranked, with a live
``=CLIENT_TIER(...)`` column and the Client Rank tab) and the sample client list
(``sample_clients.xlsx``) into FOLDER (default: the current folder; made when missing), and says
what to open first. A file that is already there is never overwritten: it is left as it is and the
command says so. It then says what to do next, add-in first (:func:`next_steps`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TextIO

from xlclientrank import bundled
from xlclientrank.errors import ClientRankError

FILES = (bundled.TEMPLATE, bundled.SAMPLE)


def _copy_new(source: Path, target: Path) -> bool:
    """Copies ``source`` to ``target`` unless ``target`` exists (checked and created in one step, so a
    file that appears meanwhile is not overwritten either); a half-written copy is removed."""
    try:
        out = open(target, "xb")
    except FileExistsError:
        return False
    try:
        with out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return True


def quickstart(folder: str | Path | None, out: TextIO) -> int:
    where = (Path(folder) if folder else Path.cwd()).expanduser().absolute()
    if where.exists() and not where.is_dir():
        raise ClientRankError(f"{where} is a file, not a folder; name a folder for the quickstart files, for "
                              "example: xlclientrank quickstart ClientRank")
    written: list[str] = []
    kept: list[str] = []
    try:
        where.mkdir(parents=True, exist_ok=True)
        for source in FILES:
            (written if _copy_new(source, where / source.name) else kept).append(source.name)
    except OSError as exc:
        done = f" ({' and '.join(written)} was written)" if written else ""
        raise ClientRankError(f"could not write the quickstart files into {where} ({exc.strerror or exc}){done}; "
                              "choose a folder you can write to, for example: xlclientrank quickstart "
                              "Documents/ClientRank") from None
    if written:
        print(f"Wrote {' and '.join(written)} in {where}.", file=out)
    for name in kept:
        print(f"{name} is already in {where}: left as it is (rename or delete it for a fresh copy).", file=out)
    template = where / bundled.TEMPLATE.name
    sample = where / bundled.SAMPLE.name
    ranked = where / "sample_ranked.xlsx"
    print(next_steps(template, sample, ranked), file=out)
    return 0


def next_steps(template: Path, sample: Path, ranked: Path) -> str:
    """What to do next, in the order a new user needs it: the add-in first (the tab and the formulas
    need it), then the workbook to open, then what works without the add-in."""
    return ("\nNext steps:\n"
            "1. For the Client Rank tab (Re-rank, Share with advisor) and the live formulas in Excel, install\n"
            "   the add-in once:  xlclientrank install\n"
            "   then quit Excel and start it again. The formulas work in Excel for Windows; on a Mac the\n"
            "   Re-rank button works and the Ranking sheet has the results.\n"
            f"2. Open {template} in Excel (allow its macros if Excel asks).\n"
            "   Sheet Ranking: the clients in tiers and the 80/20 figures. Sheet Clients: a Tier column\n"
            "   (=CLIENT_TIER) that updates when you change a client's row.\n"
            "3. Without the add-in (or without Excel), rank from this window and open the result in any\n"
            "   spreadsheet program:\n"
            f'     xlclientrank rerank "{sample}" --out "{ranked}"\n'
            f"   then open {ranked.name}. ClientRank.xlsm opens without the add-in too and shows the ranking\n"
            "   as saved; its tab's buttons need the add-in, and a Tier whose row you change shows #NAME?\n"
            "   until the add-in is installed.\n"
            "4. Your own client list: xlclientrank rerank YOUR-FILE.xlsx (it writes the Ranking sheet into\n"
            "   that workbook, next to your own sheets).")

"""The errors an owner can cause and fix, each with a message that says where and what to do.

Every user error is a :class:`ClientRankError`. Its ``str()`` is one plain sentence naming the file,
sheet and cell where known, and what to do. The command line prints it as one line on stderr;
the Re-rank button shows it in a message box; the cell formulas show it as an Excel-style error.
Anything else that escapes is a bug in xlclientrank, not the owner's fault.
"""

from __future__ import annotations


class ClientRankError(Exception):
    """Base class of every error the owner can fix. ``exit_code`` is what the command returns;
    ``in_excel``, when set, is the message for the Re-rank button, whose fix is done in Excel rather
    than with a command-line option."""

    exit_code = 2
    in_excel: str | None = None

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.sheet and self.cell:
            where.append(f"sheet '{self.sheet}', cell {self.cell}")
        elif self.sheet:
            where.append(f"sheet '{self.sheet}'")
        elif self.cell:
            where.append(f"cell {self.cell}")
        return f"{': '.join(where)}: {self.message}" if where else self.message


class WorkbookFileError(ClientRankError):
    """The file is missing, locked, not a workbook, or cannot be written."""

    exit_code = 3


class ClientTableError(ClientRankError):
    """No client list could be found, or it has no column to rank on."""

    exit_code = 4


class SettingsError(ClientRankError):
    """A value in the ``ClientRank Settings`` sheet (or an option) is not valid."""

    exit_code = 5


class RankingError(ClientRankError):
    """The engine was asked for something impossible (no clients, all weights zero, ...)."""

    exit_code = 6


class FormulaError(ClientRankError):
    """A cell formula's argument is not usable. The cell shows ``cell_text``: the Excel-style error
    ``code`` (``#VALUE!``, ``#N/A``) followed by the reason."""

    def __init__(self, reason: str, code: str = "#VALUE!") -> None:
        super().__init__(reason)
        self.code = code
        self.cell_text = f"{code} {reason}"

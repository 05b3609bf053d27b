"""How the settings sheet's cells are read: text, numbers (a comma taken as the decimal point),
percentages typed any way an owner types them, and a choice among names. A value that cannot be
read raises :class:`SettingsError` naming the settings sheet and the cell."""

from __future__ import annotations

import math
from typing import Any, overload

from xlclientrank.errors import SettingsError
from xlclientrank.names import SETTINGS_SHEET as SHEET


def text(v: Any) -> str:
    """The cell's value as text, without the spaces around it ("" for a blank cell; 3.0 is "3")."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


@overload
def number(v: Any, cell: str | None, what: str, default: float) -> float: ...
@overload
def number(v: Any, cell: str | None, what: str, default: None) -> float | None: ...
def number(v: Any, cell: str | None, what: str, default: float | None) -> float | None:
    """The number typed in a cell (a comma taken as the decimal point), ``default`` for a blank cell."""
    if text(v) == "":
        return default
    if isinstance(v, bool):
        raise SettingsError(f"the {what} must be a number, not {v!r}", sheet=SHEET, cell=cell)
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        try:
            x = float(text(v).replace(",", "."))
        except ValueError:
            raise SettingsError(f"the {what} {v!r} is not a number; type a number such as 1 or 2.5",
                                sheet=SHEET, cell=cell) from None
    if not math.isfinite(x):
        raise SettingsError(f"the {what} {v!r} is not a number", sheet=SHEET, cell=cell)
    return x


@overload
def fraction(v: Any, cell: str | None, default: float, allow_zero: bool = True) -> float: ...
@overload
def fraction(v: Any, cell: str | None, default: None, allow_zero: bool = True) -> float | None: ...
def fraction(v: Any, cell: str | None, default: float | None, allow_zero: bool = True) -> float | None:
    """A share typed as 0.2, 20 % (a percent-formatted cell holds 0.2), "20%" or 20."""
    typed = text(v)
    if typed == "":
        return default
    percent = typed.endswith("%")
    x = number(typed.rstrip("%").strip() if percent else v, cell, "percentage", default)
    if x is None:
        return None  # a "%" alone, where no default is given: blank, as an empty cell
    if percent or x > 1:
        x = x / 100
    if not (0 <= x <= 1) or (x == 0 and not allow_zero):
        raise SettingsError(f"{v!r} is not a percentage between {'0' if allow_zero else 'above 0'} and 100 %",
                            sheet=SHEET, cell=cell)
    return x


def choice(v: Any, names: dict[str, str], default: str, cell: str | None,
           aliases: dict[str, str] | None = None) -> str:
    """The key of the name typed (case, runs of spaces and a hyphen do not matter), ``default`` for a
    blank cell."""
    typed = " ".join(text(v).casefold().split())
    if not typed:
        return default
    if aliases and typed in aliases:
        return aliases[typed]
    for key, name in names.items():
        if typed in (key, name.casefold(), name.casefold().replace("-", ""), name.casefold().replace("-", " ")):
            return key
    raise SettingsError(f"{v!r} is not one of: {', '.join(names.values())}", sheet=SHEET, cell=cell)

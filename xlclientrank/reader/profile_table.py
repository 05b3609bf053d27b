"""A known export (:mod:`.exports.profiles`) read into a client table by its profile: who the client
is, which amount is revenue and which rows are left out come from the catalogue."""

from __future__ import annotations

from typing import Any

from xlclientrank.errors import ClientTableError
from xlclientrank.reader import locate, orders
from xlclientrank.reader.cells import Cleaned
from xlclientrank.reader.exports import reading
from xlclientrank.reader.exports.catalogue.entry import Profile
from xlclientrank.reader.table import ClientTable, ColumnInfo


def read_profile(file: str, sheet: str, region: locate.Region, profile: Profile, names: list[str],
                 raw: dict[str, Any], cleaned: dict[str, Cleaned], client_column: str | None) -> ClientTable:
    """The client table of a known export read by its profile, each choice stated in ``understood``."""
    try:
        got = reading.read(profile, names, raw, cleaned, client_column)
    except ClientTableError as exc:
        exc.file, exc.sheet = file, sheet
        raise
    if got.frame.empty:
        raise ClientTableError(f"looks like {profile.product}'s {profile.export}, but no row is left to rank "
                               f"({' '.join(got.understood[-1:])})", file=file, sheet=sheet)
    f = got.frame
    first = region.data_first
    extra = [c for c in (reading.PROFIT, reading.HOURS, reading.ORDERS) if c in f]
    notes: list[str]
    if profile.rows == "clients":
        frame = f[[reading.NAME, reading.REVENUE] + extra].reset_index(drop=True)
        kinds = {reading.NAME: "text", reading.REVENUE: "number", **{c: "number" for c in extra}}
        excel_rows, notes, rows_are = got.kept + first + 1, [], "clients"
    else:
        r = orders.Roles(reading.NAME, reading.KEY, reading.DATE if reading.DATE in f else None,
                         reading.REVENUE, reading.PROFIT if reading.PROFIT in f else None, None,
                         reading.ORDER if reading.ORDER in f else None,
                         [reading.HOURS] if reading.HOURS in f else [], got.grouped_by)
        frame, kinds, notes = orders.aggregate(f, r, repeated_totals=False)
        if not profile.count_orders:  # a time report: its days are not orders
            frame = frame.drop(columns=[orders.ORDERS, orders.AVERAGE], errors="ignore")
            kinds = {k: v for k, v in kinds.items() if k in frame}
        excel_rows, rows_are = None, "order lines"
    return ClientTable(file=file, sheet=sheet, header_row=region.header_last + 1,
                       columns=[ColumnInfo(n, k) for n, k in kinds.items()], client_column=reading.NAME,
                       frame=frame, excel_rows=excel_rows, notes=got.notes + notes, rows_are=rows_are,
                       source_rows=len(f), understood=got.understood, profile=profile.key)

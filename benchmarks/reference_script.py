"""The straightforward way to rank clients: pandas to read, rank and sort; openpyxl to write the result.

A reference for ``benchmarks/run.py``, not part of xlclientrank (it does not import it): what an owner
or an analyst would write in an afternoon. It does much less than ``xlclientrank rerank`` (no table
finding, no cleaning, no settings, history, charts or summary; the headers are known in advance) and
is here only to give a time to compare with.

    python benchmarks/reference_script.py WORKBOOK --sheet Clients
    python benchmarks/reference_script.py WORKBOOK --sheet Orders --order-lines
    python benchmarks/reference_script.py ORDERS.csv --order-lines --out RANKED.xlsx

For a CSV (the straightforward script for a CSV export): ``pandas.read_csv(path, parse_dates=["Invoice
date"])``, the same groupby and ranking, then ``DataFrame.to_excel(out, sheet_name="Ranking")`` of the
ranked clients to a new workbook (the pandas default Excel writer).

1. ``pandas.read_excel(path, sheet_name=...)`` (openpyxl engine, the pandas default for .xlsx);
2. for order lines, per customer: sum of amount (revenue), sum of amount - cost (gross profit),
   number of distinct invoices (orders), revenue / orders (average sale), first and last invoice date;
3. each factor's percentile rank (``rank(pct=True)``; reversed where less is better), with the default
   weights of xlclientrank; the weighted mean x 100 is the score; sort; top 20 % Ideal, next 30 %
   Core, last 50 % Poor;
4. ``openpyxl.load_workbook(path)``, a new sheet ``Ranking``, one ``append`` per row, ``save`` (into the
   same workbook, replacing an earlier Ranking sheet).

Prints one line of JSON: seconds per step, clients ranked, the ranked table's rows and columns.
"""

from __future__ import annotations

import argparse
import json
import time

T0 = time.perf_counter()
import pandas as pd  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

T_IMPORT = time.perf_counter() - T0

# column -> (weight, more is better): xlclientrank's default weights and directions for these headers
CLIENT_FACTORS = {"Revenue 2026": (3, True), "Gross profit": (2, True), "Orders": (1, True),
                  "Client since": (1, False), "Last order": (1, True), "Hours spent": (1, False),
                  "Complaints": (1, False), "Referrals": (1, True), "Fit (1-5)": (2, True)}
ORDER_FACTORS = {"Revenue": (3, True), "Gross profit": (2, True), "Orders": (1, True), "Average sale": (1, True),
                 "Client since": (1, False), "Last order": (1, True)}


def per_customer(lines: pd.DataFrame) -> pd.DataFrame:
    """Order lines (Invoice date, Invoice no, Customer ID, Customer, Amount, Cost) -> one row per customer."""
    lines = lines.assign(Profit=lines["Amount"] - lines["Cost"])
    g = lines.groupby("Customer ID", sort=False)
    clients = pd.DataFrame({"Client": g["Customer"].first(), "Revenue": g["Amount"].sum(),
                            "Gross profit": g["Profit"].sum(), "Orders": g["Invoice no"].nunique(),
                            "Client since": g["Invoice date"].min(), "Last order": g["Invoice date"].max()})
    clients["Average sale"] = clients["Revenue"] / clients["Orders"]
    return clients.reset_index(drop=True)


def rank(clients: pd.DataFrame, factors: dict[str, tuple[float, bool]]) -> pd.DataFrame:
    total = sum(w for w, _ in factors.values())
    score = sum(w * clients[col].rank(pct=True, ascending=more) for col, (w, more) in factors.items())
    ranked = clients.assign(Score=100 * score / total).sort_values("Score", ascending=False, kind="stable")
    n = len(ranked)
    ideal, core = round(0.2 * n), round(0.5 * n)
    ranked.insert(0, "Rank", range(1, n + 1))
    ranked["Tier"] = ["Ideal"] * ideal + ["Core"] * (core - ideal) + ["Poor"] * (n - core)
    first = ["Rank", "Client", "Score", "Tier"]
    return ranked[first + [c for c in ranked.columns if c not in first]].reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("workbook")
    p.add_argument("--sheet", default="Clients")
    p.add_argument("--order-lines", action="store_true", help="the rows are order lines: add them up per customer")
    p.add_argument("--out", help="for a .csv input: the workbook to write the ranking to")
    args = p.parse_args(argv)
    steps = {"imports": T_IMPORT}
    if args.workbook.lower().endswith(".csv"):
        return csv_main(args, steps)

    t = time.perf_counter()
    df = pd.read_excel(args.workbook, sheet_name=args.sheet, engine="openpyxl")  # the default, said aloud
    steps["read_excel"] = time.perf_counter() - t

    t = time.perf_counter()
    clients = per_customer(df) if args.order_lines else df
    ranked = rank(clients, ORDER_FACTORS if args.order_lines else CLIENT_FACTORS)
    steps["rank"] = time.perf_counter() - t
    rows, cols = len(ranked) + 1, len(ranked.columns)
    del df, clients

    t = time.perf_counter()
    wb = load_workbook(args.workbook)
    steps["load_workbook"] = time.perf_counter() - t
    t = time.perf_counter()
    if "Ranking" in wb.sheetnames:
        del wb["Ranking"]
    ws = wb.create_sheet("Ranking")
    ws.append(list(ranked.columns))
    for row in ranked.itertuples(index=False):
        ws.append(list(row))
    steps["append"] = time.perf_counter() - t
    t = time.perf_counter()
    wb.save(args.workbook)
    steps["save"] = time.perf_counter() - t

    steps["total"] = time.perf_counter() - T0
    print(json.dumps({"steps": steps, "clients": len(ranked), "rows": rows, "columns": cols}))
    return 0


def csv_main(args, steps: dict) -> int:
    """read_csv, the same ranking, to_excel of the ranked clients (a new workbook, ``--out``)."""
    t = time.perf_counter()
    df = pd.read_csv(args.workbook, parse_dates=["Invoice date"] if args.order_lines else None)
    steps["read_csv"] = time.perf_counter() - t
    t = time.perf_counter()
    clients = per_customer(df) if args.order_lines else df
    ranked = rank(clients, ORDER_FACTORS if args.order_lines else CLIENT_FACTORS)
    steps["rank"] = time.perf_counter() - t
    del df, clients
    t = time.perf_counter()
    ranked.to_excel(args.out or args.workbook[:-4] + ".xlsx", sheet_name="Ranking", index=False)
    steps["to_excel"] = time.perf_counter() - t
    steps["total"] = time.perf_counter() - T0
    print(json.dumps({"steps": steps, "clients": len(ranked), "rows": len(ranked) + 1, "columns": len(ranked.columns)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A .csv read a column at a time (reader/csvfile.py) gives what the rules for one cell give, the
reader reads its cells as it reads the workbook written for its lines, and order lines of any
length rank, with the clients table as the data sheet."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.helpers import BAD_INPUTS, ROOT
from xlclientrank.jobs import csvbook, rerank
from xlclientrank.reader import Workbook, cells, csvfile, read_client_table

SHARED = ROOT.parent / "shared" / "exports"

SHAPES = ["1234.5", "-3", "+7", "007", "0.1", "1,234.50", "1.234,50", "12,5", "€ 12,50", "$1,234", "(1,200.00)",
          "12%", "1.234,50-", "CHF 1'234.50", "1 234,50", "R$ 1.234,50", "USD 15", "12 QAR", "1.234", "1,234",
          "2024-03-15", "15/03/2024", "03/15/2024", "15.03.24", "Mar 15, 2024", "15. März 2024",
          "2024-03-15T14:03:22Z", "31/04/2024", "19970101", "C000123", "INV-0001", "12345678901234567",
          "Bakkerij Jansen", "Total", "#N/A", "TRUE", ".5", "5.", "1e5", "inf", "١٢٣", "--1", "+-1", "1.2.3",
          "", " ", "ABC01", "Foxglove Tutoring 002520 LLP", "3/4/24", "12.345.678", "0,5%"]
CELL = st.one_of(
    st.sampled_from(SHAPES),
    st.builds(lambda s, p: p[0] + s + p[1], st.sampled_from(SHAPES), st.sampled_from([(" ", ""), ("", "  "),
                                                                                       ("\u00a0", ""), (" ", " ")])),
    st.text(alphabet="0123456789.,-+ $€%()'/", max_size=9),
    st.text(max_size=6),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9).map(str),
)


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return type(a) is type(b) and a == b


def distinct(texts: list[str]) -> tuple[list[str], np.ndarray]:
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object))
    return [str(u) for u in uniques], np.bincount(codes, minlength=len(uniques))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=40))
def test_a_column_read_once_per_distinct_text_gives_what_each_cell_gives(texts):
    comma = cells.uses_decimal_comma([t for t in texts if t])  # the vote as the lines were voted on before
    u, counts = distinct(texts)
    values, got_comma = csvfile.convert(u, counts)
    assert got_comma == comma
    by_text = dict(zip(u, values.tolist()))
    for t in texts:
        assert same(by_text[t], csvfile.cell_value(t, comma)), t
    # the same with pyarrow reading the plain numbers and voting on them
    arrow, arrow_comma = csvfile.convert_arrow(pa.array(u, type=pa.string()), counts)
    assert arrow_comma == comma
    for t, a, b in zip(u, arrow.tolist(), values.tolist()):
        assert same(float(a) if isinstance(a, float) else a, b), t


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=40), st.booleans())
def test_numbers_of_a_column_are_read_as_each_cell_is(texts, comma):
    column = cells.parse_numbers(texts, comma)
    for t, x in zip(texts, column.tolist()):
        one = cells.parse_number(t, comma)
        assert same(x, np.nan if one is None else one), t


def test_plain_numbers_that_parse_number_does_not_read_are_not_numbers_in_a_column_either():
    assert np.isnan(cells.parse_numbers([".5", "5.", "1e5", "inf"], False)).all()
    assert cells.parse_number(".5") is None and cells.parse_number("5.") is None


# ---------------------------------------------------------------- files: the CSV's cells and the reader

def csv_files(tmp: Path) -> list[Path]:
    """The CSV files of the tests and the shared exports, and files made to reach every way of reading."""
    files = sorted(BAD_INPUTS.glob("*.csv")) + sorted(SHARED.glob("*.csv"))
    made = {
        "quoted_newline.csv": 'Client,Revenue,Note\n"Smith, J",1200.50,"two\nlines"\nJones,300,x\n"A ""B""",5,\n',
        "blank_lines.csv": "Client,Revenue\nA,10\n\nB,20\n\n\nC,30\n",
        "ragged.csv": "Sales report 2026\n\nClient,Revenue,Orders\nA,10,1\nB,20\nC,30,3,extra\n",
        "tabs_bom.csv": "\ufeffKunde\tUmsatz\tSeit\nMüller GmbH\t1.234,50 €\t15.03.2021\n"
                        "Schmidt AG\t99,95 €\t01.12.2019\n",
        "pipes_ids.csv": "Customer ID|Customer|Amount|Date\n12345678901234567|A|10.5|2024-03-15\n"
                         "12345678901234568|B|20|2024-03-16\n12345678901234567|A|-1.5|2024-04-01\n",
        "spaces_header.csv": "Client, ,Revenue\nA,x,10\nB,y,20\n",
        "text_dates.csv": "Client,Revenue,Client since\nA,10,03/15/2024\nB,20,Mar 1 2020\nC,30,15. März 2024\n",
        "totals.csv": "Client,Revenue\nA,10\nB,20\nTotal,30\n",
        "mixed.csv": "Client,Revenue,Orders\nA,$1,200.00,3\nB,n/a,2\nC,#N/A,1\nD,(50.00),TRUE\n",
    }
    for name, text in made.items():
        path = tmp / name
        path.write_bytes(text.encode("utf-8"))
        files.append(path)
    cp = tmp / "cp1252.csv"
    cp.write_bytes("Client;Revenue\nCafé Noord;12,50\nBäckerei;7,25\n".encode("cp1252"))
    files.append(cp)
    orders = tmp / "orders.csv"
    with orders.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Invoice date", "Invoice no", "Customer ID", "Customer", "Amount", "Cost"])
        for i in range(300):
            w.writerow([f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", 1000 + i // 2, f"C{i % 40:03d}",
                        f"Client {i % 40}", f"{(i * 37) % 500 - 20}.{i % 100:02d}", f"{i % 90}.50"])
    files.append(orders)
    return files


def old_cells(path: Path) -> list[list]:
    """The file's cells by the rule the workbook written for a CSV followed before .csv files were
    read a column at a time: every line split by the csv module, each cell below the first line read
    alone (cell_value) in its column's decimal convention, voted on by all the column's cells."""
    rows = csvfile.read_rows(path)
    width = max((len(r) for r in rows), default=0)
    comma = [cells.uses_decimal_comma([r[j] for r in rows[1:] if j < len(r) and r[j]]) for j in range(width)]
    out = []
    for i, r in enumerate(rows):
        line = []
        for j in range(width):
            v = r[j] if j < len(r) else ""
            line.append(csvfile.header_cell(v) if i == 0 else csvfile.cell_value(v, comma[j]))
        out.append(line)
    return out


def test_every_cell_of_a_csv_is_read_as_the_cell_rules_read_it(tmp_path):
    for path in csv_files(tmp_path):
        sheet = csvfile.read(path)
        expected = old_cells(path)
        assert sheet.rows == len(expected), path.name
        got = [sheet.row(r) for r in range(sheet.rows)]
        for r, (a, b) in enumerate(zip(got, expected)):
            assert all(same(x, y) for x, y in zip(a, b)), (path.name, r, a, b)


def _table_facts(t) -> dict:
    return {"sheet": t.sheet, "header_row": t.header_row, "columns": t.columns, "client": t.client_column,
            "notes": t.notes, "rows_are": t.rows_are, "source_rows": t.source_rows, "formats": t.formats,
            "decisions": t.decisions, "understood": t.understood, "profile": t.profile,
            "excel_rows": None if t.excel_rows is None else list(t.excel_rows)}


def test_the_reader_reads_a_csv_as_it_reads_the_workbook_of_its_lines(tmp_path):
    for path in csv_files(tmp_path):
        sheet = csvfile.read(path)
        book = tmp_path / (path.stem + ".lines.xlsx")
        book.write_bytes(csvbook.lines_workbook(sheet))
        try:
            expected = read_client_table(Workbook(book))
        except Exception as exc:  # the same refusal; the same words, but where it names the sheet of a workbook
            with pytest.raises(type(exc)) as got:
                read_client_table(csvfile.CsvBook(sheet))
            said, wanted = str(got.value), str(exc).replace(str(book), str(path))
            if "no column of numbers" in wanted:  # a CSV is told to export its sales instead of to add a column
                columns = re.search(r"\(columns: [^)]*\)", wanted)
                assert "no column of numbers" in said and columns is not None and columns.group() in said, path.name
            else:
                assert said == wanted, path.name
            continue
        got = read_client_table(csvfile.CsvBook(sheet))
        assert _table_facts(got) | {"file": None} == _table_facts(expected) | {"file": None}, path.name
        pd.testing.assert_frame_equal(got.frame, expected.frame, check_dtype=False)


# ---------------------------------------------------------------- what the workbook holds

def write_orders(path: Path, lines: int, customers: int) -> Path:
    rng = np.random.default_rng(17)
    cust = rng.integers(0, customers, lines)
    day = np.datetime64("2024-01-01") + rng.integers(0, 700, lines)
    amount = np.round(rng.lognormal(4, 1, lines), 2)
    pd.DataFrame({"Invoice date": np.datetime_as_string(day, unit="D"), "Invoice no": np.arange(lines) // 3 + 1,
                  "Customer ID": np.char.add("C", cust.astype(str)),
                  "Customer": np.char.add("Client ", cust.astype(str)),
                  "Amount": amount, "Cost": np.round(amount * 0.6, 2)}).to_csv(path, index=False)
    return path


def test_order_lines_get_the_clients_table_as_data_sheet_and_a_second_run_keeps_the_settings(tmp_path):
    src = write_orders(tmp_path / "orders.csv", 3000, 120)
    result = rerank.rerank(src)
    assert result.table.rows_are == "order lines" and len(result.ranking.table) == 120
    out = tmp_path / "orders.xlsx"
    wb = CalamineWorkbook.from_path(str(out))
    data = wb.get_sheet_by_name("orders").to_python()
    assert data[0][0].startswith("One row per client, added up from the 3,000 order lines of orders.csv")
    assert data[1][:7] == ["Customer", "Revenue", "Gross profit", "Orders", "Average sale", "Client since",
                           "Last order"]
    body = [r for r in data[2:] if r[0] != ""]
    assert len(body) == 120
    assert sum(r[1] for r in body) == pytest.approx(pd.read_csv(src)["Amount"].sum())
    assert isinstance(body[0][5], dt.date)
    # the Ranking holds the same clients, and the file is small
    assert {r[0] for r in body} == set(result.table.frame[result.table.client_column])
    assert out.stat().st_size < 200_000
    # the owner changes a weight; next month's export replaces the clients table and keeps it
    owner = load_workbook(out)
    ws = owner["ClientRank Settings"]
    for row in ws.iter_rows():
        if row[1].value == "Orders":
            row[3].value = 7
    owner.save(out)
    write_orders(src, 2000, 80)
    again = rerank.rerank(src)
    assert len(again.ranking.table) == 80
    assert {f.column: f.weight for f in again.settings.config().factors}["Orders"] == 7
    data = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("orders").to_python()
    assert "2,000 order lines" in data[0][0] and len([r for r in data[2:] if r[0] != ""]) == 80


def test_the_workbook_of_an_order_line_csv_ranks_on_its_own_as_a_client_list(tmp_path):
    src = write_orders(tmp_path / "orders.csv", 3000, 120)
    from_csv = rerank.rerank(src)
    alone = rerank.rerank(tmp_path / "orders.xlsx")  # the owner ranks the workbook itself
    assert alone.table.rows_are == "clients" and len(alone.ranking.table) == 120
    def tiers(r):
        return dict(zip(r.ranking.table["Client"], r.ranking.table["Tier"]))
    assert tiers(alone) == tiers(from_csv)  # the same clients in the same tiers


def test_a_client_list_csv_keeps_its_lines(tmp_path):
    src = tmp_path / "clients.csv"
    src.write_text("Client,Revenue,Client since\nA,10,2024-01-05\nB,20.5,2023-03-01\nC,30,2022-12-31\n",
                   encoding="utf-8")
    rerank.rerank(src)
    data = CalamineWorkbook.from_path(str(tmp_path / "clients.xlsx")).get_sheet_by_name("clients").to_python()
    assert data == [["Client", "Revenue", "Client since"], ["A", 10.0, dt.date(2024, 1, 5)],
                    ["B", 20.5, dt.date(2023, 3, 1)], ["C", 30.0, dt.date(2022, 12, 31)]]


def test_a_csv_of_more_lines_than_a_sheet_holds_ranks(tmp_path):
    lines = csvfile.SHEET_ROWS + 20_000
    src = write_orders(tmp_path / "big.csv", lines, 2000)
    result = rerank.rerank(src, out=tmp_path / "big.xlsx")
    assert result.table.rows_are == "order lines"
    assert result.table.source_rows == lines
    assert len(result.ranking.table) == 2000
    assert result.ranking.table["Revenue"].sum() == pytest.approx(pd.read_csv(src)["Amount"].sum())
    data = CalamineWorkbook.from_path(str(tmp_path / "big.xlsx")).get_sheet_by_name("big").to_python()
    assert f"{lines:,} order lines" in data[0][0]
    assert json.dumps(result.summary)  # the summary is complete


def test_a_client_list_longer_than_a_sheet_is_refused_with_the_reason(tmp_path):
    sheet = csvfile.CsvSheet("x", tmp_path / "x.csv", ["Client", "Revenue"],
                             [np.array(["a"], dtype=object), np.array([1.0])], csvfile.SHEET_ROWS + 1)
    with pytest.raises(Exception, match="more than an Excel sheet holds"):
        csvbook.lines_workbook(sheet)


# ---------------------------------------------------------------- a long sheet kept column by column

def test_a_sheet_kept_column_by_column_is_read_as_the_same_sheet_in_rows(monkeypatch):
    from xlclientrank.reader import values

    books = [p for p in sorted(BAD_INPUTS.glob("*.xls*")) if p.suffix in (".xlsx", ".xlsm")]
    books += sorted(SHARED.glob("*.xlsx"))
    compared = 0
    for path in books:
        def read(rows: int, path=path):
            monkeypatch.setattr(values, "COLUMN_GRID_ROWS", rows)
            try:
                return read_client_table(Workbook(path))
            except Exception as exc:  # the same refusal either way
                return f"{type(exc).__name__}: {exc}"
        as_rows, as_columns = read(10**9), read(1)
        if isinstance(as_rows, str):
            assert as_columns == as_rows, path.name
            continue
        assert _table_facts(as_columns) == _table_facts(as_rows), path.name
        pd.testing.assert_frame_equal(as_columns.frame, as_rows.frame)
        compared += 1
    assert compared >= 20


def test_a_column_grid_gives_the_rows_of_the_sheet():
    from xlclientrank.reader.sources import ColumnGrid

    rows = [["Client", "Revenue", ""], ["A", 1.0, ""], ["", 2.0, dt.date(2024, 1, 1)]]
    grid = ColumnGrid.of_rows(rows)
    expected = [[None if c == "" else c for c in r] for r in rows]
    assert len(grid) == 3 and list(grid) == expected and grid[1:] == expected[1:] and grid[-1] == expected[-1]
    assert grid.column(1, 1, 5).tolist() == [1.0, 2.0] and grid.column(7, 0, 1).tolist() == [None, None]
    with pytest.raises(IndexError):
        grid[3]

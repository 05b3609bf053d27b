"""Totals and subtotal rows in the owner's language, and rows that are totals by their sums
(reader/totals.py), through the real command: the totals row is no client, and the 80/20 total is
the clients' own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tests.helpers import libreoffice_convert, make_workbook, ranking_rows, run_cli
from xlclientrank.reader.totals import is_totals_row


def rerank(path: Path, tmp_path: Path) -> tuple[dict, set[str]]:
    out = tmp_path / f"{path.stem}-ranked.xlsx"
    code, text, err = run_cli("rerank", path, "--out", out, "--json")
    assert code == 0, err
    head, body = ranking_rows(out)
    return json.loads(text), {r[head.index("Client")] for r in body}


def xlsx_with_formulas(path: Path, header: list[str], rows: list[list]) -> Path:
    """A workbook written by XlsxWriter; a cell ``("=SUM", first, last)`` is a =SUM formula of its
    column over those sheet rows, with the result Excel would have saved."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Clients")
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if isinstance(v, tuple):
                _, a, b = v
                col = get_column_letter(c + 1)
                value = sum(rows[i - 2][c] for i in range(a, b + 1) if not isinstance(rows[i - 2][c], (tuple, str)))
                ws.write_formula(r, c, f"=SUM({col}{a}:{col}{b})", None, value)
            elif v is not None:
                ws.write(r, c, v)
    book.close()
    return path


def test_german_summe_row_of_real_sum_formulas_is_no_client(tmp_path):
    """A hand-kept German list with a last row "Summe" of =SUM() formulas, calculated by LibreOffice
    (the values python-calamine reads are the saved results); clients whose names start like a
    totals word stay clients."""
    clients = [("Müller GmbH", 12000.0, 14, dt.datetime(2019, 3, 1)),
               ("Gesamtschule Nord GmbH", 8000.0, 3, dt.datetime(2021, 5, 2)),
               ("Summit Foods", 5000.0, 8, dt.datetime(2020, 1, 15)),
               ("Total Fitness Ltd", 2500.0, 20, dt.datetime(2022, 9, 9)),
               ("Bäckerei Schmidt", 1500.0, 2, dt.datetime(2023, 2, 1)),
               ("Suma Wholefoods", 900.0, 1, dt.datetime(2024, 6, 30))]
    wb = Workbook()
    ws = wb.active
    ws.title = "Kunden"
    ws.append(["Kunde", "Umsatz 2026", "Aufträge", "Kunde seit"])
    for c in clients:
        ws.append(list(c))
    last = len(clients) + 1
    ws.append(["Summe", f"=SUM(B2:B{last})", f"=SUM(C2:C{last})", None])
    src = tmp_path / "kunden-openpyxl.xlsx"
    wb.save(src)
    path = tmp_path / "kunden.xlsx"
    path.write_bytes(libreoffice_convert([src], fmt="xlsx", recalculate=True)[src].read_bytes())

    s, names = rerank(path, tmp_path)
    assert names == {c[0] for c in clients}
    assert "Summe" not in names
    assert s["clients"] == len(clients)
    assert s["pareto"]["total"] == pytest.approx(sum(c[1] for c in clients))
    assert s["largest_client_share"] == pytest.approx(12000 / sum(c[1] for c in clients))
    left_out = next(u for u in s["understood"] if u.startswith("Left out:"))
    assert f"row {last + 1}" in left_out
    assert not any("by its name, but" in w for w in s["warnings"])  # the sums agree: nothing to warn


CASES = {
    "fr": (["Client", "Chiffre d'affaires", "Commandes"], "Sous-total Nord", "Sous-total Sud", "Total général"),
    "nl": (["Klant", "Omzet", "Bestellingen"], "Subtotaal", "Tussentotaal", "Totaal"),
    "it": (["Cliente", "Fatturato", "Ordini"], "Subtotale Nord", "Subtotale Sud", "Totale"),
    "es": (["Cliente", "Ventas", "Pedidos"], "Suma parcial", "Suma parcial", "Suma"),
    "pt": (["Cliente", "Faturamento", "Pedidos"], "Soma parcial", "Soma parcial", "Total geral"),
}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_totals_and_subtotals_in_the_owners_language(tmp_path, lang):
    """Two groups each closed by a subtotal row, and a grand total of =SUM formulas (with the
    results saved, as Excel saves them), labelled in the owner's language."""
    header, sub1, sub2, grand = CASES[lang]
    north = [("Alfa Lda", 4200.0, 7), ("Beta SARL", 1800.0, 3), ("Gamma", 950.0, 2)]
    south = [("Delta SL", 7300.0, 11), ("Epsilon", 640.0, 1)]
    rows = [list(c) for c in north] + [[sub1, ("=SUM", 2, 4), ("=SUM", 2, 4)]]
    rows += [list(c) for c in south] + [[sub2, ("=SUM", 6, 7), ("=SUM", 6, 7)]]
    rows += [[grand, sum(c[1] for c in north + south), sum(c[2] for c in north + south)]]
    path = xlsx_with_formulas(tmp_path / f"clients-{lang}.xlsx", header, rows)

    s, names = rerank(path, tmp_path)
    assert names == {c[0] for c in north + south}
    assert s["clients"] == 5
    assert s["pareto"]["total"] == pytest.approx(4200 + 1800 + 950 + 7300 + 640)
    assert not any("by its name, but" in w for w in s["warnings"])


def test_a_row_that_is_the_sum_of_the_rows_above_is_a_totals_row_whatever_its_label(tmp_path):
    clients = [("Müller GmbH", 12000.0, 14), ("Bäckerei Schmidt", 3100.0, 9), ("Weber & Söhne", 2500.0, 5),
               ("Praxis Dr. Lang", 900.0, 2)]
    rows = [["Kunde", "Umsatz", "Aufträge"]] + [list(c) for c in clients]
    rows.append(["Alle Kunden 2026", sum(c[1] for c in clients), sum(c[2] for c in clients)])
    s, names = rerank(make_workbook(tmp_path / "alle.xlsx", rows), tmp_path)
    assert names == {c[0] for c in clients}
    assert s["pareto"]["total"] == pytest.approx(12000 + 3100 + 2500 + 900)
    note = ("Row 6 ('Alle Kunden 2026') was left out as a totals row: its amounts equal the sum of rows 2-5 "
            "(Umsatz, Aufträge).")
    assert any(w.startswith(note) for w in s["warnings"]), s["warnings"]
    assert any(u.startswith("Left out:") and "row 6" in u for u in s["understood"])


def test_a_client_whose_amounts_only_look_like_a_sum_stays_a_client(tmp_path):
    """A hand-made list of round numbers: the third client's revenue and orders are those of the two
    above it, but clients follow it, so it is no totals row."""
    rows = [["Kunde", "Umsatz", "Aufträge"], ["Anna", 100.0, 1], ["Bernd", 200.0, 2], ["Carla", 300.0, 3],
            ["Dieter", 400.0, 4], ["Eva", 50.0, 1]]
    s, names = rerank(make_workbook(tmp_path / "round.xlsx", rows), tmp_path)
    assert names == {"Anna", "Bernd", "Carla", "Dieter", "Eva"}
    assert s["pareto"]["total"] == pytest.approx(1050)


def test_a_summe_row_above_the_clients_counts_the_last_client_in(tmp_path):
    """A totals row at the top, over the clients below it: the last client, whose amounts are those of
    the two clients above it, is one of the clients the owner's Summe adds up, so it stays a client."""
    rows = [["Kunde", "Umsatz", "Aufträge"], ["Summe", 600.0, 6], ["Anna", 100.0, 1], ["Bernd", 200.0, 2],
            ["Carla", 300.0, 3]]
    s, names = rerank(make_workbook(tmp_path / "oben.xlsx", rows), tmp_path)
    assert names == {"Anna", "Bernd", "Carla"}
    assert s["pareto"]["total"] == pytest.approx(600)
    assert not any(w.startswith("Row ") for w in s["warnings"]), s["warnings"]


def test_a_totals_label_whose_amounts_are_no_sum_is_left_out_with_a_warning(tmp_path):
    clients = [("Müller GmbH", 12000.0), ("Bäckerei Schmidt", 3100.0), ("Weber & Söhne", 2500.0)]
    rows = [["Kunde", "Umsatz"]] + [list(c) for c in clients] + [["Summe", 17000.0]]  # typed, and out of date
    s, names = rerank(make_workbook(tmp_path / "alt.xlsx", rows), tmp_path)
    assert names == {c[0] for c in clients}
    assert s["pareto"]["total"] == pytest.approx(17600)
    warning = next(w for w in s["warnings"] if w.startswith("Row 5 ('Summe') was left out as a totals row by its name"))
    assert "Umsatz: 17,000.00 here, 17,600.00 in rows 2-4" in warning


def test_order_lines_with_a_summe_row_and_a_row_that_is_their_sum(tmp_path):
    """Order lines (a client on several rows with a date): a "Summe" row and, below it, a row named
    like nothing that holds the sum of the lines, without a date."""
    lines = [(dt.datetime(2026, 1, 5), "Müller GmbH", "R-001", 1200.0),
             (dt.datetime(2026, 1, 9), "Weber KG", "R-002", 300.0),
             (dt.datetime(2026, 2, 2), "Müller GmbH", "R-003", 800.0),
             (dt.datetime(2026, 2, 20), "Lang", "R-004", 150.0),
             (dt.datetime(2026, 3, 1), "Weber KG", "R-005", 450.0),
             (dt.datetime(2026, 3, 7), "Müller GmbH", "R-006", 90.0)]
    total = sum(x[3] for x in lines)
    rows = [["Datum", "Kunde", "Rechnungsnummer", "Betrag"]] + [list(x) for x in lines]
    rows += [[None, "Summe", None, total]]
    s, names = rerank(make_workbook(tmp_path / "auftraege.xlsx", rows), tmp_path)
    assert names == {"Müller GmbH", "Weber KG", "Lang"}
    assert s["pareto"]["total"] == pytest.approx(total)

    rows[-1] = [None, "Übertrag Q1", None, total]
    s, names = rerank(make_workbook(tmp_path / "auftraege2.xlsx", rows), tmp_path)
    assert names == {"Müller GmbH", "Weber KG", "Lang"}
    assert s["pareto"]["total"] == pytest.approx(total)
    assert any(w.startswith("Row 8 ('Übertrag Q1') was left out as a totals row: its amounts equal the sum of "
                            "rows 2-7 (Betrag)") for w in s["warnings"]), s["warnings"]


TOTALS = ["Summe", "Gesamt", "Gesamtsumme", "Insgesamt", "Gesamtergebnis", "Zwischensumme", "Teilsumme",
          "Summe 2026", "Gesamt Süd", "Summe Umsatz", "Umsatz gesamt", "Summe der Umsätze", "SUMME:",
          "Somme", "Total général", "Sous-total", "Sous-total Nord", "Somme des ventes",
          "Suma", "Total general", "Suma parcial", "Totaal", "Eindtotaal", "Subtotaal", "Tussentotaal",
          "Totaal 2025/26", "Totale", "Totale complessivo", "Subtotale", "Totale parziale", "Total geral",
          "Subtotal", "Total", "Grand total", "Total Q1 2026", "Sum of revenue"]
CLIENTS = ["Total Fitness Ltd", "Gesamtschule Nord GmbH", "Summit Foods", "Suma Wholefoods", "Somme Traiteur SARL",
           "Totalenergies SE", "Summer Camp", "Gesamtkunst Müller", "Anna Summe", "Totaal Techniek BV",
           "Alle Kunden 2026", "Sumitomo", "Total Care Services",
           # words that are totals words in a language but also names on their own: a totals row only by its sums
           "Soma", "Som", "Somma", "Parziale", "Complessivo"]


@pytest.mark.parametrize("label", TOTALS)
def test_totals_labels_in_every_language(label):
    assert is_totals_row(label)


@pytest.mark.parametrize("name", CLIENTS)
def test_client_names_that_look_like_totals_are_clients(name):
    assert not is_totals_row(name)

"""The general reading rules leave an owner's ordinary list as it was (an independent review of
the general rules built each of these files and found them misread): a cancellation is counted with its
original or left out with it, never one without the other; a From and To that are places, a card
type's Credit and Debit, a "Last quote date", a currency written "€", a count of refunds, round
figures that happen to add up, a client who cancelled their contract and a list of the owner's
clients' Store IDs are read as the owner meant them."""

from __future__ import annotations

import pytest

from tests.helpers import write_csv
from tests.reader.exports.test_rules_world import ranked


def test_two_cancellation_documents_take_both_their_originals_out(tmp_path):
    # RE-1 (1,000) and RE-5 (400) cancelled by Storno documents that name them in Bezug: Müller keeps
    # RE-2 (150) only, Weber keeps RE-3 and RE-4
    path = write_csv(tmp_path / "rechnungen.csv", ["Rechnungsnummer", "Datum", "Kunde", "Betrag", "Status", "Bezug"],
                     [["RE-1", "02.01.2026", "Müller GmbH", "1000", "bezahlt", ""],
                      ["RE-2", "05.01.2026", "Müller GmbH", "150", "bezahlt", ""],
                      ["RE-3", "07.01.2026", "Weber KG", "300", "bezahlt", ""],
                      ["RE-4", "09.01.2026", "Weber KG", "200", "bezahlt", ""],
                      ["RE-5", "12.01.2026", "Müller GmbH", "400", "bezahlt", ""],
                      ["ST-1", "15.01.2026", "Müller GmbH", "-1000", "Storno", "RE-1"],
                      ["ST-2", "16.01.2026", "Müller GmbH", "-400", "Storno", "RE-5"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Müller GmbH": 150, "Weber KG": 500})
    status = next(u for u in summary["understood"] if u.startswith("Status:"))
    assert status.startswith("Status: left out 4 rows that are no sale"), status


def test_a_cancellation_without_a_reference_is_counted_with_its_original(tmp_path):
    # a Stornorechnung of -1,000 names no original: counted, so that it cancels RE-1 (never RE-1 alone)
    path = write_csv(tmp_path / "belege.csv", ["Belegnummer", "Datum", "Kunde", "Belegart", "Betrag"],
                     [["RE-1", "02.01.2026", "Müller GmbH", "Rechnung", "1000"],
                      ["RE-2", "05.01.2026", "Müller GmbH", "Rechnung", "150"],
                      ["RE-3", "07.01.2026", "Weber KG", "Rechnung", "300"],
                      ["SR-1", "15.01.2026", "Müller GmbH", "Stornorechnung", "-1000"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Müller GmbH": 150, "Weber KG": 300})
    said = "1 cancellation row with a negative amount refers to no document found"
    assert any(said in w for w in summary["warnings"]), summary["warnings"]


def test_a_transport_firms_from_and_to_are_places_not_payer_and_payee(tmp_path):
    path = write_csv(tmp_path / "trips.csv", ["Date", "Client", "From", "To", "Amount"],
                     [["2026-01-05", "Acme Ltd", "London", "Paris", "900"],
                      ["2026-01-09", "Bolt GmbH", "Paris", "Berlin", "700"],
                      ["2026-01-12", "Acme Ltd", "London", "Berlin", "800"],
                      ["2026-01-20", "Bolt GmbH", "Paris", "Berlin", "-100"]])  # a credit note
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 1700, "Bolt GmbH": 600})
    assert not any(u.startswith("Money:") for u in summary["understood"])


def test_a_card_types_credit_and_debit_are_cards_not_money_out(tmp_path):
    path = write_csv(tmp_path / "sales.csv", ["Date", "Customer", "Card Type", "Amount"],
                     [["2026-01-05", "Ada", "Debit", "50"], ["2026-01-06", "Bea", "Credit", "70"],
                      ["2026-01-07", "Cid", "Debit", "20"], ["2026-01-09", "Dan", "Debit", "10"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Ada": 50, "Bea": 70, "Cid": 20, "Dan": 10})
    assert not any(u.startswith("Money:") for u in summary["understood"])


def test_a_last_quote_date_or_an_estimate_status_beside_sales_is_no_list_of_quotes(tmp_path):
    path = write_csv(tmp_path / "clients.csv", ["Client", "Revenue", "Jobs", "Last quote date"],
                     [["Acme Ltd", "5000", "4", "2026-01-10"], ["Bolt GmbH", "2000", "2", "2025-11-02"],
                      ["Curie SA", "800", "1", "2025-06-30"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 5000, "Bolt GmbH": 2000, "Curie SA": 800})


def test_a_currency_written_as_a_symbol_or_a_name_is_the_same_currency(tmp_path):
    path = write_csv(tmp_path / "invoices.csv", ["Invoice", "Date", "Client", "Amount", "Currency"],
                     [["1", "2026-01-05", "Acme Ltd", "100", "EUR"], ["2", "2026-01-06", "Bolt GmbH", "200", "€"],
                      ["3", "2026-01-07", "Acme Ltd", "50", "Euro"], ["4", "2026-01-08", "Curie SA", "80", "eur"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 150, "Bolt GmbH": 200, "Curie SA": 80})
    assert not any(u.startswith("Currency:") for u in summary["understood"])


def test_an_amount_whose_header_names_its_currency_is_in_one_currency(tmp_path):
    # the billing currency says how each client pays; the amounts are already in EUR, as the header says
    path = write_csv(tmp_path / "clients.csv", ["Invoice", "Date", "Client", "Revenue (EUR)", "Billing currency"],
                     [["1", "2026-01-05", "Acme Ltd", "100", "EUR"], ["2", "2026-01-06", "Bolt Inc", "200", "USD"],
                      ["3", "2026-01-07", "Acme Ltd", "50", "EUR"], ["4", "2026-01-08", "Crown plc", "80", "GBP"]])
    summary, revenue, _ = ranked(path, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 150, "Bolt Inc": 200, "Crown plc": 80})


def test_a_count_of_refunds_and_refunds_beside_a_net_amount_are_not_taken_off(tmp_path):
    count = write_csv(tmp_path / "count.csv", ["Invoice", "Date", "Client", "Sales", "Refund count"],
                      [["1", "2026-01-05", "Acme Ltd", "1000", "2"], ["2", "2026-01-06", "Bolt GmbH", "300", "0"],
                       ["3", "2026-01-07", "Acme Ltd", "200", "0"]])
    _, revenue, _ = ranked(count, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 1200, "Bolt GmbH": 300})
    net = write_csv(tmp_path / "net.csv", ["Invoice", "Date", "Client", "Net revenue", "Refunds"],
                    [["1", "2026-01-05", "Acme Ltd", "1000", "200"], ["2", "2026-01-06", "Bolt GmbH", "300", "0"],
                     ["3", "2026-01-07", "Acme Ltd", "200", "0"]])
    (tmp_path / "ranked.xlsx").unlink()
    _, revenue, _ = ranked(net, tmp_path)
    assert revenue == pytest.approx({"Acme Ltd": 1200, "Bolt GmbH": 300})  # already net: not taken off again


@pytest.mark.parametrize("rows", [
    [["Alpha", "100", "1"], ["Beta", "200", "2"], ["Gamma", "300", "3"]],
    [["Alpha", "500", "1"], ["Beta", "1000", "2"], ["Gamma", "1500", "3"], ["Delta", "3000", "4"]],
])
def test_round_figures_that_happen_to_add_up_stay_clients(tmp_path, rows):
    path = write_csv(tmp_path / "clients.csv", ["Client", "Revenue", "Orders"], rows)
    _, revenue, _ = ranked(path, tmp_path)
    assert set(revenue) == {r[0] for r in rows}


def test_a_client_who_cancelled_stays_ranked_when_another_client_is_on_two_rows(tmp_path):
    path = write_csv(tmp_path / "clients.csv", ["Client", "Revenue", "Status"],
                     [["Alpha Ltd", "5000", "Active"], ["Beta GmbH", "3000", "Active"],
                      ["Gamma Inc", "2000", "Cancelled"], ["Delta SA", "900", "Active"],
                      ["Alpha Ltd", "400", "Active"]])
    _, revenue, _ = ranked(path, tmp_path)
    assert "Gamma Inc" in revenue


def test_a_suppliers_list_of_its_clients_store_ids_is_ranked(tmp_path):
    path = write_csv(tmp_path / "cafes.csv", ["Store ID", "Store Name", "Orders", "Revenue"],
                     [["S-101", "Café Luna", "12", "3400"], ["S-102", "Bean There", "8", "2100"],
                      ["S-103", "Daily Grind", "5", "900"], ["S-104", "Tea & Co", "2", "300"]])
    _, revenue, _ = ranked(path, tmp_path)  # not refused as a settlement report of the owner's own store
    assert sorted(revenue.values()) == pytest.approx([300, 900, 2100, 3400])

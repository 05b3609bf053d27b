"""A known export is read by its catalogue entry even when the product writes columns the entry does
not read (rule E of the general reading rules); when an entry steps aside for a column of the
owner's own, the "understood" lines say which entry and why."""

from __future__ import annotations

import pytest

from tests.helpers import client_table, write_csv

# Harvest, Reports > Detailed time report > Export CSV, with time rounding on: Harvest writes "Hours
# Rounded" after "Hours" and bills the rate times the rounded hours (help.getharvest.com "Detailed time
# and detailed expense reports"; the header as a public importer's fixture has it: Date, Client, Project,
# Project Code, Task, Notes, Hours, Hours Rounded, Billable?, Invoiced?, Approved?, First Name, Last Name,
# Roles, Employee?, Billable Rate, Billable Amount, Cost Rate, Cost Amount, Currency, External Reference URL)
HARVEST = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
           "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
           "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"]


def harvest_rows():
    # (client, hours, rounded, billable rate, cost rate): Billable Amount = rate x rounded hours,
    # Cost Amount = cost rate x hours
    entries = [("Acme Ltd", 1.9, 2.0, 100, 40), ("Acme Ltd", 3.0, 3.0, 100, 40), ("Bolt GmbH", 5.0, 5.0, 120, 40),
               ("Bolt GmbH", 1.0, 1.0, 0, 40)]
    rows = []
    for i, (client, hours, rounded, rate, cost) in enumerate(entries):
        rows.append([f"2025-03-0{i + 3}", client, "Website", "W1", "Design", "", hours, rounded,
                     "Yes" if rate else "No", "No", "No", "Ann", "Lee", "", "Yes", rate, rate * rounded, cost,
                     cost * hours, "US Dollar - USD", ""])
    return rows


def test_harvest_hours_rounded_does_not_make_the_harvest_entry_step_aside(tmp_path):
    path = write_csv(tmp_path / "harvest_time_report.csv", HARVEST, harvest_rows())
    t = client_table(path)
    assert t.profile == "harvest_detailed_time"
    f = t.frame.set_index("Client")
    # Billable Amount (100 x 2 + 100 x 3 = 500; 120 x 5 = 600), never a rate added up
    assert f.loc["Acme Ltd", "Revenue"] == pytest.approx(500)
    assert f.loc["Bolt GmbH", "Revenue"] == pytest.approx(600)
    # gross profit: Billable Amount minus Cost Amount (40 x 4.9 = 196; 40 x 6 = 240), never minus the Cost Rate
    assert f.loc["Acme Ltd", "Gross profit"] == pytest.approx(500 - 196)
    assert f.loc["Bolt GmbH", "Gross profit"] == pytest.approx(600 - 240)
    assert f.loc["Acme Ltd", "Hours"] == pytest.approx(4.9)


def test_an_owner_column_that_is_no_part_of_the_export_makes_it_step_aside_and_says_so(tmp_path):
    """A hand-kept list that happens to have Harvest's headers and a column of the owner's own
    (Complaints) is read as the owner's list, and the Export line says why."""
    rows = [r + [i % 2] for i, r in enumerate(harvest_rows())]
    path = write_csv(tmp_path / "harvest_with_my_column.csv", HARVEST + ["Complaints"], rows)
    t = client_table(path)
    assert t.profile is None
    line = next(u for u in t.understood if u.startswith("Export:"))
    assert "not read as Harvest's Detailed time report" in line and "'Complaints'" in line, line
    # read as the owner's list, still on the amounts and never on a rate: gross profit is Billable Amount
    # minus Cost Amount (500 - 196, 600 - 240), the rates are not used
    f = t.frame.set_index("Client")
    assert f.loc["Acme Ltd", "Gross profit"] == pytest.approx(304)
    assert f.loc["Bolt GmbH", "Gross profit"] == pytest.approx(360)
    assert "Not used for order lines: 'Billable Rate', 'Cost Rate'." in t.notes

"""Time tracking (Harvest, Toggl):
entries of the export catalogue (see xlclientrank/reader/exports/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test file in
tests/reader/exports/test_profiles_accounting.py."""

from __future__ import annotations

from xlclientrank.reader.exports.catalogue.entry import Profile, Rule  # noqa: F401

# Toggl names the amount column after the workspace currency, "Amount (USD)", or "Amount ()"
# without one; the profile alternatives are exact headers, so the common currencies are listed.
_CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
               "JPY", "INR", "BRL", "MXN", "ZAR", "SGD", "HKD", "ILS", "TRY", "RON", "UAH", "")
_TOGGL_AMOUNT = tuple(f"Amount ({c})" for c in _CURRENCIES) + ("Amount",)

PROFILES: tuple[Profile, ...] = (
    # Harvest, Reports > Time > Detailed time report, Export CSV: Date, Client, Project, Project
    # Code, Task, Notes, Hours, Billable?, Invoiced?, Approved?, First Name, Last Name, Roles,
    # Employee?, Billable Rate, Billable Amount, Cost Rate, Cost Amount, Currency, External
    # Reference URL (and Hours Rounded when rounding is on, Employee Id and Teams with those features).
    # Layout: help.getharvest.com "Detailed time report"; the export kept by
    # solidtime-io/solidtime resources/testfiles/harvest_time_entries_import_test_1.csv.
    # Revenue: Billable Amount (non-billable time is 0 but its hours count); gross profit: minus
    # Cost Amount; a row without a client is internal time and is left out.
    Profile(
        key="harvest_detailed_time", product="Harvest", export="Detailed time report",
        how="Reports > Time, Detailed report, Export, CSV.",
        signatures=(("Date", "Client", "Project", "Task", "Hours", "Billable?", "Billable Amount"),),
        client_name=("Client",), revenue=("Billable Amount",), cost=("Cost Amount",), hours=("Hours",),
        date=("Date",),
        # Hours Rounded (with rounding on; Billable Amount is the rate times it), Employee Id and Teams
        # (with those features) come and go with the account's settings; the rates are per hour
        documented=("Project Code", "Notes", "Hours Rounded", "Invoiced?", "Approved?", "First Name", "Last Name",
                    "Roles", "Teams", "Employee?", "Employee Id", "Billable Rate", "Cost Rate", "Currency",
                    "External Reference URL"),
    ),
    # Toggl Track, Reports > Detailed, Export CSV: User, Email, Client, Project, Task, Description,
    # Billable, Start date, Start time, End date, End time, Duration, Tags, Amount (USD).
    # Layout: https://support.toggl.com/en/articles/2216070-editing-and-uploading-a-csv-file (the
    # same columns Toggl exports and imports). Amount is the billable amount. Duration is hh:mm:ss
    # text, read as decimal hours. A time report has no orders.
    Profile(
        key="toggl_detailed", product="Toggl Track", export="Detailed report",
        how="Reports > Detailed, Export, Download CSV.",
        signatures=(("User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date",
                     "Start time", "End date", "End time", "Duration"),),
        client_name=("Client",), revenue=_TOGGL_AMOUNT, date=("Start date",), hours=("Duration",),
        count_orders=False,
    ),
    # Toggl Track, Reports > Summary grouped by Client and Project, Export CSV: Client, Project,
    # Duration, Amount (USD): one row per client and project. Layout: Toggl's Summary Report
    # article (support.toggl.com/en/articles/10750064-summary-report-beta: "Revenue, your billable
    # hours x billable rate in each of the currencies"); the CSV's columns are the report's
    # groupings, Duration (hh:mm:ss, read as hours) and the amount.
    Profile(
        key="toggl_summary", product="Toggl Track", export="Summary report",
        how="Reports > Summary, group by Client, then Project; Export, Download CSV.",
        signatures=tuple(("Client", "Project", "Duration", a) for a in _TOGGL_AMOUNT),
        client_name=("Client",), revenue=_TOGGL_AMOUNT, hours=("Duration",), count_orders=False,
    ),
)

"""CRM (HubSpot, Salesforce):
entries of the export catalogue (see xlclientrank/reader/exports/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test file in
tests/reader/exports/test_profiles_accounting.py."""

from __future__ import annotations

from xlclientrank.reader.exports.catalogue.entry import Profile, Rule  # noqa: F401

_ANNUAL = ("Annual Revenue is what the company itself turns over (its size, typed in by hand), not what it "
           "bought from you; export the deals instead (Deals, Export, with Amount and Deal Stage), or add "
           "the company property Total Revenue to the export")

PROFILES: tuple[Profile, ...] = (
    # HubSpot, Contacts > Companies > Export: Record ID, Company name, Company owner, Create Date,
    # ..., Annual Revenue, Total Revenue, Recent Deal Amount, Number of Associated Deals.
    # Total Revenue: "The sum of the revenue generated from all of the closed won deals" the
    # company is associated with (knowledge.hubspot.com/articles/kcs_article/reports/
    # how-are-the-calculated-properties-used-for-revenue-reporting-calculated); Annual Revenue
    # "can be manually updated" and is the company's own size (knowledge.hubspot.com ...
    # what-is-the-difference-between-annual-revenue-and-salesforce-total-revenue-in-the-companies-report).
    # First in this tuple so that it wins a tie with the refusal below.
    Profile(
        key="hubspot_companies_total_revenue", product="HubSpot", export="Companies export with Total Revenue",
        how="CRM > Companies, Export, with the property Total Revenue.",
        signatures=(("Record ID", "Company name", "Total Revenue"),
                    ("Record ID", "Company name", "Annual Revenue", "Total Revenue"),
                    ("Record ID", "Company name", "Company Domain Name", "Total Revenue")),
        rows="clients", client_name=("Company name",), revenue=("Total Revenue",),
    ),
    Profile(
        key="hubspot_companies", product="HubSpot", export="Companies export",
        how="CRM > Companies, Export.",
        signatures=(("Record ID", "Company name", "Annual Revenue"),
                    ("Record ID", "Company name", "Company Domain Name")),
        refuse=_ANNUAL,
    ),
    # HubSpot, CRM > Deals > Export: Record ID, Deal Name, Deal Stage, Close Date, Deal owner,
    # Amount, Pipeline, Create Date, Associated Company (with associations), ... Deal Stage is
    # exported by its label ("Closed Won"; the internal value is closedwon). Only won deals are
    # sales. Layout: knowledge.hubspot.com/crm-deals/hubspots-default-deal-properties (Amount, Close
    # date, Deal stage, Pipeline); the export's headers (Record ID, Deal Name, Deal owner, Amount,
    # Create Date, Last Modified Date, Deal Stage, Pipeline, Associated Company) as public importers
    # of HubSpot deal exports read them. A custom pipeline's won stage may have another label.
    Profile(
        key="hubspot_deals", product="HubSpot", export="Deals export",
        how="CRM > Deals, Export (include associated companies).",
        signatures=(("Record ID", "Deal Name", "Deal Stage", "Amount"),),
        client_key=("Associated Company IDs (Primary)", "Associated Company (Primary)", "Associated Company",
                    "Company name"),
        client_name=("Associated Company (Primary)", "Associated Company", "Company name"),
        revenue=("Amount in company currency", "Amount"), order_id=("Record ID",), date=("Close Date",),
        keep_only=(Rule(("Deal Stage",), ("Closed Won", "closedwon"), "closed won deals"),),
    ),
    # Salesforce, Reports > Opportunities report, Export > Details Only (CSV/XLSX): Opportunity
    # Owner, Account Name, Opportunity Name, Stage, Fiscal Period, Amount, Probability (%), Age,
    # Close Date, Created Date, Next Step, Lead Source, Type. Fields: help.salesforce.com
    # articleView?id=sales.opp_fields.htm (Account Name "the account that the opportunity is
    # linked to", Amount "the estimated total sale amount"). Only Stage = Closed Won is a sale.
    # A "Formatted Report" export groups rows and writes the account name on a group's first row
    # only (with a Subtotal row after it); a "Details Only" export leaves it blank for an
    # opportunity without an account and repeats the account on each row: filled down only in the
    # first layout (reader/grouped.py fill_down decides from the rows).
    Profile(
        key="salesforce_opportunities", product="Salesforce", export="Opportunities report",
        how="Reports > an Opportunities report, Export, Details Only.",
        signatures=(("Account Name", "Opportunity Name", "Stage", "Amount", "Close Date"),),
        client_key=("Account ID", "Account Name"), client_name=("Account Name",), revenue=("Amount",),
        order_id=("Opportunity ID", "Opportunity Name"), date=("Close Date",),
        keep_only=(Rule(("Stage",), ("Closed Won",), "closed won opportunities"),),
        fill_down=("Account Name",),
    ),
    # Salesforce account report (Accounts report type): Account Name, Account Owner, Type, Rating,
    # Billing State/Province, Annual Revenue, Employees, Last Activity. Annual Revenue is the
    # account's own annual revenue (help.salesforce.com account fields), not sales to it.
    Profile(
        key="salesforce_accounts", product="Salesforce", export="Accounts report",
        how="Reports > an Accounts report, Export.",
        signatures=(("Account Name", "Account Owner", "Annual Revenue"),
                    ("Account Name", "Account Owner", "Type", "Rating")),
        refuse="Annual Revenue is the account's own size, not what it bought from you; run an "
               "Opportunities report (Account Name, Stage, Amount) and export that instead",
    ),
)

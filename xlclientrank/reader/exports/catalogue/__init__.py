"""The export catalogue's entries, one module a kind of system (shops, payments, accounting,
time tracking, CRM); xlclientrank/reader/exports/profiles.py reads them and applies them."""

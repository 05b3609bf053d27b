"""The export catalogue's entries, one module a kind of system (shops, payments, accounting,
time tracking, CRM); xlclientrank/reader/profiles.py reads them and applies them."""

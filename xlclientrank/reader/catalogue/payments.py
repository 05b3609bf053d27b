"""Payment providers (Stripe, PayPal):
entries of the export catalogue (see xlclientrank/reader/profiles.py for what each field means).
Each entry cites where its layout is documented and has its test file in tests/test_profiles_payments.py."""

from __future__ import annotations

from xlclientrank.reader.profiles import Profile, Rule  # noqa: F401

PROFILES: tuple[Profile, ...] = (
)

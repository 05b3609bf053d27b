"""The fixtures every test folder may ask for; the helpers themselves are in tests/helpers.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import SAMPLE


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A fresh copy of the bundled sample workbook."""
    dst = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, dst)
    return dst

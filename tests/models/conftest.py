"""Fixtures shared by the database tests."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.builders.rows import build_pack_report


@pytest.fixture
def pack_report(session: Session) -> dict[str, Any]:
    """The report of ``build_pack_report``."""
    return build_pack_report(session)

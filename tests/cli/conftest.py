"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.service import hmic


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A SQLite file with the schema, made by ``hmic-actions db upgrade``."""
    database = f"sqlite:///{tmp_path / 'tracker.db'}"
    done = hmic("db", "upgrade", cwd=tmp_path, DATABASE_URL=database)
    assert done.returncode == 0, done.stderr
    return database

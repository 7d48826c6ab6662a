"""``hmic-actions db upgrade`` and ``db current`` through the installed executable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from models.db import make_engine
from models.migrate import head
from tests.service import hmic


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_db_upgrade_creates_the_schema(empty_db_url: str, tmp_path: Path) -> None:
    before = hmic("db", "current", cwd=tmp_path, DATABASE_URL=empty_db_url)
    assert before.returncode == 0, before.stderr
    assert before.stdout == (f"database at {empty_db_url} has no schema yet "
                             "(run: hmic-actions db upgrade)\n")
    for _ in range(2):   # the second run finds the schema up to date
        done = hmic("db", "upgrade", cwd=tmp_path, DATABASE_URL=empty_db_url)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"database at {empty_db_url} is at revision {head()} (head)\n"
        assert done.stderr == ""
    assert {"drafts", "tracked_items", "audit_events", "alembic_version"} <= tables(empty_db_url)
    after = hmic("db", "current", cwd=tmp_path, DATABASE_URL=empty_db_url)
    assert after.stdout == f"database at {empty_db_url} is at revision {head()} (head)\n"


def test_db_upgrade_defaults_to_a_sqlite_file(tmp_path: Path) -> None:
    done = hmic("db", "upgrade", cwd=tmp_path)
    path = tmp_path / "instance" / "hmic-actions.db"
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"database at sqlite:///{path} is at revision {head()} (head)\n"
    assert "tracked_items" in tables(f"sqlite:///{path}")
    elsewhere = tmp_path / "data"
    done = hmic("db", "upgrade", cwd=tmp_path, HMIC_DATA_DIR=str(elsewhere))
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "instance" / "hmic-actions.db").is_file()


@pytest.mark.parametrize(("url", "expected"), [
    ("nonsense", "DATABASE_URL='nonsense' is not a database URL"),
    ("mysql://ana:s3cret@db/x", "DATABASE_URL='mysql://ana:***@db/x' names a database "
                             "hmic-actions does not support (mysql; use postgresql or sqlite)"),
    ("postgresql://postgres:s3cret@127.0.0.1:1/hmic",
     "database at postgresql+psycopg://postgres:***@127.0.0.1:1/hmic: connection failed"),
    ("postgresql://postgres:s3cret@127.0.0.1:5432/hmic_no_such_database",
     'database "hmic_no_such_database" does not exist'),
    ("sqlite:////nonexistent/dir/x.db", "unable to open database file"),
])
@pytest.mark.parametrize("action", ["upgrade", "current"])
def test_a_bad_database_url_is_one_line_and_exit_2(
        url: str, expected: str, action: str, tmp_path: Path) -> None:
    done = hmic("db", action, cwd=tmp_path, DATABASE_URL=url)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("hmic-actions: error: ")
    assert expected in done.stderr
    assert "s3cret" not in done.stderr
    assert "Traceback" not in done.stderr

"""``hmic-actions db dump`` and ``db restore`` through the installed executable."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sqlalchemy import Engine

from models.db import make_engine
from models.migrate import head
from tests.builders.rows import fill_every_table
from tests.conftest import Databases
from tests.models.test_backup import counts, rows
from tests.service import hmic


def one_line_error(done, *parts: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr holding each of ``parts``."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert done.stderr.startswith("hmic-actions: error: ")
    assert done.stderr.count("\n") == 1, done.stderr
    for part in parts:
        assert part in done.stderr


def test_dump_and_restore_from_sqlite_to_postgresql_and_back(
        databases: Databases, tmp_path: Path) -> None:
    sqlite_url, postgres_url = databases.new_url("sqlite"), databases.new_url("postgresql")
    copy_url = databases.new_url("sqlite")
    for url in (sqlite_url, postgres_url, copy_url):
        assert hmic("db", "upgrade", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    engines = [make_engine(url) for url in (sqlite_url, postgres_url, copy_url)]
    try:
        fill_every_table(engines[0])
        total = sum(counts(engines[0]).values())
        done = hmic("db", "dump", "one.gz", cwd=tmp_path, DATABASE_URL=sqlite_url)
        assert done.returncode == 0, done.stderr
        assert done.stdout == (f"wrote {total} rows of 11 tables (schema revision {head()}) "
                               f"from database at {sqlite_url} to one.gz\n")
        done = hmic("db", "restore", "one.gz", cwd=tmp_path, DATABASE_URL=postgres_url)
        assert done.returncode == 0, done.stderr
        assert done.stdout == (f"restored {total} rows of 11 tables (schema revision {head()}) "
                               f"from one.gz into database at {postgres_url}\n")
        assert rows(engines[1]) == rows(engines[0])
        dump = hmic("db", "dump", str(tmp_path / "two.gz"), cwd=tmp_path,
                    DATABASE_URL=postgres_url)
        assert dump.returncode == 0, dump.stderr
        done = hmic("db", "restore", str(tmp_path / "two.gz"), cwd=tmp_path,
                    DATABASE_URL=copy_url)
        assert done.returncode == 0, done.stderr
        assert rows(engines[2]) == rows(engines[0])
        assert (tmp_path / "two.gz").stat().st_mode & 0o077 == 0
    finally:
        for engine in engines:
            engine.dispose()
        databases.drop(postgres_url)


@pytest.fixture
def dumped(engine: Engine, db_url: str, tmp_path: Path) -> Path:
    fill_every_table(engine)
    done = hmic("db", "dump", "tracker.gz", cwd=tmp_path, DATABASE_URL=db_url)
    assert done.returncode == 0, done.stderr
    return tmp_path / "tracker.gz"


def test_restore_into_a_database_with_rows(dumped: Path, engine: Engine, db_url: str,
                                           tmp_path: Path) -> None:
    before = rows(engine)
    done = hmic("db", "restore", str(dumped), cwd=tmp_path, DATABASE_URL=db_url)
    one_line_error(done, "the database is not empty", "new, upgraded database")
    assert rows(engine) == before


def test_restore_into_a_database_without_schema(dumped: Path, empty_db_url: str,
                                                tmp_path: Path) -> None:
    done = hmic("db", "restore", str(dumped), cwd=tmp_path, DATABASE_URL=empty_db_url)
    one_line_error(done, "no schema yet", "hmic-actions db upgrade")


def test_restore_of_bad_files(databases: Databases, db_backend: str, dumped: Path,
                              tmp_path: Path) -> None:
    url = databases.new_url(db_backend)
    assert hmic("db", "upgrade", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    (tmp_path / "notes.txt").write_text("a shopping list\n")
    cut = tmp_path / "cut.gz"
    cut.write_bytes(gzip.compress(gzip.decompress(dumped.read_bytes())[:-200]))
    (tmp_path / "folder").mkdir()
    (tmp_path / "torn.gz").write_bytes(dumped.read_bytes()[:-100])
    cases = {"notes.txt": "not gzip-compressed", "cut.gz": "ends early", "torn.gz": "ends early",
             "missing.gz": "no such file", "folder": "is a folder"}
    try:
        for name, why in cases.items():
            one_line_error(hmic("db", "restore", name, cwd=tmp_path, DATABASE_URL=url),
                           name, why)
        engine = make_engine(url)
        try:
            assert set(counts(engine).values()) == {0}
        finally:
            engine.dispose()
    finally:
        databases.drop(url)


def test_dump_errors(engine: Engine, db_url: str, empty_db_url: str, tmp_path: Path) -> None:
    one_line_error(hmic("db", "dump", "no/such/folder/d.gz", cwd=tmp_path, DATABASE_URL=db_url),
                   "no/such/folder/d.gz", "cannot write")
    one_line_error(hmic("db", "dump", "d.gz", cwd=tmp_path, DATABASE_URL=empty_db_url),
                   "no schema yet")
    one_line_error(hmic("db", "dump", "d.gz", cwd=tmp_path, DATABASE_URL="mysql://x/y"),
                   "DATABASE_URL", "does not support")
    assert list(tmp_path.iterdir()) == []


def test_dump_needs_a_file_argument(tmp_path: Path) -> None:
    done = hmic("db", "dump", cwd=tmp_path)
    assert done.returncode == 2
    assert "FILE" in done.stderr

"""Shared fixtures: builders for report PDFs, and test databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from tests.builders.reports import ReportPdf


@pytest.fixture
def report(tmp_path: Path):
    """A fresh report-PDF builder writing into the test's directory."""
    counter = iter(range(1000))

    def make(**kwargs) -> ReportPdf:
        return ReportPdf(tmp_path / f"report{next(counter)}.pdf", **kwargs)

    return make


# --- databases -------------------------------------------------------------------------------
# Every database test runs on SQLite (a file) and on the PostgreSQL server at 127.0.0.1:5432
# (user postgres, trust). A run creates its own PostgreSQL databases and drops them at the end.

POSTGRES_ADMIN_URL = os.environ.get(
    "HMIC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DB_BACKENDS = ("sqlite", "postgresql")


class Databases:
    """Test databases for one run: one migrated database per backend, plus fresh empty ones."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.prefix = f"hmic_actions_test_{os.getpid()}"
        self.counter = itertools.count(1)
        self.engines: dict[str, Engine] = {}
        self.created: list[str] = []
        self._admin: Engine | None = None

    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        return self._admin

    def drop_leftovers(self) -> None:
        """Drop test databases of earlier runs whose process has gone (an interrupted run)."""
        with self.admin().connect() as connection:
            names = connection.scalars(text(
                "SELECT datname FROM pg_database WHERE datname LIKE 'hmic\\_actions\\_test\\_%'"))
            for name in list(names):
                pid = name.split("_")[3]
                if pid.isdigit() and not _process_alive(int(pid)):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def new_url(self, backend: str, name: str | None = None) -> str:
        """The URL of a new, empty database."""
        name = name or f"{self.prefix}_{next(self.counter)}"
        if backend == "sqlite":
            return f"sqlite:///{self.directory / (name + '.db')}"
        if not self.created:
            self.drop_leftovers()
        with self.admin().connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(
            hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        if make_url(url).get_backend_name() == "postgresql" and name in self.created:
            with self.admin().connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.created.remove(name)

    def migrated(self, backend: str) -> Engine:
        """An engine on this run's migrated database for ``backend`` (made once)."""
        if backend not in self.engines:
            from models.db import make_engine
            from models.migrate import upgrade

            engine = make_engine(self.new_url(backend, self.prefix))
            upgrade(engine=engine)
            self.engines[backend] = engine
        return self.engines[backend]

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()
        for name in list(self.created):
            with self.admin().connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if self._admin is not None:
            self._admin.dispose()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def empty_tables(engine: Engine) -> None:
    """Delete every row of the tracker's tables (the schema and its revision stay)."""
    from models.tables import Base

    tables = Base.metadata.sorted_tables
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """This run's test databases; PostgreSQL ones are dropped when the run ends."""
    dbs = Databases(tmp_path_factory.mktemp("databases"))
    yield dbs
    dbs.close()


@pytest.fixture(params=DB_BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    """The database backend under test: each database test runs once per backend."""
    return request.param


@pytest.fixture
def engine(databases: Databases, db_backend: str) -> Engine:
    """An engine on a migrated database whose tables are empty at the start of the test."""
    engine = databases.migrated(db_backend)
    empty_tables(engine)
    return engine


@pytest.fixture
def db_url(engine: Engine) -> str:
    """The URL of the ``engine`` fixture's database (migrated, empty tables)."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the ``engine`` fixture's database; the test commits or rolls back."""
    with Session(bind=engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture
def empty_db_url(databases: Databases, db_backend: str) -> Iterator[str]:
    """The URL of a brand-new database without any tables (dropped after the test)."""
    url = databases.new_url(db_backend)
    yield url
    databases.drop(url)

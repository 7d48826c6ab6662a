"""Run the schema migrations shipped in the package (no alembic.ini needed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine

from hmic_actions.settings import redact_url
from models.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic configuration pointing at the package's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        # ConfigParser interpolation: a literal "%" in a URL (encoded password) must be doubled.
        rendered = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def head() -> str:
    """The newest revision shipped in the package."""
    head_revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head_revision is not None, "no migrations shipped"
    return head_revision


def current(url: str | URL | None = None, engine: Engine | None = None) -> str | None:
    """The revision the database is at, or None for a database without the schema."""
    own = engine is None
    engine = engine or make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        if own:
            engine.dispose()


@contextmanager
def migrating(connection: Connection) -> Iterator[Connection]:
    """A transaction to migrate in, on ``connection`` (not yet in a transaction).

    SQLite changes a table by copying it into a new one and dropping the old, which its
    foreign keys refuse while rows point at the old table; so on SQLite they are checked
    once, for the whole migration, before it commits (and enforced again afterwards).
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # A PRAGMA has no effect inside a transaction: it goes to the driver first.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            yield connection
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    table, row, parent = broken[0][0], broken[0][1], broken[0][2]
                    raise RuntimeError(f"the migration left {len(broken)} rows pointing at "
                                       f"nothing (first: {table} row {row} → {parent}); "
                                       "nothing was changed")
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def _migrate(step: Callable[[Config, str], None], revision: str, url: str | URL | None,
             engine: Engine | None) -> str | None:
    own = engine is None
    engine = engine or make_engine(url)
    config = alembic_config()
    try:
        with engine.connect() as connection, migrating(connection):
            config.attributes["connection"] = connection
            step(config, revision)
        return current(engine=engine)
    finally:
        if own:
            engine.dispose()


def upgrade(url: str | URL | None = None, revision: str = "head",
            engine: Engine | None = None) -> str | None:
    """Bring the database at ``url`` (default: ``database_url()``) to ``revision``.

    Returns the revision the database is at afterwards.
    """
    return _migrate(command.upgrade, revision, url, engine)


def downgrade(revision: str, url: str | URL | None = None,
              engine: Engine | None = None) -> str | None:
    """Take the database at ``url`` back to ``revision`` ("base": no schema); returns the
    revision it is at afterwards."""
    return _migrate(command.downgrade, revision, url, engine)


def describe(url: str | URL, revision: str | None) -> str:
    """One line saying where the database is and which revision it is at."""
    where = f"database at {redact_url(url)}"
    if revision is None:
        return f"{where} has no schema yet (run: hmic-actions db upgrade)"
    newest = head()
    if revision == newest:
        return f"{where} is at revision {revision} (head)"
    return f"{where} is at revision {revision} (head is {newest}; run: hmic-actions db upgrade)"

"""Run the schema migrations shipped in the package (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine

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


def upgrade(url: str | URL | None = None, revision: str = "head",
            engine: Engine | None = None) -> str | None:
    """Bring the database at ``url`` (default: ``database_url()``) to ``revision``.

    Returns the revision the database is at afterwards.
    """
    own = engine is None
    engine = engine or make_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        return current(engine=engine)
    finally:
        if own:
            engine.dispose()


def describe(url: str | URL, revision: str | None) -> str:
    """One line saying where the database is and which revision it is at."""
    where = f"database at {redact_url(url)}"
    if revision is None:
        return f"{where} has no schema yet (run: hmic-actions db upgrade)"
    newest = head()
    if revision == newest:
        return f"{where} is at revision {revision} (head)"
    return f"{where} is at revision {revision} (head is {newest}; run: hmic-actions db upgrade)"

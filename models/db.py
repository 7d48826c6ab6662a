"""Where the database is and how to talk to it: URL, engine and sessions.

The embedded single-machine mode uses a SQLite file, ``instance/hmic-actions.db`` under the
setting ``HMIC_DATA_DIR`` (or the current directory); the setting ``DATABASE_URL`` points
anywhere else, e.g. ``postgresql+psycopg://user@host:5432/name``. A URL that cannot be used
raises ``hmic_actions.settings.SettingsError`` naming it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from hmic_actions import settings

DEFAULT_FILE = Path("instance") / "hmic-actions.db"


def database_url() -> str:
    """The database URL: ``DATABASE_URL``, or the default SQLite file (its folder is created)."""
    url = settings.value("DATABASE_URL")
    if url:
        return url
    base = Path(settings.value("HMIC_DATA_DIR") or Path.cwd())
    path = (base / DEFAULT_FILE).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def parse_url(url: str | URL | None = None) -> URL:
    """Parse a database URL, choosing the psycopg 3 driver for plain ``postgresql://`` URLs.

    A URL given as text is checked as the ``DATABASE_URL`` setting is (SettingsError).
    """
    raw = database_url() if url is None else url
    if isinstance(raw, str):
        raw = settings.setting("DATABASE_URL").parse(raw)
    parsed = make_url(raw)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url`` (default: ``database_url()``).

    SQLite gets foreign keys enforced and a busy timeout, so several processes (web and
    worker) can share the file.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {}).setdefault("connect_timeout", 10)
    return create_engine(parsed, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine``; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block ends, roll back if it raises."""
    session = Session(bind=engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

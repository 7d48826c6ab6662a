"""Where the database is and how to talk to it: URL, engine and sessions.

The embedded single-machine mode uses a SQLite file, ``instance/hmic-actions.db`` under
``HMIC_DATA_DIR`` (or the current directory); ``DATABASE_URL`` points anywhere else, e.g.
``postgresql+psycopg://user@host:5432/name``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_FILE = Path("instance") / "hmic-actions.db"


class DatabaseUrlError(ValueError):
    """DATABASE_URL (or a URL given in code) cannot be used."""


def database_url() -> str:
    """The database URL: ``DATABASE_URL``, or the default SQLite file (its folder is created)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    base = Path(os.environ.get("HMIC_DATA_DIR") or Path.cwd())
    path = (base / DEFAULT_FILE).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def parse_url(url: str | URL | None = None) -> URL:
    """Parse a database URL, choosing the psycopg 3 driver for plain ``postgresql://`` URLs."""
    raw = database_url() if url is None else url
    try:
        parsed = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"not a database URL: {redact(str(raw))!r}") from exc
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(
            f"unsupported database {parsed.get_backend_name()!r} (use sqlite or postgresql)")
    return parsed


def redact(url: str | URL) -> str:
    """A URL safe to print: any password replaced by ``***``."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        # Not parseable: drop anything between "://" and "@", where a password would sit.
        head, sep, rest = url.partition("://")
        return f"{head}{sep}***@{rest.rpartition('@')[2]}" if "@" in rest else url


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

"""Opening the tracker database for a command: one clear line on every failure."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import URL, Engine

from hmic_actions.cli import CommandError


def open_database() -> tuple[Engine, URL]:
    """An engine on a database that has the current schema; CommandError otherwise."""
    from models import migrate
    from models.db import DatabaseUrlError, make_engine, parse_url, redact

    try:
        url = parse_url()
    except DatabaseUrlError as exc:
        raise CommandError(f"DATABASE_URL: {exc}") from None
    where = f"database at {redact(url)}"
    upgrade = "run hmic-actions db upgrade first"
    on_disk = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if on_disk and not Path(url.database).exists():  # connecting would create an empty file
        raise CommandError(f"{where} has no schema yet; {upgrade}")
    engine = make_engine(url)
    with database_errors(url):
        revision = migrate.current(engine=engine)
    if revision is None:
        engine.dispose()
        raise CommandError(f"{where} has no schema yet; {upgrade}")
    if revision != migrate.head():
        engine.dispose()
        raise CommandError(f"{where} is at revision {revision}, not {migrate.head()}; "
                           f"{upgrade}")
    return engine, url


@contextmanager
def database_errors(url: URL) -> Iterator[None]:
    """Turn a database failure into one line naming the database (never its password)."""
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import redact

    try:
        yield
    except SQLAlchemyError as exc:
        raise CommandError(f"database at {redact(url)}: {error_reason(exc, url.password)}"
                           ) from None


def error_reason(exc: BaseException, password: str | None) -> str:
    """The driver's first line of explanation, never containing the password."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    reason = " ".join(lines[0].split()) if lines else type(orig).__name__
    if reason.startswith("(") and ")" in reason:  # SQLAlchemy's "(module.Error) ..." prefix
        reason = reason.split(")", 1)[1].strip()
    if password:
        reason = reason.replace(password, "***")
    return reason[:300]

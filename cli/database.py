"""Opening the tracker database for a command: one clear line on every failure."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cli.main import CommandError
from hmic_actions.settings import SettingsError, redact_url

if TYPE_CHECKING:  # SQLAlchemy is imported by the commands that open a database, not by all
    from sqlalchemy.engine import URL, Engine

UPGRADE_FIRST = "run hmic-actions db upgrade first"


def open_database(upgrade: bool = False) -> tuple[Engine, URL]:
    """An engine on ``DATABASE_URL`` (default: the SQLite file) whose schema is current.

    With ``upgrade`` the migrations are applied first (the embedded mode owns its
    database). Otherwise a database without the schema, or behind the newest revision, is
    refused with the command that fixes it, and an SQLite file that does not exist is not
    created by asking.
    """
    from alembic.util import CommandError as AlembicError

    from models import migrate
    from models.db import make_engine, parse_url

    try:
        url = parse_url()
    except SettingsError as exc:
        raise CommandError(exc.reason) from None
    where = f"database at {redact_url(url)}"
    on_disk = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if not upgrade and on_disk and not Path(url.database).exists():
        raise CommandError(f"{where} has no schema yet; {UPGRADE_FIRST}")
    engine = make_engine(url)
    try:
        with database_errors(url):
            try:
                revision = (migrate.upgrade(engine=engine) if upgrade
                            else migrate.current(engine=engine))
            except AlembicError as exc:
                raise CommandError(f"{where}: {exc}") from None
    except CommandError:
        engine.dispose()
        raise
    if revision != migrate.head():
        engine.dispose()
        if revision is None:
            raise CommandError(f"{where} has no schema yet; {UPGRADE_FIRST}")
        raise CommandError(f"{where} is at revision {revision}, not {migrate.head()}; "
                           f"{UPGRADE_FIRST}")
    return engine, url


@contextmanager
def database_errors(url: URL) -> Iterator[None]:
    """Turn a database failure into one line naming the database (never its password)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        raise CommandError(f"database at {redact_url(url)}: {error_reason(exc, url.password)}"
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

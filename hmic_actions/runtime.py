"""What ``serve`` and ``worker`` check before they start: the settings, the database and
the broker.

Each check turns a problem into :class:`~hmic_actions.cli.CommandError`: one line, with
any password in a URL shown as ``***``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hmic_actions.cli import CommandError
from hmic_actions.database import error_reason

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

    from hmic_actions.settings import Settings


def check_settings() -> Settings:
    """Every setting, checked (``hmic_actions.settings``); the first bad one is the error."""
    from hmic_actions.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise CommandError(exc.reason) from None


def open_database(upgrade: bool) -> tuple[Engine, URL]:
    """An engine on ``DATABASE_URL`` (default: the SQLite file) whose schema is current.

    With ``upgrade`` the migrations are applied first (the embedded mode owns its
    database); otherwise a database behind the newest revision is refused with the
    command that fixes it.
    """
    from alembic.util import CommandError as AlembicError
    from sqlalchemy.exc import SQLAlchemyError

    from models import migrate
    from models.db import DatabaseUrlError, make_engine, parse_url, redact

    try:
        url = parse_url()
    except DatabaseUrlError as exc:
        raise CommandError(f"DATABASE_URL: {exc}") from None
    where = f"database at {redact(url)}"
    engine = make_engine(url)
    try:
        revision = migrate.upgrade(engine=engine) if upgrade else migrate.current(engine=engine)
    except (SQLAlchemyError, AlembicError) as exc:
        engine.dispose()
        raise CommandError(f"{where}: {error_reason(exc, url.password)}") from None
    if revision != migrate.head():
        engine.dispose()
        state = "has no schema yet" if revision is None else f"is at revision {revision}"
        raise CommandError(f"{where} {state}; run hmic-actions db upgrade first")
    return engine, url


def check_redis(url: str) -> None:
    """Refuse a Redis URL that is malformed or does not answer a ping within 3 seconds."""
    import redis

    from worker.dispatch import redact

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        client.ping()
        client.close()
    except ValueError as exc:
        raise CommandError(f"REDIS_URL={redact(url)!r} is not a Redis URL ({exc})") from None
    except redis.RedisError as exc:
        raise CommandError(f"cannot reach Redis at {redact(url)} (REDIS_URL): "
                           f"{error_reason(exc, None)}") from None

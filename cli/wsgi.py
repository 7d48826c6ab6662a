"""The web app for a WSGI server, in team mode:

    gunicorn --config python:cli.gunicorn_config --workers 2 --bind 0.0.0.0:8000 cli.wsgi:app

The settings and the database are checked before anything is served (``prepare``): once in
gunicorn's master with the config above (``cli.gunicorn_config``), and again when each
worker makes the app, so a server with a bad setting, no ``REDIS_URL`` or a database behind
the newest schema stops at start with one line instead of failing request by request.
The app's log lines follow ``HMIC_LOG_FORMAT`` (see ``hmic_actions.logs``); gunicorn's own
lines keep gunicorn's format.
Reports go to ``hmic-actions worker`` processes through ``REDIS_URL``: the server's own
processes never process reports. Like ``hmic-actions serve``, it starts even when Redis
does not answer yet: uploads are stored and queued once it is back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gunicorn.errors import AppImportError

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy import Engine

__all__ = ["load_app", "prepare"]


def prepare() -> tuple[Engine, str]:
    """Check the service can run as configured: the settings, ``REDIS_URL`` and a database
    at the newest schema. Returns the engine and the broker URL; raises
    :class:`~cli.main.CommandError` with one line otherwise."""
    from cli.database import open_database
    from cli.main import CommandError
    from cli.service import check_settings
    from hmic_actions.logs import configure_logging

    settings = check_settings()
    configure_logging()  # HMIC_LOG_FORMAT, HMIC_LOG_LEVEL for the app's own lines
    redis_url = settings["REDIS_URL"]
    if not redis_url:
        raise CommandError("REDIS_URL is not set: behind a WSGI server reports go to "
                           "hmic-actions worker processes through Redis (e.g. "
                           "REDIS_URL=redis://127.0.0.1:6379/0)")
    engine, _url = open_database()
    return engine, redis_url


def load_app() -> Flask:
    """The app on ``DATABASE_URL`` sending reports through ``REDIS_URL``, after the checks.

    Raises :class:`gunicorn.errors.AppImportError` with one line when the service cannot
    run as configured.
    """
    from cli.main import PROG, CommandError
    from cli.service import team_app

    try:
        engine, redis_url = prepare()
    except CommandError as exc:
        raise AppImportError(f"{PROG}: error: {exc}") from None
    # The check's connection is not handed on: with --preload this runs before the fork,
    # and a pooled connection must never be shared by two processes.
    engine.dispose()
    return team_app(engine, redis_url)


def __getattr__(name: str) -> Flask:
    # ``app`` is made when gunicorn asks for it (in each worker), not when this module is
    # imported: the master imports it only to run the checks (cli.gunicorn_config).
    if name == "app":
        app = load_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

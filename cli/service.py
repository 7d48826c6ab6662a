"""How the service is put together, in one place.

- **Embedded** (``hmic-actions serve`` without ``REDIS_URL``): one process runs the API, a
  worker thread that processes uploads one at a time and the recovery sweep, on a database
  whose migrations it applies at start (:func:`embedded_app`).
- **Team**: the API (``hmic-actions serve`` with ``REDIS_URL``, or gunicorn through
  ``cli.wsgi``) hands reports to Celery workers through Redis (:func:`team_app`); each
  ``hmic-actions worker`` runs Celery processes and the recovery sweep
  (:func:`run_team_worker`).

The same code paths run in both; only the dispatcher and who runs the sweep differ. Each
check before start turns a problem into :class:`~cli.main.CommandError`: one line, with any
password in a URL shown as ``***``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cli.database import error_reason
from cli.main import CommandError
from hmic_actions.settings import redact_url

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy import Engine

    from hmic_actions.settings import Settings
    from worker.settings import WorkerSettings


def check_settings() -> Settings:
    """Every setting, checked (``hmic_actions.settings``); the first bad one is the error."""
    from hmic_actions.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise CommandError(exc.reason) from None


def check_redis(url: str) -> None:
    """Refuse a Redis URL that is malformed or does not answer a ping within 3 seconds."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        client.ping()
        client.close()
    except ValueError as exc:
        raise CommandError(f"REDIS_URL={redact_url(url)!r} is not a Redis URL ({exc})") from None
    except redis.RedisError as exc:
        raise CommandError(f"cannot reach Redis at {redact_url(url)} (REDIS_URL): "
                           f"{error_reason(exc, None)}") from None


def embedded_app(engine: Engine, settings: WorkerSettings) -> Flask:
    """The app, with the worker thread and the recovery sweep running beside it."""
    from sqlalchemy import text

    from api import create_app
    from worker import runtime, tasks
    from worker.dispatch import EmbeddedDispatcher
    from worker.recovery import Sweeper

    if engine.dialect.name == "sqlite":
        # Readers (the API) and the writer (the worker thread) then do not block each other.
        with engine.connect() as connection:
            connection.execute(text("PRAGMA journal_mode=WAL"))
    dispatcher = EmbeddedDispatcher(runner=tasks.run_here, rematcher=tasks.rematch_here)
    runtime.configure(engine=engine, dispatcher=dispatcher)
    dispatcher.start(before=runtime.warm_up)
    # At start nothing can be in flight in this process: every report left queued or
    # processing by a previous run is sent at once.
    Sweeper(engine, dispatcher, interval=settings.sweep_seconds,
            grace=settings.queued_grace_seconds, first_grace=0).start()
    return create_app({"ENGINE": engine, "DISPATCHER": dispatcher})


def team_app(engine: Engine, redis_url: str) -> Flask:
    """The app sending reports through Redis to ``hmic-actions worker`` processes."""
    from api import create_app
    from worker.dispatch import CeleryDispatcher

    return create_app({"ENGINE": engine, "DISPATCHER": CeleryDispatcher(redis_url)})


def run_team_worker(settings: WorkerSettings, argv: list[str]) -> None:
    """Run a Celery worker (``argv`` as for ``celery worker``) that takes reports from
    ``settings.redis_url`` and runs the recovery sweep while it is up."""
    from models.db import make_engine
    from worker import runtime, signals
    from worker.app import app
    from worker.dispatch import CeleryDispatcher
    from worker.recovery import Sweeper

    redis_url = settings.redis_url
    assert redis_url, "a team worker needs REDIS_URL"
    runtime.configure(make_dispatcher=lambda: CeleryDispatcher(redis_url))
    signals.run_sweeper(lambda: Sweeper(make_engine(), CeleryDispatcher(redis_url),
                                        interval=settings.sweep_seconds,
                                        grace=settings.queued_grace_seconds))
    app.worker_main(argv)

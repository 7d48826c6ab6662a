"""``hmic-actions serve``: the web API, with a worker in the same process when there is no Redis.

Without ``REDIS_URL`` (the embedded mode) one process runs everything a single user needs:
the API, a worker thread that processes uploads one at a time, and the recovery sweep, on
the SQLite file (or ``DATABASE_URL``), whose migrations are applied at start. With
``REDIS_URL`` it runs the API only and hands reports to ``hmic-actions worker`` processes.
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import TYPE_CHECKING

from hmic_actions.cli import PROG, CommandError

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy import Engine

    from worker.settings import WorkerSettings


def register(subcommands: argparse._SubParsersAction) -> None:
    serve = subcommands.add_parser(
        "serve", help="run the web API (and, without REDIS_URL, a worker in the same process)",
        description="Run the web API on HOST:PORT. Without REDIS_URL a worker runs in the "
                    "same process (embedded mode, SQLite by default); with REDIS_URL, "
                    "reports go to hmic-actions worker processes.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on "
                                                           "(default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--threads", type=int, default=4,
                       help="threads answering HTTP requests (default: 4)")
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import waitress

    from api import create_app
    from hmic_actions.logs import configure_logging
    from hmic_actions.runtime import check_redis, check_settings, open_database
    from models.db import redact
    from worker.settings import WorkerSettings

    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port}: not a port number (1-65535)")
    if args.threads < 1:
        raise CommandError(f"--threads {args.threads}: must be at least 1")
    check_settings()  # a bad value stops us here, not every request or report later
    settings = WorkerSettings.from_env()
    configure_logging()
    if settings.redis_url:
        from worker.dispatch import CeleryDispatcher
        from worker.dispatch import redact as redact_redis

        engine, url = open_database(upgrade=False)
        try:
            check_redis(settings.redis_url)
        except CommandError as exc:  # uploads are kept and queued once Redis is back
            print(f"{PROG}: warning: {exc}", file=sys.stderr)
        dispatcher = CeleryDispatcher(settings.redis_url)
        mode = f"workers through {redact_redis(settings.redis_url)}"
        app = create_app({"ENGINE": engine, "DISPATCHER": dispatcher})
    else:
        engine, url = open_database(upgrade=True)
        app, mode = _embedded(engine, settings), "embedded worker"
    # Leave through the normal path on SIGTERM; a report in hand is recovered at next start.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"{PROG}: serving on http://{args.host}:{args.port}/api ({mode}; database "
          f"{redact(url)})", flush=True)
    # Bodies up to twice the upload limit reach the app, which answers 413 in JSON; larger
    # ones are refused by waitress from their Content-Length, before they are read.
    try:
        waitress.serve(app, host=args.host, port=args.port, threads=args.threads,
                       ident=PROG, max_request_body_size=2 * app.config["MAX_CONTENT_LENGTH"])
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: "
                           f"{exc.strerror or exc}") from None
    return 0


def _embedded(engine: Engine, settings: WorkerSettings) -> Flask:
    """The app, with the worker thread and the recovery sweep running beside it."""
    from sqlalchemy import text

    from api import create_app
    from worker import tasks
    from worker.dispatch import EmbeddedDispatcher
    from worker.recovery import Sweeper

    if engine.dialect.name == "sqlite":
        # Readers (the API) and the writer (the worker thread) then do not block each other.
        with engine.connect() as connection:
            connection.execute(text("PRAGMA journal_mode=WAL"))
    dispatcher = EmbeddedDispatcher()
    tasks.configure(engine=engine, dispatcher=dispatcher)
    dispatcher.start(before=tasks.warm_up)
    # At start nothing can be in flight in this process: every report left queued or
    # processing by a previous run is sent at once.
    Sweeper(engine, dispatcher, interval=settings.sweep_seconds,
            grace=settings.queued_grace_seconds, first_grace=0).start()
    return create_app({"ENGINE": engine, "DISPATCHER": dispatcher})

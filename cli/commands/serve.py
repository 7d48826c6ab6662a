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

from cli.main import PROG, CommandError
from hmic_actions.settings import redact_url


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

    from cli.database import open_database
    from cli.service import check_redis, check_settings, embedded_app, team_app
    from hmic_actions.logs import configure_logging
    from worker.settings import WorkerSettings

    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port}: not a port number (1-65535)")
    if args.threads < 1:
        raise CommandError(f"--threads {args.threads}: must be at least 1")
    check_settings()  # a bad value stops us here, not every request or report later
    settings = WorkerSettings.from_env()
    configure_logging()
    if settings.redis_url:
        engine, url = open_database()
        try:
            check_redis(settings.redis_url)
        except CommandError as exc:  # uploads are kept and queued once Redis is back
            print(f"{PROG}: warning: {exc}", file=sys.stderr)
        app, mode = team_app(engine, settings.redis_url), (
            f"workers through {redact_url(settings.redis_url)}")
    else:
        engine, url = open_database(upgrade=True)
        app, mode = embedded_app(engine, settings), "embedded worker"
    # Leave through the normal path on SIGTERM; a report in hand is recovered at next start.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    page = f"http://{_browsable(args.host)}:{args.port}/"
    print(f"{PROG}: serving on {page} (open it in a browser; the API is described at "
          f"{page}api/docs; {mode}; database {redact_url(url)})", flush=True)
    # Bodies up to twice the upload limit reach the app, which answers 413 in JSON; larger
    # ones are refused by waitress from their Content-Length, before they are read.
    try:
        waitress.serve(app, host=args.host, port=args.port, threads=args.threads,
                       ident=PROG, max_request_body_size=2 * app.config["MAX_CONTENT_LENGTH"])
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: "
                           f"{exc.strerror or exc}") from None
    return 0


def _browsable(host: str) -> str:
    """The host as a browser is given it: a wildcard address becomes this machine's."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host

"""gunicorn's settings for hmic-actions: ``gunicorn --config python:cli.gunicorn_config ...``.

The service's checks (``cli.wsgi.prepare``: the settings, ``REDIS_URL``, a database at the
newest schema) run once in gunicorn's master, before it opens its port or starts a worker,
so a server that cannot run stops at once with one line and exit status 2. Left to the
workers, each would fail on its own and gunicorn, stopping them all at once, can print a
traceback of its own.
"""

from __future__ import annotations

import sys
from typing import Any


def on_starting(server: Any) -> None:
    """gunicorn's hook before the master starts: refuse to start a service that cannot run."""
    from cli.main import PROG, CommandError
    from cli.wsgi import prepare

    try:
        engine, _redis_url = prepare()
    except CommandError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr, flush=True)
        sys.exit(2)
    engine.dispose()  # no connection may cross the fork into the workers

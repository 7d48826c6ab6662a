"""Request ids: every request gets one, every log line of the request carries it.

The id comes from the caller's ``X-Request-ID`` header when it is a plain token of up to
128 characters, else a new one is made; the response echoes it in ``X-Request-ID``. A
report id in the URL (``/api/reports/<id>/…``) goes into the log context too. Each request
ends with one log line: method, path, status and time taken (health probes and metrics
scrapes at DEBUG only).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, Response, g, request

from hmic_actions import logs

__all__ = ["HEADER", "init_request_ids"]

HEADER = "X-Request-ID"

#: Paths whose request lines are logged at DEBUG only.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/api/health", "/metrics"})

log = logging.getLogger("api.requests")


def init_request_ids(app: Flask) -> None:
    """Give every request of ``app`` a request id and log its outcome."""
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_forget)


def _start() -> None:
    request_id = logs.valid_request_id(request.headers.get(HEADER)) or logs.new_request_id()
    report_id = (request.view_args or {}).get("report_id")
    context = logs.log_context(request_id=request_id,
                               report_id=report_id if isinstance(report_id, int) else None)
    context.__enter__()
    g.hmic_log_context = context
    g.hmic_request_started = time.monotonic()


def _finish(response: Response) -> Response:
    request_id = logs.current_request_id()
    if request_id:
        response.headers[HEADER] = request_id
    started = g.get("hmic_request_started")
    if started is not None:
        elapsed = (time.monotonic() - started) * 1000
        # Probes and scrapes come every few seconds: their lines would drown the rest.
        level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
        # A view that made or found a report (an upload) names it for this line.
        extra = {"report_id": g.report_id} if g.get("report_id") is not None else None
        log.log(level, "%s %s %s in %.0f ms", request.method, request.path,
                response.status_code, elapsed, extra=extra)
    return response


def _forget(_exc: BaseException | None = None) -> Any:
    # The thread answers other requests next: their lines must not carry this one's id.
    context = g.pop("hmic_log_context", None)
    if context is not None:
        context.__exit__(None, None, None)
    return None


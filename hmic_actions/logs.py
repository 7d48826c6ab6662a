"""Log lines: readable text or JSON, each carrying the request and report it is about.

:func:`configure_logging` sets up the root logger from ``HMIC_LOG_FORMAT`` (``text``, the
default, or ``json``: one object per line with ``time``, ``level``, ``logger``,
``message``, ``request_id`` and ``report_id``) and ``HMIC_LOG_LEVEL``.

The context (``request_id``, ``report_id``) lives in context variables, so it follows a
request through its thread and a report through its task without being passed around:
:func:`log_context` sets it for a block, and every log line written inside carries it.
The API takes the request id from ``X-Request-ID`` (or makes one); the queue carries an
upload's request id to the worker, so one report can be followed from upload to ready.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

__all__ = ["JsonFormatter", "TextFormatter", "configure_logging", "current_report_id",
           "current_request_id", "log_context", "new_request_id", "valid_request_id"]

_request_id: ContextVar[str | None] = ContextVar("hmic_request_id", default=None)
_report_id: ContextVar[int | None] = ContextVar("hmic_report_id", default=None)

_KEEP: Any = object()

# A request id we echo and log must be short and plain: no spaces, quotes or line breaks.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def current_request_id() -> str | None:
    """The request id of the code running now (None outside a request or a task)."""
    return _request_id.get()


def current_report_id() -> int | None:
    """The report the code running now is about (None when not about one)."""
    return _report_id.get()


def new_request_id() -> str:
    """A fresh request id (32 hex digits)."""
    return uuid.uuid4().hex


def valid_request_id(value: str | None) -> str | None:
    """``value`` if it can be used as a request id as it is, else None."""
    if value and _REQUEST_ID.fullmatch(value):
        return value
    return None


@contextlib.contextmanager
def log_context(*, request_id: str | None = _KEEP, report_id: int | None = _KEEP
                ) -> Iterator[None]:
    """Log lines written inside the block carry these ids (an id not given is kept)."""
    tokens = []
    if request_id is not _KEEP:
        tokens.append((_request_id, _request_id.set(request_id)))
    if report_id is not _KEEP:
        tokens.append((_report_id, _report_id.set(report_id)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


class ContextFilter(logging.Filter):
    """Puts the current ``request_id`` and ``report_id`` on every record (unless it has them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get()
        if getattr(record, "report_id", None) is None:
            record.report_id = _report_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, report_id."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "report_id": getattr(record, "report_id", None),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger: message [request=… report=…]``, for people reading a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = []
        if getattr(record, "request_id", None):
            context.append(f"request={record.request_id}")
        if getattr(record, "report_id", None) is not None:
            context.append(f"report={record.report_id}")
        if not context:
            return text
        first, newline, rest = text.partition("\n")
        return f"{first} [{' '.join(context)}]{newline}{rest}"


def configure_logging(fmt: str | None = None, level: str | int | None = None,
                      stream: IO[str] | None = None) -> None:
    """Log to ``stream`` (default: stderr) in ``fmt`` at ``level`` (defaults: the settings).

    Replaces the handler an earlier call installed, so calling it again (e.g. in a forked
    worker process) never doubles the lines.
    """
    from hmic_actions import settings

    fmt = fmt or settings.value("HMIC_LOG_FORMAT")
    level = level or settings.value("HMIC_LOG_LEVEL")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(ContextFilter())
    handler._hmic_actions = True  # type: ignore[attr-defined]
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_hmic_actions", False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else str(level).upper())
    # Their INFO lines are about each migration step or each HTTP request to a library.
    for noisy in ("alembic", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

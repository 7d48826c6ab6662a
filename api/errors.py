"""Errors as JSON of one shape: ``{"error": {"code": "...", "message": "..."}}``.

Every error under ``/api`` — ours, Flask's (404, 405, 413 ...) and unexpected exceptions —
is answered this way with its status code; a traceback is logged, never sent.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

__all__ = ["ApiError", "error_response", "register"]

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error to answer with: HTTP status, a stable snake_case code and a one-line message."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def error_response(status: int, code: str, message: str,
                   **extra: Any) -> tuple[Response, int]:
    """The JSON error body and its status; ``extra`` (e.g. ``details``, ``current``) joins it."""
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


def register(app: Flask) -> None:
    """Install the error handlers on the app."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> tuple[Response, int]:
        return error_response(exc.status, exc.code, exc.message, **exc.extra)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(exc: RequestEntityTooLarge) -> tuple[Response, int] | HTTPException:
        limit = app.config["MAX_UPLOAD_MB"]
        return _if_api(exc, 413, "file_too_large",
                       f"the upload is larger than the limit of {limit:g} MB (HMIC_MAX_FILE_MB)")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Response, int] | HTTPException:
        messages = (getattr(exc, "data", None) or {}).get("messages")
        if exc.code == 422 and isinstance(messages, dict):  # a body or query that is refused
            return _invalid(messages)
        code = re.sub(r"[^a-z0-9]+", "_", (exc.name or "error").lower()).strip("_")
        return _if_api(exc, exc.code or 500, code, exc.description or exc.name or "error")

    @app.errorhandler(OperationalError)
    def _database_down(exc: OperationalError) -> tuple[Response, int]:
        log.error("database unavailable: %s", " ".join(str(exc.orig or exc).split())[:300])
        return error_response(503, "database_unavailable",
                              "the database cannot be reached; try again shortly")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal_error",
                              "an unexpected error occurred; it has been logged")


def _invalid(messages: dict[str, Any]) -> tuple[Response, int]:
    """422 for a request the schemas refused, naming each field and its problem."""
    details = {field: problem for where in messages.values() if isinstance(where, dict)
               for field, problem in where.items()}
    listed = "; ".join(f"{field}: {_first(problem)}" for field, problem in details.items())
    return error_response(422, "invalid_body", listed or "the request is not valid",
                          details=details)


def _first(problem: Any) -> str:
    while isinstance(problem, list | dict) and problem:
        problem = problem[0] if isinstance(problem, list) else next(iter(problem.values()))
    return " ".join(str(problem).split())


def _if_api(exc: HTTPException, status: int, code: str,
            message: str) -> tuple[Response, int] | HTTPException:
    if request.path.startswith("/api"):
        return error_response(status, code, " ".join(message.split()))
    return exc

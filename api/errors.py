"""Errors as JSON of one shape: ``{"error": {"code": "...", "message": "..."}}``.

Every error under ``/api`` — ours, Flask's (404, 405, 413 ...) and unexpected exceptions —
is answered this way with its status code; a traceback is logged, never sent.

The errors of tracker operations (``models.ops.errors``) and of settings are answered here,
once, for every view (:func:`operation_error`): ``NotFoundError`` is 404 ``not_found``,
``ConflictError`` 409 (its own ``code``, else ``conflict``), any other ``OperationError``
422 ``invalid``, and ``SettingsError`` 500 ``bad_settings``. An error answer rolls back the
request's database session first, so it never leaves half a change.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from api.services import rollback_session
from hmic_actions.settings import SettingsError
from models.ops.errors import ConflictError, DuplicateError, NotFoundError, OperationError

__all__ = ["ApiError", "error_response", "operation_error", "register"]

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


def operation_error(exc: OperationError | SettingsError, default_code: str | None = None,
                    **extra: Any) -> ApiError:
    """The answer to an operation's or a setting's error: the one mapping to HTTP.

    ``default_code`` replaces the usual code of a conflict that carries none of its own;
    ``extra`` joins the body (e.g. ``current``).
    """
    if isinstance(exc, SettingsError):
        return ApiError(500, "bad_settings", str(exc), **extra)
    if isinstance(exc, NotFoundError):
        return ApiError(404, "not_found", str(exc), **extra)
    if isinstance(exc, DuplicateError):
        existing = exc.existing
        extra.setdefault("existing", {"id": getattr(existing, "id", None),
                                      "reference": getattr(existing, "reference", None)})
    if isinstance(exc, ConflictError):
        return ApiError(409, exc.code or default_code or "conflict", str(exc), **extra)
    return ApiError(422, "invalid", str(exc), **extra)


def register(app: Flask) -> None:
    """Install the error handlers on the app."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> tuple[Response, int]:
        rollback_session()
        return error_response(exc.status, exc.code, exc.message, **exc.extra)

    @app.errorhandler(OperationError)
    @app.errorhandler(SettingsError)
    def _operation_error(exc: OperationError | SettingsError) -> tuple[Response, int]:
        return _api_error(operation_error(exc))

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

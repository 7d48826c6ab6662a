"""``GET /api/health``: whether the service can do its work (database and queue reachable)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.errors import error_response
from api.services import services

bp = Blueprint("health", __name__, url_prefix="/api")


@bp.get("/health")
def health() -> tuple[Response, int]:
    """200 with the checks when all pass; 503 with the error naming what failed."""
    svc = services()
    problems = []
    try:
        with svc.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError as exc:
        database = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        problems.append(f"database: {database}")
    queue_problem = svc.dispatcher.check()
    if queue_problem:
        problems.append(f"queue: {queue_problem}")
    checks = {"database": database,
              "queue": {"mode": svc.dispatcher.mode, "status": queue_problem or "ok"}}
    if problems:
        return error_response(503, "unavailable", "; ".join(problems))
    return jsonify({"status": "ok", "checks": checks}), 200

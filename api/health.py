"""Health: ``/healthz`` (the process answers), ``/readyz`` and ``/api/health`` (the database
and the queue are reachable). All three are open: they need no caller."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.errors import ApiError
from api.openapi import OPEN
from api.schemas import ErrorSchema, HealthSchema
from api.services import services

bp = Blueprint("health", __name__, description="Liveness and readiness (open)")


def _checks() -> tuple[dict[str, Any], list[str]]:
    """The database and queue checks, and the problems found (empty when all pass)."""
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
    return checks, problems


def _ready(code: str) -> dict[str, Any]:
    checks, problems = _checks()
    if problems:
        raise ApiError(503, code, "; ".join(problems))
    return {"status": "ok", "checks": checks}


@bp.route("/api/health", methods=["GET"])
@bp.doc(security=OPEN)
@bp.response(200, HealthSchema)
@bp.alt_response(503, schema=ErrorSchema,
                 description="the database or the queue cannot be reached")
def health() -> dict[str, Any]:
    """Whether the service can do its work: 200 with the checks, else 503 naming what failed."""
    return _ready("unavailable")


@bp.route("/healthz", methods=["GET"])
@bp.doc(security=OPEN)
@bp.response(200, HealthSchema)
def healthz() -> dict[str, Any]:
    """The process is alive and answering (checks nothing else)."""
    return {"status": "ok", "checks": {}}


@bp.route("/readyz", methods=["GET"])
@bp.doc(security=OPEN)
@bp.response(200, HealthSchema)
@bp.alt_response(503, schema=ErrorSchema,
                 description="the database or the broker cannot be reached")
def readyz() -> dict[str, Any]:
    """Ready for work: the database and the broker are reachable (503 ``not_ready`` if not)."""
    return _ready("not_ready")

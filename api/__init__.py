"""Flask app: HTTP, validation and serialisation over ``models`` (app factory, blueprints).

``create_app(config)`` builds the app. Configuration keys (all optional):

==================  =================================================================
DISPATCHER          how reports reach a worker (required: the composition in
                    ``cli.service`` gives the embedded worker or Celery through Redis)
ENGINE              an SQLAlchemy engine to use instead of making one
DATABASE_URL        the database when no engine is given (default: the setting)
MAX_UPLOAD_MB       the upload size limit (default: the setting ``HMIC_MAX_FILE_MB``)
SECRET_KEY          signs login cookies (default: the setting ``HMIC_SECRET_KEY``, else
                    a random key)
==================  =================================================================

Every request gets a request id (``X-Request-ID``, see ``api.requests``) that its log
lines carry. Every endpoint but health (``/healthz``, ``/readyz``, ``/api/health``) and the API's
description (``/api/openapi.json``, ``/api/docs`` and its ``/api/docs.css``) needs a caller
(an API token or a login; see ``api.auth``): none gets 401, too low a role 403.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from api import errors, health, items, metrics, pages, reporting, reports, review, source, users
from api.auth import init_auth
from api.openapi import init_openapi
from api.requests import init_request_ids
from api.services import KEY, Services, close_session
from extractor.guard import Limits
from models.db import make_engine, make_sessionmaker

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The hmic-actions web app."""
    app = Flask(__name__)
    app.config.update(DATABASE_URL=None, ENGINE=None, DISPATCHER=None,
                      MAX_UPLOAD_MB=Limits.from_env().max_file_mb)
    app.config.update(config or {})
    # Room for the multipart envelope; the file itself is checked against the exact limit.
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_UPLOAD_MB"] * 10**6) + (1 << 16)
    app.json.sort_keys = False  # type: ignore[attr-defined]

    engine = app.config["ENGINE"] or make_engine(app.config["DATABASE_URL"])
    dispatcher = app.config["DISPATCHER"]
    if dispatcher is None:
        raise ValueError("create_app needs a DISPATCHER (see cli.service)")
    app.extensions[KEY] = Services(engine=engine, sessions=make_sessionmaker(engine),
                                   dispatcher=dispatcher)
    app.teardown_appcontext(close_session)
    init_request_ids(app)  # first, so even a refused caller's lines carry the request id
    errors.register(app)
    init_auth(app)  # needs the services above: callers are looked up in the database
    api = init_openapi(app)
    for blueprint in (health.bp, reports.bp, review.bp, items.bp, source.bp, users.bp,
                      reporting.bp):
        api.register_blueprint(blueprint)
    app.register_blueprint(pages.bp)
    app.register_blueprint(metrics.bp)
    return app

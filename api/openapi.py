"""The OpenAPI 3 description, generated from the views and schemas by flask-smorest.

``/api/openapi.json`` serves it; ``/api/docs`` is a page listing every operation, built from
the same description on the server (no scripts or assets from elsewhere). Both are open, as
the description holds no data.
"""

from __future__ import annotations

import html
from typing import Any

from flask import Flask, Response
from flask_smorest import Api
from werkzeug.routing import IntegerConverter

from api.schemas import ErrorSchema

__all__ = ["MAX_ID", "IdConverter", "ReviewApi", "init_openapi"]

BEARER = "bearerAuth"
OPEN: list[dict[str, list[str]]] = []  # operation security for endpoints needing no caller


# Row ids are 32-bit integer columns: a larger id in a URL names nothing (404), and must
# not reach the database, which would refuse it.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<id:name>`` in a route: a row id, 1 to ``MAX_ID``."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(map, min=1, max=MAX_ID)


class ReviewApi(Api):
    """flask-smorest's Api with this service's error body; errors are answered by ``api.errors``."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        # api.errors answers every error in the one JSON shape; keep its handlers.
        pass


def init_openapi(app: Flask) -> ReviewApi:
    """Configure flask-smorest on ``app``; register blueprints on the returned Api.

    Routes name row ids with the ``id`` converter (``/reports/<id:report_id>``).
    """
    app.config.setdefault("API_TITLE", "hmic-actions")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": "Reports, their draft items and the review of those drafts. "
                                "Send an API token as 'Authorization: Bearer <token>'."},
        "security": [{BEARER: []}],
    })
    app.url_map.converters["id"] = IdConverter
    api = ReviewApi(app)
    api.register_converter(
        IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
    api.spec.components.security_scheme(BEARER, {"type": "http", "scheme": "bearer"})
    app.add_url_rule("/api/docs", "openapi_docs", lambda: docs_page(api))
    return api


_METHODS = ("get", "post", "put", "patch", "delete")


def docs_page(api: Api) -> Response:
    """A self-contained HTML page listing the operations of the description."""
    spec: dict[str, Any] = api.spec.to_dict()
    rows = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            statuses = ", ".join(sorted(operation.get("responses", {})))
            needs = "open" if operation.get("security") == [] else "token"
            rows.append(
                f"<tr><td><code>{method.upper()}</code></td><td><code>{html.escape(path)}"
                f"</code></td><td>{html.escape(operation.get('summary', ''))}<br><small>"
                f"{html.escape(operation.get('description', ''))}</small></td>"
                f"<td>{needs}</td><td>{html.escape(statuses)}</td></tr>")
    title = html.escape(f"{spec['info']['title']} API {spec['info']['version']}")
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
        "vertical-align:top;text-align:left}</style></head><body>"
        f"<h1>{title}</h1><p>{html.escape(spec['info'].get('description', ''))}</p>"
        "<p>The full description: <a href='/api/openapi.json'>/api/openapi.json</a> "
        "(OpenAPI 3). Errors are <code>{\"error\": {\"code\", \"message\"}}</code>.</p>"
        "<table><tr><th>method</th><th>path</th><th>what</th><th>auth</th>"
        f"<th>responses</th></tr>{''.join(rows)}</table></body></html>")
    return Response(page, mimetype="text/html")

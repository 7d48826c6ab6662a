"""The OpenAPI 3 description, generated from the views and schemas by flask-smorest.

``/api/openapi.json`` serves it; ``/api/docs`` is a page listing every operation, built from
the same description on the server, with its style sheet at ``/api/docs.css`` (no inline
style or script, nothing from elsewhere, so the pages' Content-Security-Policy holds). All
three are open, as the description holds no data.

Every operation's answers are documented: the views name their own (404, 409, 422 ...), and
:class:`Conventions` adds what every guarded view may answer (401 without a caller, 403 to a
role too low) and writes the literals of docstrings, in reStructuredText's double
backquotes, in Markdown's single ones.
"""

from __future__ import annotations

import html
import re
from typing import Any

from apispec import BasePlugin
from flask import Flask, Response
from flask_smorest import Api
from werkzeug.routing import IntegerConverter, Rule

from api.schemas import ErrorSchema

__all__ = ["MAX_ID", "Conventions", "IdConverter", "ReviewApi", "init_openapi"]

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


_ERROR_REF = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_RST_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)


def markdown(text: str) -> str:
    """A docstring's text with reStructuredText's literals (double backquotes) written as
    Markdown's (single backquotes)."""
    return _RST_LITERAL.sub(r"`\1`", text)


class Conventions(BasePlugin):
    """Completes each operation as it is added to the description: the 401 and 403 of a
    guarded view (``api.auth.requires``), and Markdown for reStructuredText literals."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def operation_helper(self, path: str | None = None,
                         operations: dict[str, Any] | None = None, **kwargs: Any) -> None:
        rule: Rule | None = kwargs.get("rule")
        view = self.app.view_functions.get(rule.endpoint) if rule is not None else None
        role = getattr(view, "required_role", None)
        for operation in (operations or {}).values():
            for key in ("summary", "description"):
                if isinstance(operation.get(key), str):
                    operation[key] = markdown(operation[key])
            for parameter in operation.get("parameters", []):
                if isinstance(parameter, dict) and isinstance(parameter.get("description"), str):
                    parameter["description"] = markdown(parameter["description"])
            if role is None:
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("401", {
                "description": "no caller: no API token or login, or one that is not valid",
                **_ERROR_REF})
            if role != "viewer":
                responses.setdefault("403", {
                    "description": f"the caller's role is below {role}, or a write made "
                                   "with the login cookie lacks its X-CSRF-Token",
                    **_ERROR_REF})


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
    api = ReviewApi(app, spec_kwargs={"extra_plugins": [Conventions(app)]})
    api.register_converter(
        IdConverter, lambda _converter: {"type": "integer", "minimum": 1, "maximum": MAX_ID})
    api.spec.components.security_scheme(BEARER, {"type": "http", "scheme": "bearer"})
    app.add_url_rule("/api/docs", "openapi_docs", lambda: docs_page(api))
    app.add_url_rule("/api/docs.css", "openapi_docs_css", docs_style)
    return api


_METHODS = ("get", "post", "put", "patch", "delete")


DOCS_STYLE = """\
body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8c8c8; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
td small { color: #444; white-space: pre-line; }
code { font-family: ui-monospace, monospace; background: #f3f3f3; padding: 0 2px; }
"""


def docs_style() -> Response:
    """The docs page's style sheet (a file of its own: the page allows no inline style)."""
    return Response(DOCS_STYLE, mimetype="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})


def _text(markdown_text: str) -> str:
    """Escaped HTML of Markdown text, its literals (in backquotes) as ``<code>``."""
    parts = html.escape(markdown_text).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


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
                f"</code></td><td>{_text(operation.get('summary', ''))}<br><small>"
                f"{_text(operation.get('description', ''))}</small></td>"
                f"<td>{needs}</td><td>{html.escape(statuses)}</td></tr>")
    title = html.escape(f"{spec['info']['title']} API {spec['info']['version']}")
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><link rel='stylesheet' href='/api/docs.css'></head><body>"
        f"<h1>{title}</h1><p>{_text(spec['info'].get('description', ''))}</p>"
        "<p>The full description: <a href='/api/openapi.json'>/api/openapi.json</a> "
        "(OpenAPI 3). Errors are <code>{\"error\": {\"code\", \"message\"}}</code>.</p>"
        "<table><tr><th>method</th><th>path</th><th>what</th><th>auth</th>"
        f"<th>responses</th></tr>{''.join(rows)}</table></body></html>")
    return Response(page, mimetype="text/html")

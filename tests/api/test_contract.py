"""The API against its own OpenAPI description: schemathesis generates requests for every
operation of ``/api/openapi.json`` (with a reviewer's token) and checks that none gets a 5xx
and every response matches the description. Also: the description and the docs page."""

from __future__ import annotations

import json

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from api import create_app
from models.db import session_scope
from models.ops import reports as report_ops
from models.ops.drafts import record_extraction, record_suggestions
from tests.api.test_reports import RecordingQueue
from tests.builders.rows import add_item, add_report, extraction, item
from tests.builders.samples import SAMPLES
from tests.conftest import Databases, empty_tables
from tests.service import api_token

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def sqlite_engine(databases: Databases) -> Engine:
    """The run's SQLite database, emptied (the fuzzing is about the HTTP layer)."""
    engine = databases.migrated("sqlite")
    empty_tables(engine)
    return engine


@pytest.fixture
def app(sqlite_engine: Engine) -> Flask:
    with session_scope(sqlite_engine) as session:
        report = add_report(session, title="Case handling")
        drafts = record_extraction(session, report, extraction(
            item("Forces should act on case files."), item("Forces should report.")))
        old = add_item(session)
        record_suggestions(session, drafts[0].id, "found",
                               [{"tracked_id": old.id, "relation": "same_as", "score": 0.8}])
        # A readable PDF too, so a draft's source and page image can be produced.
        pdf, _created = report_ops.add_report(session, "vetting.pdf",
                                       (SAMPLES / "boxed_vetting.pdf").read_bytes(), "tests")
        record_extraction(session, pdf, extraction(item("Forces should vet.", page=2)))
    return create_app({"ENGINE": sqlite_engine, "DISPATCHER": RecordingQueue(),
                       "MAX_UPLOAD_MB": 1})


def test_the_description_lists_every_operation_with_bearer_security(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {"type": "http",
                                                                   "scheme": "bearer"}
    assert spec["security"] == [{"bearerAuth": []}]
    paths = spec["paths"]
    for path, method in [("/api/reports", "get"), ("/api/reports", "post"),
                         ("/api/reports/{report_id}", "get"),
                         ("/api/reports/{report_id}/drafts", "get"),
                         ("/api/drafts/{draft_id}", "patch"),
                         ("/api/drafts/{draft_id}/accept", "post"),
                         ("/api/drafts/{draft_id}/reject", "post"),
                         ("/api/drafts/{draft_id}/link", "post"),
                         ("/api/reports/{report_id}/drafts/accept", "post"),
                         ("/api/reports/{report_id}/audit", "get"),
                         ("/api/tracked-items", "get"),
                         ("/api/tracked-items/{item_id}", "get"),
                         ("/api/tracked-items/{item_id}", "patch"),
                         ("/api/tracked-items/{item_id}/history", "get"),
                         ("/api/drafts/{draft_id}/source", "get"),
                         ("/api/drafts/{draft_id}/page.png", "get"),
                         ("/api/drafts/{draft_id}/item-fields", "get"),
                         ("/api/reports/{report_id}/drafts", "post"),
                         ("/api/reports/{report_id}/region-text", "get"),
                         ("/api/reports/{report_id}/file", "get"),
                         ("/api/reports/{report_id}/retry", "post"),
                         ("/api/reports/{report_id}", "delete"),
                         ("/api/inbox", "get"),
                         ("/api/tracked-items/{item_id}/links", "get")]:
        assert "security" not in paths[path][method], (path, method)
        assert paths[path][method]["responses"]["default"]
    for path in ("/healthz", "/readyz", "/api/health"):
        assert paths[path]["get"]["security"] == []
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]


def test_the_docs_page_is_self_contained_and_lists_operations(app):
    client = app.test_client()
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "/api/drafts/{draft_id}/accept" in page and "/api/openapi.json" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    # Nothing inline that the page's own policy (style-src 'self') would block: its style
    # is a file of this site.
    assert "<style" not in page.lower() and " style=" not in page.lower()
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "<link rel='stylesheet' href='/api/docs.css'>" in page
    style = client.get("/api/docs.css")
    assert style.status_code == 200 and style.mimetype == "text/css"
    assert "border-collapse" in style.get_data(as_text=True)
    # Docstrings' literals are shown as code, not as double backquotes.
    assert "``" not in page
    assert "(<code>limit</code>, <code>offset</code>)" in page


def test_the_description_writes_literals_in_markdown(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    text = json.dumps(spec["paths"])
    assert "``" not in text
    assert "(`limit`, `offset`)" in spec["paths"]["/api/reports"]["get"]["summary"]


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path, operation)
            for path, item in spec["paths"].items()
            for method, operation in item.items() if method in ("get", "post", "put", "patch",
                                                                 "delete")]


def test_every_operation_naming_a_row_documents_its_404(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    checked = []
    for method, path, operation in operations(spec):
        names = [p for p in operation.get("parameters", []) + spec["paths"][path].get(
            "parameters", []) if p.get("in") == "path"]
        if not names:
            continue
        assert "404" in operation["responses"], f"{method} {path} does not document its 404"
        error = operation["responses"]["404"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}, (method, path)
        checked.append((method, path))
    assert ("GET", "/api/reports/{report_id}") in checked
    assert ("GET", "/api/tracked-items/{item_id}/links") in checked
    assert len(checked) >= 30


def test_every_guarded_operation_documents_401_and_a_role_above_viewer_403(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    for method, path, operation in operations(spec):
        responses = operation["responses"]
        if operation.get("security") == []:
            assert "401" not in responses, (method, path)
            continue
        assert "401" in responses, (method, path)
        if method != "GET" or path.startswith("/api/users"):
            assert "403" in responses, (method, path)
    assert "403" not in spec["paths"]["/api/reports"]["get"]["responses"]
    assert "403" in spec["paths"]["/api/reports/{report_id}"]["delete"]["responses"]


def test_health_endpoints_are_open(app):
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok", "checks": {}}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["checks"]["database"] == "ok"
    assert client.get("/api/health").status_code == 200


def test_readyz_is_503_when_the_broker_is_down(sqlite_engine):
    class DownQueue(RecordingQueue):
        def check(self) -> str | None:
            return "cannot reach redis://127.0.0.1:1/0"

    app = create_app({"ENGINE": sqlite_engine, "DISPATCHER": DownQueue()})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "not_ready"
    assert "queue: cannot reach" in response.get_json()["error"]["message"]
    assert app.test_client().get("/healthz").status_code == 200


def test_every_operation_keeps_to_the_description(app, sqlite_engine):
    token = api_token(sqlite_engine, "sam", "reviewer")
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=CHECKS)

        try:
            check()
        except Exception as exc:  # gather every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)

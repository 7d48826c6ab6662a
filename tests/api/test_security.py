"""Security of the whole app, on SQLite and PostgreSQL: every route is enumerated from the
app's url_map, so a route added later is covered without changing these tests.

- without credentials, every route but health, the API description, static files and the
  login page answers 401 (API) or redirects to /login (pages);
- every write route refuses a viewer (403), and a cookie write without the CSRF header (403);
- bodies over the size limit get a 413 JSON error;
- an upload writes no file anywhere (the store is the database), whatever name it is sent as;
- pages carry a strict Content-Security-Policy and the other protective headers.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from werkzeug.routing import Rule

from api import create_app
from api.auth import LoginThrottle
from models.db import session_scope
from models.ops.users import add_user
from models.tables import AuditEvent, Report, StoredFile
from tests.api.test_reports import RecordingQueue
from tests.builders.samples import samples

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Open to everyone: health checks, the API's description, static files and the login page.
OPEN_ENDPOINTS = {"health.health", "health.healthz", "health.readyz",
                  "api-docs.openapi_json", "openapi_docs", "openapi_docs_css", "pages.login"}
LOGIN_ENDPOINTS = {"auth.login", "auth.logout"}
ADMIN_PASSWORD = "an admin password for the security tests"


@pytest.fixture
def app(engine: Engine) -> Flask:
    return create_app({"ENGINE": engine, "DISPATCHER": RecordingQueue(), "MAX_UPLOAD_MB": 1,
                       "SECRET_KEY": "a secret key for the security tests only"})


def is_static(rule: Rule) -> bool:
    return rule.endpoint == "static" or rule.endpoint.endswith(".static")


def url(app: Flask, rule: Rule) -> str:
    """A concrete URL for ``rule``: every path part is 1 (a valid id, name or word)."""
    with app.test_request_context():
        return app.url_map.bind("localhost").build(
            rule.endpoint, dict.fromkeys(rule.arguments, 1), method=None)


def routes(app: Flask, methods: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(method, url, endpoint) for every route answering one of ``methods``, static files
    excepted."""
    found = []
    for rule in app.url_map.iter_rules():
        if is_static(rule):
            continue
        for method in sorted(set(rule.methods or ()) & set(methods)):
            found.append((method, url(app, rule), rule.endpoint))
    return found


def guarded_routes(app: Flask) -> list[tuple[str, str, str]]:
    return [route for route in routes(app, ("GET", *WRITE_METHODS))
            if route[2] not in OPEN_ENDPOINTS | LOGIN_ENDPOINTS]


def write_routes(app: Flask) -> list[tuple[str, str, str]]:
    return [r for r in routes(app, WRITE_METHODS) if r[2] not in LOGIN_ENDPOINTS]


def call(client: FlaskClient, method: str, path: str, **kwargs):
    return client.open(path, method=method, json={} if method in WRITE_METHODS else None,
                       **kwargs)


def test_the_enumeration_finds_the_known_routes(app: Flask):
    guarded = {(m, e) for m, _, e in guarded_routes(app)}
    writes = {(m, e) for m, _, e in write_routes(app)}
    # A few routes known to exist: if the enumeration broke, these would be missing.
    assert {("POST", "reports.upload_report"), ("GET", "reports.list_reports"),
            ("GET", "pages.reports"), ("PATCH", "users.edit_user")} <= guarded
    assert {("POST", "reports.upload_report"), ("PATCH", "review.edit_draft")} <= writes
    assert not any(e in OPEN_ENDPOINTS for _, e in guarded)


def test_every_route_but_the_open_ones_needs_a_caller(app: Flask, anonymous: FlaskClient):
    checked = 0
    for method, path, endpoint in guarded_routes(app):
        response = call(anonymous, method, path)
        if endpoint.startswith("pages."):
            assert response.status_code == 302, (method, path, response.status_code)
            assert response.headers["Location"].startswith("/login"), (method, path)
        else:
            assert response.status_code == 401, (method, path, response.status_code)
            body = response.get_json()
            assert body["error"]["code"] == "unauthenticated", (method, path, body)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
        checked += 1
    assert checked >= 40


def test_the_open_routes_answer_without_a_caller(app: Flask, anonymous: FlaskClient):
    for path in ("/healthz", "/api/health", "/api/openapi.json", "/api/docs", "/api/docs.css",
                 "/login"):
        assert anonymous.get(path).status_code == 200, path
    assert anonymous.get("/readyz").status_code in (200, 503)


def test_every_write_route_refuses_a_viewer(app: Flask, viewer: FlaskClient, engine: Engine):
    before = audit_count(engine)
    checked = 0
    for method, path, _ in write_routes(app):
        response = call(viewer, method, path)
        assert response.status_code == 403, (method, path, response.status_code)
        assert response.get_json()["error"]["code"] == "forbidden", (method, path)
        checked += 1
    assert checked >= 10
    assert audit_count(engine) == before  # nothing was changed


@pytest.fixture
def admin_cookie(app: Flask, engine: Engine) -> Iterator[tuple[FlaskClient, str]]:
    """A client logged in with a password (the session cookie), and its CSRF token."""
    with session_scope(engine) as session:
        add_user(session, "ada", "admin", ADMIN_PASSWORD, actor="tests")
    client = app.test_client()
    response = client.post("/api/session", json={"name": "ada", "password": ADMIN_PASSWORD})
    assert response.status_code == 200, response.get_json()
    yield client, response.get_json()["csrf_token"]


def test_cookie_writes_without_the_csrf_header_are_refused(app: Flask, engine: Engine,
                                                           admin_cookie):
    client, csrf = admin_cookie
    before = audit_count(engine)
    for method, path, _ in write_routes(app) + [("DELETE", "/api/session", "auth.logout")]:
        for headers in ({}, {"X-CSRF-Token": "not-the-token"}):
            response = call(client, method, path, headers=headers)
            assert response.status_code == 403, (method, path, headers, response.status_code)
            assert response.get_json()["error"]["code"] == "csrf_failed", (method, path)
    assert audit_count(engine) == before
    # With the header the same login may write (here: add a user).
    newcomer = {"name": "newcomer", "role": "viewer", "password": "a newcomer's password"}
    response = client.post("/api/users", json=newcomer, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201, response.get_json()


def test_a_body_over_the_size_limit_gets_413_json(app: Flask, reviewer: FlaskClient,
                                                  engine: Engine):
    # Over the request limit (refused before the body is read) ...
    huge = b"%PDF-1.7\n" + b"0" * 1_200_000 + b"\n%%EOF\n"
    response = reviewer.post("/api/reports", data={"file": (io.BytesIO(huge), "big.pdf")},
                             content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "file_too_large"
    # ... and just over the file limit, within the multipart allowance.
    over = b"%PDF-1.7\n" + b"0" * 1_000_000 + b"\n%%EOF\n"
    response = reviewer.post("/api/reports", data={"file": (io.BytesIO(over), "over.pdf")},
                             content_type="multipart/form-data")
    assert response.status_code == 413
    assert "1 MB" in response.get_json()["error"]["message"]
    # A JSON body over the limit elsewhere is refused the same way.
    response = reviewer.patch("/api/drafts/1", data=b"{" + b" " * 1_200_000 + b"}",
                              content_type="application/json")
    assert response.status_code == 413 and response.is_json
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Report.id))) == 0


class FileWrites:
    """Records the files this process opens for writing while ``active`` (an audit hook)."""

    hooked: FileWrites | None = None

    def __init__(self) -> None:
        self.active = False
        self.paths: list[str] = []

    def __enter__(self) -> FileWrites:
        if FileWrites.hooked is None:
            sys.addaudithook(_on_audit)  # hooks cannot be removed: one for the whole run
        FileWrites.hooked = self
        self.active = True
        return self

    def __exit__(self, *_exc: object) -> None:
        self.active = False


def _on_audit(event: str, args: tuple) -> None:
    recorder = FileWrites.hooked
    if recorder is None or not recorder.active or event != "open":
        return
    path, mode, flags = args
    writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & 0o3)  # O_WRONLY or O_RDWR
    if writing and isinstance(path, str | bytes | Path):
        recorder.paths.append(str(path))


def test_the_file_write_recorder_sees_writes(tmp_path: Path):
    with FileWrites() as writes:
        (tmp_path / "seen.txt").write_text("x")
        (tmp_path / "seen.txt").read_text()
    (tmp_path / "after.txt").write_text("x")
    assert writes.paths == [str(tmp_path / "seen.txt")]


@pytest.mark.parametrize("name", ["../../etc/x.pdf", "/tmp/hmic-absolute.pdf",
                                  "..\\..\\windows\\x.pdf", "report.pdf"])
def test_an_upload_writes_no_file_whatever_its_name(app: Flask, reviewer: FlaskClient,
                                                    engine: Engine, name: str):
    content = samples()[0].content
    with FileWrites() as writes:
        response = reviewer.post("/api/reports", data={"file": (io.BytesIO(content), name)},
                                 content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    # SQLite writes its own file (and journal) and nothing else; PostgreSQL nothing here.
    strays = [p for p in writes.paths if not (database and p.startswith(database))]
    assert strays == []
    assert not Path("/etc/x.pdf").exists() and not Path("/tmp/hmic-absolute.pdf").exists()
    body = response.get_json()
    assert "/" not in body["file_name"] and "\\" not in body["file_name"]
    with session_scope(engine) as session:
        stored = session.scalars(select(StoredFile.sha256)).all()
        assert stored == [body["sha256"]]  # kept by the hash of its content only


def test_pages_carry_a_strict_content_security_policy(app: Flask, admin_cookie,
                                                      anonymous: FlaskClient):
    client, _ = admin_cookie
    for response in (anonymous.get("/login"), client.get("/"), client.get("/items")):
        assert response.status_code == 200
        policy = dict(part.strip().split(" ", 1) for part in
                      response.headers["Content-Security-Policy"].split(";") if part.strip())
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
        assert policy["script-src"] == "'self'" or policy.get("default-src") == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
    # The API's JSON answers are not to be sniffed either.
    assert anonymous.get("/api/reports").headers["X-Content-Type-Options"] == "nosniff"


def audit_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count(AuditEvent.id))) or 0


# --- failed logins are limited -----------------------------------------------------------------


def login_from(client: FlaskClient, address: str, name: str, password: str):
    return client.post("/api/session", json={"name": name, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_five_failures_for_a_name_block_it_from_any_address(app: Flask, engine: Engine,
                                                          admin_cookie):
    client = app.test_client()
    for i in range(5):
        response = login_from(client, f"10.0.0.{i}", "ada", "not the password")
        assert response.status_code == 401, i
    response = login_from(client, "10.0.1.1", "ADA", ADMIN_PASSWORD)  # names ignore case
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert error["code"] == "too_many_attempts" and "\n" not in error["message"]
    assert "for this name" in error["message"]
    assert 1 <= int(response.headers["Retry-After"]) <= 300
    # Another name from another address is not affected.
    with session_scope(engine) as session:
        add_user(session, "bea", "viewer", "bea's own password", actor="tests")
    assert login_from(client, "10.0.1.2", "bea", "bea's own password").status_code == 200


def test_one_name_locked_out_leaves_the_others_behind_its_address_alone(
        app: Flask, engine: Engine, admin_cookie):
    client = app.test_client()
    with session_scope(engine) as session:
        add_user(session, "bea", "viewer", "bea's own password", actor="tests")
    for _ in range(6):  # someone behind the office's proxy mistypes, again and again
        assert login_from(client, "10.0.2.1", "bea", "guess").status_code in (401, 429)
    assert login_from(client, "10.0.2.1", "bea", "bea's own password").status_code == 429
    # Everyone else behind that address still logs in.
    assert login_from(client, "10.0.2.1", "ada", ADMIN_PASSWORD).status_code == 200


def test_many_failures_from_an_address_block_it_for_every_name(app: Flask, admin_cookie):
    client = app.test_client()
    for i in range(50):  # one address trying many names, each only a few times
        assert login_from(client, "10.0.5.1", f"name{i % 25}", "guess").status_code == 401, i
    response = login_from(client, "10.0.5.1", "ada", ADMIN_PASSWORD)
    assert response.status_code == 429
    assert "from this address" in response.get_json()["error"]["message"]
    assert 1 <= int(response.headers["Retry-After"]) <= 300
    assert login_from(client, "10.0.5.2", "ada", ADMIN_PASSWORD).status_code == 200


def test_the_limits_are_settings(engine: Engine):
    app = create_app({"ENGINE": engine, "DISPATCHER": RecordingQueue(),
                      "SECRET_KEY": "a secret key for the security tests only",
                      "LOGIN_MAX_FAILURES": 2, "LOGIN_MAX_ADDRESS_FAILURES": 3})
    client = app.test_client()
    assert [login_from(client, "10.0.6.1", "ann", "x").status_code for _ in range(3)] == [
        401, 401, 429]
    assert [login_from(client, "10.0.6.1", name, "x").status_code
            for name in ("ben", "cai")] == [401, 429]  # the third failure from there
    for bad in (0, "5", True):
        with pytest.raises(ValueError, match="LOGIN_MAX_ADDRESS_FAILURES"):
            create_app({"ENGINE": engine, "DISPATCHER": RecordingQueue(),
                        "LOGIN_MAX_ADDRESS_FAILURES": bad})


def test_a_successful_login_clears_the_failures_of_its_name(app: Flask, admin_cookie):
    client = app.test_client()
    for i in range(4):
        assert login_from(client, f"10.0.3.{i}", "ada", "wrong").status_code == 401
    assert login_from(client, "10.0.3.9", "ada", ADMIN_PASSWORD).status_code == 200
    for i in range(4):
        assert login_from(client, f"10.0.4.{i}", "ada", "wrong").status_code == 401
    assert login_from(client, "10.0.4.9", "ada", ADMIN_PASSWORD).status_code == 200


def test_failures_leave_the_window_after_its_length():
    now = [1000.0]
    throttle = LoginThrottle(3, 60, clock=lambda: now[0])
    keys = ("name:ada", "address:10.0.0.1")
    for _ in range(3):
        assert throttle.retry_after(keys) is None
        throttle.failed(keys)
        now[0] += 10
    assert throttle.retry_after(keys) == 30  # at 1030; the first failure leaves at 1060
    assert throttle.retry_after(["name:bea"]) is None
    now[0] = 1060.5
    assert throttle.retry_after(keys) is None

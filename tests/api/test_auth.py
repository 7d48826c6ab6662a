"""Authentication and roles through Flask's test client, on SQLite and PostgreSQL.

The app here is built for the test: Flask, the per-request database session of
``api.services``, ``init_auth``, and one route per role guarded by ``requires``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask import Flask, jsonify
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, text

from api import auth
from api.auth import current_user, init_auth, requires
from api.services import KEY, Services, close_session, db_session
from hmic_actions.vocab import ROLES
from models.db import make_sessionmaker, session_scope
from models.ops.audit import audit
from models.ops.users import (
    add_user,
    create_token,
    disable_user,
    enable_user,
    list_tokens,
    revoke_token,
    set_password,
)
from models.tables import ApiToken, AuditEvent

PASSWORDS = {"vera": "viewer password", "rory": "reviewer password",
             "lena": "lead password 1", "adam": "admin password"}
ROLE_OF = {"vera": "viewer", "rory": "reviewer", "lena": "lead", "adam": "admin"}
SECRET = "a test secret key that is long enough"


def build_app(engine: Engine, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, SECRET_KEY=SECRET, **config)
    app.extensions[KEY] = Services(engine=engine, sessions=make_sessionmaker(engine),
                                   dispatcher=None)  # type: ignore[arg-type]
    app.teardown_appcontext(close_session)
    init_auth(app)

    for role in ROLES:
        def read(role: str = role):
            user = current_user()
            return jsonify({"user": user.name, "role": user.role, "needed": role})

        def write(role: str = role):
            session = db_session()
            audit(session, current_user().name, "test_write", entity_type="test")
            session.commit()
            return jsonify({"written_by": current_user().name}), 201

        app.add_url_rule(f"/api/{role}", f"read_{role}", requires(role)(read))
        app.add_url_rule(f"/api/{role}", f"write_{role}", requires(role)(write),
                         methods=["POST", "PUT", "PATCH", "DELETE"])

    @app.get("/api/open")
    def open_view():
        return jsonify({"status": "ok", "user": getattr(current_user(), "name", None)})

    return app


@pytest.fixture
def tokens(engine: Engine) -> dict[str, str]:
    """One user per role, each with a password and a token: name → token."""
    made = {}
    with session_scope(engine) as session:
        for name, role in ROLE_OF.items():
            add_user(session, name, role, PASSWORDS[name], actor="setup")
            made[name] = create_token(session, name, "tests", actor="setup")[1]
    return made


@pytest.fixture
def app(engine: Engine, tokens: dict[str, str]) -> Flask:
    return build_app(engine)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    return body["error"]["message"]


def login(client: FlaskClient, name: str, password: str | None = None):
    return client.post("/api/session", json={
        "name": name, "password": password if password is not None else PASSWORDS[name]})


# --- who may do what -------------------------------------------------------------------------


def test_no_credentials_is_401_with_a_bearer_challenge(client: FlaskClient) -> None:
    for method in ("get", "post"):
        response = getattr(client, method)("/api/viewer")
        message = assert_error(response, 401, "unauthenticated")
        assert "Bearer" in message
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert_error(client.get("/api/session"), 401, "unauthenticated")


def test_open_views_stay_open(client: FlaskClient, tokens: dict[str, str]) -> None:
    assert client.get("/api/open").get_json() == {"status": "ok", "user": None}
    assert client.get("/api/open", headers=bearer("nonsense")).status_code == 200
    assert client.get("/api/open", headers=bearer(tokens["vera"])).get_json()["user"] == "vera"


@pytest.mark.parametrize("user", list(ROLE_OF))
@pytest.mark.parametrize("needed", ROLES)
def test_each_role_reaches_its_level_and_no_higher(client: FlaskClient, tokens: dict[str, str],
                                                   user: str, needed: str) -> None:
    allowed = ROLES.index(ROLE_OF[user]) >= ROLES.index(needed)
    read = client.get(f"/api/{needed}", headers=bearer(tokens[user]))
    write = client.post(f"/api/{needed}", headers=bearer(tokens[user]))
    if allowed:
        assert read.status_code == 200, read.get_data(as_text=True)
        assert read.get_json() == {"user": user, "role": ROLE_OF[user], "needed": needed}
        assert write.status_code == 201 and write.get_json() == {"written_by": user}
    else:
        for response in (read, write):
            message = assert_error(response, 403, "forbidden")
            assert needed in message and ROLE_OF[user] in message
            assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize("header", [
    "Bearer not-a-real-token",
    "Bearer ",
    "Basic dmVyYTp2aWV3ZXIgcGFzc3dvcmQ=",
    "vera-token-without-a-scheme",
])
def test_a_bad_authorization_header_is_401(client: FlaskClient, header: str) -> None:
    response = client.get("/api/viewer", headers={"Authorization": header})
    assert_error(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_401(client: FlaskClient, engine: Engine,
                                tokens: dict[str, str]) -> None:
    assert client.get("/api/viewer", headers=bearer(tokens["adam"])).status_code == 200
    with session_scope(engine) as session:
        [token] = list_tokens(session, "adam")
        revoke_token(session, token.id, actor="adam")
    response = client.get("/api/viewer", headers=bearer(tokens["adam"]))
    message = assert_error(response, 401, "unauthenticated")
    assert "revoked" in message
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_disabled_users_token_and_login_are_401(client: FlaskClient, engine: Engine,
                                                   tokens: dict[str, str]) -> None:
    with session_scope(engine) as session:
        disable_user(session, "rory", actor="adam")
    assert_error(client.get("/api/viewer", headers=bearer(tokens["rory"])), 401,
                 "unauthenticated")
    assert_error(login(client, "rory"), 401, "invalid_credentials")


def test_a_token_in_use_records_when(client: FlaskClient, engine: Engine,
                                     tokens: dict[str, str]) -> None:
    with session_scope(engine) as session:
        assert session.scalars(select(ApiToken.last_used_at)).all() == [None] * 4
    assert client.get("/api/lead", headers=bearer(tokens["lena"])).status_code == 200
    with session_scope(engine) as session:
        used = session.scalars(select(ApiToken).where(ApiToken.last_used_at.is_not(None))).all()
        assert [token.user.name for token in used] == ["lena"]


def test_writes_are_recorded_under_the_callers_name(client: FlaskClient, engine: Engine,
                                                    tokens: dict[str, str]) -> None:
    assert client.post("/api/reviewer", headers=bearer(tokens["lena"])).status_code == 201
    with session_scope(engine) as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "test_write"))
        assert event.actor == "lena"


# --- session login ---------------------------------------------------------------------------


def test_login_then_logout(client: FlaskClient) -> None:
    response = login(client, "rory")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"user", "role", "auth", "csrf_token"}
    assert (body["user"], body["role"], body["auth"]) == ("rory", "reviewer", "session")
    assert len(body["csrf_token"]) >= 32
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("hmic_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    assert client.get("/api/session").get_json() == body
    assert client.get("/api/reviewer").status_code == 200
    assert_error(client.get("/api/lead"), 403, "forbidden")

    assert_error(client.delete("/api/session"), 403, "csrf_failed")   # logout is a write too
    response = client.delete("/api/session", headers={"X-CSRF-Token": body["csrf_token"]})
    assert response.status_code == 204
    assert_error(client.get("/api/session"), 401, "unauthenticated")
    assert_error(client.get("/api/viewer"), 401, "unauthenticated")


def test_each_login_gets_its_own_csrf_token(app: Flask) -> None:
    one, two = app.test_client(), app.test_client()
    first = login(one, "vera").get_json()["csrf_token"]
    second = login(two, "vera").get_json()["csrf_token"]
    assert first != second
    assert one.post("/api/viewer", headers={"X-CSRF-Token": second}).status_code == 403
    assert one.post("/api/viewer", headers={"X-CSRF-Token": first}).status_code == 201


def test_logging_in_again_needs_no_csrf_header_and_replaces_the_login(
        client: FlaskClient) -> None:
    first = login(client, "vera").get_json()["csrf_token"]
    again = login(client, "adam")
    assert again.status_code == 200 and again.get_json()["user"] == "adam"
    assert again.get_json()["csrf_token"] != first
    assert client.get("/api/admin").status_code == 200


@pytest.mark.parametrize(("name", "password"), [
    ("rory", "not the password"),
    ("rory", ""),
    ("nobody", "reviewer password"),
    ("Rory", "reviewer password"),
])
def test_wrong_credentials_are_401(client: FlaskClient, name: str, password: str) -> None:
    response = login(client, name, password)
    message = assert_error(response, 401, "invalid_credentials")
    assert "wrong" in message
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert_error(client.get("/api/session"), 401, "unauthenticated")


@pytest.mark.parametrize("body", [None, "not json", {"name": "rory"}, {"password": "x" * 12},
                                  {"name": 1, "password": 2}, ["rory", "reviewer password"],
                                  {"name": "rory", "password": "y" * 5000}])
def test_a_malformed_login_is_400(client: FlaskClient, body: object) -> None:
    if isinstance(body, str):
        response = client.post("/api/session", data=body, content_type="application/json")
    else:
        response = client.post("/api/session", json=body)
    assert_error(response, 400, "bad_request")


def test_a_login_ends_when_the_user_is_disabled(client: FlaskClient, engine: Engine) -> None:
    assert login(client, "lena").status_code == 200
    assert client.get("/api/lead").status_code == 200
    with session_scope(engine) as session:
        disable_user(session, "lena", actor="adam")
    assert_error(client.get("/api/lead"), 401, "unauthenticated")
    with session_scope(engine) as session:
        enable_user(session, "lena", actor="adam")
    assert_error(client.get("/api/lead"), 401, "unauthenticated")   # the cookie was cleared


def test_a_login_ends_when_the_password_changes(client: FlaskClient, engine: Engine) -> None:
    assert login(client, "lena").status_code == 200
    with session_scope(engine) as session:
        set_password(session, "lena", "a different password", actor="adam")
    assert_error(client.get("/api/viewer"), 401, "unauthenticated")
    assert login(client, "lena", "a different password").status_code == 200
    assert client.get("/api/viewer").status_code == 200


def test_a_login_expires(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert login(client, "vera").status_code == 200
    now = auth.time.time()
    monkeypatch.setattr(auth.time, "time", lambda: now + 11 * 3600)
    assert client.get("/api/viewer").status_code == 200
    monkeypatch.setattr(auth.time, "time", lambda: now + 13 * 3600)
    assert_error(client.get("/api/viewer"), 401, "unauthenticated")


def test_the_cookie_is_secure_when_configured(engine: Engine, tokens: dict[str, str]) -> None:
    app = build_app(engine, SESSION_COOKIE_SECURE=True)
    with app.test_client() as client:
        response = login(client, "vera")
        assert "Secure" in response.headers["Set-Cookie"]


def test_a_bad_bearer_token_is_not_rescued_by_a_cookie(client: FlaskClient) -> None:
    assert login(client, "adam").status_code == 200
    response = client.get("/api/viewer", headers=bearer("forged"))
    assert_error(response, 401, "unauthenticated")


# --- CSRF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_cookie_writes_need_the_csrf_header(client: FlaskClient, engine: Engine,
                                           method: str) -> None:
    csrf = login(client, "adam").get_json()["csrf_token"]
    send = getattr(client, method)
    assert_error(send("/api/reviewer"), 403, "csrf_failed")
    assert_error(send("/api/reviewer", headers={"X-CSRF-Token": csrf[:-1]}), 403, "csrf_failed")
    assert_error(send("/api/reviewer", headers={"X-CSRF-Token": "é" + csrf}), 403,
                 "csrf_failed")
    assert send("/api/reviewer", headers={"X-CSRF-Token": csrf}).status_code == 201
    with session_scope(engine) as session:
        # Only the request with the right header reached the view.
        actors = session.scalars(select(AuditEvent.actor)
                                 .where(AuditEvent.action == "test_write")).all()
        assert actors == ["adam"]


def test_token_writes_need_no_csrf_header(client: FlaskClient, tokens: dict[str, str]) -> None:
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/reviewer", headers=bearer(tokens["rory"]))
        assert response.status_code == 201, response.get_data(as_text=True)


def test_cookie_reads_need_no_csrf_header(client: FlaskClient) -> None:
    assert login(client, "vera").status_code == 200
    assert client.get("/api/viewer").status_code == 200
    assert client.head("/api/viewer").status_code == 200


def test_a_token_caller_gets_no_csrf_token(client: FlaskClient, tokens: dict[str, str]) -> None:
    body = client.get("/api/session", headers=bearer(tokens["vera"])).get_json()
    assert body == {"user": "vera", "role": "viewer", "auth": "token", "csrf_token": None}


# --- secrets ---------------------------------------------------------------------------------


def test_no_password_or_token_is_stored_or_put_in_the_cookie(
        client: FlaskClient, app: Flask, engine: Engine, tokens: dict[str, str]) -> None:
    login(client, "adam")
    client.get("/api/admin", headers=bearer(tokens["adam"]))
    with engine.connect() as connection:
        stored = json.dumps([list(row) for table in ("users", "api_tokens", "audit_events")
                             for row in connection.execute(text(f"SELECT * FROM {table}"))],
                            default=str)
        hashes = connection.execute(text("SELECT password_hash FROM users")).scalars().all()
    for secret in (*PASSWORDS.values(), *tokens.values()):
        assert secret not in stored
    assert all(h.startswith("scrypt$") for h in hashes)
    cookie = client.get_cookie("hmic_session").value
    content = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert set(content) == {"user_id", "since", "stamp", "csrf"}
    assert not any(h in json.dumps(content) for h in hashes)
    assert PASSWORDS["adam"] not in json.dumps(content)


def test_the_secret_key_comes_from_the_environment_or_is_random(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def bare() -> Flask:
        app = Flask(__name__)
        app.extensions[KEY] = Services(engine=engine, sessions=make_sessionmaker(engine),
                                       dispatcher=None)  # type: ignore[arg-type]
        init_auth(app)
        return app

    monkeypatch.setenv("HMIC_SECRET_KEY", "from the environment, long enough")
    assert bare().secret_key == "from the environment, long enough"
    monkeypatch.delenv("HMIC_SECRET_KEY")
    first, second = bare().secret_key, bare().secret_key
    assert first != second and len(first) >= 64


# --- the interface ---------------------------------------------------------------------------


def test_requires_knows_the_roles(app: Flask) -> None:
    with pytest.raises(ValueError, match="unknown role 'owner'"):
        requires("owner")
    assert app.view_functions["read_lead"].required_role == "lead"
    assert app.view_functions["read_lead"].__name__ == "read"


def test_init_auth_twice_changes_nothing(app: Flask, client: FlaskClient) -> None:
    hooks = list(app.before_request_funcs[None])
    init_auth(app)
    assert app.before_request_funcs[None] == hooks
    assert client.get("/api/open").status_code == 200


def test_without_init_auth_a_guarded_view_fails_closed(engine: Engine) -> None:
    app = Flask(__name__)
    app.add_url_rule("/api/x", "x", requires("viewer")(lambda: "secret"))
    with app.test_client() as client:
        response = client.get("/api/x")
    assert response.status_code == 500
    assert b"secret" not in response.data

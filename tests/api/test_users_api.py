"""Users and roles through the API (admin only), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from models.db import session_scope
from models.ops.users import add_user
from models.tables import AuditEvent, User
from tests.api.test_review import assert_error
from tests.service import api_token, signed_in

PASSWORD = "correct horse battery"


@pytest.fixture
def admin(app: Flask, engine: Engine) -> FlaskClient:
    return signed_in(app.test_client(), api_token(engine, "ada", "admin"))


def user_row(engine: Engine, name: str) -> User:
    with session_scope(engine) as session:
        row = session.scalar(select(User).where(User.name == name))
        session.expunge_all()
        return row


def actions(engine: Engine, name: str) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        user_id = session.scalar(select(User.id).where(User.name == name))
        return [(e.action, e.actor) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "users",
                                     AuditEvent.entity_id == user_id).order_by(AuditEvent.id))]


def test_an_admin_lists_users_by_name_without_secrets(admin, reviewer, viewer):
    assert reviewer.get("/api/tracked-items").status_code == 200  # rory's token gets used
    response = admin.get("/api/users")
    assert response.status_code == 200, response.get_data(as_text=True)
    listed = response.get_json()["users"]
    assert [u["name"] for u in listed] == ["ada", "rory", "vera"]
    assert [u["role"] for u in listed] == ["admin", "reviewer", "viewer"]
    assert all(u["active"] is True and u["created_at"] for u in listed)
    assert all(set(u) == {"name", "role", "active", "created_at", "last_seen_at"}
               for u in listed)
    seen = {u["name"]: u["last_seen_at"] for u in listed}
    assert seen["ada"] is not None and seen["rory"] is not None and seen["vera"] is None


def test_an_admin_adds_a_user_who_can_then_log_in(admin, app, engine):
    response = admin.post("/api/users", json={"name": "  Nia  Evans ", "role": "lead",
                                              "password": PASSWORD})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["name"], body["role"], body["active"]) == ("Nia Evans", "lead", True)
    assert "password" not in body and "password_hash" not in body
    assert actions(engine, "Nia Evans") == [("add_user", "ada")]
    login = app.test_client().post("/api/session",
                                   json={"name": "Nia Evans", "password": PASSWORD})
    assert login.status_code == 200 and login.get_json()["role"] == "lead"


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"name": "RORY", "role": "viewer", "password": PASSWORD}, 409, "name_taken"),
    ({"name": "sam", "role": "owner", "password": PASSWORD}, 422, "invalid_body"),
    ({"name": "sam", "role": "viewer", "password": "short"}, 422, "invalid"),
    ({"name": "samantha01", "role": "viewer", "password": "SAMANTHA01"}, 422, "invalid"),
    ({"name": "sam", "role": "viewer"}, 422, "invalid_body"),
    ({"name": "", "role": "viewer", "password": PASSWORD}, 422, "invalid_body"),
    ({"name": "   ", "role": "viewer", "password": PASSWORD}, 422, "invalid"),
])
def test_bad_new_users_are_refused_with_one_line(admin, reviewer, engine, body, status, code):
    assert_error(admin.post("/api/users", json=body), status, code)
    with session_scope(engine) as session:
        assert sorted(session.scalars(select(User.name))) == ["ada", "rory"]


def test_an_admin_changes_a_role_and_disables_and_enables_a_user(admin, reviewer, engine):
    response = admin.patch("/api/users/rory", json={"role": "lead"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["role"] == "lead"
    assert user_row(engine, "rory").role == "lead"
    response = admin.patch("/api/users/rory", json={"active": False})
    assert response.get_json()["active"] is False
    assert_error(reviewer.get("/api/tracked-items"), 401, "unauthenticated")
    response = admin.patch("/api/users/rory", json={"active": True, "role": "reviewer"})
    assert response.get_json() | {"created_at": None, "last_seen_at": None} == {
        "name": "rory", "role": "reviewer", "active": True, "created_at": None,
        "last_seen_at": None}
    assert reviewer.get("/api/tracked-items").status_code == 200
    assert [a for a, actor in actions(engine, "rory") if actor == "ada"] == [
        "set_role", "disable_user", "set_role", "enable_user"]


def test_sending_what_a_user_already_has_changes_nothing(admin, reviewer, engine):
    before = actions(engine, "rory")
    response = admin.patch("/api/users/rory", json={"role": "reviewer", "active": True})
    assert response.status_code == 200 and response.get_json()["role"] == "reviewer"
    assert actions(engine, "rory") == before


@pytest.mark.parametrize("body", [{"active": False}, {"role": "lead"}, {"role": "viewer"}])
def test_an_admin_cannot_demote_or_disable_themself(admin, engine, body):
    error = assert_error(admin.patch("/api/users/ada", json=body), 422, "invalid")
    assert "themself" in error["message"]
    row = user_row(engine, "ada")
    assert (row.role, row.active) == ("admin", True)


def test_another_admin_can_be_demoted(admin, engine):
    with session_scope(engine) as session:
        add_user(session, "bea", "admin", actor="tests")
    response = admin.patch("/api/users/bea", json={"role": "viewer"})
    assert response.status_code == 200 and user_row(engine, "bea").role == "viewer"


def test_unknown_users_and_bad_edits(admin, reviewer):
    assert_error(admin.patch("/api/users/nobody", json={"role": "viewer"}), 404, "not_found")
    assert_error(admin.patch("/api/users/rory", json={}), 422, "invalid")
    assert_error(admin.patch("/api/users/rory", json={"role": "boss"}), 422, "invalid_body")
    assert_error(admin.patch("/api/users/rory", json={"active": "maybe"}), 422, "invalid_body")


def test_reviewers_and_viewers_get_403_and_anonymous_401(reviewer, viewer, anonymous, engine):
    new = {"name": "sam", "role": "admin", "password": PASSWORD}
    for client, status, code in ((reviewer, 403, "forbidden"), (viewer, 403, "forbidden"),
                                 (anonymous, 401, "unauthenticated")):
        assert_error(client.get("/api/users"), status, code)
        assert_error(client.post("/api/users", json=new), status, code)
        assert_error(client.patch("/api/users/rory", json={"role": "admin"}), status, code)
    assert user_row(engine, "sam") is None
    assert user_row(engine, "rory").role == "reviewer"

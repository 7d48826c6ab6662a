"""Users, roles and API tokens on SQLite and PostgreSQL: hashes only, audit, refusals."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hmic_actions.vocab import ROLES
from models.ops import users as user_ops
from models.ops.errors import ConflictError, NotFoundError, OperationError
from models.ops.users import (
    add_user,
    authenticate,
    create_token,
    disable_user,
    enable_user,
    has_role,
    list_tokens,
    list_users,
    name_taken,
    revoke_token,
    set_password,
    set_role,
    token_for,
    user_for_token,
    verify_password,
)
from models.tables import ApiToken, AuditEvent, User, utcnow

PASSWORD = "correct horse battery"


def events(session: Session, action: str) -> list[AuditEvent]:
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def everything_stored(engine: Engine) -> str:
    """Every value in the users, api_tokens and audit_events tables, as one string."""
    with engine.connect() as connection:
        rows = [list(row) for table in ("users", "api_tokens", "audit_events")
                for row in connection.execute(text(f"SELECT * FROM {table}"))]
    return json.dumps(rows, default=str)


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), [
    ("viewer", {"viewer"}),
    ("reviewer", {"viewer", "reviewer"}),
    ("lead", {"viewer", "reviewer", "lead"}),
    ("admin", {"viewer", "reviewer", "lead", "admin"}),
])
def test_has_role_ranks_viewer_reviewer_lead_admin(role: str, allowed: set[str]) -> None:
    user = User(name="x", role=role, active=True)
    assert {needed for needed in ROLES if has_role(user, needed)} == allowed


def test_has_role_refuses_nobody_the_disabled_and_unknown_roles() -> None:
    assert not has_role(None, "viewer")
    assert not has_role(User(name="x", role="admin", active=False), "viewer")
    with pytest.raises(ValueError, match="unknown role 'owner'"):
        has_role(User(name="x", role="admin", active=True), "owner")


# --- adding and changing users ---------------------------------------------------------------


def test_add_user_keeps_only_a_salted_hash(engine: Engine, session: Session) -> None:
    alice = add_user(session, "  alice  ", "admin", PASSWORD, actor="setup")
    bob = add_user(session, "bob", "reviewer", PASSWORD, actor="setup")
    session.commit()
    assert (alice.name, alice.role, alice.active) == ("alice", "admin", True)
    assert alice.password_hash.startswith("scrypt$")
    assert alice.password_hash != bob.password_hash   # salted
    assert verify_password(alice.password_hash, PASSWORD)
    assert PASSWORD not in everything_stored(engine)
    [first, _] = events(session, "add_user")
    assert first.actor == "setup" and first.entity_type == "users"
    assert first.entity_id == alice.id
    assert first.after["role"] == "admin" and "password_hash" not in first.after


def test_a_user_without_a_password_cannot_log_in(session: Session) -> None:
    robot = add_user(session, "robot", "reviewer")
    assert robot.password_hash is None
    assert authenticate(session, "robot", "") is None
    assert authenticate(session, "robot", "anything at all") is None


def test_add_user_refuses_clashes_and_bad_input(session: Session) -> None:
    add_user(session, "alice", "admin", PASSWORD)
    with pytest.raises(ConflictError, match="user 'alice' already exists"):
        add_user(session, "Alice", "viewer", PASSWORD)
    with pytest.raises(OperationError, match="role 'boss' is not one of viewer, reviewer"):
        add_user(session, "carol", "boss", PASSWORD)
    with pytest.raises(OperationError, match="at least 10 characters"):
        add_user(session, "carol", "viewer", "nine char")
    with pytest.raises(OperationError, match="password is empty"):
        add_user(session, "carol", "viewer", "")
    with pytest.raises(OperationError, match="cannot be the user's name"):
        add_user(session, "carol.jones", "viewer", "Carol.Jones")
    with pytest.raises(OperationError, match="needs a name"):
        add_user(session, "   ", "viewer", PASSWORD)
    with pytest.raises(OperationError, match="control characters"):
        add_user(session, "car\x00ol", "viewer", PASSWORD)
    assert name_taken(session, "ALICE") == "alice"
    assert name_taken(session, "carol") is None
    assert [u.name for u in list_users(session)] == ["alice"]


def test_list_users_by_name(session: Session) -> None:
    for name, role in (("zoe", "viewer"), ("adam", "lead"), ("mia", "reviewer")):
        add_user(session, name, role, PASSWORD)
    assert [(u.name, u.role) for u in list_users(session)] == [
        ("adam", "lead"), ("mia", "reviewer"), ("zoe", "viewer")]


def test_disable_and_enable_are_audited_and_stop_logins(session: Session) -> None:
    add_user(session, "bob", "reviewer", PASSWORD)
    assert authenticate(session, "bob", PASSWORD) is not None
    disable_user(session, "bob", actor="alice")
    assert authenticate(session, "bob", PASSWORD) is None
    with pytest.raises(OperationError, match="already disabled"):
        disable_user(session, "bob")
    [event] = events(session, "disable_user")
    assert (event.actor, event.before["active"], event.after["active"]) == ("alice", True, False)
    enable_user(session, "bob", actor="alice")
    assert authenticate(session, "bob", PASSWORD).name == "bob"
    with pytest.raises(OperationError, match="already active"):
        enable_user(session, "bob")
    with pytest.raises(NotFoundError, match="no user called 'nobody'"):
        disable_user(session, "nobody")


def test_set_role_and_set_password(engine: Engine, session: Session) -> None:
    add_user(session, "bob", "viewer", PASSWORD)
    set_role(session, "bob", "lead", actor="alice")
    [event] = events(session, "set_role")
    assert (event.before["role"], event.after["role"]) == ("viewer", "lead")
    with pytest.raises(OperationError, match="already lead"):
        set_role(session, "bob", "lead")
    with pytest.raises(OperationError, match="role 'chief'"):
        set_role(session, "bob", "chief")

    set_password(session, "bob", "a brand new secret", actor="alice")
    session.commit()
    assert authenticate(session, "bob", PASSWORD) is None
    assert authenticate(session, "bob", "a brand new secret").name == "bob"
    [event] = events(session, "set_password")
    assert event.actor == "alice" and event.after == {"password_set": True}
    assert "a brand new secret" not in everything_stored(engine)
    with pytest.raises(OperationError, match="at least 10"):
        set_password(session, "bob", "short")


# --- logging in ------------------------------------------------------------------------------


def test_authenticate(session: Session) -> None:
    add_user(session, "alice", "admin", PASSWORD)
    assert authenticate(session, "alice", PASSWORD).name == "alice"
    assert authenticate(session, " alice ", PASSWORD).name == "alice"
    assert authenticate(session, "alice", PASSWORD.upper()) is None
    assert authenticate(session, "alice", "") is None
    assert authenticate(session, "nobody", PASSWORD) is None
    assert authenticate(session, "", PASSWORD) is None


def test_authenticate_checks_a_hash_whoever_asks(session: Session,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown, disabled and password-less users cost a scrypt check too (no timing oracle)."""
    add_user(session, "alice", "admin", PASSWORD)
    add_user(session, "bob", "viewer", PASSWORD)
    disable_user(session, "bob")
    add_user(session, "robot", "viewer")
    checked: list[str] = []
    real = verify_password

    def spy(stored: str | None, password: str) -> bool:
        checked.append(stored or "")
        return real(stored, password)

    monkeypatch.setattr(user_ops, "verify_password", spy)
    for name in ("alice", "bob", "robot", "nobody", ""):
        assert authenticate(session, name, "wrong password!") is None
    assert len(checked) == 5
    assert all(stored.startswith("scrypt$16384$8$1$") for stored in checked)


# --- API tokens ------------------------------------------------------------------------------


def test_create_token_stores_only_its_hash(engine: Engine, session: Session) -> None:
    add_user(session, "alice", "admin", PASSWORD)
    token, plaintext = create_token(session, "alice", "nightly export", actor="alice")
    other, other_plaintext = create_token(session, "alice")
    session.commit()
    assert len(plaintext) >= 43 and plaintext != other_plaintext
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert (token.prefix, token.name, other.name) == (plaintext[:8], "nightly export", "default")
    assert token.user.name == "alice" and token.revoked_at is None
    assert token.last_used_at is None
    stored = everything_stored(engine)
    assert plaintext not in stored and other_plaintext not in stored
    [event, _] = events(session, "create_token")
    assert event.actor == "alice" and event.entity_type == "api_tokens"
    assert event.after["prefix"] == plaintext[:8] and "token_hash" not in event.after


def test_create_token_refuses_unknown_and_disabled_users(session: Session) -> None:
    with pytest.raises(NotFoundError, match="no user called 'ghost'"):
        create_token(session, "ghost")
    add_user(session, "bob", "viewer", PASSWORD)
    disable_user(session, "bob")
    with pytest.raises(OperationError, match="'bob' is disabled"):
        create_token(session, "bob")
    assert session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_user_for_token(session: Session) -> None:
    add_user(session, "alice", "admin", PASSWORD)
    _, plaintext = create_token(session, "alice")
    assert user_for_token(session, plaintext).name == "alice"
    assert user_for_token(session, plaintext[:-1]) is None
    assert user_for_token(session, plaintext + "x") is None
    assert user_for_token(session, "") is None
    assert user_for_token(session, None) is None
    assert user_for_token(session, "x" * 10_000) is None


def test_a_token_stops_working_when_revoked_or_its_user_disabled(session: Session) -> None:
    add_user(session, "alice", "admin", PASSWORD)
    add_user(session, "bob", "reviewer", PASSWORD)
    alice_token, alice_plain = create_token(session, "alice")
    _, bob_plain = create_token(session, "bob")

    revoke_token(session, alice_token.id, actor="alice")
    assert user_for_token(session, alice_plain) is None
    assert alice_token.revoked_at is not None
    [event] = events(session, "revoke_token")
    assert event.before["revoked_at"] is None and event.after["revoked_at"] is not None
    with pytest.raises(OperationError, match=f"token {alice_token.id} was already revoked"):
        revoke_token(session, alice_token.id)
    with pytest.raises(NotFoundError, match="token 999 does not exist"):
        revoke_token(session, 999)

    assert user_for_token(session, bob_plain).name == "bob"
    disable_user(session, "bob")
    assert user_for_token(session, bob_plain) is None
    enable_user(session, "bob")
    assert user_for_token(session, bob_plain).name == "bob"


def test_using_a_token_records_when_to_the_minute(engine: Engine, session: Session) -> None:
    add_user(session, "alice", "admin", PASSWORD)
    token, plaintext = create_token(session, "alice")
    session.commit()
    before = utcnow()
    token_for(session, plaintext)
    session.commit()
    first = token.last_used_at
    assert first is not None and before <= first <= utcnow()
    token_for(session, plaintext)   # again within the minute: not written again
    assert token.last_used_at == first
    token.last_used_at = first - timedelta(minutes=5)
    session.commit()
    token_for(session, plaintext)
    session.commit()
    with Session(engine) as fresh:
        assert fresh.get(ApiToken, token.id).last_used_at >= first


def test_list_tokens(session: Session) -> None:
    add_user(session, "alice", "admin", PASSWORD)
    add_user(session, "bob", "viewer", PASSWORD)
    first, _ = create_token(session, "alice", "one")
    create_token(session, "bob", "two")
    third, _ = create_token(session, "alice", "three")
    revoke_token(session, first.id)
    assert [t.name for t in list_tokens(session)] == ["one", "two", "three"]
    assert [t.id for t in list_tokens(session, "alice")] == [first.id, third.id]
    with pytest.raises(NotFoundError):
        list_tokens(session, "ghost")


def test_token_hashes_are_unique_in_the_database(session: Session) -> None:
    alice = add_user(session, "alice", "admin", PASSWORD)
    session.add(ApiToken(user_id=alice.id, name="a", token_hash="f" * 64, prefix="ffffffff"))
    session.flush()
    session.add(ApiToken(user_id=alice.id, name="b", token_hash="f" * 64, prefix="ffffffff"))
    with pytest.raises(IntegrityError):
        session.flush()

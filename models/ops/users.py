"""Users, roles and API tokens, as plain functions over a session.

Roles rank viewer < reviewer < lead < admin: a viewer reads; a reviewer also decides drafts
and edits tracked items; a lead can do what a reviewer does (and owns plenary packs); an
admin also manages users, imports and settings. ``has_role`` answers "may this user do what
``needed`` may do".

Passwords are kept as salted scrypt hashes (``hash_password``). An API token is
32 random bytes, URL-safe base64; the plaintext is returned once by ``create_token`` and only
its SHA-256 is stored, with its first 8 characters so that people can tell tokens apart.

As in every tracker operation, each change writes an AuditEvent in the same session and the
caller owns the transaction; bad input raises ``OperationError`` (or its subclasses) with one
line.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hmic_actions.vocab import ROLES
from models.ops.audit import audit, snapshot
from models.ops.errors import ConflictError, NotFoundError, OperationError
from models.ops.rows import flush
from models.tables import ApiToken, User, utcnow

__all__ = [
    "MIN_PASSWORD_LENGTH", "add_user", "authenticate", "check_password",
    "create_token", "disable_user", "enable_user", "get_user", "has_role", "hash_password",
    "hash_token",
    "list_tokens", "list_users", "name_taken", "revoke_token", "set_password", "set_role",
    "token_for", "user_for_token", "verify_password",
]

_RANK = {role: rank for rank, role in enumerate(ROLES)}

MIN_PASSWORD_LENGTH = 10
TOKEN_BYTES = 32
PREFIX_LENGTH = 8
DEFAULT_TOKEN_NAME = "default"
# A token is not written back on every request: last_used_at is kept to this precision.
LAST_USED_PRECISION = timedelta(minutes=1)
_MAX_TOKEN_LENGTH = 256
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    """A salted scrypt hash: ``scrypt$n$r$p$salt$hash`` (base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches a hash made by ``hash_password``."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def has_role(user: User | None, needed: str) -> bool:
    """Whether ``user`` is active and ranks at least ``needed``.

    The ranks: viewer < reviewer < lead < admin.
    """
    if needed not in _RANK:
        raise ValueError(f"unknown role {needed!r} (one of {', '.join(ROLES)})")
    return user is not None and bool(user.active) and _RANK.get(user.role, -1) >= _RANK[needed]


def _clean_name(name: str | None) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise OperationError("a user needs a name")
    if len(cleaned) > 100:
        raise OperationError("a user name has at most 100 characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in cleaned):
        raise OperationError("a user name cannot contain control characters")
    return cleaned


def _check_role(role: str) -> str:
    if role not in _RANK:
        raise OperationError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


def check_password(password: str | None, name: str | None = None) -> str:
    """The password if it is acceptable; OperationError saying why not otherwise."""
    if not password:
        raise OperationError("the password is empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperationError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if name is not None and password.strip().casefold() == name.strip().casefold():
        raise OperationError("the password cannot be the user's name")
    return password


def get_user(session: Session, name: str) -> User:
    """The user called ``name``; NotFoundError if there is none."""
    cleaned = " ".join((name or "").split())
    user = session.scalar(select(User).where(User.name == cleaned))
    if user is None:
        raise NotFoundError(f"no user called {cleaned!r}")
    return user


def name_taken(session: Session, name: str) -> str | None:
    """The existing user name that ``name`` would clash with (ignoring case), or None."""
    cleaned = " ".join((name or "").split())
    return session.scalar(select(User.name).where(func.lower(User.name) == cleaned.lower()))


def add_user(session: Session, name: str, role: str, password: str | None = None, *,
             actor: str = "system") -> User:
    """Add an active user; without a password the user can only use API tokens.

    Names are unique, ignoring case, so "Alice" and "alice" cannot both exist.
    """
    name = _clean_name(name)
    _check_role(role)
    if password is not None:
        check_password(password, name)
    clash = name_taken(session, name)
    if clash is not None:
        raise ConflictError(f"user {clash!r} already exists", code="name_taken")
    user = User(name=name, role=role, active=True, created_at=utcnow(),
                password_hash=hash_password(password) if password is not None else None)
    session.add(user)
    flush(session, f"user {name!r}")
    audit(session, actor, "add_user", user, after=snapshot(user))
    return user


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def _set_active(session: Session, name: str, active: bool, actor: str) -> User:
    user = get_user(session, name)
    if bool(user.active) == active:
        raise OperationError(f"user {user.name!r} is already {'active' if active else 'disabled'}")
    before = snapshot(user)
    user.active = active
    flush(session, f"user {user.name!r}")
    audit(session, actor, "enable_user" if active else "disable_user", user,
          before=before, after=snapshot(user))
    return user


def disable_user(session: Session, name: str, *, actor: str = "system") -> User:
    """Disable a user: their password and tokens stop working at once (nothing is deleted)."""
    return _set_active(session, name, False, actor)


def enable_user(session: Session, name: str, *, actor: str = "system") -> User:
    """Enable a disabled user again (their password and unrevoked tokens work again)."""
    return _set_active(session, name, True, actor)


def set_role(session: Session, name: str, role: str, *, actor: str = "system") -> User:
    """Give a user another role."""
    _check_role(role)
    user = get_user(session, name)
    if user.role == role:
        raise OperationError(f"user {user.name!r} is already {role}")
    before = snapshot(user)
    user.role = role
    flush(session, f"user {user.name!r}")
    audit(session, actor, "set_role", user, before=before, after=snapshot(user))
    return user


def set_password(session: Session, name: str, password: str, *, actor: str = "system") -> User:
    """Set (or replace) a user's password; the audit event records that, never the password."""
    user = get_user(session, name)
    check_password(password, user.name)
    had_password = user.password_hash is not None
    user.password_hash = hash_password(password)
    flush(session, f"user {user.name!r}")
    audit(session, actor, "set_password", user, before={"password_set": had_password},
          after={"password_set": True})
    return user


@functools.cache
def _decoy_hash() -> str:
    """A hash to check against when there is no real one, so that a miss costs the same time."""
    return hash_password(secrets.token_urlsafe(16))


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user with this name and password, or None.

    A password is always checked against some scrypt hash, also for unknown or disabled users
    and users without a password, so the answer takes about the same time either way.
    """
    cleaned = " ".join((name or "").split())
    user = session.scalar(select(User).where(User.name == cleaned)) if cleaned else None
    stored = user.password_hash if user is not None and user.password_hash else _decoy_hash()
    matches = verify_password(stored, password or "")
    if user is None or not user.password_hash or not user.active or not matches:
        return None
    return user


# --- API tokens --------------------------------------------------------------------------------


def hash_token(plaintext: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def create_token(session: Session, user_name: str, token_name: str | None = None, *,
                 actor: str = "system") -> tuple[ApiToken, str]:
    """A new token for an active user: the row and the plaintext, which is never stored."""
    user = get_user(session, user_name)
    if not user.active:
        raise OperationError(f"user {user.name!r} is disabled; enable them first")
    label = " ".join((token_name or DEFAULT_TOKEN_NAME).split()) or DEFAULT_TOKEN_NAME
    if len(label) > 100:
        raise OperationError("a token name has at most 100 characters")
    plaintext = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(user_id=user.id, name=label, token_hash=hash_token(plaintext),
                     prefix=plaintext[:PREFIX_LENGTH], created_at=utcnow())
    session.add(token)
    flush(session, f"token for {user.name!r}")
    audit(session, actor, "create_token", token, after=snapshot(token))
    return token, plaintext


def list_tokens(session: Session, user_name: str | None = None) -> list[ApiToken]:
    """Every token (revoked ones too), or one user's, oldest first."""
    query = select(ApiToken).order_by(ApiToken.id)
    if user_name is not None:
        query = query.where(ApiToken.user_id == get_user(session, user_name).id)
    return list(session.scalars(query))


def revoke_token(session: Session, token_id: int, *, actor: str = "system") -> ApiToken:
    """Revoke a token for good (it is kept, marked revoked, for the record)."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFoundError(f"token {token_id} does not exist")
    if token.revoked_at is not None:
        raise OperationError(f"token {token_id} was already revoked on "
                             f"{token.revoked_at:%Y-%m-%d %H:%M} UTC")
    before = snapshot(token)
    token.revoked_at = utcnow()
    flush(session, f"token {token_id}")
    audit(session, actor, "revoke_token", token, before=before, after=snapshot(token))
    return token


def token_for(session: Session, plaintext: str | None) -> ApiToken | None:
    """The unrevoked token of an active user matching ``plaintext``, or None.

    Marks the token used (``last_used_at``, to the minute) in the session; the caller commits.
    """
    if not plaintext or len(plaintext) > _MAX_TOKEN_LENGTH:
        return None
    token = session.scalar(
        select(ApiToken).join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(plaintext), ApiToken.revoked_at.is_(None),
               User.active.is_(True)))
    if token is None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        session.flush()
    return token


def user_for_token(session: Session, plaintext: str | None) -> User | None:
    """The active user an unrevoked token belongs to, or None (see ``token_for``)."""
    token = token_for(session, plaintext)
    return token.user if token is not None else None

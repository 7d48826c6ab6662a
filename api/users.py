"""Users and roles for admins: list users, add one, change a role, disable or enable.

Everything here needs the admin role. Changes go through ``models.ops.users`` (each writes
its audit event under the admin's name, in the same transaction); their errors are answered
by ``api.errors`` (a name taken, ignoring case, is 409 ``name_taken``). An admin cannot
disable or demote themself, so a service never loses its last admin that way.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.auth import requires
from api.errors import ApiError
from api.http import actor
from api.schemas import ErrorSchema, UserCreateBody, UserEditBody, UserList, UserSchema
from api.services import db_session
from hmic_actions.dates import iso
from models.ops import users as user_ops
from models.ops.errors import OperationError
from models.tables import ApiToken, User

bp = Blueprint("users", __name__, url_prefix="/api", description="Users and roles (admin)")

_NOT_FOUND = {"schema": ErrorSchema, "description": "no such user"}
_TAKEN = {"schema": ErrorSchema, "description": "the name is taken (ignoring case)"}
_INVALID = {"schema": ErrorSchema,
            "description": "a bad name, role or password, or an admin changing themself"}


def user_json(user: User, last_seen: Any = None) -> dict[str, Any]:
    """A user as admins see it: no password hash, no tokens."""
    return {"name": user.name, "role": user.role, "active": bool(user.active),
            "created_at": iso(user.created_at), "last_seen_at": iso(last_seen)}


def _last_seen(session: Session) -> dict[int, Any]:
    rows = session.execute(select(ApiToken.user_id, func.max(ApiToken.last_used_at))
                           .group_by(ApiToken.user_id))
    return {user_id: last for user_id, last in rows}


@bp.route("/users", methods=["GET"])
@requires("admin")
@bp.response(200, UserList)
def list_users() -> dict[str, Any]:
    """Every user by name: role, whether active, when added and when last seen by token."""
    session = db_session()
    seen = _last_seen(session)
    return {"users": [user_json(u, seen.get(u.id)) for u in user_ops.list_users(session)]}


@bp.route("/users", methods=["POST"])
@requires("admin")
@bp.arguments(UserCreateBody)
@bp.response(201, UserSchema)
@bp.alt_response(409, **_TAKEN)
@bp.alt_response(422, **_INVALID)
def add_user(body: dict[str, Any]) -> dict[str, Any]:
    """Add an active user with a role and a password (at least 10 characters)."""
    session = db_session()
    user = user_ops.add_user(session, body["name"], body["role"], body["password"],
                             actor=actor())
    session.commit()
    return user_json(user)


@bp.route("/users/<string:name>", methods=["PATCH"])
@requires("admin")
@bp.arguments(UserEditBody)
@bp.response(200, UserSchema)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(422, **_INVALID)
def edit_user(body: dict[str, Any], name: str) -> dict[str, Any]:
    """Change a user's role and/or disable or enable them (an admin cannot demote or disable
    themself); sending what the user already has changes nothing."""
    session = db_session()
    admin = actor()
    if not body:
        raise ApiError(422, "invalid", "send role and/or active")
    user = user_ops.get_user(session, name)
    if user.name == admin and (body.get("role", "admin") != "admin"
                               or body.get("active") is False):
        raise OperationError("an admin cannot demote or disable themself; ask another admin")
    if "role" in body and body["role"] != user.role:
        user_ops.set_role(session, user.name, body["role"], actor=admin)
    if "active" in body and body["active"] != bool(user.active):
        switch = user_ops.enable_user if body["active"] else user_ops.disable_user
        switch(session, user.name, actor=admin)
    session.commit()
    return user_json(user, _last_seen(session).get(user.id))

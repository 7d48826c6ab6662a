"""The audit trail: every change an operation makes is written as an AuditEvent, with the row
before and after as JSON, in the same session as the change itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from models.ops.errors import OperationError
from models.tables import AuditEvent, Base, utcnow


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


_SECRET_COLUMNS = {"password_hash", "token_hash", "content"}


def snapshot(row: Base | None) -> dict[str, Any] | None:
    """The row's column values as JSON-ready data (secrets and file contents left out)."""
    if row is None:
        return None
    return {attr.key: jsonable(getattr(row, attr.key))
            for attr in inspect(row).mapper.column_attrs if attr.key not in _SECRET_COLUMNS}


def audit(session: Session, actor: str, action: str, row: Base | None = None, *,
          entity_type: str | None = None, entity_id: int | None = None,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None
          ) -> AuditEvent:
    """Add an AuditEvent to the session (``row`` gives the entity type and id)."""
    if row is not None:
        entity_type = entity_type or row.__tablename__
        entity_id = entity_id if entity_id is not None else getattr(row, "id", None)
    event = AuditEvent(actor=actor_name(actor), action=action, entity_type=entity_type or "",
                       entity_id=entity_id, before=before, after=after, at=utcnow())
    session.add(event)
    return event


def actor_name(actor: str) -> str:
    name = (actor or "").strip()
    if not name:
        raise OperationError("an operation needs the name of the person doing it")
    return name



def last_event(session: Session, entity_type: str, entity_id: int,
                actions: Iterable[str]) -> AuditEvent | None:
    return session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id,
        AuditEvent.action.in_(tuple(actions))).order_by(AuditEvent.id.desc()).limit(1)).first()


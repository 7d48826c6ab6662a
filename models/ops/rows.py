"""Steps every operation shares: fetch a row, check its version, flush, check a value."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.ops.errors import ConflictError, NotFoundError, OperationError
from models.tables import Base, Draft, TrackedItem

RowT = TypeVar("RowT", bound=Base)


def get_row(session: Session, model: type[RowT], row_id: int, what: str) -> RowT:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{what} {row_id} does not exist")
    return row


def check_version(row: Draft | TrackedItem, what: str, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"{what} {row.id} was changed by someone else (it is at version {row.version}, "
            f"not {expected_version}); reload it and try again")


def flush(session: Session, what: str) -> None:
    """Flush, turning lost updates and unique clashes into ConflictError."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(f"{what} was changed by someone else; reload it and try again"
                            ) from exc
    except IntegrityError as exc:
        detail = " ".join(str(exc.orig).split())[:200]
        raise ConflictError(f"{what}: {detail}") from exc


def as_date(value: Any, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OperationError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def one_of(value: Any, allowed: Iterable[str], field: str, nullable: bool = False) -> Any:
    if value is None and nullable:
        return None
    if value not in allowed:
        raise OperationError(f"{field}: {value!r} is not one of {', '.join(allowed)}")
    return value


def strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise OperationError(f"{field}: expected a list of strings")
    return list(dict.fromkeys(v.strip() for v in value if v.strip()))



"""What the API's views share over HTTP: the row a URL names, the version a write was based
on, the ETag, the 409 for a row changed meanwhile, and who is calling.

No lost updates: a write names the version of the row it was based on, in the ``If-Match``
header (``"3"``, the row's ``ETag``) or the body's ``version`` field (:func:`expected_version`).
A stale one gets 409 ``version_conflict`` with the row as it is now in ``error.current``
(:func:`check_version`, and :func:`changing` around the operation itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import request
from marshmallow import Schema
from sqlalchemy.orm.exc import StaleDataError

from api.auth import current_user
from api.errors import ApiError, operation_error
from api.schemas import DraftSchema, TrackedItemDetail
from api.services import db_session, rollback_session
from models.ops.errors import ConflictError, NotFoundError, OperationError
from models.ops.rows import get_row
from models.tables import Draft, Report, TrackedItem

__all__ = ["actor", "changing", "check_version", "etag", "expected_version", "found", "shown"]

RowT = TypeVar("RowT", Draft, Report, TrackedItem)

# What a row is called in messages, and the schema it is shown by in ``error.current``.
_NAMES: dict[type, str] = {Draft: "draft", Report: "report", TrackedItem: "tracked item"}
_SCHEMAS: dict[type, type[Schema]] = {Draft: DraftSchema, TrackedItem: TrackedItemDetail}


def found(model: type[RowT], row_id: int) -> RowT:
    """The row the URL names; 404 ``not_found`` when there is none."""
    return get_row(db_session(), model, row_id, _NAMES[model])


def shown(row: Draft | TrackedItem | None) -> dict[str, Any] | None:
    """The row as the API shows it (None stays None), e.g. for ``error.current``."""
    return _SCHEMAS[type(row)]().dump(row) if row is not None else None


def etag(row: Draft | TrackedItem) -> dict[str, str]:
    """The ``ETag`` header of a versioned row: its version."""
    return {"ETag": f'"{row.version}"'}


def actor() -> str:
    """The name of the user making this request (the view is guarded by ``requires``)."""
    user = current_user()
    assert user is not None  # guaranteed by @requires
    return user.name


def expected_version(body: dict[str, Any], what: str = "draft") -> int:
    """The version the caller read: ``If-Match`` or the body's ``version`` (422 if neither)."""
    from_body = body.pop("version", None)
    header = request.headers.get("If-Match")
    from_header = None
    if header is not None:
        raw = header.strip().removeprefix("W/").strip('"')
        if not raw.isdigit() or int(raw) < 1:
            raise ApiError(422, "invalid_version",
                           f"If-Match must be the {what}'s version, e.g. \"3\"")
        from_header = int(raw)
    if from_header is not None and from_body is not None and from_header != from_body:
        raise ApiError(422, "invalid_version",
                       f"If-Match ({from_header}) and version ({from_body}) disagree")
    version = from_header if from_header is not None else from_body
    if version is None:
        raise ApiError(422, "version_required",
                       f"send the {what}'s version (If-Match header or the body's version) "
                       "so a change made meanwhile is not overwritten")
    return version


def check_version(row: Draft | TrackedItem, version: int) -> None:
    """409 ``version_conflict`` with the row as it is now, unless it is at ``version``."""
    if row.version != version:
        raise ApiError(409, "version_conflict",
                       f"{_NAMES[type(row)]} {row.id} was changed by someone else (it is at "
                       f"version {row.version}, not {version}); reload it and try again",
                       current=shown(row))


@contextmanager
def changing(model: type[Draft] | type[TrackedItem], row_id: int) -> Iterator[None]:
    """Around an operation on the row the URL names, already found.

    Errors are answered as ``api.errors`` maps them, but a conflict is 409
    ``version_conflict`` (unless it has a code of its own) with the row as it is now in
    ``error.current``, and a row that does not exist is one the body names: 422 ``invalid``.
    """
    try:
        yield
    except NotFoundError as exc:
        raise OperationError(str(exc)) from None
    except ConflictError as exc:
        rollback_session()
        current = shown(db_session().get(model, row_id))
        raise operation_error(exc, "version_conflict", current=current) from None
    except StaleDataError:
        # Changed by someone else between the check and the write (e.g. at commit).
        rollback_session()
        current = shown(db_session().get(model, row_id))
        raise operation_error(ConflictError(
            f"{'draft' if model is Draft else 'tracked item'} {row_id} was changed by someone "
            "else; reload it and try again"), "version_conflict", current=current) from None

"""What the API's views share over HTTP: the row a URL names, the version a write was based
on, the ETag, the 409 for a row changed meanwhile, who is calling, and file downloads.

No lost updates: a write names the version of the row it was based on, in the ``If-Match``
header (``"3"``, the row's ``ETag``) or the body's ``version`` field (:func:`expected_version`).
A stale one gets 409 ``version_conflict`` with the row as it is now in ``error.current``
(:func:`check_version`, and :func:`changing` around the operation itself). Its message says
what changed since that version, who changed it and when, read from the audit trail
(:func:`changes_since`), e.g. "draft 12 was edited by rory at 10:41 UTC: text, deadline";
``error.changes`` lists the same for programs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from textwrap import shorten
from typing import Any, TypeVar
from urllib.parse import quote

from flask import Response, request
from marshmallow import Schema
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from api.auth import current_user
from api.errors import ApiError, operation_error
from api.schemas import DraftSchema, TrackedItemDetail
from api.services import db_session, rollback_session
from models.ops.errors import ConflictError, NotFoundError, OperationError
from models.ops.rows import get_row
from models.tables import AuditEvent, Draft, Report, TrackedItem, utcnow

__all__ = ["actor", "changes_since", "changing", "check_version", "download", "etag",
           "expected_version", "found", "shown", "stale"]

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
        raise stale(row, version)


def stale(row: Draft | TrackedItem, version: int | None, code: str = "version_conflict",
          fallback: str | None = None, latest: bool = False) -> ApiError:
    """The 409 for a row changed since ``version`` (None: unknown, the last change is named):
    what changed, by whom and when, with the row as it is now. ``latest``: when nothing
    changed since ``version``, the last change is named (how the row got to its state)."""
    what = f"{_NAMES[type(row)]} {row.id}"
    changes = changes_since(row, version)
    if not changes and latest:
        changes = changes_since(row, None)
    if changes:
        message = f"{what} was " + "; then ".join(change["summary"] for change in changes)
    elif fallback:
        message = fallback
    else:
        message = f"{what} was changed by someone else" + (
            f" (it is at version {row.version}, not {version})" if version is not None else "")
    if code == "version_conflict" and "reload" not in message:
        message += "; reload it and try again"
    return ApiError(409, code, message, current=shown(row), changes=changes)


@contextmanager
def changing(model: type[Draft] | type[TrackedItem], row_id: int,
             version: int | None = None) -> Iterator[None]:
    """Around an operation on the row the URL names, already found (at ``version``).

    Errors are answered as ``api.errors`` maps them, but a conflict is 409
    ``version_conflict`` (unless it has a code of its own) with the row as it is now in
    ``error.current`` and what changed in the message, and a row that does not exist is one
    the body names: 422 ``invalid``.
    """
    try:
        yield
    except NotFoundError as exc:
        raise OperationError(str(exc)) from None
    except (ConflictError, StaleDataError) as exc:
        # A conflict of its own (e.g. a duplicate) keeps its code and message; a row changed
        # by someone else between the check and the write (e.g. at commit) is stale.
        rollback_session()
        row = db_session().get(model, row_id)
        if isinstance(exc, ConflictError) and exc.code is not None:
            raise operation_error(exc, current=shown(row)) from None
        if row is None:
            raise operation_error(ConflictError(
                f"{_NAMES[model]} {row_id} was removed by someone else")) from None
        if version is not None and row.version == version:  # a clash, not a change to it
            raise operation_error(exc if isinstance(exc, ConflictError) else ConflictError(
                str(exc)), "version_conflict", current=shown(row)) from None
        raise stale(row, version) from None


# --- what changed since a version, from the audit trail ----------------------------------------

# Audited actions that change a versioned row, as people say it ("edited", "accepted" ...).
_DONE = {
    "edit_draft": "edited", "confirm_draft": "accepted", "reject_draft": "rejected",
    "link_draft": "linked", "undo_decision": "put back to pending (its decision undone)",
    "edit_item": "edited", "supersede_item": "marked superseded",
    "unsupersede_item": "given its status back (the superseding decision was undone)",
    "restated_in_report": "updated from a later report",
    "undo_update_from_report": "put back as it was before a report updated it",
    "import_update": "updated by a tracker import",
}
_LINKED_AS = {"same_as": "linked as the same as", "supersedes": "linked as superseding",
              "depends_on": "linked as depending on", "related": "linked as related to"}
# Changed by every write, or not by a person: not named as what changed.
_BOOKKEEPING = frozenset({"id", "version", "edit_history", "updated_at", "proposed_deadline",
                          "suggestions", "sibling_suggestions", "match_state", "match_reason",
                          "paf_suggestion", "review_state", "reviewed_by", "reviewed_at",
                          "review_note", "tracked_item_id", "superseded_by_id",
                          "quoted_in", "changes", "not_taken"})
# The most changes named in a message (the latest), the others counted.
_MOST_NAMED = 3


def changes_since(row: Draft | TrackedItem, version: int | None) -> list[dict[str, Any]]:
    """The audited changes to ``row`` made from ``version`` on, oldest first (the last one
    alone when ``version`` is None): ``action``, ``by``, ``at``, ``fields`` and a
    ``summary`` in words ("edited by rory at 10:41 UTC: text, deadline")."""
    events = list(db_session().scalars(select(AuditEvent).where(
        AuditEvent.entity_type == row.__tablename__, AuditEvent.entity_id == row.id,
        AuditEvent.action.in_(tuple(_DONE))).order_by(AuditEvent.id)))
    if version is None:
        events = events[-1:]
    else:
        events = [e for e in events if _version_before(e, version) >= version]
    changes = [_change(event) for event in events]
    if len(changes) > _MOST_NAMED:
        earlier = len(changes) - _MOST_NAMED
        changes = changes[-_MOST_NAMED:]
        changes[0] = {**changes[0], "summary": f"changed {earlier} more time"
                      f"{'s' if earlier > 1 else ''}, then {changes[0]['summary']}"}
    return changes


def _version_before(event: AuditEvent, unknown: int) -> int:
    """The row's version the event changed (``unknown`` when it did not record it)."""
    version = (event.before or {}).get("version")
    return version if isinstance(version, int) else unknown


def _change(event: AuditEvent) -> dict[str, Any]:
    before, after = event.before or {}, event.after or {}
    fields = []
    if event.action in ("edit_draft", "edit_item", "restated_in_report", "import_update"):
        fields = [key for key in after if key not in _BOOKKEEPING
                  and key in before and before[key] != after[key]]
    done = _DONE[event.action]
    if event.action == "confirm_draft":
        if after.get("review_state") == "edited":
            done = "accepted (after an edit)"
        done += _as_item(after.get("tracked_item_id"), " as ")
    elif event.action == "link_draft":
        done = _LINKED_AS.get(after.get("relation"), "linked to") + _as_item(
            after.get("to_item_id"), " ")
    elif event.action == "reject_draft" and after.get("review_note"):
        done += f" (\"{shorten(after['review_note'], 80, placeholder='…')}\")"
    elif event.action == "restated_in_report":
        quoted = after.get("quoted_in") or {}
        if quoted.get("report"):
            done = f"updated from {quoted['report']}"
    summary = f"{done} by {event.actor} {_when(event.at)}"
    if fields:
        summary += ": " + ", ".join(field.replace("_", " ") for field in fields)
    return {"action": event.action, "by": event.actor, "at": event.at.isoformat(),
            "fields": fields, "summary": summary}


def _as_item(item_id: Any, joiner: str) -> str:
    item = db_session().get(TrackedItem, item_id) if isinstance(item_id, int) else None
    return f"{joiner}{item.reference}" if item is not None else ""


def _when(at: datetime) -> str:
    """"at 10:41 UTC" today, "on 3 Mar 2026 at 10:41 UTC" another day."""
    if at.date() == utcnow().date():
        return f"at {at:%H:%M} UTC"
    return f"on {at.day} {at:%b %Y} at {at:%H:%M} UTC"


# --- downloads ---------------------------------------------------------------------------------


def download(content: bytes | str, mimetype: str, name: str, inline: bool = False) -> Response:
    """A file to download (or, ``inline``, to open in the browser), never cached.

    The name is the file's label; it is sent in plain ASCII (accents dropped, quotes as _)
    with the full name as ``filename*`` (RFC 6266), so no name can break the header.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = " ".join("".join(c if c.isprintable() and c not in '"\\' else "_"
                                  for c in plain).split()) or "download"
    disposition = f'{"inline" if inline else "attachment"}; filename="{ascii_name}"'
    if ascii_name != name:
        disposition += f"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": disposition, "Cache-Control": "private, no-store"})

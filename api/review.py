"""Reviewing drafts: list a report's drafts, edit one, and accept, reject or link it.

Reading needs the viewer role, deciding and editing the reviewer role. Each decision is
made by ``models.ops`` in one transaction with its audit event, recorded under the caller's
name.

No lost updates: every write names the version of the draft it was based on, in the
``If-Match`` header (``"3"``, the draft's ``ETag``) or the body's ``version`` field. A stale
version gets 409 ``version_conflict`` with the draft as it is now in ``error.current``.
A draft already decided gets 409 ``not_pending`` (also with ``error.current``): it is the
state of the draft, not the request, that is in the way. A missing version, or a body the
schemas or the operation refuse, gets 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth import current_user, requires
from api.errors import ApiError
from api.schemas import (
    AcceptBody,
    BulkAcceptBody,
    BulkAcceptResult,
    DecisionResult,
    DraftEditBody,
    DraftList,
    DraftSchema,
    ErrorSchema,
    LinkBody,
    RejectBody,
    SuggestionList,
    UndoBody,
)
from api.services import db_session
from matching.text import word_diff
from models import ops
from models.tables import Draft, Report, TrackedItem

bp = Blueprint("review", __name__, url_prefix="/api",
               description="Reviewing a report's drafts (optimistic locking by version)")

_ITEM_FIELDS = ("scope", "activity_level", "paf_area", "chief_officer_lead", "delivery_lead",
                "delivery_confidence")
_CONFLICT = {"schema": ErrorSchema,
             "description": "the draft is not pending, or changed since the version sent "
                            "(error.current holds it as it is now)"}
_INVALID = {"schema": ErrorSchema,
            "description": "the body is not valid, or no version was sent"}
_NOT_FOUND = {"schema": ErrorSchema, "description": "no such draft or report"}
_IF_MATCH = {"in": "header", "name": "If-Match", "required": False,
             "schema": {"type": "string"},
             "description": "the draft's version (its ETag), instead of the body's version"}


# --- serialisation ---------------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def draft_json(draft: Draft) -> dict[str, Any]:
    """A draft as the API shows it."""
    return {
        "id": draft.id, "report_id": draft.report_id, "position": draft.position,
        "version": draft.version, "kind": draft.kind, "number": draft.number,
        "origin": draft.origin, "text": draft.text, "deadline": _iso(draft.deadline),
        "deadline_text": draft.deadline_text, "deadline_relative": draft.deadline_relative,
        "proposed_deadline": _iso(draft.proposed_deadline),
        "deadline_confirmed": draft.deadline_confirmed, "immediate": draft.immediate,
        "addressees": list(draft.addressees or []),
        "addressees_other": list(draft.addressees_other or []),
        "applies_to_forces": draft.applies_to_forces, "status": draft.status,
        "page": draft.page, "confidence": draft.confidence, "match_state": draft.match_state,
        "match_reason": draft.match_reason,
        "suggestions": list(draft.suggestions or []), "paf_suggestion": draft.paf_suggestion,
        "review_state": draft.review_state, "reviewed_by": draft.reviewed_by,
        "reviewed_at": _iso(draft.reviewed_at), "review_note": draft.review_note,
        "tracked_item_id": draft.tracked_item_id,
    }


def item_json(item: TrackedItem) -> dict[str, Any]:
    """A tracked item, in brief."""
    return {"id": item.id, "reference": item.reference, "kind": item.kind,
            "number": item.number, "text": item.text, "status": item.status,
            "scope": item.scope, "paf_area": item.paf_area,
            "activity_level": item.activity_level,
            "current_deadline": _iso(item.current_deadline),
            "superseded_by_id": item.superseded_by_id, "version": item.version}


def _etag(draft: Draft) -> dict[str, str]:
    return {"ETag": f'"{draft.version}"'}


# --- versions and errors ---------------------------------------------------------------------


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


def _draft(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise ApiError(404, "not_found", f"draft {draft_id} does not exist")
    return draft


def _pending(session: Session, draft_id: int, version: int) -> Draft:
    """The pending draft at ``version``: 404, or 409 with its current state, otherwise."""
    draft = _draft(session, draft_id)
    if draft.review_state != "pending":
        raise ApiError(409, "not_pending",
                       f"draft {draft.id} is already {draft.review_state} "
                       f"by {draft.reviewed_by}", current=draft_json(draft))
    if draft.version != version:
        raise ApiError(409, "version_conflict",
                       f"draft {draft.id} was changed by someone else (it is at version "
                       f"{draft.version}, not {version}); reload it and try again",
                       current=draft_json(draft))
    return draft


def _run(session: Session, draft_id: int, operation: Callable[[], Any]) -> Any:
    """Run an operation and commit; its errors become 409 or 422 (after a rollback)."""
    try:
        result = operation()
        session.commit()
    except ops.ConflictError as exc:
        session.rollback()
        current = session.get(Draft, draft_id)
        raise ApiError(409, "version_conflict", str(exc),
                       current=draft_json(current) if current is not None else None
                       ) from None
    except ops.OperationError as exc:  # includes a tracked item that does not exist
        session.rollback()
        raise ApiError(422, "invalid", str(exc)) from None
    return result


def _actor() -> str:
    user = current_user()
    assert user is not None  # guaranteed by @requires
    return user.name


def _item_fields(body: dict[str, Any]) -> dict[str, Any]:
    return {key: body[key] for key in _ITEM_FIELDS if key in body}


# --- views -----------------------------------------------------------------------------------


@bp.route("/reports/<id:report_id>/drafts", methods=["GET"])
@requires("viewer")
@bp.response(200, DraftList)
@bp.alt_response(404, **_NOT_FOUND)
def list_drafts(report_id: int) -> dict[str, Any]:
    """The report's drafts in order, with their suggestions, PAF suggestion and version."""
    session = db_session()
    if session.get(Report, report_id) is None:
        raise ApiError(404, "not_found", f"report {report_id} does not exist")
    drafts = session.scalars(select(Draft).where(Draft.report_id == report_id)
                             .order_by(Draft.position))
    return {"report_id": report_id, "drafts": [draft_json(d) for d in drafts]}


@bp.route("/drafts/<id:draft_id>", methods=["GET"])
@requires("viewer")
@bp.response(200, DraftSchema)
@bp.alt_response(404, **_NOT_FOUND)
def get_draft(draft_id: int) -> tuple[dict[str, Any], int, dict[str, str]]:
    """One draft; its ETag is its version."""
    draft = _draft(db_session(), draft_id)
    return draft_json(draft), 200, _etag(draft)


@bp.route("/drafts/<id:draft_id>", methods=["PATCH"])
@requires("reviewer")
@bp.doc(parameters=[_IF_MATCH])
@bp.arguments(DraftEditBody)
@bp.response(200, DraftSchema)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, **_INVALID)
def edit_draft(body: dict[str, Any], draft_id: int) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Change a pending draft's text, deadline, addressees, kind or number (needs its version).
    """
    session = db_session()
    version = expected_version(body)
    _pending(session, draft_id, version)
    draft = _run(session, draft_id,
                 lambda: ops.edit_draft(session, draft_id, body, _actor(), version))
    return draft_json(draft), 200, _etag(draft)


def _decision(draft: Draft, item: TrackedItem | None) -> dict[str, Any]:
    return {"draft": draft_json(draft), "tracked_item": item_json(item) if item else None}


@bp.route("/drafts/<id:draft_id>/accept", methods=["POST"])
@requires("reviewer")
@bp.doc(parameters=[_IF_MATCH])
@bp.arguments(AcceptBody)
@bp.response(200, DecisionResult)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, **_INVALID)
def accept_draft(body: dict[str, Any], draft_id: int) -> dict[str, Any]:
    """Accept a pending draft into a new tracked item."""
    session = db_session()
    version = expected_version(body)
    draft = _pending(session, draft_id, version)
    item = _run(session, draft_id, lambda: ops.confirm_draft(
        session, draft_id, _actor(), version,
        confirm_deadline=bool(body.get("confirm_deadline")), **_item_fields(body)))
    return _decision(draft, item)


@bp.route("/drafts/<id:draft_id>/reject", methods=["POST"])
@requires("reviewer")
@bp.doc(parameters=[_IF_MATCH])
@bp.arguments(RejectBody)
@bp.response(200, DecisionResult)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, **_INVALID)
def reject_draft(body: dict[str, Any], draft_id: int) -> dict[str, Any]:
    """Reject a pending draft with a reason (it is kept, with who rejected it and when)."""
    session = db_session()
    version = expected_version(body)
    _pending(session, draft_id, version)
    draft = _run(session, draft_id, lambda: ops.reject_draft(
        session, draft_id, _actor(), body["reason"], version))
    return _decision(draft, None)


@bp.route("/drafts/<id:draft_id>/link", methods=["POST"])
@requires("reviewer")
@bp.doc(parameters=[_IF_MATCH])
@bp.arguments(LinkBody)
@bp.response(200, DecisionResult)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, **_INVALID)
def link_draft(body: dict[str, Any], draft_id: int) -> dict[str, Any]:
    """Decide a pending draft by relating it to a tracked item: same_as (it is that item),
    supersedes (a new item replacing it) or depends_on (a new item depending on it)."""
    session = db_session()
    version = expected_version(body)
    draft = _pending(session, draft_id, version)
    item = _run(session, draft_id, lambda: ops.link_draft(
        session, draft_id, body["tracked_item_id"], body["relation"], _actor(), version,
        confirm_deadline=bool(body.get("confirm_deadline")), **_item_fields(body)))
    return _decision(draft, item)


@bp.route("/reports/<id:report_id>/drafts/accept", methods=["POST"])
@requires("reviewer")
@bp.arguments(BulkAcceptBody)
@bp.response(200, BulkAcceptResult)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, **_INVALID)
def accept_many(body: dict[str, Any], report_id: int) -> dict[str, Any]:
    """Accept many drafts of the report at once, each at the version sent: all or none.

    The first draft that cannot be accepted (not of this report, not pending, stale) is
    named in the error and nothing is accepted.
    """
    session = db_session()
    if session.get(Report, report_id) is None:
        raise ApiError(404, "not_found", f"report {report_id} does not exist")
    entries = body["drafts"]
    ids = [entry["id"] for entry in entries]
    if len(set(ids)) != len(ids):
        raise ApiError(422, "invalid", "a draft is listed more than once")
    actor = _actor()

    def accept_all() -> list[tuple[Draft, TrackedItem]]:
        done = []
        for entry in entries:
            draft = session.get(Draft, entry["id"])
            if draft is None or draft.report_id != report_id:
                raise ApiError(404, "not_found",
                               f"draft {entry['id']} is not a draft of report {report_id}")
            _pending(session, draft.id, entry["version"])
            done.append((draft, ops.confirm_draft(session, draft.id, actor, entry["version"])))
        return done

    try:
        accepted = _run(session, ids[0], accept_all)
    except ApiError:
        session.rollback()
        raise
    return {"accepted": [_decision(draft, item) for draft, item in accepted]}


@bp.route("/drafts/<id:draft_id>/undo", methods=["POST"])
@requires("reviewer")
@bp.doc(parameters=[_IF_MATCH])
@bp.arguments(UndoBody)
@bp.response(200, DecisionResult)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, schema=ErrorSchema,
                 description="no version was sent, or undoing would lose later work "
                             "(the message says what)")
def undo_decision(body: dict[str, Any], draft_id: int) -> dict[str, Any]:
    """Put a decided draft back to pending: the item its decision created is removed, an item
    it superseded gets its status back. Refused (422) when that would lose later work."""
    session = db_session()
    version = expected_version(body)
    draft = _draft(session, draft_id)
    if draft.review_state == "pending":
        raise ApiError(409, "not_pending",
                       f"draft {draft.id} is pending; there is no decision to undo",
                       current=draft_json(draft))
    if draft.version != version:
        raise ApiError(409, "version_conflict",
                       f"draft {draft.id} was changed by someone else (it is at version "
                       f"{draft.version}, not {version}); reload it and try again",
                       current=draft_json(draft))
    draft = _run(session, draft_id,
                 lambda: ops.undo_decision(session, draft_id, _actor(), version))
    return _decision(draft, None)


@bp.route("/drafts/<id:draft_id>/suggestions", methods=["GET"])
@requires("viewer")
@bp.response(200, SuggestionList)
@bp.alt_response(404, **_NOT_FOUND)
def draft_suggestions(draft_id: int) -> dict[str, Any]:
    """The draft's match suggestions as stored, each with its tracked item (null if it no
    longer exists) and the word-level diff from that item's text to the draft's."""
    from api.items import item_detail  # api.items imports this module

    session = db_session()
    draft = _draft(session, draft_id)
    shown = []
    for suggestion in draft.suggestions or []:
        entry = dict(suggestion)
        try:
            item = session.get(TrackedItem, int(suggestion.get("tracked_id")))
        except (TypeError, ValueError):
            item = None
        entry["item"] = item_detail(item) if item is not None else None
        entry["diff"] = word_diff(item.text, draft.text) if item is not None else None
        shown.append(entry)
    return {"draft_id": draft.id, "version": draft.version, "text": draft.text,
            "suggestions": shown}

"""Reviewing drafts: list a report's drafts, edit one, and accept, reject or link it; see what
linking a draft as the same as a tracked item would change on it; match drafts again.

Reading needs the viewer role, deciding and editing the reviewer role. Each decision is
made by ``models.ops`` in one transaction with its audit event, recorded under the caller's
name.

No lost updates: every write names the version of the draft it was based on, in the
``If-Match`` header (``"3"``, the draft's ``ETag``) or the body's ``version`` field. A stale
version gets 409 ``version_conflict`` with the draft as it is now in ``error.current``.
A draft already decided gets 409 ``not_pending`` (also with ``error.current``): it is the
state of the draft, not the request, that is in the way. A missing version, or a body the
schemas or the operation refuse, gets 422 (also a tracked item the body names that does
not exist). See ``api.http``.

Accepting a draft whose top suggestion is confidently the same as a tracked item gets 409
``duplicate`` (with ``error.existing``) unless the body says ``duplicate: true``. A decision
that changes the tracked items asks a worker to match the report's other pending drafts
again, so their suggestions stay current.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select

from api.auth import requires
from api.errors import ApiError
from api.http import actor, changing, check_version, etag, expected_version, found, shown
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
    RematchResult,
    SuggestionList,
    UndoBody,
    UpdatePreview,
)
from api.services import db_session, services
from hmic_actions.words import word_diff
from models.ops import drafts as draft_ops
from models.ops import undo as undo_ops
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


def _pending(draft_id: int, version: int) -> Draft:
    """The pending draft at ``version``: 404, or 409 with its current state, otherwise."""
    draft = found(Draft, draft_id)
    if draft.review_state != "pending":
        raise ApiError(409, "not_pending",
                       f"draft {draft.id} is already {draft.review_state} "
                       f"by {draft.reviewed_by}", current=shown(draft))
    check_version(draft, version)
    return draft


def _item_fields(body: dict[str, Any]) -> dict[str, Any]:
    return {key: body[key] for key in _ITEM_FIELDS if key in body}


def _decision(draft: Draft, item: TrackedItem | None) -> dict[str, Any]:
    return {"draft": draft, "tracked_item": item}


def _tracker_changed(report_id: int) -> None:
    """The tracked items changed: the report's pending drafts are matched again."""
    services().dispatcher.rematch(report_id)


# --- views ---------------------------------------------------------------------------------


@bp.route("/reports/<id:report_id>/drafts", methods=["GET"])
@requires("viewer")
@bp.response(200, DraftList)
@bp.alt_response(404, **_NOT_FOUND)
def list_drafts(report_id: int) -> dict[str, Any]:
    """The report's drafts in order, with their suggestions, PAF suggestion and version."""
    found(Report, report_id)
    drafts = db_session().scalars(select(Draft).where(Draft.report_id == report_id)
                                  .order_by(Draft.position))
    return {"report_id": report_id, "drafts": drafts.all()}


@bp.route("/drafts/<id:draft_id>", methods=["GET"])
@requires("viewer")
@bp.response(200, DraftSchema)
@bp.alt_response(404, **_NOT_FOUND)
def get_draft(draft_id: int) -> tuple[Draft, int, dict[str, str]]:
    """One draft; its ETag is its version."""
    draft = found(Draft, draft_id)
    return draft, 200, etag(draft)


@bp.route("/drafts/<id:draft_id>", methods=["PATCH"])
@requires("reviewer")
@bp.doc(parameters=[_IF_MATCH])
@bp.arguments(DraftEditBody)
@bp.response(200, DraftSchema)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, **_INVALID)
def edit_draft(body: dict[str, Any], draft_id: int) -> tuple[Draft, int, dict[str, str]]:
    """Change a pending draft's text, deadline, addressees, kind or number (needs its version).
    """
    session = db_session()
    version = expected_version(body)
    _pending(draft_id, version)
    with changing(Draft, draft_id):
        draft = draft_ops.edit_draft(session, draft_id, body, actor(), version)
        session.commit()
    return draft, 200, etag(draft)


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
    draft = _pending(draft_id, version)
    with changing(Draft, draft_id):
        item = draft_ops.confirm_draft(session, draft_id, actor(), version,
                                       confirm_deadline=bool(body.get("confirm_deadline")),
                                       duplicate=bool(body.get("duplicate")),
                                       **_item_fields(body))
        session.commit()
    _tracker_changed(draft.report_id)
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
    _pending(draft_id, version)
    with changing(Draft, draft_id):
        draft = draft_ops.reject_draft(session, draft_id, actor(), body["reason"], version)
        session.commit()
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
    """Decide a pending draft by relating it to a tracked item: same_as (it is that item,
    restated: the item's history records it, and it takes the changes ``update`` names, by
    default all the update preview shows), supersedes (a new item replacing it) or
    depends_on (a new item depending on it)."""
    session = db_session()
    version = expected_version(body)
    draft = _pending(draft_id, version)
    with changing(Draft, draft_id):
        item = draft_ops.link_draft(session, draft_id, body["tracked_item_id"],
                                    body["relation"], actor(), version,
                                    confirm_deadline=bool(body.get("confirm_deadline")),
                                    update=body.get("update"), **_item_fields(body))
        session.commit()
    _tracker_changed(draft.report_id)
    return _decision(draft, item)


@bp.route("/drafts/<id:draft_id>/update-preview/<id:item_id>", methods=["GET"])
@requires("viewer")
@bp.response(200, UpdatePreview)
@bp.alt_response(404, **_NOT_FOUND)
def update_preview(draft_id: int, item_id: int) -> dict[str, Any]:
    """What linking the draft as the same as the tracked item would change on the item:
    the status the report gives it, its deadline and its wording, each as [now, new]."""
    draft = found(Draft, draft_id)
    item = found(TrackedItem, item_id)
    changes = draft_ops.proposed_update(draft, item)
    return {"draft_id": draft.id, "tracked_item": item, "changes": changes,
            "quoted_in": draft_ops.quoted_in(draft),
            "diff": word_diff(item.text, draft.text) if "text" in changes else None}


@bp.route("/reports/<id:report_id>/rematch", methods=["POST"])
@requires("reviewer")
@bp.response(202, RematchResult)
@bp.alt_response(404, **_NOT_FOUND)
def rematch_report(report_id: int) -> dict[str, Any]:
    """Ask a worker to match the report's pending drafts again against the tracked items as
    they are now (done in the background; the drafts' suggestions change when it is)."""
    found(Report, report_id)
    services().dispatcher.rematch(report_id)
    return {"report_id": report_id, "queued": True}


@bp.route("/drafts/rematch", methods=["POST"])
@requires("reviewer")
@bp.response(202, RematchResult)
def rematch_all() -> dict[str, Any]:
    """Ask a worker to match every pending draft of every report again."""
    services().dispatcher.rematch(None)
    return {"report_id": None, "queued": True}


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
    found(Report, report_id)
    entries = body["drafts"]
    ids = [entry["id"] for entry in entries]
    if len(set(ids)) != len(ids):
        raise ApiError(422, "invalid", "a draft is listed more than once")
    name = actor()
    accepted = []
    with changing(Draft, ids[0]):
        for entry in entries:
            draft = session.get(Draft, entry["id"])
            if draft is None or draft.report_id != report_id:
                raise ApiError(404, "not_found",
                               f"draft {entry['id']} is not a draft of report {report_id}")
            _pending(draft.id, entry["version"])
            item = draft_ops.confirm_draft(session, draft.id, name, entry["version"])
            accepted.append(_decision(draft, item))
        session.commit()
    _tracker_changed(report_id)
    return {"accepted": accepted}


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
    draft = found(Draft, draft_id)
    if draft.review_state == "pending":
        raise ApiError(409, "not_pending",
                       f"draft {draft.id} is pending; there is no decision to undo",
                       current=shown(draft))
    check_version(draft, version)
    with changing(Draft, draft_id):
        draft = undo_ops.undo_decision(session, draft_id, actor(), version)
        session.commit()
    _tracker_changed(draft.report_id)
    return _decision(draft, None)


@bp.route("/drafts/<id:draft_id>/suggestions", methods=["GET"])
@requires("viewer")
@bp.response(200, SuggestionList)
@bp.alt_response(404, **_NOT_FOUND)
def draft_suggestions(draft_id: int) -> dict[str, Any]:
    """The draft's match suggestions as stored, each with its tracked item (null if it no
    longer exists) and the word-level diff from that item's text to the draft's."""
    session = db_session()
    draft = found(Draft, draft_id)
    suggestions = []
    for suggestion in draft.suggestions or []:
        entry = dict(suggestion)
        try:
            item = session.get(TrackedItem, int(suggestion.get("tracked_id")))
        except (TypeError, ValueError):
            item = None
        entry["item"] = item
        entry["diff"] = word_diff(item.text, draft.text) if item is not None else None
        suggestions.append(entry)
    return {"draft_id": draft.id, "version": draft.version, "text": draft.text,
            "suggestions": suggestions}

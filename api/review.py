"""Reviewing drafts: list a report's drafts (filtered), add one the extraction missed, edit
one, and accept, reject or link it; see what linking a draft as the same as a tracked item
would change on it, and what the item it becomes would be given; match drafts again.

Reading needs the viewer role, deciding and editing the reviewer role. Each decision is
made by ``models.ops`` in one transaction with its audit event, recorded under the caller's
name.

No lost updates: every write names the version of the draft it was based on, in the
``If-Match`` header (``"3"``, the draft's ``ETag``) or the body's ``version`` field. A stale
version gets 409 ``version_conflict`` with the draft as it is now in ``error.current``.
A draft already decided gets 409 ``not_pending`` (also with ``error.current``): it is the
state of the draft, not the request, that is in the way. Both say in words what changed,
who changed it and when ("draft 12 was accepted (after an edit) by rory at 10:41 UTC").
A missing version, or a body the schemas or the operation refuse, gets 422 (also a
tracked item the body names that does not exist). See ``api.http``.

Accepting a draft whose top suggestion is confidently the same as a tracked item gets 409
``duplicate`` (with ``error.existing``) unless the body says ``duplicate: true``. A decision
that changes the tracked items asks a worker to match the report's other pending drafts
again, so their suggestions stay current; so does adding a draft by hand.

A missed item is added with its text, or with the box on a page that holds it: the text is
then read from the report's PDF under the box (422 ``empty_region`` when the box holds no
words).
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from api.auth import requires
from api.errors import ApiError
from api.http import actor, changing, check_version, etag, expected_version, found, stale
from api.schemas import (
    AcceptBody,
    BulkAcceptBody,
    BulkAcceptResult,
    DecisionResult,
    DraftAddBody,
    DraftEditBody,
    DraftList,
    DraftListQuery,
    DraftSchema,
    ErrorSchema,
    ItemFieldsQuery,
    ItemFieldSuggestions,
    LinkBody,
    RejectBody,
    RematchResult,
    SuggestionList,
    UndoBody,
    UpdatePreview,
)
from api.services import db_session, services
from api.source import ordered_box, region_text
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
    """The pending draft at ``version``: 404, or 409 with its current state and how it got
    there, otherwise."""
    draft = found(Draft, draft_id)
    if draft.review_state != "pending":
        raise stale(draft, version, "not_pending", latest=True,
                    fallback=f"draft {draft.id} was {draft.review_state} by "
                             f"{draft.reviewed_by}")
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
@bp.arguments(DraftListQuery, location="query")
@bp.response(200, DraftList)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(422, schema=ErrorSchema, description="a filter is not valid")
def list_drafts(query: dict[str, Any], report_id: int) -> dict[str, Any]:
    """The report's drafts in order, with their suggestions, PAF suggestion and version;
    filtered by review state, kind, origin, addressee and whether a force must act on them
    (``for_force``), all optional and combined."""
    found(Report, report_id)
    conditions = [Draft.report_id == report_id]
    for field in ("review_state", "kind", "origin"):
        if field in query:
            conditions.append(getattr(Draft, field) == query[field])
    if "for_force" in query:
        conditions.append(Draft.applies_to_forces.is_(query["for_force"]))
    drafts = db_session().scalars(select(Draft).where(*conditions).order_by(Draft.position))
    chosen = drafts.all()
    if "addressee" in query:
        # Addressees are JSON lists, and a report's drafts few: filtered here, on every
        # database alike (canonical ids and bodies named verbatim, ignoring case).
        wanted = " ".join(query["addressee"].split()).casefold()
        chosen = [d for d in chosen if wanted in {a.casefold() for a in
                                                 [*(d.addressees or []),
                                                  *(d.addressees_other or [])]}]
    return {"report_id": report_id, "drafts": chosen}


@bp.route("/reports/<id:report_id>/drafts", methods=["POST"])
@requires("reviewer")
@bp.arguments(DraftAddBody)
@bp.response(201, DraftSchema, description="the draft added (its ETag is its version)")
@bp.alt_response(404, schema=ErrorSchema, description="no such report")
@bp.alt_response(409, schema=ErrorSchema,
                 description="the report is not read yet: queued or being read")
@bp.alt_response(422, schema=ErrorSchema,
                 description="the body is not valid, the box holds no words, or the page "
                             "cannot be read")
def add_draft(body: dict[str, Any], report_id: int) -> tuple[Draft, int, dict[str, str]]:
    """Add an item the extraction missed, pending review like the others: its text, or the
    ``page`` and ``bbox`` that hold it (the text is then read from the PDF under the box).
    The report's drafts are then matched again."""
    session = db_session()
    report = found(Report, report_id)
    if report.status not in ("ready", "failed"):
        raise ApiError(409, "not_ready", f"report {report.id} is {report.status}; add a "
                                         "missed item once it has been read")
    fields = dict(body)
    if "bbox" in fields:
        fields["bbox"] = ordered_box(*fields["bbox"])
    if "text" not in fields:
        fields["text"] = region_text(report, fields["page"], fields["bbox"])
        if not fields["text"]:
            raise ApiError(422, "empty_region",
                           f"the box on page {fields['page']} holds no words; draw it around "
                           "the item's text, or type the text")
    draft = draft_ops.add_draft(session, report.id, actor(), **fields)
    session.commit()
    services().dispatcher.rematch(report.id)
    return draft, 201, {**etag(draft),
                        "Location": url_for("review.get_draft", draft_id=draft.id)}


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
    with changing(Draft, draft_id, version):
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
    with changing(Draft, draft_id, version):
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
    with changing(Draft, draft_id, version):
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
    with changing(Draft, draft_id, version):
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
    with changing(Draft, ids[0], entries[0]["version"]):
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
        raise stale(draft, version, "not_pending",
                    fallback=f"draft {draft.id} is pending; there is no decision to undo")
    check_version(draft, version)
    with changing(Draft, draft_id, version):
        draft = undo_ops.undo_decision(session, draft_id, actor(), version)
        session.commit()
    _tracker_changed(draft.report_id)
    return _decision(draft, None)


@bp.route("/drafts/<id:draft_id>/item-fields", methods=["GET"])
@requires("viewer")
@bp.arguments(ItemFieldsQuery, location="query")
@bp.response(200, ItemFieldSuggestions)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(422, schema=ErrorSchema, description="an unknown scope")
def item_fields(query: dict[str, Any], draft_id: int) -> dict[str, Any]:
    """The PAF area, Chief Officer lead and activity level the tracked item the draft would
    become is given when none is sent (for the edit dialog), each with why."""
    draft = found(Draft, draft_id)
    return {"draft_id": draft.id, **draft_ops.suggested_item_fields(
        db_session(), draft, scope=query.get("scope"))}


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

"""Tracked items and the audit trail: list and filter items, read one, edit one, its progress
updates, its history, its links (with the decisions that made them), and a report's audit
trail.

Reading needs the viewer role, editing the reviewer role. An edit names the version of the
item it was based on (``If-Match`` or the body's ``version``), as for drafts: a stale one
gets 409 ``version_conflict`` with the item as it is now in ``error.current``. Setting the
status to superseded needs ``superseded_by``, the superseding item's id; the item then points
to it and a supersedes link is added (``models.ops.items.supersede_item``); a superseding
item that does not exist is a refused body (422). Completing or closing an item needs its
evidence (422 otherwise). Progress updates are only added, each dated and authored. Every
edit is written to the audit trail under the caller's name, in the same transaction. See
``api.http``.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from typing import Any

from flask import Response, g
from flask_smorest import Blueprint
from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import selectinload

from api.auth import requires
from api.errors import ApiError
from api.http import actor, changing, check_version, download, etag, expected_version, found
from api.schemas import (
    AuditList,
    ErrorSchema,
    ItemEditBody,
    ItemExportQuery,
    ItemLinkList,
    ItemListQuery,
    ProgressUpdateBody,
    ProgressUpdateList,
    ProgressUpdateSchema,
    TrackedItemDetail,
    TrackedItemList,
)
from api.services import db_session
from models.ops import items as item_ops
from models.ops.audit import last_event
from models.ops.drafts import quoted_in
from models.tables import AuditEvent, Draft, Link, ProgressUpdate, Report, TrackedItem
from models.tracker.exporting import export_tracker

bp = Blueprint("items", __name__, url_prefix="/api",
               description="Tracked items (optimistic locking by version) and audit trails")

_NOT_FOUND = {"schema": ErrorSchema, "description": "no such tracked item or report"}
_CONFLICT = {"schema": ErrorSchema,
             "description": "the item changed since the version sent (error.current holds it "
                            "as it is now)"}
_INVALID = {"schema": ErrorSchema,
            "description": "the body is not valid, no version was sent, or the change is "
                           "refused (e.g. superseded without superseded_by)"}
_IF_MATCH = {"in": "header", "name": "If-Match", "required": False,
             "schema": {"type": "string"},
             "description": "the item's version (its ETag), instead of the body's version"}


def _filters(query: dict[str, Any]) -> list[Any]:
    conditions: list[Any] = []
    for field in ("status", "kind", "paf_area", "scope", "activity_level"):
        if field in query:
            conditions.append(getattr(TrackedItem, field) == query[field])
    if "addressee" in query:
        # Addressees are a JSON list of strings: look for the id as a quoted JSON string.
        conditions.append(cast(TrackedItem.addressees, String).contains(
            json.dumps(query["addressee"]), autoescape=True))
    if "due_before" in query:
        conditions.append(TrackedItem.current_deadline <= query["due_before"])
    if "due_after" in query:
        conditions.append(TrackedItem.current_deadline >= query["due_after"])
    if "lead" in query:
        lead = " ".join(query["lead"].split()).lower()
        conditions.append(func.lower(TrackedItem.chief_officer_lead).contains(lead,
                                                                             autoescape=True))
    if "q" in query:
        words = query["q"].replace("\x00", " ").lower().split()
        for word in words:
            conditions.append(or_(func.lower(TrackedItem.text).contains(word, autoescape=True),
                                  func.lower(TrackedItem.reference).contains(word,
                                                                             autoescape=True)))
    return conditions


def _order(query: dict[str, Any]) -> list[Any]:
    """ORDER BY for the ``sort`` parameter: empty values last either way, ties by id."""
    key = query.get("sort") or "id"
    column = getattr(TrackedItem, key.lstrip("-"))
    direction = column.desc() if key.startswith("-") else column.asc()
    return [column.is_(None), direction, TrackedItem.id]


@bp.route("/tracked-items", methods=["GET"])
@requires("viewer")
@bp.arguments(ItemListQuery, location="query")
@bp.response(200, TrackedItemList)
def list_items(query: dict[str, Any]) -> dict[str, Any]:
    """Tracked items, filtered (status, kind, addressee, PAF area, scope, level, due dates,
    text, Chief Officer lead), sorted (``sort``, by id unless given) and a page at a time
    (``limit``, ``offset``; ``total`` counts all matches)."""
    session = db_session()
    conditions = _filters(query)
    total = session.scalar(select(func.count(TrackedItem.id)).where(*conditions)) or 0
    items = session.scalars(select(TrackedItem).where(*conditions).order_by(*_order(query))
                            .limit(query["limit"]).offset(query["offset"])
                            .options(selectinload(TrackedItem.updates)))
    return {"total": total, "limit": query["limit"], "offset": query["offset"],
            "items": items.all()}


_EXPORT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.route("/tracked-items/export", methods=["GET"])
@requires("viewer")
@bp.arguments(ItemExportQuery, location="query")
@bp.doc(responses={"200": {
    "description": "the tracker as a CSV or .xlsx file (the CLI export's columns)",
    "content": {kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in _EXPORT_TYPES.values()}}})
@bp.alt_response(422, schema=ErrorSchema, description="an unknown format or a bad filter")
def export_items(query: dict[str, Any]) -> Response:
    """The tracked items matching the list's filters as a tracker file (CSV or .xlsx), in the
    order asked for (by id unless ``sort`` is given), as an attachment named by today's date."""
    session = db_session()
    fmt = query.pop("format")
    items = session.scalars(
        select(TrackedItem).where(*_filters(query)).order_by(*_order(query))
        .options(selectinload(TrackedItem.superseded_by), selectinload(TrackedItem.report),
                 selectinload(TrackedItem.updates)))
    buffer = io.BytesIO()
    export_tracker(session, buffer, fmt, items=items)
    return download(buffer.getvalue(), _EXPORT_TYPES[fmt],
                    f"tracked-items-{date.today().isoformat()}.{fmt}")


@bp.route("/tracked-items/<id:item_id>", methods=["GET"])
@requires("viewer")
@bp.response(200, TrackedItemDetail)
@bp.alt_response(404, **_NOT_FOUND)
def get_item(item_id: int) -> tuple[TrackedItem, int, dict[str, str]]:
    """One tracked item; its ETag is its version."""
    item = found(TrackedItem, item_id)
    return item, 200, etag(item)


@bp.route("/tracked-items/<id:item_id>", methods=["PATCH"])
@requires("reviewer")
@bp.doc(parameters=[_IF_MATCH])
@bp.arguments(ItemEditBody)
@bp.response(200, TrackedItemDetail)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, **_CONFLICT)
@bp.alt_response(422, **_INVALID)
def edit_item(body: dict[str, Any], item_id: int) -> tuple[TrackedItem, int, dict[str, str]]:
    """Change a tracked item's leads, PAF area, activity level, delivery confidence, status,
    current deadline, action required or evidence (needs its version); status superseded
    needs ``superseded_by``, completed or closed needs evidence."""
    session = db_session()
    version = expected_version(body, "tracked item")
    item = found(TrackedItem, item_id)
    check_version(item, version)
    superseded_by = body.pop("superseded_by", None)
    supersede = body.get("status") == "superseded" and item.status != "superseded"
    if supersede:
        body.pop("status")
        if superseded_by is None:
            raise ApiError(422, "invalid", "status superseded needs superseded_by, the id of "
                                           "the item that supersedes this one")
    elif superseded_by is not None:
        raise ApiError(422, "invalid", "superseded_by is only sent with status superseded "
                                       "(on an item not yet superseded)")
    name = actor()
    with changing(TrackedItem, item_id, version):
        item_ops.edit_item(session, item_id, body, name, version)
        if supersede:
            item_ops.supersede_item(session, item_id, superseded_by, name)
        session.commit()
    item = found(TrackedItem, item_id)
    return item, 200, etag(item)


@bp.route("/tracked-items/<id:item_id>/updates", methods=["GET"])
@requires("viewer")
@bp.response(200, ProgressUpdateList)
@bp.alt_response(404, **_NOT_FOUND)
def list_updates(item_id: int) -> dict[str, Any]:
    """The item's progress updates, oldest first."""
    found(TrackedItem, item_id)
    updates = db_session().scalars(select(ProgressUpdate).where(
        ProgressUpdate.tracked_item_id == item_id).order_by(ProgressUpdate.at, ProgressUpdate.id))
    return {"updates": updates.all()}


@bp.route("/tracked-items/<id:item_id>/updates", methods=["POST"])
@requires("reviewer")
@bp.arguments(ProgressUpdateBody)
@bp.response(201, ProgressUpdateSchema)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(422, **_INVALID)
def add_update(body: dict[str, Any], item_id: int) -> ProgressUpdate:
    """Add a progress update to the item, under the caller's name (dated now unless ``at``
    says when it was made). Updates are never changed; the item's version does not move."""
    session = db_session()
    found(TrackedItem, item_id)
    source = "page" if g.get("auth_method") == "session" else "api"
    update = item_ops.add_progress_update(session, item_id, body["text"], actor(),
                                          at=body.get("at"), source=source)
    session.commit()
    return update


@bp.route("/tracked-items/<id:item_id>/history", methods=["GET"])
@requires("viewer")
@bp.response(200, AuditList)
@bp.alt_response(404, **_NOT_FOUND)
def item_history(item_id: int) -> dict[str, Any]:
    """The item's audit trail, oldest first: who changed what, when, before and after."""
    session = db_session()
    found(TrackedItem, item_id)
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == TrackedItem.__tablename__, AuditEvent.entity_id == item_id)
        .order_by(AuditEvent.at, AuditEvent.id))
    return {"events": events.all()}


# A link as seen from the item it leaves, and from the item it points to: (relation, label).
_SEEN_FROM = {
    "same_as": (("same_as", "Same as"), ("same_as", "Same as")),
    "supersedes": (("supersedes", "Supersedes"), ("superseded_by", "Superseded by")),
    "depends_on": (("depends_on", "Depends on"), ("needed_by", "Needed by")),
    "related": (("related", "Related to"), ("related", "Related to")),
}
_LONG_AGO = datetime.min.replace(tzinfo=UTC)


@bp.route("/tracked-items/<id:item_id>/links", methods=["GET"])
@requires("viewer")
@bp.response(200, ItemLinkList)
@bp.alt_response(404, **_NOT_FOUND)
def item_links(item_id: int) -> dict[str, Any]:
    """Every link to or from the item (same as, supersedes or superseded by, depends on or
    needed by, related) with the other item, who made it and when, and the draft and report
    whose decision made it; and each later report restating the item (a draft linked as the
    same item) with what it changed. Oldest first."""
    session = db_session()
    item = found(TrackedItem, item_id)
    entries: list[dict[str, Any]] = []
    links = session.scalars(select(Link).where(
        or_(Link.from_item_id == item_id, Link.to_item_id == item_id)).order_by(Link.id)
        .options(selectinload(Link.from_item), selectinload(Link.to_item)))
    for link in links:
        outgoing = link.from_item_id == item_id
        relation, label = _SEEN_FROM[link.relation][0 if outgoing else 1]
        entries.append({"relation": relation, "label": label, "link_id": link.id,
                        "item": link.to_item if outgoing else link.from_item,
                        "by": link.created_by, "at": link.created_at,
                        "source": _link_source(link), "changes": None})
    restating = session.scalars(select(Draft).where(
        Draft.tracked_item_id == item_id, Draft.review_state == "linked").order_by(Draft.id))
    for draft in restating:
        decision = last_event(session, Draft.__tablename__, draft.id, ("link_draft",))
        entries.append({"relation": "restated_in", "label": "Restated in", "link_id": None,
                        "item": None, "by": draft.reviewed_by, "at": draft.reviewed_at,
                        "source": quoted_in(draft),
                        "changes": ((decision.after or {}).get("update") or {})
                        if decision is not None else {}})
    entries.sort(key=lambda entry: entry["at"] or _LONG_AGO)
    return {"item_id": item.id, "reference": item.reference, "links": entries}


def _link_source(link: Link) -> dict[str, Any] | None:
    """The draft (with its report) whose decision made the link, or None (an edit of the
    item, or an import, made it)."""
    session = db_session()
    drafts = select(Draft.id).where(Draft.tracked_item_id == link.from_item_id,
                                    Draft.review_state != "pending")
    decisions = session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == Draft.__tablename__, AuditEvent.action == "link_draft",
        AuditEvent.entity_id.in_(drafts)).order_by(AuditEvent.id.desc()))
    for decision in decisions:
        after = decision.after or {}
        if (after.get("relation"), after.get("to_item_id")) == (link.relation, link.to_item_id):
            return quoted_in(session.get(Draft, decision.entity_id))
    return None


@bp.route("/reports/<id:report_id>/audit", methods=["GET"])
@requires("viewer")
@bp.response(200, AuditList)
@bp.alt_response(404, **_NOT_FOUND)
def report_audit(report_id: int) -> dict[str, Any]:
    """The audit trail of the report and its drafts, oldest first."""
    session = db_session()
    found(Report, report_id)
    drafts = select(Draft.id).where(Draft.report_id == report_id)
    events = session.scalars(select(AuditEvent).where(or_(
        (AuditEvent.entity_type == Report.__tablename__) & (AuditEvent.entity_id == report_id),
        (AuditEvent.entity_type == Draft.__tablename__) & AuditEvent.entity_id.in_(drafts)))
        .order_by(AuditEvent.at, AuditEvent.id))
    return {"events": events.all()}

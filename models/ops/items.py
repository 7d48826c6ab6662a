"""Tracked items: their references, links between them, superseding one by another, edits
and progress updates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hmic_actions.vocab import (
    ACTIVITY_LEVELS,
    DELIVERY_CONFIDENCES,
    EVIDENCED_STATUSES,
    ITEM_STATUSES,
    SCOPES,
    STATUS_LABELS,
    UPDATE_SOURCES,
)
from models.ops.audit import actor_name, audit, snapshot
from models.ops.errors import OperationError
from models.ops.rows import as_date, check_version, flush, get_row, one_of
from models.tables import AuditEvent, Link, ProgressUpdate, TrackedItem, utcnow

REFERENCE_PREFIX = "HMI"
# Fields of a tracked item a person may set when confirming a draft into it.
ITEM_FIELDS = ("reference", "scope", "activity_level", "paf_area", "chief_officer_lead",
               "delivery_lead", "delivery_confidence")
# Fields of a tracked item a person may change afterwards (superseding has its own operation).
ITEM_EDITABLE_FIELDS = ("chief_officer_lead", "delivery_lead", "paf_area", "activity_level",
                        "delivery_confidence", "status", "current_deadline", "action_required",
                        "evidence")
UPDATE_MAX_LENGTH = 10_000


def next_reference(session: Session, year: int) -> str:
    """The next free reference of the year. References of items removed by an undone
    decision are never given again: people may have seen or exported them."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    used = list(session.scalars(
        select(TrackedItem.reference).where(TrackedItem.reference.startswith(prefix))))
    removed = session.scalars(select(AuditEvent.before).where(
        AuditEvent.action == "remove_item", AuditEvent.entity_type == TrackedItem.__tablename__))
    used += [str(before.get("reference", "")) for before in removed if isinstance(before, dict)]
    numbers = [int(ref[len(prefix):]) for ref in used
               if ref.startswith(prefix) and ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def item_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise OperationError(f"cannot set {', '.join(unknown)} on a tracked item here "
                             f"(settable: {', '.join(ITEM_FIELDS)})")
    values = dict(fields)
    if "scope" in values:
        one_of(values["scope"], SCOPES, "scope")
    if values.get("delivery_confidence") is not None:
        one_of(values["delivery_confidence"], DELIVERY_CONFIDENCES, "delivery_confidence")
    level = values.get("activity_level")
    if level is not None and (isinstance(level, bool) or level not in ACTIVITY_LEVELS):
        raise OperationError(f"activity_level: {level!r} is not 1, 2, 3 or 4")
    return values


def add_link(session: Session, from_item: TrackedItem, to_item: TrackedItem, relation: str,
              actor: str) -> Link:
    link = Link(from_item_id=from_item.id, to_item_id=to_item.id, relation=relation,
                created_by=actor_name(actor), created_at=utcnow())
    session.add(link)
    flush(session, f"link {from_item.reference} {relation} {to_item.reference}")
    audit(session, actor, "add_link", link, after=snapshot(link))
    return link


def supersede_item(session: Session, old_id: int, new_id: int, actor: str,
                   expected_version: int | None = None) -> TrackedItem:
    """Mark tracked item ``old_id`` superseded by ``new_id`` (it keeps its history).

    The old item's status becomes superseded and it points to the new one; a supersedes
    Link from the new item to the old one is added. ``expected_version`` is the old item's.
    """
    if old_id == new_id:
        raise OperationError(f"tracked item {old_id} cannot supersede itself")
    old = get_row(session, TrackedItem, old_id, "tracked item")
    new = get_row(session, TrackedItem, new_id, "tracked item")
    check_version(old, "tracked item", expected_version)
    if old.status == "superseded":
        by = f" by {old.superseded_by.reference}" if old.superseded_by else ""
        raise OperationError(f"tracked item {old.id} ({old.reference}) is already "
                             f"superseded{by}")
    if new.status == "superseded":
        raise OperationError(f"tracked item {new.id} ({new.reference}) is itself superseded")
    before = snapshot(old)
    old.status = "superseded"
    old.superseded_by_id = new.id
    flush(session, f"tracked item {old.id}")
    audit(session, actor, "supersede_item", old, before=before, after=snapshot(old))
    add_link(session, new, old, "supersedes", actor)
    return old


def _clean_item_edit(field: str, value: Any) -> Any:
    if field == "status":
        return one_of(value, ITEM_STATUSES, field)
    if field == "delivery_confidence":
        return one_of(value, DELIVERY_CONFIDENCES, field, nullable=True)
    if field == "activity_level":
        if value is not None and (isinstance(value, bool) or value not in ACTIVITY_LEVELS):
            raise OperationError(f"activity_level: {value!r} is not 1, 2, 3 or 4")
        return value
    if field == "current_deadline":
        return as_date(value, field)
    if field in ("action_required", "evidence"):
        # Kept as written, line breaks and all; only blank becomes nothing.
        text = None if value is None else str(value).strip()
        return text or None
    text = None if value is None else " ".join(str(value).split())
    return text or None


def edit_item(session: Session, item_id: int, changes: Mapping[str, Any], actor: str,
              expected_version: int | None = None) -> TrackedItem:
    """Change a tracked item's leads, PAF area, activity level, delivery confidence, status,
    current deadline, action required or evidence.

    A superseded item keeps its status here (it is left through its superseding item).
    Completing or closing an item needs its evidence: given with the change, or already on
    the item. No change → nothing written.
    """
    item = get_row(session, TrackedItem, item_id, "tracked item")
    check_version(item, "tracked item", expected_version)
    unknown = sorted(set(changes) - set(ITEM_EDITABLE_FIELDS))
    if unknown:
        raise OperationError(f"tracked item {item.id}: cannot edit {', '.join(unknown)} "
                             f"(editable: {', '.join(ITEM_EDITABLE_FIELDS)})")
    values = {field: _clean_item_edit(field, raw) for field, raw in changes.items()}
    status = values.get("status", item.status)
    if status == "superseded" and item.status != "superseded":
        raise OperationError("status: an item becomes superseded by naming the item that "
                             "supersedes it (supersede_item)")
    if item.status == "superseded" and status != "superseded":
        raise OperationError(f"tracked item {item.id} ({item.reference}) is superseded; "
                             f"its status cannot change")
    evidence = values.get("evidence", item.evidence)
    if status in EVIDENCED_STATUSES and not evidence:
        if status != item.status:
            raise OperationError(
                f"evidence: marking {item.reference} {STATUS_LABELS[status].lower()} needs "
                "the evidence that its action is done")
        if "evidence" in values:
            raise OperationError(f"evidence: {item.reference} is "
                                 f"{STATUS_LABELS[status].lower()}; its evidence cannot be "
                                 "removed")
    before = snapshot(item)
    changed = False
    for field, value in values.items():
        if getattr(item, field) != value:
            setattr(item, field, value)
            changed = True
    if not changed:
        return item
    flush(session, f"tracked item {item.id}")
    audit(session, actor, "edit_item", item, before=before, after=snapshot(item))
    flush(session, f"tracked item {item.id}")
    return item




def add_progress_update(session: Session, item_id: int, text: str, actor: str,
                        at: datetime | None = None, source: str = "page") -> ProgressUpdate:
    """Add a dated, authored progress update to a tracked item (updates are never changed).

    ``at`` is when the update was made (now by default; a date from a tracker keeps its
    day); the author is ``actor``.
    """
    item = get_row(session, TrackedItem, item_id, "tracked item")
    one_of(source, UPDATE_SOURCES, "source")
    text = (text or "").strip()
    if not text:
        raise OperationError("text: a progress update cannot be empty")
    if len(text) > UPDATE_MAX_LENGTH:
        raise OperationError(f"text: a progress update is at most {UPDATE_MAX_LENGTH:,} "
                             "characters")
    if at is not None and at.tzinfo is None:
        raise OperationError("at: a progress update's time needs its time zone")
    now = utcnow()
    if at is not None and at > now:
        raise OperationError("at: a progress update cannot be dated in the future")
    update = ProgressUpdate(tracked_item_id=item.id, at=at or now, author=actor_name(actor),
                            text=text, source=source, created_at=now)
    session.add(update)
    flush(session, f"progress update on {item.reference}")
    session.expire(item, ["updates"])
    audit(session, actor, "add_progress_update", item, after=snapshot(update))
    return update

"""Tracked items: their references, links between them, superseding one by another, edits
and progress updates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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
from matching.paf import load_framework
from models.ops.audit import actor_name, audit, snapshot
from models.ops.errors import OperationError
from models.ops.rows import as_date, check_version, flush, get_row, one_of
from models.tables import (
    AuditEvent,
    Link,
    ProgressUpdate,
    ReferenceCounter,
    TrackedItem,
    utcnow,
)

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
    """The next free reference of the year, taken for good.

    The year's counter row is moved on first (an upsert), which holds it until the caller's
    transaction ends: a second transaction taking a reference of the same year waits for
    the first to commit, then counts on from it (a row lock on PostgreSQL, the database's
    write lock on SQLite). The number is above every reference of the year in use, imported
    ones included, and above those of items removed by an undone decision: people may have
    seen or exported them, so they are never given again.
    """
    prefix = f"{REFERENCE_PREFIX}-{year}"
    counters = ReferenceCounter.__table__
    insert = (postgresql_insert if session.get_bind().dialect.name == "postgresql"
              else sqlite_insert)
    number = session.execute(
        insert(counters).values(prefix=prefix, last_number=1)
        .on_conflict_do_update(index_elements=[counters.c.prefix],
                               set_={"last_number": counters.c.last_number + 1})
        .returning(counters.c.last_number)).scalar_one()
    highest = _highest_used(session, prefix)
    if number <= highest:
        number = highest + 1
        session.execute(update(counters).where(counters.c.prefix == prefix)
                        .values(last_number=number))
    return f"{prefix}-{number:04d}"


def _highest_used(session: Session, prefix: str) -> int:
    """The highest number under ``prefix`` of a tracked item, or of one removed since."""
    start = f"{prefix}-"
    used = list(session.scalars(
        select(TrackedItem.reference).where(TrackedItem.reference.startswith(start))))
    removed = session.scalars(select(AuditEvent.before).where(
        AuditEvent.action == "remove_item", AuditEvent.entity_type == TrackedItem.__tablename__))
    used += [str(before.get("reference", "")) for before in removed if isinstance(before, dict)]
    return max((int(ref[len(start):]) for ref in used
                if ref.startswith(start) and ref[len(start):].isdigit()), default=0)


def paf_areas() -> list[str]:
    """The PEEL Assessment Framework's questions ("1" … "9") and areas ("1a" … "9f"), as
    matching reads them from its data."""
    areas = load_framework().areas
    questions = sorted({str(area.question) for area in areas.values()}, key=int)
    return [*questions, *areas]


def check_paf_area(value: Any, field: str = "paf_area") -> str | None:
    """``value`` as a PAF question or area ("6", "6b"; case and spaces aside), None for
    none; OperationError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    area = "".join(str(value).split()).casefold()
    known = paf_areas()
    if area not in known:
        raise OperationError(f"{field}: {value!r} is not an area of the PEEL Assessment "
                             f"Framework ({known[0]} … {known[-1]}, e.g. 6 or 6b)")
    return area


def item_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise OperationError(f"cannot set {', '.join(unknown)} on a tracked item here "
                             f"(settable: {', '.join(ITEM_FIELDS)})")
    values = dict(fields)
    if "paf_area" in values:
        values["paf_area"] = check_paf_area(values["paf_area"])
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
    if field == "paf_area":
        return check_paf_area(value, field)
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
